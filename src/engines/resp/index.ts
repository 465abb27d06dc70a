/** RESP2/RESP3 protocol: request parsing, reply encoding and reply parsing. Knows nothing about commands. */
export { RequestParser, RequestParserLimits, parseStrictInt, PROTO_INLINE_MAX_SIZE, PROTO_MBULK_BIG_ARG } from './request-parser';
export { parseInlineArgs } from './inline-args';
export { ReplyWriter, DeferredKind, errorLine, integerString } from './reply-writer';
export { ReplyParser, ParsedReply, RespValue, RespType, toPlain, encodeCommand } from './reply-parser';
export { formatDouble17, formatG, exactDecimal, roundSignificant } from './format-double';

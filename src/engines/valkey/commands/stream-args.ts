/**
 * Argument parsing shared by the stream commands, replying redis' errors: stream IDs (strict,
 * `-`/`+`, incomplete, exclusive `(` intervals), XADD/XTRIM trimming options, and the formatted
 * errors that quote keys and group names as C strings.
 */
import { is } from './args';
import { streamLimits } from './stream-keys';
import { CLIENT, Client } from '../server/client';
import { parseStreamId, ParsedId, StreamId, U64, u64 } from '../types/stream/stream-id';
import { TrimSpec } from '../types/stream/stream-value';
import { cString, ERR } from '../util/errors';
import { parseInt64Big } from '../util/numbers';

export const INVALID_ID = 'Invalid stream ID specified as stream command argument';

/** A stream ID argument (redis streamParseIDOrReply / streamParseStrictIDOrReply). */
export function idArg(c: Client, arg: string, missingSeq: U64, strict: boolean): StreamId | undefined {
  const parsed = parseStreamId(arg, missingSeq, strict);
  if (!parsed) {
    c.out.error(INVALID_ID);
    return undefined;
  }
  return parsed.id;
}

/**
 * One end of a range (redis streamParseIntervalIDOrReply + streamIncrID/streamDecrID): `(` makes it
 * exclusive, which moves a start up and an end down by one ID.
 */
export function rangeStartArg(c: Client, arg: string): StreamId | undefined {
  const exclusive = arg.length > 1 && arg.charCodeAt(0) === 40;
  const id = idArg(c, exclusive ? arg.slice(1) : arg, 0, exclusive);
  if (!id || !exclusive) return id;
  const next = id.next();
  if (!next) c.out.error('invalid start ID for the interval');
  return next;
}

export function rangeEndArg(c: Client, arg: string): StreamId | undefined {
  const exclusive = arg.length > 1 && arg.charCodeAt(0) === 40;
  const id = idArg(c, exclusive ? arg.slice(1) : arg, 18446744073709551615n, exclusive);
  if (!id || !exclusive) return id;
  const prev = id.prev();
  if (!prev) c.out.error('invalid end ID for the interval');
  return prev;
}

/** A signed 64-bit integer, exact (redis getLongLongFromObjectOrReply). */
export function longLongArg(c: Client, s: string, error: string = ERR.NOT_INTEGER): U64 | undefined {
  const n = parseInt64Big(s);
  if (n === undefined) {
    c.out.error(error);
    return undefined;
  }
  return u64(n);
}

/** The same as a plain number (counts, times: exactness beyond 2^53 does not matter). */
export function longArg(c: Client, s: string, error: string = ERR.NOT_INTEGER): number | undefined {
  const n = longLongArg(c, s, error);
  return n === undefined ? undefined : Number(n);
}

/** `%s` of a key or group name in an error: cut at its first NUL byte. */
export function quoted(s: string): string {
  return cString(s);
}

/** XADD/XTRIM options (redis streamAddTrimArgs). */
export interface AddTrimArgs {
  /** Position of the ID argument (XADD) or of the end of the options. */
  readonly idPos: number;
  /** XADD: the explicit ID, undefined for `*`. */
  readonly id: ParsedId | undefined;
  readonly noMkStream: boolean;
  readonly trim: TrimSpec | undefined;
  /** Index of the MAXLEN/MINID value, to rewrite it for propagation. */
  readonly trimArgIndex: number;
}

const NO_TRIM_ID = StreamId.MIN;

/** redis streamParseAddOrTrimArgsOrReply; undefined after replying an error. */
export function parseAddOrTrimArgs(c: Client, argv: readonly string[], xadd: boolean): AddTrimArgs | undefined {
  let strategy: 'maxlen' | 'minid' | undefined;
  let approx = false;
  let maxlen = 0;
  let minid = NO_TRIM_ID;
  let limit = 0;
  let limitGiven = false;
  let noMkStream = false;
  let id: ParsedId | undefined;
  let trimArgIndex = 0;
  let i = 2;
  for (; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    const opt = argv[i];
    if (xadd && opt === '*') break;
    const isMaxlen = is(opt, 'maxlen');
    if ((isMaxlen || is(opt, 'minid')) && more > 0) {
      if (strategy) {
        c.out.error('syntax error, MAXLEN and MINID options at the same time are not compatible');
        return undefined;
      }
      // An optional `~` (approximate) or `=` (exact) comes before the threshold.
      const next = argv[i + 1];
      approx = more >= 2 && next === '~';
      if (more >= 2 && (next === '~' || next === '=')) i++;
      if (isMaxlen) {
        const n = longArg(c, argv[i + 1]);
        if (n === undefined) return undefined;
        if (n < 0) {
          c.out.error('The MAXLEN argument must be >= 0.');
          return undefined;
        }
        maxlen = n;
      } else {
        const parsed = idArg(c, argv[i + 1], 0, true);
        if (!parsed) return undefined;
        minid = parsed;
      }
      i++;
      strategy = isMaxlen ? 'maxlen' : 'minid';
      trimArgIndex = i;
    } else if (is(opt, 'limit') && more > 0) {
      const n = longArg(c, argv[i + 1]);
      if (n === undefined) return undefined;
      if (n < 0) {
        c.out.error('The LIMIT argument must be >= 0.');
        return undefined;
      }
      limit = n;
      limitGiven = true;
      i++;
    } else if (xadd && is(opt, 'nomkstream')) {
      noMkStream = true;
    } else if (xadd) {
      const parsed = parseStreamId(opt, 0, true, true);
      if (!parsed) {
        c.out.error(INVALID_ID);
        return undefined;
      }
      id = parsed;
      break;
    } else {
      c.out.error(ERR.SYNTAX);
      return undefined;
    }
  }
  if (limit && !strategy) {
    c.out.error('syntax error, LIMIT cannot be used without specifying a trimming strategy');
    return undefined;
  }
  if (!xadd && !strategy) {
    c.out.error('syntax error, XTRIM must be called with a trimming strategy');
    return undefined;
  }
  if (c.flags & CLIENT.MASTER) {
    // Commands from a primary were rewritten to exact trimming: never cut short.
    limit = 0;
  } else if (limitGiven) {
    if (!approx) {
      c.out.error('syntax error, LIMIT cannot be used without the special ~ option');
      return undefined;
    }
  } else if (approx) {
    // Approximate trimming does at most 100 nodes' worth of work unless told otherwise.
    limit = 100 * streamLimits(c.server).nodeMaxEntries;
    if (limit <= 0) limit = 10000;
    if (limit > 1000000) limit = 1000000;
  } else {
    limit = 0;
  }
  const trim: TrimSpec | undefined = strategy ? { strategy, maxlen, minid, approx, limit } : undefined;
  return { idPos: i, id, noMkStream, trim, trimArgIndex };
}

/**
 * Cuts a Memcached text/meta request stream into requests: the command line, and the data block
 * that follows storage commands (`set`… `cas`, `ms`) when their length field is a number, exactly
 * as the engine will read it, so each request goes whole to one shard. Also names the keys a
 * request routes by.
 */

/** Longest line the serverless proxy accepts for GET/GETS/GAT/GATS (the guide: limited to 16 KB). */
export const GET_LINE_LIMIT = 16 * 1024;
/** memcached closes connections whose line exceeds this without a newline (except multigets). */
export const LINE_LIMIT = 2048;

export type RequestKind =
  | 'get' | 'storage' | 'keyed' | 'meta' | 'meta-noop' | 'flush_all' | 'stats' | 'version' | 'quit' | 'other';

export interface FramedRequest {
  readonly kind: RequestKind;
  /** The command word (`get`, `set`, `mg`…). */
  readonly command: string;
  /** Tokens of the command line, command word first. */
  readonly tokens: readonly string[];
  /** The whole request: line with its terminator, and data block with its CRLF. */
  readonly raw: Buffer;
  /** Byte length of the command line without its terminator. */
  readonly lineLength: number;
  /** Payload of the data block (without its CRLF), 0 when none. */
  readonly dataLength: number;
}

const STORAGE = new Set(['set', 'add', 'replace', 'append', 'prepend', 'cas']);
const RETRIEVAL = new Set(['get', 'gets', 'gat', 'gats', 'bget']);
const KEYED = new Set(['delete', 'incr', 'decr', 'touch']);
const META_KEYED = new Set(['mg', 'ms', 'md', 'ma']);
const INT_MAX = 2147483647;

/** A non-negative length as memcached parses it, or undefined. */
function lengthOf(token: string | undefined): number | undefined {
  if (token === undefined || !/^\d+$/.test(token)) return undefined;
  const n = Number(token);
  return n <= INT_MAX - 2 ? n : undefined;
}

export type FrameResult =
  | { readonly request: FramedRequest; readonly used: number }
  | { readonly incomplete: true; readonly tooLong: boolean; readonly looksLikeGet: boolean };

/** The next request in `buf` from `pos`, or what is missing. */
export function frameRequest(buf: Buffer, pos: number): FrameResult {
  const eol = buf.indexOf(10, pos);
  if (eol < 0) {
    const pending = buf.length - pos;
    const head = buf.toString('latin1', pos, Math.min(buf.length, pos + 8)).trimStart();
    const looksLikeGet = /^(get|gets|gat|gats) /.test(head);
    return { incomplete: true, looksLikeGet, tooLong: pending > (looksLikeGet ? GET_LINE_LIMIT : LINE_LIMIT) };
  }
  let lineEnd = eol;
  if (lineEnd > pos && buf[lineEnd - 1] === 13) lineEnd--;
  const line = buf.toString('latin1', pos, lineEnd);
  const tokens = line.split(' ').filter((t) => t !== '');
  const command = tokens[0] ?? '';
  let kind: RequestKind = 'other';
  let dataLength = 0;
  let end = eol + 1;
  if (STORAGE.has(command) || command === 'ms') {
    const length = lengthOf(command === 'ms' ? tokens[2] : tokens[4]);
    const valid = command === 'ms' ? tokens.length >= 3 : tokens.length >= 5 && tokens.length <= (command === 'cas' ? 7 : 6);
    if (valid && length !== undefined) {
      if (buf.length < end + length + 2) return { incomplete: true, tooLong: false, looksLikeGet: false };
      dataLength = length;
      end += length + 2;
    }
    kind = command === 'ms' ? 'meta' : 'storage';
  } else if (RETRIEVAL.has(command)) {
    kind = 'get';
  } else if (KEYED.has(command)) {
    kind = 'keyed';
  } else if (META_KEYED.has(command)) {
    kind = 'meta';
  } else if (command === 'mn') {
    kind = 'meta-noop';
  } else if (command === 'flush_all' || command === 'stats' || command === 'version' || command === 'quit') {
    kind = command;
  }
  return { request: { kind, command, tokens, raw: buf.subarray(pos, end), lineLength: lineEnd - pos, dataLength }, used: end - pos };
}

/** The key bytes a meta command routes by (base64-decoded with the `b` flag). */
export function metaKey(tokens: readonly string[]): string | undefined {
  const key = tokens[1];
  if (key === undefined) return undefined;
  const flagsFrom = tokens[0] === 'ms' ? 3 : 2;
  const binary = tokens.slice(flagsFrom).some((f) => f === 'b');
  return binary ? Buffer.from(key, 'base64').toString('latin1') : key;
}

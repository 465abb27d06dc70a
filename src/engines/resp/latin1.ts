/**
 * Fast latin1 conversions between buffers and strings. Node's Buffer has had `latin1Slice` and
 * `latin1Write` since its first releases (they back `toString('latin1')` and `write(…, 'latin1')`)
 * but its type definitions do not declare them; calling them directly skips encoding-name lookups
 * on the hot path. The documented methods are the fallback.
 */

interface Latin1Methods {
  latin1Slice?(start: number, end: number): string;
  latin1Write?(s: string, offset: number, length: number): number;
}

const proto = Buffer.prototype as unknown as Latin1Methods;
const hasFast = typeof proto.latin1Slice === 'function' && typeof proto.latin1Write === 'function';

/** The bytes `buf[start, end)` as a string with one character per byte. */
export const latin1Slice: (buf: Buffer, start: number, end: number) => string = hasFast
  ? (buf, start, end) => (buf as unknown as Required<Latin1Methods>).latin1Slice(start, end)
  : (buf, start, end) => buf.toString('latin1', start, end);

/** Writes a one-byte-per-character string into `buf` at `offset`; returns the byte count. */
export const latin1Write: (buf: Buffer, s: string, offset: number) => number = hasFast
  ? (buf, s, offset) => (buf as unknown as Required<Latin1Methods>).latin1Write(s, offset, s.length)
  : (buf, s, offset) => buf.write(s, offset, s.length, 'latin1');

const fromCharCode = String.fromCharCode;

/**
 * `latin1Slice` for request arguments: up to 16 bytes are read in JavaScript (String.fromCharCode
 * with one argument per byte stays in compiled code, about twice as fast as the native slice call
 * that longer arguments still take). Command names, keys and small values are mostly that short.
 */
export function argumentString(b: Buffer, p: number, length: number): string {
  switch (length) {
    case 0: return '';
    case 1: return fromCharCode(b[p]);
    case 2: return fromCharCode(b[p], b[p + 1]);
    case 3: return fromCharCode(b[p], b[p + 1], b[p + 2]);
    case 4: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3]);
    case 5: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4]);
    case 6: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5]);
    case 7: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6]);
    case 8: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7]);
    case 9: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7],
      b[p + 8]);
    case 10: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7],
      b[p + 8], b[p + 9]);
    case 11: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7],
      b[p + 8], b[p + 9], b[p + 10]);
    case 12: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7],
      b[p + 8], b[p + 9], b[p + 10], b[p + 11]);
    case 13: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7],
      b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12]);
    case 14: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7],
      b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13]);
    case 15: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7],
      b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14]);
    case 16: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7],
      b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15]);
    default: return latin1Slice(b, p, p + length);
  }
}

/** Recent command names, by a hash of their length and first and last bytes (see `nameString`). */
const NAME_SLOTS = 64;
const recentNames: string[] = new Array<string>(NAME_SLOTS).fill('');

/**
 * `argumentString` for a command's first argument (its name): a name sent before, by any
 * connection, comes back as the same string object. Checking the bytes against it costs less than
 * making a string, and a string seen before has its hash computed already, so the command table's
 * look-up does not hash a fresh copy of `SET` on every request.
 */
export function nameString(b: Buffer, p: number, length: number): string {
  if (length === 0 || length > 16) return argumentString(b, p, length);
  const slot = (length * 31 + b[p] + b[p + length - 1] * 7) & (NAME_SLOTS - 1);
  const known = recentNames[slot];
  if (known.length === length) {
    let i = 0;
    while (i < length && known.charCodeAt(i) === b[p + i]) i++;
    if (i === length) return known;
  }
  const s = argumentString(b, p, length);
  recentNames[slot] = s;
  return s;
}

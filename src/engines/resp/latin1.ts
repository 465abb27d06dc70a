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

/**
 * Number parsing and formatting on raw bytes, with the exact acceptance rules of memcached's
 * `safe_strtol`/`safe_strtoul`/`safe_strtoull` (C `strtol` family on a 64-bit build): leading
 * white space and a sign are accepted, the number must be followed by white space or the end of
 * the token, out-of-range values fail, and 32-bit results are truncated the way C truncates.
 */

const TWO_32 = 4294967296;
const U64_MAX = (1n << 64n) - 1n;
const I64_MAX = (1n << 63n) - 1n;
const I64_MIN = -(1n << 63n);

/** C `isspace` in the "C" locale. */
export function isSpace(b: number): boolean {
  return b === 32 || (b >= 9 && b <= 13);
}

interface ScannedInteger {
  readonly negative: boolean;
  /** Magnitude as a number when it has at most 15 digits, else as a bigint. */
  readonly small: number;
  readonly big: bigint | undefined;
}

/**
 * Scans `[ws][+|-]digits` from `start` and checks the terminator rule. Returns undefined when no
 * digit was found or the character after the digits is neither white space nor the token end.
 */
function scanInteger(buf: Uint8Array, start: number, end: number): ScannedInteger | undefined {
  let i = start;
  while (i < end && isSpace(buf[i])) i++;
  let negative = false;
  if (i < end && (buf[i] === 43 || buf[i] === 45)) {
    negative = buf[i] === 45;
    i++;
  }
  const digitsStart = i;
  while (i < end && buf[i] >= 48 && buf[i] <= 57) i++;
  if (i === digitsStart) return undefined;
  if (i < end && !isSpace(buf[i])) return undefined;
  const count = i - digitsStart;
  if (count <= 15) {
    let v = 0;
    for (let j = digitsStart; j < i; j++) v = v * 10 + (buf[j] - 48);
    return { negative, small: v, big: undefined };
  }
  let big = 0n;
  for (let j = digitsStart; j < i; j++) big = big * 10n + BigInt(buf[j] - 48);
  return { negative, small: 0, big };
}

/** memcached `safe_strtol`: a C long parsed then truncated to int32. Undefined on failure. */
export function parseInt32(buf: Uint8Array, start: number, end: number): number | undefined {
  const s = scanInteger(buf, start, end);
  if (!s) return undefined;
  if (s.big === undefined) return (s.negative ? -s.small : s.small) | 0; // eslint-disable-line no-bitwise
  const v = s.negative ? -s.big : s.big;
  if (v > I64_MAX || v < I64_MIN) return undefined; // ERANGE
  return Number(BigInt.asIntN(32, v));
}

/** memcached `safe_strtoul`: a C unsigned long (64-bit) parsed then truncated to uint32. */
export function parseUint32(buf: Uint8Array, start: number, end: number): number | undefined {
  const v = parseUint64(buf, start, end);
  if (v === undefined) return undefined;
  if (typeof v === 'number') return v % TWO_32;
  return Number(BigInt.asUintN(32, v));
}

/**
 * memcached `safe_strtoull`: an unsigned 64-bit value. Returned as a number when it is a safe
 * integer, otherwise as a bigint. A minus sign is accepted by strtoull (the value wraps), but
 * memcached rejects it when the wrapped value has the top bit set.
 */
export function parseUint64(buf: Uint8Array, start: number, end: number): number | bigint | undefined {
  const s = scanInteger(buf, start, end);
  if (!s) return undefined;
  if (s.big === undefined) {
    if (!s.negative || s.small === 0) return s.small;
    // -n wraps to 2^64 - n, whose top bit is set for any n < 2^63: rejected.
    return undefined;
  }
  if (s.big > U64_MAX) return undefined; // ERANGE
  const v = s.negative ? (1n << 64n) - s.big : s.big;
  const wrapped = BigInt.asUintN(64, v);
  if (wrapped >= 1n << 63n && s.negative) return undefined;
  return normalizeU64(wrapped);
}

/** Returns a number when the value fits in a safe integer, else the bigint itself. */
export function normalizeU64(v: bigint): number | bigint {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** Adds two unsigned 64-bit values with wrap-around. */
export function addU64(a: number | bigint, b: number | bigint): number | bigint {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (r <= Number.MAX_SAFE_INTEGER) return r;
  }
  return normalizeU64(BigInt.asUintN(64, BigInt(a) + BigInt(b)));
}

/** Subtracts with a floor at zero, as memcached's decr does. */
export function subU64Floor(a: number | bigint, b: number | bigint): number | bigint {
  if (typeof a === 'number' && typeof b === 'number') return b > a ? 0 : a - b;
  const r = BigInt(a) - BigInt(b);
  return r < 0n ? 0 : normalizeU64(r);
}

/** Number of ASCII digits needed for a non-negative integer below 2^53. */
export function digitCount(v: number): number {
  let n = 1;
  while (v >= 10) {
    v = Math.floor(v / 10);
    n++;
  }
  return n;
}

/** Writes a non-negative integer (number or bigint) in decimal at `off`; returns the new offset. */
export function writeDecimal(out: Uint8Array, off: number, v: number | bigint): number {
  if (typeof v === 'bigint') {
    const s = v.toString();
    for (let i = 0; i < s.length; i++) out[off + i] = s.charCodeAt(i);
    return off + s.length;
  }
  if (v < 10) {
    out[off] = 48 + v;
    return off + 1;
  }
  const n = digitCount(v);
  let p = off + n - 1;
  while (v >= 10) {
    const q = Math.floor(v / 10);
    out[p--] = 48 + (v - q * 10);
    v = q;
  }
  out[p] = 48 + v;
  return off + n;
}

/** Writes a signed 32-bit integer in decimal. */
export function writeSigned(out: Uint8Array, off: number, v: number): number {
  if (v < 0) {
    out[off] = 45;
    return writeDecimal(out, off + 1, -v);
  }
  return writeDecimal(out, off, v);
}

/** Parses a decimal string produced by a client or a config value into an unsigned 64-bit value. */
export function u64FromString(s: string): number | bigint | undefined {
  return parseUint64(Buffer.from(s, 'latin1'), 0, s.length);
}

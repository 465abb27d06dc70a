/**
 * The cursor argument of SCAN, HSCAN, SSCAN and ZSCAN. The cursors themselves are KeyDict bucket
 * cursors (`KeyDict.scan`), in redis' reverse-binary order.
 */

/**
 * Parses a cursor as redis does (strtoul): digits with an optional sign; undefined when invalid.
 * Only the bits below the table's size pick a bucket (dictScan sets every bit above them before it
 * steps to the next cursor), so the value is kept modulo 2^32, exactly: a cursor past 2^53 such as
 * 18446744073709551615 would lose its low bits as a double.
 */
export function parseCursor(s: string): number | undefined {
  if (s.length > 0 && /\s/.test(s[0])) return undefined;
  const m = /^([+-]?)(\d*)$/.exec(s);
  if (!m || (m[1] !== '' && m[2] === '')) return undefined;
  if (m[2] === '') return 0;
  return wrappedCursor(m[1], m[2]);
}

/** Largest signed 64-bit value (string2ll's range). */
const LLONG_MAX = 9223372036854775807n;

/**
 * Parses a cursor as Valkey 8 does (string2ull): a strict decimal integer that must not be
 * negative, else what strtoull accepts of the whole string (leading blanks, a sign, digits beyond
 * the signed range, a negated value wrapping round). Kept modulo 2^32 as parseCursor keeps it.
 */
export function parseCursorValkey8(s: string): number | undefined {
  if (/^(0|-?[1-9]\d*)$/.test(s)) {
    const v = BigInt(s);
    if (v >= -LLONG_MAX - 1n && v <= LLONG_MAX) return v < 0n ? undefined : Number(v & 0xffffffffn);
  }
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)$/.exec(s);
  if (!m) return undefined;
  return wrappedCursor(m[1], m[2]);
}

/** Which parser a server's SCANs use. */
export function cursorParserFor(valkey8: boolean): (s: string) => number | undefined {
  return valkey8 ? parseCursorValkey8 : parseCursor;
}

/**
 * strtoull's value of a sign and digits: undefined past 2^64 − 1 (ERANGE), a negated value wrapped
 * round 2^64; kept modulo 2^32 (see parseCursor).
 */
function wrappedCursor(sign: string, digits: string): number | undefined {
  const v = BigInt(digits);
  if (v > 18446744073709551615n) return undefined;
  const unsigned = sign === '-' && v !== 0n ? 18446744073709551616n - v : v;
  return Number(unsigned & 0xffffffffn);
}

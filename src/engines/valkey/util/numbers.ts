/**
 * Number parsing with the exact acceptance rules of redis' helpers (`string2ll`, `strtod` checks in
 * getDoubleFromObject, `strtold` for INCRBYFLOAT), on latin1 strings.
 */

export const LLONG_MAX = 9223372036854775807n;
export const LLONG_MIN = -9223372036854775808n;

/**
 * `string2ll`: optional leading `-`, digits, no leading zeros (except "0"), no spaces or `+`,
 * within the signed 64-bit range. Returns a bigint, or undefined when invalid.
 */
export function parseInt64Big(s: string): bigint | undefined {
  const len = s.length;
  if (len === 0 || len > 20) return undefined;
  let i = 0;
  if (s.charCodeAt(0) === 45) {
    if (len === 1) return undefined;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first === 48) return len === 1 ? 0n : undefined;
  if (first < 49 || first > 57) return undefined;
  for (let j = i + 1; j < len; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) return undefined;
  }
  const v = BigInt(s);
  if (v > LLONG_MAX || v < LLONG_MIN) return undefined;
  return v;
}

/**
 * `string2ll` returning a JavaScript number. Values beyond ±2^53 are rounded to the nearest double,
 * which is fine for counts, indexes and offsets; use parseInt64Big where exactness matters.
 */
export function parseInt64(s: string): number | undefined {
  const len = s.length;
  if (len === 0) return undefined;
  if (len < 16) {
    let i = 0;
    let neg = false;
    if (s.charCodeAt(0) === 45) {
      if (len === 1) return undefined;
      neg = true;
      i = 1;
    }
    const first = s.charCodeAt(i);
    if (first === 48) return len === 1 ? 0 : undefined;
    if (first < 49 || first > 57) return undefined;
    let n = first - 48;
    for (let j = i + 1; j < len; j++) {
      const c = s.charCodeAt(j);
      if (c < 48 || c > 57) return undefined;
      n = n * 10 + (c - 48);
    }
    return neg ? -n : n;
  }
  const big = parseInt64Big(s);
  return big === undefined ? undefined : Number(big);
}

const SAFE_MAX_BIG = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A 64-bit integer in the canonical exact form: a number while it is a safe integer, a bigint
 * beyond. `===` is then exact equality, and `<`/`>` compare exactly across the two forms.
 */
export function exactInteger(v: bigint): number | bigint {
  return v <= SAFE_MAX_BIG && v >= -SAFE_MAX_BIG ? Number(v) : v;
}

/** The decimal form redis uses for an integer (no exponent, no `+`). */
export function int64String(n: number | bigint): string {
  if (typeof n === 'bigint') return n.toString();
  return Number.isSafeInteger(n) ? '' + n : BigInt(n).toString();
}

function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

const DECIMAL_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
const INFINITY = /^([+-]?)(?:inf|infinity)$/i;
const NAN = /^[+-]?nan(?:\([0-9a-zA-Z_]*\))?$/i;

/** Parses a C99 hexadecimal float (`0x1.8p3`); undefined when the text is not one. */
function parseHexFloat(s: string): number | undefined {
  const m = HEX_FLOAT.exec(s);
  if (!m) return undefined;
  const intDigits = m[2];
  const fracDigits = m[3] ?? '';
  if (intDigits.length === 0 && fracDigits.length === 0) return undefined;
  let mantissa = 0n;
  for (const d of intDigits + fracDigits) mantissa = mantissa * 16n + BigInt(parseInt(d, 16));
  const exp = Number(m[4] ?? '0') - 4 * fracDigits.length;
  let value: number;
  if (mantissa === 0n) value = 0;
  else value = Number(mantissa) * Math.pow(2, exp);
  return m[1] === '-' ? -value : value;
}

/** Result of strtod-like parsing: the value, and whether it overflowed or underflowed to zero. */
export interface StrtodResult {
  readonly value: number;
  readonly rangeError: boolean;
}

/**
 * `strtod` over the whole string (no trailing garbage). Accepts decimal and hexadecimal floats,
 * `inf`/`infinity` and `nan` in any case, with an optional sign. Undefined when not a number.
 */
export function strtodFull(s: string): StrtodResult | undefined {
  if (DECIMAL_FLOAT.test(s)) {
    const value = Number(s);
    if (!Number.isFinite(value)) return { value, rangeError: true };
    if (value === 0 && /[1-9]/.test(s.replace(/[eE].*$/, ''))) return { value, rangeError: true };
    return { value, rangeError: false };
  }
  const inf = INFINITY.exec(s);
  if (inf) return { value: inf[1] === '-' ? -Infinity : Infinity, rangeError: false };
  if (NAN.test(s)) return { value: NaN, rangeError: false };
  const hex = parseHexFloat(s);
  if (hex !== undefined) return { value: hex, rangeError: !Number.isFinite(hex) };
  return undefined;
}

/**
 * A signed integer of up to 15 digits (exact as a double, as strtod reads it), the most common
 * score, read without the regular expression and `Number()` of the general path; undefined for
 * anything else.
 */
function shortInteger(s: string): number | undefined {
  const n = s.length;
  const first = s.charCodeAt(0);
  const signed = first === 45 || first === 43;
  let i = signed ? 1 : 0;
  if (i === n || n - i > 15) return undefined;
  let v = 0;
  for (; i < n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    v = v * 10 + d;
  }
  return first === 45 ? -v : v;
}

/**
 * redis' getDoubleFromObject acceptance: the whole string is a strtod number, it does not start
 * with a space, did not overflow or underflow to zero, and is not NaN. Infinities are accepted.
 */
export function parseDouble(s: string): number | undefined {
  if (s.length === 0 || isCSpace(s.charCodeAt(0))) return undefined;
  const integer = shortInteger(s);
  if (integer !== undefined) return integer;
  const r = strtodFull(s);
  if (r === undefined || r.rangeError || Number.isNaN(r.value)) return undefined;
  return r.value;
}

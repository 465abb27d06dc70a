/**
 * x86 80-bit `long double` arithmetic for INCRBYFLOAT and HINCRBYFLOAT, which redis computes with
 * strtold, `+` and printf("%.17Lf"). JavaScript doubles would print 10.5 + 0.1 as
 * 10.59999999999999964 where redis prints 10.6, so values are kept exactly as a 64-bit mantissa
 * and a binary exponent in BigInts, with round-half-even like the FPU.
 */

const MANT_BITS = 64;
/** Exponent range of the 80-bit format for value = mantissa * 2^exp with a 64-bit mantissa. */
const MIN_NORMAL_EXP = -16382 - 63;
const MAX_EXP = 16383 - 63;
const MAX_CHARS = 5 * 1024;

export interface LongDouble {
  /** 'finite', or an infinity/NaN. */
  readonly kind: 'finite' | 'inf' | 'nan';
  readonly negative: boolean;
  /** Magnitude = mantissa * 2^exp (mantissa < 2^64; zero when the value is zero). */
  readonly mantissa: bigint;
  readonly exp: number;
}

const ZERO: LongDouble = { kind: 'finite', negative: false, mantissa: 0n, exp: 0 };

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** Rounds num/den (positive) to a 64-bit mantissa with exponent, half to even; subnormals and overflow handled. */
function roundRational(negative: boolean, num: bigint, den: bigint): LongDouble {
  if (num === 0n) return { ...ZERO, negative };
  // Choose exp so that num / den / 2^exp has 64 integer bits.
  let exp = bitLength(num) - bitLength(den) - MANT_BITS;
  const scaled = (e: number): [bigint, bigint] => (e >= 0 ? [num, den << BigInt(e)] : [num << BigInt(-e), den]);
  let [n, d] = scaled(exp);
  if (n / d >= 1n << 64n) {
    exp++;
    [n, d] = scaled(exp);
  } else if (n / d < 1n << 63n) {
    exp--;
    [n, d] = scaled(exp);
  }
  if (exp < MIN_NORMAL_EXP) {
    exp = MIN_NORMAL_EXP;
    [n, d] = scaled(exp);
  }
  let q = n / d;
  const r = n % d;
  if (2n * r > d || (2n * r === d && (q & 1n) === 1n)) q++;
  if (q === 1n << 64n) {
    q >>= 1n;
    exp++;
  }
  if (exp > MAX_EXP) return { kind: 'inf', negative, mantissa: 0n, exp: 0 };
  return { kind: 'finite', negative, mantissa: q, exp };
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;

/** strtold over the whole string; undefined when it is not a number. Also reports range errors. */
export function strtold(s: string): { value: LongDouble; rangeError: boolean } | undefined {
  const inf = /^([+-]?)(inf|infinity)$/i.exec(s);
  if (inf) return { value: { kind: 'inf', negative: inf[1] === '-', mantissa: 0n, exp: 0 }, rangeError: false };
  if (/^[+-]?nan(\([0-9a-zA-Z_]*\))?$/i.test(s)) return { value: { kind: 'nan', negative: false, mantissa: 0n, exp: 0 }, rangeError: false };
  let negative: boolean;
  let num: bigint;
  let den = 1n;
  const hex = HEX.exec(s);
  const dec = hex ? null : DECIMAL.exec(s);
  if (hex) {
    const digits = hex[2] + (hex[3] ?? '');
    if (digits.length === 0) return undefined;
    negative = hex[1] === '-';
    num = BigInt('0x' + digits);
    let e = Number(hex[4] ?? '0') - 4 * (hex[3] ?? '').length;
    if (e > 20000) e = 20000;
    if (e < -20000) e = -20000;
    if (e >= 0) num <<= BigInt(e);
    else den = 1n << BigInt(-e);
  } else if (dec) {
    const digits = dec[2] + (dec[3] ?? '');
    if (digits.length === 0) return undefined;
    negative = dec[1] === '-';
    num = BigInt(digits);
    let e = Number(dec[4] ?? '0') - (dec[3] ?? '').length;
    // Beyond these the value is certainly out of range; clamp to keep BigInts small.
    if (e > 6000) e = 6000;
    if (e < -6000) e = -6000;
    if (e >= 0) num *= 10n ** BigInt(e);
    else den = 10n ** BigInt(-e);
  } else {
    return undefined;
  }
  const value = roundRational(negative, num, den);
  const rangeError = value.kind === 'inf' || (num !== 0n && value.mantissa === 0n);
  return { value, rangeError };
}

/** redis string2ld: the whole string, no leading space, no overflow/underflow to zero, not NaN. */
export function parseLongDouble(s: string): LongDouble | undefined {
  if (s.length === 0 || s.length >= MAX_CHARS) return undefined;
  if (/^\s/.test(s)) return undefined;
  const r = strtold(s);
  if (!r) return undefined;
  if (r.value.kind === 'nan') return undefined;
  if (r.rangeError && (r.value.kind === 'inf' || r.value.mantissa === 0n)) return undefined;
  return r.value;
}

/** Exact sum rounded to the 80-bit format. */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble {
  if (a.kind === 'nan' || b.kind === 'nan') return { kind: 'nan', negative: false, mantissa: 0n, exp: 0 };
  if (a.kind === 'inf' || b.kind === 'inf') {
    if (a.kind === 'inf' && b.kind === 'inf' && a.negative !== b.negative) return { kind: 'nan', negative: false, mantissa: 0n, exp: 0 };
    return a.kind === 'inf' ? a : b;
  }
  const e = Math.min(a.exp, b.exp);
  const av = (a.negative ? -a.mantissa : a.mantissa) << BigInt(a.exp - e);
  const bv = (b.negative ? -b.mantissa : b.mantissa) << BigInt(b.exp - e);
  const sum = av + bv;
  if (sum === 0n) return ZERO;
  const negative = sum < 0n;
  const mag = negative ? -sum : sum;
  return e >= 0 ? roundRational(negative, mag << BigInt(e), 1n) : roundRational(negative, mag, 1n << BigInt(-e));
}

export function isFiniteLongDouble(v: LongDouble): boolean {
  return v.kind === 'finite';
}

/**
 * redis ld2string(LD_STR_HUMAN): printf("%.17Lf") with trailing zeros (and a trailing dot)
 * removed and "-0" turned into "0". Returns '' when the text would not fit redis' buffer.
 */
export function formatLongDoubleHuman(v: LongDouble): string {
  if (v.kind === 'inf') return v.negative ? '-inf' : 'inf';
  if (v.kind === 'nan') return 'nan';
  // Exact value * 10^17, rounded half to even.
  let q: bigint;
  if (v.exp >= 0) {
    q = (v.mantissa << BigInt(v.exp)) * 10n ** 17n;
  } else {
    const den = 1n << BigInt(-v.exp);
    const n = v.mantissa * 10n ** 17n;
    q = n / den;
    const r = n % den;
    if (2n * r > den || (2n * r === den && (q & 1n) === 1n)) q++;
  }
  let digits = q.toString().padStart(18, '0');
  let text = digits.slice(0, -17) + '.' + digits.slice(-17);
  if (v.negative) text = '-' + text;
  if (text.length + 1 > MAX_CHARS) return '';
  text = text.replace(/0+$/, '').replace(/\.$/, '');
  if (text === '-0') text = '0';
  digits = text;
  return digits;
}

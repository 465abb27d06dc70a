/**
 * Doubles as Redis/Valkey 7.2 print them: `d2string` (util.c) — `nan`, `inf`, `-0`, integers
 * up to 2^62 as integers, everything else through `fpconv_dtoa`, a Grisu2 conversion. Grisu2 is
 * not always the shortest round-trip form (JavaScript's `String(d)`), so the algorithm is
 * followed step by step here, with its 64-bit arithmetic (wrapping included) done on BigInt.
 * redis 7.0 printed the same values with `%.17g` (resp/format-double.ts).
 */
import { binaryParts, nanIsNegative } from '../../resp/format-double';

const M64 = (1n << 64n) - 1n;
const HIDDEN = 1n << 52n;

/** A 64-bit significand and a binary exponent (fpconv's Fp). */
interface Fp {
  frac: bigint;
  exp: number;
}

const FIRST_POWER = -348;
const STEP_POWERS = 8;
const N_POWERS = 87;
const EXP_MIN = -60;
const EXP_MAX = -32;

/** 10^k as a normalized 64-bit significand rounded to nearest (fpconv's powers_ten table). */
function cachedPower(k: number): Fp {
  if (k >= 0) {
    const n = 10n ** BigInt(k);
    const bits = n.toString(2).length;
    if (bits <= 64) return { frac: n << BigInt(64 - bits), exp: bits - 64 };
    const shift = BigInt(bits - 64);
    let frac = (n + (1n << (shift - 1n))) >> shift;
    let exp = bits - 64;
    if (frac > M64) {
      frac >>= 1n;
      exp++;
    }
    return { frac, exp };
  }
  const d = 10n ** BigInt(-k);
  const s = d.toString(2).length + 63;
  let frac = ((1n << BigInt(s)) + d / 2n) / d;
  let exp = -s;
  if (frac > M64) {
    frac >>= 1n;
    exp++;
  }
  return { frac, exp };
}

const POWERS: readonly Fp[] = Array.from({ length: N_POWERS }, (_, i) => cachedPower(FIRST_POWER + i * STEP_POWERS));

/** 10^19 … 10^0 (fpconv's tens). */
const TENS: readonly bigint[] = Array.from({ length: 20 }, (_, i) => 10n ** BigInt(19 - i));

function findCachedPow10(exp: number): { power: Fp; k: number } {
  const approx = Math.trunc(-(exp + N_POWERS) * 0.30102999566398114);
  let idx = Math.trunc((approx - FIRST_POWER) / STEP_POWERS);
  for (;;) {
    const current = exp + POWERS[idx].exp + 64;
    if (current < EXP_MIN) idx++;
    else if (current > EXP_MAX) idx--;
    else return { power: POWERS[idx], k: FIRST_POWER + idx * STEP_POWERS };
  }
}

/** fpconv's multiply: the high 64 bits of the product, rounded half up. */
function multiply(a: Fp, b: Fp): Fp {
  return { frac: (a.frac * b.frac + (1n << 63n)) >> 64n, exp: a.exp + b.exp + 64 };
}

function roundDigit(digits: number[], delta: bigint, rem: bigint, kappa: bigint, frac: bigint): void {
  const n = digits.length;
  while (rem < frac && ((delta - rem) & M64) >= kappa
    && (((rem + kappa) & M64) < frac || ((frac - rem) & M64) > ((rem + kappa - frac) & M64))) {
    digits[n - 1]--;
    rem = (rem + kappa) & M64;
  }
}

/** Grisu2's digit generation: the digits, and K updated so that value = digits × 10^K. */
function generateDigits(w: Fp, upper: Fp, lower: Fp, K: number): { digits: number[]; K: number } {
  const wfrac = (upper.frac - w.frac) & M64;
  let delta = (upper.frac - lower.frac) & M64;
  const shift = BigInt(-upper.exp);
  const oneFrac = 1n << shift;
  let part1 = upper.frac >> shift;
  let part2 = upper.frac & (oneFrac - 1n);
  const digits: number[] = [];
  let kappa = 10;
  for (let i = 10; kappa > 0; i++) {
    const div = TENS[i];
    const digit = part1 / div;
    if (digit !== 0n || digits.length > 0) digits.push(Number(digit));
    part1 -= digit * div;
    kappa--;
    const tmp = ((part1 << shift) + part2) & M64;
    if (tmp <= delta) {
      roundDigit(digits, delta, tmp, (div << shift) & M64, wfrac);
      return { digits, K: K + kappa };
    }
  }
  for (let unit = 18; ; unit--) {
    part2 = (part2 * 10n) & M64;
    delta = (delta * 10n) & M64;
    kappa--;
    const digit = part2 >> shift;
    if (digit !== 0n || digits.length > 0) digits.push(Number(digit));
    part2 &= oneFrac - 1n;
    if (part2 < delta) {
      roundDigit(digits, delta, part2, oneFrac, (wfrac * TENS[unit]) & M64);
      return { digits, K: K + kappa };
    }
  }
}

function grisu2(d: number): { digits: number[]; K: number } {
  const { mantissa, exp2 } = binaryParts(d);
  const w: Fp = { frac: mantissa, exp: exp2 };
  // Boundaries (get_normalized_boundaries), from the unnormalized value.
  const upper: Fp = { frac: (w.frac << 1n) + 1n, exp: w.exp - 1 };
  while ((upper.frac & (HIDDEN << 1n)) === 0n) {
    upper.frac <<= 1n;
    upper.exp--;
  }
  upper.frac <<= 10n;
  upper.exp -= 10;
  const lShift = w.frac === HIDDEN ? 2 : 1;
  const lower: Fp = { frac: (w.frac << BigInt(lShift)) - 1n, exp: w.exp - lShift };
  lower.frac = (lower.frac << BigInt(lower.exp - upper.exp)) & M64;
  lower.exp = upper.exp;
  // normalize(w)
  while ((w.frac & HIDDEN) === 0n) {
    w.frac <<= 1n;
    w.exp--;
  }
  w.frac <<= 11n;
  w.exp -= 11;
  const { power, k } = findCachedPow10(upper.exp);
  const sw = multiply(w, power);
  const su = multiply(upper, power);
  const sl = multiply(lower, power);
  sl.frac = (sl.frac + 1n) & M64;
  su.frac = (su.frac - 1n) & M64;
  return generateDigits(sw, su, sl, -k);
}

/** fpconv's emit_digits: plain integer, plain decimal or scientific notation. */
function emitDigits(digits: number[], K: number, negative: boolean): string {
  let ndigits = digits.length;
  const text = digits.join('');
  let exp = Math.abs(K + ndigits - 1);
  if (K >= 0 && exp < ndigits + 7) return text + '0'.repeat(K);
  if (K < 0 && (K > -7 || exp < 4)) {
    const offset = ndigits - Math.abs(K);
    if (offset <= 0) return '0.' + '0'.repeat(-offset) + text;
    return text.slice(0, offset) + '.' + text.slice(offset);
  }
  ndigits = Math.min(ndigits, 18 - (negative ? 1 : 0));
  let s = text[0];
  if (ndigits > 1) s += '.' + text.slice(1, ndigits);
  s += 'e' + (K + ndigits - 1 < 0 ? '-' : '+');
  // Hundreds, then tens (a zero only after hundreds), then units: 1e+5, 1e+21, 1e+300, 1e+105.
  let cent = 0;
  if (exp > 99) {
    cent = Math.trunc(exp / 100);
    s += cent;
    exp -= cent * 100;
  }
  if (exp > 9) {
    const dec = Math.trunc(exp / 10);
    s += dec;
    exp -= dec * 10;
  } else if (cent) {
    s += '0';
  }
  return s + (exp % 10);
}

/**
 * Recent conversions: the BigInt steps cost microseconds, and the same scores are read again and
 * again (ZRANGE … WITHSCORES). Cleared when full.
 */
const RECENT = new Map<number, string>();
const RECENT_MAX = 4096;

/**
 * fpconv_dtoa (redis deps/fpconv): Grisu2 digits in fpconv's notation. The sign comes from the
 * sign bit, so a NaN may print as `-nan` (Lua's 0/0 has it set on x86).
 */
export function fpconvDtoa(d: number): string {
  if (Number.isNaN(d)) return nanIsNegative(d) ? '-nan' : 'nan';
  const negative = d < 0 || Object.is(d, -0);
  const sign = negative ? '-' : '';
  if (d === 0) return sign + '0';
  if (!Number.isFinite(d)) return sign + 'inf';
  let text = RECENT.get(d);
  if (text === undefined) {
    const { digits, K } = grisu2(Math.abs(d));
    text = sign + emitDigits(digits, K, negative);
    if (RECENT.size >= RECENT_MAX) RECENT.clear();
    RECENT.set(d, text);
  }
  return text;
}

/** (double)(LLONG_MAX/2): double2ll's range. */
const LL_HALF = 4611686018427387904;

/** double2ll + ll2string: an integral double within ±2^62 as an integer, else undefined. */
function integerText(d: number): string | undefined {
  if (!Number.isInteger(d) || d < -LL_HALF || d > LL_HALF) return undefined;
  return Math.abs(d) <= Number.MAX_SAFE_INTEGER ? String(d + 0) : BigInt(d).toString();
}

/** d2string of Redis/Valkey 7.2 (addReplyDouble's text in RESP2 and RESP3, ZSCAN scores). */
export function formatDouble72(d: number): string {
  if (Number.isNaN(d)) return 'nan';
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  return integerText(d) ?? fpconvDtoa(d);
}

/** A Lua number passed to redis.call in 7.2 (double2ll, else fpconv_dtoa; -0 becomes 0). */
export function formatLuaNumber72(d: number): string {
  return integerText(d) ?? fpconvDtoa(d);
}

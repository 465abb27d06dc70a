/**
 * sin, cos and asin rounded to the nearest double, for the geo distances redis stores with
 * STOREDIST (scores keep all 17 significant digits). redis calls glibc's functions, whose results
 * are the correctly rounded ones for all but about one argument in a thousand; V8's Math.sin,
 * Math.cos and Math.asin miss the correctly rounded result for about one argument in twenty, which
 * made one stored distance in eight differ from redis-server's in its last bit. These follow the
 * exact value to about 2^-100 in double-double arithmetic (a value split into a high and a low
 * double), then round once. They cost about a microsecond each: only stored distances use them.
 */

/** Veltkamp's splitter for 53-bit doubles: 2^27 + 1. */
const SPLIT = 134217729;

/** A double-double: hi + lo with |lo| ≤ half an ulp of hi. */
type DD = [number, number];

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const v = s - a;
  return [s, (a - (s - v)) + (b - v)];
}

/** The exact product a·b as a double-double (Dekker). */
function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return [p, ((ah * bh - p) + ah * bl + al * bh) + al * bl];
}

function add(a: DD, b: DD): DD {
  const [s, e] = twoSum(a[0], b[0]);
  const err = e + a[1] + b[1];
  const hi = s + err;
  return [hi, err - (hi - s)];
}

function mul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a[0], b[0]);
  const err = e + a[0] * b[1] + a[1] * b[0];
  const hi = p + err;
  return [hi, err - (hi - p)];
}

const neg = (a: DD): DD => [-a[0], -a[1]];

/** n/d (bigints) as a double-double, computed exactly before each rounding. */
function rational(n: bigint, d: bigint): DD {
  const negative = (n < 0n) !== (d < 0n);
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const SCALE = 300n;
  const hi = Number((an << SCALE) / ad) * 2 ** -300;
  // hi = m · 2^e exactly, with m an integer.
  let m = hi;
  let e = 0;
  while (!Number.isInteger(m)) {
    m *= 2;
    e--;
  }
  const mb = BigInt(m);
  // an/ad − hi = (an − mb·2^e·ad)/ad, exactly.
  const remN = e >= 0 ? an - mb * (1n << BigInt(e)) * ad : (an << BigInt(-e)) - mb * ad;
  const remD = e >= 0 ? ad : ad << BigInt(-e);
  const mag = Number(((remN < 0n ? -remN : remN) << SCALE) / remD) * 2 ** -300;
  const lo = remN < 0n ? -mag : mag;
  return negative ? [-hi, -lo] : [hi, lo];
}

/** Taylor coefficients (-1)^k/(2k+1)! and (-1)^k/(2k)!, enough for |r| ≤ π/4 to 2^-110. */
const SIN_COEFFS: DD[] = [];
const COS_COEFFS: DD[] = [];
{
  let factorial = 1n;
  for (let n = 0; n < 30; n++) {
    if (n > 0) factorial *= BigInt(n);
    const sign = (Math.floor(n / 2) % 2 === 0) ? 1n : -1n;
    (n % 2 === 1 ? SIN_COEFFS : COS_COEFFS).push(rational(sign, factorial));
  }
}

/** π/2 in three doubles (about 160 bits). */
const PIO2_1 = 1.5707963267948966;
const PIO2_2 = 6.123233995736766e-17;
const PIO2_3 = -1.4973849048591698e-33;

/** x − k·π/2 with |result| ≤ π/4 (exact enough for the |x| < 2^20 of geo arguments), and k mod 4. */
function reduce(x: number): [DD, number] {
  const k = Math.round(x / PIO2_1);
  let r = add([x, 0], neg(twoProd(k, PIO2_1)));
  r = add(r, neg(twoProd(k, PIO2_2)));
  r = add(r, [-k * PIO2_3, 0]);
  return [r, ((k % 4) + 4) % 4];
}

/** Σ c_i·r^(2i), times r for the odd series. */
function series(coeffs: readonly DD[], r: DD, odd: boolean): DD {
  const r2 = mul(r, r);
  let p = coeffs[coeffs.length - 1];
  for (let i = coeffs.length - 2; i >= 0; i--) p = add(mul(p, r2), coeffs[i]);
  return odd ? mul(p, r) : p;
}

function sinDD(x: number): DD {
  const [r, quadrant] = reduce(x);
  switch (quadrant) {
    case 0: return series(SIN_COEFFS, r, true);
    case 1: return series(COS_COEFFS, r, false);
    case 2: return neg(series(SIN_COEFFS, r, true));
    default: return neg(series(COS_COEFFS, r, false));
  }
}

function cosDD(x: number): DD {
  const [r, quadrant] = reduce(x);
  switch (quadrant) {
    case 0: return series(COS_COEFFS, r, false);
    case 1: return neg(series(SIN_COEFFS, r, true));
    case 2: return neg(series(COS_COEFFS, r, false));
    default: return series(SIN_COEFFS, r, true);
  }
}

/** Correctly rounded sin(x) for finite |x| < 2^20 (Math.sin otherwise). */
export function roundedSin(x: number): number {
  if (!(Math.abs(x) < 1048576)) return Math.sin(x);
  const s = sinDD(x);
  return s[0] + s[1];
}

/** Correctly rounded cos(x) for finite |x| < 2^20 (Math.cos otherwise). */
export function roundedCos(x: number): number {
  if (!(Math.abs(x) < 1048576)) return Math.cos(x);
  const c = cosDD(x);
  return c[0] + c[1];
}

/**
 * asin(w) for a double-double 0 ≤ w ≤ 0.71: two Newton steps z ← z + (w − sin z)/cos z from
 * Math.asin (each step squares the relative error: 2^-52 → 2^-104).
 */
function asinDD(w: DD): DD {
  let z = Math.asin(w[0] + w[1]);
  let result: DD = [z, 0];
  for (let step = 0; step < 2; step++) {
    const diff = add(w, neg(sinDD(z)));
    result = twoSum(z, (diff[0] + diff[1]) / Math.cos(z));
    z = result[0];
  }
  return result;
}

/** Correctly rounded asin(y) for −1 ≤ y ≤ 1 (NaN outside). */
export function roundedAsin(y: number): number {
  if (!(Math.abs(y) <= 1)) return NaN;
  const a = Math.abs(y);
  let r: DD;
  if (a <= 0.5) {
    r = asinDD([a, 0]);
  } else {
    // Near 1 asin is steep: asin(a) = π/2 − 2·asin(√((1 − a)/2)), where 1 − a and the halving are exact.
    const t = (1 - a) / 2;
    const s = Math.sqrt(t);
    const sq = twoProd(s, s);
    const root: DD = s === 0 ? [0, 0] : twoSum(s, ((t - sq[0]) - sq[1]) / (2 * s));
    const q = asinDD(root);
    r = add([PIO2_1, PIO2_2], [-2 * q[0], -2 * q[1]]);
  }
  const v = r[0] + r[1];
  return y < 0 ? -v : v;
}

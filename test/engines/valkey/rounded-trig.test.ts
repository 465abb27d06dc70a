/**
 * The rounded sin, cos and asin used for stored geo distances return the double nearest to the
 * exact value. The reference sums the Taylor series in 400-bit fixed point from the exact binary
 * value of the argument, then picks the nearest of the candidate doubles exactly.
 */
import { prng } from './support/prng';
import { roundedAsin, roundedCos, roundedSin } from '../../../src/engines/valkey/util/rounded-trig';

const BITS = 400n;
const ONE = 1n << BITS;

/** The exact value of a double in fixed point. */
function fixed(x: number): bigint {
  let m = x;
  let e = 0n;
  while (!Number.isInteger(m)) {
    m *= 2;
    e++;
  }
  return (BigInt(m) << BITS) >> e;
}

/** Σ (-1)^k x^(2k+first) / (2k+first)! in fixed point: sin for `first` 1, cos for `first` 0. */
function series(x: bigint, first: 0 | 1): bigint {
  const x2 = (x * x) >> BITS;
  let term = first === 1 ? x : ONE;
  let sum = term;
  for (let n = BigInt(first); term !== 0n; n += 2n) {
    term = -((term * x2) >> BITS) / ((n + 1n) * (n + 2n));
    sum += term;
  }
  return sum;
}

const sinFixed = (x: bigint) => series(x, 1);
const cosFixed = (x: bigint) => series(x, 0);

const view = new DataView(new ArrayBuffer(8));
/** The double next to x away from zero (up) or towards it (down). */
function neighbour(x: number, up: boolean): number {
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  view.setBigUint64(0, up ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}

/** True when no double next to `got` lies nearer to the exact value. */
function isNearest(got: number, exact: bigint): boolean {
  const distance = (d: number) => {
    const diff = fixed(d) - exact;
    return diff < 0n ? -diff : diff;
  };
  const own = distance(got);
  return [neighbour(got, true), neighbour(got, false)].every((d) => distance(d) >= own);
}

test('sin and cos are correctly rounded over the arguments geo distances use', () => {
  const rand = prng(2024);
  for (let i = 0; i < 300; i++) {
    // Half-differences of radians (|x| ≤ π) and latitudes (|x| ≤ 1.49).
    const x = (rand() * 2 - 1) * (i % 2 === 0 ? Math.PI : 1.4844);
    // The series converges for any x; the fixed-point sums stay exact to far below an ulp.
    expect(isNearest(roundedSin(x), sinFixed(fixed(x)))).toBe(true);
    expect(isNearest(roundedCos(x), cosFixed(fixed(x)))).toBe(true);
  }
});

test('asin is correctly rounded: sin of the exact result brackets the argument', () => {
  const rand = prng(7);
  for (let i = 0; i < 300; i++) {
    const y = i < 10 ? [0, 1, 0.5, 0.7071067811865476, 1e-9, 0.9999999999999999, 0.49999999999999994, 0.5000000000000001, 0.25, 0.75][i] : rand();
    const z = roundedAsin(y);
    // asin is increasing: the exact asin(y) lies between the midpoints around z when
    // sin(midpoint below) ≤ y ≤ sin(midpoint above), computed exactly.
    const target = fixed(y);
    const midpoint = (up: boolean) => (fixed(z) + fixed(neighbour(z, up))) / 2n;
    if (z > 0) expect(sinFixed(midpoint(false))).toBeLessThanOrEqual(target);
    if (z < Math.PI / 2) expect(sinFixed(midpoint(true))).toBeGreaterThanOrEqual(target);
  }
  expect(roundedAsin(-0.5)).toBe(-roundedAsin(0.5));
  expect(roundedAsin(1.5)).toBeNaN();
});

/**
 * The C functions behind Lua 5.1's numbers that the engine reimplements: ldexp (one rounding, also
 * into subnormals), strtoul (tonumber with a base) and the integer cast of C API arguments.
 */
import { prng } from './support/prng';
import { binaryParts, formatDouble17, nanIsNegative } from '../../../src/engines/resp/format-double';
import { castToLuaInteger, luaNumberToString, NEGATIVE_NAN } from '../../../src/engines/valkey/scripting/lua';
import { cPow, ldexp, strtoul } from '../../../src/engines/valkey/scripting/lua51-compat';

/** m × 2^e rounded to a double, half to even, from the exact binary value. */
function referenceLdexp(m: number, e: number): number {
  const { mantissa, exp2 } = binaryParts(m);
  const sign = m < 0 ? -1 : 1;
  let exp = exp2 + e;
  let mant = mantissa;
  // Normalise to a 53-bit mantissa, then round onto the subnormal grid (2^-1074) if below it.
  while (mant > 0n && mant < 1n << 52n) {
    mant <<= 1n;
    exp -= 1;
  }
  if (exp < -1074) {
    const shift = BigInt(-1074 - exp);
    const half = 1n << (shift - 1n);
    let q = mant >> shift;
    const rest = mant & ((1n << shift) - 1n);
    if (rest > half || (rest === half && (q & 1n) === 1n)) q += 1n;
    mant = q;
    exp = -1074;
  }
  if (exp > 971) return sign * Infinity;
  return sign * Number(mant) * 2 ** exp;
}

describe('ldexp', () => {
  test('edges: zeros keep their sign, overflow and underflow in one step', () => {
    expect(Object.is(ldexp(-0, 1024), -0)).toBe(true);
    expect(ldexp(1e-300, 1100)).toBe(1e-300 * 2 ** 1000 * 2 ** 100);
    expect(ldexp(1.7976931348623157e308, -2000)).toBe(referenceLdexp(1.7976931348623157e308, -2000));
    expect(ldexp(1, 1024)).toBe(Infinity);
    expect(ldexp(0.75, 1024)).toBe(1.348269851146737e308);
    expect(ldexp(1.5, -1074)).toBe(1e-323);
    expect(ldexp(3, -1076)).toBe(5e-324);
    expect(Object.is(ldexp(-1, -1076), -0)).toBe(true);
  });

  test('random doubles and exponents agree with the exact rounding', () => {
    const rand = prng(7);
    for (let i = 0; i < 5000; i++) {
      const m = (rand() - 0.5) * 2 ** Math.floor(rand() * 200 - 100);
      const e = Math.floor(rand() * 2400) - 1200;
      expect([m, e, ldexp(m, e)]).toEqual([m, e, referenceLdexp(m, e)]);
    }
  });
});

describe('strtoul', () => {
  test('blanks, signs, 0x for base 16, and no trailing junk', () => {
    expect(strtoul(' ff ', 16)).toBe(255);
    expect(strtoul('0x10', 16)).toBe(16);
    expect(strtoul('0x', 16)).toBeUndefined();
    expect(strtoul('zz', 36)).toBe(1295);
    expect(strtoul('12', 2)).toBeUndefined();
    expect(strtoul('', 10)).toBeUndefined();
    expect(strtoul('-1', 10)).toBe(2 ** 64);
    expect(strtoul('ffffffffffffffffff', 16)).toBe(2 ** 64);
  });
});

describe('C semantics of the 5.1 math library', () => {
  test('pow: results that do not depend on the other operand', () => {
    expect(cPow(1, NaN)).toBe(1);
    expect(cPow(NaN, 0)).toBe(1);
    expect(cPow(-1, -Infinity)).toBe(1);
    expect(cPow(2, 0.5)).toBe(Math.SQRT2);
  });

  test('pow of a NaN keeps its sign, except a negative NaN to an odd power (glibc negates the square)', () => {
    expect(nanIsNegative(cPow(NEGATIVE_NAN, 2))).toBe(true);
    expect(nanIsNegative(cPow(NEGATIVE_NAN, 255))).toBe(false);
    expect(nanIsNegative(cPow(2, NEGATIVE_NAN))).toBe(true);
    expect(nanIsNegative(cPow(-8, 1 / 3))).toBe(true);
  });

  test('integer arguments are truncated, out of range clamped', () => {
    expect(castToLuaInteger(2.7)).toBe(2);
    expect(castToLuaInteger(-2.7)).toBe(-2);
    expect(castToLuaInteger(1e10)).toBe(2 ** 31 - 1);
    expect(castToLuaInteger(NaN)).toBe(-(2 ** 31));
    expect(castToLuaInteger(Infinity)).toBe(-(2 ** 31));
  });
});

describe('NaN signs', () => {
  test('a computed NaN keeps the sign the CPU gave it, and prints it as glibc does', () => {
    const zero = Number('0');
    expect(nanIsNegative(zero / zero)).toBe(true);
    expect(nanIsNegative(-(zero / zero))).toBe(false);
    expect(nanIsNegative(NEGATIVE_NAN)).toBe(true);
    expect(nanIsNegative(NaN)).toBe(false);
    expect(luaNumberToString(zero / zero)).toBe('-nan');
    expect(luaNumberToString(Math.abs(zero / zero))).toBe('nan');
    expect(formatDouble17(NEGATIVE_NAN)).toBe('-nan');
  });
});


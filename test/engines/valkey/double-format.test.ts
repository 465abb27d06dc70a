/**
 * Doubles as the emulated version prints them. redis 7.0 (the differential suite's reference)
 * prints `%.17g`; Redis/Valkey 7.2 print d2string's Grisu2 form (fpconv_dtoa), which the
 * differential suite cannot see. The expected texts below are fpconv_dtoa's output for the same
 * bit patterns, including the cases where Grisu2 is not the shortest round-trip form and those
 * where its notation differs from JavaScript's.
 */
import { TestEngine } from './support/engine';
import { formatDouble72, formatLuaNumber72, fpconvDtoa } from '../../../src/engines/valkey/util/grisu-double';

function fromBits(hex: string): number {
  return Buffer.from(hex, 'hex').readDoubleBE(0);
}

describe('fpconv_dtoa (Grisu2)', () => {
  test.each([
    ['3fb999999999999a', '0.1'],
    ['bfb999999999999a', '-0.1'],
    ['3fd5555555555555', '0.3333333333333333'],
    // Grisu2 gives one digit more than the shortest form here (JavaScript: 0.03970661444333504).
    ['3fa4546ce4f02174', '0.039706614443335037'],
    ['40a823bc18c54070', '3089.8673764840278'],
    // Sixteen or more digits with K <= -7: scientific notation, exponent without padding.
    ['40ea916764ced99c', '5.4411231055665034e+4'],
    ['41cc831411046bcd', '9.567048020345398e+8'],
    ['3e7ad7f29abcaf48', '1e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['0000000000000001', '5e-324'],
    ['0010000000000000', '2.2250738585072014e-308'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['4415af1d78b58c40', '1e+20'],
    ['4415af1d78b58c41', '100000000000000020000'],
    ['43e0000000000000', '9223372036854776000'],
  ])('%s → %s', (bits, text) => {
    expect(fpconvDtoa(fromBits(bits))).toBe(text);
  });

  test('1e21, 1e105 and 1.5e300 carry their exponent digits as fpconv writes them', () => {
    expect(fpconvDtoa(1e21)).toBe('1e+21');
    expect(fpconvDtoa(1e105)).toBe('1e+105');
    expect(fpconvDtoa(1.5e300)).toBe('1.5e+300');
  });
});

describe('d2string (7.2)', () => {
  test('special values, signed zero and integers up to 2^62 as integers', () => {
    expect(formatDouble72(NaN)).toBe('nan');
    expect(formatDouble72(Infinity)).toBe('inf');
    expect(formatDouble72(-Infinity)).toBe('-inf');
    expect(formatDouble72(-0)).toBe('-0');
    expect(formatDouble72(3)).toBe('3');
    expect(formatDouble72(-123456789012345680)).toBe('-123456789012345680');
    expect(formatDouble72(2 ** 62)).toBe('4611686018427387904');
    expect(formatDouble72(2 ** 63)).toBe('9223372036854776000');
    expect(formatDouble72(2.5)).toBe('2.5');
  });

  test('Lua number arguments: integers as integers, -0 as 0', () => {
    expect(formatLuaNumber72(-0)).toBe('0');
    expect(formatLuaNumber72(1e9)).toBe('1000000000');
    expect(formatLuaNumber72(0.1)).toBe('0.1');
  });

  test("a NaN's sign bit prints, as fpconv_dtoa prints it (Lua's 0/0 is -nan on x86)", () => {
    expect(formatLuaNumber72(fromBits('fff8000000000000'))).toBe('-nan');
    expect(formatLuaNumber72(fromBits('7ff8000000000000'))).toBe('nan');
    expect(fpconvDtoa(fromBits('fff0000000000001'))).toBe('-nan');
  });
});

describe('double replies follow the emulated version', () => {
  const v70 = new TestEngine({ version: '7.0.15' });
  const v72 = new TestEngine({ version: '7.2.4' });
  for (const e of [v70, v72]) {
    e.run('ZADD', 'z', '0.1', 'a', '956704802.0345398', 'b', '3', 'c');
  }

  test('ZSCORE, ZINCRBY, ZRANGE WITHSCORES and ZSCAN', () => {
    expect(v70.raw('ZSCORE', 'z', 'a')).toBe('$19\r\n0.10000000000000001\r\n');
    expect(v72.raw('ZSCORE', 'z', 'a')).toBe('$3\r\n0.1\r\n');
    expect(v72.run('ZRANGE', 'z', '0', '-1', 'WITHSCORES')).toEqual(['a', '0.1', 'c', '3', 'b', '9.567048020345398e+8']);
    expect(v70.run('ZRANGE', 'z', '0', '-1', 'WITHSCORES')).toEqual(['a', '0.10000000000000001', 'c', '3', 'b', '956704802.03453982']);
    expect(v72.run('ZSCAN', 'z', '0')).toEqual(['0', ['a', '0.1', 'c', '3', 'b', '9.567048020345398e+8']]);
    expect(v72.raw('ZINCRBY', 'inc', '0.2', 'x')).toBe('$3\r\n0.2\r\n');
    expect(v72.raw('ZINCRBY', 'inc', '0.1', 'x')).toBe('$19\r\n0.30000000000000004\r\n');
  });

  test('RESP3 doubles', () => {
    v72.run('HELLO', '3');
    v70.run('HELLO', '3');
    expect(v72.raw('ZSCORE', 'z', 'a')).toBe(',0.1\r\n');
    expect(v70.raw('ZSCORE', 'z', 'a')).toBe(',0.10000000000000001\r\n');
    expect(v72.raw('EVAL', 'return {double=0.1}', '0')).toBe(',0.1\r\n');
    v72.run('HELLO', '2');
    v70.run('HELLO', '2');
  });

  test("a script's number arguments", () => {
    v72.run('EVAL', "redis.call('set', 'n', 956704802.0345398)", '0');
    expect(v72.run('GET', 'n')).toBe('9.567048020345398e+8');
    v70.run('EVAL', "redis.call('set', 'n', 956704802.0345398)", '0');
    expect(v70.run('GET', 'n')).toBe('956704802.03453982');
  });
});

import { globMatch } from '../../../src/engines/valkey/util/glob';
import { addLongDouble, formatLongDoubleHuman, parseLongDouble } from '../../../src/engines/valkey/util/long-double';
import { parseDouble, parseInt64, parseInt64Big } from '../../../src/engines/valkey/util/numbers';

describe('glob matching (stringmatchlen)', () => {
  test.each([
    ['*', 'anything', true],
    ['h?llo', 'hello', true],
    ['h?llo', 'hllo', false],
    ['h*llo', 'heeeello', true],
    ['h[ae]llo', 'hallo', true],
    ['h[ae]llo', 'hillo', false],
    ['h[^e]llo', 'hallo', true],
    ['h[^e]llo', 'hello', false],
    ['h[a-b]llo', 'hbllo', true],
    ['h[b-a]llo', 'hbllo', true],
    ['h\\*llo', 'h*llo', true],
    ['h\\*llo', 'hello', false],
    ['[abc', 'a', true],
    ['a*', 'a', true],
    ['*a*b*c*', 'xaxbxcx', true],
    ['*a*b*c*', 'xaxcxbx', false],
    ['', '', true],
    ['a', '', false],
  ])('%j against %j is %p', (pattern, subject, expected) => {
    expect(globMatch(pattern, subject)).toBe(expected);
  });

  test('nocase and pathological patterns', () => {
    expect(globMatch('HELLO*', 'hello world', true)).toBe(true);
    const start = Date.now();
    expect(globMatch('*a'.repeat(50) + 'b', 'a'.repeat(60))).toBe(false);
    expect(Date.now() - start).toBeLessThan(1000);
  });
});

describe('number parsing', () => {
  test('string2ll rules', () => {
    expect(parseInt64('123')).toBe(123);
    expect(parseInt64('-5')).toBe(-5);
    expect(parseInt64('0')).toBe(0);
    for (const bad of ['', '-', '+1', '01', '-0', ' 1', '1 ', '1.0', '1e3', '9223372036854775808']) expect(parseInt64(bad)).toBeUndefined();
    expect(parseInt64Big('9223372036854775807')).toBe(9223372036854775807n);
    expect(parseInt64Big('-9223372036854775808')).toBe(-9223372036854775808n);
  });

  test('strtod acceptance', () => {
    expect(parseDouble('1.5')).toBe(1.5);
    expect(parseDouble('-inf')).toBe(-Infinity);
    expect(parseDouble('+Infinity')).toBe(Infinity);
    expect(parseDouble('0x10')).toBe(16);
    expect(parseDouble('0x1.8p1')).toBe(3);
    expect(parseDouble('.5')).toBe(0.5);
    expect(parseDouble('5.')).toBe(5);
    for (const bad of ['', ' 1', '1 ', 'nan', 'abc', '1e400', '1e-400', '1,5']) expect(parseDouble(bad)).toBeUndefined();
  });

  test('plain integers (read without strtod) agree with it, signs and leading zeros included', () => {
    expect(Object.is(parseDouble('-0'), -0)).toBe(true);
    expect(Object.is(parseDouble('+0'), 0)).toBe(true);
    expect(parseDouble('007')).toBe(7);
    expect(parseDouble('+5')).toBe(5);
    expect(parseDouble('-999999999999999')).toBe(-999999999999999);
    // 16 digits and more take the general path, which rounds as strtod does.
    expect(parseDouble('9999999999999999')).toBe(1e16);
    expect(parseDouble('12345678901234567890')).toBe(12345678901234567890);
    for (const bad of ['-', '+', '--1', '1-', '+-1']) expect(parseDouble(bad)).toBeUndefined();
  });
});

describe('long double arithmetic (INCRBYFLOAT)', () => {
  const add = (a: string, b: string) => formatLongDoubleHuman(addLongDouble(parseLongDouble(a)!, parseLongDouble(b)!));

  test('prints sums as redis does on x86', () => {
    expect(add('10.5', '0.1')).toBe('10.6');
    expect(add('0.1', '0.2')).toBe('0.3');
    expect(add('3.0', '0')).toBe('3');
    expect(add('1', '0.000000000000000001')).toBe('1');
    expect(add('5.0e3', '2.0e2')).toBe('5200');
    expect(add('-1', '0.5')).toBe('-0.5');
    expect(add('0', '-0.0')).toBe('0');
    // The nearest 80-bit value to 1e308 is not 1e308; redis prints the exact sum.
    expect(add('1e308', '1e308').slice(0, 30)).toBe('199999999999999999993371759311');
  });

  test('rejects what strtold-based parsing rejects', () => {
    for (const bad of ['', ' 1', 'abc', 'nan', '1e5000', '1x']) expect(parseLongDouble(bad)).toBeUndefined();
    expect(parseLongDouble('inf')?.kind).toBe('inf');
  });
});

import { DeferredKind, formatDouble17, ReplyParser, ReplyWriter } from '../../../src/engines/resp';

function encode(resp: number, write: (w: ReplyWriter) => void): string {
  const w = new ReplyWriter(16);
  w.resp = resp;
  write(w);
  return w.takeString();
}

describe('ReplyWriter', () => {
  test.each([
    ['status', (w: ReplyWriter) => w.status('OK'), '+OK\r\n', '+OK\r\n'],
    ['error with default code', (w: ReplyWriter) => w.error('syntax error'), '-ERR syntax error\r\n', '-ERR syntax error\r\n'],
    ['error with its own code', (w: ReplyWriter) => w.error('-WRONGTYPE bad'), '-WRONGTYPE bad\r\n', '-WRONGTYPE bad\r\n'],
    ['error newlines become spaces', (w: ReplyWriter) => w.error('a\r\nb'), '-ERR a  b\r\n', '-ERR a  b\r\n'],
    ['integer', (w: ReplyWriter) => w.integer(-42), ':-42\r\n', ':-42\r\n'],
    ['big integer', (w: ReplyWriter) => w.integer(9223372036854775807n), ':9223372036854775807\r\n', ':9223372036854775807\r\n'],
    ['bulk', (w: ReplyWriter) => w.bulk('a\x00b'), '$3\r\na\x00b\r\n', '$3\r\na\x00b\r\n'],
    ['null bulk', (w: ReplyWriter) => w.nullBulk(), '$-1\r\n', '_\r\n'],
    ['null array', (w: ReplyWriter) => w.nullArray(), '*-1\r\n', '_\r\n'],
    ['map', (w: ReplyWriter) => { w.mapHeader(1); w.bulk('k'); w.integer(1); }, '*2\r\n$1\r\nk\r\n:1\r\n', '%1\r\n$1\r\nk\r\n:1\r\n'],
    ['set', (w: ReplyWriter) => { w.setHeader(1); w.bulk('m'); }, '*1\r\n$1\r\nm\r\n', '~1\r\n$1\r\nm\r\n'],
    ['push', (w: ReplyWriter) => { w.pushHeader(1); w.bulk('x'); }, '*1\r\n$1\r\nx\r\n', '>1\r\n$1\r\nx\r\n'],
    ['double', (w: ReplyWriter) => w.double(0.1), '$19\r\n0.10000000000000001\r\n', ',0.10000000000000001\r\n'],
    ['infinite double', (w: ReplyWriter) => w.double(-Infinity), '$4\r\n-inf\r\n', ',-inf\r\n'],
    ['boolean', (w: ReplyWriter) => w.bool(true), ':1\r\n', '#t\r\n'],
    ['big number', (w: ReplyWriter) => w.bigNumber('123456789012345678901234567890'), '$30\r\n123456789012345678901234567890\r\n', '(123456789012345678901234567890\r\n'],
    ['verbatim', (w: ReplyWriter) => w.verbatim('hi\n'), '$3\r\nhi\n\r\n', '=7\r\ntxt:hi\n\r\n'],
  ])('%s', (_name, write, resp2, resp3) => {
    expect(encode(2, write)).toBe(resp2);
    expect(encode(3, write)).toBe(resp3);
  });

  test('deferred lengths are inserted before the elements', () => {
    const text = encode(3, (w) => {
      w.bulk('before');
      const mark = w.beginDeferred();
      for (let i = 0; i < 40; i++) w.integer(i);
      w.endDeferred(mark, DeferredKind.ARRAY, 40);
      const m2 = w.beginDeferred();
      w.bulk('k');
      w.bulk('v');
      w.endDeferred(m2, DeferredKind.MAP, 1);
    });
    const p = new ReplyParser();
    p.append(Buffer.from(text, 'latin1'));
    expect(p.next()!.value).toEqual({ type: 'bulk', value: 'before' });
    expect((p.next()!.value.value as unknown[]).length).toBe(40);
    expect(p.next()!.value.type).toBe('map');
  });

  test('grows beyond its initial capacity', () => {
    const big = 'x'.repeat(100_000);
    expect(encode(2, (w) => w.bulk(big))).toBe(`$100000\r\n${big}\r\n`);
  });

  test('integers, lengths and headers have the decimal digits of String(n), at every size', () => {
    const values = [0, 9, 10, 99, 100, 12345, 999999999, 1000000000, 2147483647, 2147483648, 4294967296, 9007199254740991];
    for (let p = 1; p < 1e15; p *= 10) values.push(p - 1, p, p + 1);
    for (const n of values) {
      expect(encode(2, (w) => w.integer(n))).toBe(`:${n}\r\n`);
      expect(encode(2, (w) => w.integer(-n))).toBe(n === 0 ? ':0\r\n' : `:-${n}\r\n`);
      expect(encode(2, (w) => w.arrayHeader(n))).toBe(`*${n}\r\n`);
    }
    const long = 'x'.repeat(123456);
    expect(encode(2, (w) => w.bulk(long))).toBe(`$123456\r\n${long}\r\n`);
  });

  test('view() reuses its object only while the buffer and the length are the same', () => {
    const w = new ReplyWriter(16);
    w.raw('+OK\r\n');
    const first = w.view();
    w.len = 0;
    w.raw('+NO\r\n');
    // Same buffer, same length: the same object, showing the new bytes.
    expect(w.view()).toBe(first);
    expect(first.toString('latin1')).toBe('+NO\r\n');
    w.raw(':1\r\n');
    expect(w.view().toString('latin1')).toBe('+NO\r\n:1\r\n');
    // A grown buffer (same length as before it grew) and a detached one get views of their own.
    w.len = 0;
    w.raw('+OK\r\n');
    const before = w.view();
    w.reserve(64);
    expect(w.view()).not.toBe(before);
    expect(w.view().toString('latin1')).toBe('+OK\r\n');
    w.detach();
    w.raw('+OK\r\n');
    const detached = w.view();
    expect(detached.toString('latin1')).toBe('+OK\r\n');
    detached[1] = 0x58;
    expect(before.toString('latin1')).toBe('+OK\r\n');
  });

  test('reports errors to its listener', () => {
    const w = new ReplyWriter();
    const seen: string[] = [];
    w.onError = (t) => seen.push(t);
    w.error('-NOAUTH Authentication required.');
    expect(seen).toEqual(['NOAUTH Authentication required.']);
  });
});

describe('formatDouble17 (printf %.17g)', () => {
  // Expected strings come from C's printf("%.17g").
  test.each([
    [0.1, '0.10000000000000001'],
    [1.5, '1.5'],
    [1e21, '1e+21'],
    [1e-5, '1.0000000000000001e-05'],
    [123456789012345678, '1.2345678901234568e+17'],
    [1 / 3, '0.33333333333333331'],
    [-2.5e-300, '-2.5e-300'],
    [5e-324, '4.9406564584124654e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [1 + 2 ** -17, '1.0000076293945312'],
    [100, '100'],
    [1e16, '10000000000000000'],
    [1e17, '1e+17'],
    [0.0001, '0.0001'],
    [-0, '-0'],
    [1e-7, '9.9999999999999995e-08'],
    [Infinity, 'inf'],
  ])('%p', (value, text) => {
    expect(formatDouble17(value)).toBe(text);
  });
});

import { encodeCommand, ReplyParser, toPlain } from '../../../src/engines/resp';

describe('ReplyParser', () => {
  const stream = Buffer.from('+OK\r\n-ERR x\r\n:5\r\n$3\r\nabc\r\n$-1\r\n*2\r\n$1\r\na\r\n*1\r\n:1\r\n%1\r\n+k\r\n,1.5\r\n~1\r\n#t\r\n_\r\n=7\r\ntxt:abc\r\n|1\r\n+a\r\n+b\r\n:9\r\n>2\r\n+m\r\n(12\r\n', 'latin1');

  test('parses every RESP2/RESP3 type, split at any byte', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const p = new ReplyParser();
      p.append(stream.subarray(0, cut));
      const values: unknown[] = [];
      for (let r = p.next(); r; r = p.next()) values.push(toPlain(r.value));
      p.append(stream.subarray(cut));
      for (let r = p.next(); r; r = p.next()) values.push(toPlain(r.value));
      expect(values).toEqual(['OK', new Error('ERR x'), 5n, 'abc', null, ['a', [1n]], [['k', '1.5']], [true], null, 'abc', 9n, ['m', '12']]);
    }
  });

  test('returns each reply with its exact bytes', () => {
    const p = new ReplyParser();
    p.append(Buffer.from(':1\r\n$2\r\nhi\r\n'));
    expect(p.next()!.raw.toString()).toBe(':1\r\n');
    expect(p.next()!.raw.toString()).toBe('$2\r\nhi\r\n');
    expect(p.next()).toBeUndefined();
  });

  test('encodes commands as multibulk requests', () => {
    expect(encodeCommand(['SET', 'k', Buffer.from([0, 255])]).toString('latin1')).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\n\x00\xff\r\n');
  });
});

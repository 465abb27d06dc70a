import { RequestParser } from '../../../src/engines/resp';

/** Feeds `input` split at the given offsets and collects commands (or the protocol error). */
type Limits = ConstructorParameters<typeof RequestParser>[0];

function parse(input: Buffer, cuts: number[] = [], limits?: Limits): { commands: string[][]; error?: string } {
  const p = new RequestParser(limits);
  const commands: string[][] = [];
  let start = 0;
  for (const end of [...cuts, input.length]) {
    p.append(input.subarray(start, end));
    start = end;
    for (let cmd = p.next(); cmd !== undefined; cmd = p.next()) commands.push(cmd);
    if (p.protocolError) return { commands, error: p.protocolError };
  }
  return { commands };
}

const bytes = (s: string) => Buffer.from(s, 'latin1');

/**
 * As `parse`, through `appendBorrowed`: every piece is copied into one shared buffer larger than the
 * piece, and the buffer is scribbled over after each read, as the next socket read would.
 */
function parseBorrowed(input: Buffer, cuts: number[]): string[][] {
  const p = new RequestParser();
  const shared = Buffer.alloc(input.length + 64);
  const commands: string[][] = [];
  let start = 0;
  for (const end of [...cuts, input.length]) {
    const n = input.copy(shared, 0, start, end);
    start = end;
    p.appendBorrowed(shared, n);
    for (let cmd = p.next(); cmd !== undefined; cmd = p.next()) commands.push(cmd);
    p.retain();
    shared.fill(0x2a);
  }
  return commands;
}

describe('RequestParser', () => {
  const stream = bytes('*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$0\r\n\r\nset "a b" \'c\'\r\n');
  const expected = [['SET', 'key', 'va\r\nl'], ['PING'], ['ECHO', ''], ['set', 'a b', 'c']];

  test('parses multibulk and inline commands', () => {
    expect(parse(stream)).toEqual({ commands: expected });
  });

  test('gives the same commands for a split at every byte boundary', () => {
    for (let cut = 1; cut < stream.length; cut++) {
      expect(parse(stream, [cut]).commands).toEqual(expected);
    }
  });

  test('keeps what a borrowed read leaves unparsed, for a split at every byte boundary', () => {
    for (let cut = 1; cut < stream.length; cut++) {
      expect(parseBorrowed(stream, [cut])).toEqual(expected);
    }
    const cuts = Array.from({ length: stream.length - 1 }, (_, i) => i + 1);
    expect(parseBorrowed(stream, cuts)).toEqual(expected);
  });

  test('reads big arguments arriving in borrowed pieces', () => {
    const big = 'x'.repeat(100_000);
    const input = bytes(`*2\r\n$3\r\nSET\r\n$${big.length}\r\n${big}\r\nPING\r\n`);
    expect(parseBorrowed(input, [10, 30, 5000, 70_000, 100_010])).toEqual([['SET', big], ['PING']]);
  });

  test('gives the same commands when fed one byte at a time', () => {
    const cuts = Array.from({ length: stream.length - 1 }, (_, i) => i + 1);
    expect(parse(stream, cuts).commands).toEqual(expected);
  });

  test('reads big arguments arriving in pieces', () => {
    const value = Buffer.alloc(100_000, 'x');
    const input = Buffer.concat([bytes(`*2\r\n$4\r\nECHO\r\n$${value.length}\r\n`), value, bytes('\r\n*1\r\n$4\r\nPING\r\n')]);
    const cuts = [10, 30, 5000, 40000, 99999, 100020, 100027];
    const { commands } = parse(input, cuts);
    expect(commands).toHaveLength(2);
    expect(commands[0][1]).toHaveLength(100_000);
    expect(commands[1]).toEqual(['PING']);
  });

  test('reads more arguments than it sizes up front, split anywhere, and forgets a reset request', () => {
    // 1,500 arguments: past the 1,024 slots allocated before the arguments arrive.
    const args = Array.from({ length: 1500 }, (_, i) => `a${i}`);
    const input = bytes(`*${args.length}\r\n${args.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}*1\r\n$4\r\nPING\r\n`);
    const { commands } = parse(input, [7, 5000, 9001, input.length - 3]);
    expect(commands).toEqual([args, ['PING']]);
    expect(Object.keys(commands[0])).toHaveLength(1500);

    const p = new RequestParser();
    p.append(bytes('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n'));
    expect(p.next()).toBeUndefined();
    p.reset();
    p.append(bytes('*2\r\n$4\r\nECHO\r\n$1\r\nx\r\n'));
    expect(p.next()).toEqual(['ECHO', 'x']);
  });

  test('keeps binary bytes', () => {
    const { commands } = parse(Buffer.from([42, 49, 13, 10, 36, 51, 13, 10, 0, 255, 128, 13, 10]));
    expect([...Buffer.from(commands[0][0], 'latin1')]).toEqual([0, 255, 128]);
  });

  test('skips empty multibulks and blank inline lines', () => {
    expect(parse(bytes('*0\r\n*-1\r\n   \r\nPING\r\n')).commands).toEqual([[], [], [], ['PING']]);
  });

  test.each([
    ['*x\r\n', 'Protocol error: invalid multibulk length'],
    ['*01\r\n', 'Protocol error: invalid multibulk length'],
    ['*3000000000\r\n', 'Protocol error: invalid multibulk length'],
    ['*1\r\nx4\r\n', "Protocol error: expected '$', got 'x'"],
    ['*1\r\n$-1\r\n', 'Protocol error: invalid bulk length'],
    ['*1\r\n$01\r\n', 'Protocol error: invalid bulk length'],
    ['*1\r\n$536870913\r\n', 'Protocol error: invalid bulk length'],
    ['SET "a\r\n', 'Protocol error: unbalanced quotes in request'],
    ['SET "a"b\r\n', 'Protocol error: unbalanced quotes in request'],
  ])('%j is a protocol error', (input, error) => {
    expect(parse(bytes(input)).error).toBe(error);
  });

  test('rejects over-long inline, count and bulk-count lines', () => {
    expect(parse(Buffer.alloc(70 * 1024, 'a')).error).toBe('Protocol error: too big inline request');
    expect(parse(Buffer.concat([bytes('*'), Buffer.alloc(70 * 1024, '1')])).error).toBe('Protocol error: too big mbulk count string');
    expect(parse(Buffer.concat([bytes('*1\r\n$'), Buffer.alloc(70 * 1024, '1')])).error).toBe('Protocol error: too big bulk count string');
  });

  test('applies the unauthenticated limits', () => {
    const limits = { maxBulkLength: () => 512 * 1024 * 1024, authRequired: () => true };
    expect(parse(bytes('*11\r\n'), [], limits).error).toBe('Protocol error: unauthenticated multibulk length');
    expect(parse(bytes('*1\r\n$16385\r\n'), [], limits).error).toBe('Protocol error: unauthenticated bulk length');
    expect(parse(bytes('*2\r\n$4\r\nAUTH\r\n$2\r\npw\r\n'), [], limits).commands).toEqual([['AUTH', 'pw']]);
  });

  test('follows proto-max-bulk-len changes', () => {
    let max = 2 * 1024 * 1024;
    const limits = { maxBulkLength: () => max, authRequired: () => false };
    expect(parse(bytes('*1\r\n$3000000\r\n'), [], limits).error).toBe('Protocol error: invalid bulk length');
    max = 4 * 1024 * 1024;
    expect(parse(bytes('*1\r\n$3000000\r\n'), [], limits).error).toBeUndefined();
  });

  test('waits for incomplete input and reports pending bytes', () => {
    const p = new RequestParser();
    p.append(bytes('*2\r\n$4\r\nECHO\r\n$3\r\nab'));
    expect(p.next()).toBeUndefined();
    expect(p.protocolError).toBeUndefined();
    expect(p.pendingBytes).toBeGreaterThan(0);
    p.append(bytes('c\r\n'));
    expect(p.next()).toEqual(['ECHO', 'abc']);
    expect(p.pendingBytes).toBe(0);
  });

  test('an inline line stops at a NUL byte as in redis', () => {
    expect(parse(bytes('PING\x00\r\nPING\r\n')).commands).toEqual([]);
  });
});

/**
 * DUMP payloads compared byte for byte with a real redis-server 7.0 holding the same data, and
 * payloads moved both ways: redis-server's DUMP restored into our engine (and read back), ours
 * restored into redis-server. Values whose serialization follows redis' hash-table order (big
 * sets and hashes) are compared through a round trip instead of byte for byte.
 */
import { RawSession } from './differential/session';
import { TestEngine } from './support/engine';
import { toPlain } from '../../../src/engines/resp';
import { hasBinary, RealServer, startRedisServer } from '../../support/real-servers';

const VERSION = '7.0.15';
const describeIfRedis = hasBinary('redis-server') ? describe : describe.skip;

interface Scenario {
  readonly name: string;
  readonly setup: string[][];
  /** Keys whose DUMP must be byte-identical. */
  readonly exact: string[];
  /**
   * Keys whose payload carries times (consumer seen times, delivery times): redis-server's payload
   * restored here must DUMP back byte for byte.
   */
  readonly reproduced?: string[];
  /** Keys only compared through RESTORE round trips (hash-table order). */
  readonly roundTrip?: string[];
}

const rand = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};

function repeat(n: number, f: (i: number) => string[]): string[][] {
  return Array.from({ length: n }, (_, i) => f(i));
}

const r1 = rand(42);
const words = Array.from({ length: 300 }, (_, i) => `w${i}:${Math.floor(r1() * 1e6)}`);

const SCENARIOS: Scenario[] = [
  {
    name: 'strings: ints, embstr, raw, compressible, binary',
    setup: [
      ['SET', 's1', 'hello'], ['SET', 's2', '12'], ['SET', 's3', '-128'], ['SET', 's4', '-129'], ['SET', 's5', '32767'],
      ['SET', 's6', '2147483647'], ['SET', 's7', '2147483648'], ['SET', 's8', '-9223372036854775808'], ['SET', 's9', '012'],
      ['SET', 's10', 'a'.repeat(21)], ['SET', 's11', 'abc'.repeat(100)], ['SET', 's12', '\x00\xff\r\n'.repeat(40)],
      ['SET', 's13', ''], ['SET', 's14', words.join(',')], ['INCRBYFLOAT', 's15', '1.5'], ['APPEND', 's16', 'x'.repeat(60)],
      ['SET', 's17', '1e3'], ['SET', 's18', ' 12'], ['SET', 's19', '99999999999'],
    ],
    exact: ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 's12', 's13', 's14', 's15', 's16', 's17', 's18', 's19'],
  },
  {
    name: 'lists: one node, many nodes, integers, big elements, after pops and inserts',
    setup: [
      ['RPUSH', 'l1', 'a', 'b', '1', '2', '-5000', '70000', '99999999999', 'x'.repeat(70)],
      ...repeat(600, (i) => ['RPUSH', 'l2', `element-${i}`]),
      ...repeat(50, (i) => ['LPUSH', 'l3', String(i * 1000)]),
      ['RPUSH', 'l4', 'y'.repeat(5000), 'z', 'y'.repeat(9000)],
      ...repeat(300, (i) => ['RPUSH', 'l5', words[i]]),
      ['LPOP', 'l5', '100'], ['RPOP', 'l5', '20'], ['LINSERT', 'l5', 'BEFORE', words[150], 'inserted'], ['LSET', 'l5', '3', 'changed'],
      ['LREM', 'l5', '0', words[200]], ['LTRIM', 'l2', '10', '-10'],
    ],
    exact: ['l1', 'l2', 'l3', 'l4', 'l5'],
  },
  {
    name: 'lists with a small listpack size and compression depth',
    setup: [
      ['CONFIG', 'SET', 'list-max-listpack-size', '5'], ['CONFIG', 'SET', 'list-compress-depth', '1'],
      ...repeat(40, (i) => ['RPUSH', 'lc', `value-${i % 3}-${'q'.repeat(20)}`]),
      ['CONFIG', 'SET', 'list-max-listpack-size', '-2'], ['CONFIG', 'SET', 'list-compress-depth', '0'],
    ],
    exact: ['lc'],
  },
  {
    name: 'sets: intsets of each width, after removals; hashtables',
    setup: [
      ['SADD', 'i1', '1', '2', '3'], ['SADD', 'i2', '1', '40000'], ['SADD', 'i3', '-1', '3000000000'],
      ['SADD', 'i4', '5', '100000'], ['SREM', 'i4', '100000'],
      ['SADD', 'h1', 'a', 'b', 'c'], ...repeat(600, (i) => ['SADD', 'i5', String(i * 7)]),
    ],
    exact: ['i1', 'i2', 'i3', 'i4'],
    roundTrip: ['h1', 'i5'],
  },
  {
    name: 'hashes: listpack and hashtable',
    setup: [
      ['HSET', 'h1', 'f', 'v', 'n', '12', 'neg', '-1', 'big', '123456789012345678'],
      ['HSET', 'h2', 'f', 'x'.repeat(80)], ...repeat(100, (i) => ['HSET', 'h3', `field${i}`, words[i]]),
      ['HDEL', 'h3', 'field5'], ['HSET', 'h3', 'field6', 'changed'],
    ],
    exact: ['h1', 'h3'],
    roundTrip: ['h2'],
  },
  {
    name: 'sorted sets: listpack scores of every kind, skiplists',
    setup: [
      ['ZADD', 'z1', '1', 'a', '2.5', 'b', '-3', 'c', '0', 'd', '1e20', 'e', '4503599627370495', 'f', '4503599627370496', 'g',
        '9007199254740993', 'h', '0.1', 'i', 'inf', 'j', '-inf', 'k', '-0', 'l', '123', '77'],
      ...repeat(200, (i) => ['ZADD', 'z2', String(i / 3), `m${i}`]),
      ['ZADD', 'z3', '1', 'x'.repeat(100)], ['ZINCRBY', 'z1', '0.5', 'a'],
    ],
    exact: ['z1', 'z2', 'z3'],
  },
  {
    name: 'streams: nodes, tombstones, groups, consumers',
    setup: [
      ...repeat(250, (i) => ['XADD', 'x1', `${1000 + i}-${i % 3}`, 'field', `v${i}`, ...(i % 7 === 0 ? ['other', 'x'] : [])]),
      ['XDEL', 'x1', '1005-2', '1010-1'], ['XTRIM', 'x1', 'MAXLEN', '=', '240'],
      ['XADD', 'x2', '1-1', 'a', '1'], ['XADD', 'x2', '5-0', 'a', '2', 'b', '3'],
      ['XADD', 'x3', '18446744073709551614-5', 'f', 'v'], ['XADD', 'x4', 'MAXLEN', '0', '7-7', 'f', 'v'],
      ['XGROUP', 'CREATE', 'x2', 'g1', '0'], ['XGROUP', 'CREATE', 'x2', 'g0', '$'],
      ['XGROUP', 'CREATECONSUMER', 'x2', 'g1', 'alice'],
      ...repeat(30, (i) => ['XADD', 'x5', `${i + 1}-0`, 'k', String(i)]),
      ['XGROUP', 'CREATE', 'x5', 'readers', '0'], ['XGROUP', 'CREATE', 'x5', 'late', '$', 'ENTRIESREAD', '3'],
      ['XREADGROUP', 'GROUP', 'readers', 'bob', 'COUNT', '5', 'STREAMS', 'x5', '>'],
      ['XREADGROUP', 'GROUP', 'readers', 'carol', 'COUNT', '3', 'STREAMS', 'x5', '>'],
      ['XACK', 'x5', 'readers', '2-0'], ['XDEL', 'x5', '20-0'],
    ],
    exact: ['x1', 'x3', 'x4'],
    reproduced: ['x2', 'x5'],
  },
];

/** DUMP payloads of a stream with pending entries carry delivery times; compared after masking. */

describeIfRedis('DUMP/RESTORE against redis-server 7.0', () => {
  let real: RealServer;
  let session: RawSession;

  beforeAll(async () => {
    real = await startRedisServer();
    session = await RawSession.open(real.port);
  });

  afterAll(async () => {
    session?.close();
    await real?.stop();
  });

  async function onReal(...args: string[]): Promise<unknown> {
    session.send(args);
    const r = await session.reply(5000);
    if (!r) throw new Error(`no reply to ${args[0]}`);
    return toPlain(r.value);
  }

  for (const s of SCENARIOS) {
    test(s.name, async () => {
      const ours = new TestEngine({ version: VERSION });
      await onReal('FLUSHALL');
      for (const cmd of s.setup) {
        const a = await onReal(...cmd);
        const b = ours.run(...cmd);
        expect(b instanceof Error ? `ERR ${b.message}` : 'ok').toBe(a instanceof Error ? `ERR ${(a as Error).message}` : 'ok');
      }
      for (const key of s.exact) {
        const theirs = (await onReal('DUMP', key)) as string;
        const mine = ours.run('DUMP', key) as string;
        expect({ key, dump: Buffer.from(mine, 'latin1').toString('hex') }).toEqual({ key, dump: Buffer.from(theirs, 'latin1').toString('hex') });
      }
      for (const key of [...s.exact, ...(s.reproduced ?? [])]) {
        const theirs = (await onReal('DUMP', key)) as string;
        expect(ours.run('RESTORE', `${key}:copy`, '0', theirs)).toBe('OK');
        const again = ours.run('DUMP', `${key}:copy`) as string;
        expect({ key, dump: Buffer.from(again, 'latin1').toString('hex') }).toEqual({ key, dump: Buffer.from(theirs, 'latin1').toString('hex') });
      }
      for (const key of [...s.exact, ...(s.reproduced ?? []), ...(s.roundTrip ?? [])]) {
        // Their payload restored here, ours restored there: both read back the same.
        const theirs = (await onReal('DUMP', key)) as string;
        expect(ours.run('RESTORE', `${key}:from-redis`, '0', theirs)).toBe('OK');
        const mine = ours.run('DUMP', key) as string;
        expect(await onReal('RESTORE', `${key}:from-ours`, '0', mine)).toBe('OK');
        const type = ours.run('TYPE', key) as string;
        const read = readers[type];
        const expected = await read((...a) => onReal(...a), key);
        expect(await read((...a) => Promise.resolve(ours.run(...a)), `${key}:from-redis`)).toEqual(expected);
        expect(await read((...a) => onReal(...a), `${key}:from-ours`)).toEqual(expected);
        expect(ours.run('OBJECT', 'ENCODING', `${key}:from-redis`)).toBe(await onReal('OBJECT', 'ENCODING', `${key}:from-ours`));
      }
    });
  }
});

type Run = (...args: string[]) => Promise<unknown>;

const readers: Record<string, (run: Run, key: string) => Promise<unknown>> = {
  string: (run, key) => run('GET', key),
  list: (run, key) => run('LRANGE', key, '0', '-1'),
  set: async (run, key) => ((await run('SMEMBERS', key)) as string[]).slice().sort(),
  hash: async (run, key) => {
    const flat = (await run('HGETALL', key)) as string[];
    const pairs: string[] = [];
    for (let i = 0; i < flat.length; i += 2) pairs.push(`${flat[i]}=${flat[i + 1]}`);
    return pairs.sort();
  },
  zset: (run, key) => run('ZRANGE', key, '0', '-1', 'WITHSCORES'),
  stream: async (run, key) => [await run('XRANGE', key, '-', '+'), await run('XINFO', 'STREAM', key)],
};

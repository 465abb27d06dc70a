/**
 * Lists, hashes and sets through real clients over TCP: ioredis (RESP2) and node-redis (RESP2 and
 * RESP3) — pipelines, blocking pops with timeouts served by another connection, scan iterators,
 * and the RESP3 maps and sets that clients decode.
 */
import Redis from 'ioredis';
import { createClient } from 'redis';
import { ValkeyServer } from '../../../src/engines/valkey/server/server';
import { freePort } from '../../support/ports';

let server: ValkeyServer;
let port: number;

beforeAll(async () => {
  port = await freePort();
  server = new ValkeyServer({ port });
  await server.start();
});

afterAll(async () => {
  await server.stop();
});

describe('ioredis', () => {
  let client: Redis;
  let other: Redis;
  beforeAll(async () => {
    client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 });
    other = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 });
    await Promise.all([client.connect(), other.connect()]);
  });
  afterAll(() => {
    client.disconnect();
    other.disconnect();
  });
  beforeEach(async () => {
    await client.flushall();
  });

  test('list commands in a pipeline', async () => {
    const results = await client.pipeline()
      .rpush('l', 'a', 'b', 'c')
      .lpush('l', 'z')
      .lrange('l', 0, -1)
      .lpop('l', 2)
      .lpos('l', 'c')
      .lmove('l', 'm', 'LEFT', 'RIGHT')
      .lmpop(1, 'l', 'RIGHT', 'COUNT', 5)
      .exists('l')
      .exec();
    expect(results!.map(([err, value]) => (err ? err.message : value))).toEqual([
      3, 4, ['z', 'a', 'b', 'c'], ['z', 'a'], 1, 'b', ['l', ['c']], 0,
    ]);
  });

  test('BLPOP times out with null, or is served by another connection', async () => {
    const started = Date.now();
    expect(await client.blpop('q', 0.1)).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    const waiting = client.blpop('q', 5);
    await new Promise((r) => setTimeout(r, 30));
    expect(await other.rpush('q', 'hello')).toBe(1);
    expect(await waiting).toEqual(['q', 'hello']);
  });

  test('BLMOVE and BRPOPLPUSH move what another connection pushes', async () => {
    const moving = client.blmove('src', 'dst', 'RIGHT', 'LEFT', 5);
    await new Promise((r) => setTimeout(r, 30));
    await other.rpush('src', 'x', 'y');
    expect(await moving).toBe('y');
    expect(await client.brpoplpush('src', 'dst', 1)).toBe('x');
    expect(await client.lrange('dst', 0, -1)).toEqual(['x', 'y']);
    expect(await client.brpoplpush('src', 'dst', 0.05)).toBeNull();
  });

  test('hashes as objects, counters and scan streams', async () => {
    expect(await client.hset('h', { a: '1', b: '2' })).toBe(2);
    expect(await client.hgetall('h')).toEqual({ a: '1', b: '2' });
    expect(await client.hincrby('h', 'a', 5)).toBe(6);
    expect(await client.hincrbyfloat('h', 'b', '0.5')).toBe('2.5');
    expect(await client.hmget('h', 'a', 'nofield')).toEqual(['6', null]);
    const fields: Record<string, string> = {};
    for (let i = 0; i < 1000; i++) fields[`f${i}`] = String(i);
    await client.hset('big', fields);
    const seen = new Set<string>();
    await new Promise<void>((resolve, reject) => {
      const stream = client.hscanStream('big', { count: 50 });
      stream.on('data', (pairs: string[]) => {
        for (let i = 0; i < pairs.length; i += 2) seen.add(pairs[i]);
      });
      stream.on('end', () => resolve());
      stream.on('error', reject);
    });
    expect(seen.size).toBe(1000);
  });

  test('sets, algebra and scan streams', async () => {
    await client.sadd('a', 3, 1, 2);
    await client.sadd('b', 2, 3, 4);
    expect(await client.smembers('a')).toEqual(['1', '2', '3']);
    expect(await client.sinter('a', 'b')).toEqual(['2', '3']);
    expect(await client.sunionstore('u', 'a', 'b')).toBe(4);
    expect(await client.smismember('u', 1, 9)).toEqual([1, 0]);
    expect(await client.sintercard(2, 'a', 'b')).toBe(2);
    await client.sadd('big', ...Array.from({ length: 2000 }, (_, i) => `m${i}`));
    const seen = new Set<string>();
    await new Promise<void>((resolve, reject) => {
      const stream = client.sscanStream('big', { count: 100, match: 'm1*' });
      stream.on('data', (members: string[]) => members.forEach((m) => seen.add(m)));
      stream.on('end', () => resolve());
      stream.on('error', reject);
    });
    expect(seen.size).toBe(1111);
  });

  test('binary elements round-trip', async () => {
    const value = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await client.rpush('bl', value);
    await client.hset('bh', value, value);
    await client.sadd('bs', value);
    expect(await client.lindexBuffer('bl', 0)).toEqual(value);
    expect(await client.hgetBuffer('bh', value)).toEqual(value);
    expect(await client.sismember('bs', value)).toBe(1);
  });
});

describe.each([2, 3] as const)('node-redis RESP%i', (resp) => {
  let client: ReturnType<typeof createClient>;
  let other: ReturnType<typeof createClient>;
  beforeAll(async () => {
    client = createClient({ socket: { port, host: '127.0.0.1' }, RESP: resp });
    other = createClient({ socket: { port, host: '127.0.0.1' }, RESP: resp });
    client.on('error', () => undefined);
    other.on('error', () => undefined);
    await Promise.all([client.connect(), other.connect()]);
  });
  afterAll(() => {
    client.destroy();
    other.destroy();
  });
  beforeEach(async () => {
    await client.flushAll();
  });

  test('hashes: HGETALL decodes to an object, HRANDFIELD pairs', async () => {
    await client.hSet('h', { a: '1', b: '2' });
    expect(await client.hGetAll('h')).toEqual({ a: '1', b: '2' });
    expect(await client.hKeys('h')).toEqual(['a', 'b']);
    expect(await client.hIncrByFloat('h', 'a', 0.25)).toBe('1.25');
    const pairs = await client.hRandFieldCountWithValues('h', 2);
    expect(pairs).toHaveLength(2);
    expect(await client.hGetAll('nokey')).toEqual({});
  });

  test('sets: members, algebra, SPOP with count', async () => {
    await client.sAdd('s', ['3', '1', '2']);
    expect(await client.sMembers('s')).toEqual(['1', '2', '3']);
    expect(await client.sIsMember('s', '2')).toBe(1);
    expect((await client.sPopCount('s', 5)).slice().sort()).toEqual(['1', '2', '3']);
    expect(await client.exists('s')).toBe(0);
    const raw = await client.sendCommand(['SMEMBERS', 'nokey']);
    expect(raw).toEqual([]);
  });

  test('BLPOP with a timeout and BLMPOP served by another client', async () => {
    expect(await client.blPop('q', 0.05)).toBeNull();
    const waiting = client.blmPop(5, ['a', 'b'], 'RIGHT', { COUNT: 2 });
    await new Promise((r) => setTimeout(r, 30));
    await other.rPush('b', ['1', '2', '3']);
    expect(await waiting).toEqual(['b', ['3', '2']]);
    expect(await client.lRange('b', 0, -1)).toEqual(['1']);
  });

  test('lists in MULTI', async () => {
    const result = await client.multi().rPush('l', ['a', 'b']).lPop('l').blPop('l', 0).lLen('l').exec();
    expect(result).toEqual([2, 'a', { key: 'l', element: 'b' }, 0]);
  });
});

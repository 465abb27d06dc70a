/**
 * Lists, hashes and sets through real clients over TCP: ioredis (RESP2) and node-redis (RESP2 and
 * RESP3) — pipelines, blocking pops with timeouts served by another connection, scan iterators,
 * and the RESP3 maps and sets that clients decode.
 */
import { blockedClients, useEngine, useIoredisPair, useNodeRedisPair } from './support/clients';

const engine = useEngine();

describe('ioredis', () => {
  const conn = useIoredisPair(engine);

  test('list commands in a pipeline', async () => {
    const results = await conn.client.pipeline()
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
    expect(await conn.client.blpop('q', 0.1)).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    const waiting = conn.client.blpop('q', 5);
    await blockedClients(engine);
    expect(await conn.other.rpush('q', 'hello')).toBe(1);
    expect(await waiting).toEqual(['q', 'hello']);
  });

  test('BLMOVE and BRPOPLPUSH move what another connection pushes', async () => {
    const moving = conn.client.blmove('src', 'dst', 'RIGHT', 'LEFT', 5);
    await blockedClients(engine);
    await conn.other.rpush('src', 'x', 'y');
    expect(await moving).toBe('y');
    expect(await conn.client.brpoplpush('src', 'dst', 1)).toBe('x');
    expect(await conn.client.lrange('dst', 0, -1)).toEqual(['x', 'y']);
    expect(await conn.client.brpoplpush('src', 'dst', 0.05)).toBeNull();
  });

  test('hashes as objects, counters and scan streams', async () => {
    expect(await conn.client.hset('h', { a: '1', b: '2' })).toBe(2);
    expect(await conn.client.hgetall('h')).toEqual({ a: '1', b: '2' });
    expect(await conn.client.hincrby('h', 'a', 5)).toBe(6);
    expect(await conn.client.hincrbyfloat('h', 'b', '0.5')).toBe('2.5');
    expect(await conn.client.hmget('h', 'a', 'nofield')).toEqual(['6', null]);
    const fields: Record<string, string> = {};
    for (let i = 0; i < 1000; i++) fields[`f${i}`] = String(i);
    await conn.client.hset('big', fields);
    const seen = new Set<string>();
    await new Promise<void>((resolve, reject) => {
      const stream = conn.client.hscanStream('big', { count: 50 });
      stream.on('data', (pairs: string[]) => {
        for (let i = 0; i < pairs.length; i += 2) seen.add(pairs[i]);
      });
      stream.on('end', () => resolve());
      stream.on('error', reject);
    });
    expect(seen.size).toBe(1000);
  });

  test('sets, algebra and scan streams', async () => {
    await conn.client.sadd('a', 3, 1, 2);
    await conn.client.sadd('b', 2, 3, 4);
    expect(await conn.client.smembers('a')).toEqual(['1', '2', '3']);
    expect(await conn.client.sinter('a', 'b')).toEqual(['2', '3']);
    expect(await conn.client.sunionstore('u', 'a', 'b')).toBe(4);
    expect(await conn.client.smismember('u', 1, 9)).toEqual([1, 0]);
    expect(await conn.client.sintercard(2, 'a', 'b')).toBe(2);
    await conn.client.sadd('big', ...Array.from({ length: 2000 }, (_, i) => `m${i}`));
    const seen = new Set<string>();
    await new Promise<void>((resolve, reject) => {
      const stream = conn.client.sscanStream('big', { count: 100, match: 'm1*' });
      stream.on('data', (members: string[]) => members.forEach((m) => seen.add(m)));
      stream.on('end', () => resolve());
      stream.on('error', reject);
    });
    expect(seen.size).toBe(1111);
  });

  test('binary elements round-trip', async () => {
    const value = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await conn.client.rpush('bl', value);
    await conn.client.hset('bh', value, value);
    await conn.client.sadd('bs', value);
    expect(await conn.client.lindexBuffer('bl', 0)).toEqual(value);
    expect(await conn.client.hgetBuffer('bh', value)).toEqual(value);
    expect(await conn.client.sismember('bs', value)).toBe(1);
  });
});

describe.each([2, 3] as const)('node-redis RESP%i', (resp) => {
  const conn = useNodeRedisPair(engine, resp);

  test('hashes: HGETALL decodes to an object, HRANDFIELD pairs', async () => {
    await conn.client.hSet('h', { a: '1', b: '2' });
    expect(await conn.client.hGetAll('h')).toEqual({ a: '1', b: '2' });
    expect(await conn.client.hKeys('h')).toEqual(['a', 'b']);
    expect(await conn.client.hIncrByFloat('h', 'a', 0.25)).toBe('1.25');
    const pairs = await conn.client.hRandFieldCountWithValues('h', 2);
    expect(pairs).toHaveLength(2);
    expect(await conn.client.hGetAll('nokey')).toEqual({});
  });

  test('sets: members, algebra, SPOP with count', async () => {
    await conn.client.sAdd('s', ['3', '1', '2']);
    expect(await conn.client.sMembers('s')).toEqual(['1', '2', '3']);
    expect(await conn.client.sIsMember('s', '2')).toBe(1);
    expect((await conn.client.sPopCount('s', 5)).slice().sort()).toEqual(['1', '2', '3']);
    expect(await conn.client.exists('s')).toBe(0);
    const raw = await conn.client.sendCommand(['SMEMBERS', 'nokey']);
    expect(raw).toEqual([]);
  });

  test('BLPOP with a timeout and BLMPOP served by another client', async () => {
    expect(await conn.client.blPop('q', 0.05)).toBeNull();
    const waiting = conn.client.blmPop(5, ['a', 'b'], 'RIGHT', { COUNT: 2 });
    await blockedClients(engine);
    await conn.other.rPush('b', ['1', '2', '3']);
    expect(await waiting).toEqual(['b', ['3', '2']]);
    expect(await conn.client.lRange('b', 0, -1)).toEqual(['1']);
  });

  test('lists in MULTI', async () => {
    const result = await conn.client.multi().rPush('l', ['a', 'b']).lPop('l').blPop('l', 0).lLen('l').exec();
    expect(result).toEqual([2, 'a', { key: 'l', element: 'b' }, 0]);
  });
});

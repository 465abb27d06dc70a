/**
 * Sorted sets, geo and HyperLogLog through real clients over TCP: ioredis (RESP2) and node-redis
 * (RESP2 and RESP3) — pipelines, blocking pops with timeouts served by another connection, scan
 * streams, doubles as RESP3 decodes them, geo searches with distances and coordinates.
 */
import { blockedClients, useEngine, useIoredisPair, useNodeRedisPair } from './support/clients';

const engine = useEngine();

describe('ioredis', () => {
  const conn = useIoredisPair(engine);

  test('sorted-set commands in a pipeline', async () => {
    const results = await conn.client.pipeline()
      .zadd('z', 1, 'a', 2, 'b', 3, 'c')
      .zincrby('z', 0.5, 'a')
      .zrange('z', 0, -1, 'WITHSCORES')
      .zrangebyscore('z', '(1', '+inf', 'LIMIT', 0, 1)
      .zrank('z', 'c')
      .zrank('z', 'c', 'WITHSCORE')
      .zpopmax('z')
      .zmpop(1, ['z'], 'MIN', 'COUNT', 5)
      .exists('z')
      .exec();
    expect(results!.map(([err, value]) => (err ? err.message : value))).toEqual([
      3, '1.5', ['a', '1.5', 'b', '2', 'c', '3'], ['a'], 2, [2, '3'], ['c', '3'], ['z', [['a', '1.5'], ['b', '2']]], 0,
    ]);
  });

  test('BZPOPMIN times out with null, or is served by another connection', async () => {
    const started = Date.now();
    expect(await conn.client.bzpopmin('q', 0.1)).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    const waiting = conn.client.bzpopmax('q', 'r', 5);
    await blockedClients(engine);
    expect(await conn.other.zadd('r', 1, 'x', 2, 'y')).toBe(2);
    expect(await waiting).toEqual(['r', 'y', '2']);
    expect(await conn.client.zrange('r', 0, -1)).toEqual(['x']);
  });

  test('BZMPOP served by a store command on another connection', async () => {
    const waiting = conn.client.bzmpop(5, 2, 'k1', 'k2', 'MAX', 'COUNT', 2);
    await blockedClients(engine);
    await conn.other.zadd('src', 1, 'a', 2, 'b', 3, 'c');
    await conn.other.zunionstore('k2', 1, 'src');
    expect(await waiting).toEqual(['k2', [['c', '3'], ['b', '2']]]);
  });

  test('zscan streams every member of a large set', async () => {
    const args: (string | number)[] = [];
    for (let i = 0; i < 2000; i++) args.push(i, `m${i}`);
    await conn.client.zadd('big', ...args);
    expect(await conn.client.object('ENCODING', 'big')).toBe('skiplist');
    const seen = new Map<string, string>();
    await new Promise<void>((resolve, reject) => {
      const stream = conn.client.zscanStream('big', { count: 100 });
      stream.on('data', (pairs: string[]) => {
        for (let i = 0; i < pairs.length; i += 2) seen.set(pairs[i], pairs[i + 1]);
      });
      stream.on('end', () => resolve());
      stream.on('error', reject);
    });
    expect(seen.size).toBe(2000);
    expect(seen.get('m1234')).toBe('1234');
  });

  test('geo search with distances, hashes and coordinates', async () => {
    await conn.client.geoadd('Sicily', 13.361389, 38.115556, 'Palermo', 15.087269, 37.502669, 'Catania');
    expect(await conn.client.geodist('Sicily', 'Palermo', 'Catania', 'KM')).toBe('166.2742');
    expect(await conn.client.geohash('Sicily', 'Palermo', 'nope')).toEqual(['sqc8b49rny0', null]);
    expect(await conn.client.geopos('Sicily', 'Palermo')).toEqual([['13.36138933897018433', '38.11555639549629859']]);
    expect(await conn.client.geosearch('Sicily', 'FROMLONLAT', 15, 37, 'BYRADIUS', 200, 'km', 'ASC', 'WITHDIST', 'WITHCOORD', 'WITHHASH')).toEqual([
      ['Catania', '56.4413', 3479447370796909, ['15.08726745843887329', '37.50266842333162032']],
      ['Palermo', '190.4424', 3479099956230698, ['13.36138933897018433', '38.11555639549629859']],
    ]);
    expect(await conn.client.georadius('Sicily', 15, 37, 100, 'km')).toEqual(['Catania']);
  });

  test('HyperLogLog counts and merges', async () => {
    const members = Array.from({ length: 5000 }, (_, i) => `user:${i}`);
    expect(await conn.client.pfadd('h1', ...members.slice(0, 3000))).toBe(1);
    expect(await conn.client.pfadd('h2', ...members.slice(2000))).toBe(1);
    const union = await conn.client.pfcount('h1', 'h2');
    expect(Math.abs(union - 5000)).toBeLessThan(5000 * 0.05);
    expect(await conn.client.pfmerge('h3', 'h1', 'h2')).toBe('OK');
    expect(await conn.client.pfcount('h3')).toBe(union);
    const raw = await conn.client.getBuffer('h3');
    expect(raw!.subarray(0, 4).toString()).toBe('HYLL');
  });

  test('binary members round-trip', async () => {
    const value = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await conn.client.zadd('bz', 1, value);
    expect(await conn.client.zrangeBuffer('bz', 0, -1)).toEqual([value]);
    expect(await conn.client.zscore('bz', value)).toBe('1');
  });
});

describe.each([2, 3] as const)('node-redis RESP%i', (resp) => {
  const conn = useNodeRedisPair(engine, resp);

  test('scores decode as numbers, ranges with scores as objects', async () => {
    await conn.client.zAdd('z', [{ score: 0.1, value: 'a' }, { score: 2, value: 'b' }, { score: -Infinity, value: 'c' }]);
    expect(await conn.client.zScore('z', 'a')).toBe(0.1);
    expect(await conn.client.zmScore('z', ['a', 'nope'])).toEqual([0.1, null]);
    expect(await conn.client.zRangeWithScores('z', 0, -1)).toEqual([
      { value: 'c', score: -Infinity }, { value: 'a', score: 0.1 }, { value: 'b', score: 2 },
    ]);
    expect(await conn.client.zRankWithScore('z', 'b')).toEqual({ rank: 2, score: 2 });
    expect(await conn.client.zIncrBy('z', 0.2, 'a')).toBeCloseTo(0.3, 15);
    expect(await conn.client.zUnionWithScores(['z', 'z'])).toEqual([
      { value: 'c', score: -Infinity }, { value: 'a', score: 0.6000000000000001 }, { value: 'b', score: 4 },
    ]);
  });

  test('BZPOPMIN with a timeout, and ZMPOP', async () => {
    expect(await conn.client.bzPopMin('q', 0.05)).toBeNull();
    const waiting = conn.client.bzPopMin(['q', 'r'], 5);
    await blockedClients(engine);
    await conn.other.zAdd('r', { score: 7, value: 'x' });
    expect(await waiting).toEqual({ key: 'r', value: 'x', score: 7 });
    await conn.client.zAdd('m', [{ score: 1, value: 'a' }, { score: 2, value: 'b' }]);
    expect(await conn.client.zmPop('m', 'MAX', { COUNT: 5 })).toEqual({
      key: 'm', members: [{ value: 'b', score: 2 }, { value: 'a', score: 1 }],
    });
  });

  test('geo replies decode to coordinates and distances', async () => {
    await conn.client.geoAdd('Sicily', [
      { longitude: 13.361389, latitude: 38.115556, member: 'Palermo' },
      { longitude: 15.087269, latitude: 37.502669, member: 'Catania' },
    ]);
    expect(await conn.client.geoDist('Sicily', 'Palermo', 'Catania')).toBe(166274.1516);
    const found = await conn.client.geoSearchWith('Sicily', { longitude: 15, latitude: 37 }, { radius: 200, unit: 'km' }, ['WITHDIST', 'WITHCOORD'], { SORT: 'ASC' });
    expect(found.map((p) => p.member)).toEqual(['Catania', 'Palermo']);
    expect(Number(found[0].distance)).toBe(56.4413);
    expect(Number(found[0].coordinates!.longitude)).toBeCloseTo(15.087269, 5);
    expect(await conn.client.geoSearchStore('dst', 'Sicily', { longitude: 15, latitude: 37 }, { radius: 100, unit: 'km' })).toBe(1);
  });

  test('sorted sets in MULTI with a non-blocking BZPOPMAX', async () => {
    const result = await conn.client.multi().zAdd('z', { score: 1, value: 'a' }).bzPopMax('z', 0).bzPopMax('z', 0).zCard('z').exec();
    expect(result).toEqual([1, { key: 'z', value: 'a', score: 1 }, null, 0]);
  });

  test('HyperLogLog', async () => {
    expect(await conn.client.pfAdd('h', ['a', 'b', 'c'])).toBe(1);
    expect(await conn.client.pfCount('h')).toBe(3);
  });
});

/**
 * Metering and usage limits of serverless caches, end to end with real clients: ECPUs of known
 * requests, the metrics the cache exposes, throttling above the ECPUPerSecond maximum, and
 * eviction at the DataStorage maximum (with a small "gigabyte" so the test does not fill one).
 */
import { Size } from 'aws-cdk-lib';
import Redis from 'ioredis';
import { cache, ecpusOf, metrics, redis, serverlessStack, startWithRuntime, TextSession, until } from './support';
import { Simulator, SimulatorFixture } from '../../../src';
import { Engine } from '../../../src/catalog';
import { THROTTLED_ERROR as MEMCACHED_THROTTLED } from '../../../src/simulator/runtime/serverless/memcached/proxy-connection';
import { THROTTLED_ERROR } from '../../../src/simulator/runtime/serverless/valkey/proxy-connection';

const KB = 1024;
const THROTTLED_TEXT = `${MEMCACHED_THROTTLED}\r\n`;

const stack = serverlessStack((s, vpc) => {
  cache(s, vpc, 'Counted', { serverlessCacheName: 'counted' });
  cache(s, vpc, 'Limited', { serverlessCacheName: 'limited', cacheUsageLimits: { requestRateLimitMaximum: 1000 } });
  cache(s, vpc, 'LimitedPages', { serverlessCacheName: 'limited-pages', engine: Engine.MEMCACHED, cacheUsageLimits: { requestRateLimitMaximum: 1000 } });
  cache(s, vpc, 'Pages', { serverlessCacheName: 'pages', engine: Engine.MEMCACHED });
});

describe('serverless metering and usage limits', () => {
  const fixture = SimulatorFixture.forStack(stack, { seed: 'serverless-usage' });
  const sim = (): Simulator => fixture.simulator;
  const clients: Redis[] = [];
  const client = (name: string) => {
    const c = redis(sim(), sim().endpoint(name), { maxRetriesPerRequest: 0 });
    clients.push(c);
    return c;
  };
  afterAll(() => clients.forEach((c) => c.disconnect()));

  test('ECPUs of simple reads and writes follow the data they transfer, with a minimum of 1', async () => {
    const c = client('counted');
    await c.ping();
    const value = 'v'.repeat(100);
    await c.set('small', value);
    expect(await ecpusOf(sim(), 'counted', () => c.get('small'))).toBe(1);
    // A 3.2 KB SET: its key and value, and the OK it gets back.
    const doc = 'd'.repeat(Math.round(3.2 * KB));
    const setCost = await ecpusOf(sim(), 'counted', () => c.set('doc', doc));
    expect(setCost).toBeCloseTo(('doc'.length + doc.length + 'OK'.length) / KB, 9);
    expect(setCost).toBeCloseTo(3.2, 1);
    expect(await ecpusOf(sim(), 'counted', () => c.get('doc'))).toBeCloseTo(('doc'.length + doc.length) / KB, 9);
  });

  test('multi-item commands cost one ECPU per item, or their data when that is higher', async () => {
    const c = client('counted');
    await c.ping();
    await c.mset('{m}1', 'a', '{m}2', 'b', '{m}3', 'c');
    expect(await ecpusOf(sim(), 'counted', () => c.mget('{m}1', '{m}2', '{m}3'))).toBe(3);
    const third = 'x'.repeat(Math.round((3.2 * KB) / 3));
    await c.mset('{big}1', third, '{big}2', third, '{big}3', third);
    const big = await ecpusOf(sim(), 'counted', () => c.mget('{big}1', '{big}2', '{big}3'));
    expect(big).toBeCloseTo((3 * '{big}1'.length + 3 * third.length) / KB, 9);
    expect(big).toBeGreaterThan(3);
    const twoThirds = 'x'.repeat(Math.round((2 * KB) / 3));
    await c.mset('{mid}1', twoThirds, '{mid}2', twoThirds, '{mid}3', twoThirds);
    expect(await ecpusOf(sim(), 'counted', () => c.mget('{mid}1', '{mid}2', '{mid}3'))).toBe(3);
  });

  test('commands that work on large data structures are charged by engine time against the GET/SET baseline', async () => {
    const c = client('counted');
    // Simple GET/SETs set the cache's vCPU baseline: the median of the last 255, so enough of them
    // that the first, slow ones of a cold process (or a busy machine) have left the window.
    for (let round = 0; round < 4; round++) {
      const pipeline = c.pipeline();
      for (let i = 0; i < 200; i++) pipeline.set(`base:${i}`, 'v');
      await pipeline.exec();
    }
    const members = Array.from({ length: 20_000 }, (_, i) => `m${i}`);
    await c.sadd('{s}a', ...members);
    await c.sadd('{s}b', ...members);
    await c.sadd('{s}tiny1', 'a', 'b');
    await c.sadd('{s}tiny2', 'b', 'c');
    // Engine time is measured, so a single run may include a pause (garbage collection, the
    // machine's other work): the cheapest of a few runs is the command's own cost.
    const cheapest = async (keys: string[]) => {
      const costs: number[] = [];
      for (let i = 0; i < 5; i++) costs.push(await ecpusOf(sim(), 'counted', () => c.call('SINTERCARD', 2, ...keys)));
      return Math.min(...costs);
    };
    const heavy = await cheapest(['{s}a', '{s}b']);
    const light = await cheapest(['{s}tiny1', '{s}tiny2']);
    // Two keys, a few bytes: without the vCPU dimension both would cost 2 ECPUs.
    expect(heavy).toBeGreaterThan(10);
    expect(heavy).toBeGreaterThan(light * 3);
  });

  test('the metrics source reports ECPUs, commands by type, hits and misses, bytes, connections and latency', async () => {
    const c = client('counted');
    await c.ping();
    const before = metrics(sim(), 'counted');
    await c.set('hit', '1');
    await c.get('hit');
    await c.get('miss');
    await c.hset('h', 'f', 'v');
    const after = metrics(sim(), 'counted');
    expect(after.clusterId).toBe('counted');
    expect(after.engine).toBe('valkey');
    expect(after.totalCmdsCount - before.totalCmdsCount).toBe(4);
    expect(after.elastiCacheProcessingUnits - before.elastiCacheProcessingUnits).toBe(4);
    expect(after.cacheHits - before.cacheHits).toBe(1);
    expect(after.cacheMisses - before.cacheMisses).toBe(1);
    expect(after.commandTypes.GetTypeCmds.count - (before.commandTypes.GetTypeCmds?.count ?? 0)).toBe(2);
    expect(after.commandTypes.SetTypeCmds.count - (before.commandTypes.SetTypeCmds?.count ?? 0)).toBe(2);
    expect(after.commandTypes.HashBasedCmds.count - (before.commandTypes.HashBasedCmds?.count ?? 0)).toBe(1);
    expect(after.bytesUsedForCache).toBeGreaterThan(before.bytesUsedForCache);
    expect(after.currConnections).toBeGreaterThan(0);
    expect(after.networkBytesIn).toBeGreaterThan(before.networkBytesIn);
    expect(after.networkBytesOut).toBeGreaterThan(before.networkBytesOut);
    expect(after.limits).toEqual({ ecpuPerSecondMax: undefined, dataStorageMaxBytes: undefined });
    const cacheRef = sim()._runtime.cache('counted') as unknown as { meter: { drainLatency(): { read: number[]; write: number[] } } };
    const latency = cacheRef.meter.drainLatency();
    expect(latency.read.length).toBeGreaterThan(0);
    expect(latency.write.length).toBeGreaterThan(0);
    expect(latency.read.every((us) => us > 0 && us < 1_000_000)).toBe(true);
  });

  test('requests above the ECPUPerSecond maximum are throttled with an error and counted in ThrottledCmds', async () => {
    const c = client('limited');
    // 10 KB values: each GET costs about 10 ECPUs, so 3000 of them ask for 30 s of a 1000 ECPU/s
    // budget, and throttling shows however slowly the machine serves them.
    const value = 'v'.repeat(10 * KB);
    await c.set('t', value);
    const cost = ('t'.length + value.length) / KB;
    const started = Date.now();
    const pipeline = c.pipeline();
    for (let i = 0; i < 3000; i++) pipeline.get('t');
    const results = (await pipeline.exec())!;
    const elapsed = (Date.now() - started) / 1000;
    const throttled = results.filter(([err]) => err !== null);
    const served = results.length - throttled.length;
    expect(throttled.length).toBeGreaterThan(0);
    expect(new Set(throttled.map(([err]) => err!.message))).toEqual(new Set([THROTTLED_ERROR.slice(1)]));
    // The bucket holds one second of ECPUs and refills at 1000 per second; the last admitted
    // request may overdraw it by its own cost.
    expect(served * cost).toBeLessThanOrEqual(1000 + 1000 * elapsed + cost);
    expect(metrics(sim(), 'limited').throttledCmds).toBe(throttled.length);
    // Once the bucket has refilled, requests are served again.
    await until(async () => (await c.get('t').catch(() => undefined)) === value, 'the ECPU bucket to refill');
    expect(metrics(sim(), 'limited').limits.ecpuPerSecondMax).toBe(1000);
  });

  test('Memcached: a 3.2 KB set costs 3.2 ECPUs, a multiget one per item; the maximum throttles with SERVER_ERROR', async () => {
    const s = await TextSession.open(sim().endpoint('pages'), sim().caCertificatePem);
    const limited = await TextSession.open(sim().endpoint('limited-pages'), sim().caCertificatePem);
    try {
      const doc = 'd'.repeat(Math.round(3.2 * KB));
      const line = `k 0 0 ${doc.length}`;
      const cost = await ecpusOf(sim(), 'pages', () => s.send(`set ${line}\r\n${doc}\r\n`));
      expect(cost).toBeCloseTo((line.length + doc.length) / KB, 9);
      expect(cost).toBeCloseTo(3.2, 1);
      await s.send('set a 0 0 1\r\n1\r\nset b 0 0 1\r\n1\r\n', ['STORED\r\nSTORED\r\n']);
      expect(await ecpusOf(sim(), 'pages', () => s.send('get a b c\r\n', ['END\r\n']))).toBe(3);
      // 10 KB values, as above: 3000 gets ask for about 30 s of the 1000 ECPU/s budget.
      const big = 'v'.repeat(10 * KB);
      await limited.send(`set a 0 0 ${big.length}\r\n${big}\r\n`);
      const replies = (text: string) => text.split('END\r\n').length - 1 + text.split(THROTTLED_TEXT).length - 1;
      const reply = await limited.sendUntil('get a\r\n'.repeat(3000), (text) => replies(text) >= 3000, 60_000);
      const throttled = reply.split(THROTTLED_TEXT).length - 1;
      expect(replies(reply)).toBe(3000);
      expect(throttled).toBeGreaterThan(0);
      expect(reply).toContain(`VALUE a 0 ${big.length}\r\n`);
      expect(metrics(sim(), 'limited-pages').throttledCmds).toBe(throttled);
    } finally {
      s.close();
      limited.close();
    }
  });
});

describe('the DataStorage maximum', () => {
  const MB = 1024 * 1024;

  test('Valkey / Redis OSS evicts keys with a TTL (volatile-lru), keeps the others, then refuses writes with OOM', async () => {
    const s = serverlessStack((st, vpc) => {
      cache(st, vpc, 'Small', { serverlessCacheName: 'small', cacheUsageLimits: { dataStorageMaximumSize: Size.gibibytes(1) } });
    }, 'EvictionStack');
    // One "gigabyte" is 256 KiB here: 128 KiB per internal shard.
    const simulation = await startWithRuntime(s, { bytesPerGigabyte: 256 * 1024 }, 'serverless-eviction');
    const e = simulation.endpoint('small');
    const tls = { ca: simulation.tls.caCertificatePem, servername: e.hostname };
    const c = new Redis({ host: e.host, port: e.port, tls, maxRetriesPerRequest: 0 });
    try {
      const value = 'v'.repeat(200);
      for (let i = 0; i < 50; i++) await c.set(`keep:${i}`, value);
      for (let i = 0; i < 3000; i++) await c.set(`ttl:${i}`, value, 'EX', 3600);
      const cacheRef = simulation.cache('small') as unknown as { meter: { snapshot(): { evictions: number; bytesUsedForCache: number; limits: { dataStorageMaxBytes?: number } } } };
      const snapshot = cacheRef.meter.snapshot();
      expect(snapshot.limits.dataStorageMaxBytes).toBe(256 * 1024);
      expect(snapshot.evictions).toBeGreaterThan(1000);
      expect(snapshot.bytesUsedForCache).toBeLessThanOrEqual(256 * 1024 + 2 * 1024);
      for (let i = 0; i < 50; i++) expect(await c.exists(`keep:${i}`)).toBe(1);
      // Nothing with a TTL left to evict: more data is refused, as the service refuses it.
      let refused = '';
      for (let i = 0; i < 3000 && !refused; i++) refused = await c.set(`more:${i}`, value).then(() => '', (err: Error) => err.message);
      expect(refused).toBe("OOM command not allowed when used memory > 'maxmemory'.");
    } finally {
      c.disconnect();
      await simulation.stop();
    }
  });

  test('Memcached evicts least recently used items at the maximum', async () => {
    const s = serverlessStack((st, vpc) => {
      cache(st, vpc, 'SmallPages', { serverlessCacheName: 'small-pages', engine: Engine.MEMCACHED, cacheUsageLimits: { dataStorageMaximumSize: Size.gibibytes(1) } });
    }, 'MemcachedEvictionStack');
    // One "gigabyte" is 8 MiB here: 4 MB per internal engine.
    const simulation = await startWithRuntime(s, { bytesPerGigabyte: 8 * MB }, 'serverless-memcached-eviction');
    const session = await TextSession.open(simulation.endpoint('small-pages'), simulation.tls.caCertificatePem);
    try {
      const value = 'v'.repeat(1000);
      const batch = (from: number) => Array.from({ length: 100 }, (_, i) => `set item:${from + i} 0 0 ${value.length}\r\n${value}\r\n`).join('');
      for (let i = 0; i < 16_000; i += 100) await session.send(batch(i), ['STORED\r\n'.repeat(100)]);
      const cacheRef = simulation.cache('small-pages') as unknown as { meter: { snapshot(): { evictions: number; bytesUsedForCache: number; currItems: number } } };
      const snapshot = cacheRef.meter.snapshot();
      expect(snapshot.evictions).toBeGreaterThan(0);
      expect(snapshot.bytesUsedForCache).toBeLessThanOrEqual(8 * MB);
      expect(snapshot.currItems).toBeLessThan(16_000);
      expect(await session.send('get item:15999\r\n', ['END\r\n'])).toContain('VALUE item:15999');
      expect(await session.send('get item:0\r\n', ['END\r\n'])).toBe('END\r\n');
    } finally {
      session.close();
      await simulation.stop();
    }
  });
});

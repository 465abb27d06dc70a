/**
 * ModifyServerlessCache changes that reach the running cache, through the real SDK with clients
 * connected: new usage limits throttle and evict at once (0/0 removes a limit), a new user group
 * closes the connections of users that left it, and an engine upgrade (Redis OSS 7 → Valkey 8)
 * restarts the engines keeping the data. Each goes `modifying` → `available` with events.
 */
import {
  CreateServerlessCacheCommand, CreateUserCommand, CreateUserGroupCommand, DescribeEventsCommand, DescribeServerlessCachesCommand,
  ElastiCacheClient, ModifyServerlessCacheCommand, ServerlessCache,
} from '@aws-sdk/client-elasticache';
import Redis from 'ioredis';
import { failure, sdkClient, startSimulator, tlsRedis } from './support';
import type { Simulator } from '../../../src';
import { loadTopology, ServerlessCacheModel } from '../../../src/simulator/model';
import { CacheRuntimeRegistry, Simulation } from '../../../src/simulator/runtime';
import { serverlessRuntime, ServerlessMemcachedCache, ServerlessValkeyCache } from '../../../src/simulator/runtime/serverless';
import { THROTTLED_ERROR } from '../../../src/simulator/runtime/serverless/valkey/proxy-connection';
import { eventually } from '../../support/eventually';
import { metrics, TextSession } from '../serverless/support';

let sim: Simulator;
let client: ElastiCacheClient;
const opened: Redis[] = [];
beforeAll(async () => {
  sim = await startSimulator();
  client = sdkClient(sim);
});
afterAll(async () => {
  for (const redis of opened) redis.disconnect();
  await sim?.stop();
});

async function describeCache(name: string): Promise<ServerlessCache> {
  return (await client.send(new DescribeServerlessCachesCommand({ ServerlessCacheName: name }))).ServerlessCaches![0];
}

async function available(name: string): Promise<ServerlessCache> {
  return eventually(async () => {
    const cache = await describeCache(name);
    return cache.Status === 'available' ? cache : undefined;
  }, 20_000, `${name} to be available`);
}

/** A TLS connection to the cache's endpoint, optionally authenticated; undefined when refused. */
async function connect(name: string, auth: { username?: string; password?: string } = {}): Promise<Redis | undefined> {
  const redis = await tlsRedis(sim, name, auth);
  if (redis) opened.push(redis);
  return redis;
}

/** How many of `count` pipelined GETs were throttled. */
async function throttledOf(redis: Redis, count: number): Promise<number> {
  const pipeline = redis.pipeline();
  for (let i = 0; i < count; i++) pipeline.get(`k${i % 10}`);
  const results = (await pipeline.exec())!;
  return results.filter(([err]) => err !== null && `-${err.message}` === THROTTLED_ERROR).length;
}

/** One serverless cache of a template, on a runtime whose "gigabyte" is small enough to fill in a test. */
async function startServerless(properties: Record<string, unknown>, bytesPerGigabyte: number): Promise<Simulation> {
  const template = { Resources: { Cache: { Type: 'AWS::ElastiCache::ServerlessCache', Properties: properties } } };
  const topology = loadTopology({ template }, { seed: 'serverless-changes' });
  return Simulation.start(topology, { runtimes: new CacheRuntimeRegistry().register(serverlessRuntime({ bytesPerGigabyte })) });
}

async function messages(name: string): Promise<string[]> {
  const { Events } = await client.send(new DescribeEventsCommand({ SourceType: 'serverless-cache', SourceIdentifier: name }));
  return Events!.map((e) => e.Message!);
}

test('CacheUsageLimits change on the running cache: throttling follows the new ECPUPerSecond maximum, 0/0 removes it', async () => {
  await client.send(new CreateServerlessCacheCommand({
    ServerlessCacheName: 'limits',
    Engine: 'valkey',
    CacheUsageLimits: { ECPUPerSecond: { Maximum: 1000 }, DataStorage: { Maximum: 10, Unit: 'GB' } },
  }));
  await available('limits');
  const redis = (await connect('limits'))!;
  // 20 000 one-ECPU requests against a bucket of 1000 that refills 1000 per second: most are throttled.
  expect(await throttledOf(redis, 20_000)).toBeGreaterThan(1000);

  const { ServerlessCache: modifying } = await client.send(new ModifyServerlessCacheCommand({
    ServerlessCacheName: 'limits', CacheUsageLimits: { ECPUPerSecond: { Maximum: 15_000_000, Minimum: 1000 }, DataStorage: { Maximum: 20, Minimum: 2, Unit: 'GB' } },
  }));
  expect(modifying!.Status).toBe('modifying');
  const after = await available('limits');
  expect(after.CacheUsageLimits).toEqual({ DataStorage: { Maximum: 20, Minimum: 2, Unit: 'GB' }, ECPUPerSecond: { Maximum: 15_000_000, Minimum: 1000 } });
  expect(metrics(sim, 'limits').limits).toEqual({ ecpuPerSecondMax: 15_000_000, dataStorageMaxBytes: 20 * 10 ** 9 });
  expect(await throttledOf(redis, 20_000)).toBe(0);
  expect(await messages('limits')).toContain('Serverless cache limits modified: CacheUsageLimits');

  // Lowered again: the next burst is throttled at once.
  await client.send(new ModifyServerlessCacheCommand({ ServerlessCacheName: 'limits', CacheUsageLimits: { ECPUPerSecond: { Maximum: 1000 } } }));
  expect(await throttledOf(redis, 20_000)).toBeGreaterThan(1000);
  await available('limits');
  // 0/0 removes the limit (the DataStorage limit, not named, stays).
  await client.send(new ModifyServerlessCacheCommand({ ServerlessCacheName: 'limits', CacheUsageLimits: { ECPUPerSecond: { Maximum: 0, Minimum: 0 } } }));
  expect((await available('limits')).CacheUsageLimits).toEqual({ DataStorage: { Maximum: 20, Minimum: 2, Unit: 'GB' } });
  expect(await throttledOf(redis, 20_000)).toBe(0);
  expect(metrics(sim, 'limits').limits.ecpuPerSecondMax).toBeUndefined();
});

test('CacheUsageLimits outside the documented bounds are refused and change nothing', async () => {
  await client.send(new CreateServerlessCacheCommand({ ServerlessCacheName: 'bounds', Engine: 'valkey' }));
  await available('bounds');
  const modify = (limits: Record<string, unknown>) => failure(client.send(new ModifyServerlessCacheCommand({ ServerlessCacheName: 'bounds', CacheUsageLimits: limits })));
  expect(await modify({ ECPUPerSecond: { Maximum: 500 } })).toMatchObject({
    name: 'InvalidParameterValueException', message: 'CacheUsageLimits ECPUPerSecond must be between 1000 and 15000000; got 500.',
  });
  expect(await modify({ DataStorage: { Maximum: 5001, Unit: 'GB' } })).toMatchObject({ message: 'CacheUsageLimits DataStorage must be between 1 and 5000; got 5001.' });
  expect(await modify({ DataStorage: { Maximum: 5, Minimum: 10, Unit: 'GB' } })).toMatchObject({ message: 'CacheUsageLimits DataStorage Minimum (10) is greater than Maximum (5).' });
  expect((await modify({ DataStorage: { Maximum: 5, Unit: 'MB' } })).name).toBe('InvalidParameterValueException');
  const cache = await describeCache('bounds');
  expect(cache).toMatchObject({ Status: 'available' });
  expect(cache.CacheUsageLimits).toBeUndefined();
});

test('UserGroupId swaps RBAC on the running cache: connections of users that left are closed; RemoveUserGroup opens it', async () => {
  await client.send(new CreateUserCommand({ UserId: 'sl-ann', UserName: 'ann', Engine: 'valkey', AccessString: 'on ~* +@all', Passwords: ['ann-password-00001'] }));
  await client.send(new CreateUserCommand({ UserId: 'sl-ben', UserName: 'ben', Engine: 'valkey', AccessString: 'on ~* +@all', Passwords: ['ben-password-00001'] }));
  await client.send(new CreateUserGroupCommand({ UserGroupId: 'sl-grp-a', Engine: 'valkey', UserIds: ['sl-ann'] }));
  await client.send(new CreateUserGroupCommand({ UserGroupId: 'sl-grp-b', Engine: 'valkey', UserIds: ['sl-ben'] }));
  await sim.settle();
  await client.send(new CreateServerlessCacheCommand({ ServerlessCacheName: 'rbac-swap', Engine: 'valkey', UserGroupId: 'sl-grp-a' }));
  await available('rbac-swap');

  const ann = await connect('rbac-swap', { username: 'ann', password: 'ann-password-00001' });
  expect(ann).toBeDefined();
  await ann!.set('k', 'v');
  expect(await connect('rbac-swap', { username: 'ben', password: 'ben-password-00001' })).toBeUndefined();

  const { ServerlessCache: modifying } = await client.send(new ModifyServerlessCacheCommand({ ServerlessCacheName: 'rbac-swap', UserGroupId: 'sl-grp-b' }));
  expect(modifying).toMatchObject({ Status: 'modifying', UserGroupId: 'sl-grp-b' });
  await eventually(() => ann!.status === 'end', 10_000, "ann's connection is closed");
  expect((await available('rbac-swap')).UserGroupId).toBe('sl-grp-b');
  const ben = await connect('rbac-swap', { username: 'ben', password: 'ben-password-00001' });
  expect(ben).toBeDefined();
  expect(await ben!.get('k')).toBe('v');
  expect(await connect('rbac-swap', { username: 'ann', password: 'ann-password-00001' })).toBeUndefined();
  expect(await connect('rbac-swap')).toBeUndefined();

  await client.send(new ModifyServerlessCacheCommand({ ServerlessCacheName: 'rbac-swap', RemoveUserGroup: true }));
  await eventually(() => ben!.status === 'end', 10_000, "ben's connection is closed");
  expect((await available('rbac-swap')).UserGroupId).toBeUndefined();
  const open = await connect('rbac-swap');
  expect(await open!.get('k')).toBe('v');
  expect(await messages('rbac-swap')).toEqual(expect.arrayContaining([
    'Serverless cache rbac-swap modified: UserGroupId', 'Serverless cache rbac-swap modified: RemoveUserGroup',
  ]));

  expect(await failure(client.send(new ModifyServerlessCacheCommand({ ServerlessCacheName: 'rbac-swap', UserGroupId: 'no-such-group' }))))
    .toMatchObject({ name: 'UserGroupNotFoundFault' });
  expect((await failure(client.send(new ModifyServerlessCacheCommand({ ServerlessCacheName: 'rbac-swap', UserGroupId: 'sl-grp-a', RemoveUserGroup: true })))).name)
    .toBe('InvalidParameterCombinationException');
  await client.send(new CreateServerlessCacheCommand({ ServerlessCacheName: 'rbac-pages', Engine: 'memcached' }));
  await available('rbac-pages');
  expect(await failure(client.send(new ModifyServerlessCacheCommand({ ServerlessCacheName: 'rbac-pages', UserGroupId: 'sl-grp-a' })))).toMatchObject({
    name: 'InvalidParameterCombinationException', message: 'User groups are not supported for Memcached serverless caches.',
  });
});

test('Redis OSS 7 → Valkey 8 (Engine): the engines restart on Valkey keeping the data; downgrades and unknown majors are refused', async () => {
  await client.send(new CreateServerlessCacheCommand({ ServerlessCacheName: 'to-valkey', Engine: 'redis', MajorEngineVersion: '7' }));
  await available('to-valkey');
  const redis = (await connect('to-valkey'))!;
  for (let i = 0; i < 100; i++) await redis.set(`key:${i}`, `value:${i}`);
  await redis.set('ttl-key', 'x', 'EX', 3600);
  const serverOf = async (r: Redis) => {
    const reply = (await r.call('HELLO', '2')) as string[];
    return { server: reply[reply.indexOf('server') + 1], version: reply[reply.indexOf('version') + 1] };
  };
  expect(await serverOf(redis)).toEqual({ server: 'redis', version: '7.1.0' });

  const { ServerlessCache: modifying } = await client.send(new ModifyServerlessCacheCommand({ ServerlessCacheName: 'to-valkey', Engine: 'valkey', MajorEngineVersion: '8' }));
  expect(modifying).toMatchObject({ Status: 'modifying', Engine: 'redis' });
  const after = await available('to-valkey');
  expect(after).toMatchObject({ Engine: 'valkey', MajorEngineVersion: '8', FullEngineVersion: '8.2' });
  expect(await messages('to-valkey')).toEqual(expect.arrayContaining(['Upgrading engine from redis 7 to valkey 8', 'Finished upgrading engine to valkey 8.2']));

  const valkey = (await connect('to-valkey'))!;
  expect((await serverOf(valkey)).server).toBe('valkey');
  expect(await valkey.get('key:0')).toBe('value:0');
  expect(await valkey.get('key:99')).toBe('value:99');
  expect(await valkey.ttl('ttl-key')).toBeGreaterThan(3500);
  expect(await valkey.dbsize()).toBe(101);

  const modify = (params: Record<string, string>) => failure(client.send(new ModifyServerlessCacheCommand({ ServerlessCacheName: 'to-valkey', ...params })));
  expect(await modify({ MajorEngineVersion: '7' })).toMatchObject({
    name: 'InvalidParameterCombinationException', message: 'Cannot downgrade valkey from version 8.2 to 7.2: engine versions can only be upgraded.',
  });
  expect(await modify({ MajorEngineVersion: '6' })).toMatchObject({ name: 'InvalidParameterValueException', message: "Invalid MajorEngineVersion '6' for valkey: serverless caches run 7, 8." });
  expect((await modify({ Engine: 'memcached' })).name).toBe('InvalidParameterCombinationException');
  expect((await describeCache('to-valkey')).Status).toBe('available');
});

test('the running engines take a changed DataStorage maximum as their eviction limit', async () => {
  // One "gigabyte" is 256 KiB here: 1 MiB in all, 512 KiB per internal shard.
  const simulation = await startServerless({ ServerlessCacheName: 'shrinking', Engine: 'valkey', CacheUsageLimits: { DataStorage: { Maximum: 4, Unit: 'GB' } } }, 256 * 1024);
  const running = simulation.cache('shrinking') as ServerlessValkeyCache;
  const e = simulation.endpoint('shrinking');
  const tls = { ca: simulation.tls.caCertificatePem, servername: e.hostname };
  const redis = new Redis({ host: e.host, port: e.port, tls, maxRetriesPerRequest: 0 });
  redis.on('error', () => undefined);
  try {
    const value = 'v'.repeat(200);
    const fill = async (prefix: string, count: number) => {
      const pipeline = redis.pipeline();
      for (let i = 0; i < count; i++) pipeline.set(`${prefix}:${i}`, value, 'EX', 3600);
      await pipeline.exec();
    };
    await fill('ttl', 2000);
    expect(running.meter.snapshot().evictions).toBe(0);
    // The maximum goes down to one "gigabyte": writes now evict down to it.
    running.reconfigure({ ...running.model, dataStorage: { maximum: 1, unit: 'GB' } } as ServerlessCacheModel);
    for (let i = 0; i < 10; i++) await redis.set(`more:${i}`, value, 'EX', 3600);
    const snapshot = running.meter.snapshot();
    expect(snapshot.limits.dataStorageMaxBytes).toBe(256 * 1024);
    expect(snapshot.evictions).toBeGreaterThan(500);
    expect(snapshot.bytesUsedForCache).toBeLessThanOrEqual(256 * 1024 + 2 * 1024);
    // Removed: nothing is evicted any more.
    running.reconfigure({ ...running.model, dataStorage: undefined } as ServerlessCacheModel);
    const evicted = running.meter.snapshot().evictions;
    await fill('again', 2000);
    expect(running.meter.snapshot().evictions).toBe(evicted);
  } finally {
    redis.disconnect();
    await simulation.stop();
  }
});

test('the running Memcached engines take a changed DataStorage maximum as their memory limit', async () => {
  const MB = 1024 * 1024;
  // One "gigabyte" is 8 MiB here: 32 MiB in all, 16 MiB per internal engine.
  const simulation = await startServerless({ ServerlessCacheName: 'shrinking-pages', Engine: 'memcached', CacheUsageLimits: { DataStorage: { Maximum: 4, Unit: 'GB' } } }, 8 * MB);
  const running = simulation.cache('shrinking-pages') as ServerlessMemcachedCache;
  const limits = () => running.engineServers().map((e) => Number(e.stats().limit_maxbytes));
  const session = await TextSession.open(simulation.endpoint('shrinking-pages'), simulation.tls.caCertificatePem);
  try {
    expect(limits()).toEqual([16 * MB, 16 * MB]);
    running.reconfigure({ ...running.model, dataStorage: { maximum: 1, unit: 'GB' } } as ServerlessCacheModel);
    expect(limits()).toEqual([4 * MB, 4 * MB]);
    const value = 'v'.repeat(1000);
    const batch = (from: number) => Array.from({ length: 100 }, (_, i) => `set item:${from + i} 0 0 ${value.length}\r\n${value}\r\n`).join('');
    for (let i = 0; i < 16_000; i += 100) await session.send(batch(i), ['STORED\r\n'.repeat(100)]);
    const snapshot = running.meter.snapshot();
    expect(snapshot.limits.dataStorageMaxBytes).toBe(8 * MB);
    expect(snapshot.evictions).toBeGreaterThan(0);
    expect(snapshot.bytesUsedForCache).toBeLessThanOrEqual(8 * MB);
    // Removed: each engine has the memory an engine without a maximum starts with (memcached's 64 MB default).
    running.reconfigure({ ...running.model, dataStorage: undefined } as ServerlessCacheModel);
    expect(limits()).toEqual([64 * MB, 64 * MB]);
  } finally {
    session.close();
    await simulation.stop();
  }
});

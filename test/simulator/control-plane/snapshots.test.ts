/**
 * Snapshots end to end: manual snapshot → delete → restore with every key and TTL intact, RDB
 * files exchanged with a real redis-server in both directions (bucket exports and SnapshotArns),
 * serverless snapshots and their restore, and the service's errors.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  CopyServerlessCacheSnapshotCommand, CopySnapshotCommand, CreateReplicationGroupCommand, CreateServerlessCacheCommand,
  CreateServerlessCacheSnapshotCommand, CreateSnapshotCommand, DeleteReplicationGroupCommand, DeleteServerlessCacheSnapshotCommand,
  DeleteSnapshotCommand, DescribeServerlessCacheSnapshotsCommand, DescribeSnapshotsCommand, ExportServerlessCacheSnapshotCommand,
  waitUntilReplicationGroupAvailable, waitUntilReplicationGroupDeleted,
} from '@aws-sdk/client-elasticache';
import Redis from 'ioredis';
import { FAST_WAIT, failure, MEMCACHED_CLUSTER, sdkClient, startSimulator, VALKEY_GROUP } from './support';
import type { Simulator } from '../../../src';
import { hasBinary, startRedisServer } from '../../support/real-servers';

const realRedis = hasBinary('redis-server') ? test : test.skip;
let sim: Simulator;
let stateDir: string;

beforeAll(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-snapshots-'));
  sim = await startSimulator({ Rg: VALKEY_GROUP, Mc: MEMCACHED_CLUSTER }, { stateDir });
});
afterAll(async () => {
  await sim?.stop();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

async function connect(cache: string): Promise<Redis> {
  const endpoint = sim.endpoint(cache);
  const redis = new Redis({ host: endpoint.host, port: endpoint.port, lazyConnect: true });
  await redis.connect();
  return redis;
}

async function withClient<T>(cache: string, fn: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = await connect(cache);
  try {
    return await fn(redis);
  } finally {
    redis.disconnect();
  }
}

async function snapshotAvailable(name: string): Promise<void> {
  const client = sdkClient(sim);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { Snapshots } = await client.send(new DescribeSnapshotsCommand({ SnapshotName: name }));
    if (Snapshots![0].SnapshotStatus === 'available') return;
    if (Date.now() > deadline) throw new Error(`snapshot ${name} stayed ${Snapshots![0].SnapshotStatus}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('snapshot → delete the group → restore: every key, type and TTL is back', async () => {
  const client = sdkClient(sim);
  await client.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: 'source', ReplicationGroupDescription: 'd', Engine: 'valkey', CacheNodeType: 'cache.t3.small', NumCacheClusters: 2,
  }));
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'source' });
  await withClient('source', async (redis) => {
    for (let i = 0; i < 500; i++) await redis.set(`key:${i}`, `value-${i}`);
    await redis.set('expiring', 'soon', 'EX', 3600);
    await redis.hset('hash', { a: '1', b: '2' });
    await redis.rpush('list', 'x', 'y', 'z');
    await redis.zadd('zset', 1, 'one', 2, 'two');
  });
  const created = await client.send(new CreateSnapshotCommand({ ReplicationGroupId: 'source', SnapshotName: 'Source-Manual' }));
  expect(created.Snapshot).toMatchObject({ SnapshotName: 'source-manual', SnapshotStatus: 'creating', SnapshotSource: 'manual', ReplicationGroupId: 'source' });
  expect(await failure(client.send(new CreateSnapshotCommand({ ReplicationGroupId: 'source', SnapshotName: 'source-manual' }))))
    .toMatchObject({ name: 'SnapshotAlreadyExistsFault' });
  await snapshotAvailable('source-manual');
  const { Snapshots } = await client.send(new DescribeSnapshotsCommand({ ReplicationGroupId: 'source', ShowNodeGroupConfig: true }));
  expect(Snapshots).toHaveLength(1);
  expect(Snapshots![0].NodeSnapshots![0]).toMatchObject({ NodeGroupId: '0001', CacheNodeId: '0001' });
  expect(Snapshots![0].NodeSnapshots![0].NodeGroupConfiguration?.ReplicaCount).toBe(1);

  await client.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'source' }));
  await waitUntilReplicationGroupDeleted({ client, ...FAST_WAIT }, { ReplicationGroupId: 'source' });

  // Engine, version and node type come from the snapshot.
  const restored = await client.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: 'restored', ReplicationGroupDescription: 'from a snapshot', SnapshotName: 'source-manual', NumCacheClusters: 1,
  }));
  expect(restored.ReplicationGroup?.CacheNodeType).toBe('cache.t3.small');
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'restored' });
  await withClient('restored', async (redis) => {
    expect(await redis.dbsize()).toBe(504);
    expect(await redis.get('key:123')).toBe('value-123');
    const ttl = await redis.ttl('expiring');
    expect(ttl).toBeGreaterThan(3500);
    expect(ttl).toBeLessThanOrEqual(3600);
    expect(await redis.ttl('key:1')).toBe(-1);
    expect(await redis.hgetall('hash')).toEqual({ a: '1', b: '2' });
    expect(await redis.lrange('list', 0, -1)).toEqual(['x', 'y', 'z']);
    expect(await redis.zrange('zset', 0, -1, 'WITHSCORES')).toEqual(['one', '1', 'two', '2']);
  });
});

test('a snapshot restores into a cluster mode enabled group: keys land on the shard owning their slot', async () => {
  const client = sdkClient(sim);
  await client.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: 'sharded',
    ReplicationGroupDescription: 'd',
    SnapshotName: 'source-manual',
    ClusterMode: 'enabled',
    AutomaticFailoverEnabled: true,
    NumNodeGroups: 3,
    ReplicasPerNodeGroup: 0,
  }));
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'sharded' });
  const endpoint = sim.endpoint('sharded');
  const cluster = new Redis.Cluster([{ host: endpoint.host, port: endpoint.port }], {
    natMap: sim.addressMap(),
    redisOptions: { lazyConnect: false },
  });
  try {
    for (const i of [0, 99, 250, 499]) expect(await cluster.get(`key:${i}`)).toBe(`value-${i}`);
    const sizes = await Promise.all(cluster.nodes('master').map((n) => n.dbsize()));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(504);
    expect(sizes.every((n) => n > 0)).toBe(true);
  } finally {
    cluster.disconnect();
  }
});

realRedis('an exported snapshot of a Redis OSS 7.0 group is an RDB file a real redis-server 7.0 loads', async () => {
  const client = sdkClient(sim);
  await client.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: 'redis-src', ReplicationGroupDescription: 'd', Engine: 'redis', EngineVersion: '7.0', CacheNodeType: 'cache.t3.small', NumCacheClusters: 1,
  }));
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'redis-src' });
  await withClient('redis-src', async (redis) => {
    for (let i = 0; i < 100; i++) await redis.set(`key:${i}`, `value-${i}`);
    await redis.set('expiring', 'soon', 'EX', 3600);
    await redis.hset('hash', { a: '1', b: '2' });
  });
  await client.send(new CreateSnapshotCommand({ ReplicationGroupId: 'redis-src', SnapshotName: 'redis-snap' }));
  await snapshotAvailable('redis-snap');
  await client.send(new CopySnapshotCommand({ SourceSnapshotName: 'redis-snap', TargetSnapshotName: 'exported', TargetBucket: 'my-exports' }));
  const file = sim._managed.service.context.snapshots.objectFile('my-exports', 'exported-0001.rdb')!;
  expect(fs.existsSync(file)).toBe(true);
  const real = await startRedisServer({ dir: path.dirname(file), dbfilename: path.basename(file) });
  const redis = new Redis({ port: real.port, host: '127.0.0.1', lazyConnect: true });
  try {
    await redis.connect();
    expect(await redis.dbsize()).toBe(102);
    expect(await redis.get('key:42')).toBe('value-42');
    expect(await redis.hgetall('hash')).toEqual({ a: '1', b: '2' });
    expect(await redis.ttl('expiring')).toBeGreaterThan(3500);
  } finally {
    redis.disconnect();
    await real.stop();
  }
});

realRedis('an RDB file saved by a real redis-server seeds a new group through SnapshotArns', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'real-rdb-'));
  const real = await startRedisServer({ dir, dbfilename: 'seed.rdb' });
  const redis = new Redis({ port: real.port, host: '127.0.0.1', lazyConnect: true });
  try {
    await redis.connect();
    await redis.set('from-real', 'yes');
    await redis.set('ttl-real', 'x', 'EX', 1000);
    await redis.sadd('set-real', 'a', 'b', 'c');
    await redis.save();
  } finally {
    redis.disconnect();
    await real.stop();
  }
  // A bucket is a directory of the state directory.
  const target = sim._managed.service.context.snapshots.objectFile('seeds', 'seed.rdb')!;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(path.join(dir, 'seed.rdb'), target);
  fs.rmSync(dir, { recursive: true, force: true });

  const client = sdkClient(sim);
  expect(await failure(client.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: 'seeded-bad',
    ReplicationGroupDescription: 'd',
    Engine: 'redis',
    CacheNodeType: 'cache.t3.small',
    SnapshotArns: ['arn:aws:s3:::seeds/missing.rdb'],
  })))).toMatchObject({ name: 'InvalidParameterValueException' });
  await client.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: 'seeded',
    ReplicationGroupDescription: 'd',
    Engine: 'redis',
    CacheNodeType: 'cache.t3.small',
    SnapshotArns: ['arn:aws:s3:::seeds/seed.rdb'],
  }));
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'seeded' });
  await withClient('seeded', async (r) => {
    expect(await r.get('from-real')).toBe('yes');
    expect(await r.ttl('ttl-real')).toBeGreaterThan(900);
    expect((await r.smembers('set-real')).sort()).toEqual(['a', 'b', 'c']);
  });
});

test('snapshot errors: Memcached, unknown snapshots and caches', async () => {
  const client = sdkClient(sim);
  expect(await failure(client.send(new CreateSnapshotCommand({ CacheClusterId: 'tmpl-mc', SnapshotName: 'mc' }))))
    .toMatchObject({ name: 'InvalidParameterCombinationException', status: 400 });
  expect(await failure(client.send(new CreateSnapshotCommand({ SnapshotName: 'nothing' }))))
    .toMatchObject({ name: 'InvalidParameterCombinationException' });
  expect(await failure(client.send(new DeleteSnapshotCommand({ SnapshotName: 'nope' }))))
    .toMatchObject({ name: 'SnapshotNotFoundFault', status: 404 });
  expect(await failure(client.send(new DescribeSnapshotsCommand({ MaxRecords: 51 }))))
    .toMatchObject({ name: 'InvalidParameterValueException' });
  expect(await failure(client.send(new CreateSnapshotCommand({ ReplicationGroupId: 'gone', SnapshotName: 'x' }))))
    .toMatchObject({ name: 'ReplicationGroupNotFoundFault', status: 404 });
  const deleted = await client.send(new DeleteSnapshotCommand({ SnapshotName: 'source-manual' }));
  expect(deleted.Snapshot?.SnapshotStatus).toBe('deleting');
});

test('serverless snapshots: create, describe, restore into a new serverless cache', async () => {
  const client = sdkClient(sim);
  await client.send(new CreateServerlessCacheCommand({ ServerlessCacheName: 'sls', Engine: 'valkey' }));
  await sim.settle();
  const endpoint = sim.endpoint('sls');
  const tls = { ca: sim.caCertificatePem, servername: endpoint.hostname };
  const redis = new Redis({ host: endpoint.host, port: endpoint.port, tls, lazyConnect: true });
  try {
    await redis.connect();
    for (let i = 0; i < 50; i++) await redis.set(`s{${i}}`, String(i));
  } finally {
    redis.disconnect();
  }
  const created = await client.send(new CreateServerlessCacheSnapshotCommand({ ServerlessCacheName: 'sls', ServerlessCacheSnapshotName: 'sls-snap' }));
  expect(created.ServerlessCacheSnapshot).toMatchObject({ ServerlessCacheSnapshotName: 'sls-snap', Status: 'creating', SnapshotType: 'manual' });
  await sim.settle();
  const { ServerlessCacheSnapshots } = await client.send(new DescribeServerlessCacheSnapshotsCommand({ ServerlessCacheName: 'sls' }));
  expect(ServerlessCacheSnapshots![0]).toMatchObject({ Status: 'available', ServerlessCacheConfiguration: { ServerlessCacheName: 'sls', Engine: 'valkey' } });
  expect(await failure(client.send(new DescribeServerlessCacheSnapshotsCommand({ ServerlessCacheSnapshotName: 'none' }))))
    .toMatchObject({ name: 'ServerlessCacheSnapshotNotFoundFault', status: 404 });

  await client.send(new CreateServerlessCacheCommand({ ServerlessCacheName: 'sls-copy', Engine: 'valkey', SnapshotArnsToRestore: [ServerlessCacheSnapshots![0].ARN!] }));
  await sim.settle();
  const copied = await client.send(new CopyServerlessCacheSnapshotCommand({ SourceServerlessCacheSnapshotName: 'sls-snap', TargetServerlessCacheSnapshotName: 'sls-snap-copy' }));
  expect(copied.ServerlessCacheSnapshot).toMatchObject({ ServerlessCacheSnapshotName: 'sls-snap-copy', Status: 'creating' });
  const exported = await client.send(new ExportServerlessCacheSnapshotCommand({ ServerlessCacheSnapshotName: 'sls-snap', S3BucketName: 'sls-exports' }));
  expect(exported.ServerlessCacheSnapshot?.Status).toBe('exporting');
  await sim.settle();
  const objects = sim._managed.service.context.snapshots.objectFile('sls-exports', 'sls-snap/')!;
  const files = fs.readdirSync(objects);
  expect(files.length).toBeGreaterThan(0);
  expect(files.every((f) => f.endsWith('.rdb') && fs.readFileSync(path.join(objects, f)).subarray(0, 5).toString() === 'REDIS')).toBe(true);
  const deleted = await client.send(new DeleteServerlessCacheSnapshotCommand({ ServerlessCacheSnapshotName: 'sls-snap-copy' }));
  expect(deleted.ServerlessCacheSnapshot?.Status).toBe('deleting');
  await sim.settle();
  expect(await failure(client.send(new DescribeServerlessCacheSnapshotsCommand({ ServerlessCacheSnapshotName: 'sls-snap-copy' }))))
    .toMatchObject({ name: 'ServerlessCacheSnapshotNotFoundFault' });

  const copyEndpoint = sim.endpoint('sls-copy');
  const copyTls = { ca: sim.caCertificatePem, servername: copyEndpoint.hostname };
  const copy = new Redis({ host: copyEndpoint.host, port: copyEndpoint.port, tls: copyTls, lazyConnect: true });
  try {
    await copy.connect();
    for (const i of [0, 17, 49]) expect(await copy.get(`s{${i}}`)).toBe(String(i));
  } finally {
    copy.disconnect();
  }
});

/**
 * Engine upgrades through the real SDK with clients connected: ModifyReplicationGroup and
 * ModifyCacheCluster with EngineVersion (and Engine for Redis OSS → Valkey). Valkey / Redis OSS
 * nodes keep their keys and report the new version, Memcached nodes restart empty on the new
 * version; downgrades, unknown versions and parameter groups of the wrong family are refused; an
 * upgrade without ApplyImmediately waits, pending, for the maintenance window.
 */
import * as net from 'net';
import {
  DescribeCacheClustersCommand, DescribeEventsCommand, DescribeReplicationGroupsCommand, ElastiCacheClient, ModifyCacheClusterCommand,
  ModifyCacheParameterGroupCommand, ModifyReplicationGroupCommand, waitUntilCacheClusterAvailable, waitUntilReplicationGroupAvailable,
} from '@aws-sdk/client-elasticache';
import Redis from 'ioredis';
import * as memjs from 'memjs';
import { FAST_WAIT, failure, sdkClient, startSimulator, weeklyTime } from './support';
import type { Simulator } from '../../../src';
import { eventually } from '../../support/eventually';

const redisGroup = (id: string, engineVersion: string) => ({
  Type: 'AWS::ElastiCache::ReplicationGroup',
  Properties: {
    ReplicationGroupId: id,
    ReplicationGroupDescription: 'upgrade',
    Engine: 'redis',
    EngineVersion: engineVersion,
    CacheNodeType: 'cache.t3.small',
    NumCacheClusters: 2,
    AutomaticFailoverEnabled: true,
  },
});

const RESOURCES = {
  Minor: redisGroup('up-minor', '6.2'),
  ToValkey: redisGroup('up-valkey', '7.1'),
  Refused: redisGroup('up-refused', '7.0'),
  Sharded: {
    Type: 'AWS::ElastiCache::ReplicationGroup',
    Properties: {
      ReplicationGroupId: 'up-sharded',
      ReplicationGroupDescription: 'upgrade',
      Engine: 'redis',
      EngineVersion: '7.0',
      CacheNodeType: 'cache.t3.small',
      ClusterMode: 'enabled',
      NumNodeGroups: 2,
      ReplicasPerNodeGroup: 1,
      AutomaticFailoverEnabled: true,
    },
  },
  Single: {
    Type: 'AWS::ElastiCache::CacheCluster',
    Properties: { ClusterName: 'up-single', Engine: 'redis', EngineVersion: '6.2', CacheNodeType: 'cache.t3.small', NumCacheNodes: 1 },
  },
  OldPages: {
    Type: 'AWS::ElastiCache::ParameterGroup',
    Properties: { CacheParameterGroupFamily: 'memcached1.4', Description: 'old pages', Properties: { max_item_size: '1048576' } },
  },
  OldMc: {
    Type: 'AWS::ElastiCache::CacheCluster',
    Properties: {
      ClusterName: 'up-old-mc', Engine: 'memcached', EngineVersion: '1.4.24', CacheNodeType: 'cache.m5.large', NumCacheNodes: 1, CacheParameterGroupName: { Ref: 'OldPages' },
    },
  },
  Mc: {
    Type: 'AWS::ElastiCache::CacheCluster',
    Properties: { ClusterName: 'up-mc', Engine: 'memcached', EngineVersion: '1.6.12', CacheNodeType: 'cache.t3.small', NumCacheNodes: 2 },
  },
};

/** The `version` reply of a Memcached node (text protocol). */
async function memcachedVersion(endpoint: { host: string; port: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(endpoint.port, endpoint.host);
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      if (data.endsWith('\r\n')) {
        socket.end();
        resolve(data.trim());
      }
    });
    socket.on('error', reject);
    socket.write('version\r\n');
  });
}

function infoField(info: string, name: string): string | undefined {
  return new RegExp(`^${name}:(.*)\\r?$`, 'm').exec(info)?.[1];
}

describe('with wall time', () => {
  let sim: Simulator;
  let client: ElastiCacheClient;
  const opened: Redis[] = [];
  beforeAll(async () => {
    sim = await startSimulator(RESOURCES);
    client = sdkClient(sim);
  });
  afterAll(async () => {
    for (const redis of opened) redis.disconnect();
    await sim?.stop();
  });

  function connect(endpoint: { host: string; port: number }): Redis {
    const redis = new Redis({ host: endpoint.host, port: endpoint.port, maxRetriesPerRequest: 20, retryStrategy: () => 50 });
    redis.on('error', () => undefined);
    opened.push(redis);
    return redis;
  }

  test('Redis OSS 6.2 → 7.0 on a replication group: keys survive on primary and replica, INFO and Describe show 7.0', async () => {
    const redis = connect(sim.endpoint('up-minor'));
    for (let i = 0; i < 200; i++) await redis.set(`key:${i}`, `value:${i}`);
    await redis.set('ttl-key', 'x', 'EX', 3600);
    expect(infoField(await redis.info('server'), 'redis_version')).toBe('6.2.6');

    const { ReplicationGroup } = await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'up-minor', EngineVersion: '7.0', ApplyImmediately: true }));
    expect(ReplicationGroup!.Status).toBe('modifying');
    await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'up-minor' });

    const after = connect(sim.endpoint('up-minor'));
    expect(infoField(await after.info('server'), 'redis_version')).toBe('7.0.7');
    expect(await after.get('key:0')).toBe('value:0');
    expect(await after.get('key:199')).toBe('value:199');
    expect(await after.ttl('ttl-key')).toBeGreaterThan(3500);
    expect(await after.dbsize()).toBe(201);
    // The replica restarted on the new engine too and resynchronized.
    const replica = connect(sim.nodeEndpoint('up-minor', 'up-minor-002'));
    await eventually(async () => (await replica.dbsize()) === 201, 10_000, 'the replica has every key');
    expect(infoField(await replica.info('server'), 'redis_version')).toBe('7.0.7');
    // The connection made before the upgrade reconnects and carries on.
    expect(await redis.get('key:1')).toBe('value:1');

    const { CacheClusters } = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'up-minor-001' }));
    expect(CacheClusters![0]).toMatchObject({ EngineVersion: '7.0', CacheParameterGroup: { CacheParameterGroupName: 'default.redis7' } });
    const { Events } = await client.send(new DescribeEventsCommand({ SourceType: 'replication-group', SourceIdentifier: 'up-minor' }));
    const messages = Events!.map((e) => e.Message);
    expect(messages).toContain('Upgrading engine from redis 6.2 to redis 7.0');
    expect(messages).toContain('Finished upgrading engine to redis 7.0');
  });

  test('Redis OSS 7.1 → Valkey 8.0 (Engine and EngineVersion): the nodes are Valkey, the data stays', async () => {
    const redis = connect(sim.endpoint('up-valkey'));
    await redis.hset('user:1', { name: 'ann', visits: '3' });
    await redis.rpush('list', 'a', 'b', 'c');
    const hello = async (r: Redis) => {
      const reply = (await r.call('HELLO', '2')) as string[];
      return reply[reply.indexOf('server') + 1];
    };
    expect(await hello(redis)).toBe('redis');

    await client.send(new ModifyReplicationGroupCommand({
      ReplicationGroupId: 'up-valkey', Engine: 'valkey', EngineVersion: '8.0', CacheParameterGroupName: 'default.valkey8', ApplyImmediately: true,
    }));
    await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'up-valkey' });

    const after = connect(sim.endpoint('up-valkey'));
    expect(await hello(after)).toBe('valkey');
    expect(await after.hgetall('user:1')).toEqual({ name: 'ann', visits: '3' });
    expect(await after.lrange('list', 0, -1)).toEqual(['a', 'b', 'c']);
    const { ReplicationGroups } = await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'up-valkey' }));
    expect(ReplicationGroups![0].Engine).toBe('valkey');
    const { CacheClusters } = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'up-valkey-002' }));
    expect(CacheClusters![0]).toMatchObject({ Engine: 'valkey', EngineVersion: '8.0', CacheParameterGroup: { CacheParameterGroupName: 'default.valkey8' } });
  });

  test('a cluster mode enabled group (two shards) upgrades to Valkey 8: every shard keeps its keys, the cluster client carries on', async () => {
    const endpoint = sim.endpoint('up-sharded');
    const cluster = new Redis.Cluster([{ host: endpoint.host, port: endpoint.port }], {
      natMap: (key: string) => sim.addressMap()[key], clusterRetryStrategy: () => 100, redisOptions: { maxRetriesPerRequest: 20 },
    });
    cluster.on('error', () => undefined);
    try {
      for (let i = 0; i < 300; i++) await cluster.set(`key:${i}`, `value:${i}`);
      await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'up-sharded', Engine: 'valkey', EngineVersion: '8.1', ApplyImmediately: true }));
      await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'up-sharded' });
      for (let i = 0; i < 300; i++) expect(await cluster.get(`key:${i}`)).toBe(`value:${i}`);
      const { CacheClusters } = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'up-sharded-0002-002' }));
      expect(CacheClusters![0]).toMatchObject({ Engine: 'valkey', EngineVersion: '8.1', CacheParameterGroup: { CacheParameterGroupName: 'default.valkey8.cluster.on' } });
    } finally {
      cluster.disconnect();
    }
  });

  test('downgrades, unknown versions, other engines and parameter groups of the old family are refused', async () => {
    const modify = (params: Record<string, unknown>) => client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'up-refused', ApplyImmediately: true, ...params }));
    const downgrade = await failure(modify({ EngineVersion: '6.2' }));
    expect(downgrade).toMatchObject({ name: 'InvalidParameterCombinationException', status: 400 });
    expect(downgrade.message).toBe('Cannot downgrade redis from version 7.0 to 6.2: engine versions can only be upgraded.');
    expect(await failure(modify({ EngineVersion: '7.9' }))).toMatchObject({ name: 'InvalidParameterCombinationException', message: 'Cannot find version 7.9 for redis' });
    expect(await failure(modify({ EngineVersion: '7.1.0' }))).toMatchObject({
      name: 'InvalidParameterValueException', message: "Specific version selection is not allowed for '7.1.0', please use '7.1'",
    });
    expect((await failure(modify({ Engine: 'memcached', EngineVersion: '1.6.22' }))).name).toBe('InvalidParameterCombinationException');
    expect(await failure(modify({ Engine: 'valkey', EngineVersion: '8.0', CacheParameterGroupName: 'default.redis7' }))).toMatchObject({
      name: 'InvalidParameterCombinationException', message: 'Expected a parameter group of family valkey8 but found one of family redis7',
    });
    const { ReplicationGroups } = await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'up-refused' }));
    expect(ReplicationGroups![0].Status).toBe('available');
    const { CacheClusters } = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'up-refused-001' }));
    expect(CacheClusters![0]).toMatchObject({ Engine: 'redis', EngineVersion: '7.0' });
  });

  test('Memcached 1.6.12 → 1.6.22: the nodes answer the new version and start empty; a downgrade is refused', async () => {
    const node = sim.nodeEndpoint('up-mc', '0001');
    const mc = memjs.Client.create(`${node.host}:${node.port}`, { retries: 0, timeout: 2 });
    try {
      const versionOf = () => memcachedVersion(node);
      await mc.set('k', 'v', {});
      expect(((await mc.get('k')).value as Buffer).toString()).toBe('v');
      expect(await versionOf()).toBe('VERSION 1.6.12');
      await client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'up-mc', EngineVersion: '1.6.22', ApplyImmediately: true }));
      await waitUntilCacheClusterAvailable({ client, ...FAST_WAIT }, { CacheClusterId: 'up-mc' });
      expect(await eventually(async () => versionOf().catch(() => undefined), 10_000, 'the node answers again')).toBe('VERSION 1.6.22');
      expect((await mc.get('k')).value).toBeNull();
      const { CacheClusters } = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'up-mc' }));
      expect(CacheClusters![0]).toMatchObject({ EngineVersion: '1.6.22', CacheClusterStatus: 'available' });
      const refused = await failure(client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'up-mc', EngineVersion: '1.6.17', ApplyImmediately: true })));
      expect(refused).toMatchObject({ name: 'InvalidParameterCombinationException', message: 'Cannot downgrade memcached from version 1.6.22 to 1.6.17: engine versions can only be upgraded.' });
    } finally {
      mc.close();
    }
  });

  test('Memcached 1.4.24 → 1.4.34 is refused while the parameter group breaks the slab_chunk_max rule of 1.4.33', async () => {
    const { CacheClusters: [old] } = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'up-old-mc' }));
    const group = old.CacheParameterGroup!.CacheParameterGroupName!;
    // Before 1.4.33 any item size is accepted (it waits for a reboot on the running node).
    const setItemSize = (value: string) => client.send(new ModifyCacheParameterGroupCommand({
      CacheParameterGroupName: group, ParameterNameValues: [{ ParameterName: 'max_item_size', ParameterValue: value }],
    }));
    await setItemSize('786432');
    const refused = await failure(client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'up-old-mc', EngineVersion: '1.4.34', ApplyImmediately: true })));
    expect(refused).toMatchObject({
      name: 'InvalidParameterCombinationException',
      message: "Cannot upgrade to memcached 1.4.34: Parameter 'max_item_size' (786432) must be a multiple of 'slab_chunk_max' (524288) from Memcached 1.4.33.",
    });
    expect((await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'up-old-mc' }))).CacheClusters![0].EngineVersion).toBe('1.4.24');
    // With the rule met (a multiple of slab_chunk_max), the upgrade runs.
    await setItemSize('524288');
    await client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'up-old-mc', EngineVersion: '1.4.34', ApplyImmediately: true }));
    await waitUntilCacheClusterAvailable({ client, ...FAST_WAIT }, { CacheClusterId: 'up-old-mc' });
    const { CacheClusters } = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'up-old-mc' }));
    expect(CacheClusters![0]).toMatchObject({ EngineVersion: '1.4.34', CacheParameterGroup: { CacheParameterGroupName: group } });
    expect(await memcachedVersion(sim.nodeEndpoint('up-old-mc', '0001'))).toBe('VERSION 1.4.34');
  });
});

describe('with a virtual clock', () => {
  let sim: Simulator;
  const opened: Redis[] = [];
  beforeAll(async () => {
    sim = await startSimulator({ Single: RESOURCES.Single }, { virtualClock: true });
  });
  afterAll(async () => {
    for (const redis of opened) redis.disconnect();
    await sim?.stop();
  });

  test('without ApplyImmediately the upgrade is pending until the maintenance window, then runs keeping the data', async () => {
    const client = sdkClient(sim);
    const redis = new Redis({ host: sim.endpoint('up-single').host, port: sim.endpoint('up-single').port, maxRetriesPerRequest: 20, retryStrategy: () => 50 });
    redis.on('error', () => undefined);
    opened.push(redis);
    await redis.set('kept', 'yes');
    const start = new Date(sim.now.getTime() + 30 * 60_000);
    const maintenance = `${weeklyTime(start)}-${weeklyTime(new Date(start.getTime() + 60 * 60_000))}`;
    const { CacheCluster } = await client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'up-single', EngineVersion: '7.1', PreferredMaintenanceWindow: maintenance }));
    expect(CacheCluster).toMatchObject({ EngineVersion: '6.2', PendingModifiedValues: { EngineVersion: '7.1' } });
    const describe = async () => (await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'up-single' }))).CacheClusters![0];

    await sim.advanceClock(20 * 60_000);
    expect(await describe()).toMatchObject({ EngineVersion: '6.2', CacheClusterStatus: 'available', PendingModifiedValues: { EngineVersion: '7.1' } });
    expect(infoField(await redis.info('server'), 'redis_version')).toBe('6.2.6');

    await sim.advanceClock(11 * 60_000);
    for (let i = 0; i < 50 && (await describe()).EngineVersion !== '7.1'; i++) await sim.advanceClock(1_000);
    for (let i = 0; i < 50 && (await describe()).CacheClusterStatus !== 'available'; i++) await sim.advanceClock(1_000);
    const after = await describe();
    expect(after).toMatchObject({ EngineVersion: '7.1', CacheClusterStatus: 'available' });
    expect(after.PendingModifiedValues?.EngineVersion).toBeUndefined();
    expect(infoField(await redis.info('server'), 'redis_version')).toBe('7.1.0');
    expect(await redis.get('kept')).toBe('yes');
  });
});

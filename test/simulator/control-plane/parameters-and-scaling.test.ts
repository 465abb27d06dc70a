/**
 * Parameter groups through the real SDK — create, describe, modify, reset, delete — applied to a
 * running group (immediate parameters at once, reboot-required ones pending until a reboot), and
 * ModifyReplicationGroup: vertical scaling (maxmemory follows the node type) and settings.
 */
import {
  CreateCacheParameterGroupCommand, DeleteCacheParameterGroupCommand, DescribeCacheClustersCommand, DescribeCacheParameterGroupsCommand,
  DescribeCacheParametersCommand, DescribeReplicationGroupsCommand, ModifyCacheParameterGroupCommand, ModifyReplicationGroupCommand,
  RebootCacheClusterCommand, ResetCacheParameterGroupCommand, waitUntilCacheClusterAvailable, waitUntilReplicationGroupAvailable,
} from '@aws-sdk/client-elasticache';
import Redis from 'ioredis';
import { FAST_WAIT, failure, sdkClient, startSimulator, VALKEY_GROUP } from './support';
import type { Simulator } from '../../../src';

let sim: Simulator;
let redis: Redis;
beforeAll(async () => {
  sim = await startSimulator({ Rg: VALKEY_GROUP });
  const endpoint = sim.endpoint('tmpl-rg');
  redis = new Redis({ host: endpoint.host, port: endpoint.port, lazyConnect: true });
  await redis.connect();
});
afterAll(async () => {
  redis?.disconnect();
  await sim?.stop();
});

/** A field of INFO (CONFIG is not available on ElastiCache, INFO memory shows the memory settings). */
async function info(field: string): Promise<string> {
  const text = await redis.info('memory');
  return new RegExp(`^${field}:(.*)$`, 'm').exec(text)![1].trim();
}

/** A setting of the group's primary engine as it runs (not visible to clients: ElastiCache blocks CONFIG). */
function engineSetting(name: string): string | undefined {
  const running = sim._runtime.cache('tmpl-rg') as unknown as { shardList: { primary: { server: { config: { get(n: string): string | undefined } } } }[] };
  return running.shardList[0].primary.server.config.get(name);
}

test('a custom group: created, described, modified; changes reach the running nodes or wait for a reboot', async () => {
  const client = sdkClient(sim);
  const { CacheClusters } = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'tmpl-rg-001' }));
  const defaultName = CacheClusters![0].CacheParameterGroup!.CacheParameterGroupName!;
  const { CacheParameterGroups } = await client.send(new DescribeCacheParameterGroupsCommand({ CacheParameterGroupName: defaultName }));
  const family = CacheParameterGroups![0].CacheParameterGroupFamily!;

  const created = await client.send(new CreateCacheParameterGroupCommand({ CacheParameterGroupName: 'App-Params', CacheParameterGroupFamily: family, Description: 'app' }));
  expect(created.CacheParameterGroup).toMatchObject({ CacheParameterGroupName: 'app-params', CacheParameterGroupFamily: family, IsGlobal: false });
  expect(await failure(client.send(new CreateCacheParameterGroupCommand({ CacheParameterGroupName: 'app-params', CacheParameterGroupFamily: family, Description: 'x' }))))
    .toMatchObject({ name: 'CacheParameterGroupAlreadyExistsFault' });
  expect(await failure(client.send(new ModifyCacheParameterGroupCommand({
    CacheParameterGroupName: 'app-params', ParameterNameValues: [{ ParameterName: 'maxmemory-policy', ParameterValue: 'sometimes' }],
  })))).toMatchObject({ name: 'InvalidParameterValueException' });
  expect(await failure(client.send(new ModifyCacheParameterGroupCommand({
    CacheParameterGroupName: defaultName, ParameterNameValues: [{ ParameterName: 'maxmemory-policy', ParameterValue: 'allkeys-lru' }],
  })))).toMatchObject({ name: 'InvalidCacheParameterGroupStateFault' });

  await client.send(new ModifyCacheParameterGroupCommand({
    CacheParameterGroupName: 'app-params',
    ParameterNameValues: [{ ParameterName: 'maxmemory-policy', ParameterValue: 'allkeys-lfu' }, { ParameterName: 'acl-pubsub-default', ParameterValue: 'resetchannels' }],
  }));
  const { Parameters } = await client.send(new DescribeCacheParametersCommand({ CacheParameterGroupName: 'app-params', Source: 'user' }));
  expect(Parameters!.map((p) => [p.ParameterName, p.ParameterValue, p.ChangeType])).toEqual(expect.arrayContaining([
    ['maxmemory-policy', 'allkeys-lfu', 'immediate'], ['acl-pubsub-default', 'resetchannels', 'requires-reboot'],
  ]));

  await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'tmpl-rg', CacheParameterGroupName: 'app-params', ApplyImmediately: true }));
  expect(await info('maxmemory_policy')).toBe('allkeys-lfu');
  expect(engineSetting('acl-pubsub-default')).toBe('allchannels');
  const pending = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'tmpl-rg-001', ShowCacheNodeInfo: true }));
  expect(pending.CacheClusters![0].CacheParameterGroup).toMatchObject({ CacheParameterGroupName: 'app-params', ParameterApplyStatus: 'pending-reboot' });
  expect(await failure(client.send(new DeleteCacheParameterGroupCommand({ CacheParameterGroupName: 'app-params' }))))
    .toMatchObject({ name: 'InvalidCacheParameterGroupStateFault' });

  await client.send(new RebootCacheClusterCommand({ CacheClusterId: 'tmpl-rg-001', CacheNodeIdsToReboot: ['0001'] }));
  await client.send(new RebootCacheClusterCommand({ CacheClusterId: 'tmpl-rg-002', CacheNodeIdsToReboot: ['0001'] }));
  await sim.settle();
  await waitUntilCacheClusterAvailable({ client, ...FAST_WAIT }, { CacheClusterId: 'tmpl-rg-001' });
  const synced = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'tmpl-rg-001' }));
  expect(synced.CacheClusters![0].CacheParameterGroup?.ParameterApplyStatus).toBe('in-sync');
  expect(engineSetting('acl-pubsub-default')).toBe('resetchannels');

  await client.send(new ResetCacheParameterGroupCommand({ CacheParameterGroupName: 'app-params', ParameterNameValues: [{ ParameterName: 'maxmemory-policy' }] }));
  expect(await info('maxmemory_policy')).toBe('volatile-lru');
});

test('vertical scaling: the node type changes while the group is modifying, maxmemory follows', async () => {
  const client = sdkClient(sim);
  const before = Number(await info('maxmemory'));
  expect(await failure(client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'tmpl-rg', CacheNodeType: 'cache.nope.large', ApplyImmediately: true }))))
    .toMatchObject({ name: 'InvalidParameterValueException' });
  const response = await client.send(new ModifyReplicationGroupCommand({
    ReplicationGroupId: 'tmpl-rg', CacheNodeType: 'cache.t3.medium', ApplyImmediately: true, ReplicationGroupDescription: 'scaled', SnapshotRetentionLimit: 3,
  }));
  expect(response.ReplicationGroup).toMatchObject({ Status: 'modifying', Description: 'scaled', SnapshotRetentionLimit: 3, CacheNodeType: 'cache.t3.small' });
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'tmpl-rg' });
  await sim.settle();
  const { ReplicationGroups } = await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'tmpl-rg' }));
  expect(ReplicationGroups![0].CacheNodeType).toBe('cache.t3.medium');
  const after = Number(await info('maxmemory'));
  expect(after).toBeGreaterThan(before * 1.5);
  expect(await failure(client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'tmpl-rg', AutomaticFailoverEnabled: false, MultiAZEnabled: true }))))
    .toMatchObject({ name: 'InvalidParameterCombinationException' });
});

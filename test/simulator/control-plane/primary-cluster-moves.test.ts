/**
 * A node moving between a cache cluster and a replication group through the real SDK:
 * CreateReplicationGroup with PrimaryClusterId builds a group around a running Valkey cluster (its
 * data is the group's; replicas are added and synchronized), DeleteReplicationGroup with
 * RetainPrimaryCluster keeps the current primary as a cluster of its own with its data; the
 * documented refusals.
 */
import {
  CreateCacheClusterCommand, CreateReplicationGroupCommand, DeleteReplicationGroupCommand, DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand, waitUntilCacheClusterAvailable, waitUntilReplicationGroupAvailable, waitUntilReplicationGroupDeleted,
} from '@aws-sdk/client-elasticache';
import { PlainClients } from './plain-clients';
import { FAST_WAIT, failure, sdkClient, startSimulator, VALKEY_SHARDED_GROUP } from './support';
import type { Simulator } from '../../../src';

const clients = new PlainClients();
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ Sharded: VALKEY_SHARDED_GROUP });
});
afterAll(async () => {
  clients.closeAll();
  await sim?.stop();
});

const connect = (cache: string, nodeId?: string) => clients.to(nodeId === undefined ? sim.endpoint(cache) : sim.nodeEndpoint(cache, nodeId));

test('a group built around a running cluster keeps its data; deleting it with RetainPrimaryCluster keeps the primary as a cluster', async () => {
  const client = sdkClient(sim);
  await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'solo', Engine: 'valkey', CacheNodeType: 'cache.t3.small' }));
  await waitUntilCacheClusterAvailable({ client, ...FAST_WAIT }, { CacheClusterId: 'solo' });
  await connect('solo').set('from-solo', 'kept');

  const created = await client.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: 'around-solo', ReplicationGroupDescription: 'built around solo', PrimaryClusterId: 'solo', NumCacheClusters: 2,
  }));
  expect(created.ReplicationGroup?.Status).toBe('creating');
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'around-solo' });
  const { ReplicationGroups } = await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'around-solo' }));
  const members = ReplicationGroups![0].NodeGroups![0].NodeGroupMembers!.map((m) => [m.CacheClusterId, m.CurrentRole]);
  expect(members).toEqual([['solo', 'primary'], ['around-solo-002', 'replica']]);
  const { CacheClusters: soloNow } = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'solo' }));
  expect(soloNow![0].ReplicationGroupId).toBe('around-solo');

  const primary = connect('around-solo');
  expect(await primary.get('from-solo')).toBe('kept');
  await primary.set('from-group', 'also-kept');
  expect(await primary.wait(1, 5000)).toBe(1);
  expect(await connect('around-solo', 'around-solo-002').get('from-solo')).toBe('kept');

  const deleted = await client.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'around-solo', RetainPrimaryCluster: true }));
  expect(deleted.ReplicationGroup?.Status).toBe('deleting');
  await waitUntilReplicationGroupDeleted({ client, ...FAST_WAIT }, { ReplicationGroupId: 'around-solo' });
  const { CacheClusters } = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'solo' }));
  expect(CacheClusters![0]).toMatchObject({ CacheClusterId: 'solo', CacheClusterStatus: 'available', Engine: 'valkey', NumCacheNodes: 1 });
  expect(CacheClusters![0].ReplicationGroupId).toBeUndefined();
  expect(await failure(client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'around-solo-002' })))).toMatchObject({ name: 'CacheClusterNotFoundFault' });
  const kept = connect('solo');
  expect(await kept.mget('from-solo', 'from-group')).toEqual(['kept', 'also-kept']);
  expect(await kept.info('replication')).toMatch(/role:master/);
});

test('RetainPrimaryCluster is refused for cluster mode enabled groups; PrimaryClusterId needs an available Valkey / Redis OSS cluster', async () => {
  const client = sdkClient(sim);
  const sharded = await failure(client.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'sharded-rg', RetainPrimaryCluster: true })));
  expect(sharded).toMatchObject({ name: 'InvalidParameterCombinationException', status: 400 });
  expect(sharded.message).toMatch(/cluster mode enabled/);
  const { ReplicationGroups } = await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'sharded-rg' }));
  expect(ReplicationGroups![0].Status).toBe('available');

  expect(await failure(client.send(new CreateReplicationGroupCommand({ ReplicationGroupId: 'g1', ReplicationGroupDescription: 'd', PrimaryClusterId: 'missing' }))))
    .toMatchObject({ name: 'CacheClusterNotFoundFault' });
  await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'mc', Engine: 'memcached', CacheNodeType: 'cache.t3.small' }));
  await waitUntilCacheClusterAvailable({ client, ...FAST_WAIT }, { CacheClusterId: 'mc' });
  const memcached = await failure(client.send(new CreateReplicationGroupCommand({ ReplicationGroupId: 'g2', ReplicationGroupDescription: 'd', PrimaryClusterId: 'mc' })));
  expect(memcached.name).toBe('InvalidParameterValueException');
  await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'solo2', Engine: 'valkey', CacheNodeType: 'cache.t3.small' }));
  const busy = await failure(client.send(new CreateReplicationGroupCommand({ ReplicationGroupId: 'g3', ReplicationGroupDescription: 'd', PrimaryClusterId: 'solo2' })));
  expect(busy.name).toBe('InvalidCacheClusterStateFault');
  await waitUntilCacheClusterAvailable({ client, ...FAST_WAIT }, { CacheClusterId: 'solo2' });
  const nodeType = await failure(client.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: 'g4', ReplicationGroupDescription: 'd', PrimaryClusterId: 'solo2', CacheNodeType: 'cache.r7g.large',
  })));
  expect(nodeType.name).toBe('InvalidParameterCombinationException');
  const { CacheClusters } = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'solo2' }));
  expect(CacheClusters![0].ReplicationGroupId).toBeUndefined();
});

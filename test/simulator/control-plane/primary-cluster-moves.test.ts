/**
 * A node moving between a cache cluster and a replication group through the real SDK:
 * CreateReplicationGroup with PrimaryClusterId builds a group around a running Valkey cluster (its
 * data is the group's; replicas are added and synchronized), DeleteReplicationGroup with
 * RetainPrimaryCluster keeps the current primary as a cluster of its own with its data; the
 * documented refusals.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
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

test('with a state directory, a group built around a template cluster and a cluster kept from a group survive a restart with their data', async () => {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-primary-moves-'));
  const resources = {
    Solo: { Type: 'AWS::ElastiCache::CacheCluster', Properties: { ClusterName: 'tmpl-solo', Engine: 'valkey', CacheNodeType: 'cache.t3.small', NumCacheNodes: 1 } },
  };
  const restarted = new PlainClients();
  try {
    const first = await startSimulator(resources, { stateDir });
    try {
      const client = sdkClient(first);
      await restarted.to(first.endpoint('tmpl-solo')).set('solo-key', 'v1');
      await client.send(new CreateReplicationGroupCommand({ ReplicationGroupId: 'grown', ReplicationGroupDescription: 'd', PrimaryClusterId: 'tmpl-solo', NumCacheClusters: 2 }));
      await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'grown' });
      await restarted.to(first.endpoint('grown')).set('group-key', 'v2');
    } finally {
      restarted.closeAll();
      await first.stop();
    }
    const second = await startSimulator(resources, { stateDir });
    try {
      const client = sdkClient(second);
      const { CacheClusters } = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'tmpl-solo' }));
      expect(CacheClusters![0].ReplicationGroupId).toBe('grown');
      expect(await restarted.to(second.endpoint('grown')).mget('solo-key', 'group-key')).toEqual(['v1', 'v2']);
      await client.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'grown', RetainPrimaryCluster: true }));
      await waitUntilReplicationGroupDeleted({ client, ...FAST_WAIT }, { ReplicationGroupId: 'grown' });
    } finally {
      restarted.closeAll();
      await second.stop();
    }
    const third = await startSimulator(resources, { stateDir });
    try {
      const { CacheClusters } = await sdkClient(third).send(new DescribeCacheClustersCommand({}));
      expect(CacheClusters!.map((c) => [c.CacheClusterId, c.ReplicationGroupId])).toEqual([['tmpl-solo', undefined]]);
      expect(await restarted.to(third.endpoint('tmpl-solo')).mget('solo-key', 'group-key')).toEqual(['v1', 'v2']);
    } finally {
      restarted.closeAll();
      await third.stop();
    }
  } finally {
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
});

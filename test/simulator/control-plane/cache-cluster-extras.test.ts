/**
 * CreateCacheCluster through the real SDK beyond a standalone cluster: with ReplicationGroupId a
 * read replica joins a cluster mode disabled group (creating, full sync, MemberClusters, data
 * readable on its node), refused for cluster mode enabled groups and for settings that differ from
 * the group's; with AuthToken a single-node Valkey cluster with in-transit encryption requires the
 * token (ioredis over TLS), refused without encryption and for Memcached.
 */
import {
  CreateCacheClusterCommand, DescribeCacheClustersCommand, DescribeReplicationGroupsCommand, waitUntilCacheClusterAvailable,
  waitUntilReplicationGroupAvailable,
} from '@aws-sdk/client-elasticache';
import { PlainClients } from './plain-clients';
import { FAST_WAIT, failure, sdkClient, startSimulator, tlsRedis, VALKEY_GROUP, VALKEY_SHARDED_GROUP } from './support';
import type { Simulator } from '../../../src';

const clients = new PlainClients();
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ Rg: VALKEY_GROUP, Sharded: VALKEY_SHARDED_GROUP });
});
afterAll(async () => {
  clients.closeAll();
  await sim?.stop();
});

test('a cache cluster created with ReplicationGroupId joins the group as a read replica with the data', async () => {
  const client = sdkClient(sim);
  const primary = sim.endpoint('tmpl-rg');
  await clients.to(primary).set('seen-by-new-replica', 'yes');

  const { CacheCluster } = await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'Tmpl-Reader', ReplicationGroupId: 'tmpl-rg', Engine: 'valkey' }));
  expect(CacheCluster).toMatchObject({ CacheClusterId: 'tmpl-reader', ReplicationGroupId: 'tmpl-rg', CacheClusterStatus: 'creating', Engine: 'valkey' });
  await waitUntilCacheClusterAvailable({ client, ...FAST_WAIT }, { CacheClusterId: 'tmpl-reader' });
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'tmpl-rg' });

  const { ReplicationGroups } = await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'tmpl-rg' }));
  expect(ReplicationGroups![0].MemberClusters).toEqual(['tmpl-rg-001', 'tmpl-rg-002', 'tmpl-reader']);
  expect(ReplicationGroups![0].NodeGroups![0].NodeGroupMembers!.find((m) => m.CacheClusterId === 'tmpl-reader')?.CurrentRole).toBe('replica');
  const { CacheClusters } = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'tmpl-reader', ShowCacheNodeInfo: true }));
  expect(CacheClusters![0].CacheNodes![0].Endpoint?.Address).toMatch(/^tmpl-reader\./);

  const node = sim.nodeEndpoint('tmpl-rg', 'tmpl-reader');
  const replica = clients.to(node);
  expect(await replica.get('seen-by-new-replica')).toBe('yes');
  expect(await replica.info('replication')).toMatch(/role:slave/);
  await expect(replica.set('x', '1')).rejects.toThrow(/READONLY/);
});

test('CreateCacheCluster with ReplicationGroupId is refused for cluster mode enabled groups, taken ids and differing settings', async () => {
  const client = sdkClient(sim);
  const sharded = await failure(client.send(new CreateCacheClusterCommand({ CacheClusterId: 'shard-reader', ReplicationGroupId: 'sharded-rg' })));
  expect(sharded).toMatchObject({ name: 'InvalidParameterCombinationException', status: 400 });
  expect(sharded.message).toMatch(/IncreaseReplicaCount/);
  expect((await failure(client.send(new CreateCacheClusterCommand({ CacheClusterId: 'tmpl-rg-001', ReplicationGroupId: 'tmpl-rg' })))).name)
    .toBe('CacheClusterAlreadyExistsFault');
  const nodeType = await failure(client.send(new CreateCacheClusterCommand({ CacheClusterId: 'big-reader', ReplicationGroupId: 'tmpl-rg', CacheNodeType: 'cache.r7g.large' })));
  expect(nodeType.name).toBe('InvalidParameterCombinationException');
  expect(nodeType.message).toMatch(/CacheNodeType cache\.r7g\.large differs/);
  expect((await failure(client.send(new CreateCacheClusterCommand({ CacheClusterId: 'r', ReplicationGroupId: 'nope' })))).name)
    .toBe('ReplicationGroupNotFoundFault');
});

test('a single-node Valkey cluster created with AuthToken and in-transit encryption requires the token', async () => {
  const client = sdkClient(sim);
  const token = 'a-long-enough-auth-token-1234';
  const { CacheCluster } = await client.send(new CreateCacheClusterCommand({
    CacheClusterId: 'token-single', Engine: 'valkey', CacheNodeType: 'cache.t3.small', TransitEncryptionEnabled: true, AuthToken: token,
  }));
  expect(CacheCluster?.AuthTokenEnabled).toBe(true);
  await waitUntilCacheClusterAvailable({ client, ...FAST_WAIT }, { CacheClusterId: 'token-single' });
  const withToken = await tlsRedis(sim, 'token-single', { password: token });
  expect(withToken).toBeDefined();
  withToken!.disconnect();
  const wrong = await tlsRedis(sim, 'token-single', { password: 'another-token-of-16plus' });
  expect(wrong).toBeUndefined();
  // Without AUTH the engine answers NOAUTH, so the connection never gets its PONG.
  expect(await tlsRedis(sim, 'token-single')).toBeUndefined();
});

test('AuthToken on CreateCacheCluster is refused without in-transit encryption, for Memcached and with a malformed token', async () => {
  const client = sdkClient(sim);
  const noTls = await failure(client.send(new CreateCacheClusterCommand({ CacheClusterId: 'tok-plain', Engine: 'valkey', CacheNodeType: 'cache.t3.small', AuthToken: 'a-long-enough-auth-token-1234' })));
  expect(noTls).toMatchObject({ name: 'InvalidParameterValueException', message: 'The AUTH token is only supported when encryption-in-transit is enabled' });
  const memcached = await failure(client.send(new CreateCacheClusterCommand({
    CacheClusterId: 'tok-mc', Engine: 'memcached', CacheNodeType: 'cache.t3.small', TransitEncryptionEnabled: true, AuthToken: 'a-long-enough-auth-token-1234',
  })));
  expect(memcached.name).toBe('InvalidParameterCombinationException');
  const short = await failure(client.send(new CreateCacheClusterCommand({
    CacheClusterId: 'tok-short', Engine: 'valkey', CacheNodeType: 'cache.t3.small', TransitEncryptionEnabled: true, AuthToken: 'short',
  })));
  expect(short).toMatchObject({ name: 'InvalidParameterValueException', message: 'Invalid AuthToken provided.' });
  const { CacheClusters } = await client.send(new DescribeCacheClustersCommand({}));
  expect(CacheClusters!.map((c) => c.CacheClusterId)).not.toEqual(expect.arrayContaining(['tok-plain']));
});

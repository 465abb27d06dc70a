/**
 * Replication groups and their member clusters through the real SDK: describe shapes, create with
 * the waiter, replica count changes, TestFailover (events and a connected client), delete with a
 * final snapshot, and the service's errors.
 */
import {
  CreateReplicationGroupCommand, DecreaseReplicaCountCommand, DeleteReplicationGroupCommand, DescribeCacheClustersCommand,
  DescribeEventsCommand, DescribeReplicationGroupsCommand, DescribeSnapshotsCommand, IncreaseReplicaCountCommand, TestFailoverCommand,
  waitUntilReplicationGroupAvailable, waitUntilReplicationGroupDeleted,
} from '@aws-sdk/client-elasticache';
import Redis from 'ioredis';
import { FAST_WAIT, failure, sdkClient, startSimulator, VALKEY_GROUP } from './support';
import type { Simulator } from '../../../src';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ Rg: VALKEY_GROUP });
});
afterAll(async () => {
  await sim?.stop();
});

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('a template replication group is described with its node groups, members and roles', async () => {
  const client = sdkClient(sim);
  const { ReplicationGroups } = await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'tmpl-rg' }));
  expect(ReplicationGroups).toHaveLength(1);
  const group = ReplicationGroups![0];
  expect(group.Status).toBe('available');
  expect(group.Description).toBe('template group');
  expect(group.MemberClusters).toEqual(['tmpl-rg-001', 'tmpl-rg-002']);
  expect(group.AutomaticFailover).toBe('enabled');
  expect(group.ClusterEnabled).toBe(false);
  expect(group.NodeGroups).toHaveLength(1);
  const members = group.NodeGroups![0].NodeGroupMembers!;
  expect(members.map((m) => [m.CacheClusterId, m.CurrentRole])).toEqual([['tmpl-rg-001', 'primary'], ['tmpl-rg-002', 'replica']]);
  expect(group.NodeGroups![0].PrimaryEndpoint?.Address).toMatch(/^tmpl-rg\.[a-z0-9]{6}\.ng\.0001\.use1\.cache\.amazonaws\.com$/);
  expect(group.NodeGroups![0].PrimaryEndpoint?.Port).toBe(6379);
  expect(group.ARN).toBe('arn:aws:elasticache:us-east-1:123456789012:replicationgroup:tmpl-rg');

  const { CacheClusters } = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'tmpl-rg-002', ShowCacheNodeInfo: true }));
  expect(CacheClusters![0].ReplicationGroupId).toBe('tmpl-rg');
  expect(CacheClusters![0].CacheClusterStatus).toBe('available');
  expect(CacheClusters![0].CacheNodes![0].CacheNodeId).toBe('0001');
  expect(CacheClusters![0].CacheNodes![0].Endpoint?.Address).toMatch(/^tmpl-rg-002\./);
});

test('unknown groups and clusters fail with the service codes and 404', async () => {
  const client = sdkClient(sim);
  expect(await failure(client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'nope' }))))
    .toMatchObject({ name: 'ReplicationGroupNotFoundFault', status: 404 });
  expect(await failure(client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'nope' }))))
    .toMatchObject({ name: 'CacheClusterNotFoundFault', status: 404 });
  expect(await failure(client.send(new TestFailoverCommand({ ReplicationGroupId: 'tmpl-rg', NodeGroupId: '0007' }))))
    .toMatchObject({ name: 'NodeGroupNotFoundFault', status: 404 });
});

test('invalid creations are refused by the model rules before anything starts', async () => {
  const client = sdkClient(sim);
  const missing = await failure(client.send(new CreateReplicationGroupCommand({ ReplicationGroupId: 'x1', ReplicationGroupDescription: '' })));
  expect(missing).toMatchObject({ name: 'MissingParameter', status: 400 });
  const duplicate = await failure(client.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: 'tmpl-rg', ReplicationGroupDescription: 'again', Engine: 'valkey', CacheNodeType: 'cache.t3.small', NumCacheClusters: 2,
  })));
  expect(duplicate.name).toBe('ReplicationGroupAlreadyExistsFault');
  const badType = await failure(client.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: 'x2', ReplicationGroupDescription: 'd', Engine: 'valkey', CacheNodeType: 'cache.nope.small', NumCacheClusters: 2,
  })));
  expect(badType.name).toBe('InvalidParameterValueException');
  const { ReplicationGroups } = await client.send(new DescribeReplicationGroupsCommand({}));
  expect(ReplicationGroups!.map((g) => g.ReplicationGroupId)).not.toContain('x2');
});

test('create → creating → available (waiter) → serves data; replicas are added and removed online', async () => {
  const client = sdkClient(sim);
  const created = await client.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: 'Api-RG',
    ReplicationGroupDescription: 'made by the API',
    Engine: 'valkey',
    CacheNodeType: 'cache.t3.small',
    NumCacheClusters: 2,
    AutomaticFailoverEnabled: true,
    Tags: [{ Key: 'team', Value: 'cache' }],
  }));
  expect(created.ReplicationGroup?.ReplicationGroupId).toBe('api-rg');
  expect(created.ReplicationGroup?.Status).toBe('creating');
  const during = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'api-rg-001' }));
  expect(during.CacheClusters![0].CacheClusterStatus).toBe('creating');
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'api-rg' });

  const endpoint = sim.endpoint('api-rg');
  const redis = new Redis({ host: endpoint.host, port: endpoint.port, lazyConnect: true });
  await redis.connect();
  try {
    await redis.set('k', 'v');
    expect(await redis.get('k')).toBe('v');
  } finally {
    redis.disconnect();
  }

  const more = await client.send(new IncreaseReplicaCountCommand({ ReplicationGroupId: 'api-rg', NewReplicaCount: 2, ApplyImmediately: true }));
  expect(more.ReplicationGroup?.Status).toBe('modifying');
  expect(more.ReplicationGroup?.MemberClusters).toEqual(['api-rg-001', 'api-rg-002', 'api-rg-003']);
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'api-rg' });
  const replica = sim.nodeEndpoint('api-rg', 'api-rg-003');
  const reader = new Redis({ host: replica.host, port: replica.port, lazyConnect: true });
  await reader.connect();
  try {
    await until(async () => (await reader.get('k')) === 'v', 'the new replica to sync');
  } finally {
    reader.disconnect();
  }

  expect(await failure(client.send(new DecreaseReplicaCountCommand({ ReplicationGroupId: 'api-rg', NewReplicaCount: 1 }))))
    .toMatchObject({ name: 'InvalidParameterValueException' });
  await client.send(new DecreaseReplicaCountCommand({ ReplicationGroupId: 'api-rg', NewReplicaCount: 1, ApplyImmediately: true }));
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'api-rg' });
  const after = await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'api-rg' }));
  expect(after.ReplicationGroups![0].MemberClusters).toEqual(['api-rg-001', 'api-rg-002']);
});

test('TestFailover promotes the replica: a connected client follows and DescribeEvents shows the documented steps', async () => {
  const client = sdkClient(sim);
  const primary = sim.endpoint('tmpl-rg');
  const redis = new Redis({ host: primary.host, port: primary.port, lazyConnect: true, maxRetriesPerRequest: 50, retryStrategy: () => 50 });
  await redis.connect();
  try {
    await redis.set('before', '1');
    const response = await client.send(new TestFailoverCommand({ ReplicationGroupId: 'tmpl-rg', NodeGroupId: '0001' }));
    expect(response.ReplicationGroup?.Status).toBe('modifying');
    await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'tmpl-rg' });
    await sim.settle();
    const { ReplicationGroups } = await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'tmpl-rg' }));
    const roles = ReplicationGroups![0].NodeGroups![0].NodeGroupMembers!.map((m) => [m.CacheClusterId, m.CurrentRole]);
    expect(roles).toEqual([['tmpl-rg-001', 'replica'], ['tmpl-rg-002', 'primary']]);
    // The primary endpoint now leads to the promoted node: writes work again.
    await until(async () => (await redis.set('after', '2').catch(() => null)) === 'OK', 'writes through the primary endpoint');
    expect(await redis.get('before')).toBe('1');
  } finally {
    redis.disconnect();
  }
  const { Events } = await client.send(new DescribeEventsCommand({ SourceType: 'replication-group', SourceIdentifier: 'tmpl-rg' }));
  const messages = Events!.map((e) => e.Message!);
  expect(messages.some((m) => /Test Failover API called for node group 0001/.test(m))).toBe(true);
  expect(messages.some((m) => /Failover from primary node tmpl-rg-001 to replica node tmpl-rg-002 completed/.test(m))).toBe(true);
  expect(Events!.every((e) => e.Date instanceof Date)).toBe(true);
  const member = await client.send(new DescribeEventsCommand({ SourceType: 'cache-cluster', SourceIdentifier: 'tmpl-rg-001' }));
  expect(member.Events!.map((e) => e.Message)).toEqual(expect.arrayContaining(['Recovering cache nodes 0001', 'Finished recovery for cache nodes 0001']));
});

test('DeleteReplicationGroup with a final snapshot: deleting, gone (waiter), the snapshot stays', async () => {
  const client = sdkClient(sim);
  await client.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: 'doomed', ReplicationGroupDescription: 'd', Engine: 'redis', CacheNodeType: 'cache.t3.small', NumCacheClusters: 1,
  }));
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'doomed' });
  const badName = await failure(client.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'doomed', FinalSnapshotIdentifier: 'bad--name' })));
  expect(badName.name).toBe('InvalidParameterValueException');
  const deleting = await client.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'doomed', FinalSnapshotIdentifier: 'doomed-final' }));
  expect(deleting.ReplicationGroup?.Status).toBe('deleting');
  expect(await failure(client.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'doomed' }))))
    .toMatchObject({ name: 'InvalidReplicationGroupStateFault' });
  await waitUntilReplicationGroupDeleted({ client, ...FAST_WAIT }, { ReplicationGroupId: 'doomed' });
  const { Snapshots } = await client.send(new DescribeSnapshotsCommand({ SnapshotName: 'doomed-final' }));
  expect(Snapshots![0]).toMatchObject({ SnapshotStatus: 'available', SnapshotSource: 'manual', ReplicationGroupId: 'doomed', Engine: 'redis' });
});

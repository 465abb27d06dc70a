/**
 * Global Datastores through the real SDK: DescribeGlobalReplicationGroups (members only with
 * ShowMemberInfo) and FailoverGlobalReplicationGroup — the promoted secondary takes writes, the
 * former primary becomes read-only and replicates it, events name the change.
 */
import {
  DeleteReplicationGroupCommand, DescribeEventsCommand, DescribeGlobalReplicationGroupsCommand, DescribeReplicationGroupsCommand, ElastiCacheClient,
  FailoverGlobalReplicationGroupCommand, ModifyReplicationGroupCommand,
} from '@aws-sdk/client-elasticache';
import { failure, REGION, sdkClient, startSimulator } from './support';
import type { Simulator } from '../../../src';
import { eventually } from '../../support/eventually';
import { DatastoreClients, globalDatastoreFixture, writeReply } from '../global-datastore-fixture';

const { resources, datastoreId: DATASTORE_ID } = globalDatastoreFixture('app', 'app data');

let sim: Simulator;
let client: ElastiCacheClient;
const clients = new DatastoreClients(() => sim);
beforeAll(async () => {
  sim = await startSimulator(resources);
  client = sdkClient(sim);
});
afterAll(async () => {
  clients.closeAll();
  await sim?.stop();
});

test('describe: the datastore, with members and node groups only when asked', async () => {
  const plain = await client.send(new DescribeGlobalReplicationGroupsCommand({}));
  expect(plain.GlobalReplicationGroups).toHaveLength(1);
  expect(plain.GlobalReplicationGroups![0]).toMatchObject({
    GlobalReplicationGroupId: DATASTORE_ID,
    GlobalReplicationGroupDescription: 'app data',
    Status: 'available',
    Engine: 'valkey',
    CacheNodeType: 'cache.r7g.large',
    ClusterEnabled: false,
  });
  expect(plain.GlobalReplicationGroups![0].Members).toBeUndefined();

  const described = await client.send(new DescribeGlobalReplicationGroupsCommand({ GlobalReplicationGroupId: DATASTORE_ID, ShowMemberInfo: true }));
  const { GlobalReplicationGroups } = described;
  expect(GlobalReplicationGroups![0].Members).toEqual([
    expect.objectContaining({ ReplicationGroupId: 'first-rg', ReplicationGroupRegion: REGION, Role: 'primary', AutomaticFailover: 'enabled' }),
    expect.objectContaining({ ReplicationGroupId: 'second-rg', ReplicationGroupRegion: REGION, Role: 'secondary' }),
  ]);
  expect(GlobalReplicationGroups![0].GlobalNodeGroups).toEqual([{ GlobalNodeGroupId: `${DATASTORE_ID}-0001` }]);
  // The secondary joined by naming the datastore; DescribeReplicationGroups gives both groups their role.
  const { ReplicationGroups } = await client.send(new DescribeReplicationGroupsCommand({}));
  expect(Object.fromEntries(ReplicationGroups!.map((g) => [g.ReplicationGroupId, g.GlobalReplicationGroupInfo]))).toEqual({
    'first-rg': { GlobalReplicationGroupId: DATASTORE_ID, GlobalReplicationGroupMemberRole: 'primary' },
    'second-rg': { GlobalReplicationGroupId: DATASTORE_ID, GlobalReplicationGroupMemberRole: 'secondary' },
  });
  expect(await failure(client.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'second-rg' }))))
    .toMatchObject({ name: 'InvalidReplicationGroupStateFault', message: expect.stringContaining('member of a Global Datastore') });
  expect(await failure(client.send(new DescribeGlobalReplicationGroupsCommand({ GlobalReplicationGroupId: 'ldgnf-none' }))))
    .toMatchObject({ name: 'GlobalReplicationGroupNotFoundFault', status: 404 });
});

test('failover: the secondary becomes the primary, takes writes, and the former primary replicates it', async () => {
  const first = clients.primary('first-rg');
  const second = clients.primary('second-rg');
  await first.set('before', '1');
  await eventually(async () => (await second.get('before')) === '1', 10_000, 'the secondary replicates the primary');
  expect(await writeReply(second, 'k')).toMatch(/^READONLY/);

  expect(await failure(client.send(new FailoverGlobalReplicationGroupCommand({
    GlobalReplicationGroupId: DATASTORE_ID, PrimaryRegion: REGION, PrimaryReplicationGroupId: 'first-rg',
  })))).toMatchObject({ name: 'InvalidParameterValueException' });
  expect(await failure(client.send(new FailoverGlobalReplicationGroupCommand({
    GlobalReplicationGroupId: DATASTORE_ID, PrimaryRegion: 'eu-west-1', PrimaryReplicationGroupId: 'second-rg',
  })))).toMatchObject({ name: 'InvalidParameterValueException' });

  const { GlobalReplicationGroup } = await client.send(new FailoverGlobalReplicationGroupCommand({
    GlobalReplicationGroupId: DATASTORE_ID, PrimaryRegion: REGION, PrimaryReplicationGroupId: 'second-rg',
  }));
  expect(GlobalReplicationGroup!.Members!.map((m) => [m.ReplicationGroupId, m.Role])).toEqual([['first-rg', 'secondary'], ['second-rg', 'primary']]);

  await eventually(async () => (await writeReply(second, 'after')) === 'OK', 10_000, 'the promoted group takes writes');
  await eventually(async () => (await first.get('after')) === 'x', 10_000, 'the former primary replicates the new one');
  expect(await first.get('before')).toBe('1');
  expect(await writeReply(first, 'k')).toMatch(/^READONLY/);

  const { ReplicationGroups } = await client.send(new DescribeReplicationGroupsCommand({}));
  const roles = Object.fromEntries(ReplicationGroups!.map((g) => [g.ReplicationGroupId,
    g.GlobalReplicationGroupInfo?.GlobalReplicationGroupMemberRole]));
  expect(roles).toEqual({ 'first-rg': 'secondary', 'second-rg': 'primary' });

  const { Events } = await client.send(new DescribeEventsCommand({ SourceType: 'replication-group', Duration: 60 }));
  const messages = Events!.map((e) => `${e.SourceIdentifier}: ${e.Message}`);
  expect(messages).toEqual(expect.arrayContaining([
    expect.stringMatching(/^second-rg: Global Datastore ldgnf-app failover: this group in us-east-1 is now the primary/),
    expect.stringMatching(/^first-rg: Global Datastore ldgnf-app failover: replication group second-rg in us-east-1 is now the primary/),
  ]));
});

test('an engine upgrade of any member, the primary included, is refused: members are upgraded through the datastore', async () => {
  const redisSim = await startSimulator({
    Old: {
      Type: 'AWS::ElastiCache::ReplicationGroup',
      Properties: { ReplicationGroupId: 'old-rg', ReplicationGroupDescription: 'old', Engine: 'redis', EngineVersion: '7.0', CacheNodeType: 'cache.r7g.large', NumCacheClusters: 1 },
    },
    OldGd: {
      Type: 'AWS::ElastiCache::GlobalReplicationGroup',
      DependsOn: 'Old',
      Properties: { GlobalReplicationGroupIdSuffix: 'old', Members: [{ ReplicationGroupId: 'old-rg', Role: 'PRIMARY' }] },
    },
  });
  try {
    expect(await failure(sdkClient(redisSim).send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'old-rg', EngineVersion: '7.1', ApplyImmediately: true }))))
      .toMatchObject({ name: 'InvalidParameterCombinationException', message: expect.stringContaining('member of Global Datastore ldgnf-old: upgrade it with ModifyGlobalReplicationGroup') });
  } finally {
    await redisSim.stop();
  }
});

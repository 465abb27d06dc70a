/**
 * Global Datastores through the real SDK: DescribeGlobalReplicationGroups (members only with
 * ShowMemberInfo) and FailoverGlobalReplicationGroup — the promoted secondary takes writes, the
 * former primary becomes read-only and replicates it, events name the change.
 */
import {
  DescribeEventsCommand, DescribeGlobalReplicationGroupsCommand, DescribeReplicationGroupsCommand, ElastiCacheClient,
  FailoverGlobalReplicationGroupCommand,
} from '@aws-sdk/client-elasticache';
import Redis from 'ioredis';
import { failure, REGION, sdkClient, startSimulator } from './support';
import type { Simulator } from '../../../src';
import { eventually } from '../../support/eventually';

const GROUP = { Engine: 'valkey', CacheNodeType: 'cache.r7g.large', NumCacheClusters: 2, AutomaticFailoverEnabled: true };
const DATASTORE_ID = 'ldgnf-app';

let sim: Simulator;
let client: ElastiCacheClient;
const clients: Redis[] = [];
beforeAll(async () => {
  sim = await startSimulator({
    First: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ...GROUP, ReplicationGroupId: 'first-rg', ReplicationGroupDescription: 'first' } },
    Gd: {
      Type: 'AWS::ElastiCache::GlobalReplicationGroup',
      DependsOn: 'First',
      Properties: { GlobalReplicationGroupIdSuffix: 'app', GlobalReplicationGroupDescription: 'app data', Members: [{ ReplicationGroupId: 'first-rg', Role: 'PRIMARY' }] },
    },
    Second: {
      Type: 'AWS::ElastiCache::ReplicationGroup',
      DependsOn: 'Gd',
      Properties: { ReplicationGroupId: 'second-rg', ReplicationGroupDescription: 'second', GlobalReplicationGroupId: DATASTORE_ID, NumCacheClusters: 2 },
    },
  });
  client = sdkClient(sim);
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await sim?.stop();
});

async function connect(group: string): Promise<Redis> {
  const endpoint = sim.endpoint(group);
  const redis = new Redis({ host: endpoint.host, port: endpoint.port, lazyConnect: true, maxRetriesPerRequest: 0 });
  await redis.connect();
  clients.push(redis);
  return redis;
}

async function writeError(redis: Redis, key: string): Promise<string> {
  return redis.set(key, 'x').then(() => 'OK', (err: Error) => err.message);
}

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
  expect(await failure(client.send(new DescribeGlobalReplicationGroupsCommand({ GlobalReplicationGroupId: 'ldgnf-none' }))))
    .toMatchObject({ name: 'GlobalReplicationGroupNotFoundFault', status: 404 });
});

test('failover: the secondary becomes the primary, takes writes, and the former primary replicates it', async () => {
  const first = await connect('first-rg');
  const second = await connect('second-rg');
  await first.set('before', '1');
  await eventually(async () => (await second.get('before')) === '1', 10_000, 'the secondary replicates the primary');
  expect(await writeError(second, 'k')).toMatch(/^READONLY/);

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

  await eventually(async () => (await writeError(second, 'after')) === 'OK', 10_000, 'the promoted group takes writes');
  await eventually(async () => (await first.get('after')) === 'x', 10_000, 'the former primary replicates the new one');
  expect(await first.get('before')).toBe('1');
  expect(await writeError(first, 'k')).toMatch(/^READONLY/);

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

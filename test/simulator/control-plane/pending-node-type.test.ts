/**
 * A second CacheNodeType change for a replication group's maintenance window replaces the first:
 * only the newer node type is applied when the window opens, once.
 */
import { DescribeCacheClustersCommand, DescribeEventsCommand, DescribeReplicationGroupsCommand, ModifyReplicationGroupCommand } from '@aws-sdk/client-elasticache';
import { sdkClient, startSimulator, VALKEY_GROUP, weeklyTime } from './support';
import type { Simulator } from '../../../src';

const windowStart = new Date(Date.now() + 30 * 60_000);
const WINDOW = `${weeklyTime(windowStart)}-${weeklyTime(new Date(windowStart.getTime() + 60 * 60_000))}`;

let sim: Simulator | undefined;
afterAll(async () => {
  await sim?.stop();
});

test('a newer pending node type replaces the pending one', async () => {
  sim = await startSimulator({
    Group: { ...VALKEY_GROUP, Properties: { ...VALKEY_GROUP.Properties, ReplicationGroupId: 'resize-rg', PreferredMaintenanceWindow: WINDOW } },
  }, { virtualClock: true });
  const client = sdkClient(sim);
  await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'resize-rg', CacheNodeType: 'cache.t3.medium' }));
  await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'resize-rg', CacheNodeType: 'cache.m5.large' }));
  // Node types wait on the member clusters (a group's pending values have no node type).
  const { CacheClusters } = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'resize-rg-001' }));
  expect(CacheClusters![0].PendingModifiedValues).toMatchObject({ CacheNodeType: 'cache.m5.large' });

  const group = async () => (await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'resize-rg' }))).ReplicationGroups![0];
  for (let i = 0; i < 240 && (await group()).CacheNodeType !== 'cache.m5.large'; i++) await sim.advanceClock(30_000);
  for (let i = 0; i < 20 && (await group()).Status !== 'available'; i++) await sim.advanceClock(30_000);
  await sim.settle();
  // A few more minutes: a leftover schedule of the first request would apply cache.t3.medium now.
  await sim.advanceClock(10 * 60_000);
  await sim.settle();
  expect(await group()).toMatchObject({ CacheNodeType: 'cache.m5.large', Status: 'available' });
  const { Events } = await client.send(new DescribeEventsCommand({ SourceIdentifier: 'resize-rg', SourceType: 'replication-group', Duration: 24 * 60 }));
  expect(Events!.filter((e) => e.Message!.startsWith('Cache node type modified')).map((e) => e.Message)).toEqual(['Cache node type modified to cache.m5.large']);
});

/**
 * Happy paths on a virtual clock through the real SDK: the `snapshotting` status while a snapshot
 * is taken, CopySnapshot without a bucket, DescribeEvents time filters (StartTime, EndTime,
 * Duration) and NextToken paging of serverless caches.
 */
import {
  CopySnapshotCommand, CreateServerlessCacheCommand, CreateSnapshotCommand, DescribeEventsCommand, DescribeReplicationGroupsCommand,
  DescribeServerlessCachesCommand, DescribeSnapshotsCommand, ElastiCacheClient, ModifyReplicationGroupCommand, paginateDescribeServerlessCaches,
} from '@aws-sdk/client-elasticache';
import { sdkClient, startSimulator, VALKEY_GROUP } from './support';
import type { Simulator } from '../../../src';

let sim: Simulator;
let client: ElastiCacheClient;
beforeAll(async () => {
  sim = await startSimulator({ Rg: VALKEY_GROUP }, { virtualClock: true });
  client = sdkClient(sim);
});
afterAll(async () => {
  await sim?.stop();
});

async function groupStatus(): Promise<string | undefined> {
  const { ReplicationGroups } = await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'tmpl-rg' }));
  return ReplicationGroups![0].Status;
}

async function snapshotStatus(name: string): Promise<string | undefined> {
  const { Snapshots } = await client.send(new DescribeSnapshotsCommand({ SnapshotName: name }));
  return Snapshots![0].SnapshotStatus;
}

test('a snapshot: the group is snapshotting until it is taken; a copy without a bucket is a new snapshot', async () => {
  await client.send(new CreateSnapshotCommand({ ReplicationGroupId: 'tmpl-rg', SnapshotName: 'nightly' }));
  expect(await groupStatus()).toBe('snapshotting');
  expect(await snapshotStatus('nightly')).toBe('creating');
  await sim.advanceClock(60_000);
  await sim.settle();
  expect(await groupStatus()).toBe('available');
  expect(await snapshotStatus('nightly')).toBe('available');

  const { Snapshot } = await client.send(new CopySnapshotCommand({ SourceSnapshotName: 'nightly', TargetSnapshotName: 'nightly-copy' }));
  expect(Snapshot).toMatchObject({ SnapshotName: 'nightly-copy', ReplicationGroupId: 'tmpl-rg', SnapshotSource: 'manual' });
  await sim.advanceClock(60_000);
  await sim.settle();
  expect(await snapshotStatus('nightly-copy')).toBe('available');
  const { Snapshots } = await client.send(new DescribeSnapshotsCommand({ ReplicationGroupId: 'tmpl-rg' }));
  expect(Snapshots!.map((s) => s.SnapshotName).sort()).toEqual(['nightly', 'nightly-copy']);
});

test('DescribeEvents: StartTime, EndTime and Duration select by the simulator clock', async () => {
  await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'tmpl-rg', ReplicationGroupDescription: 'early' }));
  const early = sim.now;
  await sim.advanceClock(30 * 60_000);
  await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'tmpl-rg', SnapshotRetentionLimit: 2 }));
  const late = sim.now;
  const messages = async (filters: { StartTime?: Date; EndTime?: Date; Duration?: number }) => {
    const { Events } = await client.send(new DescribeEventsCommand({ SourceType: 'replication-group', SourceIdentifier: 'tmpl-rg', ...filters }));
    return Events!.map((e) => e.Message!).filter((m) => m.includes(' modified: '));
  };
  const minute = 60_000;
  const earlyEvent = 'Replication group tmpl-rg modified: ReplicationGroupDescription';
  const lateEvent = 'Replication group tmpl-rg modified: SnapshotRetentionLimit';
  expect(await messages({})).toEqual([earlyEvent, lateEvent]);
  expect(await messages({ Duration: 10 })).toEqual([lateEvent]);
  expect(await messages({ Duration: 40 })).toEqual([earlyEvent, lateEvent]);
  expect(await messages({ StartTime: new Date(early.getTime() + minute) })).toEqual([lateEvent]);
  expect(await messages({ StartTime: new Date(early.getTime() - minute), EndTime: new Date(early.getTime() + minute) })).toEqual([earlyEvent]);
  expect(await messages({ StartTime: new Date(late.getTime() + minute) })).toEqual([]);
});

test('NextToken: serverless caches page by MaxResults', async () => {
  for (const name of ['page-a', 'page-b', 'page-c']) await client.send(new CreateServerlessCacheCommand({ ServerlessCacheName: name, Engine: 'valkey' }));
  await sim.advanceClock(10 * 60_000);
  await sim.settle();
  const first = await client.send(new DescribeServerlessCachesCommand({ MaxResults: 2 }));
  expect(first.ServerlessCaches).toHaveLength(2);
  expect(first.NextToken).toBeDefined();
  const second = await client.send(new DescribeServerlessCachesCommand({ MaxResults: 2, NextToken: first.NextToken }));
  expect(second.ServerlessCaches).toHaveLength(1);
  expect(second.NextToken).toBeUndefined();
  const names = [];
  for await (const page of paginateDescribeServerlessCaches({ client, pageSize: 1 }, {})) {
    names.push(...page.ServerlessCaches!.map((c) => c.ServerlessCacheName));
  }
  expect(names.sort()).toEqual(['page-a', 'page-b', 'page-c']);
  expect([...first.ServerlessCaches!, ...second.ServerlessCaches!].map((c) => c.ServerlessCacheName).sort()).toEqual(['page-a', 'page-b', 'page-c']);
});

/**
 * Events of lifecycle steps through the real SDK: deleting users, user groups, parameter groups,
 * subnet groups and snapshots, modifying users and user groups, and ModifyReplicationGroup
 * settings each leave an event on their source; the deletions themselves (DeleteCacheParameterGroup,
 * DeleteUserGroup) succeed and the resources are gone.
 */
import {
  CreateCacheParameterGroupCommand, CreateCacheSubnetGroupCommand, CreateSnapshotCommand, CreateUserCommand, CreateUserGroupCommand,
  DeleteCacheParameterGroupCommand, DeleteCacheSubnetGroupCommand, DeleteSnapshotCommand, DeleteUserCommand, DeleteUserGroupCommand,
  DescribeCacheParameterGroupsCommand, DescribeEventsCommand, DescribeSnapshotsCommand, DescribeUserGroupsCommand, ElastiCacheClient,
  ModifyReplicationGroupCommand, ModifyUserCommand, ModifyUserGroupCommand, SourceType, TestFailoverCommand,
} from '@aws-sdk/client-elasticache';
import { failure, sdkClient, startSimulator, VALKEY_GROUP } from './support';
import type { Simulator } from '../../../src';
import { eventually } from '../../support/eventually';

let sim: Simulator;
let client: ElastiCacheClient;
beforeAll(async () => {
  sim = await startSimulator({ Rg: VALKEY_GROUP });
  client = sdkClient(sim);
});
afterAll(async () => {
  await sim?.stop();
});

async function messagesOf(sourceType: SourceType, sourceId: string): Promise<string[]> {
  const { Events } = await client.send(new DescribeEventsCommand({ SourceType: sourceType, SourceIdentifier: sourceId, Duration: 14 * 24 * 60 }));
  return Events!.map((e) => e.Message!);
}

test('parameter and subnet groups: deleted, gone, with an event each', async () => {
  await client.send(new CreateCacheParameterGroupCommand({ CacheParameterGroupName: 'old-params', CacheParameterGroupFamily: 'valkey8', Description: 'old' }));
  await client.send(new DeleteCacheParameterGroupCommand({ CacheParameterGroupName: 'old-params' }));
  expect(await failure(client.send(new DescribeCacheParameterGroupsCommand({ CacheParameterGroupName: 'old-params' }))))
    .toMatchObject({ name: 'CacheParameterGroupNotFoundFault', status: 404 });
  expect(await messagesOf('cache-parameter-group', 'old-params')).toEqual(['Parameter group old-params deleted']);

  await client.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: 'old-subnets', CacheSubnetGroupDescription: 'old', SubnetIds: ['subnet-0a'] }));
  await client.send(new DeleteCacheSubnetGroupCommand({ CacheSubnetGroupName: 'old-subnets' }));
  expect(await messagesOf('cache-subnet-group', 'old-subnets')).toEqual(['Cache subnet group old-subnets deleted']);
});

test('users and user groups: modified and deleted, with events in order', async () => {
  await client.send(new CreateUserCommand({ UserId: 'dave', UserName: 'dave', Engine: 'valkey', AccessString: 'on ~* +@all', Passwords: ['dave-password-0001'] }));
  await client.send(new CreateUserCommand({ UserId: 'erin', UserName: 'erin', Engine: 'valkey', AccessString: 'on ~* +@all', Passwords: ['erin-password-0001'] }));
  await client.send(new CreateUserGroupCommand({ UserGroupId: 'old-users', Engine: 'valkey', UserIds: ['erin'] }));
  await sim.settle();
  await client.send(new ModifyUserCommand({ UserId: 'dave', AccessString: 'on ~app:* +@read' }));
  await client.send(new ModifyUserGroupCommand({ UserGroupId: 'old-users', UserIdsToAdd: ['dave'] }));
  await sim.settle();
  await client.send(new ModifyUserGroupCommand({ UserGroupId: 'old-users', UserIdsToRemove: ['dave'] }));
  await sim.settle();
  await client.send(new DeleteUserCommand({ UserId: 'dave' }));
  await client.send(new DeleteUserGroupCommand({ UserGroupId: 'old-users' }));
  await sim.settle();
  expect(await failure(client.send(new DescribeUserGroupsCommand({ UserGroupId: 'old-users' })))).toMatchObject({ name: 'UserGroupNotFoundFault' });

  // In the order they happened.
  expect(await messagesOf('user', 'dave')).toEqual(['User dave created', 'User dave modified', 'User dave deleted']);
  expect(await messagesOf('user-group', 'old-users'))
    .toEqual(['User group old-users created', 'User group old-users modified', 'User group old-users modified', 'User group old-users deleted']);
});

test('ModifyReplicationGroup settings and a snapshot deletion leave events on the group', async () => {
  await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'tmpl-rg', ReplicationGroupDescription: 'changed', SnapshotRetentionLimit: 3 }));
  expect(await messagesOf('replication-group', 'tmpl-rg')).toContain('Replication group tmpl-rg modified: ReplicationGroupDescription, SnapshotRetentionLimit');

  await client.send(new CreateSnapshotCommand({ ReplicationGroupId: 'tmpl-rg', SnapshotName: 'to-delete' }));
  await eventually(async () => {
    const { Snapshots } = await client.send(new DescribeSnapshotsCommand({ SnapshotName: 'to-delete' }));
    return Snapshots![0].SnapshotStatus === 'available';
  }, 30_000, 'the snapshot is available');
  await client.send(new DeleteSnapshotCommand({ SnapshotName: 'to-delete' }));
  expect(await messagesOf('replication-group', 'tmpl-rg')).toContain('Snapshot to-delete deleted');
});

test('TestFailover: the documented steps are recorded in order, each at its own time', async () => {
  await client.send(new TestFailoverCommand({ ReplicationGroupId: 'tmpl-rg', NodeGroupId: '0001' }));
  await sim.settle();
  const { Events } = await client.send(new DescribeEventsCommand({ Duration: 60 }));
  const step = (pattern: RegExp) => {
    const found = Events!.filter((e) => pattern.test(e.Message!));
    expect(found.length).toBeGreaterThan(0);
    return found.map((e) => e.Date!.getTime());
  };
  const called = step(/^Test Failover API called for node group 0001$/);
  const completed = step(/^Failover from primary node .* to replica node .* completed$/);
  const recovering = step(/^Recovering cache nodes /);
  const recovered = step(/^Finished recovery for cache nodes /);
  expect(Math.max(...called)).toBeLessThan(Math.min(...completed));
  expect(Math.max(...completed)).toBeLessThan(Math.min(...recovering));
  expect(Math.max(...recovering)).toBeLessThan(Math.min(...recovered));
});

/**
 * ModifyReplicationGroup user group changes through the real SDK: one group replaces another, the
 * new group's users authenticate, and — as the service does — connections already authenticated
 * as a user that no longer has access are closed.
 */
import {
  CreateReplicationGroupCommand, CreateUserCommand, CreateUserGroupCommand, DescribeReplicationGroupsCommand, DescribeUserGroupsCommand,
  ElastiCacheClient, ModifyReplicationGroupCommand, waitUntilReplicationGroupAvailable,
} from '@aws-sdk/client-elasticache';
import Redis from 'ioredis';
import { FAST_WAIT, sdkClient, startSimulator, tlsRedis } from './support';
import type { Simulator } from '../../../src';
import { eventually } from '../../support/eventually';

let sim: Simulator;
let client: ElastiCacheClient;
const opened: Redis[] = [];
beforeAll(async () => {
  sim = await startSimulator();
  client = sdkClient(sim);
});
afterAll(async () => {
  for (const redis of opened) redis.disconnect();
  await sim?.stop();
});

/** A connection authenticated as the user, or undefined when the password is refused. */
async function connectAs(user: string, password: string): Promise<Redis | undefined> {
  const redis = await tlsRedis(sim, 'rbac-change-rg', { username: user, password });
  if (redis) opened.push(redis);
  return redis;
}

test('a replication group moves from one user group to another; the removed users\' connections are closed', async () => {
  await client.send(new CreateUserCommand({ UserId: 'ann', UserName: 'ann', Engine: 'valkey', AccessString: 'on ~* +@all', Passwords: ['ann-password-00001'] }));
  await client.send(new CreateUserCommand({ UserId: 'ben', UserName: 'ben', Engine: 'valkey', AccessString: 'on ~* +@all', Passwords: ['ben-password-00001'] }));
  await client.send(new CreateUserGroupCommand({ UserGroupId: 'grp-a', Engine: 'valkey', UserIds: ['ann'] }));
  await client.send(new CreateUserGroupCommand({ UserGroupId: 'grp-b', Engine: 'valkey', UserIds: ['ben'] }));
  await sim.settle();
  await client.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: 'rbac-change-rg',
    ReplicationGroupDescription: 'rbac',
    Engine: 'valkey',
    CacheNodeType: 'cache.t3.small',
    NumCacheClusters: 1,
    TransitEncryptionEnabled: true,
    UserGroupIds: ['grp-a'],
  }));
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'rbac-change-rg' });

  const ann = await connectAs('ann', 'ann-password-00001');
  expect(ann).toBeDefined();
  expect(await connectAs('ben', 'ben-password-00001')).toBeUndefined();
  await ann!.set('k', 'v');

  const { ReplicationGroup } = await client.send(new ModifyReplicationGroupCommand({
    ReplicationGroupId: 'rbac-change-rg', UserGroupIdsToRemove: ['grp-a'], UserGroupIdsToAdd: ['grp-b'],
  }));
  expect(ReplicationGroup!.ReplicationGroupId).toBe('rbac-change-rg');
  await eventually(() => ann!.status === 'end', 10_000, 'ann\'s connection is closed');
  await sim.settle();

  const ben = await connectAs('ben', 'ben-password-00001');
  expect(ben).toBeDefined();
  expect(await ben!.get('k')).toBe('v');
  expect(await connectAs('ann', 'ann-password-00001')).toBeUndefined();

  const { ReplicationGroups } = await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'rbac-change-rg' }));
  expect(ReplicationGroups![0].UserGroupIds).toEqual(['grp-b']);
  const { UserGroups } = await client.send(new DescribeUserGroupsCommand({}));
  const byId = Object.fromEntries(UserGroups!.map((g) => [g.UserGroupId, g.ReplicationGroups]));
  expect(byId).toEqual({ 'grp-a': [], 'grp-b': ['rbac-change-rg'] });
});

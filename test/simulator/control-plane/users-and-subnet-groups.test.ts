/**
 * Users and user groups through the real SDK, applied to a running RBAC replication group (new
 * passwords and members reach the nodes), and subnet groups.
 */
import {
  CreateCacheSubnetGroupCommand, CreateReplicationGroupCommand, CreateUserCommand, CreateUserGroupCommand, DeleteCacheSubnetGroupCommand,
  DeleteUserCommand, DeleteUserGroupCommand, DescribeCacheSubnetGroupsCommand, DescribeUserGroupsCommand, DescribeUsersCommand,
  ModifyCacheSubnetGroupCommand, ModifyUserCommand, ModifyUserGroupCommand, waitUntilReplicationGroupAvailable,
} from '@aws-sdk/client-elasticache';
import Redis from 'ioredis';
import { FAST_WAIT, failure, sdkClient, startSimulator } from './support';
import type { Simulator } from '../../../src';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim?.stop();
});

/** Whether a new connection authenticated as the user can run commands. */
async function authenticates(user: string, password: string): Promise<boolean> {
  const endpoint = sim.endpoint('rbac-rg');
  const tls = { ca: sim.caCertificatePem, servername: endpoint.hostname };
  const redis = new Redis({
    host: endpoint.host, port: endpoint.port, tls, username: user, password, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null,
  });
  // A refused password is the expected outcome here, not an error to print.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

test('users and a user group guard a running group; password and membership changes reach it', async () => {
  const client = sdkClient(sim);
  const alice = await client.send(new CreateUserCommand({
    UserId: 'alice', UserName: 'alice', Engine: 'valkey', AccessString: 'on ~* +@all', Passwords: ['alice-password-0001'],
  }));
  expect(alice).toMatchObject({ UserId: 'alice', Status: 'active', Authentication: { Type: 'password', PasswordCount: 1 } });
  await client.send(new CreateUserCommand({ UserId: 'bob', UserName: 'bob', Engine: 'valkey', AccessString: 'on ~* +@all', Passwords: ['bob-password-00001'] }));
  expect(await failure(client.send(new CreateUserCommand({ UserId: 'alice', UserName: 'x', Engine: 'valkey', AccessString: 'on', Passwords: ['p'.repeat(20)] }))))
    .toMatchObject({ name: 'UserAlreadyExistsFault' });
  expect(await failure(client.send(new CreateUserCommand({ UserId: 'carol', UserName: 'carol', Engine: 'valkey', AccessString: 'on ~* +@all', Passwords: ['short'] }))))
    .toMatchObject({ name: 'InvalidParameterValueException' });

  const group = await client.send(new CreateUserGroupCommand({ UserGroupId: 'app-users', Engine: 'valkey', UserIds: ['alice'] }));
  expect(group).toMatchObject({ UserGroupId: 'app-users', Status: 'creating', UserIds: ['alice'] });
  await sim.settle();
  await client.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: 'rbac-rg',
    ReplicationGroupDescription: 'rbac',
    Engine: 'valkey',
    CacheNodeType: 'cache.t3.small',
    NumCacheClusters: 1,
    TransitEncryptionEnabled: true,
    UserGroupIds: ['app-users'],
  }));
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'rbac-rg' });
  const { UserGroups } = await client.send(new DescribeUserGroupsCommand({ UserGroupId: 'app-users' }));
  expect(UserGroups![0]).toMatchObject({ Status: 'active', ReplicationGroups: ['rbac-rg'] });
  expect(await authenticates('alice', 'alice-password-0001')).toBe(true);
  expect(await authenticates('bob', 'bob-password-00001')).toBe(false);

  const modified = await client.send(new ModifyUserCommand({ UserId: 'alice', Passwords: ['alice-password-0002'] }));
  expect(modified.Status).toBe('modifying');
  expect(await authenticates('alice', 'alice-password-0001')).toBe(false);
  expect(await authenticates('alice', 'alice-password-0002')).toBe(true);
  await sim.settle();

  await client.send(new ModifyUserGroupCommand({ UserGroupId: 'app-users', UserIdsToAdd: ['bob'], UserIdsToRemove: ['alice'] }));
  expect(await authenticates('bob', 'bob-password-00001')).toBe(true);
  expect(await authenticates('alice', 'alice-password-0002')).toBe(false);
  await sim.settle();
  const { Users } = await client.send(new DescribeUsersCommand({ UserId: 'bob' }));
  expect(Users![0].UserGroupIds).toEqual(['app-users']);

  expect(await failure(client.send(new DeleteUserGroupCommand({ UserGroupId: 'app-users' })))).toMatchObject({ name: 'InvalidUserGroupStateFault' });
  expect(await failure(client.send(new DeleteUserCommand({ UserId: 'bob' })))).toMatchObject({ name: 'InvalidUserStateFault' });
  const deleted = await client.send(new DeleteUserCommand({ UserId: 'alice' }));
  expect(deleted.Status).toBe('deleting');
  await sim.settle();
  expect(await failure(client.send(new DescribeUsersCommand({ UserId: 'alice' })))).toMatchObject({ name: 'UserNotFoundFault', status: 404 });
});

test('subnet groups: create, describe, modify, delete, with the service errors', async () => {
  const client = sdkClient(sim);
  const created = await client.send(new CreateCacheSubnetGroupCommand({
    CacheSubnetGroupName: 'App-Subnets', CacheSubnetGroupDescription: 'app', SubnetIds: ['subnet-0a', 'subnet-0b'],
  }));
  expect(created.CacheSubnetGroup).toMatchObject({ CacheSubnetGroupName: 'app-subnets', CacheSubnetGroupDescription: 'app' });
  expect(created.CacheSubnetGroup!.Subnets!.map((s) => s.SubnetIdentifier)).toEqual(['subnet-0a', 'subnet-0b']);
  expect(await failure(client.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: 'app-subnets', CacheSubnetGroupDescription: 'x', SubnetIds: ['subnet-0c'] }))))
    .toMatchObject({ name: 'CacheSubnetGroupAlreadyExistsFault' });
  await client.send(new ModifyCacheSubnetGroupCommand({ CacheSubnetGroupName: 'app-subnets', SubnetIds: ['subnet-0c'] }));
  const { CacheSubnetGroups } = await client.send(new DescribeCacheSubnetGroupsCommand({ CacheSubnetGroupName: 'app-subnets' }));
  expect(CacheSubnetGroups![0].Subnets!.map((s) => s.SubnetIdentifier)).toEqual(['subnet-0c']);
  await client.send(new DeleteCacheSubnetGroupCommand({ CacheSubnetGroupName: 'app-subnets' }));
  expect(await failure(client.send(new DescribeCacheSubnetGroupsCommand({ CacheSubnetGroupName: 'app-subnets' }))))
    .toMatchObject({ name: 'CacheSubnetGroupNotFoundFault' });
});

test('a user created with no-password-required is described with the authentication type no-password', async () => {
  const client = sdkClient(sim);
  const created = await client.send(new CreateUserCommand({
    UserId: 'reader', UserName: 'reader', Engine: 'valkey', AccessString: 'on ~* +@read', AuthenticationMode: { Type: 'no-password-required' },
  }));
  expect(created.Authentication).toEqual({ Type: 'no-password', PasswordCount: 0 });
  const { Users } = await client.send(new DescribeUsersCommand({ UserId: 'reader' }));
  expect(Users![0].Authentication).toEqual({ Type: 'no-password', PasswordCount: 0 });
  await client.send(new DeleteUserCommand({ UserId: 'reader' }));
});

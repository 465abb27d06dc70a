/**
 * AUTH token changes through the real SDK and checked with ioredis: ROTATE keeps the previous
 * token working beside the new one (at most two), SET leaves only the given token, ROTATE on a
 * group without a token makes it optional until a SET, DELETE moves a group to RBAC user groups,
 * and the documented refusals.
 */
import {
  CreateCacheClusterCommand, CreateReplicationGroupCommand, CreateUserCommand, CreateUserGroupCommand, DescribeCacheClustersCommand,
  DescribeEventsCommand, DescribeReplicationGroupsCommand, ElastiCacheClient, ModifyCacheClusterCommand, ModifyReplicationGroupCommand,
  waitUntilCacheClusterAvailable, waitUntilReplicationGroupAvailable,
} from '@aws-sdk/client-elasticache';
import type Redis from 'ioredis';
import { CacheClients } from './cache-clients';
import { failure, FAST_WAIT, sdkClient, startSimulator } from './support';
import type { Simulator } from '../../../src';

const FIRST = 'first-Token-000001';
const SECOND = 'second-Token-00002';
const THIRD = 'third-Token-000003';

let sim: Simulator;
let client: ElastiCacheClient;
const clients = new CacheClients(() => sim);
beforeAll(async () => {
  sim = await startSimulator();
  client = sdkClient(sim);
});
afterAll(async () => {
  clients.closeAll();
  await sim?.stop();
});

/** A TLS connection to the cache, authenticated with the token when one is given. */
function connect(cache: string, password?: string, username?: string): Promise<Redis> {
  return clients.connect(cache, { tls: true, password, username });
}

/** `OK` when a new TLS connection with the token works, else the error the server answered. */
function auth(cache: string, token?: string): Promise<string> {
  return clients.attempt(cache, { tls: true, password: token });
}

/** PING on a connection: `PONG` or the error. */
async function ping(redis: Redis): Promise<string> {
  try {
    return await redis.ping();
  } catch (err) {
    return (err as Error).message;
  }
}

async function createGroup(id: string, authToken?: string, tls = true): Promise<void> {
  await client.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: id,
    ReplicationGroupDescription: 'auth',
    Engine: 'valkey',
    CacheNodeType: 'cache.t3.small',
    NumCacheClusters: 1,
    TransitEncryptionEnabled: tls,
    AuthToken: authToken,
  }));
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: id });
}

async function modify(id: string, token: string | undefined, strategy: string, extra: Record<string, unknown> = {}): Promise<void> {
  await client.send(new ModifyReplicationGroupCommand({
    ReplicationGroupId: id, AuthToken: token, AuthTokenUpdateStrategy: strategy as 'ROTATE', ApplyImmediately: true, ...extra,
  }));
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: id });
}

async function describeGroup(id: string) {
  const { ReplicationGroups } = await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }));
  return ReplicationGroups![0];
}

test('ROTATE keeps the previous token beside the new one, a third ROTATE drops the oldest, SET leaves one token', async () => {
  await createGroup('rotate-rg', FIRST);
  const created = (await describeGroup('rotate-rg')).AuthTokenLastModifiedDate!;
  expect(await auth('rotate-rg', FIRST)).toBe('OK');
  expect(await auth('rotate-rg', SECOND)).toMatch(/^WRONGPASS/);

  const { ReplicationGroup } = await client.send(new ModifyReplicationGroupCommand({
    ReplicationGroupId: 'rotate-rg', AuthToken: SECOND, AuthTokenUpdateStrategy: 'ROTATE', ApplyImmediately: true,
  }));
  expect(ReplicationGroup!.Status).toBe('modifying');
  expect(ReplicationGroup!.PendingModifiedValues!.AuthTokenStatus).toBe('ROTATING');
  const busy = await failure(client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'rotate-rg', AuthToken: THIRD, AuthTokenUpdateStrategy: 'ROTATE' })));
  expect(busy.name).toBe('InvalidReplicationGroupStateFault');
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'rotate-rg' });
  expect(await auth('rotate-rg', FIRST)).toBe('OK');
  expect(await auth('rotate-rg', SECOND)).toBe('OK');
  const rotated = await describeGroup('rotate-rg');
  expect(rotated.AuthTokenEnabled).toBe(true);
  expect(rotated.PendingModifiedValues?.AuthTokenStatus).toBeUndefined();
  expect(rotated.AuthTokenLastModifiedDate!.getTime()).toBeGreaterThanOrEqual(created.getTime());

  // A connection authenticated with the second token stays usable through the next steps.
  const withSecond = await connect('rotate-rg', SECOND);

  await modify('rotate-rg', THIRD, 'ROTATE');
  expect(await auth('rotate-rg', FIRST)).toMatch(/^WRONGPASS/);
  expect(await auth('rotate-rg', SECOND)).toBe('OK');
  expect(await auth('rotate-rg', THIRD)).toBe('OK');

  await modify('rotate-rg', THIRD, 'SET');
  expect(await auth('rotate-rg', SECOND)).toMatch(/^WRONGPASS/);
  expect(await auth('rotate-rg', THIRD)).toBe('OK');
  expect(await ping(withSecond)).toBe('PONG');
  expect(await auth('rotate-rg')).toMatch(/^NOAUTH/);

  const again = await failure(client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'rotate-rg', AuthToken: THIRD, AuthTokenUpdateStrategy: 'SET' })));
  expect(again.name).toBe('InvalidParameterCombinationException');
  expect(again.message).toMatch(/only after ROTATE/);

  const { Events } = await client.send(new DescribeEventsCommand({ SourceIdentifier: 'rotate-rg', SourceType: 'replication-group' }));
  const messages = Events!.map((e) => e.Message);
  expect(messages.filter((m) => m === 'AUTH token rotated')).toHaveLength(2);
  expect(messages).toContain('AUTH token set');
});

test('ROTATE on a group without a token makes it optional; SET makes it required', async () => {
  await createGroup('enable-auth-rg');
  expect((await describeGroup('enable-auth-rg')).AuthTokenEnabled).toBe(false);
  const before = await connect('enable-auth-rg');
  await before.set('k', 'v');

  await modify('enable-auth-rg', FIRST, 'ROTATE');
  expect((await describeGroup('enable-auth-rg')).AuthTokenEnabled).toBe(true);
  expect(await auth('enable-auth-rg')).toBe('OK');
  expect(await auth('enable-auth-rg', FIRST)).toBe('OK');
  expect(await auth('enable-auth-rg', SECOND)).toMatch(/^WRONGPASS/);

  await modify('enable-auth-rg', FIRST, 'SET');
  expect(await auth('enable-auth-rg')).toMatch(/^NOAUTH/);
  expect(await (await connect('enable-auth-rg', FIRST)).get('k')).toBe('v');
  // The connection made before the token existed keeps working.
  expect(await ping(before)).toBe('PONG');
});

test('DELETE moves a group from its AUTH token to a user group', async () => {
  await client.send(new CreateUserCommand({ UserId: 'tok-ann', UserName: 'ann', Engine: 'valkey', AccessString: 'on ~* +@all', Passwords: ['ann-password-00001'] }));
  await client.send(new CreateUserCommand({ UserId: 'tok-default', UserName: 'default', Engine: 'valkey', AccessString: 'off -@all', NoPasswordRequired: true }));
  await client.send(new CreateUserGroupCommand({ UserGroupId: 'tok-users', Engine: 'valkey', UserIds: ['tok-default', 'tok-ann'] }));
  await sim.settle();
  await createGroup('delete-rg', FIRST);

  const without = await failure(client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'delete-rg', AuthTokenUpdateStrategy: 'DELETE' })));
  expect(without.name).toBe('InvalidParameterCombinationException');
  expect(without.message).toMatch(/moving to RBAC/);
  const noStrategy = await failure(client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'delete-rg', UserGroupIdsToAdd: ['tok-users'] })));
  expect(noStrategy.name).toBe('InvalidParameterCombinationException');

  await modify('delete-rg', undefined, 'DELETE', { UserGroupIdsToAdd: ['tok-users'] });
  const group = await describeGroup('delete-rg');
  expect(group.AuthTokenEnabled).toBe(false);
  expect(group.UserGroupIds).toEqual(['tok-users']);
  await sim.settle();
  expect(await auth('delete-rg', FIRST)).toMatch(/^WRONGPASS/);
  const ann = await connect('delete-rg', 'ann-password-00001', 'ann');
  expect(await ann.ping()).toBe('PONG');
});

test('token format, strategy and encryption rules', async () => {
  await createGroup('rules-rg', FIRST);
  await createGroup('plain-rg', undefined, false);
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['rules-rg', { AuthToken: 'short-token', AuthTokenUpdateStrategy: 'ROTATE' }, 'InvalidParameterValueException', /Invalid AuthToken/],
    ['rules-rg', { AuthToken: 'has-an-@-sign-000001', AuthTokenUpdateStrategy: 'ROTATE' }, 'InvalidParameterValueException', /Invalid AuthToken/],
    ['rules-rg', { AuthToken: 'x'.repeat(129), AuthTokenUpdateStrategy: 'ROTATE' }, 'InvalidParameterValueException', /Invalid AuthToken/],
    ['rules-rg', { AuthToken: SECOND, AuthTokenUpdateStrategy: 'SWAP' }, 'InvalidParameterValueException', /AuthTokenUpdateStrategy/],
    ['rules-rg', { AuthTokenUpdateStrategy: 'ROTATE' }, 'InvalidParameterValueException', /needs an AuthToken/],
    ['rules-rg', { AuthToken: SECOND, AuthTokenUpdateStrategy: 'DELETE' }, 'InvalidParameterCombinationException', /cannot be given/],
    ['rules-rg', { AuthToken: SECOND, AuthTokenUpdateStrategy: 'SET' }, 'InvalidParameterCombinationException', /only after ROTATE/],
    ['plain-rg', { AuthToken: SECOND, AuthTokenUpdateStrategy: 'ROTATE' }, 'InvalidParameterValueException', /encryption-in-transit/],
  ];
  for (const [id, params, code, message] of cases) {
    const error = await failure(client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: id, ...params })));
    expect([id, params, error.name]).toEqual([id, params, code]);
    expect(error.message).toMatch(message);
  }
  // Without a strategy a token is rotated in (the API's default).
  await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'rules-rg', AuthToken: SECOND, ApplyImmediately: true }));
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'rules-rg' });
  expect(await auth('rules-rg', FIRST)).toBe('OK');
  expect(await auth('rules-rg', SECOND)).toBe('OK');
});

test('ModifyCacheCluster adds a token to a single-node cluster (optional after ROTATE, required after SET); Memcached has no AUTH token', async () => {
  await client.send(new CreateCacheClusterCommand({
    CacheClusterId: 'tok-single', Engine: 'valkey', CacheNodeType: 'cache.t3.small', NumCacheNodes: 1, TransitEncryptionEnabled: true,
  }));
  await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'tok-mc', Engine: 'memcached', CacheNodeType: 'cache.t3.small', NumCacheNodes: 1 }));
  await waitUntilCacheClusterAvailable({ client, ...FAST_WAIT }, { CacheClusterId: 'tok-single' });
  await waitUntilCacheClusterAvailable({ client, ...FAST_WAIT }, { CacheClusterId: 'tok-mc' });

  const { CacheCluster } = await client.send(new ModifyCacheClusterCommand({
    CacheClusterId: 'tok-single', AuthToken: FIRST, AuthTokenUpdateStrategy: 'ROTATE', ApplyImmediately: true,
  }));
  expect(CacheCluster!.CacheClusterStatus).toBe('modifying');
  expect(CacheCluster!.PendingModifiedValues!.AuthTokenStatus).toBe('ROTATING');
  await waitUntilCacheClusterAvailable({ client, ...FAST_WAIT }, { CacheClusterId: 'tok-single' });
  expect(await auth('tok-single')).toBe('OK');
  expect(await auth('tok-single', FIRST)).toBe('OK');

  await client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'tok-single', AuthToken: SECOND, AuthTokenUpdateStrategy: 'SET', ApplyImmediately: true }));
  await waitUntilCacheClusterAvailable({ client, ...FAST_WAIT }, { CacheClusterId: 'tok-single' });
  expect(await auth('tok-single')).toMatch(/^NOAUTH/);
  expect(await auth('tok-single', FIRST)).toMatch(/^WRONGPASS/);
  expect(await auth('tok-single', SECOND)).toBe('OK');
  const { CacheClusters } = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'tok-single' }));
  expect(CacheClusters![0].AuthTokenEnabled).toBe(true);
  expect(CacheClusters![0].AuthTokenLastModifiedDate).toBeInstanceOf(Date);

  const memcached = await failure(client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'tok-mc', AuthToken: SECOND, AuthTokenUpdateStrategy: 'ROTATE' })));
  expect(memcached.name).toBe('InvalidParameterCombinationException');
});

/**
 * In-transit encryption changes on a running replication group through the real SDK, seen by
 * ioredis over TLS and plain TCP: no TLS → `preferred` (both on the same port, existing plain
 * connections kept) → `required` (plain refused, plain connections closed) → back through
 * `preferred` to no TLS, and the documented refusals.
 */
import {
  CreateReplicationGroupCommand, DescribeEventsCommand, DescribeReplicationGroupsCommand, ElastiCacheClient, ModifyReplicationGroupCommand,
  waitUntilReplicationGroupAvailable,
} from '@aws-sdk/client-elasticache';
import type Redis from 'ioredis';
import { CacheClients } from './cache-clients';
import { failure, FAST_WAIT, sdkClient, startSimulator } from './support';
import type { Simulator } from '../../../src';
import { eventually } from '../../support/eventually';

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

function connect(cache: string, tls: boolean): Promise<Redis> {
  return clients.connect(cache, { tls });
}

/** True when a new connection of that kind works. */
async function works(cache: string, tls: boolean, type?: 'reader'): Promise<boolean> {
  return (await clients.attempt(cache, { tls, reader: type === 'reader' })) === 'OK';
}

async function createGroup(id: string, engine: string, engineVersion?: string, tls = false): Promise<void> {
  await client.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: id,
    ReplicationGroupDescription: 'transit',
    Engine: engine,
    EngineVersion: engineVersion,
    CacheNodeType: 'cache.t3.small',
    NumCacheClusters: 2,
    TransitEncryptionEnabled: tls,
  }));
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: id });
}

async function modify(id: string, params: { TransitEncryptionEnabled?: boolean; TransitEncryptionMode?: 'preferred' | 'required' }) {
  const { ReplicationGroup } = await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: id, ApplyImmediately: true, ...params }));
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: id });
  return ReplicationGroup!;
}

async function describe(id: string) {
  const { ReplicationGroups } = await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }));
  return ReplicationGroups![0];
}

test('a group without TLS goes to preferred, then required, then back to no TLS through preferred', async () => {
  await createGroup('transit-rg', 'valkey');
  const plain = await connect('transit-rg', false);
  await plain.set('k', 'v');
  const plainName = (await describe('transit-rg')).NodeGroups![0].PrimaryEndpoint!.Address!;
  expect(plainName).toMatch(/^transit-rg\.[a-z0-9]{6}\.ng\.0001\./);
  expect(await works('transit-rg', true)).toBe(false);

  const response = await modify('transit-rg', { TransitEncryptionEnabled: true, TransitEncryptionMode: 'preferred' });
  expect(response.Status).toBe('modifying');
  expect(response.PendingModifiedValues).toMatchObject({ TransitEncryptionEnabled: true, TransitEncryptionMode: 'preferred' });
  const preferred = await describe('transit-rg');
  expect([preferred.TransitEncryptionEnabled, preferred.TransitEncryptionMode]).toEqual([true, 'preferred']);
  expect(preferred.PendingModifiedValues?.TransitEncryptionMode).toBeUndefined();
  // Both kinds of connection on the same port; the plain one made before stays.
  expect(await plain.get('k')).toBe('v');
  expect(await works('transit-rg', false)).toBe(true);
  const secure = await connect('transit-rg', true);
  expect(await secure.get('k')).toBe('v');
  expect(await works('transit-rg', true, 'reader')).toBe(true);
  expect(sim.endpoint('transit-rg')).toMatchObject({ tls: true, acceptsPlain: true });
  // The endpoints get the names of a TLS group; the former names still resolve while preferred.
  const tlsName = preferred.NodeGroups![0].PrimaryEndpoint!.Address!;
  expect(tlsName).toMatch(/^master\.transit-rg\.[a-z0-9]{6}\./);
  expect(preferred.NodeGroups![0].NodeGroupMembers!.map((m) => m.ReadEndpoint!.Address!.split('.')[0])).toEqual(['transit-rg-001', 'transit-rg-002']);
  expect(sim.resolveHostname(tlsName)?.port).toBe(sim.endpoint('transit-rg').port);
  expect(sim.resolveHostname(plainName)?.port).toBe(sim.endpoint('transit-rg').port);

  await modify('transit-rg', { TransitEncryptionMode: 'required' });
  expect((await describe('transit-rg')).TransitEncryptionMode).toBe('required');
  await eventually(() => plain.status === 'end', 10_000, 'the plain connection is closed');
  expect(await works('transit-rg', false)).toBe(false);
  expect(await works('transit-rg', false, 'reader')).toBe(false);
  expect(await secure.get('k')).toBe('v');
  expect(sim.endpoint('transit-rg')).toMatchObject({ tls: true, acceptsPlain: false });
  expect(sim.resolveHostname(plainName)).toBeUndefined();
  expect(sim.resolveHostname(tlsName)).toBeDefined();

  const offFromRequired = await failure(client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'transit-rg', TransitEncryptionEnabled: false })));
  expect(offFromRequired.name).toBe('InvalidParameterCombinationException');
  expect(offFromRequired.message).toMatch(/preferred first/);

  await modify('transit-rg', { TransitEncryptionMode: 'preferred' });
  expect(await works('transit-rg', false)).toBe(true);
  await modify('transit-rg', { TransitEncryptionEnabled: false });
  const off = await describe('transit-rg');
  expect(off.TransitEncryptionEnabled).toBe(false);
  expect(off.TransitEncryptionMode).toBeUndefined();
  expect(await works('transit-rg', false)).toBe(true);
  expect(await works('transit-rg', true)).toBe(false);
  expect(off.NodeGroups![0].PrimaryEndpoint!.Address).toBe(plainName);

  const { Events } = await client.send(new DescribeEventsCommand({ SourceIdentifier: 'transit-rg', SourceType: 'replication-group' }));
  expect(Events!.map((e) => e.Message)).toEqual(expect.arrayContaining([
    'In-transit encryption mode changed to preferred', 'In-transit encryption mode changed to required', 'In-transit encryption disabled',
  ]));
});

test('a cluster mode enabled group switches its configuration endpoint and its nodes', async () => {
  await client.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: 'transit-cme-rg',
    ReplicationGroupDescription: 'cluster',
    Engine: 'valkey',
    CacheNodeType: 'cache.t3.small',
    NumNodeGroups: 2,
    ReplicasPerNodeGroup: 0,
    AutomaticFailoverEnabled: true,
  }));
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'transit-cme-rg' });
  await modify('transit-cme-rg', { TransitEncryptionEnabled: true, TransitEncryptionMode: 'preferred' });
  expect((await describe('transit-cme-rg')).ConfigurationEndpoint!.Address).toMatch(/^clustercfg\.transit-cme-rg\./);
  expect([await works('transit-cme-rg', true), await works('transit-cme-rg', false)]).toEqual([true, true]);
  await modify('transit-cme-rg', { TransitEncryptionMode: 'required' });
  expect([await works('transit-cme-rg', true), await works('transit-cme-rg', false)]).toEqual([true, false]);
  const node = sim.nodeEndpoint('transit-cme-rg', 'transit-cme-rg-0002-001');
  expect(node).toMatchObject({ tls: true, acceptsPlain: false });
  expect(node.hostname).toMatch(/^transit-cme-rg-0002-001\.transit-cme-rg\./);
});

test('the documented refusals', async () => {
  await createGroup('rules-plain-rg', 'valkey');
  await createGroup('old-redis-rg', 'redis', '6.2');
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['rules-plain-rg', { TransitEncryptionEnabled: true, TransitEncryptionMode: 'required' }, 'InvalidParameterCombinationException', /preferred first/],
    ['rules-plain-rg', { TransitEncryptionEnabled: true }, 'InvalidParameterCombinationException', /preferred first/],
    ['rules-plain-rg', { TransitEncryptionEnabled: true, TransitEncryptionMode: 'optional' }, 'InvalidParameterValueException', /Invalid TransitEncryptionMode/],
    ['rules-plain-rg', { TransitEncryptionEnabled: false, TransitEncryptionMode: 'preferred' }, 'InvalidParameterCombinationException', /only be set when/],
    ['old-redis-rg', { TransitEncryptionEnabled: true, TransitEncryptionMode: 'preferred' }, 'InvalidParameterCombinationException', /redis 6\.2/],
  ];
  for (const [id, params, code, message] of cases) {
    const error = await failure(client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: id, ...params })));
    expect([id, params, error.name]).toEqual([id, params, code]);
    expect(error.message).toMatch(message);
  }
});

test('a group with an AUTH token keeps TLS on; one request changes its token, transit mode and log delivery together', async () => {
  await client.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: 'token-tls-rg',
    ReplicationGroupDescription: 'token',
    Engine: 'valkey',
    CacheNodeType: 'cache.t3.small',
    NumCacheClusters: 1,
    TransitEncryptionEnabled: true,
    TransitEncryptionMode: 'preferred',
    AuthToken: 'token-tls-000000001',
  }));
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'token-tls-rg' });
  const error = await failure(client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'token-tls-rg', TransitEncryptionEnabled: false })));
  expect(error.name).toBe('InvalidParameterCombinationException');
  expect(error.message).toMatch(/AUTH token/);

  // One request with a token rotation, a transit mode and log delivery: modifying until all three applied.
  const { ReplicationGroup } = await client.send(new ModifyReplicationGroupCommand({
    ReplicationGroupId: 'token-tls-rg',
    ApplyImmediately: true,
    AuthToken: 'token-tls-000000002',
    AuthTokenUpdateStrategy: 'ROTATE',
    TransitEncryptionMode: 'required',
    LogDeliveryConfigurations: [{
      LogType: 'slow-log', DestinationType: 'cloudwatch-logs', DestinationDetails: { CloudWatchLogsDetails: { LogGroup: 'slow' } }, LogFormat: 'text',
    }],
  }));
  expect(ReplicationGroup!.Status).toBe('modifying');
  expect(ReplicationGroup!.PendingModifiedValues).toMatchObject({ AuthTokenStatus: 'ROTATING', TransitEncryptionMode: 'required' });
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'token-tls-rg' });
  const group = await describe('token-tls-rg');
  expect([group.TransitEncryptionMode, group.LogDeliveryConfigurations![0].Status, group.PendingModifiedValues?.AuthTokenStatus]).toEqual(['required', 'active', undefined]);
  expect(await clients.attempt('token-tls-rg', { tls: true, password: 'token-tls-000000001' })).toBe('OK');
  expect(await clients.attempt('token-tls-rg', { tls: true, password: 'token-tls-000000002' })).toBe('OK');
  expect(await works('token-tls-rg', false)).toBe(false);
});

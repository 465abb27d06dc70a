/**
 * Roles survive a restart with a state directory: after TestFailover, a PrimaryClusterId promotion
 * and a failed primary replaced by automatic failover, the next run starts with the same primaries
 * (Describe's CurrentRole), the primary endpoint reaches them and takes writes, replicas answer
 * READONLY, and the data kept by the first run is there.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  DescribeReplicationGroupsCommand, ModifyReplicationGroupCommand, TestFailoverCommand, waitUntilReplicationGroupAvailable,
} from '@aws-sdk/client-elasticache';
import { PlainClients } from './plain-clients';
import { FAST_WAIT, sdkClient, startSimulator, VALKEY_GROUP, VALKEY_SHARDED_GROUP } from './support';
import type { Simulator } from '../../../src';
import { eventually } from '../../support/eventually';

const group = (id: string, automaticFailover: boolean) => ({
  Type: 'AWS::ElastiCache::ReplicationGroup',
  Properties: {
    ReplicationGroupId: id,
    ReplicationGroupDescription: id,
    Engine: 'valkey',
    CacheNodeType: 'cache.t3.small',
    NumCacheClusters: 3,
    AutomaticFailoverEnabled: automaticFailover,
  },
});
const RESOURCES = { Rg: VALKEY_GROUP, Manual: group('manual-rg', false), Failing: group('failing-rg', true), Sharded: VALKEY_SHARDED_GROUP };
const GROUPS = ['tmpl-rg', 'manual-rg', 'failing-rg'];

const clients = new PlainClients();
let stateDir: string;
let sim: Simulator | undefined;
beforeAll(() => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roles-state-'));
});
afterAll(async () => {
  clients.closeAll();
  await sim?.stop();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

async function roles(s: Simulator, id: string): Promise<string[][]> {
  const { ReplicationGroups } = await sdkClient(s).send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }));
  return ReplicationGroups![0].NodeGroups![0].NodeGroupMembers!.map((m) => [m.CacheClusterId!, m.CurrentRole!]);
}

async function primaryOf(s: Simulator, id: string): Promise<string | undefined> {
  return (await roles(s, id)).find(([, role]) => role === 'primary')?.[0];
}

test('the primaries left by failovers come back after a restart, with the data on them', async () => {
  sim = await startSimulator(RESOURCES, { stateDir });
  const first = sim;
  const client = sdkClient(first);
  for (const id of GROUPS) await clients.to(first.endpoint(id)).set(`{k}before-${id}`, 'kept');
  await clients.to(first.nodeEndpoint('sharded-rg', 'sharded-rg-0001-001')).set('{k}before-sharded-rg', 'kept');

  await client.send(new TestFailoverCommand({ ReplicationGroupId: 'tmpl-rg', NodeGroupId: '0001' }));
  await client.send(new TestFailoverCommand({ ReplicationGroupId: 'sharded-rg', NodeGroupId: '0001' }));
  await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'manual-rg', PrimaryClusterId: 'manual-rg-003', ApplyImmediately: true }));
  for (const id of ['tmpl-rg', 'sharded-rg', 'manual-rg']) await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: id });
  await eventually(async () => await primaryOf(first, 'tmpl-rg') === 'tmpl-rg-002', 30_000, 'the failover of tmpl-rg');
  await eventually(async () => await primaryOf(first, 'manual-rg') === 'manual-rg-003', 30_000, 'the promotion in manual-rg');
  // A failed primary: the most up-to-date replica takes over; the failed node stays down until the restart.
  await first.stopNode('failing-rg', 'failing-rg-001');
  const failedOver = await primaryOf(first, 'failing-rg');
  expect(failedOver).toMatch(/^failing-rg-00[23]$/);

  // Writes after the role changes go to the new primaries and must be kept too.
  for (const id of GROUPS) await clients.to(first.endpoint(id)).set(`{k}after-${id}`, 'kept');
  await clients.to(first.nodeEndpoint('sharded-rg', 'sharded-rg-0001-002')).set('{k}after-sharded-rg', 'kept');
  const before = Object.fromEntries(await Promise.all(GROUPS.map(async (id) => [id, await roles(first, id)])));
  expect(before['tmpl-rg']).toEqual([['tmpl-rg-001', 'replica'], ['tmpl-rg-002', 'primary']]);
  expect(before['manual-rg']).toEqual([['manual-rg-001', 'replica'], ['manual-rg-002', 'replica'], ['manual-rg-003', 'primary']]);
  clients.closeAll();
  await first.stop();

  sim = await startSimulator(RESOURCES, { stateDir });
  const second = sim;
  for (const id of GROUPS) expect(await roles(second, id)).toEqual(before[id]);
  for (const id of GROUPS) {
    const primary = await primaryOf(second, id);
    const writer = clients.to(second.endpoint(id));
    expect(await writer.get(`{k}before-${id}`)).toBe('kept');
    expect(await writer.get(`{k}after-${id}`)).toBe('kept');
    expect(await writer.set(`{k}restarted-${id}`, 'yes')).toBe('OK');
    const replicas = before[id].filter(([, role]) => role === 'replica').length;
    expect(await writer.info('replication')).toMatch(new RegExp(`role:master[\\s\\S]*connected_slaves:${replicas}\r`));
    for (const [member, role] of before[id]) {
      if (role !== 'replica') continue;
      // close-on-replica-write (on by default): the connection closes after the error, so reads use another.
      await expect(clients.to(second.nodeEndpoint(id, member)).set('x', '1')).rejects.toThrow(/^READONLY/);
      const replica = clients.to(second.nodeEndpoint(id, member));
      await eventually(async () => await replica.get(`{k}restarted-${id}`) === 'yes', 30_000, `${member} to replicate from ${primary}`);
      expect(await replica.get(`{k}before-${id}`)).toBe('kept');
    }
  }

  // A cluster mode enabled group: the promoted node of the shard is its primary again, with the data.
  const promoted = clients.to(second.nodeEndpoint('sharded-rg', 'sharded-rg-0001-002'));
  expect(await promoted.info('replication')).toMatch(/role:master/);
  expect(await promoted.get('{k}before-sharded-rg')).toBe('kept');
  expect(await promoted.get('{k}after-sharded-rg')).toBe('kept');
  const former = clients.to(second.nodeEndpoint('sharded-rg', 'sharded-rg-0001-001'));
  expect(await former.info('replication')).toMatch(/role:slave/);
  expect(await former.set('{k}x', '1').catch((err: Error) => err.message)).toMatch(/^MOVED \d+ /);
});

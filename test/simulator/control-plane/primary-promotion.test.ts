/**
 * ModifyReplicationGroup PrimaryClusterId through the real SDK: a named read replica of a cluster
 * mode disabled group becomes the primary with the data, the former primary replicates from it,
 * the failover events are recorded; refused while automatic failover is enabled and for cluster
 * mode enabled groups; NodeGroupId (deprecated, not used) is accepted.
 */
import {
  DescribeEventsCommand, DescribeReplicationGroupsCommand, ModifyReplicationGroupCommand, waitUntilReplicationGroupAvailable,
} from '@aws-sdk/client-elasticache';
import { PlainClients } from './plain-clients';
import { FAST_WAIT, failure, sdkClient, startSimulator, VALKEY_GROUP, VALKEY_SHARDED_GROUP } from './support';
import type { Simulator } from '../../../src';

const MANUAL_GROUP = {
  Type: 'AWS::ElastiCache::ReplicationGroup',
  Properties: {
    ReplicationGroupId: 'manual-rg',
    ReplicationGroupDescription: 'no automatic failover',
    Engine: 'valkey',
    CacheNodeType: 'cache.t3.small',
    NumCacheClusters: 3,
    AutomaticFailoverEnabled: false,
  },
};

const clients = new PlainClients();
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ Rg: VALKEY_GROUP, Manual: MANUAL_GROUP, Sharded: VALKEY_SHARDED_GROUP });
});
afterAll(async () => {
  clients.closeAll();
  await sim?.stop();
});

const connect = (cache: string) => clients.to(sim.endpoint(cache));

async function roles(id: string): Promise<string[][]> {
  const { ReplicationGroups } = await sdkClient(sim).send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }));
  return ReplicationGroups![0].NodeGroups![0].NodeGroupMembers!.map((m) => [m.CacheClusterId!, m.CurrentRole!]);
}

test('a named replica is promoted with the data; the former primary replicates from it; events as for a failover', async () => {
  const client = sdkClient(sim);
  const writer = connect('manual-rg');
  await writer.set('kept', 'before-promotion');
  await writer.wait(2, 5000);
  expect(await roles('manual-rg')).toEqual([['manual-rg-001', 'primary'], ['manual-rg-002', 'replica'], ['manual-rg-003', 'replica']]);

  const modified = await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'manual-rg', PrimaryClusterId: 'manual-rg-003', ApplyImmediately: true }));
  expect(modified.ReplicationGroup?.Status).toBe('modifying');
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'manual-rg' });
  expect(await roles('manual-rg')).toEqual([['manual-rg-001', 'replica'], ['manual-rg-002', 'replica'], ['manual-rg-003', 'primary']]);

  // The primary endpoint now reaches the promoted node, which has the data and takes writes.
  const after = connect('manual-rg');
  expect(await after.get('kept')).toBe('before-promotion');
  expect(await after.set('written', 'after')).toBe('OK');
  expect((await after.info('replication'))).toMatch(/role:master[\s\S]*connected_slaves:2/);
  const { Events } = await client.send(new DescribeEventsCommand({ Duration: 60 }));
  const messages = Events!.map((e) => `${e.SourceIdentifier}: ${e.Message}`);
  expect(messages).toContain('manual-rg-003: Failover from primary node manual-rg-001 to replica node manual-rg-003 completed');
  expect(messages).toContain('manual-rg-001: Finished recovery for cache nodes 0001');

  // Naming the current primary changes nothing; NodeGroupId is accepted and not used.
  const again = await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'manual-rg', PrimaryClusterId: 'manual-rg-003', NodeGroupId: '0001', ApplyImmediately: true }));
  expect(again.ReplicationGroup?.Status).toBe('available');
});

test('promotion is refused with automatic failover enabled, for an unknown member and for cluster mode enabled groups', async () => {
  const client = sdkClient(sim);
  const withFailover = await failure(client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'tmpl-rg', PrimaryClusterId: 'tmpl-rg-002' })));
  expect(withFailover).toMatchObject({ name: 'InvalidParameterCombinationException', status: 400 });
  expect(withFailover.message).toMatch(/automatic failover/);
  expect(await failure(client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'manual-rg', PrimaryClusterId: 'manual-rg-009' }))))
    .toMatchObject({ name: 'CacheClusterNotFoundFault', status: 404 });
  const sharded = await failure(client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'sharded-rg', PrimaryClusterId: 'sharded-rg-0001-002' })));
  expect(sharded).toMatchObject({ name: 'InvalidParameterCombinationException' });
  expect(sharded.message).toMatch(/cluster mode disabled/);
  expect(await roles('tmpl-rg')).toEqual([['tmpl-rg-001', 'primary'], ['tmpl-rg-002', 'replica']]);
});

test('disabling automatic failover in the same request allows the promotion (the documented sequence)', async () => {
  const client = sdkClient(sim);
  await client.send(new ModifyReplicationGroupCommand({
    ReplicationGroupId: 'tmpl-rg', AutomaticFailoverEnabled: false, MultiAZEnabled: false, PrimaryClusterId: 'tmpl-rg-002', ApplyImmediately: true,
  }));
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'tmpl-rg' });
  expect(await roles('tmpl-rg')).toEqual([['tmpl-rg-001', 'replica'], ['tmpl-rg-002', 'primary']]);
  await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'tmpl-rg', AutomaticFailoverEnabled: true }));
  const { ReplicationGroups } = await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'tmpl-rg' }));
  expect(ReplicationGroups![0].AutomaticFailover).toBe('enabled');
});

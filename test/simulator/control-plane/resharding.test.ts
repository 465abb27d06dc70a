/**
 * Online resharding through ModifyReplicationGroupShardConfiguration while a cluster client keeps
 * writing: scale out from two to three node groups, then in to two again; every acknowledged write
 * is readable afterwards and the slots are evenly spread.
 */
import {
  CreateReplicationGroupCommand, DescribeReplicationGroupsCommand, ModifyReplicationGroupShardConfigurationCommand,
  waitUntilReplicationGroupAvailable,
} from '@aws-sdk/client-elasticache';
import Redis from 'ioredis';
import { FAST_WAIT, failure, sdkClient, startSimulator } from './support';
import type { Simulator } from '../../../src';

let sim: Simulator;
let cluster: Redis.Cluster;
const written = new Map<string, string>();

beforeAll(async () => {
  sim = await startSimulator();
  const client = sdkClient(sim);
  await client.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: 'sharded',
    ReplicationGroupDescription: 'resharding',
    Engine: 'valkey',
    CacheNodeType: 'cache.t3.small',
    ClusterMode: 'enabled',
    AutomaticFailoverEnabled: true,
    NumNodeGroups: 2,
    ReplicasPerNodeGroup: 1,
  }));
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'sharded' });
  const endpoint = sim.endpoint('sharded');
  // Node addresses are looked up as the client meets them (new node groups appear while it runs).
  cluster = new Redis.Cluster([{ host: endpoint.host, port: endpoint.port }], { natMap: (key: string) => sim.addressMap()[key] });
  for (let i = 0; i < 2000; i++) {
    await cluster.set(`seed:${i}`, String(i));
    written.set(`seed:${i}`, String(i));
  }
});
afterAll(async () => {
  await cluster?.quit();
  await sim?.stop();
});

/** Writes keys one after another until `done` resolves; returns how many were acknowledged. */
async function writeWhile(done: Promise<unknown>, prefix: string): Promise<number> {
  let finished = false;
  void done.finally(() => { finished = true; });
  let n = 0;
  while (!finished) {
    const key = `${prefix}:${n}`;
    await cluster.set(key, `v${n}`);
    written.set(key, `v${n}`);
    n++;
  }
  return n;
}

async function expectEveryKey(): Promise<void> {
  const keys = [...written.keys()];
  for (let i = 0; i < keys.length; i += 200) {
    const batch = keys.slice(i, i + 200);
    const values = await Promise.all(batch.map((k) => cluster.get(k)));
    batch.forEach((k, j) => expect([k, values[j]]).toEqual([k, written.get(k)]));
  }
  const sizes = await Promise.all(cluster.nodes('master').map((n) => n.dbsize()));
  expect(sizes.reduce((a, b) => a + b, 0)).toBe(written.size);
}

test('scale out to three node groups under write load: no key lost, slots spread evenly', async () => {
  const client = sdkClient(sim);
  expect(await failure(client.send(new ModifyReplicationGroupShardConfigurationCommand({ ReplicationGroupId: 'sharded', NodeGroupCount: 3, ApplyImmediately: false }))))
    .toMatchObject({ name: 'InvalidParameterValueException' });
  const response = await client.send(new ModifyReplicationGroupShardConfigurationCommand({ ReplicationGroupId: 'sharded', NodeGroupCount: 3, ApplyImmediately: true }));
  expect(response.ReplicationGroup?.Status).toBe('modifying');
  expect(response.ReplicationGroup?.PendingModifiedValues?.Resharding?.SlotMigration?.ProgressPercentage).toBe(0);
  const writes = await writeWhile(sim.settle(), 'out');
  expect(writes).toBeGreaterThan(0);
  const { ReplicationGroups } = await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'sharded' }));
  const group = ReplicationGroups![0];
  expect(group.Status).toBe('available');
  expect(group.NodeGroups!.map((g) => [g.NodeGroupId, g.Slots])).toEqual([['0001', '0-5461'], ['0002', '8192-13652'], ['0003', '5462-8191,13653-16383']]);
  expect(group.MemberClusters).toContain('sharded-0003-001');
  expect(group.MemberClusters).toContain('sharded-0003-002');
  await expectEveryKey();
});

test('scale in by removing a node group under write load: its slots move to the others first', async () => {
  const client = sdkClient(sim);
  expect(await failure(client.send(new ModifyReplicationGroupShardConfigurationCommand({ ReplicationGroupId: 'sharded', NodeGroupCount: 2, ApplyImmediately: true }))))
    .toMatchObject({ name: 'InvalidParameterCombinationException' });
  await client.send(new ModifyReplicationGroupShardConfigurationCommand({ ReplicationGroupId: 'sharded', NodeGroupCount: 2, NodeGroupsToRemove: ['0001'], ApplyImmediately: true }));
  await writeWhile(sim.settle(), 'in');
  const { ReplicationGroups } = await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'sharded' }));
  expect(ReplicationGroups![0].NodeGroups!.map((g) => g.NodeGroupId)).toEqual(['0002', '0003']);
  expect(ReplicationGroups![0].MemberClusters).not.toContain('sharded-0001-001');
  await expectEveryKey();
});

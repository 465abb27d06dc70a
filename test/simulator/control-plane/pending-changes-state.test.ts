/**
 * Changes waiting for the maintenance window survive a restart with a state directory: Describe
 * shows the same PendingModifiedValues (and parameters pending a reboot) after the restart, and
 * the changes run when the window opens on the new run's clock (a virtual clock in both runs).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  CreateCacheParameterGroupCommand, DescribeCacheClustersCommand, DescribeCacheParameterGroupsCommand, DescribeEventsCommand,
  DescribeReplicationGroupsCommand, ElastiCacheClient, ModifyCacheClusterCommand, ModifyCacheParameterGroupCommand, ModifyReplicationGroupCommand,
} from '@aws-sdk/client-elasticache';
import { MEMCACHED_CLUSTER, sdkClient, startSimulator, VALKEY_GROUP, weeklyTime } from './support';
import type { Simulator } from '../../../src';

// The window opens 30 minutes after the first run starts (a virtual clock starts at wall time); the
// clock runs the metrics collector every simulated minute, so the jumps stay short.
const windowStart = new Date(Date.now() + 30 * 60_000);
const WINDOW = `${weeklyTime(windowStart)}-${weeklyTime(new Date(windowStart.getTime() + 60 * 60_000))}`;

const withWindow = (resource: { Type: string; Properties: Record<string, unknown> }, properties: Record<string, unknown>) => (
  { ...resource, Properties: { ...resource.Properties, ...properties, PreferredMaintenanceWindow: WINDOW } }
);
const RESOURCES = {
  Grow: withWindow(MEMCACHED_CLUSTER, { ClusterName: 'grow-mc' }),
  Shrink: withWindow(MEMCACHED_CLUSTER, { ClusterName: 'shrink-mc', NumCacheNodes: 3 }),
  Scale: withWindow(VALKEY_GROUP, { ReplicationGroupId: 'scale-rg' }),
  Upgrade: withWindow(VALKEY_GROUP, { ReplicationGroupId: 'upgrade-rg', Engine: 'redis', EngineVersion: '7.0', NumCacheClusters: 1, AutomaticFailoverEnabled: false }),
};

/** What Describe says about every cache's pending and applied state. */
async function describeAll(client: ElastiCacheClient): Promise<unknown> {
  const { CacheClusters } = await client.send(new DescribeCacheClustersCommand({ ShowCacheNodeInfo: true }));
  const { ReplicationGroups } = await client.send(new DescribeReplicationGroupsCommand({}));
  return {
    clusters: CacheClusters!.map((c) => ({
      id: c.CacheClusterId,
      status: c.CacheClusterStatus,
      nodeType: c.CacheNodeType,
      engine: `${c.Engine} ${c.EngineVersion}`,
      nodes: c.CacheNodes!.map((n) => n.CacheNodeId),
      pending: c.PendingModifiedValues,
      parameterGroup: c.CacheParameterGroup,
      window: c.PreferredMaintenanceWindow,
    })),
    groups: ReplicationGroups!.map((g) => ({
      id: g.ReplicationGroupId, status: g.Status, nodeType: g.CacheNodeType, pending: g.PendingModifiedValues,
    })),
  };
}

/** A setting of a group's primary engine as it runs (ElastiCache blocks CONFIG for clients). */
function engineSetting(sim: Simulator, group: string, name: string): string | undefined {
  type Running = { shardList: { primary: { server: { config: { get(n: string): string | undefined } } } }[] };
  const running = sim._runtime.cache(group) as unknown as Running;
  return running.shardList[0].primary.server.config.get(name);
}

let stateDir: string;
let sim: Simulator | undefined;
beforeAll(() => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pending-state-'));
});
afterAll(async () => {
  await sim?.stop();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

test('pending node, node type, engine and reboot-required parameter changes are described the same after a restart and run in the window', async () => {
  sim = await startSimulator(RESOURCES, { stateDir, virtualClock: true });
  let client = sdkClient(sim);
  // A reboot-required parameter, pending on scale-rg's members until they reboot.
  const { CacheClusters } = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'scale-rg-001' }));
  const { CacheParameterGroups } = await client.send(new DescribeCacheParameterGroupsCommand({
    CacheParameterGroupName: CacheClusters![0].CacheParameterGroup!.CacheParameterGroupName,
  }));
  await client.send(new CreateCacheParameterGroupCommand({
    CacheParameterGroupName: 'app-params', CacheParameterGroupFamily: CacheParameterGroups![0].CacheParameterGroupFamily, Description: 'app',
  }));
  await client.send(new ModifyCacheParameterGroupCommand({
    CacheParameterGroupName: 'app-params', ParameterNameValues: [{ ParameterName: 'acl-pubsub-default', ParameterValue: 'resetchannels' }],
  }));
  await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'scale-rg', CacheParameterGroupName: 'app-params', ApplyImmediately: true }));
  // Changes for the window.
  await client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'grow-mc', NumCacheNodes: 3 }));
  await client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'shrink-mc', NumCacheNodes: 2, CacheNodeIdsToRemove: ['0001'], CacheNodeType: 'cache.t3.medium' }));
  await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'scale-rg', CacheNodeType: 'cache.t3.medium' }));
  await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'upgrade-rg', Engine: 'valkey', EngineVersion: '7.2' }));
  await sim.advanceClock(5 * 60_000);
  await sim.settle();
  const before = await describeAll(client);
  expect(before).toMatchObject({
    clusters: expect.arrayContaining([
      expect.objectContaining({ id: 'grow-mc', nodes: ['0001', '0002'], pending: { NumCacheNodes: 3 } }),
      expect.objectContaining({ id: 'shrink-mc', pending: { NumCacheNodes: 2, CacheNodeIdsToRemove: ['0001'], CacheNodeType: 'cache.t3.medium' } }),
      expect.objectContaining({ id: 'scale-rg-001', pending: { CacheNodeType: 'cache.t3.medium' }, parameterGroup: expect.objectContaining({ ParameterApplyStatus: 'pending-reboot' }) }),
      expect.objectContaining({ id: 'upgrade-rg-001', engine: 'redis 7.0', pending: { EngineVersion: '7.2' } }),
    ]),
  });
  await sim.stop();

  sim = await startSimulator(RESOURCES, { stateDir, virtualClock: true });
  client = sdkClient(sim);
  expect(await describeAll(client)).toEqual(before);
  expect(engineSetting(sim, 'scale-rg', 'acl-pubsub-default')).toBe('allchannels');
  // Still waiting shortly before the window, applied once it opens.
  await sim.advanceClock(Math.max(0, windowStart.getTime() - sim.now.getTime() - 2 * 60_000));
  await sim.settle();
  expect(await describeAll(client)).toEqual(before);
  const applied = async () => {
    const { ReplicationGroups } = await client.send(new DescribeReplicationGroupsCommand({}));
    const { CacheClusters: clusters } = await client.send(new DescribeCacheClustersCommand({}));
    return [...ReplicationGroups!.map((g) => g.Status), ...clusters!.map((c) => c.CacheClusterStatus)].every((s) => s === 'available')
      && clusters!.every((c) => c.PendingModifiedValues?.NumCacheNodes === undefined && c.PendingModifiedValues?.CacheNodeType === undefined
        && c.PendingModifiedValues?.EngineVersion === undefined);
  };
  for (let i = 0; i < 240 && !(await applied()); i++) await sim.advanceClock(30_000);
  await sim.settle();
  type Described = { clusters: { id: string; nodeType: string; engine: string; nodes: string[]; parameterGroup: unknown }[] };
  const after = await describeAll(client) as Described;
  const cluster = (id: string) => after.clusters.find((c) => c.id === id)!;
  expect(cluster('grow-mc').nodes).toEqual(['0001', '0002', '0003']);
  expect(cluster('shrink-mc')).toMatchObject({ nodes: ['0002', '0003'], nodeType: 'cache.t3.medium' });
  expect(cluster('scale-rg-001')).toMatchObject({
    nodeType: 'cache.t3.medium', parameterGroup: expect.objectContaining({ ParameterApplyStatus: 'pending-reboot' }),
  });
  expect(cluster('upgrade-rg-001').engine).toBe('valkey 7.2');
  // Each change ran in the window, not at the restart.
  const { Events } = await client.send(new DescribeEventsCommand({ Duration: 24 * 60 }));
  const done = Events!.filter((e) => /^(Added cache node 0003|Removed cache node 0001|Cache node type modified|Finished upgrading engine)/.test(e.Message!));
  expect(done.map((e) => e.SourceIdentifier).sort()).toEqual(['grow-mc', 'scale-rg', 'shrink-mc', 'shrink-mc', 'upgrade-rg']);
  for (const event of done) expect(event.Date!.getTime()).toBeGreaterThanOrEqual(windowStart.getTime() - 60_000);
});

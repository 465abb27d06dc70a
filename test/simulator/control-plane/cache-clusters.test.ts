/**
 * Memcached and single-node clusters through the real SDK: describe, create and delete with the
 * waiters, node count changes seen by a client polling `config get cluster`, the pending add/remove
 * rules, changes deferred to the maintenance window (virtual clock), parameter group and reboot.
 */
import * as net from 'net';
import {
  CreateCacheClusterCommand, DeleteCacheClusterCommand, DescribeCacheClustersCommand, DescribeEventsCommand, ModifyCacheClusterCommand,
  RebootCacheClusterCommand, waitUntilCacheClusterAvailable, waitUntilCacheClusterDeleted,
} from '@aws-sdk/client-elasticache';
import { FAST_WAIT, failure, MEMCACHED_CLUSTER, sdkClient, startSimulator, weeklyTime } from './support';
import type { Simulator } from '../../../src';

/** `config get cluster` on a Memcached endpoint: the version and the node list. */
async function configGetCluster(host: string, port: number): Promise<{ version: number; nodes: string[] }> {
  const reply = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(port, host);
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      if (data.endsWith('END\r\n') || data.startsWith('ERROR')) {
        socket.end();
        resolve(data);
      }
    });
    socket.on('error', reject);
    socket.write('config get cluster\r\n');
  });
  const lines = reply.split('\n');
  return { version: Number(lines[1]), nodes: lines[2].trim().split(' ') };
}

describe('with wall time', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ Mc: MEMCACHED_CLUSTER });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  test('a Memcached cluster is described with its configuration endpoint and nodes', async () => {
    const client = sdkClient(sim);
    const { CacheClusters } = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'tmpl-mc', ShowCacheNodeInfo: true }));
    const cluster = CacheClusters![0];
    expect(cluster).toMatchObject({ CacheClusterId: 'tmpl-mc', Engine: 'memcached', NumCacheNodes: 2, CacheClusterStatus: 'available' });
    expect(cluster.ConfigurationEndpoint?.Address).toMatch(/^tmpl-mc\.[a-z0-9]{6}\.cfg\.use1\.cache\.amazonaws\.com$/);
    expect(cluster.CacheNodes!.map((n) => n.CacheNodeId)).toEqual(['0001', '0002']);
    expect(cluster.CacheParameterGroup?.ParameterApplyStatus).toBe('in-sync');
  });

  test('nodes added and removed online: config get cluster follows, version up per node', async () => {
    const client = sdkClient(sim);
    const config = sim.endpoint('tmpl-mc');
    const before = await configGetCluster(config.host, config.port);
    expect(before.nodes).toHaveLength(2);

    const added = await client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'tmpl-mc', NumCacheNodes: 4, ApplyImmediately: true }));
    expect(added.CacheCluster).toMatchObject({ CacheClusterStatus: 'modifying', NumCacheNodes: 2, PendingModifiedValues: { NumCacheNodes: 4 } });
    await waitUntilCacheClusterAvailable({ client, ...FAST_WAIT }, { CacheClusterId: 'tmpl-mc' });
    await sim.settle();
    const grown = await configGetCluster(config.host, config.port);
    expect(grown.nodes).toHaveLength(4);
    expect(grown.version).toBe(before.version + 2);
    const { CacheClusters } = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'tmpl-mc', ShowCacheNodeInfo: true }));
    expect(CacheClusters![0].CacheNodes!.map((n) => n.CacheNodeId)).toEqual(['0001', '0002', '0003', '0004']);
    expect(CacheClusters![0].PendingModifiedValues?.NumCacheNodes).toBeUndefined();

    expect(await failure(client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'tmpl-mc', NumCacheNodes: 3, ApplyImmediately: true }))))
      .toMatchObject({ name: 'InvalidParameterValueException' });
    const removing = await client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'tmpl-mc', NumCacheNodes: 3, CacheNodeIdsToRemove: ['0001'], ApplyImmediately: true }));
    expect(removing.CacheCluster?.PendingModifiedValues).toMatchObject({ NumCacheNodes: 3, CacheNodeIdsToRemove: ['0001'] });
    await waitUntilCacheClusterAvailable({ client, ...FAST_WAIT }, { CacheClusterId: 'tmpl-mc' });
    await sim.settle();
    const shrunk = await configGetCluster(config.host, config.port);
    expect(shrunk.nodes).toHaveLength(3);
    expect(shrunk.version).toBe(grown.version + 1);
    expect(shrunk.nodes.some((n) => n.startsWith('tmpl-mc.') && n.includes('.0001.'))).toBe(false);
    const { Events } = await client.send(new DescribeEventsCommand({ SourceType: 'cache-cluster', SourceIdentifier: 'tmpl-mc' }));
    // A single-AZ cluster adds its nodes in the zone of its first node.
    const zone = CacheClusters![0].CacheNodes![0].CustomerAvailabilityZone;
    expect(Events!.map((e) => e.Message)).toEqual(expect.arrayContaining([
      'Increasing number of requested nodes', `Added cache node 0003 in availability zone ${zone}`, `Added cache node 0004 in availability zone ${zone}`,
      'Finished modifying number of nodes from 2 to 4', 'Removed cache node 0001', 'Finished modifying number of nodes from 4 to 3',
    ]));
  });

  test('pending node changes follow the service rules: creates add up, a delete replaces, the same count cancels', async () => {
    const client = sdkClient(sim);
    const pending = async () => (await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'tmpl-mc' }))).CacheClusters![0].PendingModifiedValues;
    await client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'tmpl-mc', NumCacheNodes: 5 }));
    expect(await pending()).toMatchObject({ NumCacheNodes: 5 });
    await client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'tmpl-mc', NumCacheNodes: 6 }));
    expect(await pending()).toMatchObject({ NumCacheNodes: 8 });
    await client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'tmpl-mc', NumCacheNodes: 2, CacheNodeIdsToRemove: ['0002'] }));
    expect(await pending()).toEqual({ NumCacheNodes: 2, CacheNodeIdsToRemove: ['0002'] });
    await client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'tmpl-mc', NumCacheNodes: 3 }));
    expect((await pending())?.NumCacheNodes).toBeUndefined();
    const { CacheClusters } = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'tmpl-mc' }));
    expect(CacheClusters![0]).toMatchObject({ NumCacheNodes: 3, CacheClusterStatus: 'available' });
  });

  test('create, reboot and delete a single-node Valkey cluster with the waiters', async () => {
    const client = sdkClient(sim);
    expect(await failure(client.send(new CreateCacheClusterCommand({ CacheClusterId: 'solo', CacheNodeType: 'cache.t3.small' }))))
      .toMatchObject({ name: 'InvalidParameterValueException' });
    const created = await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'solo', Engine: 'valkey', CacheNodeType: 'cache.t3.small' }));
    expect(created.CacheCluster?.CacheClusterStatus).toBe('creating');
    await waitUntilCacheClusterAvailable({ client, ...FAST_WAIT }, { CacheClusterId: 'solo' });
    expect(await failure(client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'solo', NumCacheNodes: 2 }))))
      .toMatchObject({ name: 'InvalidParameterValueException' });
    const reboot = await client.send(new RebootCacheClusterCommand({ CacheClusterId: 'solo', CacheNodeIdsToReboot: ['0001'] }));
    expect(reboot.CacheCluster?.CacheClusterStatus).toBe('rebooting cluster nodes');
    await waitUntilCacheClusterAvailable({ client, ...FAST_WAIT }, { CacheClusterId: 'solo' });
    const deleting = await client.send(new DeleteCacheClusterCommand({ CacheClusterId: 'solo' }));
    expect(deleting.CacheCluster?.CacheClusterStatus).toBe('deleting');
    await waitUntilCacheClusterDeleted({ client, ...FAST_WAIT }, { CacheClusterId: 'solo' });
    expect(await failure(client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'solo' })))).toMatchObject({ name: 'CacheClusterNotFoundFault', status: 404 });
  });
});

describe('with a virtual clock', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ Mc: MEMCACHED_CLUSTER }, { virtualClock: true });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  test('a node change without ApplyImmediately waits for the maintenance window', async () => {
    const client = sdkClient(sim);
    // A weekly window starting 30 minutes from now (the clock runs the metrics collector every minute: keep the jump short).
    const start = new Date(sim.now.getTime() + 30 * 60_000);
    const maintenance = `${weeklyTime(start)}-${weeklyTime(new Date(start.getTime() + 60 * 60_000))}`;
    await client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'tmpl-mc', NumCacheNodes: 3, PreferredMaintenanceWindow: maintenance }));
    const describe = async () => (await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'tmpl-mc' }))).CacheClusters![0];
    await sim.advanceClock(20 * 60_000);
    const waiting = await describe();
    expect(waiting).toMatchObject({ NumCacheNodes: 2, PendingModifiedValues: { NumCacheNodes: 3 }, PreferredMaintenanceWindow: maintenance });
    await sim.advanceClock(11 * 60_000);
    for (let i = 0; i < 50 && (await describe()).NumCacheNodes !== 3; i++) await sim.advanceClock(1_000);
    const after = await describe();
    expect(after.NumCacheNodes).toBe(3);
    expect(after.PendingModifiedValues?.NumCacheNodes).toBeUndefined();
    const { Events } = await client.send(new DescribeEventsCommand({ SourceType: 'cache-cluster', SourceIdentifier: 'tmpl-mc' }));
    const added = Events!.find((e) => e.Message?.startsWith('Added cache node 0003'))!;
    expect(added.Date!.getTime()).toBeGreaterThanOrEqual(start.getTime() - 60_000);
    expect(added.Date!.getTime()).toBeLessThan(start.getTime() + 5 * 60_000);
  });
});

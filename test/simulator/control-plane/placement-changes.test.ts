/**
 * ModifyCacheCluster AZMode / NewAvailabilityZones on Memcached (cross-az spreads the nodes added
 * later, existing nodes stay; single-az refused once nodes are in different zones, and with a
 * new zone elsewhere) and IpDiscovery on ModifyCacheCluster and ModifyReplicationGroup (carried
 * by the NetworkType: dual_stack takes either), through the real SDK.
 */
import {
  DescribeCacheClustersCommand, DescribeReplicationGroupsCommand, ModifyCacheClusterCommand, ModifyReplicationGroupCommand,
  waitUntilCacheClusterAvailable,
} from '@aws-sdk/client-elasticache';
import { FAST_WAIT, failure, sdkClient, startSimulator, VALKEY_GROUP } from './support';
import type { Simulator } from '../../../src';

const memcached = (name: string, extra: Record<string, unknown>) => ({
  Type: 'AWS::ElastiCache::CacheCluster',
  Properties: { ClusterName: name, Engine: 'memcached', CacheNodeType: 'cache.t3.small', NumCacheNodes: 2, ...extra },
});

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({
    OneZone: memcached('one-zone', { AZMode: 'single-az', PreferredAvailabilityZone: 'us-east-1a' }),
    Spread: memcached('spread', { AZMode: 'cross-az' }),
    DualStack: memcached('dual-mc', { NetworkType: 'dual_stack', PreferredAvailabilityZone: 'us-east-1b' }),
    Rg: VALKEY_GROUP,
    DualGroup: { ...VALKEY_GROUP, Properties: { ...VALKEY_GROUP.Properties, ReplicationGroupId: 'dual-rg', NetworkType: 'dual_stack' } },
  });
});
afterAll(async () => {
  await sim?.stop();
});

async function zonesOf(id: string): Promise<string[]> {
  const { CacheClusters } = await sdkClient(sim).send(new DescribeCacheClustersCommand({ CacheClusterId: id, ShowCacheNodeInfo: true }));
  return CacheClusters![0].CacheNodes!.map((n) => n.CustomerAvailabilityZone!);
}

test('AZMode cross-az: existing nodes stay in their zone, nodes added later go to other zones', async () => {
  const client = sdkClient(sim);
  const before = await zonesOf('one-zone');
  expect(new Set(before).size).toBe(1);
  await client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'one-zone', AZMode: 'cross-az', NumCacheNodes: 4, ApplyImmediately: true }));
  await waitUntilCacheClusterAvailable({ client, ...FAST_WAIT }, { CacheClusterId: 'one-zone' });
  const after = await zonesOf('one-zone');
  expect(after).toHaveLength(4);
  expect(after.slice(0, 2)).toEqual(before);
  expect(new Set(after).size).toBeGreaterThan(1);
  const { CacheClusters } = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'one-zone' }));
  expect(CacheClusters![0].PreferredAvailabilityZone).toBe('Multiple');
});

test('AZMode single-az is refused once nodes are in different zones, and NewAvailabilityZones must then stay in the zone', async () => {
  const client = sdkClient(sim);
  const spread = await failure(client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'spread', AZMode: 'single-az' })));
  expect(spread).toMatchObject({ name: 'InvalidParameterCombinationException', status: 400 });
  expect(spread.message).toMatch(/different Availability Zones/);
  const [zone] = await zonesOf('dual-mc');
  const other = ['us-east-1a', 'us-east-1b'].find((z) => z !== zone)!;
  const elsewhere = await failure(client.send(new ModifyCacheClusterCommand({
    CacheClusterId: 'dual-mc', AZMode: 'single-az', NumCacheNodes: 3, NewAvailabilityZones: [other], ApplyImmediately: true,
  })));
  expect(elsewhere.name).toBe('InvalidParameterCombinationException');
  expect((await failure(client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'dual-mc', AZMode: 'everywhere' })))).name).toBe('InvalidParameterValueException');
  expect((await failure(client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'dual-mc', NewAvailabilityZones: [zone] })))).name)
    .toBe('InvalidParameterCombinationException');
  expect(await zonesOf('dual-mc')).toHaveLength(2);
});

test('IpDiscovery changes when the NetworkType carries it (dual_stack) and is refused otherwise; Describe shows it', async () => {
  const client = sdkClient(sim);
  const modified = await client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'dual-mc', IpDiscovery: 'ipv6' }));
  expect(modified.CacheCluster).toMatchObject({ IpDiscovery: 'ipv6', NetworkType: 'dual_stack' });
  const { CacheClusters } = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'dual-mc' }));
  expect(CacheClusters![0].IpDiscovery).toBe('ipv6');

  const ipv4Only = await failure(client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'spread', IpDiscovery: 'ipv6' })));
  expect(ipv4Only).toMatchObject({ name: 'InvalidParameterCombinationException' });
  expect(ipv4Only.message).toMatch(/NetworkType ipv4/);
  expect((await failure(client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'dual-mc', IpDiscovery: 'ipv5' })))).name).toBe('InvalidParameterValueException');

  await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'dual-rg', IpDiscovery: 'ipv6' }));
  const { ReplicationGroups } = await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'dual-rg' }));
  expect(ReplicationGroups![0]).toMatchObject({ IpDiscovery: 'ipv6', NetworkType: 'dual_stack' });
  expect((await failure(client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'tmpl-rg', IpDiscovery: 'ipv6' })))).name)
    .toBe('InvalidParameterCombinationException');
});

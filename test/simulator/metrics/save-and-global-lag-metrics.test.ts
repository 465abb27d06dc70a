/**
 * Node metrics driven by managed operations and cross-Region replication, on a virtual clock:
 * `SaveInProgress` is 1 on the node a snapshot reads (the group's snapshotting cluster) for the
 * minutes its cache is `snapshotting` (two minutes at the realistic speed) and 0 otherwise, and
 * `GlobalDatastoreReplicationLag` is published for a Global Datastore secondary's primary node
 * only: seconds behind while a write is still on its way (a 10 s link delay), 0 once it arrived.
 */
import { CloudWatchClient, GetMetricStatisticsCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { CreateSnapshotCommand } from '@aws-sdk/client-elasticache';
import Redis from 'ioredis';
import { SimulatedLifecycleSpeed, Simulator } from '../../../src';
import { eventually } from '../../support/eventually';
import { sdkClient, startSimulator } from '../control-plane/support';
import { globalDatastoreFixture } from '../global-datastore-fixture';

jest.setTimeout(120_000);

const GROUP = { Engine: 'valkey', CacheNodeType: 'cache.r7g.large', NumCacheClusters: 2, AutomaticFailoverEnabled: true };
const LINK_DELAY_MS = 10_000;

let sim: Simulator;
let cw: CloudWatchClient;
const clients: Redis[] = [];

beforeAll(async () => {
  sim = await startSimulator({
    Snap: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ...GROUP, ReplicationGroupId: 'snap-rg', ReplicationGroupDescription: 'snapshots', SnapshottingClusterId: 'snap-rg-002' } },
    ...globalDatastoreFixture('lag').resources,
  }, { virtualClock: true, lifecycleSpeed: SimulatedLifecycleSpeed.REALISTIC, replicationDelayMs: LINK_DELAY_MS });
  cw = new CloudWatchClient({ endpoint: sim.cloudWatchEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
});

afterAll(async () => {
  for (const c of clients) c.disconnect();
  cw?.destroy();
  await sim?.stop();
});

/** Every minute's Maximum of a node metric in [from, to), oldest first. */
async function maxima(name: string, cacheClusterId: string, from: number, to: number): Promise<{ at: number; value: number }[]> {
  const out = await cw.send(new GetMetricStatisticsCommand({
    Namespace: 'AWS/ElastiCache',
    MetricName: name,
    Dimensions: [{ Name: 'CacheClusterId', Value: cacheClusterId }, { Name: 'CacheNodeId', Value: '0001' }],
    StartTime: new Date(from),
    EndTime: new Date(to),
    Period: 60,
    Statistics: ['Maximum'],
  }));
  return out.Datapoints!.map((d) => ({ at: d.Timestamp!.getTime(), value: d.Maximum! })).sort((a, b) => a.at - b.at);
}

function nodeClient(group: string, nodeId: string): Redis {
  const endpoint = sim.nodeEndpoint(group, nodeId);
  const redis = new Redis({ host: endpoint.host, port: endpoint.port, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  clients.push(redis);
  return redis;
}

test('SaveInProgress is 1 on the snapshotting node for the minutes its cache is snapshotting, 0 before and after', async () => {
  await sim.advanceClock(60_000);
  const begin = sim.now.getTime();
  await sdkClient(sim).send(new CreateSnapshotCommand({ ReplicationGroupId: 'snap-rg', SnapshotName: 'metered-snap' }));
  const end = begin + 2 * 60_000;
  await sim.advanceClock(5 * 60_000);
  const from = begin - 2 * 60_000;
  const saving = await maxima('SaveInProgress', 'snap-rg-002', from, end + 3 * 60_000);
  const other = await maxima('SaveInProgress', 'snap-rg-001', from, end + 3 * 60_000);
  expect(saving.length).toBeGreaterThanOrEqual(5);
  for (const { at, value } of saving) {
    // A minute that overlaps the snapshot saw the save; one wholly before or after did not.
    if (at + 60_000 <= begin || at > end) expect([new Date(at).toISOString(), value]).toEqual([new Date(at).toISOString(), 0]);
    else if (at < end) expect([new Date(at).toISOString(), value]).toEqual([new Date(at).toISOString(), 1]);
  }
  expect(saving.filter((d) => d.value === 1).length).toBeGreaterThanOrEqual(2);
  expect(other.length).toBe(saving.length);
  expect(other.every((d) => d.value === 0)).toBe(true);
});

test('GlobalDatastoreReplicationLag: the secondary primary\'s seconds behind while a write travels, then 0', async () => {
  const written = Date.now();
  await nodeClient('first-rg', 'first-rg-001').set('travelling', '1');
  const secondary = nodeClient('second-rg', 'second-rg-001');
  // Let more than a second pass while the write is still on the link (it is held 10 s).
  await eventually(async () => Date.now() - written >= 1500, 5000, 'a second and a half to pass');
  expect(await secondary.get('travelling')).toBeNull();
  const behind = sim.now.getTime();
  await sim.advanceClock(60_000);
  await eventually(async () => (await secondary.get('travelling')) === '1', 3 * LINK_DELAY_MS, 'the write to reach the secondary');
  await sim.advanceClock(60_000);

  // Collections close whole minutes and are stamped with the minute's start.
  const minute = Math.floor(behind / 60_000) * 60_000;
  const lag = await maxima('GlobalDatastoreReplicationLag', 'second-rg-001', minute, minute + 2 * 60_000);
  expect(lag.length).toBe(2);
  expect(lag[0].value).toBeGreaterThanOrEqual(1);
  expect(lag[0].value).toBeLessThanOrEqual(LINK_DELAY_MS / 1000);
  expect(lag[1].value).toBe(0);

  // Only the secondary's primary has a cross-Region link: its node and its cluster carry the metric.
  const listed = await cw.send(new ListMetricsCommand({ Namespace: 'AWS/ElastiCache', MetricName: 'GlobalDatastoreReplicationLag' }));
  const sets = listed.Metrics!.map((m) => m.Dimensions!.map((d) => `${d.Name}=${d.Value}`).sort().join(',')).sort();
  expect(sets).toEqual(['CacheClusterId=second-rg-001', 'CacheClusterId=second-rg-001,CacheNodeId=0001']);
});

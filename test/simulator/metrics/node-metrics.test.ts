/**
 * Node metrics computed from real traffic: a replication group (primary + replica) and a
 * Memcached cluster receive known requests from real clients, the virtual clock moves one minute,
 * and the published datapoints (read back through the CloudWatch API) are the counts of what
 * happened: hits, misses, command types, items, bytes on the wire, replication, engine time.
 */
import { GetMetricStatisticsCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import Redis from 'ioredis';
import { MemcachedCluster, NodeType, ReplicationGroup } from '../../../src';
import { minutes, Running, start, stackWith, START, textConnection } from '../alarms/support';

jest.setTimeout(120_000);

let running: Running;

beforeAll(async () => {
  const stack = stackWith((s, vpc) => {
    new ReplicationGroup(s, 'Group', { vpc, replicationGroupId: 'metered', nodeType: NodeType.of('cache.t4g.micro'), replicas: 1, transitEncryption: false });
    new MemcachedCluster(s, 'Pages', { vpc, clusterName: 'pages', nodeType: NodeType.of('cache.t4g.micro'), numNodes: 1, transitEncryption: false });
  }, 'NodeMetricsStack');
  running = await start(stack);
});

afterAll(async () => {
  await running?.stop();
});

/** The one datapoint of the first minute of a node metric. */
async function firstMinute(metricName: string, cluster: string, node = '0001', statistic: 'Sum' | 'Maximum' | 'Average' = 'Sum'): Promise<number | undefined> {
  const out = await running.client.send(new GetMetricStatisticsCommand({
    Namespace: 'AWS/ElastiCache',
    MetricName: metricName,
    Dimensions: [{ Name: 'CacheClusterId', Value: cluster }, { Name: 'CacheNodeId', Value: node }],
    StartTime: START,
    EndTime: new Date(START.getTime() + 60_000),
    Period: 60,
    Statistics: [statistic],
  }));
  expect(out.Datapoints!.length).toBeLessThanOrEqual(1);
  return out.Datapoints![0]?.[statistic];
}

test('Valkey node metrics count the minute\'s requests, items, bytes, replication and engine time', async () => {
  const endpoint = running.simulation.endpoint('metered', 'primary');
  const redis = new Redis({ host: endpoint.host, port: endpoint.port, maxRetriesPerRequest: 1 });
  const value = 'x'.repeat(500);
  try {
    for (let i = 0; i < 100; i++) await redis.set(`k${i}`, value);
    for (let i = 0; i < 30; i++) await redis.get(`k${i}`);
    for (let i = 0; i < 20; i++) await redis.get(`missing${i}`);
    await redis.hset('h', 'f', 'v');
    await redis.expire('k0', 3600);
    // Wait until the replica applied every write (replication is asynchronous).
    const replica = running.simulation.endpoint('metered', 'node', 'metered-002');
    const reader = new Redis({ host: replica.host, port: replica.port, maxRetriesPerRequest: 1 });
    try {
      const deadline = Date.now() + 10_000;
      while ((await reader.dbsize()) !== 101 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(await reader.dbsize()).toBe(101);
    } finally {
      reader.disconnect();
    }
  } finally {
    redis.disconnect();
  }
  await minutes(running, 1);

  const primary = (name: string, stat: 'Sum' | 'Maximum' | 'Average' = 'Sum') => firstMinute(name, 'metered-001', '0001', stat);
  expect(await primary('CacheHits')).toBe(30);
  expect(await primary('CacheMisses')).toBe(20);
  expect(await primary('CacheHitRate', 'Average')).toBeCloseTo(60, 9);
  expect(await primary('GetTypeCmds')).toBe(50);
  // SET, HSET and EXPIRE write.
  expect(await primary('SetTypeCmds')).toBe(102);
  expect(await primary('StringBasedCmds')).toBe(150);
  expect(await primary('HashBasedCmds')).toBe(1);
  expect(await primary('CurrItems', 'Maximum')).toBe(101);
  expect(await primary('CurrVolatileItems', 'Maximum')).toBe(1);
  expect(await primary('IsMaster', 'Maximum')).toBe(1);
  expect(await primary('NewConnections')).toBeGreaterThanOrEqual(1);
  // The 100 SETs alone carry 100 × 500 bytes of values in and the replication stream out.
  expect(await primary('NetworkBytesIn')).toBeGreaterThan(50_000);
  expect(await primary('ReplicationBytes')).toBeGreaterThan(50_000);
  const engineCpu = (await primary('EngineCPUUtilization', 'Average'))!;
  expect(engineCpu).toBeGreaterThan(0);
  expect(engineCpu).toBeLessThanOrEqual(100);
  // cache.t4g.micro has 2 vCPUs: host CPU is the engine's busy time spread over both.
  expect(await primary('CPUUtilization', 'Average')).toBeCloseTo(engineCpu / 2, 6);
  const used = (await primary('BytesUsedForCache', 'Maximum'))!;
  expect(used).toBeGreaterThan(50_000);
  expect(await primary('DatabaseMemoryUsagePercentage', 'Maximum')).toBeGreaterThan(0);

  const replica = (name: string, stat: 'Sum' | 'Maximum' = 'Maximum') => firstMinute(name, 'metered-002', '0001', stat);
  expect(await replica('IsMaster')).toBe(0);
  expect(await replica('MasterLinkHealthStatus')).toBe(1);
  expect(await replica('CurrItems')).toBe(101);
  expect(await replica('ReplicationLag')).toBeGreaterThanOrEqual(0);
  expect(await replica('CacheHits', 'Sum')).toBe(0);
  expect(await replica('NetworkBytesIn', 'Sum')).toBeGreaterThan(50_000);
});

test('Memcached node metrics come from the engine\'s stats over the minute', async () => {
  const endpoint = running.simulation.endpoint('pages', 'node', '0001');
  const { send, close } = textConnection(endpoint);
  try {
    for (let i = 0; i < 10; i++) await send(`set p${i} 0 0 3\r\nabc\r\n`, 'STORED\r\n');
    for (let i = 0; i < 6; i++) await send(`get p${i}\r\n`, 'END\r\n');
    for (let i = 0; i < 4; i++) await send(`get none${i}\r\n`, 'END\r\n');
  } finally {
    close();
  }
  await minutes(running, 1);
  // The first minute (10:00) was taken by the Valkey test's clock move; this traffic is in 10:01.
  const second = async (name: string, stat: 'Sum' | 'Maximum' = 'Sum') => {
    const out = await running.client.send(new GetMetricStatisticsCommand({
      Namespace: 'AWS/ElastiCache',
      MetricName: name,
      Dimensions: [{ Name: 'CacheClusterId', Value: 'pages' }, { Name: 'CacheNodeId', Value: '0001' }],
      StartTime: new Date(START.getTime() + 60_000),
      EndTime: new Date(START.getTime() + 120_000),
      Period: 60,
      Statistics: [stat],
    }));
    return out.Datapoints![0]?.[stat];
  };
  expect(await second('CmdSet')).toBe(10);
  expect(await second('CmdGet')).toBe(10);
  expect(await second('GetHits')).toBe(6);
  expect(await second('GetMisses')).toBe(4);
  expect(await second('CurrItems', 'Maximum')).toBe(10);
  expect(await second('BytesUsedForCacheItems', 'Maximum')).toBeGreaterThan(0);
  expect(await second('BytesReadIntoMemcached')).toBeGreaterThan(10 * 'set p0 0 0 3\r\nabc\r\n'.length - 1);
  expect(await second('NewConnections')).toBe(1);
});

test('ListMetrics lists node metrics with both dimension sets, and cluster-level metrics', async () => {
  const out = await running.client.send(new ListMetricsCommand({ Namespace: 'AWS/ElastiCache', MetricName: 'CacheHits' }));
  const sets = out.Metrics!.map((m) => m.Dimensions!.map((d) => `${d.Name}=${d.Value}`).sort().join(',')).sort();
  expect(sets).toEqual([
    'CacheClusterId=metered-001',
    'CacheClusterId=metered-001,CacheNodeId=0001',
    'CacheClusterId=metered-002',
    'CacheClusterId=metered-002,CacheNodeId=0001',
  ]);
});

/**
 * Node metrics that only move under pressure, driven by real traffic and read back through
 * GetMetricData on the virtual clock: a Valkey node holding about 5 MB (99 % reserved memory,
 * allkeys-lru) is filled well past it (Evictions), keys with a 1 ms TTL are reclaimed (Reclaimed),
 * wrong credentials are refused (AuthenticationFailures); then its per-command latency, CPU credits
 * (cache.t4g.micro), busiest-second network figures, FreeableMemory and SwapUsage, and a Memcached
 * node's UnusedMemory. Counts are checked against what the client did and the engine's own
 * INFO / stats.
 */
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import Redis from 'ioredis';
import { MemcachedCluster, NodeType, ReplicationGroup } from '../../../src';
import { minutes, Running, start, stackWith, START, textConnection } from '../alarms/support';

jest.setTimeout(120_000);

const GIB = 1024 * 1024 * 1024;
let running: Running;

beforeAll(async () => {
  running = await start(stackWith((s, vpc) => {
    new ReplicationGroup(s, 'Group', {
      vpc,
      replicationGroupId: 'pressure',
      nodeType: NodeType.of('cache.t4g.micro'),
      replicas: 0,
      transitEncryption: false,
      parameters: { 'reserved-memory-percent': '99', 'maxmemory-policy': 'allkeys-lru' },
    });
    new MemcachedCluster(s, 'Spare', { vpc, clusterName: 'spare', nodeType: NodeType.of('cache.t4g.micro'), numNodes: 1, transitEncryption: false });
  }, 'PressureStack'));
});

afterAll(async () => {
  await running?.stop();
});

/** One statistic of a node metric over [from, from + seconds), as GetMetricData returns it (one value per period). */
async function metric(name: string, stat: string, cluster: string, fromMinute: number, seconds: number): Promise<number[]> {
  const from = START.getTime() + fromMinute * 60_000;
  const out = await running.client.send(new GetMetricDataCommand({
    StartTime: new Date(from),
    EndTime: new Date(from + seconds * 1000),
    MetricDataQueries: [{
      Id: 'm0',
      MetricStat: {
        Metric: { Namespace: 'AWS/ElastiCache', MetricName: name, Dimensions: [{ Name: 'CacheClusterId', Value: cluster }, { Name: 'CacheNodeId', Value: '0001' }] },
        Period: seconds,
        Stat: stat,
      },
    }],
  }));
  return out.MetricDataResults![0].Values!;
}

/** Polls until `check` holds (the engine expires and replies asynchronously). */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const infoField = (info: string, name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)![1]);

let engine: { info: string; commandStats: string };
let memcachedStats: Record<string, number>;
/** How long the 100 big SETs took (real time, which the per-second figures are counted in). */
let fillSeconds: number;

test('real traffic: refused logins, expiring keys, a fill past maxmemory, Memcached items', async () => {
  const endpoint = running.simulation.endpoint('pressure', 'primary');
  const redis = new Redis({ host: endpoint.host, port: endpoint.port, maxRetriesPerRequest: 1, lazyConnect: true });
  await redis.connect();
  try {
    for (let i = 0; i < 3; i++) await expect(redis.call('AUTH', 'nobody', 'wrong')).rejects.toThrow(/^WRONGPASS/);
    for (let i = 0; i < 20; i++) await redis.set(`short${i}`, 'v', 'PX', 1);
    // Touching an expired key reclaims it, whether or not the active cycle got there first.
    await until('the short-lived keys to expire', async () => (await redis.exists(...Array.from({ length: 20 }, (_, i) => `short${i}`))) === 0);
    const value = 'x'.repeat(100_000);
    const fillStartedAt = performance.now();
    for (let i = 0; i < 100; i++) await redis.set(`big${i}`, value);
    fillSeconds = (performance.now() - fillStartedAt) / 1000;
    engine = { info: await redis.info(), commandStats: await redis.info('commandstats') };
  } finally {
    redis.disconnect();
  }
  expect(infoField(engine.info, 'expired_keys')).toBe(20);
  expect(infoField(engine.info, 'evicted_keys')).toBeGreaterThan(0);
  expect(infoField(engine.info, 'acl_access_denied_auth')).toBe(3);

  const node = running.simulation.endpoint('spare', 'node', '0001');
  const { send, close } = textConnection(node);
  try {
    for (let i = 0; i < 5; i++) await send(`set item${i} 0 0 1000\r\n${'y'.repeat(1000)}\r\n`, 'STORED\r\n');
    const stats = await send('stats\r\n', 'END\r\n');
    memcachedStats = Object.fromEntries([...stats.matchAll(/^STAT (\w+) (\d+)\r$/gm)].map((m) => [m[1], Number(m[2])]));
  } finally {
    close();
  }
  await minutes(running, 5);
});

test('Evictions, Reclaimed and AuthenticationFailures are the engine\'s counts of the minute', async () => {
  const sum = async (name: string) => (await metric(name, 'Sum', 'pressure-001', 0, 300))[0];
  expect(await sum('Reclaimed')).toBe(20);
  expect(await sum('Evictions')).toBe(infoField(engine.info, 'evicted_keys'));
  expect(await sum('AuthenticationFailures')).toBe(3);
  expect(await sum('CommandAuthorizationFailures')).toBe(0);
  // The fill sits at the eviction limit.
  expect((await metric('DatabaseMemoryUsagePercentage', 'Maximum', 'pressure-001', 0, 60))[0]).toBeGreaterThan(90);
});

test('per-command latency is the engine\'s microseconds per call of the commands of that type', async () => {
  const set = /^cmdstat_set:calls=(\d+),usec=(\d+)/m.exec(engine.commandStats)!;
  expect(Number(set[1])).toBe(120);
  const latency = (await metric('SetTypeCmdsLatency', 'Average', 'pressure-001', 0, 60))[0];
  // SET is the only write of the minute; INFO rounds each command's total to whole microseconds.
  expect(latency).toBeGreaterThan(0);
  expect(Math.abs(latency - Number(set[2]) / Number(set[1]))).toBeLessThan(1);
  expect((await metric('GetTypeCmdsLatency', 'Average', 'pressure-001', 0, 60))[0]).toBeGreaterThan(0);
});

test('CPU credits of a cache.t4g.micro: 12 an hour earned, vCPU minutes spent, every five minutes', async () => {
  const usage = await metric('CPUCreditUsage', 'Sum', 'pressure-001', 0, 300);
  const balance = await metric('CPUCreditBalance', 'Maximum', 'pressure-001', 0, 300);
  expect(usage).toHaveLength(1);
  expect(usage[0]).toBeGreaterThan(0);
  // Nodes start without credits; five minutes earn 5 × 12 / 60 = 1 credit.
  expect(balance[0]).toBeCloseTo(1 - usage[0], 9);
});

test('busiest-second network figures lie between the minute\'s average second and its total', async () => {
  const total = (await metric('NetworkBytesIn', 'Sum', 'pressure-001', 0, 60))[0];
  const busiest = (await metric('NetworkMaxBytesIn', 'Maximum', 'pressure-001', 0, 60))[0];
  const fill = 100 * 100_000;
  expect(total).toBeGreaterThan(fill);
  expect(busiest).toBeLessThanOrEqual(total);
  // The fill's bytes fell into at most ceil(fillSeconds) + 1 one-second buckets, so one of them
  // holds at least that share of the fill; a figure averaged over the minute (0.17 MB) fails. (The
  // collector's first reading, taken as the simulation starts, once fell in the same 100 ms as the
  // whole fill, whose bytes then counted in no interval's seconds: readings now split the second
  // they fall in, see node-activity.test.ts.)
  const share = fill / (Math.ceil(fillSeconds) + 1);
  if (busiest < share) {
    throw new Error(`busiest second ${busiest} B, below ${share} B: the fill took ${fillSeconds} s, the minute had ${total} B in all`);
  }
  const packets = (await metric('NetworkPacketsIn', 'Sum', 'pressure-001', 0, 60))[0];
  const busiestPackets = (await metric('NetworkMaxPacketsIn', 'Maximum', 'pressure-001', 0, 60))[0];
  expect(busiestPackets).toBeGreaterThan(0);
  expect(busiestPackets).toBeLessThanOrEqual(packets);
  const outTotal = (await metric('NetworkBytesOut', 'Sum', 'pressure-001', 0, 60))[0];
  const outBusiest = (await metric('NetworkMaxBytesOut', 'Maximum', 'pressure-001', 0, 60))[0];
  expect(outBusiest).toBeGreaterThan(0);
  expect(outBusiest).toBeLessThanOrEqual(outTotal);
});

test('time base: the real traffic is in the minute the clock moved over first; the skipped minutes are idle', async () => {
  expect((await metric('EngineCPUUtilization', 'Average', 'pressure-001', 0, 60))[0]).toBeGreaterThan(0);
  for (let minute = 1; minute < 5; minute++) {
    expect(await metric('EngineCPUUtilization', 'Average', 'pressure-001', minute, 60)).toEqual([0]);
    expect(await metric('NetworkMaxBytesIn', 'Maximum', 'pressure-001', minute, 60)).toEqual([0]);
    expect(await metric('NetworkBytesIn', 'Sum', 'pressure-001', minute, 60)).toEqual([0]);
  }
});

test('FreeableMemory and SwapUsage: the node type\'s 0.5 GiB minus what the engine holds', async () => {
  for (let minute = 0; minute < 5; minute++) {
    const used = (await metric('BytesUsedForCache', 'Maximum', 'pressure-001', minute, 60))[0];
    const freeable = (await metric('FreeableMemory', 'Maximum', 'pressure-001', minute, 60))[0];
    expect(freeable + used).toBe(0.5 * GIB);
    expect((await metric('SwapUsage', 'Maximum', 'pressure-001', minute, 60))[0]).toBe(0);
  }
});

test('Memcached UnusedMemory is limit_maxbytes minus the item bytes', async () => {
  expect(memcachedStats.curr_items).toBe(5);
  const expected = memcachedStats.limit_maxbytes - memcachedStats.bytes;
  expect(expected).toBeLessThan(512 * 1024 * 1024);
  expect(await metric('UnusedMemory', 'Minimum', 'spare', 0, 300)).toEqual([expected]);
  expect(await metric('UnusedMemory', 'Maximum', 'spare', 0, 300)).toEqual([expected]);
});

/**
 * The live metrics view of `simulate --metrics`: after real traffic, its table has a row per node
 * with the requests of the refresh interval, and the next refresh starts from there.
 */
import Redis from 'ioredis';
import { NodeType, ReplicationGroup } from '../../../src';
import { LiveMetricsView } from '../../../src/simulator/metrics/live-view';
import { Running, start, stackWith } from '../alarms/support';

jest.setTimeout(90_000);

let running: Running;

beforeAll(async () => {
  running = await start(stackWith((s, vpc) => {
    new ReplicationGroup(s, 'Group', { vpc, replicationGroupId: 'live', nodeType: NodeType.of('cache.t4g.micro'), replicas: 1, transitEncryption: false });
  }, 'LiveViewStack'));
});

afterAll(async () => {
  await running?.stop();
});

test('a row per node with the interval\'s items, connections and traffic', async () => {
  const view = new LiveMetricsView(() => running.simulation.caches);
  const endpoint = running.simulation.endpoint('live', 'primary');
  const redis = new Redis({ host: endpoint.host, port: endpoint.port, maxRetriesPerRequest: 1 });
  try {
    for (let i = 0; i < 50; i++) await redis.set(`k${i}`, 'v'.repeat(100));
    for (let i = 0; i < 10; i++) await redis.get(`k${i}`);
    const lines = view.render().split('\n');
    expect(lines[0].split(/\s+/)).toEqual(expect.arrayContaining(['NODE', 'CPU', 'MEMORY', 'CONN', 'ITEMS', 'HITS/S', 'IN/S', 'LAG']));
    const primary = lines.find((l) => l.startsWith('live-001/0001'))!;
    const replica = lines.find((l) => l.startsWith('live-002/0001'))!;
    expect(primary).toBeDefined();
    expect(replica).toBeDefined();
    const column = (line: string, name: string) => {
      const headers = lines[0].trim().split(/\s{2,}/);
      return line.trim().split(/\s{2,}/)[headers.indexOf(name)];
    };
    expect(column(primary, 'ITEMS')).toBe('50');
    expect(column(primary, 'CONN')).toBe('1');
    expect(column(primary, 'LAG')).toBe('-');
    expect(column(replica, 'LAG')).toMatch(/^\d+\.\d s$/);
    expect(Number(column(primary, 'HITS/S'))).toBeGreaterThan(0);
  } finally {
    redis.disconnect();
  }
});

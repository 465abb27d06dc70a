/**
 * The Simulator facade serves CloudWatch beside the control plane: the template's alarms are
 * listed at once, and the caches' metrics appear after a minute of (virtual) simulator time.
 */
import { CloudWatchClient, DescribeAlarmsCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { MemcachedCluster, NodeType, Simulator } from '../../../src';
import { stackWith } from '../alarms/support';

jest.setTimeout(90_000);

let sim: Simulator;
let client: CloudWatchClient;

beforeAll(async () => {
  const stack = stackWith((s, vpc) => {
    const cluster = new MemcachedCluster(s, 'Pages', { vpc, clusterName: 'facade-pages', nodeType: NodeType.of('cache.t4g.micro'), numNodes: 2 });
    cluster.addRecommendedAlarms({ alarmNamePrefix: 'facade' });
  }, 'FacadeStack');
  sim = await Simulator.fromStack(stack, { virtualClock: true, seed: 'facade' });
  client = new CloudWatchClient({ endpoint: sim.cloudWatchEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});

afterAll(async () => {
  client?.destroy();
  await sim?.stop();
});

test('the template\'s alarms are there from the start, metrics after a minute', async () => {
  const alarms = await client.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'facade' }));
  expect(alarms.MetricAlarms!.length).toBeGreaterThan(0);
  expect(alarms.MetricAlarms!.every((a) => a.StateValue === 'INSUFFICIENT_DATA')).toBe(true);
  expect((await client.send(new ListMetricsCommand({ Namespace: 'AWS/ElastiCache' }))).Metrics).toEqual([]);

  await sim.advanceClock(60_000);
  const metrics = await client.send(new ListMetricsCommand({ Namespace: 'AWS/ElastiCache', MetricName: 'CPUUtilization' }));
  const nodes = metrics.Metrics!.map((m) => m.Dimensions!.map((d) => `${d.Name}=${d.Value}`).sort().join(',')).sort();
  expect(nodes).toEqual([
    'CacheClusterId=facade-pages',
    'CacheClusterId=facade-pages,CacheNodeId=0001',
    'CacheClusterId=facade-pages,CacheNodeId=0002',
  ]);
  const evaluated = await client.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'facade' }));
  expect(evaluated.MetricAlarms!.some((a) => a.StateValue !== 'INSUFFICIENT_DATA')).toBe(true);
});

/**
 * Dashboard snapshots: the template's dashboard widgets drawn from collected data, and the
 * default metrics of every node when the template has no dashboard.
 */
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import Redis from 'ioredis';
import { NodeType, ReplicationGroup } from '../../../src';
import { dashboardSnapshotHtml } from '../../../src/simulator/cloudwatch/dashboard-html';
import { MetricStore } from '../../../src/simulator/metrics/store';
import { minutes, Running, start, stackWith } from '../alarms/support';

jest.setTimeout(90_000);

let running: Running;

beforeAll(async () => {
  running = await start(stackWith((s, vpc) => {
    new ReplicationGroup(s, 'Group', { vpc, replicationGroupId: 'dash', nodeType: NodeType.of('cache.t4g.micro'), replicas: 0, transitEncryption: false });
    const items = new cloudwatch.Metric({ namespace: 'AWS/ElastiCache', metricName: 'CurrItems', dimensionsMap: { CacheClusterId: 'dash-001', CacheNodeId: '0001' }, statistic: 'Maximum' });
    const dashboard = new cloudwatch.Dashboard(s, 'Dashboard', { dashboardName: 'cache-health' });
    dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: '# Sessions cache' }), new cloudwatch.GraphWidget({ title: 'Items', left: [items] }));
  }, 'DashboardStack'));
});

afterAll(async () => {
  await running?.stop();
});

test('the template dashboard\'s graph shows the collected items', async () => {
  const endpoint = running.simulation.endpoint('dash', 'primary');
  const redis = new Redis({ host: endpoint.host, port: endpoint.port, maxRetriesPerRequest: 1 });
  try {
    for (let i = 0; i < 42; i++) await redis.set(`k${i}`, 'v');
  } finally {
    redis.disconnect();
  }
  await minutes(running, 10);
  const html = running.cloudWatch.dashboardHtml();
  expect(html).toMatch(/^<!DOCTYPE html>/);
  expect(html).toContain('<h2>cache-health</h2>');
  expect(html).toContain('<pre># Sessions cache</pre>');
  expect(html).toContain('<figcaption>Items</figcaption>');
  expect(html).toMatch(/<polyline [^>]*points="[\d., ]+"\/>/);
  expect(html).toContain('— last 42</li>');
});

test('without dashboards, the default metrics of every node are drawn', () => {
  const store = new MetricStore();
  const now = Date.UTC(2026, 2, 2, 12, 0, 0);
  for (let i = 1; i <= 5; i++) {
    store.put({ namespace: 'AWS/ElastiCache', metricName: 'CPUUtilization', dimensions: [{ name: 'CacheClusterId', value: 'a-001' }, { name: 'CacheNodeId', value: '0001' }], unit: 'Percent', timestamp: now - i * 60_000, value: i });
  }
  const html = dashboardSnapshotHtml({ store, dashboards: [], now });
  expect(html).toContain('<h2>Default metrics</h2>');
  expect(html).toContain('<figcaption>CPUUtilization (Average)</figcaption>');
  expect(html).toContain('a-001/0001 — last 1</li>');
  expect(dashboardSnapshotHtml({ store: new MetricStore(), dashboards: [], now })).toContain('No metrics collected yet.');
});

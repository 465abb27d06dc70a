/**
 * The CloudWatch operations the console and scripts use besides metrics, called through
 * `@aws-sdk/client-cloudwatch` against the local endpoint: DescribeAlarmsForMetric,
 * Disable/EnableAlarmActions and ListDashboards/GetDashboard, on the template's own resources.
 */
import {
  DescribeAlarmHistoryCommand, DescribeAlarmsCommand, DescribeAlarmsForMetricCommand, DisableAlarmActionsCommand,
  EnableAlarmActionsCommand, GetDashboardCommand, ListDashboardsCommand, SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { NodeType, ReplicationGroup } from '../../../src';
import { Running, start, stackWith } from '../alarms/support';

jest.setTimeout(90_000);

const NODE = [{ Name: 'CacheClusterId', Value: 'ops-001' }, { Name: 'CacheNodeId', Value: '0001' }];
let running: Running;

beforeAll(async () => {
  running = await start(stackWith((s, vpc) => {
    new ReplicationGroup(s, 'Group', { vpc, replicationGroupId: 'ops', nodeType: NodeType.of('cache.t4g.micro'), replicas: 0, transitEncryption: false });
    const topic = new sns.Topic(s, 'Pager');
    const items = new cloudwatch.Metric({
      namespace: 'AWS/ElastiCache', metricName: 'CurrItems', dimensionsMap: { CacheClusterId: 'ops-001', CacheNodeId: '0001' }, statistic: 'Maximum',
    });
    const tooMany = items.createAlarm(s, 'TooManyItems', { alarmName: 'ops-items', threshold: 1000, evaluationPeriods: 1 });
    tooMany.addAlarmAction(new actions.SnsAction(topic));
    tooMany.addOkAction(new actions.SnsAction(topic));
    new cloudwatch.Dashboard(s, 'Health', { dashboardName: 'ops-health' }).addWidgets(new cloudwatch.GraphWidget({ title: 'Items', left: [items] }));
    new cloudwatch.Dashboard(s, 'Other', { dashboardName: 'team-overview' }).addWidgets(new cloudwatch.TextWidget({ markdown: '# Team' }));
  }, 'SdkOperationsStack'));
});

afterAll(async () => {
  await running?.stop();
});

test('DescribeAlarmsForMetric finds the alarm by metric, dimensions and statistic, and only then', async () => {
  const found = await running.client.send(new DescribeAlarmsForMetricCommand({ Namespace: 'AWS/ElastiCache', MetricName: 'CurrItems', Dimensions: NODE }));
  expect(found.MetricAlarms!.map((a) => a.AlarmName)).toEqual(['ops-items']);
  expect(found.MetricAlarms![0].Threshold).toBe(1000);
  const withStatistic = await running.client.send(new DescribeAlarmsForMetricCommand({
    Namespace: 'AWS/ElastiCache', MetricName: 'CurrItems', Dimensions: NODE, Statistic: 'Maximum', Period: 300,
  }));
  expect(withStatistic.MetricAlarms!.map((a) => a.AlarmName)).toEqual(['ops-items']);
  const otherStatistic = await running.client.send(new DescribeAlarmsForMetricCommand({ Namespace: 'AWS/ElastiCache', MetricName: 'CurrItems', Dimensions: NODE, Statistic: 'Average' }));
  expect(otherStatistic.MetricAlarms).toEqual([]);
  const otherNode = await running.client.send(new DescribeAlarmsForMetricCommand({
    Namespace: 'AWS/ElastiCache', MetricName: 'CurrItems', Dimensions: [{ Name: 'CacheClusterId', Value: 'ops-002' }, { Name: 'CacheNodeId', Value: '0001' }],
  }));
  expect(otherNode.MetricAlarms).toEqual([]);
  await expect(running.client.send(new DescribeAlarmsForMetricCommand({ Namespace: 'AWS/ElastiCache', MetricName: undefined as unknown as string })))
    .rejects.toThrow('The parameter MetricName is required.');
});

test('DisableAlarmActions keeps state changes from notifying; EnableAlarmActions brings notifications back', async () => {
  const actionItems = async () => (await running.client.send(new DescribeAlarmHistoryCommand({ AlarmName: 'ops-items', HistoryItemType: 'Action' }))).AlarmHistoryItems!;
  const actionsEnabled = async () => (await running.client.send(new DescribeAlarmsCommand({ AlarmNames: ['ops-items'] }))).MetricAlarms![0].ActionsEnabled;
  expect(await actionsEnabled()).toBe(true);

  await running.client.send(new DisableAlarmActionsCommand({ AlarmNames: ['ops-items'] }));
  expect(await actionsEnabled()).toBe(false);
  await running.client.send(new SetAlarmStateCommand({ AlarmName: 'ops-items', StateValue: 'ALARM', StateReason: 'actions disabled' }));
  expect(await actionItems()).toEqual([]);
  expect(running.cloudWatch.alarms.notifications).toHaveLength(0);

  await running.client.send(new EnableAlarmActionsCommand({ AlarmNames: ['ops-items'] }));
  expect(await actionsEnabled()).toBe(true);
  await running.client.send(new SetAlarmStateCommand({ AlarmName: 'ops-items', StateValue: 'OK', StateReason: 'actions enabled' }));
  const items = await actionItems();
  expect(items).toHaveLength(1);
  expect(items[0].HistorySummary).toMatch(/^Successfully executed action arn:aws:sns:us-east-1:111122223333:/);
  expect(running.cloudWatch.alarms.notifications.map((n) => `${n.oldState}->${n.newState}`)).toEqual(['ALARM->OK']);
});

test('ListDashboards lists the template\'s dashboards by prefix with their body size', async () => {
  const all = await running.client.send(new ListDashboardsCommand({}));
  expect(all.DashboardEntries!.map((d) => d.DashboardName).sort()).toEqual(['ops-health', 'team-overview']);
  const ops = await running.client.send(new ListDashboardsCommand({ DashboardNamePrefix: 'ops-' }));
  expect(ops.DashboardEntries!.map((d) => d.DashboardName)).toEqual(['ops-health']);
  const entry = ops.DashboardEntries![0];
  expect(entry.DashboardArn).toBe('arn:aws:cloudwatch::111122223333:dashboard/ops-health');
  expect(entry.LastModified).toBeInstanceOf(Date);
  const body = (await running.client.send(new GetDashboardCommand({ DashboardName: 'ops-health' }))).DashboardBody!;
  expect(entry.Size).toBe(Buffer.byteLength(body));
});

test('GetDashboard returns the body the template defines, and refuses an unknown name', async () => {
  const dashboard = await running.client.send(new GetDashboardCommand({ DashboardName: 'ops-health' }));
  expect(dashboard.DashboardName).toBe('ops-health');
  expect(dashboard.DashboardArn).toBe('arn:aws:cloudwatch::111122223333:dashboard/ops-health');
  const widgets = JSON.parse(dashboard.DashboardBody!).widgets as { type: string; properties: { title?: string; metrics?: unknown[][] } }[];
  expect(widgets.map((w) => w.type)).toEqual(['metric']);
  expect(widgets[0].properties.title).toBe('Items');
  expect(widgets[0].properties.metrics![0].slice(0, 2)).toEqual(['AWS/ElastiCache', 'CurrItems']);
  await expect(running.client.send(new GetDashboardCommand({ DashboardName: 'missing' }))).rejects.toMatchObject({
    name: 'ResourceNotFound', message: 'Dashboard missing does not exist',
  });
});

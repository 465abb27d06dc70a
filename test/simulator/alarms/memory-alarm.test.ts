/**
 * The recommended memory alarm of a replication group, driven by real data: a node whose
 * parameter group reserves 99 % of a cache.t4g.micro's memory holds about 5 MB, a client fills it
 * past 80 %, and after five one-minute periods above the threshold (not four) the alarm goes to
 * ALARM and notifies its SNS topic; emptying the node brings it back to OK at the next evaluation.
 */
import { DescribeAlarmHistoryCommand, DescribeAlarmsCommand, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import Redis from 'ioredis';
import { minutes, Running, start, stackWith, START } from './support';
import { NodeType, ReplicationGroup } from '../../../src';

jest.setTimeout(120_000);

let running: Running;
let redis: Redis;
let topicArn: string;

beforeAll(async () => {
  const stack = stackWith((s, vpc) => {
    const topic = new sns.Topic(s, 'Alarms', { topicName: 'cache-alarms' });
    const group = new ReplicationGroup(s, 'Group', {
      vpc,
      replicationGroupId: 'mem-alarm',
      nodeType: NodeType.of('cache.t4g.micro'),
      replicas: 0,
      transitEncryption: false,
      parameters: { 'reserved-memory-percent': '99' },
    });
    group.addRecommendedAlarms({ alarmTopic: topic, alarmNamePrefix: 'mem-alarm' });
  });
  running = await start(stack);
  const endpoint = running.simulation.endpoint('mem-alarm', 'primary');
  redis = new Redis({ host: endpoint.host, port: endpoint.port, maxRetriesPerRequest: 1 });
  topicArn = 'arn:aws:sns:us-east-1:111122223333:cache-alarms';
});

afterAll(async () => {
  redis?.disconnect();
  await running?.stop();
});

async function memoryPercent(): Promise<number> {
  const info = await redis.info('memory');
  const field = (name: string) => Number(new RegExp(`${name}:(\\d+)`).exec(info)![1]);
  return (field('used_memory') / field('maxmemory')) * 100;
}

async function memoryAlarm() {
  const out = await running.client.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'mem-alarm' }));
  const alarm = out.MetricAlarms!.find((a) => a.MetricName === 'DatabaseMemoryUsagePercentage');
  if (!alarm) throw new Error(`no memory alarm among ${out.MetricAlarms!.map((a) => a.AlarmName).join(', ')}`);
  return alarm;
}

test('the alarm starts in INSUFFICIENT_DATA with the template configuration', async () => {
  const alarm = await memoryAlarm();
  expect(alarm).toMatchObject({
    StateValue: 'INSUFFICIENT_DATA',
    Namespace: 'AWS/ElastiCache',
    Dimensions: [{ Name: 'CacheClusterId', Value: 'mem-alarm-001' }],
    Threshold: 80,
    EvaluationPeriods: 5,
    DatapointsToAlarm: 5,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'notBreaching',
    AlarmActions: [topicArn],
    OKActions: [topicArn],
  });
});

test('filling memory past 80 % alarms after five breaching minutes and notifies the topic', async () => {
  const value = 'v'.repeat(1000);
  let i = 0;
  while (await memoryPercent() < 88) {
    const pipeline = redis.pipeline();
    for (let k = 0; k < 200; k++) pipeline.set(`key:${i++}`, value);
    await pipeline.exec();
  }
  const filled = await memoryPercent();
  expect(filled).toBeGreaterThan(80);
  expect(filled).toBeLessThan(100);

  await minutes(running, 4);
  // Four breaching datapoints: missing ones count as not breaching, 4 < 5.
  expect((await memoryAlarm()).StateValue).toBe('OK');

  await minutes(running, 1);
  const alarm = await memoryAlarm();
  expect(alarm.StateValue).toBe('ALARM');
  expect(alarm.StateReason).toMatch(/^Threshold Crossed: 5 out of the last 5 datapoints \[.*\] were greater than the threshold \(80\.0\)/);
  expect(alarm.StateUpdatedTimestamp).toEqual(new Date(START.getTime() + 5 * 60_000));

  // The published datapoints are the node's used_memory / maxmemory.
  const stats = await running.client.send(new GetMetricStatisticsCommand({
    Namespace: 'AWS/ElastiCache',
    MetricName: 'DatabaseMemoryUsagePercentage',
    Dimensions: [{ Name: 'CacheClusterId', Value: 'mem-alarm-001' }, { Name: 'CacheNodeId', Value: '0001' }],
    StartTime: START,
    EndTime: new Date(START.getTime() + 5 * 60_000),
    Period: 60,
    Statistics: ['Average', 'SampleCount'],
  }));
  expect(stats.Datapoints).toHaveLength(5);
  for (const point of stats.Datapoints!) {
    expect(point.Unit).toBe('Percent');
    expect(point.SampleCount).toBe(1);
    expect(point.Average!).toBeCloseTo(filled, 0);
  }

  // OK actions run on the first evaluation too (INSUFFICIENT_DATA -> OK), as in CloudWatch.
  const notifications = running.cloudWatch.alarms.notifications.filter((n) => n.alarmName === alarm.AlarmName);
  expect(notifications.map((n) => [n.topicArn, n.oldState, n.newState])).toEqual([[topicArn, 'INSUFFICIENT_DATA', 'OK'], [topicArn, 'OK', 'ALARM']]);
  const message = JSON.parse(notifications[1].message);
  expect(message).toMatchObject({
    AlarmName: alarm.AlarmName,
    NewStateValue: 'ALARM',
    OldStateValue: 'OK',
    AWSAccountId: '111122223333',
    Trigger: { MetricName: 'DatabaseMemoryUsagePercentage', Namespace: 'AWS/ElastiCache', Threshold: 80, EvaluationPeriods: 5 },
  });
});

test('emptying the node brings the alarm back to OK and the history shows every step', async () => {
  await redis.flushall();
  expect(await memoryPercent()).toBeLessThan(80);
  await minutes(running, 1);
  const alarm = await memoryAlarm();
  expect(alarm.StateValue).toBe('OK');
  expect(alarm.StateReason).toMatch(/^Threshold Crossed: 1 out of the last 5 datapoints \[\d+(\.\d+)? \(02\/03\/26 10:05:00\)/);

  const history = await running.client.send(new DescribeAlarmHistoryCommand({ AlarmName: alarm.AlarmName, ScanBy: 'TimestampAscending' }));
  expect(history.AlarmHistoryItems!.map((h) => [h.HistoryItemType, h.HistorySummary])).toEqual([
    ['ConfigurationUpdate', `Alarm "${alarm.AlarmName}" created`],
    ['StateUpdate', 'Alarm updated from INSUFFICIENT_DATA to OK'],
    ['Action', `Successfully executed action ${topicArn}`],
    ['StateUpdate', 'Alarm updated from OK to ALARM'],
    ['Action', `Successfully executed action ${topicArn}`],
    ['StateUpdate', 'Alarm updated from ALARM to OK'],
    ['Action', `Successfully executed action ${topicArn}`],
  ]);
});

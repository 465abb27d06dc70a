/**
 * The local CloudWatch endpoint through @aws-sdk/client-cloudwatch (awsJson 1.0): custom metrics
 * put and read back with statistics and metric math, an alarm on them evaluated on the virtual
 * clock, SetAlarmState, history, dashboards, and the service's errors.
 */
import {
  CloudWatchClient, DescribeAlarmHistoryCommand, DescribeAlarmsCommand, GetMetricDataCommand, GetMetricStatisticsCommand,
  ListMetricsCommand, PutMetricDataCommand, SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { metricAlarmFrom } from '../../../src/simulator/alarms/definition';
import { SimulatorClock } from '../../../src/simulator/clock';
import { LocalCloudWatch } from '../../../src/simulator/cloudwatch/local-cloudwatch';

const START = new Date('2026-03-02T10:00:00.000Z');
const ALARM_ARN = 'arn:aws:cloudwatch:us-east-1:111122223333:alarm:queue-depth';
const TOPIC = 'arn:aws:sns:us-east-1:111122223333:ops';
const DIMENSIONS = [{ Name: 'Queue', Value: 'orders' }];

let clock: SimulatorClock;
let cloudWatch: LocalCloudWatch;
let client: CloudWatchClient;

beforeAll(async () => {
  clock = SimulatorClock.virtual(START);
  cloudWatch = LocalCloudWatch.start({ clock, caches: () => [] });
  cloudWatch.alarms.add(metricAlarmFrom({
    Namespace: 'App',
    MetricName: 'Depth',
    Dimensions: DIMENSIONS,
    Statistic: 'Maximum',
    Period: 60,
    EvaluationPeriods: 3,
    DatapointsToAlarm: 2,
    Threshold: 100,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'missing',
    AlarmActions: [TOPIC],
  }, 'queue-depth', ALARM_ARN));
  client = new CloudWatchClient({ endpoint: await cloudWatch.serve(), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});

afterAll(async () => {
  client?.destroy();
  await cloudWatch?.stop();
  clock?.stop();
});

const at = (minute: number, second = 0) => new Date(START.getTime() + minute * 60_000 + second * 1000);

async function depth(minute: number, values: number[]): Promise<void> {
  await client.send(new PutMetricDataCommand({
    Namespace: 'App',
    MetricData: [{ MetricName: 'Depth', Dimensions: DIMENSIONS, Unit: 'Count', Timestamp: at(minute, 10), Values: values }],
  }));
}

async function alarm() {
  const out = await client.send(new DescribeAlarmsCommand({ AlarmNames: ['queue-depth'] }));
  return out.MetricAlarms![0];
}

test('put data is read back with statistics, percentiles and metric math', async () => {
  await depth(0, [10, 20, 30, 40]);
  await depth(1, [50, 60]);
  const stats = await client.send(new GetMetricStatisticsCommand({
    Namespace: 'App',
    MetricName: 'Depth',
    Dimensions: DIMENSIONS,
    StartTime: at(0),
    EndTime: at(2),
    Period: 60,
    Statistics: ['Sum', 'Maximum', 'SampleCount'],
    ExtendedStatistics: ['p50'],
  }));
  const points = [...stats.Datapoints!].sort((a, b) => a.Timestamp!.getTime() - b.Timestamp!.getTime());
  expect(points.map((p) => [p.Timestamp, p.Sum, p.Maximum, p.SampleCount, p.ExtendedStatistics?.p50, p.Unit])).toEqual([
    [at(0), 100, 40, 4, 20, 'Count'],
    [at(1), 110, 60, 2, 50, 'Count'],
  ]);
  const data = await client.send(new GetMetricDataCommand({
    StartTime: at(0),
    EndTime: at(2),
    ScanBy: 'TimestampAscending',
    MetricDataQueries: [
      { Id: 'sum', MetricStat: { Metric: { Namespace: 'App', MetricName: 'Depth', Dimensions: DIMENSIONS }, Period: 60, Stat: 'Sum' }, ReturnData: false },
      { Id: 'n', MetricStat: { Metric: { Namespace: 'App', MetricName: 'Depth', Dimensions: DIMENSIONS }, Period: 60, Stat: 'SampleCount' }, ReturnData: false },
      { Id: 'mean', Expression: 'sum / n', Label: 'Mean depth' },
    ],
  }));
  expect(data.MetricDataResults).toEqual([{ Id: 'mean', Label: 'Mean depth', Timestamps: [at(0), at(1)], Values: [25, 55], StatusCode: 'Complete', Messages: [] }]);
  const listed = await client.send(new ListMetricsCommand({ Namespace: 'App', Dimensions: [{ Name: 'Queue' }] }));
  expect(listed.Metrics).toEqual([{ Namespace: 'App', MetricName: 'Depth', Dimensions: DIMENSIONS }]);
});

test('the alarm follows the data on the virtual clock: 2 of 3 breaching minutes alarm and notify', async () => {
  await clock.advance(3 * 60_000);
  expect((await alarm()).StateValue).toBe('OK');
  await depth(3, [150]);
  await clock.advance(60_000);
  expect((await alarm()).StateValue).toBe('OK');
  await depth(4, [120]);
  await clock.advance(60_000);
  const state = await alarm();
  expect(state.StateValue).toBe('ALARM');
  expect(state.StateReason).toMatch(/^Threshold Crossed: 2 out of the last 3 datapoints \[120\.0 \(02\/03\/26 10:04:00\), 150\.0 \(02\/03\/26 10:03:00\), 60\.0/);
  expect(JSON.parse(state.StateReasonData!)).toMatchObject({ statistic: 'Maximum', period: 60, threshold: 100 });
  expect(cloudWatch.alarms.notifications.map((n) => [n.topicArn, n.newState])).toEqual([[TOPIC, 'ALARM']]);
});

test('SetAlarmState holds until the next evaluation; the history records both', async () => {
  await client.send(new SetAlarmStateCommand({ AlarmName: 'queue-depth', StateValue: 'OK', StateReason: 'testing the pager' }));
  expect(await alarm()).toMatchObject({ StateValue: 'OK', StateReason: 'testing the pager' });
  await clock.advance(60_000);
  expect((await alarm()).StateValue).toBe('ALARM');
  const history = await client.send(new DescribeAlarmHistoryCommand({ AlarmName: 'queue-depth', HistoryItemType: 'StateUpdate', ScanBy: 'TimestampAscending' }));
  expect(history.AlarmHistoryItems!.map((h) => h.HistorySummary)).toEqual([
    'Alarm updated from INSUFFICIENT_DATA to OK',
    'Alarm updated from OK to ALARM',
    'Alarm updated from ALARM to OK',
    'Alarm updated from OK to ALARM',
  ]);
});

test('errors carry the service\'s codes', async () => {
  type Failure = Error & { Code?: string; $metadata?: { httpStatusCode?: number } };
  const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (err: Failure) => err);
  const unknown = await failure(client.send(new SetAlarmStateCommand({ AlarmName: 'nope', StateValue: 'OK', StateReason: 'x' })));
  expect(unknown).toMatchObject({ name: 'ResourceNotFound', message: 'Alarm nope not found' });
  const reserved = await failure(client.send(new PutMetricDataCommand({ Namespace: 'AWS/ElastiCache', MetricData: [{ MetricName: 'CPUUtilization', Value: 1 }] })));
  expect(reserved).toMatchObject({ name: 'InvalidParameterValueException', $metadata: { httpStatusCode: 400 } });
  const period = await failure(client.send(new GetMetricStatisticsCommand({
    Namespace: 'App', MetricName: 'Depth', StartTime: at(0), EndTime: at(1), Period: 45, Statistics: ['Sum'],
  })));
  expect(period).toMatchObject({ name: 'InvalidParameterValueException' });
  const badId = await failure(client.send(new GetMetricDataCommand({ StartTime: at(0), EndTime: at(1), MetricDataQueries: [{ Id: 'x', Expression: 'y + 1' }] })));
  expect(badId?.message).toMatch(/Unrecognized metric or expression id y/);
});

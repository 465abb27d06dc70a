/**
 * The recommended throttling alarm of a serverless cache, driven by real load: a cache limited to
 * 1,000 ECPU/s receives bursts of 3,000 GETs, the service's throttling error comes back to the
 * client, `ThrottledCmds` counts them every minute, and after five throttled minutes the alarm
 * goes to ALARM; a minute without throttling brings it back to OK. The compute alarm (75 % of the
 * maximum over a minute) stays OK: bursts of a second do not use 45,000 ECPUs a minute.
 */
import { DescribeAlarmsCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import Redis from 'ioredis';
import { minutes, Running, start, stackWith, START } from './support';
import { ServerlessCache } from '../../../src/constructs';

jest.setTimeout(120_000);

let running: Running;
let client: Redis;

beforeAll(async () => {
  const stack = stackWith((s, vpc) => {
    const topic = new sns.Topic(s, 'Alarms', { topicName: 'serverless-alarms' });
    const cache = new ServerlessCache(s, 'Cache', { vpc, serverlessCacheName: 'throttled', cacheUsageLimits: { requestRateLimitMaximum: 1000 } });
    cache.addRecommendedAlarms({ alarmTopic: topic, alarmNamePrefix: 'throttled' });
  }, 'ThrottlingStack');
  running = await start(stack);
  const endpoint = running.simulation.endpoint('throttled');
  client = new Redis({
    host: endpoint.host,
    port: endpoint.port,
    tls: { ca: running.simulation.tls.caCertificatePem, servername: endpoint.hostname },
    maxRetriesPerRequest: 0,
  });
  client.on('error', () => undefined);
  await client.set('k', 'v');
});

afterAll(async () => {
  client?.disconnect();
  await running?.stop();
});

async function alarmOn(metricName: string) {
  const out = await running.client.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'throttled' }));
  const alarm = out.MetricAlarms!.find((a) => a.MetricName === metricName);
  if (!alarm) throw new Error(`no alarm on ${metricName} among ${out.MetricAlarms!.map((a) => a.MetricName).join(', ')}`);
  return alarm;
}

/** A burst above the limit; returns how many requests the cache refused. */
async function burst(): Promise<number> {
  const pipeline = client.pipeline();
  for (let i = 0; i < 3000; i++) pipeline.get('k');
  const results = (await pipeline.exec())!;
  return results.filter(([err]) => err !== null).length;
}

test('five minutes of throttled bursts put the throttling alarm in ALARM, a quiet minute back to OK', async () => {
  expect(await alarmOn('ThrottledCmds')).toMatchObject({
    StateValue: 'INSUFFICIENT_DATA', Dimensions: [{ Name: 'clusterId', Value: 'throttled' }], Statistic: 'Sum', Threshold: 0, EvaluationPeriods: 5,
  });
  const refusedPerMinute: number[] = [];
  for (let minute = 0; minute < 5; minute++) {
    refusedPerMinute.push(await burst());
    await minutes(running, 1);
    const state = (await alarmOn('ThrottledCmds')).StateValue;
    expect(state).toBe(minute < 4 ? 'OK' : 'ALARM');
  }
  expect(refusedPerMinute.every((n) => n > 0)).toBe(true);

  // ThrottledCmds as CloudWatch returns it: exactly the refusals of each minute.
  const data = await running.client.send(new GetMetricDataCommand({
    StartTime: START,
    EndTime: new Date(START.getTime() + 5 * 60_000),
    ScanBy: 'TimestampAscending',
    MetricDataQueries: [{
      Id: 'throttled',
      MetricStat: { Metric: { Namespace: 'AWS/ElastiCache', MetricName: 'ThrottledCmds', Dimensions: [{ Name: 'clusterId', Value: 'throttled' }] }, Period: 60, Stat: 'Sum' },
    }],
  }));
  expect(data.MetricDataResults![0].Values).toEqual(refusedPerMinute);
  expect((await alarmOn('ElastiCacheProcessingUnits')).StateValue).toBe('OK');

  await minutes(running, 1);
  const alarm = await alarmOn('ThrottledCmds');
  expect(alarm.StateValue).toBe('OK');
  expect(alarm.StateReason).toMatch(/^Threshold Crossed: 1 out of the last 5 datapoints \[0\.0 \(02\/03\/26 10:05:00\)/);
  const notified = running.cloudWatch.alarms.notifications.filter((n) => n.alarmName === alarm.AlarmName).map((n) => n.newState);
  expect(notified).toEqual(['OK', 'ALARM', 'OK']);
});

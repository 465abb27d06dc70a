/**
 * CloudWatch statistics and metric math over hand-made samples: basic and extended statistics,
 * periods, unit filtering, expressions and the errors CloudWatch gives for bad queries.
 */
import { evaluateExpression, MathError } from '../../../src/simulator/metrics/math';
import { QueryError, runQueries } from '../../../src/simulator/metrics/query';
import { aggregate, parseStatistic, statisticOf } from '../../../src/simulator/metrics/statistics';
import { MetricStore } from '../../../src/simulator/metrics/store';

const T0 = Date.UTC(2026, 2, 2, 10, 0, 0);
const metric = { namespace: 'App', metricName: 'Latency', dimensions: [{ name: 'Service', value: 'api' }] };

function stat(name: string, values: number[]): number | undefined {
  const parsed = parseStatistic(name);
  if (!parsed) throw new Error(`${name} does not parse`);
  const sum = values.reduce((a, b) => a + b, 0);
  return statisticOf(parsed, aggregate([{ timestamp: 0, sum, count: values.length, min: Math.min(...values), max: Math.max(...values), values }])!);
}

describe('statistics', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  test('basic statistics', () => {
    expect(stat('Sum', hundred)).toBe(5050);
    expect(stat('Average', hundred)).toBe(50.5);
    expect(stat('SampleCount', hundred)).toBe(100);
    expect(stat('Minimum', hundred)).toBe(1);
    expect(stat('Maximum', hundred)).toBe(100);
  });

  test('percentiles, trimmed and winsorized means, counts, sums and rank', () => {
    expect(stat('p50', hundred)).toBe(50);
    expect(stat('p99', hundred)).toBe(99);
    expect(stat('p99.9', hundred)).toBe(100);
    expect(stat('tm90', hundred)).toBe(45.5);
    expect(stat('TM(10%:90%)', hundred)).toBe(50.5);
    expect(stat('IQM', hundred)).toBe(50.5);
    expect(stat('tc90', hundred)).toBe(90);
    expect(stat('ts90', hundred)).toBe(4095);
    expect(stat('PR(:25)', hundred)).toBe(25);
    expect(stat('wm90', hundred)).toBeCloseTo((4095 + 10 * 90) / 100, 9);
  });

  test('names CloudWatch refuses do not parse; percentiles of negative values are unavailable', () => {
    for (const bad of ['p101', 'Avg', 'tm(90:10)', 'PR(10%:20%)', 'wm(1:2)', '']) expect(parseStatistic(bad)).toBeUndefined();
    expect(stat('p50', [-1, 2, 3])).toBeUndefined();
  });

  test('statistic sets without raw values have no percentiles unless each holds one value', () => {
    const sets = [{ timestamp: 0, sum: 10, count: 2, min: 4, max: 6 }];
    expect(statisticOf(parseStatistic('p50')!, aggregate(sets)!)).toBeUndefined();
    expect(statisticOf(parseStatistic('Average')!, aggregate(sets)!)).toBe(5);
    const uniform = [{ timestamp: 0, sum: 8, count: 2, min: 4, max: 4 }];
    expect(statisticOf(parseStatistic('p50')!, aggregate(uniform)!)).toBe(4);
  });
});

describe('queries', () => {
  const store = new MetricStore();
  // Minute i holds the values i+1 and 2(i+1).
  for (let i = 0; i < 5; i++) {
    store.put({ ...metric, unit: 'Milliseconds', timestamp: T0 + i * 60_000 + 1000, value: i + 1 });
    store.put({ ...metric, unit: 'Milliseconds', timestamp: T0 + i * 60_000 + 2000, value: 2 * (i + 1) });
  }

  test('metric statistics per period, from the start time rounded down to the minute', () => {
    const [r] = runQueries(store, [{ id: 'm', metricStat: { metric, period: 120, stat: 'Sum' } }], T0 + 30_000, T0 + 300_000);
    expect(r.timestamps).toEqual([T0, T0 + 120_000, T0 + 240_000]);
    expect(r.values).toEqual([3 + 6, 9 + 12, 15]);
    expect(r.sampleCounts).toEqual([4, 4, 2]);
  });

  test('a unit other than the published one returns no data', () => {
    const [r] = runQueries(store, [{ id: 'm', metricStat: { metric, period: 60, stat: 'Sum', unit: 'Seconds' } }], T0, T0 + 300_000);
    expect(r.values).toEqual([]);
  });

  test('expressions combine queries period by period', () => {
    const results = runQueries(store, [
      { id: 'total', metricStat: { metric, period: 60, stat: 'Sum' }, returnData: false },
      { id: 'n', metricStat: { metric, period: 60, stat: 'SampleCount' }, returnData: false },
      { id: 'avg', expression: 'total / n' },
      { id: 'flag', expression: 'IF(avg > 4, 1, 0)' },
      { id: 'growth', expression: 'DIFF(total)' },
      { id: 'perSecond', expression: 'RATE(total)' },
      { id: 'all', expression: 'SUM(METRICS())' },
    ], T0, T0 + 300_000);
    const byId = Object.fromEntries(results.map((r) => [r.id, r.values]));
    expect(byId.avg).toEqual([1.5, 3, 4.5, 6, 7.5]);
    expect(byId.flag).toEqual([0, 0, 1, 1, 1]);
    expect(byId.growth).toEqual([3, 3, 3, 3]);
    expect(byId.perSecond).toEqual([0.05, 0.05, 0.05, 0.05]);
    expect(byId.all).toEqual([5, 8, 11, 14, 17]);
  });

  test('FILL fills the periods without data', () => {
    const sparse = new MetricStore();
    sparse.put({ ...metric, unit: 'Count', timestamp: T0, value: 7 });
    sparse.put({ ...metric, unit: 'Count', timestamp: T0 + 180_000, value: 9 });
    const results = runQueries(sparse, [
      { id: 'm', metricStat: { metric, period: 60, stat: 'Sum' }, returnData: false },
      { id: 'zero', expression: 'FILL(m, 0)' },
      { id: 'repeat', expression: 'FILL(m, REPEAT)' },
    ], T0, T0 + 240_000);
    expect(results[1].values).toEqual([7, 0, 0, 9]);
    expect(results[2].values).toEqual([7, 7, 7, 9]);
  });

  test('invalid queries are refused as CloudWatch refuses them', () => {
    const q = { metric, period: 60, stat: 'Sum' };
    expect(() => runQueries(store, [{ id: 'Bad', metricStat: q }], T0, T0 + 60_000)).toThrow(QueryError);
    expect(() => runQueries(store, [{ id: 'a', metricStat: q }, { id: 'a', metricStat: q }], T0, T0 + 60_000)).toThrow(/not unique/);
    expect(() => runQueries(store, [{ id: 'e', expression: 'x * 2' }], T0, T0 + 60_000)).toThrow(/Unrecognized metric or expression id x/);
    expect(() => runQueries(store, [{ id: 'a', expression: 'b' }, { id: 'b', expression: 'a' }], T0, T0 + 60_000)).toThrow(/Circular/);
    expect(() => runQueries(store, [{ id: 'm', metricStat: { ...q, period: 45 } }], T0, T0 + 60_000)).toThrow(/Period/);
    const [bad] = runQueries(store, [{ id: 'm', metricStat: q, returnData: false }, { id: 'e', expression: 'ANOMALY_DETECTION_BAND(m)' }], T0, T0 + 60_000).slice(1);
    expect(bad.statusCode).toBe('InternalError');
    expect(bad.messages[0].value).toMatch(/Unsupported function ANOMALY_DETECTION_BAND/);
  });

  test('operator precedence and scalars', () => {
    const ctx = { series: () => undefined, metrics: () => [], grid: [], periodSeconds: 60 };
    expect(evaluateExpression('1 + 2 * 3 ^ 2', ctx)).toBe(19);
    expect(evaluateExpression('2 ^ 3 ^ 2', ctx)).toBe(512);
    expect(evaluateExpression('-(1 + 1) * 3', ctx)).toBe(-6);
    expect(evaluateExpression('1 < 2 AND NOT 0', ctx)).toBe(1);
    expect(() => evaluateExpression('1 +', ctx)).toThrow(MathError);
  });
});

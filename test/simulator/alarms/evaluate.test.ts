/**
 * One alarm evaluation with CloudWatch's rules: M out of N, the four missing-data treatments, and
 * the reasons it writes.
 */
import { evaluate, EvaluationInput, RangePoint } from '../../../src/simulator/alarms/evaluate';

const T0 = Date.UTC(2026, 2, 2, 10, 0, 0);

/** Points of a range, oldest first; undefined is a period without data. */
function points(...values: (number | undefined)[]): RangePoint[] {
  return values.map((value, i) => ({ timestamp: T0 + i * 60_000, value }));
}

function run(values: (number | undefined)[], overrides: Partial<EvaluationInput> = {}) {
  return evaluate({
    points: points(...values),
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    comparisonOperator: 'GreaterThanThreshold',
    threshold: 80,
    treatMissingData: 'missing',
    current: 'OK',
    ...overrides,
  });
}

test('N breaching datapoints of N alarm; the N most recent count', () => {
  expect(run([10, 90, 90, 90]).state).toBe('ALARM');
  expect(run([90, 90, 90, 10]).state).toBe('OK');
  const outcome = run([90, 91, 92.5]);
  expect(outcome.reason).toBe('Threshold Crossed: 3 out of the last 3 datapoints [92.5 (02/03/26 10:02:00), 91.0 (02/03/26 10:01:00), 90.0 (02/03/26 10:00:00)] '
    + 'were greater than the threshold (80.0) (minimum 3 datapoints for OK -> ALARM transition).');
});

test('M out of N: two breaching of three alarm with DatapointsToAlarm 2', () => {
  expect(run([90, 10, 90], { datapointsToAlarm: 2 }).state).toBe('ALARM');
  expect(run([10, 10, 90], { datapointsToAlarm: 2 }).state).toBe('OK');
});

test('comparison operators', () => {
  expect(run([80, 80, 80], { comparisonOperator: 'GreaterThanOrEqualToThreshold' }).state).toBe('ALARM');
  expect(run([80, 80, 80]).state).toBe('OK');
  expect(run([1, 1, 1], { comparisonOperator: 'LessThanThreshold' }).state).toBe('ALARM');
  expect(run([80, 80, 80], { comparisonOperator: 'LessThanOrEqualToThreshold' }).state).toBe('ALARM');
});

test('no data at all: each treatment decides', () => {
  const none = [undefined, undefined, undefined];
  expect(run(none).state).toBe('INSUFFICIENT_DATA');
  expect(run(none).reason).toBe('Insufficient Data: 3 datapoints were unknown.');
  expect(run(none, { treatMissingData: 'ignore', current: 'ALARM' }).state).toBe('ALARM');
  expect(run(none, { treatMissingData: 'breaching' }).state).toBe('ALARM');
  expect(run(none, { treatMissingData: 'notBreaching', current: 'ALARM' }).state).toBe('OK');
});

test('some data missing: breaching / notBreaching fill the gap, missing / ignore use the real points', () => {
  const partial = [undefined, undefined, 90];
  expect(run(partial, { treatMissingData: 'breaching' }).state).toBe('ALARM');
  expect(run(partial, { treatMissingData: 'notBreaching' }).state).toBe('OK');
  expect(run(partial, { treatMissingData: 'notBreaching' }).reason).toMatch(/and 2 missing datapoints were treated as \[NonBreaching\]/);
  expect(run(partial, { treatMissingData: 'missing' }).state).toBe('ALARM');
  expect(run([undefined, undefined, 10], { treatMissingData: 'ignore', current: 'ALARM' }).state).toBe('OK');
});

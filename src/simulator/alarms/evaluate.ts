/**
 * One evaluation of a metric alarm, with CloudWatch's semantics: the datapoints of the evaluation
 * range (the alarm's N evaluation periods plus a few earlier ones, ending now), M of N breaching
 * to alarm, and missing data handled as the alarm says:
 *
 * - with at least N real datapoints in the range, the N most recent are evaluated (missing ones
 *   are skipped and the treatment does not matter);
 * - with fewer, `breaching` / `notBreaching` fill the gap up to N with breaching / good points;
 *   `missing` and `ignore` evaluate the real points alone (all of them breaching → ALARM, even
 *   when fewer than M);
 * - with none at all, `missing` → INSUFFICIENT_DATA, `ignore` keeps the state, `breaching` →
 *   ALARM, `notBreaching` → OK.
 *
 * The reasons read like CloudWatch's (`Threshold Crossed: 3 out of the last 3 datapoints […]`).
 */
import type { AlarmStateValue, ComparisonOperator, TreatMissingData } from './definition';
import { plural } from '../plural';

/** Periods before the N evaluated ones that the evaluation range also reads. */
export const EXTRA_PERIODS = 3;

export interface RangePoint {
  /** Start of the period (ms). */
  readonly timestamp: number;
  /** Undefined when the period has no datapoint. */
  readonly value?: number;
  readonly sampleCount?: number;
}

export interface EvaluationInput {
  /** The evaluation range, oldest first. */
  readonly points: readonly RangePoint[];
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly comparisonOperator: ComparisonOperator;
  readonly threshold: number;
  readonly treatMissingData: TreatMissingData;
  readonly current: AlarmStateValue;
}

export interface EvaluationOutcome {
  /** The state the alarm should be in. */
  readonly state: AlarmStateValue;
  readonly reason: string;
  /** The datapoints the decision used (real ones; filled ones are not listed). */
  readonly evaluated: readonly RangePoint[];
}

const WORDS: Readonly<Record<string, string>> = {
  GreaterThanThreshold: 'greater than',
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

export function breaches(op: ComparisonOperator, value: number, threshold: number): boolean {
  switch (op) {
    case 'GreaterThanThreshold': return value > threshold;
    case 'GreaterThanOrEqualToThreshold': return value >= threshold;
    case 'LessThanThreshold': return value < threshold;
    case 'LessThanOrEqualToThreshold': return value <= threshold;
    default: throw new Error(`${op} is an anomaly detection operator`);
  }
}

/** `25/11/26 19:04:00`, CloudWatch's datapoint time format in reasons (UTC). */
export function reasonTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCFullYear() % 100)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** Numbers as CloudWatch prints them in reasons (at least one decimal). */
export function reasonNumber(n: number): string {
  return Number.isInteger(n) ? n.toFixed(1) : String(Math.round(n * 1e6) / 1e6);
}

export function evaluate(input: EvaluationInput): EvaluationOutcome {
  const n = input.evaluationPeriods;
  const m = input.datapointsToAlarm;
  const present = input.points.filter((p) => p.value !== undefined);
  const isBreaching = (p: RangePoint) => breaches(input.comparisonOperator, p.value!, input.threshold);
  const words = WORDS[input.comparisonOperator];
  const threshold = reasonNumber(input.threshold);

  if (present.length === 0) {
    switch (input.treatMissingData) {
      case 'missing':
        return { state: 'INSUFFICIENT_DATA', reason: `Insufficient Data: ${plural(n, 'datapoint')} ${n === 1 ? 'was' : 'were'} unknown.`, evaluated: [] };
      case 'ignore':
        return { state: input.current, reason: `No datapoints were received for ${plural(n, 'period')}; missing data is ignored, so the state stays ${input.current}.`, evaluated: [] };
      case 'breaching':
        return { state: 'ALARM', reason: `Threshold Crossed: no datapoints were received for ${plural(n, 'period')} and ${n} missing datapoint${n === 1 ? ' was' : 's were'} treated as [Breaching].`, evaluated: [] };
      case 'notBreaching':
        return { state: 'OK', reason: `Threshold Crossed: no datapoints were received for ${plural(n, 'period')} and ${n} missing datapoint${n === 1 ? ' was' : 's were'} treated as [NonBreaching].`, evaluated: [] };
    }
  }

  let evaluated: RangePoint[];
  let breaching: number;
  let total: number;
  let needed = m;
  let note = '';
  if (present.length >= n) {
    evaluated = present.slice(-n);
    breaching = evaluated.filter(isBreaching).length;
    total = n;
  } else if (input.treatMissingData === 'breaching' || input.treatMissingData === 'notBreaching') {
    evaluated = present;
    const filled = n - present.length;
    breaching = present.filter(isBreaching).length + (input.treatMissingData === 'breaching' ? filled : 0);
    total = n;
    note = ` and ${filled} missing datapoint${filled === 1 ? ' was' : 's were'} treated as [${input.treatMissingData === 'breaching' ? 'Breaching' : 'NonBreaching'}]`;
  } else {
    // Missing datapoints are left out: the real ones decide.
    evaluated = present;
    breaching = present.filter(isBreaching).length;
    total = present.length;
    needed = Math.min(m, present.length);
  }
  const alarm = breaching >= needed;
  const list = `[${[...evaluated].reverse().map((p) => `${reasonNumber(p.value!)} (${reasonTime(p.timestamp)})`).join(', ')}]`;
  const state: AlarmStateValue = alarm ? 'ALARM' : 'OK';
  const counted = alarm ? breaching : total - breaching;
  const minimum = alarm ? needed : total - needed + 1;
  const verb = counted === 1 ? 'was' : 'were';
  const reason = `Threshold Crossed: ${counted} out of the last ${plural(total, 'datapoint')} ${list}${note} ${verb} ${alarm ? '' : 'not '}${words} the threshold (${threshold}) `
    + `(minimum ${plural(minimum, 'datapoint')} for ${input.current} -> ${state} transition).`;
  return { state, reason, evaluated };
}

/**
 * An alarm's configuration, read from an `AWS::CloudWatch::Alarm` resource's properties (or a
 * PutMetricAlarm-like object) and checked as PutMetricAlarm checks it. Anomaly-detection alarms
 * are read but not evaluated (the simulator has no anomaly model); they say so in their state.
 */
import type { DataQuerySpec } from '../metrics/query';
import { parseStatistic } from '../metrics/statistics';
import type { Dimension, MetricUnit } from '../metrics/types';

export const COMPARISON_OPERATORS = [
  'GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold',
  'LessThanLowerOrGreaterThanUpperThreshold', 'LessThanLowerThreshold', 'GreaterThanUpperThreshold',
] as const;
export type ComparisonOperator = typeof COMPARISON_OPERATORS[number];

export const TREAT_MISSING_DATA = ['breaching', 'notBreaching', 'ignore', 'missing'] as const;
export type TreatMissingData = typeof TREAT_MISSING_DATA[number];

export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** Where an alarm came from, for messages. */
export interface AlarmOrigin {
  readonly stack: string;
  readonly logicalId: string;
}

/** What metric and composite alarms have in common: identity, description and actions. */
interface AlarmCommon {
  readonly name: string;
  readonly arn: string;
  readonly description?: string;
  readonly actionsEnabled: boolean;
  readonly alarmActions: readonly string[];
  readonly okActions: readonly string[];
  readonly insufficientDataActions: readonly string[];
  readonly origin?: AlarmOrigin;
}

export interface MetricAlarmDefinition extends AlarmCommon {
  readonly kind: 'metric';
  readonly comparisonOperator: ComparisonOperator;
  readonly threshold?: number;
  readonly thresholdMetricId?: string;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: TreatMissingData;
  readonly evaluateLowSampleCountPercentile?: 'evaluate' | 'ignore';
  /** A single-metric alarm… */
  readonly metric?: {
    readonly namespace: string;
    readonly metricName: string;
    readonly dimensions: readonly Dimension[];
    readonly period: number;
    readonly statistic?: string;
    readonly extendedStatistic?: string;
    readonly unit?: MetricUnit;
  };
  /** …or a metric-math alarm. */
  readonly metrics?: readonly DataQuerySpec[];
  /** Why the simulator does not evaluate this alarm (anomaly detection). */
  readonly notEvaluated?: string;
}

export interface CompositeAlarmDefinition extends AlarmCommon {
  readonly kind: 'composite';
  readonly alarmRule: string;
}

export type AlarmDefinition = MetricAlarmDefinition | CompositeAlarmDefinition;

/** A configuration CloudWatch would refuse (the message is the service's kind of message). */
export class AlarmDefinitionError extends Error {}

type Props = Readonly<Record<string, unknown>>;

function str(props: Props, name: string): string | undefined {
  const v = props[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') throw new AlarmDefinitionError(`${name} must be a string, got ${JSON.stringify(v)}`);
  return String(v);
}

function num(props: Props, name: string): number | undefined {
  const v = props[name];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new AlarmDefinitionError(`${name} must be a number, got ${JSON.stringify(v)}`);
  return n;
}

function bool(props: Props, name: string): boolean | undefined {
  const v = props[name];
  if (v === undefined || v === null) return undefined;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw new AlarmDefinitionError(`${name} must be true or false, got ${JSON.stringify(v)}`);
}

function strings(props: Props, name: string): string[] {
  const v = props[name];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new AlarmDefinitionError(`${name} must be a list of strings`);
  if (v.length > 5) throw new AlarmDefinitionError(`The value for parameter ${name} contains ${v.length} actions; at most 5 are allowed.`);
  return v as string[];
}

function dimensions(value: unknown, where: string): Dimension[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new AlarmDefinitionError(`${where} must be a list of {Name, Value}`);
  if (value.length > 30) throw new AlarmDefinitionError(`${where} has ${value.length} dimensions; at most 30 are allowed.`);
  return value.map((d) => {
    const entry = d as Props;
    const name = str(entry, 'Name');
    const val = str(entry, 'Value');
    if (!name || val === undefined) throw new AlarmDefinitionError(`${where} entries need a Name and a Value`);
    return { name, value: val };
  });
}

function checkPeriod(period: number, where: string): void {
  if (!(Number.isInteger(period) && ([10, 20, 30].includes(period) || (period >= 60 && period % 60 === 0)))) {
    throw new AlarmDefinitionError(`${where} must be 10, 20, 30 or a multiple of 60 seconds, got ${period}`);
  }
}

function queries(value: unknown): DataQuerySpec[] {
  if (!Array.isArray(value)) throw new AlarmDefinitionError('Metrics must be a list of MetricDataQuery');
  return value.map((raw, i) => {
    const q = raw as Props;
    const where = `Metrics[${i}]`;
    const id = str(q, 'Id');
    if (!id) throw new AlarmDefinitionError(`${where} needs an Id`);
    const stat = q.MetricStat as Props | undefined;
    const expression = str(q, 'Expression');
    const returnData = bool(q, 'ReturnData');
    const label = str(q, 'Label');
    if (stat) {
      const metric = (stat.Metric ?? {}) as Props;
      const period = num(stat, 'Period');
      const statName = str(stat, 'Stat');
      if (period === undefined || !statName) throw new AlarmDefinitionError(`${where}.MetricStat needs a Period and a Stat`);
      checkPeriod(period, `${where}.MetricStat.Period`);
      if (!parseStatistic(statName)) throw new AlarmDefinitionError(`${where}.MetricStat.Stat ${statName} is not a valid statistic`);
      return {
        id,
        label,
        returnData,
        metricStat: {
          metric: { namespace: str(metric, 'Namespace') ?? '', metricName: str(metric, 'MetricName') ?? '', dimensions: dimensions(metric.Dimensions, `${where}.MetricStat.Metric.Dimensions`) },
          period,
          stat: statName,
          unit: str(stat, 'Unit') as MetricUnit | undefined,
        },
      };
    }
    if (!expression) throw new AlarmDefinitionError(`${where} needs a MetricStat or an Expression`);
    return { id, label, returnData, expression, period: num(q, 'Period') };
  });
}

function common(props: Props, name: string, arn: string, origin: AlarmOrigin | undefined) {
  return {
    name,
    arn,
    description: str(props, 'AlarmDescription'),
    actionsEnabled: bool(props, 'ActionsEnabled') ?? true,
    alarmActions: strings(props, 'AlarmActions'),
    okActions: strings(props, 'OKActions'),
    insufficientDataActions: strings(props, 'InsufficientDataActions'),
    origin,
  };
}

/** Reads an `AWS::CloudWatch::Alarm`'s properties (CloudFormation names = PutMetricAlarm names). */
export function metricAlarmFrom(props: Props, name: string, arn: string, origin?: AlarmOrigin): MetricAlarmDefinition {
  const comparison = str(props, 'ComparisonOperator');
  if (!comparison || !(COMPARISON_OPERATORS as readonly string[]).includes(comparison)) {
    throw new AlarmDefinitionError(`ComparisonOperator must be one of ${COMPARISON_OPERATORS.join(', ')}, got ${comparison}`);
  }
  const evaluationPeriods = num(props, 'EvaluationPeriods');
  if (evaluationPeriods === undefined || !Number.isInteger(evaluationPeriods) || evaluationPeriods < 1) {
    throw new AlarmDefinitionError(`EvaluationPeriods must be an integer of at least 1, got ${props.EvaluationPeriods}`);
  }
  const datapointsToAlarm = num(props, 'DatapointsToAlarm') ?? evaluationPeriods;
  if (!Number.isInteger(datapointsToAlarm) || datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods) {
    throw new AlarmDefinitionError(`DatapointsToAlarm must be between 1 and EvaluationPeriods (${evaluationPeriods}), got ${datapointsToAlarm}`);
  }
  const treat = str(props, 'TreatMissingData') ?? 'missing';
  if (!(TREAT_MISSING_DATA as readonly string[]).includes(treat)) {
    throw new AlarmDefinitionError(`TreatMissingData must be one of ${TREAT_MISSING_DATA.join(', ')}, got ${treat}`);
  }
  const lowSample = str(props, 'EvaluateLowSampleCountPercentile');
  if (lowSample !== undefined && lowSample !== 'evaluate' && lowSample !== 'ignore') {
    throw new AlarmDefinitionError(`EvaluateLowSampleCountPercentile must be evaluate or ignore, got ${lowSample}`);
  }
  const threshold = num(props, 'Threshold');
  const thresholdMetricId = str(props, 'ThresholdMetricId');
  const base = {
    kind: 'metric' as const,
    ...common(props, name, arn, origin),
    comparisonOperator: comparison as ComparisonOperator,
    evaluationPeriods,
    datapointsToAlarm,
    treatMissingData: treat as TreatMissingData,
    evaluateLowSampleCountPercentile: lowSample as 'evaluate' | 'ignore' | undefined,
  };
  const anomalyOperator = comparison.includes('Lower') || comparison.includes('Upper');
  if (props.Metrics !== undefined) {
    if (props.MetricName !== undefined || props.Statistic !== undefined || props.ExtendedStatistic !== undefined) {
      throw new AlarmDefinitionError('Metrics cannot be combined with MetricName, Statistic or ExtendedStatistic');
    }
    const metrics = queries(props.Metrics);
    if (metrics.filter((q) => q.returnData ?? true).length !== 1 && thresholdMetricId === undefined) {
      throw new AlarmDefinitionError('Exactly one element of Metrics must have ReturnData set to true');
    }
    if (thresholdMetricId !== undefined || anomalyOperator) {
      return { ...base, metrics, thresholdMetricId, notEvaluated: 'anomaly detection alarms are not evaluated by the simulator' };
    }
    if (threshold === undefined) throw new AlarmDefinitionError('Threshold is required');
    return { ...base, metrics, threshold };
  }
  if (anomalyOperator || thresholdMetricId !== undefined) {
    throw new AlarmDefinitionError(`${comparison} needs Metrics with an anomaly detection band and ThresholdMetricId`);
  }
  const metricName = str(props, 'MetricName');
  const namespace = str(props, 'Namespace');
  const period = num(props, 'Period');
  if (!metricName || !namespace || period === undefined) throw new AlarmDefinitionError('MetricName, Namespace and Period are required (or Metrics)');
  checkPeriod(period, 'Period');
  if (period * evaluationPeriods > 86_400 * 7) throw new AlarmDefinitionError('Period × EvaluationPeriods must not exceed one week');
  const statistic = str(props, 'Statistic');
  const extendedStatistic = str(props, 'ExtendedStatistic');
  if ((statistic === undefined) === (extendedStatistic === undefined)) throw new AlarmDefinitionError('Exactly one of Statistic and ExtendedStatistic is required');
  const stat = statistic ?? extendedStatistic!;
  const parsed = parseStatistic(stat);
  if (!parsed || (statistic !== undefined && parsed.kind !== 'basic') || (extendedStatistic !== undefined && parsed.kind === 'basic')) {
    throw new AlarmDefinitionError(`${statistic !== undefined ? 'Statistic' : 'ExtendedStatistic'} ${stat} is not valid`);
  }
  if (threshold === undefined) throw new AlarmDefinitionError('Threshold is required');
  return {
    ...base,
    threshold,
    metric: { namespace, metricName, dimensions: dimensions(props.Dimensions, 'Dimensions'), period, statistic, extendedStatistic, unit: str(props, 'Unit') as MetricUnit | undefined },
  };
}

/** Reads an `AWS::CloudWatch::CompositeAlarm`'s properties. */
export function compositeAlarmFrom(props: Props, name: string, arn: string, origin?: AlarmOrigin): CompositeAlarmDefinition {
  const alarmRule = str(props, 'AlarmRule');
  if (!alarmRule) throw new AlarmDefinitionError('AlarmRule is required');
  if (alarmRule.length > 10240) throw new AlarmDefinitionError('AlarmRule is longer than 10240 characters');
  return { kind: 'composite', ...common(props, name, arn, origin), alarmRule };
}

/**
 * The alarms of a simulation, evaluated on the simulator clock after every metric collection (once
 * a minute, as CloudWatch evaluates alarms, whatever their period). Each alarm keeps its state,
 * reason and history (configuration, state updates, actions). On a transition the actions of the
 * new state run when actions are enabled: SNS topics receive the notification CloudWatch would
 * publish (kept in `notifications`); other action types are recorded as not executed, since
 * nothing runs them locally.
 */
import { AlarmRule, evaluateRule, parseRule } from './composite-rule';
import type { AlarmDefinition, AlarmStateValue, CompositeAlarmDefinition, MetricAlarmDefinition } from './definition';
import { evaluate, EXTRA_PERIODS, RangePoint } from './evaluate';
import { metricStatSeries, runQueries } from '../metrics/query';
import { parseStatistic } from '../metrics/statistics';
import type { MetricStore } from '../metrics/store';

export type HistoryItemType = 'ConfigurationUpdate' | 'StateUpdate' | 'Action';

export interface AlarmHistoryItem {
  readonly alarmName: string;
  readonly alarmType: 'MetricAlarm' | 'CompositeAlarm';
  readonly timestamp: Date;
  readonly historyItemType: HistoryItemType;
  readonly historySummary: string;
  readonly historyData: string;
}

/** A message an alarm published to an SNS topic. */
export interface AlarmNotification {
  readonly topicArn: string;
  readonly timestamp: Date;
  readonly alarmName: string;
  readonly oldState: AlarmStateValue;
  readonly newState: AlarmStateValue;
  readonly reason: string;
  /** The JSON body CloudWatch sends to SNS. */
  readonly message: string;
}

export interface AlarmRecord {
  readonly definition: AlarmDefinition;
  state: AlarmStateValue;
  stateReason: string;
  stateReasonData?: string;
  stateUpdatedTimestamp: Date;
  stateTransitionedTimestamp: Date;
  readonly configurationUpdatedTimestamp: Date;
  actionsEnabled: boolean;
  readonly rule?: AlarmRule;
}

export interface AlarmEngineOptions {
  readonly store: MetricStore;
  /** Simulator time now, in ms. */
  readonly now: () => number;
  readonly account: string;
  readonly region: string;
}

const MAX_HISTORY = 10_000;

export class AlarmEngine {
  private readonly records = new Map<string, AlarmRecord>();
  private readonly historyItems: AlarmHistoryItem[] = [];
  public readonly notifications: AlarmNotification[] = [];
  private readonly listeners: ((record: AlarmRecord, oldState: AlarmStateValue) => void)[] = [];

  constructor(private readonly options: AlarmEngineOptions) {}

  /** Adds an alarm in INSUFFICIENT_DATA, as PutMetricAlarm creates it. */
  public add(definition: AlarmDefinition): AlarmRecord {
    if (this.records.has(definition.name)) throw new Error(`An alarm named ${definition.name} exists already`);
    const now = new Date(this.options.now());
    const record: AlarmRecord = {
      definition,
      state: 'INSUFFICIENT_DATA',
      stateReason: definition.kind === 'metric' && definition.notEvaluated
        ? `Not evaluated: ${definition.notEvaluated}.`
        : 'Unchecked: Initial alarm creation',
      stateUpdatedTimestamp: now,
      stateTransitionedTimestamp: now,
      configurationUpdatedTimestamp: now,
      actionsEnabled: definition.actionsEnabled,
      rule: definition.kind === 'composite' ? parseRule(definition.alarmRule) : undefined,
    };
    this.records.set(definition.name, record);
    this.record(record, 'ConfigurationUpdate', `Alarm "${definition.name}" created`, { version: '1.0', type: 'Create', createdAlarm: summaryOf(definition) });
    return record;
  }

  public get alarms(): readonly AlarmRecord[] {
    return [...this.records.values()];
  }

  public alarm(name: string): AlarmRecord | undefined {
    return this.records.get(name);
  }

  /** Called on every state change. */
  public onTransition(listener: (record: AlarmRecord, oldState: AlarmStateValue) => void): void {
    this.listeners.push(listener);
  }

  public history(): readonly AlarmHistoryItem[] {
    return this.historyItems;
  }

  /** Evaluates every metric alarm at `now`, then every composite alarm. */
  public evaluateAll(now: number = this.options.now()): void {
    for (const record of this.records.values()) {
      if (record.definition.kind === 'metric' && !record.definition.notEvaluated) this.evaluateMetricAlarm(record, record.definition, now);
    }
    for (const record of this.records.values()) {
      if (record.definition.kind === 'composite') this.evaluateComposite(record, record.definition, now);
    }
  }

  /** The datapoints of an alarm's evaluation range ending at `now`, oldest first. */
  public rangeOf(definition: MetricAlarmDefinition, now: number): { points: RangePoint[]; period: number } {
    const period = alarmPeriod(definition);
    const count = definition.evaluationPeriods + EXTRA_PERIODS;
    const start = now - count * period * 1000;
    const byTime = new Map<number, { value: number; sampleCount?: number }>();
    if (definition.metric) {
      const m = definition.metric;
      const series = metricStatSeries(this.options.store, {
        metric: { namespace: m.namespace, metricName: m.metricName, dimensions: m.dimensions },
        period: m.period,
        stat: m.statistic ?? m.extendedStatistic!,
        unit: m.unit,
      }, start, now);
      series.timestamps.forEach((t, i) => byTime.set(t, { value: series.values[i], sampleCount: series.sampleCounts[i] }));
    } else if (definition.metrics) {
      const results = runQueries(this.options.store, definition.metrics, start, now);
      const returned = results.find((r) => r.returnData);
      returned?.timestamps.forEach((t, i) => byTime.set(t, { value: returned.values[i], sampleCount: returned.sampleCounts?.[i] }));
    }
    const points: RangePoint[] = [];
    for (let i = 0; i < count; i++) {
      const timestamp = start + i * period * 1000;
      const found = byTime.get(timestamp);
      points.push(found ? { timestamp, value: found.value, sampleCount: found.sampleCount } : { timestamp });
    }
    return { points, period };
  }

  private evaluateMetricAlarm(record: AlarmRecord, definition: MetricAlarmDefinition, now: number): void {
    const { points, period } = this.rangeOf(definition, now);
    if (lowSampleCount(definition, points)) return;
    const outcome = evaluate({
      points,
      evaluationPeriods: definition.evaluationPeriods,
      datapointsToAlarm: definition.datapointsToAlarm,
      comparisonOperator: definition.comparisonOperator,
      threshold: definition.threshold!,
      treatMissingData: definition.treatMissingData,
      current: record.state,
    });
    if (outcome.state === record.state) return;
    const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');
    const reasonData = JSON.stringify({
      version: '1.0',
      queryDate: iso(now),
      startDate: iso(points[0]?.timestamp ?? now),
      statistic: definition.metric?.statistic,
      unit: definition.metric?.unit,
      period,
      recentDatapoints: points.filter((p) => p.value !== undefined).slice(-definition.evaluationPeriods).map((p) => p.value),
      threshold: definition.threshold,
      evaluatedDatapoints: [...outcome.evaluated].reverse().map((p) => ({ timestamp: iso(p.timestamp), sampleCount: p.sampleCount, value: p.value })),
    });
    this.transition(record, outcome.state, outcome.reason, reasonData, now);
  }

  private evaluateComposite(record: AlarmRecord, definition: CompositeAlarmDefinition, now: number): void {
    const stateOf = (ref: string) => (this.records.get(ref) ?? [...this.records.values()].find((r) => r.definition.arn === ref))?.state;
    const holds = evaluateRule(record.rule!, stateOf);
    const target: AlarmStateValue = holds ? 'ALARM' : 'OK';
    if (target === record.state) return;
    this.transition(record, target, `The alarm rule is ${holds ? 'true' : 'false'}: ${definition.alarmRule}`, undefined, now);
  }

  /** SetAlarmState: the state until the next evaluation says otherwise. */
  public setState(name: string, state: AlarmStateValue, reason: string, reasonData?: string): void {
    const record = this.records.get(name);
    if (!record) throw new Error(`alarm ${name} does not exist`);
    if (record.state === state) {
      record.stateReason = reason;
      record.stateReasonData = reasonData;
      record.stateUpdatedTimestamp = new Date(this.options.now());
      return;
    }
    this.transition(record, state, reason, reasonData, this.options.now());
    // Composite alarms follow their children at once.
    for (const other of this.records.values()) {
      if (other.definition.kind === 'composite') this.evaluateComposite(other, other.definition, this.options.now());
    }
  }

  public setActionsEnabled(name: string, enabled: boolean): void {
    const record = this.records.get(name);
    if (record) record.actionsEnabled = enabled;
  }

  private transition(record: AlarmRecord, state: AlarmStateValue, reason: string, reasonData: string | undefined, now: number): void {
    const old = record.state;
    const oldReason = record.stateReason;
    const date = new Date(now);
    record.state = state;
    record.stateReason = reason;
    record.stateReasonData = reasonData;
    record.stateUpdatedTimestamp = date;
    record.stateTransitionedTimestamp = date;
    this.record(record, 'StateUpdate', `Alarm updated from ${old} to ${state}`, {
      version: '1.0',
      oldState: { stateValue: old, stateReason: oldReason },
      newState: { stateValue: state, stateReason: reason, stateReasonData: reasonData === undefined ? undefined : JSON.parse(reasonData) },
    });
    if (record.actionsEnabled) this.runActions(record, old, date);
    for (const listener of this.listeners) listener(record, old);
  }

  private runActions(record: AlarmRecord, old: AlarmStateValue, date: Date): void {
    const d = record.definition;
    const actions = record.state === 'ALARM' ? d.alarmActions : record.state === 'OK' ? d.okActions : d.insufficientDataActions;
    for (const action of actions) {
      if (!/^arn:[^:]+:sns:/.test(action)) {
        this.record(record, 'Action', `Failed to execute action ${action}. Received error: "the simulator delivers SNS notifications only"`,
          { actionState: 'Failed', stateUpdateTimestamp: date.getTime(), notificationResource: action, error: 'the simulator delivers SNS notifications only' });
        continue;
      }
      const message = this.notificationMessage(record, old, date);
      this.notifications.push({
        topicArn: action, timestamp: date, alarmName: d.name, oldState: old, newState: record.state, reason: record.stateReason, message,
      });
      this.record(record, 'Action', `Successfully executed action ${action}`, {
        actionState: 'Succeeded', stateUpdateTimestamp: date.getTime(), notificationResource: action, publishedMessage: message,
      });
    }
  }

  private notificationMessage(record: AlarmRecord, old: AlarmStateValue, date: Date): string {
    const d = record.definition;
    const trigger = d.kind === 'metric' && d.metric ? {
      MetricName: d.metric.metricName,
      Namespace: d.metric.namespace,
      StatisticType: d.metric.statistic ? 'Statistic' : 'ExtendedStatistic',
      Statistic: (d.metric.statistic ?? d.metric.extendedStatistic ?? '').toUpperCase(),
      Unit: d.metric.unit ?? null,
      Dimensions: d.metric.dimensions.map((x) => ({ value: x.value, name: x.name })),
      Period: d.metric.period,
      EvaluationPeriods: d.evaluationPeriods,
      DatapointsToAlarm: d.datapointsToAlarm,
      ComparisonOperator: d.comparisonOperator,
      Threshold: d.threshold,
      TreatMissingData: d.treatMissingData,
      EvaluateLowSampleCountPercentile: d.evaluateLowSampleCountPercentile ?? '',
    } : undefined;
    return JSON.stringify({
      AlarmName: d.name,
      AlarmDescription: d.description ?? null,
      AWSAccountId: this.options.account,
      AlarmConfigurationUpdatedTimestamp: record.configurationUpdatedTimestamp.toISOString().replace('Z', '+0000'),
      NewStateValue: record.state,
      NewStateReason: record.stateReason,
      StateChangeTime: date.toISOString().replace('Z', '+0000'),
      Region: this.options.region,
      AlarmArn: d.arn,
      OldStateValue: old,
      OKActions: d.okActions,
      AlarmActions: d.alarmActions,
      InsufficientDataActions: d.insufficientDataActions,
      ...(trigger ? { Trigger: trigger } : { AlarmRule: d.kind === 'composite' ? d.alarmRule : undefined }),
    });
  }

  private record(record: AlarmRecord, type: HistoryItemType, summary: string, data: unknown): void {
    this.historyItems.push({
      alarmName: record.definition.name,
      alarmType: record.definition.kind === 'metric' ? 'MetricAlarm' : 'CompositeAlarm',
      timestamp: new Date(this.options.now()),
      historyItemType: type,
      historySummary: summary,
      historyData: JSON.stringify(data),
    });
    if (this.historyItems.length > MAX_HISTORY) this.historyItems.shift();
  }
}

/** The period a metric alarm evaluates (seconds). */
export function alarmPeriod(definition: MetricAlarmDefinition): number {
  if (definition.metric) return definition.metric.period;
  const returned = definition.metrics?.find((q) => q.returnData ?? true);
  return returned?.metricStat?.period ?? returned?.period ?? definition.metrics?.find((q) => q.metricStat)?.metricStat?.period ?? 60;
}

/**
 * `EvaluateLowSampleCountPercentile: ignore`: a percentile from too few samples (fewer than
 * 10 / (1 − p)) does not change the state.
 */
function lowSampleCount(definition: MetricAlarmDefinition, points: readonly RangePoint[]): boolean {
  if (definition.evaluateLowSampleCountPercentile !== 'ignore' || !definition.metric?.extendedStatistic) return false;
  const stat = parseStatistic(definition.metric.extendedStatistic);
  if (stat?.kind !== 'percentile' || stat.p >= 100) return false;
  const needed = 10 / (1 - stat.p / 100);
  return points.slice(-definition.evaluationPeriods).some((p) => p.sampleCount !== undefined && p.sampleCount < needed);
}

function summaryOf(definition: AlarmDefinition): Record<string, unknown> {
  if (definition.kind === 'composite') return { alarmName: definition.name, alarmRule: definition.alarmRule };
  return {
    alarmName: definition.name,
    namespace: definition.metric?.namespace,
    metricName: definition.metric?.metricName,
    dimensions: definition.metric?.dimensions,
    statistic: definition.metric?.statistic ?? definition.metric?.extendedStatistic,
    period: definition.metric?.period,
    evaluationPeriods: definition.evaluationPeriods,
    datapointsToAlarm: definition.datapointsToAlarm,
    threshold: definition.threshold,
    comparisonOperator: definition.comparisonOperator,
    treatMissingData: definition.treatMissingData,
  };
}

/**
 * The CloudWatch operations the simulator answers, over its metric store and alarm engine:
 * GetMetricData, GetMetricStatistics, ListMetrics, PutMetricData, DescribeAlarms,
 * DescribeAlarmsForMetric, DescribeAlarmHistory, SetAlarmState, Enable/DisableAlarmActions,
 * ListDashboards and GetDashboard. Inputs and outputs use the API's member names; timestamps are
 * Dates (the JSON endpoint turns them into epoch seconds, the integ runner hands them on as the
 * SDK would).
 */
import { CW_ERRORS } from './errors';
import { dimensionShapes, Input } from './input';
import type { AlarmEngine, AlarmRecord, HistoryItemType } from '../alarms/alarm-engine';
import type { AlarmStateValue } from '../alarms/definition';
import { alignStart, DataQuerySpec, QueryError, runQueries } from '../metrics/query';
import { parseStatistic, statisticOf } from '../metrics/statistics';
import type { MetricStore } from '../metrics/store';
import type { MetricUnit } from '../metrics/types';

/** A dashboard of the template. */
export interface DashboardRecord {
  readonly name: string;
  readonly arn: string;
  readonly body: string;
  readonly lastModified: Date;
}

export interface CloudWatchApiOptions {
  readonly store: MetricStore;
  readonly alarms: AlarmEngine;
  readonly dashboards: readonly DashboardRecord[];
  /** Simulator time now (ms). */
  readonly now: () => number;
}

const STATES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;
const ALARM_TYPES = ['CompositeAlarm', 'MetricAlarm'] as const;
const HISTORY_TYPES = ['ConfigurationUpdate', 'StateUpdate', 'Action', 'AlarmContributorStateUpdate', 'AlarmContributorAction'] as const;
const UNITS: readonly MetricUnit[] = [
  'Seconds', 'Microseconds', 'Milliseconds', 'Bytes', 'Kilobytes', 'Megabytes', 'Gigabytes', 'Terabytes', 'Bits', 'Kilobits',
  'Megabits', 'Gigabits', 'Terabits', 'Percent', 'Count', 'Bytes/Second', 'Kilobytes/Second', 'Megabytes/Second',
  'Gigabytes/Second', 'Terabytes/Second', 'Bits/Second', 'Kilobits/Second', 'Megabits/Second', 'Gigabits/Second',
  'Terabits/Second', 'Count/Second', 'None',
];
const MAX_STATISTICS_DATAPOINTS = 1440;
const LIST_METRICS_PAGE = 500;

/** Pagination tokens: an opaque offset. */
function pageOf<T>(items: readonly T[], token: string | undefined, size: number): { page: T[]; next?: string } {
  let offset = 0;
  if (token !== undefined) {
    const decoded = /^o(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
    if (!decoded) throw CW_ERRORS.invalidNextToken();
    offset = Number(decoded[1]);
  }
  const page = items.slice(offset, offset + size);
  const nextOffset = offset + size;
  return { page, next: nextOffset < items.length ? Buffer.from(`o${nextOffset}`).toString('base64') : undefined };
}

function checkRange(start: number, end: number): void {
  if (start >= end) throw CW_ERRORS.invalidValue('The parameter StartTime must be less than the parameter EndTime.');
}

export class CloudWatchApi {
  constructor(private readonly options: CloudWatchApiOptions) {}

  private get store(): MetricStore {
    return this.options.store;
  }

  public GetMetricStatistics(raw: Record<string, unknown>): unknown {
    const input = new Input(raw);
    const namespace = input.requiredString('Namespace');
    const metricName = input.requiredString('MetricName');
    const dimensions = input.dimensions('Dimensions') as { name: string; value: string }[];
    const start = input.requiredTimestamp('StartTime');
    const end = input.requiredTimestamp('EndTime');
    const period = input.integer('Period', 1, 86_400 * 455);
    if (period === undefined) throw CW_ERRORS.missing('Period');
    if (!([1, 5, 10, 20, 30].includes(period) || period % 60 === 0)) throw CW_ERRORS.invalidValue('The parameter Period must be 1, 5, 10, 20, 30, or a multiple of 60.');
    checkRange(start, end);
    const statistics = input.strings('Statistics') ?? [];
    const extended = input.strings('ExtendedStatistics') ?? [];
    if (statistics.length === 0 && extended.length === 0) throw CW_ERRORS.invalidCombination('Must specify either Statistics or ExtendedStatistics');
    if (statistics.length + extended.length > 10) throw CW_ERRORS.invalidValue('At most 10 statistics can be requested at once.');
    for (const s of statistics) {
      const parsed = parseStatistic(s);
      if (parsed?.kind !== 'basic') throw CW_ERRORS.invalidValue(`The value ${s} for parameter Statistics is not valid.`);
    }
    for (const s of extended) {
      const parsed = parseStatistic(s);
      if (!parsed || parsed.kind === 'basic') throw CW_ERRORS.invalidValue(`The value ${s} for parameter ExtendedStatistics is not valid.`);
    }
    const unit = input.oneOf('Unit', UNITS);
    const from = alignStart(start);
    const requested = Math.ceil((end - from) / (period * 1000));
    if (requested > MAX_STATISTICS_DATAPOINTS) {
      throw CW_ERRORS.invalidCombination(`You have requested up to ${requested} datapoints, which exceeds the limit of ${MAX_STATISTICS_DATAPOINTS}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`);
    }
    const metric = { namespace, metricName, dimensions };
    const storedUnit = this.store.unitOf(metric);
    const datapoints: Record<string, unknown>[] = [];
    if (unit === undefined || storedUnit === undefined || unit === storedUnit) {
      for (const p of this.store.periods(metric, from, end, period * 1000)) {
        const point: Record<string, unknown> = { Timestamp: new Date(p.timestamp), Unit: storedUnit };
        for (const s of statistics) point[s] = statisticOf(parseStatistic(s)!, p.aggregate);
        if (extended.length > 0) {
          const values: Record<string, number> = {};
          for (const s of extended) {
            const v = statisticOf(parseStatistic(s)!, p.aggregate);
            if (v !== undefined) values[s] = v;
          }
          point.ExtendedStatistics = values;
        }
        datapoints.push(point);
      }
    }
    return { Label: metricName, Datapoints: datapoints };
  }

  public GetMetricData(raw: Record<string, unknown>): unknown {
    const input = new Input(raw);
    const start = input.requiredTimestamp('StartTime');
    const end = input.requiredTimestamp('EndTime');
    checkRange(start, end);
    const scanBy = input.oneOf('ScanBy', ['TimestampDescending', 'TimestampAscending'] as const) ?? 'TimestampDescending';
    const max = input.integer('MaxDatapoints', 1, 100_800) ?? 100_800;
    const queries = (input.list('MetricDataQueries') ?? []).map((q) => queryOf(q));
    if (queries.length > 500) throw CW_ERRORS.invalidValue('The collection MetricDataQueries must not have more than 500 members.');
    let results;
    try {
      results = runQueries(this.store, queries, start, end);
    } catch (err) {
      if (err instanceof QueryError) throw CW_ERRORS.validation(err.message);
      throw err;
    }
    let budget = max;
    const out = results.filter((r) => r.returnData).map((r) => {
      const order = r.timestamps.map((_, i) => i);
      if (scanBy === 'TimestampDescending') order.reverse();
      const kept = order.slice(0, Math.max(0, budget));
      budget -= kept.length;
      const partial = kept.length < order.length;
      return {
        Id: r.id,
        Label: r.label,
        Timestamps: kept.map((i) => new Date(r.timestamps[i])),
        Values: kept.map((i) => r.values[i]),
        StatusCode: partial ? 'PartialData' : r.statusCode,
        Messages: r.messages.map((m) => ({ Code: m.code, Value: m.value })),
      };
    });
    return { MetricDataResults: out, Messages: [] };
  }

  public ListMetrics(raw: Record<string, unknown>): unknown {
    const input = new Input(raw);
    const recentlyActive = input.oneOf('RecentlyActive', ['PT3H'] as const);
    const metrics = this.store.list({
      namespace: input.string('Namespace'),
      metricName: input.string('MetricName'),
      dimensions: input.dimensions('Dimensions', true),
      activeSince: recentlyActive ? this.options.now() - 3 * 3600 * 1000 : undefined,
    });
    const { page, next } = pageOf(metrics, input.string('NextToken'), LIST_METRICS_PAGE);
    return {
      Metrics: page.map((m) => ({ Namespace: m.namespace, MetricName: m.metricName, Dimensions: dimensionShapes(m.dimensions) })),
      NextToken: next,
    };
  }

  public PutMetricData(raw: Record<string, unknown>): unknown {
    const input = new Input(raw);
    const namespace = input.requiredString('Namespace');
    if (/^AWS\//.test(namespace)) throw CW_ERRORS.invalidValue(`The value ${namespace} for parameter Namespace is invalid: namespaces starting with AWS/ are reserved.`);
    const data = input.list('MetricData') ?? [];
    if (data.length === 0) throw CW_ERRORS.missing('MetricData');
    if (data.length > 1000) throw CW_ERRORS.invalidValue('The collection MetricData must not have more than 1000 members.');
    data.forEach((d, i) => {
      const metricName = d.requiredString('MetricName');
      const dimensions = d.dimensions('Dimensions') as { name: string; value: string }[];
      const unit = d.oneOf('Unit', UNITS) ?? 'None';
      const timestamp = d.timestamp('Timestamp') ?? this.options.now();
      const base = { namespace, metricName, dimensions, unit, timestamp };
      const stats = d.struct('StatisticValues');
      const values = d.numbers('Values');
      if (stats) {
        this.store.put({ ...base, statistics: { sum: req(stats, 'Sum'), count: req(stats, 'SampleCount'), min: req(stats, 'Minimum'), max: req(stats, 'Maximum') } });
      } else if (values !== undefined) {
        const counts = d.numbers('Counts') ?? [];
        if (counts.length > 0 && counts.length !== values.length) throw CW_ERRORS.invalidCombination('Values and Counts must have the same number of members.');
        const expanded: number[] = [];
        values.forEach((v, k) => { for (let n = 0; n < (counts[k] ?? 1); n++) expanded.push(v); });
        this.store.put({ ...base, values: expanded });
      } else {
        const value = d.number('Value');
        if (value === undefined) throw CW_ERRORS.missing(`MetricData.member.${i + 1}.Value`);
        this.store.put({ ...base, value });
      }
    });
    return {};
  }

  public DescribeAlarms(raw: Record<string, unknown>): unknown {
    const input = new Input(raw);
    const names = input.strings('AlarmNames');
    const prefix = input.string('AlarmNamePrefix');
    if (names && prefix !== undefined) throw CW_ERRORS.invalidCombination('AlarmNames and AlarmNamePrefix cannot be used together.');
    const types = input.strings('AlarmTypes') ?? ['MetricAlarm'];
    for (const t of types) if (!(ALARM_TYPES as readonly string[]).includes(t)) throw CW_ERRORS.invalidValue(`The value ${t} for parameter AlarmTypes is not valid.`);
    const state = input.oneOf('StateValue', STATES);
    const actionPrefix = input.string('ActionPrefix');
    const max = input.integer('MaxRecords', 1, 100) ?? 50;
    const children = input.string('ChildrenOfAlarmName');
    const parents = input.string('ParentsOfAlarmName');
    let records = this.options.alarms.alarms.filter((r) => {
      const d = r.definition;
      if (names && !names.includes(d.name)) return false;
      if (prefix !== undefined && !d.name.startsWith(prefix)) return false;
      if (state && r.state !== state) return false;
      const actions = [...d.alarmActions, ...d.okActions, ...d.insufficientDataActions];
      if (actionPrefix !== undefined && !actions.some((a) => a.startsWith(actionPrefix))) return false;
      return types.includes(d.kind === 'metric' ? 'MetricAlarm' : 'CompositeAlarm');
    });
    if (children !== undefined) {
      const parent = this.options.alarms.alarm(children);
      const rule = parent?.definition.kind === 'composite' ? parent.definition.alarmRule : '';
      records = records.filter((r) => rule.includes(r.definition.name) || rule.includes(r.definition.arn));
    }
    if (parents !== undefined) {
      const child = this.options.alarms.alarm(parents);
      records = records.filter((r) => r.definition.kind === 'composite' && child !== undefined
        && (r.definition.alarmRule.includes(child.definition.name) || r.definition.alarmRule.includes(child.definition.arn)));
    }
    records.sort((a, b) => (a.definition.name < b.definition.name ? -1 : 1));
    const { page, next } = pageOf(records, input.string('NextToken'), max);
    return {
      MetricAlarms: page.filter((r) => r.definition.kind === 'metric').map(metricAlarmShape),
      CompositeAlarms: page.filter((r) => r.definition.kind === 'composite').map(compositeAlarmShape),
      NextToken: next,
    };
  }

  public DescribeAlarmsForMetric(raw: Record<string, unknown>): unknown {
    const input = new Input(raw);
    const namespace = input.requiredString('Namespace');
    const metricName = input.requiredString('MetricName');
    const dims = input.dimensions('Dimensions') as { name: string; value: string }[];
    const statistic = input.string('Statistic');
    const extended = input.string('ExtendedStatistic');
    const period = input.number('Period');
    const unit = input.string('Unit');
    const key = (list: readonly { name: string; value: string }[]) => list.map((d) => `${d.name}=${d.value}`).sort().join(',');
    const matches = this.options.alarms.alarms.filter((r) => {
      const m = r.definition.kind === 'metric' ? r.definition.metric : undefined;
      if (!m || m.namespace !== namespace || m.metricName !== metricName) return false;
      if (dims.length > 0 && key(dims) !== key(m.dimensions)) return false;
      if (statistic !== undefined && m.statistic !== statistic) return false;
      if (extended !== undefined && m.extendedStatistic !== extended) return false;
      if (period !== undefined && m.period !== period) return false;
      return unit === undefined || m.unit === unit;
    });
    return { MetricAlarms: matches.map(metricAlarmShape) };
  }

  public DescribeAlarmHistory(raw: Record<string, unknown>): unknown {
    const input = new Input(raw);
    const name = input.string('AlarmName');
    const types = input.strings('AlarmTypes') ?? ['MetricAlarm'];
    for (const t of types) if (!(ALARM_TYPES as readonly string[]).includes(t)) throw CW_ERRORS.invalidValue(`The value ${t} for parameter AlarmTypes is not valid.`);
    const itemType = input.oneOf('HistoryItemType', HISTORY_TYPES);
    const start = input.timestamp('StartDate');
    const end = input.timestamp('EndDate');
    const max = input.integer('MaxRecords', 1, 100) ?? 100;
    const scanBy = input.oneOf('ScanBy', ['TimestampDescending', 'TimestampAscending'] as const) ?? 'TimestampDescending';
    const items = this.options.alarms.history().filter((h) => {
      if (name !== undefined && h.alarmName !== name) return false;
      if (!types.includes(h.alarmType)) return false;
      if (itemType !== undefined && h.historyItemType !== (itemType as HistoryItemType)) return false;
      if (start !== undefined && h.timestamp.getTime() < start) return false;
      return end === undefined || h.timestamp.getTime() <= end;
    });
    const ordered = scanBy === 'TimestampDescending' ? [...items].reverse() : items;
    const { page, next } = pageOf(ordered, input.string('NextToken'), max);
    return {
      AlarmHistoryItems: page.map((h) => ({
        AlarmName: h.alarmName,
        AlarmType: h.alarmType,
        Timestamp: h.timestamp,
        HistoryItemType: h.historyItemType,
        HistorySummary: h.historySummary,
        HistoryData: h.historyData,
      })),
      NextToken: next,
    };
  }

  public SetAlarmState(raw: Record<string, unknown>): unknown {
    const input = new Input(raw);
    const name = input.requiredString('AlarmName');
    const state = input.oneOf('StateValue', STATES);
    if (state === undefined) throw CW_ERRORS.missing('StateValue');
    const reason = input.requiredString('StateReason');
    if (reason.length > 1023) throw CW_ERRORS.invalidValue('The parameter StateReason must not be longer than 1023 characters.');
    const reasonData = input.string('StateReasonData');
    if (reasonData !== undefined) {
      try {
        JSON.parse(reasonData);
      } catch {
        throw CW_ERRORS.invalidFormat('The parameter StateReasonData is not valid JSON.');
      }
    }
    if (!this.options.alarms.alarm(name)) throw CW_ERRORS.notFound(`Alarm ${name} not found`);
    this.options.alarms.setState(name, state as AlarmStateValue, reason, reasonData);
    return {};
  }

  public EnableAlarmActions(raw: Record<string, unknown>): unknown {
    for (const name of new Input(raw).strings('AlarmNames') ?? []) this.options.alarms.setActionsEnabled(name, true);
    return {};
  }

  public DisableAlarmActions(raw: Record<string, unknown>): unknown {
    for (const name of new Input(raw).strings('AlarmNames') ?? []) this.options.alarms.setActionsEnabled(name, false);
    return {};
  }

  public ListDashboards(raw: Record<string, unknown>): unknown {
    const prefix = new Input(raw).string('DashboardNamePrefix') ?? '';
    return {
      DashboardEntries: this.options.dashboards.filter((d) => d.name.startsWith(prefix)).map((d) => ({
        DashboardName: d.name, DashboardArn: d.arn, LastModified: d.lastModified, Size: Buffer.byteLength(d.body),
      })),
    };
  }

  public GetDashboard(raw: Record<string, unknown>): unknown {
    const name = new Input(raw).requiredString('DashboardName');
    const dashboard = this.options.dashboards.find((d) => d.name === name);
    if (!dashboard) throw CW_ERRORS.dashboardNotFound(name);
    return { DashboardArn: dashboard.arn, DashboardBody: dashboard.body, DashboardName: dashboard.name };
  }

  /** Operation name → handler, for the JSON endpoint and the integ runner. */
  public operations(): Record<string, (input: Record<string, unknown>) => unknown> {
    const names = ['GetMetricStatistics', 'GetMetricData', 'ListMetrics', 'PutMetricData', 'DescribeAlarms', 'DescribeAlarmsForMetric',
      'DescribeAlarmHistory', 'SetAlarmState', 'EnableAlarmActions', 'DisableAlarmActions', 'ListDashboards', 'GetDashboard'] as const;
    return Object.fromEntries(names.map((n) => [n, (input: Record<string, unknown>) => this[n](input)]));
  }
}

function req(input: Input, name: string): number {
  const v = input.number(name);
  if (v === undefined) throw CW_ERRORS.missing(name);
  return v;
}

function queryOf(q: Input): DataQuerySpec {
  const stat = q.struct('MetricStat');
  const base = { id: q.requiredString('Id'), label: q.string('Label'), returnData: q.boolean('ReturnData'), period: q.number('Period') };
  if (!stat) return { ...base, expression: q.string('Expression') };
  const metric = stat.struct('Metric');
  if (!metric) throw CW_ERRORS.missing('MetricStat.Metric');
  const period = stat.number('Period');
  if (period === undefined) throw CW_ERRORS.missing('MetricStat.Period');
  return {
    ...base,
    expression: q.string('Expression'),
    metricStat: {
      metric: { namespace: metric.requiredString('Namespace'), metricName: metric.requiredString('MetricName'), dimensions: metric.dimensions('Dimensions') as { name: string; value: string }[] },
      period,
      stat: stat.requiredString('Stat'),
      unit: stat.string('Unit'),
    },
  };
}

function common(r: AlarmRecord) {
  const d = r.definition;
  return {
    AlarmName: d.name,
    AlarmArn: d.arn,
    AlarmDescription: d.description,
    AlarmConfigurationUpdatedTimestamp: r.configurationUpdatedTimestamp,
    ActionsEnabled: r.actionsEnabled,
    OKActions: [...d.okActions],
    AlarmActions: [...d.alarmActions],
    InsufficientDataActions: [...d.insufficientDataActions],
    StateValue: r.state,
    StateReason: r.stateReason,
    StateReasonData: r.stateReasonData,
    StateUpdatedTimestamp: r.stateUpdatedTimestamp,
    StateTransitionedTimestamp: r.stateTransitionedTimestamp,
  };
}

function metricAlarmShape(r: AlarmRecord): Record<string, unknown> {
  const d = r.definition;
  if (d.kind !== 'metric') throw new Error('not a metric alarm');
  const m = d.metric;
  return {
    ...common(r),
    MetricName: m?.metricName,
    Namespace: m?.namespace,
    Statistic: m?.statistic,
    ExtendedStatistic: m?.extendedStatistic,
    Dimensions: m ? dimensionShapes(m.dimensions) : [],
    Period: m?.period,
    Unit: m?.unit,
    EvaluationPeriods: d.evaluationPeriods,
    DatapointsToAlarm: d.datapointsToAlarm,
    Threshold: d.threshold,
    ComparisonOperator: d.comparisonOperator,
    TreatMissingData: d.treatMissingData,
    EvaluateLowSampleCountPercentile: d.evaluateLowSampleCountPercentile,
    Metrics: d.metrics?.map((q) => ({
      Id: q.id,
      Label: q.label,
      ReturnData: q.returnData ?? true,
      Expression: q.expression,
      Period: q.period,
      MetricStat: q.metricStat ? {
        Metric: {
          Namespace: q.metricStat.metric.namespace,
          MetricName: q.metricStat.metric.metricName,
          Dimensions: dimensionShapes(q.metricStat.metric.dimensions),
        },
        Period: q.metricStat.period,
        Stat: q.metricStat.stat,
        Unit: q.metricStat.unit,
      } : undefined,
    })),
    ThresholdMetricId: d.thresholdMetricId,
  };
}

function compositeAlarmShape(r: AlarmRecord): Record<string, unknown> {
  const d = r.definition;
  return { ...common(r), AlarmRule: d.kind === 'composite' ? d.alarmRule : undefined };
}

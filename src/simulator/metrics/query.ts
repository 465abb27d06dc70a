/**
 * Metric data queries as GetMetricData and metric-math alarms run them: each query is a metric
 * statistic (metric, period, stat, unit) or an expression over other queries; every query's
 * result is a series of (timestamp, value) per period. Periods start at the query's start time,
 * rounded down to the minute.
 */
import { evaluateExpression, MathError, MathValue, referencedIds } from './math';
import { parseStatistic, statisticOf } from './statistics';
import type { MetricStore } from './store';
import type { MetricId, MetricUnit } from './types';

export interface MetricStatSpec {
  readonly metric: MetricId;
  /** Seconds. */
  readonly period: number;
  readonly stat: string;
  readonly unit?: MetricUnit | string;
}

export interface DataQuerySpec {
  readonly id: string;
  readonly metricStat?: MetricStatSpec;
  readonly expression?: string;
  readonly label?: string;
  /** @default true */
  readonly returnData?: boolean;
  /** Period of an expression's own grid (seconds). */
  readonly period?: number;
}

export interface QueryResult {
  readonly id: string;
  readonly label: string;
  /** Milliseconds, ascending. */
  readonly timestamps: number[];
  readonly values: number[];
  /** Sample counts per timestamp (metric statistics only). */
  readonly sampleCounts?: number[];
  readonly statusCode: 'Complete' | 'InternalError';
  readonly messages: { readonly code: string; readonly value: string }[];
  readonly returnData: boolean;
}

/** A query CloudWatch would refuse (InvalidParameterValue / ValidationError). */
export class QueryError extends Error {}

const ID = /^[a-z][a-zA-Z0-9_]*$/;
const VALID_PERIOD = (p: number) => Number.isInteger(p) && p > 0 && ([1, 5, 10, 20, 30].includes(p) || p % 60 === 0);

/** The start of the first period: the start time rounded down to the minute. */
export function alignStart(startMs: number): number {
  return startMs - (((startMs % 60_000) + 60_000) % 60_000);
}

/** Values of one metric statistic per period in `[start, end)`. */
export function metricStatSeries(
  store: MetricStore, spec: MetricStatSpec, startMs: number, endMs: number,
): { timestamps: number[]; values: number[]; sampleCounts: number[] } {
  const stat = parseStatistic(spec.stat);
  if (!stat) throw new QueryError(`The value ${spec.stat} for parameter MetricStat.Stat is not a valid statistic.`);
  if (!VALID_PERIOD(spec.period)) throw new QueryError(`The parameter MetricStat.Period must be 1, 5, 10, 20, 30, or a multiple of 60 (got ${spec.period}).`);
  if (spec.unit !== undefined && store.unitOf(spec.metric) !== undefined && store.unitOf(spec.metric) !== spec.unit) {
    return { timestamps: [], values: [], sampleCounts: [] };
  }
  const timestamps: number[] = [];
  const values: number[] = [];
  const sampleCounts: number[] = [];
  for (const period of store.periods(spec.metric, startMs, endMs, spec.period * 1000)) {
    const value = statisticOf(stat, period.aggregate);
    if (value === undefined || !Number.isFinite(value)) continue;
    timestamps.push(period.timestamp);
    values.push(value);
    sampleCounts.push(period.aggregate.count);
  }
  return { timestamps, values, sampleCounts };
}

/** Checks the query list as CloudWatch does before running it. */
export function validateQueries(queries: readonly DataQuerySpec[]): void {
  if (queries.length === 0) throw new QueryError('The parameter MetricDataQueries is required and must not be empty.');
  const ids = new Set<string>();
  for (const q of queries) {
    if (!ID.test(q.id)) throw new QueryError(`The value ${q.id} for parameter MetricDataQueries.member.Id is not valid: it must start with a lowercase letter and hold only letters, digits and underscores.`);
    if (ids.has(q.id)) throw new QueryError(`The value ${q.id} for parameter MetricDataQueries.member.Id is not unique.`);
    ids.add(q.id);
    if ((q.metricStat === undefined) === (q.expression === undefined)) {
      throw new QueryError(`Exactly one of MetricStat and Expression must be set on MetricDataQuery ${q.id}.`);
    }
  }
  const byId = new Map(queries.map((q) => [q.id, q]));
  const visiting = new Set<string>();
  const visit = (q: DataQuerySpec): void => {
    if (!q.expression) return;
    if (visiting.has(q.id)) throw new QueryError(`Circular dependency between MetricDataQueries at ${q.id}.`);
    visiting.add(q.id);
    let refs: string[];
    try {
      refs = referencedIds(q.expression);
    } catch (err) {
      throw new QueryError(`Error in expression ${q.id}: ${(err as Error).message}`);
    }
    for (const ref of refs) {
      const target = byId.get(ref);
      if (!target && ref.toUpperCase() !== 'REPEAT') throw new QueryError(`Error in expression ${q.id}: Unrecognized metric or expression id ${ref}`);
      if (target) visit(target);
    }
    visiting.delete(q.id);
  };
  queries.forEach(visit);
}

/** Runs every query over `[start, end)`; expressions see the results of the queries they name. */
export function runQueries(store: MetricStore, queries: readonly DataQuerySpec[], startMs: number, endMs: number): QueryResult[] {
  validateQueries(queries);
  const start = alignStart(startMs);
  const byId = new Map(queries.map((q) => [q.id, q]));
  const results = new Map<string, QueryResult>();
  const defaultPeriod = queries.find((q) => q.metricStat)?.metricStat?.period ?? 60;

  const resultOf = (q: DataQuerySpec): QueryResult => {
    const done = results.get(q.id);
    if (done) return done;
    let result: QueryResult;
    const returnData = q.returnData ?? true;
    if (q.metricStat) {
      const series = metricStatSeries(store, q.metricStat, start, endMs);
      result = { id: q.id, label: q.label ?? q.metricStat.metric.metricName, ...series, statusCode: 'Complete', messages: [], returnData };
    } else {
      const period = q.period ?? defaultPeriod;
      const grid: number[] = [];
      for (let t = start; t < endMs; t += period * 1000) grid.push(t);
      const metricQueries = queries.filter((other) => other.metricStat);
      let value: MathValue;
      try {
        value = evaluateExpression(q.expression!, {
          series: (id) => {
            const target = byId.get(id);
            return target ? resultOf(target) : undefined;
          },
          metrics: () => metricQueries.map((m) => { const r = resultOf(m); return { label: r.label, series: r }; }),
          grid,
          periodSeconds: period,
        });
      } catch (err) {
        if (!(err instanceof MathError)) throw err;
        result = { id: q.id, label: q.label ?? q.id, timestamps: [], values: [], statusCode: 'InternalError', messages: [{ code: 'ExpressionError', value: err.message }], returnData };
        results.set(q.id, result);
        return result;
      }
      const series = asResultSeries(value, grid);
      result = { id: q.id, label: q.label ?? q.id, ...series, statusCode: 'Complete', messages: [], returnData };
    }
    results.set(q.id, result);
    return result;
  };
  return queries.map(resultOf);
}

/** A scalar result is the same value at every period; an array of series is refused. */
function asResultSeries(value: MathValue, grid: readonly number[]): { timestamps: number[]; values: number[] } {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? { timestamps: [...grid], values: grid.map(() => value) } : { timestamps: [], values: [] };
  }
  if (Array.isArray(value)) throw new QueryError('An expression that returns an array of time series cannot be returned as one result.');
  return { timestamps: [...value.timestamps], values: [...value.values] };
}

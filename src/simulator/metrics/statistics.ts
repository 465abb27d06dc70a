/**
 * CloudWatch statistics over the samples of one period: the five basic statistics and the
 * extended ones (`p99`, `p99.9`, `tm90`, `TM(10%:90%)`, `wm99`, `tc90`, `ts90`, `IQM`, `PR(:300)`).
 * Extended statistics need raw values; like CloudWatch, a period published only as statistic sets
 * has them only when every set holds one value or a min equal to its max.
 */
import type { Sample } from './types';

export const BASIC_STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;
export type BasicStatistic = typeof BASIC_STATISTICS[number];

/** A statistic name parsed once. */
export type ParsedStatistic =
  | { readonly kind: 'basic'; readonly name: BasicStatistic }
  | { readonly kind: 'percentile'; readonly name: string; readonly p: number }
  | { readonly kind: 'range'; readonly name: string; readonly op: 'tm' | 'wm' | 'tc' | 'ts' | 'pr'; readonly bounds: Bounds };

/** A range of values, by rank percentage (`%`) or by value. */
interface Bounds {
  readonly byPercent: boolean;
  readonly low?: number;
  readonly high?: number;
}

const SHORTHAND = /^(p|tm|wm|tc|ts)(\d{1,2}(?:\.\d{1,10})?|100)$/i;
const RANGE = /^(tm|wm|tc|ts|pr)\(\s*([^:]*?)\s*:\s*([^)]*?)\s*\)$/i;

/** Parses a statistic name; undefined when CloudWatch would refuse it. */
export function parseStatistic(name: string): ParsedStatistic | undefined {
  if ((BASIC_STATISTICS as readonly string[]).includes(name)) return { kind: 'basic', name: name as BasicStatistic };
  if (/^iqm$/i.test(name)) return { kind: 'range', name, op: 'tm', bounds: { byPercent: true, low: 25, high: 75 } };
  const short = SHORTHAND.exec(name);
  if (short) {
    const op = short[1].toLowerCase();
    const value = Number(short[2]);
    if (value > 100) return undefined;
    if (op === 'p') return { kind: 'percentile', name, p: value };
    return { kind: 'range', name, op: op as 'tm' | 'wm' | 'tc' | 'ts', bounds: { byPercent: true, high: value } };
  }
  const range = RANGE.exec(name);
  if (range) {
    const op = range[1].toLowerCase() as 'tm' | 'wm' | 'tc' | 'ts' | 'pr';
    const bounds = parseBounds(range[2], range[3]);
    if (!bounds || (op === 'pr' && bounds.byPercent) || (op === 'wm' && !bounds.byPercent)) return undefined;
    return { kind: 'range', name, op, bounds };
  }
  return undefined;
}

function parseBounds(lowText: string, highText: string): Bounds | undefined {
  const percent = lowText.endsWith('%') || highText.endsWith('%');
  const parse = (text: string): number | undefined | null => {
    if (text === '') return undefined;
    const body = percent ? text.replace(/%$/, '') : text;
    if (percent && !text.endsWith('%')) return null;
    const n = Number(body);
    return body.trim() === '' || !Number.isFinite(n) ? null : n;
  };
  const low = parse(lowText);
  const high = parse(highText);
  if (low === null || high === null || (low === undefined && high === undefined)) return undefined;
  if (percent && ((low ?? 0) < 0 || (high ?? 100) > 100)) return undefined;
  if (low !== undefined && high !== undefined && low >= high) return undefined;
  return { byPercent: percent, low, high };
}

/** The merged samples of one period. */
export interface Aggregate {
  readonly sum: number;
  readonly count: number;
  readonly min: number;
  readonly max: number;
  /** Sorted raw values, or undefined when some sample was published without them. */
  readonly sorted?: readonly number[];
}

export function aggregate(samples: readonly Sample[]): Aggregate | undefined {
  if (samples.length === 0) return undefined;
  let sum = 0;
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  let values: number[] | undefined = [];
  for (const s of samples) {
    sum += s.sum;
    count += s.count;
    min = Math.min(min, s.min);
    max = Math.max(max, s.max);
    if (values) {
      if (s.values) values.push(...s.values);
      else if (s.count === 1 || s.min === s.max) for (let i = 0; i < s.count; i++) values.push(s.min);
      else values = undefined;
    }
  }
  return { sum, count, min, max, sorted: values?.sort((a, b) => a - b) };
}

/** The statistic of an aggregate; undefined when it cannot be computed (no raw values, empty range). */
export function statisticOf(stat: ParsedStatistic, agg: Aggregate): number | undefined {
  if (stat.kind === 'basic') {
    switch (stat.name) {
      case 'SampleCount': return agg.count;
      case 'Sum': return agg.sum;
      case 'Average': return agg.count === 0 ? undefined : agg.sum / agg.count;
      case 'Minimum': return agg.min;
      case 'Maximum': return agg.max;
    }
  }
  const values = agg.sorted;
  // Percentiles are not available when any value is negative (CloudWatch's rule).
  if (!values || values.length === 0 || values[0] < 0) return undefined;
  if (stat.kind === 'percentile') return values[rankIndex(stat.p, values.length)];
  return rangeStatistic(stat.op, stat.bounds, values);
}

/** Nearest-rank index of the p-th percentile. */
function rankIndex(p: number, n: number): number {
  return Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1));
}

function rangeStatistic(op: 'tm' | 'wm' | 'tc' | 'ts' | 'pr', bounds: Bounds, values: readonly number[]): number | undefined {
  const n = values.length;
  let from: number;
  let to: number;
  if (bounds.byPercent) {
    from = bounds.low === undefined ? 0 : Math.floor((bounds.low / 100) * n);
    to = bounds.high === undefined ? n : Math.ceil((bounds.high / 100) * n);
  } else {
    from = bounds.low === undefined ? 0 : firstAbove(values, bounds.low);
    to = bounds.high === undefined ? n : firstAbove(values, bounds.high);
  }
  const inRange = values.slice(from, to);
  switch (op) {
    case 'pr': return (inRange.length / n) * 100;
    case 'tc': return inRange.length;
    case 'ts': return inRange.reduce((a, b) => a + b, 0);
    case 'tm': return inRange.length === 0 ? undefined : inRange.reduce((a, b) => a + b, 0) / inRange.length;
    case 'wm': {
      if (inRange.length === 0) return undefined;
      const lowValue = inRange[0];
      const highValue = inRange[inRange.length - 1];
      const total = values.reduce((acc, v) => acc + Math.min(highValue, Math.max(lowValue, v)), 0);
      return total / n;
    }
  }
}

/** Index of the first value greater than `bound` (values sorted ascending). */
function firstAbove(values: readonly number[], bound: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (values[mid] <= bound) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/**
 * The shapes of the simulator's CloudWatch data: metrics named as CloudWatch names them (namespace,
 * metric name, dimensions) and the samples published to them. A sample is a statistic set (sum,
 * count, minimum, maximum) that keeps its raw values when they are few enough, so percentiles can
 * be computed from it as CloudWatch computes them from raw data.
 */

/** A CloudWatch dimension. */
export interface Dimension {
  readonly name: string;
  readonly value: string;
}

/** A metric: namespace, name and dimensions (dimension order does not matter). */
export interface MetricId {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: readonly Dimension[];
}

/** The units CloudWatch accepts (`StandardUnit`). */
export type MetricUnit =
  | 'Seconds' | 'Microseconds' | 'Milliseconds' | 'Bytes' | 'Kilobytes' | 'Megabytes' | 'Gigabytes' | 'Terabytes'
  | 'Bits' | 'Kilobits' | 'Megabits' | 'Gigabits' | 'Terabits' | 'Percent' | 'Count'
  | 'Bytes/Second' | 'Kilobytes/Second' | 'Megabytes/Second' | 'Gigabytes/Second' | 'Terabytes/Second'
  | 'Bits/Second' | 'Kilobits/Second' | 'Megabits/Second' | 'Gigabits/Second' | 'Terabits/Second'
  | 'Count/Second' | 'None';

/** What was published to a metric at one time. */
export interface Sample {
  /** Milliseconds since the epoch (simulator time). */
  readonly timestamp: number;
  readonly sum: number;
  readonly count: number;
  readonly min: number;
  readonly max: number;
  /** The raw values, when the publisher kept them (needed for percentiles). */
  readonly values?: readonly number[];
}

/** One value or a distribution to publish. */
export interface MetricDatum extends MetricId {
  readonly unit: MetricUnit;
  readonly timestamp: number;
  /** A single value… */
  readonly value?: number;
  /** …or raw values (latency samples). */
  readonly values?: readonly number[];
  /** …or a statistic set without raw values. */
  readonly statistics?: { readonly sum: number; readonly count: number; readonly min: number; readonly max: number };
}

/** A stable key for a metric: dimensions sorted by name. */
export function metricKey(id: MetricId): string {
  const dims = [...id.dimensions].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return `${id.namespace}\u0000${id.metricName}\u0000${dims.map((d) => `${d.name}=${d.value}`).join('\u0001')}`;
}

/** `{ Name: Value }` as a dimension list. */
export function dimensionsOf(map: Readonly<Record<string, string>>): Dimension[] {
  return Object.entries(map).map(([name, value]) => ({ name, value }));
}

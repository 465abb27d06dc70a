/**
 * The metric store: every sample published to every metric, on the simulator clock. Samples older
 * than the retention are dropped as CloudWatch drops one-minute data after 15 days. Queries
 * return the samples of a metric in a time range; statistics are computed by the caller per period.
 */
import { aggregate, Aggregate } from './statistics';
import { Dimension, MetricDatum, MetricId, metricKey, MetricUnit, Sample } from './types';

/** One-minute data is kept 15 days. */
const RETENTION_MS = 15 * 24 * 3600 * 1000;
/** Raw values kept per sample: enough for stable percentiles, bounded memory. */
const MAX_VALUES_PER_SAMPLE = 2000;

export interface StoredMetric extends MetricId {
  readonly unit: MetricUnit;
}

class Series {
  public readonly samples: Sample[] = [];
  public lastTimestamp = -Infinity;

  constructor(public readonly metric: StoredMetric) {}

  public add(sample: Sample): void {
    if (sample.timestamp >= this.lastTimestamp) {
      this.samples.push(sample);
      this.lastTimestamp = sample.timestamp;
      return;
    }
    // Late data (PutMetricData with an older timestamp) goes where it belongs.
    const at = this.samples.findIndex((s) => s.timestamp > sample.timestamp);
    this.samples.splice(at, 0, sample);
  }

  public dropBefore(time: number): void {
    let n = 0;
    while (n < this.samples.length && this.samples[n].timestamp < time) n++;
    if (n > 0) this.samples.splice(0, n);
  }
}

/** Filter of ListMetrics: a metric matches when it has every dimension named (with the value, when given). */
export interface MetricFilter {
  readonly namespace?: string;
  readonly metricName?: string;
  readonly dimensions?: readonly { readonly name: string; readonly value?: string }[];
  /** Only metrics with a sample at or after this time. */
  readonly activeSince?: number;
}

export class MetricStore {
  private readonly series = new Map<string, Series>();
  private readonly listeners: ((datum: MetricDatum) => void)[] = [];

  /** Publishes a datum (a value, raw values or a statistic set). */
  public put(datum: MetricDatum): void {
    const sample = toSample(datum);
    if (!sample) return;
    const key = metricKey(datum);
    let series = this.series.get(key);
    if (!series) {
      series = new Series({ namespace: datum.namespace, metricName: datum.metricName, dimensions: datum.dimensions, unit: datum.unit });
      this.series.set(key, series);
    }
    series.add(sample);
    for (const l of this.listeners) l(datum);
  }

  /** Called with every datum published (the live view listens). */
  public onPut(listener: (datum: MetricDatum) => void): void {
    this.listeners.push(listener);
  }

  /** Samples of a metric with `start <= timestamp < end`. */
  public samples(metric: MetricId, start: number, end: number): readonly Sample[] {
    const series = this.series.get(metricKey(metric));
    if (!series) return [];
    return series.samples.filter((s) => s.timestamp >= start && s.timestamp < end);
  }

  /** The unit a metric was published with, if it exists. */
  public unitOf(metric: MetricId): MetricUnit | undefined {
    return this.series.get(metricKey(metric))?.metric.unit;
  }

  /** Samples merged per period: `[start + i·period, start + (i+1)·period)` for each period that has data. */
  public periods(metric: MetricId, start: number, end: number, periodMs: number): { timestamp: number; aggregate: Aggregate }[] {
    const buckets = new Map<number, Sample[]>();
    for (const s of this.samples(metric, start, end)) {
      const bucket = start + Math.floor((s.timestamp - start) / periodMs) * periodMs;
      let list = buckets.get(bucket);
      if (!list) buckets.set(bucket, (list = []));
      list.push(s);
    }
    return [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([timestamp, samples]) => ({ timestamp, aggregate: aggregate(samples)! }));
  }

  /** Metrics matching a filter, in a stable order. */
  public list(filter: MetricFilter = {}): StoredMetric[] {
    const out: StoredMetric[] = [];
    for (const series of this.series.values()) {
      const m = series.metric;
      if (filter.namespace !== undefined && m.namespace !== filter.namespace) continue;
      if (filter.metricName !== undefined && m.metricName !== filter.metricName) continue;
      if (filter.activeSince !== undefined && series.lastTimestamp < filter.activeSince) continue;
      const hasDimension = (f: { name: string; value?: string }) =>
        m.dimensions.some((d) => d.name === f.name && (f.value === undefined || d.value === f.value));
      if (filter.dimensions && !filter.dimensions.every(hasDimension)) continue;
      out.push(m);
    }
    return out.sort((a, b) => (metricKey(a) < metricKey(b) ? -1 : 1));
  }

  /** Drops what is older than the retention at `now`. */
  public expire(now: number): void {
    for (const series of this.series.values()) series.dropBefore(now - RETENTION_MS);
  }
}

function toSample(datum: MetricDatum): Sample | undefined {
  const timestamp = datum.timestamp;
  if (datum.values !== undefined) {
    const values = datum.values.filter((v) => Number.isFinite(v));
    if (values.length === 0) return undefined;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const v of values) {
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return { timestamp, sum, count: values.length, min, max, values: values.length <= MAX_VALUES_PER_SAMPLE ? values : thin(values) };
  }
  if (datum.statistics !== undefined) return { timestamp, ...datum.statistics };
  if (datum.value === undefined || !Number.isFinite(datum.value)) return undefined;
  return { timestamp, sum: datum.value, count: 1, min: datum.value, max: datum.value, values: [datum.value] };
}

/** Keeps an evenly spaced subset of the sorted values (their distribution, not their order). */
function thin(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const step = sorted.length / MAX_VALUES_PER_SAMPLE;
  const out: number[] = [];
  for (let i = 0; i < MAX_VALUES_PER_SAMPLE; i++) out.push(sorted[Math.floor(i * step)]);
  return out;
}

export type { Dimension };

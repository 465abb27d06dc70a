/**
 * A source of metrics: one cache node or one serverless cache. Each call to `sample` returns what
 * happened since the previous call (counters as differences, gauges as they are now, latency
 * samples as raw values), so every consumer (the collector, the live view) keeps its own source.
 */
import type { CreditLedger } from './host';

/** Metric name → a value, or raw values (latency samples). */
export type Derived = Record<string, number | readonly number[]>;

export interface MetricSource {
  /** Unique among the sources of a simulation (cache id / node id). */
  readonly key: string;
  /** The dimensions of the source's own metrics. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** CPU credits of a burstable node (published every five minutes by the collector). */
  readonly creditLedger?: CreditLedger;
  /**
   * Metrics since the previous call; undefined on the first call and while the source does not
   * run. `simulatedMs` is the simulator time elapsed since the previous call.
   */
  sample(simulatedMs: number): Derived | undefined;
}

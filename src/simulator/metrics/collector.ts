/**
 * The collector publishes every running cache's metrics once a minute of simulator time, as
 * ElastiCache does: each collection covers the minute since the previous one and is stamped with
 * its start. Node metrics go to `CacheClusterId` + `CacheNodeId` and to `CacheClusterId` alone
 * (several nodes of one cluster become several samples of that minute, which CloudWatch's
 * statistics then combine); serverless metrics to `clusterId`. Credit metrics of burstable nodes
 * are published every five minutes. Caches that start or stop later are picked up at the next
 * collection.
 */
import type { RunningCache } from '../runtime';
import { SourceSet } from './cache-sources';
import { CREDIT_INTERVAL_MS, ELASTICACHE_NAMESPACE, PUBLISH_INTERVAL_MS, unitOf } from './catalog';
import type { Derived, MetricSource } from './sources/source';
import type { MetricStore } from './store';
import { dimensionsOf } from './types';

/** The clock collections follow (the simulator clock: real or virtual time). */
export interface MetricsClock {
  nowMs(): number;
  now(): Date;
  /** Runs `fn` after `delayMs` of clock time. */
  schedule(delayMs: number, fn: () => unknown): { cancel(): void };
}

export interface CollectorOptions {
  readonly clock: MetricsClock;
  readonly store: MetricStore;
  /** The caches running now (they come and go). */
  readonly caches: () => readonly RunningCache[];
  /** @default 60 000 ms, ElastiCache's publishing interval */
  readonly intervalMs?: number;
}

export class MetricsCollector {
  private readonly sources = new SourceSet(true);
  /** Sources read at least once, with the time credits were last published for them. */
  private readonly seen = new Map<MetricSource, { lastCredits: number }>();
  private readonly listeners: ((now: number) => void | Promise<void>)[] = [];
  private task: { cancel(): void } | undefined;
  private lastCollection: number;
  private stopped = false;

  constructor(private readonly options: CollectorOptions) {
    this.lastCollection = options.clock.nowMs();
  }

  private get interval(): number {
    return this.options.intervalMs ?? PUBLISH_INTERVAL_MS;
  }

  /**
   * Takes a first reading of every cache (later collections report from there) and schedules
   * collections on whole intervals of the clock.
   */
  public start(): void {
    this.lastCollection = this.options.clock.nowMs();
    for (const source of this.current()) {
      source.sample(0);
      this.seen.set(source, { lastCredits: this.lastCollection });
    }
    this.scheduleNext();
  }

  /** Called after every collection with its time (alarms evaluate then). */
  public onCollected(listener: (now: number) => void | Promise<void>): void {
    this.listeners.push(listener);
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    const now = this.options.clock.nowMs();
    const next = (Math.floor(now / this.interval) + 1) * this.interval;
    this.task = this.options.clock.schedule(next - now, async () => {
      await this.collect();
      this.scheduleNext();
    });
  }

  /** Publishes the metrics since the previous collection, stamped with that collection's time. */
  public async collect(): Promise<void> {
    const now = this.options.clock.nowMs();
    const start = this.lastCollection;
    const elapsed = now - start;
    this.lastCollection = now;
    const current = this.current();
    for (const source of current) {
      let state = this.seen.get(source);
      if (!state) this.seen.set(source, (state = { lastCredits: now }));
      const derived = source.sample(elapsed);
      if (derived) this.publish(source, derived, start);
      if (source.creditLedger && now - state.lastCredits >= CREDIT_INTERVAL_MS) {
        this.publish(source, source.creditLedger.publish(), state.lastCredits);
        state.lastCredits = now;
      }
    }
    for (const source of [...this.seen.keys()]) if (!current.includes(source)) this.seen.delete(source);
    this.options.store.expire(now);
    for (const listener of this.listeners) await listener(now);
  }

  /** The sources of every running cache now (nodes come and go with scaling). */
  private current(): MetricSource[] {
    return this.options.caches().flatMap((cache) => this.sources.sourcesOf(cache));
  }

  private publish(source: MetricSource, derived: Derived, timestamp: number): void {
    const own = dimensionsOf(source.dimensions);
    const clusterOnly = source.dimensions.CacheClusterId !== undefined ? [{ name: 'CacheClusterId', value: source.dimensions.CacheClusterId }] : undefined;
    for (const [metricName, value] of Object.entries(derived)) {
      const datum = typeof value === 'number' ? { value } : { values: value };
      const base = { namespace: ELASTICACHE_NAMESPACE, metricName, unit: unitOf(metricName), timestamp, ...datum };
      this.options.store.put({ ...base, dimensions: own });
      if (clusterOnly) this.options.store.put({ ...base, dimensions: clusterOnly });
    }
  }

  public stop(): void {
    this.stopped = true;
    this.task?.cancel();
  }
}

/**
 * Metrics of a serverless cache (dimension `clusterId`), from its meter: ECPUs, commands, throttled
 * commands, connections and network bytes as differences since the previous reading; data size,
 * items and connections as they are now; hits and misses (and the hit rate) from the engines;
 * command-type counts and their ECPUs (`<Type>` and `<Type>ECPUs`); the failed authentications and
 * ACL refusals clients received (Valkey / Redis OSS: the three the serverless metrics list names;
 * channel refusals have no serverless metric); and the latency of every successful read and write
 * as raw samples, so percentiles are exact.
 */
import type { Derived, MetricSource } from './source';
import type { ServerlessMetricsSnapshot, ServerlessMetricsSource } from '../../metering';

/** Command-level metrics serverless Memcached caches document (the meter counts a few more). */
const MEMCACHED_COMMAND_METRICS = new Set(['CmdGet', 'CmdSet', 'CmdTouch', 'CmdFlush']);

export class ServerlessSource implements MetricSource {
  private previous: ServerlessMetricsSnapshot | undefined;

  /** @param drainLatency only the collector drains latency samples (they are handed over once). */
  constructor(private readonly meter: ServerlessMetricsSource, private readonly drainLatency: boolean) {}

  public get key(): string {
    return `serverless/${this.meter.clusterId}`;
  }

  public get dimensions(): Record<string, string> {
    return { clusterId: this.meter.clusterId };
  }

  public sample(): Derived | undefined {
    const cur = this.meter.snapshot();
    const prev = this.previous;
    this.previous = cur;
    const latency = this.drainLatency ? this.meter.drainLatency() : undefined;
    if (!prev) return undefined;
    const delta = (pick: (s: ServerlessMetricsSnapshot) => number) => Math.max(0, pick(cur) - pick(prev));
    const out: Derived = {
      ElastiCacheProcessingUnits: delta((s) => s.elastiCacheProcessingUnits),
      TotalCmdsCount: delta((s) => s.totalCmdsCount),
      ThrottledCmds: delta((s) => s.throttledCmds),
      NewConnections: delta((s) => s.newConnections),
      NetworkBytesIn: delta((s) => s.networkBytesIn),
      NetworkBytesOut: delta((s) => s.networkBytesOut),
      Evictions: delta((s) => s.evictions),
      Reclaimed: delta((s) => s.reclaimed),
      CurrConnections: cur.currConnections,
      BytesUsedForCache: cur.bytesUsedForCache,
      CurrItems: cur.currItems,
    };
    const hits = delta((s) => s.cacheHits);
    const misses = delta((s) => s.cacheMisses);
    const memcached = cur.engine === 'memcached';
    if (memcached) {
      out.GetHits = hits;
      out.GetMisses = misses;
    } else {
      out.CacheHits = hits;
      out.CacheMisses = misses;
      if (hits + misses > 0) out.CacheHitRate = (hits / (hits + misses)) * 100;
      if (cur.currVolatileItems !== undefined) out.CurrVolatileItems = cur.currVolatileItems;
      out.AuthenticationFailures = delta((s) => s.accessDenials.auth);
      out.CommandAuthorizationFailures = delta((s) => s.accessDenials.command);
      out.KeyAuthorizationFailures = delta((s) => s.accessDenials.key);
    }
    for (const [type, counters] of Object.entries(cur.commandTypes)) {
      if (memcached && !MEMCACHED_COMMAND_METRICS.has(type)) continue;
      const before = prev.commandTypes[type];
      out[type] = counters.count - (before?.count ?? 0);
      if (!memcached) out[`${type}ECPUs`] = counters.ecpus - (before?.ecpus ?? 0);
    }
    if (latency) {
      if (latency.read.length > 0) out.SuccessfulReadRequestLatency = latency.read;
      if (latency.write.length > 0) out.SuccessfulWriteRequestLatency = latency.write;
    }
    return out;
  }
}

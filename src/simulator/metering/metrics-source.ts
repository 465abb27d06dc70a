/**
 * What a serverless cache tells the metrics layer. The observability side (CloudWatch metrics,
 * alarms) reads a source periodically: counters are cumulative since the cache started (a period's
 * value is the difference of two snapshots), gauges are the value now, latency samples are handed
 * over once and then forgotten. Names follow the serverless CloudWatch metrics they feed.
 */
import type { AccessDenialCounts } from './access-denials';
import type { LatencySamples } from './latency';

/** Requests and ECPUs of one command type (`GetTypeCmds`, `StringBasedCmds`, `CmdGet`…). */
export interface CommandTypeCounters {
  readonly count: number;
  readonly ecpus: number;
}

/** Figures only the engines know, collected when a snapshot is taken. */
export interface EngineFigures {
  /** `BytesUsedForCache`: bytes of the data stored, over every internal shard. */
  readonly bytesUsedForCache: number;
  /** `CurrItems`. */
  readonly currItems: number;
  /** `CurrVolatileItems` (Valkey / Redis OSS only). */
  readonly currVolatileItems?: number;
  /** Cumulative `CacheHits` / `CacheMisses` (successful and failed read-only key lookups). */
  readonly cacheHits: number;
  readonly cacheMisses: number;
  /** Cumulative `Evictions` (keys evicted at the `DataStorage` maximum). */
  readonly evictions: number;
  /** Cumulative `Reclaimed` (keys expired). */
  readonly reclaimed: number;
}

export interface ServerlessMetricsSnapshot extends EngineFigures {
  readonly timestamp: Date;
  /** The cache name: the `clusterId` dimension of serverless metrics. */
  readonly clusterId: string;
  readonly engine: 'valkey' | 'redis' | 'memcached';
  /** Cumulative `ElastiCacheProcessingUnits`. */
  readonly elastiCacheProcessingUnits: number;
  /** Cumulative `TotalCmdsCount` (requests that ran; throttled ones are not counted here). */
  readonly totalCmdsCount: number;
  /** Cumulative `ThrottledCmds`. */
  readonly throttledCmds: number;
  /** Cumulative `NewConnections`. */
  readonly newConnections: number;
  /** `CurrConnections`. */
  readonly currConnections: number;
  /** Cumulative `NetworkBytesIn` / `NetworkBytesOut` (bytes on the client connections). */
  readonly networkBytesIn: number;
  readonly networkBytesOut: number;
  /** Cumulative requests and ECPUs by command type. */
  readonly commandTypes: Readonly<Record<string, CommandTypeCounters>>;
  /** Cumulative failed authentications and ACL refusals (Valkey / Redis OSS). */
  readonly accessDenials: AccessDenialCounts;
  /** The cache's configured maximums (`CacheUsageLimits`), in ECPU/s and bytes. */
  readonly limits: { readonly ecpuPerSecondMax?: number; readonly dataStorageMaxBytes?: number };
}

/** A serverless cache's metrics, for the CloudWatch layer. */
export interface ServerlessMetricsSource {
  readonly clusterId: string;
  snapshot(): ServerlessMetricsSnapshot;
  /** Latency samples of successful requests since the previous call. */
  drainLatency(): LatencySamples;
}

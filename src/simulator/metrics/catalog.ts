/**
 * The ElastiCache metrics the simulator publishes, with their CloudWatch units (ElastiCache User
 * Guide: host-level metrics, metrics for Valkey and Redis OSS, metrics for Memcached, serverless
 * metrics). Every name here is computed from what the simulated caches do; see the sources.
 */
import type { MetricUnit } from './types';

export const ELASTICACHE_NAMESPACE = 'AWS/ElastiCache';

/** Dimensions of node-based caches and of serverless caches. */
export const DIMENSION = { cluster: 'CacheClusterId', node: 'CacheNodeId', serverless: 'clusterId' } as const;

/** ElastiCache publishes node metrics once a minute. */
export const PUBLISH_INTERVAL_MS = 60_000;
/** Credit metrics of burstable nodes are published every five minutes. */
export const CREDIT_INTERVAL_MS = 300_000;

/** Command-type counters of Valkey / Redis OSS (node latency metrics append `Latency`). */
export const COMMAND_TYPE_METRICS = [
  'GetTypeCmds', 'SetTypeCmds', 'KeyBasedCmds', 'StringBasedCmds', 'HashBasedCmds', 'ListBasedCmds', 'SetBasedCmds',
  'SortedSetBasedCmds', 'GeoSpatialBasedCmds', 'HyperLogLogBasedCmds', 'StreamBasedCmds', 'PubSubBasedCmds',
  'EvalBasedCmds', 'BitBasedCmds', 'NonKeyTypeCmds',
] as const;

/** Memcached counters published from `stats`, by metric name. */
export const MEMCACHED_STAT_COUNTERS: Readonly<Record<string, string>> = {
  BytesReadIntoMemcached: 'bytes_read',
  BytesWrittenOutFromMemcached: 'bytes_written',
  CasBadval: 'cas_badval',
  CasHits: 'cas_hits',
  CasMisses: 'cas_misses',
  CmdFlush: 'cmd_flush',
  CmdGet: 'cmd_get',
  CmdSet: 'cmd_set',
  CmdTouch: 'cmd_touch',
  DecrHits: 'decr_hits',
  DecrMisses: 'decr_misses',
  DeleteHits: 'delete_hits',
  DeleteMisses: 'delete_misses',
  Evictions: 'evictions',
  GetHits: 'get_hits',
  GetMisses: 'get_misses',
  IncrHits: 'incr_hits',
  IncrMisses: 'incr_misses',
  Reclaimed: 'reclaimed',
  TouchHits: 'touch_hits',
  TouchMisses: 'touch_misses',
  EvictedUnfetched: 'evicted_unfetched',
  ExpiredUnfetched: 'expired_unfetched',
  SlabsMoved: 'slabs_moved',
  NewConnections: 'total_connections',
  NewItems: 'total_items',
};

/** Memcached gauges published from `stats`, by metric name. */
export const MEMCACHED_STAT_GAUGES: Readonly<Record<string, string>> = {
  BytesUsedForCacheItems: 'bytes',
  BytesUsedForHash: 'hash_bytes',
  CurrConnections: 'curr_connections',
  CurrItems: 'curr_items',
};

const UNITS: Readonly<Record<string, MetricUnit>> = {
  CPUUtilization: 'Percent',
  EngineCPUUtilization: 'Percent',
  DatabaseMemoryUsagePercentage: 'Percent',
  DatabaseMemoryUsageCountedForEvictPercentage: 'Percent',
  CacheHitRate: 'Percent',
  CPUCreditBalance: 'Count',
  CPUCreditUsage: 'Count',
  FreeableMemory: 'Bytes',
  SwapUsage: 'Bytes',
  NetworkBytesIn: 'Bytes',
  NetworkBytesOut: 'Bytes',
  NetworkMaxBytesIn: 'Bytes',
  NetworkMaxBytesOut: 'Bytes',
  BytesUsedForCache: 'Bytes',
  BytesUsedForCacheItems: 'Bytes',
  BytesUsedForHash: 'Bytes',
  BytesReadIntoMemcached: 'Bytes',
  BytesWrittenOutFromMemcached: 'Bytes',
  UnusedMemory: 'Bytes',
  ReplicationBytes: 'Bytes',
  ReplicationLag: 'Seconds',
  GlobalDatastoreReplicationLag: 'Seconds',
  DB0AverageTTL: 'Milliseconds',
  SuccessfulReadRequestLatency: 'Microseconds',
  SuccessfulWriteRequestLatency: 'Microseconds',
};

/** The unit of a metric: as listed, `Microseconds` for command latencies, `Count` otherwise. */
export function unitOf(metricName: string): MetricUnit {
  const unit = UNITS[metricName];
  if (unit) return unit;
  if (metricName.endsWith('Latency')) return 'Microseconds';
  return 'Count';
}

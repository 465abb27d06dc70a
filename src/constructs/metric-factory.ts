import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * CloudWatch metrics of ElastiCache, as data: one row per documented metric with the statistic
 * that makes sense for it. Serverless caches and node-based clusters share the namespace and most
 * metric names; they differ in dimensions (`clusterId` for serverless, `CacheClusterId` and
 * `CacheNodeId` for nodes), which the caller passes in.
 */

/** The namespace of every ElastiCache metric. */
export const ELASTICACHE_NAMESPACE = 'AWS/ElastiCache';

/** Dimension under which serverless caches publish metrics (camelCase, unlike node-based clusters). */
export const SERVERLESS_DIMENSION = 'clusterId';

/** Period of metric helpers unless the caller sets one (matches the CloudWatch console default). */
export const DEFAULT_METRIC_PERIOD = Duration.minutes(5);

/** Engine families a metric is published for. */
export type MetricEngines = 'all' | 'valkey-redis' | 'memcached';

/** One documented metric: its name, the statistic helpers use by default and who publishes it. */
export interface MetricDefinition {
  readonly name: string;
  readonly statistic: string;
  readonly engines: MetricEngines;
}

const SUM = cloudwatch.Stats.SUM;
const AVG = cloudwatch.Stats.AVERAGE;
const MAX = cloudwatch.Stats.MAXIMUM;

/**
 * Metrics of serverless caches (ElastiCache User Guide, "Serverless metrics and events for Valkey
 * and Redis OSS" and "Metrics and events for Memcached"). `CacheMisses` is not in the Valkey table
 * but is published beside `CacheHits` (the hit rate is computed from both).
 */
export const SERVERLESS_METRICS = {
  bytesUsedForCache: { name: 'BytesUsedForCache', statistic: MAX, engines: 'all' },
  elastiCacheProcessingUnits: { name: 'ElastiCacheProcessingUnits', statistic: SUM, engines: 'all' },
  successfulReadRequestLatency: { name: 'SuccessfulReadRequestLatency', statistic: AVG, engines: 'all' },
  successfulWriteRequestLatency: { name: 'SuccessfulWriteRequestLatency', statistic: AVG, engines: 'all' },
  totalCmdsCount: { name: 'TotalCmdsCount', statistic: SUM, engines: 'all' },
  currConnections: { name: 'CurrConnections', statistic: MAX, engines: 'all' },
  throttledCmds: { name: 'ThrottledCmds', statistic: SUM, engines: 'all' },
  newConnections: { name: 'NewConnections', statistic: SUM, engines: 'all' },
  currItems: { name: 'CurrItems', statistic: MAX, engines: 'all' },
  networkBytesIn: { name: 'NetworkBytesIn', statistic: SUM, engines: 'all' },
  networkBytesOut: { name: 'NetworkBytesOut', statistic: SUM, engines: 'all' },
  evictions: { name: 'Evictions', statistic: SUM, engines: 'all' },
  reclaimed: { name: 'Reclaimed', statistic: SUM, engines: 'memcached' },
  cacheHitRate: { name: 'CacheHitRate', statistic: AVG, engines: 'valkey-redis' },
  cacheHits: { name: 'CacheHits', statistic: SUM, engines: 'valkey-redis' },
  cacheMisses: { name: 'CacheMisses', statistic: SUM, engines: 'valkey-redis' },
  currVolatileItems: { name: 'CurrVolatileItems', statistic: MAX, engines: 'valkey-redis' },
  iamAuthenticationExpirations: { name: 'IamAuthenticationExpirations', statistic: SUM, engines: 'valkey-redis' },
  iamAuthenticationThrottling: { name: 'IamAuthenticationThrottling', statistic: SUM, engines: 'valkey-redis' },
  keyAuthorizationFailures: { name: 'KeyAuthorizationFailures', statistic: SUM, engines: 'valkey-redis' },
  authenticationFailures: { name: 'AuthenticationFailures', statistic: SUM, engines: 'valkey-redis' },
  commandAuthorizationFailures: { name: 'CommandAuthorizationFailures', statistic: SUM, engines: 'valkey-redis' },
} satisfies Record<string, MetricDefinition>;

/** Builds an `AWS/ElastiCache` metric; caller options win over the defaults. */
export function elastiCacheMetric(
  metricName: string,
  dimensionsMap: Record<string, string>,
  defaultStatistic: string,
  props: cloudwatch.MetricOptions = {},
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: ELASTICACHE_NAMESPACE,
    metricName,
    period: DEFAULT_METRIC_PERIOD,
    statistic: defaultStatistic,
    ...props,
    dimensionsMap: { ...dimensionsMap, ...props.dimensionsMap },
  });
}

/** Dimension naming the cluster of a node-based cache (a Memcached cluster or a replication group member). */
export const CLUSTER_DIMENSION = 'CacheClusterId';

/** Dimension naming one node of a node-based cluster (`0001`, `0002`, …). */
export const NODE_DIMENSION = 'CacheNodeId';

/** Node metrics that count events in a period: their helpers sum. */
const SUMMED_NODE_METRICS = new Set([
  'ActiveDefragHits', 'AuthenticationFailures', 'BytesReadFromDisk', 'BytesWrittenToDisk', 'CacheHits', 'CacheMisses',
  'ChannelAuthorizationFailures', 'CommandAuthorizationFailures', 'CPUCreditUsage', 'Evictions', 'IamAuthenticationExpirations',
  'IamAuthenticationThrottling', 'KeyAuthorizationFailures', 'NetworkBandwidthInAllowanceExceeded', 'NetworkBandwidthOutAllowanceExceeded',
  'NetworkBytesIn', 'NetworkBytesOut', 'NetworkConntrackAllowanceExceeded', 'NetworkPacketsIn', 'NetworkPacketsOut',
  'NetworkPacketsPerSecondAllowanceExceeded', 'NewConnections', 'NewItems', 'NumItemsReadFromDisk', 'NumItemsWrittenToDisk',
  'Reclaimed', 'ReplicationBytes', 'BytesReadIntoMemcached', 'BytesWrittenOutFromMemcached', 'CmdConfigGet', 'CmdConfigSet',
  'EvictedUnfetched', 'ExpiredUnfetched', 'SlabsMoved',
]);

/**
 * The statistic a node metric's helper uses unless the caller sets one: Sum for counters (events in
 * the period), Maximum for the per-minute burst metrics, Average for gauges (utilization, memory,
 * connections, lag).
 */
export function nodeMetricStatistic(metricName: string): string {
  // Command counters: `<Category>Cmds` (Valkey / Redis OSS), `CmdGet`, `GetHits`, `CasBadval` (Memcached).
  const commandCounter = /(Cmds|Hits|Misses|Badval)$/.test(metricName) || /^Cmd[A-Z]/.test(metricName);
  if (SUMMED_NODE_METRICS.has(metricName) || commandCounter) return cloudwatch.Stats.SUM;
  if (metricName.startsWith('NetworkMax')) return cloudwatch.Stats.MAXIMUM;
  return cloudwatch.Stats.AVERAGE;
}

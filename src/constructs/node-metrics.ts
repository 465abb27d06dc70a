import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * Public names of the CloudWatch metrics node-based caches publish (Memcached clusters and the
 * member clusters of Valkey / Redis OSS replication groups), as the ElastiCache User Guide lists them:
 * "Host-level metrics", "Metrics for Valkey and Redis OSS" and "Metrics for Memcached". The node
 * caches' `metricHost()`, `metricEngine()` and `metricMemcached()` take these, so every documented
 * metric has a typed accessor with the right dimensions.
 */

/** Metrics of the host a node runs on (every engine). Dimensions `CacheClusterId` and `CacheNodeId`. */
export enum HostMetric {
  /** CPU utilization of the whole host, in percent. */
  CPU_UTILIZATION = 'CPUUtilization',
  /** CPU credits earned and not spent (T3 and T4g nodes only; published every 5 minutes). */
  CPU_CREDIT_BALANCE = 'CPUCreditBalance',
  /** CPU credits spent (T3 and T4g nodes only; published every 5 minutes). */
  CPU_CREDIT_USAGE = 'CPUCreditUsage',
  /** Free memory on the host, in bytes. */
  FREEABLE_MEMORY = 'FreeableMemory',
  /** Bytes the host read from the network. */
  NETWORK_BYTES_IN = 'NetworkBytesIn',
  /** Bytes the host sent on all interfaces. */
  NETWORK_BYTES_OUT = 'NetworkBytesOut',
  /** Packets received on all interfaces. */
  NETWORK_PACKETS_IN = 'NetworkPacketsIn',
  /** Packets sent on all interfaces. */
  NETWORK_PACKETS_OUT = 'NetworkPacketsOut',
  /** Packets shaped because inbound bandwidth exceeded the node's maximum. */
  NETWORK_BANDWIDTH_IN_ALLOWANCE_EXCEEDED = 'NetworkBandwidthInAllowanceExceeded',
  /** Packets shaped because outbound bandwidth exceeded the node's maximum. */
  NETWORK_BANDWIDTH_OUT_ALLOWANCE_EXCEEDED = 'NetworkBandwidthOutAllowanceExceeded',
  /** Packets shaped because connection tracking exceeded its maximum (new connections fail). */
  NETWORK_CONNTRACK_ALLOWANCE_EXCEEDED = 'NetworkConntrackAllowanceExceeded',
  /** Packets shaped because packets per second exceeded the node's maximum. */
  NETWORK_PACKETS_PER_SECOND_ALLOWANCE_EXCEEDED = 'NetworkPacketsPerSecondAllowanceExceeded',
  /** Largest burst of bytes received within each minute. */
  NETWORK_MAX_BYTES_IN = 'NetworkMaxBytesIn',
  /** Largest burst of bytes sent within each minute. */
  NETWORK_MAX_BYTES_OUT = 'NetworkMaxBytesOut',
  /** Largest burst of packets received within each minute. */
  NETWORK_MAX_PACKETS_IN = 'NetworkMaxPacketsIn',
  /** Largest burst of packets sent within each minute. */
  NETWORK_MAX_PACKETS_OUT = 'NetworkMaxPacketsOut',
  /** Swap used on the host, in bytes. */
  SWAP_USAGE = 'SwapUsage',
}

/**
 * Engine metrics of Valkey and Redis OSS nodes (derived from `INFO`, except `ReplicationLag` and
 * `EngineCPUUtilization`). Dimension `CacheClusterId` (the member cluster).
 */
export enum EngineMetric {
  /** Value reallocations per minute by active defragmentation. */
  ACTIVE_DEFRAG_HITS = 'ActiveDefragHits',
  /** Failed AUTH attempts. */
  AUTHENTICATION_FAILURES = 'AuthenticationFailures',
  /** Bytes allocated by the engine for all purposes. */
  BYTES_USED_FOR_CACHE = 'BytesUsedForCache',
  /** Bytes read from the SSD tier (data tiering). */
  BYTES_READ_FROM_DISK = 'BytesReadFromDisk',
  /** Bytes written to the SSD tier (data tiering). */
  BYTES_WRITTEN_TO_DISK = 'BytesWrittenToDisk',
  /** Successful read-only key lookups. */
  CACHE_HITS = 'CacheHits',
  /** Unsuccessful read-only key lookups. */
  CACHE_MISSES = 'CacheMisses',
  /** Hit rate in percent: hits / (hits + misses). */
  CACHE_HIT_RATE = 'CacheHitRate',
  /** Attempts to access channels without permission. */
  CHANNEL_AUTHORIZATION_FAILURES = 'ChannelAuthorizationFailures',
  /** Attempts to run commands without permission. */
  COMMAND_AUTHORIZATION_FAILURES = 'CommandAuthorizationFailures',
  /** Client connections, excluding replica connections. */
  CURR_CONNECTIONS = 'CurrConnections',
  /** Keys in all databases. */
  CURR_ITEMS = 'CurrItems',
  /** Keys with a TTL. */
  CURR_VOLATILE_ITEMS = 'CurrVolatileItems',
  /** Percent of the total capacity (memory and SSD) in use (data tiering nodes). */
  DATABASE_CAPACITY_USAGE_PERCENTAGE = 'DatabaseCapacityUsagePercentage',
  /** Percent of the capacity counted for eviction in use (data tiering nodes). */
  DATABASE_CAPACITY_USAGE_COUNTED_FOR_EVICT_PERCENTAGE = 'DatabaseCapacityUsageCountedForEvictPercentage',
  /** Percent of the memory available to data (`maxmemory`) in use. */
  DATABASE_MEMORY_USAGE_PERCENTAGE = 'DatabaseMemoryUsagePercentage',
  /** Percent of memory counted for eviction in use. */
  DATABASE_MEMORY_USAGE_COUNTED_FOR_EVICT_PERCENTAGE = 'DatabaseMemoryUsageCountedForEvictPercentage',
  /** Average TTL of the keys of database 0, in milliseconds. */
  DB0_AVERAGE_TTL = 'DB0AverageTTL',
  /** CPU utilization of the engine's main thread, in percent. */
  ENGINE_CPU_UTILIZATION = 'EngineCPUUtilization',
  /** Keys evicted by the `maxmemory` policy. */
  EVICTIONS = 'Evictions',
  /** Lag of a Global Datastore secondary behind its primary, in seconds. */
  GLOBAL_DATASTORE_REPLICATION_LAG = 'GlobalDatastoreReplicationLag',
  /** IAM-authenticated connections that expired. */
  IAM_AUTHENTICATION_EXPIRATIONS = 'IamAuthenticationExpirations',
  /** Throttled IAM-authenticated AUTH or HELLO requests. */
  IAM_AUTHENTICATION_THROTTLING = 'IamAuthenticationThrottling',
  /** 1 when the node is a primary, 0 otherwise. */
  IS_MASTER = 'IsMaster',
  /** Attempts to access keys without permission. */
  KEY_AUTHORIZATION_FAILURES = 'KeyAuthorizationFailures',
  /** Keys tracked by client-side caching. */
  KEYS_TRACKED = 'KeysTracked',
  /** 1 while a replica's link to its primary is up. */
  MASTER_LINK_HEALTH_STATUS = 'MasterLinkHealthStatus',
  /** Ratio of memory allocated by the OS to memory used by the engine. */
  MEMORY_FRAGMENTATION_RATIO = 'MemoryFragmentationRatio',
  /** Connections accepted during the period. */
  NEW_CONNECTIONS = 'NewConnections',
  /** Items read from the SSD tier (data tiering). */
  NUM_ITEMS_READ_FROM_DISK = 'NumItemsReadFromDisk',
  /** Items written to the SSD tier (data tiering). */
  NUM_ITEMS_WRITTEN_TO_DISK = 'NumItemsWrittenToDisk',
  /** Expired keys removed. */
  RECLAIMED = 'Reclaimed',
  /** Bytes the primary sends to its replicas. */
  REPLICATION_BYTES = 'ReplicationBytes',
  /** Seconds a replica is behind its primary (published by replicas only). */
  REPLICATION_LAG = 'ReplicationLag',
  /** 1 while a background save (snapshot or replica sync) runs. */
  SAVE_IN_PROGRESS = 'SaveInProgress',
  /** 1 while ElastiCache throttles incoming commands to protect the engine. */
  TRAFFIC_MANAGEMENT_ACTIVE = 'TrafficManagementActive',
}

/** Engine metrics of Memcached nodes (derived from `stats`). Dimensions `CacheClusterId` and `CacheNodeId`. */
export enum MemcachedMetric {
  /** Bytes read from the network by the node. */
  BYTES_READ_INTO_MEMCACHED = 'BytesReadIntoMemcached',
  /** Bytes used to store items. */
  BYTES_USED_FOR_CACHE_ITEMS = 'BytesUsedForCacheItems',
  /** Bytes written to the network by the node. */
  BYTES_WRITTEN_OUT_FROM_MEMCACHED = 'BytesWrittenOutFromMemcached',
  /** Bytes used by the hash tables (1.4.14 and later). */
  BYTES_USED_FOR_HASH = 'BytesUsedForHash',
  /** `config get` requests (Auto Discovery; 1.4.14 and later). */
  CMD_CONFIG_GET = 'CmdConfigGet',
  /** `config set` requests (1.4.14 and later). */
  CMD_CONFIG_SET = 'CmdConfigSet',
  /** Client connections, including 2–3 ElastiCache monitoring connections and 2 per thread. */
  CURR_CONNECTIONS = 'CurrConnections',
  /** Configurations stored (1.4.14 and later). */
  CURR_CONFIG = 'CurrConfig',
  /** Items stored. */
  CURR_ITEMS = 'CurrItems',
  /** Valid items evicted that were never read after being set (1.4.14 and later). */
  EVICTED_UNFETCHED = 'EvictedUnfetched',
  /** Non-expired items evicted to make room for new writes. */
  EVICTIONS = 'Evictions',
  /** Expired items reclaimed that were never read after being set (1.4.14 and later). */
  EXPIRED_UNFETCHED = 'ExpiredUnfetched',
  /** Connections accepted during the period (at least 1: ElastiCache's own). */
  NEW_CONNECTIONS = 'NewConnections',
  /** Items stored during the period. */
  NEW_ITEMS = 'NewItems',
  /** Expired items evicted to make room for new writes. */
  RECLAIMED = 'Reclaimed',
  /** Slab pages moved (1.4.14 and later). */
  SLABS_MOVED = 'SlabsMoved',
  /** Memory the engine may still use for items: `limit_maxbytes − bytes`. */
  UNUSED_MEMORY = 'UnusedMemory',
}

/** Options of the metric helpers of node-based caches: the CloudWatch options plus the node to measure. */
export interface NodeMetricOptions extends cloudwatch.MetricOptions {
  /**
   * The cluster whose metric it is (`CacheClusterId`): for replication groups, one member cluster
   * (`<group>-002`, `<group>-0001-002`), as listed in `memberClusterIds`.
   * @default the Memcached cluster; for replication groups the first member (the primary at creation)
   */
  readonly cacheClusterId?: string;

  /**
   * The node whose metric it is (`CacheNodeId`, `0001`, `0002`, …).
   * @default `0001` for host metrics and Memcached engine metrics; none (cluster level) for Valkey / Redis OSS engine metrics
   */
  readonly cacheNodeId?: string;
}

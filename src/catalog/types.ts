/**
 * Shapes of the catalog: plain data about engines, node types and parameters, taken from the
 * ElastiCache documentation. The constructs validate against it at synth time and the simulator
 * configures engine nodes from it, so both agree on what a template means.
 *
 * These types are internal (not exported from the package root); the public face of the catalog is
 * `EngineVersion` and `NodeType`.
 */

/** The cache engines ElastiCache runs. */
export type EngineName = 'valkey' | 'redis' | 'memcached';

/** A documentation reference: seed file id and line, e.g. `000:L4927`, or a public URL. */
export type SourceRef = string;

/** Feature gates for one engine version. `true` means the version supports the feature. */
export interface EngineFeatures {
  /** In-transit encryption (TLS). Redis OSS 3.2.6 or >= 4.0.10; Memcached >= 1.6.12; every Valkey. */
  readonly transitEncryption: boolean;
  /** `TransitEncryptionMode: preferred` and changing TLS on a running cluster (Redis OSS >= 7.0, Valkey). */
  readonly transitEncryptionModifiable: boolean;
  /** Encryption at rest (Redis OSS 3.2.6 or >= 4.0.10, Valkey; never Memcached). */
  readonly atRestEncryption: boolean;
  /** AUTH token (Redis OSS with in-transit encryption, Valkey). */
  readonly authToken: boolean;
  /** IPv6 / dual stack (Redis OSS >= 6.2, Valkey, Memcached >= 1.6.6). */
  readonly ipv6: boolean;
  /** Role-based access control with users and user groups (Redis OSS >= 6.0, Valkey). */
  readonly rbac: boolean;
  /** Membership in a Global Datastore (Redis OSS >= 5.0.6, Valkey >= 7.2). */
  readonly globalDatastore: boolean;
  /** Data tiering on r6gd nodes (Redis OSS >= 6.2, Valkey). */
  readonly dataTiering: boolean;
  /** Cluster mode enabled replication groups (Redis OSS >= 3.2). */
  readonly clusterMode: boolean;
  /** Online resharding of cluster mode enabled groups (Redis OSS >= 3.2.10, Valkey). */
  readonly onlineResharding: boolean;
  /** Multi-AZ with automatic failover. */
  readonly multiAz: boolean;
  /** Backups and restore (Redis OSS, Valkey; not node-based Memcached). */
  readonly backup: boolean;
  /** Slow-log delivery (Redis OSS >= 6.0) and engine-log delivery (Redis OSS >= 6.2, Valkey). */
  readonly slowLogDelivery: boolean;
  readonly engineLogDelivery: boolean;
  /** Available as a serverless cache with this major version. */
  readonly serverless: boolean;
  /**
   * Most shards of a cluster mode enabled group: 500 (Valkey >= 7.2, Redis OSS >= 5.0.6), 250 (from
   * 3.2.10), 90 (3.2.4, 3.2.6), 1 without cluster mode, 0 for Memcached (no shards).
   */
  readonly maxShards: number;
}

/** One engine version as ElastiCache lists it. */
export interface EngineVersionInfo {
  readonly engine: EngineName;
  /** Version as the service accepts it in `EngineVersion` (e.g. `7.2`, `6.2`, `1.6.22`, `5.0.6`). */
  readonly version: string;
  /** Major version as serverless caches take it (`7`, `8`, `1.6`). */
  readonly majorVersion: string;
  /** Parameter group family (e.g. `valkey7`, `redis6.x`, `memcached1.6`). */
  readonly parameterGroupFamily: string;
  readonly features: EngineFeatures;
  /** Set when the service no longer allows new clusters on this version. */
  readonly deprecated?: boolean;
  readonly source: SourceRef;
}

/** One `cache.*` node type. */
export interface NodeTypeInfo {
  /** e.g. `cache.r7g.large`. */
  readonly name: string;
  /** Family, e.g. `r7g`. */
  readonly family: string;
  readonly generation: 'current' | 'previous';
  /** General purpose (m, t), memory optimized (r), network optimized (c7gn)… */
  readonly category: 'general-purpose' | 'memory-optimized' | 'memory-optimized-data-tiering' | 'network-optimized' | 'compute-optimized';
  /** vCPUs, where the ElastiCache documentation states them (the burstable table); absent otherwise. */
  readonly vCpus?: number;
  /** Memory of the node in GiB, as the documentation lists it; absent where no figure is documented. */
  readonly memoryGiB?: number;
  /** Baseline network bandwidth in Gbps, where documented. */
  readonly baselineBandwidthGbps?: number;
  /** Burst network bandwidth in Gbps, where documented (absent for `N/A`). */
  readonly burstBandwidthGbps?: number;
  /** Network performance in the documentation's words (e.g. `Up to 5 Gigabit`), where given as text. */
  readonly networkPerformanceText?: string;
  /** SSD capacity in GiB of data-tiering nodes. */
  readonly ssdGiB?: number;
  /** T-family nodes with CPU credits. */
  readonly burstable: boolean;
  /** Nodes with SSD data tiering (r6gd): data tiering must be enabled on them and only on them. */
  readonly dataTiering: boolean;
  /** Minimum engine version per engine that supports this node type; absent = not supported. */
  readonly minEngineVersion: Partial<Record<EngineName, string>>;
  /** Redis OSS / Valkey `maxmemory` in bytes for this node type (not modifiable), where documented. */
  readonly maxmemoryBytes?: number;
  /**
   * Redis OSS `client-output-buffer-limit-replica-hard-limit` and `-soft-limit` (formerly `-slave-`)
   * in bytes for this node type, where documented (both limits are equal in every documented row).
   */
  readonly replicaOutputBufferLimitBytes?: number;
  /** Memcached `max_cache_memory` default in MB for this node type, where documented. */
  readonly memcachedMaxCacheMemoryMb?: number;
  /** Memcached `num_threads` for this node type, where documented. */
  readonly memcachedNumThreads?: number;
  /** Where each figure comes from (the node list, the bandwidth/memory table, the parameter tables). */
  readonly source: SourceRef;
}

/** The value type of a parameter, as `DescribeCacheParameters` reports it. */
export type ParameterDataType = 'string' | 'integer' | 'boolean' | 'float';

/**
 * How a string parameter's value is built, for the parameters whose value is a list rather than
 * one of `allowedValues`.
 * - `rename-pairs`: space-separated `COMMAND newname` pairs; each COMMAND is one of `allowedValues`.
 * - `event-flags`: a string of single-letter flags; each letter is one of `allowedValues`.
 */
export type ParameterValueFormat = 'rename-pairs' | 'event-flags';

/** One parameter of a parameter group family. */
export interface ParameterInfo {
  readonly name: string;
  readonly dataType: ParameterDataType;
  /** Default value as a string, as the service reports it (absent when node-type specific or none). */
  readonly defaultValue?: string;
  /**
   * Allowed values in the syntax of `AllowedValues` in `DescribeCacheParameters`: comma-separated
   * items, each a value (`yes`, `5000`) or an inclusive integer range (`1-100`, open-ended `0-`,
   * `-` for any integer). Absent when the documentation gives no restriction beyond the type.
   */
  readonly allowedValues?: string;
  /** Set when the value is a list of allowed items (see ParameterValueFormat). */
  readonly valueFormat?: ParameterValueFormat;
  readonly modifiable: boolean;
  /**
   * Not modifiable on an existing group, but set when a group is created: `cluster-enabled` (the
   * cluster-mode switch of `default.<family>.cluster.on` and custom cluster-mode groups) and Valkey 9
   * `cluster-databases`.
   */
  readonly creationOnly?: boolean;
  /** Whether a change applies immediately or needs a reboot (`ChangeType` in the API). */
  readonly changeType: 'immediate' | 'requires-reboot';
  /** The value differs per node type (e.g. `maxmemory`, `max_cache_memory`); see the node-type table. */
  readonly nodeTypeSpecific?: boolean;
  /** First engine version in the family that has the parameter, when not the family's first. */
  readonly minEngineVersion?: string;
  readonly description: string;
  readonly source: SourceRef;
}

/** A parameter group family (e.g. `redis7`) and every parameter it has. */
export interface ParameterFamilyInfo {
  readonly family: string;
  readonly engine: EngineName;
  /** The family this one is derived from, when it is defined as changes to another family. */
  readonly baseFamily?: string;
  readonly parameters: readonly ParameterInfo[];
}

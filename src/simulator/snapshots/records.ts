/**
 * Snapshots as the control plane keeps them. Each is a directory of the state directory (or of
 * memory without one): `manifest.json` — this record — and the data, one RDB file per node group
 * (`0001.rdb`, …), which a real redis-server loads as it is; serverless Memcached snapshots keep
 * their items in `items.json`.
 */

/** What a node-based snapshot records about its cache, to describe it and to restore from it. */
export interface SnapshotCacheInfo {
  readonly kind: 'replication-group' | 'single-node-cluster';
  readonly engine: 'valkey' | 'redis';
  readonly engineVersion: string;
  readonly nodeType: string;
  readonly port: number;
  readonly parameterGroupName: string;
  readonly subnetGroupName?: string;
  readonly replicationGroupId?: string;
  readonly description?: string;
  readonly cacheClusterId?: string;
  readonly numCacheNodes: number;
  readonly automaticFailover: boolean;
  readonly clusterEnabled: boolean;
  readonly snapshotRetentionLimit: number;
  readonly snapshotWindow?: string;
  readonly preferredMaintenanceWindow?: string;
  readonly dataTiering: boolean;
  readonly availabilityZone?: string;
  readonly cacheCreateTime: string;
  readonly kmsKeyId?: string;
}

/** One node group's file in a node-based snapshot. */
export interface NodeSnapshotInfo {
  readonly cacheClusterId: string;
  readonly nodeGroupId: string;
  readonly cacheNodeId: string;
  readonly slots?: string;
  readonly replicaCount: number;
  readonly primaryAvailabilityZone?: string;
  readonly bytes: number;
  readonly keys: number;
  readonly nodeCreateTime: string;
  readonly snapshotCreateTime: string;
  /** File name inside the snapshot's directory. */
  readonly file: string;
}

export type SnapshotStatus = 'creating' | 'available' | 'restoring' | 'copying' | 'deleting' | 'exporting';

export interface SnapshotRecord {
  readonly name: string;
  readonly region: string;
  readonly arn: string;
  status: SnapshotStatus;
  readonly source: 'manual' | 'automated';
  readonly createdAt: string;
  readonly cache: SnapshotCacheInfo;
  nodes: NodeSnapshotInfo[];
}

export interface ServerlessSnapshotRecord {
  readonly name: string;
  readonly region: string;
  readonly arn: string;
  status: SnapshotStatus;
  readonly type: 'manual' | 'automated';
  readonly createdAt: string;
  /** Automatic snapshots expire after the cache's retention limit. */
  readonly expiryTime?: string;
  bytesUsedForCache: number;
  readonly cacheName: string;
  readonly engine: 'valkey' | 'redis' | 'memcached';
  readonly majorEngineVersion: string;
  readonly kmsKeyId?: string;
  /** `rdb`: one RDB file per internal shard; `memcached`: `items.json`. */
  readonly format: 'rdb' | 'memcached';
  files: string[];
}

/** `Snapshot` and `ServerlessCacheSnapshot` as the snapshot operations return them. */
import type { ServerlessSnapshotRecord, SnapshotRecord } from '../../snapshots/records';
import { xmlList, XmlObject } from '../http/xml';

export function snapshotXml(snapshot: SnapshotRecord, showNodeGroupConfig = false): XmlObject {
  const cache = snapshot.cache;
  return {
    SnapshotName: snapshot.name,
    ReplicationGroupId: cache.replicationGroupId,
    ReplicationGroupDescription: cache.description,
    CacheClusterId: cache.cacheClusterId,
    SnapshotStatus: snapshot.status,
    SnapshotSource: snapshot.source,
    CacheNodeType: cache.nodeType,
    Engine: cache.engine,
    EngineVersion: cache.engineVersion,
    NumCacheNodes: cache.kind === 'single-node-cluster' ? cache.numCacheNodes : undefined,
    PreferredAvailabilityZone: cache.availabilityZone,
    CacheClusterCreateTime: new Date(cache.cacheCreateTime),
    PreferredMaintenanceWindow: cache.preferredMaintenanceWindow,
    Port: cache.port,
    CacheParameterGroupName: cache.parameterGroupName,
    CacheSubnetGroupName: cache.subnetGroupName,
    AutoMinorVersionUpgrade: true,
    SnapshotRetentionLimit: cache.snapshotRetentionLimit,
    SnapshotWindow: cache.snapshotWindow,
    NumNodeGroups: cache.kind === 'replication-group' ? snapshot.nodes.length : undefined,
    AutomaticFailover: cache.kind === 'replication-group' ? (cache.automaticFailover ? 'enabled' : 'disabled') : undefined,
    NodeSnapshots: xmlList('NodeSnapshot', snapshot.nodes.map((node) => ({
      CacheClusterId: node.cacheClusterId,
      NodeGroupId: cache.kind === 'replication-group' ? node.nodeGroupId : undefined,
      CacheNodeId: node.cacheNodeId,
      NodeGroupConfiguration: showNodeGroupConfig && cache.kind === 'replication-group' ? {
        NodeGroupId: node.nodeGroupId,
        Slots: node.slots,
        ReplicaCount: node.replicaCount,
        PrimaryAvailabilityZone: node.primaryAvailabilityZone,
      } : undefined,
      // The service reports the size in megabytes.
      CacheSize: `${Math.max(1, Math.ceil(node.bytes / (1024 * 1024)))} MB`,
      CacheNodeCreateTime: new Date(node.nodeCreateTime),
      SnapshotCreateTime: new Date(node.snapshotCreateTime),
    }))),
    KmsKeyId: cache.kmsKeyId,
    ARN: snapshot.arn,
    DataTiering: cache.dataTiering ? 'enabled' : 'disabled',
  };
}

export function serverlessSnapshotXml(snapshot: ServerlessSnapshotRecord): XmlObject {
  return {
    ServerlessCacheSnapshotName: snapshot.name,
    ARN: snapshot.arn,
    KmsKeyId: snapshot.kmsKeyId,
    SnapshotType: snapshot.type,
    Status: snapshot.status,
    CreateTime: new Date(snapshot.createdAt),
    ExpiryTime: snapshot.expiryTime === undefined ? undefined : new Date(snapshot.expiryTime),
    // Megabytes, as the service reports it.
    BytesUsedForCache: String(Math.ceil(snapshot.bytesUsedForCache / (1024 * 1024))),
    ServerlessCacheConfiguration: {
      ServerlessCacheName: snapshot.cacheName,
      Engine: snapshot.engine,
      MajorEngineVersion: snapshot.majorEngineVersion,
    },
  };
}

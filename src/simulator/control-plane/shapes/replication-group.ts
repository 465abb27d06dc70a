/** `ReplicationGroup` as DescribeReplicationGroups and the group operations return it. */
import { endpointXml, logDeliveryXml } from './common';
import type { ReplicationGroupModel, SlotRange } from '../../model';
import { members, xmlList, XmlObject } from '../http/xml';
import { nodeKey } from '../store/members';
import type { CacheRecord } from '../store/records';

/** Current roles of the nodes (they change with failovers), by member cache cluster id. */
export type RoleLookup = (cacheClusterId: string) => 'primary' | 'replica' | undefined;

export function slotsText(ranges: readonly SlotRange[]): string {
  return ranges.map((r) => (r.start === r.end ? `${r.start}` : `${r.start}-${r.end}`)).join(',');
}

function pendingXml(record: CacheRecord): XmlObject {
  const resharding = record.reshardingProgress === undefined ? undefined : { SlotMigration: { ProgressPercentage: record.reshardingProgress } };
  return {
    Resharding: resharding,
    AuthTokenStatus: record.pending.authTokenStatus,
    TransitEncryptionEnabled: record.pending.transitEncryptionEnabled,
    TransitEncryptionMode: record.pending.transitEncryptionMode,
  };
}

export function replicationGroupXml(record: CacheRecord, roleOf: RoleLookup, globalRole?: { id: string; role: string }): XmlObject {
  const model = record.model as ReplicationGroupModel;
  const clusterEnabled = model.clusterMode !== 'disabled';
  const nodeGroups = model.shards.map((shard) => {
    const nodes = [shard.primary, ...shard.replicas];
    const creating = nodes.some((n) => record.nodeStatus.get(nodeKey(n)) === 'creating');
    return {
      NodeGroupId: shard.shardId,
      Status: record.status === 'creating' || creating ? 'creating' : record.status === 'modifying' ? 'modifying' : 'available',
      PrimaryEndpoint: clusterEnabled ? undefined : endpointXml(model.primaryEndpoint),
      ReaderEndpoint: clusterEnabled ? undefined : endpointXml(model.readerEndpoint),
      Slots: clusterEnabled ? slotsText(shard.slots) : undefined,
      NodeGroupMembers: xmlList('NodeGroupMember', nodes.map((node) => ({
        CacheClusterId: node.cacheClusterId,
        CacheNodeId: node.cacheNodeId,
        ReadEndpoint: clusterEnabled ? undefined : endpointXml(node.endpoint),
        PreferredAvailabilityZone: node.availabilityZone,
        CurrentRole: clusterEnabled ? undefined : roleOf(node.cacheClusterId) ?? node.role,
      }))),
    };
  });
  return {
    ReplicationGroupId: model.replicationGroupId,
    Description: model.description,
    GlobalReplicationGroupInfo: globalRole
      ? { GlobalReplicationGroupId: globalRole.id, GlobalReplicationGroupMemberRole: globalRole.role }
      : undefined,
    Status: record.status,
    PendingModifiedValues: pendingXml(record),
    MemberClusters: xmlList('ClusterId', model.shards.flatMap((s) => [s.primary, ...s.replicas]).map((n) => n.cacheClusterId)),
    NodeGroups: xmlList('NodeGroup', nodeGroups),
    SnapshottingClusterId: clusterEnabled ? undefined : record.snapshottingClusterId,
    AutomaticFailover: model.automaticFailover ? 'enabled' : 'disabled',
    MultiAZ: model.multiAz ? 'enabled' : 'disabled',
    ConfigurationEndpoint: endpointXml(model.configurationEndpoint),
    SnapshotRetentionLimit: model.snapshotRetentionLimit,
    SnapshotWindow: model.snapshotWindow,
    ClusterEnabled: clusterEnabled,
    CacheNodeType: model.nodeType,
    AuthTokenEnabled: model.auth.mode === 'auth-token',
    AuthTokenLastModifiedDate: model.auth.mode === 'auth-token' ? record.authTokenLastModified ?? record.createdAt : undefined,
    TransitEncryptionEnabled: model.tls.enabled,
    AtRestEncryptionEnabled: model.atRestEncryption,
    KmsKeyId: model.kmsKeyId,
    ARN: model.arn,
    UserGroupIds: members(model.auth.mode === 'rbac' ? model.auth.userGroupIds : []),
    LogDeliveryConfigurations: logDeliveryXml(model.logDelivery),
    ReplicationGroupCreateTime: record.createdAt,
    DataTiering: model.dataTiering ? 'enabled' : 'disabled',
    AutoMinorVersionUpgrade: record.autoMinorVersionUpgrade,
    NetworkType: model.networkType,
    IpDiscovery: model.ipDiscovery,
    TransitEncryptionMode: model.tls.enabled ? model.tls.mode : undefined,
    ClusterMode: model.clusterMode,
    Engine: model.engine,
  };
}

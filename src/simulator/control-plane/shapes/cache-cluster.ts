/** `CacheCluster` as DescribeCacheClusters and the cluster operations return it. */
import { endpointXml, logDeliveryXml, securityGroupsXml } from './common';
import type { MemcachedClusterModel, ReplicationGroupModel, SingleNodeClusterModel } from '../../model';
import { elastiCacheArn, environmentOf } from '../../naming/arns';
import { members, xmlList, XmlObject } from '../http/xml';
import { memberClusters, MemberCluster, nodeKey } from '../store/members';
import type { CacheRecord } from '../store/records';

const LANDING_PAGE = 'https://console.aws.amazon.com/elasticache/home#client-download:';

type NodeBasedModel = ReplicationGroupModel | MemcachedClusterModel | SingleNodeClusterModel;

/** A member's status: its own node's while that changes, else the cache's. */
function memberStatus(record: CacheRecord, member: MemberCluster): string {
  if (record.status === 'deleting' || record.status === 'creating') return record.status;
  const nodeStatuses = member.nodes.map((n) => record.nodeStatus.get(nodeKey(n)) ?? 'available');
  if (nodeStatuses.includes('rebooting')) return 'rebooting cluster nodes';
  if (member.nodes.length === 1 && nodeStatuses[0] === 'creating') return 'creating';
  if (member.nodes.length === 1 && nodeStatuses[0] === 'deleting') return 'deleting';
  if (record.model.kind === 'replication-group') return record.status === 'modifying' || record.status === 'snapshotting' ? record.status : 'available';
  return record.status;
}

function pendingXml(record: CacheRecord, member: MemberCluster): XmlObject {
  if (record.model.kind !== 'memcached-cluster' && member.replicationGroupId) return { CacheNodeType: record.pending.cacheNodeType, EngineVersion: record.pending.engineVersion };
  const p = record.pending;
  return {
    NumCacheNodes: p.numCacheNodes,
    CacheNodeIdsToRemove: p.cacheNodeIdsToRemove ? xmlList('CacheNodeId', p.cacheNodeIdsToRemove) : undefined,
    EngineVersion: p.engineVersion,
    CacheNodeType: p.cacheNodeType,
    AuthTokenStatus: p.authTokenStatus,
  };
}

export function cacheClusterXml(record: CacheRecord, member: MemberCluster, showNodes: boolean): XmlObject {
  const model = record.model as NodeBasedModel;
  const env = environmentOf(model.origin.account, model.origin.region);
  const zones = [...new Set(member.nodes.map((n) => n.availabilityZone))];
  const rebootPending = record.pendingReboot.has(member.cacheClusterId);
  const memcached = model.kind === 'memcached-cluster' ? model : undefined;
  const valkey = model.kind === 'memcached-cluster' ? undefined : model;
  return {
    CacheClusterId: member.cacheClusterId,
    ConfigurationEndpoint: memcached ? endpointXml(memcached.configurationEndpoint) : undefined,
    ClientDownloadLandingPage: LANDING_PAGE,
    CacheNodeType: model.nodeType,
    Engine: model.engine,
    EngineVersion: model.engineVersion,
    CacheClusterStatus: memberStatus(record, member),
    // Nodes being added count once they are up (the target shows in PendingModifiedValues meanwhile).
    NumCacheNodes: member.nodes.filter((n) => record.nodeStatus.get(nodeKey(n)) !== 'creating' || record.status === 'creating').length,
    PreferredAvailabilityZone: zones.length > 1 ? 'Multiple' : zones[0],
    CacheClusterCreateTime: record.createdAt,
    PreferredMaintenanceWindow: model.preferredMaintenanceWindow,
    PendingModifiedValues: pendingXml(record, member),
    NotificationConfiguration: model.notificationTopicArn ? { TopicArn: model.notificationTopicArn, TopicStatus: 'active' } : undefined,
    CacheSecurityGroups: xmlList('CacheSecurityGroup', []),
    CacheParameterGroup: {
      CacheParameterGroupName: model.parameterGroupName,
      ParameterApplyStatus: rebootPending ? 'pending-reboot' : 'in-sync',
      CacheNodeIdsToReboot: xmlList('CacheNodeId', rebootPending ? member.nodes.map((n) => n.cacheNodeId) : []),
    },
    CacheSubnetGroupName: model.subnetGroupName ?? 'default',
    CacheNodes: showNodes ? xmlList('CacheNode', member.nodes.map((node) => ({
      CacheNodeId: node.cacheNodeId,
      CacheNodeStatus: record.nodeStatus.get(nodeKey(node)) ?? (record.status === 'creating' || record.status === 'deleting' ? record.status : 'available'),
      CacheNodeCreateTime: record.nodeCreatedAt.get(nodeKey(node)) ?? record.createdAt,
      Endpoint: member.replicationGroupId && model.kind === 'replication-group' && model.clusterMode !== 'disabled' ? undefined : endpointXml(node.endpoint),
      ParameterGroupStatus: rebootPending ? 'pending-reboot' : 'in-sync',
      CustomerAvailabilityZone: node.availabilityZone,
    }))) : undefined,
    AutoMinorVersionUpgrade: record.autoMinorVersionUpgrade,
    SecurityGroups: securityGroupsXml(model.securityGroupIds),
    ReplicationGroupId: member.replicationGroupId,
    SnapshotRetentionLimit: model.kind === 'memcached-cluster' ? undefined : model.snapshotRetentionLimit,
    SnapshotWindow: model.kind === 'memcached-cluster' ? undefined : model.snapshotWindow,
    AuthTokenEnabled: model.auth.mode === 'auth-token',
    AuthTokenLastModifiedDate: model.auth.mode === 'auth-token' ? record.authTokenLastModified ?? record.createdAt : undefined,
    TransitEncryptionEnabled: model.tls.enabled,
    AtRestEncryptionEnabled: model.atRestEncryption,
    ARN: elastiCacheArn(env, 'cluster', member.cacheClusterId),
    ReplicationGroupLogDeliveryEnabled: member.replicationGroupId !== undefined && (valkey?.logDelivery.length ?? 0) > 0,
    LogDeliveryConfigurations: logDeliveryXml(valkey?.logDelivery ?? []),
    NetworkType: model.networkType,
    IpDiscovery: model.ipDiscovery,
    TransitEncryptionMode: model.tls.enabled ? model.tls.mode : undefined,
  };
}

/** Every cache cluster of the records (members of replication groups included). */
export function cacheClustersOf(records: readonly CacheRecord[]): { record: CacheRecord; member: MemberCluster }[] {
  return records.flatMap((record) => memberClusters(record.model).map((member) => ({ record, member })));
}

export { members };

/**
 * A Valkey / Redis OSS node moving between a cache cluster of its own and a replication group:
 * CreateReplicationGroup with `PrimaryClusterId` builds a group around an available cluster (its
 * node becomes the primary with its data; the model checks the rest), and DeleteReplicationGroup
 * with `RetainPrimaryCluster` deletes the replicas and the group but keeps the current primary as
 * a cluster of its own, with its data (cluster mode disabled only: a sharded group has no single
 * primary to keep).
 */
import type { NodeModel, ReplicationGroupModel, SingleNodeClusterModel } from '../../model';
import { elastiCacheArn, environmentOf } from '../../naming/arns';
import { captureShards, restoreShards } from '../../snapshots/datasets';
import { recordEvent, roleLookup, runningCache, ServiceContext } from '../context';
import { launchCache, requireAvailable } from './cache-lifecycle';
import { groupOfMemberIn } from './common';
import { groupModel } from './group-changes';
import { API_ERRORS } from '../http/errors';
import type { RequestParams } from '../http/params';
import { nodeKey } from '../store/members';
import type { CacheRecord } from '../store/records';
import { newCacheRecord } from '../store/resource-store';

/** The available cluster `PrimaryClusterId` names (the model rejects a Memcached one), or undefined without it. */
export function primaryClusterRecord(ctx: ServiceContext, params: RequestParams, region: string): CacheRecord | undefined {
  const id = params.string('PrimaryClusterId');
  if (id === undefined) return undefined;
  const record = ctx.store.cacheRecord(id, region, ['single-node-cluster', 'memcached-cluster']);
  if (!record) {
    const group = groupOfMemberIn(ctx, region, id);
    // A member cluster exists (DescribeCacheClusters lists it) but cannot seed another group.
    if (group) throw API_ERRORS.invalidCombination(`Cache cluster ${id.toLowerCase()} is already a member of replication group ${(group.model as { replicationGroupId: string }).replicationGroupId}.`);
    throw API_ERRORS.cacheClusterNotFound(id);
  }
  requireAvailable(record);
  return record;
}

/** Starts the new group with the cluster's data; the cluster is from now on a member of the group. */
export function launchAroundPrimaryCluster(ctx: ServiceContext, group: CacheRecord, cluster: CacheRecord): void {
  const running = runningCache(ctx, cluster);
  ctx.store.removeCache(cluster);
  launchCache(ctx, group, async () => {
    if (!running) return [];
    const files = captureShards(running).map((c) => c.rdb);
    await ctx.simulation.removeCache(running);
    return files;
  });
}

/** The cache cluster the group's primary becomes: the group's settings, the node as it is. */
function retainedCluster(model: ReplicationGroupModel, primary: NodeModel): SingleNodeClusterModel {
  const id = primary.cacheClusterId;
  return {
    kind: 'single-node-cluster',
    origin: { ...model.origin, logicalId: id, resourceType: 'AWS::ElastiCache::CacheCluster' },
    arn: elastiCacheArn(environmentOf(model.origin.account, model.origin.region), 'cluster', id),
    cacheClusterId: id,
    engine: model.engine,
    engineVersion: model.engineVersion,
    nodeType: model.nodeType,
    port: model.port,
    node: { ...primary, role: 'primary' },
    parameterGroupName: model.parameterGroupName,
    subnetGroupName: model.subnetGroupName,
    engineConfig: model.engineConfig,
    snapshotRetentionLimit: model.snapshotRetentionLimit,
    snapshotWindow: model.snapshotWindow,
    preferredMaintenanceWindow: model.preferredMaintenanceWindow,
    networkType: model.networkType,
    ipDiscovery: model.ipDiscovery,
    logDelivery: model.logDelivery,
    notificationTopicArn: model.notificationTopicArn,
    tls: model.tls,
    auth: model.auth,
    atRestEncryption: model.atRestEncryption,
    kmsKeyId: model.kmsKeyId,
    securityGroupIds: model.securityGroupIds,
  };
}

/** DeleteReplicationGroup with RetainPrimaryCluster (after the common checks; a final snapshot first when named). */
export function deleteKeepingPrimary(ctx: ServiceContext, record: CacheRecord, finalSnapshotName?: string): void {
  const model = groupModel(record);
  if (model.clusterMode !== 'disabled') {
    throw API_ERRORS.invalidCombination(`RetainPrimaryCluster is not valid for replication group ${model.replicationGroupId}: it has cluster mode enabled.`);
  }
  const roles = roleLookup(ctx, record);
  const members = [model.shards[0].primary, ...model.shards[0].replicas];
  const primary = members.find((n) => (roles(n.cacheClusterId) ?? n.role) === 'primary') ?? model.shards[0].primary;
  const replicas = members.filter((n) => n !== primary);
  const cluster = retainedCluster(model, primary);
  record.status = 'deleting';
  for (const node of replicas) record.nodeStatus.set(nodeKey(node), 'deleting');
  void ctx.tasks.start(`deleting ${model.replicationGroupId}, keeping ${primary.cacheClusterId}`, async () => {
    const running = runningCache(ctx, record);
    if (finalSnapshotName !== undefined && running) await ctx.snapshots.takeFinal(record, running, finalSnapshotName);
    await ctx.tasks.sleep(ctx.timings.deleteMs);
    // The primary's data, read as the group stops: the kept cluster starts with it.
    const files = running ? captureShards(running, primary.cacheClusterId).map((c) => c.rdb) : [];
    if (running) await ctx.simulation.removeCache(running);
    const kept = newCacheRecord(cluster, 'api', 'available', record.nodeCreatedAt.get(nodeKey(primary)) ?? record.createdAt);
    kept.autoMinorVersionUpgrade = record.autoMinorVersionUpgrade;
    restoreShards(await ctx.simulation.addCache(cluster), files);
    // One step: the group is gone and the cluster listed in its place.
    ctx.store.removeCache(record);
    ctx.snapshots.dropAutomatic(record);
    ctx.store.caches.push(kept);
    for (const node of replicas) recordEvent(ctx, node.cacheClusterId, 'cache-cluster', 'Cache cluster deleted');
    recordEvent(ctx, model.replicationGroupId, 'replication-group', `Replication group ${model.replicationGroupId} deleted`);
  });
}

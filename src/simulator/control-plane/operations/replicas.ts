/**
 * IncreaseReplicaCount and DecreaseReplicaCount (and DeleteCacheCluster on a read replica): replicas
 * are added or removed online — the group is `modifying`, new nodes `creating` then `available`
 * after a full sync, removed nodes `deleting` — while clients keep using the group.
 */
import type { NodeModel, ReplicationGroupModel } from '../../model';
import { recordEvent, roleLookup, ServiceContext } from '../context';
import { requireAvailable } from './cache-lifecycle';
import { Actions, findReplicationGroup } from './common';
import { addReplicaNode, checkShape, groupModel, newReplicaModels, runningGroup, withShards } from './group-changes';
import { ApiError, API_ERRORS } from '../http/errors';
import type { RequestParams } from '../http/params';
import { replicationGroupXml } from '../shapes/replication-group';
import { nodeKey } from '../store/members';
import type { CacheRecord } from '../store/records';

/** Target replica counts per node group from `NewReplicaCount` or `ReplicaConfiguration`. */
function targetCounts(params: RequestParams, model: ReplicationGroupModel): Map<string, { count: number; zones?: string[] }> {
  const newCount = params.integer('NewReplicaCount');
  const configs = params.structList('ReplicaConfiguration');
  if (newCount !== undefined && configs !== undefined) throw API_ERRORS.invalidCombination('Either NewReplicaCount or ReplicaConfiguration can be specified, not both.');
  const targets = new Map<string, { count: number; zones?: string[] }>();
  if (newCount !== undefined) {
    for (const shard of model.shards) targets.set(shard.shardId, { count: newCount });
    return targets;
  }
  if (configs === undefined || configs.length === 0) throw API_ERRORS.invalidCombination('Either NewReplicaCount or ReplicaConfiguration must be specified.');
  for (const config of configs) {
    const shardId = config.requiredString('NodeGroupId').padStart(4, '0');
    if (!model.shards.some((s) => s.shardId === shardId)) {
      throw new ApiError('NodeGroupNotFoundFault', `Node group ${shardId} not found in replication group ${model.replicationGroupId}.`);
    }
    targets.set(shardId, { count: config.requiredInteger('NewReplicaCount'), zones: config.stringList('PreferredAvailabilityZones') });
  }
  return targets;
}

function increase(ctx: ServiceContext, record: CacheRecord, params: RequestParams): void {
  const model = groupModel(record);
  const targets = targetCounts(params, model);
  const added: { shardId: string; node: NodeModel }[] = [];
  const shards = model.shards.map((shard) => {
    const target = targets.get(shard.shardId);
    if (!target) return shard;
    if (target.count <= shard.replicas.length) {
      throw API_ERRORS.invalidValue(`NewReplicaCount ${target.count} for node group ${shard.shardId} must be greater than its current replica count ${shard.replicas.length}.`);
    }
    const nodes = newReplicaModels(ctx, model, shard, target.count - shard.replicas.length, target.zones);
    added.push(...nodes.map((node) => ({ shardId: shard.shardId, node })));
    return { ...shard, replicas: [...shard.replicas, ...nodes] };
  });
  startAddingReplicas(ctx, record, withShards(model, shards), added);
}

/**
 * Adds replicas to a running group (the new model holds them): the group is `modifying`, each new
 * node `creating` until it has fully synchronized, then `available` with its events.
 */
export function startAddingReplicas(
  ctx: ServiceContext,
  record: CacheRecord,
  next: ReplicationGroupModel,
  added: readonly { shardId: string; node: NodeModel }[],
): void {
  const model = groupModel(record);
  checkShape(next);
  const group = runningGroup(ctx, record);
  record.model = next;
  group.reconfigure(next);
  record.status = 'modifying';
  for (const { node } of added) {
    record.nodeStatus.set(nodeKey(node), 'creating');
    record.nodeCreatedAt.set(nodeKey(node), ctx.clock.now());
  }
  void ctx.tasks.start(`adding replicas to ${model.replicationGroupId}`, async () => {
    for (const { shardId, node } of added) await addReplicaNode(group, shardId, node);
    await ctx.tasks.sleep(ctx.timings.addNodeMs);
    for (const { node } of added) {
      record.nodeStatus.delete(nodeKey(node));
      recordEvent(ctx, node.cacheClusterId, 'cache-cluster', 'Cache cluster created');
      recordEvent(ctx, node.cacheClusterId, 'cache-cluster', `Added cache node ${node.cacheNodeId} in availability zone ${node.availabilityZone}`);
    }
    record.status = 'available';
  });
}

/** Removes replicas of a group by member id (validated: replicas only, the shape rules hold after). */
export function decreaseReplicas(ctx: ServiceContext, record: CacheRecord, removeIds: readonly string[]): void {
  requireAvailable(record);
  const model = groupModel(record);
  const wanted = new Set(removeIds.map((id) => id.toLowerCase()));
  for (const id of wanted) {
    const shard = model.shards.find((s) => [s.primary, ...s.replicas].some((n) => n.cacheClusterId === id));
    if (!shard) throw API_ERRORS.invalidValue(`Cache cluster ${id} is not a member of replication group ${model.replicationGroupId}.`);
  }
  const roles = roleLookup(ctx, record);
  for (const id of wanted) {
    if ((roles(id) ?? 'replica') === 'primary') throw API_ERRORS.invalidValue(`Cache cluster ${id} is the primary of its node group: only replicas can be removed.`);
  }
  const next = withShards(model, model.shards.map((s) => ({ ...s, replicas: s.replicas.filter((n) => !wanted.has(n.cacheClusterId)) })));
  checkShape(next);
  const group = runningGroup(ctx, record);
  record.status = 'modifying';
  const removed = model.shards.flatMap((s) => s.replicas).filter((n) => wanted.has(n.cacheClusterId));
  for (const node of removed) record.nodeStatus.set(nodeKey(node), 'deleting');
  void ctx.tasks.start(`removing replicas of ${model.replicationGroupId}`, async () => {
    await ctx.tasks.sleep(ctx.timings.removeNodeMs);
    for (const node of removed) await group.removeReplica(node.cacheClusterId);
    record.model = next;
    group.reconfigure(next);
    for (const node of removed) {
      record.nodeStatus.delete(nodeKey(node));
      recordEvent(ctx, node.cacheClusterId, 'cache-cluster', 'Cache cluster deleted');
    }
    record.status = 'available';
  });
}

/** Replicas to remove to reach the target counts: the newest members of each node group. */
function replicasBeyond(ctx: ServiceContext, record: CacheRecord, params: RequestParams): string[] {
  const model = groupModel(record);
  const roles = roleLookup(ctx, record);
  const explicit = params.stringList('ReplicasToRemove');
  if (explicit && explicit.length > 0) return explicit;
  const targets = targetCounts(params, model);
  return model.shards.flatMap((shard) => {
    const target = targets.get(shard.shardId);
    if (!target) return [];
    if (target.count >= shard.replicas.length) {
      throw API_ERRORS.invalidValue(`NewReplicaCount ${target.count} for node group ${shard.shardId} must be less than its current replica count ${shard.replicas.length}.`);
    }
    if (target.count < 0) throw API_ERRORS.invalidValue('NewReplicaCount must be 0 or more.');
    const members = [shard.primary, ...shard.replicas].filter((n) => (roles(n.cacheClusterId) ?? n.role) !== 'primary');
    return members.slice(target.count).map((n) => n.cacheClusterId);
  });
}

function requireApplyImmediately(params: RequestParams): void {
  if (params.boolean('ApplyImmediately') !== true) {
    throw API_ERRORS.invalidValue('ApplyImmediately must be true: replica count changes are applied immediately.');
  }
}

export function replicaActions(ctx: ServiceContext): Actions {
  return {
    IncreaseReplicaCount: (request) => {
      const record = findReplicationGroup(ctx, request, request.params.requiredString('ReplicationGroupId'));
      requireApplyImmediately(request.params);
      requireAvailable(record);
      increase(ctx, record, request.params);
      return { ReplicationGroup: replicationGroupXml(record, roleLookup(ctx, record)) };
    },

    DecreaseReplicaCount: (request) => {
      const record = findReplicationGroup(ctx, request, request.params.requiredString('ReplicationGroupId'));
      requireApplyImmediately(request.params);
      requireAvailable(record);
      decreaseReplicas(ctx, record, replicasBeyond(ctx, record, request.params));
      return { ReplicationGroup: replicationGroupXml(record, roleLookup(ctx, record)) };
    },
  };
}

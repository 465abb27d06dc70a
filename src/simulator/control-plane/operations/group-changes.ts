/**
 * Changing a running replication group's shape: its model is rebuilt with nodes added or removed
 * and the runtime follows. New member ids continue the group's numbering (`app-004`,
 * `app-0002-003`); new nodes get the service's hostnames and an Availability Zone of the Region.
 */
import { LIMITS } from '../../../catalog/internal';
import type { NodeModel, ReplicationGroupModel, ShardModel } from '../../model';
import { REJECTIONS } from '../../model';
import { environmentOf } from '../../naming/arns';
import { availabilityZonesOf } from '../../naming/regions';
import { ClusterGroup } from '../../runtime';
import { PrimaryReplicaGroup } from '../../runtime/valkey/primary-replica-group';
import { runningCache, ServiceContext } from '../context';
import { ApiError } from '../http/errors';
import { hostnamesFor } from '../store/api-resource';
import type { CacheRecord } from '../store/records';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function groupModel(record: CacheRecord): ReplicationGroupModel {
  if (record.model.kind !== 'replication-group') throw new Error(`${record.model.arn} is not a replication group`);
  return record.model;
}

/** A rejection from the model's table as an API error. */
export function rejection(r: { code: string; message: string }): ApiError {
  return new ApiError(r.code, r.message);
}

/** Highest member index used so far (`app-003` → 3; `app-0002-003` → 3 within its shard). */
function lastIndex(ids: readonly string[]): number {
  return ids.reduce((max, id) => Math.max(max, Number(/-(\d{3})$/.exec(id)?.[1] ?? 0)), 0);
}

/** Models of `count` new replicas of a shard. */
export function newReplicaModels(
  ctx: ServiceContext,
  model: ReplicationGroupModel,
  shard: ShardModel,
  count: number,
  zones: readonly string[] = [],
  ids: readonly string[] = [],
): NodeModel[] {
  const clusterEnabled = model.clusterMode !== 'disabled';
  const env = environmentOf(model.origin.account, model.origin.region);
  const hostnames = hostnamesFor(ctx.seed, env);
  const pool = availabilityZonesOf(model.origin.region);
  const existing = clusterEnabled ? [shard.primary, ...shard.replicas] : model.shards.flatMap((s) => [s.primary, ...s.replicas]);
  const start = lastIndex(existing.map((n) => n.cacheClusterId));
  return Array.from({ length: count }, (_, i) => {
    const index = start + i + 1;
    // A replica added with CreateCacheCluster has the cache cluster id it was given.
    const memberId = ids[i] ?? (clusterEnabled ? `${model.replicationGroupId}-${shard.shardId}-${pad(index, 3)}` : `${model.replicationGroupId}-${pad(index, 3)}`);
    return {
      cacheClusterId: memberId,
      cacheNodeId: '0001',
      role: 'replica',
      availabilityZone: zones[i] ?? pool[(existing.length + i) % pool.length],
      endpoint: {
        kind: 'node',
        hostname: hostnames.member(model.replicationGroupId, memberId, clusterEnabled ? shard.shardId : '0001', model.tls.enabled),
        port: model.port,
        tls: model.tls.enabled,
      },
    };
  });
}

/** Checks replicas per shard (0–5) and, with cluster mode, the node quota of the group. */
export function checkShape(model: ReplicationGroupModel): void {
  for (const shard of model.shards) {
    const replicas = shard.replicas.length;
    if (replicas < LIMITS.replicasPerShard.min || replicas > LIMITS.replicasPerShard.max) throw rejection(REJECTIONS.replicasPerNodeGroup());
  }
  const nodes = model.shards.reduce((n, s) => n + 1 + s.replicas.length, 0);
  if (model.clusterMode !== 'disabled' && nodes > LIMITS.nodesPerClusterModeCluster.max) throw rejection(REJECTIONS.nodeQuotaForCluster());
  if (model.multiAz && model.shards.some((s) => s.replicas.length < 1)) throw rejection(REJECTIONS.multiAzNeedsReplica());
  if (model.clusterMode === 'disabled' && model.automaticFailover && model.shards[0].replicas.length < 1) throw rejection(REJECTIONS.failoverNeedsTwoClusters());
}

export function withShards(model: ReplicationGroupModel, shards: readonly ShardModel[]): ReplicationGroupModel {
  return { ...model, shards };
}

/** The running group, as the runtime that can change its shape. */
export function runningGroup(ctx: ServiceContext, record: CacheRecord): PrimaryReplicaGroup | ClusterGroup {
  const running = runningCache(ctx, record);
  if (running instanceof PrimaryReplicaGroup || running instanceof ClusterGroup) return running;
  throw new ApiError('InvalidReplicationGroupState', `Replication group ${groupModel(record).replicationGroupId} is not running.`);
}

export async function addReplicaNode(group: PrimaryReplicaGroup | ClusterGroup, shardId: string, node: NodeModel): Promise<void> {
  if (group instanceof ClusterGroup) await group.addReplica(shardId, node);
  else await group.addReplica(node);
}

/**
 * ModifyReplicationGroup `PrimaryClusterId`: a planned promotion of a named read replica of a
 * cluster mode disabled group. The replica catches up, becomes the primary with all data, and the
 * former primary rejoins as a replica, with the failover events. The user guide forbids it while
 * automatic failover (Multi-AZ) is enabled: disable it, promote, enable it again.
 */
import type { ReplicationGroupModel } from '../../model';
import { PrimaryReplicaGroup } from '../../runtime/valkey/primary-replica-group';
import type { ServiceContext } from '../context';
import { groupModel, runningGroup } from './group-changes';
import { API_ERRORS } from '../http/errors';
import type { RequestParams } from '../http/params';
import type { CacheRecord } from '../store/records';

/** The member to promote, validated against the group as it will be after the request; undefined when nothing changes. */
export function requestedPromotion(
  model: ReplicationGroupModel,
  next: ReplicationGroupModel,
  params: RequestParams,
  roles: (id: string) => string | undefined,
): string | undefined {
  const id = params.string('PrimaryClusterId')?.toLowerCase();
  if (id === undefined) return undefined;
  if (model.clusterMode !== 'disabled') {
    throw API_ERRORS.invalidCombination('PrimaryClusterId applies to replication groups with a single primary (cluster mode disabled); use TestFailover for a node group of a cluster mode enabled group.');
  }
  const member = model.shards[0] && [model.shards[0].primary, ...model.shards[0].replicas].find((n) => n.cacheClusterId === id);
  if (!member) throw API_ERRORS.cacheClusterNotFound(id);
  if (next.automaticFailover) {
    throw API_ERRORS.invalidCombination(`Cannot promote ${id} to primary while automatic failover (Multi-AZ) is enabled on replication group ${model.replicationGroupId}: disable it first.`);
  }
  return (roles(id) ?? member.role) === 'primary' ? undefined : id;
}

/**
 * Checks now that the replica is linked to the running primary (before the request changes
 * anything) and returns what starts the promotion; the group is `modifying` meanwhile.
 */
export function preparePromotion(ctx: ServiceContext, record: CacheRecord, clusterId: string): () => void {
  const group = runningGroup(ctx, record);
  if (!(group instanceof PrimaryReplicaGroup)) throw API_ERRORS.invalidCombination('PrimaryClusterId applies to replication groups with a single primary.');
  const promote = group.promotion(clusterId);
  return () => {
    record.status = 'modifying';
    void ctx.tasks.start(`promoting ${clusterId} in ${groupModel(record).replicationGroupId}`, async () => {
      try {
        const step = () => ctx.tasks.sleep(ctx.timings.failoverStepMs);
        await step();
        await promote(step);
        await step();
      } finally {
        record.status = 'available';
      }
    });
  };
}

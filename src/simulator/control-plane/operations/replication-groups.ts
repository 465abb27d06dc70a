/**
 * CreateReplicationGroup, DescribeReplicationGroups, DeleteReplicationGroup and TestFailover.
 */
import type { ReplicationGroupModel } from '../../model';
import { roleLookup, runningCache, ServiceContext } from '../context';
import { deleteCache, launchCache, requireAvailable } from './cache-lifecycle';
import { Actions, findReplicationGroup } from './common';
import { datastoreOfGroup } from './global-datastores';
import { paginate } from './pagination';
import { deleteKeepingPrimary, launchAroundPrimaryCluster, primaryClusterRecord } from './primary-cluster-moves';
import { applyRestoreDefaults, restoreSourceOf } from './restore-defaults';
import { checkNewSnapshotName } from './snapshot-names';
import { mergeTags, tagsOf } from './tag-rules';
import { cfnProperties } from './translate';
import { ApiError, API_ERRORS } from '../http/errors';
import { xmlList } from '../http/xml';
import { replicationGroupXml } from '../shapes/replication-group';
import { buildThroughModel } from '../store/api-resource';
import type { CacheRecord } from '../store/records';
import { newCacheRecord } from '../store/resource-store';

/** The Global Datastore role of a group, for `GlobalReplicationGroupInfo`. */
function globalRoleOf(ctx: ServiceContext, record: CacheRecord): { id: string; role: string } | undefined {
  const found = datastoreOfGroup(ctx, record.model as ReplicationGroupModel);
  return found && { id: found.datastore.globalReplicationGroupId, role: found.member.role.toLowerCase() };
}

export function groupXml(ctx: ServiceContext, record: CacheRecord) {
  return replicationGroupXml(record, roleLookup(ctx, record), globalRoleOf(ctx, record));
}

export function replicationGroupActions(ctx: ServiceContext): Actions {
  return {
    DescribeReplicationGroups: ({ params, region }) => {
      const id = params.string('ReplicationGroupId');
      let groups = ctx.store.cachesIn(region).filter((r) => r.model.kind === 'replication-group');
      if (id !== undefined) {
        groups = groups.filter((r) => (r.model as ReplicationGroupModel).replicationGroupId === id.toLowerCase());
        if (groups.length === 0) throw API_ERRORS.replicationGroupNotFound(id);
      }
      const { page, marker } = paginate(groups, params);
      return { Marker: marker, ReplicationGroups: xmlList('ReplicationGroup', page.map((r) => groupXml(ctx, r))) };
    },

    CreateReplicationGroup: ({ params, region }) => {
      const id = params.requiredString('ReplicationGroupId');
      params.requiredString('ReplicationGroupDescription');
      if (params.has('GlobalReplicationGroupId')) {
        throw API_ERRORS.invalidCombination('Joining a Global Datastore with CreateReplicationGroup is not supported by the simulator: declare the secondary in a template.');
      }
      const primaryCluster = primaryClusterRecord(ctx, params, region);
      const tags = mergeTags([], tagsOf(params));
      const props = cfnProperties(params, {
        lists: ['PreferredCacheClusterAZs', 'CacheSecurityGroupNames', 'SecurityGroupIds', 'UserGroupIds'],
        structures: ['NodeGroupConfiguration', 'LogDeliveryConfigurations'],
        skip: ['Tags', 'SnapshotName', 'SnapshotArns', 'ServerlessCacheSnapshotName', 'PreferredOutpostArn', 'PreferredOutpostArns'],
      });
      const restoreFrom = restoreSourceOf(params);
      if (restoreFrom) applyRestoreDefaults(ctx, region, restoreFrom, props, 'group');
      const { model } = buildThroughModel<ReplicationGroupModel>(ctx.store, ctx.seed, { type: 'AWS::ElastiCache::ReplicationGroup', id, region, properties: props }, ctx.clock.now());
      const record = newCacheRecord(model, 'api', 'creating', ctx.clock.now());
      record.restoreFrom = restoreFrom;
      record.autoMinorVersionUpgrade = params.boolean('AutoMinorVersionUpgrade') ?? true;
      record.snapshottingClusterId = params.string('SnapshottingClusterId')?.toLowerCase();
      ctx.store.setTags(model.arn, tags);
      if (primaryCluster) launchAroundPrimaryCluster(ctx, record, primaryCluster);
      else launchCache(ctx, record);
      return { ReplicationGroup: groupXml(ctx, record) };
    },

    DeleteReplicationGroup: (request) => {
      const { params, region } = request;
      const record = findReplicationGroup(ctx, request, params.requiredString('ReplicationGroupId'));
      requireAvailable(record);
      const model = record.model as ReplicationGroupModel;
      if (globalRoleOf(ctx, record)) {
        throw API_ERRORS.invalidReplicationGroupState(model.replicationGroupId, 'member of a Global Datastore');
      }
      const finalSnapshot = params.string('FinalSnapshotIdentifier');
      const name = finalSnapshot === undefined ? undefined : checkNewSnapshotName(ctx, finalSnapshot, region, 'FinalSnapshotIdentifier');
      if (params.boolean('RetainPrimaryCluster') === true) deleteKeepingPrimary(ctx, record, name);
      else deleteCache(ctx, record, name);
      return { ReplicationGroup: groupXml(ctx, record) };
    },

    TestFailover: async (request) => {
      const record = findReplicationGroup(ctx, request, request.params.requiredString('ReplicationGroupId'));
      const shardId = request.params.requiredString('NodeGroupId');
      requireAvailable(record);
      const model = record.model as ReplicationGroupModel;
      if (!model.automaticFailover) {
        throw API_ERRORS.invalidCombination(`Replication group ${model.replicationGroupId} does not have automatic failover enabled: TestFailover needs it.`);
      }
      const shard = model.shards.find((s) => s.shardId === shardId.padStart(4, '0'));
      if (!shard) throw new ApiError('NodeGroupNotFoundFault', `Node group ${shardId} not found in replication group ${model.replicationGroupId}.`);
      const running = runningCache(ctx, record);
      if (!running) throw API_ERRORS.invalidReplicationGroupState(model.replicationGroupId, record.status);
      // The five documented events are recorded as the failover happens; the group is `modifying` meanwhile.
      record.status = 'modifying';
      void ctx.tasks.start(`test failover of ${model.replicationGroupId}/${shard.shardId}`, async () => {
        try {
          // Each documented step at its own time on the simulator clock.
          const step = () => ctx.tasks.sleep(ctx.timings.failoverStepMs);
          await step();
          await running.failover(shard.shardId, step);
          await step();
        } finally {
          record.status = 'available';
        }
      });
      return { ReplicationGroup: groupXml(ctx, record) };
    },
  };
}

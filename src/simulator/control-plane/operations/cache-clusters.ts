/**
 * CreateCacheCluster, DescribeCacheClusters, DeleteCacheCluster: Memcached clusters and
 * single-node Valkey / Redis OSS clusters, and the member clusters of replication groups as
 * DescribeCacheClusters lists them.
 */
import type { MemcachedClusterModel, SingleNodeClusterModel } from '../../model';
import { recordEvent, ServiceContext } from '../context';
import { addReplicaCluster, withAuthToken } from './cache-cluster-extras';
import { deleteCache, launchCache, requireAvailable } from './cache-lifecycle';
import { Actions, findCacheCluster, groupOfMember } from './common';
import { paginate } from './pagination';
import { decreaseReplicas } from './replicas';
import { applyRestoreDefaults, restoreSourceOf } from './restore-defaults';
import { checkNewSnapshotName } from './snapshot-names';
import { mergeTags, tagsOf } from './tag-rules';
import { cfnProperties } from './translate';
import { API_ERRORS } from '../http/errors';
import { xmlList } from '../http/xml';
import { cacheClusterXml, cacheClustersOf } from '../shapes/cache-cluster';
import { buildThroughModel } from '../store/api-resource';
import { memberClusters } from '../store/members';
import { newCacheRecord } from '../store/resource-store';

type ClusterModel = MemcachedClusterModel | SingleNodeClusterModel;

export function cacheClusterActions(ctx: ServiceContext): Actions {
  return {
    DescribeCacheClusters: ({ params, region }) => {
      const id = params.string('CacheClusterId')?.toLowerCase();
      const showNodes = params.boolean('ShowCacheNodeInfo') ?? false;
      const standaloneOnly = params.boolean('ShowCacheClustersNotInReplicationGroups') ?? false;
      let clusters = cacheClustersOf(ctx.store.cachesIn(region).filter((r) => r.model.kind !== 'serverless'));
      if (standaloneOnly) clusters = clusters.filter((c) => c.member.replicationGroupId === undefined);
      if (id !== undefined) {
        clusters = clusters.filter((c) => c.member.cacheClusterId === id);
        if (clusters.length === 0) throw API_ERRORS.cacheClusterNotFound(id);
      }
      const { page, marker } = paginate(clusters, params);
      return { Marker: marker, CacheClusters: xmlList('CacheCluster', page.map((c) => cacheClusterXml(c.record, c.member, showNodes))) };
    },

    CreateCacheCluster: ({ params, region }) => {
      const id = params.requiredString('CacheClusterId');
      if (params.has('ReplicationGroupId')) return { CacheCluster: addReplicaCluster(ctx, params, region) };
      if (!params.has('Engine')) throw API_ERRORS.invalidValue('The parameter Engine must be provided and must not be null.');
      const tags = mergeTags([], tagsOf(params));
      const props = cfnProperties(params, {
        rename: { CacheClusterId: 'ClusterName', SecurityGroupIds: 'VpcSecurityGroupIds' },
        lists: ['PreferredAvailabilityZones', 'CacheSecurityGroupNames', 'SecurityGroupIds'],
        structures: ['LogDeliveryConfigurations'],
        skip: ['Tags', 'SnapshotName', 'SnapshotArns', 'OutpostMode', 'PreferredOutpostArn', 'PreferredOutpostArns', 'AuthToken'],
      });
      props.NumCacheNodes ??= '1';
      const restoreFrom = restoreSourceOf(params);
      if (restoreFrom && String(props.Engine).toLowerCase() === 'memcached') {
        throw API_ERRORS.invalidCombination('Snapshots are not supported for Memcached clusters.');
      }
      if (restoreFrom) applyRestoreDefaults(ctx, region, restoreFrom, props, 'cluster');
      const built = buildThroughModel<ClusterModel>(ctx.store, ctx.seed, { type: 'AWS::ElastiCache::CacheCluster', id, region, properties: props }, ctx.clock.now());
      const model = withAuthToken(built.model, params);
      const record = newCacheRecord(model, 'api', 'creating', ctx.clock.now());
      record.restoreFrom = restoreFrom;
      record.autoMinorVersionUpgrade = params.boolean('AutoMinorVersionUpgrade') ?? true;
      ctx.store.setTags(model.arn, tags);
      launchCache(ctx, record);
      return { CacheCluster: cacheClusterXml(record, memberClusters(model)[0], false) };
    },

    DeleteCacheCluster: (request) => {
      const { params, region } = request;
      const id = params.requiredString('CacheClusterId');
      const finalSnapshot = params.string('FinalSnapshotIdentifier');
      const record = findCacheCluster(ctx, request, id);
      if (!record) {
        const group = groupOfMember(ctx, request, id);
        if (!group) throw API_ERRORS.cacheClusterNotFound(id);
        // A read replica of a cluster-mode-disabled group can be removed with DeleteCacheCluster.
        if (group.model.kind === 'replication-group' && group.model.clusterMode !== 'disabled') {
          throw API_ERRORS.invalidCombination(`Cache cluster ${id} belongs to a cluster mode enabled replication group: use DecreaseReplicaCount.`);
        }
        decreaseReplicas(ctx, group, [id]);
        const member = memberClusters(group.model).find((m) => m.cacheClusterId === id.toLowerCase())!;
        return { CacheCluster: cacheClusterXml(group, member, false) };
      }
      requireAvailable(record);
      if (finalSnapshot !== undefined && record.model.kind === 'memcached-cluster') {
        throw API_ERRORS.invalidCombination('FinalSnapshotIdentifier is not supported for Memcached clusters: Memcached has no snapshots.');
      }
      if (finalSnapshot !== undefined) checkNewSnapshotName(ctx, finalSnapshot, region);
      const member = memberClusters(record.model)[0];
      deleteCache(ctx, record, finalSnapshot?.toLowerCase());
      recordEvent(ctx, member.cacheClusterId, 'cache-cluster', 'Deleting cache cluster');
      return { CacheCluster: cacheClusterXml(record, member, false) };
    },
  };
}

import type { ResourceTypeHandler, ResourceView } from '../template';
import { cacheClusterHandler } from './cache-cluster';
import type { ModelContext } from './context';
import { globalDatastoreHandler } from './global-datastore';
import { parameterGroupHandler } from './parameter-groups';
import { replicationGroupHandler } from './replication-group';
import { serverlessCacheHandler } from './serverless-cache';
import { subnetGroupHandler } from './subnet-groups';
import { userGroupHandler, userHandler } from './users';

/** Types with no local meaning: accepted, reported, `Ref` is their name. */
function notSimulated(context: ModelContext, why: string): ResourceTypeHandler {
  const name = (resource: ResourceView) => `${resource.stack.name}-${resource.logicalId}`.toLowerCase();
  return {
    essential: false,
    create: (resource) => context.warn(resource, `${resource.type} is not simulated: ${why}`),
    physicalId: name,
    attribute: () => undefined,
  };
}

/** Handlers that turn every `AWS::ElastiCache::*` resource into the topology model. */
export function elastiCacheHandlers(context: ModelContext): Record<string, ResourceTypeHandler> {
  return {
    'AWS::ElastiCache::ReplicationGroup': replicationGroupHandler(context),
    'AWS::ElastiCache::CacheCluster': cacheClusterHandler(context),
    'AWS::ElastiCache::ServerlessCache': serverlessCacheHandler(context),
    'AWS::ElastiCache::User': userHandler(context),
    'AWS::ElastiCache::UserGroup': userGroupHandler(context),
    'AWS::ElastiCache::ParameterGroup': parameterGroupHandler(context),
    'AWS::ElastiCache::SubnetGroup': subnetGroupHandler(context),
    'AWS::ElastiCache::GlobalReplicationGroup': globalDatastoreHandler(context),
    'AWS::ElastiCache::SecurityGroup': notSimulated(context, 'EC2-Classic cache security groups have no local meaning'),
    'AWS::ElastiCache::SecurityGroupIngress': notSimulated(context, 'EC2-Classic cache security groups have no local meaning'),
    // Snapshots are taken through the simulator's ElastiCache API and by automatic backups, not from template resources.
    'AWS::ElastiCache::Snapshot': notSimulated(context, 'the template resource takes no snapshot; use CreateSnapshot on the simulator\'s ElastiCache API or automatic backups'),
    'AWS::ElastiCache::ServerlessCacheSnapshot': notSimulated(context, 'the template resource takes no snapshot; use CreateServerlessCacheSnapshot on the simulator\'s ElastiCache API or DailySnapshotTime'),
  };
}

import { environmentOf } from '../naming/arns';
import type { ResourceView } from '../template';
import { ModelContext } from './context';
import { findParameterGroup } from './parameter-groups';
import type { PropertyReader } from './property-reader';
import { reject, REJECTIONS } from './service-errors';
import type { CacheModel, NodeModel, ParameterGroupModel, ReplicationGroupModel, SingleNodeClusterModel } from './types';

/**
 * `PrimaryClusterId`: the group is built around an existing Valkey / Redis OSS cache cluster, whose
 * node becomes the group's primary (with its data) and which from then on is a member of the group,
 * no longer a cache of its own. Engine, version, node type, port, parameter group and transit
 * encryption come from that cluster.
 */
export interface PrimaryCluster {
  readonly cluster: SingleNodeClusterModel;
  /** What the group takes from the cluster (as a Global Datastore secondary takes from its primary). */
  readonly inherited: Partial<ReplicationGroupModel>;
  readonly parameterGroup: ParameterGroupModel;
}

/** The cache cluster `PrimaryClusterId` names, taken out of the caches that run on their own. */
export function takePrimaryCluster(context: ModelContext, resource: ResourceView, props: PropertyReader): PrimaryCluster | undefined {
  const id = props.string('PrimaryClusterId');
  if (id === undefined) return undefined;
  const cluster = findCacheCluster(context, resource, id);
  if (cluster === undefined) reject(resource, REJECTIONS.cacheClusterNotFound(id), 'PrimaryClusterId');
  if (cluster.kind !== 'single-node-cluster') {
    const engine = cluster.kind === 'memcached-cluster' ? 'Memcached' : cluster.kind;
    reject(resource, REJECTIONS.invalidValue(`Cache cluster ${id} runs ${engine}: only a Valkey or Redis OSS cluster can be a group's primary.`), 'PrimaryClusterId');
  }
  if (props.has('NumNodeGroups') && props.integer('NumNodeGroups') !== 1 || ['enabled', 'compatible'].includes(props.string('ClusterMode') ?? 'disabled')) {
    reject(resource, REJECTIONS.invalidCombination('PrimaryClusterId builds a group with cluster mode disabled: leave out NumNodeGroups and ClusterMode.'), 'PrimaryClusterId');
  }
  if (props.has('SnapshotName') || props.has('SnapshotArns')) {
    const message = 'A group built around an existing cluster keeps that cluster\'s data: SnapshotName and SnapshotArns cannot be used with PrimaryClusterId.';
    reject(resource, REJECTIONS.invalidCombination(message), 'PrimaryClusterId');
  }
  context.caches.splice(context.caches.indexOf(cluster), 1);
  return {
    cluster,
    inherited: {
      engine: cluster.engine,
      engineVersion: cluster.engineVersion,
      nodeType: cluster.nodeType,
      port: cluster.port,
      tls: cluster.tls,
      auth: cluster.auth,
    },
    parameterGroup: findParameterGroup(resource, cluster.parameterGroupName, 'PrimaryClusterId'),
  };
}

/**
 * A property the group sets must agree with the cluster it is built around (the service takes it
 * from the cluster; a different value would be a silent wrong answer).
 */
export function checkAgreesWithPrimaryCluster(
  resource: ResourceView, primary: PrimaryCluster, property: string, asked: unknown, actual: unknown,
): void {
  if (asked === actual) return;
  reject(resource, REJECTIONS.invalidCombination(
    `${property} ${JSON.stringify(asked)} differs from ${JSON.stringify(actual)} of primary cluster ${primary.cluster.cacheClusterId}: a group built around an existing cluster takes it from the cluster.`,
  ), property);
}

/** The group's primary node: the cluster's node, in its zone, named as a member of the group. */
export function primaryNodeFrom(primary: PrimaryCluster, planned: NodeModel): NodeModel {
  const { node } = primary.cluster;
  return { ...planned, cacheClusterId: node.cacheClusterId, cacheNodeId: node.cacheNodeId, availabilityZone: node.availabilityZone };
}

/** A cache cluster of the simulated stacks by id: one already created, else one created now. */
function findCacheCluster(context: ModelContext, resource: ResourceView, id: string): CacheModel | undefined {
  const { account, region } = resource.stack.env;
  const matches = (cache: CacheModel) => 'cacheClusterId' in cache && cache.cacheClusterId === id.toLowerCase()
    && cache.origin.region === region && cache.origin.account === account;
  const created = context.caches.find(matches);
  if (created) return created;
  const declared = resource.stack.assembly
    .resourcesOfType('AWS::ElastiCache::CacheCluster', environmentOf(account, region))
    .map((candidate) => candidate.state() as CacheModel)
    .find(matches);
  return declared && context.caches.includes(declared) ? declared : undefined;
}

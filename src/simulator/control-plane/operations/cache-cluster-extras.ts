/**
 * CreateCacheCluster beyond a standalone cluster: with `ReplicationGroupId` it adds a read replica,
 * named by `CacheClusterId`, to an existing cluster mode disabled replication group (the user
 * guide's way to add a replica; it inherits the group's settings, starts, fully synchronizes and
 * joins MemberClusters); with `AuthToken` a single-node Valkey / Redis OSS cluster, which needs
 * in-transit encryption, requires the token.
 */
import type { SingleNodeClusterModel } from '../../model';
import type { ServiceContext } from '../context';
import { checkedToken } from './auth-token-changes';
import { requireAvailable } from './cache-lifecycle';
import { groupModel, newReplicaModels } from './group-changes';
import { startAddingReplicas } from './replicas';
import { ApiError, API_ERRORS } from '../http/errors';
import type { RequestParams } from '../http/params';
import type { XmlObject } from '../http/xml';
import { cacheClusterXml, cacheClustersOf } from '../shapes/cache-cluster';
import { memberClusters } from '../store/members';

/** Settings a replica takes from its group: a request may repeat them, not change them. */
const INHERITED: readonly [string, (m: ReturnType<typeof groupModel>) => string | number][] = [
  ['Engine', (m) => m.engine],
  ['EngineVersion', (m) => m.engineVersion],
  ['CacheNodeType', (m) => m.nodeType],
  ['CacheParameterGroupName', (m) => m.parameterGroupName],
  ['Port', (m) => m.port],
];

/** CreateCacheCluster with ReplicationGroupId: the new replica's member description. */
export function addReplicaCluster(ctx: ServiceContext, params: RequestParams, region: string): XmlObject {
  const id = params.requiredString('CacheClusterId').toLowerCase();
  const groupId = params.requiredString('ReplicationGroupId');
  const record = ctx.store.cacheRecord(groupId, region, ['replication-group']);
  if (!record) throw API_ERRORS.replicationGroupNotFound(groupId);
  const model = groupModel(record);
  if (model.clusterMode !== 'disabled') {
    throw API_ERRORS.invalidCombination(`Replication group ${model.replicationGroupId} has cluster mode enabled: add replicas with IncreaseReplicaCount, not CreateCacheCluster.`);
  }
  if (cacheClustersOf(ctx.store.cachesIn(region)).some((c) => c.member.cacheClusterId === id)) {
    throw new ApiError('CacheClusterAlreadyExists', `Cache cluster ${id} already exists.`);
  }
  const nodes = params.integer('NumCacheNodes');
  if (nodes !== undefined && nodes !== 1) throw API_ERRORS.invalidValue(`A cache cluster in a replication group has one node; NumCacheNodes ${nodes} is not allowed.`);
  for (const [name, current] of INHERITED) {
    const requested = params.string(name);
    if (requested !== undefined && requested.toLowerCase() !== String(current(model)).toLowerCase()) {
      throw API_ERRORS.invalidCombination(`${name} ${requested} differs from replication group ${model.replicationGroupId} (${current(model)}): a replica takes the group's value.`);
    }
  }
  if (params.has('AuthToken')) throw API_ERRORS.invalidCombination('AuthToken belongs to the replication group: a replica uses the group\'s authentication.');
  requireAvailable(record);
  const shard = model.shards[0];
  const zone = params.string('PreferredAvailabilityZone');
  const [node] = newReplicaModels(ctx, model, shard, 1, zone === undefined ? [] : [zone], [id]);
  startAddingReplicas(ctx, record, { ...model, shards: [{ ...shard, replicas: [...shard.replicas, node] }] }, [{ shardId: shard.shardId, node }]);
  const member = memberClusters(record.model).find((m) => m.cacheClusterId === id)!;
  return cacheClusterXml(record, member, false);
}

/** The cluster's authentication with `AuthToken` (Valkey / Redis OSS with in-transit encryption only). */
export function withAuthToken<T extends { kind: string }>(model: T, params: RequestParams): T {
  const token = params.string('AuthToken');
  if (token === undefined) return model;
  if (model.kind !== 'single-node-cluster') throw API_ERRORS.invalidCombination('AuthToken is only supported for Valkey and Redis OSS clusters.');
  const cluster = model as unknown as SingleNodeClusterModel;
  if (!cluster.tls.enabled) throw API_ERRORS.invalidValue('The AUTH token is only supported when encryption-in-transit is enabled');
  return { ...model, auth: { mode: 'auth-token', authToken: checkedToken(token) } };
}

/**
 * Runtimes by cache kind: node-based caches have theirs here, serverless caches theirs in
 * serverless/; a kind without a runtime is listed as not started, with the reason, never faked.
 */
import type { CacheModel, MemcachedClusterModel, ReplicationGroupModel, SingleNodeClusterModel } from '../model';
import { MemcachedCluster } from './memcached/memcached-cluster';
import { serverlessRuntime } from './serverless';
import type { CacheRuntime } from './types';
import { ClusterGroup } from './valkey/cluster-group';
import { PrimaryReplicaGroup } from './valkey/primary-replica-group';
import { SingleNodeCluster } from './valkey/single-node-cluster';

export class CacheRuntimeRegistry {
  private readonly runtimes = new Map<CacheModel['kind'], CacheRuntime>();

  /** Adds (or replaces) the runtime of a cache kind. */
  public register<M extends CacheModel>(runtime: CacheRuntime<M>): this {
    this.runtimes.set(runtime.kind, runtime as unknown as CacheRuntime);
    return this;
  }

  public runtimeFor(kind: CacheModel['kind']): CacheRuntime | undefined {
    return this.runtimes.get(kind);
  }
}

const REPLICATION_GROUPS: CacheRuntime<ReplicationGroupModel> = {
  kind: 'replication-group',
  start: (model, context) => (model.clusterMode === 'disabled' ? new PrimaryReplicaGroup(model, context) : new ClusterGroup(model, context)).start(),
};

const MEMCACHED_CLUSTERS: CacheRuntime<MemcachedClusterModel> = {
  kind: 'memcached-cluster',
  start: (model, context) => new MemcachedCluster(model, context).start(),
};

const SINGLE_NODE_CLUSTERS: CacheRuntime<SingleNodeClusterModel> = {
  kind: 'single-node-cluster',
  start: (model, context) => new SingleNodeCluster(model, context).start(),
};

/** Runtimes for every cache kind the simulator runs today. */
export function defaultRuntimes(): CacheRuntimeRegistry {
  return new CacheRuntimeRegistry().register(REPLICATION_GROUPS).register(MEMCACHED_CLUSTERS).register(SINGLE_NODE_CLUSTERS)
    .register(serverlessRuntime());
}

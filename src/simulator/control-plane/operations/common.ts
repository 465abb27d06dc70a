/** Helpers the operation modules share: finding caches by id with the service's not-found errors. */
import type { CacheModel } from '../../model';
import type { ServiceContext } from '../context';
import { API_ERRORS } from '../http/errors';
import type { ApiRequest, ActionHandler } from '../http/server';
import type { CacheRecord } from '../store/records';

export type Actions = Record<string, ActionHandler>;

export function findReplicationGroup(ctx: ServiceContext, request: ApiRequest, id: string): CacheRecord {
  return ctx.store.cacheRecord(id, request.region, ['replication-group']) ?? (() => { throw API_ERRORS.replicationGroupNotFound(id); })();
}

export function findServerlessCache(ctx: ServiceContext, request: ApiRequest, name: string): CacheRecord {
  return ctx.store.cacheRecord(name, request.region, ['serverless']) ?? (() => { throw API_ERRORS.serverlessCacheNotFound(name); })();
}

/** A Memcached or single-node cache cluster (not a member of a replication group). */
export function findCacheCluster(ctx: ServiceContext, request: ApiRequest, id: string): CacheRecord | undefined {
  return ctx.store.cacheRecord(id, request.region, ['memcached-cluster', 'single-node-cluster']);
}

/** The replication group a member cache cluster (`app-001`, `app-0002-001`) belongs to. */
export function groupOfMember(ctx: ServiceContext, request: ApiRequest, memberId: string): CacheRecord | undefined {
  return groupOfMemberIn(ctx, request.region, memberId);
}

/** The replication group of a region that a member cache cluster belongs to. */
export function groupOfMemberIn(ctx: ServiceContext, region: string, memberId: string): CacheRecord | undefined {
  const wanted = memberId.toLowerCase();
  return ctx.store.cachesIn(region).find((r) => r.model.kind === 'replication-group'
    && r.model.shards.some((s) => [s.primary, ...s.replicas].some((n) => n.cacheClusterId === wanted)));
}

export function isNodeBased(model: CacheModel): boolean {
  return model.kind !== 'serverless';
}

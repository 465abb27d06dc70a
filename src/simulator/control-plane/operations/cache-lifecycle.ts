/**
 * The life of a cache created or deleted through the API, on the simulator clock: `creating` while
 * its nodes start (and its data is restored from a snapshot), `available` with the service's
 * creation events, `deleting` until it is gone (after an optional final snapshot).
 */
import type { CacheModel } from '../../model';
import { cacheIdOf } from '../../runtime';
import { restoreShards } from '../../snapshots/datasets';
import { recordEvent, runningCache, ServiceContext } from '../context';
import { API_ERRORS } from '../http/errors';
import { memberClusters, nodeKey } from '../store/members';
import type { CacheRecord } from '../store/records';

/** The `Invalid…State` error of a cache that is not available. */
export function notAvailableError(record: CacheRecord): Error {
  const id = cacheIdOf(record.model);
  switch (record.model.kind) {
    case 'replication-group': return API_ERRORS.invalidReplicationGroupState(id, record.status);
    case 'serverless': return API_ERRORS.invalidServerlessCacheState(id, record.status);
    default: return API_ERRORS.invalidCacheClusterState(id, record.status);
  }
}

export function requireAvailable(record: CacheRecord): void {
  if (record.status !== 'available') throw notAvailableError(record);
}

function creationEvents(ctx: ServiceContext, model: CacheModel): void {
  if (model.kind === 'serverless') {
    recordEvent(ctx, model.serverlessCacheName, 'serverless-cache', `Serverless cache ${model.serverlessCacheName} created`);
    return;
  }
  for (const member of memberClusters(model)) {
    recordEvent(ctx, member.cacheClusterId, 'cache-cluster', 'Cache cluster created');
    for (const node of member.nodes) {
      recordEvent(ctx, member.cacheClusterId, 'cache-cluster', `Added cache node ${node.cacheNodeId} in availability zone ${node.availabilityZone}`);
    }
  }
  if (model.kind === 'replication-group') recordEvent(ctx, model.replicationGroupId, 'replication-group', `Replication group ${model.replicationGroupId} created`);
}

/**
 * Adds a new cache to the store as `creating` and brings it up in the background: its nodes
 * start, its data is restored when it names snapshots (or comes from `startingData`, RDB files),
 * then it turns `available`.
 */
export function launchCache(ctx: ServiceContext, record: CacheRecord, startingData?: () => Promise<readonly Buffer[]>): void {
  ctx.store.caches.push(record);
  for (const member of memberClusters(record.model)) {
    for (const node of member.nodes) {
      record.nodeStatus.set(nodeKey(node), 'creating');
      record.nodeCreatedAt.set(nodeKey(node), record.createdAt);
    }
  }
  const duration = record.model.kind === 'serverless' ? ctx.timings.createServerlessMs : ctx.timings.createMs;
  void ctx.tasks.start(`creating ${cacheIdOf(record.model)}`, async () => {
    const started = ctx.clock.nowMs();
    // Data handed over from another cache (a group built around a cluster) is read just before the start.
    const files = await startingData?.();
    const running = await ctx.simulation.addCache(record.model);
    if (files) restoreShards(running, files);
    if (record.restoreFrom !== undefined) await ctx.snapshots.restore(record, running, record.restoreFrom);
    await ctx.tasks.sleep(Math.max(0, duration - (ctx.clock.nowMs() - started)));
    if (!ctx.store.caches.includes(record)) return;
    record.nodeStatus.clear();
    record.status = 'available';
    creationEvents(ctx, record.model);
  });
}

/**
 * Marks a cache `deleting` and removes it in the background: a final snapshot first when asked
 * for, then its nodes stop, its automatic snapshots go, and it is no longer listed.
 */
export function deleteCache(ctx: ServiceContext, record: CacheRecord, finalSnapshotName?: string): void {
  record.status = 'deleting';
  const id = cacheIdOf(record.model);
  void ctx.tasks.start(`deleting ${id}`, async () => {
    const running = runningCache(ctx, record);
    if (finalSnapshotName !== undefined && running) await ctx.snapshots.takeFinal(record, running, finalSnapshotName);
    await ctx.tasks.sleep(ctx.timings.deleteMs);
    if (running) await ctx.simulation.removeCache(running);
    ctx.store.removeCache(record);
    ctx.snapshots.dropAutomatic(record);
    const model = record.model;
    if (model.kind === 'serverless') recordEvent(ctx, id, 'serverless-cache', `Serverless cache ${id} deleted`);
    else if (model.kind === 'replication-group') recordEvent(ctx, id, 'replication-group', `Replication group ${id} deleted`);
    else recordEvent(ctx, id, 'cache-cluster', 'Cache cluster deleted');
  });
}

/**
 * Pending changes across a restart with a state directory. The changes a maintenance window
 * applies (Memcached nodes to add or remove, a node type, an engine upgrade) are saved with their
 * cache and the time they apply — the cache's next maintenance window, or the moment of the save
 * for a change that was already running — and scheduled again through the same schedulers a
 * Modify request uses, so Describe shows the same `PendingModifiedValues` until the change runs.
 * Changes that take effect only when they end (AUTH token, in-transit encryption) are not kept: one
 * interrupted by the stop did not happen.
 */
import type { CacheRecord, PendingChanges } from './records';
import { defaultMaintenanceWindow, nextMaintenanceWindow } from '../../lifecycle/windows';
import type { CacheModel } from '../../model';
import type { ServiceContext } from '../context';
import { NodeChange, scheduleChange } from '../operations/cache-cluster-changes';
import type { NodeBasedModel } from '../operations/engine-settings';
import { EngineUpgrade, scheduleEngineUpgrade } from '../operations/engine-upgrades';
import { scheduleNodeType } from '../operations/group-modify';

/** The pending values a restart keeps: those of the changes a maintenance window applies. */
const KEPT: readonly (keyof PendingChanges)[] = [
  'numCacheNodes', 'cacheNodeIdsToRemove', 'newAvailabilityZones', 'cacheNodeType', 'engineVersion', 'upgradeEngine', 'upgradeParameterGroupName',
];

/** What a state file holds about a cache's pending changes. */
export interface SavedPendingChanges {
  readonly values: PendingChanges;
  /** ISO time the changes apply. */
  readonly appliesAt: string;
}

/** The cache's pending window changes and when they apply, or undefined when none waits. */
export function savePendingChanges(ctx: ServiceContext, record: CacheRecord): SavedPendingChanges | undefined {
  const values: Record<string, unknown> = {};
  for (const key of KEPT) if (record.pending[key] !== undefined) values[key] = record.pending[key];
  if (Object.keys(values).length === 0 || record.model.kind === 'serverless') return undefined;
  const model = record.model as NodeBasedModel;
  const appliesAt = record.status === 'modifying'
    ? ctx.clock.now()
    : nextMaintenanceWindow(model.preferredMaintenanceWindow ?? defaultMaintenanceWindow(model.arn), ctx.clock.now());
  return { values: values as PendingChanges, appliesAt: appliesAt.toISOString() };
}

/** Node changes of a Memcached cluster, as `ModifyCacheCluster` left them pending. */
function nodeChangeOf(model: CacheModel, pending: PendingChanges): NodeChange | undefined {
  if (model.kind !== 'memcached-cluster' || pending.numCacheNodes === undefined) return undefined;
  const removeIds = pending.cacheNodeIdsToRemove ?? [];
  const add = removeIds.length > 0 ? 0 : Math.max(0, pending.numCacheNodes - model.nodes.length);
  return { add, removeIds, zones: pending.newAvailabilityZones ?? [] };
}

/** The engine upgrade left pending; its parameter group must still exist. */
function upgradeOf(ctx: ServiceContext, model: NodeBasedModel, pending: PendingChanges): EngineUpgrade | undefined {
  if (pending.engineVersion === undefined || pending.upgradeEngine === undefined || pending.upgradeParameterGroupName === undefined) return undefined;
  const parameterGroup = ctx.store.parameterGroup(pending.upgradeParameterGroupName, model.origin.region);
  if (!parameterGroup) {
    throw new Error(`${model.arn}: the pending upgrade to ${pending.upgradeEngine} ${pending.engineVersion} names parameter group ${pending.upgradeParameterGroupName}, which no longer exists`);
  }
  return { engine: pending.upgradeEngine as EngineUpgrade['engine'], engineVersion: pending.engineVersion, parameterGroup };
}

/** Schedules again the changes a previous run left pending on a cache (it runs, and is available). */
export function resumePendingChanges(ctx: ServiceContext, record: CacheRecord, saved: SavedPendingChanges): void {
  if (record.model.kind === 'serverless') return;
  const model = record.model as NodeBasedModel;
  const pending = saved.values;
  const delayMs = Math.max(0, new Date(saved.appliesAt).getTime() - ctx.clock.nowMs());
  const upgrade = upgradeOf(ctx, model, pending);
  if (upgrade) scheduleEngineUpgrade(ctx, record, upgrade, delayMs === 0);
  if (model.kind === 'replication-group') {
    if (pending.cacheNodeType !== undefined) scheduleNodeType(ctx, record, pending.cacheNodeType, delayMs);
    return;
  }
  const change = nodeChangeOf(model, pending);
  if (change === undefined && pending.cacheNodeType === undefined) return;
  record.pending.numCacheNodes = pending.numCacheNodes;
  record.pending.cacheNodeIdsToRemove = pending.cacheNodeIdsToRemove;
  record.pending.newAvailabilityZones = pending.newAvailabilityZones;
  record.pending.cacheNodeType = pending.cacheNodeType;
  if (delayMs === 0) record.status = 'modifying';
  scheduleChange(ctx, record, delayMs, change, pending.cacheNodeType);
}

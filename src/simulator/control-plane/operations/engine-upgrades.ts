/**
 * Engine upgrades of node-based caches (`EngineVersion`, and `Engine` for the Redis OSS → Valkey
 * upgrade) through ModifyReplicationGroup and ModifyCacheCluster. The request is checked as the
 * service checks it: the version must exist for the engine, only upgrades are allowed (plus the
 * documented rollback from Valkey 7.2 to Redis OSS 7.1), the node type must run the new version,
 * a parameter group family change needs a group of the new family (the default group of that
 * family when none is named), and a Memcached group must meet the new version's parameter rules
 * (the slab_chunk_max conditions from 1.4.33). The upgrade runs now (`ApplyImmediately`) or in the
 * maintenance window, pending meanwhile; the cache is `modifying` while its nodes restart on the
 * new engine: Valkey / Redis OSS nodes keep their data, Memcached nodes start empty, as a
 * Memcached upgrade does on the service.
 */
import { checkNodeTypeForEngine, compareVersions, findEngineVersion, validateParameterGroup } from '../../../catalog/internal';
import type { EngineVersionInfo } from '../../../catalog/internal';
import type { ScheduledTask } from '../../clock';
import { defaultMaintenanceWindow, nextMaintenanceWindow } from '../../lifecycle/windows';
import type { CacheModel, ParameterGroupModel } from '../../model';
import { REJECTIONS } from '../../model';
import type { RunningCache } from '../../runtime';
import { restartShardsKeepingData } from '../../runtime/valkey/engine-upgrade';
import { shardsOf } from '../../snapshots/datasets';
import { recordEvent, runningCache, ServiceContext } from '../context';
import { engineConfigFor, NodeBasedModel, parameterGroupOfCache, reconfigureRunning } from './engine-settings';
import { datastoreOfGroup } from './global-datastores';
import { rejection } from './group-changes';
import { API_ERRORS } from '../http/errors';
import type { RequestParams } from '../http/params';
import type { CacheRecord } from '../store/records';

/** What a cache becomes after an upgrade. */
export interface EngineUpgrade {
  readonly engine: NodeBasedModel['engine'];
  readonly engineVersion: string;
  readonly parameterGroup: ParameterGroupModel;
}

/** Upgrades waiting for the maintenance window, per cache. */
const deferred = new WeakMap<CacheRecord, ScheduledTask>();

/**
 * An engine version as the API reads it: a documented version or `N.x`; Valkey and Redis OSS 6 or
 * later are chosen by major.minor, so a patch version is refused with the service's message.
 */
export function apiEngineVersion(engine: string, requested: string): EngineVersionInfo {
  const parts = requested.split('.');
  if (engine !== 'memcached' && parts.length === 3 && /^\d+$/.test(parts[2]) && Number(parts[0]) >= 6) {
    throw rejection(REJECTIONS.patchVersionNotAllowed(requested, `${parts[0]}.${parts[1]}`));
  }
  const found = engine === 'valkey' || engine === 'redis' || engine === 'memcached' ? findEngineVersion(engine, requested) : undefined;
  if (!found || (found.version !== requested && !/^\d+\.x$/.test(requested))) throw rejection(REJECTIONS.unknownEngineVersion(requested, engine));
  return found;
}

/** The documented rollback: Valkey 7.2 back to Redis OSS 7.1, the way an upgrade is made (002:L508). */
function isDocumentedRollback(from: { engine: string; version: string }, to: EngineVersionInfo): boolean {
  return from.engine === 'valkey' && from.version === '7.2' && to.engine === 'redis' && to.version === '7.1';
}

/** Checks the direction of a change of engine or version (only upgrades; Redis OSS → Valkey). */
export function checkUpgradePath(from: { engine: string; version: string }, to: EngineVersionInfo): void {
  if (isDocumentedRollback(from, to)) return;
  if (from.engine !== to.engine) {
    if (from.engine === 'redis' && to.engine === 'valkey') return;
    throw API_ERRORS.invalidCombination(`Cannot change the engine from ${from.engine} to ${to.engine}: only Redis OSS caches can move to Valkey (and Valkey 7.2 back to Redis OSS 7.1).`);
  }
  if (compareVersions(to.version, from.version) < 0) {
    throw API_ERRORS.invalidCombination(`Cannot downgrade ${from.engine} from version ${from.version} to ${to.version}: engine versions can only be upgraded.`);
  }
}

/** The parameter group the upgraded cache uses: the named one (of the new family), the current one, or the new family's default. */
function upgradeParameterGroup(ctx: ServiceContext, model: NodeBasedModel, family: string, name: string | undefined): ParameterGroupModel {
  const current = parameterGroupOfCache(ctx, model);
  if (name === undefined) {
    if (current.family === family) return current;
    const clusterSuffix = model.kind === 'replication-group' && model.clusterMode !== 'disabled' ? '.cluster.on' : '';
    return parameterGroupOfCache(ctx, model, `default.${family}${clusterSuffix}`);
  }
  const group = parameterGroupOfCache(ctx, model, name);
  if (group.family !== family) throw rejection(REJECTIONS.parameterGroupFamily(family, group.family));
  if (model.kind === 'replication-group' && group.clusterEnabled !== (model.clusterMode !== 'disabled')) {
    throw API_ERRORS.invalidCombination(`Parameter group ${group.name} has cluster-enabled ${group.clusterEnabled ? 'yes' : 'no'}: it cannot be used with the cluster mode of replication group ${model.replicationGroupId}.`);
  }
  return group;
}

/** The upgrade a Modify request asks for, checked; undefined when it asks for none (or for the current version). */
export function requestedUpgrade(ctx: ServiceContext, model: NodeBasedModel, params: RequestParams): EngineUpgrade | undefined {
  const engineParam = params.string('Engine')?.toLowerCase();
  const versionParam = params.string('EngineVersion');
  if (engineParam === undefined && versionParam === undefined) return undefined;
  const engine = engineParam ?? model.engine;
  if (engine !== model.engine && versionParam === undefined) {
    throw API_ERRORS.invalidCombination(`EngineVersion is required when Engine changes from ${model.engine} to ${engine}.`);
  }
  if (engine !== 'valkey' && engine !== 'redis' && engine !== 'memcached') throw API_ERRORS.invalidValue(`Invalid Engine '${engineParam}': use valkey, redis or memcached.`);
  const target = apiEngineVersion(engine, versionParam ?? model.engineVersion);
  if (target.engine === model.engine && target.version === model.engineVersion) return undefined;
  checkUpgradePath({ engine: model.engine, version: model.engineVersion }, target);
  // Every member counts: the primary and a failed-over former primary do not name the datastore themselves.
  const membership = model.kind === 'replication-group' ? datastoreOfGroup(ctx, model) : undefined;
  if (membership && model.kind === 'replication-group') {
    throw API_ERRORS.invalidCombination(`Replication group ${model.replicationGroupId} is a member of Global Datastore ${membership.datastore.globalReplicationGroupId}: upgrade it with ModifyGlobalReplicationGroup.`);
  }
  const nodeProblem = checkNodeTypeForEngine(model.nodeType, target.engine, target.version);
  if (nodeProblem) throw rejection(REJECTIONS.nodeTypeEngineVersion(nodeProblem));
  const parameterGroup = upgradeParameterGroup(ctx, model, target.parameterGroupFamily, params.string('CacheParameterGroupName'));
  if (target.engine === 'memcached') {
    // From 1.4.33 the group's max_item_size must satisfy the slab_chunk_max conditions (002:L661).
    const context = { engineVersion: target.version, nodeType: model.nodeType };
    const problems = validateParameterGroup(parameterGroup.family, parameterGroup.values, context);
    if (problems.length > 0) throw API_ERRORS.invalidCombination(`Cannot upgrade to memcached ${target.version}: ${problems[0]}`);
  }
  return { engine: target.engine as EngineUpgrade['engine'], engineVersion: target.version, parameterGroup };
}

function cacheId(model: NodeBasedModel): string {
  return model.kind === 'replication-group' ? model.replicationGroupId : model.cacheClusterId;
}

/** Restarts a running cache's nodes on the engine of its (already updated) model. */
async function restartNodes(running: RunningCache | undefined, model: NodeBasedModel): Promise<void> {
  if (!running) return;
  if (model.kind === 'memcached-cluster') {
    const memcached = running as unknown as { rebootNodes(ids: readonly string[]): Promise<void> };
    await memcached.rebootNodes(model.nodes.map((n) => n.cacheNodeId));
    return;
  }
  const shards = shardsOf(running);
  if (shards) await restartShardsKeepingData(shards);
}

async function runUpgrade(ctx: ServiceContext, record: CacheRecord, upgrade: EngineUpgrade): Promise<void> {
  if (!ctx.store.caches.includes(record)) return;
  record.status = 'modifying';
  try {
    const before = record.model as NodeBasedModel;
    const id = cacheId(before);
    const sourceType = before.kind === 'replication-group' ? 'replication-group' : 'cache-cluster';
    recordEvent(ctx, id, sourceType, `Upgrading engine from ${before.engine} ${before.engineVersion} to ${upgrade.engine} ${upgrade.engineVersion}`);
    await ctx.tasks.sleep(ctx.timings.modifyMs);
    const current = record.model as NodeBasedModel;
    const next = {
      ...current, engine: upgrade.engine, engineVersion: upgrade.engineVersion, parameterGroupName: upgrade.parameterGroup.name,
    } as NodeBasedModel;
    record.model = { ...next, engineConfig: engineConfigFor(next, next.nodeType, upgrade.parameterGroup) } as CacheModel;
    // The restart applies every parameter of the new group: nothing waits for a reboot any more.
    record.pendingReboot.clear();
    reconfigureRunning(ctx, record);
    await restartNodes(runningCache(ctx, record), record.model as NodeBasedModel);
    recordEvent(ctx, id, sourceType, `Finished upgrading engine to ${upgrade.engine} ${upgrade.engineVersion}`);
  } finally {
    record.pending.engineVersion = undefined;
    record.pending.upgradeEngine = undefined;
    record.pending.upgradeParameterGroupName = undefined;
    record.status = 'available';
  }
}

/** Runs the upgrade now, or at the next maintenance window (the version pending until then; a new request replaces it). */
export function scheduleEngineUpgrade(ctx: ServiceContext, record: CacheRecord, upgrade: EngineUpgrade, applyNow: boolean): void {
  deferred.get(record)?.cancel();
  deferred.delete(record);
  const model = record.model as NodeBasedModel;
  record.pending.engineVersion = upgrade.engineVersion;
  record.pending.upgradeEngine = upgrade.engine;
  record.pending.upgradeParameterGroupName = upgrade.parameterGroup.name;
  const run = () => ctx.tasks.start(`upgrading ${cacheId(model)}`, () => runUpgrade(ctx, record, upgrade));
  if (applyNow) {
    record.status = 'modifying';
    void run();
    return;
  }
  const window = model.preferredMaintenanceWindow ?? defaultMaintenanceWindow(model.arn);
  const delay = nextMaintenanceWindow(window, ctx.clock.now()).getTime() - ctx.clock.nowMs();
  deferred.set(record, ctx.clock.schedule(delay, () => {
    deferred.delete(record);
    void run();
  }));
}

/**
 * What a node runs with after a change of node type or parameter group: the engine configuration
 * is recomputed as the model computes it at creation; parameters whose change type is
 * `requires-reboot` keep their running value until the member reboots (they wait in
 * `pendingReboot`), the others — and a new node type's memory — apply to the running nodes at once.
 */
import { rejection } from './group-changes';
import { checkNodeTypeForEngine, findNodeType, findParameterFamily } from '../../../catalog/internal';
import type { CacheModel, EngineConfig, MemcachedClusterModel, ParameterGroupModel, ReplicationGroupModel, SingleNodeClusterModel } from '../../model';
import { REJECTIONS } from '../../model';
import { memcachedEngineConfig, valkeyEngineConfig } from '../../model/engine-config';
import { runningCache, ServiceContext } from '../context';
import { API_ERRORS } from '../http/errors';
import { memberClusters } from '../store/members';
import type { CacheRecord } from '../store/records';

export type NodeBasedModel = ReplicationGroupModel | SingleNodeClusterModel | MemcachedClusterModel;

/** The engine configuration a node-based cache gets with this node type and parameter group. */
export function engineConfigFor(model: NodeBasedModel, nodeType: string, group: ParameterGroupModel): EngineConfig {
  if (model.kind === 'memcached-cluster') return memcachedEngineConfig(model.engineVersion, model.port, nodeType, group);
  return valkeyEngineConfig(model.engine, model.engineVersion, model.port, nodeType, group);
}

/** The parameter group a cache names, in its region. */
export function parameterGroupOfCache(ctx: ServiceContext, model: NodeBasedModel, name = model.parameterGroupName): ParameterGroupModel {
  return ctx.store.parameterGroup(name, model.origin.region) ?? (() => { throw API_ERRORS.parameterGroupNotFound(name); })();
}

/** Parameters of `target` that differ from `running` and only take effect after a reboot. */
function rebootParameters(family: string, running: EngineConfig, target: EngineConfig): string[] {
  const info = findParameterFamily(family);
  return Object.keys(target.parameters).filter((name) => running.parameters[name] !== target.parameters[name]
    && info?.parameters.find((p) => p.name === name)?.changeType !== 'immediate');
}

/**
 * Moves a cache to `target` engine settings: immediate parameters (and memory) now, reboot-required
 * ones pending per member until RebootCacheCluster. Memcached engines read every parameter when
 * they start, so all of a Memcached cluster's changed parameters wait for a reboot.
 */
export function applyEngineConfig(ctx: ServiceContext, record: CacheRecord, next: NodeBasedModel, family: string): void {
  const current = record.model as NodeBasedModel;
  const target = next.engineConfig;
  const waiting = next.kind === 'memcached-cluster'
    ? Object.keys(target.parameters).filter((n) => current.engineConfig.parameters[n] !== target.parameters[n])
    : rebootParameters(family, current.engineConfig, target);
  let applied: EngineConfig = target;
  if (waiting.length > 0) {
    const parameters = { ...target.parameters };
    for (const name of waiting) {
      const old = current.engineConfig.parameters[name];
      if (old === undefined) delete parameters[name];
      else parameters[name] = old;
    }
    applied = { ...target, parameters } as EngineConfig;
    for (const member of memberClusters(next)) record.pendingReboot.set(member.cacheClusterId, target);
  } else {
    record.pendingReboot.clear();
  }
  record.model = { ...next, engineConfig: applied } as CacheModel;
  reconfigureRunning(ctx, record);
}

/** Hands the record's model to its running cache (parameters, memory and users reach the nodes). */
export function reconfigureRunning(ctx: ServiceContext, record: CacheRecord): void {
  const running = runningCache(ctx, record) as unknown as { reconfigure?: (model: CacheModel) => void } | undefined;
  running?.reconfigure?.(record.model);
}

/** Reboots members' nodes; their pending parameters apply as they come back. */
export async function rebootMembers(ctx: ServiceContext, record: CacheRecord, memberId: string, nodeIds: readonly string[]): Promise<void> {
  const pending = record.pendingReboot.get(memberId);
  if (pending) {
    record.pendingReboot.delete(memberId);
    if (record.pendingReboot.size === 0) {
      record.model = { ...record.model, engineConfig: pending } as CacheModel;
      reconfigureRunning(ctx, record);
    }
  }
  const running = runningCache(ctx, record) as unknown as {
    rebootNodes?: (ids: readonly string[]) => Promise<void>;
    rebootNode?: (id: string) => Promise<void>;
  } | undefined;
  if (!running) return;
  if (running.rebootNodes) await running.rebootNodes(nodeIds);
  else if (record.model.kind === 'replication-group') await running.rebootNode?.(memberId);
  else for (const id of nodeIds) await running.rebootNode?.(id);
}

/** A node type a cache may change to (known, and offered for its engine version). */
export function checkedNodeType(model: NodeBasedModel, nodeType: string): string {
  if (!findNodeType(nodeType)) throw rejection(REJECTIONS.unknownNodeType(nodeType));
  const problem = checkNodeTypeForEngine(nodeType, model.engine, model.engineVersion);
  if (problem) throw rejection(REJECTIONS.nodeTypeEngineVersion(problem));
  return nodeType;
}

/** A parameter group a cache may switch to: of its engine version's family, with the same cluster mode. */
export function checkedParameterGroup(ctx: ServiceContext, model: NodeBasedModel, name: string): ParameterGroupModel {
  const group = parameterGroupOfCache(ctx, model, name);
  const family = parameterGroupOfCache(ctx, model).family;
  if (group.family !== family) throw rejection(REJECTIONS.parameterGroupFamily(family, group.family));
  if (model.kind === 'replication-group' && group.clusterEnabled !== (model.clusterMode !== 'disabled')) {
    throw API_ERRORS.invalidCombination(`Parameter group ${group.name} has cluster-enabled ${group.clusterEnabled ? 'yes' : 'no'}: it cannot be used with the cluster mode of replication group ${model.replicationGroupId}.`);
  }
  return group;
}

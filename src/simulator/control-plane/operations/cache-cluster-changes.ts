/**
 * ModifyCacheCluster and RebootCacheCluster on Memcached and single-node clusters. Node count
 * changes follow the service's pending rules: with `ApplyImmediately` they run now (the target
 * shows in `PendingModifiedValues` while the cluster is `modifying`), otherwise they wait for the
 * maintenance window; a new delete replaces whatever was pending, a new create replaces a pending
 * delete and adds to a pending create, so creates and deletes are never pending together. An
 * engine upgrade (`EngineVersion`) follows the same now-or-window rule (engine-upgrades).
 */
import { LIMITS } from '../../../catalog/internal';
import type { ScheduledTask } from '../../clock';
import { defaultMaintenanceWindow, nextMaintenanceWindow } from '../../lifecycle/windows';
import type { MemcachedClusterModel, NodeModel, SingleNodeClusterModel } from '../../model';
import { environmentOf } from '../../naming/arns';
import { availabilityZonesOf } from '../../naming/regions';
import { recordEvent, runningCache, ServiceContext } from '../context';
import { authTokenChange, scheduleAuthTokenChange } from './auth-token-changes';
import { requireAvailable } from './cache-lifecycle';
import { Actions, findCacheCluster, groupOfMember } from './common';
import {
  applyEngineConfig, checkedNodeType, checkedParameterGroup, engineConfigFor, parameterGroupOfCache, rebootMembers, reconfigureRunning,
} from './engine-settings';
import { requestedUpgrade, scheduleEngineUpgrade } from './engine-upgrades';
import { logDeliveryChange, scheduleLogDeliveryChange } from './log-delivery-changes';
import { azModeAfter, requestedIpDiscovery } from './placement-changes';
import { API_ERRORS } from '../http/errors';
import type { RequestParams } from '../http/params';
import { cacheClusterXml } from '../shapes/cache-cluster';
import { hostnamesFor } from '../store/api-resource';
import { memberClusters, nodeKey } from '../store/members';
import type { CacheRecord } from '../store/records';

type ClusterModel = MemcachedClusterModel | SingleNodeClusterModel;

/** Node changes waiting for the maintenance window, per cluster. */
const deferred = new WeakMap<CacheRecord, ScheduledTask>();

const UNSUPPORTED = ['ScaleConfig', 'CacheSecurityGroupNames'];

export interface NodeChange {
  readonly add: number;
  readonly removeIds: readonly string[];
  readonly zones: readonly string[];
}

/** The node change a request asks for, with what is pending merged in as the service merges it. */
function nodeChange(record: CacheRecord, model: MemcachedClusterModel, params: RequestParams): NodeChange | undefined {
  const target = params.integer('NumCacheNodes');
  const removeIds = (params.stringList('CacheNodeIdsToRemove') ?? []).map((id) => id.padStart(4, '0'));
  const zones = params.stringList('NewAvailabilityZones') ?? [];
  if (target === undefined) {
    if (removeIds.length > 0) throw API_ERRORS.invalidCombination('CacheNodeIdsToRemove needs NumCacheNodes: the number of nodes left after the removal.');
    if (zones.length > 0) throw API_ERRORS.invalidCombination('NewAvailabilityZones needs NumCacheNodes: the zones are for the nodes it adds.');
    return undefined;
  }
  const current = model.nodes.length;
  if (target < LIMITS.memcachedNodesPerCluster.min || target > LIMITS.memcachedNodesPerCluster.max) {
    throw API_ERRORS.invalidValue(`NumCacheNodes must be between ${LIMITS.memcachedNodesPerCluster.min} and ${LIMITS.memcachedNodesPerCluster.max}; got ${target}.`);
  }
  const pendingAdd = record.pending.numCacheNodes !== undefined && !record.pending.cacheNodeIdsToRemove ? record.pending.numCacheNodes - current : 0;
  if (target > current) {
    if (removeIds.length > 0) throw API_ERRORS.invalidCombination('CacheNodeIdsToRemove cannot be given when NumCacheNodes adds nodes.');
    const add = target - current + Math.max(0, pendingAdd);
    if (current + add > LIMITS.memcachedNodesPerCluster.max) throw API_ERRORS.invalidValue(`A cluster has at most ${LIMITS.memcachedNodesPerCluster.max} nodes.`);
    if (zones.length > 0 && zones.length !== target - current) throw API_ERRORS.invalidValue(`NewAvailabilityZones must list one zone per node added (${target - current}).`);
    return { add, removeIds: [], zones };
  }
  if (target < current) {
    if (removeIds.length !== current - target) {
      throw API_ERRORS.invalidValue(`The number of cache node ids to remove (${removeIds.length}) must equal the difference between the current (${current}) and the requested (${target}) number of cache nodes.`);
    }
    for (const id of removeIds) if (!model.nodes.some((n) => n.cacheNodeId === id)) throw API_ERRORS.invalidValue(`Cache node ${id} is not a node of cluster ${model.cacheClusterId}.`);
    if (new Set(removeIds).size !== removeIds.length) throw API_ERRORS.invalidValue('CacheNodeIdsToRemove lists a node twice.');
    return { add: 0, removeIds, zones: [] };
  }
  if (removeIds.length > 0) throw API_ERRORS.invalidValue('CacheNodeIdsToRemove must be empty when NumCacheNodes equals the current number of nodes.');
  // Same count: whatever was pending is cancelled.
  return { add: 0, removeIds: [], zones: [] };
}

function newNodeModels(ctx: ServiceContext, model: MemcachedClusterModel, count: number, zones: readonly string[]): NodeModel[] {
  const hostnames = hostnamesFor(ctx.seed, environmentOf(model.origin.account, model.origin.region));
  const pool = model.azMode === 'single-az' ? [model.nodes[0].availabilityZone] : availabilityZonesOf(model.origin.region);
  const last = model.nodes.reduce((max, n) => Math.max(max, Number(n.cacheNodeId)), 0);
  return Array.from({ length: count }, (_, i) => {
    const cacheNodeId = String(last + i + 1).padStart(4, '0');
    return {
      cacheClusterId: model.cacheClusterId,
      cacheNodeId,
      role: 'memcached',
      availabilityZone: zones[i] ?? pool[(model.nodes.length + i) % pool.length],
      endpoint: { kind: 'node', hostname: hostnames.cacheNode(model.cacheClusterId, cacheNodeId), port: model.port, tls: model.tls.enabled },
    } as NodeModel;
  });
}

/** Adds and removes Memcached nodes on the running cluster (the cluster is `modifying` meanwhile). */
async function runNodeChange(ctx: ServiceContext, record: CacheRecord, change: NodeChange): Promise<void> {
  const model = record.model as MemcachedClusterModel;
  const running = runningCache(ctx, record) as unknown as {
    addNodes(models: readonly NodeModel[]): Promise<void>;
    removeNodes(ids: readonly string[]): Promise<void>;
  } | undefined;
  const before = model.nodes.length;
  const id = model.cacheClusterId;
  if (change.add > 0) {
    recordEvent(ctx, id, 'cache-cluster', 'Increasing number of requested nodes');
    const added = newNodeModels(ctx, model, change.add, change.zones);
    for (const node of added) {
      record.nodeStatus.set(nodeKey(node), 'creating');
      record.nodeCreatedAt.set(nodeKey(node), ctx.clock.now());
    }
    record.model = { ...model, nodes: [...model.nodes, ...added] };
    await ctx.tasks.sleep(ctx.timings.addNodeMs);
    await running?.addNodes(added);
    for (const node of added) {
      record.nodeStatus.delete(nodeKey(node));
      recordEvent(ctx, id, 'cache-cluster', `Added cache node ${node.cacheNodeId} in availability zone ${node.availabilityZone}`);
    }
  }
  if (change.removeIds.length > 0) {
    for (const nodeId of change.removeIds) record.nodeStatus.set(`${id}/${nodeId}`, 'deleting');
    await ctx.tasks.sleep(ctx.timings.removeNodeMs);
    await running?.removeNodes(change.removeIds);
    const current = record.model as MemcachedClusterModel;
    record.model = { ...current, nodes: current.nodes.filter((n) => !change.removeIds.includes(n.cacheNodeId)) };
    for (const nodeId of change.removeIds) {
      record.nodeStatus.delete(`${id}/${nodeId}`);
      recordEvent(ctx, id, 'cache-cluster', `Removed cache node ${nodeId}`);
    }
  }
  reconfigureRunning(ctx, record);
  recordEvent(ctx, id, 'cache-cluster', `Finished modifying number of nodes from ${before} to ${(record.model as MemcachedClusterModel).nodes.length}`);
}

function setPending(record: CacheRecord, model: MemcachedClusterModel, change: NodeChange): void {
  const target = model.nodes.length + change.add - change.removeIds.length;
  record.pending.numCacheNodes = target === model.nodes.length ? undefined : target;
  record.pending.cacheNodeIdsToRemove = change.removeIds.length > 0 ? [...change.removeIds] : undefined;
  record.pending.newAvailabilityZones = change.zones.length > 0 ? [...change.zones] : undefined;
}

/** Applies pending node and node-type changes in the background (now, or at the maintenance window). */
export function scheduleChange(
  ctx: ServiceContext, record: CacheRecord, delayMs: number, change: NodeChange | undefined, nodeType: string | undefined,
): void {
  deferred.get(record)?.cancel();
  deferred.delete(record);
  const run = () => ctx.tasks.start(`modifying ${(record.model as ClusterModel).cacheClusterId}`, async () => {
    deferred.delete(record);
    if (!ctx.store.caches.includes(record)) return;
    record.status = 'modifying';
    try {
      if (change && (change.add > 0 || change.removeIds.length > 0)) await runNodeChange(ctx, record, change);
      if (nodeType !== undefined) {
        const model = record.model as ClusterModel;
        await ctx.tasks.sleep(ctx.timings.modifyMs);
        const group = parameterGroupOfCache(ctx, model);
        applyEngineConfig(ctx, record, { ...model, nodeType, engineConfig: engineConfigFor(model, nodeType, group) } as ClusterModel, group.family);
        recordEvent(ctx, model.cacheClusterId, 'cache-cluster', `Cache node type modified to ${nodeType}`);
      }
    } finally {
      record.pending.numCacheNodes = undefined;
      record.pending.cacheNodeIdsToRemove = undefined;
      record.pending.newAvailabilityZones = undefined;
      record.pending.cacheNodeType = undefined;
      record.status = 'available';
    }
  });
  if (delayMs <= 0) {
    void run();
    return;
  }
  // The clock must not wait for the change: it schedules the change's own steps.
  deferred.set(record, ctx.clock.schedule(delayMs, () => { void run(); }));
}

function modifyCluster(ctx: ServiceContext, record: CacheRecord, params: RequestParams): void {
  for (const name of UNSUPPORTED) {
    if (params.has(name)) throw API_ERRORS.invalidCombination(`ModifyCacheCluster with ${name} is not supported by the simulator.`);
  }
  const model = record.model as ClusterModel;
  const applyNow = params.boolean('ApplyImmediately') ?? false;
  let change: NodeChange | undefined;
  let azMode: MemcachedClusterModel['azMode'] | undefined;
  if (model.kind === 'memcached-cluster') {
    azMode = azModeAfter(model, params);
    change = nodeChange(record, model, params);
  } else if (params.has('NumCacheNodes') && params.integer('NumCacheNodes') !== 1) {
    throw API_ERRORS.invalidValue('A Valkey or Redis OSS cache cluster has exactly one node: use a replication group for more.');
  } else if (params.has('AZMode') || params.has('NewAvailabilityZones')) {
    throw API_ERRORS.invalidCombination('AZMode and NewAvailabilityZones are only supported for Memcached clusters.');
  }
  const ipDiscovery = requestedIpDiscovery(model, params);
  if (model.kind === 'memcached-cluster' && (params.has('AuthToken') || params.has('AuthTokenUpdateStrategy'))) {
    throw API_ERRORS.invalidCombination('AUTH tokens are supported only for Valkey and Redis OSS.');
  }
  const tokenChange = model.kind === 'single-node-cluster' ? authTokenChange(model, params, { adds: false, leaves: false }) : undefined;
  if (model.kind === 'memcached-cluster' && params.has('LogDeliveryConfigurations')) throw API_ERRORS.invalidCombination('Log delivery is not supported for Memcached.');
  const logDelivery = model.kind === 'single-node-cluster' ? logDeliveryChange(model, params) : undefined;
  const nodeTypeParam = params.string('CacheNodeType');
  const nodeType = nodeTypeParam === undefined || nodeTypeParam === model.nodeType ? undefined : checkedNodeType(model, nodeTypeParam);
  const groupName = params.string('CacheParameterGroupName');
  const upgrade = requestedUpgrade(ctx, model, params);
  // With an upgrade, the parameter group (of the new family) goes with it.
  const group = groupName === undefined || upgrade ? undefined : checkedParameterGroup(ctx, model, groupName);
  const retention = params.integer('SnapshotRetentionLimit');
  if (model.kind === 'memcached-cluster' && (retention !== undefined || params.has('SnapshotWindow'))) {
    throw API_ERRORS.invalidCombination('Snapshots are not supported for Memcached clusters.');
  }
  if (retention !== undefined && (retention < 0 || retention > LIMITS.backupRetentionDays.max)) {
    throw API_ERRORS.invalidValue(`SnapshotRetentionLimit must be between 0 and ${LIMITS.backupRetentionDays.max}; got ${retention}.`);
  }

  // Settings that apply at once.
  let next: ClusterModel = {
    ...model,
    preferredMaintenanceWindow: params.string('PreferredMaintenanceWindow')?.toLowerCase() ?? model.preferredMaintenanceWindow,
    securityGroupIds: params.stringList('SecurityGroupIds') ?? model.securityGroupIds,
    notificationTopicArn: params.string('NotificationTopicArn') ?? model.notificationTopicArn,
    ipDiscovery: ipDiscovery ?? model.ipDiscovery,
  } as ClusterModel;
  if (next.kind === 'memcached-cluster' && azMode !== undefined) next = { ...next, azMode };
  if (next.kind === 'single-node-cluster') {
    next = { ...next, snapshotRetentionLimit: retention ?? next.snapshotRetentionLimit, snapshotWindow: params.string('SnapshotWindow') ?? next.snapshotWindow };
  }
  record.autoMinorVersionUpgrade = params.boolean('AutoMinorVersionUpgrade') ?? record.autoMinorVersionUpgrade;
  if (group) {
    next = { ...next, parameterGroupName: group.name, engineConfig: engineConfigFor(next, next.nodeType, group) } as ClusterModel;
    applyEngineConfig(ctx, record, next, group.family);
  } else {
    record.model = next;
  }

  if (tokenChange) scheduleAuthTokenChange(ctx, record, tokenChange);
  if (logDelivery) scheduleLogDeliveryChange(ctx, record, logDelivery);
  if (upgrade) scheduleEngineUpgrade(ctx, record, upgrade, applyNow);
  if (change === undefined && nodeType === undefined) return;
  if (change && model.kind === 'memcached-cluster') setPending(record, model, change);
  if (nodeType !== undefined) record.pending.cacheNodeType = nodeType;
  const window = next.preferredMaintenanceWindow ?? defaultMaintenanceWindow(model.arn);
  const delay = applyNow ? 0 : nextMaintenanceWindow(window, ctx.clock.now()).getTime() - ctx.clock.nowMs();
  if (applyNow) record.status = 'modifying';
  scheduleChange(ctx, record, delay, change, nodeType);
}

export function cacheClusterChangeActions(ctx: ServiceContext): Actions {
  return {
    ModifyCacheCluster: (request) => {
      const id = request.params.requiredString('CacheClusterId');
      const record = findCacheCluster(ctx, request, id);
      if (!record) {
        if (groupOfMember(ctx, request, id)) throw API_ERRORS.invalidCombination(`Cache cluster ${id} is a member of a replication group: use ModifyReplicationGroup.`);
        throw API_ERRORS.cacheClusterNotFound(id);
      }
      requireAvailable(record);
      modifyCluster(ctx, record, request.params);
      return { CacheCluster: cacheClusterXml(record, memberClusters(record.model)[0], false) };
    },

    RebootCacheCluster: (request) => {
      const id = request.params.requiredString('CacheClusterId').toLowerCase();
      const nodeIds = (request.params.stringList('CacheNodeIdsToReboot') ?? []).map((n) => n.padStart(4, '0'));
      if (nodeIds.length === 0) throw API_ERRORS.missingParameter('CacheNodeIdsToReboot');
      const record = findCacheCluster(ctx, request, id) ?? groupOfMember(ctx, request, id);
      if (!record) throw API_ERRORS.cacheClusterNotFound(id);
      if (record.model.kind === 'replication-group' && record.model.clusterMode !== 'disabled') {
        throw API_ERRORS.invalidCombination('Rebooting the nodes of a cluster mode enabled replication group is not supported: reboot applies to cluster mode disabled groups and cache clusters.');
      }
      requireAvailable(record);
      const member = memberClusters(record.model).find((m) => m.cacheClusterId === id)!;
      for (const nodeId of nodeIds) {
        if (!member.nodes.some((n) => n.cacheNodeId === nodeId)) throw API_ERRORS.invalidValue(`Cache node ${nodeId} is not a node of cluster ${id}.`);
      }
      // A cluster shows the reboot in its status; a replication group stays available while one member reboots.
      if (record.model.kind !== 'replication-group') record.status = 'rebooting cluster nodes';
      for (const nodeId of nodeIds) record.nodeStatus.set(`${id}/${nodeId}`, 'rebooting');
      const response = { CacheCluster: cacheClusterXml(record, member, false) };
      void ctx.tasks.start(`rebooting ${id}`, async () => {
        try {
          await rebootMembers(ctx, record, id, nodeIds);
          await ctx.tasks.sleep(ctx.timings.rebootMs);
          for (const nodeId of nodeIds) recordEvent(ctx, id, 'cache-cluster', `Cache node ${nodeId} restarted`);
        } finally {
          for (const nodeId of nodeIds) record.nodeStatus.delete(`${id}/${nodeId}`);
          if (record.model.kind !== 'replication-group') record.status = 'available';
        }
      });
      return response;
    },
  };
}

/**
 * ModifyReplicationGroup: description, snapshot settings and windows apply at once; automatic
 * failover and Multi-AZ with the shape rules; a parameter group at once (reboot-required
 * parameters pending); user groups of an RBAC group at once, reaching live connections as the
 * runtime applies users; a node type (vertical scaling, new maxmemory) now or in the maintenance
 * window, the group `modifying` while it changes; an engine upgrade (`EngineVersion`, `Engine`) now or
 * in the maintenance window (engine-upgrades).
 */
import { LIMITS } from '../../../catalog/internal';
import type { ScheduledTask } from '../../clock';
import { defaultMaintenanceWindow, nextMaintenanceWindow } from '../../lifecycle/windows';
import type { ReplicationGroupModel } from '../../model';
import { recordEvent, roleLookup, ServiceContext } from '../context';
import { authTokenChange, scheduleAuthTokenChange, tokenStrategy } from './auth-token-changes';
import { requireAvailable } from './cache-lifecycle';
import { Actions, findReplicationGroup } from './common';
import { applyEngineConfig, checkedNodeType, checkedParameterGroup, engineConfigFor, parameterGroupOfCache, reconfigureRunning } from './engine-settings';
import { requestedUpgrade, scheduleEngineUpgrade } from './engine-upgrades';
import { checkShape, groupModel } from './group-changes';
import { logDeliveryChange, scheduleLogDeliveryChange } from './log-delivery-changes';
import { requestedIpDiscovery } from './placement-changes';
import { preparePromotion, requestedPromotion } from './primary-promotion';
import { groupXml } from './replication-groups';
import { scheduleTransitEncryptionChange, transitEncryptionChange } from './transit-encryption-changes';
import { API_ERRORS } from '../http/errors';
import type { RequestParams } from '../http/params';
import type { CacheRecord } from '../store/records';

/** Settings that apply at once; a change of any of them is one event naming them. */
const SETTINGS = [
  'ReplicationGroupDescription', 'AutomaticFailoverEnabled', 'MultiAZEnabled', 'SnapshotRetentionLimit', 'SnapshotWindow', 'PreferredMaintenanceWindow',
  'SecurityGroupIds', 'NotificationTopicArn', 'SnapshottingClusterId', 'CacheParameterGroupName', 'AutoMinorVersionUpgrade', 'UserGroupIdsToAdd',
  'UserGroupIdsToRemove', 'RemoveUserGroups', 'IpDiscovery',
];

const UNSUPPORTED = ['ClusterMode', 'CacheSecurityGroupNames'];

/** The group's user groups after the request (RBAC groups only). */
function userGroupsAfter(ctx: ServiceContext, model: ReplicationGroupModel, params: RequestParams): readonly string[] | undefined {
  const add = (params.stringList('UserGroupIdsToAdd') ?? []).map((id) => id.toLowerCase());
  const remove = (params.stringList('UserGroupIdsToRemove') ?? []).map((id) => id.toLowerCase());
  const removeAll = params.boolean('RemoveUserGroups') === true;
  if (add.length === 0 && remove.length === 0 && !removeAll) return undefined;
  if (model.auth.mode === 'auth-token' && tokenStrategy(params) !== 'DELETE') {
    throw API_ERRORS.invalidCombination('A replication group that uses an AUTH token moves to user groups with AuthTokenUpdateStrategy DELETE.');
  }
  if (!model.tls.enabled) throw API_ERRORS.invalidCombination('User groups need in-transit encryption on the replication group.');
  const current = model.auth.mode === 'rbac' ? model.auth.userGroupIds : [];
  for (const id of add) {
    const group = ctx.store.userGroup(id, model.origin.region);
    if (!group) throw API_ERRORS.userGroupNotFound(id);
    if (group.model.engine !== model.engine && !(group.model.engine === 'redis' && model.engine === 'valkey')) {
      throw API_ERRORS.invalidCombination(`User group ${id} is for engine ${group.model.engine}, not ${model.engine}.`);
    }
  }
  for (const id of remove) if (!current.includes(id)) throw API_ERRORS.invalidValue(`User group ${id} is not associated with replication group ${model.replicationGroupId}.`);
  const next = removeAll ? [] : [...current.filter((id) => !remove.includes(id)), ...add.filter((id) => !current.includes(id))];
  if (next.length > 1) throw API_ERRORS.invalidValue('A replication group can be associated with one user group.');
  return next;
}

/** A node-type change waiting for the maintenance window, per group (a newer request replaces it). */
const deferredNodeType = new WeakMap<CacheRecord, ScheduledTask>();

export function scheduleNodeType(ctx: ServiceContext, record: CacheRecord, nodeType: string, delayMs: number): void {
  deferredNodeType.get(record)?.cancel();
  deferredNodeType.delete(record);
  const run = () => ctx.tasks.start(`scaling ${groupModel(record).replicationGroupId}`, async () => {
    if (!ctx.store.caches.includes(record)) return;
    record.status = 'modifying';
    try {
      await ctx.tasks.sleep(ctx.timings.modifyMs);
      const model = groupModel(record);
      const group = parameterGroupOfCache(ctx, model);
      const next = { ...model, nodeType, engineConfig: engineConfigFor(model, nodeType, group) } as ReplicationGroupModel;
      applyEngineConfig(ctx, record, next, group.family);
      recordEvent(ctx, model.replicationGroupId, 'replication-group', `Cache node type modified to ${nodeType}`);
    } finally {
      record.pending.cacheNodeType = undefined;
      record.status = 'available';
    }
  });
  record.pending.cacheNodeType = nodeType;
  if (delayMs <= 0) {
    record.status = 'modifying';
    void run();
  } else {
    deferredNodeType.set(record, ctx.clock.schedule(delayMs, () => {
      deferredNodeType.delete(record);
      void run();
    }));
  }
}

function modifyGroup(ctx: ServiceContext, record: CacheRecord, params: RequestParams): void {
  for (const name of UNSUPPORTED) {
    if (params.has(name)) throw API_ERRORS.invalidCombination(`ModifyReplicationGroup with ${name} is not supported by the simulator.`);
  }
  const model = groupModel(record);
  const retention = params.integer('SnapshotRetentionLimit');
  if (retention !== undefined && (retention < 0 || retention > LIMITS.backupRetentionDays.max)) {
    throw API_ERRORS.invalidValue(`SnapshotRetentionLimit must be between 0 and ${LIMITS.backupRetentionDays.max}; got ${retention}.`);
  }
  const snapshotting = params.string('SnapshottingClusterId')?.toLowerCase();
  if (snapshotting !== undefined && !model.shards.some((s) => [s.primary, ...s.replicas].some((n) => n.cacheClusterId === snapshotting))) {
    throw API_ERRORS.cacheClusterNotFound(snapshotting);
  }
  const nodeTypeParam = params.string('CacheNodeType');
  const nodeType = nodeTypeParam === undefined || nodeTypeParam === model.nodeType ? undefined : checkedNodeType(model, nodeTypeParam);
  const groupName = params.string('CacheParameterGroupName');
  const upgrade = requestedUpgrade(ctx, model, params);
  // With an upgrade, the parameter group (of the new family) goes with it.
  const parameterGroup = groupName === undefined || upgrade ? undefined : checkedParameterGroup(ctx, model, groupName);
  const userGroups = userGroupsAfter(ctx, model, params);
  const tokenChange = authTokenChange(model, params, { adds: (userGroups?.length ?? 0) > 0, leaves: userGroups?.length === 0 });
  const logDelivery = logDeliveryChange(model, params);
  const transit = transitEncryptionChange(model, params);

  let next: ReplicationGroupModel = {
    ...model,
    description: params.string('ReplicationGroupDescription') ?? model.description,
    automaticFailover: params.boolean('AutomaticFailoverEnabled') ?? model.automaticFailover,
    multiAz: params.boolean('MultiAZEnabled') ?? model.multiAz,
    snapshotRetentionLimit: retention ?? model.snapshotRetentionLimit,
    snapshotWindow: params.string('SnapshotWindow') ?? model.snapshotWindow,
    preferredMaintenanceWindow: params.string('PreferredMaintenanceWindow')?.toLowerCase() ?? model.preferredMaintenanceWindow,
    securityGroupIds: params.stringList('SecurityGroupIds') ?? model.securityGroupIds,
    notificationTopicArn: params.string('NotificationTopicArn') ?? model.notificationTopicArn,
    ipDiscovery: requestedIpDiscovery(model, params) ?? model.ipDiscovery,
  };
  if (next.multiAz && !next.automaticFailover) throw API_ERRORS.invalidCombination('Multi-AZ needs automatic failover enabled.');
  if (model.clusterMode !== 'disabled' && !next.automaticFailover) {
    throw API_ERRORS.invalidCombination('AutomaticFailoverEnabled must be enabled for Valkey or Redis OSS (cluster mode enabled) replication groups.');
  }
  checkShape(next);
  // NodeGroupId is documented as deprecated and not used: it is accepted and ignored.
  const promotionId = requestedPromotion(model, next, params, roleLookup(ctx, record));
  const promote = promotionId === undefined ? undefined : preparePromotion(ctx, record, promotionId);
  // Leaving user groups for an AUTH token: the users keep access until the token is set.
  if (userGroups !== undefined && !tokenChange) next = { ...next, auth: userGroups.length > 0 ? { mode: 'rbac', userGroupIds: userGroups } : { mode: 'none' } };
  record.autoMinorVersionUpgrade = params.boolean('AutoMinorVersionUpgrade') ?? record.autoMinorVersionUpgrade;
  if (snapshotting !== undefined) record.snapshottingClusterId = snapshotting;
  if (parameterGroup) {
    next = { ...next, parameterGroupName: parameterGroup.name, engineConfig: engineConfigFor(next, next.nodeType, parameterGroup) as ReplicationGroupModel['engineConfig'] };
    applyEngineConfig(ctx, record, next, parameterGroup.family);
  } else {
    record.model = next;
    reconfigureRunning(ctx, record);
  }
  const settings = SETTINGS.filter((name) => params.has(name));
  if (settings.length > 0) recordEvent(ctx, model.replicationGroupId, 'replication-group', `Replication group ${model.replicationGroupId} modified: ${settings.join(', ')}`);
  if (tokenChange) scheduleAuthTokenChange(ctx, record, tokenChange);
  if (logDelivery) scheduleLogDeliveryChange(ctx, record, logDelivery);
  if (transit) scheduleTransitEncryptionChange(ctx, record, transit);
  if (nodeType !== undefined) {
    const applyNow = params.boolean('ApplyImmediately') ?? false;
    const window = next.preferredMaintenanceWindow ?? defaultMaintenanceWindow(model.arn);
    scheduleNodeType(ctx, record, nodeType, applyNow ? 0 : nextMaintenanceWindow(window, ctx.clock.now()).getTime() - ctx.clock.nowMs());
  }
  if (upgrade) scheduleEngineUpgrade(ctx, record, upgrade, params.boolean('ApplyImmediately') ?? false);
  promote?.();
}

export function groupModifyActions(ctx: ServiceContext): Actions {
  return {
    ModifyReplicationGroup: (request) => {
      const record = findReplicationGroup(ctx, request, request.params.requiredString('ReplicationGroupId'));
      requireAvailable(record);
      modifyGroup(ctx, record, request.params);
      return { ReplicationGroup: groupXml(ctx, record) };
    },
  };
}

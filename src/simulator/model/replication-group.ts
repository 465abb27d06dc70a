import { findNodeType, LIMITS } from '../../catalog/internal';
import type { EngineVersionInfo } from '../../catalog/internal';
import { elastiCacheArn, environmentOf } from '../naming/arns';
import type { JsonObject, ResourceTypeHandler, ResourceView } from '../template';
import {
  authTokenOf, cacheIdentifier, checkWindows, logDeliveryOf, networkOf, nodeTypeOf,
  parameterGroupOf, portOf, securityGroupsOf, tlsOf, restoreSourceOf,
} from './cache-settings';
import { ModelContext, modelHandler, originOf } from './context';
import { valkeyEngineConfig } from './engine-config';
import { engineOf, resolveEngineVersion } from './engine-versions';
import { findGlobalDatastore } from './global-datastore';
import { checkAgreesWithPrimaryCluster, primaryNodeFrom, takePrimaryCluster } from './primary-cluster';
import type { PropertyReader } from './property-reader';
import { replicationGroupAttribute } from './replication-group-attributes';
import { reject, REJECTIONS } from './service-errors';
import { evenSlotRanges, parseSlots, slotCoverageProblem } from './slots';
import { findSubnetGroup } from './subnet-groups';
import { readTags } from './tags';
import type { AuthModel, EndpointModel, NodeModel, ReplicationGroupModel, ShardModel, SlotRange, SubnetGroupModel, TlsModel } from './types';
import { findUserGroup } from './users';
import { assignZones } from './zones';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The shape of the group the template asks for: shards, replicas per shard, slots and zones. */
interface ShardPlan {
  readonly shardId: string;
  readonly replicas: number;
  readonly slots: readonly SlotRange[];
  readonly zones: readonly (string | undefined)[];
}

/** Cluster mode: from `ClusterMode` and the parameter group; more than one shard needs it. */
function clusterModeOf(
  resource: ResourceView,
  props: PropertyReader,
  clusterEnabled: boolean,
  shardCount: number,
  version: EngineVersionInfo,
): ReplicationGroupModel['clusterMode'] {
  const asked = props.string('ClusterMode');
  if (asked !== undefined && !['enabled', 'disabled', 'compatible'].includes(asked)) {
    reject(resource, REJECTIONS.invalidValue(`Invalid ClusterMode '${asked}': use enabled, disabled or compatible.`), 'ClusterMode');
  }
  if (asked === 'disabled' && clusterEnabled) reject(resource, REJECTIONS.clusterModeMustBeDisabled(), 'CacheParameterGroupName');
  if ((asked === 'enabled' || asked === 'compatible' || shardCount > 1) && !clusterEnabled) {
    reject(resource, REJECTIONS.clusterModeMustBeEnabled(), 'CacheParameterGroupName');
  }
  if (clusterEnabled && !version.features.clusterMode) {
    reject(resource, REJECTIONS.invalidCombination(`Cluster mode is not supported for ${version.engine} ${version.version}.`), 'CacheParameterGroupName');
  }
  if (asked === 'compatible') return 'compatible';
  return clusterEnabled ? 'enabled' : 'disabled';
}

function replicaCountChecked(resource: ResourceView, count: number, property: string): number {
  const { min, max } = LIMITS.replicasPerShard;
  if (count < min || count > max) reject(resource, REJECTIONS.replicasPerNodeGroup(), property);
  return count;
}

/** Cluster mode disabled: one shard of `NumCacheClusters` nodes. */
function disabledPlan(resource: ResourceView, props: PropertyReader, configs: JsonObject[]): ShardPlan[] {
  const numCacheClusters = props.integer('NumCacheClusters');
  const replicasPerNodeGroup = props.integer('ReplicasPerNodeGroup');
  const configReplicas = configs[0]?.ReplicaCount === undefined ? undefined : Number(configs[0].ReplicaCount);
  if (numCacheClusters !== undefined && replicasPerNodeGroup !== undefined) {
    reject(resource, REJECTIONS.invalidCombination('NumCacheClusters and ReplicasPerNodeGroup cannot both be specified.'), 'ReplicasPerNodeGroup');
  }
  const count = numCacheClusters ?? 1 + replicaCountChecked(resource, replicasPerNodeGroup ?? configReplicas ?? 0, 'ReplicasPerNodeGroup');
  if (count < 1 || count > 6) reject(resource, REJECTIONS.numCacheClusters(count), 'NumCacheClusters');
  const preferred = props.stringList('PreferredCacheClusterAZs');
  if (preferred !== undefined && (numCacheClusters === undefined || preferred.length !== numCacheClusters)) {
    reject(resource, REJECTIONS.preferredAzCount(), 'PreferredCacheClusterAZs');
  }
  const zones = preferred ?? configZones(configs[0], count - 1);
  return [{ shardId: '0001', replicas: count - 1, slots: [{ start: 0, end: 16383 }], zones }];
}

function configZones(config: JsonObject | undefined, replicas: number): (string | undefined)[] {
  const primary = config?.PrimaryAvailabilityZone === undefined ? undefined : String(config.PrimaryAvailabilityZone);
  const others = Array.isArray(config?.ReplicaAvailabilityZones) ? config!.ReplicaAvailabilityZones.map(String) : [];
  return [primary, ...Array.from({ length: replicas }, (_, i) => others[i])];
}

/** Cluster mode enabled: `NumNodeGroups` shards, replicas and slots per `NodeGroupConfiguration`. */
function enabledPlan(
  resource: ResourceView,
  props: PropertyReader,
  configs: JsonObject[],
  shardCount: number,
  version: EngineVersionInfo,
): ShardPlan[] {
  const numCacheClusters = props.integer('NumCacheClusters');
  if (numCacheClusters !== undefined && shardCount > 1) reject(resource, REJECTIONS.numCacheClustersOneNodeGroup(), 'NumCacheClusters');
  if (props.has('PreferredCacheClusterAZs') && shardCount > 1) reject(resource, REJECTIONS.preferredAzsOneNodeGroup(), 'PreferredCacheClusterAZs');
  if (shardCount < 1 || shardCount > version.features.maxShards) reject(resource, REJECTIONS.shardQuota(version.features.maxShards), 'NumNodeGroups');
  const defaultReplicas = props.integer('ReplicasPerNodeGroup') ?? (numCacheClusters !== undefined ? numCacheClusters - 1 : 0);
  const slotsGiven = configs.filter((c) => c.Slots !== undefined).length;
  if (slotsGiven > 0 && slotsGiven < shardCount) {
    reject(resource, REJECTIONS.invalidValue('Slots must be given for every node group or for none.'), 'NodeGroupConfiguration');
  }
  const even = evenSlotRanges(shardCount);
  const plans = Array.from({ length: shardCount }, (_, i): ShardPlan => {
    const config = configs[i];
    const replicas = replicaCountChecked(resource, config?.ReplicaCount === undefined ? defaultReplicas : Number(config.ReplicaCount), 'NodeGroupConfiguration');
    const slots = slotsGiven > 0 ? parseSlots(String(config.Slots)) : [even[i]];
    if (!slots) reject(resource, REJECTIONS.invalidValue(`Invalid Slots '${config.Slots}': use start-end ranges between 0 and 16383, separated by commas.`), 'NodeGroupConfiguration');
    const zones = props.stringList('PreferredCacheClusterAZs') ?? configZones(config, replicas);
    if (Array.isArray(config?.ReplicaAvailabilityZones) && config.ReplicaAvailabilityZones.length !== replicas) {
      reject(resource, REJECTIONS.invalidValue(`ReplicaAvailabilityZones of node group ${i + 1} lists ${config.ReplicaAvailabilityZones.length} zones for ${replicas} replicas.`), 'NodeGroupConfiguration');
    }
    const shardId = config?.NodeGroupId === undefined ? pad(i + 1, 4) : String(config.NodeGroupId);
    if (!/^\d{1,4}$/.test(shardId)) reject(resource, REJECTIONS.invalidValue(`Invalid NodeGroupId '${shardId}': use up to four digits.`), 'NodeGroupConfiguration');
    return { shardId: pad(Number(shardId), 4), replicas, slots, zones };
  });
  if (new Set(plans.map((p) => p.shardId)).size !== plans.length) reject(resource, REJECTIONS.invalidValue('NodeGroupId values must be unique.'), 'NodeGroupConfiguration');
  if (slotsGiven > 0) {
    const problem = slotCoverageProblem(plans.map((p) => p.slots));
    if (problem) reject(resource, REJECTIONS.invalidValue(`Invalid Slots: ${problem}.`), 'NodeGroupConfiguration');
  }
  const nodes = plans.reduce((sum, p) => sum + 1 + p.replicas, 0);
  if (nodes > LIMITS.nodesPerClusterModeCluster.max) reject(resource, REJECTIONS.nodeQuotaForCluster(), 'NumNodeGroups');
  return plans;
}

/** Failover and Multi-AZ: what the template asks, checked against the shape of the group. */
function failoverOf(
  resource: ResourceView,
  props: PropertyReader,
  plans: ShardPlan[],
  clusterEnabled: boolean,
  inherited: Partial<ReplicationGroupModel>,
): { automaticFailover: boolean; multiAz: boolean } {
  const automaticFailover = props.boolean('AutomaticFailoverEnabled') ?? inherited.automaticFailover ?? false;
  const multiAz = props.boolean('MultiAZEnabled') ?? inherited.multiAz ?? false;
  if (clusterEnabled && !automaticFailover) reject(resource, REJECTIONS.clusterModeNeedsFailover(), 'AutomaticFailoverEnabled');
  if (!clusterEnabled && automaticFailover && plans[0].replicas < 1) reject(resource, REJECTIONS.failoverNeedsTwoClusters(), 'AutomaticFailoverEnabled');
  if (multiAz && !automaticFailover) reject(resource, REJECTIONS.multiAzNeedsFailover(), 'MultiAZEnabled');
  if (multiAz && plans.some((p) => p.replicas < 1)) reject(resource, REJECTIONS.multiAzNeedsReplica(), 'MultiAZEnabled');
  return { automaticFailover, multiAz };
}

function dataTieringOf(resource: ResourceView, props: PropertyReader, nodeType: string, version: EngineVersionInfo): boolean {
  const enabled = props.boolean('DataTieringEnabled') ?? false;
  const tiered = findNodeType(nodeType)!.dataTiering;
  if (tiered && !enabled) reject(resource, REJECTIONS.dataTieringRequired(nodeType), 'DataTieringEnabled');
  if (!tiered && enabled) reject(resource, REJECTIONS.dataTieringNeedsR6gd(), 'DataTieringEnabled');
  if (enabled && !version.features.dataTiering) {
    reject(resource, REJECTIONS.invalidCombination(`Data tiering is not supported for ${version.engine} ${version.version}.`), 'DataTieringEnabled');
  }
  return enabled;
}

function encryptionAtRestOf(
  resource: ResourceView,
  props: PropertyReader,
  version: EngineVersionInfo,
): { atRestEncryption: boolean; kmsKeyId?: string } {
  // Valkey groups are encrypted at rest unless the template says otherwise; Redis OSS groups are not.
  const atRestEncryption = props.boolean('AtRestEncryptionEnabled') ?? version.engine === 'valkey';
  const kmsKeyId = props.string('KmsKeyId');
  if (atRestEncryption && !version.features.atRestEncryption) {
    reject(resource, REJECTIONS.invalidCombination(`Encryption at rest is not supported for ${version.engine} ${version.version}.`), 'AtRestEncryptionEnabled');
  }
  if (kmsKeyId !== undefined && !atRestEncryption) reject(resource, REJECTIONS.invalidCombination('KmsKeyId can only be specified when AtRestEncryptionEnabled is true.'), 'KmsKeyId');
  return { atRestEncryption, kmsKeyId };
}

/** AUTH token or RBAC user groups (never both), each with TLS. */
export function authOf(
  resource: ResourceView,
  props: PropertyReader,
  tls: TlsModel,
  version: EngineVersionInfo,
  property = 'UserGroupIds',
): AuthModel {
  const authToken = authTokenOf(resource, props, tls);
  const userGroupIds = property === 'UserGroupIds' ? props.stringList(property) ?? [] : [props.string(property)].filter((id): id is string => id !== undefined);
  if (userGroupIds.length === 0) return authToken === undefined ? { mode: 'none' } : { mode: 'auth-token', authToken };
  if (authToken !== undefined) reject(resource, REJECTIONS.userGroupWithAuthToken(), property);
  if (userGroupIds.length > 1) reject(resource, REJECTIONS.invalidValue('Only one user group can be associated with a cache.'), property);
  if (!tls.enabled) reject(resource, REJECTIONS.userGroupNeedsTransitEncryption(), property);
  if (!version.features.rbac) reject(resource, REJECTIONS.invalidCombination(`Role-based access control is not supported for ${version.engine} ${version.version}.`), property);
  userGroupIds.forEach((id) => findUserGroup(resource, id, property));
  return { mode: 'rbac', userGroupIds };
}

function buildShards(
  resource: ResourceView,
  groupId: string,
  plans: ShardPlan[],
  clusterEnabled: boolean,
  tls: boolean,
  port: number,
  subnetGroup: SubnetGroupModel | undefined,
): ShardModel[] {
  const hostnames = resource.stack.assembly.hostnames(resource.stack.env);
  let memberIndex = 0;
  return plans.map((plan) => {
    const zones = assignZones(resource, plan.replicas + 1, subnetGroup, plan.zones);
    const nodes: NodeModel[] = Array.from({ length: plan.replicas + 1 }, (_, i) => {
      memberIndex++;
      const memberId = clusterEnabled ? `${groupId}-${plan.shardId}-${pad(i + 1, 3)}` : `${groupId}-${pad(memberIndex, 3)}`;
      const endpoint: EndpointModel = { kind: 'node', hostname: hostnames.member(groupId, memberId, clusterEnabled ? plan.shardId : '0001', tls), port, tls };
      return { cacheClusterId: memberId, cacheNodeId: '0001', role: i === 0 ? 'primary' : 'replica', availabilityZone: zones[i], endpoint };
    });
    return { shardId: plan.shardId, slots: plan.slots, primary: nodes[0], replicas: nodes.slice(1) };
  });
}

/** A secondary member of a Global Datastore takes engine, version and node type from the primary. */
function inheritFromGlobalDatastore(context: ModelContext, resource: ResourceView, props: PropertyReader): Partial<ReplicationGroupModel> {
  const globalId = props.string('GlobalReplicationGroupId');
  if (globalId === undefined) return {};
  const datastore = findGlobalDatastore(resource, globalId);
  const primary = findReplicationGroup(context, resource, datastore.primaryReplicationGroupId, datastore.members.find((m) => m.role === 'PRIMARY')!.region);
  return primary ?? {};
}

/**
 * A replication group of the simulated stacks by id, in a region: one already created, else one
 * created now (a group is only found by id once it exists, as with the service).
 */
export function findReplicationGroup(context: ModelContext, resource: ResourceView, id: string, region: string): ReplicationGroupModel | undefined {
  const matches = (group: ReplicationGroupModel) =>
    group.replicationGroupId === id.toLowerCase() && group.origin.region === region && group.origin.account === resource.stack.env.account;
  const created = context.caches.find((c): c is ReplicationGroupModel => c.kind === 'replication-group' && matches(c));
  if (created) return created;
  return resource.stack.assembly
    .resourcesOfType('AWS::ElastiCache::ReplicationGroup', environmentOf(resource.stack.env.account, region))
    .map((candidate) => candidate.state() as ReplicationGroupModel)
    .find(matches);
}

function createReplicationGroup(context: ModelContext, resource: ResourceView): ReplicationGroupModel {
  const props = context.read(resource);
  const primaryCluster = takePrimaryCluster(context, resource, props);
  const inherited = primaryCluster?.inherited ?? inheritFromGlobalDatastore(context, resource, props);
  const replicationGroupId = cacheIdentifier(resource, props, 'ReplicationGroupId', 40);
  if (context.caches.some((c) => c.kind === 'replication-group' && c.replicationGroupId === replicationGroupId && c.origin.region === resource.stack.env.region)) {
    reject(resource, REJECTIONS.replicationGroupExists(replicationGroupId), 'ReplicationGroupId');
  }
  const engine = engineOf(resource, props.string('Engine') ?? inherited.engine, ['valkey', 'redis'] as const, 'redis');
  const version = resolveEngineVersion(resource, engine, props.string('EngineVersion') ?? inherited.engineVersion);
  const nodeType = props.has('CacheNodeType') || !inherited.nodeType ? nodeTypeOf(resource, props, version) : inherited.nodeType;
  const configs = props.objectList('NodeGroupConfiguration') ?? [];
  const shardCount = props.integer('NumNodeGroups') ?? (configs.length || inherited.shards?.length || 1);
  if (configs.length > 0 && configs.length !== shardCount) {
    reject(resource, REJECTIONS.invalidCombination(`NodeGroupConfiguration has ${configs.length} entries but NumNodeGroups is ${shardCount}.`), 'NodeGroupConfiguration');
  }
  const asksClusterMode = shardCount > 1 || props.string('ClusterMode') === 'enabled' || inherited.clusterMode === 'enabled';
  const group = primaryCluster && !props.has('CacheParameterGroupName') ? primaryCluster.parameterGroup : parameterGroupOf(resource, props, version, asksClusterMode);
  const clusterMode = clusterModeOf(resource, props, group.clusterEnabled, shardCount, version);
  const clusterEnabled = clusterMode !== 'disabled';
  const plans = clusterEnabled ? enabledPlan(resource, props, configs, shardCount, version) : disabledPlan(resource, props, configs);
  const failover = failoverOf(resource, props, plans, clusterEnabled, inherited);
  // A Global Datastore secondary inherits transit encryption, AUTH and port from its primary
  // (CloudFormation refuses those properties on a secondary).
  const inheritsSecurity = inherited.tls !== undefined && !props.has('TransitEncryptionEnabled');
  const tls = inheritsSecurity ? inherited.tls! : tlsOf(resource, props, version, 'TransitEncryptionMode');
  const auth = inheritsSecurity && !props.has('AuthToken') && !props.has('UserGroupIds') ? inherited.auth! : authOf(resource, props, tls, version);
  const port = portOf(resource, props, inherited.port ?? 6379);
  const subnetGroupName = props.string('CacheSubnetGroupName');
  const subnetGroup = findSubnetGroup(resource, subnetGroupName, 'CacheSubnetGroupName');
  const planned = buildShards(resource, replicationGroupId, plans, clusterEnabled, tls.enabled, port, subnetGroup);
  const shards = primaryCluster ? [{ ...planned[0], primary: primaryNodeFrom(primaryCluster, planned[0].primary) }] : planned;
  if (primaryCluster) {
    const { cluster } = primaryCluster;
    checkAgreesWithPrimaryCluster(resource, primaryCluster, 'Engine', engine, cluster.engine);
    checkAgreesWithPrimaryCluster(resource, primaryCluster, 'EngineVersion', version.version, cluster.engineVersion);
    checkAgreesWithPrimaryCluster(resource, primaryCluster, 'CacheNodeType', nodeType, cluster.nodeType);
    checkAgreesWithPrimaryCluster(resource, primaryCluster, 'Port', port, cluster.port);
    checkAgreesWithPrimaryCluster(resource, primaryCluster, 'CacheParameterGroupName', group.name, cluster.parameterGroupName);
    checkAgreesWithPrimaryCluster(resource, primaryCluster, 'TransitEncryptionEnabled', tls.enabled, cluster.tls.enabled);
  }
  const snapshotting = props.string('SnapshottingClusterId');
  if (snapshotting !== undefined && clusterEnabled) reject(resource, REJECTIONS.snapshottingClusterInClusterMode(), 'SnapshottingClusterId');
  if (snapshotting !== undefined && !shards[0].replicas.concat(shards[0].primary).some((n) => n.cacheClusterId === snapshotting.toLowerCase())) {
    reject(resource, REJECTIONS.invalidValue(`SnapshottingClusterId '${snapshotting}' is not a member of replication group ${replicationGroupId}.`), 'SnapshottingClusterId');
  }
  const durability = props.string('Durability');
  if (durability !== undefined && !['default', 'async', 'sync', 'disabled'].includes(durability)) {
    reject(resource, REJECTIONS.invalidValue(`Invalid Durability '${durability}': use default, async, sync or disabled.`), 'Durability');
  }
  const hostnames = resource.stack.assembly.hostnames(resource.stack.env);
  const endpoint = (kind: EndpointModel['kind'], hostname: string): EndpointModel => ({ kind, hostname, port, tls: tls.enabled });
  const model: ReplicationGroupModel = {
    kind: 'replication-group',
    origin: originOf(resource),
    arn: elastiCacheArn(resource.stack.env, 'replicationgroup', replicationGroupId),
    tags: readTags(resource, props),
    restoreSource: primaryCluster ? primaryCluster.cluster.restoreSource : restoreSourceOf(props),
    replicationGroupId,
    description: props.string('ReplicationGroupDescription')!,
    engine,
    engineVersion: version.version,
    nodeType,
    port,
    clusterMode,
    shards,
    ...failover,
    dataTiering: dataTieringOf(resource, props, nodeType, version),
    durability: durability ?? 'default',
    ...encryptionAtRestOf(resource, props, version),
    tls,
    auth,
    parameterGroupName: group.name,
    subnetGroupName: subnetGroup?.name ?? subnetGroupName,
    securityGroupIds: securityGroupsOf(props, 'SecurityGroupIds'),
    primaryEndpoint: clusterEnabled ? undefined : endpoint('primary', hostnames.primary(replicationGroupId, tls.enabled)),
    readerEndpoint: clusterEnabled ? undefined : endpoint('reader', hostnames.reader(replicationGroupId, tls.enabled)),
    configurationEndpoint: clusterEnabled ? endpoint('configuration', hostnames.configuration(replicationGroupId, tls.enabled)) : undefined,
    engineConfig: valkeyEngineConfig(engine, version.version, port, nodeType, group),
    globalReplicationGroupId: props.string('GlobalReplicationGroupId'),
    snapshottingClusterId: snapshotting?.toLowerCase(),
    snapshotRetentionLimit: checkWindows(resource, props),
    snapshotWindow: props.string('SnapshotWindow'),
    preferredMaintenanceWindow: props.string('PreferredMaintenanceWindow'),
    ...networkOf(resource, props, version),
    logDelivery: logDeliveryOf(resource, props, version),
    notificationTopicArn: props.string('NotificationTopicArn'),
  };
  context.caches.push(model);
  return model;
}

export function replicationGroupHandler(context: ModelContext): ResourceTypeHandler {
  return modelHandler(context, createReplicationGroup, (model) => model.replicationGroupId, replicationGroupAttribute);
}

import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { Engine, EngineVersion, NodeType } from '../catalog';
import { checkAuthToken, generateAuthTokenSecret } from './auth-token';
import { renderBackup } from './backup-render';
import { cacheNetwork } from './cache-network';
import { renderLogDelivery } from './log-delivery-render';
import { checkEngineVersion, checkNetwork, checkNodeType, checkNotificationTopic, checkPort } from './node-cache-checks';
import { TransitEncryptionMode } from './node-cache-options';
import { ownParameterGroup } from './node-parameter-group';
import { IParameterGroup } from './parameter-group';
import { ReplicationGroupCommonProps } from './replication-group-base';
import { ISubnetGroup } from './subnet-group';
import { tagResource } from './tags';
import { checkIdentifier, checkOneOf, checkText, isUncheckable, ValidationError } from './validation';
import { checkMaintenanceWindow } from './windows';
import { checkDataTiering } from '../catalog/internal';

/** The shape a concrete replication group gives the builder. */
export interface GroupShape {
  readonly clusterMode: boolean;
  /** Whether every shard has at least one replica (Multi-AZ and failover are possible). */
  readonly everyShardHasReplica: boolean;
  /** The prop that sets the replicas, for messages (`replicas`, `replicasPerShard`). */
  readonly replicasProp: string;
  /** The topology properties: node counts, shards, zones. */
  readonly topology: Partial<elasticache.CfnReplicationGroupProps>;
}

/** What the builder made and decided, for the construct's public fields. */
export interface BuiltReplicationGroup {
  readonly resource: elasticache.CfnReplicationGroup;
  readonly engineVersion: EngineVersion;
  readonly nodeType: NodeType;
  readonly port: number;
  readonly subnetGroup: ISubnetGroup;
  readonly connections: ec2.Connections;
  readonly parameterGroup?: IParameterGroup;
  readonly transitEncryption: boolean;
  readonly atRestEncryption: boolean;
  readonly multiAz: boolean;
  readonly automaticFailover: boolean;
  readonly authTokenSecret?: secretsmanager.ISecret;
  readonly logGroups: Record<string, logs.ILogGroup>;
  /** The group ID as written by the user (lower-cased), when given and known at synth time. */
  readonly literalId?: string;
}

const GROUP_ID = { maxLength: 40 };

/**
 * Validates the props shared by both kinds of replication group and creates the
 * `AWS::ElastiCache::ReplicationGroup` with secure, cdk-nag clean defaults: subnet group, encryption at
 * rest and in transit stated explicitly, Multi-AZ with replicas, an AUTH token in Secrets Manager,
 * backups kept 15 days, slow log delivery, final snapshot on removal.
 */
export function buildReplicationGroup(scope: Construct, props: ReplicationGroupCommonProps, shape: GroupShape): BuiltReplicationGroup {
  const engineVersion = props.engineVersion ?? EngineVersion.VALKEY_8_1;
  const nodeType = props.nodeType ?? NodeType.T4G_MEDIUM;
  const port = props.port ?? 6379;
  checkEngineVersion(scope, engineVersion, [Engine.VALKEY, Engine.REDIS]);
  checkNodeType(scope, nodeType, engineVersion);
  checkPort(scope, port);
  checkIdentifier(scope, 'replicationGroupId', props.replicationGroupId, GROUP_ID);
  checkText(scope, 'description', props.description, 255, '');
  checkMaintenanceWindow(scope, 'maintenanceWindow', props.maintenanceWindow);
  checkNetwork(scope, engineVersion, props.networkType, props.ipDiscovery);
  checkNotificationTopic(scope, props.notificationTopic, Stack.of(scope));
  const dataTiering = resolveDataTiering(scope, props.dataTiering, nodeType);
  const { multiAz, automaticFailover } = resolveFailover(scope, props, shape);
  const atRestEncryption = resolveAtRest(scope, props);
  const transitEncryption = props.transitEncryption ?? true;
  const transitEncryptionMode = resolveTransitMode(scope, props.transitEncryptionMode, transitEncryption, engineVersion);
  checkUserGroup(scope, props, transitEncryption, engineVersion);
  const backup = renderBackup(scope, props.backup, props.maintenanceWindow);

  const network = cacheNetwork(scope, props, 'replication group');
  const connections = new ec2.Connections({ securityGroups: network.securityGroups, defaultPort: ec2.Port.tcp(port) });
  const parameterGroup = ownParameterGroup(scope, {
    engineVersion, nodeType, parameterGroup: props.parameterGroup, parameters: props.parameters, clusterMode: shape.clusterMode,
  });
  const { authToken, authTokenSecret } = resolveAuth(scope, props, transitEncryption);
  const logDelivery = renderLogDelivery(scope, engineVersion, props.logDelivery);

  const givenId = props.replicationGroupId;
  const literalId = givenId === undefined || isUncheckable(givenId) ? undefined : givenId.toLowerCase();
  const resource = new elasticache.CfnReplicationGroup(scope, 'Resource', {
    replicationGroupDescription: props.description ?? `Replication group ${scope.node.path}`,
    replicationGroupId: literalId ?? givenId,
    engine: engineVersion.engine,
    engineVersion: engineVersion.version,
    cacheNodeType: nodeType.name,
    port,
    clusterMode: hasClusterModeProperty(engineVersion) ? (shape.clusterMode ? 'enabled' : 'disabled') : undefined,
    ...shape.topology,
    cacheParameterGroupName: parameterGroup?.parameterGroupName,
    cacheSubnetGroupName: network.subnetGroup.subnetGroupName,
    securityGroupIds: network.securityGroups.map((sg) => sg.securityGroupId),
    automaticFailoverEnabled: automaticFailover,
    multiAzEnabled: multiAz,
    atRestEncryptionEnabled: atRestEncryption,
    kmsKeyId: props.kmsKey?.keyArn,
    transitEncryptionEnabled: transitEncryption,
    transitEncryptionMode,
    authToken,
    userGroupIds: props.userGroup ? [props.userGroup.userGroupId] : undefined,
    dataTieringEnabled: dataTiering ? true : undefined,
    networkType: props.networkType,
    ipDiscovery: props.ipDiscovery,
    ...backup,
    preferredMaintenanceWindow: props.maintenanceWindow,
    logDeliveryConfigurations: logDelivery.configurations.length > 0 ? logDelivery.configurations : undefined,
    notificationTopicArn: props.notificationTopic?.topicArn,
    autoMinorVersionUpgrade: props.autoMinorVersionUpgrade ?? true,
  });
  if (props.userGroup) resource.node.addDependency(props.userGroup);
  resource.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.SNAPSHOT);
  tagResource(scope, resource, props.tags);

  return {
    resource,
    engineVersion,
    nodeType,
    port,
    subnetGroup: network.subnetGroup,
    connections,
    parameterGroup,
    transitEncryption,
    atRestEncryption,
    multiAz,
    automaticFailover,
    authTokenSecret,
    logGroups: logDelivery.logGroups,
    literalId,
  };
}

/**
 * `ClusterMode` exists for Valkey and Redis OSS 7.0 and later (the versions that can move between
 * modes); it is written in lower case, since title case makes CloudFormation attempt a mode change.
 * Older versions take their mode from the parameter group alone.
 */
function hasClusterModeProperty(version: EngineVersion): boolean {
  return !version.isUnresolved && (version.engine === Engine.VALKEY || version.isAtLeast('7.0'));
}

function resolveDataTiering(scope: Construct, requested: boolean | undefined, nodeType: NodeType): boolean {
  const enabled = requested ?? nodeType.dataTiering;
  if (!nodeType.isUnresolved) {
    const problem = checkDataTiering(nodeType.name, enabled);
    if (problem) throw new ValidationError(scope, 'dataTiering', enabled, problem);
  }
  return enabled;
}

/** Multi-AZ needs automatic failover and a replica in every shard; cluster mode always fails over. */
function resolveFailover(scope: Construct, props: ReplicationGroupCommonProps, shape: GroupShape) {
  const replicas = shape.everyShardHasReplica;
  const automaticFailover = props.automaticFailover ?? (shape.clusterMode || replicas);
  const multiAz = props.multiAz ?? replicas;
  if (shape.clusterMode && !automaticFailover) {
    throw new ValidationError(scope, 'automaticFailover', false, 'true (or leave it out): cluster mode enabled groups always fail over automatically');
  }
  if (!shape.clusterMode && automaticFailover && !replicas) {
    throw new ValidationError(scope, 'automaticFailover', true, `false with 0 ${shape.replicasProp}: failover needs a replica to promote`);
  }
  if (multiAz) {
    if (!replicas) throw new ValidationError(scope, 'multiAz', true, `false with 0 ${shape.replicasProp}: Multi-AZ needs a replica in every shard`);
    if (!automaticFailover) throw new ValidationError(scope, 'multiAz', true, 'false when automaticFailover is false: Multi-AZ needs automatic failover');
  }
  return { multiAz, automaticFailover };
}

function resolveAtRest(scope: Construct, props: ReplicationGroupCommonProps): boolean {
  const atRest = props.atRestEncryption ?? true;
  if (props.kmsKey && !atRest) {
    throw new ValidationError(scope, 'kmsKey', props.kmsKey.node.path, 'no key when atRestEncryption is false: the key encrypts data at rest');
  }
  return atRest;
}

function resolveTransitMode(
  scope: Construct, mode: TransitEncryptionMode | undefined, transit: boolean, version: EngineVersion,
): string | undefined {
  checkOneOf(scope, 'transitEncryptionMode', mode, Object.values(TransitEncryptionMode));
  const hasModes = version.supportsTransitEncryptionModification;
  if (mode !== undefined) {
    if (!transit) throw new ValidationError(scope, 'transitEncryptionMode', mode, 'no mode when transitEncryption is false');
    if (mode === TransitEncryptionMode.PREFERRED && !hasModes) {
      throw new ValidationError(scope, 'transitEncryptionMode', mode, `"required" with ${version}: "preferred" needs Valkey or Redis OSS 7.0 and later`);
    }
    return mode;
  }
  return transit && hasModes && !version.isUnresolved ? TransitEncryptionMode.REQUIRED : undefined;
}

/** RBAC needs a version with it, TLS, no AUTH token, and for Redis OSS a Redis OSS user group. */
function checkUserGroup(scope: Construct, props: ReplicationGroupCommonProps, transit: boolean, version: EngineVersion): void {
  const group = props.userGroup;
  if (!group) return;
  if (!version.supportsRbac) {
    throw new ValidationError(scope, 'userGroup', group.userGroupId, `no user group with ${version}: RBAC needs Valkey or Redis OSS 6.0 and later`);
  }
  if (!transit) throw new ValidationError(scope, 'userGroup', group.userGroupId, 'no user group when transitEncryption is false: RBAC needs TLS');
  if (props.authToken) {
    throw new ValidationError(scope, 'authToken', '(a token)', 'no AUTH token together with userGroup: a group authenticates with either');
  }
  if (version.engine === Engine.REDIS && group.engine !== undefined && group.engine !== Engine.REDIS) {
    throw new ValidationError(scope, 'userGroup', group.userGroupId, `a user group with engine redis for a Redis OSS group (this group's engine is ${group.engine})`);
  }
}

/**
 * The AUTH token: the given one (checked), or a generated Secrets Manager secret when TLS is on and
 * no user group authenticates clients.
 */
function resolveAuth(
  scope: Construct, props: ReplicationGroupCommonProps, transit: boolean,
): { authToken?: string; authTokenSecret?: secretsmanager.ISecret } {
  if (props.authToken) {
    if (!transit) throw new ValidationError(scope, 'authToken', '(a token)', 'no AUTH token when transitEncryption is false: AUTH needs TLS');
    checkAuthToken(scope, props.authToken);
    return { authToken: props.authToken.unsafeUnwrap() };
  }
  if (!transit || props.userGroup) return {};
  const secret = generateAuthTokenSecret(scope);
  return { authToken: secret.secretValue.unsafeUnwrap(), authTokenSecret: secret };
}

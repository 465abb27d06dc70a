import { Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { NodeCacheAlarmsProps } from './alarms';
import { CacheConnectionInfo, IAccessibleCache } from './cache-access';
import { Endpoint } from './endpoint';
import { memberNumber, shardMemberIds } from './member-ids';
import { checkCount } from './node-cache-checks';
import { ProvisionedReplicationGroupBase } from './provisioned-replication-group';
import { IReplicationGroup, ReplicationGroupAttributes, ReplicationGroupCommonProps } from './replication-group-base';
import { buildReplicationGroup } from './replication-group-builder';
import { importReplicationGroup } from './replication-group-import';
import { isUncheckable, ValidationError } from './validation';
import { LIMITS } from '../catalog/internal';

/** Properties of a `ReplicationGroup` (cluster mode disabled). */
export interface ReplicationGroupProps extends ReplicationGroupCommonProps {
  /**
   * Read replicas of the primary, 0 to 5.
   * @default 1
   */
  readonly replicas?: number;

  /**
   * The Availability Zone of each node, primary first: one per node (replicas + 1).
   * @default zones chosen by ElastiCache
   */
  readonly preferredAvailabilityZones?: string[];
}

/**
 * A Valkey or Redis OSS replication group with cluster mode disabled
 * (`AWS::ElastiCache::ReplicationGroup`): one primary and up to five replicas holding the same data,
 * reached through a primary endpoint (reads and writes) and a reader endpoint (reads, spread over
 * the replicas).
 *
 * Secure by default: encrypted at rest and in transit, an AUTH token generated in Secrets Manager,
 * Multi-AZ with automatic failover, daily backups kept 15 days, slow log delivered to CloudWatch Logs.
 *
 * @resource AWS::ElastiCache::ReplicationGroup
 */
export class ReplicationGroup extends ProvisionedReplicationGroupBase implements IAccessibleCache {
  /** References a replication group by ID. */
  public static fromReplicationGroupId(scope: Construct, id: string, replicationGroupId: string): IReplicationGroup {
    return importReplicationGroup(scope, id, { replicationGroupId });
  }

  /** References a replication group from its attributes. */
  public static fromReplicationGroupAttributes(scope: Construct, id: string, attrs: ReplicationGroupAttributes): IReplicationGroup {
    return importReplicationGroup(scope, id, attrs);
  }

  public readonly memberClusterIds: string[];

  /** The number of read replicas. */
  public readonly replicas: number;

  /** The primary endpoint: reads and writes, follows failovers. */
  public readonly primaryEndpoint: Endpoint;

  /** The reader endpoint: reads, spread over the replicas (the primary when there are none). */
  public readonly readerEndpoint: Endpoint;

  constructor(scope: Construct, id: string, props: ReplicationGroupProps) {
    super(scope, id);
    this.replicas = props.replicas ?? 1;
    const limits = LIMITS.replicasPerShard;
    if (isUncheckable(this.replicas)) {
      // CloudFormation takes the node count (replicas + 1) and has no arithmetic to derive it.
      throw new ValidationError(this, 'replicas', '(unresolved token)', `a number from ${limits.min} to ${limits.max} known at synth time`);
    }
    checkCount(this, 'replicas', this.replicas, limits.min, limits.max);
    const zones = props.preferredAvailabilityZones;
    if (zones !== undefined && !Token.isUnresolved(zones) && zones.length !== this.replicas + 1) {
      throw new ValidationError(this, 'preferredAvailabilityZones', zones,
        `one Availability Zone per node, primary first: ${this.replicas + 1} zones for ${this.replicas} replicas`);
    }

    const built = buildReplicationGroup(this, props, {
      clusterMode: false,
      everyShardHasReplica: this.replicas > 0,
      replicasProp: 'replicas',
      topology: { numCacheClusters: this.replicas + 1, preferredCacheClusterAZs: zones },
    });
    this._adopt(built);

    const memberPrefix = built.literalId ?? this.replicationGroupId;
    this.memberClusterIds = shardMemberIds(memberPrefix, undefined, this.replicas + 1);
    this.primaryEndpoint = Endpoint.fromAttributes(this.resource.attrPrimaryEndPointAddress, this.resource.attrPrimaryEndPointPort);
    this.readerEndpoint = Endpoint.fromAttributes(this.resource.attrReaderEndPointAddress, this.resource.attrReaderEndPointPort);
  }

  /** How clients reach the group: the primary endpoint, plus the reader endpoint. */
  public get connectionInfo(): CacheConnectionInfo {
    return {
      cacheName: this.replicationGroupId,
      cacheArn: this.replicationGroupArn,
      engine: this.engineVersion.engine,
      endpoint: this.primaryEndpoint,
      readerEndpoint: this.readerEndpoint,
      clusterMode: false,
      transitEncryption: this.transitEncryption,
      authTokenSecret: this.authTokenSecret,
    };
  }

  /**
   * Adds the recommended alarms on every member cluster: CPUUtilization, EngineCPUUtilization,
   * DatabaseMemoryUsagePercentage, CurrConnections, Evictions, SwapUsage, ReplicationLag (with
   * replicas) and CPUCreditBalance (T3 / T4g). Thresholds follow the node type; each can be tuned or
   * disabled.
   *
   * @returns the alarms created
   */
  public addRecommendedAlarms(props: NodeCacheAlarmsProps = {}): cloudwatch.Alarm[] {
    const members = this.memberClusterIds.map((cacheClusterId, i) => ({ cacheClusterId, label: `Node${memberNumber(i + 1)}` }));
    return this._createMemberAlarms(this.engineVersion, this.nodeType, members, this.replicas > 0, props);
  }
}

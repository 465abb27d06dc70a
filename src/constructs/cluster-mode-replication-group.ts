import { Annotations, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { EngineVersion } from '../catalog';
import { NodeCacheAlarmsProps } from './alarms';
import { CacheConnectionInfo, IAccessibleCache } from './cache-access';
import { Endpoint } from './endpoint';
import { fourDigits, memberNumber, shardMemberIds } from './member-ids';
import { checkCount } from './node-cache-checks';
import { ProvisionedReplicationGroupBase } from './provisioned-replication-group';
import { IReplicationGroup, ReplicationGroupAttributes, ReplicationGroupCommonProps } from './replication-group-base';
import { buildReplicationGroup } from './replication-group-builder';
import { importReplicationGroup } from './replication-group-import';
import { parseSlotRanges, SlotRange, slotCoverageProblem } from './slots';
import { checkPattern, isUncheckable, ValidationError } from './validation';
import { LIMITS } from '../catalog/internal';

/** Settings of one shard (node group) of a cluster mode enabled group. */
export interface ShardConfiguration {
  /**
   * The ID of the shard: four digits, unique in the group.
   * @default its position in the list: `0001`, `0002`, …
   */
  readonly nodeGroupId?: string;

  /**
   * The hash slots of the shard, `start-end` ranges separated by commas (`0-5460`). Give slots for
   * every shard or for none; together they must hold each of the 16384 slots exactly once.
   * @default the slots are split evenly
   */
  readonly slots?: string;

  /**
   * Read replicas of this shard, 0 to 5.
   * @default the group's `replicasPerShard`
   */
  readonly replicas?: number;

  /**
   * The Availability Zone of the shard's primary.
   * @default chosen by ElastiCache
   */
  readonly primaryAvailabilityZone?: string;

  /**
   * The Availability Zone of each replica, one per replica.
   * @default chosen by ElastiCache
   */
  readonly replicaAvailabilityZones?: string[];
}

/** Properties of a `ClusterModeReplicationGroup`. */
export interface ClusterModeReplicationGroupProps extends ReplicationGroupCommonProps {
  /**
   * The number of shards: 1 to 500 for Valkey and Redis OSS 5.0.6 and later (250 from 3.2.10, 90
   * for 3.2.4 and 3.2.6). Above 90 nodes in all, the default quota needs raising (a warning).
   * @default 1
   */
  readonly shards?: number;

  /**
   * Read replicas in each shard, 0 to 5.
   * @default 1
   */
  readonly replicasPerShard?: number;

  /**
   * Per-shard settings (slots, replicas, zones), one entry per shard.
   * @default every shard alike
   */
  readonly shardConfigurations?: ShardConfiguration[];
}

/** One shard as planned: its ID and replica count. */
interface ShardPlan {
  readonly nodeGroupId: string;
  readonly replicas: number;
}

/**
 * A Valkey or Redis OSS replication group with cluster mode enabled
 * (`AWS::ElastiCache::ReplicationGroup`, `ClusterMode: enabled`): the keyspace is split over up to
 * 500 shards of one primary and up to five replicas each, reached through the configuration
 * endpoint by cluster-aware clients. A cluster mode parameter group is chosen
 * (`default.<family>.cluster.on`) or created (from `parameters`) automatically.
 *
 * @resource AWS::ElastiCache::ReplicationGroup
 */
export class ClusterModeReplicationGroup extends ProvisionedReplicationGroupBase implements IAccessibleCache {
  /** References a cluster mode replication group by ID. */
  public static fromClusterModeReplicationGroupId(scope: Construct, id: string, replicationGroupId: string): IReplicationGroup {
    return importReplicationGroup(scope, id, { replicationGroupId });
  }

  /** References a cluster mode replication group from its attributes. */
  public static fromClusterModeReplicationGroupAttributes(scope: Construct, id: string, attrs: ReplicationGroupAttributes): IReplicationGroup {
    return importReplicationGroup(scope, id, attrs);
  }

  public readonly memberClusterIds: string[];

  /** The number of shards. */
  public readonly shards: number;

  /** The shard IDs (`0001`, …), in order. */
  public readonly shardIds: string[];

  /** The read replicas of each shard, in the order of `shardIds`. */
  public readonly shardReplicaCounts: number[];

  /** The configuration endpoint cluster-aware clients start from. */
  public readonly configurationEndpoint: Endpoint;

  private readonly plan: ShardPlan[];

  constructor(scope: Construct, id: string, props: ClusterModeReplicationGroupProps) {
    super(scope, id);
    const engineVersion = props.engineVersion ?? EngineVersion.VALKEY_8_1;
    this.shards = props.shards ?? props.shardConfigurations?.length ?? 1;
    const replicasPerShard = props.replicasPerShard ?? 1;
    for (const [prop, value] of [['shards', this.shards], ['replicasPerShard', replicasPerShard]] as const) {
      if (isUncheckable(value)) {
        throw new ValidationError(this, prop, '(unresolved token)', 'a number known at synth time: the members and their alarms are derived from it');
      }
    }
    checkCount(this, 'shards', this.shards, 1, engineVersion.maxShards || 1);
    const replicaLimits = LIMITS.replicasPerShard;
    checkCount(this, 'replicasPerShard', replicasPerShard, replicaLimits.min, replicaLimits.max);
    this.plan = this.planShards(props.shardConfigurations, replicasPerShard);
    this.checkNodeCount(engineVersion);

    const configs = props.shardConfigurations;
    const built = buildReplicationGroup(this, props, {
      clusterMode: true,
      everyShardHasReplica: this.plan.every((s) => s.replicas > 0),
      replicasProp: 'replicasPerShard',
      topology: configs
        ? {
          numNodeGroups: this.shards,
          nodeGroupConfiguration: configs.map((c, i) => ({
            nodeGroupId: this.plan[i].nodeGroupId,
            slots: c.slots,
            replicaCount: this.plan[i].replicas,
            primaryAvailabilityZone: c.primaryAvailabilityZone,
            replicaAvailabilityZones: c.replicaAvailabilityZones,
          })),
        }
        : { numNodeGroups: this.shards, replicasPerNodeGroup: replicasPerShard },
    });
    this._adopt(built);

    this.shardIds = this.plan.map((s) => s.nodeGroupId);
    this.shardReplicaCounts = this.plan.map((s) => s.replicas);
    const prefix = built.literalId ?? this.replicationGroupId;
    this.memberClusterIds = this.plan.flatMap((s) => shardMemberIds(prefix, s.nodeGroupId, s.replicas + 1));
    this.configurationEndpoint = Endpoint.fromAttributes(this.resource.attrConfigurationEndPointAddress, this.resource.attrConfigurationEndPointPort);
  }

  /** How clients reach the group: the configuration endpoint, in cluster mode. */
  public get connectionInfo(): CacheConnectionInfo {
    return {
      cacheName: this.replicationGroupId,
      cacheArn: this.replicationGroupArn,
      engine: this.engineVersion.engine,
      endpoint: this.configurationEndpoint,
      clusterMode: true,
      transitEncryption: this.transitEncryption,
      authTokenSecret: this.authTokenSecret,
    };
  }

  /**
   * Adds the recommended alarms on every member cluster of every shard: CPUUtilization,
   * EngineCPUUtilization, DatabaseMemoryUsagePercentage, CurrConnections, Evictions, SwapUsage,
   * ReplicationLag (with replicas) and CPUCreditBalance (T3 / T4g). Thresholds follow the node type;
   * each can be tuned or disabled.
   *
   * @returns the alarms created
   */
  public addRecommendedAlarms(props: NodeCacheAlarmsProps = {}): cloudwatch.Alarm[] {
    let index = 0;
    const members = this.plan.flatMap((s) => Array.from({ length: s.replicas + 1 }, (_, n) => ({
      cacheClusterId: this.memberClusterIds[index++],
      label: `Shard${s.nodeGroupId}Node${memberNumber(n + 1)}`,
    })));
    return this._createMemberAlarms(this.engineVersion, this.nodeType, members, this.plan.some((s) => s.replicas > 0), props);
  }

  /** One plan per shard: IDs, replica counts, and the checks on slots and zones. */
  private planShards(configs: ShardConfiguration[] | undefined, replicasPerShard: number): ShardPlan[] {
    if (configs === undefined) {
      return Array.from({ length: this.shards }, (_, i) => ({ nodeGroupId: fourDigits(i + 1), replicas: replicasPerShard }));
    }
    if (configs.length !== this.shards) {
      throw new ValidationError(this, 'shardConfigurations', `${configs.length} entries`, `one entry per shard (${this.shards})`);
    }
    const plan = configs.map((c, i): ShardPlan => {
      const prop = `shardConfigurations[${i}]`;
      checkPattern(this, `${prop}.nodeGroupId`, c.nodeGroupId, /^\d{4}$/, 'four digits, e.g. "0001"');
      const replicas = c.replicas ?? replicasPerShard;
      checkCount(this, `${prop}.replicas`, replicas, LIMITS.replicasPerShard.min, LIMITS.replicasPerShard.max);
      const zones = c.replicaAvailabilityZones;
      if (zones !== undefined && !Token.isUnresolved(zones) && zones.length !== replicas) {
        throw new ValidationError(this, `${prop}.replicaAvailabilityZones`, zones, `one zone per replica (${replicas})`);
      }
      return { nodeGroupId: c.nodeGroupId ?? fourDigits(i + 1), replicas };
    });
    const ids = plan.map((p) => p.nodeGroupId);
    const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
    if (duplicate) throw new ValidationError(this, 'shardConfigurations', duplicate, 'a different nodeGroupId for every shard');
    this.checkSlots(configs);
    return plan;
  }

  /** Slots for every shard or none, each range valid, every slot held exactly once. */
  private checkSlots(configs: ShardConfiguration[]): void {
    const given = configs.filter((c) => c.slots !== undefined);
    if (given.length === 0 || given.some((c) => Token.isUnresolved(c.slots))) return;
    if (given.length !== configs.length) {
      const missing = configs.findIndex((c) => c.slots === undefined);
      throw new ValidationError(this, `shardConfigurations[${missing}].slots`, undefined, 'slots for every shard, or for none (then they are split evenly)');
    }
    const ranges: SlotRange[][] = configs.map((c, i) => {
      const parsed = parseSlotRanges(c.slots!);
      if (!parsed) {
        throw new ValidationError(this, `shardConfigurations[${i}].slots`, c.slots, 'start-end ranges between 0 and 16383 (start ≤ end), separated by commas');
      }
      return parsed;
    });
    const problem = slotCoverageProblem(ranges);
    if (problem) {
      throw new ValidationError(this, 'shardConfigurations[*].slots', configs.map((c) => c.slots), `ranges that hold each of the 16384 slots exactly once (${problem})`);
    }
  }

  /**
   * The version's node limit is an error; above the default quota of 90 nodes per cluster the
   * deployment needs a quota increase first, which is a warning.
   */
  private checkNodeCount(version: EngineVersion): void {
    const nodes = this.plan.reduce((sum, s) => sum + 1 + s.replicas, 0);
    const limit = version.maxShards;
    if (nodes > limit) {
      throw new ValidationError(this, 'shards', this.shards, `a shape of at most ${limit} nodes with ${version} (this one has ${nodes}: shards × (1 + replicas))`);
    }
    const quota = LIMITS.nodesPerClusterModeCluster.max;
    if (nodes > quota) {
      Annotations.of(this).addWarningV2('cdk-elasticache:nodeQuota',
        `The group has ${nodes} nodes; the default quota is ${quota} nodes per cluster. Request a quota increase before deploying.`);
    }
  }
}

import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { Engine, NodeType } from '../catalog';
import { AlarmSpec } from './alarm-factory';
import { AlarmSettings, NodeCacheAlarmsProps } from './alarms';
import { ValidationError } from './validation';
import { findNodeType, LIMITS, nodeTypeSpecificValue } from '../catalog/internal';

/**
 * The recommended alarms of node-based caches, with thresholds derived from the node type.
 *
 * Sources: CloudWatch "Recommended alarms" for ElastiCache (CPUUtilization, CurrConnections,
 * DatabaseMemoryUsagePercentage, EngineCPUUtilization 90, ReplicationLag; 60-second periods) and the
 * ElastiCache guide's "Which metrics should I monitor?" (CPU: 90 % for Memcached, 90 % ÷ vCPUs for
 * single-threaded Valkey / Redis OSS on nodes with 2 vCPUs or fewer; SwapUsage above 50 MB).
 */

const MIB = 1024 * 1024;
/** Share of a limit at which the usage alarms fire. */
const LIMIT_RATIO = 0.8;
const ENGINE_CPU_PERCENT = 90;
const MEMORY_USAGE_PERCENT = 80;
const REPLICATION_LAG_SECONDS = 10;
const SWAP_USAGE_BYTES = 50 * MIB;
/** Credits a burstable node can accrue (24 hours of earnings), by size: seed 000:L5108–5121. */
const MAX_ACCRUED_CREDITS: Readonly<Record<string, number>> = { micro: 288, small: 576, medium: 576 };
/** Share of the most credits a node can hold below which its balance alarm fires. */
const CREDIT_BALANCE_RATIO = 0.1;

/** The thresholds recommended for one node type and engine. */
export interface NodeThresholds {
  /** `CPUUtilization` in percent. */
  readonly cpuUtilization: number;
  /** Why that CPU threshold, for the alarm description. */
  readonly cpuReason: string;
  /** `CurrConnections`. */
  readonly currConnections: number;
  /** The node's connection limit the threshold is a share of. */
  readonly connectionLimit: number;
  /** `CPUCreditBalance`; undefined when the node publishes no credit metrics. */
  readonly cpuCreditBalance?: number;
  /** The metric that tracks memory pressure (capacity on data tiering nodes). */
  readonly memoryMetric: string;
}

/**
 * vCPUs of a node type: documented for burstable types; elsewhere the documented Memcached
 * `num_threads`, which ElastiCache sets to the node's vCPU count. Undefined where neither is documented.
 */
export function nodeVcpus(nodeType: NodeType): number | undefined {
  if (nodeType.isUnresolved) return undefined;
  const info = findNodeType(nodeType.name);
  return info?.vCpus ?? info?.memcachedNumThreads;
}

export function nodeThresholds(nodeType: NodeType, engine: Engine, family: string | undefined): NodeThresholds {
  const vcpus = nodeVcpus(nodeType);
  let cpuUtilization = 90;
  let cpuReason = 'Memcached is multi-threaded: up to 90 % host CPU is normal';
  if (engine !== Engine.MEMCACHED) {
    const small = vcpus !== undefined && vcpus <= 2;
    cpuUtilization = small ? ENGINE_CPU_PERCENT / vcpus : 90;
    cpuReason = small
      ? `${nodeType.name} has ${vcpus} vCPU(s) and the engine runs on one: 90 % of one vCPU is ${cpuUtilization} % of the host`
      : `${nodeType.name} has ${vcpus ?? 'an undocumented number of'} vCPUs: EngineCPUUtilization watches the engine thread, this alarm the host`;
  }
  const connectionLimit = connectionLimitOf(nodeType, engine, family);
  return {
    cpuUtilization,
    cpuReason,
    currConnections: Math.floor(connectionLimit * LIMIT_RATIO),
    connectionLimit,
    cpuCreditBalance: creditBalanceThreshold(nodeType),
    memoryMetric: nodeType.dataTiering ? 'DatabaseCapacityUsagePercentage' : 'DatabaseMemoryUsagePercentage',
  };
}

/** `maxclients` of the node type for Valkey / Redis OSS, `max_simultaneous_connections` for Memcached. */
function connectionLimitOf(nodeType: NodeType, engine: Engine, family: string | undefined): number {
  const hardLimit = LIMITS.simultaneousConnectionsPerNode.max;
  if (engine === Engine.MEMCACHED || family === undefined || nodeType.isUnresolved) return hardLimit;
  const maxclients = nodeTypeSpecificValue(family, 'maxclients', nodeType.name);
  return maxclients === undefined ? hardLimit : Number(maxclients);
}

/** T3 and T4g nodes publish credit metrics (T2 and non-burstable nodes do not). */
function creditBalanceThreshold(nodeType: NodeType): number | undefined {
  if (!nodeType.burstable || nodeType.family === 't2') return undefined;
  const size = nodeType.name.split('.').pop() ?? '';
  const max = MAX_ACCRUED_CREDITS[size];
  return max === undefined ? undefined : Math.round(max * CREDIT_BALANCE_RATIO * 10) / 10;
}

/** One node an alarm watches: its CloudWatch dimensions and a construct-id label. */
export interface AlarmedNode {
  readonly cacheClusterId: string;
  readonly cacheNodeId: string;
  /** Construct id of the node's alarm group, e.g. `Node0001`, `Shard0002Node001`. */
  readonly label: string;
}

/** A member cluster of a replication group and the construct id of its alarms. */
export interface AlarmedMember {
  /** The member's `CacheClusterId`. */
  readonly cacheClusterId: string;
  /** The construct id of its alarm group, e.g. `Node001`, `Shard0001Node002`. */
  readonly label: string;
}

/** Builds a metric of the cache for one node: dimensions `CacheClusterId`, plus `CacheNodeId` when asked. */
export type NodeMetricBuilder = (metricName: string, node: AlarmedNode, perNode: boolean, period: Duration) => cloudwatch.IMetric;

/** What a node cache tells the alarm builder about itself. */
export interface NodeAlarmContext {
  readonly owner: Construct;
  readonly engine: Engine;
  readonly nodeType: NodeType;
  readonly family?: string;
  readonly nodes: readonly AlarmedNode[];
  /** Whether any shard has a replica (ReplicationLag is published). */
  readonly hasReplicas: boolean;
  readonly metric: NodeMetricBuilder;
}

const VALKEY_ONLY: Array<keyof NodeCacheAlarmsProps> = ['engineCpuUtilization', 'memoryUsage', 'replicationLag'];

/** The recommended alarm specs for every node of a cache, with the user's overrides attached. */
export function nodeAlarmSpecs(context: NodeAlarmContext, props: NodeCacheAlarmsProps): AlarmSpec[] {
  const { owner, engine, nodeType } = context;
  const memcached = engine === Engine.MEMCACHED;
  if (memcached) {
    const refused = VALKEY_ONLY.find((key) => props[key] !== undefined);
    if (refused) throw new ValidationError(owner, refused, props[refused], 'no settings: Memcached nodes publish no such metric (Valkey and Redis OSS only)');
  }
  const t = nodeThresholds(nodeType, engine, context.family);
  // Settings for an alarm the cache cannot have would be silently ignored: refuse them instead.
  if (t.cpuCreditBalance === undefined && props.cpuCreditBalance !== undefined) {
    throw new ValidationError(owner, 'cpuCreditBalance', props.cpuCreditBalance,
      `no settings: ${nodeType.name} publishes no CPUCreditBalance (T3 and T4g nodes only)`);
  }
  if (!memcached && !context.hasReplicas && props.replicationLag !== undefined) {
    throw new ValidationError(owner, 'replicationLag', props.replicationLag, 'no settings: a group without replicas publishes no ReplicationLag');
  }
  const gt = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
  const path = owner.node.path;
  const specs: AlarmSpec[] = [];
  for (const node of context.nodes) {
    const where = `${path} (${node.label})`;
    const add = (
      id: string, prop: keyof NodeCacheAlarmsProps, metricName: string, perNode: boolean,
      threshold: number | undefined, evaluationPeriods: number, description: string,
      extra: Partial<AlarmSpec> = {},
    ) => specs.push({
      id,
      group: node.label,
      prop,
      settings: props[prop] as AlarmSettings | undefined,
      metric: (period) => context.metric(metricName, node, perNode, period),
      threshold,
      comparisonOperator: gt,
      evaluationPeriods,
      description,
      ...extra,
    });
    add('CPUUtilization', 'cpuUtilization', 'CPUUtilization', true, t.cpuUtilization, 5,
      `Host CPU of ${where} is above ${t.cpuUtilization} % (${t.cpuReason}).`);
    if (!memcached) {
      add('EngineCPUUtilization', 'engineCpuUtilization', 'EngineCPUUtilization', false, ENGINE_CPU_PERCENT, 5,
        `The engine thread of ${where} is above ${ENGINE_CPU_PERCENT} % CPU: scale up or out.`);
      add('MemoryUsage', 'memoryUsage', t.memoryMetric, false, MEMORY_USAGE_PERCENT, 5,
        `${t.memoryMetric} of ${where} is above ${MEMORY_USAGE_PERCENT} %: evictions follow at 100 %.`);
    }
    add('CurrConnections', 'currConnections', 'CurrConnections', true, t.currConnections, 10,
      `${where} has more than ${t.currConnections} connections (80 % of its limit of ${t.connectionLimit}).`);
    if (!memcached && context.hasReplicas) {
      add('ReplicationLag', 'replicationLag', 'ReplicationLag', false, REPLICATION_LAG_SECONDS, 15,
        `${where} lags more than ${REPLICATION_LAG_SECONDS} s behind its primary (while it is a replica).`);
    }
    // Memcached publishes engine metrics per node; Valkey / Redis OSS members per member cluster.
    add('Evictions', 'evictions', 'Evictions', memcached, 0, 5,
      `${where} evicts keys every minute: the data no longer fits in memory.`);
    add('SwapUsage', 'swapUsage', 'SwapUsage', true, SWAP_USAGE_BYTES, 5, `${where} uses more than 50 MiB of swap.`);
    if (t.cpuCreditBalance !== undefined) {
      add('CPUCreditBalance', 'cpuCreditBalance', 'CPUCreditBalance', true, t.cpuCreditBalance, 3,
        `${where} has less than ${t.cpuCreditBalance} CPU credits left: it will be throttled to its baseline.`,
        { comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD, period: Duration.minutes(5) });
    }
  }
  return specs;
}

import { Annotations, Resource } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { createRecommendedAlarms } from './alarm-factory';
import { NodeCacheAlarmsProps } from './alarms';
import { FIRST_NODE_ID } from './member-ids';
import { CLUSTER_DIMENSION, elastiCacheMetric, NODE_DIMENSION, nodeMetricStatistic } from './metric-factory';
import { NodeAlarmContext, nodeAlarmSpecs } from './node-alarms';
import { HostMetric, NodeMetricOptions } from './node-metrics';

const HOST_METRICS = new Set<string>(Object.values(HostMetric));

/** Above this many alarms a cache's recommended set crowds the stack (CloudFormation allows 500 resources). */
const MANY_ALARMS = 200;

/**
 * Base of the node-based caches (Memcached clusters, replication groups, Global Datastore
 * secondaries and their imports): IAM grants, CloudWatch metrics with `CacheClusterId` /
 * `CacheNodeId` dimensions, and the recommended alarms over every node.
 */
export abstract class NodeCacheBase extends Resource implements ec2.IConnectable {
  public abstract readonly connections: ec2.Connections;

  /** The `CacheClusterId` metric helpers use when the caller names none. */
  protected abstract get defaultCacheClusterId(): string;

  /** The ARN IAM grants apply to. */
  protected abstract get grantableArn(): string;

  /** Whether engine metrics are published per node (Memcached) rather than per member cluster. */
  protected abstract get engineMetricsPerNode(): boolean;

  /** Grants IAM actions on the cache. */
  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.grantableArn] });
  }

  /**
   * A metric of the cache (namespace `AWS/ElastiCache`). Host metrics and Memcached engine metrics
   * are per node (`CacheClusterId` + `CacheNodeId`); Valkey / Redis OSS engine metrics per member
   * cluster (`CacheClusterId`) unless a node is named.
   */
  public metric(metricName: string, props: NodeMetricOptions = {}): cloudwatch.Metric {
    const { cacheClusterId, cacheNodeId, ...options } = props;
    const perNode = HOST_METRICS.has(metricName) || this.engineMetricsPerNode;
    const nodeId = cacheNodeId ?? (perNode ? FIRST_NODE_ID : undefined);
    const dimensions: Record<string, string> = { [CLUSTER_DIMENSION]: cacheClusterId ?? this.defaultCacheClusterId };
    if (nodeId !== undefined) dimensions[NODE_DIMENSION] = nodeId;
    return elastiCacheMetric(metricName, dimensions, nodeMetricStatistic(metricName), options);
  }

  /** A host-level metric of one node (dimensions `CacheClusterId` and `CacheNodeId`). */
  public metricHost(metric: HostMetric, props?: NodeMetricOptions): cloudwatch.Metric {
    return this.metric(metric, props);
  }

  /** Host CPU in percent (`CPUUtilization`, Average). */
  public metricCPUUtilization(props?: NodeMetricOptions): cloudwatch.Metric {
    return this.metric(HostMetric.CPU_UTILIZATION, props);
  }

  /** CPU credits left on T3 / T4g nodes (`CPUCreditBalance`, Average; published every 5 minutes). */
  public metricCPUCreditBalance(props?: NodeMetricOptions): cloudwatch.Metric {
    return this.metric(HostMetric.CPU_CREDIT_BALANCE, props);
  }

  /** Free host memory in bytes (`FreeableMemory`, Average). */
  public metricFreeableMemory(props?: NodeMetricOptions): cloudwatch.Metric {
    return this.metric(HostMetric.FREEABLE_MEMORY, props);
  }

  /** Swap in use in bytes (`SwapUsage`, Average). */
  public metricSwapUsage(props?: NodeMetricOptions): cloudwatch.Metric {
    return this.metric(HostMetric.SWAP_USAGE, props);
  }

  /** Bytes read from the network (`NetworkBytesIn`, Sum). */
  public metricNetworkBytesIn(props?: NodeMetricOptions): cloudwatch.Metric {
    return this.metric(HostMetric.NETWORK_BYTES_IN, props);
  }

  /** Bytes sent to the network (`NetworkBytesOut`, Sum). */
  public metricNetworkBytesOut(props?: NodeMetricOptions): cloudwatch.Metric {
    return this.metric(HostMetric.NETWORK_BYTES_OUT, props);
  }

  /** Client connections (`CurrConnections`, Average). */
  public metricCurrConnections(props?: NodeMetricOptions): cloudwatch.Metric {
    return this.metric('CurrConnections', props);
  }

  /** Connections accepted during the period (`NewConnections`, Sum). */
  public metricNewConnections(props?: NodeMetricOptions): cloudwatch.Metric {
    return this.metric('NewConnections', props);
  }

  /** Items (keys) stored (`CurrItems`, Average). */
  public metricCurrItems(props?: NodeMetricOptions): cloudwatch.Metric {
    return this.metric('CurrItems', props);
  }

  /** Items evicted to make room (`Evictions`, Sum). */
  public metricEvictions(props?: NodeMetricOptions): cloudwatch.Metric {
    return this.metric('Evictions', props);
  }

  /** Expired items removed (`Reclaimed`, Sum). */
  public metricReclaimed(props?: NodeMetricOptions): cloudwatch.Metric {
    return this.metric('Reclaimed', props);
  }

  /**
   * Creates the recommended alarms for every node described by `context`.
   * @internal
   */
  protected _createNodeAlarms(context: Omit<NodeAlarmContext, 'owner' | 'metric'>, props: NodeCacheAlarmsProps): cloudwatch.Alarm[] {
    const specs = nodeAlarmSpecs({
      ...context,
      owner: this,
      metric: (metricName, node, perNode, period) => this.metric(metricName, {
        cacheClusterId: node.cacheClusterId,
        cacheNodeId: perNode ? node.cacheNodeId : undefined,
        period,
      }),
    }, props);
    const alarms = createRecommendedAlarms(this, specs, props);
    if (alarms.length > MANY_ALARMS) {
      Annotations.of(this).addWarningV2('cdk-elasticache:manyAlarms',
        `addRecommendedAlarms() created ${alarms.length} alarms (one set per node); a stack holds at most 500 resources. Disable some alarms or move them to their own stack.`);
    }
    return alarms;
  }
}

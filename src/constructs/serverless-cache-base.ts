import { IResource, Resource } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Engine } from '../catalog';
import { importedNameAndArn } from './arns';
import { elastiCacheMetric, MetricDefinition, SERVERLESS_DIMENSION, SERVERLESS_METRICS } from './metric-factory';
import { CommandCategory, MemcachedCommandMetric } from './metrics';
import { portRange } from './serverless-ports';
import { ValidationError } from './validation';

/** A serverless cache, created here or imported. */
export interface IServerlessCache extends IResource, ec2.IConnectable {
  /**
   * The name of the cache (its `clusterId` in CloudWatch).
   * @attribute
   */
  readonly serverlessCacheName: string;

  /**
   * The ARN of the cache.
   * @attribute
   */
  readonly serverlessCacheArn: string;

  /** The engine of the cache; undefined when unknown (imported without it). */
  readonly engine?: Engine;

  /** Grants IAM actions on the cache. */
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant;

  /** Grants `elasticache:Connect` and `elasticache:DescribeServerlessCaches` on the cache (IAM authentication). */
  grantConnect(grantee: iam.IGrantable): iam.Grant;

  /** A metric of this cache (namespace `AWS/ElastiCache`, dimension `clusterId`). */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/** Attributes of a serverless cache defined outside this app. */
export interface ServerlessCacheAttributes {
  /**
   * The name of the cache. One of `serverlessCacheName` and `serverlessCacheArn` is required.
   * @default derived from serverlessCacheArn
   */
  readonly serverlessCacheName?: string;

  /**
   * The ARN of the cache.
   * @default built from serverlessCacheName in this stack's account and region
   */
  readonly serverlessCacheArn?: string;

  /**
   * The engine of the cache: it gives `connections` its ports and lets engine-specific metrics be checked.
   * @default unknown (no default port; every metric helper is allowed)
   */
  readonly engine?: Engine;

  /**
   * The security groups of the cache.
   * @default none
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
}

/**
 * Base of `ServerlessCache` and of imported caches: grants, metrics and connections, shared so an
 * imported cache is as useful as one defined here.
 */
export abstract class ServerlessCacheBase extends Resource implements IServerlessCache {
  /** References a serverless cache by name. */
  public static fromServerlessCacheName(scope: Construct, id: string, serverlessCacheName: string): IServerlessCache {
    return ServerlessCacheBase.fromServerlessCacheAttributes(scope, id, { serverlessCacheName });
  }

  /** References a serverless cache by ARN. */
  public static fromServerlessCacheArn(scope: Construct, id: string, serverlessCacheArn: string): IServerlessCache {
    return ServerlessCacheBase.fromServerlessCacheAttributes(scope, id, { serverlessCacheArn });
  }

  /** References a serverless cache from its attributes. */
  public static fromServerlessCacheAttributes(scope: Construct, id: string, attrs: ServerlessCacheAttributes): IServerlessCache {
    const { name, arn } = importedNameAndArn(scope, 'serverlesscache', 'serverlessCacheName', 'serverlessCacheArn',
      attrs.serverlessCacheName, attrs.serverlessCacheArn);
    class Import extends ServerlessCacheBase {
      public readonly serverlessCacheName = name;
      public readonly serverlessCacheArn = arn;
      public readonly engine = attrs.engine;
      public readonly connections = new ec2.Connections({
        securityGroups: attrs.securityGroups,
        defaultPort: attrs.engine ? portRange(attrs.engine) : undefined,
      });
    }
    return new Import(scope, id);
  }

  public abstract readonly serverlessCacheName: string;
  public abstract readonly serverlessCacheArn: string;
  public abstract readonly engine?: Engine;
  public abstract readonly connections: ec2.Connections;

  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.serverlessCacheArn] });
  }

  public grantConnect(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'elasticache:Connect', 'elasticache:DescribeServerlessCaches');
  }

  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return elastiCacheMetric(metricName, { [SERVERLESS_DIMENSION]: this.serverlessCacheName }, cloudwatch.Stats.AVERAGE, props);
  }

  /** Bytes used by the data stored in the cache (`BytesUsedForCache`, Maximum). */
  public metricDataStored(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.documented(SERVERLESS_METRICS.bytesUsedForCache, props);
  }

  /** ECPUs consumed by requests (`ElastiCacheProcessingUnits`, Sum). */
  public metricProcessingUnitsConsumed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.documented(SERVERLESS_METRICS.elastiCacheProcessingUnits, props);
  }

  /** Latency of successful reads in microseconds (`SuccessfulReadRequestLatency`, Average). */
  public metricReadRequestLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.documented(SERVERLESS_METRICS.successfulReadRequestLatency, props);
  }

  /** Latency of successful writes in microseconds (`SuccessfulWriteRequestLatency`, Average). */
  public metricWriteRequestLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.documented(SERVERLESS_METRICS.successfulWriteRequestLatency, props);
  }

  /** Commands executed (`TotalCmdsCount`, Sum). */
  public metricTotalCommands(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.documented(SERVERLESS_METRICS.totalCmdsCount, props);
  }

  /** Client connections (`CurrConnections`, Maximum). */
  public metricActiveConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.documented(SERVERLESS_METRICS.currConnections, props);
  }

  /** Requests throttled because the workload scaled faster than the cache (`ThrottledCmds`, Sum). */
  public metricThrottledCommands(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.documented(SERVERLESS_METRICS.throttledCmds, props);
  }

  /** Connections accepted during the period (`NewConnections`, Sum). */
  public metricNewConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.documented(SERVERLESS_METRICS.newConnections, props);
  }

  /** Items in the cache (`CurrItems`, Maximum). */
  public metricItems(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.documented(SERVERLESS_METRICS.currItems, props);
  }

  /** Bytes transferred into the cache (`NetworkBytesIn`, Sum). */
  public metricNetworkBytesIn(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.documented(SERVERLESS_METRICS.networkBytesIn, props);
  }

  /** Bytes transferred out of the cache (`NetworkBytesOut`, Sum). */
  public metricNetworkBytesOut(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.documented(SERVERLESS_METRICS.networkBytesOut, props);
  }

  /** Keys evicted (`Evictions`, Sum). */
  public metricEvictions(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.documented(SERVERLESS_METRICS.evictions, props);
  }

  /** Keys expired by the cache (`Reclaimed`, Sum). Memcached only. */
  public metricReclaimed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.documented(SERVERLESS_METRICS.reclaimed, props);
  }

  /** Hit rate in percent, hits / (hits + misses) (`CacheHitRate`, Average). Valkey and Redis OSS only. */
  public metricCacheHitRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.documented(SERVERLESS_METRICS.cacheHitRate, props);
  }

  /** Successful read-only key lookups (`CacheHits`, Sum). Valkey and Redis OSS only. */
  public metricCacheHitCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.documented(SERVERLESS_METRICS.cacheHits, props);
  }

  /** Read-only key lookups that missed (`CacheMisses`, Sum). Valkey and Redis OSS only. */
  public metricCacheMissCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.documented(SERVERLESS_METRICS.cacheMisses, props);
  }

  /** Items with a TTL (`CurrVolatileItems`, Maximum). Valkey and Redis OSS only. */
  public metricVolatileItems(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.documented(SERVERLESS_METRICS.currVolatileItems, props);
  }

  /** Expired IAM-authenticated connections (`IamAuthenticationExpirations`, Sum). Valkey and Redis OSS only. */
  public metricIamAuthenticationExpirations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.documented(SERVERLESS_METRICS.iamAuthenticationExpirations, props);
  }

  /** Throttled IAM-authenticated AUTH or HELLO requests (`IamAuthenticationThrottling`, Sum). Valkey and Redis OSS only. */
  public metricIamAuthenticationThrottling(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.documented(SERVERLESS_METRICS.iamAuthenticationThrottling, props);
  }

  /** Attempts to access keys without permission (`KeyAuthorizationFailures`, Sum). Valkey and Redis OSS only. */
  public metricKeyAuthorizationFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.documented(SERVERLESS_METRICS.keyAuthorizationFailures, props);
  }

  /** Failed AUTH attempts (`AuthenticationFailures`, Sum). Valkey and Redis OSS only. */
  public metricAuthenticationFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.documented(SERVERLESS_METRICS.authenticationFailures, props);
  }

  /** Attempts to run commands without permission (`CommandAuthorizationFailures`, Sum). Valkey and Redis OSS only. */
  public metricCommandAuthorizationFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.documented(SERVERLESS_METRICS.commandAuthorizationFailures, props);
  }

  /** Commands of one category (`<Category>Cmds`, Sum). Valkey and Redis OSS only. */
  public metricCommands(category: CommandCategory, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.documented({ name: category, statistic: cloudwatch.Stats.SUM, engines: 'valkey-redis' }, props);
  }

  /** ECPUs consumed by commands of one category (`<Category>CmdsECPUs`, Sum). Valkey and Redis OSS only. */
  public metricCommandProcessingUnits(category: CommandCategory, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.documented({ name: `${category}ECPUs`, statistic: cloudwatch.Stats.SUM, engines: 'valkey-redis' }, props);
  }

  /** A Memcached command-level metric (`CmdGet`, `GetHits`, …, Sum). Memcached only. */
  public metricMemcachedCommand(metric: MemcachedCommandMetric, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.documented({ name: metric, statistic: cloudwatch.Stats.SUM, engines: 'memcached' }, props);
  }

  /** A documented metric, refused when this cache's engine does not publish it (an empty graph otherwise). */
  private documented(definition: MetricDefinition, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    const engine = this.engine;
    if (engine !== undefined && definition.engines !== 'all') {
      const published = definition.engines === 'memcached' ? engine === Engine.MEMCACHED : engine !== Engine.MEMCACHED;
      if (!published) {
        const who = definition.engines === 'memcached' ? 'Memcached caches' : 'Valkey and Redis OSS caches';
        throw new ValidationError(this, `metric ${definition.name}`, engine, `${who}: a ${engine} serverless cache does not publish it`);
      }
    }
    return elastiCacheMetric(definition.name, { [SERVERLESS_DIMENSION]: this.serverlessCacheName }, definition.statistic, props);
  }
}

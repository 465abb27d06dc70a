import { Duration, Size, SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { Engine } from '../catalog';
import { AlarmSpec, createRecommendedAlarms } from './alarm-factory';
import { AlarmSettings, RecommendedAlarmsOptions } from './alarms';
import { CacheConnectionInfo, IAccessibleCache } from './cache-access';
import { cacheSecurityGroups } from './cache-network';
import { Endpoint } from './endpoint';
import { generateIdentifier } from './naming';
import { ServerlessCacheBase } from './serverless-cache-base';
import { portRange } from './serverless-ports';
import { selectCacheSubnets } from './subnets';
import { tagResource } from './tags';
import { IUserGroup } from './user-group';
import {
  checkIdentifier, checkMinNotAboveMax, checkOneOf, checkPattern, checkRange, checkText, isUncheckable, ValidationError,
} from './validation';
import { formatTimeOfDay } from './windows';
import { allEngineVersions, compareVersions } from '../catalog/lookup';

/** Documented limits of serverless caches. */
const LIMITS = {
  name: { maxLength: 40 },
  finalSnapshotName: { maxLength: 255 },
  dataStorageGb: { min: 1, max: 5000, integer: true, unit: 'GB' },
  ecpuPerSecond: { min: 1000, max: 15_000_000, integer: true, unit: 'ECPU/s' },
  backupRetention: { min: 1, max: 35, integer: true, unit: 'days' },
  description: 255,
};

/** Share of a configured maximum at which the usage alarms fire (ElastiCache's recommendation). */
const USAGE_ALARM_RATIO = 0.75;
/** Bytes per GB for storage limits (decimal, so the alarm fires no later than at 75 %). */
const BYTES_PER_GB = 1_000_000_000;

/** Usage limits of a serverless cache: its storage and compute range. */
export interface CacheUsageLimits {
  /**
   * The least data storage the cache keeps, 1 to 5000 GB (whole gigabytes).
   * @default no minimum
   */
  readonly dataStorageMinimumSize?: Size;

  /**
   * The most data storage the cache may use, 1 to 5000 GB (whole gigabytes); writes beyond it evict.
   * @default no maximum (the service limit)
   */
  readonly dataStorageMaximumSize?: Size;

  /**
   * The ECPUs per second the cache always provides, 1,000 to 15,000,000.
   * @default no minimum
   */
  readonly requestRateLimitMinimum?: number;

  /**
   * The most ECPUs per second the cache serves, 1,000 to 15,000,000; requests beyond it are throttled.
   * @default no maximum (the service limit)
   */
  readonly requestRateLimitMaximum?: number;
}

/** Backups of a serverless cache. */
export interface BackupSettings {
  /**
   * When the daily backup starts (UTC), as a cron with only hour and minute set,
   * e.g. `events.Schedule.cron({ hour: '3', minute: '0' })`.
   * @default chosen by ElastiCache
   */
  readonly backupTime?: events.Schedule;

  /**
   * Days a daily backup is kept, 1 to 35. Daily backups are taken only when this is set.
   * @default no automatic backups
   */
  readonly backupRetentionLimit?: number;

  /**
   * Name of a final backup taken when the cache is deleted: letters, digits and hyphens, starting
   * with a letter, no trailing or double hyphen, at most 255 characters.
   * @default no final backup
   */
  readonly backupNameBeforeDeletion?: string;

  /**
   * ARNs of backups (or `.rdb` files in S3) to restore into the new cache.
   * @default an empty cache
   */
  readonly backupArnsToRestore?: string[];
}

/** Properties of a `ServerlessCache`. A superset of `@aws-cdk/aws-elasticache-alpha`'s props. */
export interface ServerlessCacheProps {
  /** The VPC in which the cache endpoint is placed. */
  readonly vpc: ec2.IVpc;

  /**
   * The engine.
   * @default Engine.VALKEY
   */
  readonly engine?: Engine;

  /**
   * The major engine version: `7` or `8` for Valkey, `7` for Redis OSS, `1.6` for Memcached (the
   * versions the catalog lists as serverless).
   * @default the newest serverless major version of the engine
   */
  readonly majorEngineVersion?: string;

  /**
   * The name of the cache: 1 to 40 letters, digits or hyphens, starting with a letter, no trailing
   * or double hyphen. Stored in lower case (as ElastiCache does).
   * @default a name generated from the construct path
   */
  readonly serverlessCacheName?: string;

  /**
   * A description, at most 255 characters, without `<` or `>`.
   * @default no description
   */
  readonly description?: string;

  /**
   * Storage and compute limits.
   * @default no limits
   */
  readonly cacheUsageLimits?: CacheUsageLimits;

  /**
   * Backup settings.
   * @default no automatic backups, no final backup
   */
  readonly backup?: BackupSettings;

  /**
   * A customer managed KMS key that encrypts the data at rest (always encrypted).
   * @default an AWS owned key
   */
  readonly kmsKey?: kms.IKey;

  /**
   * The subnets of the endpoint.
   * @default private subnets with egress; if none, isolated subnets; if none, public subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Security groups of the endpoint.
   * @default a new security group without ingress rules (use `connections` to allow clients)
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * A user group for RBAC (Valkey and Redis OSS only).
   * @default no user group: the default user, with IAM or password-less access per engine defaults
   */
  readonly userGroup?: IUserGroup;

  /**
   * Tags of the cache. With tags added by `Tags.of()` on a parent, at most 50;
   * keys of 1 to 128 and values of up to 256 characters, neither starting with `aws:` (checked at synth).
   * @default no tags
   */
  readonly tags?: { [key: string]: string };
}

/** Options of `ServerlessCache.addRecommendedAlarms()`. */
export interface ServerlessCacheAlarmsProps extends RecommendedAlarmsOptions {
  /**
   * Throttled requests (`ThrottledCmds` Sum > 0 for 5 consecutive minutes): the workload grows
   * faster than the cache scales, or reaches `requestRateLimitMaximum`.
   * @default threshold 0, 5 of 5 one-minute periods
   */
  readonly throttledCommands?: AlarmSettings;

  /**
   * Compute close to the configured maximum. The threshold is in ECPUs per second; the alarm compares
   * the ECPUs consumed in each period with threshold × period seconds.
   * @default 75 % of requestRateLimitMaximum, 5 of 5 one-minute periods; no alarm without a maximum
   */
  readonly processingUnits?: AlarmSettings;

  /**
   * Storage close to the configured maximum (`BytesUsedForCache` Maximum), threshold in bytes.
   * @default 75 % of dataStorageMaximumSize (1 GB = 10^9 bytes), 5 of 5 one-minute periods; no alarm without a maximum
   */
  readonly dataStored?: AlarmSettings;

  /**
   * Average latency of successful reads, in microseconds.
   * @default 2,000 µs, 5 of 5 one-minute periods
   */
  readonly readLatency?: AlarmSettings;

  /**
   * Average latency of successful writes, in microseconds.
   * @default 4,000 µs, 5 of 5 one-minute periods
   */
  readonly writeLatency?: AlarmSettings;
}

/**
 * An ElastiCache serverless cache (`AWS::ElastiCache::ServerlessCache`) for Valkey, Redis OSS or
 * Memcached: one endpoint that scales by itself, always encrypted in transit and at rest.
 *
 * `connections` opens both the endpoint port and the read-optimized port (6379 and 6380, or 11211
 * and 11212); metrics use the `clusterId` dimension serverless caches publish under.
 *
 * @resource AWS::ElastiCache::ServerlessCache
 */
export class ServerlessCache extends ServerlessCacheBase implements IAccessibleCache {
  public readonly serverlessCacheName: string;
  public readonly serverlessCacheArn: string;
  /** The engine of the cache (always set for caches created here). */
  public readonly engine?: Engine;
  private readonly cacheEngine: Engine;
  public readonly connections: ec2.Connections;

  /** The major engine version of the cache. */
  public readonly majorEngineVersion: string;

  /** The endpoint: its address and port (6379 or 11211) as a number. */
  public readonly endpoint: Endpoint;

  /** The read-optimized endpoint (port 6380 or 11212): eventually consistent, lower-latency reads. */
  public readonly readerEndpoint: Endpoint;

  /**
   * The endpoint address.
   * @attribute
   */
  public readonly serverlessCacheEndpointAddress: string;

  /**
   * The endpoint port, as CloudFormation returns it (a string).
   * @attribute
   */
  public readonly serverlessCacheEndpointPort: string;

  /**
   * The reader endpoint address.
   * @attribute
   */
  public readonly serverlessCacheReaderEndpointAddress: string;

  /**
   * The reader endpoint port (a string).
   * @attribute
   */
  public readonly serverlessCacheReaderEndpointPort: string;

  /**
   * The status of the cache.
   * @attribute
   */
  public readonly serverlessCacheStatus: string;

  /** The KMS key that encrypts the cache, when one was given. */
  public readonly kmsKey?: kms.IKey;

  /** The user group of the cache, when one was given. */
  public readonly userGroup?: IUserGroup;

  /** The underlying CloudFormation resource. */
  public readonly resource: elasticache.CfnServerlessCache;

  private readonly limits: CacheUsageLimits;

  constructor(scope: Construct, id: string, props: ServerlessCacheProps) {
    super(scope, id);
    this.cacheEngine = props.engine ?? Engine.VALKEY;
    this.engine = this.cacheEngine;
    checkOneOf(this, 'engine', this.cacheEngine, [Engine.VALKEY, Engine.REDIS, Engine.MEMCACHED]);
    this.majorEngineVersion = this.resolveMajorVersion(props.majorEngineVersion);
    this.limits = props.cacheUsageLimits ?? {};
    this.kmsKey = props.kmsKey;
    this.userGroup = props.userGroup;

    checkIdentifier(this, 'serverlessCacheName', props.serverlessCacheName, LIMITS.name);
    checkText(this, 'description', props.description, LIMITS.description, '<>');
    this.checkUserGroup(props.userGroup);
    const backup = this.renderBackup(props.backup);

    const name = props.serverlessCacheName;
    this.serverlessCacheName = name === undefined ? generateIdentifier(this, LIMITS.name.maxLength)
      : isUncheckable(name) ? name : name.toLowerCase();

    const securityGroups = cacheSecurityGroups(this, props.vpc, props.securityGroups, 'serverless cache');
    this.connections = new ec2.Connections({ securityGroups, defaultPort: portRange(this.cacheEngine) });
    const subnets = selectCacheSubnets(this, props.vpc, props.vpcSubnets);

    this.resource = new elasticache.CfnServerlessCache(this, 'Resource', {
      serverlessCacheName: this.serverlessCacheName,
      engine: this.cacheEngine,
      majorEngineVersion: this.majorEngineVersion,
      description: props.description,
      cacheUsageLimits: this.renderUsageLimits(),
      kmsKeyId: props.kmsKey?.keyArn,
      securityGroupIds: securityGroups.map((sg) => sg.securityGroupId),
      subnetIds: subnets.subnetIds,
      userGroupId: props.userGroup?.userGroupId,
      ...backup,
    });
    if (props.userGroup) this.resource.node.addDependency(props.userGroup);
    tagResource(this, this.resource, props.tags);

    this.serverlessCacheArn = this.resource.attrArn;
    this.serverlessCacheEndpointAddress = this.resource.attrEndpointAddress;
    this.serverlessCacheEndpointPort = this.resource.attrEndpointPort;
    this.serverlessCacheReaderEndpointAddress = this.resource.attrReaderEndpointAddress;
    this.serverlessCacheReaderEndpointPort = this.resource.attrReaderEndpointPort;
    this.serverlessCacheStatus = this.resource.attrStatus;
    this.endpoint = Endpoint.fromAttributes(this.resource.attrEndpointAddress, this.resource.attrEndpointPort);
    this.readerEndpoint = Endpoint.fromAttributes(this.resource.attrReaderEndpointAddress, this.resource.attrReaderEndpointPort);
  }

  /** How clients reach the cache: TLS on the endpoint and the read-optimized endpoint; cluster mode for Valkey and Redis OSS. */
  public get connectionInfo(): CacheConnectionInfo {
    return {
      cacheName: this.serverlessCacheName,
      cacheArn: this.serverlessCacheArn,
      engine: this.cacheEngine,
      endpoint: this.endpoint,
      readerEndpoint: this.readerEndpoint,
      clusterMode: this.cacheEngine !== Engine.MEMCACHED,
      transitEncryption: true,
    };
  }

  /**
   * Adds the alarms recommended for serverless caches: throttled commands, compute and storage at
   * 75 % of the configured maximums, and read and write latency. Each can be tuned or disabled.
   *
   * @returns the alarms created
   */
  public addRecommendedAlarms(props: ServerlessCacheAlarmsProps = {}): cloudwatch.Alarm[] {
    const gt = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
    const ecpuMax = this.limits.requestRateLimitMaximum;
    const configuredGb = this.gigabytes(this.limits.dataStorageMaximumSize);
    const storageMaxGb = configuredGb !== undefined && !Token.isUnresolved(configuredGb) ? configuredGb : undefined;
    const ecpuPerSecond = props.processingUnits?.threshold
      ?? (ecpuMax !== undefined && !Token.isUnresolved(ecpuMax) ? ecpuMax * USAGE_ALARM_RATIO : undefined);
    const ecpuPeriod = props.processingUnits?.period ?? Duration.minutes(1);
    const specs: AlarmSpec[] = [
      {
        id: 'ThrottledCommands',
        prop: 'throttledCommands',
        settings: props.throttledCommands,
        metric: (period) => this.metricThrottledCommands({ period }),
        threshold: 0,
        comparisonOperator: gt,
        evaluationPeriods: 5,
        description: `Requests to ${this.node.path} are throttled: the workload grows faster than the cache scales or reaches its ECPU maximum.`,
      },
      {
        id: 'ProcessingUnits',
        prop: 'processingUnits',
        settings: { ...props.processingUnits, threshold: undefined },
        metric: (period) => this.metricProcessingUnitsConsumed({ period }),
        threshold: ecpuPerSecond === undefined ? undefined : ecpuPerSecond * ecpuPeriod.toSeconds(),
        comparisonOperator: gt,
        evaluationPeriods: 5,
        description: `${this.node.path} consumes more than ${ecpuPerSecond} ECPU/s (limit ${ecpuMax ?? 'unset'}).`,
      },
      {
        id: 'DataStored',
        prop: 'dataStored',
        settings: props.dataStored,
        metric: (period) => this.metricDataStored({ period }),
        threshold: storageMaxGb === undefined ? undefined : storageMaxGb * BYTES_PER_GB * USAGE_ALARM_RATIO,
        comparisonOperator: gt,
        evaluationPeriods: 5,
        description: `${this.node.path} stores more than 75 % of its ${storageMaxGb ?? 'unset'} GB maximum.`,
      },
      {
        id: 'ReadLatency',
        prop: 'readLatency',
        settings: props.readLatency,
        metric: (period) => this.metricReadRequestLatency({ period }),
        threshold: 2000,
        comparisonOperator: gt,
        evaluationPeriods: 5,
        description: `Average read latency of ${this.node.path} is high (microseconds).`,
      },
      {
        id: 'WriteLatency',
        prop: 'writeLatency',
        settings: props.writeLatency,
        metric: (period) => this.metricWriteRequestLatency({ period }),
        threshold: 4000,
        comparisonOperator: gt,
        evaluationPeriods: 5,
        description: `Average write latency of ${this.node.path} is high (microseconds).`,
      },
    ];
    return createRecommendedAlarms(this, specs, props);
  }

  /** The given major version if the catalog lists it as serverless, else the newest serverless major. */
  private resolveMajorVersion(requested: string | undefined): string {
    const majors = [...new Set(allEngineVersions(this.cacheEngine).filter((v) => v.features.serverless).map((v) => v.majorVersion))]
      .sort(compareVersions);
    if (requested !== undefined) {
      if (!isUncheckable(requested) && majors.length > 0 && !majors.includes(requested)) {
        throw new ValidationError(this, 'majorEngineVersion', requested,
          `a serverless major version of ${this.cacheEngine}: ${majors.map((m) => JSON.stringify(m)).join(', ')}`);
      }
      return requested;
    }
    const newest = majors[majors.length - 1];
    if (newest === undefined) throw new ValidationError(this, 'engine', this.cacheEngine, 'an engine with a serverless version in the catalog');
    return newest;
  }

  /** A user group needs an RBAC engine, and a Redis OSS cache needs a Redis OSS group. */
  private checkUserGroup(group: IUserGroup | undefined): void {
    if (!group) return;
    if (this.cacheEngine === Engine.MEMCACHED) {
      throw new ValidationError(this, 'userGroup', group.userGroupId, 'no user group: Memcached caches do not use RBAC users');
    }
    if (this.cacheEngine === Engine.REDIS && group.engine !== undefined && group.engine !== Engine.REDIS) {
      throw new ValidationError(this, 'userGroup', group.userGroupId, `a user group with engine redis for a Redis OSS cache (this group's engine is ${group.engine})`);
    }
  }

  private renderUsageLimits(): elasticache.CfnServerlessCache.CacheUsageLimitsProperty | undefined {
    const l = this.limits;
    const minGb = this.gigabytes(l.dataStorageMinimumSize, 'cacheUsageLimits.dataStorageMinimumSize');
    const maxGb = this.gigabytes(l.dataStorageMaximumSize, 'cacheUsageLimits.dataStorageMaximumSize');
    checkRange(this, 'cacheUsageLimits.dataStorageMinimumSize', minGb, LIMITS.dataStorageGb);
    checkRange(this, 'cacheUsageLimits.dataStorageMaximumSize', maxGb, LIMITS.dataStorageGb);
    checkMinNotAboveMax(this, 'cacheUsageLimits.dataStorageMinimumSize', minGb, 'cacheUsageLimits.dataStorageMaximumSize', maxGb);
    checkRange(this, 'cacheUsageLimits.requestRateLimitMinimum', l.requestRateLimitMinimum, LIMITS.ecpuPerSecond);
    checkRange(this, 'cacheUsageLimits.requestRateLimitMaximum', l.requestRateLimitMaximum, LIMITS.ecpuPerSecond);
    checkMinNotAboveMax(this, 'cacheUsageLimits.requestRateLimitMinimum', l.requestRateLimitMinimum,
      'cacheUsageLimits.requestRateLimitMaximum', l.requestRateLimitMaximum);

    const storage = minGb !== undefined || maxGb !== undefined ? { unit: 'GB', minimum: minGb, maximum: maxGb } : undefined;
    const ecpu = l.requestRateLimitMinimum !== undefined || l.requestRateLimitMaximum !== undefined
      ? { minimum: l.requestRateLimitMinimum, maximum: l.requestRateLimitMaximum } : undefined;
    return storage || ecpu ? { dataStorage: storage, ecpuPerSecond: ecpu } : undefined;
  }

  /** A Size in whole gigabytes; a fractional size is an error naming the prop. */
  private gigabytes(size: Size | undefined, prop?: string): number | undefined {
    if (size === undefined) return undefined;
    if (size.isUnresolved()) return size.toGibibytes({ rounding: SizeRoundingBehavior.NONE });
    try {
      return size.toGibibytes({ rounding: SizeRoundingBehavior.FAIL });
    } catch {
      throw new ValidationError(this, prop ?? 'size', size.toHumanString(), 'a whole number of gigabytes');
    }
  }

  private renderBackup(backup: BackupSettings | undefined) {
    if (!backup) return {};
    checkRange(this, 'backup.backupRetentionLimit', backup.backupRetentionLimit, LIMITS.backupRetention);
    checkIdentifier(this, 'backup.backupNameBeforeDeletion', backup.backupNameBeforeDeletion, LIMITS.finalSnapshotName);
    (backup.backupArnsToRestore ?? []).forEach((arn, i) =>
      checkPattern(this, `backup.backupArnsToRestore[${i}]`, arn, /^arn:[^:]+:[^:]+:/, 'an ARN (arn:partition:service:...)'));
    return {
      dailySnapshotTime: backup.backupTime ? this.dailyTime(backup.backupTime) : undefined,
      snapshotRetentionLimit: backup.backupRetentionLimit,
      finalSnapshotName: backup.backupNameBeforeDeletion,
      snapshotArnsToRestore: backup.backupArnsToRestore,
    };
  }

  /** A daily cron (only hour and minute set) as the `HH:MM` ElastiCache takes. */
  private dailyTime(schedule: events.Schedule): string {
    const expression = schedule.expressionString;
    const m = /^cron\((\d{1,2}) (\d{1,2}) (\*|\?) \* (\*|\?) \*\)$/.exec(expression);
    const minute = m ? Number(m[1]) : NaN;
    const hour = m ? Number(m[2]) : NaN;
    if (!m || minute > 59 || hour > 23) {
      throw new ValidationError(this, 'backup.backupTime', expression,
        'a daily cron with only hour and minute set, e.g. events.Schedule.cron({ hour: "3", minute: "0" })');
    }
    return formatTimeOfDay(hour * 60 + minute);
  }
}

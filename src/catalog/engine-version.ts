import { Token } from 'aws-cdk-lib';
import { allEngineVersions, findEngineVersion } from './lookup';
import type { EngineVersionInfo } from './types';
import { compareVersions } from './versions';

/**
 * The cache engines ElastiCache runs.
 */
export enum Engine {
  /** Valkey. */
  VALKEY = 'valkey',
  /** Redis OSS. */
  REDIS = 'redis',
  /** Memcached. */
  MEMCACHED = 'memcached',
}

/**
 * An engine and version that ElastiCache documents, with its parameter group family and the
 * features that version supports.
 *
 * Use the constants (`EngineVersion.VALKEY_8_1`, `EngineVersion.REDIS_7_1`,
 * `EngineVersion.MEMCACHED_1_6_22`, …) or `EngineVersion.of()`.
 */
export class EngineVersion {
  /** Valkey 7.2 (parameter group family `valkey7`). */
  public static readonly VALKEY_7_2 = EngineVersion.known(Engine.VALKEY, '7.2');
  /** Valkey 8.0 (parameter group family `valkey8`). */
  public static readonly VALKEY_8_0 = EngineVersion.known(Engine.VALKEY, '8.0');
  /** Valkey 8.1 (parameter group family `valkey8`). */
  public static readonly VALKEY_8_1 = EngineVersion.known(Engine.VALKEY, '8.1');
  /** Valkey 8.2 (parameter group family `valkey8`). */
  public static readonly VALKEY_8_2 = EngineVersion.known(Engine.VALKEY, '8.2');
  /** Valkey 9.0 (parameter group family `valkey9`). */
  public static readonly VALKEY_9_0 = EngineVersion.known(Engine.VALKEY, '9.0');

  /** Redis OSS 2.6.13 (deprecated; family `redis2.6`). */
  public static readonly REDIS_2_6_13 = EngineVersion.known(Engine.REDIS, '2.6.13');
  /** Redis OSS 2.8.6 (deprecated; family `redis2.8`). */
  public static readonly REDIS_2_8_6 = EngineVersion.known(Engine.REDIS, '2.8.6');
  /** Redis OSS 2.8.19 (deprecated; family `redis2.8`). */
  public static readonly REDIS_2_8_19 = EngineVersion.known(Engine.REDIS, '2.8.19');
  /** Redis OSS 2.8.21 (deprecated; family `redis2.8`). */
  public static readonly REDIS_2_8_21 = EngineVersion.known(Engine.REDIS, '2.8.21');
  /** Redis OSS 2.8.22 (deprecated; family `redis2.8`). */
  public static readonly REDIS_2_8_22 = EngineVersion.known(Engine.REDIS, '2.8.22');
  /** Redis OSS 2.8.23 (deprecated; family `redis2.8`). */
  public static readonly REDIS_2_8_23 = EngineVersion.known(Engine.REDIS, '2.8.23');
  /** Redis OSS 2.8.24 (deprecated; family `redis2.8`). */
  public static readonly REDIS_2_8_24 = EngineVersion.known(Engine.REDIS, '2.8.24');
  /** Redis OSS 3.2.4 (deprecated; family `redis3.2`). */
  public static readonly REDIS_3_2_4 = EngineVersion.known(Engine.REDIS, '3.2.4');
  /** Redis OSS 3.2.6 (deprecated; family `redis3.2`). */
  public static readonly REDIS_3_2_6 = EngineVersion.known(Engine.REDIS, '3.2.6');
  /** Redis OSS 3.2.10 (deprecated; family `redis3.2`). */
  public static readonly REDIS_3_2_10 = EngineVersion.known(Engine.REDIS, '3.2.10');
  /** Redis OSS 4.0.10 (family `redis4.0`). */
  public static readonly REDIS_4_0_10 = EngineVersion.known(Engine.REDIS, '4.0.10');
  /** Redis OSS 5.0.0 (family `redis5.0`). */
  public static readonly REDIS_5_0_0 = EngineVersion.known(Engine.REDIS, '5.0.0');
  /** Redis OSS 5.0.3 (family `redis5.0`). */
  public static readonly REDIS_5_0_3 = EngineVersion.known(Engine.REDIS, '5.0.3');
  /** Redis OSS 5.0.4 (family `redis5.0`). */
  public static readonly REDIS_5_0_4 = EngineVersion.known(Engine.REDIS, '5.0.4');
  /** Redis OSS 5.0.5 (family `redis5.0`). */
  public static readonly REDIS_5_0_5 = EngineVersion.known(Engine.REDIS, '5.0.5');
  /** Redis OSS 5.0.6 (family `redis5.0`). */
  public static readonly REDIS_5_0_6 = EngineVersion.known(Engine.REDIS, '5.0.6');
  /** Redis OSS 6.0 (family `redis6.x`). */
  public static readonly REDIS_6_0 = EngineVersion.known(Engine.REDIS, '6.0');
  /** Redis OSS 6.2 (family `redis6.x`). */
  public static readonly REDIS_6_2 = EngineVersion.known(Engine.REDIS, '6.2');
  /** Redis OSS 7.0 (family `redis7`). */
  public static readonly REDIS_7_0 = EngineVersion.known(Engine.REDIS, '7.0');
  /** Redis OSS 7.1 (family `redis7`). */
  public static readonly REDIS_7_1 = EngineVersion.known(Engine.REDIS, '7.1');

  /** Memcached 1.4.5 (family `memcached1.4`). */
  public static readonly MEMCACHED_1_4_5 = EngineVersion.known(Engine.MEMCACHED, '1.4.5');
  /** Memcached 1.4.14 (family `memcached1.4`). */
  public static readonly MEMCACHED_1_4_14 = EngineVersion.known(Engine.MEMCACHED, '1.4.14');
  /** Memcached 1.4.24 (family `memcached1.4`). */
  public static readonly MEMCACHED_1_4_24 = EngineVersion.known(Engine.MEMCACHED, '1.4.24');
  /** Memcached 1.4.33 (family `memcached1.4`). */
  public static readonly MEMCACHED_1_4_33 = EngineVersion.known(Engine.MEMCACHED, '1.4.33');
  /** Memcached 1.4.34 (family `memcached1.4`). */
  public static readonly MEMCACHED_1_4_34 = EngineVersion.known(Engine.MEMCACHED, '1.4.34');
  /** Memcached 1.5.10 (family `memcached1.5`). */
  public static readonly MEMCACHED_1_5_10 = EngineVersion.known(Engine.MEMCACHED, '1.5.10');
  /** Memcached 1.5.16 (family `memcached1.5`). */
  public static readonly MEMCACHED_1_5_16 = EngineVersion.known(Engine.MEMCACHED, '1.5.16');
  /** Memcached 1.6.6 (family `memcached1.6`). */
  public static readonly MEMCACHED_1_6_6 = EngineVersion.known(Engine.MEMCACHED, '1.6.6');
  /** Memcached 1.6.12 (family `memcached1.6`; first with in-transit encryption). */
  public static readonly MEMCACHED_1_6_12 = EngineVersion.known(Engine.MEMCACHED, '1.6.12');
  /** Memcached 1.6.17 (family `memcached1.6`). */
  public static readonly MEMCACHED_1_6_17 = EngineVersion.known(Engine.MEMCACHED, '1.6.17');
  /** Memcached 1.6.22 (family `memcached1.6`). */
  public static readonly MEMCACHED_1_6_22 = EngineVersion.known(Engine.MEMCACHED, '1.6.22');

  /**
   * An engine version by engine and version string.
   *
   * Accepts a documented version (`7.1`, `5.0.6`, `1.6.22`), a major or `major.x` prefix (`7`,
   * `6.x`: the newest documented match) or a patch release the service reports for a two-part
   * version (`7.0.7` → `7.0`). An unresolved token is accepted as is: its feature gates are all
   * permissive, so that callers skip the checks they cannot make at synth time.
   *
   * @param engine the engine
   * @param version the version as written in the template or the API
   * @throws an Error naming the engine, the value and every documented version when the version is unknown
   */
  public static of(engine: Engine, version: string): EngineVersion {
    if (Token.isUnresolved(version)) return new EngineVersion(engine, version, undefined);
    const info = findEngineVersion(engine, version);
    if (!info) {
      const known = allEngineVersions(engine).map((v) => v.version).join(', ');
      throw new Error(`Unknown ${engine} engine version '${version}'. Documented ${engine} versions: ${known}.`);
    }
    return new EngineVersion(engine, info.version, info);
  }

  private static known(engine: Engine, version: string): EngineVersion {
    const info = allEngineVersions(engine).find((v) => v.version === version);
    if (!info) throw new Error(`Catalog has no ${engine} ${version}`);
    return new EngineVersion(engine, version, info);
  }

  /** The engine. */
  public readonly engine: Engine;
  /** The version as ElastiCache takes it in `EngineVersion` (e.g. `7.2`, `6.2`, `5.0.6`, `1.6.22`). */
  public readonly version: string;
  /**
   * The major version as serverless caches take it in `MajorEngineVersion` (`7`, `8` for Valkey and
   * Redis OSS; `1.6` for Memcached).
   *
   * @default - undefined only when the version is an unresolved token
   */
  public readonly majorVersion?: string;
  /**
   * The parameter group family of this version (e.g. `valkey8`, `redis7`, `redis6.x`, `memcached1.6`).
   *
   * @default - undefined only when the version is an unresolved token
   */
  public readonly parameterGroupFamily?: string;
  /** Whether the version is an unresolved token (no checks are possible at synth time). */
  public readonly isUnresolved: boolean;
  /** Whether ElastiCache has deprecated this version (no longer offered for new clusters). */
  public readonly deprecated: boolean;
  /** In-transit encryption (TLS): Redis OSS 3.2.6 or >= 4.0.10, every Valkey, Memcached >= 1.6.12. */
  public readonly supportsTransitEncryption: boolean;
  /** `TransitEncryptionMode` `preferred` and enabling TLS on a running group: Redis OSS >= 7.0, Valkey. */
  public readonly supportsTransitEncryptionModification: boolean;
  /** Encryption at rest: Redis OSS 3.2.6 or >= 4.0.10, every Valkey; never node-based Memcached. */
  public readonly supportsAtRestEncryption: boolean;
  /** AUTH token (needs in-transit encryption): Redis OSS 3.2.6 or >= 4.0.10, every Valkey. */
  public readonly supportsAuthToken: boolean;
  /** IPv6 and dual-stack networking: Redis OSS >= 6.2, every Valkey, Memcached >= 1.6.6. */
  public readonly supportsIpv6: boolean;
  /** Role-based access control with users and user groups: Redis OSS >= 6.0, every Valkey. */
  public readonly supportsRbac: boolean;
  /** Membership of a Global Datastore: Redis OSS >= 5.0.6, Valkey >= 7.2. */
  public readonly supportsGlobalDatastore: boolean;
  /** Data tiering on r6gd nodes: Redis OSS >= 6.2, every Valkey. */
  public readonly supportsDataTiering: boolean;
  /** Cluster mode enabled replication groups: Redis OSS >= 3.2.4, every Valkey. */
  public readonly supportsClusterMode: boolean;
  /** Online resharding of cluster mode enabled groups: Redis OSS >= 3.2.10, every Valkey. */
  public readonly supportsOnlineResharding: boolean;
  /** Multi-AZ with automatic failover: Redis OSS >= 2.8.6, every Valkey; never Memcached. */
  public readonly supportsMultiAz: boolean;
  /** Backups and restore of node-based clusters: Redis OSS and Valkey; never node-based Memcached. */
  public readonly supportsBackup: boolean;
  /** Slow-log delivery to CloudWatch Logs or Kinesis Data Firehose: Redis OSS >= 6.0, every Valkey. */
  public readonly supportsSlowLogDelivery: boolean;
  /** Engine-log delivery to CloudWatch Logs or Kinesis Data Firehose: Redis OSS >= 6.2, every Valkey. */
  public readonly supportsEngineLogDelivery: boolean;
  /** Serverless caches with this major version: Valkey 7 and 8, Redis OSS 7, Memcached 1.6. */
  public readonly supportsServerless: boolean;
  /**
   * The most shards (node groups) of a cluster mode enabled replication group: 500 for Valkey and
   * Redis OSS >= 5.0.6, 250 from 3.2.10, 90 for 3.2.4 and 3.2.6, 1 before cluster mode; 0 for
   * Memcached, which has nodes and no shards. 500 for an unresolved token.
   */
  public readonly maxShards: number;

  private constructor(engine: Engine, version: string, info: EngineVersionInfo | undefined) {
    this.engine = engine;
    this.version = version;
    this.isUnresolved = info === undefined;
    this.majorVersion = info?.majorVersion;
    this.parameterGroupFamily = info?.parameterGroupFamily;
    this.deprecated = info?.deprecated ?? false;
    // A token cannot be checked, so every gate lets it through.
    const gate = (value: boolean | undefined) => value ?? true;
    const f = info?.features;
    this.supportsTransitEncryption = gate(f?.transitEncryption);
    this.supportsTransitEncryptionModification = gate(f?.transitEncryptionModifiable);
    this.supportsAtRestEncryption = gate(f?.atRestEncryption);
    this.supportsAuthToken = gate(f?.authToken);
    this.supportsIpv6 = gate(f?.ipv6);
    this.supportsRbac = gate(f?.rbac);
    this.supportsGlobalDatastore = gate(f?.globalDatastore);
    this.supportsDataTiering = gate(f?.dataTiering);
    this.supportsClusterMode = gate(f?.clusterMode);
    this.supportsOnlineResharding = gate(f?.onlineResharding);
    this.supportsMultiAz = gate(f?.multiAz);
    this.supportsBackup = gate(f?.backup);
    this.supportsSlowLogDelivery = gate(f?.slowLogDelivery);
    this.supportsEngineLogDelivery = gate(f?.engineLogDelivery);
    this.supportsServerless = gate(f?.serverless);
    this.maxShards = f?.maxShards ?? 500;
  }

  /**
   * Whether this version is at least the given version of the same engine (numeric comparison:
   * `6.2` >= `6.0`, `3.2.10` >= `3.2.6`). True for an unresolved token.
   *
   * @param version a dotted version such as `6.2` or `1.6.12`
   */
  public isAtLeast(version: string): boolean {
    if (this.isUnresolved) return true;
    return compareVersions(this.version, version) >= 0;
  }

  /**
   * The default parameter group name of this version, e.g. `default.redis7` or, with cluster mode,
   * `default.redis7.cluster.on`.
   *
   * @param clusterMode whether the group is for cluster mode enabled replication groups
   * @throws an Error when cluster mode is asked for a version or engine without it
   */
  public defaultParameterGroupName(clusterMode: boolean = false): string {
    if (this.parameterGroupFamily === undefined) {
      throw new Error(`The default parameter group of ${this.engine} version '${this.version}' is unknown: the version is an unresolved token.`);
    }
    if (!clusterMode) return `default.${this.parameterGroupFamily}`;
    if (!this.supportsClusterMode) {
      throw new Error(`${this.engine} ${this.version} has no cluster mode; cluster mode needs Redis OSS 3.2.4 or later, or Valkey.`);
    }
    return `default.${this.parameterGroupFamily}.cluster.on`;
  }

  /** `engine version`, e.g. `redis 7.1`. */
  public toString(): string {
    return `${this.engine} ${this.version}`;
  }
}

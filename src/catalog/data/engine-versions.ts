import { FEATURE_RULES, FeatureName, SHARD_LIMIT_RULES, VersionRange } from './feature-gates';
import type { EngineFeatures, EngineName, EngineVersionInfo, SourceRef } from '../types';
import { compareVersions } from '../versions';

/** One documented engine version before its family and feature gates are derived. */
interface VersionRow {
  readonly engine: EngineName;
  readonly version: string;
  readonly deprecated?: boolean;
  readonly source: SourceRef;
}

const ENGINE_VERSIONS_URL = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/engine-versions.html';
const SELECT_ENGINE_URL = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/SelectEngine.html';

// The comparison table lists "4.0.10 and later", excluding deprecated and end-of-life versions
// (000:L556 and SELECT_ENGINE_URL), so every older Redis OSS version is marked deprecated.
const REDIS_DEPRECATION = '000:L556';

const ROWS: readonly VersionRow[] = [
  { engine: 'valkey', version: '7.2', source: `002:L426; ${SELECT_ENGINE_URL}` },
  { engine: 'valkey', version: '8.0', source: SELECT_ENGINE_URL },
  { engine: 'valkey', version: '8.1', source: `002:L55; ${SELECT_ENGINE_URL}` },
  { engine: 'valkey', version: '8.2', source: SELECT_ENGINE_URL },
  { engine: 'valkey', version: '9.0', source: SELECT_ENGINE_URL },

  { engine: 'redis', version: '2.6.13', deprecated: true, source: `001:L548; ${REDIS_DEPRECATION}` },
  { engine: 'redis', version: '2.8.6', deprecated: true, source: `001:L548; ${REDIS_DEPRECATION}` },
  { engine: 'redis', version: '2.8.19', deprecated: true, source: `001:L548; ${REDIS_DEPRECATION}` },
  { engine: 'redis', version: '2.8.21', deprecated: true, source: `001:L548; ${REDIS_DEPRECATION}` },
  { engine: 'redis', version: '2.8.22', deprecated: true, source: `001:L548; ${REDIS_DEPRECATION}` },
  { engine: 'redis', version: '2.8.23', deprecated: true, source: `001:L548; ${REDIS_DEPRECATION}` },
  { engine: 'redis', version: '2.8.24', deprecated: true, source: `001:L548; ${REDIS_DEPRECATION}` },
  { engine: 'redis', version: '3.2.4', deprecated: true, source: `001:L548; ${REDIS_DEPRECATION}` },
  { engine: 'redis', version: '3.2.6', deprecated: true, source: `001:L548; ${REDIS_DEPRECATION}` },
  { engine: 'redis', version: '3.2.10', deprecated: true, source: `001:L548; ${REDIS_DEPRECATION}` },
  { engine: 'redis', version: '4.0.10', source: '001:L548' },
  { engine: 'redis', version: '5.0.0', source: ENGINE_VERSIONS_URL },
  { engine: 'redis', version: '5.0.3', source: `000:L8530; ${ENGINE_VERSIONS_URL}` },
  { engine: 'redis', version: '5.0.4', source: ENGINE_VERSIONS_URL },
  { engine: 'redis', version: '5.0.5', source: ENGINE_VERSIONS_URL },
  { engine: 'redis', version: '5.0.6', source: `002:L426; ${ENGINE_VERSIONS_URL}` },
  { engine: 'redis', version: '6.0', source: `000:L8907; ${ENGINE_VERSIONS_URL}` },
  { engine: 'redis', version: '6.2', source: `000:L8443; ${ENGINE_VERSIONS_URL}` },
  { engine: 'redis', version: '7.0', source: `002:L79; ${ENGINE_VERSIONS_URL}` },
  { engine: 'redis', version: '7.1', source: `002:L683; ${ENGINE_VERSIONS_URL}` },

  { engine: 'memcached', version: '1.4.5', source: '000:L5923' },
  { engine: 'memcached', version: '1.4.14', source: '000:L5922' },
  { engine: 'memcached', version: '1.4.24', source: '000:L5921' },
  { engine: 'memcached', version: '1.4.33', source: '000:L5920' },
  { engine: 'memcached', version: '1.4.34', source: '000:L5919' },
  { engine: 'memcached', version: '1.5.10', source: '000:L5918' },
  { engine: 'memcached', version: '1.5.16', source: '000:L5917' },
  { engine: 'memcached', version: '1.6.6', source: '000:L5916' },
  { engine: 'memcached', version: '1.6.12', source: '000:L5915' },
  { engine: 'memcached', version: '1.6.17', source: '000:L5914' },
  { engine: 'memcached', version: '1.6.22', source: '000:L5913' },
];

/**
 * Parameter group family of a version. Families follow the engine's major (Valkey, Redis OSS >= 7),
 * major.x (Redis OSS 6) or major.minor (older Redis OSS, Memcached) version.
 */
export function parameterGroupFamilyOf(engine: EngineName, version: string): string {
  const [major, minor] = version.split('.');
  switch (engine) {
    case 'valkey':
      return `valkey${major}`;
    case 'redis':
      if (Number(major) >= 7) return `redis${major}`;
      if (major === '6') return 'redis6.x';
      return `redis${major}.${minor}`;
    case 'memcached':
      return `memcached${major}.${minor}`;
  }
}

/** Major version as serverless caches take it: `7`, `8` for Valkey/Redis OSS, `1.6` for Memcached. */
export function majorVersionOf(engine: EngineName, version: string): string {
  const [major, minor] = version.split('.');
  return engine === 'memcached' ? `${major}.${minor}` : major;
}

export function inRanges(version: string, ranges: readonly VersionRange[]): boolean {
  return ranges.some((r) => compareVersions(version, r.from) >= 0 && (r.until === undefined || compareVersions(version, r.until) < 0));
}

/** Every gate of one version, computed from FEATURE_RULES and SHARD_LIMIT_RULES. */
export function deriveFeatures(engine: EngineName, version: string): EngineFeatures {
  const has = (feature: FeatureName) => inRanges(version, FEATURE_RULES[feature].ranges[engine]);
  const shardRule = SHARD_LIMIT_RULES[engine].find((r) => inRanges(version, [r.range]));
  return {
    transitEncryption: has('transitEncryption'),
    transitEncryptionModifiable: has('transitEncryptionModifiable'),
    atRestEncryption: has('atRestEncryption'),
    authToken: has('authToken'),
    ipv6: has('ipv6'),
    rbac: has('rbac'),
    globalDatastore: has('globalDatastore'),
    dataTiering: has('dataTiering'),
    clusterMode: has('clusterMode'),
    onlineResharding: has('onlineResharding'),
    multiAz: has('multiAz'),
    backup: has('backup'),
    slowLogDelivery: has('slowLogDelivery'),
    engineLogDelivery: has('engineLogDelivery'),
    serverless: has('serverless'),
    maxShards: shardRule ? shardRule.maxShards : 0,
  };
}

/** Every engine version ElastiCache documents, oldest first per engine. */
export const ENGINE_VERSIONS: readonly EngineVersionInfo[] = ROWS.map((row) => ({
  engine: row.engine,
  version: row.version,
  majorVersion: majorVersionOf(row.engine, row.version),
  parameterGroupFamily: parameterGroupFamilyOf(row.engine, row.version),
  features: deriveFeatures(row.engine, row.version),
  ...(row.deprecated ? { deprecated: true } : {}),
  source: row.source,
}));

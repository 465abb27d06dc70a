import type { EngineName, SourceRef } from '../types';

/**
 * Feature gates as rules: for each feature, the engine versions that have it. Every engine version's
 * feature flags are derived from this one table (see `engine-versions.ts`), never set by hand per row.
 *
 * A range is inclusive at `from` and exclusive at `until`. An engine with no ranges never has the
 * feature. Versions compare numerically, part by part (`3.2.10` > `3.2.6`).
 */
export interface VersionRange {
  readonly from: string;
  readonly until?: string;
}

export interface FeatureRule {
  readonly ranges: Readonly<Record<EngineName, readonly VersionRange[]>>;
  readonly source: SourceRef;
}

/** Every version of the engine ElastiCache offers. */
const ALL: readonly VersionRange[] = [{ from: '0' }];
const NEVER: readonly VersionRange[] = [];
/** Redis OSS encryption: only 3.2.6 among the 3.2 releases, then every release from 4.0.10. */
const REDIS_ENCRYPTION: readonly VersionRange[] = [{ from: '3.2.6', until: '3.2.7' }, { from: '4.0.10' }];

export type FeatureName =
  | 'transitEncryption'
  | 'transitEncryptionModifiable'
  | 'atRestEncryption'
  | 'authToken'
  | 'ipv6'
  | 'rbac'
  | 'globalDatastore'
  | 'dataTiering'
  | 'clusterMode'
  | 'onlineResharding'
  | 'multiAz'
  | 'backup'
  | 'slowLogDelivery'
  | 'engineLogDelivery'
  | 'serverless';

export const FEATURE_RULES: Readonly<Record<FeatureName, FeatureRule>> = {
  transitEncryption: {
    ranges: { redis: REDIS_ENCRYPTION, valkey: ALL, memcached: [{ from: '1.6.12' }] },
    source: '001:L1167; 003:L69; 000:L5939; 000:L561',
  },
  transitEncryptionModifiable: {
    // TransitEncryptionMode `preferred` and turning TLS on for a running group.
    ranges: { redis: [{ from: '7.0' }], valkey: ALL, memcached: NEVER },
    source: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption-enable-existing.html',
  },
  atRestEncryption: {
    ranges: { redis: REDIS_ENCRYPTION, valkey: ALL, memcached: NEVER },
    source: '001:L1167; 003:L72',
  },
  authToken: {
    // AUTH needs in-transit encryption, so it follows the same versions.
    ranges: { redis: REDIS_ENCRYPTION, valkey: ALL, memcached: NEVER },
    source: '001:L598; 002:L267',
  },
  ipv6: {
    ranges: { redis: [{ from: '6.2' }], valkey: ALL, memcached: [{ from: '1.6.6' }] },
    source: '000:L1902; https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/network-type.html',
  },
  rbac: {
    ranges: { redis: [{ from: '6.0' }], valkey: ALL, memcached: NEVER },
    source: '000:L8507',
  },
  globalDatastore: {
    ranges: { redis: [{ from: '5.0.6' }], valkey: [{ from: '7.2' }], memcached: NEVER },
    source: '002:L426',
  },
  dataTiering: {
    ranges: { redis: [{ from: '6.2' }], valkey: ALL, memcached: NEVER },
    source: '002:L470',
  },
  clusterMode: {
    ranges: { redis: [{ from: '3.2.4' }], valkey: ALL, memcached: NEVER },
    source: '001:L1007',
  },
  onlineResharding: {
    ranges: { redis: [{ from: '3.2.10' }], valkey: ALL, memcached: NEVER },
    source: '001:L1113',
  },
  multiAz: {
    // Every Redis OSS version except 2.6.13 (the Modify list in the FAQ); never Memcached.
    ranges: { redis: [{ from: '2.8.6' }], valkey: ALL, memcached: NEVER },
    source: '001:L774',
  },
  backup: {
    // Node-based Memcached has no backups (serverless Memcached does, see `serverless`).
    ranges: { redis: ALL, valkey: ALL, memcached: NEVER },
    source: '000:L5604',
  },
  slowLogDelivery: {
    ranges: { redis: [{ from: '6.0' }], valkey: ALL, memcached: NEVER },
    source: '000:L8907',
  },
  engineLogDelivery: {
    ranges: { redis: [{ from: '6.2' }], valkey: ALL, memcached: NEVER },
    source: '000:L8443',
  },
  serverless: {
    ranges: {
      redis: [{ from: '7.0' }],
      valkey: [{ from: '7.2', until: '9' }],
      memcached: [{ from: '1.6', until: '1.7' }],
    },
    source: '002:L79; https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/engine-versions.html',
  },
};

/** The most shards a cluster-mode replication group may have, by version. */
export interface ShardLimitRule {
  readonly range: VersionRange;
  readonly maxShards: number;
  readonly source: SourceRef;
}

export const SHARD_LIMIT_RULES: Readonly<Record<EngineName, readonly ShardLimitRule[]>> = {
  valkey: [{ range: { from: '7.2' }, maxShards: 500, source: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Shards.html' }],
  redis: [
    // Before cluster mode there is exactly one shard.
    { range: { from: '0', until: '3.2.4' }, maxShards: 1, source: '001:L1007' },
    { range: { from: '3.2.4', until: '3.2.10' }, maxShards: 90, source: '004:L34' },
    { range: { from: '3.2.10', until: '5.0.6' }, maxShards: 250, source: '003:L160' },
    { range: { from: '5.0.6' }, maxShards: 500, source: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Shards.html' },
  ],
  // Memcached has nodes, not shards.
  memcached: [{ range: { from: '0' }, maxShards: 0, source: '000:L7652' }],
};

import { EngineVersion } from '../../src';
import { deriveFeatures } from '../../src/catalog/data/engine-versions';

// One assertion per gate boundary: the last version without the feature and the first with it.
describe('feature gates', () => {
  test.each([
    ['in-transit encryption: Redis OSS 3.2.4 no', EngineVersion.REDIS_3_2_4.supportsTransitEncryption, false],
    ['in-transit encryption: Redis OSS 3.2.6 yes', EngineVersion.REDIS_3_2_6.supportsTransitEncryption, true],
    ['in-transit encryption: Redis OSS 3.2.10 no', EngineVersion.REDIS_3_2_10.supportsTransitEncryption, false],
    ['in-transit encryption: Redis OSS 4.0.10 yes', EngineVersion.REDIS_4_0_10.supportsTransitEncryption, true],
    ['in-transit encryption: Memcached 1.6.6 no', EngineVersion.MEMCACHED_1_6_6.supportsTransitEncryption, false],
    ['in-transit encryption: Memcached 1.6.12 yes', EngineVersion.MEMCACHED_1_6_12.supportsTransitEncryption, true],
    ['in-transit encryption: Valkey 7.2 yes', EngineVersion.VALKEY_7_2.supportsTransitEncryption, true],
    ['at-rest encryption: Redis OSS 3.2.6 yes', EngineVersion.REDIS_3_2_6.supportsAtRestEncryption, true],
    ['at-rest encryption: Redis OSS 3.2.10 no', EngineVersion.REDIS_3_2_10.supportsAtRestEncryption, false],
    ['at-rest encryption: Memcached 1.6.22 no', EngineVersion.MEMCACHED_1_6_22.supportsAtRestEncryption, false],
    ['AUTH token: Redis OSS 2.8.24 no', EngineVersion.REDIS_2_8_24.supportsAuthToken, false],
    ['AUTH token: Redis OSS 4.0.10 yes', EngineVersion.REDIS_4_0_10.supportsAuthToken, true],
    ['AUTH token: Memcached 1.6.22 no', EngineVersion.MEMCACHED_1_6_22.supportsAuthToken, false],
    ['TLS modification: Redis OSS 6.2 no', EngineVersion.REDIS_6_2.supportsTransitEncryptionModification, false],
    ['TLS modification: Redis OSS 7.0 yes', EngineVersion.REDIS_7_0.supportsTransitEncryptionModification, true],
    ['IPv6: Redis OSS 6.0 no', EngineVersion.REDIS_6_0.supportsIpv6, false],
    ['IPv6: Redis OSS 6.2 yes', EngineVersion.REDIS_6_2.supportsIpv6, true],
    ['IPv6: Memcached 1.5.16 no', EngineVersion.MEMCACHED_1_5_16.supportsIpv6, false],
    ['IPv6: Memcached 1.6.6 yes', EngineVersion.MEMCACHED_1_6_6.supportsIpv6, true],
    ['IPv6: Valkey 7.2 yes', EngineVersion.VALKEY_7_2.supportsIpv6, true],
    ['RBAC: Redis OSS 5.0.6 no', EngineVersion.REDIS_5_0_6.supportsRbac, false],
    ['RBAC: Redis OSS 6.0 yes', EngineVersion.REDIS_6_0.supportsRbac, true],
    ['RBAC: Valkey 7.2 yes', EngineVersion.VALKEY_7_2.supportsRbac, true],
    ['RBAC: Memcached 1.6.22 no', EngineVersion.MEMCACHED_1_6_22.supportsRbac, false],
    ['Global Datastore: Redis OSS 5.0.5 no', EngineVersion.REDIS_5_0_5.supportsGlobalDatastore, false],
    ['Global Datastore: Redis OSS 5.0.6 yes', EngineVersion.REDIS_5_0_6.supportsGlobalDatastore, true],
    ['Global Datastore: Valkey 7.2 yes', EngineVersion.VALKEY_7_2.supportsGlobalDatastore, true],
    ['data tiering: Redis OSS 6.0 no', EngineVersion.REDIS_6_0.supportsDataTiering, false],
    ['data tiering: Redis OSS 6.2 yes', EngineVersion.REDIS_6_2.supportsDataTiering, true],
    ['data tiering: Valkey 7.2 yes', EngineVersion.VALKEY_7_2.supportsDataTiering, true],
    ['cluster mode: Redis OSS 2.8.24 no', EngineVersion.REDIS_2_8_24.supportsClusterMode, false],
    ['cluster mode: Redis OSS 3.2.4 yes', EngineVersion.REDIS_3_2_4.supportsClusterMode, true],
    ['online resharding: Redis OSS 3.2.6 no', EngineVersion.REDIS_3_2_6.supportsOnlineResharding, false],
    ['online resharding: Redis OSS 3.2.10 yes', EngineVersion.REDIS_3_2_10.supportsOnlineResharding, true],
    ['Multi-AZ: Redis OSS 2.6.13 no', EngineVersion.REDIS_2_6_13.supportsMultiAz, false],
    ['Multi-AZ: Redis OSS 2.8.6 yes', EngineVersion.REDIS_2_8_6.supportsMultiAz, true],
    ['Multi-AZ: Memcached 1.6.22 no', EngineVersion.MEMCACHED_1_6_22.supportsMultiAz, false],
    ['backup: Memcached 1.6.22 no', EngineVersion.MEMCACHED_1_6_22.supportsBackup, false],
    ['backup: Redis OSS 2.6.13 yes', EngineVersion.REDIS_2_6_13.supportsBackup, true],
    ['slow-log delivery: Redis OSS 5.0.6 no', EngineVersion.REDIS_5_0_6.supportsSlowLogDelivery, false],
    ['slow-log delivery: Redis OSS 6.0 yes', EngineVersion.REDIS_6_0.supportsSlowLogDelivery, true],
    ['engine-log delivery: Redis OSS 6.0 no', EngineVersion.REDIS_6_0.supportsEngineLogDelivery, false],
    ['engine-log delivery: Redis OSS 6.2 yes', EngineVersion.REDIS_6_2.supportsEngineLogDelivery, true],
    ['serverless: Redis OSS 6.2 no', EngineVersion.REDIS_6_2.supportsServerless, false],
    ['serverless: Redis OSS 7.0 yes', EngineVersion.REDIS_7_0.supportsServerless, true],
    ['serverless: Valkey 8.2 yes', EngineVersion.VALKEY_8_2.supportsServerless, true],
    ['serverless: Valkey 9.0 no (not documented for serverless)', EngineVersion.VALKEY_9_0.supportsServerless, false],
    ['serverless: Memcached 1.5.16 no', EngineVersion.MEMCACHED_1_5_16.supportsServerless, false],
    ['serverless: Memcached 1.6.6 yes', EngineVersion.MEMCACHED_1_6_6.supportsServerless, true],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });

  test.each([
    ['Redis OSS 2.8.24: one shard', EngineVersion.REDIS_2_8_24, 1],
    ['Redis OSS 3.2.6: 90 shards', EngineVersion.REDIS_3_2_6, 90],
    ['Redis OSS 3.2.10: 250 shards', EngineVersion.REDIS_3_2_10, 250],
    ['Redis OSS 5.0.5: 250 shards', EngineVersion.REDIS_5_0_5, 250],
    ['Redis OSS 5.0.6: 500 shards', EngineVersion.REDIS_5_0_6, 500],
    ['Valkey 7.2: 500 shards', EngineVersion.VALKEY_7_2, 500],
    ['Memcached: no shards', EngineVersion.MEMCACHED_1_6_22, 0],
  ])('max shards, %s', (_name, version, expected) => {
    expect(version.maxShards).toBe(expected);
  });

  test('the derivation works for versions between rows (rules, not rows)', () => {
    expect(deriveFeatures('redis', '3.2.7').transitEncryption).toBe(false);
    expect(deriveFeatures('redis', '6.1').ipv6).toBe(false);
    expect(deriveFeatures('memcached', '1.6.11').transitEncryption).toBe(false);
  });
});

import { Simulator } from '../../../src';
import { ServiceError } from '../../../src/simulator/errors';

/** Starting must fail with the service's error, naming the resource, and leave nothing running. */
async function rejected(resources: Record<string, unknown>): Promise<ServiceError> {
  const err = await Simulator.fromTemplate({ Resources: resources }, { seed: 'rejections' }).then(
    async (sim) => {
      await sim.stop();
      throw new Error('the simulator started a template the service rejects');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ServiceError);
  return err as ServiceError;
}

const RG = { ReplicationGroupDescription: 'd', Engine: 'valkey', EngineVersion: '7.2', CacheNodeType: 'cache.t4g.micro' };

describe('templates the service would reject fail to start, naming the resource', () => {
  test('replication group: cluster mode without a cluster-enabled parameter group', async () => {
    const err = await rejected({
      Group: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ...RG, NumNodeGroups: 2, AutomaticFailoverEnabled: true, CacheParameterGroupName: 'default.valkey7' } },
    });
    expect(err.code).toBe('InvalidParameterCombination');
    expect(err.message).toContain('Stack/Group');
  });

  test('replication group: an AUTH token without transit encryption', async () => {
    const err = await rejected({ Group: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ...RG, NumCacheClusters: 1, AuthToken: 'a-token-of-sixteen-chars' } } });
    expect(err).toMatchObject({ code: 'InvalidParameterValue', location: { logicalId: 'Group', path: 'Properties.AuthToken' } });
  });

  test('user group: a Redis OSS group without a default user', async () => {
    const err = await rejected({
      App: { Type: 'AWS::ElastiCache::User', Properties: { Engine: 'redis', UserId: 'app', UserName: 'app', AccessString: 'on ~* +@all', NoPasswordRequired: true } },
      Users: { Type: 'AWS::ElastiCache::UserGroup', Properties: { Engine: 'redis', UserGroupId: 'users', UserIds: [{ Ref: 'App' }] } },
    });
    expect(err).toMatchObject({ code: 'DefaultUserRequired', serviceMessage: 'You must add default user to a user group.', location: { logicalId: 'Users' } });
  });

  test('cache clusters: a Redis OSS cluster of two nodes, a cross-AZ Memcached cluster of one', async () => {
    const redis = await rejected({ Cache: { Type: 'AWS::ElastiCache::CacheCluster', Properties: { Engine: 'redis', CacheNodeType: 'cache.t4g.micro', NumCacheNodes: 2 } } });
    expect(redis).toMatchObject({ code: 'InvalidParameterValue', location: { logicalId: 'Cache' } });
    const memcached = await rejected({ Cache: { Type: 'AWS::ElastiCache::CacheCluster', Properties: { Engine: 'memcached', CacheNodeType: 'cache.t4g.micro', NumCacheNodes: 1, AZMode: 'cross-az' } } });
    expect(memcached).toMatchObject({ code: 'InvalidParameterCombination', location: { logicalId: 'Cache', path: 'Properties.AZMode' } });
  });

  test('serverless cache: a user group on a Memcached cache', async () => {
    const err = await rejected({
      Pages: { Type: 'AWS::ElastiCache::ServerlessCache', Properties: { ServerlessCacheName: 'pages', Engine: 'memcached', UserGroupId: 'users' } },
    });
    expect(err.location.logicalId).toBe('Pages');
  });
});

import * as elasticacheModule from 'aws-cdk-lib/aws-elasticache';
import { describeTopology, RESOURCE_SCHEMAS } from '../../../src/simulator/model';
import { topologyOf } from '../helpers';

const TEMPLATE = {
  Resources: {
    Token: { Type: 'AWS::SecretsManager::Secret', Properties: { GenerateSecretString: { ExcludePunctuation: true } } },
    Cache: {
      Type: 'AWS::ElastiCache::ReplicationGroup',
      Properties: {
        ReplicationGroupDescription: 'd',
        Engine: 'valkey',
        CacheNodeType: 'cache.r7g.large',
        NumCacheClusters: 2,
        AutomaticFailoverEnabled: true,
        TransitEncryptionEnabled: true,
        AuthToken: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'Token' }, '}}']] },
        KmsKeyId: 'alias/cache',
        AutoMinorVersionUpgrade: true,
        Tags: [{ Key: 'team', Value: 'a' }],
      },
    },
  },
};

describe('describeTopology', () => {
  const topology = topologyOf(TEMPLATE);

  test('lists caches with endpoints, shards and masked secrets', () => {
    const description = describeTopology(topology) as any;
    const [cache] = description.caches;
    expect(cache).toMatchObject({ kind: 'replication-group', logicalId: 'Cache', engine: 'valkey', clusterMode: 'disabled', auth: { mode: 'auth-token', authToken: '********' } });
    expect(cache.endpoints.map((e: any) => e.kind)).toEqual(['primary', 'reader']);
    expect(cache.shards[0]).toMatchObject({ shardId: '0001', slots: '0-16383' });
    expect(description.secrets[0]).toMatchObject({ logicalId: 'Token', valueSource: 'generated', secretString: '********' });
    expect(JSON.stringify(description)).not.toContain(topology.secrets[0].secretString);
  });

  test('reveals secrets only when asked', () => {
    const description = describeTopology(topology, { revealSecrets: true }) as any;
    expect(description.caches[0].auth.authToken).toBe(topology.secrets[0].secretString);
  });

  test('says which properties take effect, which are only validated, which are ignored', () => {
    const { properties } = (describeTopology(topology) as any).caches[0];
    expect(properties.effective).toEqual(expect.arrayContaining([
      expect.stringMatching(/^AuthToken/), expect.stringMatching(/^NumCacheClusters/), expect.stringMatching(/^Tags: listed by ListTagsForResource/),
    ]));
    expect(properties.validated).toEqual([expect.stringMatching(/^KmsKeyId: recorded; data lives in memory$/)]);
    expect(properties.ignored).toEqual([expect.stringMatching(/^AutoMinorVersionUpgrade/)]);
    const notSimulated = (describeTopology(topology) as any).notSimulated;
    expect(notSimulated).toContainEqual({ resource: 'TestStack/Cache', type: 'AWS::ElastiCache::ReplicationGroup', property: 'KmsKeyId', treatment: 'validated', note: 'recorded; data lives in memory' });
  });

  test('is plain JSON', () => {
    const description = describeTopology(topology);
    expect(JSON.parse(JSON.stringify(description))).toEqual(JSON.parse(JSON.stringify(description)));
    expect(description.seed).toBe('test-seed');
  });
});

describe('describeTopology of every cache kind', () => {
  const topology = topologyOf({
    Resources: {
      DefaultUser: { Type: 'AWS::ElastiCache::User', Properties: { Engine: 'valkey', UserId: 'def', UserName: 'default', AccessString: 'on ~* +@all', Passwords: ['password-of-16-chars'] } },
      Group: { Type: 'AWS::ElastiCache::UserGroup', Properties: { Engine: 'valkey', UserGroupId: 'grp', UserIds: [{ Ref: 'DefaultUser' }] } },
      Serverless: { Type: 'AWS::ElastiCache::ServerlessCache', Properties: { Engine: 'valkey', ServerlessCacheName: 'sv', UserGroupId: { Ref: 'Group' } } },
      Memcached: { Type: 'AWS::ElastiCache::CacheCluster', Properties: { Engine: 'memcached', CacheNodeType: 'cache.t4g.small', NumCacheNodes: 1 } },
      Solo: { Type: 'AWS::ElastiCache::CacheCluster', Properties: { Engine: 'redis', CacheNodeType: 'cache.t4g.small', NumCacheNodes: 1 } },
      Subnets: { Type: 'AWS::ElastiCache::SubnetGroup', Properties: { Description: 'd', SubnetIds: ['subnet-1'] } },
    },
  });
  const description = describeTopology(topology) as any;

  test('each kind with its endpoints and engine settings', () => {
    const kinds = Object.fromEntries(description.caches.map((c: any) => [c.kind, c]));
    expect(kinds.serverless).toMatchObject({ id: 'sv', majorEngineVersion: '8', auth: { mode: 'rbac', userGroupIds: ['grp'] } });
    expect(kinds.serverless.endpoints.map((e: any) => e.port)).toEqual([6379, 6380]);
    expect(kinds['memcached-cluster'].nodes).toHaveLength(1);
    expect(kinds['memcached-cluster'].engineConfig).toMatchObject({ engine: 'memcached', maxCacheMemoryMb: expect.any(Number), threads: 2 });
    expect(kinds['single-node-cluster']).toMatchObject({ engine: 'redis', nodes: [{ role: 'standalone' }] });
  });

  test('users, groups and subnet groups, with passwords masked', () => {
    expect(description.users[0]).toMatchObject({ userId: 'def', authentication: { type: 'password', passwords: ['********'] } });
    expect(description.userGroups[0]).toMatchObject({ userGroupId: 'grp', userIds: ['def'] });
    expect(description.subnetGroups[0]).toMatchObject({ subnetIds: ['subnet-1'], availabilityZones: [] });
  });
});

describe('property schemas', () => {
  test('cover every property aws-cdk-lib knows for the ElastiCache resource types', () => {
    const elasticache = elasticacheModule as unknown;
    // The L1 classes list CloudFormation's properties; every one must have a treatment here.
    const checked: Record<string, string> = {
      'AWS::ElastiCache::ReplicationGroup': 'CfnReplicationGroup',
      'AWS::ElastiCache::CacheCluster': 'CfnCacheCluster',
      'AWS::ElastiCache::ServerlessCache': 'CfnServerlessCache',
      'AWS::ElastiCache::User': 'CfnUser',
      'AWS::ElastiCache::UserGroup': 'CfnUserGroup',
      'AWS::ElastiCache::ParameterGroup': 'CfnParameterGroup',
      'AWS::ElastiCache::SubnetGroup': 'CfnSubnetGroup',
      'AWS::ElastiCache::GlobalReplicationGroup': 'CfnGlobalReplicationGroup',
    };
    for (const [type, className] of Object.entries(checked)) {
      // CloudFormation properties are the accessor pairs of the L1 class (attributes are read-only).
      const accessors = Object.entries(Object.getOwnPropertyDescriptors((elasticache as Record<string, { prototype: object }>)[className].prototype))
        .filter(([, descriptor]) => descriptor.get && descriptor.set)
        .map(([name]) => (name === 'tagsRaw' ? 'tags' : name));
      const known = Object.keys(RESOURCE_SCHEMAS[type].properties).map((p) => p.toLowerCase());
      const missing = accessors.filter((name) => !known.includes(name.toLowerCase()));
      expect({ type, missing }).toEqual({ type, missing: [] });
      expect(accessors.length).toBe(known.length);
    }
  });
});

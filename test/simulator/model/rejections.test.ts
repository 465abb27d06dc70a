import { expectRejection, expectTemplateError, topologyOf } from '../helpers';

/** A template whose resource `Cache` has the given type and properties (plus extra resources). */
function withCache(type: string, properties: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return () => topologyOf({ Resources: { ...extra, Cache: { Type: `AWS::ElastiCache::${type}`, Properties: properties } } });
}
const RG = { ReplicationGroupDescription: 'd', Engine: 'valkey', EngineVersion: '8.0', CacheNodeType: 'cache.r7g.large' };
const rg = (props: Record<string, unknown>, extra?: Record<string, unknown>) => withCache('ReplicationGroup', { ...RG, ...props }, extra);
const MC = { Engine: 'memcached', CacheNodeType: 'cache.m7g.large', NumCacheNodes: 2 };
const mc = (props: Record<string, unknown>, extra?: Record<string, unknown>) => withCache('CacheCluster', { ...MC, ...props }, extra);
const DEFAULT_USER = { Type: 'AWS::ElastiCache::User', Properties: { Engine: 'valkey', UserId: 'def', UserName: 'default', AccessString: 'on ~* +@all', NoPasswordRequired: true } };
const GROUP = { Type: 'AWS::ElastiCache::UserGroup', Properties: { Engine: 'valkey', UserGroupId: 'grp', UserIds: [{ Ref: 'DefaultUser' }] } };
const TOKEN = 'token-with-16-chars-or-more';

describe('the CloudFormation resource schema', () => {
  test('unknown, missing and mistyped properties', () => {
    expectTemplateError(rg({ Bogus: 1 }), 'Properties validation failed for resource Cache with message: #: extraneous key [Bogus] is not permitted');
    expectTemplateError(withCache('ReplicationGroup', { Engine: 'valkey' }), 'Properties validation failed for resource Cache with message: #: required key [ReplicationGroupDescription] not found');
    expectTemplateError(rg({ NumCacheClusters: 'two' }), 'Properties validation failed for resource Cache with message: #/NumCacheClusters: expected type: Integer, found: String');
    expectTemplateError(rg({ TransitEncryptionEnabled: 'yes' }), 'Properties validation failed for resource Cache with message: #/TransitEncryptionEnabled: expected type: Boolean, found: String');
    expectTemplateError(rg({ PreferredCacheClusterAZs: 'us-east-1a' }), /#\/PreferredCacheClusterAZs: expected type: JSONArray, found: String/);
  });
});

describe('engine, version and node type', () => {
  test('unknown versions, patch versions of 6 and later, unknown engines', () => {
    expectRejection(rg({ Engine: 'redis', EngineVersion: '4.0.13' }), 'InvalidParameterCombination', 'Cannot find version 4.0.13 for redis', 'Cache');
    expectRejection(rg({ Engine: 'redis', EngineVersion: '6.2.6' }), 'InvalidParameterValue', "Specific version selection is not allowed for '6.2.6', please use '6.2'");
    expectRejection(rg({ Engine: 'memcached' }), 'InvalidParameterValue', /Invalid engine 'memcached'/);
    expectRejection(mc({ EngineVersion: '1.6' }), 'InvalidParameterCombination', 'Cannot find version 1.6 for memcached');
  });

  test('missing, unknown and unsupported node types', () => {
    expectRejection(withCache('ReplicationGroup', { ReplicationGroupDescription: 'd' }), 'InvalidParameterValue', 'The parameter CacheNodeType must be provided and must not be null.');
    expectRejection(rg({ CacheNodeType: 'cache.x9.huge' }), 'InvalidParameterValue', /Invalid CacheNodeType: cache\.x9\.huge/);
    expectRejection(rg({ Engine: 'redis', EngineVersion: '7.1', CacheNodeType: 'cache.m8g.large' }), 'InvalidParameterCombination', /cache\.m8g\.large does not run redis 7\.1/);
  });

  test('data tiering is required on r6gd nodes and only there', () => {
    expectRejection(rg({ CacheNodeType: 'cache.r6gd.xlarge' }), 'InvalidParameterCombination', 'When using the cache.r6gd.xlarge node type, you must enable data tiering.');
    expectRejection(rg({ DataTieringEnabled: true }), 'InvalidParameterCombination', 'Data tiering is only supported for replication groups using the r6gd node type.');
    expect(() => rg({ CacheNodeType: 'cache.r6gd.xlarge', DataTieringEnabled: true })()).not.toThrow();
  });
});

describe('parameter groups and cluster mode', () => {
  test('a group that does not exist, or of another family', () => {
    expectRejection(rg({ CacheParameterGroupName: 'my-params' }), 'CacheParameterGroupNotFound', 'CacheParameterGroup not found: my-params');
    expectRejection(rg({ CacheParameterGroupName: 'default.redis7' }), 'InvalidParameterCombination', 'Expected a parameter group of family valkey8 but found one of family redis7');
  });

  test('more than one shard needs a cluster-enabled group', () => {
    expectRejection(rg({ NumNodeGroups: 2, CacheParameterGroupName: 'default.valkey8', AutomaticFailoverEnabled: true }),
      'InvalidParameterCombination', 'Cluster mode should be enabled in parameter group, but found it is disabled.', 'Cache');
    expectRejection(rg({ ClusterMode: 'disabled', CacheParameterGroupName: 'default.valkey8.cluster.on', AutomaticFailoverEnabled: true }),
      'InvalidParameterCombination', 'Cluster mode should be disabled in parameter group, but found it is enabled.');
  });

  test('a cache cluster refuses a cluster-enabled group', () => {
    expectRejection(mc({ Engine: 'redis', EngineVersion: '7.1', NumCacheNodes: 1, CacheParameterGroupName: 'default.redis7.cluster.on' }),
      'InvalidParameterCombination', 'Cluster mode should be disabled in parameter group, but found it is enabled.');
  });

  test('cluster mode needs automatic failover; shard and node quotas', () => {
    expectRejection(rg({ NumNodeGroups: 2 }), 'InvalidParameterCombination', 'AutomaticFailoverEnabled must be enabled for Valkey or Redis OSS (cluster mode enabled) replication groups.');
    expectRejection(rg({ NumNodeGroups: 501, AutomaticFailoverEnabled: true }), 'NodeGroupsPerReplicationGroupQuotaExceeded', /maximum allowed number of node groups \(shards\) in a single replication group\. The default maximum is 500/);
    expectRejection(rg({ NumNodeGroups: 46, ReplicasPerNodeGroup: 1, AutomaticFailoverEnabled: true }), 'NodeQuotaForClusterExceeded', /allowed number of cache nodes in a single cluster/);
  });

  test('slots must cover every slot exactly once', () => {
    const config = (slots: string[]) =>
      rg({ NumNodeGroups: 2, AutomaticFailoverEnabled: true, NodeGroupConfiguration: slots.map((s) => ({ Slots: s })) });
    expectRejection(config(['0-8000', '8000-16383']), 'InvalidParameterValue', 'Invalid Slots: slot 8000 is assigned to more than one node group.');
    expectRejection(config(['0-8000', '8002-16383']), 'InvalidParameterValue', 'Invalid Slots: slot 8001 is not assigned to any node group.');
    expectRejection(config(['0-8191', 'x']), 'InvalidParameterValue', /Invalid Slots 'x'/);
    expectRejection(rg({ NumNodeGroups: 3, AutomaticFailoverEnabled: true, NodeGroupConfiguration: [{}, {}] }), 'InvalidParameterCombination', 'NodeGroupConfiguration has 2 entries but NumNodeGroups is 3.');
  });
});

describe('nodes, replicas and zones', () => {
  test('replica and cluster counts', () => {
    expectRejection(rg({ ReplicasPerNodeGroup: 6 }), 'InvalidParameterValue', 'The number of replicas per node group must be within 0 and 5.');
    expectRejection(rg({ NumNodeGroups: 2, AutomaticFailoverEnabled: true, NodeGroupConfiguration: [{ ReplicaCount: 1 }, { ReplicaCount: 7 }] }), 'InvalidParameterValue', 'The number of replicas per node group must be within 0 and 5.');
    expectRejection(rg({ NumCacheClusters: 7 }), 'InvalidParameterValue', /NumCacheClusters must be between 1 and 6/);
    expectRejection(rg({ NumNodeGroups: 2, NumCacheClusters: 2, AutomaticFailoverEnabled: true }), 'InvalidParameterCombination', 'NumCacheClusters can only be specified for one node group');
  });

  test('failover and Multi-AZ need replicas', () => {
    expectRejection(rg({ AutomaticFailoverEnabled: true }), 'InvalidParameterCombination', 'When using automatic failover, there must be at least 2 cache clusters in the replication group.');
    expectRejection(rg({ NumCacheClusters: 2, MultiAZEnabled: true }), 'InvalidParameterCombination', 'Multi-AZ requires automatic failover to be enabled.');
    expectRejection(rg({ NumNodeGroups: 2, AutomaticFailoverEnabled: true, MultiAZEnabled: true }), 'InvalidParameterCombination', 'Multi-AZ requires at least one read replica in each node group.');
  });

  test('preferred zones: one per node, one node group only', () => {
    expectRejection(rg({ NumCacheClusters: 2, PreferredCacheClusterAZs: ['us-east-1a'] }), 'InvalidParameterValue',
      'When specifying preferred availability zones, the number of cache clusters must be specified and must match the number of preferred availability zones.');
    expectRejection(rg({ NumNodeGroups: 2, AutomaticFailoverEnabled: true, PreferredCacheClusterAZs: ['us-east-1a', 'us-east-1b'] }), 'InvalidParameterCombination', 'PreferredCacheClusterAZs can only be specified for one node group.');
    expectRejection(mc({ PreferredAvailabilityZones: ['us-east-1a'] }), 'InvalidParameterCombination', 'Must specify the same number of preferred availability zones as requested number of nodes.');
  });

  test('cache cluster node counts', () => {
    expectRejection(mc({ Engine: 'valkey', EngineVersion: '8.0', CacheNodeType: 'cache.r7g.large', NumCacheNodes: 2 }), 'InvalidParameterValue', 'Cannot create a Redis cluster with a NumCacheNodes parameter greater than 1.');
    expectRejection(mc({ NumCacheNodes: 61 }), 'NodeQuotaForClusterExceeded', 'The request cannot be processed because it would exceed the allowed number of cache nodes in a single cluster.');
    expectRejection(mc({ NumCacheNodes: 0 }), 'InvalidParameterValue', 'NumCacheNodes must be at least 1; got 0.');
  });

  test('a snapshotting cluster is not allowed with cluster mode', () => {
    expectRejection(rg({ NumNodeGroups: 2, AutomaticFailoverEnabled: true, SnapshottingClusterId: 'x-0001-001' }), 'InvalidParameterCombination', 'Cannot set snapshotting cluster for cluster mode enabled replication group');
  });
});

describe('encryption, AUTH and RBAC', () => {
  test('an AUTH token needs TLS and the documented characters', () => {
    expectRejection(rg({ AuthToken: TOKEN }), 'InvalidParameterValue', 'The AUTH token is only supported when encryption-in-transit is enabled', 'Cache');
    expectRejection(rg({ TransitEncryptionEnabled: true, AuthToken: 'short' }), 'InvalidParameterValue', 'Invalid AuthToken provided.');
    expectRejection(rg({ TransitEncryptionEnabled: true, AuthToken: 'has-an-@-sign-in-it' }), 'InvalidParameterValue', 'Invalid AuthToken provided.');
  });

  test('user groups need TLS, no AUTH token, and must exist', () => {
    const extra = { DefaultUser: DEFAULT_USER, Group: GROUP };
    expectRejection(rg({ UserGroupIds: [{ Ref: 'Group' }] }, extra), 'InvalidParameterCombination', 'User group based access control requires encryption-in-transit to be enabled on the replication group.');
    expectRejection(rg({ UserGroupIds: [{ Ref: 'Group' }], TransitEncryptionEnabled: true, AuthToken: TOKEN }, extra), 'InvalidParameterCombination', "User group can't be associated with auth token enabled.");
    expectRejection(rg({ UserGroupIds: ['nope'], TransitEncryptionEnabled: true }), 'UserGroupNotFound', 'User group nope not found.');
    expect(topologyOf({ Resources: { ...extra, Cache: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ...RG, UserGroupIds: [{ Ref: 'Group' }], TransitEncryptionEnabled: true } } } }).caches[0].auth)
      .toEqual({ mode: 'rbac', userGroupIds: ['grp'] });
  });

  test('TLS settings and keys', () => {
    expectRejection(rg({ TransitEncryptionMode: 'preferred' }), 'InvalidParameterCombination', 'TransitEncryptionMode can only be set when TransitEncryptionEnabled is true.');
    expectRejection(rg({ Engine: 'redis', EngineVersion: '6.2', CacheNodeType: 'cache.m6g.large', TransitEncryptionEnabled: true, TransitEncryptionMode: 'preferred' }), 'InvalidParameterCombination', /preferred is not supported for redis 6\.2/);
    expectRejection(rg({ Engine: 'redis', EngineVersion: '7.1', KmsKeyId: 'key' }), 'InvalidParameterCombination', 'KmsKeyId can only be specified when AtRestEncryptionEnabled is true.');
    expectRejection(mc({ EngineVersion: '1.6.6', TransitEncryptionEnabled: true }), 'InvalidParameterCombination', 'Encryption in transit is not supported for memcached 1.6.6.');
  });
});

describe('identifiers, windows, networks and logs', () => {
  test('identifiers and duplicates', () => {
    expectRejection(rg({ ReplicationGroupId: 'bad--id' }), 'InvalidParameterValue', "Invalid ReplicationGroupId 'bad--id': it cannot contain two consecutive hyphens.");
    expectRejection(mc({ ClusterName: '9lives' }), 'InvalidParameterValue', "Invalid ClusterName '9lives': it must begin with a letter.");
    expectRejection(rg({ ReplicationGroupId: 'same' }, { First: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ...RG, ReplicationGroupId: 'SAME' } } }),
      'ReplicationGroupAlreadyExists', 'Replication group same already exists.');
    expectRejection(mc({ ClusterName: 'twice' }, { First: { Type: 'AWS::ElastiCache::CacheCluster', Properties: { ...MC, ClusterName: 'twice' } } }), 'CacheClusterAlreadyExists', 'Cache cluster twice already exists.');
  });

  test('maintenance and snapshot windows, retention', () => {
    expectRejection(rg({ PreferredMaintenanceWindow: 'sun:05:00-sun:05:30' }), 'InvalidParameterValue', /Invalid PreferredMaintenanceWindow 'sun:05:00-sun:05:30'/);
    expectRejection(rg({ PreferredMaintenanceWindow: 'sunday 5am' }), 'InvalidParameterValue', /Invalid PreferredMaintenanceWindow/);
    expect(() => rg({ PreferredMaintenanceWindow: 'sat:23:30-sun:00:30', SnapshotWindow: '05:00-06:00', SnapshotRetentionLimit: 35 })()).not.toThrow();
    expectRejection(rg({ SnapshotWindow: '05:00-05:30' }), 'InvalidParameterValue', /Invalid SnapshotWindow/);
    expectRejection(rg({ SnapshotRetentionLimit: 36 }), 'InvalidParameterValue', 'Invalid SnapshotRetentionLimit 36: use 0 to 35 days.');
    expectRejection(mc({ SnapshotRetentionLimit: 1 }), 'InvalidParameterCombination', 'Snapshots are not supported for Memcached clusters.');
  });

  test('network types and log delivery by engine version', () => {
    expectRejection(rg({ Engine: 'redis', EngineVersion: '6.0', CacheNodeType: 'cache.m6g.large', NetworkType: 'dual_stack' }), 'InvalidParameterCombination', 'IPv6 is not supported for redis 6.0.');
    const slowLog = { LogType: 'slow-log', DestinationType: 'cloudwatch-logs', LogFormat: 'json', DestinationDetails: { CloudWatchLogsDetails: { LogGroup: 'lg' } } };
    expect(() => rg({ LogDeliveryConfigurations: [slowLog] })()).not.toThrow();
    expectRejection(rg({ Engine: 'redis', EngineVersion: '6.0', CacheNodeType: 'cache.m6g.large', LogDeliveryConfigurations: [{ ...slowLog, LogType: 'engine-log' }] }),
      'InvalidParameterCombination', 'engine-log delivery is not supported for redis 6.0.');
    expectRejection(rg({ LogDeliveryConfigurations: [{ ...slowLog, DestinationDetails: {} }] }), 'InvalidParameterValue', 'LogDeliveryConfigurations needs DestinationDetails for cloudwatch-logs.');
  });
});

describe('parameter groups, users and user groups', () => {
  const pg = (properties: Record<string, unknown>) => () => topologyOf({ Resources: { Params: { Type: 'AWS::ElastiCache::ParameterGroup', Properties: { Description: 'p', ...properties } } } });

  test('families and parameter values are checked against the catalog', () => {
    expectRejection(pg({ CacheParameterGroupFamily: 'redis9' }), 'InvalidParameterValue', "Invalid parameter group family 'redis9'.");
    expectRejection(pg({ CacheParameterGroupFamily: 'valkey8', Properties: { 'maxmemory-policy': 'sometimes' } }), 'InvalidParameterValue', /Parameter 'maxmemory-policy' of family valkey8 got 'sometimes'/);
    expectRejection(pg({ CacheParameterGroupFamily: 'valkey8', Properties: { 'no-such-thing': '1' } }), 'InvalidParameterValue', /Parameter 'no-such-thing' does not exist in family valkey8/);
    expect(topologyOf({ Resources: { P: { Type: 'AWS::ElastiCache::ParameterGroup', Properties: { Description: 'p', CacheParameterGroupFamily: 'redis7', Properties: { timeout: 300 } } } } }).parameterGroups[0].values)
      .toEqual({ timeout: '300' });
  });

  const user = (properties: Record<string, unknown>) => withCache('User', { Engine: 'valkey', UserId: 'u1', UserName: 'u1', AccessString: 'on ~* +@all', ...properties });

  test('users: access strings, passwords and authentication mode', () => {
    expectRejection(user({ AccessString: undefined, NoPasswordRequired: true }), 'InvalidParameterValue', 'The parameter AccessString must be provided and must not be null.');
    expectRejection(user({ AccessString: 'on >secret ~* +@all' }), 'InvalidParameterValue', /Access string rule '>secret' is not allowed/);
    expectRejection(user({ AccessString: 'on nopass ~* +@all' }), 'InvalidParameterValue', /Access string rule 'nopass' is not allowed/);
    expectRejection(user({ Passwords: ['too-short'] }), 'InvalidParameterValue', 'Passwords must have 16 to 128 characters; one has 9.');
    expectRejection(user({}), 'InvalidParameterValue', /A password user needs 1 or 2 passwords/);
    expectRejection(user({ NoPasswordRequired: true, Passwords: ['sixteen-chars-ok!'] }), 'InvalidParameterCombination', /Passwords cannot be given to a user whose authentication is no-password-required/);
    expectRejection(user({ AuthenticationMode: { Type: 'ldap' } }), 'InvalidParameterValue', /Invalid AuthenticationMode Type 'ldap'/);
    expectRejection(user({ UserId: '1user', NoPasswordRequired: true }), 'InvalidParameterValue', /Invalid UserId '1user'/);
  });

  test('user groups need a default user (Redis OSS), existing users and unique names', () => {
    const app = { Type: 'AWS::ElastiCache::User', Properties: { Engine: 'valkey', UserId: 'app', UserName: 'app', AccessString: 'on ~* +@all', NoPasswordRequired: true } };
    const group = (userIds: unknown[], extra: Record<string, unknown>) => withCache('UserGroup', { Engine: 'valkey', UserGroupId: 'g', UserIds: userIds }, extra);
    const redisGroup = withCache('UserGroup', { Engine: 'redis', UserGroupId: 'g', UserIds: [{ Ref: 'App' }] }, { App: app });
    expectRejection(redisGroup, 'DefaultUserRequired', 'You must add default user to a user group.', 'Cache');
    expectRejection(group(['ghost'], {}), 'UserNotFound', 'User ghost not found.');
    const twin = { ...DEFAULT_USER, Properties: { ...DEFAULT_USER.Properties, UserId: 'def2' } };
    expectRejection(group([{ Ref: 'DefaultUser' }, { Ref: 'Twin' }], { DefaultUser: DEFAULT_USER, Twin: twin }), 'DuplicateUserName', 'A user with this username already exists: default.');
    expectRejection(group([], {}), 'InvalidParameterValue', 'A user group takes 1 to 100 users; got 0.');
    expectRejection(withCache('UserGroup', { Engine: 'valkey', UserGroupId: 'Upper', UserIds: ['def'] }, { DefaultUser: DEFAULT_USER }), 'InvalidParameterValue', /Invalid UserGroupId 'Upper'/);
  });
});

describe('serverless caches', () => {
  const sc = (props: Record<string, unknown>, extra?: Record<string, unknown>) => withCache('ServerlessCache', { Engine: 'valkey', ServerlessCacheName: 'sc', ...props }, extra);

  test('versions, user groups and limits', () => {
    expectRejection(sc({ MajorEngineVersion: '6' }), 'InvalidParameterValue', "Invalid MajorEngineVersion '6' for valkey: serverless caches run 7, 8.");
    expectRejection(sc({ Engine: 'memcached', UserGroupId: 'g' }), 'InvalidParameterCombination', 'User groups are not supported for Memcached serverless caches.');
    expectRejection(sc({ UserGroupId: 'missing' }), 'UserGroupNotFound', 'User group missing not found.');
    expectRejection(sc({ CacheUsageLimits: { DataStorage: { Maximum: 6000, Unit: 'GB' } } }), 'InvalidParameterValue', 'CacheUsageLimits DataStorage must be between 1 and 5000; got 6000.');
    expectRejection(sc({ CacheUsageLimits: { DataStorage: { Maximum: 5, Unit: 'TB' } } }), 'InvalidParameterValue', 'CacheUsageLimits DataStorage Unit must be GB; got TB.');
    expectRejection(sc({ CacheUsageLimits: { ECPUPerSecond: { Minimum: 9000, Maximum: 5000 } } }), 'InvalidParameterValue', 'CacheUsageLimits ECPUPerSecond Minimum (9000) is greater than Maximum (5000).');
    expectRejection(sc({ DailySnapshotTime: '25:00' }), 'InvalidParameterValue', "Invalid DailySnapshotTime '25:00': use HH:MM (UTC).");
    expectRejection(sc({ NetworkType: 'ipv5' }), 'InvalidParameterValue', "Invalid NetworkType 'ipv5': use ipv4, ipv6 or dual_stack.");
    expectRejection(sc({ ServerlessCacheName: 'a_b' }), 'InvalidParameterValue', /Invalid ServerlessCacheName 'a_b'/);
    expectRejection(sc({}, { First: { Type: 'AWS::ElastiCache::ServerlessCache', Properties: { Engine: 'redis', ServerlessCacheName: 'SC' } } }), 'ServerlessCacheAlreadyExistsFault', 'Serverless cache sc already exists.');
  });
});

describe('global datastores', () => {
  const primary = (nodeType: string) => ({ Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ...RG, ReplicationGroupId: 'primary-rg', CacheNodeType: nodeType, NumCacheClusters: 2, AutomaticFailoverEnabled: true } });
  const global = (members: unknown[]) => ({ Type: 'AWS::ElastiCache::GlobalReplicationGroup', Properties: { GlobalReplicationGroupIdSuffix: 'shop', Members: members } });

  test('the primary must exist, run a node type that supports it, and be the only primary', () => {
    expectRejection(() => topologyOf({ Resources: { G: global([{ ReplicationGroupId: 'nope', ReplicationGroupRegion: 'us-east-1', Role: 'PRIMARY' }]) } }), 'ReplicationGroupNotFoundFault', 'Replication group nope not found.');
    expectRejection(() => topologyOf({ Resources: { P: primary('cache.t4g.medium'), G: global([{ ReplicationGroupId: { Ref: 'P' }, Role: 'PRIMARY' }]) } }), 'InvalidParameterValue', 'Global replication group is not supported for the node type.');
    expectRejection(() => topologyOf({ Resources: { G: global([{ ReplicationGroupId: 'a', Role: 'SECONDARY' }]) } }), 'InvalidParameterValue', 'Members must name exactly one PRIMARY replication group; got 0.');
  });

  test('the id carries the Region prefix', () => {
    const topology = topologyOf({
      Resources: { P: primary('cache.r7g.large'), G: global([{ ReplicationGroupId: { Ref: 'P' }, ReplicationGroupRegion: 'us-east-1', Role: 'PRIMARY' }]) },
      Outputs: { Id: { Value: { Ref: 'G' } } },
    });
    expect(topology.globalDatastores[0]).toMatchObject({ globalReplicationGroupId: 'ldgnf-shop', primaryReplicationGroupId: 'primary-rg' });
    expect(topology.stacks[0].outputs.Id.value).toBe('ldgnf-shop');
  });

  test('a secondary group takes its engine, version and node type from the primary', () => {
    const topology = topologyOf({
      Resources: {
        P: primary('cache.r7g.large'),
        G: global([{ ReplicationGroupId: { Ref: 'P' }, ReplicationGroupRegion: 'us-east-1', Role: 'PRIMARY' }]),
        S: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ReplicationGroupDescription: 's', GlobalReplicationGroupId: { Ref: 'G' }, NumCacheClusters: 2 } },
      },
    });
    expect(topology.caches.find((c) => c.origin.logicalId === 'S')).toMatchObject({ engine: 'valkey', engineVersion: '8.0', nodeType: 'cache.r7g.large', globalReplicationGroupId: 'ldgnf-shop' });
    expectRejection(() => topologyOf({ Resources: { S: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ReplicationGroupDescription: 's', GlobalReplicationGroupId: 'ldgnf-none' } } } }),
      'GlobalReplicationGroupNotFoundFault', 'Global replication group ldgnf-none not found.');
  });
});

describe('subnet groups', () => {
  test('must exist and hold 1 to 20 subnets', () => {
    expectRejection(rg({ CacheSubnetGroupName: 'missing' }), 'CacheSubnetGroupNotFoundFault', "Cache subnet group 'missing' does not exist.");
    expectRejection(withCache('SubnetGroup', { Description: 'd', SubnetIds: [] }), 'InvalidParameterValue', 'A subnet group takes 1 to 20 subnets; got 0.');
    expect(() => rg({ CacheSubnetGroupName: 'default' })()).not.toThrow();
  });
});

describe('the first failure in creation order wins', () => {
  test('an invalid user group fails before the cache that uses it', () => {
    expectRejection(() => topologyOf({
      Resources: {
        Cache: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ...RG, AuthToken: TOKEN, UserGroupIds: [{ Ref: 'Group' }] } },
        Group: { Type: 'AWS::ElastiCache::UserGroup', Properties: { Engine: 'valkey', UserGroupId: 'g', UserIds: ['ghost'] } },
      },
    }), 'UserNotFound', 'User ghost not found.', 'Group');
  });
});

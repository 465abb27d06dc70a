import { CfnParameter, Duration, RemovalPolicy, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { errorMessage, nagViolations, stackWithVpc } from './helpers';
import { Engine, EngineVersion, NodeType } from '../../src/catalog';
import {
  AccessControl, CommandCategory, EngineMetric, IpDiscovery, LogDestination, LogFormat, LogType, NetworkType, NoPasswordUser, ParameterGroup,
  PasswordUser, ReplicationGroup, ReplicationGroupProps, TransitEncryptionMode, UserGroup,
} from '../../src/constructs';

describe('ReplicationGroup: template', () => {
  test('defaults: Valkey 8.1, 1 replica, Multi-AZ, encryption at rest and in transit, generated AUTH token, backups, slow log', () => {
    const { stack, vpc } = stackWithVpc();
    const group = new ReplicationGroup(stack, 'Cache', { vpc });
    const t = Template.fromStack(stack);
    t.hasResource('AWS::ElastiCache::ReplicationGroup', {
      Properties: {
        Engine: 'valkey',
        EngineVersion: '8.1',
        CacheNodeType: 'cache.t4g.medium',
        NumCacheClusters: 2,
        ClusterMode: 'disabled',
        Port: 6379,
        AutomaticFailoverEnabled: true,
        MultiAZEnabled: true,
        AtRestEncryptionEnabled: true,
        TransitEncryptionEnabled: true,
        TransitEncryptionMode: 'required',
        AuthToken: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: Match.stringLikeRegexp('CacheAuthToken') }, ':SecretString:::}}']] },
        SnapshotRetentionLimit: 15,
        AutoMinorVersionUpgrade: true,
        CacheSubnetGroupName: { Ref: Match.stringLikeRegexp('CacheSubnetGroup') },
        CacheParameterGroupName: Match.absent(),
        ReplicationGroupId: Match.absent(),
        KmsKeyId: Match.absent(),
        UserGroupIds: Match.absent(),
        LogDeliveryConfigurations: [{
          LogType: 'slow-log',
          LogFormat: 'json',
          DestinationType: 'cloudwatch-logs',
          DestinationDetails: { CloudWatchLogsDetails: { LogGroup: { Ref: Match.stringLikeRegexp('CacheSlowLog') } } },
        }],
      },
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
    });
    t.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 32, ExcludeCharacters: '"%\'()*+,./:;=?@[\\]_`{|}~', IncludeSpace: false },
    });
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    expect(group.authTokenSecret).toBeDefined();
    expect(group.slowLogGroup).toBeDefined();
  });

  test('the generated AUTH token is drawn only from characters ElastiCache accepts', () => {
    // Every printable ASCII character the secret may contain must match the documented token grammar.
    const excluded = '"%\'()*+,./:;=?@[\\]_`{|}~';
    const allowed = [...Array(95)].map((_, i) => String.fromCharCode(32 + i)).filter((c) => c !== ' ' && !excluded.includes(c));
    expect(allowed.join('')).toMatch(/^[A-Za-z0-9!&#$^<>-]+$/);
    expect(allowed.filter((c) => !/[A-Za-z0-9]/.test(c)).sort().join('')).toBe('!#$&-<>^');
  });

  test('no replicas: no Multi-AZ, no failover, no ReplicationLag alarm', () => {
    const { stack, vpc } = stackWithVpc();
    const group = new ReplicationGroup(stack, 'Cache', { vpc, replicas: 0 });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      NumCacheClusters: 1, MultiAZEnabled: false, AutomaticFailoverEnabled: false,
    });
    expect(group.addRecommendedAlarms().map((a) => a.node.id)).not.toContain('ReplicationLag');
  });

  test('every prop is rendered', () => {
    const { stack, vpc } = stackWithVpc();
    const key = new kms.Key(stack, 'Key');
    const topic = new sns.Topic(stack, 'Topic');
    const slow = new logs.LogGroup(stack, 'Slow');
    const stream = firehose.DeliveryStream.fromDeliveryStreamName(stack, 'Stream', 'engine-logs');
    new ReplicationGroup(stack, 'Cache', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      replicationGroupId: 'Sessions',
      description: 'sessions',
      engineVersion: EngineVersion.REDIS_7_1,
      nodeType: NodeType.R7G_LARGE,
      replicas: 2,
      preferredAvailabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      port: 6380,
      parameters: { 'maxmemory-policy': 'allkeys-lru' },
      kmsKey: key,
      authToken: SecretValue.secretsManager('sessions-token'),
      transitEncryptionMode: TransitEncryptionMode.PREFERRED,
      backup: {
        retention: Duration.days(7),
        window: '03:00-04:00',
        restoreFromSnapshotArns: ['arn:aws:s3:::backups/sessions.rdb'],
      },
      maintenanceWindow: 'sun:05:00-sun:06:00',
      logDelivery: [
        { logType: LogType.SLOW_LOG, format: LogFormat.TEXT, destination: LogDestination.cloudWatchLogs(slow) },
        { logType: LogType.ENGINE_LOG, destination: LogDestination.firehose(stream) },
      ],
      networkType: NetworkType.DUAL_STACK,
      ipDiscovery: IpDiscovery.IPV6,
      notificationTopic: topic,
      autoMinorVersionUpgrade: false,
      removalPolicy: RemovalPolicy.DESTROY,
      tags: { team: 'sessions' },
    });
    const t = Template.fromStack(stack);
    t.hasResource('AWS::ElastiCache::ReplicationGroup', {
      Properties: {
        ReplicationGroupId: 'sessions',
        ReplicationGroupDescription: 'sessions',
        Engine: 'redis',
        EngineVersion: '7.1',
        CacheNodeType: 'cache.r7g.large',
        NumCacheClusters: 3,
        PreferredCacheClusterAZs: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
        Port: 6380,
        CacheParameterGroupName: { Ref: Match.stringLikeRegexp('CacheParameterGroup') },
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Key'), 'Arn'] },
        AuthToken: '{{resolve:secretsmanager:sessions-token:SecretString:::}}',
        TransitEncryptionMode: 'preferred',
        SnapshotRetentionLimit: 7,
        SnapshotWindow: '03:00-04:00',
        SnapshotArns: ['arn:aws:s3:::backups/sessions.rdb'],
        PreferredMaintenanceWindow: 'sun:05:00-sun:06:00',
        LogDeliveryConfigurations: [
          { LogType: 'slow-log', LogFormat: 'text', DestinationType: 'cloudwatch-logs', DestinationDetails: { CloudWatchLogsDetails: { LogGroup: { Ref: Match.stringLikeRegexp('Slow') } } } },
          { LogType: 'engine-log', LogFormat: 'json', DestinationType: 'kinesis-firehose', DestinationDetails: { KinesisFirehoseDetails: { DeliveryStream: 'engine-logs' } } },
        ],
        NetworkType: 'dual_stack',
        IpDiscovery: 'ipv6',
        NotificationTopicArn: { Ref: Match.stringLikeRegexp('Topic') },
        AutoMinorVersionUpgrade: false,
        Tags: [{ Key: 'team', Value: 'sessions' }],
      },
      DeletionPolicy: 'Delete',
    });
    t.resourceCountIs('AWS::SecretsManager::Secret', 0);
    t.hasResourceProperties('AWS::ElastiCache::ParameterGroup', { CacheParameterGroupFamily: 'redis7', Properties: { 'maxmemory-policy': 'allkeys-lru' } });
  });

  test('with a user group: no AUTH token, RBAC group referenced and depended on', () => {
    const { stack, vpc } = stackWithVpc();
    const user = new PasswordUser(stack, 'User', { userId: 'app', accessControl: AccessControl.fromAccessString('on ~* +@all') });
    const users = new UserGroup(stack, 'Users', { userGroupId: 'app-users', users: [user] });
    const group = new ReplicationGroup(stack, 'Cache', { vpc, userGroup: users });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { UserGroupIds: ['app-users'], AuthToken: Match.absent() });
    t.hasResource('AWS::ElastiCache::ReplicationGroup', { DependsOn: Match.arrayWith([Match.stringLikeRegexp('Users')]) });
    expect(group.authTokenSecret).toBeUndefined();
  });

  test('a Redis OSS group accepts a Redis OSS user group; a Valkey group accepts either', () => {
    const { stack, vpc } = stackWithVpc();
    const def = new NoPasswordUser(stack, 'Default', { userId: 'locked', userName: 'default', accessControl: AccessControl.fromAccessString('off ~* +@all') });
    const redisUsers = new UserGroup(stack, 'RedisUsers', { engine: Engine.REDIS, users: [def] });
    expect(() => new ReplicationGroup(stack, 'Redis', { vpc, engineVersion: EngineVersion.REDIS_7_1, userGroup: redisUsers })).not.toThrow();
    expect(() => new ReplicationGroup(stack, 'Valkey', { vpc, userGroup: redisUsers })).not.toThrow();
  });

  test('without transit encryption: no token, no mode', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc, transitEncryption: false });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      TransitEncryptionEnabled: false, TransitEncryptionMode: Match.absent(), AuthToken: Match.absent(),
    });
  });

  test('Redis OSS before 7.0: no ClusterMode and no TransitEncryptionMode properties; no log delivery before 6.0', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc, engineVersion: EngineVersion.REDIS_5_0_6 });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      EngineVersion: '5.0.6', ClusterMode: Match.absent(), TransitEncryptionMode: Match.absent(), LogDeliveryConfigurations: Match.absent(),
    });
  });

  test('data tiering is turned on by an r6gd node type', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc, nodeType: NodeType.R6GD_XLARGE });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { DataTieringEnabled: true });
  });

  test('backups can be turned off; logs too', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc, backup: { retention: Duration.days(0) }, logDelivery: [], removalPolicy: RemovalPolicy.DESTROY });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { SnapshotRetentionLimit: 0, LogDeliveryConfigurations: Match.absent() });
    t.resourceCountIs('AWS::Logs::LogGroup', 0);
  });

  test('endpoints, member cluster IDs (generated ID: from the Ref; given ID: literal)', () => {
    const { stack, vpc } = stackWithVpc();
    const generated = new ReplicationGroup(stack, 'Gen', { vpc, replicas: 2 });
    const named = new ReplicationGroup(stack, 'Named', { vpc, replicationGroupId: 'Orders' });
    expect(stack.resolve(generated.memberClusterIds)).toEqual(['001', '002', '003'].map((n) => ({ 'Fn::Join': ['', [{ Ref: 'Gen8625934A' }, `-${n}`]] })));
    expect(named.memberClusterIds).toEqual(['orders-001', 'orders-002']);
    expect(stack.resolve(generated.primaryEndpoint.address)).toEqual({ 'Fn::GetAtt': ['Gen8625934A', 'PrimaryEndPoint.Address'] });
    expect(stack.resolve(generated.readerEndpoint.port)).toEqual({ 'Fn::GetAtt': ['Gen8625934A', 'ReaderEndPoint.Port'] });
    expect(typeof generated.readerEndpoint.port).toBe('number');
  });

  test('metrics: engine metrics per member cluster, host metrics per node; every engine metric and command category', () => {
    const { stack, vpc } = stackWithVpc();
    const group = new ReplicationGroup(stack, 'Cache', { vpc, replicationGroupId: 'orders' });
    expect(group.metricEngineCPUUtilization().dimensions).toEqual({ CacheClusterId: 'orders-001' });
    expect(group.metricReplicationLag({ cacheClusterId: 'orders-002' }).dimensions).toEqual({ CacheClusterId: 'orders-002' });
    expect(group.metricCPUUtilization().dimensions).toEqual({ CacheClusterId: 'orders-001', CacheNodeId: '0001' });
    expect(group.metricCurrConnections({ cacheNodeId: '0001' }).dimensions).toEqual({ CacheClusterId: 'orders-001', CacheNodeId: '0001' });
    expect(group.metricCacheHits().statistic).toBe('Sum');
    expect(group.metricCacheHitRate().statistic).toBe('Average');
    expect(group.metricDatabaseMemoryUsagePercentage().metricName).toBe('DatabaseMemoryUsagePercentage');
    expect(group.metricBytesUsedForCache().metricName).toBe('BytesUsedForCache');
    expect(group.metricCacheMisses().metricName).toBe('CacheMisses');
    expect(group.metricCommandLatency(CommandCategory.GET_TYPE)).toMatchObject({ metricName: 'GetTypeCmdsLatency', statistic: 'Average' });
    expect(group.metricCommands(CommandCategory.SET_TYPE)).toMatchObject({ metricName: 'SetTypeCmds', statistic: 'Sum' });
    for (const metric of Object.values(EngineMetric)) expect(group.metricEngine(metric).metricName).toBe(metric);
    expect(Object.values(EngineMetric)).toHaveLength(36);
  });

  test('grants: elasticache:Connect on the group ARN', () => {
    const { stack, vpc } = stackWithVpc();
    const group = new ReplicationGroup(stack, 'Cache', { vpc, replicationGroupId: 'orders' });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    group.grantConnect(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Action: 'elasticache:Connect',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:us-east-1:123456789012:replicationgroup:', { Ref: 'Cache18F6EE16' }]] },
        }],
      },
    });
  });

  test('imports: connections on the given port, metrics of the given members; without members a metric needs a member', () => {
    const { stack } = stackWithVpc();
    const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-0123456789abcdef1', { mutable: true });
    const known = ReplicationGroup.fromReplicationGroupAttributes(stack, 'Known', { replicationGroupId: 'legacy', port: 6380, securityGroups: [sg], memberClusterIds: ['legacy-001'] }) as ReplicationGroup;
    known.connections.allowDefaultPortFrom(ec2.Peer.ipv4('10.0.0.0/8'));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', { GroupId: 'sg-0123456789abcdef1', FromPort: 6380 });
    expect(known.metricEngineCPUUtilization().dimensions).toEqual({ CacheClusterId: 'legacy-001' });
    const bare = ReplicationGroup.fromReplicationGroupId(stack, 'Bare', 'legacy') as ReplicationGroup;
    expect(() => bare.metricEngineCPUUtilization()).toThrow('Stack/Bare: cacheClusterId (unset) is not allowed: a member cluster ID');
    expect(bare.metricEngineCPUUtilization({ cacheClusterId: 'legacy-002' }).dimensions).toEqual({ CacheClusterId: 'legacy-002' });
  });

  test('a plain-text AUTH token is accepted with a warning', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc, authToken: SecretValue.unsafePlainText('abcdefgh12345678!&#$') });
    Annotations.fromStack(stack).hasWarning('/Stack/Cache', Match.stringLikeRegexp('authToken is plain text'));
  });
});

describe('ReplicationGroup: validation', () => {
  type Case = [string, Partial<ReplicationGroupProps> | ((stack: Stack) => Partial<ReplicationGroupProps>), string[]];
  const valkeyUsers = (stack: Stack) => new UserGroup(stack, 'Users', {
    users: [new PasswordUser(stack, 'User', { userId: 'app', accessControl: AccessControl.fromAccessString('on ~* +@all') })],
  });
  const cases: Case[] = [
    ['a Memcached engine version', { engineVersion: EngineVersion.MEMCACHED_1_6_22 }, ['engineVersion', '"memcached"', 'one of "valkey", "redis"']],
    ['a deprecated engine version', { engineVersion: EngineVersion.REDIS_3_2_6 }, ['engineVersion', '"redis 3.2.6"', 'no longer creates clusters with deprecated versions']],
    ['a previous-generation node type', { nodeType: NodeType.of('cache.r3.large') }, ['nodeType', '"cache.r3.large"', 'previous generation']],
    ['a node type that does not run the version', { nodeType: NodeType.M8G_LARGE, engineVersion: EngineVersion.REDIS_7_1 },
      ['nodeType', '"cache.m8g.large"', 'does not run redis 7.1']],
    ['6 replicas', { replicas: 6 }, ['replicas', ' 6 ', 'an integer from 0 to 5']],
    ['a negative replica count', { replicas: -1 }, ['replicas', '-1', 'an integer from 0 to 5']],
    ['a token replica count', (stack) => ({ replicas: new CfnParameter(stack, 'R', { type: 'Number' }).valueAsNumber }),
      ['replicas', '"(unresolved token)"', 'a number from 0 to 5 known at synth time']],
    ['fewer zones than nodes', { replicas: 2, preferredAvailabilityZones: ['us-east-1a'] }, ['preferredAvailabilityZones', '3 zones for 2 replicas']],
    ['port 65536', { port: 65536 }, ['port', '65536', 'from 1 to 65,535']],
    ['a group ID of 41 characters', { replicationGroupId: 'a'.repeat(41) }, ['replicationGroupId', '1 to 40 characters']],
    ['a group ID ending with a hyphen', { replicationGroupId: 'orders-' }, ['replicationGroupId', '"orders-"', 'must not end with a hyphen']],
    ['a description of 256 characters', { description: 'd'.repeat(256) }, ['description', 'at most 255 characters']],
    ['data tiering on r7g', { nodeType: NodeType.R7G_LARGE, dataTiering: true }, ['dataTiering', 'true', 'Data tiering needs an r6gd node type']],
    ['no data tiering on r6gd', { nodeType: NodeType.R6GD_XLARGE, dataTiering: false }, ['dataTiering', 'false', 'data tiering must be enabled on it']],
    ['Multi-AZ without replicas', { replicas: 0, multiAz: true }, ['multiAz', 'true', 'false with 0 replicas']],
    ['automatic failover without replicas', { replicas: 0, automaticFailover: true }, ['automaticFailover', 'true', 'false with 0 replicas']],
    ['Multi-AZ without automatic failover', { automaticFailover: false, multiAz: true }, ['multiAz', 'true', 'false when automaticFailover is false']],
    ['a KMS key without encryption at rest', (stack) => ({ atRestEncryption: false, kmsKey: new kms.Key(stack, 'Key') }),
      ['kmsKey', '"Stack/Key"', 'no key when atRestEncryption is false']],
    ['a transit encryption mode without transit encryption', { transitEncryption: false, transitEncryptionMode: TransitEncryptionMode.REQUIRED },
      ['transitEncryptionMode', '"required"', 'no mode when transitEncryption is false']],
    ['"preferred" on Redis OSS 6.2', { engineVersion: EngineVersion.REDIS_6_2, transitEncryptionMode: TransitEncryptionMode.PREFERRED },
      ['transitEncryptionMode', '"preferred"', 'needs Valkey or Redis OSS 7.0 and later']],
    ['an unknown transit encryption mode', { transitEncryptionMode: 'optional' as TransitEncryptionMode }, ['transitEncryptionMode', '"optional"', 'one of "required", "preferred"']],
    ['a user group on Redis OSS 5.0.6', (stack) => ({ engineVersion: EngineVersion.REDIS_5_0_6, userGroup: UserGroup.fromUserGroupId(stack, 'G', 'grp') }),
      ['userGroup', '"grp"', 'RBAC needs Valkey or Redis OSS 6.0 and later']],
    ['a user group without transit encryption', (stack) => ({ transitEncryption: false, userGroup: UserGroup.fromUserGroupId(stack, 'G', 'grp') }),
      ['userGroup', '"grp"', 'RBAC needs TLS']],
    ['a user group and an AUTH token', (stack) => ({ userGroup: UserGroup.fromUserGroupId(stack, 'G', 'grp'), authToken: SecretValue.secretsManager('t') }),
      ['authToken', 'no AUTH token together with userGroup']],
    ['a Valkey user group on a Redis OSS group', (stack) => ({ engineVersion: EngineVersion.REDIS_7_1, userGroup: valkeyUsers(stack) }),
      ['userGroup', 'a user group with engine redis for a Redis OSS group', "this group's engine is valkey"]],
    ['an AUTH token without transit encryption', { transitEncryption: false, authToken: SecretValue.secretsManager('t') },
      ['authToken', 'AUTH needs TLS']],
    ['a plain-text AUTH token of 8 characters', { authToken: SecretValue.unsafePlainText('short123') },
      ['authToken', '(a 8-character plain-text value)', '16 to 128 characters', '! & # $ ^ < > - only']],
    ['a plain-text AUTH token with @', { authToken: SecretValue.unsafePlainText('abcdefghijklmnop@') }, ['authToken', '(a 17-character plain-text value)']],
    ['backups kept 36 days', { backup: { retention: Duration.days(36) } }, ['backup.retention', '36', 'from 0 to 35 days']],
    ['backups kept 36 hours', { backup: { retention: Duration.hours(36) } }, ['backup.retention', '"1 day 12 hours"', 'whole days from 0 to 35']],
    ['a backup window with days', { backup: { window: 'mon:03:00-mon:04:00' } }, ['backup.window', '"mon:03:00-mon:04:00"', 'hh24:mi-hh24:mi in UTC']],
    ['a backup window of 30 minutes', { backup: { window: '03:00-03:30' } }, ['backup.window', 'at least 60 minutes long (this one is 30)']],
    ['a backup window overlapping the maintenance window', { maintenanceWindow: 'sun:03:30-sun:04:30', backup: { window: '03:00-04:00' } },
      ['backup.window', '"03:00-04:00"', 'a window that does not overlap maintenanceWindow (sun:03:30-sun:04:30)']],
    ['a snapshot name with an underscore', { backup: { restoreFromSnapshotName: 'nightly_1' } }, ['backup.restoreFromSnapshotName', '"nightly_1"']],
    ['a snapshot ARN that is not in S3', { backup: { restoreFromSnapshotArns: ['arn:aws:elasticache:us-east-1:123456789012:snapshot:x'] } },
      ['backup.restoreFromSnapshotArns[0]', 'the ARN of an .rdb file in Amazon S3']],
    ['a snapshot name and ARNs', { backup: { restoreFromSnapshotName: 'nightly', restoreFromSnapshotArns: ['arn:aws:s3:::b/k.rdb'] } },
      ['backup.restoreFromSnapshotArns', 'no ARNs together with backup.restoreFromSnapshotName']],
    ['the slow log twice', { logDelivery: [{ logType: LogType.SLOW_LOG }, { logType: LogType.SLOW_LOG }] },
      ['logDelivery[1].logType', '"slow-log"', 'each log type once']],
    ['the engine log on Redis OSS 6.0', { engineVersion: EngineVersion.REDIS_6_0, logDelivery: [{ logType: LogType.ENGINE_LOG }] },
      ['logDelivery[0].logType', '"engine-log"', 'engine-log needs Valkey or Redis OSS 6.2 or later']],
    ['the slow log on Redis OSS 5.0.6', { engineVersion: EngineVersion.REDIS_5_0_6, logDelivery: [{ logType: LogType.SLOW_LOG }] },
      ['logDelivery[0].logType', '"slow-log"', 'slow-log needs Valkey or Redis OSS 6.0 or later']],
    ['an unknown log type', { logDelivery: [{ logType: 'audit-log' as LogType }] }, ['logDelivery[0].logType', '"audit-log"', 'one of "slow-log", "engine-log"']],
    ['an unknown log format', { logDelivery: [{ logType: LogType.SLOW_LOG, format: 'xml' as LogFormat }] }, ['logDelivery[0].format', '"xml"', 'one of "json", "text"']],
    ['dual stack on Redis OSS 6.0', { engineVersion: EngineVersion.REDIS_6_0, networkType: NetworkType.DUAL_STACK },
      ['networkType', '"dual_stack"', 'Redis OSS 6.2 or later']],
    ['IPv4 discovery on an IPv6 network', { networkType: NetworkType.IPV6, ipDiscovery: IpDiscovery.IPV4 }, ['ipDiscovery', '"ipv4"', '"ipv6" (the only address family']],
    ['a cluster mode parameter group', (stack) => ({ parameterGroup: ParameterGroup.fromParameterGroupName(stack, 'Pg', 'default.valkey8.cluster.on') }),
      ['parameterGroup', '"default.valkey8.cluster.on"', 'a group without cluster mode']],
    ['a parameter group of another family', (stack) => ({ parameterGroup: ParameterGroup.fromParameterGroupName(stack, 'Pg', 'default.redis7') }),
      ['parameterGroup', '"default.redis7"', 'a group of family valkey8']],
    ['a maintenance window ending before it starts on the same day', { maintenanceWindow: 'mon:05:00-mon:05:30' }, ['maintenanceWindow', 'this one is 30']],
    ['an encrypted notification topic', (stack) => ({ notificationTopic: new sns.Topic(stack, 'T', { masterKey: new kms.Key(stack, 'K') }) }),
      ['notificationTopic', 'a topic without server-side encryption']],
  ];
  test.each(cases)('%s', (_name, props, expected) => {
    const { stack, vpc } = stackWithVpc();
    const extra = typeof props === 'function' ? props(stack) : props;
    const message = errorMessage(() => new ReplicationGroup(stack, 'Cache', { vpc, ...extra }));
    expect(message).toContain('Stack/Cache:');
    for (const part of expected) expect(message).toContain(part);
  });
});

describe('ReplicationGroup: cdk-nag', () => {
  test('the default group has one AwsSolutions finding, SMG4 on the generated AUTH token, none once acknowledged', () => {
    const { stack, vpc } = stackWithVpc();
    const group = new ReplicationGroup(stack, 'Cache', { vpc });
    expect(nagViolations(group)).toEqual([{ rule: 'AwsSolutions-SMG4', severity: 'error', resources: ['Stack/Cache/AuthToken/Resource'] }]);
    Validations.of(group.authTokenSecret!).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'ElastiCache AUTH tokens are rotated with ModifyReplicationGroup, not by a Secrets Manager rotation function.' });
    expect(nagViolations(group)).toEqual([]);
  });

  test('the checks are real: a Redis OSS group on 6379 with a user group fails AEC5 and AEC6', () => {
    const { stack, vpc } = stackWithVpc();
    const def = new NoPasswordUser(stack, 'Default', { userId: 'locked', userName: 'default', accessControl: AccessControl.fromAccessString('off ~* +@all') });
    const users = new UserGroup(stack, 'Users', { engine: Engine.REDIS, users: [def] });
    const group = new ReplicationGroup(stack, 'Cache', { vpc, engineVersion: EngineVersion.REDIS_7_1, userGroup: users });
    expect(nagViolations(group).map((v) => v.rule)).toEqual(['AwsSolutions-AEC5', 'AwsSolutions-AEC6']);
  });

  test('the default backups satisfy the HIPAA and NIST 800-53 automatic backup rule (15 days or more); 14 days would not', () => {
    const backupRule = (group: ReplicationGroup) => {
      const packs = [new HIPAASecurityChecks(), new NIST80053R5Checks()];
      const rules = packs.flatMap((pack) => pack.validateScope(group).violations.map((v) => v.ruleName));
      return rules.filter((r) => r.endsWith('ElastiCacheRedisClusterAutomaticBackup'));
    };
    const { stack, vpc } = stackWithVpc();
    expect(backupRule(new ReplicationGroup(stack, 'Default', { vpc }))).toEqual([]);
    expect(backupRule(new ReplicationGroup(stack, 'Short', { vpc, backup: { retention: Duration.days(14) } }))).toEqual([
      'HIPAA.Security-ElastiCacheRedisClusterAutomaticBackup', 'NIST.800.53.R5-ElastiCacheRedisClusterAutomaticBackup',
    ]);
  });

  test('no replicas fails AEC4 (Multi-AZ): the default keeps a replica', () => {
    const { stack, vpc } = stackWithVpc();
    const group = new ReplicationGroup(stack, 'Cache', { vpc, replicas: 0, authToken: SecretValue.secretsManager('token') });
    expect(nagViolations(group).map((v) => v.rule)).toEqual(['AwsSolutions-AEC4']);
  });
});

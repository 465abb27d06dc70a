import { App, CfnParameter, Duration, Size, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { nagViolations, stackWithVpc } from './helpers';
import { Engine } from '../../src/catalog';
import {
  AccessControl, CommandCategory, MemcachedCommandMetric, PasswordUser, ServerlessCache, ServerlessCacheProps, UserGroup,
} from '../../src/constructs';

describe('ServerlessCache: template', () => {
  test('defaults: Valkey, newest serverless major, generated lower-case name, private subnets, own security group', () => {
    const { stack, vpc } = stackWithVpc();
    new ServerlessCache(stack, 'Cache', { vpc });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ElastiCache::ServerlessCache', {
      Engine: 'valkey',
      MajorEngineVersion: '8',
      ServerlessCacheName: Match.stringLikeRegexp('^stack-cache-[a-z0-9]+$'),
      SubnetIds: [{ Ref: Match.stringLikeRegexp('VpcprivateSubnet1') }, { Ref: Match.stringLikeRegexp('VpcprivateSubnet2') }],
      SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('CacheSecurityGroup'), 'GroupId'] }],
      CacheUsageLimits: Match.absent(),
      KmsKeyId: Match.absent(),
      UserGroupId: Match.absent(),
    });
    t.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  test('the generated name follows the ElastiCache grammar and fits in 40 characters', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ServerlessCache(stack, 'A-Very--Long_Construct_Id_That_Goes_On_And_On_Forever', { vpc });
    expect(cache.serverlessCacheName.length).toBeLessThanOrEqual(40);
    expect(cache.serverlessCacheName).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });

  test.each([
    [Engine.REDIS, undefined, 'redis', '7'],
    [Engine.MEMCACHED, undefined, 'memcached', '1.6'],
    [Engine.VALKEY, '7', 'valkey', '7'],
  ])('engine %s major %s renders Engine %s / MajorEngineVersion %s', (engine, major, cfnEngine, cfnMajor) => {
    const { stack, vpc } = stackWithVpc();
    new ServerlessCache(stack, 'Cache', { vpc, engine, majorEngineVersion: major });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ServerlessCache', { Engine: cfnEngine, MajorEngineVersion: cfnMajor });
  });

  test('every prop is rendered', () => {
    const { stack, vpc } = stackWithVpc();
    const key = new kms.Key(stack, 'Key');
    const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc });
    const user = new PasswordUser(stack, 'User', { userId: 'app', accessControl: AccessControl.fromAccessString('on ~* +@all') });
    const group = new UserGroup(stack, 'Group', { userGroupId: 'app-group', users: [user] });
    new ServerlessCache(stack, 'Cache', {
      vpc,
      serverlessCacheName: 'My-Cache',
      description: 'sessions',
      cacheUsageLimits: {
        dataStorageMinimumSize: Size.gibibytes(1),
        dataStorageMaximumSize: Size.gibibytes(100),
        requestRateLimitMinimum: 1000,
        requestRateLimitMaximum: 50000,
      },
      backup: {
        backupTime: events.Schedule.cron({ hour: '3', minute: '5' }),
        backupRetentionLimit: 7,
        backupNameBeforeDeletion: 'final-snap',
        backupArnsToRestore: ['arn:aws:elasticache:us-east-1:123456789012:serverlesscachesnapshot:snap'],
      },
      kmsKey: key,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [sg],
      userGroup: group,
      tags: { team: 'cache' },
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ElastiCache::ServerlessCache', {
      ServerlessCacheName: 'my-cache',
      Description: 'sessions',
      CacheUsageLimits: { DataStorage: { Unit: 'GB', Minimum: 1, Maximum: 100 }, ECPUPerSecond: { Minimum: 1000, Maximum: 50000 } },
      DailySnapshotTime: '03:05',
      SnapshotRetentionLimit: 7,
      FinalSnapshotName: 'final-snap',
      SnapshotArnsToRestore: ['arn:aws:elasticache:us-east-1:123456789012:serverlesscachesnapshot:snap'],
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Key'), 'Arn'] },
      SubnetIds: [{ Ref: Match.stringLikeRegexp('VpcisolatedSubnet1') }, { Ref: Match.stringLikeRegexp('VpcisolatedSubnet2') }],
      SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('Sg'), 'GroupId'] }],
      UserGroupId: 'app-group',
      Tags: [{ Key: 'team', Value: 'cache' }],
    });
    t.hasResource('AWS::ElastiCache::ServerlessCache', { DependsOn: Match.arrayWith([Match.stringLikeRegexp('Group')]) });
  });

  test('endpoints are numeric-port objects built from the attributes', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ServerlessCache(stack, 'Cache', { vpc });
    expect(Token.isUnresolved(cache.endpoint.port)).toBe(true);
    expect(typeof cache.endpoint.port).toBe('number');
    expect(stack.resolve(cache.endpoint.address)).toEqual({ 'Fn::GetAtt': ['Cache18F6EE16', 'Endpoint.Address'] });
    expect(stack.resolve(cache.endpoint.port)).toEqual({ 'Fn::GetAtt': ['Cache18F6EE16', 'Endpoint.Port'] });
    expect(stack.resolve(cache.readerEndpoint.port)).toEqual({ 'Fn::GetAtt': ['Cache18F6EE16', 'ReaderEndpoint.Port'] });
  });

  test.each([
    [Engine.VALKEY, 6379, 6380],
    [Engine.REDIS, 6379, 6380],
    [Engine.MEMCACHED, 11211, 11212],
  ])('%s: allowDefaultPortFrom opens the endpoint port %d and the reader port %d as numbers', (engine, from, to) => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ServerlessCache(stack, 'Cache', { vpc, engine });
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc });
    cache.connections.allowDefaultPortFrom(client);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: from,
      ToPort: to,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Client'), 'GroupId'] },
    });
  });

  test('a VPC with only public subnets puts the endpoint there, with a warning', () => {
    const stack = new Stack(new App(), 'Stack');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC }] });
    new ServerlessCache(stack, 'Cache', { vpc });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ServerlessCache', {
      SubnetIds: [{ Ref: Match.stringLikeRegexp('VpcpublicSubnet1') }, { Ref: Match.stringLikeRegexp('VpcpublicSubnet2') }],
    });
    Annotations.fromStack(stack).hasWarning('/Stack/Cache', Match.stringLikeRegexp('uses public subnets'));
  });

  test('a given name is lower-cased; a token name is passed through', () => {
    const { stack, vpc } = stackWithVpc();
    const a = new ServerlessCache(stack, 'A', { vpc, serverlessCacheName: 'Sessions-01' });
    const param = new CfnParameter(stack, 'NameParam', { type: 'String' });
    const b = new ServerlessCache(stack, 'B', { vpc, serverlessCacheName: param.valueAsString });
    expect(a.serverlessCacheName).toBe('sessions-01');
    expect(stack.resolve(b.serverlessCacheName)).toEqual({ Ref: 'NameParam' });
  });

  test('token limits skip the range checks', () => {
    const { stack, vpc } = stackWithVpc();
    const num = (id: string) => new CfnParameter(stack, id, { type: 'Number' }).valueAsNumber;
    const cache = new ServerlessCache(stack, 'Cache', {
      vpc,
      cacheUsageLimits: { requestRateLimitMaximum: num('Max'), dataStorageMaximumSize: Size.gibibytes(num('Gb')) },
      backup: { backupRetentionLimit: num('Days') },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ServerlessCache', {
      CacheUsageLimits: { DataStorage: { Maximum: { Ref: 'Gb' } }, ECPUPerSecond: { Maximum: { Ref: 'Max' } } },
      SnapshotRetentionLimit: { Ref: 'Days' },
    });
    // Token maximums give no usage alarm thresholds: only the three fixed alarms are created.
    expect(cache.addRecommendedAlarms().map((a) => a.node.id)).toEqual(['ThrottledCommands', 'ReadLatency', 'WriteLatency']);
  });
});

describe('ServerlessCache: validation', () => {
  type Case = [string, Partial<ServerlessCacheProps>, string[]];
  const cases: Case[] = [
    ['engine outside the enum', { engine: 'mongodb' as Engine }, ['engine', '"mongodb"', '"valkey", "redis", "memcached"']],
    ['major version not serverless for the engine', { engine: Engine.REDIS, majorEngineVersion: '6' }, ['majorEngineVersion', '"6"', '"7"']],
    ['Valkey major version unknown', { majorEngineVersion: '6.2' }, ['majorEngineVersion', '"6.2"', '"7", "8"']],
    ['name starting with a digit', { serverlessCacheName: '1cache' }, ['serverlessCacheName', '"1cache"', 'starting with a letter']],
    ['name longer than 40', { serverlessCacheName: 'a'.repeat(41) }, ['serverlessCacheName', '1 to 40 characters']],
    ['name with an underscore', { serverlessCacheName: 'my_cache' }, ['serverlessCacheName', '"my_cache"']],
    ['name ending with a hyphen', { serverlessCacheName: 'cache-' }, ['serverlessCacheName', '"cache-"', 'must not end with a hyphen']],
    ['name with two hyphens in a row', { serverlessCacheName: 'my--cache' }, ['serverlessCacheName', '"my--cache"', 'two consecutive hyphens']],
    ['description longer than 255', { description: 'd'.repeat(256) }, ['description', 'at most 255 characters']],
    ['description with <', { description: 'a <b>' }, ['description', '"a <b>"', "'<' or '>'"]],
    ['storage minimum 0 GB', { cacheUsageLimits: { dataStorageMinimumSize: Size.gibibytes(0) } }, ['cacheUsageLimits.dataStorageMinimumSize', ' 0 ', '1 to 5,000 GB']],
    ['storage maximum 5001 GB', { cacheUsageLimits: { dataStorageMaximumSize: Size.gibibytes(5001) } }, ['cacheUsageLimits.dataStorageMaximumSize', '5001', '1 to 5,000 GB']],
    ['storage minimum above maximum', { cacheUsageLimits: { dataStorageMinimumSize: Size.gibibytes(20), dataStorageMaximumSize: Size.gibibytes(10) } },
      ['cacheUsageLimits.dataStorageMinimumSize', '20', 'at most cacheUsageLimits.dataStorageMaximumSize (10)']],
    ['storage in fractional GB', { cacheUsageLimits: { dataStorageMaximumSize: Size.mebibytes(1500) } }, ['cacheUsageLimits.dataStorageMaximumSize', 'a whole number of gigabytes']],
    ['ECPU minimum 999', { cacheUsageLimits: { requestRateLimitMinimum: 999 } }, ['cacheUsageLimits.requestRateLimitMinimum', '999', '1,000 to 15,000,000 ECPU/s']],
    ['ECPU maximum 15,000,001', { cacheUsageLimits: { requestRateLimitMaximum: 15_000_001 } }, ['cacheUsageLimits.requestRateLimitMaximum', '15000001', '1,000 to 15,000,000']],
    ['ECPU not an integer', { cacheUsageLimits: { requestRateLimitMaximum: 1500.5 } }, ['cacheUsageLimits.requestRateLimitMaximum', '1500.5', 'an integer']],
    ['ECPU minimum above maximum', { cacheUsageLimits: { requestRateLimitMinimum: 5000, requestRateLimitMaximum: 4000 } },
      ['cacheUsageLimits.requestRateLimitMinimum', '5000', 'at most cacheUsageLimits.requestRateLimitMaximum (4,000)']],
    ['backup retention 0', { backup: { backupRetentionLimit: 0 } }, ['backup.backupRetentionLimit', ' 0 ', '1 to 35 days']],
    ['backup retention 36', { backup: { backupRetentionLimit: 36 } }, ['backup.backupRetentionLimit', '36', '1 to 35 days']],
    ['backup time with a weekday', { backup: { backupTime: events.Schedule.cron({ hour: '3', minute: '0', weekDay: 'MON' }) } },
      ['backup.backupTime', '"cron(0 3 ? * MON *)"', 'a daily cron with only hour and minute']],
    ['backup time as a rate', { backup: { backupTime: events.Schedule.rate(Duration.hours(1)) } }, ['backup.backupTime', '"rate(1 hour)"']],
    ['final backup name with a double hyphen', { backup: { backupNameBeforeDeletion: 'final--snap' } }, ['backup.backupNameBeforeDeletion', '"final--snap"']],
    ['final backup name of 256 characters', { backup: { backupNameBeforeDeletion: 'f'.repeat(256) } }, ['backup.backupNameBeforeDeletion', '1 to 255 characters']],
    ['final backup name starting with a digit', { backup: { backupNameBeforeDeletion: '9final' } }, ['backup.backupNameBeforeDeletion', '"9final"', 'starting with a letter']],
    ['restore from something that is not an ARN', { backup: { backupArnsToRestore: ['my-snapshot'] } }, ['backup.backupArnsToRestore[0]', '"my-snapshot"', 'an ARN']],
  ];
  test.each(cases)('%s', (_name, props, expected) => {
    const { stack, vpc } = stackWithVpc();
    let message = '';
    try {
      new ServerlessCache(stack, 'Cache', { vpc, ...props });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('Stack/Cache:');
    for (const part of expected) expect(message).toContain(part);
  });

  test('a Memcached cache refuses a user group', () => {
    const { stack, vpc } = stackWithVpc();
    const user = new PasswordUser(stack, 'User', { userId: 'app', accessControl: AccessControl.fromAccessString('on ~* +@all') });
    const group = new UserGroup(stack, 'Group', { userGroupId: 'grp', users: [user] });
    expect(() => new ServerlessCache(stack, 'Cache', { vpc, engine: Engine.MEMCACHED, userGroup: group }))
      .toThrow('Stack/Cache: userGroup "grp" is not allowed: no user group: Memcached caches do not use RBAC users');
  });

  test('a Redis OSS cache refuses a Valkey user group (checked by engine, whatever the version)', () => {
    const { stack, vpc } = stackWithVpc();
    const user = new PasswordUser(stack, 'User', { userId: 'app', accessControl: AccessControl.fromAccessString('on ~* +@all') });
    const group = new UserGroup(stack, 'Group', { userGroupId: 'grp', users: [user] });
    expect(() => new ServerlessCache(stack, 'Cache', { vpc, engine: Engine.REDIS, majorEngineVersion: '7', userGroup: group }))
      .toThrow(/userGroup "grp" is not allowed: a user group with engine redis for a Redis OSS cache \(this group's engine is valkey\)/);
  });

  test('an imported group of unknown engine is accepted by a Redis OSS cache', () => {
    const { stack, vpc } = stackWithVpc();
    const group = UserGroup.fromUserGroupId(stack, 'Group', 'existing');
    expect(() => new ServerlessCache(stack, 'Cache', { vpc, engine: Engine.REDIS, userGroup: group })).not.toThrow();
  });
});

describe('ServerlessCache: imports and grants', () => {
  test('fromServerlessCacheName builds the colon ARN', () => {
    const { stack } = stackWithVpc();
    const cache = ServerlessCache.fromServerlessCacheName(stack, 'Imported', 'sessions');
    expect(stack.resolve(cache.serverlessCacheArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:us-east-1:123456789012:serverlesscache:sessions']],
    });
    expect(cache.engine).toBeUndefined();
  });

  test('fromServerlessCacheArn derives the name', () => {
    const { stack } = stackWithVpc();
    const cache = ServerlessCache.fromServerlessCacheArn(stack, 'Imported', 'arn:aws:elasticache:eu-west-1:111111111111:serverlesscache:orders');
    expect(cache.serverlessCacheName).toBe('orders');
  });

  test('fromServerlessCacheAttributes with an engine opens both ports through connections', () => {
    const { stack, vpc } = stackWithVpc();
    const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-0123456789abcdef0', { mutable: true });
    const cache = ServerlessCache.fromServerlessCacheAttributes(stack, 'Imported', { serverlessCacheName: 'x', engine: Engine.MEMCACHED, securityGroups: [sg] });
    cache.connections.allowDefaultPortFrom(ec2.Peer.ipv4(vpc.vpcCidrBlock));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', { GroupId: 'sg-0123456789abcdef0', FromPort: 11211, ToPort: 11212 });
  });

  test('an import needs a name or an ARN', () => {
    const { stack } = stackWithVpc();
    expect(() => ServerlessCache.fromServerlessCacheAttributes(stack, 'Imported', {}))
      .toThrow('Stack: serverlessCacheName (unset) is not allowed: give serverlessCacheName or serverlessCacheArn to import it');
  });

  test('grantConnect allows elasticache:Connect and DescribeServerlessCaches on the cache ARN', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ServerlessCache(stack, 'Cache', { vpc });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    cache.grantConnect(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Action: ['elasticache:Connect', 'elasticache:DescribeServerlessCaches'],
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': ['Cache18F6EE16', 'ARN'] },
        }],
      },
    });
  });
});

describe('ServerlessCache: metrics', () => {
  test('metrics use namespace AWS/ElastiCache and the clusterId dimension', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ServerlessCache(stack, 'Cache', { vpc, serverlessCacheName: 'sessions' });
    const m = cache.metricThrottledCommands();
    expect(m.namespace).toBe('AWS/ElastiCache');
    expect(m.metricName).toBe('ThrottledCmds');
    expect(m.dimensions).toEqual({ clusterId: 'sessions' });
    expect(m.statistic).toBe('Sum');
    expect(m.period.toMinutes()).toBe(5);
  });

  const valkeyHelpers: Array<[string, (c: ServerlessCache) => any, string, string]> = [
    ['metricDataStored', (c) => c.metricDataStored(), 'BytesUsedForCache', 'Maximum'],
    ['metricProcessingUnitsConsumed', (c) => c.metricProcessingUnitsConsumed(), 'ElastiCacheProcessingUnits', 'Sum'],
    ['metricReadRequestLatency', (c) => c.metricReadRequestLatency(), 'SuccessfulReadRequestLatency', 'Average'],
    ['metricWriteRequestLatency', (c) => c.metricWriteRequestLatency(), 'SuccessfulWriteRequestLatency', 'Average'],
    ['metricTotalCommands', (c) => c.metricTotalCommands(), 'TotalCmdsCount', 'Sum'],
    ['metricActiveConnections', (c) => c.metricActiveConnections(), 'CurrConnections', 'Maximum'],
    ['metricNewConnections', (c) => c.metricNewConnections(), 'NewConnections', 'Sum'],
    ['metricItems', (c) => c.metricItems(), 'CurrItems', 'Maximum'],
    ['metricVolatileItems', (c) => c.metricVolatileItems(), 'CurrVolatileItems', 'Maximum'],
    ['metricNetworkBytesIn', (c) => c.metricNetworkBytesIn(), 'NetworkBytesIn', 'Sum'],
    ['metricNetworkBytesOut', (c) => c.metricNetworkBytesOut(), 'NetworkBytesOut', 'Sum'],
    ['metricEvictions', (c) => c.metricEvictions(), 'Evictions', 'Sum'],
    ['metricCacheHitRate', (c) => c.metricCacheHitRate(), 'CacheHitRate', 'Average'],
    ['metricCacheHitCount', (c) => c.metricCacheHitCount(), 'CacheHits', 'Sum'],
    ['metricCacheMissCount', (c) => c.metricCacheMissCount(), 'CacheMisses', 'Sum'],
    ['metricIamAuthenticationExpirations', (c) => c.metricIamAuthenticationExpirations(), 'IamAuthenticationExpirations', 'Sum'],
    ['metricIamAuthenticationThrottling', (c) => c.metricIamAuthenticationThrottling(), 'IamAuthenticationThrottling', 'Sum'],
    ['metricKeyAuthorizationFailures', (c) => c.metricKeyAuthorizationFailures(), 'KeyAuthorizationFailures', 'Sum'],
    ['metricAuthenticationFailures', (c) => c.metricAuthenticationFailures(), 'AuthenticationFailures', 'Sum'],
    ['metricCommandAuthorizationFailures', (c) => c.metricCommandAuthorizationFailures(), 'CommandAuthorizationFailures', 'Sum'],
    ['metricCommands(GET_TYPE)', (c) => c.metricCommands(CommandCategory.GET_TYPE), 'GetTypeCmds', 'Sum'],
    ['metricCommandProcessingUnits(EVAL_BASED)', (c) => c.metricCommandProcessingUnits(CommandCategory.EVAL_BASED), 'EvalBasedCmdsECPUs', 'Sum'],
  ];
  test.each(valkeyHelpers)('Valkey %s', (_n, get, name, statistic) => {
    const { stack, vpc } = stackWithVpc();
    const m = get(new ServerlessCache(stack, 'Cache', { vpc, serverlessCacheName: 'c' }));
    expect([m.metricName, m.statistic, m.dimensions]).toEqual([name, statistic, { clusterId: 'c' }]);
  });

  test('every Valkey command category has a count and an ECPU metric', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ServerlessCache(stack, 'Cache', { vpc });
    const names = Object.values(CommandCategory)
      .flatMap((c) => [cache.metricCommands(c).metricName, cache.metricCommandProcessingUnits(c).metricName]);
    expect(names).toHaveLength(34);
    expect(names).toContain('StreamBasedCmdsECPUs');
    expect(names).toContain('JsonBasedSetCmds');
  });

  test('Memcached command metrics and Reclaimed on a Memcached cache', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ServerlessCache(stack, 'Cache', { vpc, engine: Engine.MEMCACHED, serverlessCacheName: 'm' });
    expect(cache.metricMemcachedCommand(MemcachedCommandMetric.CAS_BADVAL).metricName).toBe('CasBadval');
    expect(cache.metricReclaimed().metricName).toBe('Reclaimed');
    expect(Object.values(MemcachedCommandMetric)).toHaveLength(17);
  });

  test.each([
    ['a Valkey-only metric on Memcached', Engine.MEMCACHED, (c: ServerlessCache) => c.metricCacheHitRate(), 'metric CacheHitRate "memcached" is not allowed: Valkey and Redis OSS caches'],
    ['a Memcached-only metric on Valkey', Engine.VALKEY, (c: ServerlessCache) => c.metricMemcachedCommand(MemcachedCommandMetric.CMD_GET), 'metric CmdGet "valkey" is not allowed: Memcached caches'],
    ['Reclaimed on Redis OSS', Engine.REDIS, (c: ServerlessCache) => c.metricReclaimed(), 'metric Reclaimed "redis" is not allowed'],
  ])('%s is refused (it would be an empty graph)', (_n, engine, get, message) => {
    const { stack, vpc } = stackWithVpc();
    expect(() => get(new ServerlessCache(stack, 'Cache', { vpc, engine }))).toThrow(message);
  });

  test('an imported cache without engine allows every helper', () => {
    const { stack } = stackWithVpc();
    const cache = ServerlessCache.fromServerlessCacheName(stack, 'I', 'x') as ServerlessCache;
    expect(cache.metricReclaimed().dimensions).toEqual({ clusterId: 'x' });
    expect(cache.metricCacheHitRate().metricName).toBe('CacheHitRate');
  });
});

describe('ServerlessCache: recommended alarms', () => {
  test('with limits: throttling, ECPU and storage at 75 %, read and write latency, all on clusterId', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ServerlessCache(stack, 'Cache', {
      vpc,
      serverlessCacheName: 'c',
      cacheUsageLimits: { requestRateLimitMaximum: 100_000, dataStorageMaximumSize: Size.gibibytes(10) },
    });
    const alarms = cache.addRecommendedAlarms();
    expect(alarms).toHaveLength(5);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 5);
    const expectAlarm = (metricName: string, threshold: number, statistic: string) =>
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: metricName,
        Namespace: 'AWS/ElastiCache',
        Dimensions: [{ Name: 'clusterId', Value: 'c' }],
        Threshold: threshold,
        Statistic: statistic,
        Period: 60,
        EvaluationPeriods: 5,
        DatapointsToAlarm: 5,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      });
    expectAlarm('ThrottledCmds', 0, 'Sum');
    expectAlarm('ElastiCacheProcessingUnits', 75_000 * 60, 'Sum');
    expectAlarm('BytesUsedForCache', 7.5e9, 'Maximum');
    expectAlarm('SuccessfulReadRequestLatency', 2000, 'Average');
    expectAlarm('SuccessfulWriteRequestLatency', 4000, 'Average');
  });

  test('without limits there is no ECPU or storage alarm', () => {
    const { stack, vpc } = stackWithVpc();
    const alarms = new ServerlessCache(stack, 'Cache', { vpc }).addRecommendedAlarms();
    expect(alarms.map((a) => a.node.id)).toEqual(['ThrottledCommands', 'ReadLatency', 'WriteLatency']);
  });

  test('thresholds, periods and switches are overridable; the SNS topic is the alarm and OK action', () => {
    const { stack, vpc } = stackWithVpc();
    const topic = new sns.Topic(stack, 'Topic');
    const cache = new ServerlessCache(stack, 'Cache', { vpc, serverlessCacheName: 'c' });
    const alarms = cache.addRecommendedAlarms({
      alarmTopic: topic,
      alarmNamePrefix: 'sessions',
      processingUnits: { threshold: 1000, period: Duration.minutes(5) },
      readLatency: { threshold: 900, evaluationPeriods: 3, datapointsToAlarm: 2 },
      writeLatency: { enabled: false },
    });
    expect(alarms.map((a) => a.node.id)).toEqual(['ThrottledCommands', 'ProcessingUnits', 'ReadLatency']);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'sessions-ProcessingUnits',
      MetricName: 'ElastiCacheProcessingUnits',
      Threshold: 300_000,
      Period: 300,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('Topic') }],
      OKActions: [{ Ref: Match.stringLikeRegexp('Topic') }],
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'SuccessfulReadRequestLatency', Threshold: 900, EvaluationPeriods: 3, DatapointsToAlarm: 2 });
  });

  test('datapointsToAlarm above evaluationPeriods is refused', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ServerlessCache(stack, 'Cache', { vpc });
    expect(() => cache.addRecommendedAlarms({ readLatency: { evaluationPeriods: 2, datapointsToAlarm: 3 } }))
      .toThrow('Stack/Cache: readLatency.datapointsToAlarm 3 is not allowed: an integer from 1 to 2');
  });

  test('adding the alarms twice is refused', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ServerlessCache(stack, 'Cache', { vpc });
    cache.addRecommendedAlarms();
    expect(() => cache.addRecommendedAlarms()).toThrow('call it once per construct');
  });
});

describe('ServerlessCache: cdk-nag', () => {
  test('the default cache has no AwsSolutions violations', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ServerlessCache(stack, 'Cache', { vpc });
    expect(nagViolations(cache)).toEqual([]);
  });

  test('the check really runs: it reports the test VPC, which has no flow logs', () => {
    const { stack, vpc } = stackWithVpc();
    new ServerlessCache(stack, 'Cache', { vpc });
    expect(nagViolations(stack)).toEqual([
      { rule: 'AwsSolutions-VPC7', severity: 'error', resources: ['Stack/Vpc/Resource'] },
    ]);
  });
});

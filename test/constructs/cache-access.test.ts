import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { errorMessage, stackWithVpc } from './helpers';
import { Engine } from '../../src/catalog';
import {
  AccessControl, CacheAccess, ClusterModeReplicationGroup, IamUser, MemcachedCluster, PasswordUser, ReplicationGroup, ServerlessCache, UserGroup,
} from '../../src/constructs';

function fn(stack: Stack, vpc?: ec2.IVpc): lambda.Function {
  return new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {};'), vpc });
}

function fargate(stack: Stack, vpc: ec2.IVpc) {
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
  const container = taskDefinition.addContainer('App', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/node:22') });
  const service = new ecs.FargateService(stack, 'Service', { cluster: new ecs.Cluster(stack, 'Cluster', { vpc }), taskDefinition });
  return { service, container, taskDefinition };
}

describe('CacheAccess.grantToFunction', () => {
  test('a replication group with an AUTH token: ingress on its port, read access to the token, endpoint variables', () => {
    const { stack, vpc } = stackWithVpc();
    const group = new ReplicationGroup(stack, 'Cache', { vpc, port: 6390 });
    const f = fn(stack, vpc);
    const env = CacheAccess.grantToFunction(group, f);
    expect(Object.keys(env).sort()).toEqual([
      'CACHE_AUTH_TOKEN_SECRET_ARN', 'CACHE_CLUSTER_MODE', 'CACHE_ENGINE', 'CACHE_HOST', 'CACHE_NAME', 'CACHE_PORT', 'CACHE_READER_HOST', 'CACHE_READER_PORT', 'CACHE_TLS',
    ]);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          CACHE_HOST: { 'Fn::GetAtt': ['Cache18F6EE16', 'PrimaryEndPoint.Address'] },
          CACHE_PORT: { 'Fn::GetAtt': ['Cache18F6EE16', 'PrimaryEndPoint.Port'] },
          CACHE_READER_HOST: { 'Fn::GetAtt': ['Cache18F6EE16', 'ReaderEndPoint.Address'] },
          CACHE_ENGINE: 'valkey',
          CACHE_TLS: 'true',
          CACHE_CLUSTER_MODE: 'false',
          CACHE_AUTH_TOKEN_SECRET_ARN: { Ref: Match.stringLikeRegexp('CacheAuthToken') },
        },
      },
    });
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 6390, ToPort: 6390, SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('FnSecurityGroup'), 'GroupId'] },
    });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] })]) },
    });
  });

  test('a cluster mode group with an IAM user: elasticache:Connect on the group and the user, user name, cluster mode, prefix', () => {
    const { stack, vpc } = stackWithVpc();
    const user = new IamUser(stack, 'Worker', { userId: 'worker', accessControl: AccessControl.fromAccessString('on ~* +@read') });
    const group = new ClusterModeReplicationGroup(stack, 'Cache', { vpc, userGroup: new UserGroup(stack, 'Users', { users: [user] }) });
    const env = CacheAccess.grantToFunction(group, fn(stack, vpc), { user, environmentPrefix: 'EVENTS' });
    expect(env).toMatchObject({ EVENTS_USERNAME: 'worker', EVENTS_IAM_AUTH: 'true', EVENTS_CLUSTER_MODE: 'true' });
    expect(env.EVENTS_READER_HOST).toBeUndefined();
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'elasticache:Connect',
          Resource: [Match.objectLike({ 'Fn::Join': Match.anyValue() }), { 'Fn::GetAtt': [Match.stringLikeRegexp('Worker'), 'Arn'] }],
        })]),
      },
    });
  });

  test('a serverless cache with a password user: the user secret, both ports opened, TLS', () => {
    const { stack, vpc } = stackWithVpc();
    const user = new PasswordUser(stack, 'App', { userId: 'app', accessControl: AccessControl.fromAccessString('on ~* +@all') });
    const cache = new ServerlessCache(stack, 'Cache', { vpc, userGroup: new UserGroup(stack, 'Users', { users: [user] }) });
    const env = CacheAccess.grantToFunction(cache, fn(stack, vpc), { user });
    expect(env).toMatchObject({ CACHE_USERNAME: 'app', CACHE_TLS: 'true', CACHE_CLUSTER_MODE: 'true', CACHE_ENGINE: 'valkey' });
    expect(JSON.stringify(stack.resolve(env.CACHE_PASSWORD_SECRET_ARN))).toMatch(/^\{"Ref":"AppSecret[0-9A-F]+"\}$/);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 6379, ToPort: 6380 });
  });

  test.each([
    ['a function outside the VPC', (stack: Stack, vpc: ec2.IVpc) => CacheAccess.grantToFunction(new MemcachedCluster(stack, 'Cache', { vpc }), fn(stack)),
      'Stack/Fn: vpc (unset) is not allowed: a VPC: Stack/Cache is only reachable from inside its VPC'],
    ['a lower-case prefix', (stack: Stack, vpc: ec2.IVpc) => CacheAccess.grantToFunction(new MemcachedCluster(stack, 'Cache', { vpc }), fn(stack, vpc), { environmentPrefix: 'cache' }),
      'Stack/Fn: environmentPrefix "cache" is not allowed: upper-case letters, digits and underscores'],
    ['a user for Memcached', (stack: Stack, vpc: ec2.IVpc) => CacheAccess.grantToFunction(new MemcachedCluster(stack, 'Cache', { vpc }), fn(stack, vpc), {
      user: new PasswordUser(stack, 'U', { userId: 'u', accessControl: AccessControl.fromAccessString('on ~* +@all') }),
    }), 'Stack/Cache: user "u" is not allowed: no user: Memcached caches do not use RBAC users'],
  ])('%s is refused', (_name, build, message) => {
    const { stack, vpc } = stackWithVpc();
    expect(errorMessage(() => build(stack, vpc))).toContain(message);
  });
});

describe('CacheAccess.grantToService', () => {
  test('an ECS service: ingress from its security group, the AUTH token injected as a secret, variables on the container', () => {
    const { stack, vpc } = stackWithVpc();
    const group = new ReplicationGroup(stack, 'Cache', { vpc });
    const { service, container } = fargate(stack, vpc);
    const env = CacheAccess.grantToService(group, service, container);
    expect(env.CACHE_AUTH_TOKEN_SECRET_ARN).toBeUndefined();
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({
        Environment: Match.arrayWith([{ Name: 'CACHE_ENGINE', Value: 'valkey' }, { Name: 'CACHE_TLS', Value: 'true' }]),
        Secrets: [{ Name: 'CACHE_AUTH_TOKEN', ValueFrom: { Ref: Match.stringLikeRegexp('CacheAuthToken') } }],
      })],
    });
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 6379, SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('ServiceSecurityGroup'), 'GroupId'] } });
  });

  test('a Memcached cluster: the configuration endpoint, no secret', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new MemcachedCluster(stack, 'Cache', { vpc });
    const { service, container } = fargate(stack, vpc);
    const env = CacheAccess.grantToService(cache, service, container, { environmentPrefix: 'PAGES' });
    expect(env).toMatchObject({ PAGES_ENGINE: Engine.MEMCACHED, PAGES_CLUSTER_MODE: 'false' });
    expect(stack.resolve(env.PAGES_HOST)).toEqual({ 'Fn::GetAtt': ['Cache18F6EE16', 'ConfigurationEndpoint.Address'] });
  });

  test('a container of another task definition is refused', () => {
    const { stack, vpc } = stackWithVpc();
    const { service } = fargate(stack, vpc);
    const other = new ecs.FargateTaskDefinition(stack, 'Other').addContainer('X', { image: ecs.ContainerImage.fromRegistry('x') });
    expect(errorMessage(() => CacheAccess.grantToService(new MemcachedCluster(stack, 'Cache', { vpc }), service, other)))
      .toBe('Stack/Other/X: container "Stack/Other/X" is not allowed: a container of the task definition of Stack/Service');
  });
});

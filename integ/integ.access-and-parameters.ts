// Integration test: how applications reach a Redis OSS replication group. A standalone
// ParameterGroup (LFU eviction, key-event notifications) used by the group; a Redis OSS user group
// whose `default` user is a disabled NoPasswordUser, an application PasswordUser with a generated
// secret and a NoPasswordUser limited to reading `metrics:*` keys; a Lambda function and an ECS
// service wired to the group with CacheAccess (security-group rules, read access to the secret,
// environment variables and the injected password). Checked with DescribeCacheClusters /
// DescribeCacheParameters, DescribeUsers and Secrets Manager GetSecretValue; `npm run integ` also
// checks the parameters' effect in the engine and each user's access with a real client.
//
// The function is only deployed, never invoked, and the service runs no task: they document the
// wiring in the snapshot. Their environment is not asserted here, because Lambda and ECS are not
// simulated locally and GetFunctionConfiguration / DescribeTaskDefinition would only run on AWS;
// the snapshot pins CACHE_HOST to the group's primary endpoint and CACHE_PASSWORD to the secret.
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  AccessControl, CacheAccess, Engine, EngineVersion, NodeType, NoPasswordUser, ParameterGroup, PasswordUser, ReplicationGroup, UserGroup,
} from '../src';

const app = new App();
const stack = new Stack(app, 'AccessAndParametersIntegStack');
const vpc = new ec2.Vpc(stack, 'Vpc', {
  maxAzs: 2,
  natGateways: 0,
  subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
});

const parameters = new ParameterGroup(stack, 'Parameters', {
  engineVersion: EngineVersion.REDIS_7_1,
  description: 'LFU eviction and key-event notifications for the integ test',
  parameters: { 'maxmemory-policy': 'allkeys-lfu', 'notify-keyspace-events': 'Eg$' },
});

// A Redis OSS user group needs a `default` user; this one is switched off, so connections must AUTH.
const defaultUser = new NoPasswordUser(stack, 'DefaultUser', {
  userId: 'integ-access-default',
  userName: 'default',
  accessControl: AccessControl.fromAccessString('off -@all'),
});
const appUser = new PasswordUser(stack, 'AppUser', {
  userId: 'integ-access-app',
  engine: Engine.REDIS,
  accessControl: AccessControl.fromAccessString('on ~* &* +@all'),
});
// Needs no password (any password is accepted) and may only read the `metrics:*` keys.
const metricsUser = new NoPasswordUser(stack, 'MetricsUser', {
  userId: 'integ-access-metrics',
  userName: 'metrics',
  accessControl: AccessControl.fromAccessString('on ~metrics:* -@all +@read +@connection'),
});
const users = new UserGroup(stack, 'Users', { userGroupId: 'integ-access-users', engine: Engine.REDIS, users: [defaultUser, appUser, metricsUser] });

const group = new ReplicationGroup(stack, 'Group', {
  vpc,
  replicationGroupId: 'integ-access',
  engineVersion: EngineVersion.REDIS_7_1,
  nodeType: NodeType.T4G_MICRO,
  replicas: 0,
  parameterGroup: parameters,
  userGroup: users,
  removalPolicy: RemovalPolicy.DESTROY,
});

// The metrics reader runs as the no-password user (its environment names the user, no secret) ...
const fn = new lambda.Function(stack, 'Reader', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => ({ host: process.env.CACHE_HOST, user: process.env.CACHE_USERNAME });'),
  vpc,
  vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  timeout: Duration.seconds(10),
});
CacheAccess.grantToFunction(group, fn, { user: metricsUser });

// ... and the application service as the password user, its password injected from the generated
// secret. No task runs (desiredCount 0): the isolated subnets could not pull an image.
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
const container = taskDefinition.addContainer('App', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/redis:7.2-alpine') });
const service = new ecs.FargateService(stack, 'Service', {
  cluster,
  taskDefinition,
  desiredCount: 0,
  vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
});
CacheAccess.grantToService(group, service, container, { user: appUser });
for (const resource of [defaultUser, appUser, metricsUser, users, parameters]) resource.applyRemovalPolicy(RemovalPolicy.DESTROY);

const integ = new IntegTest(app, 'AccessAndParametersInteg', { testCases: [stack], regions: ['us-east-1'], stackUpdateWorkflow: false });

// The group's node is available with its parameter group in sync ...
const available = integ.assertions
  .awsApiCall('ElastiCache', 'describeCacheClusters', { CacheClusterId: group.memberClusterIds[0] })
  .expect(ExpectedResult.objectLike({
    CacheClusters: [{ CacheClusterStatus: 'available', CacheParameterGroup: { ParameterApplyStatus: 'in-sync' } }],
  }))
  .waitForAssertions({ totalTimeout: Duration.minutes(45), interval: Duration.seconds(30) });
// ... and that group (its generated name read from the node; a call whose attributes are read
// returns only those paths, so it asserts nothing itself) sets exactly the two parameters:
// Source=user lists only the values a group changed.
const node = integ.assertions.awsApiCall('ElastiCache', 'describeCacheClusters', { CacheClusterId: group.memberClusterIds[0] });
available.next(node);
node.next(integ.assertions
  .awsApiCall('ElastiCache', 'describeCacheParameters', {
    CacheParameterGroupName: node.getAttString('CacheClusters.0.CacheParameterGroup.CacheParameterGroupName'),
    Source: 'user',
  })
  .expect(ExpectedResult.objectLike({
    Parameters: [
      { ParameterName: 'maxmemory-policy', ParameterValue: 'allkeys-lfu', Source: 'user' },
      { ParameterName: 'notify-keyspace-events', ParameterValue: 'Eg$', Source: 'user' },
    ],
  })));

integ.assertions
  .awsApiCall('ElastiCache', 'describeUsers', { Engine: 'redis', UserId: 'integ-access-app' })
  .expect(ExpectedResult.objectLike({
    Users: [{ UserName: 'integ-access-app', AccessString: 'on ~* &* +@all', Authentication: { Type: 'password', PasswordCount: 1 }, UserGroupIds: ['integ-access-users'] }],
  }));
integ.assertions
  .awsApiCall('ElastiCache', 'describeUsers', { Engine: 'redis', UserId: 'integ-access-metrics' })
  .expect(ExpectedResult.objectLike({
    // Created as `no-password-required`, described by the service as `no-password`.
    Users: [{
      UserName: 'metrics',
      AccessString: 'on ~metrics:* -@all +@read +@connection',
      Authentication: { Type: 'no-password', PasswordCount: 0 },
    }],
  }));

// The generated secret holds the user name the function's clients log in with.
integ.assertions
  .awsApiCall('SecretsManager', 'getSecretValue', { SecretId: appUser.generatedSecret!.secretArn })
  .expect(ExpectedResult.objectLike({
    SecretString: Match.serializedJson({ username: 'integ-access-app', password: Match.stringLikeRegexp('^[!-~]{32}$') }),
  }));

app.synth();

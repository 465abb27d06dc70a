// Integration test: a serverless Valkey cache behind RBAC users and a serverless Memcached cache,
// checked with DescribeServerlessCaches until both are available. Its snapshot is checked in
// (integ.serverless-cache.js.snapshot/) and compared on every test run without an AWS account.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AccessControl, Engine, IamUser, PasswordUser, ServerlessCache, UserGroup } from '../src';

const app = new App();
const stack = new Stack(app, 'ServerlessCacheIntegStack');
const vpc = new ec2.Vpc(stack, 'Vpc', {
  maxAzs: 2,
  natGateways: 0,
  subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
});

const appUser = new PasswordUser(stack, 'AppUser', {
  userId: 'integ-app',
  accessControl: AccessControl.fromAccessString('on ~* +@all'),
});
const iamUser = new IamUser(stack, 'IamUser', {
  userId: 'integ-iam',
  accessControl: AccessControl.fromAccessString('on ~* -@all +@read +@connection'),
});
const group = new UserGroup(stack, 'Users', { userGroupId: 'integ-users', users: [appUser, iamUser] });

const valkey = new ServerlessCache(stack, 'Valkey', {
  vpc,
  engine: Engine.VALKEY,
  serverlessCacheName: 'integ-valkey',
  userGroup: group,
  cacheUsageLimits: { requestRateLimitMaximum: 5000 },
  backup: { backupRetentionLimit: 1 },
});
const memcached = new ServerlessCache(stack, 'Memcached', { vpc, engine: Engine.MEMCACHED, serverlessCacheName: 'integ-memcached' });
valkey.addRecommendedAlarms();
for (const resource of [valkey, memcached, appUser, iamUser, group]) resource.applyRemovalPolicy(RemovalPolicy.DESTROY);

const integ = new IntegTest(app, 'ServerlessCacheInteg', {
  testCases: [stack],
  regions: ['us-east-1'],
  stackUpdateWorkflow: false,
});

for (const [cache, engine] of [[valkey, 'valkey'], [memcached, 'memcached']] as const) {
  integ.assertions
    .awsApiCall('ElastiCache', 'describeServerlessCaches', { ServerlessCacheName: cache.serverlessCacheName })
    // Nested objects inside objectLike are matched partially too; the array holds the one cache named.
    .expect(ExpectedResult.objectLike({
      ServerlessCaches: [{ ServerlessCacheName: cache.serverlessCacheName, Engine: engine, Status: 'available' }],
    }))
    .waitForAssertions({ totalTimeout: Duration.minutes(20), interval: Duration.seconds(30) });
}

app.synth();

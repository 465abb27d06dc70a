// Integration test: a Valkey replication group behind RBAC users instead of an AUTH token: an
// application user with every command and a read-only user, in a user group without a `default`
// user (so connections start unauthenticated). Checked with DescribeReplicationGroups until
// available; `npm run integ` also checks NOAUTH before AUTH and the read-only user's refused write.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AccessControl, NodeType, PasswordUser, ReplicationGroup, UserGroup } from '../src';

const app = new App();
const stack = new Stack(app, 'ReplicationGroupRbacIntegStack');
const vpc = new ec2.Vpc(stack, 'Vpc', {
  maxAzs: 2,
  natGateways: 0,
  subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
});

const appUser = new PasswordUser(stack, 'AppUser', { userId: 'integ-rbac-app', accessControl: AccessControl.fromAccessString('on ~* +@all') });
const reader = new PasswordUser(stack, 'Reader', {
  userId: 'integ-rbac-reader',
  accessControl: AccessControl.fromAccessString('on ~* -@all +@read +@connection'),
});
const users = new UserGroup(stack, 'Users', { userGroupId: 'integ-rbac-users', users: [appUser, reader] });
new ReplicationGroup(stack, 'Group', {
  vpc,
  replicationGroupId: 'integ-rbac',
  nodeType: NodeType.T4G_MICRO,
  replicas: 0,
  userGroup: users,
  removalPolicy: RemovalPolicy.DESTROY,
});
for (const resource of [appUser, reader, users]) resource.applyRemovalPolicy(RemovalPolicy.DESTROY);

const integ = new IntegTest(app, 'ReplicationGroupRbacInteg', { testCases: [stack], regions: ['us-east-1'], stackUpdateWorkflow: false });
integ.assertions
  .awsApiCall('ElastiCache', 'describeReplicationGroups', { ReplicationGroupId: 'integ-rbac' })
  .expect(ExpectedResult.objectLike({
    ReplicationGroups: [{ ReplicationGroupId: 'integ-rbac', Status: 'available', TransitEncryptionEnabled: true, UserGroupIds: ['integ-rbac-users'] }],
  }))
  .waitForAssertions({ totalTimeout: Duration.minutes(45), interval: Duration.seconds(30) });

app.synth();

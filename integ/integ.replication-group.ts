// Integration test: a Valkey replication group with cluster mode disabled and 2 replicas, with the
// secure defaults (encryption, generated AUTH token, Multi-AZ, backups, slow log) and its alarms,
// checked with DescribeReplicationGroups until available. The snapshot is compared on every test run.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ReplicationGroup } from '../src';

const app = new App();
const stack = new Stack(app, 'ReplicationGroupIntegStack');
const vpc = new ec2.Vpc(stack, 'Vpc', {
  maxAzs: 3,
  natGateways: 0,
  subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
});

const group = new ReplicationGroup(stack, 'Group', {
  vpc,
  replicationGroupId: 'integ-valkey',
  replicas: 2,
  backup: { window: '03:00-04:00' },
  maintenanceWindow: 'sun:05:00-sun:06:00',
  removalPolicy: RemovalPolicy.DESTROY,
});
group.addRecommendedAlarms();

const integ = new IntegTest(app, 'ReplicationGroupInteg', { testCases: [stack], regions: ['us-east-1'], stackUpdateWorkflow: false });
integ.assertions
  .awsApiCall('ElastiCache', 'describeReplicationGroups', { ReplicationGroupId: 'integ-valkey' })
  .expect(ExpectedResult.objectLike({
    ReplicationGroups: [{
      ReplicationGroupId: 'integ-valkey',
      Status: 'available',
      ClusterEnabled: false,
      MultiAZ: 'enabled',
      AutomaticFailover: 'enabled',
      AtRestEncryptionEnabled: true,
      TransitEncryptionEnabled: true,
      AuthTokenEnabled: true,
      MemberClusters: ['integ-valkey-001', 'integ-valkey-002', 'integ-valkey-003'],
    }],
  }))
  .waitForAssertions({ totalTimeout: Duration.minutes(45), interval: Duration.seconds(30) });

app.synth();

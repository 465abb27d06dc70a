// Integration test: a Valkey replication group with cluster mode enabled, 3 shards of 1 primary and
// 1 replica, an AUTH token, explicit slots and engine-log delivery; checked with
// DescribeReplicationGroups until available. The snapshot is compared on every test run.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ClusterModeReplicationGroup, LogType, NodeType } from '../src';

const app = new App();
const stack = new Stack(app, 'ClusterModeReplicationGroupIntegStack');
const vpc = new ec2.Vpc(stack, 'Vpc', {
  maxAzs: 3,
  natGateways: 0,
  subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
});

const group = new ClusterModeReplicationGroup(stack, 'Group', {
  vpc,
  replicationGroupId: 'integ-valkey-cluster',
  nodeType: NodeType.T4G_SMALL,
  shardConfigurations: [{ slots: '0-5460' }, { slots: '5461-10922' }, { slots: '10923-16383' }],
  replicasPerShard: 1,
  logDelivery: [{ logType: LogType.SLOW_LOG }, { logType: LogType.ENGINE_LOG }],
  removalPolicy: RemovalPolicy.DESTROY,
});
group.addRecommendedAlarms();

const integ = new IntegTest(app, 'ClusterModeReplicationGroupInteg', { testCases: [stack], regions: ['us-east-1'], stackUpdateWorkflow: false });
integ.assertions
  .awsApiCall('ElastiCache', 'describeReplicationGroups', { ReplicationGroupId: 'integ-valkey-cluster' })
  .expect(ExpectedResult.objectLike({
    ReplicationGroups: [{ ReplicationGroupId: 'integ-valkey-cluster', Status: 'available', ClusterEnabled: true, ClusterMode: 'enabled', AuthTokenEnabled: true }],
  }))
  .waitForAssertions({ totalTimeout: Duration.minutes(45), interval: Duration.seconds(30) });

app.synth();

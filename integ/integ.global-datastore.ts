// Integration test: a Global Datastore whose primary Valkey group lives in us-east-1 and whose
// secondary joins from us-west-2; checked with DescribeGlobalReplicationGroups until both members
// are associated. The snapshot is compared on every test run.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { GlobalDatastore, NodeType, ReplicationGroup } from '../src';

const app = new App();

function isolatedVpc(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
}

const primaryStack = new Stack(app, 'GlobalDatastoreIntegPrimary', { env: { region: 'us-east-1' } });
const primary = new ReplicationGroup(primaryStack, 'Primary', {
  vpc: isolatedVpc(primaryStack),
  replicationGroupId: 'integ-global-primary',
  nodeType: NodeType.R7G_LARGE,
  replicas: 1,
  removalPolicy: RemovalPolicy.DESTROY,
});
const global = new GlobalDatastore(primaryStack, 'Global', { primary, globalReplicationGroupIdSuffix: 'integ-global', description: 'integ test' });

const secondaryStack = new Stack(app, 'GlobalDatastoreIntegSecondary', { env: { region: 'us-west-2' } });
const secondary = global.addSecondary(secondaryStack, 'Secondary', { vpc: isolatedVpc(secondaryStack), replicationGroupId: 'integ-global-secondary' });
secondary.addRecommendedAlarms();

const integ = new IntegTest(app, 'GlobalDatastoreInteg', { testCases: [primaryStack, secondaryStack], regions: ['us-east-1'], stackUpdateWorkflow: false });
integ.assertions
  .awsApiCall('ElastiCache', 'describeGlobalReplicationGroups', { GlobalReplicationGroupId: global.globalReplicationGroupId, ShowMemberInfo: true })
  .expect(ExpectedResult.objectLike({
    GlobalReplicationGroups: [{ GlobalReplicationGroupId: 'ldgnf-integ-global', Status: 'available', Engine: 'valkey' }],
  }))
  .waitForAssertions({ totalTimeout: Duration.minutes(60), interval: Duration.seconds(60) });

app.synth();

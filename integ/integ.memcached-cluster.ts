// Integration test: a 3-node Memcached cluster across Availability Zones with TLS, an owned
// parameter group and its recommended alarms, checked with DescribeCacheClusters until available.
// The snapshot (integ.memcached-cluster.js.snapshot/) is compared on every test run.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { MemcachedCluster, NodeType } from '../src';

const app = new App();
const stack = new Stack(app, 'MemcachedClusterIntegStack');
const vpc = new ec2.Vpc(stack, 'Vpc', {
  maxAzs: 2,
  natGateways: 0,
  subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
});

const cluster = new MemcachedCluster(stack, 'Cluster', {
  vpc,
  clusterName: 'integ-memcached',
  nodeType: NodeType.T4G_MICRO,
  numNodes: 3,
  port: 11222,
  parameters: { idle_timeout: '600' },
});
cluster.addRecommendedAlarms();

const integ = new IntegTest(app, 'MemcachedClusterInteg', { testCases: [stack], regions: ['us-east-1'], stackUpdateWorkflow: false });
integ.assertions
  .awsApiCall('ElastiCache', 'describeCacheClusters', { CacheClusterId: 'integ-memcached', ShowCacheNodeInfo: true })
  .expect(ExpectedResult.objectLike({
    CacheClusters: [{ CacheClusterId: 'integ-memcached', Engine: 'memcached', NumCacheNodes: 3, TransitEncryptionEnabled: true, CacheClusterStatus: 'available' }],
  }))
  .waitForAssertions({ totalTimeout: Duration.minutes(30), interval: Duration.seconds(30) });

app.synth();

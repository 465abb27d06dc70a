// Integration test of the operations a replication group goes through in its life: a manual
// backup, a failover (TestFailover), scaling out to one more replica, an alarm that the failover
// itself fires (the first node stops being primary: its IsMaster minimum drops below 1) and that
// notifies its topic, and a restore of the backup into a new group (deleted at the end). Each
// step waits for the group to be available again. The snapshot is compared on every test run;
// `npm run integ` runs it in the simulator.
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ReplicationGroup, SubnetGroup } from '../src';

const app = new App();
const stack = new Stack(app, 'ReplicationGroupOperationsIntegStack');
const vpc = new ec2.Vpc(stack, 'Vpc', {
  maxAzs: 2,
  natGateways: 0,
  subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
});

// A named subnet group, so the restored group can be created in it through the API.
const subnetGroup = new SubnetGroup(stack, 'Subnets', { vpc, subnetGroupName: 'integ-ops-subnets' });
const group = new ReplicationGroup(stack, 'Group', {
  vpc,
  subnetGroup,
  replicationGroupId: 'integ-ops',
  replicas: 1,
  removalPolicy: RemovalPolicy.DESTROY,
});
const topic = new sns.Topic(stack, 'Alarms', { topicName: 'integ-ops-alarms' });
group.addRecommendedAlarms({ alarmNamePrefix: 'integ-ops', alarmTopic: topic });
// The first node is the primary at creation; after the failover it is a replica, and the
// minute's IsMaster minimum of 0 puts this alarm in ALARM (real state, nothing forced).
const primaryMoved = new cloudwatch.Alarm(stack, 'FirstNodeNotPrimary', {
  alarmName: 'integ-ops-001-not-primary',
  alarmDescription: 'integ-ops-001 is no longer the primary of its shard',
  metric: group.metric('IsMaster', { cacheClusterId: 'integ-ops-001', cacheNodeId: '0001', statistic: cloudwatch.Stats.MINIMUM, period: Duration.minutes(1) }),
  comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
  threshold: 1,
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
});
primaryMoved.addAlarmAction(new SnsAction(topic));

const integ = new IntegTest(app, 'ReplicationGroupOperationsInteg', { testCases: [stack], regions: ['us-east-1'], stackUpdateWorkflow: false });
const assertions = integ.assertions;
const GROUP = { ReplicationGroupId: 'integ-ops' };
const waitLong = { totalTimeout: Duration.minutes(60), interval: Duration.seconds(30) };

const available = (members: string[]) => assertions
  .awsApiCall('ElastiCache', 'describeReplicationGroups', GROUP)
  .expect(ExpectedResult.objectLike({ ReplicationGroups: [{ ReplicationGroupId: 'integ-ops', Status: 'available', MemberClusters: members }] }))
  .waitForAssertions(waitLong);

// Backup: a manual snapshot of the group becomes available.
const created = available(['integ-ops-001', 'integ-ops-002']);
const backup = assertions.awsApiCall('ElastiCache', 'createSnapshot', { ...GROUP, SnapshotName: 'integ-ops-manual' });
const backedUp = assertions
  .awsApiCall('ElastiCache', 'describeSnapshots', { SnapshotName: 'integ-ops-manual' })
  .expect(ExpectedResult.objectLike({ Snapshots: [{ SnapshotName: 'integ-ops-manual', SnapshotStatus: 'available', SnapshotSource: 'manual' }] }))
  .waitForAssertions(waitLong);

// Failover: the replica becomes primary; the events say so.
const failover = assertions.awsApiCall('ElastiCache', 'testFailover', { ...GROUP, NodeGroupId: '0001' });
const failedOver = assertions
  .awsApiCall('ElastiCache', 'describeEvents', { SourceType: 'replication-group', SourceIdentifier: 'integ-ops', Duration: 60 })
  .expect(ExpectedResult.objectLike({ Events: Match.arrayWith([Match.objectLike({ Message: Match.stringLikeRegexp('^Failover from primary node .* to replica node .* completed$') })]) }))
  .waitForAssertions(waitLong);

// Scaling: one more replica, once the failover finished.
const recovered = available(['integ-ops-001', 'integ-ops-002']);
const scale = assertions.awsApiCall('ElastiCache', 'increaseReplicaCount', { ...GROUP, NewReplicaCount: 2, ApplyImmediately: true });
const scaled = available(['integ-ops-001', 'integ-ops-002', 'integ-ops-003']);

// Alarm firing: the failover made the first node a replica, so its alarm went to ALARM and
// notified the topic (history shows the action); each retry lets another minute be published.
const alarmName = 'integ-ops-001-not-primary';
const fired = assertions
  .awsApiCall('CloudWatch', 'describeAlarmHistory', { AlarmName: alarmName, HistoryItemType: 'Action' })
  .expect(ExpectedResult.objectLike({ AlarmHistoryItems: Match.arrayWith([Match.objectLike({ HistorySummary: Match.stringLikeRegexp('^Successfully executed action arn:aws:sns:') })]) }))
  .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.minutes(1) });
const inAlarm = assertions
  .awsApiCall('CloudWatch', 'describeAlarms', { AlarmNames: [alarmName] })
  .expect(ExpectedResult.objectLike({ MetricAlarms: [{ AlarmName: alarmName, StateValue: 'ALARM', MetricName: 'IsMaster' }] }));

// Restore: a new group from the manual snapshot becomes available, then is deleted.
const RESTORED = { ReplicationGroupId: 'integ-ops-restored' };
const restore = assertions.awsApiCall('ElastiCache', 'createReplicationGroup', {
  ...RESTORED,
  ReplicationGroupDescription: 'integ-ops restored from its manual snapshot',
  SnapshotName: 'integ-ops-manual',
  Engine: 'valkey',
  CacheNodeType: 'cache.t4g.medium',
  NumCacheClusters: 1,
  CacheSubnetGroupName: 'integ-ops-subnets',
  TransitEncryptionEnabled: true,
});
const restored = assertions
  .awsApiCall('ElastiCache', 'describeReplicationGroups', RESTORED)
  .expect(ExpectedResult.objectLike({ ReplicationGroups: [{ ReplicationGroupId: 'integ-ops-restored', Status: 'available', MemberClusters: ['integ-ops-restored-001'] }] }))
  .waitForAssertions(waitLong);
const cleanUp = assertions.awsApiCall('ElastiCache', 'deleteReplicationGroup', RESTORED);

created.next(backup).next(backedUp).next(failover).next(failedOver).next(recovered).next(scale).next(scaled)
  .next(fired).next(inAlarm).next(restore).next(restored).next(cleanUp);

app.synth();

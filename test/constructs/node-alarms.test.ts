import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { errorMessage, stackWithVpc } from './helpers';
import { Engine, EngineVersion, NodeType } from '../../src/catalog';
import { ClusterModeReplicationGroup, MemcachedCluster, NodeCacheAlarmsProps, ReplicationGroup } from '../../src/constructs';
import { nodeThresholds } from '../../src/constructs/node-alarms';

describe('recommended alarm thresholds from the node type', () => {
  test.each([
    // node type, engine, family, CPU %, connections, credit balance, memory metric
    ['cache.t4g.micro', Engine.VALKEY, 'valkey8', 45, 16_000, 28.8, 'DatabaseMemoryUsagePercentage'],
    ['cache.t3.small', Engine.REDIS, 'redis7', 45, 36_800, 57.6, 'DatabaseMemoryUsagePercentage'],
    ['cache.t4g.medium', Engine.VALKEY, 'valkey8', 45, 52_000, 57.6, 'DatabaseMemoryUsagePercentage'],
    ['cache.r7g.large', Engine.VALKEY, 'valkey8', 45, 52_000, undefined, 'DatabaseMemoryUsagePercentage'],
    ['cache.m7g.xlarge', Engine.VALKEY, 'valkey8', 90, 52_000, undefined, 'DatabaseMemoryUsagePercentage'],
    ['cache.r6gd.xlarge', Engine.VALKEY, 'valkey8', 90, 52_000, undefined, 'DatabaseCapacityUsagePercentage'],
    ['cache.t4g.micro', Engine.MEMCACHED, undefined, 90, 52_000, 28.8, 'DatabaseMemoryUsagePercentage'],
    ['cache.m5.large', Engine.MEMCACHED, undefined, 90, 52_000, undefined, 'DatabaseMemoryUsagePercentage'],
  ])('%s %s: CPU %d %%, %d connections, credits %s', (nodeType, engine, family, cpu, connections, credits, memoryMetric) => {
    const t = nodeThresholds(NodeType.of(nodeType), engine, family);
    expect([t.cpuUtilization, t.currConnections, t.cpuCreditBalance, t.memoryMetric]).toEqual([cpu, connections, credits, memoryMetric]);
  });
});

describe('ReplicationGroup.addRecommendedAlarms', () => {
  test('one set per member, each with the AWS-recommended dimensions, periods and thresholds for a cache.t4g.micro', () => {
    const { stack, vpc } = stackWithVpc();
    const group = new ReplicationGroup(stack, 'Cache', { vpc, replicationGroupId: 'sessions', nodeType: NodeType.T4G_MICRO, replicas: 2 });
    const alarms = group.addRecommendedAlarms();
    // 3 members x (CPU, engine CPU, memory, connections, lag, evictions, swap, credits)
    expect(alarms).toHaveLength(24);
    const t = Template.fromStack(stack);
    const expectAlarm = (member: string, metricName: string, dims: Record<string, string>, threshold: number, periods: number, extra: object = {}) =>
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: metricName,
        Namespace: 'AWS/ElastiCache',
        Dimensions: Object.entries(dims).map(([Name, Value]) => ({ Name, Value })),
        Threshold: threshold,
        EvaluationPeriods: periods,
        DatapointsToAlarm: periods,
        Period: 60,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        AlarmDescription: Match.stringLikeRegexp(`Stack/Cache \\(Node${member}\\)`),
        ...extra,
      });
    expectAlarm('001', 'CPUUtilization', { CacheClusterId: 'sessions-001', CacheNodeId: '0001' }, 45, 5, { Statistic: 'Average' });
    expectAlarm('002', 'EngineCPUUtilization', { CacheClusterId: 'sessions-002' }, 90, 5);
    expectAlarm('003', 'DatabaseMemoryUsagePercentage', { CacheClusterId: 'sessions-003' }, 80, 5);
    expectAlarm('001', 'CurrConnections', { CacheClusterId: 'sessions-001', CacheNodeId: '0001' }, 16_000, 10);
    expectAlarm('002', 'ReplicationLag', { CacheClusterId: 'sessions-002' }, 10, 15);
    expectAlarm('003', 'Evictions', { CacheClusterId: 'sessions-003' }, 0, 5, { Statistic: 'Sum' });
    expectAlarm('001', 'SwapUsage', { CacheClusterId: 'sessions-001', CacheNodeId: '0001' }, 52_428_800, 5);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'CPUCreditBalance',
      Dimensions: [{ Name: 'CacheClusterId', Value: 'sessions-002' }, { Name: 'CacheNodeId', Value: '0001' }],
      Threshold: 28.8,
      Period: 300,
      EvaluationPeriods: 3,
      ComparisonOperator: 'LessThanThreshold',
    });
  });

  test('a generated group ID puts Fn::Join member IDs in the dimensions', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc, replicas: 0 }).addRecommendedAlarms();
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'EngineCPUUtilization',
      Dimensions: [{ Name: 'CacheClusterId', Value: { 'Fn::Join': ['', [{ Ref: 'Cache18F6EE16' }, '-001']] } }],
    });
  });

  test('overrides: threshold, periods, disabling; the SNS topic is the alarm and OK action; names get the prefix', () => {
    const { stack, vpc } = stackWithVpc();
    const topic = new sns.Topic(stack, 'Topic');
    const group = new ReplicationGroup(stack, 'Cache', { vpc, replicationGroupId: 'sessions', nodeType: NodeType.R7G_LARGE, replicas: 0 });
    const props: NodeCacheAlarmsProps = {
      alarmTopic: topic,
      alarmNamePrefix: 'sessions',
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      cpuUtilization: { threshold: 60, evaluationPeriods: 3, datapointsToAlarm: 2, period: Duration.minutes(5) },
      evictions: { enabled: false },
      swapUsage: { enabled: false },
    };
    const alarms = group.addRecommendedAlarms(props);
    expect(alarms.map((a) => a.node.id)).toEqual(['CPUUtilization', 'EngineCPUUtilization', 'MemoryUsage', 'CurrConnections']);
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'sessions-Node001-CPUUtilization',
      MetricName: 'CPUUtilization',
      Threshold: 60,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      Period: 300,
      TreatMissingData: 'missing',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('Topic') }],
      OKActions: [{ Ref: Match.stringLikeRegexp('Topic') }],
    });
  });

  test.each([
    ['replicationLag settings without replicas', { replicationLag: { threshold: 5 } }, 'replicationLag {"threshold":5} is not allowed: no settings: a group without replicas publishes no ReplicationLag'],
    ['cpuCreditBalance settings on a non-burstable node', { cpuCreditBalance: { threshold: 5 } }, 'cpuCreditBalance {"threshold":5} is not allowed: no settings: cache.r7g.large publishes no CPUCreditBalance (T3 and T4g nodes only)'],
    ['datapointsToAlarm above evaluationPeriods', { swapUsage: { evaluationPeriods: 2, datapointsToAlarm: 3 } }, 'swapUsage.datapointsToAlarm 3 is not allowed: an integer from 1 to 2'],
    ['evaluationPeriods 0', { cpuUtilization: { evaluationPeriods: 0 } }, 'cpuUtilization.evaluationPeriods 0 is not allowed: an integer from 1 to 100'],
    ['evaluationPeriods 101', { evictions: { evaluationPeriods: 101 } }, 'evictions.evaluationPeriods 101 is not allowed: an integer from 1 to 100'],
    ['fractional evaluationPeriods', { swapUsage: { evaluationPeriods: 2.5 } }, 'swapUsage.evaluationPeriods 2.5 is not allowed: an integer from 1 to 100'],
  ])('%s is refused', (_name, props, message) => {
    const { stack, vpc } = stackWithVpc();
    const group = new ReplicationGroup(stack, 'Cache', { vpc, nodeType: NodeType.R7G_LARGE, replicas: 0 });
    expect(errorMessage(() => group.addRecommendedAlarms(props as NodeCacheAlarmsProps))).toBe(`Stack/Cache: ${message}`);
  });

  test('evaluationPeriods of 100 (the CloudWatch maximum) is accepted', () => {
    const { stack, vpc } = stackWithVpc();
    const group = new ReplicationGroup(stack, 'Cache', { vpc, nodeType: NodeType.R7G_LARGE, replicas: 0 });
    group.addRecommendedAlarms({ cpuUtilization: { evaluationPeriods: 100, datapointsToAlarm: 100 } });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'CPUUtilization', EvaluationPeriods: 100, DatapointsToAlarm: 100 });
  });

  test.each([
    // shards x 2 nodes x 8 alarms (t4g: credits too; replicas: replication lag)
    [13, true],
    [12, false],
  ])('%d shards of two t4g nodes: a warning about stack size only above 200 alarms (%s)', (shards, warns) => {
    const { stack, vpc } = stackWithVpc();
    const group = new ClusterModeReplicationGroup(stack, 'Cache', { vpc, nodeType: NodeType.T4G_MEDIUM, shards, replicasPerShard: 1 });
    const alarms = group.addRecommendedAlarms();
    expect(alarms.length > 200).toBe(warns);
    const warning = Match.stringLikeRegexp(`addRecommendedAlarms\\(\\) created ${alarms.length} alarms \\(one set per node\\); a stack holds at most 500 resources`);
    if (warns) Annotations.fromStack(stack).hasWarning('/Stack/Cache', warning);
    else Annotations.fromStack(stack).hasNoWarning('/Stack/Cache', warning);
  });

  test('adding the alarms twice is refused', () => {
    const { stack, vpc } = stackWithVpc();
    const group = new ReplicationGroup(stack, 'Cache', { vpc });
    group.addRecommendedAlarms();
    expect(() => group.addRecommendedAlarms()).toThrow('call it once per construct');
  });

  test('a Redis OSS data tiering node alarms on DatabaseCapacityUsagePercentage', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc, engineVersion: EngineVersion.REDIS_7_1, nodeType: NodeType.R6GD_XLARGE, replicas: 0 }).addRecommendedAlarms();
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DatabaseCapacityUsagePercentage', Threshold: 80 });
    expect(Object.values(t.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties.MetricName)).not.toContain('DatabaseMemoryUsagePercentage');
  });
});

describe('MemcachedCluster.addRecommendedAlarms', () => {
  test('per node: CPU 90 %, connections, evictions (per node), swap, and credits on T nodes; no Valkey-only alarms', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new MemcachedCluster(stack, 'Cache', { vpc, clusterName: 'pages', numNodes: 3, nodeType: NodeType.T4G_SMALL });
    const alarms = cache.addRecommendedAlarms();
    expect(alarms).toHaveLength(15);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'CPUUtilization', Threshold: 90, Dimensions: [{ Name: 'CacheClusterId', Value: { Ref: Match.anyValue() } }, { Name: 'CacheNodeId', Value: '0003' }],
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Evictions', Statistic: 'Sum', Dimensions: [{ Name: 'CacheClusterId', Value: Match.anyValue() }, { Name: 'CacheNodeId', Value: '0002' }],
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'CPUCreditBalance', Threshold: 57.6 });
    const names = Object.values(t.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties.MetricName);
    expect(names).not.toContain('EngineCPUUtilization');
    expect(names).not.toContain('ReplicationLag');
  });

  test.each(['engineCpuUtilization', 'memoryUsage', 'replicationLag'])('%s settings on Memcached are refused', (key) => {
    const { stack, vpc } = stackWithVpc();
    const cache = new MemcachedCluster(stack, 'Cache', { vpc });
    expect(errorMessage(() => cache.addRecommendedAlarms({ [key]: { threshold: 1 } })))
      .toBe(`Stack/Cache: ${key} {"threshold":1} is not allowed: no settings: Memcached nodes publish no such metric (Valkey and Redis OSS only)`);
  });
});

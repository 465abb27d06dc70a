import { CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { errorMessage, nagViolations, stackWithVpc } from './helpers';
import { Engine, EngineVersion, NodeType } from '../../src/catalog';
import { ClusterModeReplicationGroup, ClusterModeReplicationGroupProps, ParameterGroup } from '../../src/constructs';

describe('ClusterModeReplicationGroup: template', () => {
  test('defaults: 1 shard with 1 replica, lower-case ClusterMode enabled, the cluster.on default group, failover and Multi-AZ', () => {
    const { stack, vpc } = stackWithVpc();
    const group = new ClusterModeReplicationGroup(stack, 'Cache', { vpc });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      ClusterMode: 'enabled',
      NumNodeGroups: 1,
      ReplicasPerNodeGroup: 1,
      NodeGroupConfiguration: Match.absent(),
      NumCacheClusters: Match.absent(),
      CacheParameterGroupName: 'default.valkey8.cluster.on',
      AutomaticFailoverEnabled: true,
      MultiAZEnabled: true,
      AtRestEncryptionEnabled: true,
      TransitEncryptionEnabled: true,
      AuthToken: Match.anyValue(),
    });
    expect(group.shardIds).toEqual(['0001']);
    expect(stack.resolve(group.configurationEndpoint.address)).toEqual({ 'Fn::GetAtt': ['Cache18F6EE16', 'ConfigurationEndPoint.Address'] });
  });

  test('no replicas: failover stays on (cluster mode requires it), Multi-AZ off', () => {
    const { stack, vpc } = stackWithVpc();
    new ClusterModeReplicationGroup(stack, 'Cache', { vpc, shards: 3, replicasPerShard: 0 });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      NumNodeGroups: 3, ReplicasPerNodeGroup: 0, AutomaticFailoverEnabled: true, MultiAZEnabled: false,
    });
  });

  test('parameters create a cluster mode parameter group owned by the group', () => {
    const { stack, vpc } = stackWithVpc();
    new ClusterModeReplicationGroup(stack, 'Cache', { vpc, engineVersion: EngineVersion.REDIS_7_1, parameters: { 'maxmemory-policy': 'allkeys-lfu' } });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      CacheParameterGroupFamily: 'redis7', Properties: { 'cluster-enabled': 'yes', 'maxmemory-policy': 'allkeys-lfu' },
    });
    t.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { CacheParameterGroupName: { Ref: Match.stringLikeRegexp('CacheParameterGroup') } });
  });

  test('shard configurations: IDs, slots, replicas and zones per shard; member IDs follow the shard IDs', () => {
    const { stack, vpc } = stackWithVpc();
    const group = new ClusterModeReplicationGroup(stack, 'Cache', {
      vpc,
      replicationGroupId: 'events',
      shardConfigurations: [
        { nodeGroupId: '0010', slots: '0-8191', replicas: 2, primaryAvailabilityZone: 'us-east-1a', replicaAvailabilityZones: ['us-east-1b', 'us-east-1c'] },
        { nodeGroupId: '0020', slots: '8192-16383', replicas: 1 },
      ],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      NumNodeGroups: 2,
      ReplicasPerNodeGroup: Match.absent(),
      NodeGroupConfiguration: [
        { NodeGroupId: '0010', Slots: '0-8191', ReplicaCount: 2, PrimaryAvailabilityZone: 'us-east-1a', ReplicaAvailabilityZones: ['us-east-1b', 'us-east-1c'] },
        { NodeGroupId: '0020', Slots: '8192-16383', ReplicaCount: 1 },
      ],
    });
    expect(group.memberClusterIds).toEqual(['events-0010-001', 'events-0010-002', 'events-0010-003', 'events-0020-001', 'events-0020-002']);
    expect(group.shardReplicaCounts).toEqual([2, 1]);
  });

  test('above 90 nodes: a warning about the default quota, not an error', () => {
    const { stack, vpc } = stackWithVpc();
    new ClusterModeReplicationGroup(stack, 'Cache', { vpc, shards: 50, replicasPerShard: 1 });
    Annotations.fromStack(stack).hasWarning('/Stack/Cache', Match.stringLikeRegexp('100 nodes; the default quota is 90 nodes per cluster'));
  });

  test('alarms per member of every shard, named by shard and node', () => {
    const { stack, vpc } = stackWithVpc();
    const group = new ClusterModeReplicationGroup(stack, 'Cache', { vpc, replicationGroupId: 'events', shards: 2, nodeType: NodeType.R7G_LARGE });
    const alarms = group.addRecommendedAlarms({ alarmNamePrefix: 'events' });
    // 4 members x (CPU, engine CPU, memory, connections, lag, evictions, swap); no credits on r7g.
    expect(alarms).toHaveLength(28);
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'events-Shard0002Node002-EngineCPUUtilization',
      Dimensions: [{ Name: 'CacheClusterId', Value: 'events-0002-002' }],
      Threshold: 90,
    });
  });
});

describe('ClusterModeReplicationGroup: imports', () => {
  test('by attributes: connections on the given port, grants on the group ARN, metrics of the given members', () => {
    const { stack } = stackWithVpc();
    const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-0123456789abcdef2', { mutable: true });
    const group = ClusterModeReplicationGroup.fromClusterModeReplicationGroupAttributes(stack, 'Events', {
      replicationGroupId: 'events', port: 6390, securityGroups: [sg], memberClusterIds: ['events-0001-001', 'events-0002-001'],
    }) as ClusterModeReplicationGroup;
    expect(group.replicationGroupId).toBe('events');
    group.connections.allowDefaultPortFrom(ec2.Peer.ipv4('10.0.0.0/8'));
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    group.grantConnect(role);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { GroupId: 'sg-0123456789abcdef2', FromPort: 6390, ToPort: 6390 });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Action: 'elasticache:Connect',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:us-east-1:123456789012:replicationgroup:events']] },
        }],
      },
    });
    expect(group.metricEngineCPUUtilization().dimensions).toEqual({ CacheClusterId: 'events-0001-001' });
    expect(group.metricEngineCPUUtilization({ cacheClusterId: 'events-0002-001' }).dimensions).toEqual({ CacheClusterId: 'events-0002-001' });
  });

  test('by ID: the default port 6379, and metrics need a member cluster ID', () => {
    const { stack } = stackWithVpc();
    const group = ClusterModeReplicationGroup.fromClusterModeReplicationGroupId(stack, 'Events', 'events') as ClusterModeReplicationGroup;
    expect(group.replicationGroupId).toBe('events');
    expect(group.connections.defaultPort?.toString()).toBe('6379');
    expect(() => group.metricEngineCPUUtilization()).toThrow('Stack/Events: cacheClusterId (unset) is not allowed: a member cluster ID');
  });
});

describe('ClusterModeReplicationGroup: validation', () => {
  type Case = [string, Partial<ClusterModeReplicationGroupProps> | ((stack: Stack) => Partial<ClusterModeReplicationGroupProps>), string[]];
  const cases: Case[] = [
    ['0 shards', { shards: 0 }, ['shards', ' 0 ', 'an integer from 1 to 500']],
    ['501 shards', { shards: 501, replicasPerShard: 0 }, ['shards', '501', 'an integer from 1 to 500']],
    ['251 shards on Redis OSS 4.0.10', { engineVersion: EngineVersion.REDIS_4_0_10, shards: 251, replicasPerShard: 0 }, ['shards', '251', 'an integer from 1 to 250']],
    ['more nodes than the version allows', { shards: 100, replicasPerShard: 5 }, ['shards', '100', 'at most 500 nodes with valkey 8.1 (this one has 600']],
    ['6 replicas per shard', { replicasPerShard: 6 }, ['replicasPerShard', ' 6 ', 'an integer from 0 to 5']],
    ['a token shard count', (stack) => ({ shards: new CfnParameter(stack, 'S', { type: 'Number' }).valueAsNumber }),
      ['shards', '"(unresolved token)"', 'a number known at synth time']],
    ['a token replica count', (stack) => ({ replicasPerShard: new CfnParameter(stack, 'R', { type: 'Number' }).valueAsNumber }),
      ['replicasPerShard', '"(unresolved token)"', 'a number known at synth time: the members and their alarms are derived from it']],
    ['automatic failover off', { automaticFailover: false }, ['automaticFailover', 'false', 'cluster mode enabled groups always fail over automatically']],
    ['a parameter group without cluster mode', (stack) => ({ parameterGroup: ParameterGroup.fromParameterGroupName(stack, 'Pg', 'default.valkey8') }),
      ['parameterGroup', '"default.valkey8"', 'a cluster mode group (cluster-enabled: yes)']],
    ['a token engine version without a parameter group', (stack) => ({
      engineVersion: EngineVersion.of(Engine.VALKEY, new CfnParameter(stack, 'V', { type: 'String' }).valueAsString),
    }), ['parameterGroup', '(unset)', 'a cluster mode parameter group: the default group of a token engine version is unknown at synth time']],
    ['a shard configuration per shard missing', { shards: 3, shardConfigurations: [{}, {}] }, ['shardConfigurations', '"2 entries"', 'one entry per shard (3)']],
    ['a node group ID of three digits', { shardConfigurations: [{ nodeGroupId: '001' }] }, ['shardConfigurations[0].nodeGroupId', '"001"', 'four digits']],
    ['two shards with one ID', { shardConfigurations: [{ nodeGroupId: '0001' }, { nodeGroupId: '0001' }] }, ['shardConfigurations', '"0001"', 'a different nodeGroupId for every shard']],
    ['6 replicas in one shard', { shardConfigurations: [{ replicas: 6 }] }, ['shardConfigurations[0].replicas', ' 6 ', 'an integer from 0 to 5']],
    ['a zone count that is not the replica count', { shardConfigurations: [{ replicas: 2, replicaAvailabilityZones: ['us-east-1a'] }] },
      ['shardConfigurations[0].replicaAvailabilityZones', 'one zone per replica (2)']],
    ['slots for one shard of two', { shardConfigurations: [{ slots: '0-16383' }, {}] }, ['shardConfigurations[1].slots', 'slots for every shard, or for none']],
    ['slots that are not ranges', { shardConfigurations: [{ slots: 'all' }] }, ['shardConfigurations[0].slots', '"all"', 'start-end ranges between 0 and 16383']],
    ['a slot beyond 16383', { shardConfigurations: [{ slots: '0-16384' }] }, ['shardConfigurations[0].slots', '"0-16384"']],
    ['overlapping slots', { shardConfigurations: [{ slots: '0-9000' }, { slots: '9000-16383' }] },
      ['shardConfigurations[*].slots', 'exactly once (slot 9000 is in shard 1 and shard 2)']],
    ['slots with a gap', { shardConfigurations: [{ slots: '0-100' }, { slots: '200-16383' }] }, ['shardConfigurations[*].slots', 'slot 101 is in no shard']],
  ];
  test.each(cases)('%s', (_name, props, expected) => {
    const { stack, vpc } = stackWithVpc();
    const extra = typeof props === 'function' ? props(stack) : props;
    const message = errorMessage(() => new ClusterModeReplicationGroup(stack, 'Cache', { vpc, ...extra }));
    expect(message).toContain('Stack/Cache:');
    for (const part of expected) expect(message).toContain(part);
  });
});

describe('ClusterModeReplicationGroup: cdk-nag', () => {
  test('the default group has one AwsSolutions finding: SMG4 on the generated AUTH token', () => {
    const { stack, vpc } = stackWithVpc();
    const group = new ClusterModeReplicationGroup(stack, 'Cache', { vpc });
    expect(nagViolations(group)).toEqual([{ rule: 'AwsSolutions-SMG4', severity: 'error', resources: ['Stack/Cache/AuthToken/Resource'] }]);
  });
});

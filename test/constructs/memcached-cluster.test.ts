import { App, CfnParameter, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { errorMessage, nagViolations, stackWithVpc } from './helpers';
import { EngineVersion, NodeType } from '../../src/catalog';
import {
  AzMode, IpDiscovery, MemcachedCluster, MemcachedClusterProps, MemcachedCommandMetric, MemcachedMetric, NetworkType, ParameterGroup, SubnetGroup,
} from '../../src/constructs';

describe('MemcachedCluster: template', () => {
  test('defaults: 2 cross-AZ t4g.medium nodes of 1.6.22, TLS, own subnet group and security group, port 11211', () => {
    const { stack, vpc } = stackWithVpc();
    new MemcachedCluster(stack, 'Cache', { vpc });
    const t = Template.fromStack(stack);
    t.hasResource('AWS::ElastiCache::CacheCluster', {
      Properties: {
        Engine: 'memcached',
        EngineVersion: '1.6.22',
        CacheNodeType: 'cache.t4g.medium',
        NumCacheNodes: 2,
        AZMode: 'cross-az',
        Port: 11211,
        TransitEncryptionEnabled: true,
        AutoMinorVersionUpgrade: true,
        CacheSubnetGroupName: { Ref: Match.stringLikeRegexp('CacheSubnetGroup') },
        VpcSecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('CacheSecurityGroup'), 'GroupId'] }],
        ClusterName: Match.absent(),
        CacheParameterGroupName: Match.absent(),
      },
      DeletionPolicy: 'Delete',
    });
    t.hasResourceProperties('AWS::ElastiCache::SubnetGroup', {
      SubnetIds: [{ Ref: Match.stringLikeRegexp('VpcprivateSubnet1') }, { Ref: Match.stringLikeRegexp('VpcprivateSubnet2') }],
    });
    t.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Security group of the Stack/Cache Memcached cluster',
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
    });
    t.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  test('one node is single-AZ; a version before 1.6.12 has no TLS by default', () => {
    const { stack, vpc } = stackWithVpc();
    new MemcachedCluster(stack, 'Cache', { vpc, numNodes: 1, engineVersion: EngineVersion.MEMCACHED_1_6_6 });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::CacheCluster', { AZMode: 'single-az', TransitEncryptionEnabled: false });
  });

  test('every prop is rendered', () => {
    const { stack, vpc } = stackWithVpc();
    const topic = new sns.Topic(stack, 'Topic');
    const subnetGroup = new SubnetGroup(stack, 'Subnets', { vpc });
    const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc });
    new MemcachedCluster(stack, 'Cache', {
      vpc,
      subnetGroup,
      securityGroups: [sg],
      clusterName: 'Pages-01',
      engineVersion: EngineVersion.MEMCACHED_1_6_17,
      nodeType: NodeType.R7G_LARGE,
      numNodes: 3,
      azMode: AzMode.CROSS_AZ,
      preferredAvailabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1a'],
      port: 11222,
      parameters: { max_item_size: '2097152' },
      transitEncryption: false,
      networkType: NetworkType.DUAL_STACK,
      ipDiscovery: IpDiscovery.IPV6,
      maintenanceWindow: 'sun:05:00-sun:06:00',
      notificationTopic: topic,
      autoMinorVersionUpgrade: false,
      removalPolicy: RemovalPolicy.RETAIN,
      tags: { team: 'web' },
    });
    const t = Template.fromStack(stack);
    t.hasResource('AWS::ElastiCache::CacheCluster', {
      Properties: {
        ClusterName: 'pages-01',
        EngineVersion: '1.6.17',
        CacheNodeType: 'cache.r7g.large',
        NumCacheNodes: 3,
        PreferredAvailabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1a'],
        Port: 11222,
        CacheParameterGroupName: { Ref: Match.stringLikeRegexp('CacheParameterGroup') },
        CacheSubnetGroupName: { Ref: Match.stringLikeRegexp('Subnets') },
        VpcSecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('Sg'), 'GroupId'] }],
        TransitEncryptionEnabled: false,
        NetworkType: 'dual_stack',
        IpDiscovery: 'ipv6',
        PreferredMaintenanceWindow: 'sun:05:00-sun:06:00',
        NotificationTopicArn: { Ref: Match.stringLikeRegexp('Topic') },
        AutoMinorVersionUpgrade: false,
        Tags: [{ Key: 'team', Value: 'web' }],
      },
      DeletionPolicy: 'Retain',
    });
    t.hasResourceProperties('AWS::ElastiCache::ParameterGroup', { CacheParameterGroupFamily: 'memcached1.6', Properties: { max_item_size: '2097152' } });
    t.resourceCountIs('AWS::ElastiCache::SubnetGroup', 1);
  });

  test('configuration endpoint and node endpoints (the .cfg. label replaced by each node ID), ports as numbers', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new MemcachedCluster(stack, 'Cache', { vpc, numNodes: 2 });
    expect(stack.resolve(cache.configurationEndpoint.address)).toEqual({ 'Fn::GetAtt': ['Cache18F6EE16', 'ConfigurationEndpoint.Address'] });
    expect(typeof cache.configurationEndpoint.port).toBe('number');
    expect(cache.nodeEndpoints).toHaveLength(2);
    const split = { 'Fn::Split': ['.cfg.', { 'Fn::GetAtt': ['Cache18F6EE16', 'ConfigurationEndpoint.Address'] }] };
    expect(stack.resolve(cache.nodeEndpoints[1].address)).toEqual({
      'Fn::Join': ['', [{ 'Fn::Select': [0, split] }, '.0002.', { 'Fn::Select': [1, split] }]],
    });
  });

  test('connections open the numeric port; grants and metrics name the cluster', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new MemcachedCluster(stack, 'Cache', { vpc, clusterName: 'pages', port: 11222 });
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc });
    cache.connections.allowDefaultPortFrom(client);
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    cache.grant(role, 'elasticache:DescribeCacheClusters');
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 11222, ToPort: 11222, IpProtocol: 'tcp' });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Action: 'elasticache:DescribeCacheClusters',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:us-east-1:123456789012:cluster:', { Ref: 'Cache18F6EE16' }]] },
        }],
      },
    });
    const dims = (m: { dimensions?: Record<string, unknown> }) => stack.resolve(m.dimensions);
    expect(dims(cache.metricCPUUtilization())).toEqual({ CacheClusterId: { Ref: 'Cache18F6EE16' }, CacheNodeId: '0001' });
    expect(dims(cache.metricMemcached(MemcachedMetric.UNUSED_MEMORY, { cacheNodeId: '0002' }))).toEqual({ CacheClusterId: { Ref: 'Cache18F6EE16' }, CacheNodeId: '0002' });
    expect(cache.metricMemcachedCommand(MemcachedCommandMetric.CMD_GET).statistic).toBe('Sum');
    expect(cache.metricGetHits().metricName).toBe('GetHits');
    expect(cache.metricBytesUsedForCacheItems().statistic).toBe('Average');
    expect(cache.metricNetworkBytesIn().statistic).toBe('Sum');
  });

  test('imports: by name, with a port for connections and the cluster ARN for grants', () => {
    const { stack } = stackWithVpc();
    const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-0123456789abcdef0', { mutable: true });
    const cache = MemcachedCluster.fromMemcachedClusterAttributes(stack, 'Imported', { clusterName: 'legacy', port: 11311, securityGroups: [sg] });
    cache.connections.allowDefaultPortFrom(ec2.Peer.ipv4('10.0.0.0/16'));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', { GroupId: 'sg-0123456789abcdef0', FromPort: 11311 });
    expect(stack.resolve(MemcachedCluster.fromMemcachedClusterName(stack, 'ByName', 'legacy').clusterArn))
      .toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:us-east-1:123456789012:cluster:legacy']] });
  });

  test('a token node count is passed through; alarms then need a known count', () => {
    const { stack, vpc } = stackWithVpc();
    const count = new CfnParameter(stack, 'Nodes', { type: 'Number' }).valueAsNumber;
    const cache = new MemcachedCluster(stack, 'Cache', { vpc, numNodes: count });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::CacheCluster', { NumCacheNodes: { Ref: 'Nodes' } });
    expect(() => cache.addRecommendedAlarms()).toThrow('Stack/Cache: numNodes "(unresolved token)" is not allowed: a number known at synth time');
  });
});

describe('MemcachedCluster: validation', () => {
  type Case = [string, Partial<MemcachedClusterProps> | ((stack: Stack) => Partial<MemcachedClusterProps>), string[]];
  const cases: Case[] = [
    ['a Valkey engine version', { engineVersion: EngineVersion.VALKEY_8_1 }, ['engineVersion', '"valkey"', 'one of "memcached"']],
    ['a previous-generation node type', { nodeType: NodeType.of('cache.m3.medium') }, ['nodeType', '"cache.m3.medium"', 'previous generation']],
    ['a node type that does not run the version', { nodeType: NodeType.T4G_MICRO, engineVersion: EngineVersion.MEMCACHED_1_4_34 },
      ['nodeType', '"cache.t4g.micro"', 'does not run memcached 1.4.34', 'memcached 1.5.16 or later']],
    ['0 nodes', { numNodes: 0 }, ['numNodes', ' 0 ', 'an integer from 1 to 60']],
    ['61 nodes', { numNodes: 61 }, ['numNodes', '61', 'an integer from 1 to 60']],
    ['port 0', { port: 0 }, ['port', ' 0 ', 'from 1 to 65,535']],
    ['a cluster name starting with a digit', { clusterName: '1pages' }, ['clusterName', '"1pages"', '1 to 50 characters', 'starting with a letter']],
    ['a cluster name of 51 characters', { clusterName: 'a'.repeat(51) }, ['clusterName', '1 to 50 characters']],
    ['a cluster name with two hyphens in a row', { clusterName: 'my--pages' }, ['clusterName', '"my--pages"', 'two consecutive hyphens']],
    ['a maintenance window without days', { maintenanceWindow: '05:00-06:00' }, ['maintenanceWindow', '"05:00-06:00"', 'ddd:hh24:mi-ddd:hh24:mi']],
    ['a maintenance window of 30 minutes', { maintenanceWindow: 'sun:05:00-sun:05:30' }, ['maintenanceWindow', 'at least 60 minutes long (this one is 30)']],
    ['IPv6 on Memcached 1.5.16', { engineVersion: EngineVersion.MEMCACHED_1_5_16, networkType: NetworkType.IPV6 },
      ['networkType', '"ipv6"', 'Memcached 1.6.6 or later']],
    ['IPv6 discovery on an IPv4 network', { ipDiscovery: IpDiscovery.IPV6 }, ['ipDiscovery', '"ipv6"', '"ipv4" (the only address family of networkType "ipv4")']],
    ['an unknown network type', { networkType: 'ipv5' as NetworkType }, ['networkType', '"ipv5"', 'one of "ipv4", "ipv6", "dual_stack"']],
    ['an unknown IP discovery', { ipDiscovery: 'ipv5' as IpDiscovery }, ['ipDiscovery', '"ipv5"', 'one of "ipv4", "ipv6"']],
    ['an unknown AZ mode', { azMode: 'multi-az' as AzMode }, ['azMode', '"multi-az"', 'one of "single-az", "cross-az"']],
    ['fewer zones than nodes', { numNodes: 3, preferredAvailabilityZones: ['us-east-1a'] }, ['preferredAvailabilityZones', 'one Availability Zone per node: 3 zones']],
    ['two zones for a single-AZ cluster', { numNodes: 2, azMode: AzMode.SINGLE_AZ, preferredAvailabilityZones: ['us-east-1a', 'us-east-1b'] },
      ['preferredAvailabilityZones', 'one zone repeated for every node with azMode single-az']],
    ['TLS on Memcached 1.6.6', { engineVersion: EngineVersion.MEMCACHED_1_6_6, transitEncryption: true },
      ['transitEncryption', 'true', 'needs Memcached 1.6.12 or later']],
    ['a final snapshot', { removalPolicy: RemovalPolicy.SNAPSHOT }, ['removalPolicy', 'RemovalPolicy.SNAPSHOT', 'Memcached clusters have no snapshots']],
    ['subnets and a subnet group together', (stack) => ({
      subnetGroup: SubnetGroup.fromSubnetGroupName(stack, 'Sn', 'x'), vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    }), ['vpcSubnets', 'one of subnetGroup and vpcSubnets']],
    ['an empty list of security groups', { securityGroups: [] }, ['securityGroups', '[]', 'at least one security group']],
    ['a parameter group and parameters', (stack) => ({
      parameterGroup: ParameterGroup.fromParameterGroupName(stack, 'Pg', 'default.memcached1.6'), parameters: { max_item_size: '2097152' },
    }), ['parameters', 'no parameters together with parameterGroup']],
    ['a parameter group of another family', (stack) => ({ parameterGroup: ParameterGroup.fromParameterGroupName(stack, 'Pg', 'default.memcached1.5') }),
      ['parameterGroup', '"default.memcached1.5"', 'a group of family memcached1.6', "this group's family is memcached1.5"]],
    ['an encrypted notification topic', (stack) => ({ notificationTopic: new sns.Topic(stack, 'T', { masterKey: new kms.Key(stack, 'K') }) }),
      ['notificationTopic', '"Stack/T"', 'a topic without server-side encryption']],
    ['a notification topic of another Region', (stack) => ({ notificationTopic: sns.Topic.fromTopicArn(stack, 'T', 'arn:aws:sns:eu-west-1:123456789012:events') }),
      ['notificationTopic', "a topic in the cache's own region (us-east-1); this one is in eu-west-1"]],
    ['a notification topic of another account', (stack) => ({ notificationTopic: sns.Topic.fromTopicArn(stack, 'T', 'arn:aws:sns:us-east-1:210987654321:events') }),
      ['notificationTopic', '"Stack/T"', "a topic in the cache's own account (123456789012); this one is in 210987654321"]],
  ];
  test.each(cases)('%s', (_name, props, expected) => {
    const { stack, vpc } = stackWithVpc();
    const extra = typeof props === 'function' ? props(stack) : props;
    const message = errorMessage(() => new MemcachedCluster(stack, 'Cache', { vpc, ...extra }));
    expect(message).toContain('Stack/Cache:');
    for (const part of expected) expect(message).toContain(part);
  });

  test('a parameter value out of range names the owned parameter group', () => {
    const { stack, vpc } = stackWithVpc();
    expect(errorMessage(() => new MemcachedCluster(stack, 'Cache', { vpc, parameters: { max_item_size: 'big' } })))
      .toMatch(/^Stack\/Cache\/ParameterGroup: parameters\["max_item_size"\] "big" is not allowed/);
  });
});

describe('MemcachedCluster: cdk-nag', () => {
  test('the default cluster has one AwsSolutions finding, AEC5 (the default port), and none once it is acknowledged', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new MemcachedCluster(stack, 'Cache', { vpc });
    expect(nagViolations(cache)).toEqual([{ rule: 'AwsSolutions-AEC5', severity: 'error', resources: ['Stack/Cache/Resource'] }]);
    Validations.of(cache).acknowledge({ id: 'AwsSolutions-AEC5', reason: 'Memcached clients expect port 11211; access is limited by security groups.' });
    expect(nagViolations(cache)).toEqual([]);
  });

  test('a non-default port has no findings', () => {
    const stack = new Stack(new App(), 'Stack');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    expect(nagViolations(new MemcachedCluster(stack, 'Cache', { vpc, port: 11222 }))).toEqual([]);
  });
});

import { CfnOutput, Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import type { MemcachedClusterModel, ServerlessCacheModel, SingleNodeClusterModel, Topology } from '../../../src/simulator/model';
import { sizingOf } from '../../../src/simulator/runtime/serverless/sizing';
import { topologyFromStack, topologyOf } from '../helpers';

const cacheOfKind = <T>(topology: Topology, kind: string) => topology.caches.find((c) => c.kind === kind) as unknown as T;

describe('Memcached cluster', () => {
  let topology: Topology;

  beforeAll(() => {
    topology = topologyFromStack((stack) => {
      const vpc = new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
      const a = new ec2.CfnSubnet(stack, 'SubnetA', { vpcId: vpc.ref, cidrBlock: '10.0.0.0/24', availabilityZone: Fn.select(0, Fn.getAzs()) });
      const b = new ec2.CfnSubnet(stack, 'SubnetB', { vpcId: vpc.ref, cidrBlock: '10.0.1.0/24', availabilityZone: Fn.select(1, Fn.getAzs()) });
      const subnets = new elasticache.CfnSubnetGroup(stack, 'Subnets', { description: 'cache subnets', subnetIds: [a.ref, b.ref], cacheSubnetGroupName: 'Cache-Subnets' });
      const params = new elasticache.CfnParameterGroup(stack, 'Params', { cacheParameterGroupFamily: 'memcached1.6', description: 'mc', properties: { max_item_size: '2097152' } });
      const cluster = new elasticache.CfnCacheCluster(stack, 'Memcached', {
        engine: 'memcached',
        engineVersion: '1.6.22',
        cacheNodeType: 'cache.m7g.large',
        numCacheNodes: 3,
        azMode: 'cross-az',
        clusterName: 'Sessions-MC',
        cacheSubnetGroupName: subnets.ref,
        cacheParameterGroupName: params.ref,
        transitEncryptionEnabled: true,
      });
      new CfnOutput(stack, 'Config', { value: cluster.attrConfigurationEndpointAddress });
      new CfnOutput(stack, 'ConfigPort', { value: cluster.attrConfigurationEndpointPort });
    });
  });

  test('one node per cache node with ids 0001…, spread over the subnet group zones', () => {
    const mc = cacheOfKind<MemcachedClusterModel>(topology, 'memcached-cluster');
    expect(mc).toMatchObject({ cacheClusterId: 'sessions-mc', engine: 'memcached', engineVersion: '1.6.22', port: 11211, azMode: 'cross-az', subnetGroupName: 'cache-subnets' });
    expect(mc.nodes.map((n) => [n.cacheNodeId, n.role])).toEqual([['0001', 'memcached'], ['0002', 'memcached'], ['0003', 'memcached']]);
    expect(new Set(mc.nodes.map((n) => n.availabilityZone))).toEqual(new Set(['us-east-1a', 'us-east-1b']));
    expect(topology.subnetGroups[0]).toMatchObject({ name: 'cache-subnets', availabilityZones: ['us-east-1a', 'us-east-1b'] });
  });

  test('configuration and node endpoints in the documented format', () => {
    const mc = cacheOfKind<MemcachedClusterModel>(topology, 'memcached-cluster');
    const [, hash] = /^sessions-mc\.([a-z0-9]{6})\.cfg\.use1\.cache\.amazonaws\.com$/.exec(mc.configurationEndpoint.hostname)!;
    expect(mc.nodes[1].endpoint).toEqual({ kind: 'node', hostname: `sessions-mc.${hash}.0002.use1.cache.amazonaws.com`, port: 11211, tls: true });
    expect(topology.stacks[0].outputs).toMatchObject({ Config: { value: mc.configurationEndpoint.hostname }, ConfigPort: { value: '11211' } });
  });

  test('engine configuration from the node type and the group', () => {
    const mc = cacheOfKind<MemcachedClusterModel>(topology, 'memcached-cluster');
    expect(mc.engineConfig.maxCacheMemoryMb).toBe(6537);
    expect(mc.engineConfig.itemMemoryBytes).toBe((6537 - 100) * 1024 * 1024);
    expect(mc.engineConfig.threads).toBe(2);
    expect(mc.engineConfig.parameters.max_item_size).toBe('2097152');
  });
});

describe('Memcached cluster placement', () => {
  test('single-az (the default) without a named zone puts every node in one zone the simulator picks', () => {
    const topology = topologyOf({
      Resources: { Mc: { Type: 'AWS::ElastiCache::CacheCluster', Properties: { Engine: 'memcached', CacheNodeType: 'cache.t4g.micro', NumCacheNodes: 4 } } },
    });
    const mc = cacheOfKind<MemcachedClusterModel>(topology, 'memcached-cluster');
    expect(mc.azMode).toBe('single-az');
    expect(new Set(mc.nodes.map((n) => n.availabilityZone)).size).toBe(1);
    expect(mc.nodes[0].availabilityZone).toMatch(/^us-east-1[a-f]$/);
  });

  test('cross-az without named zones spreads the nodes', () => {
    const topology = topologyOf({
      Resources: { Mc: { Type: 'AWS::ElastiCache::CacheCluster', Properties: { Engine: 'memcached', CacheNodeType: 'cache.t4g.micro', NumCacheNodes: 4, AZMode: 'cross-az' } } },
    });
    expect(new Set(cacheOfKind<MemcachedClusterModel>(topology, 'memcached-cluster').nodes.map((n) => n.availabilityZone)).size).toBeGreaterThan(1);
  });
});

describe('single-node Valkey / Redis OSS cache cluster', () => {
  test('one standalone node behind its Redis endpoint', () => {
    const topology = topologyOf({
      Resources: { Solo: { Type: 'AWS::ElastiCache::CacheCluster', Properties: { Engine: 'valkey', CacheNodeType: 'cache.t4g.micro', NumCacheNodes: 1, PreferredAvailabilityZone: 'us-east-1c' } } },
      Outputs: { Address: { Value: { 'Fn::GetAtt': ['Solo', 'RedisEndpoint.Address'] } }, Port: { Value: { 'Fn::GetAtt': ['Solo', 'RedisEndpoint.Port'] } } },
    });
    const solo = cacheOfKind<SingleNodeClusterModel>(topology, 'single-node-cluster');
    expect(solo.cacheClusterId).toMatch(/^teststack-solo-[a-z0-9]{12}$/);
    expect(solo.node).toMatchObject({ role: 'standalone', cacheNodeId: '0001', availabilityZone: 'us-east-1c' });
    expect(solo.node.endpoint.hostname).toMatch(new RegExp(`^${solo.cacheClusterId}\\.[a-z0-9]{6}\\.0001\\.use1\\.cache\\.amazonaws\\.com$`));
    expect(topology.stacks[0].outputs).toMatchObject({ Address: { value: solo.node.endpoint.hostname }, Port: { value: '6379' } });
    expect(solo.engineConfig.clusterEnabled).toBe(false);
  });
});

describe('serverless cache', () => {
  test('Valkey: endpoint and reader endpoint on 6379 and 6380, TLS, limits, user group', () => {
    const topology = topologyFromStack((stack) => {
      const user = new elasticache.CfnUser(stack, 'DefaultUser', { engine: 'valkey', userId: 'app-default', userName: 'default', accessString: 'on ~* +@all', noPasswordRequired: true });
      const group = new elasticache.CfnUserGroup(stack, 'Group', { engine: 'valkey', userGroupId: 'app-users', userIds: [user.ref] });
      const cache = new elasticache.CfnServerlessCache(stack, 'Serverless', {
        engine: 'valkey',
        serverlessCacheName: 'Sessions',
        majorEngineVersion: '7',
        userGroupId: group.ref,
        cacheUsageLimits: { dataStorage: { maximum: 10, unit: 'GB' }, ecpuPerSecond: { minimum: 1000, maximum: 5000 } },
      });
      new CfnOutput(stack, 'Endpoint', { value: cache.attrEndpointAddress });
      new CfnOutput(stack, 'ReaderPort', { value: cache.attrReaderEndpointPort });
      new CfnOutput(stack, 'Version', { value: cache.attrFullEngineVersion });
    });
    const cache = cacheOfKind<ServerlessCacheModel>(topology, 'serverless');
    expect(cache.endpoint).toMatchObject({ kind: 'serverless', port: 6379, tls: true });
    expect(cache.endpoint.hostname).toMatch(/^sessions-[a-z0-9]{6}\.serverless\.use1\.cache\.amazonaws\.com$/);
    expect(cache.readerEndpoint).toEqual({ ...cache.endpoint, kind: 'serverless-reader', port: 6380 });
    expect(cache).toMatchObject({ majorEngineVersion: '7', fullEngineVersion: '7.2', atRestEncryption: true, auth: { mode: 'rbac', userGroupIds: ['app-users'] } });
    expect(cache.dataStorage).toEqual({ minimum: undefined, maximum: 10, unit: 'GB' });
    expect(cache.ecpuPerSecond).toEqual({ minimum: 1000, maximum: 5000 });
    // DataStorage is in decimal gigabytes; the description and the runtime's limit agree.
    expect(cache.engineConfig).toMatchObject({ engine: 'valkey', clusterEnabled: true, maxmemoryBytes: 10 * 10 ** 9 });
    expect(sizingOf(cache, {}).dataStorageMaxBytes).toBe((cache.engineConfig as { maxmemoryBytes?: number }).maxmemoryBytes);
    expect(topology.stacks[0].outputs).toMatchObject({ Endpoint: { value: cache.endpoint.hostname }, ReaderPort: { value: '6380' }, Version: { value: '7.2' } });
  });

  test('Memcached: 11211 and 11212, the newest serverless major, ports from the template', () => {
    const topology = topologyOf({
      Resources: { Mc: { Type: 'AWS::ElastiCache::ServerlessCache', Properties: { Engine: 'memcached', ServerlessCacheName: 'mc', ReaderEndpoint: { Port: 11300 } } } },
    });
    const cache = cacheOfKind<ServerlessCacheModel>(topology, 'serverless');
    expect([cache.endpoint.port, cache.readerEndpoint.port, cache.majorEngineVersion, cache.engineConfig.engine]).toEqual([11211, 11300, '1.6', 'memcached']);
  });
});

describe('users and user groups', () => {
  test('passwords, no-password users and access strings', () => {
    const topology = topologyOf({
      Resources: {
        Default: { Type: 'AWS::ElastiCache::User', Properties: { Engine: 'redis', UserId: 'default-off', UserName: 'default', AccessString: 'off ~* -@all', NoPasswordRequired: true } },
        App: { Type: 'AWS::ElastiCache::User', Properties: { Engine: 'redis', UserId: 'app', UserName: 'app', AccessString: 'on ~app:* +@read', AuthenticationMode: { Type: 'password', Passwords: ['a-long-password-1', 'a-long-password-2'] } } },
        Group: { Type: 'AWS::ElastiCache::UserGroup', Properties: { Engine: 'redis', UserGroupId: 'app-group', UserIds: [{ Ref: 'Default' }, 'APP'] } },
      },
      Outputs: { Arn: { Value: { 'Fn::GetAtt': ['Group', 'Arn'] } }, Status: { Value: { 'Fn::GetAtt': ['App', 'Status'] } } },
    });
    expect(topology.users.map((u) => [u.userId, u.userName, u.authentication.type, u.authentication.passwords.length])).toEqual([
      ['default-off', 'default', 'no-password-required', 0],
      ['app', 'app', 'password', 2],
    ]);
    expect(topology.userGroups[0]).toMatchObject({ userGroupId: 'app-group', userIds: ['default-off', 'APP'], arn: 'arn:aws:elasticache:us-east-1:111122223333:usergroup:app-group' });
    expect(topology.stacks[0].outputs).toMatchObject({ Arn: { value: topology.userGroups[0].arn }, Status: { value: 'active' } });
  });
});

describe('subnet group zones', () => {
  test('placeholder zones of an app synthesized without context are not used for nodes', () => {
    const topology = topologyOf({
      Resources: {
        Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/24', AvailabilityZone: 'dummy1a' } },
        Group: { Type: 'AWS::ElastiCache::SubnetGroup', Properties: { Description: 'd', SubnetIds: [{ Ref: 'Subnet' }] } },
        Cache: { Type: 'AWS::ElastiCache::CacheCluster', Properties: { Engine: 'memcached', CacheNodeType: 'cache.t4g.small', NumCacheNodes: 1, CacheSubnetGroupName: { Ref: 'Group' } } },
      },
    });
    expect(topology.subnetGroups[0].availabilityZones).toEqual([]);
    expect(cacheOfKind<MemcachedClusterModel>(topology, 'memcached-cluster').nodes[0].availabilityZone).toMatch(/^us-east-1[a-f]$/);
  });
});

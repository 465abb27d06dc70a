import { CfnOutput, Fn, Stack } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { ReplicationGroupModel, Topology } from '../../../src/simulator/model';
import { topologyFromStack, topologyOf, expectRejection } from '../helpers';

const group = (topology: Topology, logicalId?: string) =>
  topology.caches.find((c) => c.kind === 'replication-group' && (!logicalId || c.origin.logicalId === logicalId)) as ReplicationGroupModel;
const outputs = (topology: Topology) => topology.stacks[0].outputs;
const HOST = /^[a-z0-9]{6}$/;

describe('replication group, cluster mode disabled', () => {
  let topology: Topology;
  let secretValue: string;

  beforeAll(() => {
    topology = topologyFromStack((stack: Stack) => {
      const token = new secretsmanager.Secret(stack, 'Token', { generateSecretString: { excludePunctuation: true, passwordLength: 40 } });
      const rg = new elasticache.CfnReplicationGroup(stack, 'Sessions', {
        replicationGroupDescription: 'sessions',
        replicationGroupId: 'Sessions-Cache',
        engine: 'valkey',
        engineVersion: '8.0',
        cacheNodeType: 'cache.t4g.micro',
        numCacheClusters: 3,
        automaticFailoverEnabled: true,
        multiAzEnabled: true,
        transitEncryptionEnabled: true,
        authToken: token.secretValue.unsafeUnwrap(),
        preferredCacheClusterAZs: ['us-east-1b', 'us-east-1c', 'us-east-1d'],
      });
      new CfnOutput(stack, 'Primary', { value: rg.attrPrimaryEndPointAddress });
      new CfnOutput(stack, 'PrimaryPort', { value: rg.attrPrimaryEndPointPort });
      new CfnOutput(stack, 'Reader', { value: rg.attrReaderEndPointAddress });
      new CfnOutput(stack, 'ReadAddresses', { value: rg.attrReadEndPointAddresses });
      new CfnOutput(stack, 'ReadList', { value: Fn.join(';', rg.attrReadEndPointAddressesList) });
      new CfnOutput(stack, 'Id', { value: rg.ref });
    });
    secretValue = topology.secrets[0].secretString;
  });

  test('one shard: a primary and replicas with the service node ids, owning every slot', () => {
    const rg = group(topology);
    expect(rg).toMatchObject({ replicationGroupId: 'sessions-cache', engine: 'valkey', engineVersion: '8.0', clusterMode: 'disabled', automaticFailover: true, multiAz: true });
    expect(rg.shards).toHaveLength(1);
    const [shard] = rg.shards;
    expect(shard.shardId).toBe('0001');
    expect(shard.slots).toEqual([{ start: 0, end: 16383 }]);
    expect([shard.primary, ...shard.replicas].map((n) => [n.cacheClusterId, n.role, n.availabilityZone])).toEqual([
      ['sessions-cache-001', 'primary', 'us-east-1b'],
      ['sessions-cache-002', 'replica', 'us-east-1c'],
      ['sessions-cache-003', 'replica', 'us-east-1d'],
    ]);
  });

  test('TLS endpoints in the service format, on every node', () => {
    const rg = group(topology);
    const [, hash] = /^master\.sessions-cache\.([a-z0-9]{6})\.use1\.cache\.amazonaws\.com$/.exec(rg.primaryEndpoint!.hostname)!;
    expect(hash).toMatch(HOST);
    expect(rg.primaryEndpoint).toEqual({ kind: 'primary', hostname: `master.sessions-cache.${hash}.use1.cache.amazonaws.com`, port: 6379, tls: true });
    expect(rg.readerEndpoint!.hostname).toBe(`replica.sessions-cache.${hash}.use1.cache.amazonaws.com`);
    expect(rg.configurationEndpoint).toBeUndefined();
    expect(rg.shards[0].replicas[0].endpoint.hostname).toBe(`sessions-cache-002.sessions-cache.${hash}.use1.cache.amazonaws.com`);
    expect(rg.tls).toEqual({ enabled: true, mode: 'required' });
  });

  test('the AUTH token is the generated secret', () => {
    expect(secretValue).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(group(topology).auth).toEqual({ mode: 'auth-token', authToken: secretValue });
  });

  test('Fn::GetAtt gives the same endpoints to outputs', () => {
    const rg = group(topology);
    const members = [rg.shards[0].primary, ...rg.shards[0].replicas].map((n) => n.endpoint.hostname);
    expect(outputs(topology)).toMatchObject({
      Primary: { value: rg.primaryEndpoint!.hostname },
      PrimaryPort: { value: '6379' },
      Reader: { value: rg.readerEndpoint!.hostname },
      ReadAddresses: { value: members.join(',') },
      ReadList: { value: members.join(';') },
      Id: { value: 'sessions-cache' },
    });
  });

  test('node memory: maxmemory of the node type minus 25 % reserved memory', () => {
    const config = group(topology).engineConfig;
    expect(config.maxmemoryBytes).toBe(Math.floor(536870912 * 0.75));
    expect(config.parameters.maxmemory).toBe('536870912');
    expect(config.clusterEnabled).toBe(false);
    expect(group(topology).parameterGroupName).toBe('default.valkey8');
  });

  test('Valkey groups are encrypted at rest by default, Redis OSS groups are not', () => {
    const redis = topologyOf({
      Resources: { R: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ReplicationGroupDescription: 'r', Engine: 'redis', CacheNodeType: 'cache.t4g.micro' } } },
    });
    expect(group(redis).atRestEncryption).toBe(false);
    expect(group(topology).atRestEncryption).toBe(true);
  });
});

describe('replication group without TLS, with defaults', () => {
  const topology = topologyOf({
    Resources: {
      Plain: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ReplicationGroupDescription: 'p', CacheNodeType: 'cache.m7g.large', ReplicasPerNodeGroup: 1, Port: '6400' } },
    },
    Outputs: {
      Reader: { Value: { 'Fn::GetAtt': ['Plain', 'ReaderEndPoint.Address'] } },
      Config: { Value: { 'Fn::GetAtt': ['Plain', 'ConfigurationEndPoint.Address'] } },
    },
  });

  test('generated lower-case id, Redis OSS by default, the newest version, hostnames with ng.0001', () => {
    const rg = group(topology);
    expect(rg.replicationGroupId).toMatch(/^teststack-plain-[a-z0-9]{12}$/);
    expect(rg.engine).toBe('redis');
    expect(rg.engineVersion).toBe('7.1');
    expect(rg.port).toBe(6400);
    expect(rg.primaryEndpoint!.hostname).toMatch(new RegExp(`^${rg.replicationGroupId}\\.[a-z0-9]{6}\\.ng\\.0001\\.use1\\.cache\\.amazonaws\\.com$`));
    expect(rg.readerEndpoint!.hostname).toMatch(new RegExp(`^${rg.replicationGroupId}-ro\\.[a-z0-9]{6}\\.ng\\.0001\\.use1`));
    expect(rg.shards[0].replicas[0].endpoint.hostname).toMatch(new RegExp(`^${rg.replicationGroupId}-002\\.[a-z0-9]{6}\\.0001\\.use1`));
    expect(rg.tls).toEqual({ enabled: false, mode: 'disabled' });
    expect(rg.auth).toEqual({ mode: 'none' });
  });

  test('endpoints of the other cluster mode have no value', () => {
    expect(outputs(topology).Reader.value).toBe(group(topology).readerEndpoint!.hostname);
    expect(outputs(topology).Config.error).toBe('TestStack/Config (Outputs): Template error: resource Plain does not support attribute type ConfigurationEndPoint.Address in Fn::GetAtt');
  });

  test('the replicas spread over the region zones', () => {
    const zones = [group(topology).shards[0].primary, ...group(topology).shards[0].replicas].map((n) => n.availabilityZone);
    expect(new Set(zones).size).toBe(2);
    zones.forEach((zone) => expect(zone).toMatch(/^us-east-1[a-f]$/));
  });
});

describe('replication group, cluster mode enabled', () => {
  const even = topologyOf({
    Resources: {
      Shards: {
        Type: 'AWS::ElastiCache::ReplicationGroup',
        Properties: { ReplicationGroupDescription: 'c', ReplicationGroupId: 'orders', Engine: 'valkey', CacheNodeType: 'cache.r7g.large', NumNodeGroups: 3, ReplicasPerNodeGroup: 2, AutomaticFailoverEnabled: true },
      },
    },
    Outputs: {
      Config: { Value: { 'Fn::GetAtt': ['Shards', 'ConfigurationEndPoint.Address'] } },
      ConfigPort: { Value: { 'Fn::GetAtt': ['Shards', 'ConfigurationEndPoint.Port'] } },
      Primary: { Value: { 'Fn::GetAtt': ['Shards', 'PrimaryEndPoint.Address'] } },
    },
  });

  test('the default cluster-on group, slots split as the service splits them', () => {
    const rg = group(even);
    expect(rg.clusterMode).toBe('enabled');
    expect(rg.parameterGroupName).toBe('default.valkey9.cluster.on');
    expect(rg.engineConfig.clusterEnabled).toBe(true);
    expect(rg.shards.map((s) => [s.shardId, s.slots])).toEqual([
      ['0001', [{ start: 0, end: 5461 }]],
      ['0002', [{ start: 5462, end: 10922 }]],
      ['0003', [{ start: 10923, end: 16383 }]],
    ]);
  });

  test('node ids per shard and the configuration endpoint', () => {
    const rg = group(even);
    expect(rg.shards[1].replicas.map((n) => n.cacheClusterId)).toEqual(['orders-0002-002', 'orders-0002-003']);
    expect(rg.shards[2].primary.endpoint.hostname).toMatch(/^orders-0003-001\.[a-z0-9]{6}\.0003\.use1\.cache\.amazonaws\.com$/);
    expect(rg.configurationEndpoint!.hostname).toMatch(/^orders\.[a-z0-9]{6}\.clustercfg\.use1\.cache\.amazonaws\.com$/);
    expect(rg.primaryEndpoint).toBeUndefined();
    expect(outputs(even).Config.value).toBe(rg.configurationEndpoint!.hostname);
    expect(outputs(even).ConfigPort.value).toBe('6379');
    expect(outputs(even).Primary.error).toMatch(/does not support attribute type PrimaryEndPoint.Address/);
  });

  test('NodeGroupConfiguration: ids, slots, replica counts and zones per shard, with TLS', () => {
    const topology = topologyFromStack((stack) => {
      const pg = new elasticache.CfnParameterGroup(stack, 'Params', {
        cacheParameterGroupFamily: 'valkey8',
        description: 'cluster',
        properties: { 'cluster-enabled': 'yes', 'maxmemory-policy': 'allkeys-lru', 'reserved-memory-percent': '50' },
      });
      new elasticache.CfnReplicationGroup(stack, 'Custom', {
        replicationGroupDescription: 'custom',
        replicationGroupId: 'custom',
        engine: 'valkey',
        engineVersion: '8.1',
        cacheNodeType: 'cache.r7g.large',
        cacheParameterGroupName: pg.ref,
        automaticFailoverEnabled: true,
        transitEncryptionEnabled: true,
        transitEncryptionMode: 'preferred',
        numNodeGroups: 2,
        nodeGroupConfiguration: [
          { nodeGroupId: '0010', slots: '0-99,200-16383', replicaCount: 1, primaryAvailabilityZone: 'us-east-1a', replicaAvailabilityZones: ['us-east-1b'] },
          { nodeGroupId: '0020', slots: '100-199', replicaCount: 0 },
        ],
      });
    });
    const rg = group(topology);
    expect(rg.shards.map((s) => [s.shardId, s.slots, s.replicas.length])).toEqual([
      ['0010', [{ start: 0, end: 99 }, { start: 200, end: 16383 }], 1],
      ['0020', [{ start: 100, end: 199 }], 0],
    ]);
    expect([rg.shards[0].primary.availabilityZone, rg.shards[0].replicas[0].availabilityZone]).toEqual(['us-east-1a', 'us-east-1b']);
    expect(rg.configurationEndpoint!.hostname).toMatch(/^clustercfg\.custom\.[a-z0-9]{6}\.use1\.cache\.amazonaws\.com$/);
    expect(rg.shards[0].replicas[0].endpoint.hostname).toMatch(/^custom-0010-002\.custom\.[a-z0-9]{6}\.use1/);
    expect(rg.tls).toEqual({ enabled: true, mode: 'preferred' });
    expect(rg.parameterGroupName).toMatch(/^teststack-params-[a-z0-9]{12}$/);
    expect(rg.engineConfig.parameters['maxmemory-policy']).toBe('allkeys-lru');
    const r7gLarge = Number(rg.engineConfig.parameters.maxmemory);
    expect(rg.engineConfig.maxmemoryBytes).toBe(Math.floor(r7gLarge / 2));
    expect(topology.parameterGroups.find((g) => g.name === rg.parameterGroupName)).toMatchObject({ family: 'valkey8', isDefault: false, clusterEnabled: true });
  });

  test('ClusterMode compatible keeps cluster slots', () => {
    const topology = topologyOf({
      Resources: {
        C: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ReplicationGroupDescription: 'c', Engine: 'valkey', EngineVersion: '7.2', CacheNodeType: 'cache.r7g.large', ClusterMode: 'compatible', CacheParameterGroupName: 'default.valkey7.cluster.on', AutomaticFailoverEnabled: true } },
      },
    });
    expect(group(topology).clusterMode).toBe('compatible');
    expect(group(topology).shards).toHaveLength(1);
  });

  test('a Redis OSS 6.x version resolves to the newest 6 release', () => {
    const topology = topologyOf({
      Resources: { R: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ReplicationGroupDescription: 'r', EngineVersion: '6.x', CacheNodeType: 'cache.m6g.large' } } },
    });
    expect(group(topology)).toMatchObject({ engineVersion: '6.2', parameterGroupName: 'default.redis6.x' });
  });
});

describe('restores and unsupported creation paths are not silent', () => {
  test('a snapshot to restore is kept in the model (the managed service restores it when the cache starts)', () => {
    const topology = topologyOf({
      Resources: { R: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ReplicationGroupDescription: 'r', CacheNodeType: 'cache.m7g.large', SnapshotName: 'nightly' } } },
    });
    expect(group(topology).restoreSource).toEqual({ snapshotName: 'nightly', snapshotArns: undefined });
  });

  describe('PrimaryClusterId', () => {
    const seed = {
      Type: 'AWS::ElastiCache::CacheCluster',
      Properties: {
        ClusterName: 'seed',
        Engine: 'redis',
        EngineVersion: '7.1',
        CacheNodeType: 'cache.t4g.small',
        NumCacheNodes: 1,
        Port: 6390,
        TransitEncryptionEnabled: true,
        PreferredAvailabilityZone: 'us-east-1c',
        SnapshotName: 'nightly',
      },
    };
    const around = (properties: Record<string, unknown> = {}) => topologyOf({
      Resources: {
        Seed: seed,
        R: {
          Type: 'AWS::ElastiCache::ReplicationGroup',
          Properties: {
            ReplicationGroupDescription: 'r', ReplicationGroupId: 'grown', PrimaryClusterId: { Ref: 'Seed' }, ...properties,
          },
        },
      },
    });

    test('the named cluster\'s node becomes the primary: engine, version, node type, port, TLS and data come from it, and it no longer runs alone', () => {
      const topology = around({ NumCacheClusters: 2 });
      expect(topology.caches.map((c) => c.kind)).toEqual(['replication-group']);
      const grown = group(topology);
      expect(grown).toMatchObject({
        engine: 'redis', engineVersion: '7.1', nodeType: 'cache.t4g.small', port: 6390, parameterGroupName: 'default.redis7', restoreSource: { snapshotName: 'nightly' },
      });
      expect(grown.tls.enabled).toBe(true);
      expect(grown.shards).toHaveLength(1);
      expect(grown.shards[0].primary).toMatchObject({ cacheClusterId: 'seed', cacheNodeId: '0001', role: 'primary', availabilityZone: 'us-east-1c' });
      expect(grown.shards[0].replicas.map((n) => n.cacheClusterId)).toEqual(['grown-002']);
    });

    test('a property that differs from the cluster\'s is refused, one that agrees is accepted', () => {
      expectRejection(() => around({ CacheNodeType: 'cache.t4g.medium' }), 'InvalidParameterCombination',
        'CacheNodeType "cache.t4g.medium" differs from "cache.t4g.small" of primary cluster seed: a group built around an existing cluster takes it from the cluster.', 'R');
      expectRejection(() => around({ Port: 6379 }), 'InvalidParameterCombination', /^Port 6379 differs from 6390 of primary cluster seed/, 'R');
      expect(group(around({ Engine: 'redis', Port: 6390, TransitEncryptionEnabled: true })).port).toBe(6390);
    });

    test('an unknown cluster, a Memcached cluster, cluster mode and a snapshot to restore are refused', () => {
      expectRejection(() => topologyOf({
        Resources: { R: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ReplicationGroupDescription: 'r', PrimaryClusterId: 'existing' } } },
      }), 'CacheClusterNotFound', 'Cache cluster existing not found.', 'R');
      expectRejection(() => topologyOf({
        Resources: {
          M: { Type: 'AWS::ElastiCache::CacheCluster', Properties: { ClusterName: 'mc', Engine: 'memcached', CacheNodeType: 'cache.t4g.small', NumCacheNodes: 1 } },
          R: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ReplicationGroupDescription: 'r', PrimaryClusterId: { Ref: 'M' } } },
        },
      }), 'InvalidParameterValue', 'Cache cluster mc runs Memcached: only a Valkey or Redis OSS cluster can be a group\'s primary.', 'R');
      expectRejection(() => around({ NumNodeGroups: 2 }), 'InvalidParameterCombination', /^PrimaryClusterId builds a group with cluster mode disabled/, 'R');
      expectRejection(() => around({ SnapshotName: 'other' }), 'InvalidParameterCombination', /^A group built around an existing cluster keeps that cluster's data/, 'R');
    });
  });
});

import { Token } from 'aws-cdk-lib';
import { Engine, EngineVersion, NodeType } from '../../src';

describe('EngineVersion', () => {
  test('constants carry family, major version and engine', () => {
    expect(EngineVersion.VALKEY_8_1.parameterGroupFamily).toBe('valkey8');
    expect(EngineVersion.VALKEY_8_1.majorVersion).toBe('8');
    expect(EngineVersion.VALKEY_7_2.parameterGroupFamily).toBe('valkey7');
    expect(EngineVersion.REDIS_7_1.parameterGroupFamily).toBe('redis7');
    expect(EngineVersion.REDIS_6_2.parameterGroupFamily).toBe('redis6.x');
    expect(EngineVersion.REDIS_5_0_6.parameterGroupFamily).toBe('redis5.0');
    expect(EngineVersion.REDIS_2_6_13.parameterGroupFamily).toBe('redis2.6');
    expect(EngineVersion.MEMCACHED_1_6_22.parameterGroupFamily).toBe('memcached1.6');
    expect(EngineVersion.MEMCACHED_1_6_22.majorVersion).toBe('1.6');
    expect(EngineVersion.MEMCACHED_1_4_5.parameterGroupFamily).toBe('memcached1.4');
    expect(EngineVersion.REDIS_7_0.engine).toBe(Engine.REDIS);
    expect(EngineVersion.REDIS_7_0.toString()).toBe('redis 7.0');
  });

  test('of() resolves exact versions, prefixes and patch releases', () => {
    expect(EngineVersion.of(Engine.REDIS, '5.0.6').version).toBe('5.0.6');
    expect(EngineVersion.of(Engine.REDIS, '6.x').version).toBe('6.2');
    expect(EngineVersion.of(Engine.REDIS, '7').version).toBe('7.1');
    expect(EngineVersion.of(Engine.REDIS, '7.0.7').version).toBe('7.0');
    expect(EngineVersion.of(Engine.MEMCACHED, '1.6').version).toBe('1.6.22');
    expect(EngineVersion.of(Engine.VALKEY, '8').version).toBe('8.2');
  });

  test('of() rejects an unknown version and lists the documented ones', () => {
    expect(() => EngineVersion.of(Engine.REDIS, '7.3')).toThrow(/Unknown redis engine version '7.3'. Documented redis versions: 2.6.13, .*7.0, 7.1\./);
    expect(() => EngineVersion.of(Engine.MEMCACHED, '1.6.21')).toThrow(/1.6.17, 1.6.22/);
    expect(() => EngineVersion.of(Engine.VALKEY, 'latest')).toThrow(/Unknown valkey engine version 'latest'/);
    expect(() => EngineVersion.of(Engine.REDIS, '3.2.7')).toThrow(/Unknown redis engine version/);
  });

  test('an unresolved token is accepted with permissive gates', () => {
    const v = EngineVersion.of(Engine.REDIS, Token.asString({ Ref: 'Version' }));
    expect(v.isUnresolved).toBe(true);
    expect(v.parameterGroupFamily).toBeUndefined();
    expect(v.supportsIpv6).toBe(true);
    expect(v.isAtLeast('99')).toBe(true);
    expect(v.maxShards).toBe(500);
  });

  test('isAtLeast compares numerically', () => {
    expect(EngineVersion.REDIS_3_2_10.isAtLeast('3.2.6')).toBe(true);
    expect(EngineVersion.REDIS_3_2_6.isAtLeast('3.2.10')).toBe(false);
    expect(EngineVersion.MEMCACHED_1_4_14.isAtLeast('1.4.5')).toBe(true);
    expect(EngineVersion.REDIS_6_2.isAtLeast('6.2')).toBe(true);
  });

  test('default parameter group names, with and without cluster mode', () => {
    expect(EngineVersion.REDIS_7_1.defaultParameterGroupName()).toBe('default.redis7');
    expect(EngineVersion.REDIS_7_1.defaultParameterGroupName(true)).toBe('default.redis7.cluster.on');
    expect(EngineVersion.REDIS_6_0.defaultParameterGroupName(true)).toBe('default.redis6.x.cluster.on');
    expect(EngineVersion.VALKEY_8_0.defaultParameterGroupName(true)).toBe('default.valkey8.cluster.on');
    expect(EngineVersion.MEMCACHED_1_5_16.defaultParameterGroupName()).toBe('default.memcached1.5');
    expect(() => EngineVersion.MEMCACHED_1_6_22.defaultParameterGroupName(true)).toThrow(/memcached 1.6.22 has no cluster mode/);
    expect(() => EngineVersion.REDIS_2_8_24.defaultParameterGroupName(true)).toThrow(/redis 2.8.24 has no cluster mode/);
  });

  test('deprecated versions are flagged', () => {
    expect(EngineVersion.REDIS_3_2_10.deprecated).toBe(true);
    expect(EngineVersion.REDIS_4_0_10.deprecated).toBe(false);
  });
});

describe('NodeType', () => {
  test('constants carry documented figures', () => {
    expect(NodeType.R7G_LARGE.name).toBe('cache.r7g.large');
    expect(NodeType.R7G_LARGE.family).toBe('r7g');
    expect(NodeType.R7G_LARGE.memoryGiB).toBe(13.07);
    expect(NodeType.R7G_LARGE.networkPerformance).toBe('0.937 Gbps baseline, 12.5 Gbps burst');
    expect(NodeType.R7G_LARGE.vCpus).toBeUndefined();
    expect(NodeType.T4G_MICRO.vCpus).toBe(2);
    expect(NodeType.T4G_MICRO.burstable).toBe(true);
    expect(NodeType.T4G_MICRO.networkPerformance).toBe('Up to 5 Gigabit');
    expect(NodeType.R6GD_XLARGE.dataTiering).toBe(true);
    expect(NodeType.R6G_XLARGE.dataTiering).toBe(false);
    expect(NodeType.M7G_16XLARGE.networkPerformance).toBe('30 Gbps baseline');
  });

  test('of() knows previous generation types and rejects unknown ones', () => {
    const m3 = NodeType.of('cache.m3.medium');
    expect(m3.previousGeneration).toBe(true);
    expect(NodeType.of('cache.t2.micro').previousGeneration).toBe(true);
    expect(NodeType.of('cache.r7g.large').previousGeneration).toBe(false);
    expect(() => NodeType.of('cache.r9g.large')).toThrow(/Unknown node type 'cache.r9g.large'. Documented families: .*r7g/);
    expect(() => NodeType.of('r7g.large')).toThrow(/start with 'cache.'/);
  });

  test('supports() follows the documented minimum version per engine', () => {
    expect(NodeType.M6G_LARGE.supports(EngineVersion.REDIS_5_0_6)).toBe(true);
    expect(NodeType.M6G_LARGE.supports(EngineVersion.REDIS_5_0_5)).toBe(false);
    expect(NodeType.R6GD_XLARGE.supports(EngineVersion.REDIS_6_2)).toBe(true);
    expect(NodeType.R6GD_XLARGE.supports(EngineVersion.REDIS_6_0)).toBe(false);
    expect(NodeType.R6GD_XLARGE.supports(EngineVersion.MEMCACHED_1_6_22)).toBe(false);
    expect(NodeType.C7GN_LARGE.supports(EngineVersion.MEMCACHED_1_6_6)).toBe(true);
    expect(NodeType.C7GN_LARGE.supports(EngineVersion.MEMCACHED_1_5_16)).toBe(false);
    expect(NodeType.M8G_LARGE.supports(EngineVersion.VALKEY_7_2)).toBe(true);
    expect(NodeType.M8G_LARGE.supports(EngineVersion.REDIS_7_1)).toBe(false);
    expect(NodeType.of('cache.m3.medium').supports(EngineVersion.REDIS_7_1)).toBe(false);
    expect(NodeType.T4G_MICRO.minimumEngineVersion('valkey')).toBe('7.2');
  });

  test('an unresolved token is accepted unchecked', () => {
    const t = NodeType.of(Token.asString({ Ref: 'NodeType' }));
    expect(t.isUnresolved).toBe(true);
    expect(t.supports(EngineVersion.REDIS_2_6_13)).toBe(true);
    expect(t.memoryGiB).toBeUndefined();
  });
});

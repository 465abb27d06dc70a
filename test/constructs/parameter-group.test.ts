import { CfnParameter, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { nagViolations, stackWithVpc } from './helpers';
import { Engine, EngineVersion } from '../../src/catalog';
import { ParameterGroup, ParameterGroupProps } from '../../src/constructs';

describe('ParameterGroup: template', () => {
  test('family from the engine version, validated parameters, generated description', () => {
    const { stack } = stackWithVpc();
    const group = new ParameterGroup(stack, 'Params', {
      engineVersion: EngineVersion.REDIS_7_1,
      parameters: { 'maxmemory-policy': 'allkeys-lru', 'timeout': '300' },
      tags: { team: 'cache' },
    });
    group.addParameter('activedefrag', 'yes');
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      CacheParameterGroupFamily: 'redis7',
      Description: 'Parameter group for Stack/Params',
      Properties: { 'maxmemory-policy': 'allkeys-lru', 'timeout': '300', 'activedefrag': 'yes' },
      Tags: [{ Key: 'team', Value: 'cache' }],
    });
    expect(stack.resolve(group.parameterGroupName)).toEqual({ Ref: stack.getLogicalId(group.resource) });
    expect(group.family).toBe('redis7');
    expect(group.clusterModeEnabled).toBe(false);
  });

  test('an explicit family, no parameters: no Properties', () => {
    const { stack } = stackWithVpc();
    new ParameterGroup(stack, 'Params', { family: 'memcached1.6', description: 'mc' });
    const props = Template.fromStack(stack).findResources('AWS::ElastiCache::ParameterGroup');
    const [resource] = Object.values(props) as any[];
    expect(resource.Properties).toEqual({ CacheParameterGroupFamily: 'memcached1.6', Description: 'mc' });
  });

  test.each([
    ['clusterMode: true', (s: any) => new ParameterGroup(s, 'Params', { engineVersion: EngineVersion.VALKEY_8_1, clusterMode: true })],
    ['forClusterMode()', (s: any) => ParameterGroup.forClusterMode(s, 'Params', { family: 'valkey8' })],
    ['cluster-enabled yes in parameters', (s: any) => new ParameterGroup(s, 'Params', { family: 'valkey8', parameters: { 'cluster-enabled': 'yes' } })],
  ])('cluster mode via %s sets cluster-enabled yes', (_n, make) => {
    const { stack } = stackWithVpc();
    const group = make(stack) as ParameterGroup;
    expect(group.clusterModeEnabled).toBe(true);
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ParameterGroup', { Properties: { 'cluster-enabled': 'yes' } });
  });

  test('token values and a token family skip the checks', () => {
    const { stack } = stackWithVpc();
    const family = new CfnParameter(stack, 'Family', { type: 'String' }).valueAsString;
    const policy = new CfnParameter(stack, 'Policy', { type: 'String' }).valueAsString;
    expect(() => new ParameterGroup(stack, 'A', { family, parameters: { 'anything-goes': 'x' } })).not.toThrow();
    expect(() => new ParameterGroup(stack, 'B', { family: 'redis7', parameters: { 'maxmemory-policy': policy } })).not.toThrow();
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test.each([
    ['default.redis7', 'redis7', false],
    ['default.valkey8.cluster.on', 'valkey8', true],
    ['default.memcached1.6', 'memcached1.6', false],
    ['my-custom-group', undefined, undefined],
  ])('fromParameterGroupName(%s) reads family %s and cluster mode %s', (name, family, clusterMode) => {
    const { stack } = stackWithVpc();
    const group = ParameterGroup.fromParameterGroupName(stack, 'Imported', name);
    expect([group.parameterGroupName, group.family, group.clusterModeEnabled]).toEqual([name, family, clusterMode]);
  });
});

describe('ParameterGroup: validation', () => {
  type Case = [string, ParameterGroupProps, string];
  const cases: Case[] = [
    ['unknown parameter', { family: 'redis7', parameters: { 'no-such-param': '1' } },
      'parameters["no-such-param"] "1" is not allowed: Parameter \'no-such-param\' does not exist in family redis7'],
    ['wrong type', { family: 'redis7', parameters: { timeout: 'abc' } },
      'parameters["timeout"] "abc" is not allowed: Parameter \'timeout\' of family redis7 got \'abc\': expected an integer'],
    ['out of range', { family: 'redis7', parameters: { 'reserved-memory-percent': '200' } },
      'parameters["reserved-memory-percent"] "200" is not allowed: Parameter \'reserved-memory-percent\' of family redis7 got \'200\': allowed values are 0 to 100'],
    ['not in the enumeration', { engineVersion: EngineVersion.REDIS_7_0, parameters: { 'maxmemory-policy': 'bogus' } },
      'parameters["maxmemory-policy"] "bogus" is not allowed: Parameter \'maxmemory-policy\' of family redis7 got \'bogus\': allowed values are one of: volatile-lru'],
    ['not modifiable', { family: 'redis7', parameters: { maxmemory: '100' } },
      'parameters["maxmemory"] "100" is not allowed: Parameter \'maxmemory\' of family redis7 is not modifiable'],
    ['unknown family', { family: 'redis9' }, 'family "redis9" is not allowed: one of redis2.6, redis2.8'],
    ['family differing from the engine version', { engineVersion: EngineVersion.VALKEY_8_0, family: 'valkey7' },
      'family "valkey7" is not allowed: the family of engineVersion valkey 8.0 (valkey8), or leave family out'],
    ['neither family nor engine version', {}, 'engineVersion (unset) is not allowed: an engine version (or a family)'],
    ['a token engine version without family', { engineVersion: EngineVersion.of(Engine.REDIS, Token.asString({ Ref: 'V' })) },
      'engineVersion "(unresolved token)" is not allowed: an engine version (or a family): a parameter group needs its family, and a token engine version does not give one'],
    ['cluster mode on Memcached', { family: 'memcached1.6', clusterMode: true },
      'clusterMode true is not allowed: a family with cluster mode (Valkey, or Redis OSS 3.2.4 and later); memcached1.6 has none'],
    ['cluster mode with cluster-enabled no', { family: 'redis7', clusterMode: true, parameters: { 'cluster-enabled': 'no' } },
      'parameters["cluster-enabled"] "no" is not allowed: "yes" (or leave it out) in a cluster mode group'],
    ['description too long', { family: 'redis7', description: 'd'.repeat(256) }, 'description'],
  ];
  test.each(cases)('%s', (_n, props, expected) => {
    const { stack } = stackWithVpc();
    expect(() => new ParameterGroup(stack, 'Params', props)).toThrow(`Stack/Params: ${expected}`);
  });

  test('addParameter checks the value too', () => {
    const { stack } = stackWithVpc();
    const group = new ParameterGroup(stack, 'Params', { family: 'valkey8' });
    expect(() => group.addParameter('activedefrag', 'maybe'))
      .toThrow('Stack/Params: parameters["activedefrag"] "maybe" is not allowed: Parameter \'activedefrag\' of family valkey8 got \'maybe\'');
  });

  test('cluster-enabled cannot be turned off later in a cluster mode group', () => {
    const { stack } = stackWithVpc();
    const group = ParameterGroup.forClusterMode(stack, 'Params', { family: 'redis7' });
    expect(() => group.addParameter('cluster-enabled', 'no')).toThrow('Stack/Params: parameters["cluster-enabled"] "no" is not allowed: "yes" in a cluster mode group');
  });

  test('rules across parameters are checked at synth', () => {
    const { stack } = stackWithVpc();
    const group = new ParameterGroup(stack, 'Params', { family: 'redis7', parameters: { 'reserved-memory-percent': '25' } });
    group.addParameter('reserved-memory', '100');
    expect(() => Template.fromStack(stack)).toThrow(/Stack\/Params: parameters .* are not allowed together: Parameters 'reserved-memory' \(100\) and 'reserved-memory-percent' \(25\) of family redis7 are mutually exclusive/);
  });

  test('a default group name of an unknown family is refused on import', () => {
    const { stack } = stackWithVpc();
    expect(() => ParameterGroup.fromParameterGroupName(stack, 'I', 'default.redis9'))
      .toThrow('Stack: parameterGroupName "default.redis9" is not allowed: a default group of a known family');
  });
});

describe('ParameterGroup: cdk-nag', () => {
  test.each([
    ['an engine version', { engineVersion: EngineVersion.VALKEY_8_1 }],
    ['a Memcached family', { family: 'memcached1.6' }],
    ['cluster mode', { engineVersion: EngineVersion.REDIS_7_1, clusterMode: true }],
  ])('a group made from %s has no AwsSolutions findings', (_name, props) => {
    const { stack } = stackWithVpc();
    expect(nagViolations(new ParameterGroup(stack, 'Params', props as ParameterGroupProps))).toEqual([]);
  });
});

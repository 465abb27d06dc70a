import { defaultParameterGroupName, familyForEngineVersion, familySupportsClusterMode, parseDefaultParameterGroupName } from '../../src/catalog/families';
import { compareVersions, findEngineVersion } from '../../src/catalog/lookup';
import { checkDataTiering, checkNodeTypeForEngine } from '../../src/catalog/node-compatibility';
import { defaultMaxCacheMemoryMb, defaultMaxmemoryBytes, defaultMemcachedThreads, memcachedItemMemoryBytes, redisDataMemoryBytes } from '../../src/catalog/node-memory';
import { nodeTypeSpecificValue } from '../../src/catalog/node-type-parameters';

describe('compareVersions', () => {
  test.each([
    ['6.2', '6.10', -1],
    ['1.4.5', '1.4.14', -1],
    ['3.2.10', '3.2.6', 1],
    ['7.0', '7', 0],
    ['6.x', '6.0', 0],
    ['1.6.22', '1.6.22', 0],
    ['5.0.6', '5.0', 1],
  ])('%s vs %s = %d', (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
  });
});

describe('findEngineVersion', () => {
  test.each([
    ['redis', '6.x', '6.2'],
    ['redis', '6', '6.2'],
    ['redis', '5.0', '5.0.6'],
    ['redis', '7.1.0', '7.1'],
    ['valkey', '8.0.1', '8.0'],
    ['memcached', '1.4', '1.4.34'],
    ['memcached', '1.6.22', '1.6.22'],
  ] as const)('%s %s resolves to %s', (engine, version, expected) => {
    expect(findEngineVersion(engine, version)?.version).toBe(expected);
  });

  test.each([
    ['redis', '3.2.7'],
    ['redis', '8'],
    ['memcached', '1.6.21'],
    ['valkey', '7.2.x.1'],
    ['valkey', ''],
    ['redis', 'latest'],
  ] as const)('%s %s is unknown', (engine, version) => {
    expect(findEngineVersion(engine, version)).toBeUndefined();
  });
});

describe('families and default parameter groups', () => {
  test('family of each engine version', () => {
    expect(familyForEngineVersion('redis', '7.1')).toBe('redis7');
    expect(familyForEngineVersion('redis', '6.0')).toBe('redis6.x');
    expect(familyForEngineVersion('redis', '2.8.24')).toBe('redis2.8');
    expect(familyForEngineVersion('valkey', '8.1')).toBe('valkey8');
    expect(familyForEngineVersion('memcached', '1.5.16')).toBe('memcached1.5');
    expect(familyForEngineVersion('memcached', '1.7')).toBeUndefined();
  });

  test('cluster-mode default group names', () => {
    expect(defaultParameterGroupName('redis7', true)).toBe('default.redis7.cluster.on');
    expect(defaultParameterGroupName('redis3.2', true)).toBe('default.redis3.2.cluster.on');
    expect(defaultParameterGroupName('memcached1.6', false)).toBe('default.memcached1.6');
    expect(() => defaultParameterGroupName('memcached1.6', true)).toThrow(/Family memcached1.6 has no cluster mode/);
    expect(() => defaultParameterGroupName('redis2.8', true)).toThrow(/Family redis2.8 has no cluster mode/);
    expect(() => defaultParameterGroupName('redis8', false)).toThrow(/Unknown parameter group family 'redis8'/);
    expect(familySupportsClusterMode('valkey9')).toBe(true);
  });

  test('parsing default group names', () => {
    expect(parseDefaultParameterGroupName('default.redis6.x.cluster.on')).toEqual({ family: 'redis6.x', clusterMode: true });
    expect(parseDefaultParameterGroupName('default.valkey8')).toEqual({ family: 'valkey8', clusterMode: false });
    expect(parseDefaultParameterGroupName('default.memcached1.6.cluster.on')).toBeUndefined();
    expect(parseDefaultParameterGroupName('my-group')).toBeUndefined();
  });
});

describe('node type and engine compatibility', () => {
  test.each([
    ['cache.r7g.large', 'redis', '7.1', undefined],
    ['cache.r7g.large', 'redis', '6.0', 'Node type cache.r7g.large does not run redis 6.0; it runs redis 6.2 or later, valkey 7.2 or later, memcached 1.5.16 or later.'],
    ['cache.m8g.large', 'redis', '7.1', 'Node type cache.m8g.large does not run redis 7.1; it runs valkey 7.2 or later, memcached 1.6.6 or later.'],
    ['cache.r6gd.xlarge', 'memcached', '1.6.22', 'Node type cache.r6gd.xlarge does not run memcached 1.6.22; it runs redis 6.2.0 or later, valkey 7.2 or later.'],
    ['cache.t4g.micro', 'redis', '5.0.5', 'Node type cache.t4g.micro does not run redis 5.0.5; it runs redis 5.0.6 or later, valkey 7.2 or later, memcached 1.5.16 or later.'],
    ['cache.m5.large', 'memcached', '1.4.5', undefined],
  ] as const)('%s with %s %s', (node, engine, version, expected) => {
    expect(checkNodeTypeForEngine(node, engine, version)).toBe(expected);
  });

  test('previous generation and unknown input', () => {
    expect(checkNodeTypeForEngine('cache.m3.medium', 'redis', '7.1')).toMatch(/^Node type cache.m3.medium is previous generation/);
    expect(checkNodeTypeForEngine('cache.t2.micro', 'redis', '7.1')).toMatch(/previous generation/);
    expect(checkNodeTypeForEngine('cache.x9.large', 'redis', '7.1')).toBe("Unknown node type 'cache.x9.large'.");
    expect(checkNodeTypeForEngine('cache.r7g.large', 'redis', '9.9')).toBe("Unknown redis engine version '9.9'.");
  });

  test('data tiering on r6gd only, and always there', () => {
    expect(checkDataTiering('cache.r6gd.xlarge', true)).toBeUndefined();
    expect(checkDataTiering('cache.r6gd.xlarge', false)).toMatch(/data tiering must be enabled/);
    expect(checkDataTiering('cache.r6g.xlarge', true)).toMatch(/needs an r6gd node type/);
    expect(checkDataTiering('cache.r6g.xlarge', false)).toBeUndefined();
  });
});

describe('node memory', () => {
  test('Redis OSS / Valkey maxmemory and data memory', () => {
    expect(defaultMaxmemoryBytes('cache.r7g.large')).toBe(14037181030);
    expect(defaultMaxmemoryBytes('cache.t1.micro')).toBe(142606336);
    // 25 % reserved by default.
    expect(redisDataMemoryBytes('cache.t3.micro')).toBe(Math.floor(536870912 * 0.75));
    expect(redisDataMemoryBytes('cache.t3.micro', { 'reserved-memory-percent': '50' })).toBe(268435456);
    expect(redisDataMemoryBytes('cache.t3.micro', { 'reserved-memory': '36870912' })).toBe(500000000);
    expect(() => defaultMaxmemoryBytes('cache.nope.large')).toThrow(/Unknown node type 'cache.nope.large'/);
  });

  test('Memcached max_cache_memory, threads and item memory', () => {
    expect(defaultMaxCacheMemoryMb('cache.m5.large')).toBe(6537);
    expect(defaultMemcachedThreads('cache.m5.large')).toBe(2);
    // The documented example: m5.large 6537 MB - 100 MB = 6437 MB for items.
    expect(memcachedItemMemoryBytes('cache.m5.large')).toBe(6437 * 1024 * 1024);
    expect(memcachedItemMemoryBytes('cache.t1.micro')).toBe((213 - 13) * 1024 * 1024);
    expect(memcachedItemMemoryBytes('cache.m5.large', { memcached_connections_overhead: '200' })).toBe(6337 * 1024 * 1024);
    expect(defaultMaxCacheMemoryMb('cache.r6gd.xlarge')).toBeUndefined();
  });
});

describe('node-type specific parameter values', () => {
  test('every node-type specific parameter of every family resolves on a documented node type', () => {
    expect(nodeTypeSpecificValue('redis7', 'maxmemory', 'cache.r7g.large')).toBe('14037181030');
    expect(nodeTypeSpecificValue('redis7', 'client-output-buffer-limit-replica-hard-limit', 'cache.r5.large')).toBe('1403718103');
    expect(nodeTypeSpecificValue('redis2.8', 'client-output-buffer-limit-slave-soft-limit', 'cache.m3.medium')).toBe('309329920');
    expect(nodeTypeSpecificValue('redis7', 'maxclients', 'cache.t3.small')).toBe('46000');
    expect(nodeTypeSpecificValue('redis7', 'maxclients', 'cache.r7g.large')).toBe('65000');
    expect(nodeTypeSpecificValue('memcached1.6', 'max_cache_memory', 'cache.c7gn.large')).toBe('3164');
    expect(nodeTypeSpecificValue('memcached1.6', 'num_threads', 'cache.m4.10xlarge')).toBe('40');
  });

  test('undocumented figures and non node-type specific parameters give undefined', () => {
    expect(nodeTypeSpecificValue('redis7', 'client-output-buffer-limit-replica-hard-limit', 'cache.r7g.large')).toBeUndefined();
    expect(nodeTypeSpecificValue('redis7', 'timeout', 'cache.r7g.large')).toBeUndefined();
    expect(nodeTypeSpecificValue('redis7', 'maxmemory', 'cache.x1.large')).toBeUndefined();
  });
});

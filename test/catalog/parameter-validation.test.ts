import { describeAllowedValues, isAllowed } from '../../src/catalog/allowed-values';
import { validateParameterGroup } from '../../src/catalog/parameter-group-rules';
import { validateParameter } from '../../src/catalog/parameter-validation';

describe('allowed values syntax', () => {
  test.each([
    ['yes', 'yes,no', true],
    ['maybe', 'yes,no', false],
    ['0', '0,20-', true],
    ['10', '0,20-', false],
    ['20', '0,20-', true],
    ['-2', '-5,-4,-3,-2,-1,1-', true],
    ['0', '-5,-4,-3,-2,-1,1-', false],
    ['-6', '-5,-4,-3,-2,-1,1-', false],
    ['-123', '-', true],
    ['abc', '-', false],
    ['100', '1-100', true],
    ['101', '1-100', false],
    ['016384', '16384-', true],
  ])('%s in %s: %s', (value, allowed, expected) => {
    expect(isAllowed(value, allowed)).toBe(expected);
  });

  test('human wording', () => {
    expect(describeAllowedValues('yes,no')).toBe('one of: yes, no');
    expect(describeAllowedValues('0,20-')).toBe('0, or 20 or more');
    expect(describeAllowedValues('1-100')).toBe('1 to 100');
  });
});

describe('validateParameter', () => {
  test('accepts documented values', () => {
    expect(validateParameter('redis7', 'maxmemory-policy', 'allkeys-lru')).toBeUndefined();
    expect(validateParameter('redis7', 'timeout', '300')).toBeUndefined();
    expect(validateParameter('redis7', 'timeout', '0')).toBeUndefined();
    expect(validateParameter('redis7', 'notify-keyspace-events', 'KEA')).toBeUndefined();
    expect(validateParameter('redis7', 'notify-keyspace-events', '')).toBeUndefined();
    expect(validateParameter('redis7', 'cluster-enabled', 'yes')).toBeUndefined();
    expect(validateParameter('redis7', 'rename-commands', 'FLUSHALL nukeall KEYS listkeys')).toBeUndefined();
    expect(validateParameter('memcached1.6', 'chunk_size_growth_factor', '1.5')).toBeUndefined();
    expect(validateParameter('memcached1.6', 'idle_timeout', '86400')).toBeUndefined();
    expect(validateParameter('valkey8', 'maxmemory-samples', '64')).toBeUndefined();
  });

  test('unknown family lists the known ones', () => {
    expect(validateParameter('redis9', 'timeout', '0')).toMatch(/^Unknown parameter group family 'redis9'. Known families: redis2.6, .*valkey9, memcached1.4/);
  });

  test('unknown parameter names the family and points at the replacement or the families that have it', () => {
    expect(validateParameter('redis7', 'no-such-param', '1')).toBe("Parameter 'no-such-param' does not exist in family redis7. See the redis7 parameter list in the ElastiCache documentation.");
    expect(validateParameter('redis7', 'slave-allow-chaining', 'no')).toBe("Parameter 'slave-allow-chaining' does not exist in family redis7; use 'replica-allow-chaining', which replaced it.");
    expect(validateParameter('redis4.0', 'replica-lazy-flush', 'no')).toBe("Parameter 'replica-lazy-flush' does not exist in family redis4.0; this family still calls it 'slave-lazy-flush'.");
    expect(validateParameter('redis7', 'hash-max-ziplist-entries', '512')).toMatch(/use 'hash-max-listpack-entries'/);
    expect(validateParameter('memcached1.6', 'modern', '1')).toBe("Parameter 'modern' does not exist in family memcached1.6; only families memcached1.4 have it.");
    expect(validateParameter('memcached1.4', 'no_modern', '1')).toMatch(/only families memcached1.5, memcached1.6 have it/);
    expect(validateParameter('redis7', 'max_item_size', '1')).toMatch(/See the redis7 parameter list/);
  });

  test('wrong type', () => {
    expect(validateParameter('redis7', 'timeout', 'ten')).toBe("Parameter 'timeout' of family redis7 got 'ten': expected an integer (0, or 20 or more).");
    expect(validateParameter('memcached1.6', 'chunk_size_growth_factor', 'fast')).toBe("Parameter 'chunk_size_growth_factor' of family memcached1.6 got 'fast': expected a number.");
    expect(validateParameter('memcached1.6', 'max_item_size', '1.5')).toMatch(/expected an integer/);
  });

  test('out of range and not in the enumeration', () => {
    expect(validateParameter('redis7', 'timeout', '10')).toBe("Parameter 'timeout' of family redis7 got '10': allowed values are 0, or 20 or more.");
    expect(validateParameter('redis7', 'reserved-memory-percent', '101')).toBe("Parameter 'reserved-memory-percent' of family redis7 got '101': allowed values are 0 to 100.");
    expect(validateParameter('redis7', 'maxmemory-policy', 'allkeys-fifo')).toMatch(/allowed values are one of: volatile-lru, allkeys-lru, volatile-lfu/);
    expect(validateParameter('redis3.2', 'maxmemory-policy', 'allkeys-lfu')).toMatch(/got 'allkeys-lfu': allowed values are one of: volatile-lru, allkeys-lru, volatile-random/);
    expect(validateParameter('memcached1.6', 'idle_timeout', '86401')).toMatch(/allowed values are 0 to 86400/);
    expect(validateParameter('memcached1.6', 'cas_disabled', 'true')).toMatch(/allowed values are one of: 0, 1/);
    expect(validateParameter('memcached1.6', 'hash_algorithm', 'md5')).toMatch(/one of: murmur3, jenkins/);
    expect(validateParameter('valkey8', 'maxmemory-samples', '65')).toMatch(/1 to 64/);
    expect(validateParameter('redis7', 'maxmemory-samples', '65')).toBeUndefined();
  });

  test('not modifiable', () => {
    expect(validateParameter('redis7', 'maxmemory', '1000')).toBe("Parameter 'maxmemory' of family redis7 is not modifiable (its value is set by ElastiCache per node type); remove it from the parameter group.");
    expect(validateParameter('redis7', 'activerehashing', 'no')).toBe("Parameter 'activerehashing' of family redis7 is not modifiable; remove it from the parameter group.");
    expect(validateParameter('memcached1.6', 'max_simultaneous_connections', '100')).toMatch(/is not modifiable/);
    expect(validateParameter('memcached1.6', 'max_cache_memory', '100')).toMatch(/set by ElastiCache per node type/);
    expect(validateParameter('redis3.2', 'activerehashing', 'no')).toBeUndefined();
  });

  test('not available in that engine version', () => {
    expect(validateParameter('redis5.0', 'rename-commands', 'KEYS k2', '5.0.0')).toBe("Parameter 'rename-commands' of family redis5.0 needs engine version 5.0.3 or later; the engine version is 5.0.0.");
    expect(validateParameter('redis5.0', 'rename-commands', 'KEYS k2', '5.0.3')).toBeUndefined();
    expect(validateParameter('memcached1.4', 'idle_timeout', '10', '1.4.24')).toMatch(/needs engine version 1.4.33 or later/);
    expect(validateParameter('valkey8', 'search-default-timeout-ms', '100', '8.1')).toMatch(/needs engine version 8.2 or later/);
  });

  test('list formats: keyspace event flags and rename pairs', () => {
    expect(validateParameter('redis7', 'notify-keyspace-events', 'KEq')).toBe("Parameter 'notify-keyspace-events' of family redis7 got 'KEq': 'q' is not an event flag; allowed flags are KEg$lshzxeA.");
    expect(validateParameter('redis7', 'rename-commands', 'KEYS')).toMatch(/expected space-separated pairs 'COMMAND newname'/);
    expect(validateParameter('redis7', 'rename-commands', 'CONFIG cfg')).toMatch(/command 'CONFIG' cannot be renamed/);
  });
});

describe('validateParameterGroup: cross-parameter rules', () => {
  test('reserved-memory and reserved-memory-percent are mutually exclusive', () => {
    expect(validateParameterGroup('redis7', { 'reserved-memory': '100', 'reserved-memory-percent': '25' })).toEqual([
      "Parameters 'reserved-memory' (100) and 'reserved-memory-percent' (25) of family redis7 are mutually exclusive; set only one.",
    ]);
    expect(validateParameterGroup('redis7', { 'reserved-memory-percent': '30' })).toEqual([]);
  });

  test('reserved-memory must fit the node type', () => {
    expect(validateParameterGroup('redis7', { 'reserved-memory': '600000000' }, { nodeType: 'cache.t3.micro' })).toEqual([
      "Parameter 'reserved-memory' of family redis7 got '600000000': it must not exceed the maxmemory of cache.t3.micro (536870912 bytes).",
    ]);
    expect(validateParameterGroup('redis7', { 'reserved-memory': '500000000' }, { nodeType: 'cache.t3.micro' })).toEqual([]);
  });

  test('Memcached >= 1.4.33 item size rules', () => {
    expect(validateParameterGroup('memcached1.6', { slab_chunk_max: '2097152' })).toEqual([
      "Parameter 'slab_chunk_max' (2097152) must not exceed 'max_item_size' (1048576) from Memcached 1.4.33.",
    ]);
    expect(validateParameterGroup('memcached1.6', { max_item_size: '1310720' })).toEqual([
      "Parameter 'max_item_size' (1310720) must be a multiple of 'slab_chunk_max' (524288) from Memcached 1.4.33.",
    ]);
    // t3.micro: (512 - 100) MB / 4 = 108003328 bytes.
    expect(validateParameterGroup('memcached1.6', { max_item_size: '134217728' }, { nodeType: 'cache.t3.micro' })).toEqual([
      "Parameter 'max_item_size' (134217728) must not exceed (max_cache_memory 512 MB − memcached_connections_overhead 100 MB) / 4 = 108003328 bytes on cache.t3.micro.",
    ]);
    expect(validateParameterGroup('memcached1.6', { max_item_size: '104857600' }, { nodeType: 'cache.t3.micro' })).toEqual([]);
    // Before 1.4.33 the rules do not apply.
    expect(validateParameterGroup('memcached1.4', { slab_chunk_max: '2097152' }, { engineVersion: '1.4.24' })).toEqual([
      "Parameter 'slab_chunk_max' of family memcached1.4 needs engine version 1.4.33 or later; the engine version is 1.4.24.",
    ]);
    expect(validateParameterGroup('memcached1.4', { max_item_size: '1310720' }, { engineVersion: '1.4.24' })).toEqual([]);
  });

  test('per-parameter messages come first and stop the cross checks', () => {
    expect(validateParameterGroup('redis7', { 'timeout': '5', 'reserved-memory': '1', 'reserved-memory-percent': '1' })).toEqual([
      "Parameter 'timeout' of family redis7 got '5': allowed values are 0, or 20 or more.",
    ]);
  });
});

import { effectiveParameters } from './parameter-groups';
import type { MemcachedEngineConfig, ParameterGroupModel, ValkeyEngineConfig } from './types';
import { memcachedItemMemoryBytes, redisDataMemoryBytes } from '../../catalog/internal';

function optionalNumber(value: string | undefined): number | undefined {
  return value === undefined || value === '' || Number.isNaN(Number(value)) ? undefined : Number(value);
}

/** Engine settings of a Valkey / Redis OSS node: parameters, and memory left after reserved memory. */
export function valkeyEngineConfig(
  engine: 'valkey' | 'redis',
  engineVersion: string,
  port: number,
  nodeType: string | undefined,
  group: ParameterGroupModel,
): ValkeyEngineConfig {
  const parameters = effectiveParameters(group, nodeType);
  // The catalog reserves `reserved-memory` bytes when that parameter is set, else
  // `reserved-memory-percent` (default 25); families without the percentage reserve their default bytes.
  const memoryInputs = 'reserved-memory-percent' in parameters ? group.values : { 'reserved-memory': parameters['reserved-memory'] ?? '0', ...group.values };
  return {
    engine,
    engineVersion,
    port,
    clusterEnabled: parameters['cluster-enabled'] === 'yes',
    maxmemoryBytes: nodeType ? redisDataMemoryBytes(nodeType, memoryInputs) : undefined,
    parameters,
  };
}

/** Engine settings of a Memcached node: parameters, item memory, threads. */
export function memcachedEngineConfig(
  engineVersion: string,
  port: number,
  nodeType: string | undefined,
  group: ParameterGroupModel,
): MemcachedEngineConfig {
  const parameters = effectiveParameters(group, nodeType);
  return {
    engine: 'memcached',
    engineVersion,
    port,
    maxCacheMemoryMb: optionalNumber(parameters.max_cache_memory),
    itemMemoryBytes: nodeType ? memcachedItemMemoryBytes(nodeType, parameters) : undefined,
    threads: optionalNumber(parameters.num_threads),
    parameters,
  };
}

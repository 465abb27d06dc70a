import { findNodeType } from './lookup';
import type { NodeTypeInfo } from './types';

/**
 * Memory a node gives the engine, from the node-type parameter tables. The simulator sizes its
 * engine nodes with these figures, the constructs check parameter values against them.
 */

const MIB = 1024 * 1024;

function nodeType(name: string): NodeTypeInfo {
  const info = findNodeType(name);
  if (!info) throw new Error(`Unknown node type '${name}'.`);
  return info;
}

/** Redis OSS / Valkey `maxmemory` of the node type in bytes, or undefined where none is documented. */
export function defaultMaxmemoryBytes(nodeTypeName: string): number | undefined {
  return nodeType(nodeTypeName).maxmemoryBytes;
}

/**
 * Bytes left for data on a Redis OSS / Valkey node: `maxmemory` minus the reserved memory. With
 * `reserved-memory` set, that many bytes are reserved; otherwise `reserved-memory-percent` (default
 * 25) percent of `maxmemory`.
 */
export function redisDataMemoryBytes(nodeTypeName: string, parameters: Readonly<Record<string, string>> = {}): number | undefined {
  const maxmemory = defaultMaxmemoryBytes(nodeTypeName);
  if (maxmemory === undefined) return undefined;
  if (parameters['reserved-memory'] !== undefined) return Math.max(0, maxmemory - Number(parameters['reserved-memory']));
  const percent = Number(parameters['reserved-memory-percent'] ?? '25');
  return Math.floor((maxmemory * (100 - percent)) / 100);
}

/** Memcached `max_cache_memory` of the node type in megabytes, or undefined where none is documented. */
export function defaultMaxCacheMemoryMb(nodeTypeName: string): number | undefined {
  return nodeType(nodeTypeName).memcachedMaxCacheMemoryMb;
}

/** Memcached `num_threads` of the node type, or undefined where none is documented. */
export function defaultMemcachedThreads(nodeTypeName: string): number | undefined {
  return nodeType(nodeTypeName).memcachedNumThreads;
}

/**
 * Bytes Memcached may use for items: `max_cache_memory − memcached_connections_overhead`. The
 * overhead defaults to 100 MB, except 13 MB on cache.t1.micro with the default group (000:L7463).
 */
export function memcachedItemMemoryBytes(nodeTypeName: string, parameters: Readonly<Record<string, string>> = {}): number | undefined {
  const max = defaultMaxCacheMemoryMb(nodeTypeName);
  if (max === undefined) return undefined;
  const defaultOverhead = nodeTypeName === 'cache.t1.micro' ? 13 : 100;
  const overhead = Number(parameters.memcached_connections_overhead ?? defaultOverhead);
  return Math.max(0, (max - overhead) * MIB);
}

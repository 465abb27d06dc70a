import { findParameterFamily, findNodeType } from './lookup';
import { defaultMaxCacheMemoryMb, defaultMaxmemoryBytes } from './node-memory';
import { validateParameter } from './parameter-validation';
import { compareVersions } from './versions';

/**
 * Rules across the parameters of one group, on top of the per-parameter checks. Each message names
 * the parameters, their values and the rule.
 */

export interface ParameterGroupContext {
  /** The engine version the group is used with (enables per-version checks). */
  readonly engineVersion?: string;
  /** The node type the group is used with (enables memory checks). */
  readonly nodeType?: string;
}

const MIB = 1024 * 1024;

/** Every problem with the values of one parameter group: per-parameter messages, then cross rules. */
export function validateParameterGroup(family: string, values: Readonly<Record<string, string>>, context: ParameterGroupContext = {}): string[] {
  const errors: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    const message = validateParameter(family, name, value, context.engineVersion);
    if (message) errors.push(message);
  }
  if (errors.length > 0) return errors;
  const fam = findParameterFamily(family)!;
  if (fam.engine === 'memcached') errors.push(...memcachedItemSizeRules(family, values, context));
  else errors.push(...reservedMemoryRules(family, values, context));
  return errors;
}

/** `reserved-memory` and `reserved-memory-percent` are mutually exclusive; reserved bytes fit the node. */
function reservedMemoryRules(family: string, values: Readonly<Record<string, string>>, context: ParameterGroupContext): string[] {
  const errors: string[] = [];
  const bytes = values['reserved-memory'];
  if (bytes !== undefined && values['reserved-memory-percent'] !== undefined) {
    errors.push(`Parameters 'reserved-memory' (${bytes}) and 'reserved-memory-percent' (${values['reserved-memory-percent']}) of family ${family} are mutually exclusive; set only one.`);
  }
  if (bytes !== undefined && context.nodeType && findNodeType(context.nodeType)) {
    const maxmemory = defaultMaxmemoryBytes(context.nodeType);
    if (maxmemory !== undefined && Number(bytes) > maxmemory) {
      errors.push(`Parameter 'reserved-memory' of family ${family} got '${bytes}': it must not exceed the maxmemory of ${context.nodeType} (${maxmemory} bytes).`);
    }
  }
  return errors;
}

/**
 * From Memcached 1.4.33, CreateCacheCluster and ModifyCacheCluster fail when slab_chunk_max >
 * max_item_size, when max_item_size is not a multiple of slab_chunk_max, or when max_item_size >
 * (max_cache_memory − memcached_connections_overhead) / 4 (000:L6039–6045).
 */
function memcachedItemSizeRules(family: string, values: Readonly<Record<string, string>>, context: ParameterGroupContext): string[] {
  const version = context.engineVersion ?? (family === 'memcached1.4' ? undefined : '1.5.10');
  if (version === undefined || compareVersions(version, '1.4.33') < 0) return [];
  const fam = findParameterFamily(family)!;
  const valueOf = (name: string) => Number(values[name] ?? fam.parameters.find((p) => p.name === name)?.defaultValue);
  const itemSize = valueOf('max_item_size');
  const chunkMax = valueOf('slab_chunk_max');
  const errors: string[] = [];
  if (chunkMax > itemSize) {
    errors.push(`Parameter 'slab_chunk_max' (${chunkMax}) must not exceed 'max_item_size' (${itemSize}) from Memcached 1.4.33.`);
  } else if (itemSize % chunkMax !== 0) {
    errors.push(`Parameter 'max_item_size' (${itemSize}) must be a multiple of 'slab_chunk_max' (${chunkMax}) from Memcached 1.4.33.`);
  }
  if (context.nodeType && findNodeType(context.nodeType)) {
    const maxCache = defaultMaxCacheMemoryMb(context.nodeType);
    if (maxCache !== undefined) {
      const overhead = valueOf('memcached_connections_overhead');
      const limit = Math.floor(((maxCache - overhead) * MIB) / 4);
      if (itemSize > limit) {
        errors.push(`Parameter 'max_item_size' (${itemSize}) must not exceed (max_cache_memory ${maxCache} MB − memcached_connections_overhead ${overhead} MB) / 4 = ${limit} bytes on ${context.nodeType}.`);
      }
    }
  }
  return errors;
}

import { MAXCLIENTS_EXCEPTIONS } from './data/node-type-parameters';
import { findNodeType, findParameter } from './lookup';

/**
 * The value a node-type specific parameter has on a node type (what `DescribeCacheParameters` lists
 * under `CacheNodeTypeSpecificParameters`), or undefined where the documentation gives none.
 */
export function nodeTypeSpecificValue(family: string, parameterName: string, nodeTypeName: string): string | undefined {
  const param = findParameter(family, parameterName);
  const node = findNodeType(nodeTypeName);
  if (!param?.nodeTypeSpecific || !node) return undefined;
  const text = (n: number | undefined) => (n === undefined ? undefined : String(n));
  switch (parameterName) {
    case 'maxmemory':
      return text(node.maxmemoryBytes);
    case 'client-output-buffer-limit-slave-hard-limit':
    case 'client-output-buffer-limit-slave-soft-limit':
    case 'client-output-buffer-limit-replica-hard-limit':
    case 'client-output-buffer-limit-replica-soft-limit':
      return text(node.replicaOutputBufferLimitBytes);
    case 'maxclients':
      return text(MAXCLIENTS_EXCEPTIONS[nodeTypeName] ?? Number(param.defaultValue));
    case 'max_cache_memory':
      return text(node.memcachedMaxCacheMemoryMb);
    case 'num_threads':
      return text(node.memcachedNumThreads);
    default:
      return undefined;
  }
}

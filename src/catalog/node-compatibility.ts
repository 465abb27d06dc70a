import { findEngineVersion, findNodeType, nodeTypeSupports } from './lookup';
import type { EngineName } from './types';

/**
 * Whether a node type can run an engine version in a new cluster. Returns undefined when it can,
 * otherwise a message naming the node type, the engine version and what the node type runs.
 */
export function checkNodeTypeForEngine(nodeTypeName: string, engine: EngineName, version: string): string | undefined {
  const node = findNodeType(nodeTypeName);
  if (!node) return `Unknown node type '${nodeTypeName}'.`;
  if (node.generation === 'previous') {
    return `Node type ${nodeTypeName} is previous generation: ElastiCache no longer creates clusters with it. Choose a current-generation type such as cache.t4g.micro, cache.m7g.large or cache.r7g.large.`;
  }
  const info = findEngineVersion(engine, version);
  if (!info) return `Unknown ${engine} engine version '${version}'.`;
  if (nodeTypeSupports(node, engine, info.version)) return undefined;
  const runs = Object.entries(node.minEngineVersion).map(([e, v]) => `${e} ${v} or later`).join(', ');
  return `Node type ${nodeTypeName} does not run ${engine} ${info.version}; it runs ${runs}.`;
}

/** Data tiering is enabled exactly on r6gd node types, and only with an engine version that has it. */
export function checkDataTiering(nodeTypeName: string, enabled: boolean): string | undefined {
  const node = findNodeType(nodeTypeName);
  if (!node) return undefined;
  if (node.dataTiering && !enabled) return `Node type ${nodeTypeName} is a data tiering node type: data tiering must be enabled on it.`;
  if (!node.dataTiering && enabled) return `Data tiering needs an r6gd node type (cache.r6gd.xlarge … cache.r6gd.16xlarge); ${nodeTypeName} has no SSD tier.`;
  return undefined;
}

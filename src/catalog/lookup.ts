import { ENGINE_VERSIONS } from './data/engine-versions';
import { NODE_TYPES } from './data/node-types';
import { PARAMETER_FAMILIES } from './data/parameter-families';
import type { EngineName, EngineVersionInfo, NodeTypeInfo, ParameterFamilyInfo, ParameterInfo } from './types';

/**
 * Lookups over the catalog tables. The constructs validate with these at synth time and the
 * simulator configures nodes with them, so both read the same facts.
 */

/** Compares dotted versions numerically (`6.2` < `6.10`, `1.4.5` < `1.4.14`); `x` parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : 0));
  const pb = b.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : 0));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

export function allEngineVersions(engine?: EngineName): readonly EngineVersionInfo[] {
  return engine ? ENGINE_VERSIONS.filter((v) => v.engine === engine) : ENGINE_VERSIONS;
}

/** The exact version, or for a major/minor prefix (`7`, `6.x`) the newest version it matches. */
export function findEngineVersion(engine: EngineName, version: string): EngineVersionInfo | undefined {
  const exact = ENGINE_VERSIONS.find((v) => v.engine === engine && v.version === version);
  if (exact) return exact;
  const prefix = version.replace(/\.x$/, '');
  const matches = ENGINE_VERSIONS.filter((v) => v.engine === engine && (v.version === prefix || v.version.startsWith(prefix + '.')));
  return matches.sort((x, y) => compareVersions(y.version, x.version))[0];
}

export function allNodeTypes(): readonly NodeTypeInfo[] {
  return NODE_TYPES;
}

export function findNodeType(name: string): NodeTypeInfo | undefined {
  return NODE_TYPES.find((n) => n.name === name);
}

/** Whether the node type runs the engine at this version (per its documented minimum version). */
export function nodeTypeSupports(nodeType: NodeTypeInfo, engine: EngineName, version: string): boolean {
  const min = nodeType.minEngineVersion[engine];
  return min !== undefined && compareVersions(version, min) >= 0;
}

export function allParameterFamilies(): readonly ParameterFamilyInfo[] {
  return PARAMETER_FAMILIES;
}

export function findParameterFamily(family: string): ParameterFamilyInfo | undefined {
  return PARAMETER_FAMILIES.find((f) => f.family === family);
}

export function findParameter(family: string, name: string): ParameterInfo | undefined {
  return findParameterFamily(family)?.parameters.find((p) => p.name === name);
}

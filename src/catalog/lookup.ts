import { ENGINE_VERSIONS } from './data/engine-versions';
import { NODE_TYPES } from './data/node-types';
import { PARAMETER_FAMILIES } from './data/parameter-families';
import type { EngineName, EngineVersionInfo, NodeTypeInfo, ParameterFamilyInfo, ParameterInfo } from './types';
import { compareVersions } from './versions';

/**
 * Lookups over the catalog tables. The constructs validate with these at synth time and the
 * simulator configures nodes with them, so both read the same facts.
 */

export { compareVersions };

export function allEngineVersions(engine?: EngineName): readonly EngineVersionInfo[] {
  return engine ? ENGINE_VERSIONS.filter((v) => v.engine === engine) : ENGINE_VERSIONS;
}

/**
 * The documented version for what a template or a user may write: the exact version (`5.0.6`), a
 * major or major.x prefix (`7`, `6.x`: the newest match), or a patch release of a two-part version
 * (`7.0.7`, `6.2.6`: the service lists these as `7.0`, `6.2`).
 */
export function findEngineVersion(engine: EngineName, version: string): EngineVersionInfo | undefined {
  if (!/^\d+(\.(\d+|x)){0,2}$/.test(version)) return undefined;
  const ofEngine = ENGINE_VERSIONS.filter((v) => v.engine === engine);
  const exact = ofEngine.find((v) => v.version === version);
  if (exact) return exact;
  const parts = version.split('.');
  if (parts.length === 3 && /^\d+$/.test(parts[2])) {
    const twoPart = ofEngine.find((v) => v.version === `${parts[0]}.${parts[1]}`);
    return twoPart;
  }
  const prefix = version.replace(/\.x$/, '');
  if (prefix.split('.').length > 2) return undefined;
  const matches = ofEngine.filter((v) => v.version === prefix || v.version.startsWith(prefix + '.'));
  return [...matches].sort((x, y) => compareVersions(y.version, x.version))[0];
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

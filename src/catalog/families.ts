import { parameterGroupFamilyOf } from './data/engine-versions';
import { allEngineVersions, findEngineVersion, findParameterFamily } from './lookup';
import type { EngineName } from './types';

/**
 * Parameter group families and their default group names (`default.redis7`,
 * `default.redis7.cluster.on`).
 */

/** The family of a documented engine version, or undefined for an unknown version. */
export function familyForEngineVersion(engine: EngineName, version: string): string | undefined {
  const info = findEngineVersion(engine, version);
  return info ? parameterGroupFamilyOf(engine, info.version) : undefined;
}

/** Whether any version of the family runs cluster mode (Redis OSS >= 3.2.4, Valkey). */
export function familySupportsClusterMode(family: string): boolean {
  return allEngineVersions().some((v) => v.parameterGroupFamily === family && v.features.clusterMode);
}

/**
 * The default parameter group of a family: `default.<family>`, or with cluster mode
 * `default.<family>.cluster.on`. Throws for an unknown family or cluster mode where there is none.
 */
export function defaultParameterGroupName(family: string, clusterMode: boolean): string {
  if (!findParameterFamily(family)) throw new Error(`Unknown parameter group family '${family}'.`);
  if (!clusterMode) return `default.${family}`;
  if (!familySupportsClusterMode(family)) throw new Error(`Family ${family} has no cluster mode, so it has no default.${family}.cluster.on group.`);
  return `default.${family}.cluster.on`;
}

/** Reads a default group name back: family and cluster mode, or undefined when it is not a default group. */
export function parseDefaultParameterGroupName(name: string): { family: string; clusterMode: boolean } | undefined {
  const m = /^default\.(.+?)(\.cluster\.on)?$/.exec(name);
  if (!m || !findParameterFamily(m[1])) return undefined;
  const clusterMode = m[2] !== undefined;
  if (clusterMode && !familySupportsClusterMode(m[1])) return undefined;
  return { family: m[1], clusterMode };
}

/** The parameter values a default group has on top of its family defaults (`cluster-enabled yes`). */
export function defaultGroupOverrides(clusterMode: boolean): Readonly<Record<string, string>> {
  return clusterMode ? { 'cluster-enabled': 'yes' } : {};
}

import type { EngineName, ParameterFamilyInfo, ParameterInfo, SourceRef } from '../../types';
import { compareVersions } from '../../versions';

/** A change to an inherited parameter: the fields that differ, and where the change is documented. */
export type ParameterChange = Partial<Omit<ParameterInfo, 'name'>> & { readonly name: string; readonly source: SourceRef };

/** A parameter renamed in a family (Redis OSS 5.0 renamed `slave-*` to `replica-*`). */
export interface ParameterRename extends Partial<Omit<ParameterInfo, 'name'>> {
  readonly from: string;
  readonly to: string;
  readonly source: SourceRef;
}

/** A parameter the family no longer has. */
export interface ParameterRemoval {
  readonly name: string;
  /** The parameter that takes its place, when the documentation names one. */
  readonly replacedBy?: string;
  readonly source: SourceRef;
}

/**
 * A parameter group family as data: either a full list (`parameters`) or a base family plus the
 * documented differences. Applied in order: removed, renamed, changed, added.
 */
export interface FamilyDefinition {
  readonly family: string;
  readonly engine: EngineName;
  /** The first engine version of the family; inherited `minEngineVersion`s at or below it are dropped. */
  readonly firstVersion: string;
  readonly base?: string;
  readonly parameters?: readonly ParameterInfo[];
  readonly removed?: readonly ParameterRemoval[];
  readonly renamed?: readonly ParameterRename[];
  readonly changed?: readonly ParameterChange[];
  readonly added?: readonly ParameterInfo[];
}

/** Resolves every definition into a full parameter list, bases first. Throws on a broken definition. */
export function resolveFamilies(definitions: readonly FamilyDefinition[]): ParameterFamilyInfo[] {
  const resolved = new Map<string, ParameterFamilyInfo>();
  for (const def of definitions) {
    const base = def.base === undefined ? undefined : resolved.get(def.base);
    if (def.base !== undefined && !base) throw new Error(`Family ${def.family}: base ${def.base} must be defined before it`);
    const params = new Map<string, ParameterInfo>();
    for (const p of base?.parameters ?? def.parameters ?? []) params.set(p.name, p);

    for (const r of def.removed ?? []) {
      if (!params.delete(r.name)) throw new Error(`Family ${def.family}: cannot remove unknown parameter ${r.name}`);
    }
    for (const r of def.renamed ?? []) {
      const old = params.get(r.from);
      if (!old) throw new Error(`Family ${def.family}: cannot rename unknown parameter ${r.from}`);
      params.delete(r.from);
      const { from: _from, to, ...fields } = r;
      params.set(to, { ...old, ...fields, name: to });
    }
    for (const c of def.changed ?? []) {
      const old = params.get(c.name);
      if (!old) throw new Error(`Family ${def.family}: cannot change unknown parameter ${c.name}`);
      params.set(c.name, { ...old, ...c });
    }
    for (const a of def.added ?? []) {
      if (params.has(a.name)) throw new Error(`Family ${def.family}: parameter ${a.name} added twice`);
      params.set(a.name, a);
    }

    const parameters = [...params.values()]
      .map((p) => dropInheritedMinimum(p, def.firstVersion))
      .sort((x, y) => x.name.localeCompare(y.name));
    resolved.set(def.family, {
      family: def.family,
      engine: def.engine,
      ...(def.base !== undefined ? { baseFamily: def.base } : {}),
      parameters,
    });
  }
  return [...resolved.values()];
}

/** A parameter added mid-way through an older family is in a newer family from its first version. */
function dropInheritedMinimum(p: ParameterInfo, firstVersion: string): ParameterInfo {
  if (p.minEngineVersion === undefined || compareVersions(p.minEngineVersion, firstVersion) > 0) return p;
  const { minEngineVersion: _dropped, ...rest } = p;
  return rest;
}

/** Old name → new name for every rename and documented replacement in the definitions. */
export function collectReplacements(definitions: readonly FamilyDefinition[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const def of definitions) {
    for (const r of def.renamed ?? []) map[r.from] = r.to;
    for (const r of def.removed ?? []) if (r.replacedBy) map[r.name] = r.replacedBy;
  }
  return map;
}

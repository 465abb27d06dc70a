/**
 * What the service offers, read from the catalog: DescribeCacheEngineVersions (engine versions with
 * their parameter group families) and DescribeEngineDefaultParameters (a family's parameters with
 * their default values). Both answer the same in every Region.
 */
import { Actions } from './common';
import { paginate } from './pagination';
import { allEngineVersions, compareVersions, findEngineVersion, findParameterFamily } from '../../../catalog/internal';
import type { EngineName, EngineVersionInfo, ParameterInfo } from '../../../catalog/types';
import { API_ERRORS } from '../http/errors';
import { xmlList, XmlObject } from '../http/xml';

const ENGINES: readonly EngineName[] = ['valkey', 'redis', 'memcached'];
const ENGINE_DESCRIPTIONS: Record<EngineName, string> = { valkey: 'Valkey', redis: 'Redis', memcached: 'memcached' };

function engineParam(value: string | undefined): EngineName | undefined {
  if (value === undefined) return undefined;
  const engine = value.toLowerCase() as EngineName;
  if (!ENGINES.includes(engine)) throw API_ERRORS.invalidValue(`Invalid Engine '${value}': use valkey, redis or memcached.`);
  return engine;
}

/** Newest version of each engine and family: what the service creates when no version is given. */
function defaultsOnly(versions: readonly EngineVersionInfo[]): EngineVersionInfo[] {
  const newest = new Map<string, EngineVersionInfo>();
  for (const v of versions) {
    const key = `${v.engine}/${v.parameterGroupFamily}`;
    const seen = newest.get(key);
    if (!seen || compareVersions(v.version, seen.version) > 0) newest.set(key, v);
  }
  return [...newest.values()];
}

/** A parameter as the engine default sets it (the service reports the source as `system`). */
function defaultParameterXml(p: ParameterInfo): XmlObject {
  return {
    Description: p.description,
    Source: 'system',
    DataType: p.dataType,
    AllowedValues: p.allowedValues,
    IsModifiable: p.modifiable,
    MinimumEngineVersion: p.minEngineVersion,
    ChangeType: p.changeType,
  };
}

function matchesVersion(v: EngineVersionInfo, wanted: string): boolean {
  return v.version === wanted || findEngineVersion(v.engine, wanted) === v;
}

export function engineCatalogActions(): Actions {
  return {
    DescribeCacheEngineVersions: ({ params }) => {
      const engine = engineParam(params.string('Engine'));
      const version = params.string('EngineVersion');
      const family = params.string('CacheParameterGroupFamily');
      if (family !== undefined && !findParameterFamily(family)) throw API_ERRORS.invalidValue(`Invalid parameter group family '${family}'.`);
      let versions = allEngineVersions(engine).filter((v) => !v.deprecated
        && (version === undefined || matchesVersion(v, version))
        && (family === undefined || v.parameterGroupFamily === family));
      if (params.boolean('DefaultOnly')) versions = defaultsOnly(versions);
      const { page, marker } = paginate(versions, params);
      return {
        Marker: marker,
        CacheEngineVersions: xmlList('CacheEngineVersion', page.map((v) => ({
          Engine: v.engine,
          EngineVersion: v.version,
          CacheParameterGroupFamily: v.parameterGroupFamily,
          CacheEngineDescription: ENGINE_DESCRIPTIONS[v.engine],
          CacheEngineVersionDescription: `${ENGINE_DESCRIPTIONS[v.engine]} version ${v.version}`,
        }))),
      };
    },

    DescribeEngineDefaultParameters: ({ params }) => {
      const familyName = params.requiredString('CacheParameterGroupFamily');
      const family = findParameterFamily(familyName);
      if (!family) throw API_ERRORS.invalidValue(`Invalid parameter group family '${familyName}'.`);
      const general = family.parameters.filter((p) => !p.nodeTypeSpecific);
      const { page, marker } = paginate(general, params);
      return {
        EngineDefaults: {
          CacheParameterGroupFamily: family.family,
          Marker: marker,
          Parameters: xmlList('Parameter', page.map((p) => ({ ParameterName: p.name, ParameterValue: p.defaultValue, ...defaultParameterXml(p) }))),
          CacheNodeTypeSpecificParameters: xmlList('CacheNodeTypeSpecificParameter', family.parameters.filter((p) => p.nodeTypeSpecific)
            .map((p) => ({ ParameterName: p.name, ...defaultParameterXml(p) }))),
        },
      };
    },
  };
}

/**
 * Parameter groups: CreateCacheParameterGroup, DescribeCacheParameterGroups (the service's default
 * groups included), DescribeCacheParameters, ModifyCacheParameterGroup, ResetCacheParameterGroup,
 * DeleteCacheParameterGroup. Values are checked by the catalog's rules (the same the template's
 * groups go through); a change reaches every cache using the group: immediate parameters at once,
 * reboot-required ones pending until RebootCacheCluster.
 */
import { allParameterFamilies, familySupportsClusterMode, findParameterFamily, validateParameterGroup } from '../../../catalog/internal';
import type { ParameterGroupModel } from '../../model';
import { elastiCacheArn, environmentOf } from '../../naming/arns';
import { recordEvent, ServiceContext } from '../context';
import { Actions } from './common';
import { applyEngineConfig, engineConfigFor, NodeBasedModel } from './engine-settings';
import { paginate } from './pagination';
import { mergeTags, tagsOf } from './tag-rules';
import { ApiError, API_ERRORS } from '../http/errors';
import type { RequestParams } from '../http/params';
import { xmlList, XmlObject } from '../http/xml';
import type { ParameterGroupRecord } from '../store/records';

const NAME_PATTERN = /^[a-zA-Z](?:-?[a-zA-Z0-9])*$/;

function groupXml(ctx: ServiceContext, group: ParameterGroupModel, region: string): XmlObject {
  return {
    CacheParameterGroupName: group.name,
    CacheParameterGroupFamily: group.family,
    Description: group.description,
    IsGlobal: false,
    ARN: elastiCacheArn(environmentOf(ctx.store.account, region), 'parametergroup', group.name),
  };
}

/** The service's default groups and the region's own groups, by name. */
function groupsIn(ctx: ServiceContext, region: string): ParameterGroupModel[] {
  const defaults = allParameterFamilies().flatMap((f) => [`default.${f.family}`, ...(familySupportsClusterMode(f.family) ? [`default.${f.family}.cluster.on`] : [])])
    .map((name) => ctx.store.parameterGroup(name, region)!)
    .filter((g) => g !== undefined);
  const own = ctx.store.parameterGroups.filter((g) => g.region === region).map((g) => g.model);
  return [...defaults, ...own].sort((a, b) => a.name.localeCompare(b.name));
}

function requireGroup(ctx: ServiceContext, name: string, region: string): ParameterGroupModel {
  return ctx.store.parameterGroup(name, region) ?? (() => { throw API_ERRORS.parameterGroupNotFound(name); })();
}

function ownGroup(ctx: ServiceContext, name: string, region: string): ParameterGroupRecord {
  const record = ctx.store.parameterGroups.find((g) => g.model.name === name.toLowerCase() && g.region === region);
  if (record) return record;
  if (ctx.store.parameterGroup(name, region)) throw new ApiError('InvalidCacheParameterGroupState', `Default parameter group ${name.toLowerCase()} cannot be modified or deleted.`);
  throw API_ERRORS.parameterGroupNotFound(name);
}

function parameterValues(params: RequestParams, required: boolean): Record<string, string> {
  const entries = params.structList('ParameterNameValues') ?? [];
  if (required && entries.length === 0) throw API_ERRORS.missingParameter('ParameterNameValues');
  const values: Record<string, string> = {};
  for (const entry of entries) values[entry.requiredString('ParameterName')] = entry.string('ParameterValue') ?? '';
  return values;
}

/** Hands a changed group to every cache that uses it. */
function applyToCaches(ctx: ServiceContext, group: ParameterGroupRecord): void {
  for (const record of ctx.store.cachesIn(group.region)) {
    const model = record.model;
    if (model.kind === 'serverless' || model.parameterGroupName !== group.model.name) continue;
    const next = { ...model, engineConfig: engineConfigFor(model, model.nodeType, group.model) } as NodeBasedModel;
    applyEngineConfig(ctx, record, next, group.model.family);
  }
  recordEvent(ctx, group.model.name, 'cache-parameter-group', `Parameter group ${group.model.name} modified`);
}

function changeValues(ctx: ServiceContext, group: ParameterGroupRecord, values: Record<string, string>): void {
  const problems = validateParameterGroup(group.model.family, values);
  if (problems.length > 0) throw API_ERRORS.invalidValue(problems[0]);
  if ('cluster-enabled' in values && values['cluster-enabled'] !== group.model.values['cluster-enabled']) {
    const inUse = ctx.store.cachesIn(group.region).some((r) => r.model.kind !== 'serverless' && r.model.parameterGroupName === group.model.name);
    if (inUse) throw new ApiError('InvalidCacheParameterGroupState', `Parameter cluster-enabled of ${group.model.name} cannot change while caches use the group.`);
  }
  group.model = { ...group.model, values, clusterEnabled: values['cluster-enabled'] === 'yes' };
  if (group.source === 'template') group.changed = true;
  applyToCaches(ctx, group);
}

export function parameterGroupActions(ctx: ServiceContext): Actions {
  return {
    CreateCacheParameterGroup: ({ params, region }) => {
      const name = params.requiredString('CacheParameterGroupName');
      const family = params.requiredString('CacheParameterGroupFamily');
      const description = params.requiredString('Description');
      if (!NAME_PATTERN.test(name) || name.length > 255) {
        throw API_ERRORS.invalidValue(`Invalid CacheParameterGroupName '${name}': it must begin with a letter, contain only letters, digits and hyphens, and not end with a hyphen or contain two consecutive hyphens.`);
      }
      if (!findParameterFamily(family)) throw API_ERRORS.invalidValue(`Invalid parameter group family '${family}'.`);
      if (ctx.store.parameterGroup(name, region)) {
        throw new ApiError('CacheParameterGroupAlreadyExists', `Cache parameter group ${name.toLowerCase()} already exists.`);
      }
      const tags = mergeTags([], tagsOf(params));
      const model: ParameterGroupModel = { name: name.toLowerCase(), family, description, isDefault: false, values: {}, clusterEnabled: false };
      ctx.store.parameterGroups.push({ model, source: 'api', region });
      ctx.store.setTags(groupXml(ctx, model, region).ARN as string, tags);
      return { CacheParameterGroup: groupXml(ctx, model, region) };
    },

    DescribeCacheParameterGroups: ({ params, region }) => {
      const name = params.string('CacheParameterGroupName');
      const groups = name === undefined ? groupsIn(ctx, region) : [requireGroup(ctx, name, region)];
      const { page, marker } = paginate(groups, params);
      return { Marker: marker, CacheParameterGroups: xmlList('CacheParameterGroup', page.map((g) => groupXml(ctx, g, region))) };
    },

    DescribeCacheParameters: ({ params, region }) => {
      const group = requireGroup(ctx, params.requiredString('CacheParameterGroupName'), region);
      const source = params.string('Source');
      if (source !== undefined && !['user', 'system', 'engine-default'].includes(source)) {
        throw API_ERRORS.invalidValue(`Invalid Source '${source}': use user, system or engine-default.`);
      }
      const family = findParameterFamily(group.family)!;
      const entries = family.parameters.map((p) => {
        const setByGroup = p.name in group.values;
        const origin = setByGroup ? (group.isDefault ? 'system' : 'user') : (p.modifiable ? 'engine-default' : 'system');
        return { p, origin, value: group.values[p.name] ?? p.defaultValue };
      }).filter((e) => source === undefined || e.origin === source);
      const { page, marker } = paginate(entries.filter((e) => !e.p.nodeTypeSpecific), params);
      return {
        Marker: marker,
        Parameters: xmlList('Parameter', page.map(({ p, origin, value }) => ({
          ParameterName: p.name,
          ParameterValue: value,
          Description: p.description,
          Source: origin,
          DataType: p.dataType,
          AllowedValues: p.allowedValues,
          IsModifiable: p.modifiable,
          MinimumEngineVersion: p.minEngineVersion,
          ChangeType: p.changeType,
        }))),
        CacheNodeTypeSpecificParameters: xmlList('CacheNodeTypeSpecificParameter', entries.filter((e) => e.p.nodeTypeSpecific).map(({ p, origin }) => ({
          ParameterName: p.name,
          Description: p.description,
          Source: origin,
          DataType: p.dataType,
          AllowedValues: p.allowedValues,
          IsModifiable: p.modifiable,
          ChangeType: p.changeType,
        }))),
      };
    },

    ModifyCacheParameterGroup: ({ params, region }) => {
      const group = ownGroup(ctx, params.requiredString('CacheParameterGroupName'), region);
      const changes = parameterValues(params, true);
      changeValues(ctx, group, { ...group.model.values, ...changes });
      return { CacheParameterGroupName: group.model.name };
    },

    ResetCacheParameterGroup: ({ params, region }) => {
      const group = ownGroup(ctx, params.requiredString('CacheParameterGroupName'), region);
      const all = params.boolean('ResetAllParameters') ?? false;
      const names = Object.keys(parameterValues(params, false));
      if (!all && names.length === 0) throw API_ERRORS.invalidCombination('Either ResetAllParameters or ParameterNameValues must be given.');
      if (all && names.length > 0) throw API_ERRORS.invalidCombination('ResetAllParameters cannot be combined with ParameterNameValues.');
      const family = findParameterFamily(group.model.family)!;
      for (const name of names) if (!family.parameters.some((p) => p.name === name)) throw API_ERRORS.invalidValue(`Unknown parameter '${name}' of family ${group.model.family}.`);
      // cluster-enabled is the group's identity: a reset keeps it.
      const keep = (name: string) => name === 'cluster-enabled' || (!all && !names.includes(name));
      const values = Object.fromEntries(Object.entries(group.model.values).filter(([name]) => keep(name)));
      changeValues(ctx, group, values);
      return { CacheParameterGroupName: group.model.name };
    },

    DeleteCacheParameterGroup: ({ params, region }) => {
      const group = ownGroup(ctx, params.requiredString('CacheParameterGroupName'), region);
      const users = ctx.store.cachesIn(region).filter((r) => r.model.kind !== 'serverless' && r.model.parameterGroupName === group.model.name);
      if (users.length > 0) throw new ApiError('InvalidCacheParameterGroupState', `Parameter group ${group.model.name} is in use by ${users.length} cache(s).`);
      ctx.store.parameterGroups.splice(ctx.store.parameterGroups.indexOf(group), 1);
      ctx.store.tags.delete(groupXml(ctx, group.model, region).ARN as string);
      recordEvent(ctx, group.model.name, 'cache-parameter-group', `Parameter group ${group.model.name} deleted`);
      return undefined;
    },
  };
}

import {
  defaultGroupOverrides, findParameterFamily, nodeTypeSpecificValue, parseDefaultParameterGroupName, validateParameterGroup,
} from '../../catalog/internal';
import { generatedPhysicalName } from '../naming/identifiers';
import type { ResourceTypeHandler, ResourceView } from '../template';
import { ModelContext, modelHandler, originOf } from './context';
import { reject, REJECTIONS } from './service-errors';
import { readTags } from './tags';
import type { ParameterGroupModel } from './types';
import { isJsonObject } from '../template/types';

const TYPE = 'AWS::ElastiCache::ParameterGroup';

function createParameterGroup(context: ModelContext, resource: ResourceView): ParameterGroupModel {
  const props = context.read(resource);
  const family = props.string('CacheParameterGroupFamily')!;
  if (!findParameterFamily(family)) {
    reject(resource, REJECTIONS.invalidValue(`Invalid parameter group family '${family}'.`), 'CacheParameterGroupFamily');
  }
  const values: Record<string, string> = {};
  const given = props.object('Properties') ?? {};
  for (const [name, value] of Object.entries(given)) {
    values[name] = isJsonObject(value) || Array.isArray(value) ? JSON.stringify(value) : String(value);
  }
  // CreateCacheParameterGroup then ModifyCacheParameterGroup: the service checks every value.
  const problems = validateParameterGroup(family, values);
  if (problems.length > 0) reject(resource, REJECTIONS.invalidValue(problems[0]), 'Properties');
  // CloudFormation names the group; ElastiCache stores parameter group names in lower case.
  const name = generatedPhysicalName(resource.stack.random, resource.stack.name, resource.logicalId, { maxLength: 255, lowerCase: true });
  return {
    origin: originOf(resource),
    name,
    family,
    description: props.string('Description')!,
    isDefault: false,
    values,
    clusterEnabled: values['cluster-enabled'] === 'yes',
    tags: readTags(resource, props),
  };
}

export function parameterGroupHandler(context: ModelContext): ResourceTypeHandler {
  return modelHandler(context, createParameterGroup, (model) => model.name, (model, name) => (name === 'CacheParameterGroupName' ? model.name : undefined));
}

/** A service default group (`default.valkey8`, `default.redis7.cluster.on`). */
export function defaultParameterGroup(name: string): ParameterGroupModel | undefined {
  const parsed = parseDefaultParameterGroupName(name);
  if (!parsed) return undefined;
  return {
    name,
    family: parsed.family,
    description: `Default parameter group for ${parsed.family}`,
    isDefault: true,
    values: defaultGroupOverrides(parsed.clusterMode),
    clusterEnabled: parsed.clusterMode,
  };
}

/** The group a cache names: one of the simulated stacks' groups, or a default group. */
export function findParameterGroup(resource: ResourceView, name: string, property: string): ParameterGroupModel {
  const wanted = name.toLowerCase();
  for (const group of resource.stack.assembly.resourcesOfType(TYPE, resource.stack.env)) {
    const model = group.state() as ParameterGroupModel;
    if (model.name === wanted) return model;
  }
  return defaultParameterGroup(name) ?? reject(resource, REJECTIONS.parameterGroupNotFound(name), property);
}

/**
 * Every parameter of the group's family with the value a node runs with: the family default,
 * the node type's value for node-type specific parameters, then the group's own values.
 */
export function effectiveParameters(group: ParameterGroupModel, nodeType: string | undefined): Record<string, string> {
  const family = findParameterFamily(group.family)!;
  const values: Record<string, string> = {};
  for (const parameter of family.parameters) {
    const perNode = nodeType && parameter.nodeTypeSpecific ? nodeTypeSpecificValue(group.family, parameter.name, nodeType) : undefined;
    const value = perNode ?? parameter.defaultValue;
    if (value !== undefined) values[parameter.name] = value;
  }
  return { ...values, ...group.values };
}

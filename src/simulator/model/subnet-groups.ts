import { LIMITS } from '../../catalog/internal';
import { generatedPhysicalName } from '../naming/identifiers';
import type { ResourceTypeHandler, ResourceView } from '../template';
import { ModelContext, modelHandler, originOf } from './context';
import { reject, REJECTIONS } from './service-errors';
import { readTags } from './tags';
import type { SubnetGroupModel } from './types';

const TYPE = 'AWS::ElastiCache::SubnetGroup';

/**
 * Zone of a subnet id when the subnet is an `AWS::EC2::Subnet` of a simulated stack whose zone
 * resolves to a zone of the region; otherwise unknown, and nodes are spread over the region's
 * zones (a CDK app synthesized without context writes placeholder zones such as `dummy1a`).
 */
function zoneOfSubnet(resource: ResourceView, subnetId: string): string | undefined {
  for (const subnet of resource.stack.assembly.resourcesOfType('AWS::EC2::Subnet', resource.stack.env)) {
    if (subnet.physicalId() !== subnetId) continue;
    try {
      const zone = String(subnet.attribute('AvailabilityZone'));
      return zone.startsWith(resource.stack.env.region) ? zone : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function createSubnetGroup(context: ModelContext, resource: ResourceView): SubnetGroupModel {
  const props = context.read(resource);
  const subnetIds = props.stringList('SubnetIds')!;
  const { min, max } = LIMITS.subnetsPerSubnetGroup;
  if (subnetIds.length < min || subnetIds.length > max) {
    reject(resource, REJECTIONS.invalidValue(`A subnet group takes ${min} to ${max} subnets; got ${subnetIds.length}.`), 'SubnetIds');
  }
  const given = props.string('CacheSubnetGroupName');
  const generated = () => generatedPhysicalName(resource.stack.random, resource.stack.name, resource.logicalId, { maxLength: 255, lowerCase: true });
  const name = (given ?? generated()).toLowerCase();
  const zones = subnetIds.map((id) => zoneOfSubnet(resource, id)).filter((zone): zone is string => zone !== undefined);
  const tags = readTags(resource, props);
  return { origin: originOf(resource), name, description: props.string('Description')!, subnetIds, availabilityZones: [...new Set(zones)], tags };
}

export function subnetGroupHandler(context: ModelContext): ResourceTypeHandler {
  return modelHandler(context, createSubnetGroup, (model) => model.name);
}

/** The subnet group a cache names (`default` is the service's own group, always there). */
export function findSubnetGroup(resource: ResourceView, name: string | undefined, property: string): SubnetGroupModel | undefined {
  if (name === undefined || name.toLowerCase() === 'default') return undefined;
  for (const group of resource.stack.assembly.resourcesOfType(TYPE, resource.stack.env)) {
    const model = group.state() as SubnetGroupModel;
    if (model.name === name.toLowerCase()) return model;
  }
  return reject(resource, REJECTIONS.subnetGroupNotFound(name), property);
}

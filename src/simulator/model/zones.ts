import { availabilityZonesOf } from '../naming/regions';
import type { ResourceView } from '../template';
import type { SubnetGroupModel } from './types';

/**
 * Availability Zones for `count` nodes: the preferred ones where the template gives them, else
 * spread over the subnet group's zones (or the region's), as ElastiCache spreads nodes.
 */
export function assignZones(
  resource: ResourceView,
  count: number,
  subnetGroup: SubnetGroupModel | undefined,
  preferred: readonly (string | undefined)[] = [],
): string[] {
  const pool = subnetGroup?.availabilityZones.length ? subnetGroup.availabilityZones : availabilityZonesOf(resource.stack.env.region);
  const offset = resource.stack.random.bytes(`zones:${resource.stack.path}/${resource.logicalId}`, 1)[0] % pool.length;
  return Array.from({ length: count }, (_, i) => preferred[i] ?? pool[(offset + i) % pool.length]);
}

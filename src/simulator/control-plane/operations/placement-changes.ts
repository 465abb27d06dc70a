/**
 * Placement and address settings of ModifyCacheCluster / ModifyReplicationGroup, applied at once:
 * `AZMode` of a Memcached cluster (nodes added later go to one zone or across zones; existing
 * nodes stay where they are, so `single-az` is refused once nodes are in different zones),
 * `NewAvailabilityZones` checked against it, and `IpDiscovery` (`ipv4` or `ipv6`), which the
 * cache's `NetworkType` must carry (`dual_stack` carries both). Locally every address stays
 * 127.0.0.1: only the described setting changes.
 */
import type { MemcachedClusterModel } from '../../model';
import { availabilityZonesOf } from '../../naming/regions';
import { API_ERRORS } from '../http/errors';
import type { RequestParams } from '../http/params';

const AZ_MODES = ['single-az', 'cross-az'] as const;
type AzMode = typeof AZ_MODES[number];

/** The AZ mode a Memcached cluster has after the request (its `NewAvailabilityZones` checked against it). */
export function azModeAfter(model: MemcachedClusterModel, params: RequestParams): AzMode {
  const asked = params.string('AZMode');
  if (asked !== undefined && !(AZ_MODES as readonly string[]).includes(asked)) {
    throw API_ERRORS.invalidValue(`Invalid AZMode '${asked}': use single-az or cross-az.`);
  }
  const mode = (asked ?? model.azMode) as AzMode;
  const zonesNow = new Set(model.nodes.map((n) => n.availabilityZone));
  if (asked === 'single-az' && zonesNow.size > 1) {
    throw API_ERRORS.invalidCombination(`AZMode single-az cannot be used: cluster ${model.cacheClusterId} already has nodes in different Availability Zones (${[...zonesNow].join(', ')}).`);
  }
  const zones = params.stringList('NewAvailabilityZones') ?? [];
  const known = availabilityZonesOf(model.origin.region);
  for (const zone of zones) if (!known.includes(zone)) throw API_ERRORS.invalidValue(`Invalid Availability Zone ${zone} for region ${model.origin.region}.`);
  if (mode === 'single-az' && zones.some((z) => !zonesNow.has(z))) {
    throw API_ERRORS.invalidCombination(`With AZMode single-az every new node goes to ${[...zonesNow][0]}: NewAvailabilityZones names another zone.`);
  }
  return mode;
}

/** `IpDiscovery` after the request, checked against the cache's network type; undefined when not asked. */
export function requestedIpDiscovery(model: { readonly networkType: string }, params: RequestParams): string | undefined {
  const asked = params.string('IpDiscovery');
  if (asked === undefined) return undefined;
  if (asked !== 'ipv4' && asked !== 'ipv6') throw API_ERRORS.invalidValue(`Invalid IpDiscovery '${asked}': use ipv4 or ipv6.`);
  if (model.networkType !== 'dual_stack' && model.networkType !== asked) {
    throw API_ERRORS.invalidCombination(`IpDiscovery ${asked} needs NetworkType ${asked} or dual_stack; the cache has NetworkType ${model.networkType}.`);
  }
  return asked;
}

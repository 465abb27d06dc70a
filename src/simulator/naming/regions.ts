/**
 * Facts about a region that the simulator needs to form names: its partition, URL suffix, the short
 * code ElastiCache puts in hostnames (`use1` for us-east-1) and its Availability Zones.
 */

const DIRECTION_CODES: Record<string, string> = {
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
  central: 'c',
  northeast: 'ne',
  northwest: 'nw',
  southeast: 'se',
  southwest: 'sw',
};

const REGION_PATTERN = /^([a-z]{2})(-gov|-iso|-isob|-isoe|-isof)?-(north|south|east|west|central|northeast|northwest|southeast|southwest)-(\d+)$/;

export function isRegionName(region: string): boolean {
  return REGION_PATTERN.test(region);
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  return 'aws';
}

export function urlSuffixOf(region: string): string {
  switch (partitionOf(region)) {
    case 'aws-cn': return 'amazonaws.com.cn';
    case 'aws-iso': return 'c2s.ic.gov';
    case 'aws-iso-b': return 'sc2s.sgov.gov';
    default: return 'amazonaws.com';
  }
}

/**
 * ElastiCache's short region code: country prefix, direction initials and number (`apse1`,
 * `euc1`, `usgw1`, `cnn1`). No official table exists; the rule matches the documented examples
 * (`use1`, `usw2`: memcached guide L2151, L3682; `cac1` in public endpoint samples) and the inverse
 * mapping gravitational/teleport applies in lib/utils/aws (ShortRegionToRegion).
 */
export function shortRegionCode(region: string): string {
  const match = REGION_PATTERN.exec(region);
  if (!match) throw new Error(`'${region}' is not a region name`);
  const [, country, qualifier, direction, number] = match;
  const prefix = qualifier === '-gov' ? 'usg' : country;
  return `${prefix}${DIRECTION_CODES[direction]}${number}`;
}

/** Zone counts that differ from the usual three (us-east-1 has six, us-west-1 offers two). */
const ZONE_LETTERS: Record<string, string> = { 'us-east-1': 'abcdef', 'us-west-1': 'ab' };

/** What `Fn::GetAZs` returns for the region in the simulator. */
export function availabilityZonesOf(region: string): string[] {
  return [...(ZONE_LETTERS[region] ?? 'abc')].map((letter) => `${region}${letter}`);
}

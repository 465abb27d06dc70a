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

/**
 * Global Datastore id prefixes per region, as the ElastiCache guide lists them
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Redis-Global-Datastores-CLI.html).
 */
export const GLOBAL_DATASTORE_PREFIXES: Record<string, string> = {
  'us-east-2': 'fpkhr',
  'us-east-1': 'ldgnf',
  'us-west-1': 'virxk',
  'us-west-2': 'sgaui',
  'ca-central-1': 'bxodz',
  'ap-south-1': 'erpgt',
  'ap-northeast-1': 'quwsw',
  'ap-northeast-2': 'lfqnh',
  'ap-northeast-3': 'nlapn',
  'ap-southeast-1': 'vlqxn',
  'ap-southeast-2': 'vbgxd',
  'eu-central-1': 'iudkw',
  'eu-west-1': 'gxeiz',
  'eu-west-2': 'okuqm',
  'eu-west-3': 'fgjhi',
  'sa-east-1': 'juxlw',
  'cn-north-1': 'emvgo',
  'cn-northwest-1': 'ckbem',
  'ap-east-1': 'knjmp',
};

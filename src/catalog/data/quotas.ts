import type { SourceRef } from '../types';

/**
 * Documented limits the constructs check at synth time and the simulator enforces. Numeric limits are
 * inclusive ranges; `defaultQuota` marks account quotas that can be raised on request.
 */
export interface NumericLimit {
  readonly min: number;
  readonly max: number;
  /** True for an adjustable account quota (the value is the default). */
  readonly defaultQuota?: boolean;
  readonly unit?: string;
  readonly description: string;
  readonly source: SourceRef;
}

/** A documented identifier or text format. `pattern` is a JavaScript regular expression source. */
export interface FormatRule {
  readonly pattern: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly description: string;
  readonly source: SourceRef;
}

const QUOTAS_URL = 'https://docs.aws.amazon.com/general/latest/gr/elasticache-service.html';
const SHARDS_URL = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Shards.html';
const CREATE_RG_URL = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html';
const CREATE_CC_URL = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateCacheCluster.html';
const USAGE_LIMITS_URL = 'https://docs.aws.amazon.com/cdk/api/v2/docs/@aws-cdk_aws-elasticache-alpha.CacheUsageLimitsProperty.html';
const AUTH_URL = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html';
const CFN_USER_URL = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticache-user.html';
const CFN_USER_GROUP_URL = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticache-usergroup.html';

export const LIMITS = {
  memcachedNodesPerCluster: { min: 1, max: 60, description: 'Nodes in one Memcached cluster.', source: '000:L7652' },
  nodesPerRegion: { min: 1, max: 300, defaultQuota: true, description: 'Nodes across all clusters in a Region.', source: `000:L7654; 002:L585; ${QUOTAS_URL}` },
  replicasPerShard: { min: 0, max: 5, description: 'Read replicas per shard (node group).', source: '000:L8744; 001:L668' },
  nodesPerShard: { min: 1, max: 6, description: 'Nodes per shard: one primary and up to five replicas.', source: '004:L34; 003:L142' },
  shardsPerCluster: { min: 1, max: 500, description: 'Shards of a cluster mode enabled replication group (Valkey 7.2+, Redis OSS 5.0.6+; 250 before).', source: SHARDS_URL },
  nodesPerClusterModeCluster: { min: 1, max: 90, defaultQuota: true, description: 'Nodes of one cluster mode enabled replication group (raisable to 500).', source: `003:L144; ${SHARDS_URL}` },
  globalDatastoreSecondaryRegions: { min: 1, max: 2, description: 'Secondary Regions of a Global Datastore.', source: '002:L430' },
  usersPerUserGroup: { min: 1, max: 100, defaultQuota: true, description: 'Users in one user group.', source: `${QUOTAS_URL}; ${CFN_USER_GROUP_URL}` },
  usersPerRegion: { min: 1, max: 2000, defaultQuota: true, description: 'RBAC users per Region.', source: QUOTAS_URL },
  userGroupsPerRegion: { min: 1, max: 200, defaultQuota: true, description: 'User groups per Region.', source: QUOTAS_URL },
  parameterGroupsPerRegion: { min: 1, max: 300, defaultQuota: true, description: 'Parameter groups per Region.', source: QUOTAS_URL },
  subnetGroupsPerRegion: { min: 1, max: 300, defaultQuota: true, description: 'Subnet groups per Region.', source: QUOTAS_URL },
  subnetsPerSubnetGroup: { min: 1, max: 20, defaultQuota: true, description: 'Subnets in one subnet group.', source: `001:L310; ${QUOTAS_URL}` },
  serverlessCachesPerRegion: { min: 1, max: 40, defaultQuota: true, description: 'Serverless caches per Region.', source: QUOTAS_URL },
  serverlessManualSnapshotsPerDay: { min: 0, max: 24, description: 'Manual snapshots of one serverless cache in any 24 hours.', source: '000:L5605' },
  passwordsPerUser: { min: 1, max: 2, description: 'Passwords of one RBAC user (two allow rotation).', source: `000:L8515; ${CFN_USER_URL}` },
  authTokenLength: { min: 16, max: 128, unit: 'characters', description: 'Length of an AUTH token or RBAC password.', source: AUTH_URL },
  backupRetentionDays: { min: 0, max: 35, unit: 'days', description: 'Automatic backup retention of node-based clusters (0 turns automatic backups off).', source: '001:L830; 001:L901' },
  serverlessBackupRetentionDays: { min: 1, max: 35, unit: 'days', description: 'Snapshot retention of a serverless cache with daily snapshots.', source: USAGE_LIMITS_URL },
  serverlessDataStorageGb: { min: 1, max: 5000, unit: 'GB', description: 'CacheUsageLimits.DataStorage minimum and maximum.', source: USAGE_LIMITS_URL },
  serverlessEcpuPerSecond: { min: 1000, max: 15_000_000, unit: 'ECPU/s', description: 'CacheUsageLimits.ECPUPerSecond minimum and maximum.', source: USAGE_LIMITS_URL },
  maintenanceWindowMinutes: { min: 60, max: 24 * 60, unit: 'minutes', description: 'Length of the weekly maintenance window.', source: '000:L6560; 000:L6594' },
  snapshotWindowMinutes: { min: 60, max: 24 * 60, unit: 'minutes', description: 'Length of the daily snapshot window.', source: CREATE_RG_URL },
  tagsPerResource: { min: 0, max: 50, description: 'Tags per resource, not counting aws: tags.', source: '000:L7782; 000:L7789' },
  tagKeyLength: { min: 1, max: 128, unit: 'characters', description: 'Length of a tag key.', source: '000:L7784; 000:L7995' },
  tagValueLength: { min: 0, max: 256, unit: 'characters', description: 'Length of a tag value.', source: '000:L7785; 000:L7996' },
  simultaneousConnectionsPerNode: { min: 1, max: 65000, description: 'Connections to one node (hard limit).', source: '000:L9411; 000:L7444' },
} as const satisfies Record<string, NumericLimit>;

/** ASCII letter first; letters, digits and hyphens; no `--`; no trailing hyphen. */
const IDENTIFIER = '^[A-Za-z](?!.*--)[A-Za-z0-9-]*(?<!-)$';

export const FORMATS = {
  replicationGroupId: { pattern: IDENTIFIER, minLength: 1, maxLength: 40, description: 'Replication group id; stored lowercase.', source: CREATE_RG_URL },
  cacheClusterId: { pattern: IDENTIFIER, minLength: 1, maxLength: 50, description: 'Cache cluster id; stored lowercase.', source: CREATE_CC_URL },
  serverlessCacheName: { pattern: IDENTIFIER, minLength: 1, maxLength: 40, description: 'Serverless cache name; stored lowercase.', source: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateServerlessCache.html' },
  parameterGroupName: { pattern: IDENTIFIER, minLength: 1, maxLength: 255, description: 'Parameter group name.', source: '000:L6707; 000:L6709' },
  subnetGroupName: { pattern: '^[A-Za-z0-9-]+$', minLength: 1, maxLength: 255, description: 'Subnet group name: letters, digits and hyphens; stored lowercase.', source: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateCacheSubnetGroup.html' },
  backupName: { pattern: IDENTIFIER, minLength: 1, maxLength: 40, description: 'Backup name as the console takes it.', source: '000:L5639; 000:L5642' },
  /** Lower-case as in the CloudFormation schema of AWS::ElastiCache::User (the API lower-cases IDs). */
  userId: { pattern: '^[a-z][a-z0-9-]*$', minLength: 1, maxLength: 40, description: 'RBAC user id.', source: CFN_USER_URL },
  userGroupId: { pattern: '^[a-z][a-z0-9-]*$', minLength: 1, maxLength: 40, description: 'RBAC user group id.', source: CFN_USER_GROUP_URL },
  /** Printable ASCII; the only special characters allowed are ! & # $ ^ < > -. */
  authToken: { pattern: '^[A-Za-z0-9!&#$^<>-]+$', minLength: 16, maxLength: 128, description: 'AUTH token.', source: AUTH_URL },
  /** `ddd:hh24:mi-ddd:hh24:mi`, UTC, ddd one of sun mon tue wed thu fri sat. */
  maintenanceWindow: {
    pattern: '^(sun|mon|tue|wed|thu|fri|sat):([01]\\d|2[0-3]):[0-5]\\d-(sun|mon|tue|wed|thu|fri|sat):([01]\\d|2[0-3]):[0-5]\\d$',
    description: 'Weekly maintenance window in UTC.',
    source: CREATE_RG_URL,
  },
  /** `hh24:mi-hh24:mi`, UTC. */
  snapshotWindow: { pattern: '^([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-3]):[0-5]\\d$', description: 'Daily snapshot window in UTC.', source: CREATE_RG_URL },
  /** `HH:MM`, UTC. */
  dailySnapshotTime: { pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'Serverless daily snapshot time in UTC.', source: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateServerlessCache.html' },
} as const satisfies Record<string, FormatRule>;

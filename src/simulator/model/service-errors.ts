import { ServiceError } from '../errors';
import type { ResourceView } from '../template';

/** An error code and message as the ElastiCache API returns them. */
export interface Rejection {
  readonly code: string;
  readonly message: string;
}

/** Throws the service's rejection of a resource, naming its stack and logical id. */
export function reject(resource: ResourceView, rejection: Rejection, property?: string): never {
  throw new ServiceError(rejection.code, rejection.message, resource.type, { ...resource.location, path: property ? `Properties.${property}` : undefined });
}

const combination = (message: string): Rejection => ({ code: 'InvalidParameterCombination', message });
const value = (message: string): Rejection => ({ code: 'InvalidParameterValue', message });

/**
 * Every rejection the simulator reproduces, with where its wording comes from. "verified" cites a
 * public report quoting the service's response; "documented" quotes the API or CloudFormation
 * reference; "inferred" marks wording modelled on a verified sibling; "ours" marks a message whose
 * service wording could not be found (the code is the service's, the text is plain and specific).
 */
export const REJECTIONS = {
  // verified: aws/aws-cli#5007, widdix/aws-cf-templates#263.
  authTokenNeedsTransitEncryption: () => value('The AUTH token is only supported when encryption-in-transit is enabled'),
  // verified: magenx/Magento-2-aws-cluster-terraform#43 (token outside 16–128 printable characters or with forbidden ones).
  invalidAuthToken: () => value('Invalid AuthToken provided.'),
  // verified: hashicorp/terraform#25077 (XML error response), ministryofjustice/cloud-platform-environments#5719.
  failoverNeedsTwoClusters: () => combination('When using automatic failover, there must be at least 2 cache clusters in the replication group.'),
  // verified: aws/aws-cli#2456.
  clusterModeMustBeDisabled: () => combination('Cluster mode should be disabled in parameter group, but found it is enabled.'),
  // inferred from clusterModeMustBeDisabled (the same check, the other way round).
  clusterModeMustBeEnabled: () => combination('Cluster mode should be enabled in parameter group, but found it is disabled.'),
  // verified: hashicorp/terraform#11269, hashicorp/terraform-provider-aws#27709.
  parameterGroupFamily: (expected: string, found: string) => combination(`Expected a parameter group of family ${expected} but found one of family ${found}`),
  // verified: ministryofjustice/cloud-platform-environments#5753.
  unknownEngineVersion: (version: string, engine: string) => combination(`Cannot find version ${version} for ${engine}`),
  // verified: crossplane-contrib/provider-aws#1617.
  patchVersionNotAllowed: (version: string, twoPart: string) => value(`Specific version selection is not allowed for '${version}', please use '${twoPart}'`),
  // verified: getmoto/moto#9402 (message asserted against AWS).
  nodeTypeRequired: () => value('The parameter CacheNodeType must be provided and must not be null.'),
  // ours: the service rejects unknown node types with InvalidParameterValue.
  unknownNodeType: (nodeType: string) => value(`Invalid CacheNodeType: ${nodeType} is not a cache node type ElastiCache offers.`),
  // ours: node types have a minimum engine version per engine (catalog).
  nodeTypeEngineVersion: (detail: string) => combination(detail),
  // verified: cloudposse/terraform-aws-elasticache-redis#157 and #175.
  dataTieringRequired: (nodeType: string) => combination(`When using the ${nodeType} node type, you must enable data tiering.`),
  // documented: CloudFormation DataTieringEnabled ("only supported for replication groups using the r6gd node type").
  dataTieringNeedsR6gd: () => combination('Data tiering is only supported for replication groups using the r6gd node type.'),
  // verified: hashicorp/terraform#10175 (service message quoted in the configuration).
  replicasPerNodeGroup: () => value('The number of replicas per node group must be within 0 and 5.'),
  // documented: CreateReplicationGroup NumCacheClusters ("maximum permitted value … is 6").
  numCacheClusters: (given: number) => value(`NumCacheClusters must be between 1 and 6 (1 primary plus 5 replicas); got ${given}.`),
  // verified: hashicorp/terraform-provider-aws#38493.
  preferredAzCount: () => value('When specifying preferred availability zones, the number of cache clusters must be specified and must match the number of preferred availability zones.'),
  // verified: hashicorp/terraform-provider-aws#14425, hashicorp/terraform#15653.
  preferredAzsOneNodeGroup: () => combination('PreferredCacheClusterAZs can only be specified for one node group.'),
  // verified (quoted in a public preflight rule set for CreateReplicationGroup).
  numCacheClustersOneNodeGroup: () => combination('NumCacheClusters can only be specified for one node group'),
  // documented: CloudFormation AutomaticFailoverEnabled ("must be enabled for … cluster mode enabled").
  clusterModeNeedsFailover: () => combination('AutomaticFailoverEnabled must be enabled for Valkey or Redis OSS (cluster mode enabled) replication groups.'),
  // ours: Multi-AZ needs automatic failover and a replica (002:L169).
  multiAzNeedsFailover: () => combination('Multi-AZ requires automatic failover to be enabled.'),
  multiAzNeedsReplica: () => combination('Multi-AZ requires at least one read replica in each node group.'),
  // verified: ministryofjustice/cloud-platform-environments#2272, azavea/terraform-aws-redis-elasticache#12.
  parameterGroupNotFound: (name: string) => ({ code: 'CacheParameterGroupNotFound', message: `CacheParameterGroup not found: ${name}` }),
  // ours.
  subnetGroupNotFound: (name: string) => ({ code: 'CacheSubnetGroupNotFoundFault', message: `Cache subnet group '${name}' does not exist.` }),
  // verified: hashicorp/terraform-provider-aws#42966.
  userGroupNeedsTransitEncryption: () => combination('User group based access control requires encryption-in-transit to be enabled on the replication group.'),
  // verified (ModifyReplicationGroup wording; create rejects the same combination): hashicorp/terraform-provider-aws#31710.
  userGroupWithAuthToken: () => combination("User group can't be associated with auth token enabled."),
  // ours (code as the API reference lists it).
  userGroupNotFound: (id: string) => ({ code: 'UserGroupNotFound', message: `User group ${id} not found.` }),
  userNotFound: (id: string) => ({ code: 'UserNotFound', message: `User ${id} not found.` }),
  // documented: botocore ElastiCache exception DefaultUserRequired.
  defaultUserRequired: () => ({ code: 'DefaultUserRequired', message: 'You must add default user to a user group.' }),
  // documented: DuplicateUserNameFault ("A user with this username already exists.").
  duplicateUserName: (name: string) => ({ code: 'DuplicateUserName', message: `A user with this username already exists: ${name}.` }),
  // verified: hashicorp/terraform#2272 (CreateCacheCluster with Redis and NumCacheNodes 2).
  redisSingleNode: () => value('Cannot create a Redis cluster with a NumCacheNodes parameter greater than 1.'),
  // verified: hashicorp/terraform#7850, hashicorp/terraform-provider-aws#207.
  memcachedAzCount: () => combination('Must specify the same number of preferred availability zones as requested number of nodes.'),
  // documented: NodeQuotaForClusterExceededFault.
  nodeQuotaForCluster: () => ({ code: 'NodeQuotaForClusterExceeded', message: 'The request cannot be processed because it would exceed the allowed number of cache nodes in a single cluster.' }),
  // documented: NodeGroupsPerReplicationGroupQuotaExceededFault.
  shardQuota: (max: number) => ({
    code: 'NodeGroupsPerReplicationGroupQuotaExceeded',
    message: `The request cannot be processed because it would exceed the maximum allowed number of node groups (shards) in a single replication group. The default maximum is ${max}`,
  }),
  // verified: hashicorp/terraform#19336.
  snapshottingClusterInClusterMode: () => combination('Cannot set snapshotting cluster for cluster mode enabled replication group'),
  // ours (codes as the API reference lists them).
  replicationGroupExists: (id: string) => ({ code: 'ReplicationGroupAlreadyExists', message: `Replication group ${id} already exists.` }),
  cacheClusterNotFound: (id: string) => ({ code: 'CacheClusterNotFound', message: `Cache cluster ${id} not found.` }),
  cacheClusterExists: (id: string) => ({ code: 'CacheClusterAlreadyExists', message: `Cache cluster ${id} already exists.` }),
  serverlessCacheExists: (name: string) => ({ code: 'ServerlessCacheAlreadyExistsFault', message: `Serverless cache ${name} already exists.` }),
  replicationGroupNotFound: (id: string) => ({ code: 'ReplicationGroupNotFoundFault', message: `Replication group ${id} not found.` }),
  globalDatastoreNotFound: (id: string) => ({ code: 'GlobalReplicationGroupNotFoundFault', message: `Global replication group ${id} not found.` }),
  // verified: hashicorp/terraform-provider-aws#17768.
  globalDatastoreNodeType: () => value('Global replication group is not supported for the node type.'),
  // ours: every other value the service refuses; the message names the property, value and rule.
  invalidValue: (message: string) => value(message),
  invalidCombination: (message: string) => combination(message),
} as const;

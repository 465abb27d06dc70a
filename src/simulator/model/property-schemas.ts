import type { PropertyTreatment } from './types';

/** One property of a resource type: what the simulator does with it and why. */
export interface PropertyRule {
  readonly treatment: PropertyTreatment;
  readonly note?: string;
}

export interface ResourceSchema {
  /** Properties CloudFormation requires. */
  readonly required: readonly string[];
  readonly properties: Readonly<Record<string, PropertyRule>>;
}

const effective = (note?: string): PropertyRule => ({ treatment: 'effective', note });
const validated = (note: string): PropertyRule => ({ treatment: 'validated', note });
const ignored = (note: string): PropertyRule => ({ treatment: 'ignored', note });

const TAGS = effective('listed by ListTagsForResource on the simulator\'s ElastiCache API');
const MINOR_UPGRADES = ignored('no engine upgrades happen in the simulator');
const CACHE_SECURITY_GROUPS = ignored('EC2-Classic cache security groups; VPC security groups apply instead');
const NETWORK = validated('checked against the engine version; nodes listen on 127.0.0.1 only');
const SECURITY_GROUPS = validated('recorded; the simulator has no VPC, its endpoints listen on 127.0.0.1');
const KMS = validated('recorded; data lives in memory');
const MAINTENANCE = effective('deferred changes made through the API run in the window');
const SNAPSHOT_WINDOW = effective('automatic backups start in the window');
const RETENTION = effective('automatic backups are taken daily and kept this many days');
const RESTORE = effective('the cache starts with the snapshot\'s data (a snapshot of the state directory or an RDB file in one of its buckets)');
const NOTIFICATIONS = validated('recorded; events are not published in this version');
const LOG_DELIVERY = validated('log types and destinations checked against the engine version; logs are not delivered');

/**
 * Every property of the ElastiCache resource types and what the simulator does with it:
 * `effective` changes how the simulated cache behaves, `validated` is checked as the service
 * checks it but has no local effect, `ignored` has no local meaning at all.
 */
export const RESOURCE_SCHEMAS: Readonly<Record<string, ResourceSchema>> = {
  'AWS::ElastiCache::ReplicationGroup': {
    required: ['ReplicationGroupDescription'],
    properties: {
      AtRestEncryptionEnabled: validated('checked against the engine version; data lives in memory'),
      AuthToken: effective('clients must AUTH with it'),
      AutomaticFailoverEnabled: effective('a replica is promoted when the primary fails'),
      AutoMinorVersionUpgrade: MINOR_UPGRADES,
      CacheNodeType: effective('sets maxmemory of every node'),
      CacheParameterGroupName: effective('engine parameters of every node; cluster mode'),
      CacheSecurityGroupNames: CACHE_SECURITY_GROUPS,
      CacheSubnetGroupName: effective('node Availability Zones come from its subnets'),
      ClusterMode: effective('enabled/disabled/compatible'),
      DataTieringEnabled: validated('required exactly on r6gd node types; no SSD tier is simulated'),
      Durability: validated('allowed values checked; writes are acknowledged as by a non-durable cache'),
      Engine: effective(),
      EngineVersion: effective('engine behaviour and feature gates'),
      GlobalReplicationGroupId: effective('a secondary replicates the primary group of the Global Datastore, shard by shard, and refuses writes'),
      IpDiscovery: NETWORK,
      KmsKeyId: KMS,
      LogDeliveryConfigurations: LOG_DELIVERY,
      MultiAZEnabled: effective('automatic failover across zones'),
      NetworkType: NETWORK,
      NodeGroupConfiguration: effective('slots, replica counts and zones per shard'),
      NotificationTopicArn: NOTIFICATIONS,
      NumCacheClusters: effective('number of nodes (cluster mode disabled)'),
      NumNodeGroups: effective('number of shards'),
      Port: effective('port of every endpoint'),
      PreferredCacheClusterAZs: effective('node Availability Zones'),
      PreferredMaintenanceWindow: MAINTENANCE,
      PrimaryClusterId: effective('the named cache cluster\'s node becomes the primary, with its data; engine, version, node type, port, parameter group and transit encryption come from that cluster'),
      ReplicasPerNodeGroup: effective('replicas per shard'),
      ReplicationGroupDescription: effective('shown in the topology'),
      ReplicationGroupId: effective('lower-cased, names every node and endpoint'),
      SecurityGroupIds: SECURITY_GROUPS,
      SnapshotArns: RESTORE,
      SnapshotName: RESTORE,
      SnapshotRetentionLimit: RETENTION,
      SnapshottingClusterId: effective('must name a member (cluster mode disabled); automatic backups and final snapshots are read from that node'),
      SnapshotWindow: SNAPSHOT_WINDOW,
      Tags: TAGS,
      TransitEncryptionEnabled: effective('endpoints speak TLS'),
      TransitEncryptionMode: effective('preferred accepts TLS and plain connections'),
      UserGroupIds: effective('RBAC users and access strings'),
    },
  },
  'AWS::ElastiCache::CacheCluster': {
    required: ['CacheNodeType', 'Engine', 'NumCacheNodes'],
    properties: {
      AutoMinorVersionUpgrade: MINOR_UPGRADES,
      AZMode: effective('node Availability Zones'),
      CacheNodeType: effective('sets the memory of every node'),
      CacheParameterGroupName: effective('engine parameters of every node'),
      CacheSecurityGroupNames: CACHE_SECURITY_GROUPS,
      CacheSubnetGroupName: effective('node Availability Zones come from its subnets'),
      ClusterName: effective('lower-cased, names every node and endpoint'),
      Engine: effective(),
      EngineVersion: effective('engine behaviour and feature gates'),
      IpDiscovery: NETWORK,
      LogDeliveryConfigurations: LOG_DELIVERY,
      NetworkType: NETWORK,
      NotificationTopicArn: NOTIFICATIONS,
      NumCacheNodes: effective('number of nodes'),
      Port: effective('port of every endpoint'),
      PreferredAvailabilityZone: effective('node Availability Zone'),
      PreferredAvailabilityZones: effective('node Availability Zones'),
      PreferredMaintenanceWindow: MAINTENANCE,
      SnapshotArns: RESTORE,
      SnapshotName: RESTORE,
      SnapshotRetentionLimit: RETENTION,
      SnapshotWindow: SNAPSHOT_WINDOW,
      Tags: TAGS,
      TransitEncryptionEnabled: effective('endpoints speak TLS'),
      VpcSecurityGroupIds: SECURITY_GROUPS,
    },
  },
  'AWS::ElastiCache::ServerlessCache': {
    required: ['Engine', 'ServerlessCacheName'],
    properties: {
      CacheUsageLimits: effective('data storage and ECPU limits of the cache'),
      ConnectionType: validated('allowed values checked; endpoints listen on 127.0.0.1'),
      DailySnapshotTime: effective('daily snapshots start then'),
      Description: effective('shown in the topology'),
      Endpoint: effective('a given port replaces the default'),
      Engine: effective(),
      FinalSnapshotName: ignored('CloudFormation takes it when the stack deletes the cache, which the simulator never does; DeleteServerlessCache takes its own FinalSnapshotName'),
      KmsKeyId: KMS,
      MajorEngineVersion: effective('engine behaviour'),
      NetworkType: validated('allowed values checked (ipv4, ipv6, dual_stack); endpoints listen on 127.0.0.1 only'),
      ReaderEndpoint: effective('a given port replaces the default'),
      SecurityGroupIds: SECURITY_GROUPS,
      ServerlessCacheName: effective('lower-cased, names the endpoint'),
      SnapshotArnsToRestore: RESTORE,
      SnapshotRetentionLimit: RETENTION,
      SubnetIds: validated('recorded; the simulator has no VPC'),
      Tags: TAGS,
      UserGroupId: effective('RBAC users and access strings'),
    },
  },
  'AWS::ElastiCache::User': {
    required: ['Engine', 'UserId', 'UserName'],
    properties: {
      AccessString: effective('ACL rules of the user'),
      AuthenticationMode: effective('passwords or no password; IAM authentication is rejected'),
      Engine: effective(),
      NoPasswordRequired: effective(),
      Passwords: effective(),
      Tags: TAGS,
      UserId: effective(),
      UserName: effective('the name clients AUTH with'),
    },
  },
  'AWS::ElastiCache::UserGroup': {
    required: ['Engine', 'UserGroupId', 'UserIds'],
    properties: {
      Engine: effective(),
      Tags: TAGS,
      UserGroupId: effective(),
      UserIds: effective('users of every cache that uses the group'),
    },
  },
  'AWS::ElastiCache::ParameterGroup': {
    required: ['CacheParameterGroupFamily', 'Description'],
    properties: {
      CacheParameterGroupFamily: effective('family defaults of every parameter'),
      Description: effective('shown in the topology'),
      Properties: effective('engine parameters of every node that uses the group'),
      Tags: TAGS,
    },
  },
  'AWS::ElastiCache::SubnetGroup': {
    required: ['Description', 'SubnetIds'],
    properties: {
      CacheSubnetGroupName: effective('lower-cased'),
      Description: effective('shown in the topology'),
      SubnetIds: effective('Availability Zones of the nodes placed in the group'),
      Tags: TAGS,
    },
  },
  'AWS::ElastiCache::GlobalReplicationGroup': {
    required: ['Members'],
    properties: {
      AutomaticFailoverEnabled: validated('recorded; the members replicate as their replication groups say'),
      CacheNodeType: validated('recorded; the members replicate as their replication groups say'),
      CacheParameterGroupName: validated('recorded; the members replicate as their replication groups say'),
      Engine: validated('recorded; the members replicate as their replication groups say'),
      EngineVersion: validated('recorded; the members replicate as their replication groups say'),
      GlobalNodeGroupCount: validated('recorded; the members replicate as their replication groups say'),
      GlobalReplicationGroupDescription: effective('shown in the topology'),
      GlobalReplicationGroupIdSuffix: effective('the id is the Region prefix plus this suffix'),
      Members: effective('primary and secondary replication groups'),
      RegionalConfigurations: validated('recorded; the members replicate as their replication groups say'),
      Tags: ignored('the control plane does not tag global datastores'),
    },
  },
};

/**
 * The topology model: every cache a template describes, validated as ElastiCache validates it and
 * resolved down to the nodes, endpoints, security settings and engine configuration the simulator
 * starts. Hostnames and ports are the service's (`master.app.x1y2z3.use1.cache.amazonaws.com:6379`);
 * the network layer maps them to local listeners.
 */

export type CacheEngine = 'valkey' | 'redis' | 'memcached';

/** Where a model object came from in the input. */
export interface Origin {
  /** Stack path (`Parent/NestedLogicalId` for nested stacks). */
  readonly stack: string;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly account: string;
  readonly region: string;
}

export type EndpointKind = 'primary' | 'reader' | 'configuration' | 'node' | 'serverless' | 'serverless-reader';

/** An endpoint as ElastiCache publishes it. */
export interface EndpointModel {
  readonly kind: EndpointKind;
  readonly hostname: string;
  readonly port: number;
  /** Whether the endpoint speaks TLS. */
  readonly tls: boolean;
}

/** In-transit encryption of a cache. */
export interface TlsModel {
  readonly enabled: boolean;
  /** `required`: TLS only; `preferred`: TLS and plain connections (Redis OSS 7+, Valkey). */
  readonly mode: 'required' | 'preferred' | 'disabled';
}

/** How clients authenticate. */
export type AuthModel =
  | { readonly mode: 'none' }
  | {
    readonly mode: 'auth-token';
    /** The newest token. */
    readonly authToken: string;
    /** After a ROTATE: the older token, still accepted until a SET (the service keeps at most two). */
    readonly previousAuthToken?: string;
    /** After a ROTATE on a cache without a token: connections without AUTH still work until a SET. */
    readonly tokenOptional?: boolean;
  }
  | { readonly mode: 'rbac'; readonly userGroupIds: readonly string[] };

/** Engine settings of a Valkey / Redis OSS node, from the parameter group and the node type. */
export interface ValkeyEngineConfig {
  readonly engine: 'valkey' | 'redis';
  /** Version as the catalog lists it (`7.2`, `6.2`, `5.0.6`). */
  readonly engineVersion: string;
  readonly port: number;
  readonly clusterEnabled: boolean;
  /** Bytes for data: node `maxmemory` minus reserved memory (undefined where the catalog has no figure). */
  readonly maxmemoryBytes?: number;
  /** Every parameter of the family with its effective value (family defaults, node-type values, group values). */
  readonly parameters: Readonly<Record<string, string>>;
}

/** Engine settings of a Memcached node. */
export interface MemcachedEngineConfig {
  readonly engine: 'memcached';
  readonly engineVersion: string;
  readonly port: number;
  /** `max_cache_memory` of the node type in MB. */
  readonly maxCacheMemoryMb?: number;
  /** Bytes for items: `max_cache_memory` minus `memcached_connections_overhead`. */
  readonly itemMemoryBytes?: number;
  readonly threads?: number;
  readonly parameters: Readonly<Record<string, string>>;
}

export type EngineConfig = ValkeyEngineConfig | MemcachedEngineConfig;

/** One cache node. */
export interface NodeModel {
  /** Cache cluster id of the node (`app-001`, `app-0002-001`, or the Memcached cluster id). */
  readonly cacheClusterId: string;
  /** Cache node id inside that cluster (`0001`, `0002`, …). */
  readonly cacheNodeId: string;
  readonly role: 'primary' | 'replica' | 'memcached' | 'standalone';
  readonly availabilityZone: string;
  readonly endpoint: EndpointModel;
}

/** Inclusive slot range. */
export interface SlotRange {
  readonly start: number;
  readonly end: number;
}

/** A shard (node group) of a replication group. */
export interface ShardModel {
  /** Node group id (`0001`). */
  readonly shardId: string;
  /** Slots the shard owns (cluster mode enabled); all 16384 with cluster mode disabled. */
  readonly slots: readonly SlotRange[];
  readonly primary: NodeModel;
  readonly replicas: readonly NodeModel[];
}

/** A resource tag as the template declares it. */
export interface TagModel {
  readonly key: string;
  readonly value: string;
}

/** Tags a template resource declares (`Tags`); the control plane lists them with `ListTagsForResource`. */
interface Tagged {
  /** Absent on resources created through the API, whose tags the control plane keeps itself. */
  readonly tags?: readonly TagModel[];
}

interface CacheCommon extends Tagged {
  readonly origin: Origin;
  readonly arn: string;
  readonly engine: CacheEngine;
  readonly tls: TlsModel;
  readonly auth: AuthModel;
  readonly atRestEncryption: boolean;
  readonly kmsKeyId?: string;
  readonly securityGroupIds: readonly string[];
  /** `SnapshotName` / `SnapshotArns` of the template: the data the cache starts with (the managed service restores it). */
  readonly restoreSource?: { readonly snapshotName?: string; readonly snapshotArns?: readonly string[] };
}

/** `AWS::ElastiCache::ReplicationGroup` (Valkey / Redis OSS, cluster mode disabled or enabled). */
export interface ReplicationGroupModel extends CacheCommon {
  readonly kind: 'replication-group';
  readonly replicationGroupId: string;
  readonly description: string;
  readonly engine: 'valkey' | 'redis';
  readonly engineVersion: string;
  readonly nodeType: string;
  readonly port: number;
  readonly clusterMode: 'enabled' | 'disabled' | 'compatible';
  readonly shards: readonly ShardModel[];
  readonly automaticFailover: boolean;
  readonly multiAz: boolean;
  readonly dataTiering: boolean;
  /** `Durability` as the template sets it (`default` otherwise). */
  readonly durability: string;
  readonly parameterGroupName: string;
  readonly subnetGroupName?: string;
  readonly primaryEndpoint?: EndpointModel;
  readonly readerEndpoint?: EndpointModel;
  readonly configurationEndpoint?: EndpointModel;
  readonly engineConfig: ValkeyEngineConfig;
  readonly globalReplicationGroupId?: string;
  /** Cluster mode disabled: the member snapshots are taken from (`SnapshottingClusterId`). */
  readonly snapshottingClusterId?: string;
  readonly snapshotRetentionLimit: number;
  readonly snapshotWindow?: string;
  readonly preferredMaintenanceWindow?: string;
  readonly networkType: string;
  readonly ipDiscovery: string;
  readonly logDelivery: readonly LogDeliveryModel[];
  readonly notificationTopicArn?: string;
}

/** `AWS::ElastiCache::CacheCluster` with Memcached: nodes and a configuration endpoint. */
export interface MemcachedClusterModel extends CacheCommon {
  readonly kind: 'memcached-cluster';
  readonly cacheClusterId: string;
  readonly engine: 'memcached';
  readonly engineVersion: string;
  readonly nodeType: string;
  readonly port: number;
  readonly azMode: 'single-az' | 'cross-az';
  readonly nodes: readonly NodeModel[];
  readonly configurationEndpoint: EndpointModel;
  readonly parameterGroupName: string;
  readonly subnetGroupName?: string;
  readonly engineConfig: MemcachedEngineConfig;
  readonly networkType: string;
  readonly ipDiscovery: string;
  readonly preferredMaintenanceWindow?: string;
  readonly notificationTopicArn?: string;
}

/** `AWS::ElastiCache::CacheCluster` with Valkey / Redis OSS: one node, no replicas. */
export interface SingleNodeClusterModel extends CacheCommon {
  readonly kind: 'single-node-cluster';
  readonly cacheClusterId: string;
  readonly engine: 'valkey' | 'redis';
  readonly engineVersion: string;
  readonly nodeType: string;
  readonly port: number;
  readonly node: NodeModel;
  readonly parameterGroupName: string;
  readonly subnetGroupName?: string;
  readonly engineConfig: ValkeyEngineConfig;
  readonly snapshotRetentionLimit: number;
  readonly snapshotWindow?: string;
  readonly preferredMaintenanceWindow?: string;
  readonly networkType: string;
  readonly ipDiscovery: string;
  readonly logDelivery: readonly LogDeliveryModel[];
  readonly notificationTopicArn?: string;
}

/** `AWS::ElastiCache::ServerlessCache`: one endpoint (and a reader endpoint), TLS always on. */
export interface ServerlessCacheModel extends CacheCommon {
  readonly kind: 'serverless';
  readonly serverlessCacheName: string;
  readonly description?: string;
  readonly majorEngineVersion: string;
  readonly fullEngineVersion: string;
  readonly endpoint: EndpointModel;
  readonly readerEndpoint: EndpointModel;
  readonly dataStorage?: { readonly minimum?: number; readonly maximum?: number; readonly unit: 'GB' };
  readonly ecpuPerSecond?: { readonly minimum?: number; readonly maximum?: number };
  readonly userGroupId?: string;
  readonly snapshotRetentionLimit: number;
  readonly dailySnapshotTime?: string;
  readonly subnetIds: readonly string[];
  readonly snapshotArnsToRestore: readonly string[];
  readonly finalSnapshotName?: string;
  readonly engineConfig: EngineConfig;
}

export type CacheModel = ReplicationGroupModel | MemcachedClusterModel | SingleNodeClusterModel | ServerlessCacheModel;

export interface LogDeliveryModel {
  readonly logType: 'slow-log' | 'engine-log';
  readonly destinationType: 'cloudwatch-logs' | 'kinesis-firehose';
  readonly destination: string;
  readonly logFormat: 'text' | 'json';
  /** While a ModifyReplicationGroup / ModifyCacheCluster change applies; absent: `active`. */
  readonly status?: 'enabling' | 'modifying' | 'disabling';
}

/** `AWS::ElastiCache::User`. */
export interface UserModel extends Tagged {
  readonly origin: Origin;
  readonly userId: string;
  readonly userName: string;
  readonly engine: 'valkey' | 'redis';
  readonly accessString: string;
  readonly authentication: { readonly type: 'password' | 'no-password-required' | 'iam'; readonly passwords: readonly string[] };
  readonly arn: string;
}

/** `AWS::ElastiCache::UserGroup`. */
export interface UserGroupModel extends Tagged {
  readonly origin: Origin;
  readonly userGroupId: string;
  readonly engine: 'valkey' | 'redis';
  readonly userIds: readonly string[];
  readonly arn: string;
}

/** A parameter group: one declared in a template or a service default group (`default.valkey8`). */
export interface ParameterGroupModel extends Tagged {
  readonly origin?: Origin;
  readonly name: string;
  readonly family: string;
  readonly description: string;
  readonly isDefault: boolean;
  /** Values the group sets (template `Properties`, or `cluster-enabled` for `.cluster.on`). */
  readonly values: Readonly<Record<string, string>>;
  readonly clusterEnabled: boolean;
}

/** `AWS::ElastiCache::SubnetGroup`. */
export interface SubnetGroupModel extends Tagged {
  readonly origin: Origin;
  readonly name: string;
  readonly description: string;
  readonly subnetIds: readonly string[];
  /** Zones of the subnets where the template shows them (`AWS::EC2::Subnet` in a simulated stack). */
  readonly availabilityZones: readonly string[];
}

/** `AWS::SecretsManager::Secret` as the simulator filled it. */
export interface SecretModel {
  readonly origin: Origin;
  readonly name: string;
  readonly arn: string;
  /** Where the value came from: the template, `GenerateSecretString`, or the user. */
  readonly valueSource: 'template' | 'generated' | 'supplied';
  readonly secretString: string;
}

/** `AWS::ElastiCache::GlobalReplicationGroup`. */
export interface GlobalDatastoreModel {
  readonly origin: Origin;
  readonly globalReplicationGroupId: string;
  readonly arn: string;
  readonly primaryReplicationGroupId: string;
  readonly members: readonly { readonly replicationGroupId: string; readonly region: string; readonly role: 'PRIMARY' | 'SECONDARY' }[];
  readonly description?: string;
}

/** What the simulator does with one property of one resource. */
export type PropertyTreatment = 'effective' | 'validated' | 'ignored';

export interface PropertyReportEntry {
  readonly stack: string;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly property: string;
  readonly treatment: PropertyTreatment;
  /** Why the property has no local effect, for `validated` and `ignored`. */
  readonly note?: string;
}

/** Everything the templates describe, ready for engine nodes and endpoint proxies. */
export interface Topology {
  readonly seed: string;
  readonly stacks: readonly StackSummary[];
  readonly caches: readonly CacheModel[];
  readonly users: readonly UserModel[];
  readonly userGroups: readonly UserGroupModel[];
  readonly parameterGroups: readonly ParameterGroupModel[];
  readonly subnetGroups: readonly SubnetGroupModel[];
  readonly secrets: readonly SecretModel[];
  readonly globalDatastores: readonly GlobalDatastoreModel[];
  readonly propertyReport: readonly PropertyReportEntry[];
  readonly warnings: readonly string[];
  /** CloudWatch alarms, composite alarms and dashboards, with resolved properties (the alarms run them). */
  readonly cloudWatch?: readonly CloudWatchResourceModel[];
}

/** An `AWS::CloudWatch::Alarm`, `CompositeAlarm` or `Dashboard` as the template resolves it. */
export interface CloudWatchResourceModel {
  readonly origin: Origin;
  /** Its `Ref`: the alarm or dashboard name (generated when the template gives none). */
  readonly physicalId: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface StackSummary {
  readonly name: string;
  readonly path: string;
  readonly displayName: string;
  readonly account: string;
  readonly region: string;
  readonly outputs: Readonly<Record<string, { readonly value?: unknown; readonly exportName?: string; readonly error?: string }>>;
}

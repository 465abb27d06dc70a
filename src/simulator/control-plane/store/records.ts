/**
 * What the control plane keeps about each resource besides its topology model: where it came
 * from, its status and creation time, tags, pending modifications and per-node state — the
 * fields the Describe operations report and the lifecycle moves.
 */
import type {
  CacheModel, EngineConfig, GlobalDatastoreModel, ParameterGroupModel, SubnetGroupModel, UserGroupModel, UserModel,
} from '../../model';
import type { RestoreSource } from '../../snapshots/snapshot-service';

export interface Tag {
  readonly key: string;
  readonly value: string;
}

/** A template resource, or one created through the API (or restored from the state directory). */
export type ResourceSource = 'template' | 'api';

/**
 * `PendingModifiedValues` of a cache cluster or replication group, as the API names them, and what
 * a pending change needs besides them to run later (not shown by Describe). A state directory keeps
 * them all, so a restart re-schedules the change.
 */
export interface PendingChanges {
  numCacheNodes?: number;
  cacheNodeIdsToRemove?: string[];
  /** Availability Zones of the nodes a pending `NumCacheNodes` adds (`NewAvailabilityZones`). */
  newAvailabilityZones?: string[];
  engineVersion?: string;
  /** Engine and parameter group a pending `EngineVersion` moves to (an upgrade may change both). */
  upgradeEngine?: string;
  upgradeParameterGroupName?: string;
  cacheNodeType?: string;
  authTokenStatus?: string;
  transitEncryptionEnabled?: boolean;
  transitEncryptionMode?: string;
}

/** Fields every record has: where it came from, and whether the API changed a template resource. */
export interface RecordOrigin {
  readonly source: ResourceSource;
  /** A template resource changed through the API (a restart with a state directory keeps the change). */
  changed?: boolean;
}

export interface CacheRecord extends RecordOrigin {
  model: CacheModel;
  status: string;
  readonly createdAt: Date;
  /** Node statuses by `cacheClusterId/cacheNodeId` (absent: `available`). */
  readonly nodeStatus: Map<string, string>;
  readonly nodeCreatedAt: Map<string, Date>;
  pending: PendingChanges;
  /**
   * Engine configurations waiting for a reboot, by member cache cluster id: parameters whose
   * change type is `requires-reboot` (the nodes run `model.engineConfig` until rebooted).
   */
  readonly pendingReboot: Map<string, EngineConfig>;
  autoMinorVersionUpgrade: boolean;
  /** Where the data comes from when the cache starts (SnapshotName, SnapshotArns, SnapshotArnsToRestore). */
  restoreFrom?: RestoreSource;
  /** Cluster mode disabled: the member a snapshot is taken from. */
  snapshottingClusterId?: string;
  /** Resharding progress in percent while a `ModifyReplicationGroupShardConfiguration` runs. */
  reshardingProgress?: number;
  authTokenLastModified?: Date;
}

export interface ParameterGroupRecord extends RecordOrigin {
  model: ParameterGroupModel;
  readonly region: string;
}

export interface SubnetGroupRecord extends RecordOrigin {
  model: SubnetGroupModel;
  readonly region: string;
}

export interface UserRecord extends RecordOrigin {
  model: UserModel;
  status: 'active' | 'modifying' | 'deleting';
}

export interface UserGroupRecord extends RecordOrigin {
  model: UserGroupModel;
  status: 'active' | 'modifying' | 'deleting' | 'creating';
  pendingUserIdsToAdd: string[];
  pendingUserIdsToRemove: string[];
}

export interface GlobalDatastoreRecord extends RecordOrigin {
  model: GlobalDatastoreModel;
  status: string;
}

/**
 * Cluster mode and replication roles as the simulator injects them: the shared cluster topology,
 * slot routing (MOVED/ASK/CROSSSLOT/TRYAGAIN), the CLUSTER family, READONLY/READWRITE/ASKING, ROLE
 * and INFO replication from a replication view.
 */
export { ClusterNodeEntry, ClusterTopology, PreferredEndpoint, SlotMigration, randomNodeId } from './cluster-state';
export { CLUSTER_SLOTS, crc16, keyHashSlot } from './key-slot';
export { ClusterMembership, clusterMembershipOf, joinCluster, setupCluster } from './membership';
export { PrimaryLinkInfo, ReplicaLinkInfo, ReplicationView, replicationInfo, replicationViewOf, setReplicationView } from './replication-view';
export { CLUSTER_ERRORS } from './routing';
export { CLUSTER_COMMANDS, nodeLine } from './commands';

/**
 * The cache clusters a cache consists of, as `DescribeCacheClusters` lists them: a Memcached or
 * single-node cluster is one cluster; every node of a replication group is a cluster of its own
 * (`app-001`, `app-0002-001`) whose `ReplicationGroupId` names the group.
 */
import type { CacheModel, NodeModel } from '../../model';

export interface MemberCluster {
  readonly cacheClusterId: string;
  readonly nodes: readonly NodeModel[];
  /** Node group of a replication group member. */
  readonly shardId?: string;
  readonly replicationGroupId?: string;
}

export function memberClusters(model: CacheModel): MemberCluster[] {
  switch (model.kind) {
    case 'memcached-cluster': return [{ cacheClusterId: model.cacheClusterId, nodes: model.nodes }];
    case 'single-node-cluster': return [{ cacheClusterId: model.cacheClusterId, nodes: [model.node] }];
    case 'replication-group':
      return model.shards.flatMap((shard) => [shard.primary, ...shard.replicas].map((node) => ({
        cacheClusterId: node.cacheClusterId,
        nodes: [node],
        shardId: shard.shardId,
        replicationGroupId: model.replicationGroupId,
      })));
    default: return [];
  }
}

/** Key of a node in the record's per-node maps. */
export function nodeKey(node: NodeModel): string {
  return `${node.cacheClusterId}/${node.cacheNodeId}`;
}

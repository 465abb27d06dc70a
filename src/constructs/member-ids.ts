/**
 * The IDs ElastiCache gives the parts of node-based caches, which name their CloudWatch metrics:
 * Memcached nodes `0001`, `0002`, …; shards (node groups) `0001`, …; members of a replication group
 * `<group>-001` (cluster mode disabled) or `<group>-<shard>-001` (cluster mode enabled).
 */

/** A node ID of a cluster (`0001`) or a shard ID (`0001`). */
export function fourDigits(n: number): string {
  return String(n).padStart(4, '0');
}

/** The number of a member inside its group or shard (`001`). */
export function memberNumber(n: number): string {
  return String(n).padStart(3, '0');
}

/** Member cluster IDs of one shard: `<prefix>-001`, … (cluster mode disabled, no shard) or `<prefix>-<shard>-001`, …. */
export function shardMemberIds(groupId: string, shardId: string | undefined, nodes: number): string[] {
  const base = shardId === undefined ? groupId : `${groupId}-${shardId}`;
  return Array.from({ length: nodes }, (_, i) => `${base}-${memberNumber(i + 1)}`);
}

/** The first node of every cluster: replication group members have exactly this one. */
export const FIRST_NODE_ID = '0001';

/**
 * Pieces the Valkey / Redis OSS runtimes share: nodes built from the model with the cache's TLS
 * certificate, node lookup for fault injection, and the runtime description.
 */
import type { ShardModel } from '../../model';
import { secureContextOf } from '../tls/cache-tls';
import type { RuntimeContext, NodeStatus } from '../types';
import { SimulationError } from '../types';
import { applyAccess, rbacUsers } from './access';
import { ValkeyCacheModel, ValkeyNode } from './node';
import { applyParameterChanges } from './settings';
import type { Shard } from './shard';
import { nodeEndpointOf, switchTransit } from './transit';

/** The nodes of a shard, primary first. */
export function shardNodes(shard: ShardModel, cache: ValkeyCacheModel, context: RuntimeContext): ValkeyNode[] {
  const secure = secureContextOf(cache, context);
  return [shard.primary, ...shard.replicas].map((model) => new ValkeyNode(model, cache, context, secure));
}

/** Finds a node of the shards by id, or fails as the service does for an unknown node. */
export function findShardNode(shards: readonly Shard[], cacheId: string, nodeId: string): { shard: Shard; node: ValkeyNode } {
  for (const shard of shards) {
    const node = shard.node(nodeId.toLowerCase());
    if (node) return { shard, node };
  }
  const known = shards.flatMap((s) => s.nodes.map((n) => n.name)).join(', ');
  throw new SimulationError('CacheClusterNotFound', `${cacheId} has no node ${nodeId} (nodes: ${known}).`);
}

/** Stops a node of the shards as if it failed (the shard handles a failed primary). */
export async function stopShardNode(shards: readonly Shard[], cacheId: string, nodeId: string): Promise<void> {
  const { shard, node } = findShardNode(shards, cacheId, nodeId);
  await shard.stopNode(node);
}

/** Starts a stopped node of the shards again. */
export async function startShardNode(shards: readonly Shard[], cacheId: string, nodeId: string): Promise<void> {
  const { shard, node } = findShardNode(shards, cacheId, nodeId);
  await shard.startNode(node);
}

/** A shard by node group id (`0001`, or `1`), or the only shard when none is given. */
export function findShard(shards: readonly Shard[], cacheId: string, shardId?: string): Shard {
  if (shardId === undefined) {
    if (shards.length === 1) return shards[0];
    throw new SimulationError('InvalidParameterValue', `${cacheId} has ${shards.length} node groups: name the one to fail over (${shards.map((s) => s.shardId).join(', ')}).`);
  }
  const wanted = shardId.padStart(4, '0');
  const shard = shards.find((s) => s.shardId === wanted);
  if (!shard) throw new SimulationError('NodeGroupNotFoundFault', `${cacheId} has no node group ${shardId}.`);
  return shard;
}

export function nodeStatuses(shards: readonly Shard[]): NodeStatus[] {
  return shards.flatMap((shard) => shard.nodes.map((node): NodeStatus => ({
    nodeId: node.name,
    shardId: shard.shardId,
    role: node.role,
    status: node.running ? 'available' : 'stopped',
    endpoint: node.endpoint.local,
    replicationOffset: node.running ? shard.offsetOf(node) : undefined,
  })));
}

/** The runtime part of a Valkey / Redis OSS cache's description. */
export function describeValkeyCache(model: ValkeyCacheModel, shards: readonly Shard[], context: RuntimeContext): Record<string, unknown> {
  const first = shards[0].nodes[0];
  const auth = model.auth.mode === 'rbac'
    ? { mode: 'rbac', users: rbacUsers(model.auth, context.topology).map((u) => ({ userName: u.userName, authentication: u.authentication.type, accessString: u.accessString })) }
    : { mode: model.auth.mode };
  return {
    auth,
    parameters: { applied: first.parameters.applied.length, notApplied: first.parameters.notApplied },
    shards: shards.map((shard) => ({
      shardId: shard.shardId,
      primary: shard.primary.name,
      nodes: nodeStatuses([shard]).map((n) => ({
        nodeId: n.nodeId, role: n.role, status: n.status, port: n.endpoint.port, replicationOffset: n.replicationOffset,
      })),
    })),
  };
}

/**
 * A node adopts a changed model of its cache: parameters that differ (applied immediately),
 * maxmemory, and authentication (users added, changed or removed as ACL changes apply to live
 * connections; a new AUTH token). Settings fixed at start wait for the next engine start.
 */
export function reconfigureNode(node: ValkeyNode, before: ValkeyCacheModel, after: ValkeyCacheModel, context: RuntimeContext): void {
  node.cache = after;
  switchTransit([[node.endpoint, nodeEndpointOf(after, node.name)]], before, after, context);
  if (!node.server) return;
  node.parameters = applyParameterChanges(node.server, before.engineConfig, after.engineConfig);
  applyAccess(node.server, after.auth, context.topology);
}

/**
 * A Valkey / Redis OSS cache cluster of one node (`AWS::ElastiCache::CacheCluster`): its node
 * endpoint, no replicas, nothing to fail over to.
 */
import type { SingleNodeClusterModel } from '../../model';
import type { LocalEndpoint } from '../network/endpoint';
import { NodeStatus, RunningCache, RuntimeContext, SimulationError } from '../types';
import { describeValkeyCache, findShardNode, nodeStatuses, reconfigureNode, startShardNode, stopShardNode } from './common';
import { ValkeyNode } from './node';
import { Shard } from './shard';
import { secureContextOf } from '../tls/cache-tls';

export class SingleNodeCluster implements RunningCache {
  private readonly shard: Shard;

  constructor(public model: SingleNodeClusterModel, private readonly context: RuntimeContext) {
    const node = new ValkeyNode(model.node, model, context, secureContextOf(model, context));
    this.shard = new Shard([node], { cacheId: model.cacheClusterId, shardId: '0001', automaticFailover: false, context, sourceType: 'cache-cluster' });
  }

  public get id(): string {
    return this.model.cacheClusterId;
  }

  /** Its one shard (the metrics collector reads nodes through `shardList` on every Valkey cache). */
  public get shardList(): readonly Shard[] {
    return [this.shard];
  }

  public async start(): Promise<this> {
    await this.shard.start();
    return this;
  }

  public endpoints(): LocalEndpoint[] {
    return [this.shard.primary.endpoint.local];
  }

  public nodes(): NodeStatus[] {
    return nodeStatuses([this.shard]).map((n) => ({ ...n, role: 'standalone', shardId: undefined }));
  }

  public describe(): Record<string, unknown> {
    return describeValkeyCache(this.model, [this.shard], this.context);
  }

  public async failover(): Promise<void> {
    throw new SimulationError('InvalidParameterCombination', `Cache cluster ${this.id} has a single node and no replica to fail over to.`);
  }

  public async stopNode(nodeId: string): Promise<void> {
    await stopShardNode([this.shard], this.id, nodeId);
  }

  public async startNode(nodeId: string): Promise<void> {
    await startShardNode([this.shard], this.id, nodeId);
  }

  /** Adopts a changed model of the cluster (parameters, memory reach the running node). */
  public reconfigure(model: SingleNodeClusterModel): void {
    const before = this.model;
    this.model = model;
    for (const node of this.shard.nodes) reconfigureNode(node, before, model, this.context);
  }

  /** Reboots the node (RebootCacheCluster): it comes back empty. */
  public async rebootNode(nodeId: string): Promise<void> {
    const { shard, node } = findShardNode([this.shard], this.id, nodeId === '0001' ? this.model.node.cacheClusterId : nodeId);
    await shard.rebootNode(node);
  }

  public async stop(): Promise<void> {
    await this.shard.stop();
  }
}

/**
 * A replication group with cluster mode disabled: one shard, a primary endpoint that follows the
 * primary, a reader endpoint that spreads connections over the replicas (the primary when there
 * are none), and node endpoints. When the primary changes, connections made through the primary
 * endpoint to the old one are closed, as clients see after the DNS record moves.
 */
import type { NodeModel, ReplicationGroupModel } from '../../model';
import { Endpoint, LocalEndpoint } from '../network/endpoint';
import { secureContextOf } from '../tls/cache-tls';
import { NodeStatus, RunningCache, RuntimeContext, SimulationError } from '../types';
import {
  describeValkeyCache, findShard, findShardNode, nodeStatuses, reconfigureNode, shardNodes, startShardNode, stopShardNode,
} from './common';
import type { ShardedCache } from './global-datastore';
import { transitOf, ValkeyNode } from './node';
import { Shard } from './shard';
import { switchTransit } from './transit';

export class PrimaryReplicaGroup implements RunningCache, ShardedCache {
  private readonly shard: Shard;
  private readonly primaryEndpoint: Endpoint;
  private readonly readerEndpoint: Endpoint;
  private readerCursor = 0;

  constructor(public model: ReplicationGroupModel, private readonly context: RuntimeContext) {
    const nodes = shardNodes(model.shards[0], model, context);
    this.shard = new Shard(nodes, {
      cacheId: model.replicationGroupId, shardId: model.shards[0].shardId, automaticFailover: model.automaticFailover, context, sourceType: 'replication-group',
    });
    const common = { host: context.host, transit: transitOf(model.tls), secureContext: secureContextOf(model, context) };
    this.primaryEndpoint = new Endpoint({ ...common, model: model.primaryEndpoint!, pick: () => this.shard.primary });
    this.readerEndpoint = new Endpoint({ ...common, model: model.readerEndpoint!, pick: () => this.pickReader() });
    this.shard.changed.push(() => this.follow());
  }

  public get id(): string {
    return this.model.replicationGroupId;
  }

  public get shardList(): readonly Shard[] {
    return [this.shard];
  }

  public async start(): Promise<this> {
    await Promise.all([this.primaryEndpoint.start(this.context.ports), this.readerEndpoint.start(this.context.ports), this.shard.start()]);
    return this;
  }

  /** Replicas that serve reads now (linked to a running primary), else the primary. */
  private readers(): ValkeyNode[] {
    const replicas = this.shard.replicas.filter((r) => r.running && this.shard.isLinked(r));
    if (replicas.length > 0) return replicas;
    return this.shard.primary.running ? [this.shard.primary] : [];
  }

  private pickReader(): ValkeyNode | undefined {
    const readers = this.readers();
    if (readers.length === 0) return undefined;
    return readers[this.readerCursor++ % readers.length];
  }

  /** The endpoints follow the roles: connections to nodes they no longer point at are closed. */
  private follow(): void {
    this.primaryEndpoint.retarget((target) => target === this.shard.primary);
    const readers = this.readers();
    this.readerEndpoint.retarget((target) => readers.includes(target as ValkeyNode));
  }

  public endpoints(): LocalEndpoint[] {
    return [this.primaryEndpoint.local, this.readerEndpoint.local, ...this.shard.nodes.map((n) => n.endpoint.local)];
  }

  public nodes(): NodeStatus[] {
    return nodeStatuses([this.shard]);
  }

  public describe(): Record<string, unknown> {
    return describeValkeyCache(this.model, [this.shard], this.context);
  }

  public async failover(shardId?: string, betweenSteps?: () => Promise<void>): Promise<void> {
    const shard = findShard([this.shard], this.id, shardId);
    if (!this.model.automaticFailover) {
      throw new SimulationError('InvalidReplicationGroupState', `Replication group ${this.id} does not have automatic failover enabled; TestFailover needs it.`);
    }
    await shard.failover(betweenSteps);
  }

  /** Checks that a member can be promoted now (ModifyReplicationGroup PrimaryClusterId); returns the promotion. */
  public promotion(nodeId: string): (betweenSteps?: () => Promise<void>) => Promise<void> {
    const { shard, node } = findShardNode([this.shard], this.id, nodeId);
    shard.checkPromotable(node);
    return async (betweenSteps) => {
      await shard.failover(betweenSteps, node);
    };
  }

  public async stopNode(nodeId: string): Promise<void> {
    await stopShardNode([this.shard], this.id, nodeId);
  }

  public async startNode(nodeId: string): Promise<void> {
    await startShardNode([this.shard], this.id, nodeId);
  }

  /** Adopts a changed model of the group (parameters, memory, authentication reach the running nodes). */
  public reconfigure(model: ReplicationGroupModel): void {
    const before = this.model;
    this.model = model;
    switchTransit([[this.primaryEndpoint, model.primaryEndpoint], [this.readerEndpoint, model.readerEndpoint]], before, model, this.context);
    for (const node of this.shard.nodes) reconfigureNode(node, before, model, this.context);
  }

  /** A new read replica (IncreaseReplicaCount): it synchronizes, then serves through the reader endpoint. */
  public async addReplica(nodeModel: NodeModel): Promise<void> {
    await this.shard.addNode(new ValkeyNode(nodeModel, this.model, this.context, secureContextOf(this.model, this.context)));
  }

  /** Removes a read replica (DecreaseReplicaCount). */
  public async removeReplica(nodeId: string): Promise<void> {
    const { shard, node } = findShardNode([this.shard], this.id, nodeId);
    await shard.removeNode(node);
  }

  /** Reboots a node (RebootCacheCluster). */
  public async rebootNode(nodeId: string): Promise<void> {
    const { shard, node } = findShardNode([this.shard], this.id, nodeId);
    await shard.rebootNode(node);
  }

  public async stop(): Promise<void> {
    await Promise.all([this.primaryEndpoint.stop(), this.readerEndpoint.stop(), this.shard.stop()]);
  }
}

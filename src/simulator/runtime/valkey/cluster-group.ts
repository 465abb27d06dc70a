/**
 * A replication group with cluster mode enabled: shards owning the 16384 slots as the model says,
 * every node a member of one shared cluster topology (CLUSTER SLOTS/SHARDS/NODES, MOVED/ASK), a
 * configuration endpoint that reaches any running node, node endpoints, and PUBLISH carried to
 * every node (SPUBLISH to the shard's nodes) as the cluster bus does. Failovers update the
 * topology, so cluster clients find the new primaries.
 */
import { createHash } from 'crypto';
import type { ValkeyServer } from '../../../engines/valkey';
import { ClusterTopology, joinCluster, keyHashSlot, PreferredEndpoint } from '../../../engines/valkey/cluster';
import { pubsubBridgeOf } from '../../../engines/valkey/pubsub/bridge';
import type { NodeModel, ReplicationGroupModel, ShardModel } from '../../model';
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

/** ElastiCache's `cluster-preferred-endpoint-type`: `tls-dynamic` announces hostnames only with TLS. */
export function preferredEndpointOf(model: ReplicationGroupModel): PreferredEndpoint {
  const setting = model.engineConfig.parameters['cluster-preferred-endpoint-type'] ?? 'ip';
  if (setting === 'hostname') return 'hostname';
  if (setting === 'tls-dynamic') return model.tls.enabled ? 'hostname' : 'ip';
  return 'ip';
}

/** A stable 40-hex id from the topology seed (node and shard ids stay the same between runs). */
function stableId(seed: string, name: string): string {
  return createHash('sha1').update(`${seed}:${name}`).digest('hex');
}

export class ClusterGroup implements RunningCache, ShardedCache {
  public readonly topology: ClusterTopology;
  private readonly shards: Shard[];
  private readonly configurationEndpoint: Endpoint;
  private readonly ids = new Map<ValkeyNode, string>();
  private cursor = 0;

  constructor(public model: ReplicationGroupModel, private readonly context: RuntimeContext) {
    this.topology = new ClusterTopology(preferredEndpointOf(model));
    const params = model.engineConfig.parameters;
    this.topology.requireFullCoverage = params['cluster-require-full-coverage'] === 'yes';
    this.topology.allowReadsWhenDown = params['cluster-allow-reads-when-down'] === 'yes';
    this.shards = model.shards.map((shardModel, index) => this.newShard(shardModel, index + 1));
    this.configurationEndpoint = new Endpoint({
      model: model.configurationEndpoint!,
      host: context.host,
      transit: transitOf(model.tls),
      secureContext: secureContextOf(model, context),
      pick: () => this.pickAnyNode(),
    });
  }

  /** A shard of the group, its nodes members of the cluster topology when their engines start. */
  private newShard(shardModel: ShardModel, epoch: number): Shard {
    const nodes = shardNodes(shardModel, this.model, this.context);
    const shard = new Shard(nodes, {
      cacheId: this.model.replicationGroupId, shardId: shardModel.shardId, automaticFailover: true, context: this.context, sourceType: 'replication-group',
    });
    for (const node of nodes) this.enlist(node, shard, epoch);
    shard.changed.push(() => this.follow(shard));
    return shard;
  }

  private enlist(node: ValkeyNode, shard: Shard, epoch: number): void {
    const shardKey = stableId(this.context.topology.seed, `${this.model.replicationGroupId}/${shard.shardId}`);
    this.ids.set(node, stableId(this.context.topology.seed, node.name));
    node.engineSetups.push((server) => this.joinTopology(server, node, shard, shardKey, epoch));
  }

  public get id(): string {
    return this.model.replicationGroupId;
  }

  public get shardList(): readonly Shard[] {
    return this.shards;
  }

  public async start(): Promise<this> {
    await Promise.all([this.configurationEndpoint.start(this.context.ports), ...this.shards.map((s) => s.start())]);
    this.model.shards.forEach((shardModel, i) => this.topology.assignSlots(this.ids.get(this.shards[i].primary)!, shardModel.slots));
    return this;
  }

  /** Adds the node to the topology the first time its engine starts, then makes the engine a member. */
  private joinTopology(server: ValkeyServer, node: ValkeyNode, shard: Shard, shardKey: string, epoch: number): void {
    const id = this.ids.get(node)!;
    if (!this.topology.node(id)) {
      const isPrimary = node === shard.primary;
      this.topology.addNode({
        id,
        shardId: shardKey,
        ip: this.context.host,
        port: node.endpoint.local.port,
        hostname: node.model.endpoint.hostname,
        tls: this.model.tls.enabled,
        plain: !this.model.tls.enabled || this.model.tls.mode === 'preferred',
        role: isPrimary ? 'master' : 'replica',
        primaryId: isPrimary ? undefined : this.ids.get(shard.primary),
        configEpoch: epoch,
        failed: false,
        offset: () => (node.running ? shard.offsetOf(node) : 0),
      });
    }
    joinCluster(server, this.topology, id);
    pubsubBridgeOf(server).onPublish((channel, message, sharded) => this.broadcast(node, shard, channel, message, sharded));
  }

  /** The cluster bus: a publish reaches every other running node (a shard message, its shard's nodes). */
  private broadcast(from: ValkeyNode, shard: Shard, channel: string, message: string, sharded: boolean): void {
    const targets = sharded ? shard.nodes : this.shards.flatMap((s) => s.nodes);
    for (const node of targets) {
      if (node !== from && node.server) pubsubBridgeOf(node.server).deliverFromCluster(channel, message, sharded);
    }
  }

  /** Roles and failures of a shard, as the cluster would agree on them after the event. */
  private follow(shard: Shard): void {
    const primaryId = this.ids.get(shard.primary)!;
    const entry = this.topology.node(primaryId);
    if (entry && entry.role !== 'master') this.topology.promote(primaryId);
    for (const node of shard.nodes) {
      const e = this.topology.node(this.ids.get(node)!);
      if (e) e.failed = !node.running;
    }
    this.configurationEndpoint.retarget((target) => target.running);
  }

  private pickAnyNode(): ValkeyNode | undefined {
    const running = this.shards.flatMap((s) => s.nodes).filter((n) => n.running);
    if (running.length === 0) return undefined;
    return running[this.cursor++ % running.length];
  }

  public endpoints(): LocalEndpoint[] {
    return [this.configurationEndpoint.local, ...this.shards.flatMap((s) => s.nodes.map((n) => n.endpoint.local))];
  }

  public nodes(): NodeStatus[] {
    return nodeStatuses(this.shards);
  }

  public describe(): Record<string, unknown> {
    return {
      ...describeValkeyCache(this.model, this.shards, this.context),
      cluster: {
        preferredEndpoint: this.topology.preferredEndpoint,
        currentEpoch: this.topology.currentEpoch,
        slots: this.shards.map((s) => ({ shardId: s.shardId, ranges: this.topology.slotRangesOf(this.ids.get(s.primary)!).map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)) })),
        migrating: [...this.topology.migrations.entries()].map(([slot, m]) => ({ slot, from: m.from, to: m.to })),
      },
    };
  }

  public async failover(shardId?: string, betweenSteps?: () => Promise<void>): Promise<void> {
    await findShard(this.shards, this.id, shardId).failover(betweenSteps);
  }

  public async stopNode(nodeId: string): Promise<void> {
    await stopShardNode(this.shards, this.id, nodeId);
  }

  public async startNode(nodeId: string): Promise<void> {
    await startShardNode(this.shards, this.id, nodeId);
  }

  /**
   * Online resharding, first step: the slot starts moving to another shard. Its owner answers ASK
   * for keys it no longer has; the target serves them to ASKING clients.
   */
  public beginSlotMigration(slot: number, targetShardId: string): void {
    this.checkSlot(slot);
    const source = this.shards.find((s) => this.topology.ownerOf(slot)?.id === this.ids.get(s.primary));
    const target = findShard(this.shards, this.id, targetShardId);
    if (!source) throw new SimulationError('InvalidParameterValue', `Slot ${slot} of ${this.id} has no owner.`);
    if (source === target) throw new SimulationError('InvalidParameterValue', `Slot ${slot} of ${this.id} already belongs to node group ${target.shardId}.`);
    if (this.topology.migrations.has(slot)) throw new SimulationError('InvalidParameterValue', `Slot ${slot} of ${this.id} is already moving.`);
    this.topology.beginMigration(slot, this.ids.get(source.primary)!, this.ids.get(target.primary)!);
  }

  /**
   * Moves up to `count` keys of a migrating slot from its owner to the target shard (its primary
   * and replicas), as MIGRATE does; returns how many moved.
   */
  public moveSlotKeys(slot: number, count = Infinity): number {
    const migration = this.topology.migrations.get(slot);
    if (!migration) throw new SimulationError('InvalidParameterValue', `Slot ${slot} of ${this.id} is not moving.`);
    const source = this.shards.find((s) => this.ids.get(s.primary) === migration.from)!;
    const target = this.shards.find((s) => this.ids.get(s.primary) === migration.to)!;
    const from = source.primary.server;
    if (!from) throw new SimulationError('InvalidReplicationGroupState', `The primary of node group ${source.shardId} is not running.`);
    const keys = [...from.dbs[0].dict.keys()].filter((k) => keyHashSlot(k) === slot).slice(0, count);
    const client = from.createInternalClient();
    for (const key of keys) {
      const value = from.dbs[0].dict.get(key)!;
      const expireAt = from.dbs[0].expires.get(key);
      for (const node of target.nodes) {
        const db = node.server?.dbs[0];
        if (!db) continue;
        db.delete(key);
        db.add(key, value.clone());
        if (expireAt !== undefined) db.setExpire(key, expireAt);
      }
      // The source deletes the key through a command, so its replicas drop it too.
      from.runCommand(client, ['DEL', key]);
    }
    return keys.length;
  }

  /** Last step: remaining keys move and the target shard owns the slot. */
  public completeSlotMigration(slot: number): void {
    this.moveSlotKeys(slot);
    this.topology.completeMigration(slot);
  }

  private checkSlot(slot: number): void {
    if (!Number.isInteger(slot) || slot < 0 || slot > 16383) throw new SimulationError('InvalidParameterValue', `Slot ${slot} is not between 0 and 16383.`);
  }

  /** Adopts a changed model of the group (parameters, memory, authentication reach the running nodes). */
  public reconfigure(model: ReplicationGroupModel): void {
    const before = this.model;
    this.model = model;
    switchTransit([[this.configurationEndpoint, model.configurationEndpoint]], before, model, this.context);
    for (const node of this.shards.flatMap((s) => s.nodes)) reconfigureNode(node, before, model, this.context);
  }

  /** A new replica in a shard (IncreaseReplicaCount): it joins the cluster topology and synchronizes. */
  public async addReplica(shardId: string, nodeModel: NodeModel): Promise<void> {
    const shard = findShard(this.shards, this.id, shardId);
    const node = new ValkeyNode(nodeModel, this.model, this.context, secureContextOf(this.model, this.context));
    this.enlist(node, shard, this.shards.indexOf(shard) + 1);
    await shard.addNode(node);
  }

  /** Removes a replica (DecreaseReplicaCount): it leaves the topology (CLUSTER NODES, SHARDS) and stops. */
  public async removeReplica(nodeId: string): Promise<void> {
    const { shard, node } = findShardNode(this.shards, this.id, nodeId);
    await shard.removeNode(node);
    this.topology.nodes.delete(this.ids.get(node)!);
    this.ids.delete(node);
  }

  /**
   * A new shard for online resharding (ModifyReplicationGroupShardConfiguration): its primary joins
   * the cluster owning no slots until slots migrate to it.
   */
  public async addShard(shardModel: ShardModel): Promise<void> {
    if (this.shards.some((s) => s.shardId === shardModel.shardId)) throw new SimulationError('InvalidParameterValue', `${this.id} already has node group ${shardModel.shardId}.`);
    const shard = this.newShard(shardModel, Math.max(this.topology.currentEpoch, this.shards.length) + 1);
    this.shards.push(shard);
    await shard.start();
  }

  /** Removes a shard that owns no slots any more (its slots migrated away first). */
  public async removeShard(shardId: string): Promise<void> {
    const shard = findShard(this.shards, this.id, shardId);
    const owned = this.topology.slotRangesOf(this.ids.get(shard.primary)!);
    if (owned.length > 0) throw new SimulationError('InvalidReplicationGroupState', `Node group ${shardId} of ${this.id} still owns slots.`);
    this.shards.splice(this.shards.indexOf(shard), 1);
    await shard.stop();
    for (const node of shard.nodes) {
      this.topology.nodes.delete(this.ids.get(node)!);
      this.ids.delete(node);
    }
  }

  /** The node group that owns a slot now (it changes as slots migrate). */
  public shardOfSlot(slot: number): Shard | undefined {
    const owner = this.topology.ownerOf(slot)?.id;
    return this.shards.find((s) => this.ids.get(s.primary) === owner);
  }

  /** Reboots a node (RebootCacheCluster on one member). */
  public async rebootNode(nodeId: string): Promise<void> {
    const { shard, node } = findShardNode(this.shards, this.id, nodeId);
    await shard.rebootNode(node);
  }

  public async stop(): Promise<void> {
    await Promise.all([this.configurationEndpoint.stop(), ...this.shards.map((s) => s.stop())]);
  }
}

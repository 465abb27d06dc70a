/**
 * A shard (node group): one primary and its replicas, linked by asynchronous replication, with
 * the failure handling of the service. A planned failover (TestFailover) lets replicas catch up,
 * promotes the most up-to-date one and reboots the old primary as a replica. A failed primary is
 * replaced by its most up-to-date replica when automatic failover is on (writes the replica had
 * not received are lost, as on the service); without it the shard stays without a primary until
 * the node comes back, empty, and its replicas resynchronize from it.
 */
import { randomBytes } from 'crypto';
import { setReplicationView, ReplicationView } from '../../../engines/valkey/cluster';
import type { RuntimeContext } from '../types';
import { SimulationError } from '../types';
import type { ValkeyNode } from './node';
import { ReplicaLink, StreamOffsets } from './replication';

const NO_REPL_ID = '0000000000000000000000000000000000000000';

interface ReplicationIds {
  replId: string;
  replId2: string;
  secondOffset: number;
}

export interface ShardOptions {
  readonly cacheId: string;
  readonly shardId: string;
  readonly automaticFailover: boolean;
  readonly context: RuntimeContext;
  readonly sourceType: 'replication-group' | 'cache-cluster';
}

export class Shard {
  public primary: ValkeyNode;
  /** Called after every change of roles or node states (endpoints and cluster state follow). */
  public readonly changed: (() => void)[] = [];
  private readonly links = new Map<ValkeyNode, ReplicaLink>();
  private readonly offsets = new Map<ValkeyNode, StreamOffsets>();
  private readonly ids = new Map<ValkeyNode, ReplicationIds>();
  /** Offset a replica had reached when its link went down, and when that happened. */
  private readonly lastOffsets = new Map<ValkeyNode, number>();
  private readonly linkDownSince = new Map<ValkeyNode, number>();
  /** The primary's next PING to its replicas. */
  private heartbeat: NodeJS.Timeout | undefined;

  private readonly members: ValkeyNode[];

  constructor(nodes: readonly ValkeyNode[], private readonly options: ShardOptions) {
    this.members = [...nodes];
    this.primary = nodes.find((n) => n.role === 'primary') ?? nodes[0];
    for (const n of nodes) this.offsets.set(n, new StreamOffsets(n));
  }

  /** The shard's nodes (replicas come and go with IncreaseReplicaCount / DecreaseReplicaCount). */
  public get nodes(): readonly ValkeyNode[] {
    return this.members;
  }

  /** A new replica: it starts and fully synchronizes from the primary (online, as the service adds replicas). */
  public async addNode(node: ValkeyNode): Promise<void> {
    node.role = 'replica';
    this.offsets.set(node, new StreamOffsets(node));
    await node.start();
    this.members.push(node);
    this.attach(node);
    this.refresh();
  }

  /** Removes a replica: its link closes and the node stops. The primary cannot be removed. */
  public async removeNode(node: ValkeyNode): Promise<void> {
    if (node === this.primary) throw new SimulationError('InvalidParameterValue', `Cache node ${node.name} is the primary of node group ${this.shardId}: fail over first.`);
    const index = this.members.indexOf(node);
    if (index < 0) return;
    this.links.get(node)?.close();
    this.links.delete(node);
    this.members.splice(index, 1);
    this.lastOffsets.delete(node);
    this.linkDownSince.delete(node);
    await node.stop();
    this.refresh();
  }

  /**
   * Reboots a node (RebootCacheCluster): its engine restarts with the node's current settings and
   * no data; a rebooted primary starts a new history its replicas resynchronize from.
   */
  public async rebootNode(node: ValkeyNode): Promise<void> {
    if (!node.running) throw new SimulationError('InvalidCacheClusterState', `Cache node ${node.name} is not running.`);
    if (node === this.primary) {
      this.detachAll();
      await node.restartEngine();
      this.becomePrimary(node, 0, false);
      for (const r of this.replicas) if (r.running) this.attach(r);
    } else {
      this.links.get(node)?.close();
      this.links.delete(node);
      await node.restartEngine();
      this.attach(node);
    }
    this.refresh();
  }

  public get shardId(): string {
    return this.options.shardId;
  }

  public get replicas(): ValkeyNode[] {
    return this.nodes.filter((n) => n !== this.primary);
  }

  public node(name: string): ValkeyNode | undefined {
    return this.nodes.find((n) => n.name === name);
  }

  /** Replication offset of a node: the stream it produced (primary) or applied (replica). */
  public offsetOf(node: ValkeyNode): number {
    if (node === this.primary) return this.offsets.get(node)!.current;
    return this.links.get(node)?.ackedOffset ?? this.lastOffsets.get(node) ?? 0;
  }

  /** Offsets of a node's replication history (cross-group links count in the primary's stream). */
  public offsetsOf(node: ValkeyNode): StreamOffsets {
    return this.offsets.get(node)!;
  }

  /** Full resync of every running replica (after the primary's dataset was replaced wholesale). */
  public resyncReplicas(): void {
    for (const r of this.replicas) {
      this.links.get(r)?.close();
      this.links.delete(r);
      this.attach(r);
    }
    this.refresh();
  }

  /** True when a replica is linked to a running primary (it can serve and be promoted). */
  public isLinked(node: ValkeyNode): boolean {
    return this.links.has(node);
  }

  public async start(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.start()));
    this.becomePrimary(this.primary, 0, false);
    for (const r of this.replicas) this.attach(r);
    this.refresh();
  }

  public async stop(): Promise<void> {
    clearTimeout(this.heartbeat);
    this.heartbeat = undefined;
    for (const link of this.links.values()) link.close();
    this.links.clear();
    await Promise.all(this.nodes.map((n) => n.stop()));
  }

  private becomePrimary(node: ValkeyNode, offset: number, promoted: boolean): void {
    node.role = 'primary';
    this.offsets.get(node)!.startFrom(offset);
    const previous = this.ids.get(node);
    this.ids.set(node, {
      replId: randomBytes(20).toString('hex'),
      replId2: promoted && previous ? previous.replId : NO_REPL_ID,
      secondOffset: promoted ? offset + 1 : -1,
    });
    this.lastOffsets.delete(node);
    this.linkDownSince.delete(node);
  }

  /** Links a running replica to the running primary with a full sync. */
  private attach(replica: ValkeyNode): void {
    replica.role = 'replica';
    // A link left open would keep feeding the replica's previous engine (a failover attaches the
    // old primary before and after its reboot), and through it any Global Datastore link on it.
    this.links.get(replica)?.close();
    this.links.delete(replica);
    if (!replica.running || !this.primary.running) {
      if (!this.linkDownSince.has(replica)) this.linkDownSince.set(replica, Date.now());
      return;
    }
    const link = new ReplicaLink(this.primary, replica, this.offsets.get(this.primary)!, this.options.context.replicationDelayMs);
    this.links.set(replica, link);
    this.ids.set(replica, { ...this.ids.get(this.primary)! });
    this.lastOffsets.delete(replica);
    this.linkDownSince.delete(replica);
  }

  /** Closes every link, remembering where each replica got to. */
  private detachAll(): void {
    const now = Date.now();
    for (const [replica, link] of this.links) {
      this.lastOffsets.set(replica, link.ackedOffset);
      this.linkDownSince.set(replica, now);
      link.close();
    }
    this.links.clear();
  }

  /** Replicas that could take over, most up-to-date first (ties: the order of the group). */
  private candidates(): ValkeyNode[] {
    return this.replicas.filter((r) => r.running).sort((a, b) => this.offsetOf(b) - this.offsetOf(a));
  }

  private promote(best: ValkeyNode): void {
    const offset = this.offsetOf(best);
    this.detachAll();
    this.primary.role = 'replica';
    this.primary = best;
    this.becomePrimary(best, offset, true);
    for (const r of this.replicas) if (r.running) this.attach(r);
  }

  /**
   * Planned failover: replicas catch up, the most up-to-date one (or the chosen `target`, a planned
   * promotion) is promoted, the old primary reboots as a replica.
   */
  public async failover(betweenSteps: () => Promise<void> = async () => undefined, target?: ValkeyNode): Promise<string> {
    const old = this.primary;
    if (!old.running) throw new SimulationError('InvalidReplicationGroupState', `Node group ${this.shardId} of ${this.options.cacheId} has no running primary to fail over from.`);
    if (target) this.checkPromotable(target);
    for (const link of this.links.values()) link.drain();
    const best = target ?? this.candidates().find((r) => this.links.has(r));
    if (!best) throw new SimulationError('InvalidReplicationGroupState', `Node group ${this.shardId} of ${this.options.cacheId} has no available replica to fail over to.`);
    // The service's five events, in order (FAQ: "What happens during failover").
    const completed = `Failover from primary node ${old.name} to replica node ${best.name} completed`;
    this.record(target ? `Promoting cache cluster ${best.name} to primary for node group ${this.shardId}` : `Test Failover API called for node group ${this.shardId}`);
    await betweenSteps();
    this.promote(best);
    this.recordFor(best, completed);
    this.record(completed);
    await betweenSteps();
    this.recordFor(old, `Recovering cache nodes ${old.model.cacheNodeId}`);
    await old.restartEngine();
    await betweenSteps();
    this.attach(old);
    this.recordFor(old, `Finished recovery for cache nodes ${old.model.cacheNodeId}`);
    this.refresh();
    return best.name;
  }

  /**
   * Gives the shard back the primary a previous run left (after failovers), before its kept data
   * is loaded: no failover happens, the node simply starts as the primary and the others replicate
   * from it. Unknown or stopped nodes change nothing.
   */
  public restorePrimary(name: string): void {
    const node = this.node(name);
    if (!node || node === this.primary || !node.running) return;
    this.detachAll();
    this.primary.role = 'replica';
    this.primary = node;
    this.becomePrimary(node, 0, false);
    for (const r of this.replicas) this.attach(r);
    this.refresh();
  }

  /** Throws unless `node` is a replica linked to the running primary (it can become the primary now). */
  public checkPromotable(node: ValkeyNode): void {
    if (node === this.primary) throw new SimulationError('InvalidParameterValue', `Cache node ${node.name} is already the primary of node group ${this.shardId}.`);
    if (!this.members.includes(node) || !node.running || !this.links.has(node)) {
      throw new SimulationError('InvalidReplicationGroupState', `Cache node ${node.name} is not an available replica of node group ${this.shardId}: it cannot be promoted.`);
    }
  }

  /** A node fails: its listener and connections go away; a failed primary is replaced when allowed. */
  public async stopNode(node: ValkeyNode): Promise<void> {
    if (!node.running) throw new SimulationError('InvalidCacheClusterState', `Cache node ${node.name} is already stopped.`);
    if (node === this.primary) {
      this.detachAll();
      await node.stop();
      this.record(`Cache node ${node.name} failed`);
      const best = this.candidates()[0];
      if (this.options.automaticFailover && best) {
        this.promote(best);
        this.record(`Failover from primary node ${node.name} to replica node ${best.name} completed`);
      } else {
        this.record(`Node group ${this.shardId} has no primary: ${this.options.automaticFailover ? 'no replica is available' : 'automatic failover is disabled'}`);
      }
    } else {
      const link = this.links.get(node);
      link?.close();
      this.links.delete(node);
      await node.stop();
      this.record(`Cache node ${node.name} failed`);
    }
    this.refresh();
  }

  /** A stopped node comes back, empty: as a replica of the current primary, or as the primary it still is. */
  public async startNode(node: ValkeyNode): Promise<void> {
    if (node.running) throw new SimulationError('InvalidCacheClusterState', `Cache node ${node.name} is already running.`);
    await node.start();
    if (node === this.primary) {
      // No failover happened: the primary restarts without data and its replicas resynchronize.
      this.becomePrimary(node, 0, false);
      for (const r of this.replicas) this.attach(r);
    } else {
      this.attach(node);
    }
    this.record(`Finished recovery for cache node ${node.name}`);
    this.refresh();
  }

  private record(message: string): void {
    this.options.context.events.record(this.options.cacheId, this.options.sourceType, message);
  }

  /** An event about one node's cache cluster (`app-001`). */
  private recordFor(node: ValkeyNode, message: string): void {
    this.options.context.events.record(node.name, 'cache-cluster', message);
  }

  /**
   * Schedules the current primary's next PING to whatever replicates from it. redis' replication
   * cron runs every second from the server's start and pings on each multiple of
   * `repl-ping-replica-period`: the PING moves the offsets and keeps the replicas'
   * master_last_io_seconds_ago low while nothing is written.
   */
  private scheduleHeartbeat(): void {
    clearTimeout(this.heartbeat);
    this.heartbeat = undefined;
    const server = this.primary.server;
    if (!server) return;
    const periodMs = server.config.num('repl-ping-replica-period') * 1000;
    this.heartbeat = setTimeout(() => {
      if (this.primary.server === server) server.propagation.heartbeat();
      this.scheduleHeartbeat();
    }, periodMs - ((Date.now() - server.startTime) % periodMs));
    this.heartbeat.unref();
  }

  /** Installs replication views on running nodes and tells listeners that roles may have changed. */
  private refresh(): void {
    this.scheduleHeartbeat();
    for (const node of this.nodes) {
      if (!node.server) continue;
      setReplicationView(node.server, node === this.primary ? this.primaryView(node) : this.replicaView(node));
      if (node === this.primary) {
        node.server.hooks.replicaAcks = (engineOffset) => [...this.links.values()].filter((l) => l.ackedEngineOffset >= engineOffset).length;
      } else {
        node.server.hooks.replicaAcks = undefined;
      }
    }
    for (const listener of this.changed) listener();
  }

  private primaryView(node: ValkeyNode): ReplicationView {
    const ids = this.ids.get(node)!;
    const host = this.options.context.host;
    return {
      role: 'master',
      replId: ids.replId,
      replId2: ids.replId2,
      secondReplOffset: ids.secondOffset,
      offset: () => this.offsetOf(node),
      replicas: () => [...this.links.values()].map((l) => ({
        ip: host, port: l.replica.endpoint.local.port, state: 'online', offset: l.ackedOffset, lagSeconds: l.lagSeconds,
      })),
      primary: () => undefined,
    };
  }

  private replicaView(node: ValkeyNode): ReplicationView {
    const ids = this.ids.get(node) ?? { replId: randomBytes(20).toString('hex'), replId2: NO_REPL_ID, secondOffset: -1 };
    const host = this.options.context.host;
    return {
      role: 'slave',
      replId: ids.replId,
      replId2: ids.replId2,
      secondReplOffset: ids.secondOffset,
      offset: () => this.offsetOf(node),
      replicas: () => [],
      primary: () => {
        const link = this.links.get(node);
        const down = this.linkDownSince.get(node);
        const now = Date.now();
        return {
          host,
          port: this.primary.endpoint.local.port,
          linkUp: link !== undefined,
          lastIoSecondsAgo: link ? Math.floor((now - link.lastDataAt) / 1000) : -1,
          syncInProgress: false,
          downSinceSeconds: down === undefined ? -1 : Math.floor((now - down) / 1000),
          readOffset: this.offsetOf(node),
        };
      },
    };
  }
}

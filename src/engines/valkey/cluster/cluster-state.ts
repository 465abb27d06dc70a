/**
 * The cluster configuration every node of a cluster agrees on: nodes (ids, addresses, roles,
 * epochs, health), which primary owns each of the 16384 slots, and slots being migrated. Redis
 * nodes converge on it through the cluster bus; the simulator has no bus, so the nodes of a
 * simulated cluster share one `ClusterTopology` object and each knows which entry is itself.
 */
import { randomBytes } from 'crypto';
import { CLUSTER_SLOTS } from './key-slot';

/** What a node announces first: redis' `cluster-preferred-endpoint-type` (ElastiCache adds `tls-dynamic`). */
export type PreferredEndpoint = 'ip' | 'hostname';

/** One node as the cluster knows it. */
export interface ClusterNodeEntry {
  /** 40 hex characters (CLUSTER MYID). */
  readonly id: string;
  /** 40 hex characters shared by a primary and its replicas (CLUSTER MYSHARDID). */
  readonly shardId: string;
  readonly ip: string;
  readonly port: number;
  /** Hostname the node announces (cluster-announce-hostname), if any. */
  readonly hostname?: string;
  /** The port speaks TLS. */
  readonly tls: boolean;
  /** The port also accepts plain connections (TLS optional, or no TLS). */
  readonly plain: boolean;
  role: 'master' | 'replica';
  /** The primary of a replica. */
  primaryId?: string;
  /** A primary's config epoch (replicas report their primary's). */
  configEpoch: number;
  /** The node is down (FAIL flag, link disconnected). */
  failed: boolean;
  /** Replication offset: the primary's stream offset, or what a replica has processed. */
  offset: () => number;
}

/** A slot moving between primaries (CLUSTER SETSLOT MIGRATING/IMPORTING on both sides). */
export interface SlotMigration {
  readonly from: string;
  readonly to: string;
}

/** A random node or shard id, 40 hex characters as redis makes them. */
export function randomNodeId(): string {
  return randomBytes(20).toString('hex');
}

export class ClusterTopology {
  public readonly nodes = new Map<string, ClusterNodeEntry>();
  public currentEpoch = 0;
  /** `cluster-require-full-coverage`: a slot without a live owner takes the whole cluster down. */
  public requireFullCoverage = false;
  /** `cluster-allow-reads-when-down`. */
  public allowReadsWhenDown = false;
  public readonly migrations = new Map<number, SlotMigration>();
  private readonly owners: (string | undefined)[] = new Array<string | undefined>(CLUSTER_SLOTS).fill(undefined);

  constructor(public preferredEndpoint: PreferredEndpoint = 'ip') {}

  public addNode(entry: ClusterNodeEntry): ClusterNodeEntry {
    if (this.nodes.has(entry.id)) throw new Error(`cluster node ${entry.id} already exists`);
    this.nodes.set(entry.id, entry);
    this.currentEpoch = Math.max(this.currentEpoch, entry.configEpoch);
    return entry;
  }

  public node(id: string): ClusterNodeEntry | undefined {
    return this.nodes.get(id);
  }

  /** Gives inclusive slot ranges to a primary. */
  public assignSlots(nodeId: string, ranges: readonly { readonly start: number; readonly end: number }[]): void {
    for (const { start, end } of ranges) {
      for (let slot = start; slot <= end; slot++) this.owners[slot] = nodeId;
    }
  }

  /** Id of the primary serving `slot` (no node lookup: routing compares ids on every request). */
  public ownerIdOf(slot: number): string | undefined {
    return this.owners[slot];
  }

  public ownerOf(slot: number): ClusterNodeEntry | undefined {
    const id = this.owners[slot];
    return id === undefined ? undefined : this.nodes.get(id);
  }

  /** The slots a primary owns, as inclusive ranges in slot order. */
  public slotRangesOf(nodeId: string): [number, number][] {
    const ranges: [number, number][] = [];
    let start = -1;
    for (let slot = 0; slot <= CLUSTER_SLOTS; slot++) {
      const owned = slot < CLUSTER_SLOTS && this.owners[slot] === nodeId;
      if (owned && start < 0) start = slot;
      if (!owned && start >= 0) {
        ranges.push([start, slot - 1]);
        start = -1;
      }
    }
    return ranges;
  }

  /** Number of slots with an owner, and of those whose owner is down. */
  public slotCounts(): { assigned: number; failed: number } {
    let assigned = 0;
    let failed = 0;
    for (const id of this.owners) {
      if (id === undefined) continue;
      assigned++;
      if (this.nodes.get(id)?.failed) failed++;
    }
    return { assigned, failed };
  }

  public replicasOf(primaryId: string): ClusterNodeEntry[] {
    return [...this.nodes.values()].filter((n) => n.role === 'replica' && n.primaryId === primaryId);
  }

  /** Primaries that own at least one slot (CLUSTER INFO cluster_size). */
  public primariesWithSlots(): ClusterNodeEntry[] {
    const owning = new Set(this.owners.filter((id): id is string => id !== undefined));
    return [...this.nodes.values()].filter((n) => n.role === 'master' && owning.has(n.id));
  }

  /** `ok`, or `fail` when full coverage is required and a slot has no live owner. */
  public get state(): 'ok' | 'fail' {
    if (!this.requireFullCoverage) return 'ok';
    const { assigned, failed } = this.slotCounts();
    return assigned === CLUSTER_SLOTS && failed === 0 ? 'ok' : 'fail';
  }

  /**
   * A replica takes over its primary's slots with a new config epoch; the old primary and its
   * other replicas now replicate from it (as after CLUSTER FAILOVER or an automatic failover).
   */
  public promote(replicaId: string): void {
    const replica = this.nodes.get(replicaId);
    if (!replica || replica.role !== 'replica' || replica.primaryId === undefined) throw new Error(`${replicaId} is not a replica`);
    const oldPrimaryId = replica.primaryId;
    for (let slot = 0; slot < CLUSTER_SLOTS; slot++) {
      if (this.owners[slot] === oldPrimaryId) this.owners[slot] = replicaId;
    }
    for (const [slot, m] of this.migrations) {
      if (m.from === oldPrimaryId) this.migrations.set(slot, { from: replicaId, to: m.to });
      if (m.to === oldPrimaryId) this.migrations.set(slot, { from: m.from, to: replicaId });
    }
    this.currentEpoch++;
    replica.role = 'master';
    replica.primaryId = undefined;
    replica.configEpoch = this.currentEpoch;
    for (const node of this.nodes.values()) {
      if (node.id === replicaId) continue;
      if (node.id === oldPrimaryId || (node.role === 'replica' && node.primaryId === oldPrimaryId)) {
        node.role = 'replica';
        node.primaryId = replicaId;
        node.configEpoch = replica.configEpoch;
      }
    }
  }

  /** Starts moving a slot between two primaries (the source then answers ASK for missing keys). */
  public beginMigration(slot: number, fromId: string, toId: string): void {
    if (this.owners[slot] !== fromId) throw new Error(`slot ${slot} is not owned by ${fromId}`);
    this.migrations.set(slot, { from: fromId, to: toId });
  }

  /** Ends a migration: the target owns the slot from now on (CLUSTER SETSLOT NODE), with a new epoch. */
  public completeMigration(slot: number): void {
    const m = this.migrations.get(slot);
    if (!m) throw new Error(`slot ${slot} is not being migrated`);
    this.migrations.delete(slot);
    this.owners[slot] = m.to;
    const target = this.nodes.get(m.to);
    if (target) {
      this.currentEpoch++;
      target.configEpoch = this.currentEpoch;
    }
  }

  /** The address a node announces first (MOVED, ASK, CLUSTER SLOTS/SHARDS `endpoint`). */
  public endpointOf(node: ClusterNodeEntry): string {
    if (this.preferredEndpoint === 'hostname') return node.hostname ?? '?';
    return node.ip;
  }
}

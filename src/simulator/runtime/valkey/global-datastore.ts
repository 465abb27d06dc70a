/**
 * Global Datastore replication: the primary of each shard of a secondary group replicates the
 * primary of the same shard in the primary group (a full sync, then the write stream), its own
 * replicas follow it as usual, and clients of the secondary can read but not write (READONLY).
 * After a failover on either side, the link is re-established to the new primaries.
 */
import type { CacheModel, GlobalDatastoreModel } from '../../model';
import type { RuntimeContext } from '../types';
import type { ValkeyNode } from './node';
import { ReplicaLink } from './replication';
import type { Shard } from './shard';

/** A Valkey / Redis OSS cache made of shards (both kinds of replication group). */
export interface ShardedCache {
  readonly id: string;
  readonly shardList: readonly Shard[];
}

/** Global Datastores replicating now, for `GlobalDatastoreReplicationLag`. */
const RUNNING = new Set<GlobalReplication>();

export type DatastoreMember = GlobalDatastoreModel['members'][number];

/**
 * A datastore's members: those its model lists, with their roles (a failover rewrites them), and
 * the groups that joined by naming it in their own `GlobalReplicationGroupId` (secondaries).
 */
export function datastoreMembers(datastore: GlobalDatastoreModel, caches: readonly CacheModel[]): DatastoreMember[] {
  const members = [...datastore.members];
  for (const model of caches) {
    if (model.kind !== 'replication-group' || model.globalReplicationGroupId?.toLowerCase() !== datastore.globalReplicationGroupId) continue;
    if (members.some((m) => m.replicationGroupId === model.replicationGroupId && m.region === model.origin.region)) continue;
    members.push({ replicationGroupId: model.replicationGroupId, region: model.origin.region, role: 'SECONDARY' });
  }
  return members;
}

/** The running replication group of a member (same id and Region). */
export function memberCache<C extends { readonly id: string; readonly model: CacheModel }>(
  member: DatastoreMember, caches: readonly C[],
): C | undefined {
  return caches.find((c) => c.model.kind === 'replication-group' && c.id === member.replicationGroupId && c.model.origin.region === member.region);
}

export class GlobalReplication {
  /** The cross-Region link into a secondary's primary node, while one is up. */
  public static linkInto(node: ValkeyNode): ReplicaLink | undefined {
    for (const global of RUNNING) for (const link of global.links.values()) if (link.replica === node) return link;
    return undefined;
  }

  private readonly links = new Map<number, ReplicaLink>();
  private stopped = false;

  constructor(
    public readonly datastoreId: string,
    public readonly primary: ShardedCache,
    public readonly secondary: ShardedCache,
    private readonly context: RuntimeContext,
  ) {
    if (primary.shardList.length !== secondary.shardList.length) {
      throw new Error(`${secondary.id} has ${secondary.shardList.length} shards but the primary ${primary.id} of ${datastoreId} has ${primary.shardList.length}`);
    }
  }

  public start(): void {
    RUNNING.add(this);
    this.primary.shardList.forEach((shard, i) => {
      shard.changed.push(() => this.relink(i));
      this.secondary.shardList[i].changed.push(() => this.relink(i));
      this.relink(i);
    });
    this.context.events.record(this.secondary.id, 'replication-group', `Replicating from ${this.primary.id} as a secondary of Global Datastore ${this.datastoreId}`);
  }

  /** Links shard `i`'s secondary primary to the primary group's current primary (when both run). */
  private relink(i: number): void {
    // Shards keep their listeners: a link replaced by a failover ignores later role changes.
    if (this.stopped) return;
    const source = this.primary.shardList[i];
    const target = this.secondary.shardList[i];
    for (const node of target.nodes) node.globalSecondary = true;
    const current = this.links.get(i);
    const unchanged = current && current.primary === source.primary && current.replica === target.primary;
    if (unchanged && source.primary.running && target.primary.running) return;
    current?.close();
    this.links.delete(i);
    if (!source.primary.running || !target.primary.running) return;
    this.links.set(i, new ReplicaLink(source.primary, target.primary, source.offsetsOf(source.primary), this.context.replicationDelayMs));
    // The full sync wrote the dataset straight into the secondary's primary: its replicas resync.
    target.resyncReplicas();
  }

  public stop(): void {
    RUNNING.delete(this);
    this.stopped = true;
    for (const link of this.links.values()) link.close();
    this.links.clear();
  }
}

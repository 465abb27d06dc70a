/**
 * Asynchronous replication between two nodes of a shard. Attaching a replica copies the primary's
 * dataset (a full sync), then the replica applies the primary's propagation stream (the commands
 * redis would send to replicas) on a later event-loop turn, or after a configured delay. Offsets
 * are counted in the primary's stream bytes, so INFO replication and ROLE show how far each
 * replica has come; WAIT on the primary counts replicas that acknowledged a write.
 */
import type { ValkeyNode } from './node';
import { CLIENT, Client, PropagatedOp, ValkeyServer } from '../../../engines/valkey';

/** Copies every database of `from` into `to` (the RDB transfer of a full sync). */
export function copyDataset(from: ValkeyServer, to: ValkeyServer): void {
  const count = Math.min(from.dbs.length, to.dbs.length);
  for (let i = 0; i < count; i++) {
    const src = from.dbs[i];
    const dst = to.dbs[i];
    dst.flush();
    for (const [key, value] of src.dict) dst.add(key, value.clone());
    for (const [key, when] of src.expires) if (dst.dict.has(key)) dst.setExpire(key, when);
  }
  to.resetEvictionPool();
}

interface PendingUnit {
  readonly ops: readonly PropagatedOp[];
  /** The primary's engine offset after this unit. */
  readonly engineOffset: number;
  readonly at: number;
}

/** Offsets of a node's replication history: where its current stream started. */
export class StreamOffsets {
  /** Stream offset when the node became primary, and its engine offset at that moment. */
  private base = 0;
  private engineAtBase = 0;

  constructor(private readonly node: ValkeyNode) {}

  /** Continues the history from `offset` (a promoted replica keeps counting from its own offset). */
  public startFrom(offset: number): void {
    this.base = offset;
    this.engineAtBase = this.node.server?.propagation.offset ?? 0;
  }

  /** The stream offset that corresponds to an engine offset of the current engine. */
  public fromEngine(engineOffset: number): number {
    return this.base + engineOffset - this.engineAtBase;
  }

  /** master_repl_offset of a primary. */
  public get current(): number {
    return this.fromEngine(this.node.server?.propagation.offset ?? this.engineAtBase);
  }
}

export class ReplicaLink {
  /** Stream offset the replica has applied (and acknowledged). */
  public ackedOffset: number;
  /** Engine offset of the primary the replica has applied (for WAIT). */
  public ackedEngineOffset: number;
  /** When data last reached the replica, and when it last had the whole stream. */
  public lastDataAt = Date.now();
  public caughtUpAt = Date.now();
  private queue: PendingUnit[] = [];
  private timer: { readonly cancel: () => void } | undefined;
  private readonly unsubscribe: () => void;
  private readonly client: Client;
  private readonly primaryServer: ValkeyServer;
  private readonly replicaServer: ValkeyServer;

  /** Opens the link with a full sync. Both nodes must be running. */
  constructor(
    public readonly primary: ValkeyNode,
    public readonly replica: ValkeyNode,
    private readonly primaryOffsets: StreamOffsets,
    private readonly delayMs: number,
  ) {
    if (!primary.server || !replica.server) throw new Error('both nodes must run to replicate');
    this.primaryServer = primary.server;
    this.replicaServer = replica.server;
    copyDataset(this.primaryServer, this.replicaServer);
    this.ackedEngineOffset = this.primaryServer.propagation.offset;
    this.ackedOffset = primaryOffsets.fromEngine(this.ackedEngineOffset);
    this.client = this.replicaServer.createInternalClient();
    // The stream's client is the primary's (never redirected, refused or checked against ACLs).
    // eslint-disable-next-line no-bitwise
    this.client.flags |= CLIENT.MASTER;
    this.unsubscribe = this.primaryServer.propagation.onPropagate((ops) => this.receive(ops));
  }

  /** Units received but not applied yet. */
  public get pendingUnits(): number {
    return this.queue.length;
  }

  /** Seconds the replica is behind (0 when it has everything). */
  public get lagSeconds(): number {
    return this.queue.length === 0 ? 0 : Math.floor((Date.now() - this.queue[0].at) / 1000);
  }

  private receive(ops: readonly PropagatedOp[]): void {
    // The primary's cached command time (wall clock, fixed while a command runs): one clock read
    // per write per replica would cost more than the rest of this.
    this.queue.push({ ops, engineOffset: this.primaryServer.propagation.offset, at: this.primaryServer.mstime });
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.queue.length === 0) return;
    const run = () => {
      this.timer = undefined;
      this.applyDue();
    };
    if (this.delayMs <= 0) {
      const handle = setImmediate(run);
      this.timer = { cancel: () => clearImmediate(handle) };
      return;
    }
    const handle = setTimeout(run, Math.max(0, this.queue[0].at + this.delayMs - Date.now()));
    this.timer = { cancel: () => clearTimeout(handle) };
  }

  private applyDue(): void {
    const now = Date.now();
    let applied = 0;
    while (applied < this.queue.length && this.queue[applied].at + this.delayMs <= now) applied++;
    this.apply(applied);
    this.schedule();
  }

  /** Applies everything received so far (a planned failover waits for the replica to catch up). */
  public drain(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.apply(this.queue.length);
  }

  private apply(count: number): void {
    if (count === 0) return;
    const units = this.queue.splice(0, count);
    const server = this.replicaServer;
    const c = this.client;
    for (const unit of units) {
      for (const op of unit.ops) {
        // MULTI/EXEC only delimit the unit; a unit is applied in one go anyway.
        if (op.argv.length === 1 && (op.argv[0] === 'MULTI' || op.argv[0] === 'EXEC')) continue;
        const cmd = server.commands.find(op.argv);
        if (!cmd) continue;
        c.db = server.dbs[op.db] ?? server.dbs[0];
        server.call(c, cmd, op.argv as string[]);
      }
      this.ackedEngineOffset = unit.engineOffset;
    }
    // The primary's stream gets no replies: drop them without copying.
    c.out.truncate(0);
    if (server.blocking.hasReadyKeys) server.blocking.handleReadyKeys();
    this.ackedOffset = this.primaryOffsets.fromEngine(this.ackedEngineOffset);
    this.lastDataAt = Date.now();
    if (this.queue.length === 0) this.caughtUpAt = this.lastDataAt;
    this.primaryServer.blocking.checkCustomWaits();
  }

  /** Ends the link; what was not applied is lost (as when the primary dies). */
  public close(): void {
    this.unsubscribe();
    this.timer?.cancel();
    this.timer = undefined;
    this.queue = [];
  }
}

/**
 * Asynchronous replication between two nodes of a shard. Attaching a replica copies the primary's
 * dataset (a full sync), then the replica applies the primary's propagation stream (the commands
 * redis would send to replicas) at the end of the event-loop turn that wrote, once the primary's
 * replies are sent, or after a configured delay. Offsets are counted in the primary's stream bytes,
 * so INFO replication and ROLE show how far each replica has come; WAIT on the primary counts
 * replicas that acknowledged a write.
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
  /** When the primary ran it, in ms after the link opened (a small integer: no number box per unit). */
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

/** Applied units at the front of a link's queue before the rest moves up. */
const COMPACT_AFTER = 1024;

export class ReplicaLink {
  /** Stream offset the replica has applied (and acknowledged). */
  public ackedOffset: number;
  /** Engine offset of the primary the replica has applied (for WAIT). */
  public ackedEngineOffset: number;
  /** When data last reached the replica, and when it last had the whole stream. */
  public lastDataAt = Date.now();
  public caughtUpAt = Date.now();
  /** Units received and not applied: `queue[head … tail)` (the array is reused once emptied). */
  private queue: (PendingUnit | undefined)[] = [];
  private head = 0;
  private tail = 0;
  /** Time base of the units' `at`. */
  private readonly openedAt: number;
  /** An apply is queued after the primary's replies of this turn (`runDue` clears it). */
  private applyQueued = false;
  private timeout: NodeJS.Timeout | undefined;
  /** applyDue for the timer and the primary's turn end (one function for the link's life). */
  private readonly runDue: () => void;
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
    this.openedAt = this.primaryServer.mstime;
    this.runDue = () => {
      // A cancelled apply stays in the primary's queue: it finds nothing to do.
      if (!this.applyQueued && this.timeout === undefined) return;
      this.applyQueued = false;
      this.timeout = undefined;
      this.applyDue();
    };
    copyDataset(this.primaryServer, this.replicaServer);
    this.ackedEngineOffset = this.primaryServer.propagation.offset;
    this.ackedOffset = primaryOffsets.fromEngine(this.ackedEngineOffset);
    this.client = this.replicaServer.createInternalClient();
    // A replica's slow log and MONITOR name the primary's address for its stream, as a replica's
    // connection to its master shows it.
    this.client.addr = `${primary.endpoint.local.host}:${primary.endpoint.local.port}`;
    // The stream's client is the primary's (never redirected, refused or checked against ACLs).
    // eslint-disable-next-line no-bitwise
    this.client.flags |= CLIENT.MASTER;
    this.unsubscribe = this.primaryServer.propagation.onPropagate((ops) => this.receive(ops));
  }

  /** Units received but not applied yet. */
  public get pendingUnits(): number {
    return this.tail - this.head;
  }

  /** Seconds the replica is behind (0 when it has everything). */
  public get lagSeconds(): number {
    if (this.tail === this.head) return 0;
    return Math.floor((Date.now() - this.openedAt - this.queue[this.head]!.at) / 1000);
  }

  private receive(ops: readonly PropagatedOp[]): void {
    // The primary's cached command time (wall clock, fixed while a command runs): one clock read
    // per write per replica would cost more than the rest of this.
    const unit = { ops, engineOffset: this.primaryServer.propagation.offset, at: this.primaryServer.mstime - this.openedAt };
    if (this.tail < this.queue.length) this.queue[this.tail] = unit;
    else this.queue.push(unit);
    this.tail++;
    this.schedule();
  }

  private schedule(): void {
    if (this.applyQueued || this.timeout || this.pendingUnits === 0) return;
    if (this.delayMs <= 0) {
      // After the primary's replies: a real replica works on another machine, and a client's
      // reply never waits for it (the next command of any client still finds the write applied).
      this.applyQueued = true;
      this.primaryServer.afterReplies(this.runDue);
      return;
    }
    const due = this.openedAt + this.queue[this.head]!.at + this.delayMs;
    this.timeout = setTimeout(this.runDue, Math.max(0, due - Date.now()));
  }

  private cancelSchedule(): void {
    if (this.timeout) clearTimeout(this.timeout);
    this.applyQueued = false;
    this.timeout = undefined;
  }

  private applyDue(): void {
    const horizon = Date.now() - this.openedAt - this.delayMs;
    let due = 0;
    while (this.head + due < this.tail && this.queue[this.head + due]!.at <= horizon) due++;
    this.apply(due);
    this.schedule();
  }

  /** Applies everything received so far (a planned failover waits for the replica to catch up). */
  public drain(): void {
    this.cancelSchedule();
    this.apply(this.pendingUnits);
  }

  private apply(count: number): void {
    if (count === 0) return;
    const server = this.replicaServer;
    const c = this.client;
    const queue = this.queue;
    const end = this.head + count;
    for (let u = this.head; u < end; u++) {
      const unit = queue[u]!;
      // Applied units leave the queue: nothing keeps their arguments alive.
      queue[u] = undefined;
      this.head = u + 1;
      for (const op of unit.ops) {
        // MULTI/EXEC only delimit the unit; a unit is applied in one go anyway.
        if (op.argv.length === 1 && (op.argv[0] === 'MULTI' || op.argv[0] === 'EXEC')) continue;
        // REPLCONF GETACK is answered by the acknowledgement below; SELECT and PING run as on a replica.
        const cmd = server.commands.find(op.argv);
        if (!cmd) continue;
        c.db = server.dbs[op.db] ?? server.dbs[0];
        server.call(c, cmd, op.argv as string[]);
      }
      this.ackedEngineOffset = unit.engineOffset;
    }
    if (this.head === this.tail) {
      // Emptied: start over at the front (the array keeps its capacity; its slots are cleared).
      this.head = 0;
      this.tail = 0;
    } else if (this.head >= COMPACT_AFTER && this.head * 2 >= this.tail) {
      // A delayed replica under steady writes never empties its queue: move the rest to the front.
      queue.copyWithin(0, this.head, this.tail);
      queue.fill(undefined, this.tail - this.head, this.tail);
      this.tail -= this.head;
      this.head = 0;
    }
    // The primary's stream gets no replies: drop them without copying.
    c.out.truncate(0);
    if (server.blocking.hasReadyKeys) server.blocking.handleReadyKeys();
    this.ackedOffset = this.primaryOffsets.fromEngine(this.ackedEngineOffset);
    this.lastDataAt = Date.now();
    if (this.pendingUnits === 0) this.caughtUpAt = this.lastDataAt;
    this.primaryServer.blocking.checkCustomWaits();
  }

  /** Ends the link; what was not applied is lost (as when the primary dies). */
  public close(): void {
    this.unsubscribe();
    this.cancelSchedule();
    this.queue = [];
    this.head = 0;
    this.tail = 0;
  }
}

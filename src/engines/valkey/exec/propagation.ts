/**
 * The replication stream hook. Every change is offered as the effective command(s) redis-server
 * would propagate to replicas and the AOF: a command's (possibly rewritten) argv, expired and
 * evicted keys as DEL/UNLINK, and groups of more than one command from a single execution unit
 * (EXEC, scripts, a command plus a lazy expiry) wrapped in MULTI … EXEC.
 */
import { TurnList } from '../util/turn-list';

/** One propagated command and the database it applies to. */
export interface PropagatedOp {
  readonly db: number;
  readonly argv: readonly string[];
}

/** Receives each execution unit's commands, already wrapped in MULTI/EXEC when redis wraps them. */
export type PropagationListener = (ops: readonly PropagatedOp[]) => void;

export class Propagator {
  /** The current unit's commands. */
  private readonly pending = new TurnList<PropagatedOp>();
  private readonly listeners: PropagationListener[] = [];
  /** Bytes of the stream so far as redis would encode it (master_repl_offset). */
  public offset = 0;

  /** True when someone listens (lets hot paths skip building arguments). */
  public get active(): boolean {
    return this.listeners.length > 0;
  }

  public onPropagate(listener: PropagationListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Queues a command of the current execution unit (redis alsoPropagate). */
  public add(db: number, argv: readonly string[]): void {
    if (this.listeners.length === 0) return;
    this.pending.push({ db, argv });
  }

  /** Emits the current unit (redis propagatePendingCommands). */
  public flush(): void {
    const pending = this.pending;
    if (pending.length === 0) return;
    // Listeners keep the unit: it gets an array of its own, of its exact size.
    let ops: PropagatedOp[];
    if (pending.length === 1) {
      ops = [pending.at(0)];
      pending.clear();
    } else {
      const db = pending.at(0).db;
      const unit: PropagatedOp[] = [{ db, argv: ['MULTI'] }];
      pending.drain((op) => unit.push(op));
      unit.push({ db, argv: ['EXEC'] });
      ops = unit;
    }
    for (const op of ops) this.offset += encodedLength(op.argv);
    for (const l of this.listeners) l(ops);
  }
}

function encodedLength(argv: readonly string[]): number {
  let n = 3 + digits(argv.length);
  for (let i = 0; i < argv.length; i++) n += 5 + digits(argv[i].length) + argv[i].length;
  return n;
}

/** Decimal digits of a length (counted without making a string: this runs for every write). */
function digits(n: number): number {
  let d = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    d++;
  }
  return d;
}

/**
 * Encodes propagated units as a RESP stream for a replica, inserting SELECT when the database
 * changes, as redis' replicationFeedSlaves does.
 */
export class ReplicationStreamEncoder {
  private selectedDb = -1;

  public encode(ops: readonly PropagatedOp[]): Buffer {
    const parts: string[] = [];
    for (const op of ops) {
      // SELECT goes before MULTI (which carries the first command's db); EXEC never needs one.
      const isExec = op.argv.length === 1 && op.argv[0] === 'EXEC';
      if (!isExec && op.db !== this.selectedDb) {
        parts.push(encodeArgv(['SELECT', String(op.db)]));
        this.selectedDb = op.db;
      }
      parts.push(encodeArgv(op.argv));
    }
    return Buffer.from(parts.join(''), 'latin1');
  }

  /** Forgets the selected database (a new replica starts without one). */
  public reset(): void {
    this.selectedDb = -1;
  }
}

function encodeArgv(argv: readonly string[]): string {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

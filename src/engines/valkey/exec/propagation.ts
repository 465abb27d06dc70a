/**
 * The replication stream hook. Every change is offered as the effective command(s) redis-server
 * would propagate to replicas: a command's (possibly rewritten) argv, expired and evicted keys as
 * DEL/UNLINK, groups of more than one command from a single execution unit (EXEC, scripts, a
 * command plus a lazy expiry) wrapped in MULTI … EXEC, and a SELECT wherever the stream's database
 * changes (redis' slaveseldb), so that the stream and its offset are redis' byte for byte.
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
  /** The database the stream last selected; -1 when a new consumer has not been told one yet. */
  private selectedDb = -1;

  /** True when someone listens (lets hot paths skip building arguments). */
  public get active(): boolean {
    return this.listeners.length > 0;
  }

  /**
   * Adds a consumer of the stream. As a replica's full sync does on redis, this makes the stream
   * select its database again before the next command (for every consumer).
   */
  public onPropagate(listener: PropagationListener): () => void {
    this.listeners.push(listener);
    this.selectedDb = -1;
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
    // Listeners keep the unit: it gets an array of its own.
    const ops: PropagatedOp[] = [];
    if (pending.length === 1) {
      this.selectFor(ops, pending.at(0).db);
      ops.push(pending.at(0));
      pending.clear();
    } else {
      // MULTI carries the first command's database (a SELECT goes before it); EXEC the last's.
      this.selectFor(ops, pending.at(0).db);
      ops.push({ db: pending.at(0).db, argv: ['MULTI'] });
      pending.drain((op) => {
        this.selectFor(ops, op.db);
        ops.push(op);
      });
      ops.push({ db: this.selectedDb, argv: ['EXEC'] });
    }
    this.emit(ops);
  }

  /**
   * Sends a command in whatever database the stream has selected, outside any unit: the PING a
   * primary sends its replicas every `repl-ping-replica-period` seconds (no SELECT precedes it).
   */
  public heartbeat(argv: readonly string[] = PING): void {
    if (this.listeners.length === 0) return;
    this.emit([{ db: this.selectedDb, argv }]);
  }

  private emit(ops: readonly PropagatedOp[]): void {
    for (const op of ops) this.offset += encodedLength(op.argv);
    for (const l of this.listeners) l(ops);
  }

  /** Adds a SELECT to `ops` when `db` is not the stream's selected database. */
  private selectFor(ops: PropagatedOp[], db: number): void {
    if (db === this.selectedDb) return;
    this.selectedDb = db;
    ops.push(selectOp(db));
  }
}

const PING: readonly string[] = ['PING'];

/** SELECT operations, made once per database (they are immutable). */
const SELECT_OPS: PropagatedOp[] = [];

function selectOp(db: number): PropagatedOp {
  return SELECT_OPS[db] ?? (SELECT_OPS[db] = { db, argv: ['SELECT', String(db)] });
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

/** Encodes propagated units as the RESP stream a replica reads (SELECTs are already in it). */
export class ReplicationStreamEncoder {
  public encode(ops: readonly PropagatedOp[]): Buffer {
    return Buffer.from(ops.map((op) => encodeArgv(op.argv)).join(''), 'latin1');
  }
}

function encodeArgv(argv: readonly string[]): string {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

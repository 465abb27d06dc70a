/**
 * A replica link to a real redis-server for tests: PSYNC, the full-resync RDB skipped, then every
 * command the primary propagates (SELECT included, PING and REPLCONF left out) with the database it
 * applies to. `until` waits — with a deadline,
 * never a fixed sleep — for a marker the test publishes (PUBLISH is propagated to replicas), so
 * everything before it has arrived.
 */
import * as net from 'net';
import { ReplyParser, RespValue } from '../../../../src/engines/resp';

/** A propagated command and the database it applies to. */
export interface TappedCommand {
  readonly db: number;
  readonly argv: string[];
}

export const MARKER_CHANNEL = '__replication_marker__';

export class ReplicaTap {
  /** Connects and waits until the full resync is over (the stream has started). */
  public static async attach(port: number, timeoutMs = 20_000): Promise<ReplicaTap> {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    const tap = new ReplicaTap(socket);
    // Without "REPLCONF capa eof" the primary sends the RDB with its length, as a file.
    socket.write('PSYNC ? -1\r\n');
    await tap.waitFor(() => tap.stage === 'stream', timeoutMs, 'the full resync');
    return tap;
  }

  private buf = Buffer.alloc(0);
  private stage: 'fullresync' | 'rdb-length' | 'rdb' | 'stream' = 'fullresync';
  private rdbLeft = 0;
  private readonly parser = new ReplyParser();
  private db = -1;
  private readonly commands: TappedCommand[] = [];
  private wake: (() => void) | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (d: Buffer) => {
      this.receive(d);
      const w = this.wake;
      this.wake = undefined;
      w?.();
    });
  }

  private line(): string | undefined {
    // The primary sends newlines to keep the link alive while it prepares the RDB.
    let start = 0;
    while (start < this.buf.length && this.buf[start] === 10) start++;
    const end = this.buf.indexOf('\r\n', start);
    if (end < 0) return undefined;
    const l = this.buf.subarray(start, end).toString('latin1');
    this.buf = this.buf.subarray(end + 2);
    return l;
  }

  private receive(d: Buffer): void {
    if (this.stage === 'stream') {
      this.parser.append(d);
      this.drainCommands();
      return;
    }
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      if (this.stage === 'fullresync' || this.stage === 'rdb-length') {
        const l = this.line();
        if (l === undefined) return;
        if (this.stage === 'fullresync' && l.startsWith('+FULLRESYNC')) {this.stage = 'rdb-length';} else if (this.stage === 'rdb-length' && l.startsWith('$')) {
          this.rdbLeft = Number(l.slice(1));
          this.stage = 'rdb';
        }
        continue;
      }
      if (this.buf.length < this.rdbLeft) return;
      const rest = this.buf.subarray(this.rdbLeft);
      this.buf = Buffer.alloc(0);
      this.stage = 'stream';
      if (rest.length > 0) {
        this.parser.append(rest);
        this.drainCommands();
      }
      return;
    }
  }

  private drainCommands(): void {
    for (let r = this.parser.next(); r; r = this.parser.next()) {
      if (r.value.type !== 'array' || !r.value.value) continue;
      const argv = (r.value.value as RespValue[]).map((item) => String(item.value));
      const name = argv[0].toUpperCase();
      if (name === 'SELECT') this.db = Number(argv[1]);
      if (name !== 'PING' && name !== 'REPLCONF') this.commands.push({ db: this.db, argv });
    }
  }

  private async waitFor(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`replica tap: no ${what} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /**
   * The commands propagated before the marker `id` was published (which the caller publishes
   * after its commands), once the marker has arrived. The marker itself is consumed, and so is a
   * SELECT right before it (it selected the marker's database).
   */
  public async until(id: string, timeoutMs = 10_000): Promise<TappedCommand[]> {
    const isMarker = (c: TappedCommand) => c.argv[0].toUpperCase() === 'PUBLISH' && c.argv[1] === MARKER_CHANNEL && c.argv[2] === id;
    await this.waitFor(() => this.commands.some(isMarker), timeoutMs, `marker ${id}`);
    const at = this.commands.findIndex(isMarker);
    const before = this.commands.splice(0, at + 1);
    before.pop();
    if (before.length > 0 && before[before.length - 1].argv[0].toUpperCase() === 'SELECT') before.pop();
    return before;
  }

  public close(): void {
    this.socket.destroy();
  }
}

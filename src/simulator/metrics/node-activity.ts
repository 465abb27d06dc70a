/**
 * What a cache node's host does, measured where it happens: the time the node spends serving its
 * sockets (parsing, running commands, writing replies) and applying its replication stream, and
 * the bytes and estimated packets on its connections, with per-second totals for the "largest
 * burst within the minute" metrics. Engines know nothing about this. A Valkey engine reports to it
 * as its I/O observer (`server.ioObserver`), which leaves the engine its fast socket paths; a
 * Memcached engine is measured by wrapping its connection entry point (`instrumentEngine`); work
 * done outside sockets, such as a replica applying its primary's stream, by wrapping the method
 * that runs it (`timeCalls`).
 */
import type { Duplex } from 'stream';

/** Payload per TCP segment on a 1500-byte MTU with timestamps (packets are estimated from bytes). */
const SEGMENT_BYTES = 1448;
/** Per-second records kept (a record per second with traffic, and one more per reading inside it). */
const RECORDS_KEPT = 1800;

/** Traffic of one second of real time. */
export interface SecondTotals {
  readonly second: number;
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  packetsOut: number;
}

/** Traffic of one second, or of its part on one side of a reading (`epoch`: readings before it). */
interface TrafficRecord extends SecondTotals {
  readonly epoch: number;
}

/** Cumulative figures of a node's host (they never go down, across engine restarts). */
export class NodeActivity {
  /** Nanoseconds the node's engine spent working. */
  public busyNanos = 0;
  public bytesIn = 0;
  public bytesOut = 0;
  public packetsIn = 0;
  public packetsOut = 0;
  /** Seconds with traffic, oldest first. */
  private readonly records: TrafficRecord[] = [];
  /** Readings taken so far: traffic after the n-th reading is counted in records of epoch n. */
  private epoch = 0;
  private depth = 0;
  /** performance.now() when the current work started (its fraction resolves well below a microsecond). */
  private started = 0;

  /** Marks the start of engine work (nested calls count once). */
  public enter(): void {
    if (this.depth++ === 0) this.started = performance.now();
  }

  public leave(): void {
    if (this.depth === 0) return;
    // performance.now() rather than hrtime.bigint(): this runs twice per read, and BigInt time costs more.
    if (--this.depth === 0) this.busyNanos += Math.round((performance.now() - this.started) * 1e6);
  }

  /** Whether engine work is being timed right now. */
  public get busy(): boolean {
    return this.depth > 0;
  }

  public received(bytes: number): void {
    const packets = Math.max(1, Math.ceil(bytes / SEGMENT_BYTES));
    this.bytesIn += bytes;
    this.packetsIn += packets;
    const r = this.currentRecord();
    r.bytesIn += bytes;
    r.packetsIn += packets;
  }

  public sent(bytes: number): void {
    if (bytes <= 0) return;
    const packets = Math.ceil(bytes / SEGMENT_BYTES);
    this.bytesOut += bytes;
    this.packetsOut += packets;
    const r = this.currentRecord();
    r.bytesOut += bytes;
    r.packetsOut += packets;
  }

  /**
   * Marks a reading: traffic from now on counts toward the next interval, even within the current
   * second. Returns the reading's mark for `secondsBetween`.
   */
  public cut(): number {
    return ++this.epoch;
  }

  /**
   * Per-second totals of the traffic between two readings (their marks from `cut`). A second that
   * a reading falls in is split between the two intervals at the reading, so every byte of an
   * interval's totals is in exactly that interval's seconds: none is counted twice, none lost.
   */
  public secondsBetween(fromMark: number, toMark: number): readonly SecondTotals[] {
    const bySecond = new Map<number, SecondTotals>();
    for (const r of this.records) {
      if (r.epoch < fromMark || r.epoch >= toMark) continue;
      const total = bySecond.get(r.second) ?? { second: r.second, bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0 };
      total.bytesIn += r.bytesIn;
      total.bytesOut += r.bytesOut;
      total.packetsIn += r.packetsIn;
      total.packetsOut += r.packetsOut;
      bySecond.set(r.second, total);
    }
    return [...bySecond.values()];
  }

  /** The record traffic counts in now: this second's, since the last reading. */
  private currentRecord(): TrafficRecord {
    const now = Math.floor(performance.now() / 1000);
    const last = this.records[this.records.length - 1];
    if (last && last.second === now && last.epoch === this.epoch) return last;
    const fresh: TrafficRecord = { second: now, epoch: this.epoch, bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0 };
    this.records.push(fresh);
    if (this.records.length > RECORDS_KEPT) this.records.shift();
    return fresh;
  }
}

const INSTRUMENTED = new WeakSet<object>();

/**
 * Times a connection's input handling and counts its bytes: a listener placed before the engine's
 * starts the clock, one placed after stops it (listeners run in order, synchronously), and writes
 * are counted as they leave.
 */
export function instrumentSocket(socket: Duplex, activity: NodeActivity): void {
  if (INSTRUMENTED.has(socket)) return;
  INSTRUMENTED.add(socket);
  socket.prependListener('data', (chunk: Buffer | string) => {
    activity.received(typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length);
    activity.enter();
  });
  const write = socket.write;
  socket.write = function counted(this: Duplex, chunk: unknown, ...rest: unknown[]): boolean {
    if (typeof chunk === 'string') activity.sent(Buffer.byteLength(chunk));
    else if (chunk instanceof Uint8Array) activity.sent(chunk.length);
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof socket.write;
}

/** Adds the listener that stops the clock: call it after the engine registered its own. */
export function finishInstrumentation(socket: Duplex, activity: NodeActivity): void {
  socket.on('data', () => activity.leave());
}

/** Something with a connection entry point (both engines have one). */
interface AcceptsConnections {
  handleConnection(socket: Duplex, ...rest: never[]): void;
}

/** Wraps an engine's `handleConnection` so every connection it serves is measured. Idempotent. */
export function instrumentEngine(engine: AcceptsConnections, activity: NodeActivity): void {
  if (INSTRUMENTED.has(engine)) return;
  INSTRUMENTED.add(engine);
  const original = engine.handleConnection.bind(engine) as (socket: Duplex, ...rest: unknown[]) => void;
  engine.handleConnection = ((socket: Duplex, ...rest: unknown[]) => {
    instrumentSocket(socket, activity);
    original(socket, ...rest);
    finishInstrumentation(socket, activity);
  }) as AcceptsConnections['handleConnection'];
}

const TIMED = new WeakMap<object, Set<string>>();

/** Times work an engine does outside its sockets (a replica applying its primary's stream). Idempotent. */
export function timeCalls<T extends object>(target: T, method: keyof T & string, activity: NodeActivity): void {
  let timed = TIMED.get(target);
  if (!timed) TIMED.set(target, (timed = new Set()));
  if (timed.has(method)) return;
  timed.add(method);
  const original = target[method] as unknown as (...args: unknown[]) => unknown;
  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    // Inside a socket handler the time is counted already.
    if (activity.busy) return original.apply(this, args);
    activity.enter();
    try {
      return original.apply(this, args);
    } finally {
      activity.leave();
    }
  };
  (target as Record<string, unknown>)[method] = wrapper;
}

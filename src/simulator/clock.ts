/**
 * The simulator's clock for managed operations: status transitions, maintenance and backup
 * windows, snapshot times and event dates. Real time by default; a virtual clock only moves when
 * a test advances it, so a test of a daily backup window or a 15-minute creation runs in
 * milliseconds. (Key TTLs inside the engines follow wall time.)
 */

/** Something scheduled on the clock; cancel it to drop it. */
export interface ScheduledTask {
  cancel(): void;
}

interface PendingTask {
  readonly due: number;
  readonly seq: number;
  readonly run: () => unknown;
  cancelled: boolean;
}

export class SimulatorClock {
  /** A clock that follows wall time. */
  public static real(): SimulatorClock {
    return new SimulatorClock(undefined);
  }

  /** A clock that starts at `start` (default: now) and moves only through `advance`. */
  public static virtual(start: Date = new Date()): SimulatorClock {
    return new SimulatorClock(start.getTime());
  }

  /** Failures of scheduled work (the work is fire-and-forget; the owner decides how to report them). */
  public onError: (err: unknown) => void;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly queue: PendingTask[] = [];
  private seq = 0;
  private stopped = false;

  private constructor(private virtualNow: number | undefined) {
    this.onError = () => undefined;
  }

  public get isVirtual(): boolean {
    return this.virtualNow !== undefined;
  }

  public nowMs(): number {
    return this.virtualNow ?? Date.now();
  }

  public now(): Date {
    return new Date(this.nowMs());
  }

  /** Runs `fn` after `delayMs` of simulator time (never synchronously). */
  public schedule(delayMs: number, fn: () => unknown): ScheduledTask {
    if (this.stopped) return { cancel: () => undefined };
    const delay = Math.max(0, delayMs);
    if (this.virtualNow === undefined) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.runSafely(fn);
      }, delay);
      timer.unref();
      this.timers.add(timer);
      return { cancel: () => { clearTimeout(timer); this.timers.delete(timer); } };
    }
    const task: PendingTask = { due: this.virtualNow + delay, seq: this.seq++, run: fn, cancelled: false };
    this.queue.push(task);
    this.queue.sort((a, b) => a.due - b.due || a.seq - b.seq);
    // Work due now still runs asynchronously, as a timer would.
    if (delay === 0) setImmediate(() => void this.runDue(this.virtualNow!));
    return { cancel: () => { task.cancelled = true; } };
  }

  /** Resolves after `delayMs` of simulator time. */
  public sleep(delayMs: number): Promise<void> {
    return new Promise((resolve) => this.schedule(delayMs, resolve));
  }

  /**
   * Virtual clock: moves time forward by `ms`, running every task that falls due in time order
   * (each task sees the clock at its due time; asynchronous work it starts is awaited).
   */
  public async advance(ms: number): Promise<void> {
    if (this.virtualNow === undefined) throw new Error('advance() needs a virtual clock (SimulatorClock.virtual())');
    if (!(ms >= 0)) throw new Error(`cannot move the clock by ${ms} ms`);
    const target = this.virtualNow + ms;
    await this.runDue(target);
    this.virtualNow = target;
  }

  private async runDue(target: number): Promise<void> {
    for (;;) {
      const next = this.queue.find((t) => !t.cancelled);
      if (!next || next.due > target) break;
      this.queue.splice(this.queue.indexOf(next), 1);
      this.virtualNow = Math.max(this.virtualNow!, next.due);
      await this.runSafely(next.run);
    }
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i].cancelled) this.queue.splice(i, 1);
  }

  private async runSafely(fn: () => unknown): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.onError(err);
    }
  }

  /** Drops every pending task (the simulator is stopping). */
  public stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.queue.length = 0;
  }
}

/** Server counters reported by INFO (stats, errorstats, commandstats sources). */
import { EventLoopMeter } from './eventloop-meter';

/** redis caps distinct error codes tracked in errorstats. */
const MAX_ERROR_CODES = 128;

export class ServerStats {
  public totalConnectionsReceived = 0;
  public rejectedConnections = 0;
  public totalCommandsProcessed = 0;
  public expiredKeys = 0;
  public expiredStalePerc = 0;
  public expiredTimeCapReachedCount = 0;
  public expireCycleCpuMilliseconds = 0;
  public evictedKeys = 0;
  public evictedClients = 0;
  public totalEvictionExceededTime = 0;
  public keyspaceHits = 0;
  public keyspaceMisses = 0;
  public totalErrorReplies = 0;
  /**
   * total_error_replies when the running command started, or when its last nested command's
   * statistics were taken (redis' prev_err_count): errors after it are the command's own, so an
   * EXEC or script is a failed call only for errors of its own, not for those of what it ran.
   */
  public errorRepliesSeen = 0;
  public unexpectedErrorReplies = 0;
  public netInputBytes = 0;
  public netOutputBytes = 0;
  public totalReadsProcessed = 0;
  public replyBufferShrinks = 0;
  public replyBufferExpands = 0;
  public totalWritesProcessed = 0;
  public clientQueryBufferLimitDisconnections = 0;
  public clientOutputBufferLimitDisconnections = 0;
  public readonly errors = new Map<string, number>();
  public eventLoop = new EventLoopMeter();

  /** Samples for the instantaneous_* figures (ops/sec and bytes over the last 1.6 s). */
  private readonly samples = {
    ops: new Array<number>(16).fill(0),
    input: new Array<number>(16).fill(0),
    output: new Array<number>(16).fill(0),
    /** Event-loop cycles per second. */
    cycles: new Array<number>(16).fill(0),
    /** Mean cycle duration (µs) over each sample's interval. */
    cycleUs: new Array<number>(16).fill(0),
  };
  private sampleIndex = 0;
  private last = { time: 0, ops: 0, input: 0, output: 0, cycles: 0, cycleUs: 0 };

  /** Counts an error reply by its code (the first word), as errorstats does. */
  public countError(text: string): void {
    this.totalErrorReplies++;
    const space = text.indexOf(' ');
    const code = space < 0 ? text : text.slice(0, space);
    const n = this.errors.get(code);
    if (n !== undefined) this.errors.set(code, n + 1);
    else if (this.errors.size < MAX_ERROR_CODES) this.errors.set(code, 1);
  }

  /** Called every 100 ms (redis trackInstantaneousMetric). */
  public sample(nowMs: number): void {
    const elapsed = nowMs - this.last.time;
    if (this.last.time !== 0 && elapsed > 0) {
      const i = this.sampleIndex;
      this.samples.ops[i] = ((this.totalCommandsProcessed - this.last.ops) * 1000) / elapsed;
      this.samples.input[i] = ((this.netInputBytes - this.last.input) * 1000) / elapsed;
      this.samples.output[i] = ((this.netOutputBytes - this.last.output) * 1000) / elapsed;
      const cycles = this.eventLoop.cycles - this.last.cycles;
      this.samples.cycles[i] = (cycles * 1000) / elapsed;
      this.samples.cycleUs[i] = cycles > 0 ? (this.eventLoop.durationSumUs - this.last.cycleUs) / cycles : 0;
      this.sampleIndex = (i + 1) % 16;
    }
    this.last = {
      time: nowMs,
      ops: this.totalCommandsProcessed,
      input: this.netInputBytes,
      output: this.netOutputBytes,
      cycles: this.eventLoop.cycles,
      cycleUs: this.eventLoop.durationSumUs,
    };
  }

  public instantaneous(kind: 'ops' | 'input' | 'output' | 'cycles' | 'cycleUs'): number {
    const s = this.samples[kind];
    return s.reduce((a, b) => a + b, 0) / s.length;
  }

  /** CONFIG RESETSTAT. */
  public reset(): void {
    const fresh = new ServerStats();
    for (const k of Object.keys(this) as (keyof ServerStats)[]) {
      if (k === 'errors') continue;
      (this as unknown as Record<string, unknown>)[k] = (fresh as unknown as Record<string, unknown>)[k];
    }
    this.errors.clear();
  }
}

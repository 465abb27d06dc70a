/** The latency monitor (LATENCY LATEST/HISTORY/RESET/DOCTOR): events over latency-monitor-threshold. */

const LATENCY_TS_LEN = 160;

export interface LatencySample {
  readonly time: number;
  readonly latency: number;
}

export interface LatencyEvent {
  readonly samples: LatencySample[];
  max: number;
}

export class LatencyMonitor {
  public readonly events = new Map<string, LatencyEvent>();

  /** Records `latencyMs` for an event at `timeSec` (one sample per second, keeping the max). */
  public add(event: string, latencyMs: number, timeSec: number): void {
    let ev = this.events.get(event);
    if (!ev) this.events.set(event, (ev = { samples: [], max: 0 }));
    if (latencyMs > ev.max) ev.max = latencyMs;
    const last = ev.samples[ev.samples.length - 1];
    if (last && last.time === timeSec) {
      if (latencyMs > last.latency) ev.samples[ev.samples.length - 1] = { time: timeSec, latency: latencyMs };
      return;
    }
    ev.samples.push({ time: timeSec, latency: latencyMs });
    if (ev.samples.length > LATENCY_TS_LEN) ev.samples.shift();
  }

  /** Resets the named events (all when none given); returns how many were reset. */
  public reset(names: readonly string[]): number {
    if (names.length === 0) {
      const n = this.events.size;
      this.events.clear();
      return n;
    }
    let n = 0;
    for (const name of names) if (this.events.delete(name)) n++;
    return n;
  }
}

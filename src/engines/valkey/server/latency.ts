/**
 * The latency monitor (redis latency.c): for each event class, the highest latency of each second
 * in which the class went over `latency-monitor-threshold`, the last 160 such seconds, and the
 * highest latency ever. LATENCY LATEST, HISTORY, GRAPH, RESET and DOCTOR read it.
 */

/** Samples kept per event (redis LATENCY_TS_LEN). */
const LATENCY_TS_LEN = 160;

export interface LatencySample {
  /** Unix time, seconds. */
  readonly time: number;
  /** Milliseconds. */
  readonly latency: number;
}

export interface LatencyEvent {
  /** Oldest first. */
  readonly samples: LatencySample[];
  /** All-time high, milliseconds. */
  max: number;
}

/** What LATENCY DOCTOR says about one event (redis analyzeLatencyForEvent). */
export interface LatencyStats {
  readonly samples: number;
  /** Integer mean, as redis divides its integer sum. */
  readonly avg: number;
  /** Mean absolute deviation from that mean (integer). */
  readonly mad: number;
  /** Seconds from the oldest sample to now (at least 1). */
  readonly period: number;
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

  /**
   * Resets the named events (all when none given); returns how many were reset. Names match
   * without regard to case, as redis compares them with strcasecmp (each name resets every event
   * it matches, and counts each).
   */
  public reset(names: readonly string[]): number {
    if (names.length === 0) {
      const n = this.events.size;
      this.events.clear();
      return n;
    }
    let n = 0;
    for (const name of names) {
      const wanted = name.toLowerCase();
      for (const event of [...this.events.keys()]) {
        if (event.toLowerCase() !== wanted) continue;
        this.events.delete(event);
        n++;
      }
    }
    return n;
  }
}

/** redis analyzeLatencyForEvent for an event that has samples. */
export function analyzeLatencyEvent(ev: LatencyEvent, nowSec: number): LatencyStats {
  const n = ev.samples.length;
  let sum = 0;
  let oldest = 0;
  for (const s of ev.samples) {
    sum += s.latency;
    if (oldest === 0 || s.time < oldest) oldest = s.time;
  }
  const avg = Math.floor(sum / n);
  let deviations = 0;
  for (const s of ev.samples) deviations += Math.abs(avg - s.latency);
  const period = nowSec - oldest;
  return { samples: n, avg, mad: Math.floor(deviations / n), period: period === 0 ? 1 : period };
}

/**
 * The wall clock (ms) derived from a reading of the monotonic one. A command reads the monotonic
 * clock at its start and end (its duration, for INFO commandstats, the slow log and the latency
 * histograms) and needs the wall time too (expiry, LRU); deriving the wall time from the start
 * reading saves a third clock call per command, about 40 ns, a few per cent of a pipelined
 * command. redis' call() likewise takes its cached time and its duration's start from one reading.
 *
 * The offset between the clocks is measured at the moment Date.now() ticks over to a new
 * millisecond, so a derived time is within a tenth of a millisecond of the wall clock. `check()`
 * (from the cron) measures again when the two stray apart: the wall clock was set, or drifted.
 */
import { performance } from 'perf_hooks';

/** The longest step between readings a measure keeps (ms): a longer one was interrupted. */
const STEP_LIMIT = 0.05;
/** Readings per measure at most (many milliseconds' worth). */
const MAX_STEPS = 200_000;

function measureOffset(): number {
  let offset = 0;
  for (let attempt = 0; attempt < 5; attempt++) {
    const first = Date.now();
    let mono = performance.now();
    let previous = mono;
    let wall = first;
    // About a millisecond: the tick falls between the last two monotonic readings. The bound on
    // steps is for clocks that stand still (a test's fake timers).
    for (let steps = 0; wall === first && steps < MAX_STEPS; steps++) {
      previous = mono;
      mono = performance.now();
      wall = Date.now();
    }
    offset = wall - mono;
    if (mono - previous < STEP_LIMIT) break;
  }
  return offset;
}

export class WallClock {
  private offset = measureOffset();

  /** The wall time in whole milliseconds at a monotonic reading (`performance.now()`). */
  public at(stamp: number): number {
    return Math.floor(stamp + this.offset);
  }

  /** Measures the offset again when Date.now() and the derived time disagree by more than truncation explains. */
  public check(): void {
    // Date.now() truncates to the millisecond: while the offset holds, this is within (-1.1, 0.1].
    const drift = Date.now() - (performance.now() + this.offset);
    if (drift > 0.5 || drift < -1.5) this.offset = measureOffset();
  }
}

let shared: WallClock | undefined;

/** The process' wall clock, measured once for every server of the process (a simulator runs many). */
export function processWallClock(): WallClock {
  return (shared ??= new WallClock());
}

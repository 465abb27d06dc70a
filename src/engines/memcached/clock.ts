/**
 * memcached's notion of time: `current_time` counts seconds since `process_started`, which is set
 * 62 s (ITEM_UPDATE_INTERVAL + 2) before the real start so that fresh items never look stale.
 * Expiry times are stored in this relative form. The wall clock is injectable so a simulator can
 * drive TTLs with a virtual clock.
 */

/** Relative expiry times above this many seconds are absolute Unix times (30 days). */
export const REALTIME_MAXDELTA = 60 * 60 * 24 * 30;
/** Minimum age before a hit moves an item again in flat LRU mode. */
export const ITEM_UPDATE_INTERVAL = 60;

export type WallClock = () => number;

export class EngineClock {
  /** Unix seconds at rel time 0. */
  readonly processStarted: number;
  private last = 0;
  /** How many holds are open (see `hold`). */
  private holds = 0;
  /** `current` as read during the hold, or -1 before the first read. */
  private held = -1;

  constructor(private readonly nowMs: WallClock = Date.now) {
    this.processStarted = Math.floor(nowMs() / 1000) - ITEM_UPDATE_INTERVAL - 2;
  }

  /** memcached `current_time`: never goes backwards even if the wall clock does. */
  get current(): number {
    if (this.holds > 0) {
      if (this.held < 0) this.held = this.read();
      return this.held;
    }
    return this.read();
  }

  /**
   * Reads the wall clock at most once until `release`: a batch of requests from one read sees one
   * time, as memcached's requests see the `current_time` its clock event sets once a second.
   * Asking the wall clock for every command cost more than a hash lookup.
   */
  hold(): void {
    if (this.holds++ === 0) this.held = -1;
  }

  release(): void {
    this.holds--;
  }

  private read(): number {
    const t = Math.floor(this.nowMs() / 1000) - this.processStarted;
    if (t > this.last) this.last = t;
    return this.last;
  }

  /** Unix time in seconds as the server sees it (`stats time`). */
  unixTime(): number {
    return this.processStarted + this.current;
  }

  /** Milliseconds since the clock was created, for connection idle tracking. */
  nowMilliseconds(): number {
    return this.nowMs();
  }

  /**
   * memcached `realtime()` applied to `EXPTIME_TO_POSITIVE_TIME(exptime)`: 0 = never, negative =
   * already expired, up to 30 days = relative, above = absolute Unix time (clamped to "expired"
   * when it is before the server started).
   */
  realtime(exptime: number): number {
    if (exptime < 0) exptime = REALTIME_MAXDELTA + 1;
    if (exptime === 0) return 0;
    if (exptime > REALTIME_MAXDELTA) {
      if (exptime <= this.processStarted) return 1;
      return (exptime - this.processStarted) >>> 0; // eslint-disable-line no-bitwise
    }
    return (exptime + this.current) >>> 0; // eslint-disable-line no-bitwise
  }
}

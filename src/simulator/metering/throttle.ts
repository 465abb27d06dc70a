/**
 * The `ECPUPerSecond` maximum of a serverless cache as a token bucket: it holds at most one
 * second of ECPUs and refills continuously at the maximum rate. A request is admitted while the
 * bucket is not empty and pays its actual cost afterwards (a request's cost is only known once it
 * ran), so the bucket may go below zero by the last request's cost; requests arriving while it is
 * empty are throttled. Without a maximum nothing is throttled. The maximum can change while the
 * cache runs (ModifyServerlessCache): the bucket keeps its level, capped at the new second's worth.
 */

/** Milliseconds since an arbitrary origin (performance.now by default). */
export type MonotonicClock = () => number;

export class EcpuThrottle {
  private tokens: number;
  private last: number;

  /**
   * @param maxPerSecond the cache's `CacheUsageLimits.ECPUPerSecond.Maximum`, or undefined for none
   */
  constructor(private max: number | undefined, private readonly clock: MonotonicClock = defaultClock) {
    this.tokens = max ?? 0;
    this.last = clock();
  }

  /** The ECPUs per second admitted (undefined: no maximum). */
  public get maxPerSecond(): number | undefined {
    return this.max;
  }

  /** A new maximum (undefined removes it): a new or raised limit starts with a full second's worth. */
  public setMaxPerSecond(max: number | undefined): void {
    if (this.max !== undefined) this.refill();
    const previous = this.max;
    this.max = max;
    if (max === undefined) return;
    this.tokens = previous === undefined || max > previous ? max : Math.min(this.tokens, max);
  }

  /** True when a request may run now. */
  public admit(): boolean {
    if (this.maxPerSecond === undefined) return true;
    this.refill();
    return this.tokens > 0;
  }

  /** Charges what a request cost. */
  public consume(ecpu: number): void {
    if (this.maxPerSecond === undefined) return;
    this.refill();
    this.tokens -= ecpu;
  }

  /** ECPUs available right now (the bucket's level; negative after an overdraft). */
  public get available(): number {
    if (this.maxPerSecond === undefined) return Infinity;
    this.refill();
    return this.tokens;
  }

  private refill(): void {
    const now = this.clock();
    const elapsed = now - this.last;
    this.last = now;
    if (elapsed <= 0) return;
    const max = this.maxPerSecond!;
    this.tokens = Math.min(max, this.tokens + (max * elapsed) / 1000);
  }
}

function defaultClock(): number {
  return performance.now();
}

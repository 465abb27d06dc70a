/**
 * The `ECPUPerSecond` maximum of a serverless cache as a token bucket: it holds at most one
 * second of ECPUs and refills continuously at the maximum rate. A request is admitted while the
 * bucket is not empty and pays its actual cost afterwards (a request's cost is only known once it
 * ran), so the bucket may go below zero by the last request's cost; requests arriving while it is
 * empty are throttled. Without a maximum nothing is throttled.
 */

/** Milliseconds since an arbitrary origin (performance.now by default). */
export type MonotonicClock = () => number;

export class EcpuThrottle {
  private tokens: number;
  private last: number;

  /**
   * @param maxPerSecond the cache's `CacheUsageLimits.ECPUPerSecond.Maximum`, or undefined for none
   */
  constructor(public readonly maxPerSecond: number | undefined, private readonly clock: MonotonicClock = defaultClock) {
    this.tokens = maxPerSecond ?? 0;
    this.last = clock();
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

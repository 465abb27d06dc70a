/**
 * Per-command latency histograms for INFO latencystats and LATENCY HISTOGRAM: log-linear buckets
 * (32 per power of two, within about 3% like redis' hdr_histogram), values in µs. Created on a
 * command's first call, so unused commands cost nothing.
 */

const SUB_BITS = 5;
const SUB_BUCKETS = 1 << SUB_BITS;
const MAX_EXPONENT = 40;

export class LatencyHistogram {
  private static index(us: number): number {
    const v = Math.max(1, Math.floor(us));
    const exp = 31 - Math.clz32(v);
    if (exp < SUB_BITS) return v;
    const sub = Math.floor(v / 2 ** (exp - SUB_BITS)) - SUB_BUCKETS;
    return Math.min(MAX_EXPONENT * SUB_BUCKETS - 1, (exp - SUB_BITS + 1) * SUB_BUCKETS + sub);
  }

  /** Highest value of a bucket. */
  private static upper(index: number): number {
    if (index < SUB_BUCKETS) return index;
    const exp = Math.floor(index / SUB_BUCKETS) + SUB_BITS - 1;
    const sub = index % SUB_BUCKETS;
    return (SUB_BUCKETS + sub + 1) * 2 ** (exp - SUB_BITS) - 1;
  }

  private readonly counts = new Uint32Array(MAX_EXPONENT * SUB_BUCKETS);
  public total = 0;

  public record(us: number): void {
    this.counts[LatencyHistogram.index(us)]++;
    this.total++;
  }

  /** Value at percentile p (0..100), as the bucket's upper bound. */
  public percentile(p: number): number {
    if (this.total === 0) return 0;
    const target = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i];
      if (seen >= target) return LatencyHistogram.upper(i);
    }
    return 0;
  }

  /** Cumulative counts per power-of-two bucket (LATENCY HISTOGRAM's histogram_usec). */
  public powerOfTwoBuckets(): [number, number][] {
    const out: [number, number][] = [];
    let cumulative = 0;
    let bucket = 1;
    let lastReported = -1;
    for (let i = 0; i < this.counts.length && cumulative < this.total; i++) {
      const upper = LatencyHistogram.upper(i);
      while (upper > bucket) {
        if (cumulative > lastReported && cumulative > 0) {
          out.push([bucket, cumulative]);
          lastReported = cumulative;
        }
        bucket *= 2;
      }
      cumulative += this.counts[i];
    }
    if (cumulative > lastReported && cumulative > 0) out.push([bucket, cumulative]);
    return out;
  }

  public reset(): void {
    this.counts.fill(0);
    this.total = 0;
  }
}

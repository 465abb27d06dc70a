/**
 * The vCPU baseline of ECPU metering: the engine time of a simple GET or SET. A command charged by
 * vCPU time costs its time divided by this baseline. Engine time depends on the machine and on how
 * warm the process is, so the baseline follows the cache's own traffic: the median of the last
 * simple GET/SET requests it served, never below a floor measured when the process started.
 */

const WINDOW = 255;
/** Recompute the median after this many new samples. */
const REFRESH_EVERY = 128;

export class CpuBaseline {
  private readonly samples: number[] = [];
  private next = 0;
  private sinceRefresh = 0;
  private median: number | undefined;

  /** @param floorNanos the least baseline: a warm GET/SET measured in a tight loop */
  constructor(public readonly floorNanos: number) {}

  /** Records the engine time of a simple GET or SET. */
  public observe(nanos: number): void {
    if (this.samples.length < WINDOW) this.samples.push(nanos);
    else this.samples[this.next] = nanos;
    this.next = (this.next + 1) % WINDOW;
    if (++this.sinceRefresh >= REFRESH_EVERY || this.median === undefined) {
      this.sinceRefresh = 0;
      const sorted = [...this.samples].sort((a, b) => a - b);
      this.median = sorted[Math.floor(sorted.length / 2)];
    }
  }

  /** Nanoseconds one ECPU of vCPU time stands for. */
  public get nanos(): number {
    return Math.max(this.floorNanos, this.median ?? 0);
  }
}

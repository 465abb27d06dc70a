/**
 * Latency samples of successful requests, split as the serverless metrics split them
 * (`SuccessfulReadRequestLatency`, `SuccessfulWriteRequestLatency`), in microseconds. Samples
 * accumulate until a reader drains them (once per metric period); past a cap, new samples replace
 * random old ones (reservoir sampling), so memory stays bounded however long nobody reads.
 */

/** Samples kept per kind between two drains. */
const MAX_SAMPLES = 50_000;

export type LatencyKind = 'read' | 'write';

/** Samples taken since the previous drain. */
export interface LatencySamples {
  /** Microseconds of successful read requests. */
  readonly read: readonly number[];
  /** Microseconds of successful write requests. */
  readonly write: readonly number[];
  /** Requests seen per kind (more than the samples when the reservoir was full). */
  readonly readCount: number;
  readonly writeCount: number;
}

class Reservoir {
  public samples: number[] = [];
  public seen = 0;

  public add(value: number): void {
    this.seen++;
    if (this.samples.length < MAX_SAMPLES) {
      this.samples.push(value);
      return;
    }
    const slot = Math.floor(Math.random() * this.seen);
    if (slot < MAX_SAMPLES) this.samples[slot] = value;
  }

  public drain(): { samples: number[]; seen: number } {
    const out = { samples: this.samples, seen: this.seen };
    this.samples = [];
    this.seen = 0;
    return out;
  }
}

export class LatencyRecorder {
  private readonly read = new Reservoir();
  private readonly write = new Reservoir();

  public record(kind: LatencyKind, micros: number): void {
    (kind === 'read' ? this.read : this.write).add(micros);
  }

  public drain(): LatencySamples {
    const read = this.read.drain();
    const write = this.write.drain();
    return { read: read.samples, write: write.samples, readCount: read.seen, writeCount: write.seen };
  }
}

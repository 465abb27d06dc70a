/**
 * The size redis gives a client's static reply buffer, as CLIENT LIST (`rbs`, `rbp`) and INFO
 * (`reply_buffer_shrinks`, `reply_buffer_expands`) report it. The engine itself keeps replies in
 * one growable buffer per connection; this follows what redis 7 would have allocated:
 *
 * - a new client gets 16 KB, its peak set to that size and its peak's reset time to the current
 *   second (redis then compares that with milliseconds: the first cron visit resets the peak);
 * - the peak is the most reply bytes the buffer held between two writes since the last reset
 *   (never more than the buffer holds: the rest goes to redis' reply list);
 * - on each cron visit the buffer shrinks to fit the peak (1 KB at least) when the peak is under
 *   half of it, or doubles (up to 16 KB) when the peak filled it; every 5 s the peak restarts
 *   from what the buffer holds now.
 */
import { allocSize } from '../keyspace/memory';

/** redis PROTO_REPLY_CHUNK_BYTES and PROTO_REPLY_MIN_BYTES. */
export const REPLY_CHUNK_BYTES = 16 * 1024;
const REPLY_MIN_BYTES = 1024;
/** REPLY_BUFFER_DEFAULT_PEAK_RESET_TIME, ms. */
const PEAK_RESET_MS = 5000;

export class ReplyBuffer {
  /** buf_usable_size: what the allocation holds. */
  public size = REPLY_CHUNK_BYTES;
  /** buf_peak. */
  public peak = REPLY_CHUNK_BYTES;
  /** buf_peak_last_reset_time: seconds when the client was created, milliseconds after a reset. */
  private peakResetAt: number;

  constructor(nowMs: number) {
    this.peakResetAt = Math.floor(nowMs / 1000);
  }

  /** `bytes` of replies waited in the buffer for one write. */
  public held(bytes: number): void {
    const inBuffer = bytes < this.size ? bytes : this.size;
    if (inBuffer > this.peak) this.peak = inBuffer;
  }

  /**
   * redis clientsCronResizeOutputBuffer: `pending` is what the buffer holds now. Returns 'shrink',
   * 'expand' or undefined, for the server's counters.
   */
  public resize(nowMs: number, pending: number): 'shrink' | 'expand' | undefined {
    let newSize = 0;
    let change: 'shrink' | 'expand' | undefined;
    const shrinkTarget = Math.floor(this.size / 2);
    if (shrinkTarget >= REPLY_MIN_BYTES && this.peak < shrinkTarget) {
      newSize = Math.max(REPLY_MIN_BYTES, this.peak + 1);
      change = 'shrink';
    } else if (this.size * 2 < REPLY_CHUNK_BYTES * 2 && this.peak === this.size) {
      newSize = Math.min(REPLY_CHUNK_BYTES, this.size * 2);
      change = 'expand';
    }
    if (nowMs - this.peakResetAt >= PEAK_RESET_MS) {
      this.peak = Math.min(pending, this.size);
      this.peakResetAt = nowMs;
    }
    // zmalloc_usable: the allocator's size class for the request.
    if (newSize > 0) this.size = allocSize(newSize);
    return change;
  }
}

/**
 * The query buffer redis 7 would hold for a client, as CLIENT LIST (`qbuf`, `qbuf-free`, `tot-mem`)
 * and INFO (`client_recent_max_input_buffer`) report it. The engine parses reads in place; this
 * follows the sds string redis reads into:
 *
 * - it starts empty; a read into a buffer with less than 16 KB allocated first makes room for
 *   16 KB more without the greedy doubling (sdsMakeRoomForNonGreedy), a read into a larger one
 *   grows it greedily (sdsMakeRoomFor) when less than 16 KB is free; the commands of each read
 *   run before the next one, so a stream of complete commands never grows it past its 16 KB;
 * - while the read's commands run it holds everything read since the last trim, then only the
 *   bytes of an incomplete command;
 * - the clients cron gives the free space back when there is more than 4 KB of it and the client
 *   has been idle over 2 s, or when the buffer is over 32 KB and twice its recent peak.
 */
import { allocSize } from '../keyspace/memory';

/** redis PROTO_IOBUF_LEN, PROTO_RESIZE_THRESHOLD and SDS_MAX_PREALLOC. */
const IOBUF_LEN = 16 * 1024;
const RESIZE_THRESHOLD = 32 * 1024;
const SDS_MAX_PREALLOC = 1024 * 1024;
/** redis PROTO_MBULK_BIG_ARG: bulk arguments this long are read into a buffer of their own. */
export const BIG_ARGUMENT = 32 * 1024;

/** Header bytes of an sds of that capacity (type 8 at least: redis never resizes to type 5). */
function sdsHeader(capacity: number): number {
  return capacity < 256 ? 3 : capacity < 65536 ? 5 : capacity < 4294967296 ? 9 : 17;
}

export class QueryBuffer {
  /** sdslen. */
  public len = 0;
  /** sdsalloc: capacity without header and terminator. */
  public alloc = 0;
  /** querybuf_peak: the most the buffer was asked to hold since the cron last looked. */
  private peak = 0;
  /** Bytes waiting after the last read, before its commands ran. */
  private lastRead = 0;

  /** Whether the commands being run can hold an argument of 32 KB or more. */
  public get mayHoldBigArgument(): boolean {
    return this.alloc >= BIG_ARGUMENT || this.lastRead >= BIG_ARGUMENT;
  }

  /**
   * A read of `bytes` joins `len` bytes still waiting (sdsMakeRoomFor…, then the read). redis reads
   * 16 KB at a time (all the free space once the buffer is that large) and runs each read's
   * commands before the next read, so what Node read at once counts as several reads between which
   * only the bytes that were waiting before (an incomplete command) carry over.
   */
  public read(bytes: number): void {
    const carried = this.len;
    this.lastRead = carried + bytes;
    for (let left = bytes; ; ) {
      const greedy = this.alloc >= IOBUF_LEN;
      if (this.peak < this.len + IOBUF_LEN) this.peak = this.len + IOBUF_LEN;
      if (this.alloc - this.len < IOBUF_LEN) this.grow(this.len + IOBUF_LEN, greedy);
      const taken = Math.min(left, greedy ? this.alloc - this.len : IOBUF_LEN);
      this.len += taken;
      left -= taken;
      if (left <= 0) break;
      this.len = carried;
    }
  }

  /**
   * A command had an argument of `bytes` ≥ 32 KB: redis read it into a buffer made to fit it
   * exactly, took that buffer as the argument and gave the client a new one of the same capacity.
   */
  public tookBigArgument(bytes: number): void {
    this.fit(bytes + 2);
    this.len = 0;
    // The reads of the argument asked for all of it (querybuf_peak).
    if (this.peak < bytes + 2) this.peak = bytes + 2;
  }

  /**
   * A big argument of `size` bytes (CRLF included) is arriving, `filled` of them so far: redis
   * trimmed its buffer to start at the argument and made room for exactly that much.
   */
  public receivingBigArgument(size: number, filled: number): void {
    this.fit(size);
    this.len = filled;
    if (this.peak < size) this.peak = size;
  }

  /** A buffer of exactly `capacity` (sdsMakeRoomForNonGreedy / sdsnewlen): the size class's room. */
  private fit(capacity: number): void {
    const header = sdsHeader(capacity);
    this.alloc = allocSize(header + capacity + 1) - header - 1;
  }

  /** After the read's commands ran: `remaining` bytes of an incomplete command stay. */
  public trim(remaining: number): void {
    this.len = remaining;
  }

  /** redis clientsCronResizeQueryBuffer; `idleSeconds` since the client's last command. */
  public cronResize(idleSeconds: number): void {
    if (this.alloc - this.len > 4096) {
      if (idleSeconds > 2) this.alloc = this.len;
      else if (this.alloc > RESIZE_THRESHOLD && Math.floor(this.alloc / 2) > this.peak) this.alloc = Math.max(this.len, this.peak);
    }
    this.peak = this.len;
  }

  /** sdsZmallocSize: the allocation, header and terminator included. */
  public get allocatedBytes(): number {
    return allocSize(sdsHeader(this.alloc) + this.alloc + 1);
  }

  private grow(needed: number, greedy: boolean): void {
    let capacity = needed;
    if (greedy) capacity = capacity < SDS_MAX_PREALLOC ? capacity * 2 : capacity + SDS_MAX_PREALLOC;
    const header = sdsHeader(capacity);
    // The allocator's size class is usable too (s_malloc_usable).
    this.alloc = allocSize(header + capacity + 1) - header - 1;
  }
}

/**
 * A connection's reply buffer. Every reply of one event-loop turn is appended here and written to
 * the socket once (memcached's iovec batching), so pipelined requests cost one syscall. The buffer
 * is written as it is; it is only replaced when the socket has to keep it (a write the kernel did
 * not take at once).
 */
import { writeDecimal, writeSigned } from './numbers';
import { PrefixViews } from './prefix-views';

const INITIAL = 16 * 1024;
/** A buffer grown beyond this (a large multi-get) is not kept once its bytes are sent. */
const HANDOFF = 64 * 1024;

export class Output {
  buf: Buffer = Buffer.allocUnsafe(INITIAL);
  len = 0;
  private readonly views = new PrefixViews();

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.len + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  /** Appends a Latin-1 string (protocol words, numbers already formatted). */
  ascii(s: string): void {
    this.ensure(s.length);
    const b = this.buf;
    let o = this.len;
    for (let i = 0; i < s.length; i++) b[o++] = s.charCodeAt(i);
    this.len = o;
  }

  /** Appends a line followed by CRLF. */
  line(s: string): void {
    this.ensure(s.length + 2);
    this.ascii(s);
    this.buf[this.len++] = 13;
    this.buf[this.len++] = 10;
  }

  bytes(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.ensure(n);
    if (n <= 32) {
      const b = this.buf;
      let o = this.len;
      for (let i = start; i < end; i++) b[o++] = src[i];
    } else {
      this.buf.set(src.subarray(start, end), this.len);
    }
    this.len += n;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b;
  }

  crlf(): void {
    this.ensure(2);
    this.buf[this.len++] = 13;
    this.buf[this.len++] = 10;
  }

  /** Appends a non-negative integer (number or bigint) in decimal. */
  decimal(v: number | bigint): void {
    this.ensure(21);
    this.len = writeDecimal(this.buf, this.len, v);
  }

  signed(v: number): void {
    this.ensure(12);
    this.len = writeSigned(this.buf, this.len, v);
  }

  /** Drops everything from `mark` on (used when an error replaces partial replies). */
  truncate(mark: number): void {
    this.len = mark;
  }

  /**
   * The pending bytes as a buffer for a socket write. View objects are reused while reply sizes
   * repeat, sparing an allocation per write.
   */
  view(): Buffer {
    return this.views.get(this.buf, this.len);
  }

  /** The socket took the pending bytes at once: empty the buffer (and give back an oversized one). */
  sent(): void {
    this.len = 0;
    if (this.buf.length > HANDOFF) this.replace();
  }

  /** The socket keeps the pending bytes until they are sent: continue in a new buffer. */
  detach(): void {
    this.len = 0;
    this.replace();
  }

  private replace(): void {
    this.buf = Buffer.allocUnsafe(INITIAL);
  }
}

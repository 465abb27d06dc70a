/**
 * A connection's reply buffer. Every reply of one event-loop turn is appended here and written to
 * the socket once (memcached's iovec batching), so pipelined requests cost one syscall.
 */
import { writeDecimal, writeSigned } from './numbers';

const INITIAL = 16 * 1024;
/** Above this size the buffer itself is handed to the socket instead of being copied. */
const HANDOFF = 64 * 1024;

export class Output {
  buf: Buffer = Buffer.allocUnsafe(INITIAL);
  len = 0;

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

  /** Takes the pending bytes as a Buffer the socket may keep, and empties the buffer. */
  take(): Buffer | undefined {
    if (this.len === 0) return undefined;
    let chunk: Buffer;
    if (this.len >= HANDOFF) {
      chunk = this.buf.subarray(0, this.len);
      this.buf = Buffer.allocUnsafe(INITIAL);
    } else {
      chunk = Buffer.allocUnsafe(this.len);
      this.buf.copy(chunk, 0, 0, this.len);
    }
    this.len = 0;
    return chunk;
  }
}

/**
 * Incremental parser for what clients send to a RESP server: multibulk requests (`*N\r\n$len\r\n…`)
 * and inline commands (`SET k v\r\n`), exactly as redis-server 7 reads them, including its protocol
 * errors and its quirks (the two bytes after a bulk are skipped unchecked; an inline line stops at a
 * NUL byte; `*0` and `*-1` are ignored).
 *
 * Arguments come out as latin1 strings: one byte per UTF-16 code unit, so they are binary safe and
 * compact in V8. The parser is pull-based (`next()`), so a connection can stop between two commands
 * (a blocked client, a paused server) and resume later without losing bytes.
 */
import { parseInlineArgs } from './inline-args';
import { argumentString, latin1Slice, nameString } from './latin1';

/** Lines without a terminator longer than this are protocol errors (redis PROTO_INLINE_MAX_SIZE). */
export const PROTO_INLINE_MAX_SIZE = 64 * 1024;
/** Bulk arguments this big are read straight into their own buffer (redis PROTO_MBULK_BIG_ARG). */
export const PROTO_MBULK_BIG_ARG = 32 * 1024;
/** Longest one-byte string V8 can hold; bigger bulks cannot be represented and are refused. */
export const MAX_STRING_LENGTH = (1 << 29) - 24;
/** Limits redis applies before a client has authenticated. */
const UNAUTH_MAX_MULTIBULK = 10;
const UNAUTH_MAX_BULK = 16384;

const EMPTY = Buffer.alloc(0);
/** The parser's argument list between requests (never written to). */
const NO_ARGS: string[] = [];
/** Argument slots allocated before the arguments arrive (redis' limit for c->argv). */
const ARGV_PREALLOC_MAX = 1024;

const CR = 13;
const LF = 10;
const INT_MAX = 2147483647;

const REQ_NONE = 0;
const REQ_INLINE = 1;
const REQ_MULTIBULK = 2;

/**
 * Parses a decimal integer the way redis' `string2ll` does: no sign other than a leading `-`, no
 * leading zeros, no spaces, no empty string. Returns NaN when invalid. Values beyond 2^53 lose
 * precision, which only matters for comparisons against limits far below that.
 */
export function parseStrictInt(buf: Buffer, start: number, end: number): number {
  const len = end - start;
  if (len <= 0 || len > 20) return NaN;
  let i = start;
  let negative = false;
  if (len === 1 && buf[i] === 48) return 0;
  if (buf[i] === 45) {
    negative = true;
    i++;
    if (i === end) return NaN;
  }
  const first = buf[i];
  if (first < 49 || first > 57) return NaN;
  let n = 0;
  for (; i < end; i++) {
    const c = buf[i];
    if (c < 48 || c > 57) return NaN;
    n = n * 10 + (c - 48);
  }
  if (n > 9223372036854775807) return NaN;
  return negative ? -n : n;
}

/** Limits the parser checks; read on every request so `CONFIG SET` applies at once. */
export interface RequestParserLimits {
  /** `proto-max-bulk-len`. */
  maxBulkLength(): number;
  /** True while the connection still has to authenticate (tighter limits apply, as in redis). */
  authRequired(): boolean;
}

const DEFAULT_LIMITS: RequestParserLimits = {
  maxBulkLength: () => 512 * 1024 * 1024,
  authRequired: () => false,
};

export class RequestParser {
  /** Set when the input is malformed; the connection must reply `-ERR <protocolError>` and close. */
  public protocolError: string | undefined;

  private buf: Buffer = EMPTY;
  private pos = 0;
  /** Input ends here (a borrowed read buffer is larger than the bytes read into it). */
  private end = 0;
  /** True while `buf` is a read buffer lent for the current read only (see `appendBorrowed`). */
  private borrowed = false;
  private reqType = REQ_NONE;
  private headerDone = false;
  /** CR position found by quickNumber. */
  private lineCr = 0;
  private pendingArgs = 0;
  /** The request's arguments so far: `argc` of them, in an array sized up front (see nextMultibulk). */
  private argv: string[] = NO_ARGS;
  private argc = 0;
  private bulkLen = -1;
  /** A big bulk being filled in place, and how many bytes of it (incl. the trailing CRLF) are in. */
  private big: Buffer | undefined;
  private bigFill = 0;

  constructor(private readonly limits: RequestParserLimits = DEFAULT_LIMITS) {}

  /** Bytes received and not yet consumed (the query buffer length redis reports as `qbuf`). */
  public get pendingBytes(): number {
    return this.end - this.pos + (this.big ? this.bigFill : 0);
  }

  /**
   * A big bulk argument being received into its own buffer: its length with the CRLF and the bytes
   * in so far (redis reads such an argument into a query buffer made to fit it).
   */
  public get bigArgument(): { readonly size: number; readonly filled: number } | undefined {
    return this.big ? { size: this.big.length, filled: this.bigFill } : undefined;
  }

  /** Free space in the query buffer, for `CLIENT LIST`'s `qbuf-free`. */
  public get bufferCapacity(): number {
    return this.end;
  }

  /** Adds received bytes. The chunk is kept by reference, not copied, when nothing is pending. */
  public append(chunk: Buffer): void {
    this.appendBytes(chunk, chunk.length, false);
  }

  /**
   * Adds `buf[0, length)` from a read buffer that is only lent until the caller returns (a socket's
   * shared read buffer). Parse with `next()`, then call `retain()` before returning.
   */
  public appendBorrowed(buf: Buffer, length: number): void {
    this.appendBytes(buf, length, true);
  }

  /** Copies unconsumed borrowed bytes into memory of the parser's own. */
  public retain(): void {
    if (!this.borrowed) return;
    this.borrowed = false;
    if (this.pos >= this.end) {
      this.release();
      return;
    }
    this.buf = Buffer.from(this.buf.subarray(this.pos, this.end));
    this.end -= this.pos;
    this.pos = 0;
  }

  private appendBytes(chunk: Buffer, length: number, borrowed: boolean): void {
    let start = 0;
    if (this.big) start = this.fillBig(chunk, length);
    if (start >= length) return;
    if (this.pos >= this.end) {
      if (start > 0 && !borrowed) {
        chunk = chunk.subarray(start, length);
        length -= start;
        start = 0;
      }
      this.buf = chunk;
      this.pos = start;
      this.end = length;
      this.borrowed = borrowed;
      return;
    }
    // Pending bytes of our own plus new ones: one new buffer holding both.
    const rest = this.end - this.pos;
    const merged = Buffer.allocUnsafe(rest + length - start);
    this.buf.copy(merged, 0, this.pos, this.end);
    chunk.copy(merged, rest, start, length);
    this.buf = merged;
    this.pos = 0;
    this.end = merged.length;
    this.borrowed = false;
  }

  /**
   * Returns the next complete command's arguments, an empty array for input that holds no command
   * (a blank inline line, `*0`), or undefined when more bytes are needed or a protocol error
   * occurred (then `protocolError` is set and nothing more is parsed).
   */
  public next(): string[] | undefined {
    if (this.protocolError !== undefined) return undefined;
    if (this.big) return undefined;
    // A multibulk whose last argument was completed by a big-argument fill has no bytes left to read.
    if (this.reqType === REQ_MULTIBULK && this.headerDone) return this.nextMultibulk();
    if (this.pos >= this.end) {
      this.release();
      return undefined;
    }
    if (this.reqType === REQ_NONE) {
      this.reqType = this.buf[this.pos] === 42 ? REQ_MULTIBULK : REQ_INLINE;
    }
    return this.reqType === REQ_MULTIBULK ? this.nextMultibulk() : this.nextInline();
  }

  /** Forgets all pending input (used by the connection on close). */
  public reset(): void {
    this.release();
    this.reqType = REQ_NONE;
    this.headerDone = false;
    this.pendingArgs = 0;
    this.argv = NO_ARGS;
    this.argc = 0;
    this.bulkLen = -1;
    this.big = undefined;
    this.bigFill = 0;
  }

  private release(): void {
    this.buf = EMPTY;
    this.pos = 0;
    this.end = 0;
    this.borrowed = false;
  }

  private fail(message: string): undefined {
    this.protocolError = message;
    return undefined;
  }

  private nextInline(): string[] | undefined {
    const buf = this.buf;
    const start = this.pos;
    const end = this.end;
    // redis finds the newline with strchr, which also stops at a NUL byte.
    let nl = -1;
    for (let i = start; i < end; i++) {
      const c = buf[i];
      if (c === LF) {
        nl = i;
        break;
      }
      if (c === 0) break;
    }
    if (nl < 0) {
      if (end - start > PROTO_INLINE_MAX_SIZE) return this.fail('Protocol error: too big inline request');
      return undefined;
    }
    let lineEnd = nl;
    if (lineEnd !== start && buf[lineEnd - 1] === CR) lineEnd--;
    const args = parseInlineArgs(buf, start, lineEnd);
    if (args === undefined) return this.fail('Protocol error: unbalanced quotes in request');
    this.pos = nl + 1;
    this.reqType = REQ_NONE;
    return args;
  }

  /**
   * Fast path for a header line of plain digits (`123\r\n`) starting at `from`: returns the number
   * and leaves the CR position in `lineCr`, or -1 when the line needs the general path (incomplete,
   * signed, leading zero, long, or not digits).
   */
  private quickNumber(from: number): number {
    const buf = this.buf;
    const end = this.end;
    let i = from;
    let n = 0;
    for (; i < end && i - from < 16; i++) {
      const c = buf[i];
      if (c < 48 || c > 57) break;
      n = n * 10 + (c - 48);
    }
    if (i === from || i + 1 >= end || buf[i] !== CR || (buf[from] === 48 && i - from > 1)) return -1;
    this.lineCr = i;
    return n;
  }

  /** Finds the CR that ends a header line starting at `from`, or -1 when the line (with LF) is incomplete. */
  private lineEnd(from: number): number {
    const buf = this.buf;
    const cr = buf.indexOf(CR, from);
    if (cr < 0 || cr + 1 >= this.end) return -1;
    return cr;
  }

  private nextMultibulk(): string[] | undefined {
    const buf = this.buf;
    if (!this.headerDone) {
      let n = this.quickNumber(this.pos + 1);
      let cr = this.lineCr;
      if (n < 0) {
        cr = this.lineEnd(this.pos);
        if (cr < 0) {
          if (this.end - this.pos > PROTO_INLINE_MAX_SIZE) return this.fail('Protocol error: too big mbulk count string');
          return undefined;
        }
        n = parseStrictInt(buf, this.pos + 1, cr);
      }
      if (Number.isNaN(n) || n > INT_MAX) return this.fail('Protocol error: invalid multibulk length');
      if (n > UNAUTH_MAX_MULTIBULK && this.limits.authRequired()) {
        return this.fail('Protocol error: unauthenticated multibulk length');
      }
      this.pos = cr + 2;
      if (n <= 0) {
        this.reqType = REQ_NONE;
        return [];
      }
      this.headerDone = true;
      this.pendingArgs = n;
      // Sized up front, as redis sizes c->argv (at most 1024 slots until the arguments arrive): a
      // growing array would copy its backing store twice for a 21-argument MSET.
      this.argv = new Array<string>(Math.min(n, ARGV_PREALLOC_MAX));
      this.argc = 0;
    }
    while (this.pendingArgs > 0) {
      if (this.bulkLen < 0) {
        if (this.pos >= this.end) return undefined;
        let n = buf[this.pos] === 36 ? this.quickNumber(this.pos + 1) : -1;
        let cr = this.lineCr;
        if (n < 0) {
          cr = this.lineEnd(this.pos);
          if (cr < 0) {
            if (this.end - this.pos > PROTO_INLINE_MAX_SIZE) return this.fail('Protocol error: too big bulk count string');
            return undefined;
          }
          const marker = buf[this.pos];
          if (marker !== 36) {
            return this.fail(`Protocol error: expected '$', got '${String.fromCharCode(marker)}'`);
          }
          n = parseStrictInt(buf, this.pos + 1, cr);
        }
        if (Number.isNaN(n) || n < 0 || (n > 1048576 && (n > this.limits.maxBulkLength() || n > MAX_STRING_LENGTH))) {
          return this.fail('Protocol error: invalid bulk length');
        }
        if (n > UNAUTH_MAX_BULK && this.limits.authRequired()) {
          return this.fail('Protocol error: unauthenticated bulk length');
        }
        this.pos = cr + 2;
        this.bulkLen = n;
        const available = this.end - this.pos;
        if (n >= PROTO_MBULK_BIG_ARG && available < n + 2) {
          // Read the rest of this argument into its own buffer: one copy, no repeated concatenation.
          this.big = Buffer.allocUnsafe(n + 2);
          this.bigFill = buf.copy(this.big, 0, this.pos, this.end);
          this.release();
          return undefined;
        }
      }
      const len = this.bulkLen;
      if (this.end - this.pos < len + 2) return undefined;
      // The two bytes after the payload are skipped without checking, as redis does.
      this.addArgument(this.argc === 0 ? nameString(buf, this.pos, len) : argumentString(buf, this.pos, len));
      this.pos += len + 2;
      this.bulkLen = -1;
      this.pendingArgs--;
    }
    const argv = this.argv;
    this.argv = NO_ARGS;
    this.headerDone = false;
    this.reqType = REQ_NONE;
    return argv;
  }

  private addArgument(arg: string): void {
    if (this.argc < this.argv.length) this.argv[this.argc] = arg;
    else this.argv.push(arg);
    this.argc++;
  }

  /** Copies bytes of `chunk[0, length)` into the big-argument buffer; returns how many it took. */
  private fillBig(chunk: Buffer, length: number): number {
    const big = this.big!;
    const take = Math.min(big.length - this.bigFill, length);
    chunk.copy(big, this.bigFill, 0, take);
    this.bigFill += take;
    if (this.bigFill < big.length) return take;
    this.addArgument(latin1Slice(big, 0, big.length - 2));
    this.big = undefined;
    this.bigFill = 0;
    this.bulkLen = -1;
    this.pendingArgs--;
    return take;
  }
}

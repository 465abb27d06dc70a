/**
 * RESP2/RESP3 reply encoder writing into one growable buffer per connection. A connection flushes
 * it once per event-loop turn, so a pipeline of N commands costs one socket write.
 *
 * Every RESP3 type has a RESP2 fallback chosen as redis-server chooses it (maps as flat arrays,
 * doubles as bulk strings, booleans as integers, nulls as `$-1` or `*-1`).
 */
import { formatDouble17 } from './format-double';
import { latin1Slice, latin1Write } from './latin1';

const CRLF = '\r\n';
const INITIAL_CAPACITY = 16 * 1024;

/** Preformatted headers for small maps and sets, as redis keeps shared header objects. */
const SHARED_HEADERS = 32;
const MAP_HEADERS: string[] = [];
const SET_HEADERS: string[] = [];
for (let i = 0; i < SHARED_HEADERS; i++) {
  MAP_HEADERS.push(`%${i}\r\n`);
  SET_HEADERS.push(`~${i}\r\n`);
}

/** Kinds of aggregate whose length is written after its elements (see `beginDeferred`). */
export enum DeferredKind {
  ARRAY = 0,
  MAP = 1,
  SET = 2,
}

export class ReplyWriter {
  /** Protocol version of the peer: 2 or 3 (`HELLO`). */
  public resp = 2;
  /** Encoded bytes live in `buf[0, len)`. */
  public buf: Buffer;
  public len = 0;
  /** Called with each error reply's text (without `-`), for error statistics. */
  public onError: ((text: string) => void) | undefined;
  /** Called instead of `onError` for an error already counted where it arose (`errorCounted`). */
  public onCountedError: (() => void) | undefined;
  private lastView: Buffer | undefined;
  /** The buffer `lastView` looks into (compared by identity: reading `.buffer` is a native call). */
  private lastViewOf: Buffer | undefined;

  constructor(initialCapacity = INITIAL_CAPACITY) {
    this.buf = Buffer.allocUnsafe(initialCapacity);
  }

  /** Makes room for `n` more bytes. */
  public reserve(n: number): void {
    const need = this.len + n;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = Buffer.allocUnsafe(cap);
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  /** Appends a latin1 string as bytes, unchanged. */
  public raw(s: string): void {
    const n = s.length;
    if (this.len + n > this.buf.length) this.reserve(n);
    if (n < 16) {
      const buf = this.buf;
      let len = this.len;
      for (let i = 0; i < n; i++) buf[len++] = s.charCodeAt(i);
      this.len = len;
    } else {
      this.len += latin1Write(this.buf, s, this.len);
    }
  }

  /** Appends bytes, unchanged. */
  public rawBytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** Drops everything written after `mark` (a previous value of `len`). */
  public truncate(mark: number): void {
    if (mark < this.len) this.len = mark;
  }

  /** Returns the encoded bytes as a new buffer and empties the writer. */
  public take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.len));
    this.len = 0;
    return out;
  }

  /** Returns the encoded bytes decoded as latin1 and empties the writer. */
  public takeString(): string {
    const s = latin1Slice(this.buf, 0, this.len);
    this.len = 0;
    return s;
  }

  /**
   * `buf[0, len)` as a buffer for a socket write. The view object is reused while the length repeats
   * (the same reply size turn after turn), sparing an allocation per write.
   */
  public view(): Buffer {
    const last = this.lastView;
    const buf = this.buf;
    if (last !== undefined && last.length === this.len && this.lastViewOf === buf) return last;
    const v = buf.subarray(0, this.len);
    this.lastView = v;
    this.lastViewOf = buf;
    return v;
  }

  /** Gives up a large buffer after it was handed to a socket, so it is not overwritten later. */
  public detach(): void {
    this.buf = Buffer.allocUnsafe(INITIAL_CAPACITY);
    this.len = 0;
    this.lastView = undefined;
    this.lastViewOf = undefined;
  }

  public status(s: string): void {
    this.raw('+' + sanitizeLine(s) + CRLF);
  }

  public ok(): void {
    this.raw('+OK\r\n');
  }

  /** An error reply (see `errorLine`). */
  public error(text: string): void {
    const line = errorLine(text);
    this.raw('-' + line + CRLF);
    if (this.onError) this.onError(line);
  }

  /**
   * An error reply whose error statistics were counted where it arose (redis'
   * ERR_REPLY_FLAG_NO_STATS_UPDATE): a command's error passed on by the script that called it.
   */
  public errorCounted(text: string): void {
    this.raw('-' + errorLine(text) + CRLF);
    if (this.onCountedError) this.onCountedError();
  }

  public integer(n: number | bigint): void {
    if (typeof n === 'number' && Number.isSafeInteger(n)) {
      if (this.len + 24 > this.buf.length) this.reserve(24);
      const buf = this.buf;
      let len = this.len;
      buf[len++] = 58;
      if (n < 0) {
        buf[len++] = 45;
        n = -n;
      }
      len = writeDecimal(buf, len, n);
      buf[len++] = 13;
      buf[len++] = 10;
      this.len = len;
      return;
    }
    this.raw(':' + (typeof n === 'number' ? integerString(n) : n.toString()) + CRLF);
  }

  public bulk(s: string): void {
    const n = s.length;
    if (this.len + n + 24 > this.buf.length) this.reserve(n + 24);
    const buf = this.buf;
    let len = this.len;
    buf[len++] = 36;
    len = writeDecimal(buf, len, n);
    buf[len++] = 13;
    buf[len++] = 10;
    // Short values are copied byte by byte: no intermediate string, nothing for the GC.
    if (n < 32) {
      for (let i = 0; i < n; i++) buf[len++] = s.charCodeAt(i);
    } else {
      len += latin1Write(buf, s, len);
    }
    buf[len++] = 13;
    buf[len++] = 10;
    this.len = len;
  }

  public bulkBytes(b: Uint8Array): void {
    this.raw('$' + b.length + CRLF);
    this.rawBytes(b);
    this.raw(CRLF);
  }

  /** A bulk string holding the decimal form of an integer. */
  public bulkInteger(n: number | bigint): void {
    this.bulk(typeof n === 'number' ? integerString(n) : n.toString());
  }

  /** A null bulk string: `$-1` (RESP2) or `_` (RESP3). */
  public nullBulk(): void {
    this.raw(this.resp === 2 ? '$-1\r\n' : '_\r\n');
  }

  /** A null array: `*-1` (RESP2) or `_` (RESP3). */
  public nullArray(): void {
    this.raw(this.resp === 2 ? '*-1\r\n' : '_\r\n');
  }

  public arrayHeader(n: number): void {
    if (this.len + 24 > this.buf.length) this.reserve(24);
    const buf = this.buf;
    let len = this.len;
    buf[len++] = 42;
    len = writeDecimal(buf, len, n);
    buf[len++] = 13;
    buf[len++] = 10;
    this.len = len;
  }

  /** A map of `n` pairs: `%n` in RESP3, a flat array of 2n elements in RESP2. */
  public mapHeader(n: number): void {
    if (this.resp === 2) this.arrayHeader(n * 2);
    else this.raw(n < SHARED_HEADERS ? MAP_HEADERS[n] : '%' + n + CRLF);
  }

  /** A set: `~n` in RESP3, an array in RESP2. */
  public setHeader(n: number): void {
    if (this.resp === 2) this.arrayHeader(n);
    else this.raw(n < SHARED_HEADERS ? SET_HEADERS[n] : '~' + n + CRLF);
  }

  /** An out-of-band push message: `>n` in RESP3, an array in RESP2. */
  public pushHeader(n: number): void {
    this.raw((this.resp === 2 ? '*' : '>') + n + CRLF);
  }

  /** An attribute map (RESP3 only; RESP2 peers never see attributes). */
  public attributeHeader(n: number): void {
    this.raw('|' + n + CRLF);
  }

  /** A double: `,x` in RESP3, a bulk string in RESP2, formatted `%.17g` as redis 7.0 does. */
  public double(d: number): void {
    const s = formatDouble17(d);
    if (this.resp === 2) this.bulk(s);
    else this.raw(',' + s + CRLF);
  }

  /** A double already formatted (e.g. a stored score string), sent as `,x` or a bulk. */
  public doubleString(s: string): void {
    if (this.resp === 2) this.bulk(s);
    else this.raw(',' + s + CRLF);
  }

  /** A boolean: `#t`/`#f` in RESP3, `:1`/`:0` in RESP2. */
  public bool(b: boolean): void {
    if (this.resp === 2) this.raw(b ? ':1\r\n' : ':0\r\n');
    else this.raw(b ? '#t\r\n' : '#f\r\n');
  }

  /** A big number: `(digits` in RESP3, a bulk string in RESP2. */
  public bigNumber(digits: string): void {
    if (this.resp === 2) this.bulk(digits);
    else this.raw('(' + digits + CRLF);
  }

  /** A verbatim string (`=len\r\ntxt:…` in RESP3, a bulk string in RESP2). */
  public verbatim(s: string, format = 'txt'): void {
    if (this.resp === 2) {
      this.bulk(s);
      return;
    }
    this.raw('=' + (s.length + 4) + CRLF + format + ':');
    this.raw(s);
    this.raw(CRLF);
  }

  /** A RESP3 null (`_`), or `$-1` in RESP2 (what redis' addReplyNull sends). */
  public null(): void {
    this.nullBulk();
  }

  /** A bulk string, or a null bulk when the value is missing. */
  public bulkOrNull(s: string | undefined): void {
    if (s === undefined) this.nullBulk();
    else this.bulk(s);
  }

  /** An array of bulk strings. */
  public bulkArray(items: readonly string[]): void {
    this.arrayHeader(items.length);
    for (const s of items) this.bulk(s);
  }

  /**
   * Starts an aggregate whose length is not known yet. Write its elements, then call
   * `endDeferred(mark, kind, n)`; the header is inserted in front of them.
   */
  public beginDeferred(): number {
    return this.len;
  }

  public endDeferred(mark: number, kind: DeferredKind, n: number): void {
    let header: string;
    if (kind === DeferredKind.MAP) header = this.resp === 2 ? `*${n * 2}\r\n` : `%${n}\r\n`;
    else if (kind === DeferredKind.SET) header = this.resp === 2 ? `*${n}\r\n` : `~${n}\r\n`;
    else header = `*${n}\r\n`;
    const h = header.length;
    this.reserve(h);
    this.buf.copyWithin(mark + h, mark, this.len);
    latin1Write(this.buf, header, mark);
    this.len += h;
  }
}

/** Writes the digits of a non-negative safe integer at `pos`; returns the position after them. */
function writeDecimal(buf: Buffer, pos: number, n: number): number {
  if (n < 10) {
    buf[pos] = 48 + n;
    return pos + 1;
  }
  // Lengths, counts and most integers fit 31 bits: integer division by 10 compiles to a multiply,
  // where the general path below divides doubles (twice as slow per reply).
  if (n <= 0x7fffffff) {
    let v = n | 0;
    const size = v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : v < 100000 ? 5 : v < 1000000 ? 6
      : v < 10000000 ? 7 : v < 100000000 ? 8 : v < 1000000000 ? 9 : 10;
    let at = pos + size;
    while (v >= 10) {
      const q = (v / 10) | 0;
      buf[--at] = 48 + (v - q * 10);
      v = q;
    }
    buf[--at] = 48 + v;
    return pos + size;
  }
  let digits = 1;
  for (let t = n; t >= 10; t = Math.floor(t / 10)) digits++;
  let end = pos + digits;
  const stop = end;
  while (n >= 10) {
    const q = Math.floor(n / 10);
    buf[--end] = 48 + (n - q * 10);
    n = q;
  }
  buf[--end] = 48 + n;
  return stop;
}

/**
 * An error reply's line, without its `-`: text that starts with `-` carries its own code
 * (`-WRONGTYPE …`); anything else gets `ERR ` in front, as redis' addReplyError does. Newlines
 * become spaces.
 */
export function errorLine(text: string): string {
  return text.charCodeAt(0) === 45 ? sanitizeLine(text.slice(1)) : 'ERR ' + sanitizeLine(text);
}

/** Decimal form of an integer-valued number, never in exponent notation. */
export function integerString(n: number): string {
  if (Number.isSafeInteger(n)) return '' + n;
  return BigInt(n).toString();
}

/** Replaces CR and LF with spaces so a status or error line cannot break the protocol. */
function sanitizeLine(s: string): string {
  if (s.indexOf('\r') < 0 && s.indexOf('\n') < 0) return s;
  return s.replace(/[\r\n]/g, ' ');
}

/**
 * Incremental parser for what a RESP server sends back (RESP2 and RESP3), for the client side:
 * tests, the differential harness, proxies and replicas. Each reply comes out as a typed tree and
 * with its exact bytes, so callers can compare byte for byte or inspect values.
 */
import { latin1Slice } from './latin1';

export type RespType =
  | 'simple' | 'error' | 'integer' | 'bulk' | 'array' | 'null' | 'map' | 'set' | 'double'
  | 'boolean' | 'bignum' | 'verbatim' | 'push' | 'attribute' | 'blob-error';

export interface RespValue {
  readonly type: RespType;
  /**
   * simple/error/bignum/double: the text; integer: a bigint; bulk/verbatim/blob-error: a latin1
   * string (null for `$-1`); array/set/push: elements (null for `*-1`); map/attribute: flat
   * key, value, key, value… list; boolean: true/false; null: null.
   */
  readonly value: unknown;
  /** For verbatim strings: the three-letter format (`txt`, `mkd`). */
  readonly format?: string;
  /** RESP3 attributes sent just before this value, if any. */
  readonly attributes?: RespValue;
}

export interface ParsedReply {
  readonly value: RespValue;
  /** The reply's bytes exactly as received. */
  readonly raw: Buffer;
}

class Incomplete {
  constructor(readonly needBytes: number) {}
}

const EMPTY = Buffer.alloc(0);

export class ReplyParser {
  private buf: Buffer = EMPTY;
  private pos = 0;
  /** Total buffered length needed before retrying (avoids re-parsing a big bulk on every chunk). */
  private needBytes = 0;
  /** Chunks received while waiting for `needBytes`, joined once (big replies arrive in many chunks). */
  private waiting: Buffer[] = [];
  private waitingLength = 0;

  public append(chunk: Buffer): void {
    if (this.needBytes > 0 && this.buf.length - this.pos + this.waitingLength + chunk.length < this.needBytes) {
      this.waiting.push(chunk);
      this.waitingLength += chunk.length;
      return;
    }
    const parts = [this.buf.subarray(this.pos), ...this.waiting, chunk].filter((b) => b.length > 0);
    this.buf = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    this.waiting = [];
    this.waitingLength = 0;
    if (this.pos > 0 && this.needBytes > 0) this.needBytes -= this.pos;
    this.pos = 0;
  }

  /** Bytes buffered and not yet returned as a reply. */
  public get pendingBytes(): number {
    return this.buf.length - this.pos + this.waitingLength;
  }

  /** The next complete reply, or undefined when more bytes are needed. Throws on malformed input. */
  public next(): ParsedReply | undefined {
    if (this.pos >= this.buf.length) return undefined;
    if (this.buf.length < this.needBytes) return undefined;
    const start = this.pos;
    try {
      const [value, end] = this.parse(start);
      this.pos = end;
      this.needBytes = 0;
      return { value, raw: this.buf.subarray(start, end) };
    } catch (e) {
      if (e instanceof Incomplete) {
        this.needBytes = e.needBytes - start;
        // Keep only the unconsumed part so offsets stay small.
        if (start > 0) {
          this.buf = this.buf.subarray(start);
          this.pos = 0;
        }
        return undefined;
      }
      throw e;
    }
  }

  private line(from: number): [string, number] {
    const cr = this.buf.indexOf(13, from);
    if (cr < 0 || cr + 1 >= this.buf.length) throw new Incomplete(this.buf.length + 1);
    return [latin1Slice(this.buf, from, cr), cr + 2];
  }

  private parse(at: number): [RespValue, number] {
    if (at >= this.buf.length) throw new Incomplete(at + 1);
    const marker = String.fromCharCode(this.buf[at]);
    const [text, next] = this.line(at + 1);
    switch (marker) {
      case '+': return [{ type: 'simple', value: text }, next];
      case '-': return [{ type: 'error', value: text }, next];
      case ':': return [{ type: 'integer', value: BigInt(text) }, next];
      case ',': return [{ type: 'double', value: text }, next];
      case '(': return [{ type: 'bignum', value: text }, next];
      case '#': return [{ type: 'boolean', value: text === 't' }, next];
      case '_': return [{ type: 'null', value: null }, next];
      case '$':
      case '=':
      case '!': {
        const n = Number(text);
        if (n < 0) return [{ type: 'bulk', value: null }, next];
        const end = next + n + 2;
        if (end > this.buf.length) throw new Incomplete(end);
        const body = latin1Slice(this.buf, next, next + n);
        if (marker === '$') return [{ type: 'bulk', value: body }, end];
        if (marker === '!') return [{ type: 'blob-error', value: body }, end];
        return [{ type: 'verbatim', value: body.slice(4), format: body.slice(0, 3) }, end];
      }
      case '*':
      case '~':
      case '>': {
        const n = Number(text);
        if (n < 0) return [{ type: 'array', value: null }, next];
        const items: RespValue[] = [];
        let p = next;
        for (let i = 0; i < n; i++) {
          const [v, e] = this.parse(p);
          items.push(v);
          p = e;
        }
        return [{ type: marker === '*' ? 'array' : marker === '~' ? 'set' : 'push', value: items }, p];
      }
      case '%':
      case '|': {
        const n = Number(text);
        const items: RespValue[] = [];
        let p = next;
        for (let i = 0; i < n * 2; i++) {
          const [v, e] = this.parse(p);
          items.push(v);
          p = e;
        }
        if (marker === '|') {
          const [v, e] = this.parse(p);
          return [{ ...v, attributes: { type: 'attribute', value: items } }, e];
        }
        return [{ type: 'map', value: items }, p];
      }
      default:
        throw new Error(`malformed RESP reply: unexpected byte 0x${this.buf[at].toString(16)} at offset ${at}`);
    }
  }
}

/** Converts a reply tree to plain JavaScript values (maps become objects/arrays of pairs). */
export function toPlain(v: RespValue): unknown {
  switch (v.type) {
    case 'array':
    case 'set':
    case 'push':
      return v.value === null ? null : (v.value as RespValue[]).map(toPlain);
    case 'map':
    case 'attribute': {
      const items = v.value as RespValue[];
      const pairs: [unknown, unknown][] = [];
      for (let i = 0; i < items.length; i += 2) pairs.push([toPlain(items[i]), toPlain(items[i + 1])]);
      return pairs;
    }
    case 'error':
      return new Error(v.value as string);
    default:
      return v.value;
  }
}

/** Encodes a command as a RESP multibulk request (arguments are latin1 strings or buffers). */
export function encodeCommand(args: readonly (string | Uint8Array)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`, 'latin1')];
  for (const a of args) {
    const b = typeof a === 'string' ? Buffer.from(a, 'latin1') : Buffer.from(a);
    parts.push(Buffer.from(`$${b.length}\r\n`, 'latin1'), b, Buffer.from('\r\n', 'latin1'));
  }
  return Buffer.concat(parts);
}

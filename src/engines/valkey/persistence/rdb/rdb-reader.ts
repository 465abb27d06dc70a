/**
 * Reads RDB primitives from a buffer with bounds checks on every step: truncated or corrupt input
 * throws RdbFormatError (RESTORE answers "Bad data format", a file load fails), never a crash or a
 * huge allocation from a forged length.
 */
import { RDB_ENC, RDB_LEN } from './constants';
import { ExpireAt, expireAt } from '../../keyspace/expire-at';
import { lzfDecompress } from '../../util/lzf';

export class RdbFormatError extends Error {}

/** A length that is really a special string encoding (INT8/16/32, LZF). */
interface EncodedLength {
  readonly encoded: boolean;
  readonly value: number;
}

export class RdbReader {
  public pos: number;

  constructor(public readonly buf: Buffer, start = 0, public readonly end = buf.length) {
    this.pos = start;
  }

  public get remaining(): number {
    return this.end - this.pos;
  }

  public get atEnd(): boolean {
    return this.pos >= this.end;
  }

  private need(n: number): void {
    if (n < 0 || this.pos + n > this.end) throw new RdbFormatError('unexpected end of data');
  }

  public byte(): number {
    this.need(1);
    return this.buf[this.pos++];
  }

  public bytes(n: number): Buffer {
    this.need(n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  private lengthOrEncoding(): EncodedLength {
    const first = this.byte();
    const kind = first >> 6;
    if (kind === RDB_LEN.ENCVAL) return { encoded: true, value: first & 0x3f };
    if (kind === RDB_LEN.BITS6) return { encoded: false, value: first & 0x3f };
    if (kind === RDB_LEN.BITS14) return { encoded: false, value: ((first & 0x3f) << 8) | this.byte() };
    if (first === RDB_LEN.BITS32) {
      this.need(4);
      const v = this.buf.readUInt32BE(this.pos);
      this.pos += 4;
      return { encoded: false, value: v };
    }
    if (first === RDB_LEN.BITS64) {
      this.need(8);
      const v = this.buf.readBigUInt64BE(this.pos);
      this.pos += 8;
      // Anything past 2^53 cannot describe data held in memory; it is reported as corrupt.
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RdbFormatError('length out of range');
      return { encoded: false, value: Number(v) };
    }
    throw new RdbFormatError(`unknown length encoding ${first}`);
  }

  /** rdbLoadLen for a plain length (an encoded one is an error here). */
  public len(): number {
    const l = this.lengthOrEncoding();
    if (l.encoded) throw new RdbFormatError('unexpected encoded length');
    return l.value;
  }

  /** rdbLoadLen keeping 64-bit values exact (stream IDs and counters). */
  public lenBig(): number | bigint {
    const first = this.buf[this.pos];
    if (first === RDB_LEN.BITS64 && this.pos < this.end) {
      this.pos++;
      this.need(8);
      const v = this.buf.readBigUInt64BE(this.pos);
      this.pos += 8;
      return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    }
    return this.len();
  }

  /** rdbGenericLoadStringObject as raw bytes (integers come back as their decimal text). */
  public stringBytes(): Buffer {
    const l = this.lengthOrEncoding();
    if (!l.encoded) return this.bytes(l.value);
    switch (l.value) {
      case RDB_ENC.INT8: {
        this.need(1);
        const v = this.buf.readInt8(this.pos);
        this.pos += 1;
        return Buffer.from(String(v), 'latin1');
      }
      case RDB_ENC.INT16: {
        this.need(2);
        const v = this.buf.readInt16LE(this.pos);
        this.pos += 2;
        return Buffer.from(String(v), 'latin1');
      }
      case RDB_ENC.INT32: {
        this.need(4);
        const v = this.buf.readInt32LE(this.pos);
        this.pos += 4;
        return Buffer.from(String(v), 'latin1');
      }
      case RDB_ENC.LZF: {
        const clen = this.len();
        const ulen = this.len();
        const compressed = this.bytes(clen);
        // A forged original length cannot make us allocate more than LZF could expand to.
        if (ulen > clen * 264 + 32) throw new RdbFormatError('invalid LZF lengths');
        const out = lzfDecompress(compressed, ulen);
        if (!out) throw new RdbFormatError('Invalid LZF compressed string');
        return out;
      }
      default:
        throw new RdbFormatError(`unknown string encoding ${l.value}`);
    }
  }

  /** A string as latin1 text (binary safe). */
  public string(): string {
    return this.stringBytes().toString('latin1');
  }

  /** rdbLoadMillisecondTime (RDB 9+: little endian). */
  public millis(): ExpireAt {
    this.need(8);
    const v = this.buf.readBigInt64LE(this.pos);
    this.pos += 8;
    return expireAt(v);
  }

  /** rdbLoadTime: seconds as a signed 32-bit value (old EXPIRETIME opcode). */
  public seconds32(): number {
    this.need(4);
    const v = this.buf.readInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  public binaryDouble(): number {
    this.need(8);
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  /** rdbLoadDoubleValue: the text form of RDB_TYPE_ZSET (1-byte length, 253/254/255 specials). */
  public textDouble(): number {
    const len = this.byte();
    if (len === 255) return -Infinity;
    if (len === 254) return Infinity;
    if (len === 253) return NaN;
    const text = this.bytes(len).toString('latin1');
    const v = parseLeadingDouble(text);
    if (v === undefined) throw new RdbFormatError('invalid double');
    return v;
  }
}

/** sscanf("%lg"): the longest leading number after optional white space. */
function parseLeadingDouble(s: string): number | undefined {
  const m = /^\s*([+-]?(?:inf(?:inity)?|nan|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))/i.exec(s);
  if (!m) return undefined;
  const t = m[1].toLowerCase();
  if (t.includes('inf')) return t.startsWith('-') ? -Infinity : Infinity;
  if (t.includes('nan')) return NaN;
  return Number(t);
}

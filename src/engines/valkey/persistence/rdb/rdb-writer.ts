/**
 * Serializes RDB primitives into a growing buffer, as redis' rdbSave* helpers write them: lengths
 * in their 6/14/32/64-bit forms, strings integer-encoded when they read as small integers or
 * LZF-compressed when long and `rdbcompression` is on, little-endian times and binary doubles.
 */
import { RDB_ENC, RDB_LEN } from './constants';
import { lzfCompress } from '../../util/lzf';
import { parseInt64 } from '../../util/numbers';

const INITIAL_CAPACITY = 256;

export class RdbWriter {
  private buf: Buffer;
  private pos = 0;
  /** Scratch space for LZF output, grown on demand. */
  private lzfOut: Buffer | undefined;

  /** @param compress store long strings LZF-compressed when that saves space (`rdbcompression`). */
  constructor(public readonly compress = true, capacity = INITIAL_CAPACITY) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  public get length(): number {
    return this.pos;
  }

  /** The bytes written so far (a view: copy it before writing more). */
  public view(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  /** The bytes written so far, as a buffer of their own. */
  public toBuffer(): Buffer {
    return Buffer.from(this.view());
  }

  private ensure(extra: number): void {
    const need = this.pos + extra;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = Buffer.allocUnsafe(cap);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  public byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  public bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Raw latin1 text (one byte per character). */
  public latin1(s: string): void {
    this.ensure(s.length);
    this.pos += this.buf.write(s, this.pos, 'latin1');
  }

  /** rdbSaveLen. */
  public len(n: number | bigint): void {
    if (typeof n === 'bigint') {
      if (n <= 0xffffffffn) {
        this.len(Number(n));
        return;
      }
      this.ensure(9);
      this.buf[this.pos++] = RDB_LEN.BITS64;
      this.buf.writeBigUInt64BE(n, this.pos);
      this.pos += 8;
      return;
    }
    this.ensure(9);
    if (n < 1 << 6) {
      this.buf[this.pos++] = n;
    } else if (n < 1 << 14) {
      this.buf[this.pos++] = (n >> 8) | (RDB_LEN.BITS14 << 6);
      this.buf[this.pos++] = n & 0xff;
    } else if (n <= 0xffffffff) {
      this.buf[this.pos++] = RDB_LEN.BITS32;
      this.buf.writeUInt32BE(n, this.pos);
      this.pos += 4;
    } else {
      this.buf[this.pos++] = RDB_LEN.BITS64;
      this.buf.writeBigUInt64BE(BigInt(n), this.pos);
      this.pos += 8;
    }
  }

  /** rdbEncodeInteger: true when written in the 8/16/32-bit form. */
  private encodedInteger(v: number): boolean {
    this.ensure(5);
    const b = this.buf;
    if (v >= -128 && v <= 127) {
      b[this.pos++] = (RDB_LEN.ENCVAL << 6) | RDB_ENC.INT8;
      b.writeInt8(v, this.pos);
      this.pos += 1;
    } else if (v >= -32768 && v <= 32767) {
      b[this.pos++] = (RDB_LEN.ENCVAL << 6) | RDB_ENC.INT16;
      b.writeInt16LE(v, this.pos);
      this.pos += 2;
    } else if (v >= -2147483648 && v <= 2147483647) {
      b[this.pos++] = (RDB_LEN.ENCVAL << 6) | RDB_ENC.INT32;
      b.writeInt32LE(v, this.pos);
      this.pos += 4;
    } else {
      return false;
    }
    return true;
  }

  /** rdbSaveRawString for a latin1 string. */
  public string(s: string): void {
    const len = s.length;
    if (len <= 11 && len > 0) {
      const v = parseInt64(s);
      if (v !== undefined && this.encodedInteger(v)) return;
    }
    if (this.compress && len > 20) {
      const raw = Buffer.from(s, 'latin1');
      if (this.lzfString(raw)) return;
      this.len(len);
      this.bytes(raw);
      return;
    }
    this.len(len);
    this.latin1(s);
  }

  /** rdbSaveRawString for bytes (listpacks, intsets, node keys…). */
  public rawString(b: Uint8Array): void {
    const len = b.length;
    if (len <= 11 && len > 0) {
      const v = parseInt64(Buffer.from(b).toString('latin1'));
      if (v !== undefined && this.encodedInteger(v)) return;
    }
    if (this.compress && len > 20 && this.lzfString(b)) return;
    this.len(len);
    this.bytes(b);
  }

  /** rdbSaveLzfStringObject: false when compression does not save at least 4 bytes. */
  private lzfString(b: Uint8Array): boolean {
    const outLen = b.length - 4;
    if (!this.lzfOut || this.lzfOut.length < outLen + 8) this.lzfOut = Buffer.allocUnsafe(Math.max(outLen + 8, 1024));
    const n = lzfCompress(b, this.lzfOut, outLen);
    if (n === 0) return false;
    this.lzfBlob(this.lzfOut.subarray(0, n), b.length);
    return true;
  }

  /** rdbSaveLzfBlob: already-compressed data with its original length. */
  public lzfBlob(compressed: Uint8Array, originalLength: number): void {
    this.byte((RDB_LEN.ENCVAL << 6) | RDB_ENC.LZF);
    this.len(compressed.length);
    this.len(originalLength);
    this.bytes(compressed);
  }

  /** rdbSaveMillisecondTime: signed 64-bit little endian. */
  public millis(ms: number | bigint): void {
    this.ensure(8);
    this.buf.writeBigInt64LE(BigInt(ms), this.pos);
    this.pos += 8;
  }

  /** rdbSaveBinaryDoubleValue: IEEE 754 little endian. */
  public binaryDouble(d: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(d, this.pos);
    this.pos += 8;
  }

  /** A little-endian unsigned integer of `size` bytes (checksums, footers). */
  public uint64LE(v: bigint): void {
    this.ensure(8);
    this.buf.writeBigUInt64LE(v, this.pos);
    this.pos += 8;
  }
}

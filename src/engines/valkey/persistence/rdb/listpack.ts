/**
 * Listpacks as redis lays them out (listpack.c): a 6-byte header (total bytes, element count),
 * entries (encoding + data + backlen) and a 0xFF terminator. Strings that read as 64-bit integers
 * (lpStringToInt64, i.e. string2ll) are stored in the smallest integer encoding. The builder writes
 * byte-identical listpacks; the parser validates a listpack taken from a payload and returns its
 * elements as latin1 strings.
 */
import { RdbFormatError } from './rdb-reader';
import { parseInt64Big } from '../../util/numbers';

const HEADER = 6;
const EOF_BYTE = 0xff;
/** Element counts from this value on are stored as "unknown". */
const NUMELE_UNKNOWN = 65535;

function backlenSize(l: number): number {
  if (l <= 127) return 1;
  if (l < 16383) return 2;
  if (l < 2097151) return 3;
  if (l < 268435455) return 4;
  return 5;
}

/** An integer value for the string when listpacks store it as an integer, else undefined. */
export function listpackInteger(s: string): bigint | number | undefined {
  const len = s.length;
  if (len === 0 || len > 20) return undefined;
  const c = s.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 45)) return undefined;
  if (len < 16) {
    // Fast path for the common short integers (string2ll rules: no leading zeros, no "-0").
    let i = c === 45 ? 1 : 0;
    if (i === len) return undefined;
    const first = s.charCodeAt(i);
    if (first === 48) return len === 1 ? 0 : undefined;
    if (first < 49 || first > 57) return undefined;
    let n = 0;
    for (; i < len; i++) {
      const d = s.charCodeAt(i);
      if (d < 48 || d > 57) return undefined;
      n = n * 10 + (d - 48);
    }
    return c === 45 ? -n : n;
  }
  const big = parseInt64Big(s);
  return big === undefined ? undefined : Number.isSafeInteger(Number(big)) ? Number(big) : big;
}

export class ListpackBuilder {
  private buf: Buffer;
  private pos = HEADER;
  private count = 0;

  constructor(capacity = 64) {
    this.buf = Buffer.allocUnsafe(Math.max(capacity, 16));
  }

  public get size(): number {
    return this.count;
  }

  private ensure(extra: number): void {
    const need = this.pos + extra + 1;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = Buffer.allocUnsafe(cap);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  private backlen(l: number): void {
    const b = this.buf;
    if (l <= 127) {
      b[this.pos++] = l;
    } else if (l < 16383) {
      b[this.pos++] = l >>> 7;
      b[this.pos++] = (l & 127) | 128;
    } else if (l < 2097151) {
      b[this.pos++] = l >>> 14;
      b[this.pos++] = ((l >>> 7) & 127) | 128;
      b[this.pos++] = (l & 127) | 128;
    } else if (l < 268435455) {
      b[this.pos++] = l >>> 21;
      b[this.pos++] = ((l >>> 14) & 127) | 128;
      b[this.pos++] = ((l >>> 7) & 127) | 128;
      b[this.pos++] = (l & 127) | 128;
    } else {
      b[this.pos++] = Math.floor(l / 2 ** 28);
      b[this.pos++] = ((l >>> 21) & 127) | 128;
      b[this.pos++] = ((l >>> 14) & 127) | 128;
      b[this.pos++] = ((l >>> 7) & 127) | 128;
      b[this.pos++] = (l & 127) | 128;
    }
  }

  /** lpAppend: an element given as text (integers detected as redis detects them). */
  public append(s: string): void {
    const v = listpackInteger(s);
    if (v !== undefined) this.appendInteger(v);
    else this.appendString(s);
  }

  /** Appends `s` always as a string entry. */
  public appendString(s: string): void {
    const len = s.length;
    let encLen: number;
    if (len < 64) {
      encLen = 1 + len;
      this.ensure(encLen + 5);
      this.buf[this.pos++] = 0x80 | len;
    } else if (len < 4096) {
      encLen = 2 + len;
      this.ensure(encLen + 5);
      this.buf[this.pos++] = 0xe0 | (len >> 8);
      this.buf[this.pos++] = len & 0xff;
    } else {
      encLen = 5 + len;
      this.ensure(encLen + 5);
      this.buf[this.pos++] = 0xf0;
      this.buf.writeUInt32LE(len, this.pos);
      this.pos += 4;
    }
    this.pos += this.buf.write(s, this.pos, 'latin1');
    this.backlen(encLen);
    this.count++;
  }

  /** lpAppendInteger. */
  public appendInteger(value: number | bigint): void {
    this.ensure(14);
    const b = this.buf;
    const v = typeof value === 'bigint' && value >= -9007199254740991n && value <= 9007199254740991n ? Number(value) : value;
    let encLen: number;
    if (typeof v === 'number' && v >= 0 && v <= 127) {
      b[this.pos++] = v;
      encLen = 1;
    } else if (typeof v === 'number' && v >= -4096 && v <= 4095) {
      const u = v < 0 ? (1 << 13) + v : v;
      b[this.pos++] = (u >> 8) | 0xc0;
      b[this.pos++] = u & 0xff;
      encLen = 2;
    } else if (typeof v === 'number' && v >= -32768 && v <= 32767) {
      b[this.pos++] = 0xf1;
      b.writeInt16LE(v, this.pos);
      this.pos += 2;
      encLen = 3;
    } else if (typeof v === 'number' && v >= -8388608 && v <= 8388607) {
      b[this.pos++] = 0xf2;
      b.writeIntLE(v, this.pos, 3);
      this.pos += 3;
      encLen = 4;
    } else if (typeof v === 'number' && v >= -2147483648 && v <= 2147483647) {
      b[this.pos++] = 0xf3;
      b.writeInt32LE(v, this.pos);
      this.pos += 4;
      encLen = 5;
    } else {
      b[this.pos++] = 0xf4;
      b.writeBigInt64LE(BigInt(v), this.pos);
      this.pos += 8;
      encLen = 9;
    }
    this.backlen(encLen);
    this.count++;
  }

  /** The finished listpack (header and terminator filled in). */
  public finish(): Buffer {
    this.ensure(1);
    this.buf[this.pos++] = EOF_BYTE;
    this.buf.writeUInt32LE(this.pos, 0);
    this.buf.writeUInt16LE(Math.min(this.count, NUMELE_UNKNOWN), 4);
    return this.buf.subarray(0, this.pos);
  }
}

/** A listpack of the given elements (lpAppend each). */
export function buildListpack(elements: Iterable<string>): Buffer {
  const lp = new ListpackBuilder();
  for (const e of elements) lp.append(e);
  return lp.finish();
}

/** Bytes of the listpack buildListpack would produce, without building it. */
export function listpackEntryBytes(s: string): number {
  const v = listpackInteger(s);
  if (v === undefined) {
    const len = s.length;
    const enc = len < 64 ? 1 + len : len < 4096 ? 2 + len : 5 + len;
    return enc + backlenSize(enc);
  }
  let enc: number;
  if (typeof v === 'bigint') enc = 9;
  else if (v >= 0 && v <= 127) enc = 1;
  else if (v >= -4096 && v <= 4095) enc = 2;
  else if (v >= -32768 && v <= 32767) enc = 3;
  else if (v >= -8388608 && v <= 8388607) enc = 4;
  else if (v >= -2147483648 && v <= 2147483647) enc = 5;
  else enc = 9;
  return enc + 1;
}

/** One element read back: the text and, for integer entries, the integer. */
export interface ListpackElement {
  readonly s: string;
  readonly int: number | bigint | undefined;
}

/**
 * Parses and validates a listpack (lpValidateIntegrity with deep checks): header size, every
 * entry's encoding, length and backlen within bounds, the terminator at the end, and the count
 * when the header records it. Throws RdbFormatError when anything is off.
 */
export function parseListpack(lp: Buffer): ListpackElement[] {
  const fail = (why: string): never => {
    throw new RdbFormatError(`listpack: ${why}`);
  };
  if (lp.length < HEADER + 1) fail('too short');
  if (lp.readUInt32LE(0) !== lp.length) fail('size mismatch');
  const declared = lp.readUInt16LE(4);
  const end = lp.length - 1;
  if (lp[end] !== EOF_BYTE) fail('no terminator');
  const out: ListpackElement[] = [];
  let p = HEADER;
  while (p < end) {
    const start = p;
    const b = lp[p];
    let s: string;
    let int: number | bigint | undefined;
    if ((b & 0x80) === 0) {
      int = b;
      p += 1;
    } else if ((b & 0xc0) === 0x80) {
      const len = b & 0x3f;
      if (p + 1 + len > end) fail('string out of range');
      s = lp.toString('latin1', p + 1, p + 1 + len);
      p += 1 + len;
    } else if ((b & 0xe0) === 0xc0) {
      if (p + 2 > end) fail('int out of range');
      let u = ((b & 0x1f) << 8) | lp[p + 1];
      if (u >= 1 << 12) u -= 1 << 13;
      int = u;
      p += 2;
    } else if ((b & 0xf0) === 0xe0) {
      if (p + 2 > end) fail('string out of range');
      const len = ((b & 0x0f) << 8) | lp[p + 1];
      if (p + 2 + len > end) fail('string out of range');
      s = lp.toString('latin1', p + 2, p + 2 + len);
      p += 2 + len;
    } else if (b === 0xf1) {
      if (p + 3 > end) fail('int out of range');
      int = lp.readInt16LE(p + 1);
      p += 3;
    } else if (b === 0xf2) {
      if (p + 4 > end) fail('int out of range');
      int = lp.readIntLE(p + 1, 3);
      p += 4;
    } else if (b === 0xf3) {
      if (p + 5 > end) fail('int out of range');
      int = lp.readInt32LE(p + 1);
      p += 5;
    } else if (b === 0xf4) {
      if (p + 9 > end) fail('int out of range');
      const big = lp.readBigInt64LE(p + 1);
      int = big >= -9007199254740991n && big <= 9007199254740991n ? Number(big) : big;
      p += 9;
    } else if (b === 0xf0) {
      if (p + 5 > end) fail('string out of range');
      const len = lp.readUInt32LE(p + 1);
      if (p + 5 + len > end) fail('string out of range');
      s = lp.toString('latin1', p + 5, p + 5 + len);
      p += 5 + len;
    } else {
      return fail(`bad encoding ${b}`);
    }
    const encLen = p - start;
    const blen = backlenSize(encLen);
    if (p + blen > end) fail('backlen out of range');
    if (decodeBacklen(lp, p + blen - 1) !== encLen) fail('backlen mismatch');
    p += blen;
    out.push({ s: int === undefined ? s! : String(int), int });
  }
  if (p !== end) fail('trailing bytes');
  if (declared !== NUMELE_UNKNOWN && declared !== out.length) fail('count mismatch');
  return out;
}

/** lpDecodeBacklen: reads the backlen ending at `last`, right to left. */
function decodeBacklen(lp: Buffer, last: number): number {
  let val = 0;
  let shift = 0;
  let p = last;
  for (;;) {
    val += (lp[p] & 127) * 2 ** shift;
    if (!(lp[p] & 128)) break;
    shift += 7;
    p--;
    if (shift > 28) return -1;
  }
  return val;
}

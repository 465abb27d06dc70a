/**
 * The Redis HyperLogLog string format, byte for byte: a 16-byte header ("HYLL", encoding, three
 * unused bytes, cached cardinality little endian with its top bit as "invalid"), then either 16384
 * 6-bit registers packed LSB first (dense) or ZERO/XZERO/VAL opcodes (sparse). The sparse update
 * splits and merges opcodes exactly as redis' hllSparseSet does, so GET returns the same bytes as
 * redis-server, and the estimator (Ertl's improved estimator) gives the same counts.
 */
import { pat, patLen } from './murmur';
import { RawStringValue, SdsBuffer, sdsEnsure, sdsExact, sdsResized, StringValue } from '../../keyspace/values';

export const HLL_REGISTERS = 16384;
export const HLL_HDR_SIZE = 16;
export const HLL_DENSE_SIZE = HLL_HDR_SIZE + ((HLL_REGISTERS * 6 + 7) >> 3);
export const HLL_DENSE = 0;
export const HLL_SPARSE = 1;
const HLL_Q = 50;
const VAL_MAX_VALUE = 32;
const VAL_MAX_LEN = 4;
const ZERO_MAX_LEN = 64;
const ALPHA_INF = 0.721347520444481703680;

/** An HLL string being worked on: its bytes in `b[0, len)`, with spare room after. */
export class Hll {
  /** An empty HLL: sparse, one XZERO opcode covering every register. */
  public static empty(): Hll {
    const b = new Uint8Array(HLL_HDR_SIZE + 2);
    b.set([72, 89, 76, 76, HLL_SPARSE]);
    b[16] = 0x40 | ((HLL_REGISTERS - 1) >> 8);
    b[17] = (HLL_REGISTERS - 1) & 0xff;
    return new Hll(b, b.length);
  }

  /** The HLL of a stored string, with its sds buffer (a non-raw string is first copied into an exact one). */
  public static fromValue(v: StringValue): Hll {
    return new Hll(Buffer.from(v.s, 'latin1'), v.s.length, v instanceof RawStringValue ? v.buffer : sdsExact(v.s.length));
  }

  /**
   * @param sds the sds buffer redis would hold the string in (grown as redis grows it), for the
   *   memory figures of the stored value
   */
  constructor(public b: Uint8Array, public len: number, public sds: SdsBuffer = sdsExact(len)) {}

  /** The string as a stored raw value, in its sds buffer. */
  public toValue(): RawStringValue {
    return new RawStringValue(this.toString(), this.sds);
  }

  public toString(): string {
    return Buffer.from(this.b.buffer, this.b.byteOffset, this.len).toString('latin1');
  }

  public get encoding(): number {
    return this.b[4];
  }

  /** Byte at i, or 0 past the end (redis reads the sds terminator there). */
  public at(i: number): number {
    return i < this.len ? this.b[i] : 0;
  }

  /**
   * Room for `n` more bytes in the sds buffer: before 7.2 sdsMakeRoomFor (doubling); from 7.2
   * (`since72`) hllSparseSet's own growth, by the length plus n again but at most 300 bytes, and
   * never past `maxBytes` (hll-sparse-max-bytes).
   */
  public ensureRoom(n: number, since72 = false, maxBytes = Infinity): void {
    if (!since72) {
      this.sds = sdsEnsure(this.sds, this.len + n);
    } else if (this.sds.capacity - this.len < n) {
      if (this.sds.capacity < maxBytes) {
        let size = this.len + n;
        size += Math.min(size, 300);
        this.sds = sdsResized(Math.min(size, maxBytes));
      }
      // Past the limit redis promotes to dense before writing; the buffer only has to hold the bytes.
      this.sds = sdsEnsure(this.sds, this.len + n);
    }
    if (this.len + n <= this.b.length) return;
    const next = new Uint8Array(Math.max(this.len + n, this.b.length * 2));
    next.set(this.b.subarray(0, this.len));
    this.b = next;
  }

  public invalidateCache(): void {
    this.b[15] |= 0x80;
  }

  public get cacheValid(): boolean {
    return (this.b[15] & 0x80) === 0;
  }

  public get cachedCard(): bigint {
    let v = 0n;
    for (let i = 15; i >= 8; i--) v = (v << 8n) | BigInt(this.b[i]);
    return v;
  }

  public set cachedCard(card: bigint) {
    for (let i = 8; i < 16; i++) {
      this.b[i] = Number(card & 0xffn);
      card >>= 8n;
    }
  }
}

/** redis isHLLObjectOrReply's checks on the bytes: size, magic, encoding, dense length. */
export function isValidHll(s: string): boolean {
  if (s.length < HLL_HDR_SIZE) return false;
  if (s.charCodeAt(0) !== 72 || s.charCodeAt(1) !== 89 || s.charCodeAt(2) !== 76 || s.charCodeAt(3) !== 76) return false;
  const encoding = s.charCodeAt(4);
  if (encoding > HLL_SPARSE) return false;
  return encoding !== HLL_DENSE || s.length === HLL_DENSE_SIZE;
}

// ---- dense registers ---------------------------------------------------------------------------

export function denseGet(h: Hll, reg: number): number {
  const bit = reg * 6;
  const byte = HLL_HDR_SIZE + (bit >>> 3);
  const fb = bit & 7;
  return ((h.b[byte] >>> fb) | (h.at(byte + 1) << (8 - fb))) & 63;
}

/** Writes a dense register (any value, lower or higher). */
export function setDenseRegister(h: Hll, reg: number, v: number): void {
  const bit = reg * 6;
  const byte = HLL_HDR_SIZE + (bit >>> 3);
  const fb = bit & 7;
  const b = h.b;
  b[byte] = (b[byte] & ~(63 << fb)) | (v << fb);
  if (byte + 1 < h.len) b[byte + 1] = (b[byte + 1] & ~(63 >>> (8 - fb))) | (v >>> (8 - fb));
}

/** redis hllDenseSet: raises a register; 1 when it changed. */
export function denseSet(h: Hll, reg: number, count: number): number {
  if (count <= denseGet(h, reg)) return 0;
  setDenseRegister(h, reg, count);
  return 1;
}

// ---- sparse opcodes -------------------------------------------------------------------------------

const isZero = (op: number) => (op & 0xc0) === 0;
const isXZero = (op: number) => (op & 0xc0) === 0x40;
const isVal = (op: number) => (op & 0x80) !== 0;
const zeroLen = (op: number) => (op & 0x3f) + 1;
const valValue = (op: number) => ((op >> 2) & 0x1f) + 1;
const valLen = (op: number) => (op & 3) + 1;
const valOp = (value: number, len: number) => ((value - 1) << 2) | (len - 1) | 0x80;

function xzeroLen(h: Hll, p: number): number {
  return (((h.b[p] & 0x3f) << 8) | h.at(p + 1)) + 1;
}

/** Appends a ZERO or XZERO run to `seq`. */
function pushZeros(seq: number[], len: number): void {
  if (len > ZERO_MAX_LEN) seq.push(0x40 | ((len - 1) >> 8), (len - 1) & 0xff);
  else seq.push(len - 1);
}

/**
 * Walks a sparse HLL's opcodes as runs of registers: `visit(first, count, value)` for each run
 * (value 0 for ZERO/XZERO). True when the runs cover exactly 16384 registers. With
 * `checkOverflow` an opcode of any kind that runs past the last register makes the data corrupt
 * at once, before it is visited: redis' merge and sparse-to-dense decoders do so since the fix
 * for CVE-2025-32023, which the redis-server 7.0.15 we compare with carries (before it, only VAL
 * runs were checked and a walk that stopped at exactly 16384 registers passed). The histogram walk
 * of PFCOUNT keeps no such check, as in redis.
 */
function walkSparse(h: Hll, visit: (first: number, count: number, value: number) => void, checkOverflow: boolean): boolean {
  let idx = 0;
  let p = HLL_HDR_SIZE;
  const end = h.len;
  while (p < end) {
    const op = h.b[p];
    let run: number;
    let value = 0;
    if (isZero(op)) {
      run = zeroLen(op);
      p++;
    } else if (isXZero(op)) {
      run = xzeroLen(h, p);
      p += 2;
    } else {
      run = valLen(op);
      value = valValue(op);
      p++;
    }
    if (checkOverflow && run + idx > HLL_REGISTERS) return false;
    visit(idx, run, value);
    idx += run;
  }
  return idx === HLL_REGISTERS;
}

/** redis hllSparseToDense; false when the sparse data is corrupt. The cached cardinality is kept. */
export function sparseToDense(h: Hll): boolean {
  if (h.encoding === HLL_DENSE) return true;
  const dense = new Hll(new Uint8Array(HLL_DENSE_SIZE), HLL_DENSE_SIZE);
  dense.b.set(h.b.subarray(0, HLL_HDR_SIZE));
  dense.b[4] = HLL_DENSE;
  const complete = walkSparse(h, (first, count, value) => {
    if (value === 0) return;
    for (let r = first; r < first + count; r++) setDenseRegister(dense, r, value);
  }, true);
  if (!complete) return false;
  h.b = dense.b;
  h.len = dense.len;
  h.sds = dense.sds;
  return true;
}

/**
 * redis hllSparseSet: raises register `index` to `count` in a sparse HLL, splitting the opcode
 * that covers it and merging equal neighbours; promotes to dense when the value does not fit a
 * VAL opcode or the string would exceed `maxBytes`. Returns 1 when changed, 0 when not, -1 when
 * the data is corrupt.
 */
export function sparseSet(h: Hll, index: number, count: number, maxBytes: number, since72 = false): number {
  if (count > VAL_MAX_VALUE) return promote(h, index, count);
  h.ensureRoom(3, since72, maxBytes);
  const b = h.b;
  let p = HLL_HDR_SIZE;
  let end = h.len;
  let first = 0;
  let prev = -1;
  let span = 0;
  while (p < end) {
    const op = b[p];
    let oplen = 1;
    if (isZero(op)) {
      span = zeroLen(op);
    } else if (isVal(op)) {
      span = valLen(op);
    } else {
      span = xzeroLen(h, p);
      oplen = 2;
    }
    if (index <= first + span - 1) break;
    prev = p;
    p += oplen;
    first += span;
  }
  if (span === 0 || p >= end) return -1;
  const op = b[p];
  let next = isXZero(op) ? p + 2 : p + 1;
  if (next >= end) next = -1;
  const zero = isZero(op);
  const xzero = isXZero(op);
  const runlen = zero ? zeroLen(op) : xzero ? xzeroLen(h, p) : valLen(op);
  let updatedInPlace = false;
  if (!zero && !xzero) {
    if (valValue(op) >= count) return 0;
    if (runlen === 1) {
      b[p] = valOp(count, 1);
      updatedInPlace = true;
    }
  }
  if (!updatedInPlace && zero && runlen === 1) {
    b[p] = valOp(count, 1);
    updatedInPlace = true;
  }
  if (!updatedInPlace) {
    // Split the opcode into up to three: before, our register, after.
    const seq: number[] = [];
    const last = first + span - 1;
    if (zero || xzero) {
      if (index !== first) pushZeros(seq, index - first);
      seq.push(valOp(count, 1));
      if (index !== last) pushZeros(seq, last - index);
    } else {
      const current = valValue(op);
      if (index !== first) seq.push(valOp(current, index - first));
      seq.push(valOp(count, 1));
      if (index !== last) seq.push(valOp(current, last - index));
    }
    const delta = seq.length - (xzero ? 2 : 1);
    if (delta > 0 && h.len + delta > maxBytes) return promote(h, index, count);
    if (delta !== 0 && next !== -1) b.copyWithin(next + delta, next, end);
    h.len += delta;
    b.set(seq, p);
    end += delta;
  }
  // Merge adjacent VAL opcodes of equal value, scanning up to 5 opcodes from the previous one.
  p = prev !== -1 ? prev : HLL_HDR_SIZE;
  let scan = 5;
  while (p < end && scan-- > 0) {
    const o = b[p];
    if (isXZero(o)) {
      p += 2;
      continue;
    }
    if (isZero(o)) {
      p++;
      continue;
    }
    if (p + 1 < end && isVal(b[p + 1])) {
      const v1 = valValue(o);
      if (v1 === valValue(b[p + 1])) {
        const len = valLen(o) + valLen(b[p + 1]);
        if (len <= VAL_MAX_LEN) {
          b[p + 1] = valOp(v1, len);
          b.copyWithin(p, p + 1, end);
          h.len--;
          end--;
          continue;
        }
      }
    }
    p++;
  }
  h.invalidateCache();
  return 1;
}

function promote(h: Hll, index: number, count: number): number {
  if (!sparseToDense(h)) return -1;
  // The register needed a value the sparse form could not hold, so it does change.
  return denseSet(h, index, count);
}

/** redis hllAdd: adds an element; 1 when a register changed, 0 when not, -1 when corrupt. */
export function hllAdd(h: Hll, element: string, maxBytes: number, since72 = false): number {
  const count = patLen(element);
  if (h.encoding === HLL_DENSE) return denseSet(h, pat.index, count);
  if (h.encoding === HLL_SPARSE) return sparseSet(h, pat.index, count, maxBytes, since72);
  return -1;
}

// ---- counting and merging ---------------------------------------------------------------------

/**
 * Register histogram of an HLL (or of raw one-byte registers); false when sparse data does not
 * cover exactly 16384 registers.
 */
function histogram(h: Hll, histo: Int32Array): boolean {
  if (h.encoding === HLL_DENSE) {
    for (let r = 0; r < HLL_REGISTERS; r++) histo[denseGet(h, r)]++;
    return true;
  }
  return walkSparse(h, (_first, count, value) => {
    histo[value] += count;
  }, false);
}

function sigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  let zPrime: number;
  do {
    x *= x;
    zPrime = z;
    z += x * y;
    y += y;
  } while (zPrime !== z);
  return z;
}

function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  let zPrime: number;
  do {
    x = Math.sqrt(x);
    zPrime = z;
    y *= 0.5;
    const d = 1 - x;
    z -= d * d * y;
  } while (zPrime !== z);
  return z / 3;
}

/** Cardinality estimate from a register histogram (redis hllCount, Ertl's estimator). */
function estimate(histo: Int32Array): number {
  const m = HLL_REGISTERS;
  let z = m * tau((m - histo[HLL_Q + 1]) / m);
  for (let j = HLL_Q; j >= 1; j--) {
    z += histo[j];
    z *= 0.5;
  }
  z += m * sigma(histo[0] / m);
  return Math.round(ALPHA_INF * m * m / z);
}

/** redis hllCount; undefined when sparse data is corrupt. */
export function hllCount(h: Hll): number | undefined {
  const histo = new Int32Array(64);
  if (!histogram(h, histo)) return undefined;
  return estimate(histo);
}

/** Cardinality of registers held one per byte (PFCOUNT over several keys). */
export function rawCount(registers: Uint8Array): number {
  const histo = new Int32Array(64);
  for (let r = 0; r < HLL_REGISTERS; r++) histo[registers[r]]++;
  return estimate(histo);
}

/** redis hllMerge: max[i] = MAX(max[i], register i); false when sparse data is corrupt. */
export function hllMerge(max: Uint8Array, h: Hll): boolean {
  if (h.encoding === HLL_DENSE) {
    for (let r = 0; r < HLL_REGISTERS; r++) {
      const v = denseGet(h, r);
      if (v > max[r]) max[r] = v;
    }
    return true;
  }
  return walkSparse(h, (first, count, value) => {
    for (let r = first; r < first + count; r++) if (value > max[r]) max[r] = value;
  }, true);
}

/** PFDEBUG DECODE's text for a sparse HLL: `z:len`, `Z:len`, `v:value,len` separated by spaces. */
export function describeSparse(h: Hll): string {
  const parts: string[] = [];
  let p = HLL_HDR_SIZE;
  while (p < h.len) {
    const op = h.b[p];
    if (isZero(op)) {
      parts.push(`z:${zeroLen(op)}`);
      p++;
    } else if (isXZero(op)) {
      parts.push(`Z:${xzeroLen(h, p)}`);
      p += 2;
    } else {
      parts.push(`v:${valValue(op)},${valLen(op)}`);
      p++;
    }
  }
  return parts.join(' ');
}

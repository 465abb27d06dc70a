/** Bitmap commands on strings: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO (redis bitops.c). */
import { intArg, is } from './args';
import { MAX_STRING, readString, STRING_TOO_LONG } from './strings';
import { RawStringValue, StringValue } from '../keyspace/values';
import type { Client } from '../server/client';
import { NOTIFY } from '../server/notify-flags';
import type { CommandDef } from '../table/command';
import type { KeyRef } from '../table/key-specs';
import { ERR } from '../util/errors';
import { parseInt64, parseInt64Big } from '../util/numbers';

const BIT_OFFSET_ERROR = 'bit offset is not an integer or out of range';

/** redis getBitOffsetFromArgument: `#n` multiplies by the field width when `bits` is given. */
function bitOffsetArg(c: Client, s: string, hashBits = 0): number | undefined {
  const useHash = hashBits > 0 && s.startsWith('#');
  let n = parseInt64(useHash ? s.slice(1) : s);
  if (n === undefined) {
    c.out.error(BIT_OFFSET_ERROR);
    return undefined;
  }
  if (useHash) n *= hashBits;
  if (n < 0 || Math.floor(n / 8) >= c.server.protoMaxBulkLen) {
    c.out.error(BIT_OFFSET_ERROR);
    return undefined;
  }
  return n;
}

/** Bytes of a string value (a copy that may be modified). */
function bytesOf(s: string): Buffer {
  return Buffer.from(s, 'latin1');
}

/**
 * redis lookupStringForBitCommand: the string grown with zeros to hold `maxBit`, created if missing.
 * Returns the bytes, whether they differ in length from before, or null after WRONGTYPE.
 */
function stringForBitWrite(c: Client, key: string, maxBit: number): { bytes: Buffer; grown: boolean } | null {
  const v = c.db.lookupWrite(key);
  if (v !== undefined && !(v instanceof StringValue)) {
    c.out.error(ERR.WRONGTYPE);
    return null;
  }
  const needed = Math.floor(maxBit / 8) + 1;
  if (needed > MAX_STRING) {
    // Within proto-max-bulk-len but past the longest string V8 holds (the last 24 bytes of 512 MB).
    c.out.error(STRING_TOO_LONG);
    return null;
  }
  const current = v ? bytesOf((v as StringValue).s) : Buffer.alloc(0);
  if (current.length >= needed) return { bytes: current, grown: v === undefined };
  const bytes = Buffer.alloc(needed);
  current.copy(bytes);
  return { bytes, grown: true };
}

/** Stores modified bytes as a raw string (redis keeps bit-modified strings raw). */
function storeBits(c: Client, key: string, bytes: Buffer): void {
  const db = c.db;
  const prev = db.dict.get(key);
  const value = RawStringValue.rewrite(prev, bytes.toString('latin1'), c.server.since72);
  if (prev !== undefined) db.overwrite(key, value);
  else db.add(key, value);
}

function setbit(c: Client, argv: string[]): void {
  const offset = bitOffsetArg(c, argv[2]);
  if (offset === undefined) return;
  const on = parseInt64(argv[3]);
  if (on === undefined || (on !== 0 && on !== 1)) {
    c.out.error('bit is not an integer or out of range');
    return;
  }
  const target = stringForBitWrite(c, argv[1], offset);
  if (!target) return;
  const { bytes, grown } = target;
  const byte = Math.floor(offset / 8);
  const bit = 7 - (offset & 7);
  const was = (bytes[byte] >> bit) & 1;
  // redis makes the value a raw string even when no bit changes.
  if (grown || was !== on) {
    bytes[byte] = (bytes[byte] & ~(1 << bit)) | (on << bit);
    storeBits(c, argv[1], bytes);
    c.server.signalModifiedKey(c.db, argv[1]);
    c.server.notifyKeyspaceEvent(NOTIFY.STRING, 'setbit', argv[1], c.db.id);
    c.server.dirty++;
  } else if (!(c.db.dict.get(argv[1]) instanceof RawStringValue)) {
    storeBits(c, argv[1], bytes);
  }
  c.out.integer(was);
}

function getbit(c: Client, argv: string[]): void {
  const offset = bitOffsetArg(c, argv[2]);
  if (offset === undefined) return;
  const v = readString(c, argv[1]);
  if (v === null) return;
  if (v === undefined) {
    c.out.integer(0);
    return;
  }
  const byte = Math.floor(offset / 8);
  const bit = 7 - (offset & 7);
  c.out.integer(byte < v.s.length ? (v.s.charCodeAt(byte) >> bit) & 1 : 0);
}

const POPCOUNT = new Uint8Array(256);
for (let i = 0; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1];

function popcount(s: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i <= end; i++) n += POPCOUNT[s.charCodeAt(i)];
  return n;
}

/** Normalizes a start/end range like BITCOUNT/BITPOS do; returns byte bounds and edge masks. */
function bitRange(start: number, end: number, totalBytes: number, isBit: boolean) {
  let total = totalBytes;
  if (isBit) total *= 8;
  if (start < 0) start = total + start;
  if (end < 0) end = total + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= total) end = total - 1;
  let firstMask = 0;
  let lastMask = 0;
  if (isBit && start <= end) {
    firstMask = ~((1 << (8 - (start & 7))) - 1) & 0xff;
    lastMask = (1 << (7 - (end & 7))) - 1;
    start = Math.floor(start / 8);
    end = Math.floor(end / 8);
  }
  return { start, end, firstMask, lastMask };
}

/** A BITCOUNT range as given. */
interface BitcountRange {
  readonly start: number;
  readonly end: number;
  readonly isBit: boolean;
}

/** A BITPOS range as given: `end` undefined when there is none. */
type BitposRange = Omit<BitcountRange, 'end'> & { readonly end: number | undefined };

/** The BIT|BYTE unit argument; undefined after a syntax error reply. */
function unitArg(c: Client, arg: string): boolean | undefined {
  if (is(arg, 'bit')) return true;
  if (is(arg, 'byte')) return false;
  c.out.error(ERR.SYNTAX);
  return undefined;
}

/**
 * BITCOUNT's `[start end [BIT|BYTE]]`: null for none, 'empty' for two negative indexes out of
 * order (redis answers 0 before it reads the unit), undefined after an error reply.
 */
function bitcountRange(c: Client, argv: string[]): BitcountRange | 'empty' | null | undefined {
  if (argv.length === 2) return null;
  if (argv.length !== 4 && argv.length !== 5) {
    c.out.error(ERR.SYNTAX);
    return undefined;
  }
  const start = intArg(c, argv[2]);
  if (start === undefined) return undefined;
  const end = intArg(c, argv[3]);
  if (end === undefined) return undefined;
  if (start < 0 && end < 0 && start > end) return 'empty';
  const isBit = argv.length === 5 ? unitArg(c, argv[4]) : false;
  if (isBit === undefined) return undefined;
  return { start, end, isBit };
}

/**
 * An optional `[start [end [BIT|BYTE]]]` from `argv[at]` on, read in redis' order (start, unit,
 * end): null when there is none, undefined after an error reply, `end` undefined when not given.
 * BITPOS's comes after its bit (at 3); Valkey 8's BITCOUNT reads its own the same way (at 2).
 */
function optionalRange(c: Client, argv: string[], at: number): BitposRange | null | undefined {
  if (argv.length === at) return null;
  if (argv.length > at + 3) {
    c.out.error(ERR.SYNTAX);
    return undefined;
  }
  const start = intArg(c, argv[at]);
  if (start === undefined) return undefined;
  const isBit = argv.length === at + 3 ? unitArg(c, argv[at + 2]) : false;
  if (isBit === undefined) return undefined;
  const end = argv.length >= at + 2 ? intArg(c, argv[at + 1]) : undefined;
  if (argv.length >= at + 2 && end === undefined) return undefined;
  return { start, end, isBit };
}

/**
 * Valkey 8's BITCOUNT: the range is read first (a bad one is an error even on a missing key), the
 * end may be left out (the string's last byte), and the unit is read before the end.
 */
function bitcountValkey8(c: Client, argv: string[]): void {
  const range = optionalRange(c, argv, 2);
  if (range === undefined) return;
  const v = readString(c, argv[1]);
  if (v === null) return;
  const s = v === undefined ? '' : v.s;
  let start = 0;
  let end = s.length - 1;
  let firstMask = 0;
  let lastMask = 0;
  if (range) {
    const givenEnd = range.end ?? s.length - 1;
    if (range.start < 0 && givenEnd < 0 && range.start > givenEnd) {
      c.out.integer(0);
      return;
    }
    ({ start, end, firstMask, lastMask } = bitRange(range.start, givenEnd, s.length, range.isBit));
  }
  if (v === undefined || start > end) {
    c.out.integer(0);
    return;
  }
  c.out.integer(countBits(s, start, end, firstMask, lastMask));
}

/** Set bits of bytes start…end, less those the edge masks leave out. */
function countBits(s: string, start: number, end: number, firstMask: number, lastMask: number): number {
  let count = popcount(s, start, end);
  if (firstMask) count -= POPCOUNT[s.charCodeAt(start) & firstMask];
  if (lastMask) count -= POPCOUNT[s.charCodeAt(end) & lastMask];
  return count;
}

/**
 * BITCOUNT. Like BITPOS, it answers a missing key (0) or a wrong type before it reads its range, so
 * bad range arguments on a missing key still get 0 (redis and Valkey 7.x; 8.0 reads them first).
 */
function bitcount(c: Client, argv: string[]): void {
  if (c.server.isValkey8) return bitcountValkey8(c, argv);
  const v = readString(c, argv[1]);
  if (v === null) return;
  if (v === undefined) {
    c.out.integer(0);
    return;
  }
  const range = bitcountRange(c, argv);
  if (range === undefined) return;
  if (range === 'empty') {
    c.out.integer(0);
    return;
  }
  const s = v.s;
  let start = 0;
  let end = s.length - 1;
  let firstMask = 0;
  let lastMask = 0;
  if (range) ({ start, end, firstMask, lastMask } = bitRange(range.start, range.end, s.length, range.isBit));
  if (start > end) {
    c.out.integer(0);
    return;
  }
  c.out.integer(countBits(s, start, end, firstMask, lastMask));
}

/**
 * redis redisBitpos over `bytes` bytes from `start`: the first position of `bit`, or for a clear bit
 * not found, the position just after the range (the string is zero padded); -1 for a set bit not found.
 */
function bitposIn(byteAt: (i: number) => number, count: number, bit: number): number {
  for (let i = 0; i < count; i++) {
    const b = byteAt(i);
    if (bit ? b !== 0 : b !== 0xff) {
      for (let j = 0; j < 8; j++) {
        if (((b >> (7 - j)) & 1) === bit) return i * 8 + j;
      }
    }
  }
  return bit ? -1 : count * 8;
}

function bitpos(c: Client, argv: string[]): void {
  const bit = intArg(c, argv[2]);
  if (bit === undefined) return;
  if (bit !== 0 && bit !== 1) {
    c.out.error('The bit argument must be 1 or 0.');
    return;
  }
  // Valkey 8 reads the range before the key: a bad one is an error even on a missing key.
  const early = c.server.isValkey8 ? optionalRange(c, argv, 3) : null;
  if (early === undefined) return;
  const v = readString(c, argv[1]);
  if (v === null) return;
  // A missing key is an endless run of clear bits.
  if (v === undefined) {
    c.out.integer(bit ? -1 : 0);
    return;
  }
  const range = c.server.isValkey8 ? early : optionalRange(c, argv, 3);
  if (range === undefined) return;
  const s = v.s;
  let start = 0;
  let end = s.length - 1;
  let firstMask = 0;
  let lastMask = 0;
  const endGiven = range?.end !== undefined;
  if (range) {
    const en = range.end ?? (range.isBit ? s.length * 8 + 7 : s.length - 1);
    ({ start, end, firstMask, lastMask } = bitRange(range.start, en, s.length, range.isBit));
  }
  if (start > end) {
    c.out.integer(-1);
    return;
  }
  let bytes = end - start + 1;
  let pos = -1;
  const at = (i: number) => s.charCodeAt(i);
  done: {
    if (firstMask) {
      let tmp = bit ? at(start) & ~firstMask & 0xff : at(start) | firstMask;
      if (lastMask && bytes === 1) tmp = bit ? tmp & ~lastMask & 0xff : tmp | lastMask;
      pos = bitposIn(() => tmp, 1, bit);
      if (bytes === 1 || (pos !== -1 && pos !== 8)) break done;
      start++;
      bytes--;
    }
    const cur = bytes - (lastMask ? 1 : 0);
    if (cur > 0) {
      const from = start;
      pos = bitposIn((i) => at(from + i), cur, bit);
      if (bytes === cur || (pos !== -1 && pos !== cur * 8)) break done;
      start += cur;
      bytes -= cur;
    }
    const tmp = bit ? at(end) & ~lastMask & 0xff : at(end) | lastMask;
    pos = bitposIn(() => tmp, 1, bit);
  }
  if (endGiven && bit === 0 && pos === bytes * 8) {
    c.out.integer(-1);
    return;
  }
  if (pos !== -1) pos += start * 8;
  c.out.integer(pos);
}

function bitop(c: Client, argv: string[]): void {
  const op = argv[1].toLowerCase();
  if (op !== 'and' && op !== 'or' && op !== 'xor' && op !== 'not') {
    c.out.error(ERR.SYNTAX);
    return;
  }
  if (op === 'not' && argv.length !== 4) {
    c.out.error('BITOP NOT must be called with a single source key.');
    return;
  }
  const sources: string[] = [];
  let maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const v = c.db.lookupRead(argv[j]);
    if (v === undefined) {
      sources.push('');
      continue;
    }
    if (!(v instanceof StringValue)) {
      c.out.error(ERR.WRONGTYPE);
      return;
    }
    sources.push(v.s);
    maxlen = Math.max(maxlen, v.s.length);
  }
  const db = c.db;
  const server = c.server;
  const target = argv[2];
  if (maxlen > 0) {
    const res = Buffer.alloc(maxlen);
    for (let i = 0; i < maxlen; i++) {
      const byteOf = (s: string) => (i < s.length ? s.charCodeAt(i) : 0);
      let out = byteOf(sources[0]);
      if (op === 'not') out = ~out & 0xff;
      for (let k = 1; k < sources.length; k++) {
        const b = byteOf(sources[k]);
        if (op === 'and') out &= b;
        else if (op === 'or') out |= b;
        else out ^= b;
      }
      res[i] = out;
    }
    db.setKey(target, RawStringValue.rewrite(undefined, res.toString('latin1'), server.since72));
    server.signalModifiedKey(db, target);
    server.notifyKeyspaceEvent(NOTIFY.STRING, 'set', target, db.id);
    server.dirty++;
  } else if (db.delete(target)) {
    server.signalModifiedKey(db, target);
    server.notifyKeyspaceEvent(NOTIFY.GENERIC, 'del', target, db.id);
    server.dirty++;
  }
  c.out.integer(maxlen);
}

// ---- BITFIELD ------------------------------------------------------------------------------------

const TYPE_ERROR = 'Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.';
const U64 = (1n << 64n) - 1n;

interface FieldOp {
  readonly op: 'get' | 'set' | 'incrby';
  readonly signed: boolean;
  readonly bits: number;
  readonly offset: number;
  readonly value: bigint;
  readonly overflow: 'wrap' | 'sat' | 'fail';
}

function readBits(bytes: Uint8Array, offset: number, bits: number): bigint {
  let v = 0n;
  for (let i = 0; i < bits; i++) {
    const pos = offset + i;
    // Offsets reach 2^32 + 63: a 32-bit shift would wrap them onto the string's first bytes.
    const byte = Math.floor(pos / 8);
    const bit = byte < bytes.length ? (bytes[byte] >> (7 - (pos & 7))) & 1 : 0;
    v = (v << 1n) | BigInt(bit);
  }
  return v;
}

function writeBits(bytes: Uint8Array, offset: number, bits: number, value: bigint): void {
  for (let i = 0; i < bits; i++) {
    const bit = Number((value >> BigInt(bits - 1 - i)) & 1n);
    const pos = offset + i;
    const byte = Math.floor(pos / 8);
    const shift = 7 - (pos & 7);
    bytes[byte] = (bytes[byte] & ~(1 << shift)) | (bit << shift);
  }
}

function toSigned(v: bigint, bits: number): bigint {
  return v >= 1n << BigInt(bits - 1) ? v - (1n << BigInt(bits)) : v;
}

/** Wraps to int64/uint64 as C arithmetic does. */
const asU64 = (v: bigint) => BigInt.asUintN(64, v);
const asI64 = (v: bigint) => BigInt.asIntN(64, v);

/** redis checkUnsignedBitfieldOverflow: [overflowed, limit]. */
function unsignedOverflow(value: bigint, incr: bigint, bits: number, mode: string): [boolean, bigint] {
  const max = (1n << BigInt(bits)) - 1n;
  const maxincr = asI64(max - value);
  const minincr = asI64(-value);
  const wrap = () => asU64(value + incr) & max;
  if (value > max || (incr > 0n && incr > maxincr)) return [true, mode === 'wrap' ? wrap() : max];
  if (incr < 0n && incr < minincr) return [true, mode === 'wrap' ? wrap() : 0n];
  return [false, 0n];
}

/** redis checkSignedBitfieldOverflow: [overflowed, limit]. */
function signedOverflow(value: bigint, incr: bigint, bits: number, mode: string): [boolean, bigint] {
  const max = bits === 64 ? (1n << 63n) - 1n : (1n << BigInt(bits - 1)) - 1n;
  const min = -max - 1n;
  const maxincr = asI64(asU64(max) - asU64(value));
  const minincr = asI64(min - value);
  const wrap = () => {
    let r = asU64(asU64(value) + asU64(incr));
    if (bits < 64) {
      const mask = asU64(U64 << BigInt(bits));
      r = r & (1n << BigInt(bits - 1)) ? r | mask : r & ~mask & U64;
    }
    return asI64(r);
  };
  if (value > max || (bits !== 64 && incr > maxincr) || (value >= 0n && incr > 0n && incr > maxincr)) {
    return [true, mode === 'wrap' ? wrap() : max];
  }
  if (value < min || (bits !== 64 && incr < minincr) || (value < 0n && incr < 0n && incr < minincr)) {
    return [true, mode === 'wrap' ? wrap() : min];
  }
  return [false, 0n];
}

function bitfieldGeneric(c: Client, argv: string[], readOnlyCommand: boolean): void {
  const ops: FieldOp[] = [];
  let overflow: 'wrap' | 'sat' | 'fail' = 'wrap';
  let readonly = true;
  let highestWrite = 0;
  for (let j = 2; j < argv.length; j++) {
    const rem = argv.length - j - 1;
    const sub = argv[j].toLowerCase();
    let op: FieldOp['op'];
    if (sub === 'get' && rem >= 2) {op = 'get';} else if (sub === 'set' && rem >= 3) {op = 'set';} else if (sub === 'incrby' && rem >= 3) {op = 'incrby';} else if (sub === 'overflow' && rem >= 1) {
      const mode = argv[++j].toLowerCase();
      if (mode !== 'wrap' && mode !== 'sat' && mode !== 'fail') {
        c.out.error('Invalid OVERFLOW type specified');
        return;
      }
      overflow = mode;
      continue;
    } else {
      c.out.error(ERR.SYNTAX);
      return;
    }
    const type = argv[j + 1];
    const signed = type.startsWith('i');
    const bitsNum = /^[iu]/.test(type) ? parseInt64(type.slice(1)) : undefined;
    if (bitsNum === undefined || bitsNum < 1 || (signed && bitsNum > 64) || (!signed && bitsNum > 63)) {
      c.out.error(TYPE_ERROR);
      return;
    }
    const offset = bitOffsetArg(c, argv[j + 2], bitsNum);
    if (offset === undefined) return;
    let value = 0n;
    if (op !== 'get') {
      readonly = false;
      highestWrite = Math.max(highestWrite, offset + bitsNum - 1);
      const v = parseInt64Big(argv[j + 3]);
      if (v === undefined) {
        c.out.error(ERR.NOT_INTEGER);
        return;
      }
      value = v;
    }
    ops.push({ op, signed, bits: bitsNum, offset, value, overflow });
    j += op === 'get' ? 2 : 3;
  }
  const key = argv[1];
  let bytes: Uint8Array;
  if (readonly) {
    const v = c.db.lookupRead(key);
    if (v !== undefined && !(v instanceof StringValue)) {
      c.out.error(ERR.WRONGTYPE);
      return;
    }
    bytes = v ? bytesOf((v as StringValue).s) : new Uint8Array(0);
  } else {
    if (readOnlyCommand) {
      c.out.error('BITFIELD_RO only supports the GET subcommand');
      return;
    }
    const target = stringForBitWrite(c, key, highestWrite);
    if (!target) return;
    bytes = target.bytes;
  }
  let changes = 0;
  c.out.arrayHeader(ops.length);
  for (const f of ops) {
    const raw = readBits(bytes, f.offset, f.bits);
    if (f.op === 'get') {
      c.out.integer(f.signed ? toSigned(raw, f.bits) : raw);
      continue;
    }
    let overflowed: boolean;
    let limit: bigint;
    let newval: bigint;
    let retval: bigint;
    if (f.signed) {
      const oldval = toSigned(raw, f.bits);
      if (f.op === 'incrby') {
        [overflowed, limit] = signedOverflow(oldval, f.value, f.bits, f.overflow);
        newval = overflowed ? limit : oldval + f.value;
        retval = newval;
      } else {
        [overflowed, limit] = signedOverflow(f.value, 0n, f.bits, f.overflow);
        newval = overflowed ? limit : f.value;
        retval = oldval;
      }
    } else {
      const oldval = raw;
      if (f.op === 'incrby') {
        [overflowed, limit] = unsignedOverflow(oldval, f.value, f.bits, f.overflow);
        newval = overflowed ? limit : asU64(oldval + f.value);
        retval = newval;
      } else {
        [overflowed, limit] = unsignedOverflow(asU64(f.value), 0n, f.bits, f.overflow);
        newval = overflowed ? limit : asU64(f.value);
        retval = oldval;
      }
    }
    if (overflowed && f.overflow === 'fail') {
      c.out.null();
    } else {
      c.out.integer(f.signed ? retval : asI64(retval));
      writeBits(bytes, f.offset, f.bits, BigInt.asUintN(f.bits, newval));
    }
    changes++;
  }
  if (!readonly) storeBits(c, key, Buffer.from(bytes));
  if (changes) {
    c.server.signalModifiedKey(c.db, key);
    c.server.notifyKeyspaceEvent(NOTIFY.STRING, 'setbit', key, c.db.id);
    c.server.dirty += changes;
  }
}

/** redis bitfieldGetKeys: the key is read-only unless a SET/INCRBY (or a syntax error) appears. */
function bitfieldKeys(argv: readonly string[]): KeyRef[] {
  let readonly = true;
  for (let i = 2; i < argv.length; i++) {
    const rem = argv.length - i - 1;
    const a = argv[i].toLowerCase();
    if (a === 'get' && rem >= 2) {i += 2;} else if ((a === 'set' || a === 'incrby') && rem >= 3) {
      readonly = false;
      break;
    } else if (a === 'overflow' && rem >= 1) {i += 1;} else {
      readonly = false;
      break;
    }
  }
  return [{ pos: 1, flags: readonly ? ['RO', 'access'] : ['RW', 'access', 'update'] }];
}

export const BITMAP_COMMANDS: CommandDef[] = [
  { name: 'setbit', handler: setbit },
  { name: 'getbit', handler: getbit },
  { name: 'bitcount', handler: bitcount },
  { name: 'bitpos', handler: bitpos },
  { name: 'bitop', handler: bitop },
  { name: 'bitfield', handler: (c, argv) => bitfieldGeneric(c, argv, false), getKeys: bitfieldKeys },
  { name: 'bitfield_ro', handler: (c, argv) => bitfieldGeneric(c, argv, true) },
];

/**
 * String commands: SET (every option), GET, GETEX, GETDEL, GETSET, MGET, MSET, MSETNX, SETNX, SETEX,
 * PSETEX, APPEND, STRLEN, GETRANGE/SUBSTR, SETRANGE, INCR/DECR/INCRBY/DECRBY/INCRBYFLOAT, LCS.
 * Semantics, errors and propagated forms follow redis 7's t_string.c.
 */
import { bigIntArg, intArg, is } from './args';
import { DeferredKind } from '../../resp/reply-writer';
import type { Db } from '../keyspace/db';
import { ExpireAt, expireAt } from '../keyspace/expire-at';
import { PlainStringValue, RawStringValue, StringValue, StoredValue } from '../keyspace/values';
import type { Client } from '../server/client';
import { NOTIFY } from '../server/notify-flags';
import type { CommandDef } from '../table/command';
import type { KeyRef } from '../table/key-specs';
import { bytesToLatin1 } from '../util/bytes';
import { ERR } from '../util/errors';
import { addLongDouble, formatLongDoubleHuman, parseLongDouble } from '../util/long-double';
import { LLONG_MAX, LLONG_MIN, parseInt64, parseInt64Big } from '../util/numbers';

const EMPTY_BULK = '$0\r\n\r\n';
export const STRING_TOO_LONG = 'string exceeds maximum allowed size (proto-max-bulk-len)';
/** Longest string V8 can hold; bigger results are refused like proto-max-bulk-len overflows. */
export const MAX_STRING = (1 << 29) - 24;

/** Reads a key expected to hold a string: the value, undefined when missing, or null after WRONGTYPE. */
export function readString(c: Client, key: string): StringValue | undefined | null {
  const v = c.db.lookupRead(key);
  if (v === undefined) return undefined;
  if (v instanceof StringValue) return v;
  c.out.error(ERR.WRONGTYPE);
  return null;
}

/** Same as readString, for a lookup that precedes a write. */
export function writeLookupString(c: Client, key: string): StringValue | undefined | null {
  const v = c.db.lookupWrite(key);
  if (v === undefined) return undefined;
  if (v instanceof StringValue) return v;
  c.out.error(ERR.WRONGTYPE);
  return null;
}

/** redis checkStringLength: the resulting size must fit proto-max-bulk-len. */
export function checkStringLength(c: Client, size: number, extra: number): boolean {
  const total = size + extra;
  if (total > c.server.protoMaxBulkLen || total > MAX_STRING) {
    c.out.error(STRING_TOO_LONG);
    return false;
  }
  return true;
}

/** Stores a string (redis setKey), signalling the modification. */
export function setStringKey(c: Client, db: Db, key: string, value: StoredValue, keepTtl: boolean): void {
  db.setKey(key, value, keepTtl);
  c.server.signalModifiedKey(db, key, value);
}

// ---- SET and its options ---------------------------------------------------------------------------

const F_NX = 1;
const F_XX = 2;
const F_GET = 4;
const F_KEEPTTL = 8;
const F_PERSIST = 16;
const F_EX = 32;
const F_PX = 64;
const F_EXAT = 128;
const F_PXAT = 256;
const ANY_EXPIRE = F_EX | F_PX | F_EXAT | F_PXAT;

interface SetOptions {
  flags: number;
  expire: string | undefined;
}

/** redis parseExtendedStringArgumentsOrReply; `forGet` selects GETEX's option set. */
function parseSetOptions(c: Client, argv: string[], start: number, forGet: boolean): SetOptions | undefined {
  let flags = 0;
  let expire: string | undefined;
  for (let j = start; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    const hasNext = j < argv.length - 1;
    if (opt === 'nx' && !(flags & F_XX) && !forGet) {
      flags |= F_NX;
    } else if (opt === 'xx' && !(flags & F_NX) && !forGet) {
      flags |= F_XX;
    } else if (opt === 'get' && !forGet) {
      flags |= F_GET;
    } else if (opt === 'keepttl' && !(flags & (F_PERSIST | ANY_EXPIRE)) && !forGet) {
      flags |= F_KEEPTTL;
    } else if (opt === 'persist' && forGet && !(flags & (ANY_EXPIRE | F_KEEPTTL))) {
      flags |= F_PERSIST;
    } else if (opt === 'ex' && !(flags & (F_KEEPTTL | F_PERSIST | F_EXAT | F_PX | F_PXAT)) && hasNext) {
      flags |= F_EX;
      expire = argv[++j];
    } else if (opt === 'px' && !(flags & (F_KEEPTTL | F_PERSIST | F_EX | F_EXAT | F_PXAT)) && hasNext) {
      flags |= F_PX;
      expire = argv[++j];
    } else if (opt === 'exat' && !(flags & (F_KEEPTTL | F_PERSIST | F_EX | F_PX | F_PXAT)) && hasNext) {
      flags |= F_EXAT;
      expire = argv[++j];
    } else if (opt === 'pxat' && !(flags & (F_KEEPTTL | F_PERSIST | F_EX | F_EXAT | F_PX)) && hasNext) {
      flags |= F_PXAT;
      expire = argv[++j];
    } else {
      c.out.error(ERR.SYNTAX);
      return undefined;
    }
  }
  return { flags, expire };
}

/** redis getExpireMillisecondsOrReply: the absolute expiry in ms, or undefined after an error. */
function expireMilliseconds(c: Client, raw: string, flags: number, seconds: boolean): ExpireAt | undefined {
  const v = parseInt64Big(raw);
  if (v === undefined) {
    c.out.error(ERR.NOT_INTEGER);
    return undefined;
  }
  const invalid = () => c.out.error(`invalid expire time in '${c.cmd!.fullName}' command`);
  if (v <= 0n || (seconds && v > LLONG_MAX / 1000n)) {
    invalid();
    return undefined;
  }
  let ms = seconds ? v * 1000n : v;
  if (flags & (F_EX | F_PX)) ms += BigInt(c.server.mstime);
  if (ms <= 0n || ms > LLONG_MAX) {
    invalid();
    return undefined;
  }
  return expireAt(ms);
}

/** Replies like GET; false after WRONGTYPE (redis getGenericCommand). */
function getGeneric(c: Client, key: string): boolean {
  const v = readString(c, key);
  if (v === null) return false;
  if (v === undefined) c.out.nullBulk();
  else c.out.bulk(v.s);
  return true;
}

/** redis setGenericCommand. `okReply`/`abortReply` let SETNX answer :1/:0. */
function setGeneric(
  c: Client, flags: number, key: string, value: string, expire: string | undefined, seconds: boolean,
  okReply?: () => void, abortReply?: () => void,
): void {
  let ms: ExpireAt = 0;
  if (expire !== undefined) {
    const m = expireMilliseconds(c, expire, flags, seconds);
    if (m === undefined) return;
    ms = m;
  }
  if (flags & F_GET && !getGeneric(c, key)) return;
  const db = c.db;
  const old = db.lookupWrite(key);
  const found = old !== undefined;
  if ((flags & F_NX && found) || (flags & F_XX && !found)) {
    if (!(flags & F_GET)) {
      if (abortReply) abortReply();
      else c.out.nullBulk();
    }
    return;
  }
  const server = c.server;
  const stored = db.setString(key, value, old, (flags & F_KEEPTTL) !== 0 || expire !== undefined);
  server.signalModifiedKey(db, key, stored);
  server.dirty++;
  server.notifyKeyspaceEvent(NOTIFY.STRING, 'set', key, db.id);
  if (expire !== undefined) {
    db.setExpire(key, ms);
    c.propagateArgv = ['SET', key, value, 'PXAT', String(ms)];
    server.notifyKeyspaceEvent(NOTIFY.GENERIC, 'expire', key, db.id);
  }
  if (!(flags & F_GET)) {
    if (okReply) okReply();
    else c.out.ok();
  }
  if (flags & F_GET && expire === undefined) {
    // Replicas get the command without its GET options.
    c.propagateArgv = c.argv.filter((a, j) => j < 3 || a.toLowerCase() !== 'get');
  }
}

function set(c: Client, argv: string[]): void {
  // No options (most SETs): no options record to allocate.
  if (argv.length === 3) {
    setGeneric(c, 0, argv[1], argv[2], undefined, false);
    return;
  }
  const opts = parseSetOptions(c, argv, 3, false);
  if (!opts) return;
  setGeneric(c, opts.flags, argv[1], argv[2], opts.expire, (opts.flags & (F_EX | F_EXAT)) !== 0);
}

function setnx(c: Client, argv: string[]): void {
  setGeneric(c, F_NX, argv[1], argv[2], undefined, false, () => c.out.integer(1), () => c.out.integer(0));
}

function setex(c: Client, argv: string[]): void {
  setGeneric(c, F_EX, argv[1], argv[3], argv[2], true);
}

function psetex(c: Client, argv: string[]): void {
  setGeneric(c, F_PX, argv[1], argv[3], argv[2], false);
}

function get(c: Client, argv: string[]): void {
  const v = c.db.lookupRead(argv[1]);
  if (v === undefined) c.out.nullBulk();
  else if (v instanceof StringValue) c.out.bulk(v.s);
  else c.out.error(ERR.WRONGTYPE);
}

function getex(c: Client, argv: string[]): void {
  const opts = parseSetOptions(c, argv, 2, true);
  if (!opts) return;
  const key = argv[1];
  const v = readString(c, key);
  if (v === null) return;
  if (v === undefined) {
    c.out.nullBulk();
    return;
  }
  const flags = opts.flags;
  let ms: ExpireAt = 0;
  if (opts.expire !== undefined) {
    const m = expireMilliseconds(c, opts.expire, flags, (flags & (F_EX | F_EXAT)) !== 0);
    if (m === undefined) return;
    ms = m;
  }
  c.out.bulk(v.s);
  const server = c.server;
  const db = c.db;
  if (flags & (F_PXAT | F_EXAT) && ms <= server.mstime && !server.isReplica) {
    const lazy = server.config.bool('lazyfree-lazy-expire');
    db.delete(key);
    c.propagateArgv = [lazy ? 'UNLINK' : 'DEL', key];
    server.signalModifiedKey(db, key);
    server.notifyKeyspaceEvent(NOTIFY.GENERIC, 'del', key, db.id);
    server.dirty++;
  } else if (opts.expire !== undefined) {
    db.setExpire(key, ms);
    if (!(flags & F_PXAT)) c.propagateArgv = ['PEXPIREAT', key, String(ms)];
    server.signalModifiedKey(db, key);
    server.notifyKeyspaceEvent(NOTIFY.GENERIC, 'expire', key, db.id);
    server.dirty++;
  } else if (flags & F_PERSIST) {
    if (db.removeExpire(key)) {
      server.signalModifiedKey(db, key);
      c.propagateArgv = ['PERSIST', key];
      server.notifyKeyspaceEvent(NOTIFY.GENERIC, 'persist', key, db.id);
      server.dirty++;
    }
  }
}

function getdel(c: Client, argv: string[]): void {
  const key = argv[1];
  if (!getGeneric(c, key)) return;
  const db = c.db;
  if (db.delete(key)) {
    const server = c.server;
    c.propagateArgv = [server.config.bool('lazyfree-lazy-user-del') ? 'UNLINK' : 'DEL', key];
    server.signalModifiedKey(db, key);
    server.notifyKeyspaceEvent(NOTIFY.GENERIC, 'del', key, db.id);
    server.dirty++;
  }
}

function getset(c: Client, argv: string[]): void {
  const key = argv[1];
  if (!getGeneric(c, key)) return;
  const db = c.db;
  setStringKey(c, db, key, new StringValue(argv[2]), false);
  c.server.notifyKeyspaceEvent(NOTIFY.STRING, 'set', key, db.id);
  c.server.dirty++;
  c.propagateArgv = ['SET', key, argv[2]];
}

function mget(c: Client, argv: string[]): void {
  if (argv.length > 2) c.db.dict.warm(argv, 1, 1);
  c.out.arrayHeader(argv.length - 1);
  for (let i = 1; i < argv.length; i++) {
    const v = c.db.lookupRead(argv[i]);
    if (v instanceof StringValue) c.out.bulk(v.s);
    else c.out.nullBulk();
  }
}

function msetGeneric(c: Client, argv: string[], nx: boolean): void {
  if (argv.length % 2 === 0) {
    c.out.error(`wrong number of arguments for '${c.cmd!.fullName}' command`);
    return;
  }
  const db = c.db;
  if (argv.length > 3) db.dict.warm(argv, 1, 2);
  if (nx) {
    for (let j = 1; j < argv.length; j += 2) {
      if (db.lookupWrite(argv[j]) !== undefined) {
        c.out.integer(0);
        return;
      }
    }
  }
  const server = c.server;
  for (let j = 1; j < argv.length; j += 2) {
    // As SET: one lookup, and a plain string already there takes the new text in place.
    const key = argv[j];
    const stored = db.setString(key, argv[j + 1], db.lookupWrite(key));
    server.signalModifiedKey(db, key, stored);
    server.notifyKeyspaceEvent(NOTIFY.STRING, 'set', key, db.id);
  }
  server.dirty += (argv.length - 1) / 2;
  if (nx) c.out.integer(1);
  else c.out.ok();
}

function append(c: Client, argv: string[]): void {
  const key = argv[1];
  const db = c.db;
  const v = writeLookupString(c, key);
  if (v === null) return;
  let total: number;
  if (v === undefined) {
    db.add(key, new StringValue(argv[2]));
    total = argv[2].length;
  } else {
    if (!checkStringLength(c, v.s.length, argv[2].length)) return;
    const next = v.s + argv[2];
    db.overwrite(key, RawStringValue.rewrite(v, next, c.server.since72));
    total = next.length;
  }
  const server = c.server;
  server.signalModifiedKey(db, key);
  server.notifyKeyspaceEvent(NOTIFY.STRING, 'append', key, db.id);
  server.dirty++;
  c.out.integer(total);
}

function strlen(c: Client, argv: string[]): void {
  const v = readString(c, argv[1]);
  if (v === null) return;
  c.out.integer(v === undefined ? 0 : v.s.length);
}

function getrange(c: Client, argv: string[]): void {
  let start = intArg(c, argv[2]);
  if (start === undefined) return;
  let end = intArg(c, argv[3]);
  if (end === undefined) return;
  const v = readString(c, argv[1]);
  if (v === null) return;
  if (v === undefined) {
    c.out.raw(EMPTY_BULK);
    return;
  }
  const s = v.s;
  const len = s.length;
  if (start < 0 && end < 0 && start > end) {
    c.out.raw(EMPTY_BULK);
    return;
  }
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len === 0) c.out.raw(EMPTY_BULK);
  else c.out.bulk(s.slice(start, end + 1));
}

function setrange(c: Client, argv: string[]): void {
  const offset = intArg(c, argv[2]);
  if (offset === undefined) return;
  const value = argv[3];
  if (offset < 0) {
    c.out.error('offset is out of range');
    return;
  }
  const key = argv[1];
  const db = c.db;
  const v = writeLookupString(c, key);
  if (v === null) return;
  let current: string;
  if (v === undefined) {
    if (value.length === 0) {
      c.out.integer(0);
      return;
    }
    if (!checkStringLength(c, offset, value.length)) return;
    current = '';
  } else {
    if (value.length === 0) {
      c.out.integer(v.s.length);
      return;
    }
    if (!checkStringLength(c, offset, value.length)) return;
    current = v.s;
  }
  const padded = current.length < offset ? current + '\0'.repeat(offset - current.length) : current;
  const next = padded.slice(0, offset) + value + padded.slice(offset + value.length);
  if (v === undefined) db.add(key, RawStringValue.rewrite(undefined, next, c.server.since72));
  else db.overwrite(key, RawStringValue.rewrite(v, next, c.server.since72));
  const server = c.server;
  server.signalModifiedKey(db, key);
  server.notifyKeyspaceEvent(NOTIFY.STRING, 'setrange', key, db.id);
  server.dirty++;
  c.out.integer(next.length);
}

// ---- counters -------------------------------------------------------------------------------------

/** Adds with int64 overflow detection: numbers while exact, BigInt near the limits. */
function addInt64(value: string, incr: bigint | number): string | undefined {
  if (typeof incr === 'number' && value.length < 16) {
    const n = parseInt64(value);
    if (n === undefined) return undefined;
    const sum = n + incr;
    if (Number.isSafeInteger(sum)) return '' + sum;
  }
  const v = parseInt64Big(value);
  if (v === undefined) return undefined;
  const i = BigInt(incr);
  if ((i < 0n && v < 0n && i < LLONG_MIN - v) || (i > 0n && v > 0n && i > LLONG_MAX - v)) return 'overflow';
  return (v + i).toString();
}

function incrDecr(c: Client, key: string, incr: bigint | number): void {
  const db = c.db;
  const v = writeLookupString(c, key);
  if (v === null) return;
  // A counter stored as a number (or a missing key) is added to without reading or making text.
  const current = v === undefined ? 0 : v.integer;
  let sum = current !== undefined && typeof incr === 'number' ? current + incr : NaN;
  let text: string | undefined;
  if (!Number.isSafeInteger(sum)) {
    const result = addInt64(v === undefined ? '0' : v.s, incr);
    if (result === undefined) {
      c.out.error(ERR.NOT_INTEGER);
      return;
    }
    if (result === 'overflow') {
      c.out.error(ERR.OVERFLOW);
      return;
    }
    sum = Number(result);
    // Past 2^53 the number would round: those counters stay text.
    if (!Number.isSafeInteger(sum)) text = result;
  }
  // Counters keep their TTL.
  const value = text === undefined ? db.setInteger(key, sum, v, true) : db.setString(key, text, v, true);
  const server = c.server;
  server.signalModifiedKey(db, key, value);
  server.notifyKeyspaceEvent(NOTIFY.STRING, 'incrby', key, db.id);
  server.dirty++;
  if (text === undefined) c.out.integer(sum);
  else c.out.raw(':' + text + '\r\n');
}

function incrby(c: Client, argv: string[]): void {
  const incr = bigIntArg(c, argv[2]);
  if (incr === undefined) return;
  incrDecr(c, argv[1], Number.isSafeInteger(Number(incr)) ? Number(incr) : incr);
}

function decrby(c: Client, argv: string[]): void {
  const incr = bigIntArg(c, argv[2]);
  if (incr === undefined) return;
  if (incr === LLONG_MIN) {
    c.out.error('decrement would overflow');
    return;
  }
  incrDecr(c, argv[1], Number.isSafeInteger(Number(incr)) ? -Number(incr) : -incr);
}

function incrbyfloat(c: Client, argv: string[]): void {
  const key = argv[1];
  const db = c.db;
  const v = writeLookupString(c, key);
  if (v === null) return;
  const current = v === undefined ? parseLongDouble('0') : parseLongDouble(v.s);
  const incr = parseLongDouble(argv[2]);
  if (current === undefined || incr === undefined) {
    c.out.error(ERR.NOT_FLOAT);
    return;
  }
  const sum = addLongDouble(current, incr);
  if (sum.kind !== 'finite') {
    c.out.error('increment would produce NaN or Infinity');
    return;
  }
  const text = formatLongDoubleHuman(sum);
  // redis creates this string without trying the integer encoding.
  if (v !== undefined) db.overwrite(key, new PlainStringValue(text));
  else db.add(key, new PlainStringValue(text));
  const server = c.server;
  server.signalModifiedKey(db, key);
  server.notifyKeyspaceEvent(NOTIFY.STRING, 'incrbyfloat', key, db.id);
  server.dirty++;
  c.out.bulk(text);
  // Replicas get the result, never the float arithmetic.
  c.propagateArgv = ['SET', key, text, 'KEEPTTL'];
}

// ---- LCS ------------------------------------------------------------------------------------------

function lcs(c: Client, argv: string[]): void {
  const va = c.db.lookupRead(argv[1]);
  const vb = c.db.lookupRead(argv[2]);
  if ((va && !(va instanceof StringValue)) || (vb && !(vb instanceof StringValue))) {
    c.out.error('The specified keys must contain string values');
    return;
  }
  const a = va ? (va as StringValue).s : '';
  const b = vb ? (vb as StringValue).s : '';
  let getIdx = false;
  let getLen = false;
  let withMatchLen = false;
  let minMatchLen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j];
    const more = argv.length - 1 - j;
    if (is(opt, 'idx')) {
      getIdx = true;
    } else if (is(opt, 'len')) {
      getLen = true;
    } else if (is(opt, 'withmatchlen')) {
      withMatchLen = true;
    } else if (is(opt, 'minmatchlen') && more > 0) {
      const n = intArg(c, argv[j + 1]);
      if (n === undefined) return;
      minMatchLen = Math.max(0, n);
      j++;
    } else {
      c.out.error(ERR.SYNTAX);
      return;
    }
  }
  if (getIdx && getLen) {
    c.out.error('If you want both the length and indexes, please just use IDX.');
    return;
  }
  const alen = a.length;
  const blen = b.length;
  const cells = (alen + 1) * (blen + 1);
  if (cells * 4 > c.server.protoMaxBulkLen) {
    c.out.error('Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len');
    return;
  }
  const table = new Uint32Array(cells);
  const w = blen + 1;
  for (let i = 1; i <= alen; i++) {
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= blen; j++) {
      if (ai === b.charCodeAt(j - 1)) {
        table[j + i * w] = table[j - 1 + (i - 1) * w] + 1;
      } else {
        const l1 = table[j + (i - 1) * w];
        const l2 = table[j - 1 + i * w];
        table[j + i * w] = l1 > l2 ? l1 : l2;
      }
    }
  }
  const total = table[blen + alen * w];
  const computeLcs = getIdx || !getLen;
  const result: number[] = new Array(computeLcs ? total : 0);
  let idx = total;
  const out = c.out;
  let mark = 0;
  let ranges = 0;
  if (getIdx) {
    out.mapHeader(2);
    out.bulk('matches');
    mark = out.beginDeferred();
  }
  // Walk back through the table exactly as redis does, including how it splits ranges.
  let aStart = alen;
  let aEnd = 0;
  let bStart = 0;
  let bEnd = 0;
  let i = alen;
  let j = blen;
  while (computeLcs && i > 0 && j > 0) {
    let emit = false;
    if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) {
      result[idx - 1] = a.charCodeAt(i - 1);
      if (aStart === alen) {
        aStart = i - 1;
        aEnd = i - 1;
        bStart = j - 1;
        bEnd = j - 1;
      } else if (aStart === i && bStart === j) {
        aStart--;
        bStart--;
      } else {
        emit = true;
      }
      if (aStart === 0 || bStart === 0) emit = true;
      idx--;
      i--;
      j--;
    } else {
      const l1 = table[j + (i - 1) * w];
      const l2 = table[j - 1 + i * w];
      if (l1 > l2) i--;
      else j--;
      if (aStart !== alen) emit = true;
    }
    const matchLen = aEnd - aStart + 1;
    if (emit) {
      if ((minMatchLen === 0 || matchLen >= minMatchLen) && getIdx) {
        out.arrayHeader(2 + (withMatchLen ? 1 : 0));
        out.arrayHeader(2);
        out.integer(aStart);
        out.integer(aEnd);
        out.arrayHeader(2);
        out.integer(bStart);
        out.integer(bEnd);
        if (withMatchLen) out.integer(matchLen);
        ranges++;
      }
      aStart = alen;
    }
  }
  if (getIdx) {
    out.endDeferred(mark, DeferredKind.ARRAY, ranges);
    out.bulk('len');
    out.integer(total);
  } else if (getLen) {
    out.integer(total);
  } else {
    out.bulk(bytesToLatin1(result));
  }
}

/** redis setGetKeys: with GET the key is read too. */
function setKeys(argv: readonly string[]): KeyRef[] {
  for (let i = 3; i < argv.length; i++) {
    if (argv[i].toLowerCase() === 'get') return [{ pos: 1, flags: ['RW', 'access', 'update'] }];
  }
  return [{ pos: 1, flags: ['OW', 'update'] }];
}

export const STRING_COMMANDS: CommandDef[] = [
  { name: 'get', handler: get },
  { name: 'set', handler: set, getKeys: setKeys },
  { name: 'setnx', handler: setnx },
  { name: 'setex', handler: setex },
  { name: 'psetex', handler: psetex },
  { name: 'getex', handler: getex },
  { name: 'getdel', handler: getdel },
  { name: 'getset', handler: getset },
  { name: 'mget', handler: mget },
  { name: 'mset', handler: (c, argv) => msetGeneric(c, argv, false) },
  { name: 'msetnx', handler: (c, argv) => msetGeneric(c, argv, true) },
  { name: 'append', handler: append },
  { name: 'strlen', handler: strlen },
  { name: 'getrange', handler: getrange },
  { name: 'substr', handler: getrange },
  { name: 'setrange', handler: setrange },
  { name: 'incr', handler: (c, argv) => incrDecr(c, argv[1], 1) },
  { name: 'decr', handler: (c, argv) => incrDecr(c, argv[1], -1) },
  { name: 'incrby', handler: incrby },
  { name: 'decrby', handler: decrby },
  { name: 'incrbyfloat', handler: incrbyfloat },
  { name: 'lcs', handler: lcs },
];

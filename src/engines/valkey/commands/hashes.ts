/**
 * Hash commands: HSET, HMSET, HSETNX, HGET, HMGET, HGETALL, HKEYS, HVALS, HDEL, HLEN, HSTRLEN,
 * HEXISTS, HINCRBY, HINCRBYFLOAT (propagated as HSET with the result), HRANDFIELD, HSCAN. Semantics,
 * errors, encodings and events follow t_hash.c of redis 7.0 / Valkey 7.2 (HSCAN has no NOVALUES,
 * which came later).
 */
import { is } from './args';
import { hugeReply, readAs, readOr, REPLY_EMPTY_ARRAY, REPLY_ZERO, removeMembersReply, replyOverflowed, signedCountArg, writeAs, writeOr } from './collection-helpers';
import { parseScanArgs, replyScan } from './keys';
import type { Client } from '../server/client';
import { NOTIFY } from '../server/notify-flags';
import type { CommandDef } from '../table/command';
import { collectionLimits, CollectionLimits } from '../types/collection-limits';
import { HashValue } from '../types/hash/hash-value';
import { arityError, ERR } from '../util/errors';
import { globMatch } from '../util/glob';
import { addLongDouble, formatLongDoubleHuman, parseLongDouble } from '../util/long-double';
import { LLONG_MAX, LLONG_MIN, parseInt64Big } from '../util/numbers';

/** Largest |count| HRANDFIELD accepts WITHVALUES (the reply has twice as many elements). */
const LONG_HALF = 4611686018427387903n;

/** redis hashTypeSet for the listpack limits: long fields or values, or too many fields, convert. */
function hashSet(h: HashValue, field: string, value: string, limits: CollectionLimits): boolean {
  if (h.isListpack && (field.length > limits.hashValue || value.length > limits.hashValue)) h.convertToHashtable();
  const created = h.set(field, value);
  if (h.isListpack && h.length > limits.hashEntries) h.convertToHashtable();
  return created;
}

/** redis hashTypeLookupWriteOrCreate: the hash (created when missing), or null after WRONGTYPE. */
function hashForWrite(c: Client, key: string): HashValue | null {
  const h = writeAs(c, key, HashValue);
  if (h === null) return null;
  if (h) return h;
  const created = new HashValue();
  c.db.add(key, created);
  return created;
}

/** The event, signal and dirty count of a successful write. */
function changed(c: Client, key: string, h: HashValue, event: string, dirty: number): void {
  h.compact();
  const server = c.server;
  server.signalModifiedKey(c.db, key, h);
  server.notifyKeyspaceEvent(NOTIFY.HASH, event, key, c.db.id);
  server.dirty += dirty;
}

const LONG_DOUBLE_ZERO = parseLongDouble('0')!;

/** A field's value parsed as a number (`missing` when absent), or undefined after replying `error`. */
function fieldNumber<T>(c: Client, h: HashValue, field: string, parse: (s: string) => T | undefined, missing: T, error: string): T | undefined {
  const current = h.get(field);
  if (current === undefined) return missing;
  const parsed = parse(current);
  if (parsed === undefined) c.out.error(error);
  return parsed;
}

// ---- writes ----------------------------------------------------------------------------------------

/** HSET key field value [field value …] (replies the number of new fields) and HMSET (+OK). */
function hset(c: Client, argv: string[], hmset: boolean): void {
  if (argv.length % 2 === 1) {
    c.out.error(arityError(c.cmd!.fullName));
    return;
  }
  const key = argv[1];
  const h = hashForWrite(c, key);
  if (h === null) return;
  const limits = collectionLimits(c.server);
  let created = 0;
  for (let i = 2; i < argv.length; i += 2) if (hashSet(h, argv[i], argv[i + 1], limits)) created++;
  if (hmset) c.out.ok();
  else c.out.integer(created);
  changed(c, key, h, 'hset', (argv.length - 2) / 2);
}

function hsetnx(c: Client, argv: string[]): void {
  const key = argv[1];
  const h = hashForWrite(c, key);
  if (h === null) return;
  if (h.get(argv[2]) !== undefined) {
    c.out.integer(0);
    return;
  }
  hashSet(h, argv[2], argv[3], collectionLimits(c.server));
  c.out.integer(1);
  changed(c, key, h, 'hset', 1);
}

function hdel(c: Client, argv: string[]): void {
  const key = argv[1];
  const h = writeOr(c, key, HashValue, REPLY_ZERO);
  if (!h) return;
  removeMembersReply(c, key, h, argv, (field) => h.delete(field), NOTIFY.HASH, 'hdel');
}

function hincrby(c: Client, argv: string[]): void {
  const incr = parseInt64Big(argv[3]);
  if (incr === undefined) {
    c.out.error(ERR.NOT_INTEGER);
    return;
  }
  const key = argv[1];
  const h = hashForWrite(c, key);
  if (h === null) return;
  const value = fieldNumber(c, h, argv[2], parseInt64Big, 0n, 'hash value is not an integer');
  if (value === undefined) return;
  if ((incr < 0n && value < 0n && incr < LLONG_MIN - value) || (incr > 0n && value > 0n && incr > LLONG_MAX - value)) {
    c.out.error(ERR.OVERFLOW);
    return;
  }
  const result = value + incr;
  hashSet(h, argv[2], result.toString(), collectionLimits(c.server));
  c.out.integer(result);
  changed(c, key, h, 'hincrby', 1);
}

function hincrbyfloat(c: Client, argv: string[]): void {
  const incr = parseLongDouble(argv[3]);
  if (incr === undefined) {
    c.out.error(ERR.NOT_FLOAT);
    return;
  }
  if (incr.kind !== 'finite') {
    c.out.error('value is NaN or Infinity');
    return;
  }
  const key = argv[1];
  const h = hashForWrite(c, key);
  if (h === null) return;
  const value = fieldNumber(c, h, argv[2], parseLongDouble, LONG_DOUBLE_ZERO, 'hash value is not a float');
  if (value === undefined) return;
  const sum = addLongDouble(value, incr);
  if (sum.kind !== 'finite') {
    c.out.error('increment would produce NaN or Infinity');
    return;
  }
  const text = formatLongDoubleHuman(sum);
  hashSet(h, argv[2], text, collectionLimits(c.server));
  c.out.bulk(text);
  changed(c, key, h, 'hincrbyfloat', 1);
  // Replicas get the result, never the float arithmetic.
  c.propagateArgv = ['HSET', key, argv[2], text];
}

// ---- reads -----------------------------------------------------------------------------------------

function hget(c: Client, argv: string[]): void {
  const h = readAs(c, argv[1], HashValue);
  if (h === null) return;
  c.out.bulkOrNull(h?.get(argv[2]));
}

function hmget(c: Client, argv: string[]): void {
  const h = readAs(c, argv[1], HashValue);
  if (h === null) return;
  c.out.arrayHeader(argv.length - 2);
  for (let j = 2; j < argv.length; j++) c.out.bulkOrNull(h?.get(argv[j]));
}

function hlen(c: Client, argv: string[]): void {
  const h = readAs(c, argv[1], HashValue);
  if (h === null) return;
  c.out.integer(h ? h.length : 0);
}

function hstrlen(c: Client, argv: string[]): void {
  const h = readAs(c, argv[1], HashValue);
  if (h === null) return;
  c.out.integer(h?.get(argv[2])?.length ?? 0);
}

function hexists(c: Client, argv: string[]): void {
  const h = readAs(c, argv[1], HashValue);
  if (h === null) return;
  c.out.integer(h !== undefined && h.get(argv[2]) !== undefined ? 1 : 0);
}

/** HGETALL (a map), HKEYS and HVALS (arrays). */
function getAll(c: Client, argv: string[], fields: boolean, values: boolean): void {
  const h = readAs(c, argv[1], HashValue);
  if (h === null) return;
  const out = c.out;
  const both = fields && values;
  if (!h) {
    if (both) out.mapHeader(0);
    else out.arrayHeader(0);
    return;
  }
  if (both) out.mapHeader(h.length);
  else out.arrayHeader(h.length);
  for (const [f, v] of h.entries()) {
    if (fields) out.bulk(f);
    if (values) out.bulk(v);
  }
}

// ---- HRANDFIELD ------------------------------------------------------------------------------------

/** One field (and its value) of a HRANDFIELD reply: nested pairs in RESP3, flat in RESP2. */
function replyField(c: Client, [field, value]: [string, string], withValues: boolean): void {
  if (withValues && c.resp > 2) c.out.arrayHeader(2);
  c.out.bulk(field);
  if (withValues) c.out.bulk(value);
}

function randomFieldsHeader(c: Client, n: number, withValues: boolean): void {
  c.out.arrayHeader(withValues && c.resp === 2 ? n * 2 : n);
}

/** redis hrandfieldWithCountCommand: negative counts may repeat fields, positive ones never do. */
function hrandfieldWithCount(c: Client, key: string, l: number, withValues: boolean): void {
  const h = readOr(c, key, HashValue, REPLY_EMPTY_ARRAY);
  if (!h) return;
  const unique = l >= 0;
  const count = Math.abs(l);
  if (count === 0) {
    c.out.arrayHeader(0);
    return;
  }
  const size = h.length;
  if (!unique || count === 1) {
    if (hugeReply(c, withValues ? count * 2 : count)) return;
    const mark = c.out.len;
    randomFieldsHeader(c, count, withValues);
    for (let i = 0; i < count; i++) {
      replyField(c, h.randomPair(), withValues);
      if ((i & 1023) === 1023 && replyOverflowed(c, mark)) return;
    }
    return;
  }
  if (count >= size) {
    randomFieldsHeader(c, size, withValues);
    for (const pair of h.entries()) replyField(c, pair, withValues);
    return;
  }
  randomFieldsHeader(c, count, withValues);
  for (const pair of pickUnique(h, count)) replyField(c, pair, withValues);
}

/** `count` distinct random pairs (count < size), by elimination or by sampling as redis chooses. */
function pickUnique(h: HashValue, count: number): [string, string][] {
  const size = h.length;
  if (count * 3 > size) {
    const pairs = [...h.entries()];
    for (let left = size; left > count; left--) {
      const i = Math.floor(Math.random() * left);
      pairs[i] = pairs[left - 1];
    }
    pairs.length = count;
    return pairs;
  }
  const picked = new Map<string, string>();
  while (picked.size < count) {
    const [f, v] = h.randomPair();
    picked.set(f, v);
  }
  return [...picked];
}

function hrandfield(c: Client, argv: string[]): void {
  if (argv.length >= 3) {
    const l = signedCountArg(c, argv[2]);
    if (l === undefined) return;
    if (argv.length > 4 || (argv.length === 4 && !is(argv[3], 'withvalues'))) {
      c.out.error(ERR.SYNTAX);
      return;
    }
    const withValues = argv.length === 4;
    if (withValues && (BigInt(argv[2]) < -LONG_HALF || BigInt(argv[2]) > LONG_HALF)) {
      c.out.error('value is out of range');
      return;
    }
    hrandfieldWithCount(c, argv[1], l, withValues);
    return;
  }
  const h = readAs(c, argv[1], HashValue);
  if (h === null) return;
  if (h === undefined) c.out.nullBulk();
  else c.out.bulk(h.randomField());
}

// ---- HSCAN -----------------------------------------------------------------------------------------

/** Keeps the fields of field, value pairs (in place). */
function dropValues(pairs: string[]): void {
  for (let i = 0; i * 2 < pairs.length; i++) pairs[i] = pairs[i * 2];
  pairs.length = Math.ceil(pairs.length / 2);
}

function hscan(c: Client, argv: string[]): void {
  const opts = parseScanArgs(c, argv, 2, false, true);
  if (!opts) return;
  const h = readAs(c, argv[1], HashValue);
  if (h === null) return;
  if (h === undefined) {
    replyScan(c, 0, []);
    return;
  }
  const pattern = opts.pattern;
  const items: string[] = [];
  let cursor = 0;
  const table = h.hashtable;
  if (!table) {
    // A listpack is returned whole, whatever the cursor and COUNT.
    for (const [f, v] of h.entries()) if (pattern === undefined || globMatch(pattern, f)) items.push(f, v);
  } else {
    const page = table.scan(opts.cursor, opts.count);
    for (const f of page.keys) {
      const v = table.get(f);
      if (v !== undefined && (pattern === undefined || globMatch(pattern, f))) items.push(f, v);
    }
    cursor = page.cursor;
  }
  if (opts.noValues) dropValues(items);
  replyScan(c, cursor, items);
}

export const HASH_COMMANDS: CommandDef[] = [
  { name: 'hset', handler: (c, argv) => hset(c, argv, false) },
  { name: 'hmset', handler: (c, argv) => hset(c, argv, true) },
  { name: 'hsetnx', handler: hsetnx },
  { name: 'hget', handler: hget },
  { name: 'hmget', handler: hmget },
  { name: 'hgetall', handler: (c, argv) => getAll(c, argv, true, true) },
  { name: 'hkeys', handler: (c, argv) => getAll(c, argv, true, false) },
  { name: 'hvals', handler: (c, argv) => getAll(c, argv, false, true) },
  { name: 'hdel', handler: hdel },
  { name: 'hlen', handler: hlen },
  { name: 'hstrlen', handler: hstrlen },
  { name: 'hexists', handler: hexists },
  { name: 'hincrby', handler: hincrby },
  { name: 'hincrbyfloat', handler: hincrbyfloat },
  { name: 'hrandfield', handler: hrandfield },
  { name: 'hscan', handler: hscan },
];

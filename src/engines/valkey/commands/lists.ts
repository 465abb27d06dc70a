/**
 * List commands: LPUSH, RPUSH, LPUSHX, RPUSHX, LPOP/RPOP [count], LLEN, LINDEX, LSET, LRANGE, LTRIM,
 * LREM, LINSERT, LPOS, LMOVE, RPOPLPUSH, LMPOP. Semantics, errors, keyspace events and propagated
 * forms follow t_list.c of Valkey 7.2 (the blocking variants are in lists-blocking.ts).
 */
import { intArg, is } from './args';
import { afterRemoval, LONG_MAX, MissingReply, MpopArgs, parseMpopArgs, positiveArg, rangeArg, readAs, readOr, REPLY_NULL, REPLY_ZERO, signedCountArg, writeAs, writeOr } from './collection-helpers';
import type { Client } from '../server/client';
import { NOTIFY } from '../server/notify-flags';
import type { CommandDef } from '../table/command';
import { collectionLimits } from '../types/collection-limits';
import { ListValue } from '../types/list/list-value';
import { arityError, ERR } from '../util/errors';

const REPLY_NO_SUCH_KEY: MissingReply = (c) => c.out.error(ERR.NO_SUCH_KEY);
const REPLY_OK: MissingReply = (c) => c.out.ok();
/** LONG_MIN as string2ll accepts it (its only spelling). */
const LONG_MIN_TEXT = '-9223372036854775808';
const RANK_ZERO = "RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list";

// ---- shared pieces (also used by the blocking commands) -----------------------------------------

/** A new, empty list with the encoding the emulated version starts lists with. */
export function newList(c: Client): ListValue {
  const limits = collectionLimits(c.server);
  return new ListValue(limits.listpackLists, limits);
}

/** LEFT or RIGHT (true for the head); replies a syntax error otherwise. */
export function parseSide(c: Client, arg: string): boolean | undefined {
  if (is(arg, 'left')) return true;
  if (is(arg, 'right')) return false;
  c.out.error(ERR.SYNTAX);
  return undefined;
}

/**
 * redis listElementsRemoved: the pop event, deletion of an emptied list (with `del`), conversion
 * back to a listpack, the modification signal and `count` changes.
 */
export function elementsRemoved(c: Client, key: string, head: boolean, list: ListValue, count: number): void {
  const server = c.server;
  server.notifyKeyspaceEvent(NOTIFY.LIST, head ? 'lpop' : 'rpop', key, c.db.id);
  if (list.length > 0) list.afterShrink(collectionLimits(server).listFill);
  afterRemoval(c, key, list.length);
  server.dirty += count;
}

/** Pushes one value onto `dst` (creating it when `existing` is undefined) and fires its event (lmoveHandlePush). */
function pushOne(c: Client, dst: string, existing: ListValue | undefined, value: string, head: boolean): void {
  const server = c.server;
  const db = c.db;
  const limits = collectionLimits(server);
  let list = existing;
  if (!list) {
    list = newList(c);
    db.add(dst, list); // signals clients blocked on dst
  }
  list.prepareGrow(limits, value.length, 1);
  list.push(head, value);
  server.signalModifiedKey(db, dst);
  server.notifyKeyspaceEvent(NOTIFY.LIST, head ? 'lpush' : 'rpush', dst, db.id);
}

/**
 * Pops up to `count` elements and replies `[key, [elements…]]` (LMPOP/BLMPOP), then propagates the
 * pop as `LPOP|RPOP key n`.
 */
export function popRangeWithKey(c: Client, key: string, list: ListValue, head: boolean, count: number): void {
  const n = Math.min(count, list.length);
  c.out.arrayHeader(2);
  c.out.bulk(key);
  c.out.arrayHeader(n);
  for (let i = 0; i < n; i++) c.out.bulk(list.pop(head)!);
  elementsRemoved(c, key, head, list, n);
  c.propagateArgv = [head ? 'LPOP' : 'RPOP', key, String(n)];
}

/**
 * LMOVE's core (also RPOPLPUSH, and BLMOVE/BRPOPLPUSH once there is something to move): pops from the
 * source, pushes onto the destination, replies the element; a missing source gets a null. The order
 * is redis': the push's event, the reply, then the pop's event (a RESP3 client subscribed to its own
 * keyspace events sees them around the reply that way).
 */
export function lmoveGeneric(c: Client, argv: string[], fromHead: boolean, toHead: boolean): void {
  const src = writeAs(c, argv[1], ListValue);
  if (src === null) return;
  if (src === undefined || src.length === 0) {
    c.out.nullBulk();
    return;
  }
  const dst = writeAs(c, argv[2], ListValue);
  if (dst === null) return;
  const value = src.pop(fromHead)!;
  pushOne(c, argv[2], dst, value, toHead);
  c.out.bulk(value);
  elementsRemoved(c, argv[1], fromHead, src, 1);
}

// ---- push ------------------------------------------------------------------------------------------

/** LPUSH/RPUSH/LPUSHX/RPUSHX (`xx`: only when the list exists). */
function pushGeneric(c: Client, argv: string[], head: boolean, xx: boolean): void {
  const key = argv[1];
  let list = writeAs(c, key, ListValue);
  if (list === null) return;
  const server = c.server;
  const db = c.db;
  if (list === undefined) {
    if (xx) {
      c.out.integer(0);
      return;
    }
    list = newList(c);
    db.add(key, list); // signals clients blocked on key
  }
  const limits = collectionLimits(server);
  let bytes = 0;
  for (let j = 2; j < argv.length; j++) bytes += argv[j].length;
  list.prepareGrow(limits, bytes, argv.length - 2);
  for (let j = 2; j < argv.length; j++) list.push(head, argv[j]);
  server.dirty += argv.length - 2;
  // The reply goes before the event, as in redis.
  c.out.integer(list.length);
  server.signalModifiedKey(db, key, list);
  server.notifyKeyspaceEvent(NOTIFY.LIST, head ? 'lpush' : 'rpush', key, db.id);
}

// ---- pop -------------------------------------------------------------------------------------------

/** LPOP/RPOP key [count]. */
function popGeneric(c: Client, argv: string[], head: boolean): void {
  if (argv.length > 3) {
    c.out.error(arityError(c.cmd!.fullName));
    return;
  }
  const hasCount = argv.length === 3;
  let count = 0;
  if (hasCount) {
    const n = positiveArg(c, argv[2]);
    if (n === undefined) return;
    count = n;
  }
  const key = argv[1];
  const list = writeAs(c, key, ListValue);
  if (list === null) return;
  if (list === undefined) {
    if (hasCount) c.out.nullArray();
    else c.out.nullBulk();
    return;
  }
  if (hasCount && count === 0) {
    c.out.arrayHeader(0);
    return;
  }
  if (!hasCount) {
    const value = list.pop(head)!;
    c.out.bulk(value);
    elementsRemoved(c, key, head, list, 1);
    return;
  }
  const n = Math.min(count, list.length);
  c.out.arrayHeader(n);
  for (let i = 0; i < n; i++) c.out.bulk(list.pop(head)!);
  elementsRemoved(c, key, head, list, n);
}

/** LMPOP numkeys key… LEFT|RIGHT [COUNT count] (and BLMPOP's, from `numkeysIndex`); `where` is true for LEFT. */
export function parseMpop(c: Client, argv: string[], numkeysIndex: number): MpopArgs<boolean> | undefined {
  return parseMpopArgs(c, argv, numkeysIndex, parseSide);
}

function lmpop(c: Client, argv: string[]): void {
  const args = parseMpop(c, argv, 1);
  if (!args) return;
  for (const key of args.keys) {
    const list = writeAs(c, key, ListValue);
    if (list === null) return;
    if (list === undefined || list.length === 0) continue;
    popRangeWithKey(c, key, list, args.where, args.count);
    return;
  }
  c.out.nullArray();
}

// ---- reading ---------------------------------------------------------------------------------------

function llen(c: Client, argv: string[]): void {
  const list = readAs(c, argv[1], ListValue);
  if (list === null) return;
  c.out.integer(list ? list.length : 0);
}

/** A list index (negative from the tail) as a position, or -1 when outside the list. */
function position(list: ListValue, index: number): number {
  const i = index < 0 ? list.length + index : index;
  return i >= 0 && i < list.length ? i : -1;
}

function lindex(c: Client, argv: string[]): void {
  const list = readOr(c, argv[1], ListValue, REPLY_NULL);
  if (!list) return;
  const index = intArg(c, argv[2]);
  if (index === undefined) return;
  const i = position(list, index);
  if (i < 0) c.out.nullBulk();
  else c.out.bulk(list.at(i));
}

/** Resolves LRANGE/LTRIM indexes (redis' clamping); undefined for an empty range. */
function resolveRange(len: number, start: number, end: number): [number, number] | undefined {
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (start > end || start >= len) return undefined;
  if (end >= len) end = len - 1;
  return [start, end];
}

function lrange(c: Client, argv: string[]): void {
  const start = intArg(c, argv[2]);
  if (start === undefined) return;
  const end = intArg(c, argv[3]);
  if (end === undefined) return;
  const list = readAs(c, argv[1], ListValue);
  if (list === null) return;
  const range = list ? resolveRange(list.length, start, end) : undefined;
  if (!list || !range) {
    c.out.arrayHeader(0);
    return;
  }
  const out = c.out;
  out.arrayHeader(range[1] - range[0] + 1);
  for (let i = range[0]; i <= range[1]; i++) out.bulk(list.at(i));
}

/**
 * LPOS key element [RANK rank] [COUNT num] [MAXLEN len]: positions of matches, scanning from the
 * head (or from the tail for a negative rank).
 */
function lpos(c: Client, argv: string[]): void {
  let rank = 1;
  let count = -1;
  let maxlen = 0;
  // Before 7.2 RANK takes any 64-bit integer, and negating LONG_MIN leaves it negative: every match
  // then reaches the rank (from the tail) and COUNT never ends the scan.
  const anyRank = !c.server.since72;
  let rankOverflow = false;
  for (let j = 3; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (is(argv[j], 'rank') && more > 0) {
      const n = anyRank ? intArg(c, argv[++j]) : signedCountArg(c, argv[++j]);
      if (n === undefined) return;
      rankOverflow = anyRank && argv[j] === LONG_MIN_TEXT;
      if (n === 0) {
        c.out.error(RANK_ZERO);
        return;
      }
      rank = n;
    } else if (is(argv[j], 'count') && more > 0) {
      const n = positiveArg(c, argv[++j], "COUNT can't be negative");
      if (n === undefined) return;
      count = n;
    } else if (is(argv[j], 'maxlen') && more > 0) {
      const n = positiveArg(c, argv[++j], "MAXLEN can't be negative");
      if (n === undefined) return;
      maxlen = n;
    } else {
      c.out.error(ERR.SYNTAX);
      return;
    }
  }
  const fromTail = rank < 0;
  if (fromTail) rank = rankOverflow ? 1 : -rank;
  const list = readAs(c, argv[1], ListValue);
  if (list === null) return;
  if (list === undefined) {
    if (count !== -1) c.out.arrayHeader(0);
    else c.out.nullBulk();
    return;
  }
  const element = argv[2];
  const len = list.length;
  const limit = maxlen === 0 ? len : Math.min(maxlen, len);
  const found: number[] = [];
  let matches = 0;
  for (let k = 0; k < limit; k++) {
    const i = fromTail ? len - 1 - k : k;
    if (list.at(i) !== element) continue;
    matches++;
    if (matches < rank) continue;
    found.push(i);
    if (count === -1 || (count !== 0 && found.length >= count && !rankOverflow)) break;
  }
  if (count !== -1) {
    c.out.arrayHeader(found.length);
    for (const i of found) c.out.integer(i);
  } else if (found.length > 0) {
    c.out.integer(found[0]);
  } else {
    c.out.nullBulk();
  }
}

// ---- changing elements -----------------------------------------------------------------------------

function lset(c: Client, argv: string[]): void {
  const key = argv[1];
  const list = writeOr(c, key, ListValue, REPLY_NO_SUCH_KEY);
  if (!list) return;
  const index = intArg(c, argv[2]);
  if (index === undefined) return;
  const value = argv[3];
  const limits = collectionLimits(c.server);
  // As in redis, the growing conversion is decided before the index is checked.
  list.prepareGrow(limits, value.length, 1);
  const i = position(list, index);
  if (i < 0) {
    c.out.error(ERR.OUT_OF_RANGE);
    return;
  }
  list.set(i, value);
  list.afterShrink(limits.listFill);
  c.out.ok();
  const server = c.server;
  server.signalModifiedKey(c.db, key);
  server.notifyKeyspaceEvent(NOTIFY.LIST, 'lset', key, c.db.id);
  server.dirty++;
}

function ltrim(c: Client, argv: string[]): void {
  const start = intArg(c, argv[2]);
  if (start === undefined) return;
  const end = intArg(c, argv[3]);
  if (end === undefined) return;
  const key = argv[1];
  const list = writeOr(c, key, ListValue, REPLY_OK);
  if (!list) return;
  const len = list.length;
  const range = resolveRange(len, start, end);
  const fromHead = range ? range[0] : len;
  const fromTail = range ? len - range[1] - 1 : 0;
  list.trim(fromHead, fromTail);
  const server = c.server;
  const db = c.db;
  server.notifyKeyspaceEvent(NOTIFY.LIST, 'ltrim', key, db.id);
  if (list.length === 0) {
    db.delete(key);
    server.notifyKeyspaceEvent(NOTIFY.GENERIC, 'del', key, db.id);
  } else {
    list.afterShrink(collectionLimits(server).listFill);
  }
  // Signalled even when nothing was trimmed (WATCH sees it), as redis 7.0/7.2 do.
  server.signalModifiedKey(db, key);
  server.dirty += fromHead + fromTail;
  c.out.ok();
}

function lrem(c: Client, argv: string[]): void {
  // Any 64-bit integer, LONG_MIN too (it removes every match from the tail, as redis' does);
  // Valkey 8 refuses LONG_MIN, whose absolute value a long cannot hold.
  const toRemove = c.server.isValkey8 ? rangeArg(c, argv[2], -LONG_MAX, LONG_MAX) : intArg(c, argv[2]);
  if (toRemove === undefined) return;
  const key = argv[1];
  const list = writeOr(c, key, ListValue, REPLY_ZERO);
  if (!list) return;
  const removed = list.removeMatching(argv[3], Math.abs(toRemove), toRemove < 0);
  if (removed > 0) {
    const server = c.server;
    server.dirty += removed;
    server.notifyKeyspaceEvent(NOTIFY.LIST, 'lrem', key, c.db.id);
    if (list.length > 0) list.afterShrink(collectionLimits(server).listFill);
    afterRemoval(c, key, list.length);
  }
  c.out.integer(removed);
}

function linsert(c: Client, argv: string[]): void {
  const after = is(argv[2], 'after');
  if (!after && !is(argv[2], 'before')) {
    c.out.error(ERR.SYNTAX);
    return;
  }
  const key = argv[1];
  const list = writeOr(c, key, ListValue, REPLY_ZERO);
  if (!list) return;
  const limits = collectionLimits(c.server);
  const value = argv[4];
  // redis converts before searching, assuming the value will be inserted.
  list.prepareGrow(limits, value.length, 1);
  const pivot = argv[3];
  const len = list.length;
  let at = -1;
  for (let i = 0; i < len; i++) {
    if (list.at(i) === pivot) {
      at = i;
      break;
    }
  }
  if (at < 0) {
    c.out.integer(-1);
    return;
  }
  list.insert(at, after, value);
  const server = c.server;
  server.signalModifiedKey(c.db, key);
  server.notifyKeyspaceEvent(NOTIFY.LIST, 'linsert', key, c.db.id);
  server.dirty++;
  c.out.integer(list.length);
}

// ---- moving ----------------------------------------------------------------------------------------

function lmove(c: Client, argv: string[]): void {
  const fromHead = parseSide(c, argv[3]);
  if (fromHead === undefined) return;
  const toHead = parseSide(c, argv[4]);
  if (toHead === undefined) return;
  lmoveGeneric(c, argv, fromHead, toHead);
}

export const LIST_COMMANDS: CommandDef[] = [
  { name: 'lpush', handler: (c, argv) => pushGeneric(c, argv, true, false) },
  { name: 'rpush', handler: (c, argv) => pushGeneric(c, argv, false, false) },
  { name: 'lpushx', handler: (c, argv) => pushGeneric(c, argv, true, true) },
  { name: 'rpushx', handler: (c, argv) => pushGeneric(c, argv, false, true) },
  { name: 'lpop', handler: (c, argv) => popGeneric(c, argv, true) },
  { name: 'rpop', handler: (c, argv) => popGeneric(c, argv, false) },
  { name: 'lmpop', handler: lmpop },
  { name: 'llen', handler: llen },
  { name: 'lindex', handler: lindex },
  { name: 'lrange', handler: lrange },
  { name: 'lpos', handler: lpos },
  { name: 'lset', handler: lset },
  { name: 'ltrim', handler: ltrim },
  { name: 'lrem', handler: lrem },
  { name: 'linsert', handler: linsert },
  { name: 'lmove', handler: lmove },
  { name: 'rpoplpush', handler: (c, argv) => lmoveGeneric(c, argv, false, true) },
];

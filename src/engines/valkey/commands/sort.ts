/**
 * SORT and SORT_RO (sort.c of redis 7.0): lists, sets and sorted sets sorted numerically or
 * lexicographically (ALPHA), by their elements or by external keys and hash fields (BY), with
 * LIMIT, GET patterns (`#`, `key*`, `key*->field`), ASC/DESC and STORE. Orders, tie-breaks,
 * LIMIT clamping, the partial sort redis uses for BY … LIMIT, the C-string view of patterns and
 * values, and every error text follow redis.
 */
import { is } from './args';
import { aclOf } from '../acl/acl';
import { KEY_PERM } from '../acl/selector';
import { LOOKUP } from '../keyspace/db';
import { StoredValue, StringValue } from '../keyspace/values';
import { CLIENT, Client } from '../server/client';
import { NOTIFY } from '../server/notify-flags';
import type { CommandDef } from '../table/command';
import type { KeyRef } from '../table/key-specs';
import { collectionLimits } from '../types/collection-limits';
import { pqsort } from '../types/geo/pqsort';
import { HashValue } from '../types/hash/hash-value';
import { ListValue } from '../types/list/list-value';
import { SetValue } from '../types/set/set-value';
import { ZSetValue } from '../types/zset/zset-value';
import { ERR, cString } from '../util/errors';
import { parseInt64, strtodFull } from '../util/numbers';

const MIN_NORMAL = 2.2250738585072014e-308;

interface SortItem {
  readonly ele: string;
  score: number;
  /** BY value compared under ALPHA (undefined when the BY key is missing). */
  cmp: string | undefined;
}

/** What SORT was asked to do. */
interface SortOptions {
  desc: boolean;
  alpha: boolean;
  limitStart: number;
  limitCount: number;
  sortBy: string | undefined;
  dontSort: boolean;
  store: string | undefined;
  gets: string[];
}

/** getLongFromObjectOrReply. */
function longArg(c: Client, s: string): number | undefined {
  const n = parseInt64(s);
  if (n === undefined) c.out.error(ERR.NOT_INTEGER);
  return n;
}

function parseOptions(c: Client, argv: string[], readonly: boolean): SortOptions | undefined {
  const o: SortOptions = { desc: false, alpha: false, limitStart: 0, limitCount: -1, sortBy: undefined, dontSort: false, store: undefined, gets: [] };
  const cluster = c.server.config.bool('cluster-enabled');
  let fullAccess: boolean | undefined;
  const keyAccess = (): boolean => {
    fullAccess ??= aclOf(c.server).fullKeyAccess(c, c.cmd!, argv, KEY_PERM.READ);
    return fullAccess;
  };
  for (let j = 2; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const opt = argv[j];
    if (is(opt, 'asc')) {
      o.desc = false;
    } else if (is(opt, 'desc')) {
      o.desc = true;
    } else if (is(opt, 'alpha')) {
      o.alpha = true;
    } else if (is(opt, 'limit') && left >= 2) {
      const start = longArg(c, argv[j + 1]);
      if (start === undefined) return undefined;
      const count = longArg(c, argv[j + 2]);
      if (count === undefined) return undefined;
      o.limitStart = start;
      o.limitCount = count;
      j += 2;
    } else if (!readonly && is(opt, 'store') && left >= 1) {
      o.store = argv[++j];
    } else if (is(opt, 'by') && left >= 1) {
      const pattern = argv[++j];
      o.sortBy = pattern;
      // A pattern without `*` names one constant key: nothing to sort by.
      if (!cString(pattern).includes('*')) {
        o.dontSort = true;
      } else if (cluster) {
        c.out.error('BY option of SORT denied in Cluster mode.');
        return undefined;
      } else if (!keyAccess()) {
        c.out.error('BY option of SORT denied due to insufficient ACL permissions.');
        return undefined;
      }
    } else if (is(opt, 'get') && left >= 1) {
      if (cluster) {
        c.out.error('GET option of SORT denied in Cluster mode.');
        return undefined;
      }
      if (!keyAccess()) {
        c.out.error('GET option of SORT denied due to insufficient ACL permissions.');
        return undefined;
      }
      o.gets.push(argv[++j]);
    } else {
      c.out.error(ERR.SYNTAX);
      return undefined;
    }
  }
  return o;
}

/**
 * lookupKeyByPattern: `#` is the element itself; otherwise the first `*` of the pattern is
 * replaced by the element and the key read as a string, or, with `->field` after the `*`, as a
 * hash field. Patterns are C strings up to their first NUL when searched for `*` and `->`.
 */
function lookupByPattern(c: Client, pattern: string, ele: string): string | undefined {
  if (pattern === '#') return ele;
  const cpat = cString(pattern);
  const star = cpat.indexOf('*');
  if (star < 0) return undefined;
  const arrow = cpat.indexOf('->', star + 1);
  const hasField = arrow >= 0 && arrow + 2 < cpat.length;
  const fieldLen = hasField ? pattern.length - arrow - 2 : 0;
  const postfixLen = pattern.length - (star + 1) - (hasField ? fieldLen + 2 : 0);
  const key = pattern.slice(0, star) + ele + pattern.slice(star + 1, star + 1 + postfixLen);
  const value: StoredValue | undefined = c.db.lookupRead(key);
  if (value === undefined) return undefined;
  if (hasField) {
    if (!(value instanceof HashValue)) return undefined;
    return value.get(pattern.slice(arrow + 2, arrow + 2 + fieldLen));
  }
  return value instanceof StringValue ? value.s : undefined;
}

/** strtod over a C string, as SORT reads scores: undefined when not all of it is a number. */
function sortScore(s: string): number | undefined {
  let t = cString(s);
  let i = 0;
  while (i < t.length && (t.charCodeAt(i) === 32 || (t.charCodeAt(i) >= 9 && t.charCodeAt(i) <= 13))) i++;
  if (t.length === 0) return 0;
  t = t.slice(i);
  // Nothing converted: strtod stops at the start, which is not the end of the string.
  if (t.length === 0) return undefined;
  const r = strtodFull(t);
  if (r === undefined || r.rangeError || Number.isNaN(r.value)) return undefined;
  // glibc's strtod reports ERANGE for subnormal results too.
  if (r.value !== 0 && Math.abs(r.value) < MIN_NORMAL) return undefined;
  return r.value;
}

/** memcmp order, shorter first on a common prefix (compareStringObjects). */
function binaryCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** strcoll in the C locale: bytes compared up to the first NUL of either string. */
function collate(a: string, b: string): number {
  return binaryCompare(cString(a), cString(b));
}

function comparator(o: SortOptions): (a: SortItem, b: SortItem) => number {
  const sign = o.desc ? -1 : 1;
  if (!o.alpha) {
    return (a, b) => sign * (a.score > b.score ? 1 : a.score < b.score ? -1 : binaryCompare(a.ele, b.ele));
  }
  const strcmp = o.store !== undefined ? binaryCompare : collate;
  if (o.sortBy !== undefined) {
    return (a, b) => {
      if (a.cmp === undefined || b.cmp === undefined) {
        if (a.cmp === b.cmp) return 0;
        return sign * (a.cmp === undefined ? -1 : 1);
      }
      return sign * strcmp(a.cmp, b.cmp);
    };
  }
  return (a, b) => sign * strcmp(a.ele, b.ele);
}

/** The elements to sort, in the order the source yields them (a range only when nothing is sorted). */
function loadVector(source: ListValue | SetValue | ZSetValue | undefined, o: SortOptions, start: number, end: number): SortItem[] {
  const item = (ele: string): SortItem => ({ ele, score: 0, cmp: undefined });
  const out: SortItem[] = [];
  if (source === undefined) return out;
  const len = source.length;
  if (source instanceof ListValue) {
    if (o.dontSort) {
      for (let k = start; k <= end; k++) out.push(item(source.at(o.desc ? len - 1 - k : k)));
    } else {
      for (let k = 0; k < len; k++) out.push(item(source.at(k)));
    }
  } else if (source instanceof SetValue) {
    for (const m of source.members()) out.push(item(m));
  } else if (o.dontSort) {
    if (end >= start) {
      const cur = source.cursor(o.desc ? len - 1 - start : start);
      for (let k = start; k <= end && cur.valid; k++) {
        out.push(item(cur.ele));
        if (o.desc) cur.prev();
        else cur.next();
      }
    }
  } else {
    for (const [ele] of source.entries()) out.push(item(ele));
  }
  return out;
}

function sortGeneric(c: Client, argv: string[], readonly: boolean): void {
  const o = parseOptions(c, argv, readonly);
  if (!o) return;
  const db = c.db;
  const server = c.server;
  const key = argv[1];
  const found = db.lookupRead(key);
  if (found !== undefined && !(found instanceof ListValue || found instanceof SetValue || found instanceof ZSetValue)) {
    c.out.error(ERR.WRONGTYPE);
    return;
  }
  const source = found as ListValue | SetValue | ZSetValue | undefined;
  // Sets have no order of their own: stored or scripted results are sorted to stay deterministic.
  if (o.dontSort && source instanceof SetValue && (o.store !== undefined || c.flags & CLIENT.SCRIPT)) {
    o.dontSort = false;
    o.alpha = true;
    o.sortBy = undefined;
  }
  if (source instanceof ZSetValue && source.listpack) {
    // redis converts a listpack sorted set for SORT, for good.
    source.toSkiplist();
    db.refreshAccounting(key);
  }
  let vectorLen = source === undefined ? 0 : source.length;
  let start = Math.min(Math.max(o.limitStart, 0), vectorLen);
  const count = Math.min(Math.max(o.limitCount, -1), vectorLen);
  let end = count < 0 ? vectorLen - 1 : start + count - 1;
  if (start >= vectorLen) {
    start = vectorLen - 1;
    end = vectorLen - 2;
  }
  if (end >= vectorLen) end = vectorLen - 1;
  const ranged = o.dontSort && !(source instanceof SetValue) && (start !== 0 || end !== vectorLen - 1);
  const vector = loadVector(source, o, start, end);
  if (ranged || (o.dontSort && source !== undefined && !(source instanceof SetValue))) {
    // The range was taken while loading.
    vectorLen = vector.length;
    end -= start;
    start = 0;
  }
  let conversionError = false;
  if (!o.dontSort) {
    for (const it of vector) {
      let by: string | undefined = it.ele;
      if (o.sortBy !== undefined) {
        by = lookupByPattern(c, o.sortBy, it.ele);
        if (by === undefined) continue;
      }
      if (o.alpha) {
        if (o.sortBy !== undefined) it.cmp = by;
      } else {
        const score = sortScore(by);
        if (score === undefined) conversionError = true;
        else it.score = score;
      }
    }
    const cmp = comparator(o);
    if (o.sortBy !== undefined && (start !== 0 || end !== vector.length - 1)) pqsort(vector, cmp, start, end);
    else vector.sort(cmp);
  }
  const outputLen = (o.gets.length || 1) * Math.max(0, end - start + 1);
  if (conversionError) {
    c.out.error("One or more scores can't be converted into double");
    return;
  }
  if (o.store === undefined) {
    c.out.arrayHeader(outputLen);
    for (let j = start; j <= end; j++) {
      const ele = vector[j].ele;
      if (o.gets.length === 0) c.out.bulk(ele);
      for (const pattern of o.gets) {
        const v = lookupByPattern(c, pattern, ele);
        if (v === undefined) c.out.null();
        else c.out.bulk(v);
      }
    }
    return;
  }
  const dst = o.store;
  const results: string[] = [];
  for (let j = start; j <= end; j++) {
    const ele = vector[j].ele;
    if (o.gets.length === 0) results.push(ele);
    for (const pattern of o.gets) results.push(lookupByPattern(c, pattern, ele) ?? '');
  }
  if (outputLen > 0) {
    const list = storedList(c, results);
    if (db.lookupWrite(dst, LOOKUP.NOTOUCH) === undefined) db.add(dst, list);
    else db.setKey(dst, list, false);
    server.signalModifiedKey(db, dst);
    server.notifyKeyspaceEvent(NOTIFY.LIST, 'sortstore', dst, db.id);
    server.dirty += outputLen;
  } else if (db.delete(dst)) {
    server.signalModifiedKey(db, dst);
    server.notifyKeyspaceEvent(NOTIFY.GENERIC, 'del', dst, db.id);
    server.dirty++;
  }
  c.out.integer(outputLen);
}

/** The STORE result: a quicklist built by pushes, a listpack when small in 7.2. */
function storedList(c: Client, elements: readonly string[]): ListValue {
  const limits = collectionLimits(c.server);
  const list = ListValue.fromNodes(limits.listpackLists, limits, []);
  for (const e of elements) list.push(false, e);
  list.tryConvertToListpack(limits.listFill);
  return list;
}

/**
 * sortGetKeys: the sorted key and, when present, the last STORE destination. Options are scanned
 * as redis scans them (LIMIT skips two arguments, GET and BY one, STORE none: its key is examined
 * as the next option).
 */
function sortKeys(argv: readonly string[]): KeyRef[] {
  const keys: KeyRef[] = [{ pos: 1, flags: ['RO', 'access'] }];
  let store = -1;
  for (let j = 2; j < argv.length; j++) {
    if (is(argv[j], 'limit')) j += 2;
    else if (is(argv[j], 'store') && j + 1 < argv.length) store = j + 1;
    else if (is(argv[j], 'get') || is(argv[j], 'by')) j += 1;
  }
  if (store > 0) keys.push({ pos: store, flags: ['OW', 'update'] });
  return keys;
}

export const SORT_COMMANDS: CommandDef[] = [
  { name: 'sort', handler: (c, argv) => sortGeneric(c, argv, false), getKeys: sortKeys },
  { name: 'sort_ro', handler: (c, argv) => sortGeneric(c, argv, true), getKeys: () => [{ pos: 1, flags: ['RO', 'access'] }] },
];

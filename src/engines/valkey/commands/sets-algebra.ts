/**
 * Set algebra over several keys: SINTER, SINTERCARD, SINTERSTORE, SUNION, SUNIONSTORE, SDIFF,
 * SDIFFSTORE. Results are built and ordered as redis builds them (intersections walk the smallest
 * set; unions and differences fill a set that starts as an intset), so the reply order and the
 * stored encoding match the emulated version.
 */
import { is } from './args';
import { positiveArg, rangeArg } from './collection-helpers';
import { DeferredKind } from '../../resp/reply-writer';
import type { Client } from '../server/client';
import { NOTIFY } from '../server/notify-flags';
import type { CommandDef } from '../table/command';
import { collectionLimits } from '../types/collection-limits';
import { SetEncoding, SetValue } from '../types/set/set-value';
import { ERR } from '../util/errors';

const LONG_MAX = 9223372036854775807n;

/** The sets under `keys` (undefined for missing keys), or null after replying WRONGTYPE. */
function lookupSets(c: Client, keys: readonly string[]): (SetValue | undefined)[] | null {
  const sets: (SetValue | undefined)[] = [];
  for (const key of keys) {
    const v = c.db.lookupRead(key);
    if (v !== undefined && !(v instanceof SetValue)) {
      c.out.error(ERR.WRONGTYPE);
      return null;
    }
    sets.push(v);
  }
  return sets;
}

/** Stores a result (or deletes the destination when it is empty) and replies its size. */
function storeResult(c: Client, dstKey: string, result: SetValue, event: string): void {
  const server = c.server;
  const db = c.db;
  if (result.length > 0) {
    result.compact();
    db.setKey(dstKey, result);
    server.signalModifiedKey(db, dstKey);
    c.out.integer(result.length);
    server.notifyKeyspaceEvent(NOTIFY.SET, event, dstKey, db.id);
    server.dirty++;
    return;
  }
  c.out.integer(0);
  if (db.delete(dstKey)) {
    server.dirty++;
    server.signalModifiedKey(db, dstKey);
    server.notifyKeyspaceEvent(NOTIFY.GENERIC, 'del', dstKey, db.id);
  }
}

/** Replies a whole set as a RESP3 set (an array in RESP2), in the set's order. */
export function replySet(c: Client, set: SetValue | undefined): void {
  const members = set ? set.members() : [];
  c.out.setHeader(members.length);
  for (const m of members) c.out.bulk(m);
}

// ---- intersection ----------------------------------------------------------------------------------

interface InterOptions {
  readonly dstKey?: string;
  readonly cardinalityOnly?: boolean;
  /** SINTERCARD LIMIT (0: none). */
  readonly limit?: number;
}

/** redis sinterGenericCommand (SINTER, SINTERSTORE, SINTERCARD). */
function sinterGeneric(c: Client, keys: readonly string[], opts: InterOptions): void {
  const found = lookupSets(c, keys);
  if (found === null) return;
  const { dstKey, cardinalityOnly, limit = 0 } = opts;
  if (found.some((s) => s === undefined)) {
    if (dstKey !== undefined) {
      const server = c.server;
      if (c.db.delete(dstKey)) {
        server.signalModifiedKey(c.db, dstKey);
        server.notifyKeyspaceEvent(NOTIFY.GENERIC, 'del', dstKey, c.db.id);
        server.dirty++;
      }
      c.out.integer(0);
    } else if (cardinalityOnly) {
      c.out.integer(0);
    } else {
      c.out.setHeader(0);
    }
    return;
  }
  // Smallest first (a stable sort, like the qsort redis uses on equal sizes).
  const sets = (found as SetValue[]).slice().sort((a, b) => a.length - b.length);
  const smallest = sets[0];
  const limits = collectionLimits(c.server);
  let dst: SetValue | undefined;
  if (dstKey !== undefined) {
    const startAsIntset = !limits.listpackSets || smallest.setEncoding === SetEncoding.INTSET;
    dst = new SetValue(startAsIntset ? SetEncoding.INTSET : SetEncoding.LISTPACK);
  }
  const out = c.out;
  const mark = dst === undefined && !cardinalityOnly ? out.beginDeferred() : 0;
  let cardinality = 0;
  for (const m of smallest.members()) {
    let inAll = true;
    for (let j = 1; j < sets.length; j++) {
      if (sets[j] !== smallest && !sets[j].has(m)) {
        inAll = false;
        break;
      }
    }
    if (!inAll) continue;
    if (dst) {
      dst.add(m, limits);
    } else {
      cardinality++;
      if (cardinalityOnly) {
        if (limit > 0 && cardinality >= limit) break;
      } else {
        out.bulk(m);
      }
    }
  }
  if (cardinalityOnly) {
    out.integer(cardinality);
  } else if (dst) {
    if (limits.listpackSets) dst.maybeToIntset(limits);
    storeResult(c, dstKey!, dst, 'sinterstore');
  } else {
    out.endDeferred(mark, DeferredKind.SET, cardinality);
  }
}

/** SINTERCARD numkeys key [key …] [LIMIT limit]. */
function sintercard(c: Client, argv: string[]): void {
  const numkeys = rangeArg(c, argv[1], 1n, LONG_MAX, 'numkeys should be greater than 0');
  if (numkeys === undefined) return;
  if (numkeys > argv.length - 2) {
    c.out.error("Number of keys can't be greater than number of args");
    return;
  }
  let limit = 0;
  for (let j = 2 + numkeys; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (is(argv[j], 'limit') && more > 0) {
      const n = positiveArg(c, argv[++j], "LIMIT can't be negative");
      if (n === undefined) return;
      limit = n;
    } else {
      c.out.error(ERR.SYNTAX);
      return;
    }
  }
  sinterGeneric(c, argv.slice(2, 2 + numkeys), { cardinalityOnly: true, limit });
}

// ---- union and difference --------------------------------------------------------------------------

/** The union of `sets`, built as SUNION builds it (an intset that converts as members arrive). */
export function unionOf(c: Client, sets: readonly (SetValue | undefined)[]): SetValue {
  const limits = collectionLimits(c.server);
  const result = new SetValue(SetEncoding.INTSET);
  for (const set of sets) {
    if (set) for (const m of set.members()) result.add(m, limits);
  }
  return result;
}

/** redis' choice between walking the first set (1) and adding then removing everything (2). */
function diffAlgorithm(sets: readonly (SetValue | undefined)[]): 1 | 2 {
  const first = sets[0]!;
  let one = 0;
  let two = 0;
  for (const s of sets) {
    if (!s) continue;
    one += first.length;
    two += s.length;
  }
  return Math.floor(one / 2) <= two ? 1 : 2;
}

function differenceOf(c: Client, found: (SetValue | undefined)[]): SetValue {
  const limits = collectionLimits(c.server);
  const result = new SetValue(SetEncoding.INTSET);
  const first = found[0];
  if (!first || found.some((s, j) => j > 0 && s === first)) return result;
  if (diffAlgorithm(found) === 1) {
    // Subtract the biggest sets first: duplicates are found sooner.
    const others = found.slice(1).sort((a, b) => (b?.length ?? 0) - (a?.length ?? 0));
    for (const m of first.members()) {
      if (!others.some((s) => s !== undefined && s.has(m))) result.add(m, limits);
    }
    return result;
  }
  for (const m of first.members()) result.add(m, limits);
  for (let j = 1; j < found.length && result.length > 0; j++) {
    const s = found[j];
    if (s) for (const m of s.members()) result.remove(m);
  }
  return result;
}

/** SUNION/SDIFF (reply the members) and their STORE forms. */
function sunionDiff(c: Client, keys: readonly string[], dstKey: string | undefined, union: boolean): void {
  const found = lookupSets(c, keys);
  if (found === null) return;
  const result = union ? unionOf(c, found) : differenceOf(c, found);
  if (dstKey === undefined) replySet(c, result);
  else storeResult(c, dstKey, result, union ? 'sunionstore' : 'sdiffstore');
}

export const SET_ALGEBRA_COMMANDS: CommandDef[] = [
  { name: 'sinter', handler: (c, argv) => sinterGeneric(c, argv.slice(1), {}) },
  { name: 'sintercard', handler: sintercard },
  { name: 'sinterstore', handler: (c, argv) => sinterGeneric(c, argv.slice(2), { dstKey: argv[1] }) },
  { name: 'sunion', handler: (c, argv) => sunionDiff(c, argv.slice(1), undefined, true) },
  { name: 'sunionstore', handler: (c, argv) => sunionDiff(c, argv.slice(2), argv[1], true) },
  { name: 'sdiff', handler: (c, argv) => sunionDiff(c, argv.slice(1), undefined, false) },
  { name: 'sdiffstore', handler: (c, argv) => sunionDiff(c, argv.slice(2), argv[1], false) },
];

/**
 * Set commands on one key: SADD, SREM, SMEMBERS, SISMEMBER, SMISMEMBER, SCARD, SPOP [count]
 * (propagated as SREM batches, or DEL/UNLINK when it empties the set), SRANDMEMBER [count], SMOVE,
 * SSCAN. Semantics, errors, encodings and events follow t_set.c of the emulated version (redis 7.0,
 * or Valkey 7.2 with listpack sets). The multi-key algebra is in sets-algebra.ts.
 */
import { afterRemoval, hugeReply, positiveArg, readAs, removeMembersReply, REPLY_ZERO, replyOverflowed, signedCountArg, writeAs, writeOr } from './collection-helpers';
import { parseScanArgs, replyScan } from './keys';
import { replySet, unionOf } from './sets-algebra';
import type { Client } from '../server/client';
import { NOTIFY } from '../server/notify-flags';
import type { CommandDef } from '../table/command';
import { collectionLimits, CollectionLimits } from '../types/collection-limits';
import { SetEncoding, SetValue } from '../types/set/set-value';
import { ERR } from '../util/errors';
import { globMatch } from '../util/glob';

/** SPOP propagates SREMs of at most this many members each. */
const SREM_BATCH = 1024;
/** SPOP picks members one by one while at least 1/5 of the set stays (redis SPOP_MOVE_STRATEGY_MUL). */
const SPOP_MOVE_STRATEGY_MUL = 5;
/** SRANDMEMBER copies the set when it asks for more than a third of it (SRANDMEMBER_SUB_STRATEGY_MUL). */
const SRANDMEMBER_SUB_STRATEGY_MUL = 3;

// ---- writes ----------------------------------------------------------------------------------------

function sadd(c: Client, argv: string[]): void {
  const key = argv[1];
  let set = writeAs(c, key, SetValue);
  if (set === null) return;
  const limits = collectionLimits(c.server);
  const hint = argv.length - 2;
  const db = c.db;
  if (set === undefined) {
    set = SetValue.create(argv[2], hint, limits);
    db.add(key, set);
  } else {
    set.prepareFor(hint, limits);
  }
  let added = 0;
  for (let j = 2; j < argv.length; j++) if (set.add(argv[j], limits)) added++;
  const server = c.server;
  if (added > 0) {
    set.compact();
    server.signalModifiedKey(db, key, set);
    server.notifyKeyspaceEvent(NOTIFY.SET, 'sadd', key, db.id);
  }
  server.dirty += added;
  c.out.integer(added);
}

function srem(c: Client, argv: string[]): void {
  const key = argv[1];
  const set = writeOr(c, key, SetValue, REPLY_ZERO);
  if (!set) return;
  removeMembersReply(c, key, set, argv, (member) => set.remove(member), NOTIFY.SET, 'srem');
}

function smove(c: Client, argv: string[]): void {
  const [, srcKey, dstKey, member] = argv;
  const db = c.db;
  const srcValue = db.lookupWrite(srcKey);
  const dstValue = db.lookupWrite(dstKey);
  if (srcValue === undefined) {
    c.out.integer(0);
    return;
  }
  if (!(srcValue instanceof SetValue) || (dstValue !== undefined && !(dstValue instanceof SetValue))) {
    c.out.error(ERR.WRONGTYPE);
    return;
  }
  if (srcValue === dstValue) {
    c.out.integer(srcValue.has(member) ? 1 : 0);
    return;
  }
  if (!srcValue.remove(member)) {
    c.out.integer(0);
    return;
  }
  const server = c.server;
  server.notifyKeyspaceEvent(NOTIFY.SET, 'srem', srcKey, db.id);
  if (srcValue.length === 0) {
    db.delete(srcKey);
    server.notifyKeyspaceEvent(NOTIFY.GENERIC, 'del', srcKey, db.id);
  }
  const limits = collectionLimits(server);
  let dst = dstValue;
  if (dst === undefined) {
    dst = SetValue.create(member, 1, limits);
    db.add(dstKey, dst);
  }
  server.signalModifiedKey(db, srcKey);
  server.dirty++;
  srcValue.compact();
  if (dst.add(member, limits)) {
    dst.compact();
    server.dirty++;
    server.signalModifiedKey(db, dstKey);
    server.notifyKeyspaceEvent(NOTIFY.SET, 'sadd', dstKey, db.id);
  }
  c.out.integer(1);
}

// ---- reads -----------------------------------------------------------------------------------------

function smembers(c: Client, argv: string[]): void {
  const set = readAs(c, argv[1], SetValue);
  if (set !== null) replySet(c, set);
}

function sismember(c: Client, argv: string[]): void {
  const set = readAs(c, argv[1], SetValue);
  if (set === null) return;
  c.out.integer(set !== undefined && set.has(argv[2]) ? 1 : 0);
}

function smismember(c: Client, argv: string[]): void {
  const set = readAs(c, argv[1], SetValue);
  if (set === null) return;
  c.out.arrayHeader(argv.length - 2);
  for (let j = 2; j < argv.length; j++) c.out.integer(set !== undefined && set.has(argv[j]) ? 1 : 0);
}

function scard(c: Client, argv: string[]): void {
  const set = readAs(c, argv[1], SetValue);
  if (set === null) return;
  c.out.integer(set ? set.length : 0);
}

function sscan(c: Client, argv: string[]): void {
  const opts = parseScanArgs(c, argv, 2, false);
  if (!opts) return;
  const set = readAs(c, argv[1], SetValue);
  if (set === null) return;
  if (set === undefined) {
    replyScan(c, 0, []);
    return;
  }
  const pattern = opts.pattern;
  const index = set.hashtable;
  let members: readonly string[];
  let cursor = 0;
  if (index === undefined) {
    // Intsets and listpacks are returned whole, whatever the cursor and COUNT.
    members = set.members();
  } else {
    const page = index.scan(opts.cursor, opts.count);
    members = page.keys;
    cursor = page.cursor;
  }
  replyScan(c, cursor, pattern === undefined ? members : members.filter((m) => globMatch(pattern, m)));
}

// ---- SPOP ------------------------------------------------------------------------------------------

function spop(c: Client, argv: string[]): void {
  if (argv.length === 3) {
    spopWithCount(c, argv);
    return;
  }
  if (argv.length > 3) {
    c.out.error(ERR.SYNTAX);
    return;
  }
  const key = argv[1];
  const set = writeAs(c, key, SetValue);
  if (set === null) return;
  if (set === undefined) {
    c.out.nullBulk();
    return;
  }
  const member = set.random();
  set.remove(member);
  const server = c.server;
  server.notifyKeyspaceEvent(NOTIFY.SET, 'spop', key, c.db.id);
  c.propagateArgv = ['SREM', key, member];
  c.out.bulk(member);
  afterRemoval(c, key, set.length);
  server.dirty++;
}

/** Collects SPOP's removed members into SREM commands of at most SREM_BATCH members. */
class SremBatches {
  private argv: string[];
  constructor(private readonly c: Client, private readonly key: string) {
    this.argv = ['SREM', key];
  }

  public add(member: string): void {
    this.argv.push(member);
    if (this.argv.length === 2 + SREM_BATCH) this.flush();
  }

  public flush(): void {
    if (this.argv.length === 2) return;
    this.c.server.propagation.add(this.c.db.id, this.argv);
    this.argv = ['SREM', this.key];
  }
}

function spopWithCount(c: Client, argv: string[]): void {
  const count = positiveArg(c, argv[2]);
  if (count === undefined) return;
  const key = argv[1];
  const set = writeAs(c, key, SetValue);
  if (set === null) return;
  if (set === undefined || count === 0) {
    c.out.setHeader(0);
    return;
  }
  const server = c.server;
  const db = c.db;
  const size = set.length;
  server.notifyKeyspaceEvent(NOTIFY.SET, 'spop', key, db.id);
  server.dirty += count;

  // The whole set: replied as SUNION would, then the key goes (propagated as DEL or UNLINK).
  if (count >= size) {
    replySet(c, unionOf(c, [set]));
    db.delete(key);
    server.notifyKeyspaceEvent(NOTIFY.GENERIC, 'del', key, db.id);
    c.propagateArgv = [server.config.bool('lazyfree-lazy-server-del') ? 'UNLINK' : 'DEL', key];
    server.signalModifiedKey(db, key);
    return;
  }

  const batches = new SremBatches(c, key);
  c.out.setHeader(count);
  const remaining = size - count;
  if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
    // Few members asked for: pick and remove them one at a time.
    for (let i = 0; i < count; i++) {
      const member = set.random();
      set.remove(member);
      c.out.bulk(member);
      batches.add(member);
    }
  } else {
    // Most of the set asked for: move the members that stay into a new set, reply the rest.
    const limits = collectionLimits(server);
    let kept: SetValue | undefined;
    for (let i = 0; i < remaining; i++) {
      const member = set.random();
      if (!kept) kept = keptSet(set, member, limits);
      kept.add(member, limits);
      set.remove(member);
    }
    for (const member of set.members()) {
      c.out.bulk(member);
      batches.add(member);
    }
    db.overwrite(key, kept!);
  }
  batches.flush();
  c.preventPropagation = true;
  server.signalModifiedKey(db, key);
}

/**
 * The set SPOP builds from the members that stay: Valkey 7.2 starts a listpack unless the source is
 * an intset; redis 7.0 creates it for its first member, as SADD would.
 */
function keptSet(source: SetValue, first: string, limits: CollectionLimits): SetValue {
  if (!limits.listpackSets) return SetValue.create(first, 1, limits);
  return new SetValue(source.setEncoding === SetEncoding.INTSET ? SetEncoding.INTSET : SetEncoding.LISTPACK);
}

// ---- SRANDMEMBER -----------------------------------------------------------------------------------

function srandmember(c: Client, argv: string[]): void {
  if (argv.length === 3) {
    srandmemberWithCount(c, argv);
    return;
  }
  if (argv.length > 3) {
    c.out.error(ERR.SYNTAX);
    return;
  }
  const set = readAs(c, argv[1], SetValue);
  if (set === null) return;
  if (set === undefined) c.out.nullBulk();
  else c.out.bulk(set.random());
}

function srandmemberWithCount(c: Client, argv: string[]): void {
  const l = signedCountArg(c, argv[2]);
  if (l === undefined) return;
  const set = readAs(c, argv[1], SetValue);
  if (set === null) return;
  const count = Math.abs(l);
  if (set === undefined || count === 0) {
    c.out.arrayHeader(0);
    return;
  }
  const out = c.out;
  const size = set.length;
  // Negative counts: independent picks, repeats allowed.
  if (l < 0 || count === 1) {
    if (hugeReply(c, count)) return;
    const mark = out.len;
    out.arrayHeader(count);
    for (let i = 0; i < count; i++) {
      out.bulk(set.random());
      if ((i & 1023) === 1023 && replyOverflowed(c, mark)) return;
    }
    return;
  }
  if (count >= size) {
    out.arrayHeader(size);
    for (const m of set.members()) out.bulk(m);
    return;
  }
  out.arrayHeader(count);
  if (set.setEncoding === SetEncoding.LISTPACK) {
    // Listpacks: a random subset, kept in listpack order.
    const members = set.members();
    let needed = count;
    for (let i = 0; i < size && needed > 0; i++) {
      if (Math.random() * (size - i) < needed) {
        out.bulk(members[i]);
        needed--;
      }
    }
    return;
  }
  if (count * SRANDMEMBER_SUB_STRATEGY_MUL > size) {
    const members = set.members().slice();
    for (let left = size; left > count; left--) {
      const i = Math.floor(Math.random() * left);
      members[i] = members[left - 1];
    }
    for (let i = 0; i < count; i++) out.bulk(members[i]);
    return;
  }
  const picked = new Set<string>();
  while (picked.size < count) picked.add(set.random());
  for (const m of picked) out.bulk(m);
}

export const SET_COMMANDS: CommandDef[] = [
  { name: 'sadd', handler: sadd },
  { name: 'srem', handler: srem },
  { name: 'smove', handler: smove },
  { name: 'smembers', handler: smembers },
  { name: 'sismember', handler: sismember },
  { name: 'smismember', handler: smismember },
  { name: 'scard', handler: scard },
  { name: 'sscan', handler: sscan },
  { name: 'spop', handler: spop },
  { name: 'srandmember', handler: srandmember },
];

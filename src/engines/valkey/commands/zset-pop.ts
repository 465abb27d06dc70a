/**
 * Popping and sampling sorted sets: ZPOPMIN/ZPOPMAX (COUNT), BZPOPMIN/BZPOPMAX, ZMPOP/BZMPOP,
 * and ZRANDMEMBER (count, WITHSCORES). Blocking forms serve clients in blocking order through
 * the engine's blocking framework and propagate what they did as ZPOPMIN/ZPOPMAX, as redis does.
 */
import { is, nonNegativeIntArg, timeoutSecondsArg } from './args';
import { hugeReply, parseMpopArgs, REPLY_EMPTY_ARRAY, replyOverflowed, signedCountArg } from './collection-helpers';
import { memberListHeader, readZset, replyMember, writeZset } from './zset-common';
import { CLIENT, Client } from '../server/client';
import { NOTIFY } from '../server/notify-flags';
import type { CommandDef } from '../table/command';
import { ZSetValue } from '../types/zset/zset-value';
import { replyDouble } from '../util/double-reply';
import { ERR } from '../util/errors';

const LONG_MAX = 9223372036854775807n;
const LONG_HALF = LONG_MAX / 2n;

interface PopShape {
  /** Reply the key first (ZMPOP, BZPOPMIN). */
  readonly emitKey: boolean;
  /** Members as [member, score] arrays. */
  readonly nested: boolean;
  /** Missing keys answer a null array instead of an empty one. */
  readonly nilWhenEmpty: boolean;
}

/**
 * redis genericZpopCommand: pops up to `count` members (-1 = one, without a count) from the first
 * existing key. Returns the key and how many members it held before, or undefined when nothing
 * was popped (the reply is written either way).
 */
function genericZpop(c: Client, keys: readonly string[], max: boolean, count: number, shape: PopShape): { key: string; had: number } | undefined {
  let key = '';
  let zset: ZSetValue | undefined;
  for (const k of keys) {
    const v = writeZset(c, k);
    if (v === null) return undefined;
    if (v === undefined) continue;
    key = k;
    zset = v;
    break;
  }
  const out = c.out;
  if (zset === undefined) {
    if (shape.nilWhenEmpty) out.nullArray();
    else REPLY_EMPTY_ARRAY(c);
    return undefined;
  }
  if (count === 0) {
    REPLY_EMPTY_ARRAY(c);
    return undefined;
  }
  if (count === -1) count = 1;
  const had = zset.length;
  const n = Math.min(count, had);
  if (!shape.nested && !shape.emitKey) {
    out.arrayHeader(n * 2);
  } else if (shape.nested && !shape.emitKey) {
    out.arrayHeader(n);
  } else if (!shape.nested) {
    out.arrayHeader(n * 2 + 1);
    out.bulk(key);
  } else {
    out.arrayHeader(2);
    out.bulk(key);
    out.arrayHeader(n);
  }
  const server = c.server;
  const db = c.db;
  for (let i = 0; i < n; i++) {
    const tree = zset.tree;
    const ele = max ? tree.lastEle : tree.firstEle;
    const score = max ? tree.lastScore : tree.firstScore;
    zset.delete(ele);
    server.dirty++;
    if (i === 0) {
      server.notifyKeyspaceEvent(NOTIFY.ZSET, max ? 'zpopmax' : 'zpopmin', key, db.id);
      server.signalModifiedKey(db, key);
    }
    if (shape.nested) out.arrayHeader(2);
    out.bulk(ele);
    replyDouble(c, score);
  }
  if (zset.length === 0) {
    db.delete(key);
    server.notifyKeyspaceEvent(NOTIFY.GENERIC, 'del', key, db.id);
  }
  return { key, had };
}

/** What a pop propagates: ZPOPMIN/ZPOPMAX key [count], the count capped at what was there. */
function popArgv(max: boolean, key: string, count: number, had: number): string[] {
  const name = max ? 'ZPOPMAX' : 'ZPOPMIN';
  return count === -1 ? [name, key] : [name, key, String(Math.min(count, had))];
}

function zpopMinMax(c: Client, argv: string[], max: boolean): void {
  if (argv.length > 3) return c.out.error(ERR.SYNTAX);
  let count = -1;
  if (argv.length === 3) {
    const n = nonNegativeIntArg(c, argv[2]);
    if (n === undefined) return;
    count = n;
  }
  const nested = c.out.resp > 2 && count !== -1;
  genericZpop(c, [argv[1]], max, count, { emitKey: false, nested, nilWhenEmpty: false });
}

/**
 * redis blockingGenericZpopCommand: serves from the first non-empty key, or blocks. A client
 * woken for a key that now holds another type keeps waiting, as redis skips it.
 */
function blockingZpop(c: Client, keys: string[], max: boolean, timeoutArgument: string, count: number, shape: PopShape): void {
  const timeout = timeoutSecondsArg(c, timeoutArgument);
  if (timeout === undefined) return;
  const reprocessing = (c.flags & CLIENT.REPROCESSING) !== 0;
  for (const key of keys) {
    const v = c.db.lookupWrite(key);
    if (v === undefined) continue;
    if (!(v instanceof ZSetValue)) {
      if (reprocessing) continue;
      return c.out.error(ERR.WRONGTYPE);
    }
    if (v.length === 0) continue;
    const popped = genericZpop(c, [key], max, count, shape);
    if (popped) c.propagateArgv = popArgv(max, popped.key, count, popped.had);
    return;
  }
  const server = c.server;
  if (!server.blocking.canBlock(c)) return c.out.nullArray();
  server.blocking.blockOnKeys(c, keys, { timeoutMs: timeout, onTimeout: (cl) => cl.out.nullArray() });
}

/** ZMPOP / BZMPOP: numkeys key… MIN|MAX [COUNT count]. */
function zmpopGeneric(c: Client, argv: string[], numkeysIndex: number, block: boolean): void {
  const args = parseMpopArgs(c, argv, numkeysIndex, parseMinMax);
  if (!args) return;
  const { keys, where: max, count } = args;
  const shape: PopShape = { emitKey: true, nested: true, nilWhenEmpty: true };
  if (block) return blockingZpop(c, keys, max, argv[1], count, shape);
  const popped = genericZpop(c, keys, max, count, shape);
  if (popped) c.propagateArgv = popArgv(max, popped.key, count, popped.had);
}

/** MIN or MAX (true for MAX), else a syntax error. */
function parseMinMax(c: Client, arg: string): boolean | undefined {
  if (is(arg, 'min')) return false;
  if (is(arg, 'max')) return true;
  c.out.error(ERR.SYNTAX);
  return undefined;
}

// ---- ZRANDMEMBER ----------------------------------------------------------------------------------

/** A uniformly random member's position. */
function randomRank(zset: ZSetValue): number {
  return Math.floor(Math.random() * zset.length);
}

function zrandmemberWithCount(c: Client, key: string, l: number, withScores: boolean): void {
  const zset = readZset(c, key);
  if (zset === null) return;
  if (zset === undefined) return REPLY_EMPTY_ARRAY(c);
  const size = zset.length;
  const unique = l >= 0;
  const count = Math.abs(l);
  if (count === 0) return REPLY_EMPTY_ARRAY(c);
  if (!unique || count === 1) {
    // Huge negative counts end as redis ends them: the client overruns its output buffer.
    if (hugeReply(c, withScores ? count * 2 : count)) return;
    const mark = c.out.len;
    memberListHeader(c, count, withScores);
    for (let i = 0; i < count; i++) {
      const cur = zset.cursor(randomRank(zset));
      replyMember(c, cur.ele, cur.score, withScores);
      if ((i & 1023) === 1023 && replyOverflowed(c, mark)) return;
    }
    return;
  }
  // Every member: redis walks the set from its highest score down.
  if (count >= size) {
    memberListHeader(c, size, withScores);
    for (const cur = zset.cursor(size - 1); cur.valid; cur.prev()) replyMember(c, cur.ele, cur.score, withScores);
    return;
  }
  memberListHeader(c, count, withScores);
  if (count * 3 > size) {
    // Close to the whole set: drop random members until `count` remain.
    const eles: string[] = [];
    const scores: number[] = [];
    for (const cur = zset.cursor(size - 1); cur.valid; cur.prev()) {
      eles.push(cur.ele);
      scores.push(cur.score);
    }
    for (let left = size; left > count; left--) {
      const i = Math.floor(Math.random() * left);
      eles[i] = eles[left - 1];
      scores[i] = scores[left - 1];
    }
    for (let i = 0; i < count; i++) replyMember(c, eles[i], scores[i], withScores);
    return;
  }
  const picked = new Set<number>();
  while (picked.size < count) {
    const rank = randomRank(zset);
    if (picked.has(rank)) continue;
    picked.add(rank);
    const cur = zset.cursor(rank);
    replyMember(c, cur.ele, cur.score, withScores);
  }
}

function zrandmember(c: Client, argv: string[]): void {
  if (argv.length >= 3) {
    const l = signedCountArg(c, argv[2]);
    if (l === undefined) return;
    if (argv.length > 4 || (argv.length === 4 && !is(argv[3], 'withscores'))) return c.out.error(ERR.SYNTAX);
    const withScores = argv.length === 4;
    // With scores the reply holds twice as many elements: redis refuses counts that would overflow.
    if (withScores) {
      const exact = BigInt(argv[2]);
      if (exact < -LONG_HALF - 1n || exact > LONG_HALF) return c.out.error('value is out of range');
    }
    return zrandmemberWithCount(c, argv[1], l, withScores);
  }
  const zset = readZset(c, argv[1]);
  if (zset === null) return;
  if (zset === undefined) return c.out.null();
  c.out.bulk(zset.cursor(randomRank(zset)).ele);
}

export const ZSET_POP_COMMANDS: CommandDef[] = [
  { name: 'zpopmin', handler: (c, argv) => zpopMinMax(c, argv, false) },
  { name: 'zpopmax', handler: (c, argv) => zpopMinMax(c, argv, true) },
  {
    name: 'bzpopmin',
    handler: (c, argv) => blockingZpop(c, argv.slice(1, -1), false, argv[argv.length - 1], -1, { emitKey: true, nested: false, nilWhenEmpty: false }),
  },
  {
    name: 'bzpopmax',
    handler: (c, argv) => blockingZpop(c, argv.slice(1, -1), true, argv[argv.length - 1], -1, { emitKey: true, nested: false, nilWhenEmpty: false }),
  },
  { name: 'zmpop', handler: (c, argv) => zmpopGeneric(c, argv, 1, false) },
  { name: 'bzmpop', handler: (c, argv) => zmpopGeneric(c, argv, 2, true) },
  { name: 'zrandmember', handler: zrandmember },
];


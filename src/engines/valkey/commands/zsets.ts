/**
 * Sorted-set commands: ZADD (NX/XX/GT/LT/CH/INCR), ZINCRBY, ZREM, ZCARD, ZSCORE, ZMSCORE,
 * ZRANK/ZREVRANK (WITHSCORE from 7.2), ZCOUNT, ZLEXCOUNT, ZSCAN, and the family's table, which
 * also lists the range, set-operation and pop commands of the sibling modules. Semantics, errors
 * and notifications follow redis' t_zset.c.
 */
import { is } from './args';
import { parseScanArgs, replyScan } from './keys';
import { readZset, writeZset, zsetLimits } from './zset-common';
import { ZSET_POP_COMMANDS } from './zset-pop';
import { ZSET_RANGE_COMMANDS } from './zset-range';
import { ZSET_SETOP_COMMANDS } from './zset-setops';
import { formatDouble17 } from '../../resp/format-double';
import { integerString } from '../../resp/reply-writer';
import { cursorParserFor } from '../keyspace/scan-cursor';
import type { Client } from '../server/client';
import { NOTIFY } from '../server/notify-flags';
import type { CommandDef, VersionedSpec } from '../table/command';
import { COMMAND_SPECS } from '../table/command-specs.generated';
import type { SpecValue } from '../table/spec-data';
import { isListpackIntegerScore } from '../types/zset/memory';
import { lexLteMax, parseLexRange, parseScoreRange } from '../types/zset/ranges';
import { ZADD_IN, ZADD_OUT, ZSetValue } from '../types/zset/zset-value';
import { doubleFormatOf, replyDouble } from '../util/double-reply';
import { ERR, arityError } from '../util/errors';
import { globMatch } from '../util/glob';
import { parseDouble } from '../util/numbers';

export const NAN_SCORE = 'resulting score is not a number (NaN)';
export const RANGE_NOT_FLOAT = 'min or max is not a float';
export const LEX_RANGE_INVALID = 'min or max not valid string range item';

// ---- ZADD / ZINCRBY --------------------------------------------------------------------------

/**
 * redis zaddGenericCommand. `argv` may be a rewritten vector (GEOADD calls it with ZADD
 * arguments); it is also what gets propagated.
 */
export function zaddGeneric(c: Client, argv: string[], baseFlags: number): void {
  let flags = baseFlags;
  let ch = false;
  let idx = 2;
  for (; idx < argv.length; idx++) {
    const o = argv[idx];
    if (is(o, 'nx')) flags |= ZADD_IN.NX;
    else if (is(o, 'xx')) flags |= ZADD_IN.XX;
    else if (is(o, 'ch')) ch = true;
    else if (is(o, 'incr')) flags |= ZADD_IN.INCR;
    else if (is(o, 'gt')) flags |= ZADD_IN.GT;
    else if (is(o, 'lt')) flags |= ZADD_IN.LT;
    else break;
  }
  const incr = (flags & ZADD_IN.INCR) !== 0;
  const nx = (flags & ZADD_IN.NX) !== 0;
  const xx = (flags & ZADD_IN.XX) !== 0;
  const gt = (flags & ZADD_IN.GT) !== 0;
  const lt = (flags & ZADD_IN.LT) !== 0;
  const args = argv.length - idx;
  if (args % 2 !== 0 || args === 0) return c.out.error(ERR.SYNTAX);
  const elements = args / 2;
  if (nx && xx) return c.out.error('XX and NX options at the same time are not compatible');
  if ((gt && nx) || (lt && nx) || (gt && lt)) return c.out.error('GT, LT, and/or NX options at the same time are not compatible');
  if (incr && elements > 1) return c.out.error('INCR option supports a single increment-element pair');
  const scores = new Array<number>(elements);
  for (let j = 0; j < elements; j++) {
    const d = parseDouble(argv[idx + j * 2]);
    if (d === undefined) return c.out.error(ERR.NOT_FLOAT);
    scores[j] = d;
  }
  const key = argv[1];
  const db = c.db;
  const server = c.server;
  let zset = writeZset(c, key);
  if (zset === null) return;
  let added = 0;
  let updated = 0;
  let processed = 0;
  let score = 0;
  let failed = false;
  if (zset === undefined && xx) {
    // Nothing to update: reply as if every element was skipped.
  } else {
    const limits = zsetLimits(c);
    let created = false;
    if (zset === undefined) {
      zset = ZSetValue.create(limits, argv[idx + 1].length);
      db.add(key, zset);
      created = true;
    }
    for (let j = 0; j < elements; j++) {
      const r = zset.add(scores[j], argv[idx + 1 + j * 2], flags, limits);
      if (r & ZADD_OUT.NAN) {
        c.out.error(NAN_SCORE);
        failed = true;
        break;
      }
      if (r & ZADD_OUT.ADDED) added++;
      if (r & ZADD_OUT.UPDATED) updated++;
      if (!(r & ZADD_OUT.NOP)) processed++;
      score = zset.lastScore;
    }
    if (!failed) server.dirty += added + updated;
    if (created) server.signalKeyAsReady(db, key);
  }
  if (!failed) {
    if (incr) {
      if (processed) replyDouble(c, score);
      else c.out.null();
    } else {
      c.out.integer(ch ? added + updated : added);
    }
  }
  if (added || updated) {
    server.signalModifiedKey(db, key, zset);
    server.notifyKeyspaceEvent(NOTIFY.ZSET, incr ? 'zincr' : 'zadd', key, db.id);
  }
}

// ---- removal and lookups ----------------------------------------------------------------------

function zrem(c: Client, argv: string[]): void {
  const key = argv[1];
  const zset = writeZset(c, key);
  if (zset === null) return;
  if (zset === undefined) return c.out.integer(0);
  const db = c.db;
  const server = c.server;
  let deleted = 0;
  let removedKey = false;
  for (let j = 2; j < argv.length; j++) {
    if (zset.delete(argv[j])) deleted++;
    if (zset.length === 0) {
      db.delete(key);
      removedKey = true;
      break;
    }
  }
  if (deleted) {
    server.notifyKeyspaceEvent(NOTIFY.ZSET, 'zrem', key, db.id);
    if (removedKey) server.notifyKeyspaceEvent(NOTIFY.GENERIC, 'del', key, db.id);
    server.signalModifiedKey(db, key);
    server.dirty += deleted;
  }
  c.out.integer(deleted);
}

function zcard(c: Client, argv: string[]): void {
  const zset = readZset(c, argv[1]);
  if (zset !== null) c.out.integer(zset === undefined ? 0 : zset.length);
}

function zscore(c: Client, argv: string[]): void {
  const zset = readZset(c, argv[1]);
  if (zset === null) return;
  const score = zset === undefined ? undefined : zset.score(argv[2]);
  if (score === undefined) c.out.null();
  else replyDouble(c, score);
}

function zmscore(c: Client, argv: string[]): void {
  const zset = readZset(c, argv[1]);
  if (zset === null) return;
  c.out.arrayHeader(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const score = zset === undefined ? undefined : zset.score(argv[j]);
    if (score === undefined) c.out.null();
    else replyDouble(c, score);
  }
}

function zrankGeneric(c: Client, argv: string[], reverse: boolean): void {
  if (argv.length > 4) return c.out.error(arityError(c.cmd!.fullName));
  let withScore = false;
  if (argv.length > 3) {
    if (!is(argv[3], 'withscore')) return c.out.error(ERR.SYNTAX);
    withScore = true;
  }
  const missing = () => (withScore ? c.out.nullArray() : c.out.null());
  const zset = readZset(c, argv[1]);
  if (zset === null) return;
  const rank = zset === undefined ? -1 : zset.rank(argv[2], reverse);
  if (rank < 0) return missing();
  if (withScore) c.out.arrayHeader(2);
  c.out.integer(rank);
  if (withScore) replyDouble(c, zset!.score(argv[2])!);
}

function zcount(c: Client, argv: string[]): void {
  const range = parseScoreRange(argv[2], argv[3]);
  if (!range) return c.out.error(RANGE_NOT_FLOAT);
  const zset = readZset(c, argv[1]);
  if (zset === null) return;
  if (zset === undefined) return c.out.integer(0);
  const first = zset.firstInScoreRange(range);
  if (first < 0) return c.out.integer(0);
  c.out.integer(zset.lastInScoreRange(range) - first + 1);
}

function zlexcount(c: Client, argv: string[]): void {
  const range = parseLexRange(argv[2], argv[3]);
  if (!range) return c.out.error(LEX_RANGE_INVALID);
  const zset = readZset(c, argv[1]);
  if (zset === null) return;
  if (zset === undefined) return c.out.integer(0);
  const first = zset.firstInLexRange(range);
  if (first < 0) return c.out.integer(0);
  if (!zset.listpack) return c.out.integer(zset.lastInLexRange(range) - first + 1);
  // A listpack is counted by walking while members stay in range, as redis does.
  let count = 0;
  for (const cur = zset.cursor(first); cur.valid && lexLteMax(cur.ele, range); cur.next()) count++;
  c.out.integer(count);
}

// ---- ZSCAN --------------------------------------------------------------------------------------

/**
 * A score as ZSCAN shows it (d2string): 7.0 shows a listpack's stored integer or `%.17g` text;
 * 7.2 stores and prints every score in its d2string form; Valkey 8 prints a skiplist's with `%.17g`.
 */
function scanScore(c: Client, score: number, listpack: boolean): string {
  if (!listpack && c.server.isValkey8) return formatDouble17(score);
  const format = doubleFormatOf(c.server);
  if (format !== formatDouble17) return format(score);
  return listpack && isListpackIntegerScore(score) ? integerString(score) : formatDouble17(score);
}

function zscan(c: Client, argv: string[]): void {
  if (cursorParserFor(c.server.isValkey8)(argv[2]) === undefined) return c.out.error('invalid cursor');
  const zset = readZset(c, argv[1]);
  if (zset === null) return;
  if (zset === undefined) return replyScan(c, 0, []);
  const opts = parseScanArgs(c, argv, 2, false);
  if (!opts) return;
  const items: string[] = [];
  const pattern = opts.pattern;
  if (zset.listpack) {
    // A listpack is returned whole in one call, in order.
    for (const cur = zset.cursor(0); cur.valid; cur.next()) {
      if (pattern !== undefined && !globMatch(pattern, cur.ele)) continue;
      items.push(cur.ele, scanScore(c, cur.score, true));
    }
    return replyScan(c, 0, items);
  }
  const page = zset.dict.scan(opts.cursor, opts.count);
  for (const ele of page.keys) {
    const score = zset.dict.get(ele);
    if (score === undefined) continue;
    if (pattern !== undefined && !globMatch(pattern, ele)) continue;
    items.push(ele, scanScore(c, score, false));
  }
  replyScan(c, page.cursor, items);
}

// ---- the family's table ---------------------------------------------------------------------------

/** 7.2 metadata of ZRANK/ZREVRANK: an optional WITHSCORE argument. */
function withScoreSpec(name: string): VersionedSpec[] {
  const captured = COMMAND_SPECS.find((s) => s.name === name);
  if (!captured) return [];
  const docs = (captured.docs as { m: SpecValue[] }).m.slice();
  const argsAt = docs.indexOf('arguments');
  const args = (docs[argsAt + 1] as SpecValue[]).concat([
    { m: ['name', 'withscore', 'type', 'pure-token', 'token', 'WITHSCORE', 'since', '7.2.0', 'flags', { t: [{ s: 'optional' }] }] },
  ]);
  docs.splice(argsAt, 2, 'history', { t: [['7.2.0', 'Added the optional `WITHSCORE` argument.']] }, 'arguments', args);
  return [{ since: '7.2.0', spec: { arity: -3, docs: { m: docs } } }];
}

export const ZSET_COMMANDS: CommandDef[] = [
  { name: 'zadd', handler: (c, argv) => zaddGeneric(c, argv, ZADD_IN.NONE) },
  { name: 'zincrby', handler: (c, argv) => zaddGeneric(c, argv, ZADD_IN.INCR) },
  { name: 'zrem', handler: zrem },
  { name: 'zcard', handler: zcard },
  { name: 'zscore', handler: zscore },
  { name: 'zmscore', handler: zmscore },
  { name: 'zrank', handler: (c, argv) => zrankGeneric(c, argv, false), laterSpecs: withScoreSpec('zrank') },
  { name: 'zrevrank', handler: (c, argv) => zrankGeneric(c, argv, true), laterSpecs: withScoreSpec('zrevrank') },
  { name: 'zcount', handler: zcount },
  { name: 'zlexcount', handler: zlexcount },
  { name: 'zscan', handler: zscan },
  ...ZSET_RANGE_COMMANDS,
  ...ZSET_SETOP_COMMANDS,
  ...ZSET_POP_COMMANDS,
];

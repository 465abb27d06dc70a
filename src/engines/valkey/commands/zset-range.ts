/**
 * Range commands over sorted sets: ZRANGE in every form (BYSCORE, BYLEX, REV, LIMIT,
 * WITHSCORES), ZREVRANGE, ZRANGEBYSCORE, ZREVRANGEBYSCORE, ZRANGEBYLEX, ZREVRANGEBYLEX,
 * ZRANGESTORE, and ZREMRANGEBYRANK/BYSCORE/BYLEX (redis zrangeGenericCommand and
 * zremrangeGenericCommand, with their option rules and errors).
 */
import { intArg, is } from './args';
import { REPLY_EMPTY_ARRAY } from './collection-helpers';
import { readZset, replyMember, storeResult, writeZset, zsetLimits } from './zset-common';
import { DeferredKind } from '../../resp/reply-writer';
import type { Client } from '../server/client';
import { NOTIFY } from '../server/notify-flags';
import type { CommandDef } from '../table/command';
import { LexRange, lexGteMin, lexLteMax, parseLexRange, parseScoreRange, ScoreRange, scoreGteMin, scoreLteMax } from '../types/zset/ranges';
import { ZADD_IN, ZSetValue } from '../types/zset/zset-value';
import type { ZCursor } from '../types/zset/ztree';
import { ERR } from '../util/errors';

const RANGE_NOT_FLOAT = 'min or max is not a float';
const LEX_RANGE_INVALID = 'min or max not valid string range item';

const enum RangeType { AUTO, RANK, SCORE, LEX }
const enum Direction { AUTO, FORWARD, REVERSE }

/** Where range results go: the client (an array) or a new sorted set (ZRANGESTORE). */
interface RangeSink {
  begin(length: number): void;
  emit(ele: string, score: number): void;
  finish(count: number): void;
}

class ClientSink implements RangeSink {
  private mark = 0;
  constructor(private readonly c: Client, private readonly withScores: boolean) {}

  public begin(): void {
    this.mark = this.c.out.beginDeferred();
  }

  public emit(ele: string, score: number): void {
    replyMember(this.c, ele, score, this.withScores);
  }

  public finish(count: number): void {
    const n = this.withScores && this.c.out.resp === 2 ? count * 2 : count;
    this.c.out.endDeferred(this.mark, DeferredKind.ARRAY, n);
  }
}

class StoreSink implements RangeSink {
  private result: ZSetValue | undefined;
  constructor(private readonly c: Client, private readonly dst: string) {}

  public begin(length: number): void {
    this.result = new ZSetValue(length <= zsetLimits(this.c).entries);
  }

  public emit(ele: string, score: number): void {
    this.result!.add(score, ele, ZADD_IN.NONE, zsetLimits(this.c));
  }

  public finish(count: number): void {
    storeResult(this.c, this.dst, count > 0 ? this.result : undefined, 'zrangestore', 1, () => this.c.out.integer(count));
  }
}

function rangeByRank(sink: RangeSink, zset: ZSetValue, start: number, end: number, reverse: boolean): void {
  const llen = zset.length;
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  if (start > end || start >= llen) {
    sink.begin(0);
    sink.finish(0);
    return;
  }
  if (end >= llen) end = llen - 1;
  const count = end - start + 1;
  sink.begin(count);
  const cur = zset.cursor(reverse ? llen - 1 - start : start);
  for (let left = count; left > 0 && cur.valid; left--) {
    sink.emit(cur.ele, cur.score);
    if (reverse) cur.prev();
    else cur.next();
  }
  sink.finish(count);
}

/** Walks `offset` members (a negative offset walks off the end, as redis' `offset--` loop does). */
function skip(cur: ZCursor, offset: number, reverse: boolean): void {
  while (cur.valid && offset !== 0) {
    offset--;
    if (reverse) cur.prev();
    else cur.next();
  }
}

/**
 * Emits members from a cursor (after skipping `offset`) while `inRange` holds, at most `limit` of
 * them (negative = no limit), as redis' ZRANGEBYSCORE/BYLEX loops do.
 */
function emitWhile(sink: RangeSink, cur: ZCursor, offset: number, limit: number, reverse: boolean, inRange: (c: ZCursor) => boolean): void {
  skip(cur, offset, reverse);
  let count = 0;
  while (cur.valid && limit !== 0) {
    limit--;
    if (!inRange(cur)) break;
    count++;
    sink.emit(cur.ele, cur.score);
    if (reverse) cur.prev();
    else cur.next();
  }
  sink.finish(count);
}

function rangeByScore(sink: RangeSink, zset: ZSetValue, r: ScoreRange, offset: number, limit: number, reverse: boolean): void {
  sink.begin(-1);
  if (offset > 0 && offset >= zset.length) return sink.finish(0);
  const cur = zset.cursor(reverse ? zset.lastInScoreRange(r) : zset.firstInScoreRange(r));
  emitWhile(sink, cur, offset, limit, reverse, reverse ? (c) => scoreGteMin(c.score, r) : (c) => scoreLteMax(c.score, r));
}

function rangeByLex(sink: RangeSink, zset: ZSetValue, r: LexRange, offset: number, limit: number, reverse: boolean): void {
  sink.begin(-1);
  const cur = zset.cursor(reverse ? zset.lastInLexRange(r) : zset.firstInLexRange(r));
  emitWhile(sink, cur, offset, limit, reverse, reverse ? (c) => lexGteMin(c.ele, r) : (c) => lexLteMax(c.ele, r));
}

/**
 * redis zrangeGenericCommand. `keyIndex` is the source key's position; `dst` is set for
 * ZRANGESTORE. The fixed forms (ZRANGEBYSCORE…) pass their range type and direction.
 */
function zrangeGeneric(c: Client, argv: string[], keyIndex: number, dst: string | undefined, type: RangeType, direction: Direction): void {
  const store = dst !== undefined;
  let minIdx = keyIndex + 1;
  let maxIdx = keyIndex + 2;
  let withScores = false;
  let offset = 0;
  let limit = -1;
  for (let j = keyIndex + 3; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const a = argv[j];
    if (!store && is(a, 'withscores')) {
      withScores = true;
    } else if (is(a, 'limit') && left >= 2) {
      const o = intArg(c, argv[j + 1]);
      if (o === undefined) return;
      const l = intArg(c, argv[j + 2]);
      if (l === undefined) return;
      offset = o;
      limit = l;
      j += 2;
    } else if (direction === Direction.AUTO && is(a, 'rev')) {
      direction = Direction.REVERSE;
    } else if (type === RangeType.AUTO && is(a, 'bylex')) {
      type = RangeType.LEX;
    } else if (type === RangeType.AUTO && is(a, 'byscore')) {
      type = RangeType.SCORE;
    } else {
      return c.out.error(ERR.SYNTAX);
    }
  }
  if (direction === Direction.AUTO) direction = Direction.FORWARD;
  if (type === RangeType.AUTO) type = RangeType.RANK;
  if (limit !== -1 && type === RangeType.RANK) {
    return c.out.error('syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
  }
  if (withScores && type === RangeType.LEX) {
    return c.out.error('syntax error, WITHSCORES not supported in combination with BYLEX');
  }
  const reverse = direction === Direction.REVERSE;
  if (reverse && type !== RangeType.RANK) [minIdx, maxIdx] = [maxIdx, minIdx];

  let start = 0;
  let end = 0;
  let scoreRange: ScoreRange | undefined;
  let lexRange: LexRange | undefined;
  if (type === RangeType.RANK) {
    const s = intArg(c, argv[minIdx]);
    if (s === undefined) return;
    const e = intArg(c, argv[maxIdx]);
    if (e === undefined) return;
    start = s;
    end = e;
  } else if (type === RangeType.SCORE) {
    scoreRange = parseScoreRange(argv[minIdx], argv[maxIdx]);
    if (!scoreRange) return c.out.error(RANGE_NOT_FLOAT);
  } else {
    lexRange = parseLexRange(argv[minIdx], argv[maxIdx]);
    if (!lexRange) return c.out.error(LEX_RANGE_INVALID);
  }

  const sink: RangeSink = store ? new StoreSink(c, dst) : new ClientSink(c, withScores);
  const zset = readZset(c, argv[keyIndex]);
  if (zset === null) return;
  if (zset === undefined) {
    if (!store) return REPLY_EMPTY_ARRAY(c);
    sink.begin(-1);
    return sink.finish(0);
  }
  if (type === RangeType.RANK) rangeByRank(sink, zset, start, end, reverse);
  else if (type === RangeType.SCORE) rangeByScore(sink, zset, scoreRange!, offset, limit, reverse);
  else rangeByLex(sink, zset, lexRange!, offset, limit, reverse);
}

// ---- ZREMRANGEBY* -----------------------------------------------------------------------------

function zremrangeGeneric(c: Client, argv: string[], type: RangeType): void {
  let start = 0;
  let end = 0;
  let scoreRange: ScoreRange | undefined;
  let lexRange: LexRange | undefined;
  let event: string;
  if (type === RangeType.RANK) {
    event = 'zremrangebyrank';
    const s = intArg(c, argv[2]);
    if (s === undefined) return;
    const e = intArg(c, argv[3]);
    if (e === undefined) return;
    start = s;
    end = e;
  } else if (type === RangeType.SCORE) {
    event = 'zremrangebyscore';
    scoreRange = parseScoreRange(argv[2], argv[3]);
    if (!scoreRange) return c.out.error(RANGE_NOT_FLOAT);
  } else {
    event = 'zremrangebylex';
    lexRange = parseLexRange(argv[2], argv[3]);
    if (!lexRange) return c.out.error(LEX_RANGE_INVALID);
  }
  const key = argv[1];
  const zset = writeZset(c, key);
  if (zset === null) return;
  if (zset === undefined) return c.out.integer(0);
  let deleted: number;
  if (type === RangeType.RANK) {
    const llen = zset.length;
    if (start < 0) start = llen + start;
    if (end < 0) end = llen + end;
    if (start < 0) start = 0;
    if (start > end || start >= llen) return c.out.integer(0);
    if (end >= llen) end = llen - 1;
    deleted = zset.deleteRanks(start, end);
  } else if (type === RangeType.SCORE) {
    const first = zset.firstInScoreRange(scoreRange!);
    deleted = first < 0 ? 0 : zset.deleteRanks(first, zset.lastInScoreRange(scoreRange!));
  } else {
    const first = zset.lexDeleteStart(lexRange!);
    let last = first - 1;
    if (first >= 0) for (const cur = zset.cursor(first); cur.valid && lexLteMax(cur.ele, lexRange!); cur.next()) last++;
    deleted = last < first ? 0 : zset.deleteRanks(first, last);
  }
  const db = c.db;
  const server = c.server;
  let removedKey = false;
  if (zset.length === 0) {
    db.delete(key);
    removedKey = true;
  }
  if (deleted) {
    server.signalModifiedKey(db, key);
    server.notifyKeyspaceEvent(NOTIFY.ZSET, event, key, db.id);
    if (removedKey) server.notifyKeyspaceEvent(NOTIFY.GENERIC, 'del', key, db.id);
  }
  server.dirty += deleted;
  c.out.integer(deleted);
}

export const ZSET_RANGE_COMMANDS: CommandDef[] = [
  { name: 'zrange', handler: (c, argv) => zrangeGeneric(c, argv, 1, undefined, RangeType.AUTO, Direction.AUTO) },
  { name: 'zrangestore', handler: (c, argv) => zrangeGeneric(c, argv, 2, argv[1], RangeType.AUTO, Direction.AUTO) },
  { name: 'zrevrange', handler: (c, argv) => zrangeGeneric(c, argv, 1, undefined, RangeType.RANK, Direction.REVERSE) },
  { name: 'zrangebyscore', handler: (c, argv) => zrangeGeneric(c, argv, 1, undefined, RangeType.SCORE, Direction.FORWARD) },
  { name: 'zrevrangebyscore', handler: (c, argv) => zrangeGeneric(c, argv, 1, undefined, RangeType.SCORE, Direction.REVERSE) },
  { name: 'zrangebylex', handler: (c, argv) => zrangeGeneric(c, argv, 1, undefined, RangeType.LEX, Direction.FORWARD) },
  { name: 'zrevrangebylex', handler: (c, argv) => zrangeGeneric(c, argv, 1, undefined, RangeType.LEX, Direction.REVERSE) },
  { name: 'zremrangebyrank', handler: (c, argv) => zremrangeGeneric(c, argv, RangeType.RANK) },
  { name: 'zremrangebyscore', handler: (c, argv) => zremrangeGeneric(c, argv, RangeType.SCORE) },
  { name: 'zremrangebylex', handler: (c, argv) => zremrangeGeneric(c, argv, RangeType.LEX) },
];

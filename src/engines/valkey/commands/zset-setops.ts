/**
 * Set operations over sorted sets (and plain sets, whose members score 1): ZUNION, ZINTER, ZDIFF,
 * their STORE forms, and ZINTERCARD, with WEIGHTS, AGGREGATE SUM|MIN|MAX, WITHSCORES and LIMIT
 * (redis zunionInterDiffGenericCommand: same argument order, errors, and floating-point order of
 * aggregation, so sums come out bit for bit the same).
 */
import { intArg, is, nonNegativeIntArg } from './args';
import { memberListHeader, replyMember, storeResult, zsetLimits } from './zset-common';
import type { StoredValue } from '../keyspace/values';
import type { Client } from '../server/client';
import type { CommandDef } from '../table/command';
import { ZSetValue } from '../types/zset/zset-value';
import { ERR } from '../util/errors';
import { parseDouble } from '../util/numbers';

const enum SetOp { UNION, INTER, DIFF }
const enum Aggregate { SUM, MIN, MAX }

/** A source of a set operation: a sorted set, a set (members score 1), or a missing key. */
interface Source {
  readonly value: StoredValue | undefined;
  readonly length: number;
  weight: number;
  /** Score of a member, undefined when absent. */
  find(member: string): number | undefined;
  /** Visits members with their scores (sorted sets from the highest score, as redis iterates). */
  forEach(visit: (member: string, score: number) => boolean | void): void;
}

/** What the sets family's value provides: membership and iteration over members. */
interface SetLike {
  readonly length: number;
  has(member: string): boolean;
  [Symbol.iterator](): Iterator<string>;
}

function zsetSource(z: ZSetValue | undefined): Source {
  return {
    value: z,
    length: z === undefined ? 0 : z.length,
    weight: 1,
    find: (m) => (z === undefined ? undefined : z.score(m)),
    forEach: (visit) => {
      if (z === undefined) return;
      for (const c = z.cursor(z.length - 1); c.valid; c.prev()) if (visit(c.ele, c.score) === false) return;
    },
  };
}

function setSource(s: SetLike & StoredValue): Source {
  return {
    value: s,
    length: s.length,
    weight: 1,
    find: (m) => (s.has(m) ? 1 : undefined),
    forEach: (visit) => {
      for (const m of s) if (visit(m, 1) === false) return;
    },
  };
}

function isSetLike(v: StoredValue): v is SetLike & StoredValue {
  const s = v as Partial<SetLike>;
  return v.type === 'set' && typeof s.has === 'function' && typeof s[Symbol.iterator] === 'function';
}

/** redis zunionInterAggregate: sums that are NaN (inf + -inf) become 0. */
function aggregate(target: number, value: number, how: Aggregate): number {
  if (how === Aggregate.SUM) {
    const sum = target + value;
    return Number.isNaN(sum) ? 0 : sum;
  }
  if (how === Aggregate.MIN) return value < target ? value : target;
  return value > target ? value : target;
}

function weighted(weight: number, score: number): number {
  const s = weight * score;
  return Number.isNaN(s) ? 0 : s;
}

/**
 * The generic command. `numkeysIndex` is where numkeys sits; `dst` is the destination of the
 * STORE forms; `cardOnly` is ZINTERCARD.
 */
function zsetOperation(c: Client, argv: string[], dst: string | undefined, numkeysIndex: number, op: SetOp, cardOnly: boolean): void {
  const setnum = intArg(c, argv[numkeysIndex]);
  if (setnum === undefined) return;
  if (setnum < 1) return c.out.error(`at least 1 input key is needed for '${c.cmd!.fullName}' command`);
  if (setnum > argv.length - (numkeysIndex + 1)) return c.out.error(ERR.SYNTAX);

  const sources: Source[] = [];
  let j = numkeysIndex + 1;
  for (let i = 0; i < setnum; i++, j++) {
    const v = c.db.lookupRead(argv[j]);
    if (v === undefined) sources.push(zsetSource(undefined));
    else if (v instanceof ZSetValue) sources.push(zsetSource(v));
    else if (isSetLike(v)) sources.push(setSource(v));
    else return c.out.error(ERR.WRONGTYPE);
  }

  let how = Aggregate.SUM;
  let withScores = false;
  let limit = 0;
  let remaining = argv.length - j;
  while (remaining > 0) {
    const a = argv[j];
    if (op !== SetOp.DIFF && !cardOnly && remaining >= setnum + 1 && is(a, 'weights')) {
      j++;
      remaining--;
      for (let i = 0; i < setnum; i++, j++, remaining--) {
        const w = parseDouble(argv[j]);
        if (w === undefined) return c.out.error('weight value is not a float');
        sources[i].weight = w;
      }
    } else if (op !== SetOp.DIFF && !cardOnly && remaining >= 2 && is(a, 'aggregate')) {
      const kind = argv[j + 1];
      if (is(kind, 'sum')) how = Aggregate.SUM;
      else if (is(kind, 'min')) how = Aggregate.MIN;
      else if (is(kind, 'max')) how = Aggregate.MAX;
      else return c.out.error(ERR.SYNTAX);
      j += 2;
      remaining -= 2;
    } else if (remaining >= 1 && dst === undefined && !cardOnly && is(a, 'withscores')) {
      j++;
      remaining--;
      withScores = true;
    } else if (cardOnly && remaining >= 2 && is(a, 'limit')) {
      const l = nonNegativeIntArg(c, argv[j + 1], "LIMIT can't be negative");
      if (l === undefined) return;
      limit = l;
      j += 2;
      remaining -= 2;
    } else {
      return c.out.error(ERR.SYNTAX);
    }
  }

  // Smallest first, stably, as redis' qsort (glibc's merge sort) orders them.
  if (op !== SetOp.DIFF) sources.sort((a, b) => a.length - b.length);

  if (cardOnly) return c.out.integer(interCardinality(sources, limit));
  const result = new ZSetValue(false);
  let maxLen = 0;
  const add = (member: string, score: number) => {
    result.insertNew(score, member);
    if (member.length > maxLen) maxLen = member.length;
  };
  if (op === SetOp.INTER) intersect(sources, how, add);
  else if (op === SetOp.UNION) union(sources, how, add);
  else difference(sources, add);

  if (dst !== undefined) {
    const event = op === SetOp.UNION ? 'zunionstore' : op === SetOp.INTER ? 'zinterstore' : 'zdiffstore';
    const count = result.length;
    if (count > 0) result.toListpackIfFits(zsetLimits(c), maxLen);
    storeResult(c, dst, result, event, 1, () => c.out.integer(count));
    return;
  }
  memberListHeader(c, result.length, withScores);
  for (const cur = result.cursor(0); cur.valid; cur.next()) replyMember(c, cur.ele, cur.score, withScores);
}

function intersect(sources: Source[], how: Aggregate, add: (m: string, s: number) => void): void {
  const first = sources[0];
  if (first.length === 0) return;
  first.forEach((member, raw) => {
    let score = weighted(first.weight, raw);
    let j = 1;
    for (; j < sources.length; j++) {
      const other = sources[j];
      if (other.value === first.value) {
        score = aggregate(score, raw * other.weight, how);
        continue;
      }
      const found = other.find(member);
      if (found === undefined) break;
      score = aggregate(score, found * other.weight, how);
    }
    if (j === sources.length) add(member, score);
  });
}

function interCardinality(sources: Source[], limit: number): number {
  const first = sources[0];
  let count = 0;
  if (first.length === 0) return 0;
  first.forEach((member) => {
    for (let j = 1; j < sources.length; j++) {
      const other = sources[j];
      if (other.value !== first.value && other.find(member) === undefined) return true;
    }
    count++;
    return !(limit && count >= limit);
  });
  return count;
}

function union(sources: Source[], how: Aggregate, add: (m: string, s: number) => void): void {
  const acc = new Map<string, number>();
  for (const src of sources) {
    if (src.length === 0) continue;
    src.forEach((member, raw) => {
      const score = weighted(src.weight, raw);
      const current = acc.get(member);
      acc.set(member, current === undefined ? score : aggregate(current, score, how));
    });
  }
  for (const [member, score] of acc) add(member, score);
}

function difference(sources: Source[], add: (m: string, s: number) => void): void {
  const first = sources[0];
  if (first.length === 0) return;
  for (let j = 1; j < sources.length; j++) if (sources[j].value === first.value) return;
  first.forEach((member, score) => {
    for (let j = 1; j < sources.length; j++) if (sources[j].find(member) !== undefined) return;
    add(member, score);
  });
}

export const ZSET_SETOP_COMMANDS: CommandDef[] = [
  { name: 'zunion', handler: (c, argv) => zsetOperation(c, argv, undefined, 1, SetOp.UNION, false) },
  { name: 'zinter', handler: (c, argv) => zsetOperation(c, argv, undefined, 1, SetOp.INTER, false) },
  { name: 'zdiff', handler: (c, argv) => zsetOperation(c, argv, undefined, 1, SetOp.DIFF, false) },
  { name: 'zintercard', handler: (c, argv) => zsetOperation(c, argv, undefined, 1, SetOp.INTER, true) },
  { name: 'zunionstore', handler: (c, argv) => zsetOperation(c, argv, argv[1], 2, SetOp.UNION, false) },
  { name: 'zinterstore', handler: (c, argv) => zsetOperation(c, argv, argv[1], 2, SetOp.INTER, false) },
  { name: 'zdiffstore', handler: (c, argv) => zsetOperation(c, argv, argv[1], 2, SetOp.DIFF, false) },
];

/**
 * Sorted sets beyond what the differential suite sees: the skiplist against a naive model,
 * memory accounting, propagation, keyspace events, blocking pops, ZRANDMEMBER sampling and the
 * 7.2-only ZRANK WITHSCORE.
 */
import { recordPropagation } from './support/collections';
import { parseReplies, TestEngine } from './support/engine';
import { toPlain } from '../../../src/engines/resp';
import { CLIENT, Client } from '../../../src/engines/valkey/server/client';
import { parseLexRange, parseScoreRange } from '../../../src/engines/valkey/types/zset/ranges';
import { ZADD_IN, ZSetValue } from '../../../src/engines/valkey/types/zset/zset-value';
import { eventually } from '../../support/eventually';

const LIMITS = { entries: 128, value: 64 };

/** Deterministic pseudo-random numbers for the model test. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function modelOrder(model: Map<string, number>): [string, number][] {
  return [...model.entries()].sort((a, b) => (a[1] - b[1]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function listen(e: TestEngine): () => string[] {
  const client = e.newClient();
  e.server.pubsub.subscribe(client, 'pattern', '__keyevent@*__:*');
  return () => parseReplies(client.out.take()).map((v) => {
    const [, , channel, key] = toPlain(v) as string[];
    return `${channel.slice(channel.indexOf(':') + 1)} ${key}`;
  });
}

/** Waits for a blocked client's timeout to fire (it runs on real timers). */
function timedOut(c: Client): Promise<boolean> {
  return eventually(() => (c.flags & CLIENT.BLOCKED) === 0, 10_000, 'the blocking timeout');
}

function replies(c: Client): unknown[] {
  return parseReplies(c.out.take()).map(toPlain);
}

describe('ordered index and sorted-set value', () => {
  test('random inserts, updates and deletes keep order, ranks, ranges and counts right', () => {
    const next = rng(42);
    const zset = new ZSetValue(false);
    const model = new Map<string, number>();
    // Enough members to split leaves and inner nodes, and enough deletes to merge and drop them.
    for (let step = 0; step < 30000; step++) {
      const member = `m${Math.floor(next() * 5000)}`;
      const score = Math.floor(next() * 500) - 250;
      const op = next();
      if (op < 0.55) {
        zset.add(score, member, ZADD_IN.NONE, LIMITS);
        model.set(member, score);
      } else if (op < 0.7) {
        zset.add(score, member, ZADD_IN.INCR, LIMITS);
        model.set(member, (model.get(member) ?? 0) + score);
      } else {
        expect(zset.delete(member)).toBe(model.delete(member));
      }
    }
    const expected = modelOrder(model);
    expect([...zset.entries()]).toEqual(expected);
    expect(zset.tree.length).toBe(expected.length);
    // Compared in bulk: one expect per element would dominate the run time.
    const ranks = expected.map(([m]) => zset.rank(m, false));
    const reverse = expected.map(([m]) => zset.rank(m, true));
    const atRank = expected.map((_, i) => {
      const cur = zset.cursor(i);
      return [cur.ele, cur.score];
    });
    expect(ranks).toEqual(expected.map((_, i) => i));
    expect(reverse).toEqual(expected.map((_, i) => expected.length - 1 - i));
    expect(atRank).toEqual(expected);
    const backward: string[] = [];
    for (const cur = zset.cursor(expected.length - 1); cur.valid; cur.prev()) backward.push(cur.ele);
    expect(backward.reverse()).toEqual(expected.map(([m]) => m));
    for (const [min, max] of [['(-5', '7'], ['-inf', '(0'], ['100', '+inf'], ['3', '3'], ['(3', '3']]) {
      const range = parseScoreRange(min, max)!;
      const lo = min === '-inf' ? -Infinity : Number(min.replace('(', ''));
      const hi = max === '+inf' ? Infinity : Number(max.replace('(', ''));
      const inRange = expected.map(([, s], i) => [s, i]).filter(([s]) =>
        (min.startsWith('(') ? s > lo : s >= lo) && (max.startsWith('(') ? s < hi : s <= hi));
      expect(zset.firstInScoreRange(range)).toBe(inRange.length ? inRange[0][1] : -1);
      expect(zset.lastInScoreRange(range)).toBe(inRange.length ? inRange[inRange.length - 1][1] : -1);
    }
  });

  test('deleting everything in rank order leaves an empty, reusable tree', () => {
    const zset = new ZSetValue(false);
    for (let i = 0; i < 20000; i++) zset.add(i % 20, `m${i}`, ZADD_IN.NONE, LIMITS);
    expect(zset.deleteRanks(100, 4099)).toBe(4000);
    expect(zset.length).toBe(16000);
    expect(zset.deleteRanks(0, 15999)).toBe(16000);
    expect(zset.length).toBe(0);
    expect(zset.cursor(0).valid).toBe(false);
    zset.add(1, 'again', ZADD_IN.NONE, LIMITS);
    expect([...zset.entries()]).toEqual([['again', 1]]);
  });

  test('lexicographic ranges over equal scores', () => {
    const zset = new ZSetValue(false);
    for (const m of ['a', 'b', 'c', 'd', 'e']) zset.add(0, m, ZADD_IN.NONE, LIMITS);
    const r = parseLexRange('(a', '[d')!;
    expect(zset.firstInLexRange(r)).toBe(1);
    expect(zset.lastInLexRange(r)).toBe(3);
    expect(zset.firstInLexRange(parseLexRange('[x', '+')!)).toBe(-1);
  });

  test('memory figures follow changes incrementally and match a recount', () => {
    const zset = new ZSetValue(true);
    for (let i = 0; i < 100; i++) zset.add(i * 0.5, `member-${i}`, ZADD_IN.NONE, LIMITS);
    const incremental = zset.memoryUsage();
    const copy = zset.clone() as ZSetValue;
    expect(copy.memoryUsage()).toBe(incremental);
    zset.toSkiplist();
    const skiplistBytes = zset.memoryUsage();
    expect(skiplistBytes).toBeGreaterThan(incremental);
    for (let i = 0; i < 100; i++) zset.delete(`member-${i}`);
    expect(zset.length).toBe(0);
  });

  test('the dataset size returns to its start after a set is filled and removed', () => {
    const e = new TestEngine();
    const before = e.server.memory.dataset;
    for (let i = 0; i < 300; i++) e.run('ZADD', 'z', String(i), `m${i}`);
    expect(e.run('OBJECT', 'ENCODING', 'z')).toBe('skiplist');
    expect(e.server.memory.dataset).toBeGreaterThan(before);
    e.run('ZREMRANGEBYRANK', 'z', '0', '149');
    e.run('ZPOPMIN', 'z', '1000');
    expect(e.run('EXISTS', 'z')).toBe(0n);
    expect(e.server.memory.dataset).toBe(before);
  });
});

describe('sorted-set propagation', () => {
  let e: TestEngine;
  let units: string[][][];
  beforeEach(() => {
    e = new TestEngine();
    units = recordPropagation(e);
  });

  test('writes propagate as sent; no-ops and reads do not propagate', () => {
    e.run('ZADD', 'z', '1', 'a', '2', 'b');
    e.run('ZADD', 'z', '1', 'a');
    e.run('ZINCRBY', 'z', '5', 'a');
    e.run('ZREM', 'z', 'nope');
    e.run('ZRANGE', 'z', '0', '-1');
    e.run('ZREM', 'z', 'b');
    e.run('ZRANGESTORE', 'd', 'z', '0', '-1');
    e.run('ZUNIONSTORE', 'u', '1', 'z');
    expect(units).toEqual([
      [['ZADD', 'z', '1', 'a', '2', 'b']],
      [['ZINCRBY', 'z', '5', 'a']],
      [['ZREM', 'z', 'b']],
      [['ZRANGESTORE', 'd', 'z', '0', '-1']],
      [['ZUNIONSTORE', 'u', '1', 'z']],
    ]);
  });

  test('ZMPOP and the blocking pops propagate as ZPOPMIN/ZPOPMAX with the count that was served', () => {
    e.run('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c');
    e.run('ZADD', 'y', '1', 'a', '2', 'b');
    units.length = 0;
    e.run('ZMPOP', '2', 'nokey', 'z', 'MAX', 'COUNT', '2');
    e.run('BZPOPMIN', 'nokey', 'z', '0');
    e.run('BZMPOP', '0', '1', 'y', 'MIN', 'COUNT', '10');
    e.run('ZPOPMIN', 'nokey', '5');
    expect(units).toEqual([
      [['ZPOPMAX', 'z', '2']],
      [['ZPOPMIN', 'z']],
      [['ZPOPMIN', 'y', '2']],
    ]);
  });

  test('a blocked BZPOPMAX served later propagates ZPOPMAX after the write that woke it', () => {
    const waiter = e.newClient();
    e.server.runCommand(waiter, ['BZPOPMAX', 'q', '0']);
    expect(waiter.flags & CLIENT.BLOCKED).toBeTruthy();
    e.run('ZADD', 'q', '1', 'x', '2', 'y');
    expect(replies(waiter)).toEqual([['q', 'y', '2']]);
    expect(units).toEqual([[['ZADD', 'q', '1', 'x', '2', 'y']], [['ZPOPMAX', 'q']]]);
  });
});

describe('sorted-set keyspace events', () => {
  test('each command fires redis event names, with del when a set empties', () => {
    const e = new TestEngine({ config: { 'notify-keyspace-events': 'Ezg' } });
    const events = listen(e);
    e.run('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c');
    e.run('ZADD', 'z', '1', 'a');
    e.run('ZINCRBY', 'z', '1', 'a');
    e.run('ZADD', 'z', 'INCR', '1', 'a');
    e.run('ZREM', 'z', 'a');
    e.run('ZREMRANGEBYSCORE', 'z', '2', '2');
    e.run('ZPOPMAX', 'z');
    e.run('ZADD', 'z', '1', 'a', '2', 'b');
    e.run('ZREMRANGEBYRANK', 'z', '0', '0');
    e.run('ZREMRANGEBYLEX', 'z', '-', '+');
    e.run('ZADD', 'z', '1', 'a');
    e.run('ZUNIONSTORE', 'u', '1', 'z');
    e.run('ZINTERSTORE', 'i', '1', 'z');
    e.run('ZDIFFSTORE', 'd', '1', 'z');
    e.run('ZRANGESTORE', 'r', 'z', '0', '-1');
    e.run('ZRANGESTORE', 'r', 'z', '5', '6');
    e.run('ZPOPMIN', 'z', '2');
    expect(events()).toEqual([
      'zadd z', 'zincr z', 'zincr z', 'zrem z', 'zremrangebyscore z', 'zpopmax z', 'del z',
      'zadd z', 'zremrangebyrank z', 'zremrangebylex z', 'del z',
      'zadd z', 'zunionstore u', 'zinterstore i', 'zdiffstore d', 'zrangestore r', 'del r',
      'zpopmin z', 'del z',
    ]);
  });
});

describe('blocking pops', () => {
  test('a timed out BZPOPMIN answers a null array', async () => {
    const e = new TestEngine();
    const waiter = e.newClient();
    e.server.runCommand(waiter, ['BZPOPMIN', 'q', '0.02']);
    expect(waiter.flags & CLIENT.BLOCKED).toBeTruthy();
    await timedOut(waiter);
    expect(waiter.out.take().toString('latin1')).toBe('*-1\r\n');
    expect(waiter.flags & CLIENT.BLOCKED).toBe(0);
  });

  test('clients are served in the order they blocked, one member each', () => {
    const e = new TestEngine();
    const first = e.newClient();
    const second = e.newClient();
    e.server.runCommand(first, ['BZPOPMIN', 'q', '0']);
    e.server.runCommand(second, ['BZMPOP', '0', '1', 'q', 'MIN', 'COUNT', '5']);
    e.run('ZADD', 'q', '3', 'c', '1', 'a', '2', 'b');
    expect(replies(first)).toEqual([['q', 'a', '1']]);
    expect(replies(second)).toEqual([['q', [['b', '2'], ['c', '3']]]]);
    expect(e.run('EXISTS', 'q')).toBe(0n);
  });

  test('a waiter whose key becomes another type keeps waiting', () => {
    const e = new TestEngine();
    const waiter = e.newClient();
    e.server.runCommand(waiter, ['BZPOPMIN', 'q', '0']);
    e.run('SET', 'q', 'v');
    e.server.signalKeyAsReady(e.server.dbs[0], 'q');
    e.server.blocking.handleReadyKeys();
    expect(waiter.flags & CLIENT.BLOCKED).toBeTruthy();
    expect(waiter.out.len).toBe(0);
    e.run('DEL', 'q');
    e.run('ZADD', 'q', '1', 'a');
    expect(replies(waiter)).toEqual([['q', 'a', '1']]);
  });
});

describe('ZRANDMEMBER sampling', () => {
  const e = new TestEngine();
  for (let i = 0; i < 50; i++) e.run('ZADD', 'z', String(i), `m${i}`);
  const members = new Set(Array.from({ length: 50 }, (_, i) => `m${i}`));

  test.each([5, 20, 40])('a positive count %i returns distinct members of the set', (count) => {
    const got = e.run('ZRANDMEMBER', 'z', String(count)) as string[];
    expect(got).toHaveLength(count);
    expect(new Set(got).size).toBe(count);
    for (const m of got) expect(members.has(m)).toBe(true);
  });

  test('a negative count may repeat members and every pick is a member', () => {
    const got = e.run('ZRANDMEMBER', 'z', '-500') as string[];
    expect(got).toHaveLength(500);
    expect(new Set(got).size).toBeLessThan(500);
    for (const m of got) expect(members.has(m)).toBe(true);
  });

  test('single picks spread over the whole set', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(e.run('ZRANDMEMBER', 'z') as string);
    expect(seen.size).toBe(50);
  });

  test('WITHSCORES pairs each member with its own score', () => {
    const got = e.run('ZRANDMEMBER', 'z', '10', 'WITHSCORES') as string[];
    for (let i = 0; i < got.length; i += 2) expect(got[i]).toBe(`m${got[i + 1]}`);
  });
});

describe('version-dependent ZRANK', () => {
  test('7.2 accepts WITHSCORE; 7.0 answers the arity error', () => {
    const v72 = new TestEngine({ version: '7.2.4' });
    v72.run('ZADD', 'z', '1.5', 'a');
    expect(v72.run('ZRANK', 'z', 'a', 'WITHSCORE')).toEqual([0n, '1.5']);
    expect(v72.run('ZREVRANK', 'z', 'nope', 'WITHSCORE')).toBeNull();
    expect(v72.raw('ZRANK', 'z', 'a', 'FOO')).toBe('-ERR syntax error\r\n');
    expect(v72.raw('ZRANK', 'z', 'a', 'WITHSCORE', 'x')).toBe("-ERR wrong number of arguments for 'zrank' command\r\n");
    const v70 = new TestEngine({ version: '7.0.15' });
    expect(v70.raw('ZRANK', 'z', 'a', 'WITHSCORE')).toBe("-ERR wrong number of arguments for 'zrank' command\r\n");
  });
});

describe('listpack limits', () => {
  test('CONFIG SET of the limits applies to the next write', () => {
    const e = new TestEngine();
    e.run('ZADD', 'z', '1', 'a', '2', 'b');
    expect(e.run('OBJECT', 'ENCODING', 'z')).toBe('listpack');
    e.run('CONFIG', 'SET', 'zset-max-listpack-entries', '2');
    expect(e.run('OBJECT', 'ENCODING', 'z')).toBe('listpack');
    e.run('ZADD', 'z', '3', 'c');
    expect(e.run('OBJECT', 'ENCODING', 'z')).toBe('skiplist');
    e.run('CONFIG', 'SET', 'zset-max-ziplist-value', '3');
    e.run('ZADD', 'y', '1', 'abcd');
    expect(e.run('OBJECT', 'ENCODING', 'y')).toBe('skiplist');
  });
});

/**
 * Streams in-process: what the differential suite (which compares with redis-server 7.0) cannot
 * show — Valkey 7.2's rules (consumer fields, eager consumer creation, re-run blocked readers and
 * their errors), time-dependent fields under a virtual clock, blocking order and timeouts, memory
 * accounting, large streams and PELs, and the ID and radix-tree helpers.
 */
import { parseReplies, TestEngine } from './support/engine';
import { toPlain } from '../../../src/engines/resp';
import { CLIENT, Client } from '../../../src/engines/valkey/server/client';
import { radixTreeNodeCount } from '../../../src/engines/valkey/types/stream/rax-shape';
import { parseStreamId, string2ull, UINT64_MAX } from '../../../src/engines/valkey/types/stream/stream-id';
import { StreamValue } from '../../../src/engines/valkey/types/stream/stream-value';
import { eventually } from '../../support/eventually';

/** Waits for a blocked client's timeout to fire (it runs on real timers). */
function timedOut(c: Client): Promise<boolean> {
  return eventually(() => (c.flags & CLIENT.BLOCKED) === 0, 10_000, 'the blocking timeout');
}

function replies(c: Client): unknown[] {
  return parseReplies(c.out.take()).map(toPlain);
}

/** A flat RESP2 map reply as an object. */
function asObject(reply: unknown): Record<string, unknown> {
  const items = reply as unknown[];
  const out: Record<string, unknown> = {};
  for (let i = 0; i < items.length; i += 2) out[String(items[i])] = items[i + 1];
  return out;
}

function errorText(reply: unknown): string {
  expect(reply).toBeInstanceOf(Error);
  return (reply as Error).message;
}

function fill(e: TestEngine, key: string, n: number, from = 1): void {
  for (let i = from; i < from + n; i++) e.run('XADD', key, `${i}-1`, 'f', String(i));
}

describe('Valkey 7.2 rules (the default emulated version)', () => {
  let e: TestEngine;
  beforeEach(() => {
    e = new TestEngine();
  });

  test('XINFO CONSUMERS reports idle and inactive from the seen and active times', () => {
    fill(e, 's', 2);
    e.run('XGROUP', 'CREATE', 's', 'g', '0');
    e.run('XGROUP', 'CREATECONSUMER', 's', 'g', 'idler');
    e.advance(100);
    e.run('XREADGROUP', 'GROUP', 'g', 'reader', 'COUNT', '1', 'STREAMS', 's', '>');
    e.advance(250);
    const consumers = (e.run('XINFO', 'CONSUMERS', 's', 'g') as unknown[]).map(asObject);
    expect(consumers).toEqual([
      { name: 'idler', pending: 0n, idle: 350n, inactive: -1n },
      { name: 'reader', pending: 1n, idle: 250n, inactive: 250n },
    ]);
    // Reading nothing new refreshes the seen time only.
    e.run('XREADGROUP', 'GROUP', 'g', 'reader', 'COUNT', '1', 'STREAMS', 's', '9-9');
    e.advance(10);
    const reader = asObject((e.run('XINFO', 'CONSUMERS', 's', 'g') as unknown[])[1]);
    expect([reader.idle, reader.inactive]).toEqual([10n, 260n]);
  });

  test('XINFO STREAM FULL lists seen-time and active-time of each consumer', () => {
    fill(e, 's', 1);
    e.run('XGROUP', 'CREATE', 's', 'g', '0');
    e.run('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>');
    const t = BigInt(e.time);
    e.advance(5);
    const info = asObject(e.run('XINFO', 'STREAM', 's', 'FULL'));
    const group = asObject((info.groups as unknown[])[0]);
    const consumer = asObject((group.consumers as unknown[])[0]);
    expect(consumer).toEqual({ 'name': 'c', 'seen-time': t, 'active-time': t, 'pel-count': 1n, 'pending': [['1-1', t, 1n]] });
    expect(group.pending).toEqual([['1-1', 'c', t, 1n]]);
  });

  test('XREADGROUP and XCLAIM create their consumer even when they deliver nothing (7.0 does not)', () => {
    for (const [version, expected] of [['7.2.4', 2n], ['7.0.15', 0n]] as const) {
      const engine = new TestEngine({ version });
      fill(engine, 's', 1);
      engine.run('XGROUP', 'CREATE', 's', 'g', '$');
      engine.run('XREADGROUP', 'GROUP', 'g', 'reader', 'STREAMS', 's', '>');
      engine.run('XCLAIM', 's', 'g', 'claimer', '0', '1-1');
      expect(asObject((engine.run('XINFO', 'GROUPS', 's') as unknown[])[0]).consumers).toBe(expected);
    }
  });

  test('XSETID cannot go below the largest deleted ID (7.0 allows it)', () => {
    fill(e, 's', 5);
    e.run('XDEL', 's', '1-1', '2-1', '3-1', '4-1', '5-1');
    expect(errorText(e.run('XSETID', 's', '1-1'))).toBe('ERR The ID specified in XSETID is smaller than current max_deleted_entry_id');
    expect(e.run('XSETID', 's', '6-0')).toBe('OK');
    const old = new TestEngine({ version: '7.0.15' });
    fill(old, 's', 5);
    old.run('XDEL', 's', '5-1');
    old.run('XDEL', 's', '1-1', '2-1', '3-1', '4-1');
    expect(old.run('XSETID', 's', '1-1')).toBe('OK');
  });

  test('error texts that 7.2 words differently', () => {
    e.run('XADD', 's', '5-18446744073709551615', 'f', 'v');
    expect(errorText(e.run('XADD', 's', '5-*', 'f', 'v'))).toBe('ERR The ID specified in XADD is equal or smaller than the target stream top item');
    expect(errorText(e.run('XREAD', 'COUNT', '1', 'STREAMS', 's'))).toBe("ERR Unbalanced 'xread' list of streams: for each stream key an ID or '$' must be specified.");
    e.run('XGROUP', 'CREATE', 's', 'g', '0');
    expect(errorText(e.run('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>', '>')))
      .toBe("ERR Unbalanced 'xreadgroup' list of streams: for each stream key an ID or '>' must be specified.");
    expect(errorText(e.run('XREAD', 'BLOCK', '9223372036854775807', 'STREAMS', 's', '$'))).toBe('ERR timeout is out of range');
    const old = new TestEngine({ version: '7.0.15' });
    old.run('XADD', 's', '5-18446744073709551615', 'f', 'v');
    expect(errorText(old.run('XADD', 's', '5-*', 'f', 'v'))).toBe('ERR Elements are too large to be stored');
  });

  test('the read counter follows 7.2 after the group fell behind a trim (7.0 undercounts)', () => {
    for (const [version, read, lag] of [['7.2.4', 3n, 0n], ['7.0.15', 1n, 2n]] as const) {
      const engine = new TestEngine({ version });
      fill(engine, 's', 3);
      engine.run('XGROUP', 'CREATE', 's', 'g', '0', 'ENTRIESREAD', '0');
      engine.run('XTRIM', 's', 'MAXLEN', '1');
      engine.run('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>');
      const group = asObject((engine.run('XINFO', 'GROUPS', 's') as unknown[])[0]);
      expect([version, group['entries-read'], group.lag]).toEqual([version, read, lag]);
    }
  });
});

describe('blocked readers', () => {
  let e: TestEngine;
  let reader: Client;
  beforeEach(() => {
    e = new TestEngine();
    reader = e.newClient();
  });

  function block(c: Client, ...argv: string[]): void {
    e.server.runCommand(c, argv);
    expect(c.flags & CLIENT.BLOCKED).toBeTruthy();
  }

  test('7.2: a reader of a deleted stream, a replaced key or a destroyed group gets the command\'s error', () => {
    const scenarios: [string[][], string][] = [
      [[['DEL', 's']], "NOGROUP No such key 's' or consumer group 'g' in XREADGROUP with GROUP option"],
      [[['SET', 's', 'x']], 'WRONGTYPE Operation against a key holding the wrong kind of value'],
      [[['XGROUP', 'DESTROY', 's', 'g']], "NOGROUP No such key 's' or consumer group 'g' in XREADGROUP with GROUP option"],
      [[['FLUSHALL']], "NOGROUP No such key 's' or consumer group 'g' in XREADGROUP with GROUP option"],
      [[['MULTI'], ['DEL', 's'], ['SADD', 's', 'm'], ['EXEC']], 'WRONGTYPE Operation against a key holding the wrong kind of value'],
    ];
    for (const [commands, error] of scenarios) {
      e.run('FLUSHALL');
      e.run('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
      block(reader, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>');
      for (const argv of commands) e.run(...argv);
      const [reply] = replies(reader);
      expect(errorText(reply)).toBe(error);
      expect(reader.flags & CLIENT.BLOCKED).toBe(0);
    }
  });

  test('7.0: the same changes answer -UNBLOCKED or -NOGROUP as redis 7.0 does', () => {
    const old = new TestEngine({ version: '7.0.15' });
    const c = old.newClient();
    const scenarios: [string[], string][] = [
      [['DEL', 's'], 'UNBLOCKED the stream key no longer exists'],
      [['SET', 's', 'x'], 'UNBLOCKED the stream key no longer exists'],
      [['XGROUP', 'DESTROY', 's', 'g'], 'NOGROUP the consumer group this client was blocked on no longer exists'],
    ];
    for (const [argv, error] of scenarios) {
      old.run('FLUSHALL');
      old.run('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
      old.server.runCommand(c, ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>']);
      old.run(...argv);
      expect(errorText(parseReplies(c.out.take()).map(toPlain)[0])).toBe(error);
    }
  });

  test('7.2: a woken reader is served every stream that has entries (7.0 serves the signalled one)', () => {
    block(reader, 'XREAD', 'BLOCK', '0', 'STREAMS', 'a', 'b', '$', '$');
    e.run('MULTI');
    e.run('XADD', 'b', '1-1', 'f', 'b');
    e.run('XADD', 'a', '1-1', 'f', 'a');
    e.run('EXEC');
    expect(replies(reader)).toEqual([[['a', [['1-1', ['f', 'a']]]], ['b', [['1-1', ['f', 'b']]]]]]);
  });

  test('7.2: an entry added and deleted before the reader runs leaves it blocked; there is no 1000-entry cap', () => {
    block(reader, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
    e.run('MULTI');
    e.run('XADD', 's', '1-1', 'f', 'v');
    e.run('XDEL', 's', '1-1');
    e.run('EXEC');
    expect(reader.flags & CLIENT.BLOCKED).toBeTruthy();
    expect(replies(reader)).toEqual([]);
    e.run('EVAL', "for i=1,1200 do redis.call('XADD', KEYS[1], (i+1)..'-0', 'f', i) end return 1", '1', 's');
    const [reply] = replies(reader) as [[string, unknown[]][]];
    expect(reply[0][1]).toHaveLength(1200);
  });

  test('a reader waiting for a stream ignores a key of another type until a stream comes back', () => {
    e.run('XADD', 's', '5-1', 'f', 'v');
    block(reader, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
    e.run('SET', 's', 'x');
    e.run('DEL', 's');
    e.run('XADD', 's', '4-1', 'f', 'old');
    expect(reader.flags & CLIENT.BLOCKED).toBeTruthy();
    e.run('XADD', 's', '6-1', 'f', 'new');
    expect(replies(reader)).toEqual([[['s', [['6-1', ['f', 'new']]]]]]);
  });

  test('consumers blocked on a group are served in blocking order, one entry each', () => {
    e.run('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    const others = [e.newClient(), e.newClient()];
    block(reader, 'XREADGROUP', 'GROUP', 'g', 'first', 'BLOCK', '0', 'STREAMS', 's', '>');
    block(others[0], 'XREADGROUP', 'GROUP', 'g', 'second', 'BLOCK', '0', 'STREAMS', 's', '>');
    block(others[1], 'XREADGROUP', 'GROUP', 'g', 'third', 'COUNT', '1', 'BLOCK', '0', 'STREAMS', 's', '>');
    e.run('XADD', 's', '1-1', 'f', 'v');
    expect(replies(reader)).toEqual([[['s', [['1-1', ['f', 'v']]]]]]);
    expect(replies(others[0])).toEqual([]);
    e.run('XADD', 's', '2-1', 'f', 'v');
    expect(replies(others[0])).toEqual([[['s', [['2-1', ['f', 'v']]]]]]);
    expect(others[1].flags & CLIENT.BLOCKED).toBeTruthy();
    expect(e.run('XPENDING', 's', 'g')).toEqual([2n, '1-1', '2-1', [['first', '1'], ['second', '1']]]);
  });

  test('a reader times out with a null reply and its consumer stays', async () => {
    e.run('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    block(reader, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '30', 'STREAMS', 's', '>');
    await timedOut(reader);
    expect(replies(reader)).toEqual([null]);
    expect(reader.flags & CLIENT.BLOCKED).toBe(0);
    expect(asObject((e.run('XINFO', 'GROUPS', 's') as unknown[])[0]).consumers).toBe(1n);
  });

  test('$ is pinned when blocking: a stream recreated with lower IDs does not wake the reader', () => {
    e.run('XADD', 's', '10-1', 'f', 'v');
    block(reader, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
    e.run('DEL', 's');
    e.run('XADD', 's', '3-1', 'f', 'v');
    expect(reader.flags & CLIENT.BLOCKED).toBeTruthy();
    e.run('XADD', 's', '10-2', 'f', 'v');
    expect(replies(reader)).toEqual([[['s', [['10-2', ['f', 'v']]]]]]);
  });

  test('XREAD BLOCK inside MULTI answers as a timeout, inside a script is refused', () => {
    e.run('MULTI');
    e.run('XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
    expect(e.run('EXEC')).toEqual([null]);
    expect(errorText(e.run('EVAL', "return redis.call('XREAD', 'BLOCK', '0', 'STREAMS', KEYS[1], '$')", '1', 's')))
      .toMatch(/XREAD command is not allowed with BLOCK option from scripts/);
  });
});

describe('memory accounting', () => {
  test('every stream change is accounted for at once', () => {
    const e = new TestEngine();
    const check = (after: string) => {
      const v = e.server.dbs[0].dict.get('s');
      if (v) expect([after, v.accountedBytes()]).toEqual([after, v.memoryUsage()]);
    };
    const commands: string[][] = [
      ['XADD', 's', '1-1', 'f', 'v'],
      ['XADD', 's', 'MAXLEN', '100', '*', 'field', 'x'.repeat(500)],
      ['XGROUP', 'CREATE', 's', 'g', '0'],
      ['XGROUP', 'CREATECONSUMER', 's', 'g', 'alice'],
      ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '>'],
      ['XCLAIM', 's', 'g', 'carol', '0', '1-1'],
      ['XAUTOCLAIM', 's', 'g', 'dave', '0', '0'],
      ['XACK', 's', 'g', '1-1'],
      ['XGROUP', 'DELCONSUMER', 's', 'g', 'dave'],
      ['XDEL', 's', '1-1'],
      ['XTRIM', 's', 'MAXLEN', '0'],
      ['XGROUP', 'DESTROY', 's', 'g'],
    ];
    for (const argv of commands) {
      e.run(...argv);
      check(argv.join(' '));
    }
  });

  test('a stream emptied by deletions or trims weighs what an empty stream weighs', () => {
    const empty = new StreamValue().memoryUsage();
    const e = new TestEngine();
    e.run('CONFIG', 'SET', 'stream-node-max-entries', '7');
    const add = (key: string) => e.run('EVAL', "for i=1,200 do redis.call('XADD', KEYS[1], i..'-0', 'f', string.rep('v', i % 13)) end return 1", '1', key);
    const weigh = (key: string) => (e.server.dbs[0].dict.get(key) as StreamValue).memoryUsage();
    add('a');
    // Deleted in a scattered order: middle nodes, the tail and the head go at different times.
    e.run('EVAL', "for k=0,2 do for i=200-k,1,-3 do redis.call('XDEL', KEYS[1], i..'-0') end end return 1", '1', 'a');
    expect(e.run('XLEN', 'a')).toBe(0n);
    expect(weigh('a')).toBe(empty);
    add('b');
    e.run('XTRIM', 'b', 'MAXLEN', '~', '50');
    e.run('XTRIM', 'b', 'MINID', '120');
    e.run('XDEL', 'b', '200-0', '199-0');
    e.run('XTRIM', 'b', 'MAXLEN', '0');
    expect(weigh('b')).toBe(empty);
  });

  test('used memory grows with entries and groups and returns after DEL', () => {
    const e = new TestEngine();
    const before = e.server.usedMemory();
    e.run('EVAL', "for i=1,2000 do redis.call('XADD', KEYS[1], i..'-0', 'field', string.rep('x', 100)) end return 1", '1', 's');
    const withEntries = e.server.usedMemory();
    expect(withEntries - before).toBeGreaterThan(2000 * 100);
    expect(withEntries - before).toBeLessThan(2000 * 400);
    e.run('XGROUP', 'CREATE', 's', 'g', '0');
    e.run('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>');
    expect(e.server.usedMemory()).toBeGreaterThan(withEntries);
    const usage = e.run('MEMORY', 'USAGE', 's') as bigint;
    expect(Number(usage)).toBeGreaterThan(withEntries - before);
    e.run('DEL', 's');
    expect(e.server.usedMemory()).toBe(before);
  });
});

describe('large streams and pending lists', () => {
  test('ranges, deletions and trims over 30000 entries', () => {
    const e = new TestEngine();
    e.run('EVAL', "for i=1,30000 do redis.call('XADD', KEYS[1], i..'-'..(i%7), 'n', i) end return 1", '1', 's');
    expect(e.run('XRANGE', 's', '15000', '15001')).toEqual([['15000-6', ['n', '15000']], ['15001-0', ['n', '15001']]]);
    e.run('EVAL', "for i=10000,20000 do redis.call('XDEL', KEYS[1], i..'-'..(i%7)) end return 1", '1', 's');
    expect(e.run('XLEN', 's')).toBe(19999n);
    expect(e.run('XRANGE', 's', '9999', '20001')).toEqual([['9999-3', ['n', '9999']], ['20001-2', ['n', '20001']]]);
    expect(e.run('XREVRANGE', 's', '20001', '9999', 'COUNT', '1')).toEqual([['20001-2', ['n', '20001']]]);
    expect(e.run('XTRIM', 's', 'MINID', '25000')).toBe(14998n);
    const info = asObject(e.run('XINFO', 'STREAM', 's'));
    expect(info.length).toBe(5001n);
    expect(info['recorded-first-entry-id']).toBe('25000-3');
    const s = e.server.dbs[0].dict.get('s') as StreamValue;
    expect(info['radix-tree-keys']).toBe(BigInt(s.nodes.length));
  });

  test('a PEL acknowledged from the front and claimed out of order stays in ID order', () => {
    const e = new TestEngine();
    e.run('EVAL', "for i=1,5000 do redis.call('XADD', KEYS[1], i..'-0', 'f', i) end return 1", '1', 's');
    e.run('XGROUP', 'CREATE', 's', 'g', '0');
    e.run('XREADGROUP', 'GROUP', 'g', 'a', 'STREAMS', 's', '>');
    e.run('EVAL', "for i=1,4000 do redis.call('XACK', KEYS[1], 'g', i..'-0') end return 1", '1', 's');
    // Re-create pending entries for old IDs (inserted before the others).
    e.run('XCLAIM', 's', 'g', 'b', '0', '10-0', '5-0', '3000-0', 'FORCE', 'JUSTID');
    const pending = e.run('XPENDING', 's', 'g', '-', '+', '5') as unknown[][];
    expect(pending.map((p) => [p[0], p[1]])).toEqual([['5-0', 'b'], ['10-0', 'b'], ['3000-0', 'b'], ['4001-0', 'a'], ['4002-0', 'a']]);
    expect(e.run('XPENDING', 's', 'g')).toEqual([1003n, '5-0', '5000-0', [['a', '1000'], ['b', '3']]]);
    // An XAUTOCLAIM that drops entries while walking (deleted from the stream) keeps its cursor.
    e.run('EVAL', "for i=4001,4600 do redis.call('XDEL', KEYS[1], i..'-0') end return 1", '1', 's');
    const [cursor, claimed, deleted] = e.run('XAUTOCLAIM', 's', 'g', 'c', '0', '4000-0', 'COUNT', '700', 'JUSTID') as [string, string[], string[]];
    expect(deleted).toHaveLength(600);
    expect(claimed).toEqual(Array.from({ length: 100 }, (_, i) => `${4601 + i}-0`));
    expect(cursor).toBe('4701-0');
    expect((e.run('XPENDING', 's', 'g') as unknown[])[0]).toBe(403n);
  });
});

describe('random arguments', () => {
  test('thousands of random stream commands never throw and keep the stream consistent', () => {
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const words = ['s', 't', 'g', 'h', 'c', 'd', '0', '1', '1-1', '2-0', '5-*', '*', '$', '>', '-', '+', '(1', '(2-0', 'x', '',
      '-1', '18446744073709551615-18446744073709551615', 'MAXLEN', 'MINID', '~', '=', 'LIMIT', 'NOMKSTREAM', 'COUNT', 'BLOCK',
      'STREAMS', 'GROUP', 'NOACK', 'IDLE', 'TIME', 'RETRYCOUNT', 'FORCE', 'JUSTID', 'LASTID', 'MKSTREAM', 'ENTRIESREAD',
      'ENTRIESADDED', 'MAXDELETEDID', 'FULL', 'f', 'v', '3', '100', '\0', '9223372036854775807'];
    const commands = [['XADD'], ['XADD', 's'], ['XRANGE'], ['XREVRANGE'], ['XDEL'], ['XTRIM'], ['XSETID'], ['XREAD'], ['XREADGROUP'],
      ['XACK'], ['XPENDING'], ['XCLAIM'], ['XAUTOCLAIM'], ['XGROUP', 'CREATE'], ['XGROUP', 'SETID'], ['XGROUP', 'DESTROY'],
      ['XGROUP', 'CREATECONSUMER'], ['XGROUP', 'DELCONSUMER'], ['XINFO', 'STREAM'], ['XINFO', 'GROUPS'], ['XINFO', 'CONSUMERS'], ['XLEN']];
    const e = new TestEngine();
    for (let i = 0; i < 20000; i++) {
      const argv = [...commands[rand(commands.length)]];
      const n = rand(9);
      for (let k = 0; k < n; k++) argv.push(words[rand(words.length)]);
      // BLOCK never parks the test client: MULTI answers it as a timeout.
      if (argv.includes('BLOCK')) e.run('MULTI');
      expect(() => e.server.runCommand(e.client, argv)).not.toThrow();
      if (argv.includes('BLOCK')) e.raw('EXEC');
      if (i % 1000 === 999) e.run('XADD', 's', '*', 'f', 'v');
    }
    expect(e.run('PING')).toBe('PONG');
    for (const key of ['s', 't']) {
      const v = e.server.dbs[0].dict.get(key);
      if (!(v instanceof StreamValue)) continue;
      expect(BigInt((e.run('XRANGE', key, '-', '+') as unknown[]).length)).toBe(e.run('XLEN', key));
      expect(v.accountedBytes()).toBe(v.memoryUsage());
    }
  });
});

describe('stream IDs and radix tree shape', () => {
  test('string2ull accepts what redis accepts', () => {
    expect(string2ull('123')).toBe(123);
    expect(string2ull('18446744073709551615')).toBe(UINT64_MAX);
    expect(string2ull('18446744073709551616')).toBeUndefined();
    expect(string2ull('-1')).toBeUndefined();
    expect(string2ull('-01')).toBe(UINT64_MAX);
    expect(string2ull(' +7')).toBe(7);
    expect(string2ull('007')).toBe(7);
    expect(string2ull('')).toBeUndefined();
    expect(string2ull(' ')).toBeUndefined();
    expect(string2ull('1 ')).toBeUndefined();
    expect(string2ull('9007199254740993')).toBe(9007199254740993n);
  });

  test('IDs: incomplete forms, <ms>-*, strict specials and the C-string view', () => {
    expect(parseStreamId('5', 7, false)!.id.toString()).toBe('5-7');
    expect(parseStreamId('-', 0, false)!.id.toString()).toBe('0-0');
    expect(parseStreamId('+', 0, false)!.id.toString()).toBe('18446744073709551615-18446744073709551615');
    expect(parseStreamId('+', 0, true)).toBeUndefined();
    expect(parseStreamId('5-*', 0, true)).toBeUndefined();
    expect(parseStreamId('5-*', 0, true, true)).toEqual({ id: expect.anything(), seqGiven: false });
    expect(parseStreamId('5-1\0garbage', 0, true)!.id.toString()).toBe('5-1');
    expect(parseStreamId('1'.repeat(128), 0, true)).toBeUndefined();
  });

  test('radix tree node counts follow the compressed trie of the node keys', () => {
    expect(radixTreeNodeCount([])).toBe(1);
    expect(radixTreeNodeCount([[1, 0]])).toBe(2);
    // Keys diverging at the last byte, in the middle, and at the first byte.
    expect(radixTreeNodeCount([[1, 1], [1, 2]])).toBe(4);
    expect(radixTreeNodeCount([[1, 1], [101, 1]])).toBe(6);
    expect(radixTreeNodeCount([[1, 0], [72057594037927936, 0]])).toBe(5);
    expect(radixTreeNodeCount([[1, 0], [2, 0], [3, 0]])).toBe(1 + 1 + 3 * 2);
  });
});

/**
 * Lists beyond what the differential suite sees: propagated forms, keyspace events, blocked clients
 * (order, timeouts, disconnects, databases, scripts), Valkey 7.2's listpack/quicklist transitions,
 * and the ring buffer against a plain array model.
 */
import { recordEvents, recordPropagation, sleep, takeReplies } from './support/collections';
import { TestEngine } from './support/engine';
import { CLIENT } from '../../../src/engines/valkey/server/client';
import { ListValue } from '../../../src/engines/valkey/types/list/list-value';
import { eventually } from '../../support/eventually';

describe('list propagation', () => {
  let e: TestEngine;
  let units: string[][][];
  beforeEach(() => {
    e = new TestEngine();
    units = recordPropagation(e);
  });

  test('pushes and pops propagate as sent; no-ops propagate nothing', () => {
    e.run('RPUSH', 'l', 'a', 'b', 'c');
    e.run('LPOP', 'l', '5');
    e.run('LPUSHX', 'l', 'x');
    e.run('RPUSH', 'l', 'a');
    e.run('LREM', 'l', '0', 'zz');
    e.run('LINSERT', 'l', 'BEFORE', 'zz', 'y');
    e.run('LTRIM', 'l', '0', '-1');
    e.run('LPOP', 'nokey');
    expect(units).toEqual([[['RPUSH', 'l', 'a', 'b', 'c']], [['LPOP', 'l', '5']], [['RPUSH', 'l', 'a']]]);
  });

  test('blocking commands served at once propagate as their non-blocking forms', () => {
    e.run('RPUSH', 'l', 'a', 'b', 'c', 'd', 'e', 'f');
    units.length = 0;
    e.run('BLPOP', 'nokey', 'l', '0');
    e.run('BRPOP', 'l', '0');
    e.run('BLMOVE', 'l', 'd', 'LEFT', 'RIGHT', '0');
    e.run('BRPOPLPUSH', 'l', 'd', '0');
    e.run('BLMPOP', '0', '1', 'l', 'RIGHT', 'COUNT', '10');
    expect(units).toEqual([
      [['LPOP', 'l']],
      [['RPOP', 'l']],
      [['LMOVE', 'l', 'd', 'LEFT', 'RIGHT']],
      [['RPOPLPUSH', 'l', 'd']],
      [['RPOP', 'l', '2']],
    ]);
  });

  test('LMPOP propagates the number of elements actually popped', () => {
    e.run('RPUSH', 'l', 'a', 'b');
    units.length = 0;
    e.run('LMPOP', '2', 'nokey', 'l', 'LEFT', 'COUNT', '100');
    expect(units).toEqual([[['LPOP', 'l', '2']]]);
  });

  test('a blocked client served later propagates its pop after the push', () => {
    const waiter = e.newClient();
    e.server.runCommand(waiter, ['BRPOP', 'a', 'l', '0']);
    e.run('LPUSH', 'l', 'x', 'y');
    expect(takeReplies(waiter)).toEqual([['l', 'x']]);
    expect(units.flat()).toEqual([['LPUSH', 'l', 'x', 'y'], ['RPOP', 'l']]);
  });

  test('a blocked BLMOVE served later propagates as LMOVE', () => {
    const waiter = e.newClient();
    e.server.runCommand(waiter, ['BLMOVE', 'src', 'dst', 'RIGHT', 'LEFT', '0']);
    e.run('RPUSH', 'src', 'v');
    expect(takeReplies(waiter)).toEqual(['v']);
    expect(units.flat()).toEqual([['RPUSH', 'src', 'v'], ['LMOVE', 'src', 'dst', 'RIGHT', 'LEFT']]);
  });
});

describe('list keyspace events', () => {
  test('each command fires its event, and del when the list empties', () => {
    const e = new TestEngine();
    const { events } = recordEvents(e);
    e.run('RPUSH', 'l', 'a', 'b', 'c');
    e.run('LPUSH', 'l', 'z');
    e.run('LINSERT', 'l', 'AFTER', 'a', 'x');
    e.run('LSET', 'l', '0', 'y');
    e.run('LREM', 'l', '1', 'x');
    e.run('LTRIM', 'l', '0', '1');
    e.run('RPOP', 'l');
    e.run('LPOP', 'l', '5');
    expect(events()).toEqual([
      'rpush l', 'lpush l', 'linsert l', 'lset l', 'lrem l', 'ltrim l', 'rpop l', 'lpop l', 'del l',
    ]);
  });

  test('LMOVE fires the push on the destination before the pop on the source', () => {
    const e = new TestEngine();
    e.run('RPUSH', 'src', 'a');
    const { events } = recordEvents(e);
    e.run('LMOVE', 'src', 'dst', 'LEFT', 'RIGHT');
    expect(events()).toEqual(['rpush dst', 'lpop src', 'del src']);
  });

  test('failed commands fire nothing', () => {
    const e = new TestEngine();
    e.run('SET', 's', 'v');
    const { events } = recordEvents(e);
    e.run('LPUSH', 's', 'a');
    e.run('LREM', 'nokey', '0', 'a');
    e.run('LPUSHX', 'nokey', 'a');
    expect(events()).toEqual([]);
  });
});

describe('blocked list clients', () => {
  let e: TestEngine;
  beforeEach(() => {
    e = new TestEngine();
  });

  test('are served first come, first served, one element each', () => {
    const clients = [e.newClient(), e.newClient(), e.newClient()];
    for (const c of clients) e.server.runCommand(c, ['BLPOP', 'q', '0']);
    e.run('RPUSH', 'q', '1', '2');
    expect(clients.map(takeReplies)).toEqual([[['q', '1']], [['q', '2']], []]);
    expect(clients[2].flags & CLIENT.BLOCKED).toBeTruthy();
    e.run('RPUSH', 'q', '3');
    expect(takeReplies(clients[2])).toEqual([['q', '3']]);
    expect(e.run('EXISTS', 'q')).toBe(0n);
  });

  test('a disconnected client gives up its place', () => {
    const first = e.newClient();
    const second = e.newClient();
    e.server.runCommand(first, ['BLPOP', 'q', '0']);
    e.server.runCommand(second, ['BLPOP', 'q', '0']);
    first.close();
    e.run('RPUSH', 'q', 'v');
    expect(takeReplies(second)).toEqual([['q', 'v']]);
    expect(e.server.blocking.blockedClients).toBe(0);
  });

  test('time out with a null array (RESP2) or a null (RESP3)', async () => {
    const resp2 = e.newClient();
    const resp3 = e.newClient();
    e.runAs(resp3, 'HELLO', '3');
    e.server.runCommand(resp2, ['BLPOP', 'q', '0.03']);
    e.server.runCommand(resp3, ['BLMOVE', 'q', 'd', 'LEFT', 'LEFT', '0.03']);
    expect(resp2.out.len).toBe(0);
    await eventually(() => e.server.blocking.blockedClients === 0, 10_000, 'both timeouts');
    expect(resp2.out.takeString()).toBe('*-1\r\n');
    expect(resp3.out.takeString()).toBe('_\r\n');
    expect(e.server.blocking.blockedClients).toBe(0);
  });

  test('a long timeout does not fire early', async () => {
    const waiter = e.newClient();
    e.server.runCommand(waiter, ['BLPOP', 'q', '3000000']);
    await sleep(50);
    expect(waiter.flags & CLIENT.BLOCKED).toBeTruthy();
    e.run('RPUSH', 'q', 'v');
    expect(takeReplies(waiter)).toEqual([['q', 'v']]);
  });

  test('are woken only by their own database', () => {
    const waiter = e.newClient();
    e.runAs(waiter, 'SELECT', '1');
    e.server.runCommand(waiter, ['BLPOP', 'q', '0']);
    e.run('RPUSH', 'q', 'db0');
    expect(takeReplies(waiter)).toEqual([]);
    e.run('SELECT', '1');
    e.run('RPUSH', 'q', 'db1');
    expect(takeReplies(waiter)).toEqual([['q', 'db1']]);
    e.run('SELECT', '0');
    expect(e.run('LRANGE', 'q', '0', '-1')).toEqual(['db0']);
  });

  test('a BLMOVE chain serves the client waiting on the destination', () => {
    const mover = e.newClient();
    const reader = e.newClient();
    e.server.runCommand(mover, ['BLMOVE', 'a', 'b', 'LEFT', 'LEFT', '0']);
    e.server.runCommand(reader, ['BRPOP', 'b', '0']);
    e.run('RPUSH', 'a', 'x');
    expect(takeReplies(mover)).toEqual(['x']);
    expect(takeReplies(reader)).toEqual([['b', 'x']]);
    expect(e.run('EXISTS', 'a', 'b')).toBe(0n);
  });

  test('BLMPOP takes up to its count', () => {
    const waiter = e.newClient();
    e.server.runCommand(waiter, ['BLMPOP', '0', '2', 'a', 'b', 'RIGHT', 'COUNT', '2']);
    e.run('RPUSH', 'b', '1', '2', '3');
    expect(takeReplies(waiter)).toEqual([['b', ['3', '2']]]);
    expect(e.run('LRANGE', 'b', '0', '-1')).toEqual(['1']);
  });

  test('keep waiting when the key comes back as another type', () => {
    const waiter = e.newClient();
    e.server.runCommand(waiter, ['BLPOP', 'q', '0']);
    e.run('ZADD', 'q', '1', 'm');
    expect(takeReplies(waiter)).toEqual([]);
    expect(waiter.flags & CLIENT.BLOCKED).toBeTruthy();
    e.run('DEL', 'q');
    e.run('LPUSH', 'q', 'v');
    expect(takeReplies(waiter)).toEqual([['q', 'v']]);
  });

  test('are served after EXEC with what the transaction left', () => {
    const waiter = e.newClient();
    e.server.runCommand(waiter, ['BLPOP', 'q', '0']);
    e.run('MULTI');
    e.run('RPUSH', 'q', 'a', 'b');
    e.run('LPOP', 'q');
    expect(takeReplies(waiter)).toEqual([]);
    e.run('EXEC');
    expect(takeReplies(waiter)).toEqual([['q', 'b']]);
  });

  test('scripts cannot block: BLMPOP answers nil, BLPOP is refused', () => {
    expect(e.run('EVAL', "return redis.call('BLMPOP', 0, 1, 'q', 'LEFT')", '0')).toBeNull();
    expect(String(e.run('EVAL', "return redis.pcall('BLPOP', 'q', 0)", '0'))).toContain('This Redis command is not allowed from script');
  });
});

describe('list encodings (Valkey 7.2)', () => {
  test('small lists are listpacks and convert past list-max-listpack-size entries', () => {
    const e = new TestEngine({ config: { 'list-max-listpack-size': '4' } });
    e.run('RPUSH', 'l', 'a', 'b', 'c', 'd');
    expect(e.run('OBJECT', 'ENCODING', 'l')).toBe('listpack');
    e.run('RPUSH', 'l', 'e');
    expect(e.run('OBJECT', 'ENCODING', 'l')).toBe('quicklist');
    e.run('RPOP', 'l');
    expect(e.run('OBJECT', 'ENCODING', 'l')).toBe('quicklist');
    e.run('RPOP', 'l', '2');
    expect(e.run('OBJECT', 'ENCODING', 'l')).toBe('listpack');
  });

  test('a quicklist of two nodes stays one until a node is gone', () => {
    const e = new TestEngine({ config: { 'list-max-listpack-size': '128' } });
    const items = Array.from({ length: 129 }, (_, i) => String(i));
    e.run('RPUSH', 'l', ...items.slice(0, 128));
    expect(e.run('OBJECT', 'ENCODING', 'l')).toBe('listpack');
    e.run('RPUSH', 'l', items[128]);
    expect(e.run('OBJECT', 'ENCODING', 'l')).toBe('quicklist');
    // 29 entries left, under half the limit, but spread over the listpack node and the new one.
    e.run('LPOP', 'l', '100');
    expect(e.run('OBJECT', 'ENCODING', 'l')).toBe('quicklist');
    e.run('RPOP', 'l');
    expect(e.run('OBJECT', 'ENCODING', 'l')).toBe('listpack');
    expect(e.run('LLEN', 'l')).toBe(28n);
  });

  test('size limits: bytes for negative fills, one plain node for a huge element', () => {
    const e = new TestEngine();
    e.run('RPUSH', 'l', 'x'.repeat(4000));
    expect(e.run('OBJECT', 'ENCODING', 'l')).toBe('listpack');
    e.run('RPUSH', 'l', 'y'.repeat(5000));
    expect(e.run('OBJECT', 'ENCODING', 'l')).toBe('quicklist');
    e.run('RPOP', 'l');
    expect(e.run('OBJECT', 'ENCODING', 'l')).toBe('listpack');
    e.run('RPUSH', 'big', 'z'.repeat(10000));
    expect(e.run('OBJECT', 'ENCODING', 'big')).toBe('quicklist');
    e.run('RPUSH', 'big', 'small');
    e.run('LPOP', 'big');
    expect(e.run('OBJECT', 'ENCODING', 'big')).toBe('listpack');
  });

  test('LSET and LINSERT of long values convert before writing', () => {
    const e = new TestEngine({ config: { 'list-max-listpack-size': '-1' } });
    e.run('RPUSH', 'a', 'x', 'y');
    e.run('LSET', 'a', '0', 'v'.repeat(4100));
    expect(e.run('OBJECT', 'ENCODING', 'a')).toBe('quicklist');
    e.run('RPUSH', 'b', 'x', 'y');
    e.run('LINSERT', 'b', 'AFTER', 'x', 'v'.repeat(4100));
    expect(e.run('OBJECT', 'ENCODING', 'b')).toBe('quicklist');
    expect(e.run('LRANGE', 'b', '0', '-1')).toEqual(['x', 'v'.repeat(4100), 'y']);
  });

  test('redis 7.0 keeps every list in a quicklist', () => {
    const e = new TestEngine({ version: '7.0.15' });
    e.run('RPUSH', 'l', 'a');
    expect(e.run('OBJECT', 'ENCODING', 'l')).toBe('quicklist');
  });

  test('LPOS RANK takes -LONG_MAX … LONG_MAX from 7.2 on (7.0 takes LONG_MIN too); LREM takes LONG_MIN in both', () => {
    for (const version of ['7.2.4', '7.0.15']) {
      const e = new TestEngine({ version });
      e.run('RPUSH', 'l', 'b', 'a', 'b', 'c', 'b');
      const rank = e.run('LPOS', 'l', 'b', 'RANK', '-9223372036854775808');
      if (version === '7.0.15') expect(rank).toBe(4n);
      else expect((rank as Error).message).toBe('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
      expect(e.run('LPOS', 'l', 'b', 'RANK', '-9223372036854775807')).toBeNull();
      expect(e.run('LREM', 'l', '-9223372036854775808', 'b')).toBe(3n);
      expect(e.run('LRANGE', 'l', '0', '-1')).toEqual(['a', 'c']);
    }
  });

  test('COPY keeps the encoding and the elements', () => {
    const e = new TestEngine({ config: { 'list-max-listpack-size': '2' } });
    e.run('RPUSH', 'l', 'a', 'b', 'c');
    e.run('COPY', 'l', 'c');
    e.run('RPUSH', 'c', 'd');
    expect(e.run('OBJECT', 'ENCODING', 'c')).toBe('quicklist');
    expect(e.run('LRANGE', 'l', '0', '-1')).toEqual(['a', 'b', 'c']);
    expect(e.run('LRANGE', 'c', '0', '-1')).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('list memory accounting', () => {
  test('used_memory follows pushes and pops and returns to where it started', () => {
    const e = new TestEngine();
    const used = () => e.server.usedMemory();
    const before = used();
    e.run('RPUSH', 'l', ...Array.from({ length: 1000 }, (_, i) => `element-${i}`));
    const grown = used();
    expect(grown - before).toBeGreaterThan(1000 * 10);
    e.run('LPOP', 'l', '500');
    expect(used()).toBeLessThan(grown);
    e.run('DEL', 'l');
    expect(used()).toBe(before);
  });
});

describe('ring buffer against an array model', () => {
  test('random operations keep the same contents as a plain array', () => {
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const options = { listFill: -2, listCompress: 0 };
    const list = new ListValue(true, options);
    const model: string[] = [];
    for (let step = 0; step < 6000; step++) {
      // Ops 2-3 pop; keep the list around a few hundred elements so every branch wraps the ring.
      const op = model.length > 400 ? 2 + rand(2) : rand(9);
      const value = String(rand(50));
      if (op <= 1 || model.length === 0) {
        list.prepareGrow(options, value.length, 1);
        list.push(op === 0, value);
        if (op === 0) model.unshift(value);
        else model.push(value);
      } else if (op === 2) {
        expect(list.pop(true)).toBe(model.shift());
      } else if (op === 3) {
        expect(list.pop(false)).toBe(model.pop());
      } else if (op === 4) {
        const i = rand(model.length);
        list.set(i, value);
        model[i] = value;
      } else if (op === 5) {
        const i = rand(model.length);
        const after = rand(2) === 1;
        list.insert(i, after, value);
        model.splice(after ? i + 1 : i, 0, value);
      } else if (op === 6) {
        const limit = rand(3);
        const fromTail = rand(2) === 1;
        const removed = list.removeMatching(value, limit, fromTail);
        let count = 0;
        const keep = model.slice();
        const order = fromTail ? [...keep.keys()].reverse() : [...keep.keys()];
        const drop = new Set<number>();
        for (const i of order) {
          if (keep[i] === value && (limit === 0 || count < limit)) {
            drop.add(i);
            count++;
          }
        }
        expect(removed).toBe(count);
        model.splice(0, model.length, ...keep.filter((_, i) => !drop.has(i)));
      } else if (op === 7 && model.length > 10) {
        const h = rand(3);
        const t = rand(3);
        list.trim(h, t);
        model.splice(0, h);
        model.splice(model.length - t, t);
      } else {
        for (let k = 0; k < 30; k++) {
          list.prepareGrow(options, 1, 1);
          list.push(false, String(k));
          model.push(String(k));
        }
      }
      expect(list.length).toBe(model.length);
      if (step % 97 === 0) expect(list.toArray()).toEqual(model);
    }
    expect(list.toArray()).toEqual(model);
    // Drain from alternating ends: the buffer shrinks as it empties.
    while (model.length > 0) {
      const head = model.length % 2 === 0;
      expect(list.pop(head)).toBe(head ? model.shift() : model.pop());
    }
    expect(list.length).toBe(0);
    expect(list.pop(true)).toBeUndefined();
  });
});

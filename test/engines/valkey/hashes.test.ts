/**
 * Hashes beyond what the differential suite sees: propagated forms (HINCRBYFLOAT as HSET), keyspace
 * events, HRANDFIELD's distribution and its guard against unbounded replies, memory accounting.
 */
import { recordEvents, recordPropagation, takeReplies } from './support/collections';
import { TestEngine } from './support/engine';
import { CLIENT } from '../../../src/engines/valkey/server/client';

describe('hash propagation', () => {
  test('HINCRBYFLOAT becomes HSET with the result; no-ops propagate nothing', () => {
    const e = new TestEngine();
    const units = recordPropagation(e);
    e.run('HSET', 'h', 'a', '1', 'b', '2');
    e.run('HINCRBYFLOAT', 'h', 'f', '10.5');
    e.run('HINCRBYFLOAT', 'h', 'f', '0.1');
    e.run('HINCRBY', 'h', 'n', '5');
    e.run('HSETNX', 'h', 'a', 'x');
    e.run('HDEL', 'h', 'zz');
    e.run('HDEL', 'h', 'a');
    e.run('HINCRBY', 'h', 'b', 'x');
    expect(units).toEqual([
      [['HSET', 'h', 'a', '1', 'b', '2']],
      [['HSET', 'h', 'f', '10.5']],
      [['HSET', 'h', 'f', '10.6']],
      [['HINCRBY', 'h', 'n', '5']],
      [['HDEL', 'h', 'a']],
    ]);
  });
});

describe('hash keyspace events', () => {
  test('hset, hincrby, hincrbyfloat, hdel and del', () => {
    const e = new TestEngine();
    const { events } = recordEvents(e);
    e.run('HSET', 'h', 'a', '1');
    e.run('HMSET', 'h', 'b', '2');
    e.run('HSETNX', 'h', 'c', '3');
    e.run('HSETNX', 'h', 'c', '4');
    e.run('HINCRBY', 'h', 'a', '1');
    e.run('HINCRBYFLOAT', 'h', 'a', '1.5');
    e.run('HDEL', 'h', 'a', 'b');
    e.run('HDEL', 'h', 'c');
    expect(events()).toEqual([
      'hset h', 'hset h', 'hset h', 'hincrby h', 'hincrbyfloat h', 'hdel h', 'hdel h', 'del h',
    ]);
  });
});

describe('HRANDFIELD', () => {
  test('negative counts pick every field about equally often', () => {
    const e = new TestEngine();
    e.run('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
    const picks = e.run('HRANDFIELD', 'h', '-3000') as string[];
    expect(picks).toHaveLength(3000);
    for (const f of ['a', 'b', 'c']) {
      const n = picks.filter((p) => p === f).length;
      expect(n).toBeGreaterThan(800);
      expect(n).toBeLessThan(1200);
    }
  });

  test('positive counts give distinct fields with their values, on both encodings', () => {
    const e = new TestEngine({ config: { 'hash-max-listpack-entries': '16' } });
    const fields = Array.from({ length: 40 }, (_, i) => [`f${i}`, `v${i}`]).flat();
    e.run('HSET', 'small', ...fields.slice(0, 20));
    e.run('HSET', 'big', ...fields);
    for (const [key, count] of [['small', 7], ['big', 5], ['big', 30]] as const) {
      const reply = e.run('HRANDFIELD', key, String(count), 'WITHVALUES') as string[];
      expect(reply).toHaveLength(count * 2);
      const names = reply.filter((_, i) => i % 2 === 0);
      expect(new Set(names).size).toBe(count);
      for (let i = 0; i < reply.length; i += 2) expect(reply[i + 1]).toBe(`v${reply[i].slice(1)}`);
    }
  });

  test('RESP3 pairs each field with its value', () => {
    const e = new TestEngine();
    e.run('HELLO', '3');
    e.run('HSET', 'h', 'a', '1');
    expect(e.run('HRANDFIELD', 'h', '-2', 'WITHVALUES')).toEqual([['a', '1'], ['a', '1']]);
  });

  test('a reply that cannot fit the output buffer limit closes the client instead', () => {
    const e = new TestEngine({ config: { 'client-output-buffer-limit': 'normal 1mb 0 0' } });
    e.run('HSET', 'h', 'a', '1');
    const c = e.newClient();
    e.server.runCommand(c, ['HRANDFIELD', 'h', '-4611686018427387903', 'WITHVALUES']);
    expect(c.flags & CLIENT.CLOSE_ASAP).toBeTruthy();
    expect(takeReplies(c)).toEqual([]);
    const d = e.newClient();
    e.server.runCommand(d, ['HRANDFIELD', 'h', '-400000']);
    expect(d.flags & CLIENT.CLOSE_ASAP).toBeTruthy();
    expect(e.run('HLEN', 'h')).toBe(1n);
  });
});

describe('hash memory accounting', () => {
  test('used_memory follows fields through the hashtable conversion and back to empty', () => {
    const e = new TestEngine();
    const before = e.server.usedMemory();
    e.run('HSET', 'h', 'a', '1');
    const small = e.server.usedMemory();
    const fields = Array.from({ length: 600 }, (_, i) => [`field-${i}`, `value-${i}`]).flat();
    e.run('HSET', 'h', ...fields);
    expect(e.run('OBJECT', 'ENCODING', 'h')).toBe('hashtable');
    expect(e.server.usedMemory() - small).toBeGreaterThan(600 * 40);
    e.run('DEL', 'h');
    expect(e.server.usedMemory()).toBe(before);
  });
});

import { parseReplies, TestEngine } from './support/engine';
import { toPlain } from '../../../src/engines/resp';
import type { Client } from '../../../src/engines/valkey/server/client';

/** Subscribes an internal client to every keyspace channel through the pub/sub hub. */
function listen(e: TestEngine): { client: Client; messages: () => string[] } {
  const client = e.newClient();
  e.server.pubsub.subscribe(client, 'pattern', '__key*__:*');
  return {
    client,
    messages: () => parseReplies(client.out.take()).map((v) => (toPlain(v) as string[]).slice(2).join(' ')),
  };
}

describe('keyspace notifications', () => {
  test('events are published to __keyspace and __keyevent channels as configured', () => {
    const e = new TestEngine({ config: { 'notify-keyspace-events': 'KEA' } });
    const l = listen(e);
    e.run('SET', 'k', 'v');
    e.run('EXPIRE', 'k', '100');
    e.run('RENAME', 'k', 'k2');
    e.run('DEL', 'k2');
    e.run('INCRBY', 'n', '2');
    e.run('APPEND', 'n', '3');
    expect(l.messages()).toEqual([
      '__keyspace@0__:k set', '__keyevent@0__:set k',
      '__keyspace@0__:k expire', '__keyevent@0__:expire k',
      '__keyspace@0__:k rename_from', '__keyevent@0__:rename_from k',
      '__keyspace@0__:k2 rename_to', '__keyevent@0__:rename_to k2',
      '__keyspace@0__:k2 del', '__keyevent@0__:del k2',
      '__keyspace@0__:n incrby', '__keyevent@0__:incrby n',
      '__keyspace@0__:n append', '__keyevent@0__:append n',
    ]);
  });

  test('classes filter events; expired and key-miss events', () => {
    const e = new TestEngine({ config: { 'notify-keyspace-events': 'Exm' } });
    const l = listen(e);
    e.run('SET', 'k', 'v', 'PX', '100');
    e.run('GET', 'nokey');
    e.advance(200);
    e.run('GET', 'k');
    expect(l.messages()).toEqual(['__keyevent@0__:keymiss nokey', '__keyevent@0__:expired k', '__keyevent@0__:keymiss k']);
  });

  test('nothing is published when notifications are off', () => {
    const e = new TestEngine();
    const l = listen(e);
    e.run('SET', 'k', 'v');
    expect(l.messages()).toEqual([]);
  });

  test('events carry the database index', () => {
    const e = new TestEngine({ config: { 'notify-keyspace-events': 'E$' } });
    const l = listen(e);
    e.run('SELECT', '5');
    e.run('SET', 'k', 'v');
    expect(l.messages()).toEqual(['__keyevent@5__:set k']);
  });
});

describe('expiry', () => {
  test('active expiry removes expired keys without access', () => {
    const e = new TestEngine();
    for (let i = 0; i < 500; i++) e.run('SET', `k${i}`, 'v', 'PX', '1000');
    for (let i = 0; i < 100; i++) e.run('SET', `p${i}`, 'v');
    expect(e.run('DBSIZE')).toBe(600n);
    e.advance(2000);
    for (let i = 0; i < 50 && e.server.dbs[0].size > 100; i++) e.server.runCron();
    expect(e.run('DBSIZE')).toBe(100n);
    expect(e.server.stats.expiredKeys).toBe(500);
    expect(e.run('INFO', 'stats')).toMatch(/expired_keys:500\r\n/);
  });

  test('keys with time left survive the cycle, and INFO keyspace reports expires and avg_ttl', () => {
    const e = new TestEngine();
    for (let i = 0; i < 50; i++) e.run('SET', `k${i}`, 'v', 'EX', '100');
    e.server.runCron();
    expect(e.run('DBSIZE')).toBe(50n);
    expect(e.run('INFO', 'keyspace')).toMatch(/db0:keys=50,expires=50,avg_ttl=\d{5}/);
  });

  test('DEBUG SET-ACTIVE-EXPIRE 0 stops the cycle (lazy expiry still works)', () => {
    const e = new TestEngine({ config: { 'enable-debug-command': 'yes' } });
    e.run('SET', 'k', 'v', 'PX', '10');
    e.run('SET', 'k2', 'v', 'PX', '10');
    e.run('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
    e.advance(100);
    e.server.runCron();
    expect(e.server.dbs[0].dict.size).toBe(2);
    expect(e.run('GET', 'k')).toBeNull();
    expect(e.server.dbs[0].dict.size).toBe(1);
  });

  test('a watched key that expires aborts EXEC', () => {
    const e = new TestEngine();
    e.run('SET', 'w', '1', 'PX', '100');
    e.run('WATCH', 'w');
    e.advance(200);
    e.run('MULTI');
    e.run('PING');
    expect(e.run('EXEC')).toBeNull();
  });
});

describe('memory accounting', () => {
  test('used_memory follows the dataset', () => {
    const e = new TestEngine();
    const empty = e.server.usedMemory();
    for (let i = 0; i < 1000; i++) e.run('SET', `key:${i}`, 'x'.repeat(100));
    const full = e.server.usedMemory();
    expect(full - empty).toBeGreaterThan(1000 * 100);
    expect(full - empty).toBeLessThan(1000 * 300);
    e.run('FLUSHALL');
    expect(e.server.usedMemory()).toBe(empty);
  });

  test('overwrites, appends and TTLs are accounted', () => {
    const e = new TestEngine();
    const base = e.server.memory.dataset;
    e.run('SET', 'k', 'x'.repeat(1000));
    const one = e.server.memory.dataset;
    e.run('SET', 'k', 'x'.repeat(10));
    expect(e.server.memory.dataset).toBeLessThan(one);
    e.run('APPEND', 'k', 'y'.repeat(5000));
    expect(e.server.memory.dataset).toBeGreaterThan(one);
    const beforeTtl = e.server.memory.dataset;
    e.run('EXPIRE', 'k', '100');
    expect(e.server.memory.dataset).toBeGreaterThan(beforeTtl);
    e.run('DEL', 'k');
    expect(e.server.memory.dataset).toBe(base);
  });

  test('MEMORY USAGE grows with the value', () => {
    const e = new TestEngine();
    e.run('SET', 'small', 'x');
    e.run('SET', 'big', 'x'.repeat(10000));
    expect(Number(e.run('MEMORY', 'USAGE', 'big'))).toBeGreaterThan(Number(e.run('MEMORY', 'USAGE', 'small')) + 9000);
  });
});

describe('SCAN', () => {
  test('returns every key present for the whole scan, despite concurrent changes', () => {
    const e = new TestEngine();
    for (let i = 0; i < 1000; i++) e.run('SET', `stable:${i}`, 'v');
    const seen = new Set<string>();
    let cursor = '0';
    let round = 0;
    do {
      const [next, keys] = e.run('SCAN', cursor, 'COUNT', '37') as [string, string[]];
      keys.forEach((k) => seen.add(k));
      // Churn between calls: add and delete other keys.
      for (let j = 0; j < 20; j++) e.run('SET', `churn:${round}:${j}`, 'v');
      for (let j = 0; j < 10; j++) e.run('DEL', `churn:${round}:${j}`);
      cursor = next;
      round++;
    } while (cursor !== '0' && round < 10_000);
    for (let i = 0; i < 1000; i++) expect(seen.has(`stable:${i}`)).toBe(true);
  });

  test('a made-up cursor names a bucket, as in redis: the scan goes on from there to the end without repeats', () => {
    const e = new TestEngine();
    for (let i = 0; i < 20; i++) e.run('SET', `k${i}`, 'v');
    const seen: string[] = [];
    let cursor = '10';
    let calls = 0;
    do {
      const [next, keys] = e.run('SCAN', cursor, 'COUNT', '5') as [string, string[]];
      seen.push(...keys);
      cursor = next;
      calls++;
    } while (cursor !== '0' && calls < 100);
    expect(cursor).toBe('0');
    expect(new Set(seen).size).toBe(seen.length);
    for (const k of seen) expect(k).toMatch(/^k\d+$/);
    expect(seen.length).toBeLessThanOrEqual(20);
  });

  test('a cursor past 2^53 keeps its low bits: the bits above the table size do not matter', () => {
    const e = new TestEngine();
    for (let i = 0; i < 20; i++) e.run('SET', `k${i}`, 'v');
    e.run('HSET', 'h', ...Array.from({ length: 300 }, (_, i) => [`f${i}`, 'v']).flat());
    // 2^64 - 1 and -1 (strtoul wraps it) are all ones: the last bucket of any table, as cursor
    // 2^32 - 1 names it; 2^64 - 2 ends in ...110.
    const same = (a: string, b: string) => expect(e.run('SCAN', a, 'COUNT', '1')).toEqual(e.run('SCAN', b, 'COUNT', '1'));
    same('18446744073709551615', '4294967295');
    same('-1', '4294967295');
    same('18446744073709551614', '4294967294');
    same('9007199254740993', '1');
    expect(e.run('HSCAN', 'h', '18446744073709551615', 'COUNT', '1')).toEqual(e.run('HSCAN', 'h', '4294967295', 'COUNT', '1'));
    expect(e.run('SCAN', '18446744073709551616')).toEqual(new Error('ERR invalid cursor'));
  });

  test('MATCH and TYPE filter, and expired keys are skipped', () => {
    const e = new TestEngine();
    e.run('MSET', 'a1', '1', 'a2', '2', 'b1', '3');
    e.run('SET', 'a3', 'v', 'PX', '10');
    e.advance(50);
    const [, keys] = e.run('SCAN', '0', 'MATCH', 'a*', 'TYPE', 'string', 'COUNT', '100') as [string, string[]];
    expect(keys.sort()).toEqual(['a1', 'a2']);
  });
});

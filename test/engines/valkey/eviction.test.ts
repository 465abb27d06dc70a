import { TestEngine } from './support/engine';

/** A server with maxmemory a little above what it uses empty, so a few hundred small keys fill it. */
function engineWithRoom(policy: string, roomBytes = 60_000): TestEngine {
  const probe = new TestEngine();
  const base = probe.server.usedMemory();
  return new TestEngine({ config: { 'maxmemory': String(base + roomBytes), 'maxmemory-policy': policy, 'maxmemory-samples': '10' } });
}

function fill(e: TestEngine, prefix: string, n: number, ttl = false): void {
  for (let i = 0; i < n; i++) {
    if (ttl) e.run('SET', `${prefix}${i}`, 'x'.repeat(100), 'EX', '1000');
    else e.run('SET', `${prefix}${i}`, 'x'.repeat(100));
  }
}

function keys(e: TestEngine, pattern: string): string[] {
  return (e.run('KEYS', pattern) as string[]).sort();
}

describe('eviction under maxmemory', () => {
  test('noeviction refuses writes with -OOM and keeps answering reads', () => {
    const e = engineWithRoom('noeviction');
    let error: unknown;
    for (let i = 0; i < 2000 && !error; i++) {
      const r = e.run('SET', `k${i}`, 'x'.repeat(100));
      if (r instanceof Error) error = r;
    }
    expect(error).toEqual(new Error("OOM command not allowed when used memory > 'maxmemory'."));
    expect(e.run('GET', 'k0')).toBe('x'.repeat(100));
    expect(e.run('DEL', 'k0')).toBe(1n);
    expect(e.run('INFO', 'stats')).toMatch(/evicted_keys:0\r\n/);
  });

  test('OOM inside MULTI aborts the transaction', () => {
    const e = engineWithRoom('noeviction', 20_000);
    for (let i = 0; i < 2000; i++) if (e.run('SET', `k${i}`, 'x'.repeat(100)) instanceof Error) break;
    expect(e.run('MULTI')).toBe('OK');
    expect(e.run('GET', 'k0')).toEqual(new Error("OOM command not allowed when used memory > 'maxmemory'."));
    expect(e.run('EXEC')).toEqual(new Error('EXECABORT Transaction discarded because of previous errors.'));
  });

  test('allkeys-lru keeps recently used keys', () => {
    const e = engineWithRoom('allkeys-lru');
    fill(e, 'old', 150);
    e.advance(10_000);
    for (let i = 0; i < 20; i++) e.run('GET', `old${i}`);
    e.advance(10_000);
    fill(e, 'new', 300);
    e.run('PING');
    const kept = keys(e, 'old*');
    expect(kept.length).toBeLessThan(150);
    const recentKept = Array.from({ length: 20 }, (_, i) => `old${i}`).filter((k) => kept.includes(k));
    expect(recentKept.length).toBeGreaterThanOrEqual(18);
    expect(e.server.usedMemory()).toBeLessThanOrEqual(e.server.maxmemory);
    expect(e.server.stats.evictedKeys).toBeGreaterThan(0);
  });

  test('volatile policies only evict keys with a TTL and fail when none is left', () => {
    for (const policy of ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl']) {
      const e = engineWithRoom(policy);
      fill(e, 'persistent', 100);
      fill(e, 'volatile', 100, true);
      let oom = false;
      for (let i = 0; i < 1000 && !oom; i++) oom = e.run('SET', `more${i}`, 'x'.repeat(100)) instanceof Error;
      expect(keys(e, 'persistent*')).toHaveLength(100);
      expect(oom).toBe(true);
      expect(keys(e, 'volatile*')).toHaveLength(0);
    }
  });

  test('volatile-ttl evicts the keys closest to expiring first', () => {
    const e = engineWithRoom('volatile-ttl');
    for (let i = 0; i < 100; i++) e.run('SET', `soon${i}`, 'x'.repeat(100), 'EX', '100');
    for (let i = 0; i < 100; i++) e.run('SET', `late${i}`, 'x'.repeat(100), 'EX', '100000');
    fill(e, 'filler', 250);
    const soon = keys(e, 'soon*').length;
    const late = keys(e, 'late*').length;
    expect(soon).toBeLessThan(late);
  });

  test('allkeys-lfu keeps frequently used keys', () => {
    const e = engineWithRoom('allkeys-lfu');
    fill(e, 'k', 150);
    for (let round = 0; round < 50; round++) for (let i = 0; i < 15; i++) e.run('GET', `k${i}`);
    fill(e, 'new', 300);
    const hot = Array.from({ length: 15 }, (_, i) => `k${i}`).filter((k) => e.run('EXISTS', k) === 1n);
    expect(hot.length).toBeGreaterThanOrEqual(13);
    expect(e.run('OBJECT', 'FREQ', 'k0')).toBeGreaterThan(5n);
  });

  test('allkeys-random evicts to fit and reports evicted keys', () => {
    const e = engineWithRoom('allkeys-random');
    fill(e, 'k', 600);
    // As on redis, memory is freed before each command, so the last write may overshoot until the next one.
    e.run('PING');
    expect(e.server.usedMemory()).toBeLessThanOrEqual(e.server.maxmemory);
    expect(Number(e.run('DBSIZE'))).toBeLessThan(600);
    expect(e.run('INFO', 'stats')).toMatch(/evicted_keys:[1-9]\d*\r\n/);
  });

  test('lowering maxmemory evicts at once and evictions are propagated and notified', () => {
    const e = new TestEngine({ config: { 'maxmemory-policy': 'allkeys-lru', 'notify-keyspace-events': 'Ee' } });
    const ops: string[] = [];
    e.server.propagation.onPropagate((u) => u.forEach((o) => ops.push(o.argv[0])));
    fill(e, 'k', 300);
    ops.length = 0;
    e.run('CONFIG', 'SET', 'maxmemory', String(e.server.usedMemory() - 10_000));
    expect(e.server.usedMemory()).toBeLessThanOrEqual(e.server.maxmemory);
    expect(ops.filter((o) => o === 'DEL').length).toBe(e.server.stats.evictedKeys);
    expect(e.server.stats.evictedKeys).toBeGreaterThan(0);
  });

  test("the eviction check sums the clients' buffers once per event-loop turn", async () => {
    const e = engineWithRoom('allkeys-lru', 1_000_000);
    const sums = jest.spyOn(e.server, 'clientsMemory');
    fill(e, 'k', 200);
    // Every write checks maxmemory; within one turn the clients' part is taken once.
    expect(sums).toHaveBeenCalledTimes(1);
    await new Promise((resolve) => setImmediate(resolve));
    e.run('SET', 'next-turn', 'x');
    expect(sums).toHaveBeenCalledTimes(2);
    // INFO still sums them on every call.
    e.run('INFO', 'memory');
    expect(sums.mock.calls.length).toBeGreaterThan(2);
  });
});

/**
 * Streams through real clients over TCP: ioredis (RESP2) and node-redis (RESP2 and RESP3, whose
 * reply transformers decode every stream reply shape) — pipelines, consumer groups, blocking XREAD
 * and XREADGROUP served by another connection or timing out, claims and introspection.
 */
import { blockedClients, useEngine, useIoredisPair, useNodeRedisPair } from './support/clients';

const engine = useEngine();

describe('ioredis', () => {
  const conn = useIoredisPair(engine);

  test('stream commands in a pipeline', async () => {
    const results = await conn.client.pipeline()
      .xadd('s', '1-1', 'a', '1')
      .xadd('s', 'MAXLEN', '~', '100', '2-1', 'b', '2')
      .xadd('s', '3-*', 'c', '3')
      .xlen('s')
      .xrange('s', '-', '+', 'COUNT', 2)
      .xrevrange('s', '+', '(1-1')
      .xdel('s', '2-1')
      .xtrim('s', 'MAXLEN', 1)
      .xrange('s', '-', '+')
      .exec();
    expect(results!.map(([err, value]) => (err ? err.message : value))).toEqual([
      '1-1', '2-1', '3-0', 3,
      [['1-1', ['a', '1']], ['2-1', ['b', '2']]],
      [['3-0', ['c', '3']], ['2-1', ['b', '2']]],
      1, 1,
      [['3-0', ['c', '3']]],
    ]);
  });

  test('XREADGROUP BLOCK is served by an XADD from another connection; then XACK and XPENDING', async () => {
    await conn.client.xgroup('CREATE', 's', 'g', '$', 'MKSTREAM');
    const waiting = conn.client.xreadgroup('GROUP', 'g', 'alice', 'COUNT', 10, 'BLOCK', 5000, 'STREAMS', 's', '>');
    await blockedClients(engine);
    expect(await conn.other.xadd('s', '*', 'job', 'build')).toMatch(/^\d+-0$/);
    const [[key, entries]] = (await waiting) as [string, [string, string[]][]][];
    expect(key).toBe('s');
    expect(entries.map(([, fields]) => fields)).toEqual([['job', 'build']]);
    const pending = (await conn.client.xpending('s', 'g')) as [number, string, string, [string, string][]];
    expect(pending[0]).toBe(1);
    expect(pending[3]).toEqual([['alice', '1']]);
    expect(await conn.client.xack('s', 'g', entries[0][0])).toBe(1);
    expect(await conn.client.xpending('s', 'g')).toEqual([0, null, null, null]);
  });

  test('XREAD BLOCK with $ times out with null, and sees only entries added after it blocked', async () => {
    await conn.client.xadd('s', '1-1', 'old', 'x');
    const started = Date.now();
    expect(await conn.client.xread('BLOCK', 100, 'STREAMS', 's', '$')).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    const waiting = conn.client.xread('BLOCK', 5000, 'STREAMS', 's', '$');
    await blockedClients(engine);
    await conn.other.xadd('s', '2-1', 'new', 'y');
    expect(await waiting).toEqual([['s', [['2-1', ['new', 'y']]]]]);
  });

  test('claims and introspection', async () => {
    await conn.client.xadd('s', '1-1', 'f', 'v');
    await conn.client.xadd('s', '2-1', 'f', 'w');
    await conn.client.xgroup('CREATE', 's', 'g', '0');
    await conn.client.xreadgroup('GROUP', 'g', 'alice', 'STREAMS', 's', '>');
    expect(await conn.client.xclaim('s', 'g', 'bob', 0, '1-1', 'JUSTID')).toEqual(['1-1']);
    expect(await conn.client.xautoclaim('s', 'g', 'carol', 0, '0', 'COUNT', 1)).toEqual(['2-1', [['1-1', ['f', 'v']]], []]);
    const info = (await conn.client.xinfo('STREAM', 's')) as unknown[];
    expect(info.slice(0, 2)).toEqual(['length', 2]);
    const groups = (await conn.client.xinfo('GROUPS', 's')) as unknown[][];
    expect(groups[0].slice(0, 6)).toEqual(['name', 'g', 'consumers', 3, 'pending', 2]);
    await expect(conn.client.xreadgroup('GROUP', 'nope', 'c', 'STREAMS', 's', '>')).rejects.toThrow(/NOGROUP/);
  });
});

describe.each([2, 3] as const)('node-redis RESP%s', (resp) => {
  const conn = useNodeRedisPair(engine, resp);

  test('xAdd, xRange, xRead and xInfoStream decode', async () => {
    await conn.client.xAdd('s', '1-1', { a: '1', b: '2' });
    await conn.client.xAdd('s', '2-1', { c: '3' }, { TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: 100 } });
    expect(await conn.client.xRange('s', '-', '+')).toEqual([
      { id: '1-1', message: { a: '1', b: '2' } },
      { id: '2-1', message: { c: '3' } },
    ]);
    const read = await conn.client.xRead([{ key: 's', id: '1-1' }, { key: 'missing', id: '0' }]);
    expect(read).toEqual([{ name: 's', messages: [{ id: '2-1', message: { c: '3' } }] }]);
    // The raw reply: an array of [key, entries] pairs in RESP2, a map keyed by stream in RESP3.
    const raw = await conn.client.sendCommand(['XREAD', 'STREAMS', 's', '1-1']);
    if (resp === 2) expect(raw).toEqual([['s', [['2-1', ['c', '3']]]]]);
    else expect(Array.isArray(raw)).toBe(false);
    const info = await conn.client.xInfoStream('s');
    const field = (name: string) => (info instanceof Map ? info.get(name) : (info as Record<string, unknown>)[name]);
    expect(field('length')).toBe(2);
    expect(field('last-generated-id')).toBe('2-1');
    expect(field('first-entry')).toEqual({ id: '1-1', message: { a: '1', b: '2' } });
  });

  test('xReadGroup with BLOCK is served by another connection; xPending and xAck', async () => {
    await conn.client.xGroupCreate('s', 'g', '$', { MKSTREAM: true });
    const waiting = conn.client.xReadGroup('g', 'alice', { key: 's', id: '>' }, { BLOCK: 5000, COUNT: 5 });
    await blockedClients(engine);
    await conn.other.xAdd('s', '7-1', { job: 'deploy' });
    expect(await waiting).toEqual([{ name: 's', messages: [{ id: '7-1', message: { job: 'deploy' } }] }]);
    const pending = await conn.client.xPending('s', 'g');
    expect(pending.pending).toBe(1);
    expect(pending.firstId).toBe('7-1');
    expect(pending.consumers).toEqual([{ name: 'alice', deliveriesCounter: 1 }]);
    const range = await conn.client.xPendingRange('s', 'g', '-', '+', 10);
    expect(range.map((p) => [p.id, p.consumer, p.deliveriesCounter])).toEqual([['7-1', 'alice', 1]]);
    expect(await conn.client.xAck('s', 'g', '7-1')).toBe(1);
  });

  test('xReadGroup BLOCK times out with null', async () => {
    await conn.client.xGroupCreate('s', 'g', '$', { MKSTREAM: true });
    expect(await conn.client.xReadGroup('g', 'c', { key: 's', id: '>' }, { BLOCK: 50 })).toBeNull();
  });

  test('xAutoClaim, xClaim, xInfoGroups and xInfoConsumers decode', async () => {
    await conn.client.xAdd('s', '1-1', { f: 'v' });
    await conn.client.xAdd('s', '2-1', { f: 'w' });
    await conn.client.xGroupCreate('s', 'g', '0');
    await conn.client.xReadGroup('g', 'alice', { key: 's', id: '>' });
    await conn.client.xDel('s', '2-1');
    const auto = await conn.client.xAutoClaim('s', 'g', 'bob', 0, '0');
    expect(auto.nextId).toBe('0-0');
    expect(auto.messages).toEqual([{ id: '1-1', message: { f: 'v' } }]);
    expect(auto.deletedMessages).toEqual(['2-1']);
    expect(await conn.client.xClaimJustId('s', 'g', 'carol', 0, '1-1')).toEqual(['1-1']);
    const groups = await conn.client.xInfoGroups('s');
    expect(groups).toHaveLength(1);
    const group = groups[0] as Record<string, unknown>;
    expect([group.name, group.consumers, group.pending, group['last-delivered-id']]).toEqual(['g', 3, 1, '2-1']);
    const consumers = (await conn.client.xInfoConsumers('s', 'g')) as Record<string, unknown>[];
    expect(consumers.map((c) => [c.name, c.pending])).toEqual([['alice', 0], ['bob', 0], ['carol', 1]]);
    expect(consumers.every((c) => typeof c.inactive === 'number')).toBe(true);
  });
});

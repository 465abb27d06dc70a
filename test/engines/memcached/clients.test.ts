import Memcached from 'memcached';
import * as memjs from 'memjs';
import { startOurs, Target } from './support/harness';

/** Real client libraries over TCP: memjs speaks the binary protocol, memcached (npm) the text one. */

function promisify<T>(fn: (cb: (err: unknown, res: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => fn((err, res) => (err ? reject(err) : resolve(res))));
}

describe('memjs (binary protocol) against the engine', () => {
  let server: Target;
  let client: memjs.Client;
  beforeAll(async () => {
    server = await startOurs();
    client = memjs.Client.create(`127.0.0.1:${server.port}`, { retries: 0, timeout: 2 });
  });
  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  test('set, get, delete', async () => {
    expect(await client.set('a', 'alpha', { expires: 0 })).toBe(true);
    const got = await client.get('a');
    expect(got.value?.toString()).toBe('alpha');
    expect(await client.delete('a')).toBe(true);
    expect((await client.get('a')).value).toBeNull();
    expect(await client.delete('a')).toBe(false);
  });

  test('empty values', async () => {
    expect(await client.set('empty', '', { expires: 0 })).toBe(true);
    expect((await client.get('empty')).value?.length).toBe(0);
    expect(await client.add('empty-add', '', { expires: 0 })).toBe(true);
    expect(await client.append('empty', '')).toBe(true);
    expect((await client.get('empty')).value?.length).toBe(0);
  });

  test('large binary values', async () => {
    const big = Buffer.alloc(700_000);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7) % 256;
    await client.set('big', big, { expires: 0 });
    const got = await client.get('big');
    expect(Buffer.compare(got.value!, big)).toBe(0);
  });

  // memjs sends APPEND's opcode for prepend (0x0e), so prepend is checked with raw packets in the differential suite.
  test('add, replace, append', async () => {
    expect(await client.add('x', '1', { expires: 0 })).toBe(true);
    expect(await client.add('x', '2', { expires: 0 })).toBe(false);
    expect(await client.replace('x', 'mid', { expires: 0 })).toBe(true);
    expect(await client.replace('nope', 'v', { expires: 0 })).toBe(false);
    expect(await client.append('x', '>')).toBe(true);
    expect((await client.get('x')).value?.toString()).toBe('mid>');
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await expect(client.append('nope', '>')).rejects.toThrow('Item not stored');
    log.mockRestore();
  });

  test('increment and decrement with initial values', async () => {
    const first = await client.increment('ctr', 5, { initial: 10, expires: 0 });
    expect(first.value).toBe(10);
    expect((await client.increment('ctr', 5, {})).value).toBe(15);
    expect((await client.decrement('ctr', 20, {})).value).toBe(0);
  });

  test('touch, stats, flush', async () => {
    await client.set('t', 'v', { expires: 0 });
    expect(await client.touch('t', 100)).toBe(true);
    expect(await client.touch('nope', 100)).toBe(false);
    const stats = await new Promise<Record<string, string>>((resolve) => client.stats((_e, _s, st) => resolve(st as Record<string, string>)));
    expect(Number(stats.curr_items)).toBeGreaterThan(0);
    expect(stats.version).toMatch(/^1\.6\./);
    await client.flush();
    expect((await client.get('t')).value).toBeNull();
  });

  test('many concurrent requests on one connection keep their order', async () => {
    const n = 500;
    await Promise.all(Array.from({ length: n }, (_, i) => client.set(`k${i}`, `v${i}`, { expires: 0 })));
    const values = await Promise.all(Array.from({ length: n }, (_, i) => client.get(`k${i}`)));
    values.forEach((v, i) => expect(v.value?.toString()).toBe(`v${i}`));
  });
});

describe('memcached (npm, text protocol) against the engine', () => {
  let server: Target;
  let mc: Memcached;
  beforeAll(async () => {
    server = await startOurs();
    mc = new Memcached(`127.0.0.1:${server.port}`, { retries: 0, timeout: 2000 });
  });
  afterAll(async () => {
    mc?.end();
    await server?.stop();
  });

  const call = <T>(f: (cb: (err: unknown, res: T) => void) => void) => promisify<T>(f);

  test('set, get, getMulti, del', async () => {
    expect(await call<boolean>((cb) => mc.set('a', 'alpha', 0, cb))).toBe(true);
    expect(await call<unknown>((cb) => mc.get('a', cb))).toBe('alpha');
    await call<boolean>((cb) => mc.set('b', { json: [1, 2] }, 0, cb));
    expect(await call<unknown>((cb) => mc.getMulti(['a', 'b', 'missing'], cb))).toEqual({ a: 'alpha', b: { json: [1, 2] } });
    expect(await call<boolean>((cb) => mc.del('a', cb))).toBe(true);
    expect(await call<unknown>((cb) => mc.get('a', cb))).toBeUndefined();
  });

  test('gets and cas', async () => {
    await call<boolean>((cb) => mc.set('c', 'one', 0, cb));
    const g = await call<{ c: string; cas: string }>((cb) => mc.gets('c', cb as never));
    expect(g.c).toBe('one');
    expect(await call<boolean>((cb) => mc.cas('c', 'two', g.cas, 0, cb))).toBe(true);
    expect(await call<boolean>((cb) => mc.cas('c', 'three', g.cas, 0, cb))).toBe(false);
    expect(await call<unknown>((cb) => mc.get('c', cb))).toBe('two');
  });

  test('add, replace, append, prepend, incr, decr, touch', async () => {
    expect(await call<boolean>((cb) => mc.add('n', 5, 0, cb))).toBe(true);
    await expect(call<boolean>((cb) => mc.add('n', 6, 0, cb))).rejects.toBeDefined();
    expect(await call<number | boolean>((cb) => mc.incr('n', 10, cb))).toBe(15);
    expect(await call<number | boolean>((cb) => mc.decr('n', 20, cb))).toBe(0);
    expect(await call<boolean>((cb) => mc.replace('n', 'text', 0, cb))).toBe(true);
    expect(await call<boolean>((cb) => mc.append('n', '!', cb))).toBe(true);
    expect(await call<boolean>((cb) => mc.prepend('n', '¡', cb))).toBe(true);
    expect(await call<unknown>((cb) => mc.get('n', cb))).toBe('¡text!');
    expect(await call<boolean>((cb) => mc.touch('n', 100, cb))).toBe(true);
  });

  test('version, stats, settings, slabs, items', async () => {
    const version = await call<Array<{ version: string }>>((cb) => mc.version(cb as never));
    expect(version[0].version).toMatch(/^1\.6\./);
    const stats = await call<Array<Record<string, unknown>>>((cb) => mc.stats(cb as never));
    expect(stats[0].curr_items).toBeGreaterThan(0);
    const settings = await call<Array<Record<string, unknown>>>((cb) => mc.settings(cb as never));
    expect(settings[0].item_size_max).toBe(1048576);
    const slabs = await call<Array<Record<string, unknown>>>((cb) => mc.slabs(cb as never));
    expect(slabs[0]).toHaveProperty('1');
    const items = await call<Array<Record<string, unknown>>>((cb) => mc.items(cb as never));
    expect(items[0]).toHaveProperty('1');
  });

  test('flush', async () => {
    await call<boolean>((cb) => mc.set('f', 'v', 0, cb));
    await call<boolean[]>((cb) => mc.flush(cb as never));
    expect(await call<unknown>((cb) => mc.get('f', cb))).toBeUndefined();
  });
});

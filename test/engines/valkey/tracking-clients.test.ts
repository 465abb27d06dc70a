/**
 * Client-side caching with real clients: node-redis' RESP3 client-side cache kept valid by our
 * invalidation pushes, and ioredis (RESP2) receiving invalidations through a redirect subscriber.
 */
import Redis from 'ioredis';
import { BasicClientSideCache, createClient } from 'redis';
import { startEngine } from './acl-support';
import type { ValkeyServer } from '../../../src/engines/valkey/server/server';

let server: ValkeyServer;
let port: number;

beforeAll(async () => ({ server, port } = await startEngine()));
afterAll(() => server.stop());

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('node-redis RESP3 client-side cache is invalidated when another client writes', async () => {
  const cache = new BasicClientSideCache({ ttl: 0, maxEntries: 0 });
  const cached = createClient({ socket: { port, host: '127.0.0.1' }, RESP: 3, clientSideCache: cache });
  const writer = createClient({ socket: { port, host: '127.0.0.1' } });
  await cached.connect();
  await writer.connect();
  await writer.set('price', '10');
  expect(await cached.get('price')).toBe('10');
  expect(await cached.get('price')).toBe('10');
  expect(cache.stats().hitCount).toBe(1);
  await writer.set('price', '12');
  await until(async () => (await cached.get('price')) === '12');
  const info = await writer.sendCommand(['INFO', 'clients']);
  expect(String(info)).toMatch(/tracking_clients:1\r\n/);
  cached.destroy();
  writer.destroy();
});

test('ioredis RESP2 tracking redirected to a subscriber on __redis__:invalidate', async () => {
  const listener = new Redis({ port, host: '127.0.0.1', protocol: 2 });
  const tracked = new Redis({ port, host: '127.0.0.1', protocol: 2 });
  const writer = new Redis({ port, host: '127.0.0.1', protocol: 2 });
  const invalidated: string[] = [];
  listener.on('message', (channel: string, message: unknown) => invalidated.push(`${channel} ${String(message)}`));
  const listenerId = await listener.client('ID');
  await listener.subscribe('__redis__:invalidate');
  expect(await tracked.client('TRACKING', 'ON', 'REDIRECT', listenerId as number)).toBe('OK');
  await tracked.get('stock');
  await writer.set('stock', '5');
  await until(() => invalidated.length === 1);
  expect(invalidated).toEqual(['__redis__:invalidate stock']);
  await writer.flushall();
  await until(() => invalidated.length === 2);
  listener.disconnect();
  tracked.disconnect();
  writer.disconnect();
});

/** Pub/sub through real clients: ioredis and node-redis (RESP2 and RESP3) channels, patterns, shard channels. */
import Redis from 'ioredis';
import { createClient } from 'redis';
import { startEngine } from './acl-support';
import type { ValkeyServer } from '../../../src/engines/valkey/server/server';

let server: ValkeyServer;
let port: number;

beforeAll(async () => ({ server, port } = await startEngine()));
afterAll(() => server.stop());

function waitFor<T>(events: T[], n: number, timeoutMs = 2000): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (events.length >= n) resolve(events);
      else if (Date.now() > deadline) reject(new Error(`got ${events.length} of ${n} events: ${JSON.stringify(events)}`));
      else setTimeout(check, 5);
    };
    check();
  });
}

describe.each([2, 3] as const)('ioredis RESP%i', (protocol) => {
  test('channels, patterns and shard channels', async () => {
    const sub = new Redis({ port, host: '127.0.0.1', protocol });
    const pub = new Redis({ port, host: '127.0.0.1', protocol });
    const got: string[] = [];
    sub.on('message', (channel, message) => got.push(`message ${channel} ${message}`));
    sub.on('pmessage', (pattern, channel, message) => got.push(`pmessage ${pattern} ${channel} ${message}`));
    sub.on('smessage', (channel, message) => got.push(`smessage ${channel} ${message}`));
    expect(await sub.subscribe('news', 'sport')).toBe(2);
    expect(await sub.psubscribe('n*')).toBe(3);
    expect(await sub.ssubscribe('shard-1')).toBe(1);
    expect(await pub.publish('news', 'hello')).toBe(2);
    expect(await pub.spublish('shard-1', 'bye')).toBe(1);
    expect(await pub.pubsub('NUMSUB', 'news', 'sport', 'none')).toEqual(['news', 1, 'sport', 1, 'none', 0]);
    expect(await pub.pubsub('NUMPAT')).toBe(1);
    await waitFor(got, 3);
    expect(got).toEqual(['message news hello', 'pmessage n* news hello', 'smessage shard-1 bye']);
    await sub.unsubscribe('news');
    expect(await pub.publish('news', 'again')).toBe(1);
    await waitFor(got, 4);
    expect(got[3]).toBe('pmessage n* news again');
    sub.disconnect();
    pub.disconnect();
  });

  test('binary messages', async () => {
    const sub = new Redis({ port, host: '127.0.0.1', protocol });
    const pub = new Redis({ port, host: '127.0.0.1', protocol });
    const got: Buffer[] = [];
    sub.on('messageBuffer', (_channel: Buffer, message: Buffer) => got.push(message));
    await sub.subscribe('bin');
    const payload = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await pub.publish('bin', payload);
    await waitFor(got, 1);
    expect(got[0]).toEqual(payload);
    sub.disconnect();
    pub.disconnect();
  });
});

describe.each([2, 3] as const)('node-redis RESP%i', (resp) => {
  test('subscribe, psubscribe and ssubscribe listeners', async () => {
    const sub = createClient({ socket: { port, host: '127.0.0.1' }, RESP: resp });
    const pub = createClient({ socket: { port, host: '127.0.0.1' }, RESP: resp });
    await sub.connect();
    await pub.connect();
    const got: string[] = [];
    await sub.subscribe('alerts', (message, channel) => got.push(`${channel}:${message}`));
    await sub.pSubscribe('user:*', (message, channel) => got.push(`p ${channel}:${message}`));
    await sub.sSubscribe('orders', (message, channel) => got.push(`s ${channel}:${message}`));
    expect(await pub.publish('alerts', 'fire')).toBe(1);
    expect(await pub.publish('user:42', 'login')).toBe(1);
    expect(await pub.sPublish('orders', 'new')).toBe(1);
    await waitFor(got, 3);
    expect(got).toEqual(['alerts:fire', 'p user:42:login', 's orders:new']);
    expect(await pub.pubSubChannels()).toEqual(['alerts']);
    expect(await pub.pubSubShardChannels()).toEqual(['orders']);
    await sub.unsubscribe('alerts');
    await sub.pUnsubscribe('user:*');
    await sub.sUnsubscribe('orders');
    expect(await pub.pubSubNumSub(['alerts'])).toEqual({ alerts: 0 });
    sub.destroy();
    pub.destroy();
  });
});

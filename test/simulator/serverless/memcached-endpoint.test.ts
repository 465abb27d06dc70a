/**
 * Serverless Memcached through its TLS endpoints with a raw text-protocol session (the `memcached`
 * npm client and memjs have no TLS; binary requests are refused): keys hashed over the internal
 * engines, multigets in order, meta commands, and what the guide's serverless section rules out.
 */
import * as tls from 'tls';
import { cache, memcachedCache, serverlessStack, TextSession, until } from './support';
import { SimulatedEndpointType, SimulatorFixture } from '../../../src';
import { Engine } from '../../../src/catalog';

const stack = serverlessStack((s, vpc) => {
  cache(s, vpc, 'Pages', { serverlessCacheName: 'pages', engine: Engine.MEMCACHED });
});

describe('serverless Memcached endpoints', () => {
  const fixture = SimulatorFixture.forStack(stack, { seed: 'serverless-memcached' });
  const sim = () => fixture.simulator;
  const sessions: TextSession[] = [];
  const open = async (type = SimulatedEndpointType.SERVERLESS) => {
    const session = await TextSession.open(sim().endpoint('pages', type), sim().caCertificatePem);
    sessions.push(session);
    return session;
  };
  const shardOf = (key: string) => memcachedCache(sim(), 'pages').shardOf(key);
  const keyOn = (shard: number, prefix: string) => {
    for (let i = 0; ; i++) if (shardOf(`${prefix}${i}`) === shard) return `${prefix}${i}`;
  };
  afterAll(() => sessions.forEach((s) => s.close()));

  test('both ports (11211 and the read-optimized 11212) are TLS endpoints on the same AWS hostname', () => {
    const main = sim().endpoint('pages');
    const reader = sim().endpoint('pages', SimulatedEndpointType.SERVERLESS_READER);
    expect(main).toMatchObject({ servicePort: 11211, tls: true, acceptsPlain: false });
    expect(reader).toMatchObject({ servicePort: 11212, hostname: main.hostname, tls: true });
    expect(main.hostname).toMatch(/^pages-[a-z0-9]{6}\.serverless\.use1\.cache\.amazonaws\.com$/);
  });

  test('storage and retrieval commands reach the shard of their key; multigets come back in the order asked', async () => {
    const s = await open();
    const keys = [keyOn(0, 'a'), keyOn(1, 'b'), keyOn(0, 'c'), keyOn(1, 'd')];
    for (const k of keys) expect(await s.send(`set ${k} 7 0 ${k.length}\r\n${k}\r\n`)).toBe('STORED\r\n');
    const reply = await s.send(`get ${keys[3]} missing ${keys[0]} ${keys[1]} ${keys[2]} ${keys[0]}\r\n`, ['END\r\n']);
    const order = [keys[3], keys[0], keys[1], keys[2], keys[0]];
    expect(reply).toBe(`${order.map((k) => `VALUE ${k} 7 ${k.length}\r\n${k}\r\n`).join('')}END\r\n`);
    const withCas = await s.send(`gets ${keys[1]}\r\n`, ['END\r\n']);
    const cas = /VALUE \S+ 7 \d+ (\d+)\r\n/.exec(withCas)![1];
    expect(await s.send(`cas ${keys[1]} 0 0 3 ${cas}\r\nnew\r\n`)).toBe('STORED\r\n');
    expect(await s.send(`cas ${keys[1]} 0 0 3 ${cas}\r\nold\r\n`)).toBe('EXISTS\r\n');
    expect(await s.send(`incr ${keys[2]} 1\r\n`)).toBe('CLIENT_ERROR cannot increment or decrement non-numeric value\r\n');
    expect(await s.send('set n 0 0 1\r\n5\r\nincr n 10\r\n', ['15\r\n'])).toBe('STORED\r\n15\r\n');
    expect(await s.send(`delete ${keys[3]}\r\n`)).toBe('DELETED\r\n');
    expect(await s.send(`touch ${keys[0]} 100\r\n`)).toBe('TOUCHED\r\n');
    // A value too large for the engine is refused and its data swallowed, as memcached does.
    const big = 'x'.repeat(2 * 1024 * 1024);
    expect(await s.send(`set big 0 0 ${big.length}\r\n${big}\r\nget big\r\n`, ['END\r\n'])).toBe('SERVER_ERROR object too large for cache\r\nEND\r\n');
  });

  test('meta commands route by key (base64 keys included); mn marks the end of quiet requests', async () => {
    const s = await open();
    const key = keyOn(1, 'meta');
    expect(await s.send(`ms ${key} 2 T0 F5\r\nhi\r\n`)).toBe('HD\r\n');
    expect(await s.send(`mg ${key} v f\r\n`)).toBe('VA 2 f5\r\nhi\r\n');
    const b64 = Buffer.from(key).toString('base64');
    expect(await s.send(`mg ${b64} b v\r\n`)).toBe('VA 2\r\nhi\r\n');
    expect(await s.send('mg nothing-here v q\r\nmn\r\n')).toBe('MN\r\n');
    expect(await s.send(`md ${key} q\r\nmn\r\n`)).toBe('MN\r\n');
    expect(await s.send(`mg ${key} v\r\n`)).toBe('EN\r\n');
  });

  test('the read-optimized port serves reads and writes of the same data', async () => {
    const writer = await open();
    const reader = await open(SimulatedEndpointType.SERVERLESS_READER);
    expect(await reader.send('set from-reader 0 0 2\r\nok\r\n')).toBe('STORED\r\n');
    expect(await writer.send('get from-reader\r\n', ['END\r\n'])).toBe('VALUE from-reader 0 2\r\nok\r\nEND\r\n');
  });

  test('GET/GETS lines over 16 KB are refused; the connection stays usable', async () => {
    const s = await open();
    const keys: string[] = [];
    for (let i = 0; keys.join(' ').length <= 16 * 1024; i++) keys.push(`k${String(i).padStart(30, '0')}`);
    expect(await s.send(`get ${keys.join(' ')}\r\n`)).toBe('CLIENT_ERROR line too long\r\n');
    expect(await s.send(`gets ${keys.join(' ')}\r\n`)).toBe('CLIENT_ERROR line too long\r\n');
    const fits = keys.slice(0, 100).join(' ');
    expect(await s.send(`get ${fits}\r\n`, ['END\r\n'])).toBe('END\r\n');
    expect(await s.send('version\r\n')).toMatch(/^VERSION 1\.6\.\d+\r\n$/);
  });

  test('flush_all empties every shard; a delayed flush_all is refused with CLIENT_ERROR', async () => {
    const s = await open();
    for (const k of [keyOn(0, 'f'), keyOn(1, 'g')]) await s.send(`set ${k} 0 0 1\r\n1\r\n`);
    expect(await s.send('flush_all 60\r\n')).toMatch(/^CLIENT_ERROR /);
    expect(await s.send(`get ${keyOn(0, 'f')} ${keyOn(1, 'g')}\r\n`, ['END\r\n'])).toContain('VALUE');
    expect(await s.send('flush_all\r\n')).toBe('OK\r\n');
    expect(await s.send(`get ${keyOn(0, 'f')} ${keyOn(1, 'g')}\r\n`, ['END\r\n'])).toBe('END\r\n');
    // No reply of its own: the mn after it answers first.
    expect(await s.send('flush_all noreply\r\nmn\r\n')).toBe('MN\r\n');
  });

  test('only `stats` and `stats reset` are offered; engine-configuring commands answer ERROR', async () => {
    const s = await open();
    for (let i = 0; i < 20; i++) await s.send(`set st${i} 0 0 1\r\n1\r\n`);
    const stats = await s.send('stats\r\n', ['END\r\n']);
    const field = (name: string) => Number(new RegExp(`STAT ${name} (\\d+)`).exec(stats)![1]);
    // Counts add up over the shards.
    const perShard = memcachedCache(sim(), 'pages').describe().internalShards as { items: number }[];
    expect(field('curr_items')).toBe(perShard.reduce((n, e) => n + e.items, 0));
    expect(field('curr_items')).toBeGreaterThanOrEqual(20);
    expect(await s.send('stats reset\r\n')).toBe('RESET\r\n');
    for (const cmd of ['stats items', 'stats slabs', 'stats settings', 'stats conns', 'lru_crawler metadump all', 'lru tune', 'watch', 'verbosity 1', 'me key', 'slabs automove 1', 'cache_memlimit 100']) {
      expect([cmd, await s.send(`${cmd}\r\n`)]).toEqual([cmd, 'ERROR\r\n']);
    }
  });

  test('the binary protocol is not offered: a binary request gets the connection closed, without a reply', async () => {
    const e = sim().endpoint('pages');
    const socket = tls.connect({ host: e.host, port: e.port, ca: sim().caCertificatePem, servername: e.hostname });
    let timer: NodeJS.Timeout | undefined;
    const outcome = await new Promise<{ data: number; closed: boolean }>((resolve) => {
      let data = 0;
      socket.on('data', (d) => { data += d.length; });
      socket.on('close', () => resolve({ data, closed: true }));
      socket.on('error', () => undefined);
      socket.once('secureConnect', () => socket.write(Buffer.from([0x80, 0x0b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])));
      timer = setTimeout(() => resolve({ data, closed: false }), 20_000);
    }).finally(() => clearTimeout(timer));
    socket.destroy();
    expect(outcome).toEqual({ data: 0, closed: true });
  });

  test('the legacy discovery key names the endpoint itself; `config get cluster` is not offered', async () => {
    const s = await open();
    const e = sim().endpoint('pages');
    const payload = `1\n${e.hostname}|${e.host}|${e.port}\n`;
    expect(await s.send('get AmazonElastiCache:cluster\r\n', ['END\r\n'])).toBe(`VALUE AmazonElastiCache:cluster 0 ${payload.length}\r\n${payload}\r\nEND\r\n`);
    expect(await s.send('config get cluster\r\n')).toBe('ERROR\r\n');
  });

  test('quit closes the connection', async () => {
    const s = await open();
    expect(await s.send('quit\r\n')).toBe('');
    await until(() => s.closed, 'the connection to close');
  });
});

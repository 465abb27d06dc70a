import * as net from 'net';
import { binaryRequest, Session, startOurs, Target, u32s } from './support/harness';
import { prng } from '../valkey/support/prng';

/**
 * Random and truncated protocol bytes from many connections: the server (running in this process,
 * so any uncaught error would fail the run) must keep serving, and keys stored beforehand must
 * keep their exact values.
 */

// No flush_all or page moves: a mangled delay or class id could legitimately drop the kept keys.
const VALID = [
  'set k 0 0 5\r\nhello\r\n', 'get k k2 k3\r\n', 'gets k\r\n', 'add k 1 2 3\r\nabc\r\n', 'cas k 0 0 1 99\r\nx\r\n', 'incr n 5\r\n',
  'decr n 3\r\n', 'delete k\r\n', 'touch k 10\r\n', 'gat 10 k\r\n', 'mg k v c f t k s O1 q\r\n', 'ms k 3 T10 F5 c\r\nabc\r\n',
  'md k I T30\r\n', 'ma n N0 J5 v\r\n', 'me k\r\n', 'mn\r\n', 'stats\r\n', 'stats items\r\n', 'stats slabs\r\n', 'stats settings\r\n',
  'stats sizes\r\n', 'stats conns\r\n', 'stats detail dump\r\n', 'lru_crawler metadump all\r\n', 'verbosity 1\r\n',
  'config get cluster\r\n', 'get AmazonElastiCache:cluster\r\n', 'version\r\n', 'lru tune 20 40 0.2 2\r\n',
];

function binaryPackets(r: () => number): Buffer[] {
  const key = `b${Math.floor(r() * 10)}`;
  return [
    binaryRequest(0x01, { key, value: 'v'.repeat(Math.floor(r() * 100)), extras: u32s(Math.floor(r() * 2 ** 32), Math.floor(r() * 100)) }),
    binaryRequest(0x00, { key }),
    binaryRequest(0x05, { key, extras: Buffer.alloc(20, Math.floor(r() * 256)) }),
    binaryRequest(0x10, { key: ['', 'items', 'slabs', 'settings', 'bogus'][Math.floor(r() * 5)] }),
    binaryRequest(Math.floor(r() * 256), { key: 'x', extras: Buffer.alloc(Math.floor(r() * 24)), value: 'y' }),
    binaryRequest(0x01, { key, extras: u32s(0, 0), bodylen: Math.floor(r() * 2 ** 32) }),
  ];
}

/** One fuzz input: random bytes, a mangled valid command, or a mangled binary packet. */
function input(r: () => number): Buffer {
  const kind = r();
  if (kind < 0.25) return Buffer.from(Array.from({ length: Math.floor(r() * 3000) }, () => Math.floor(r() * 256)));
  let base: Buffer;
  if (kind < 0.7) base = Buffer.from(Array.from({ length: 1 + Math.floor(r() * 6) }, () => VALID[Math.floor(r() * VALID.length)]).join(''), 'latin1');
  else base = Buffer.concat(binaryPackets(r).filter(() => r() < 0.5));
  const out = Buffer.from(base);
  const edits = Math.floor(r() * 4);
  for (let i = 0; i < edits && out.length > 0; i++) {
    const p = Math.floor(r() * out.length);
    out[p] = [0, 32, 13, 10, 0x80, Math.floor(r() * 256)][Math.floor(r() * 6)];
  }
  // Truncate sometimes, so uploads and packets end half way.
  return r() < 0.4 ? out.subarray(0, Math.floor(r() * out.length)) : out;
}

async function blast(port: number, data: Buffer, chunkSplit: boolean): Promise<void> {
  await new Promise<void>((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => {
      if (chunkSplit && data.length > 1) {
        const cut = Math.floor(data.length / 2);
        s.write(data.subarray(0, cut));
        setTimeout(() => s.end(data.subarray(cut)), 2);
      } else {
        s.end(data);
      }
    });
    s.on('data', () => undefined);
    s.on('error', () => resolve());
    s.on('close', () => resolve());
    setTimeout(() => {
      s.destroy();
      resolve();
    }, 300);
  });
}

describe('fuzzing the engine with random and truncated protocol bytes', () => {
  let server: Target;
  const keep = new Map<string, string>();
  beforeAll(async () => {
    server = await startOurs({ memoryLimitMb: 16 });
    const s = await Session.open(server.port);
    for (let i = 0; i < 50; i++) {
      const v = `value-${i}-${'x'.repeat(i * 13)}`;
      keep.set(`keep:${i}`, v);
      expect((await s.text(`set keep:${i} ${i} 0 ${v.length}\r\n${v}\r\n`)).toString()).toBe('STORED\r\n');
    }
    s.close();
  });
  afterAll(() => server?.stop());

  test.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i: 150 hostile connections', async (seed) => {
    const r = prng(seed);
    for (let batch = 0; batch < 15; batch++) {
      await Promise.all(Array.from({ length: 10 }, () => blast(server.port, input(r), r() < 0.5)));
    }
    // The server still answers, and nothing a client sent touched the stored keys.
    const s = await Session.open(server.port);
    expect((await s.text('version\r\n')).toString()).toMatch(/^VERSION /);
    for (const [k, v] of keep) {
      const flags = k.split(':')[1];
      expect((await s.text(`get ${k}\r\n`)).toString('latin1')).toBe(`VALUE ${k} ${flags} ${v.length}\r\n${v}\r\nEND\r\n`);
    }
    s.close();
  });

  test('one connection fed 300 hostile inputs in a row keeps the server healthy', async () => {
    const r = prng(42);
    const data = Buffer.concat(Array.from({ length: 300 }, () => input(r)));
    await blast(server.port, data, true);
    const s = await Session.open(server.port);
    const stats = (await s.text('stats\r\n')).toString('latin1');
    expect(stats).toMatch(/STAT curr_items \d+/);
    expect((await s.text('get keep:7\r\n')).toString('latin1')).toContain(keep.get('keep:7'));
    s.close();
  });
});

import { binaryRequest, describeBinary, Session, startOurs, u32s } from './support/harness';
import { MemcachedConfigError, MemcachedServer } from '../../../src/engines/memcached';
import { buildSettings, versionAtLeast } from '../../../src/engines/memcached/settings';
import { eventually } from '../../support/eventually';

/** Behaviour checked on our engine alone: virtual time, background work, limits and options. */

class FakeClock {
  ms = Date.parse('2026-01-01T00:00:00Z');
  now = () => this.ms;
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

type Options = ConstructorParameters<typeof MemcachedServer>[0];

async function withEngine(opts: Options, fn: (s: Session, server: MemcachedServer) => Promise<void>): Promise<void> {
  const t = await startOurs(opts);
  const s = await Session.open(t.port);
  try {
    await fn(s, t.server);
  } finally {
    s.close();
    await t.stop();
  }
}

const text = async (s: Session, cmd: string) => (await s.text(cmd)).toString('latin1');

describe('expiry on a virtual clock', () => {
  // Without the LRU maintainer thread, so expired items are found by the commands below rather than
  // reclaimed in the background first (which would move the counts from get_expired to reclaimed).
  const quiet = { lru_maintainer: 0 };
  test('relative, absolute and negative TTLs; touch and gat extend them', async () => {
    const clock = new FakeClock();
    await withEngine({ clock: clock.now, parameters: quiet }, async (s) => {
      await text(s, 'set rel 0 10 1\r\nx\r\n');
      await text(s, `set abs 0 ${Math.floor(clock.ms / 1000) + 40} 1\r\ny\r\n`);
      await text(s, 'set neg 0 -1 1\r\nz\r\n');
      expect(await text(s, 'get neg\r\n')).toBe('END\r\n');
      clock.advance(9);
      expect(await text(s, 'mg rel t v\r\n')).toBe('VA 1 t1\r\nx\r\n');
      expect(await text(s, 'touch rel 100\r\n')).toBe('TOUCHED\r\n');
      clock.advance(15);
      expect(await text(s, 'get rel abs\r\n')).toBe('VALUE rel 0 1\r\nx\r\nVALUE abs 0 1\r\ny\r\nEND\r\n');
      expect(await text(s, 'gat 2 abs\r\n')).toContain('VALUE abs');
      clock.advance(3);
      expect(await text(s, 'get abs\r\n')).toBe('END\r\n');
      expect(await text(s, 'stats\r\n')).toMatch(/STAT get_expired 2\r\n/);
    });
  });

  test('flush_all with a delay hides older items once the time comes', async () => {
    const clock = new FakeClock();
    await withEngine({ clock: clock.now, parameters: quiet }, async (s) => {
      await text(s, 'set a 0 0 1\r\nx\r\n');
      expect(await text(s, 'flush_all 5\r\n')).toBe('OK\r\n');
      clock.advance(3);
      expect(await text(s, 'get a\r\n')).toContain('VALUE a');
      clock.advance(3);
      expect(await text(s, 'get a\r\n')).toBe('END\r\n');
      expect(await text(s, 'stats\r\n')).toMatch(/STAT get_flushed 1\r\n/);
    });
  });

  test('the LRU crawler reclaims expired items and metadump lists live ones', async () => {
    const clock = new FakeClock();
    await withEngine({ clock: clock.now, parameters: quiet }, async (s) => {
      for (let i = 0; i < 20; i++) await text(s, `set e${i} 0 ${i < 10 ? 5 : 0} 1\r\nx\r\n`);
      clock.advance(10);
      expect(await text(s, 'lru_crawler crawl all\r\n')).toBe('OK\r\n');
      // The crawl runs in the background: wait until it has reclaimed the ten expired items.
      const stats = await eventually(async () => {
        const t = await text(s, 'stats\r\n');
        return /STAT crawler_reclaimed 10\r\n/.test(t) && t;
      }, 10_000, 'the crawler to reclaim the expired items');
      expect(stats).toMatch(/STAT curr_items 10\r\n/);
      const dump = await text(s, 'lru_crawler metadump all\r\n');
      expect(dump.split('\n').filter((l) => l.startsWith('key=')).length).toBe(10);
      expect(dump).toMatch(/^key=e1\d exp=-1 la=\d+ cas=\d+ fetch=no cls=1 size=63$/m);
    });
  });
});

describe('memory behaviour', () => {
  test('segmented LRU: the maintainer moves new items out of HOT, eviction takes the COLD tail', async () => {
    await withEngine({ memoryLimitMb: 2, parameters: { max_item_size: '512k' } }, async (s, server) => {
      const value = 'v'.repeat(50_000);
      for (let i = 0; i < 10; i++) await text(s, `set k${i} 0 0 ${value.length}\r\n${value}\r\n`);
      server.engine.maintainer.tick();
      const items = await text(s, 'stats items\r\n');
      expect(items).toMatch(/items:\d+:number_cold [1-9]/);
      // Fill far past the limit: the oldest keys go first.
      for (let i = 10; i < 80; i++) await text(s, `set k${i} 0 0 ${value.length}\r\n${value}\r\n`);
      expect(await text(s, 'get k0\r\n')).toBe('END\r\n');
      expect(await text(s, 'get k79\r\n')).toContain('VALUE k79');
      expect(await text(s, 'stats\r\n')).toMatch(/STAT evictions [1-9]\d*\r\n/);
    });
  });

  test('slabs reassign moves a page, keeping the items it can rescue', async () => {
    await withEngine({ memoryLimitMb: 64 }, async (s, server) => {
      const small = 'x'.repeat(10);
      // Two pages of class 1 (10922 chunks each) with a few items, so one page can go.
      const cmds = Array.from({ length: 12000 }, (_, i) => `set s${i} 0 0 10 noreply\r\n${small}\r\n`).join('');
      // Large pipelined steps: allow a busy machine time to get through them.
      expect((await s.text(cmds, 30_000)).toString()).toBe('');
      expect((await s.text(Array.from({ length: 11000 }, (_, i) => `delete s${i} noreply\r\n`).join(''), 30_000)).toString()).toBe('');
      expect(await text(s, 'slabs reassign 1 5\r\n')).toBe('OK\r\n');
      const slabs = await text(s, 'stats slabs\r\n');
      expect(slabs).toMatch(/STAT 1:total_pages 1\r\n/);
      expect(slabs).toMatch(/STAT 5:total_pages 1\r\n/);
      expect(await text(s, 'get s11999\r\n')).toContain('VALUE s11999');
      const stats = await text(s, 'stats\r\n');
      expect(stats).toMatch(/STAT slabs_moved 1\r\n/);
      expect(await text(s, 'slabs reassign 1 5\r\n')).toBe('NOSPARE source class has no spare pages\r\n');
      expect(server.stats().curr_items).toBe('1000');
    });
  });

  test('out of memory with error_on_memory_exhausted, and cache_memlimit raising the limit', async () => {
    await withEngine({ memoryLimitMb: 2, parameters: { error_on_memory_exhausted: 1, max_item_size: '512k' } }, async (s) => {
      const value = 'v'.repeat(100_000);
      let last = '';
      for (let i = 0; i < 40 && !last.startsWith('SERVER_ERROR'); i++) last = await text(s, `set k${i} 0 0 ${value.length}\r\n${value}\r\n`);
      expect(last).toBe('SERVER_ERROR out of memory storing object\r\n');
      expect(await text(s, 'cache_memlimit 16\r\n')).toBe('OK\r\n');
      expect(await text(s, `set more 0 0 ${value.length}\r\n${value}\r\n`)).toBe('STORED\r\n');
    });
  });
});

describe('expirezero_does_not_evict', () => {
  test('items without expiry are never evicted; the cache answers out of memory instead', async () => {
    await withEngine({ memoryLimitMb: 2, parameters: { expirezero_does_not_evict: 1, max_item_size: '512k' } }, async (s) => {
      const value = 'v'.repeat(100_000);
      let last = '';
      for (let i = 0; i < 40 && !last.startsWith('SERVER_ERROR'); i++) last = await text(s, `set k${i} 0 0 ${value.length}\r\n${value}\r\n`);
      expect(last).toBe('SERVER_ERROR out of memory storing object\r\n');
      expect(await text(s, 'get k0\r\n')).toContain('VALUE k0');
      expect(await text(s, 'stats\r\n')).toMatch(/STAT evictions 0\r\n/);
    });
  });
});

describe('meta E flag (explicit CAS, memcached 1.6.21+)', () => {
  test('ms, md, ma and mg take the given CAS value', async () => {
    await withEngine({}, async (s) => {
      expect(await text(s, 'ms e 2 E12345 c\r\nhi\r\n')).toBe('HD c12345\r\n');
      expect(await text(s, 'mg e c\r\n')).toBe('HD c12345\r\n');
      expect(await text(s, 'md e I E777\r\n')).toBe('HD\r\n');
      expect(await text(s, 'mg e c\r\n')).toBe('HD c777 X W\r\n');
      expect(await text(s, 'ms n 1\r\n5\r\n')).toBe('HD\r\n');
      expect(await text(s, 'ma n E99 c v\r\n')).toBe('VA 1 c99\r\n6\r\n');
      expect(await text(s, 'mg viv N30 E4242 c\r\n')).toBe('HD c4242 W\r\n');
      expect(await text(s, 'ms e 1 Ebad\r\nx\r\n')).toBe('CLIENT_ERROR bad token in command line format\r\n');
    });
  });
});

describe('engine version', () => {
  test('versions before 1.5.19 have no meta commands: they answer as unknown commands', async () => {
    await withEngine({ parameters: { version: '1.5.16' } }, async (s) => {
      // Raw: the session's own end-of-reply marker is an mn.
      const reply = await s.raw('mg k v\r\nms k 1\r\nmd k\r\nma k\r\nmn\r\nme k\r\nset k 0 0 1\r\nx\r\nget k\r\nversion\r\n', 300);
      expect(reply.toString('latin1')).toBe(`${'ERROR\r\n'.repeat(6)}STORED\r\nVALUE k 0 1\r\nx\r\nEND\r\nVERSION 1.5.16\r\n`);
    });
    await withEngine({ parameters: { version: '1.5.19' } }, async (s) => {
      expect(await text(s, 'mn\r\n')).toBe('MN\r\n');
    });
  });

  test('touch commands from 1.4.8, ASCII gat and gats from 1.5.3', async () => {
    const touchRequest = binaryRequest(0x1c, { key: 'k', extras: u32s(10) });
    await withEngine({ parameters: { version: '1.4.5' } }, async (s) => {
      const reply = await s.raw('set k 0 0 1\r\nx\r\ntouch k 10\r\ngat 10 k\r\ngats 10 k\r\nget k\r\n', 300);
      expect(reply.toString('latin1')).toBe('STORED\r\nERROR\r\nERROR\r\nERROR\r\nVALUE k 0 1\r\nx\r\nEND\r\n');
    });
    await withEngine({ parameters: { version: '1.4.5' } }, async (s) => {
      // Binary TOUCH: "Unknown command" (status 0x81).
      expect(describeBinary(await s.binary(touchRequest))).toContain('status=81');
    });
    await withEngine({ parameters: { version: '1.4.34' } }, async (s) => {
      const reply = await s.raw('set k 0 0 1\r\nx\r\ntouch k 10\r\ngat 10 k\r\n', 300);
      expect(reply.toString('latin1')).toBe('STORED\r\nTOUCHED\r\nERROR\r\n');
    });
    await withEngine({ parameters: { version: '1.4.34' } }, async (s) => {
      // Binary TOUCH of a missing key: "Not found" (status 1), not "Unknown command".
      expect(describeBinary(await s.binary(touchRequest))).toContain('status=1 ');
    });
    await withEngine({ parameters: { version: '1.5.10' } }, async (s) => {
      const reply = await s.raw('set k 0 0 1\r\nx\r\ngat 10 k\r\n', 300);
      expect(reply.toString('latin1')).toBe('STORED\r\nVALUE k 0 1\r\nx\r\nEND\r\n');
    });
  });

  test('version comparison', () => {
    expect(versionAtLeast('1.4.34', [1, 5, 19])).toBe(false);
    expect(versionAtLeast('1.5.18', [1, 5, 19])).toBe(false);
    expect(versionAtLeast('1.5.19', [1, 5, 19])).toBe(true);
    expect(versionAtLeast('1.6.6', [1, 5, 19])).toBe(true);
    expect(versionAtLeast('2.0.0', [1, 5, 19])).toBe(true);
    expect(versionAtLeast('custom build', [1, 5, 19])).toBe(true);
  });
});

describe('connections and options', () => {
  test('idle_timeout closes idle connections and counts idle_kicks', async () => {
    const clock = new FakeClock();
    await withEngine({ clock: clock.now, parameters: { idle_timeout: 5 } }, async (s, server) => {
      const idle = await Session.open(server.address.port);
      await idle.text('version\r\n');
      clock.advance(10);
      // The idle check runs on a real timer; both connections of the test sat idle.
      await eventually(() => server.stats().idle_kicks === '2', 10_000, 'two idle kicks');
      expect((await idle.raw('version\r\n', 100)).toString()).toContain('<closed>');
      void s;
    });
  });

  test('max_simultaneous_connections rejects connections past the limit (maxconns_fast)', async () => {
    await withEngine({ parameters: { max_simultaneous_connections: 23 } }, async (_s, server) => {
      // memcached reserves descriptors for itself: 23 − 1 − 20 − 1 listener leaves room for 1 client (held by the session).
      const extra = await Session.open(server.address.port);
      expect((await extra.raw('', 200)).toString()).toBe('ERROR Too many open connections\r\n<closed>');
      expect(server.stats().rejected_connections).toBe('1');
    });
  });

  test('without maxconns_fast a client past the limit waits until a slot frees', async () => {
    await withEngine({ parameters: { max_simultaneous_connections: 23, maxconns_fast: 0 } }, async (s, server) => {
      const waiting = await Session.open(server.address.port);
      const pending = waiting.text('version\r\n');
      await eventually(() => server.stats().accepting_conns === '0', 10_000, 'the listener to stop accepting');
      s.close();
      expect((await pending).toString()).toMatch(/^VERSION /);
      expect(server.stats().listen_disabled_num).toBe('1');
      waiting.close();
    });
  });

  test('disabled commands answer as unknown commands', async () => {
    await withEngine({ disabledCommands: ['lru_crawler', 'slabs'] }, async (s) => {
      expect(await text(s, 'lru_crawler crawl all\r\n')).toBe('ERROR\r\n');
      expect(await text(s, 'slabs automove 1\r\n')).toBe('ERROR\r\n');
      expect(await text(s, 'version\r\n')).toMatch(/^VERSION/);
    });
  });

  test('binding_protocol=binary drops text clients', async () => {
    await withEngine({ parameters: { binding_protocol: 'binary' } }, async (s) => {
      // A full header's worth of text: its first byte is not the binary magic, so the connection is dropped.
      expect((await s.raw('version\r\nversion\r\nversion\r\n', 200)).toString()).toBe('<closed>');
    });
  });

  test('stats settings report ElastiCache-only parameters that were given', async () => {
    await withEngine({ parameters: { max_cache_memory: 555, memcached_connections_overhead: 13, large_memory_pages: 0 } }, async (s) => {
      const settings = await text(s, 'stats settings\r\n');
      expect(settings).toContain(`STAT maxbytes ${(555 - 13) * 1048576}\r\n`);
      expect(settings).toContain('STAT max_cache_memory 555\r\n');
      expect(settings).toContain('STAT memcached_connections_overhead 13\r\n');
      expect(settings).toContain('STAT large_memory_pages 0\r\n');
    });
  });
});

describe('settings validation', () => {
  test.each([
    [{ parameters: { bogus: 1 } }, 'unknown parameter "bogus"'],
    [{ parameters: { cas_disabled: 'maybe' } }, 'parameter cas_disabled: "maybe" is not a boolean (0 or 1)'],
    [{ parameters: { idle_timeout: 90000 } }, 'parameter idle_timeout: "90000" is out of range (allowed: 0..86400)'],
    [{ parameters: { binding_protocol: 'udp' } }, 'parameter binding_protocol: "udp" is not allowed (allowed: auto, ascii, binary)'],
    [{ parameters: { max_item_size: 512 } }, 'Item max size cannot be less than 1024 bytes.'],
    [{ parameters: { max_item_size: 256 * 1024 } }, 'slab_chunk_max (bytes: 524288) cannot be larger than -I (item_size_max 262144)'],
    [{ memoryLimitMb: 1 }, 'Cannot set item size limit higher than 1/2 of memory max.'],
    [{ parameters: { chunk_size_growth_factor: 1 } }, 'Factor must be greater than 1'],
    [{ parameters: { max_cache_memory: 50, memcached_connections_overhead: 100 } }, 'leaves no item memory'],
  ])('%j is refused', (input, message) => {
    expect(() => buildSettings(input)).toThrow(MemcachedConfigError);
    expect(() => buildSettings(input)).toThrow(message);
  });

  test('no_modern turns the modern features off as memcached does', () => {
    const s = buildSettings({ parameters: { no_modern: 1 } });
    expect([s.slabReassign, s.lruSegmented, s.lruMaintainerThread, s.maxconnsFast, s.hashAlgorithm, s.slabChunkSizeMax])
      .toEqual([false, false, false, false, 'jenkins', 1048576]);
  });
});

import { spawnSync } from 'child_process';
import * as net from 'net';
import { Pair, startPair, stopPair } from './differential/run';
import { Session } from './support/harness';
import { normalizeText } from './support/normalize';
import { computeSlabClasses } from '../../../src/engines/memcached';
import { buildSettings } from '../../../src/engines/memcached/settings';
import { hasBinary } from '../../support/real-servers';

const describeIfMemcached = hasBinary('memcached') ? describe : describe.skip;

/** The slab class table memcached prints with -vv, as [size, perslab] pairs. */
function memcachedClasses(args: string[]): Array<[number, number]> {
  const asRoot = process.getuid?.() === 0 ? ['-u', 'root'] : [];
  const r = spawnSync('timeout', ['1', 'memcached', '-p', '0', '-U', '0', '-vv', ...asRoot, ...args], { encoding: 'utf8' });
  return [...(r.stderr + r.stdout).matchAll(/slab class\s+\d+: chunk size\s+(\d+) perslab\s+(\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describeIfMemcached('differential: slab class tables', () => {
  test.each([
    [[], {}],
    [['-f', '1.1'], { chunk_size_growth_factor: 1.1 }],
    [['-f', '2', '-n', '100'], { chunk_size_growth_factor: 2, chunk_size: 100 }],
    [['-n', '16'], { chunk_size: 16 }],
    [['-o', 'no_modern'], { no_modern: 1 }],
    [['-I', '4m'], { max_item_size: '4m' }],
    [['-C'], { cas_disabled: 1 }],
    [['-o', 'slab_chunk_max=65536'], { slab_chunk_max: 65536 }],
  ] as Array<[string[], Record<string, string | number>]>)('memcached %j', (args, parameters) => {
    const s = buildSettings({ parameters });
    const ours = computeSlabClasses({
      chunkSize: s.chunkSize, factor: s.factor, pageSize: s.slabPageSize, chunkMax: s.slabChunkSizeMax, fullPages: true,
    }).map((c) => [c.size, c.perslab]);
    expect(ours).toEqual(memcachedClasses(args));
  });
});

/** Watchers: a connection in `watch` mode receives log lines for what other connections do. */
describeIfMemcached('differential: watch log lines', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPair(['-m', '2', '-I', '256k', '-o', 'slab_chunk_max=262144'], { memory_limit: 2, max_item_size: '256k', slab_chunk_max: 262144 });
  });
  afterAll(() => stopPair(pair));

  async function watch(port: number, flags: string, steps: string[]): Promise<string> {
    const w = net.connect(port, '127.0.0.1');
    let log = '';
    w.on('data', (d) => { log += d; });
    await new Promise<void>((resolve) => w.once('connect', () => resolve()));
    w.write(`watch ${flags}\r\n`);
    while (!log.includes('OK\r\n')) await new Promise((r) => setTimeout(r, 5));
    const s = await Session.open(port);
    for (const step of steps) await s.raw(step, 30);
    s.close();
    await new Promise((r) => setTimeout(r, 300));
    w.destroy();
    return normalizeText(log);
  }

  test('fetchers and mutations', async () => {
    const steps = ['set wk 1 100 2\r\nhi\r\n', 'get wk nope\r\n', 'add wk 0 0 1\r\nx\r\n', 'delete wk\r\n', 'incr wk 1\r\n', 'mg wk v\r\n',
      'ms wk 2 T0\r\nab\r\n', 'touch wk 10\r\n', 'append wk 0 0 1\r\nz\r\n', 'cas wk 0 0 1 999\r\nq\r\n', 'set w%20k 0 0 1\r\nx\r\n'];
    const [ours, real] = await Promise.all([watch(pair.ours.port, 'fetchers mutations', steps), watch(pair.real.port, 'fetchers mutations', steps)]);
    // A remaining TTL is a time: it can read one second less on either server.
    const ttl = (log: string) => log.replace(/ ttl=[1-9]\d* /g, ' ttl=<t> ');
    expect(ttl(ours)).toEqual(ttl(real));
    expect(ours).toContain('type=item_store key=w%2520k status=stored cmd=set ttl=0 clsid=1');
  });

  test('evictions and connection events', async () => {
    const value = 'v'.repeat(100_000);
    const steps = Array.from({ length: 30 }, (_, i) => `set e${i} 0 0 ${value.length}\r\n${value}\r\n`);
    const [ours, real] = await Promise.all([watch(pair.ours.port, 'evictions connevents', steps), watch(pair.real.port, 'evictions connevents', steps)]);
    // memcached notices the previous test's watcher socket closing only when it next writes to it,
    // so that close can land in this log; it is not part of this scenario. `la` is seconds since access.
    const clean = (log: string) => log.split('\r\n').join('\n').split('\n')
      .filter((l) => !/type=conn_close .*reason=error/.test(l))
      .map((l) => l.replace(/rip=\S+ /, '').replace(/ la=\d+ /, ' la=<t> ')).join('\n');
    expect(clean(ours)).toEqual(clean(real));
    expect(ours).toMatch(/type=eviction key=e0 fetch=no ttl=-1 la=\d+ clsid=\d+ size=100000/);
    expect(ours).toMatch(/type=conn_new .*transport=tcp/);
    expect(ours).toMatch(/type=conn_close .*reason=normal/);
  });
});

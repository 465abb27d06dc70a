import { Pair, runText, startPair, stopPair } from './differential/run';
import { pipeline } from './support/harness';
import { hasBinary } from '../../support/real-servers';

const describeIfMemcached = hasBinary('memcached') ? describe : describe.skip;

/**
 * The same script under non-default settings: memcached started with its flags, our engine with
 * the equivalent ElastiCache (or memcached option) parameters. `stats settings` proves the mapping,
 * the commands prove the behaviour.
 */
interface ConfigCase {
  readonly name: string;
  readonly memcachedArgs: string[];
  readonly parameters: Record<string, string | number>;
  readonly steps: readonly string[];
}

const v = (n: number) => 'v'.repeat(n);
const basics = ['set a 0 0 10\r\n' + v(10) + '\r\n', 'gets a\r\n', 'cas a 0 0 1 2\r\nx\r\n', 'set b 0 0 3000\r\n' + v(3000) + '\r\n', 'stats settings\r\n', 'stats slabs\r\n', 'stats items\r\n'];

const CASES: ConfigCase[] = [
  { name: 'cas disabled', memcachedArgs: ['-C'], parameters: { cas_disabled: 1 }, steps: [...basics, 'mg a c v\r\n', 'ms a 1 C0\r\ny\r\n', 'gets a\r\n', 'stats sizes_enable\r\n'] },
  { name: 'flush_all disabled', memcachedArgs: ['-F'], parameters: { disable_flush_all: 1 }, steps: ['flush_all\r\n', 'flush_all 10\r\n', 'stats\r\n', 'stats settings\r\n'] },
  { name: 'growth factor and chunk size', memcachedArgs: ['-f', '1.5', '-n', '100'], parameters: { chunk_size_growth_factor: 1.5, chunk_size: 100 }, steps: basics },
  { name: 'small growth factor', memcachedArgs: ['-f', '1.05'], parameters: { chunk_size_growth_factor: 1.05 }, steps: basics },
  // memcached prints the factor with %.2f: an exact tie (1.125) rounds to even, 1.12.
  { name: 'growth factor on a rounding tie', memcachedArgs: ['-f', '1.125'], parameters: { chunk_size_growth_factor: 1.125 }, steps: basics },
  { name: 'item size max 2m', memcachedArgs: ['-I', '2m'], parameters: { max_item_size: 2097152 }, steps: [...basics, 'set big 0 0 1500000\r\n' + v(1500000) + '\r\n', 'stats slabs\r\n', 'get nope\r\n'] },
  { name: 'item size max 512k', memcachedArgs: ['-I', '512k'], parameters: { max_item_size: '512k' }, steps: [...basics, 'set big 0 0 600000\r\n' + v(600000) + '\r\n', 'stats\r\n'] },
  { name: 'no_modern', memcachedArgs: ['-o', 'no_modern'], parameters: { no_modern: 1 }, steps: [...basics, 'get a b\r\n', 'stats\r\n', 'slabs reassign 1 2\r\n', 'lru mode flat\r\n', 'lru_crawler crawl all\r\n'] },
  { name: 'no_lru_maintainer', memcachedArgs: ['-o', 'no_lru_maintainer'], parameters: { lru_maintainer: 0 }, steps: [...basics, 'stats\r\n', 'lru mode flat\r\n', 'lru temp_ttl 10\r\n'] },
  { name: 'no_lru_crawler', memcachedArgs: ['-o', 'no_lru_crawler'], parameters: { lru_crawler: 0 }, steps: [...basics, 'lru_crawler crawl all\r\n', 'lru_crawler metadump all\r\n', 'stats\r\n'] },
  { name: 'slab_chunk_max 256k', memcachedArgs: ['-o', 'slab_chunk_max=262144'], parameters: { slab_chunk_max: 262144 }, steps: [...basics, 'set big 0 0 300000\r\n' + v(300000) + '\r\n', 'stats slabs\r\n'] },
  { name: 'hashpower', memcachedArgs: ['-o', 'hashpower=18'], parameters: { hashpower_init: 18 }, steps: ['stats\r\n', 'stats settings\r\n'] },
  { name: 'no maxconns_fast', memcachedArgs: ['-o', 'no_maxconns_fast'], parameters: { maxconns_fast: 0 }, steps: ['stats\r\n', 'stats settings\r\n'] },
  { name: 'idle timeout and track sizes', memcachedArgs: ['-o', 'idle_timeout=100,track_sizes'], parameters: { idle_timeout: 100, track_sizes: 1 }, steps: [...basics, 'stats sizes\r\n', 'stats\r\n'] },
  { name: 'lru tuning options', memcachedArgs: ['-o', 'hot_lru_pct=10,warm_lru_pct=30,hot_max_factor=0.5,warm_max_factor=1.5,temporary_ttl=30'], parameters: { hot_lru_pct: 10, warm_lru_pct: 30, hot_max_factor: 0.5, warm_max_factor: 1.5, temporary_ttl: 30 }, steps: [...basics, 'set tmp 0 10 1\r\nx\r\n', 'stats items\r\n'] },
  { name: 'watch and dumping disabled', memcachedArgs: ['-W', '-X'], parameters: { disable_watch: 1, disable_dumping: 1 }, steps: ['watch\r\n', 'stats cachedump 1 0\r\n', 'lru_crawler metadump all\r\n', 'stats settings\r\n'] },
  { name: 'requests per event and connection limit', memcachedArgs: ['-R', '5', '-c', '100', '-b', '64'], parameters: { requests_per_event: 5, max_simultaneous_connections: 100, backlog_queue_limit: 64 }, steps: ['stats settings\r\n', 'stats\r\n'] },
  { name: 'ascii only', memcachedArgs: ['-B', 'ascii'], parameters: { binding_protocol: 'ascii' }, steps: ['version\r\n', '\u0080\u0000\u0000\u0000\r\n', 'stats settings\r\n'] },
  { name: 'memory limit 8 MB', memcachedArgs: ['-m', '8'], parameters: { memory_limit: 8 }, steps: ['stats settings\r\n', 'cache_memlimit 16\r\n', 'stats settings\r\n', 'stats\r\n'] },
];

describeIfMemcached('differential: non-default settings', () => {
  let pair: Pair | undefined;
  afterEach(async () => {
    await stopPair(pair);
    pair = undefined;
  });

  test.each(CASES.map((c) => [c.name, c]))('%s', async (_name, c) => {
    pair = await startPair(c.memcachedArgs, c.parameters);
    const [ours, real] = await Promise.all([runText(pair.ours, c.steps), runText(pair.real, c.steps)]);
    expect(ours).toEqual(real);
  });

  /** Fills a small cache with same-size items; every set past capacity evicts exactly one item. */
  async function fill(port: number, count: number, size: number): Promise<string> {
    const cmds = Array.from({ length: count }, (_, i) => `set fill${i} 0 0 ${size}\r\n${v(size)}\r\n`).join('');
    const replies = (await pipeline(port, cmds, 20_000)).toString('latin1');
    const counts = new Map<string, number>();
    for (const line of replies.split('\r\n').filter(Boolean)) counts.set(line, (counts.get(line) ?? 0) + 1);
    return [...counts.entries()].map(([l, n]) => `${n} x ${l}`).join('\n');
  }

  test('evictions when the memory limit is reached', async () => {
    pair = await startPair(['-m', '8'], { memory_limit: 8 });
    const [ourReplies, realReplies] = await Promise.all([fill(pair.ours.port, 12000, 1000), fill(pair.real.port, 12000, 1000)]);
    expect(ourReplies).toEqual(realReplies);
    const steps = ['stats\r\n', 'stats slabs\r\n', 'stats items\r\n', 'get fill0 fill11999\r\n'];
    const [ours, real] = await Promise.all([runText(pair.ours, steps), runText(pair.real, steps)]);
    expect(ours).toEqual(real);
    expect(ours).toMatch(/STAT evictions [1-9]\d*/);
  });

  test('out of memory errors instead of evictions (-M / error_on_memory_exhausted)', async () => {
    pair = await startPair(['-m', '8', '-M'], { memory_limit: 8, error_on_memory_exhausted: 1 });
    const [ourReplies, realReplies] = await Promise.all([fill(pair.ours.port, 12000, 1000), fill(pair.real.port, 12000, 1000)]);
    expect(ourReplies).toEqual(realReplies);
    expect(ourReplies).toMatch(/x SERVER_ERROR out of memory storing object/);
    const steps = ['stats\r\n', 'stats slabs\r\n', 'stats items\r\n', 'set other 0 0 10\r\n0123456789\r\n', 'get fill0\r\n'];
    const [ours, real] = await Promise.all([runText(pair.ours, steps), runText(pair.real, steps)]);
    expect(ours).toEqual(real);
  });
});

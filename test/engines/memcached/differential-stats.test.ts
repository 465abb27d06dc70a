import { Pair, runBinary, runText, startPair, stopPair } from './differential/run';
import { binaryRequest, Session, u32s } from './support/harness';
import { hasBinary } from '../../support/real-servers';

const describeIfMemcached = hasBinary('memcached') ? describe : describe.skip;

/**
 * Statistics compared on freshly started servers, so cumulative counters (items, bytes, pages,
 * hits, CAS values) must agree exactly. Each case gets its own pair of servers.
 */
interface StatsCase {
  readonly name: string;
  readonly steps: readonly string[];
  /** memcached's command-line options, and the same settings for our engine (default: none). */
  readonly realArgs?: string[];
  readonly parameters?: Record<string, string | number>;
  /**
   * `stats items` fields compared unnormalized after the steps: fields that memcached's background
   * threads usually move, made deterministic by the case's options.
   */
  readonly exactItemStats?: readonly string[];
}

/** The named `stats items` fields of a server, as `items:<class>:<field> <value>` lines. */
async function itemStats(port: number, fields: readonly string[]): Promise<string[]> {
  const s = await Session.open(port);
  try {
    const lines = (await s.text('stats items\r\n')).toString('latin1').split('\r\n');
    return lines.filter((l) => fields.some((f) => l.endsWith(`:${f}`) || l.includes(`:${f} `)));
  } finally {
    s.close();
  }
}

const value = (n: number) => 'v'.repeat(n);

const CASES: StatsCase[] = [
  {
    name: 'general counters after a mixed workload',
    steps: [
      // incr grows the value, so it always replaces the item: an in-place incr may also replace it in
      // memcached when a background thread holds a reference at that instant (then total_items differs).
      // gat sets no expiry before `me`: with one, `me` prints the seconds left, which differ by one
      // whenever either server's once-a-second clock ticks between the two steps.
      'set a 0 0 1\r\n9\r\n', 'set b 5 0 3\r\nabc\r\n', 'get a b c\r\n', 'gets a\r\n', 'delete b\r\n', 'delete nope\r\n',
      'incr a 5\r\n', 'incr nope 1\r\n', 'decr nope 1\r\n', 'touch a 100\r\n', 'touch nope 100\r\n',
      'cas a 0 0 1 999\r\nx\r\n', 'cas nope 0 0 1 1\r\nx\r\n', 'gat 0 a nope\r\n', 'mg a v\r\n', 'me a\r\n', 'ms m 2 T10\r\nhi\r\n',
      'stats\r\n',
    ],
  },
  {
    name: 'items and slabs across several classes',
    steps: [
      'set s1 0 0 10\r\n' + value(10) + '\r\n', 'set s2 1 0 100\r\n' + value(100) + '\r\n', 'set s3 0 0 1000\r\n' + value(1000) + '\r\n',
      'set s4 0 100 5000\r\n' + value(5000) + '\r\n', 'set s5 0 0 50000\r\n' + value(50000) + '\r\n', 'get s1 s2 s3\r\n', 'delete s4\r\n',
      'stats slabs\r\n', 'stats items\r\n', 'stats\r\n',
    ],
  },
  {
    name: 'chunked large items',
    steps: ['set big 0 0 600000\r\n' + value(600000) + '\r\n', 'set big2 9 0 1048000\r\n' + value(1048000) + '\r\n', 'stats slabs\r\n', 'stats items\r\n', 'get big\r\n', 'delete big\r\n', 'stats slabs\r\n'],
  },
  {
    name: 'too large and failed set removes the old value',
    steps: ['set t 0 0 1\r\nx\r\n', 'set t 0 0 1048577\r\n' + value(1048577) + '\r\n', 'get t\r\n', 'stats\r\n'],
  },
  {
    name: 'append grows into another class',
    steps: ['set a 0 0 40\r\n' + value(40) + '\r\n', 'append a 0 0 60\r\n' + value(60) + '\r\n', 'prepend a 0 0 30\r\n' + value(30) + '\r\n', 'stats items\r\n', 'stats slabs\r\n'],
  },
  {
    name: 'cas values are allocated identically',
    steps: ['set a 0 0 1\r\n1\r\n', 'set a 0 0 1\r\n2\r\n', 'incr a 1\r\n', 'gets a\r\n', 'append a 0 0 1\r\n0\r\n', 'gets a\r\n', 'flush_all\r\n', 'set b 0 0 1\r\n1\r\n', 'gets b\r\n', 'md b I\r\n', 'mg b c\r\n'],
  },
  {
    name: 'stats reset',
    steps: ['set a 0 0 1\r\n1\r\n', 'get a\r\n', 'stats reset\r\n', 'stats\r\n', 'stats items\r\n', 'stats slabs\r\n'],
  },
  {
    // memcached runs requests_per_event + 1 requests per event; a write of replies at a count of
    // exactly requests_per_event also counts as a yield.
    name: 'connection yields of pipelined batches',
    steps: [19, 20, 21, 22, 41, 42, 43, 63, 64].map((n) => 'mg miss\r\n'.repeat(n)).concat(['mn\r\n'.repeat(20), 'mn\r\n'.repeat(21), 'stats\r\n']),
  },
  {
    // A held item at the LRU tail is still evicted (unlinked) but counted as reflocked, and its memory
    // is taken until the replies are written, so the allocation evicts the next one too.
    name: 'eviction passes a tail item held by an unwritten reply',
    realArgs: ['-m', '2', '-o', 'no_lru_maintainer,no_lru_crawler'],
    parameters: { memory_limit: 2, lru_maintainer: 0, lru_crawler: 0 },
    exactItemStats: ['lrutail_reflocked', 'evicted'],
    steps: [
      ...['a', 'b', 'c', 'd'].map((k) => `set ${k} 0 0 400000\r\n${value(400000)}\r\n`),
      `mg a s\r\nset e 0 0 400000\r\n${value(400000)}\r\nstats items\r\n`,
      'mg a s\r\nmg b s\r\nmg c s\r\nmg d s\r\nmg e s\r\nstats slabs\r\n',
    ],
  },
  { name: 'default settings', steps: ['stats settings\r\n'] },
  { name: 'conns', steps: ['stats conns\r\n'] },
];

describeIfMemcached('differential: statistics on fresh servers', () => {
  let pair: Pair | undefined;
  afterEach(async () => {
    await stopPair(pair);
    pair = undefined;
  });

  test.each(CASES.map((c) => [c.name, c]))('%s', async (_name, c) => {
    pair = await startPair(c.realArgs, c.parameters);
    const [ours, real] = await Promise.all([runText(pair.ours, c.steps), runText(pair.real, c.steps)]);
    expect(ours).toEqual(real);
    if (c.exactItemStats) {
      const [oursExact, realExact] = await Promise.all([itemStats(pair.ours.port, c.exactItemStats), itemStats(pair.real.port, c.exactItemStats)]);
      expect(realExact.length).toBeGreaterThan(0);
      expect(oursExact).toEqual(realExact);
    }
  });

  test('binary stats on a fresh server', async () => {
    pair = await startPair();
    const set = (key: string, v: string) => binaryRequest(0x01, { key, value: v, extras: u32s(3, 0) });
    const steps = [set('a', 'x'), set('b', 'y'.repeat(300)), binaryRequest(0x00, { key: 'a' }), binaryRequest(0x00, { key: 'zz' }),
      binaryRequest(0x10), binaryRequest(0x10, { key: 'items' }), binaryRequest(0x10, { key: 'slabs' })];
    const [ours, real] = await Promise.all([runBinary(pair.ours, steps), runBinary(pair.real, steps)]);
    expect(ours).toEqual(real);
  });
});

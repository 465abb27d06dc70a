/**
 * MEMORY STATS per-database figures compared with redis-server (the harness only compares the
 * reply's shape, as most fields depend on the process): the main and expires dictionaries'
 * overhead for a few keyspaces, in databases redis has finished rehashing.
 */
import Redis from 'ioredis';
import { describeIfRedis, useRealAndOurs } from './support/side-by-side';

/** The db.N entries of a MEMORY STATS reply, as { 'db.0': { field: value } }. */
function databases(reply: unknown[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (let i = 0; i < reply.length; i += 2) {
    const name = String(reply[i]);
    if (!name.startsWith('db.')) continue;
    const fields = reply[i + 1] as unknown[];
    const db: Record<string, number> = {};
    for (let j = 0; j < fields.length; j += 2) db[String(fields[j])] = Number(fields[j + 1]);
    out[name] = db;
  }
  return out;
}

describeIfRedis('MEMORY STATS database overheads match redis-server', () => {
  const servers = useRealAndOurs();
  let a: Redis;
  let b: Redis;

  beforeAll(() => {
    a = new Redis(servers.real.port);
    b = new Redis(servers.oursPort);
  });

  afterAll(() => {
    a?.disconnect();
    b?.disconnect();
  });

  async function both(...argv: string[]): Promise<void> {
    await a.call(argv[0], ...argv.slice(1));
    await b.call(argv[0], ...argv.slice(1));
  }

  test.each([
    ['two keys, one with a TTL', [['SET', 'a', '1'], ['SET', 'b', '2', 'EX', '100']]],
    ['keys in several databases', [['SET', 'a', '1'], ['SELECT', '3'], ['SET', 'b', '2'], ['SET', 'c', '3', 'PX', '100000'], ['SELECT', '0']]],
    ['a few more keys than buckets', [['MSET', 'k1', 'v', 'k2', 'v', 'k3', 'v', 'k4', 'v', 'k5', 'v'], ['EXPIRE', 'k1', '100'], ['EXPIRE', 'k2', '100']]],
  ])('%s', async (_name, commands) => {
    await both('FLUSHALL');
    for (const argv of commands) await both(...argv);
    const expected = databases((await a.call('MEMORY', 'STATS')) as unknown[]);
    const actual = databases((await b.call('MEMORY', 'STATS')) as unknown[]);
    expect(Object.keys(expected).length).toBeGreaterThan(0);
    expect(actual).toEqual(expected);
  });
});

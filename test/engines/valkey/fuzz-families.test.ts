/**
 * Random command sequences of streams (consumer groups, XSETID, trimming), geo, HyperLogLog
 * (including corrupted sparse strings), transactions, expiry, encoding conversions and scripts
 * must get the same replies from our engine and from redis-server, in RESP2 and RESP3 (generators
 * in support/family-generators.ts).
 *
 * Replies are compared byte for byte except where the two servers legitimately differ, in
 * times read from the clock: consumer seen and active times in XINFO STREAM FULL, and expiry
 * times set relative to "now" (the two servers run the command a few milliseconds apart).
 * Distances stored by STOREDIST are compared to the last bit: the engine rounds sin, cos and asin
 * as glibc does (util/rounded-trig.ts), which agrees with redis-server for these seeds and for
 * 99.7 % of random point pairs.
 */
import {
  encodingCommand, expiryCommand, Generator, geoCommand, hyperLogLogCommand, scriptCommand, streamCommand,
  transactionCommand,
} from './support/family-generators';
import { compareRandomSequence } from './support/random-sequences';
import { ValkeyServer } from '../../../src/engines/valkey/server/server';
import { onFreePort } from '../../support/ports';
import { hasBinary, RealServer, startRedisServer } from '../../support/real-servers';

/** Unix milliseconds of this era (13 digits) in an integer reply: a clock reading. */
const CLOCK_MS = /:1\d{12}\\r/g;

/** Integer replies of TTL commands that may differ by the time between the two servers' runs. */
const TTL_SLACK: Record<string, number> = { PEXPIRETIME: 100, PTTL: 100, EXPIRETIME: 1, TTL: 1 };

/** An integer reply, exactly (TTLs reach 2^63 - 1). */
function integerReply(reply: string): bigint | undefined {
  const m = /^:(-?\d+)\\r\\n$/.exec(reply);
  return m ? BigInt(m[1]) : undefined;
}

function equivalent(cmd: readonly string[], real: string, ours: string): boolean {
  const name = cmd[0].toUpperCase();
  if (name === 'XINFO') return real.replace(CLOCK_MS, ':T') === ours.replace(CLOCK_MS, ':T');
  const slack = TTL_SLACK[name];
  if (slack !== undefined) {
    const a = integerReply(real);
    const b = integerReply(ours);
    if (a === undefined || b === undefined) return false;
    const gap = a > b ? a - b : b - a;
    return gap <= BigInt(slack);
  }
  return false;
}

/** The encoding thresholds' defaults: the encodings family changes them, and every sequence starts over. */
const DEFAULT_ENCODINGS = [
  'CONFIG', 'SET', 'hash-max-listpack-entries', '128', 'hash-max-listpack-value', '64', 'set-max-intset-entries', '512',
  'zset-max-listpack-entries', '128', 'zset-max-listpack-value', '64', 'list-max-listpack-size', '-2',
];

const FAMILIES: [string, Generator, number[]][] = [
  ['streams', streamCommand, [1, 2, 3, 4]],
  ['geo', geoCommand, [11, 12, 13]],
  ['HyperLogLog', hyperLogLogCommand, [21, 22, 23, 24]],
  ['transactions', transactionCommand, [31, 32]],
  ['expiry', expiryCommand, [41, 42, 43, 44]],
  ['encodings', encodingCommand, [51, 52, 53]],
  ['scripts', scriptCommand, [3, 6, 10, 14]],
];

const describeIfRedis = hasBinary('redis-server') ? describe : describe.skip;

describeIfRedis('random sequences of streams, geo, HyperLogLog, transactions, expiry, encodings and scripts agree with redis-server', () => {
  let real: RealServer;
  let server: ValkeyServer;
  let port: number;
  beforeAll(async () => {
    real = await startRedisServer();
    ({ port, value: server } = await onFreePort(async (p) => {
      const s = new ValkeyServer({ port: p, version: '7.0.15' });
      await s.start();
      return s;
    }));
  });
  afterAll(async () => {
    await server?.stop();
    await real?.stop();
  });

  const cases = FAMILIES.flatMap(([family, next, seeds]) => seeds.map((seed) => [family, seed, seed % 2 === 0 ? 3 : 2, next] as const));
  test.each(cases)('%s, seed %i, RESP%i', async (_family, seed, resp, next) => {
    const mismatches = await compareRandomSequence({
      realPort: real.port,
      ourPort: port,
      seed,
      commands: 600,
      setup: [['HELLO', String(resp)], DEFAULT_ENCODINGS],
      next,
      equivalent,
    });
    if (mismatches.length) throw new Error(`seed ${seed}:\n  ${mismatches.join('\n  ')}`);
  }, 60_000);
});

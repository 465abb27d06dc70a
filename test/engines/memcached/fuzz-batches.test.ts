import { Pair, runBinary, runText, startPairWithoutBackgroundThreads, stopPair } from './differential/run';
import { binaryRequest as req, incrExtras, u32s } from './support/harness';
import { hasBinary } from '../../support/real-servers';
import { prng } from '../valkey/support/prng';

/**
 * Random batches of commands (1–5 per write) sent to our engine and to a real memcached, whose
 * transcripts must agree. Batches matter: replies written together hold their items, and an
 * error reply writes at once. memcached runs without its LRU maintainer and crawler threads,
 * whose own item references come at moments no client controls. Nothing here depends on time
 * (no delayed flush), so a seed replays exactly. This run first found that a binary store of an
 * empty value got no reply.
 */

const pickFrom = (rand: () => number) => <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

/** One binary request packet over a small keyspace, quiet forms and edge values included. */
function binaryCommand(rand: () => number): Buffer {
  const pick = pickFrom(rand);
  const key = () => pick(['a', 'b', 'c', 'n', 'k'.repeat(250)]);
  const val = () => pick(['', 'v', '12', '100', '18446744073709551615', 'abc', 'x'.repeat(3000)]);
  const exp = () => pick([0, 100, 0xffffffff]);
  const cas = () => pick([undefined, undefined, 1n, 2n, 5n, 99n]);
  const commands: (() => Buffer)[] = [
    () => req(pick([0x00, 0x09, 0x0c, 0x0d]), { key: key() }),
    () => req(pick([0x01, 0x02, 0x03, 0x11, 0x12, 0x13]), { key: key(), extras: u32s(pick([0, 5]), exp()), value: val(), cas: cas() }),
    () => req(pick([0x04, 0x14]), { key: key(), cas: cas() }),
    () => {
      const delta = pick([0n, 1n, 91n, 18446744073709551615n]);
      return req(pick([0x05, 0x06, 0x15, 0x16]), { key: key(), extras: incrExtras(delta, pick([0n, 7n]), exp()), cas: cas() });
    },
    () => req(pick([0x0e, 0x0f, 0x19, 0x1a]), { key: key(), value: val(), cas: cas() }),
    () => req(pick([0x1c, 0x1d, 0x1e, 0x23, 0x24]), { key: key(), extras: u32s(exp()) }),
    () => req(pick([0x0a, 0x0b])),
    () => req(pick([0x08, 0x18]), { extras: pick([Buffer.alloc(0), u32s(0)]) }),
    () => req(0x01, { key: key(), extras: u32s(0, 0), value: Buffer.alloc(pick([0, 1, 1048000, 1048576 - 300]), 120) }),
  ];
  return pick(commands)();
}

/** One text or meta command line (with its data block). */
function textCommand(rand: () => number): string {
  const pick = pickFrom(rand);
  const key = () => pick(['a', 'b', 'c', 'n', 'k'.repeat(240)]);
  const val = () => pick(['', 'v', '12', '100', '18446744073709551615', 'abc']);
  const num = () => pick(['0', '1', '91', '18446744073709551615', 'x']);
  const exp = () => pick(['0', '100', '-1']);
  const commands: (() => string)[] = [
    () => { const v = val(); return `${pick(['set', 'add', 'replace', 'append', 'prepend'])} ${key()} ${pick(['0', '5'])} ${exp()} ${v.length}${pick(['', ' noreply'])}\r\n${v}\r\n`; },
    () => { const v = val(); return `cas ${key()} 0 ${exp()} ${v.length} ${pick(['1', '2', '99'])}\r\n${v}\r\n`; },
    () => `${pick(['get', 'gets'])} ${key()} ${pick(['', key()])}\r\n`,
    () => `${pick(['gat', 'gats'])} ${exp()} ${key()}\r\n`,
    () => `${pick(['incr', 'decr'])} ${key()} ${num()}\r\n`,
    () => `delete ${key()}\r\n`,
    () => `touch ${key()} ${exp()}\r\n`,
    () => `mg ${key()} ${pick(['v', 'v f', 's v', 'k v', 'c', 'q', 'v O123', 'N30 v', 'T30 v', 'h l', 'x'])}\r\n`,
    () => { const v = val(); return `ms ${key()} ${v.length} ${pick(['', 'F5', 'T30', 'I', 'MA', 'MP', 'q', 'c', 'k', 'C1'])}\r\n${v}\r\n`; },
    () => `md ${key()} ${pick(['', 'q', 'I', 'I T30', 'C1'])}\r\n`,
    () => `ma ${key()} ${pick(['', 'N0', 'N0 J5 v', 'MD D91 v', 'q', 't', 'c'])}\r\n`,
    () => pick(['mn\r\n', 'version\r\n', 'bogus\r\n']),
  ];
  return pick(commands)();
}

const describeIfMemcached = hasBinary('memcached') ? describe : describe.skip;

describeIfMemcached('random batches agree with memcached', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPairWithoutBackgroundThreads();
  });
  afterAll(() => stopPair(pair));

  test.each([1, 2, 3, 4, 5, 6])('binary, seed %i', async (seed) => {
    const rand = prng(seed * 7919);
    const batches = Array.from({ length: 40 }, () => Buffer.concat(Array.from({ length: 1 + Math.floor(rand() * 5) }, () => binaryCommand(rand))));
    const steps = [req(0x08, { extras: u32s(0) }), ...batches];
    const [ours, real] = await Promise.all([runBinary(pair.ours, steps), runBinary(pair.real, steps)]);
    expect(ours).toEqual(real);
  }, 60_000);

  test.each([1, 2, 3, 4, 5, 6])('text and meta, seed %i', async (seed) => {
    const rand = prng(seed * 31337);
    const batches = Array.from({ length: 40 }, () => Array.from({ length: 1 + Math.floor(rand() * 5) }, () => textCommand(rand)).join(''));
    const steps = ['flush_all\r\n', ...batches];
    const [ours, real] = await Promise.all([runText(pair.ours, steps), runText(pair.real, steps)]);
    expect(ours).toEqual(real);
  }, 60_000);
});

/**
 * Random command sequences of streams (consumer groups, XSETID, trimming), geo, HyperLogLog
 * (including corrupted sparse strings), transactions, expiry, encoding conversions, scripts, ACL
 * rules (checked with ACL DRYRUN), SORT, BITFIELD, keyspace events (a RESP3 client subscribed to its
 * own events: events and replies in one stream), introspection (COMMAND GETKEYS, CONFIG) and strings
 * and bitmaps (SET options, counters, INCRBYFLOAT, ranges, LCS, BITCOUNT/BITPOS), keyspace
 * commands with glob patterns, Lua's standard libraries, functions (FUNCTION LOAD, FCALL,
 * RESTORE), CONFIG (SET of every kind of value, GET, the settings' effects), MEMORY USAGE and
 * the error and command statistics (INFO errorstats, commandstats, stats)
 * must get the same replies from our engine and from redis-server, in RESP2 and RESP3 (generators
 * in support/family-generators.ts, function-generator.ts, config-generator.ts,
 * memory-generator.ts and stats-generator.ts). MEMORY USAGE of a hash or set may differ by the old
 * table redis keeps while it rehashes incrementally (see `equivalent`); command times and the
 * statistics that read clocks and sockets are left out of INFO (see `comparableStats`).
 *
 * Replies are compared byte for byte except where the two servers legitimately differ: times read
 * from the clock (consumer seen and active times in XINFO STREAM FULL; expiry times set relative
 * to "now", as the two servers run a command a few milliseconds apart; OBJECT IDLETIME), addresses
 * a script prints (tostring of a table), and orders
 * that come from a hash table seeded per process (ACL CAT, COMMAND INFO and LIST, CONFIG GET of a
 * pattern, KEYS and SCAN, FUNCTION LIST; ties of SORT … BY … ALPHA over a set or sorted set).
 * Distances stored by STOREDIST are compared to the last bit: the engine rounds sin, cos and asin
 * as glibc does (util/rounded-trig.ts), which agrees with redis-server for these seeds and for
 * 99.7 % of random point pairs.
 */
import { CONFIG_DEFAULTS, configCommand } from './support/config-generator';
import {
  aclCommand, bitfieldCommand, encodingCommand, expiryCommand, Generator, geoCommand, hyperLogLogCommand, scriptCommand,
  introspectionCommand, keyspaceCommand, keyspaceEventCommand, luaLibraryCommand, sortCommand, streamCommand, stringCommand,
  transactionCommand,
} from './support/family-generators';
import { functionCommand } from './support/function-generator';
import { memoryCommand } from './support/memory-generator';
import { expectAgreement } from './support/random-sequences';
import { describeIfRedis, useRealAndOurs } from './support/side-by-side';
import { comparableStats, statsCommand } from './support/stats-generator';

/** Unix milliseconds of this era (13 digits) in an integer reply: a clock reading. */
const CLOCK_MS = /:1\d{12}\\r/g;

/** Integer replies of TTL commands that may differ by the time between the two servers' runs. */
const TTL_SLACK: Record<string, number> = { PEXPIRETIME: 100, PTTL: 100, EXPIRETIME: 1, TTL: 1 };
/** Idle seconds read off the clock: the two servers may read them either side of a second. */
const IDLE_SLACK = 1;

/** An integer reply, exactly (TTLs reach 2^63 - 1). */
function integerReply(reply: string): bigint | undefined {
  const m = /^:(-?\d+)\\r\\n$/.exec(reply);
  return m ? BigInt(m[1]) : undefined;
}

/** A reply's lines in sorted order, to compare replies whose order neither server fixes. */
const asMultiset = (reply: string) => reply.split('\\r\\n').sort().join('\n');

const LUA_ADDRESS = /\$\d+(\\r\\n)(table|function|userdata|thread): 0x[0-9a-f]+/g;
const luaComparable = (reply: string) => reply.replace(LUA_ADDRESS, '$$N$1$2: ADDR');

function equivalent(cmd: readonly string[], real: string, ours: string): boolean {
  const name = cmd[0].toUpperCase();
  const upper = cmd.map((a) => a.toUpperCase());
  // ACL CAT, COMMAND INFO and LIST, and CONFIG GET of a pattern follow redis' command and config
  // tables, hash tables.
  if ((name === 'ACL' && upper[1] === 'CAT') || (name === 'COMMAND' && (upper[1] === 'INFO' || upper[1] === 'LIST'))
    || (name === 'CONFIG' && upper[1] === 'GET')) {
    return asMultiset(real) === asMultiset(ours);
  }
  // SORT … BY … ALPHA keeps ties in input order; a sorted set or set comes in its hash table's order.
  if (name.startsWith('SORT') && cmd[1] !== 'l' && upper.includes('ALPHA') && upper.includes('BY')) {
    return asMultiset(real) === asMultiset(ours);
  }
  // Libraries, and functions in a library, come in hash-table order; so does the first of two
  // libraries or functions that collide.
  if ((name === 'FUNCTION' && upper[1] === 'LIST') || (name === 'EXEC' && real.includes('library_name'))) {
    return [...real].sort().join('') === [...ours].sort().join('');
  }
  if (name === 'FUNCTION' && (upper[1] === 'LOAD' || upper[1] === 'RESTORE') && /^-ERR (Library|Function) \w+ already exists/.test(real)) {
    return real.replace(/\w+ already/, '') === ours.replace(/\w+ already/, '');
  }
  // While redis rehashes a hash's or set's member table it counts the old table too (a power of two
  // of 8-byte buckets, 4 at least); how many steps that takes follows its hash seed.
  if (name === 'MEMORY' && (cmd[2] === 'h' || cmd[2] === 's')) {
    const a = integerReply(real);
    const b = integerReply(ours);
    if (a === undefined || b === undefined) return false;
    const buckets = (a - b) / 8n;
    return (a - b) % 8n === 0n && buckets >= 4n && (buckets & (buckets - 1n)) === 0n;
  }
  // INFO commandstats and stats, alone or in a transaction's replies: counters only (see comparableStats).
  if ((name === 'INFO' || name === 'EXEC') && comparableStats(real) === comparableStats(ours)) return true;
  // KEYS and a whole-keyspace SCAN list keys in hash-table order.
  if (name === 'KEYS' || name === 'SCAN') return asMultiset(real) === asMultiset(ours);
  if (name === 'XINFO') return real.replace(CLOCK_MS, ':T') === ours.replace(CLOCK_MS, ':T');
  // tostring() of a table or function shows its address.
  if (name === 'EVAL') return luaComparable(real) === luaComparable(ours);
  if (name === 'OBJECT' && upper[1] === 'IDLETIME') {
    const a = integerReply(real);
    const b = integerReply(ours);
    return a !== undefined && b !== undefined && (a > b ? a - b : b - a) <= BigInt(IDLE_SLACK);
  }
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

/**
 * The defaults of the settings families change (encoding thresholds, keyspace events, limits), so
 * that every sequence starts over. A sequence of the keyspace events family ends with frames unread,
 * and the servers may or may not run its last commands as the connection closes.
 */
const DEFAULT_SETTINGS = [
  'CONFIG', 'SET', 'hash-max-listpack-entries', '128', 'hash-max-listpack-value', '64', 'set-max-intset-entries', '512',
  'zset-max-listpack-entries', '128', 'zset-max-listpack-value', '64', 'list-max-listpack-size', '-2',
  'notify-keyspace-events', '', 'timeout', '0', 'maxmemory', '0', 'maxmemory-policy', 'noeviction',
];

/** Seeds of the Lua libraries family (each fails on the engine before Lua 5.1's numbers and libraries were emulated). */
const LUA_SEEDS = [10000, 10001, 10002, 10003, 20031];

/** Seeds of the functions family (each fails on the engine before its FUNCTION fixes). */
const FUNCTION_SEEDS = [1, 2, 3];

/** Seeds of the CONFIG family (each fails on the engine before its CONFIG fixes). */
const CONFIG_SEEDS = [1, 2, 3];

/** Seeds of the MEMORY USAGE family (each fails on the engine before its list and dict sizing fixes). */
const MEMORY_SEEDS = [1, 2, 3];

/** Seeds of the statistics family (each fails on the engine before its errorstats and failed/rejected call fixes). */
const STATS_SEEDS = [1, 2, 3];

const FAMILIES: [string, Generator, number[]][] = [
  ['streams', streamCommand, [1, 2, 3, 4]],
  ['geo', geoCommand, [11, 12, 13]],
  ['HyperLogLog', hyperLogLogCommand, [21, 22, 23, 24]],
  ['transactions', transactionCommand, [31, 32]],
  ['expiry', expiryCommand, [41, 42, 43, 44]],
  ['encodings', encodingCommand, [51, 52, 53]],
  ['scripts', scriptCommand, [3, 6, 10, 14]],
  ['ACL rules', aclCommand, [61, 62, 63, 64]],
  ['SORT', sortCommand, [71, 72, 73, 74]],
  ['BITFIELD', bitfieldCommand, [81, 82, 83]],
  ['keyspace events', keyspaceEventCommand, [91, 92, 93, 94]],
  ['introspection', introspectionCommand, [101, 102, 103]],
  ['strings and bitmaps', stringCommand, [1000, 1001, 1004, 1011]],
  ['keyspace and glob patterns', keyspaceCommand, [5000, 5001, 5002]],
  ['Lua libraries', luaLibraryCommand, LUA_SEEDS],
  ['functions', functionCommand, FUNCTION_SEEDS],
  ['CONFIG', configCommand, CONFIG_SEEDS],
  ['MEMORY USAGE', memoryCommand, MEMORY_SEEDS],
  ['error and command statistics', statsCommand, STATS_SEEDS],
];

/** The statistics family counts from zero, with no script cached. */
const STATS_START = [['SCRIPT', 'FLUSH'], ['CONFIG', 'RESETSTAT']];

/** The keyspace events family listens on its own connection (RESP3). */
const SUBSCRIBED = [['PSUBSCRIBE', '__key*__:*', 'ch']];

describeIfRedis('random sequences of nineteen command families agree with redis-server', () => {
  const servers = useRealAndOurs();

  const cases = FAMILIES.flatMap(([family, next, seeds]) => seeds.map((seed) => {
    const events = next === keyspaceEventCommand;
    return [family, seed, events || seed % 2 === 0 ? 3 : 2, next] as const;
  }));
  test.each(cases)('%s, seed %i, RESP%i', async (_family, seed, resp, next) => {
    await expectAgreement({
      realPort: servers.real.port,
      ourPort: servers.oursPort,
      seed,
      commands: 600,
      setup: [
        ['HELLO', String(resp)], ...(next === configCommand ? [CONFIG_DEFAULTS] : []), DEFAULT_SETTINGS, ['ACL', 'DELUSER', 'u1', 'u2'],
        ['FUNCTION', 'FLUSH'], ...(next === keyspaceEventCommand ? SUBSCRIBED : []), ...(next === statsCommand ? STATS_START : []),
      ],
      next,
      equivalent,
    });
  }, 60_000);
});

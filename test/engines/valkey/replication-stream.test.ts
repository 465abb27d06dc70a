/**
 * Replication stream check against redis-server: the same commands run on a real redis-server
 * (tapped as a replica over PSYNC) and on our engine (emulating the same version), and what each
 * propagates must be the same commands, in the same databases, wrapped the same way — every
 * family's effect-rewriting rules (relative expiries made absolute, blocking pops served as pops,
 * floats written out, random picks as their effects, scripts as their effects, stores of nothing
 * as deletions, no-op writes as nothing). Current-time values (absolute expiry times, generated
 * stream IDs) are compared as `<ms>`. The SELECTs of the stream are compared too: where the
 * database changes, in a transaction, a script, before MULTI.
 */
import { RawSession } from './differential/session';
import { TestEngine } from './support/engine';
import { MARKER_CHANNEL, ReplicaTap, TappedCommand } from './support/replica-tap';
import type { PropagatedOp } from '../../../src/engines/valkey/exec/propagation';
import type { Client } from '../../../src/engines/valkey/server/client';
import { hasBinary, RealServer, startRedisServer } from '../../support/real-servers';

const VERSION = '7.0.15';

/** A command on connection `conn` (1 by default); `block`: it blocks until a later step serves it; `sleepMs`: a pause. */
interface Step {
  readonly argv: string[];
  readonly conn?: number;
  readonly block?: boolean;
  readonly sleepMs?: number;
}

const cmd = (...argv: string[]): Step => ({ argv });
const blocking = (conn: number, ...argv: string[]): Step => ({ argv, conn, block: true });
const sleep = (ms: number): Step => ({ argv: [], sleepMs: ms });

/** [db, ...argv] with current times masked; MULTI, EXEC and SELECT belong to no database. */
function normalize(db: number, argv: readonly string[]): string[] {
  const name = argv[0].toUpperCase();
  const where = name === 'MULTI' || name === 'EXEC' || name === 'SELECT' ? '-' : String(db);
  return [where, ...argv.map((a) => a.replace(/\b1\d{12}\b/g, '<ms>'))];
}

const LIB = "#!lua name=lib\nredis.register_function('pushpop', function(keys, args) redis.call('RPUSH', keys[1], args[1]) return redis.call('LPOP', keys[1]) end)";

const SCENARIOS: Record<string, Step[]> = {
  'strings: relative expiries become SET … PXAT, GETEX and GETDEL their effects, INCRBYFLOAT a SET': [
    cmd('SET', 'a', '1', 'EX', '100'),
    cmd('SET', 'b', '1', 'PX', '100000'),
    cmd('SET', 'c', '1', 'EXAT', '4000000000'),
    cmd('SET', 'd', '1', 'PXAT', '4000000000000'),
    cmd('SET', 'a', '2', 'KEEPTTL', 'GET'),
    cmd('SETEX', 'e', '100', 'v'),
    cmd('PSETEX', 'f', '100000', 'v'),
    cmd('SET', 'a', 'x', 'NX'),
    cmd('SETNX', 'a', 'x'),
    cmd('GETEX', 'a', 'EX', '50'),
    cmd('GETEX', 'b', 'PERSIST'),
    cmd('GETEX', 'b'),
    cmd('GETEX', 'c', 'PXAT', '1'),
    cmd('GETDEL', 'd'),
    cmd('GETDEL', 'd'),
    cmd('INCRBYFLOAT', 'n', '1.5'),
    cmd('INCRBYFLOAT', 'n', '1e2'),
    cmd('INCR', 'i'),
    cmd('APPEND', 'i', '0'),
    cmd('SETRANGE', 's', '3', 'abc'),
    cmd('MSETNX', 'a', '1', 'zz', '2'),
    cmd('MSET', 'm1', '1', 'm2', '2'),
  ],
  'keys: the EXPIRE family becomes PEXPIREAT, expiries in the past DEL, moves and copies as given': [
    cmd('SET', 'k', 'v'),
    cmd('EXPIRE', 'k', '100'),
    cmd('EXPIRE', 'k', '10', 'GT'),
    cmd('EXPIRE', 'k', '200', 'GT'),
    cmd('PEXPIRE', 'k', '500000', 'XX'),
    cmd('EXPIREAT', 'k', '4000000000'),
    cmd('PERSIST', 'k'),
    cmd('PERSIST', 'k'),
    cmd('EXPIRE', 'nokey', '100'),
    cmd('SET', 'gone', 'v'),
    cmd('EXPIRE', 'gone', '-1'),
    cmd('SET', 'gone2', 'v'),
    cmd('PEXPIREAT', 'gone2', '1'),
    cmd('SET', 'r', 'v', 'EX', '100'),
    cmd('RENAME', 'r', 'r2'),
    cmd('RENAMENX', 'r2', 'k'),
    cmd('COPY', 'k', 'k3'),
    cmd('COPY', 'k', 'k3'),
    cmd('MOVE', 'k3', '2'),
    cmd('SWAPDB', '0', '2'),
    cmd('DEL', 'nokey'),
    cmd('UNLINK', 'k', 'nokey'),
    cmd('FLUSHDB'),
  ],
  'lazy expiry: the key met expired is deleted in the unit of the command that met it': [
    cmd('SET', 'k', 'v', 'PX', '1'),
    cmd('SET', 'k2', 'v', 'PX', '1'),
    cmd('SET', 'k3', 'v', 'PX', '1'),
    sleep(20),
    cmd('GET', 'k'),
    cmd('SET', 'k2', 'new'),
    cmd('EXISTS', 'k3'),
  ],
  'lists: pops as given, blocking pops served at once as pops, served later after the push': [
    cmd('RPUSH', 'l', 'a', 'b', 'c', 'd', 'e', 'f'),
    cmd('LPOP', 'l'),
    cmd('RPOP', 'l', '2'),
    cmd('LPOP', 'nolist'),
    cmd('BLPOP', 'nolist', 'l', '1'),
    cmd('BRPOP', 'l', '1'),
    cmd('LMPOP', '1', 'l', 'LEFT', 'COUNT', '5'),
    cmd('RPUSH', 'l', 'a', 'b', 'c'),
    cmd('BLMPOP', '1', '2', 'nolist', 'l', 'RIGHT', 'COUNT', '2'),
    cmd('BLMOVE', 'l', 'l2', 'LEFT', 'RIGHT', '1'),
    cmd('BRPOPLPUSH', 'l2', 'l', '1'),
    cmd('LREM', 'l', '0', 'zzz'),
    cmd('LINSERT', 'l', 'BEFORE', 'zzz', 'x'),
    cmd('LSET', 'l', '0', 'x'),
    blocking(2, 'BLPOP', 'w', '0'),
    cmd('RPUSH', 'w', 'one', 'two'),
    blocking(3, 'BLMOVE', 'w2', 'dst', 'RIGHT', 'LEFT', '0'),
    cmd('LPUSH', 'w2', 'x'),
    blocking(3, 'BRPOPLPUSH', 'w4', 'dst', '0'),
    blocking(2, 'BLMOVE', 'w4', 'dst', 'left', 'Right', '0'),
    cmd('RPUSH', 'w4', 'x', 'y'),
    blocking(2, 'BLMPOP', '0', '1', 'w3', 'LEFT', 'COUNT', '3'),
    cmd('RPUSH', 'w3', '1', '2'),
  ],
  'hashes: HINCRBYFLOAT becomes HSET, no-op writes propagate nothing': [
    cmd('HSET', 'h', 'f', '1', 'g', '2'),
    cmd('HINCRBYFLOAT', 'h', 'f', '0.5'),
    cmd('HINCRBYFLOAT', 'h', 'new', '3e1'),
    cmd('HINCRBY', 'h', 'g', '10'),
    cmd('HSETNX', 'h', 'f', 'x'),
    cmd('HDEL', 'h', 'nofield'),
    cmd('HDEL', 'h', 'f', 'g', 'new'),
  ],
  'sets: SPOP as SREM of what it took, a whole-set SPOP as DEL, empty stores as DEL': [
    cmd('SADD', 's', 'only'),
    cmd('SPOP', 's'),
    cmd('SADD', 's', 'a', 'b', 'c'),
    cmd('SPOP', 's', '10'),
    cmd('SADD', 's', 'a', 'b'),
    cmd('SPOP', 's', '2'),
    cmd('SPOP', 's', '0'),
    cmd('SADD', 's', '1', '2', '3'),
    cmd('SRANDMEMBER', 's', '2'),
    cmd('SMOVE', 's', 's2', '1'),
    cmd('SMOVE', 's', 's2', 'nomember'),
    cmd('SINTERSTORE', 'dst', 's', 's2'),
    cmd('SUNIONSTORE', 'dst', 's', 's2'),
    cmd('SINTERSTORE', 'dst', 's', 'nokey'),
    cmd('SREM', 's', 'nomember'),
  ],
  'sorted sets: blocking pops served as pops, ZADD INCR and stores as given': [
    cmd('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd'),
    cmd('ZADD', 'z', 'INCR', '5', 'a'),
    cmd('ZADD', 'z', 'NX', '1', 'a'),
    cmd('ZINCRBY', 'z', '1.5', 'b'),
    cmd('ZPOPMIN', 'z'),
    cmd('ZPOPMAX', 'z', '1'),
    cmd('BZPOPMIN', 'nokey', 'z', '1'),
    cmd('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'),
    cmd('ZMPOP', '1', 'z', 'MAX', 'COUNT', '2'),
    cmd('BZMPOP', '1', '1', 'z', 'MIN'),
    cmd('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'),
    cmd('ZRANGESTORE', 'dst', 'z', '0', '1'),
    cmd('ZRANGESTORE', 'dst', 'z', '10', '20'),
    cmd('ZUNIONSTORE', 'dst', '2', 'z', 'nokey', 'WEIGHTS', '2', '1'),
    cmd('ZREMRANGEBYSCORE', 'z', '100', '200'),
    blocking(2, 'BZPOPMAX', 'w', '0'),
    cmd('ZADD', 'w', '1', 'x', '2', 'y'),
    blocking(3, 'BZMPOP', '0', '1', 'w2', 'MAX', 'COUNT', '5'),
    cmd('ZADD', 'w2', '1', 'x', '2', 'y'),
  ],
  'geo and HyperLogLog: GEOADD as ZADD, stores and merges, PFCOUNT when it refreshes the cache': [
    cmd('GEOADD', 'g', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania'),
    cmd('GEOADD', 'g', 'XX', 'CH', '13.361389', '38.115556', 'Palermo'),
    cmd('GEORADIUS', 'g', '15', '37', '200', 'km', 'STORE', 'dst'),
    cmd('GEORADIUS', 'g', '15', '37', '200', 'km', 'STOREDIST', 'dst2'),
    cmd('GEOSEARCHSTORE', 'dst3', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'ASC', 'COUNT', '1'),
    cmd('GEOSEARCHSTORE', 'dst3', 'g', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'),
    cmd('PFADD', 'p', 'a', 'b', 'c'),
    cmd('PFADD', 'p', 'a'),
    cmd('PFCOUNT', 'p'),
    cmd('PFCOUNT', 'p'),
    cmd('PFADD', 'p2', 'x'),
    cmd('PFMERGE', 'p3', 'p', 'p2'),
    cmd('PFCOUNT', 'p', 'p2'),
  ],
  'streams: generated IDs written out, group reads as XCLAIM and XGROUP SETID': [
    cmd('XADD', 'x', '*', 'f', 'v'),
    cmd('XADD', 'x', '1-1', 'f', 'v'),
    cmd('XADD', 'x', 'MAXLEN', '~', '1', '9000000000000-*', 'f', 'v'),
    cmd('XGROUP', 'CREATE', 'x', 'g', '0'),
    cmd('XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '1', 'STREAMS', 'x', '>'),
    cmd('XREADGROUP', 'GROUP', 'g', 'c', 'NOACK', 'STREAMS', 'x', '>'),
    cmd('XTRIM', 'x', 'MAXLEN', '1'),
  ],
  'scripts and functions: their effects, wrapped in MULTI/EXEC when more than one': [
    cmd('EVAL', "redis.call('SET', 'a', '1') redis.call('INCR', 'a') return 1", '0'),
    cmd('EVAL', "return redis.call('SET', 'b', '1')", '0'),
    cmd('EVAL', "return redis.call('GET', 'b')", '0'),
    cmd('SADD', 'rs', 'only'),
    cmd('EVAL', "return redis.call('SPOP', KEYS[1])", '1', 'rs'),
    cmd('EVAL', "redis.call('SET', KEYS[1], 'v', 'EX', 100) return redis.call('INCRBYFLOAT', KEYS[2], 1.5)", '2', 'e', 'f'),
    cmd('FUNCTION', 'LOAD', LIB),
    cmd('FCALL', 'pushpop', '1', 'fl', 'x'),
    cmd('FUNCTION', 'DELETE', 'lib'),
    cmd('EVAL', "redis.call('SET', KEYS[1], '1') redis.call('SELECT', '5') redis.call('SET', KEYS[1], '2') return 1", '1', 's'),
    cmd('EVAL', "redis.call('SELECT', '6') return redis.call('SET', KEYS[1], '3')", '1', 's'),
    cmd('SET', 'after', 'script'),
  ],
  'transactions: several writes wrapped, a single write alone, a read-only one not at all': [
    cmd('MULTI'),
    cmd('SET', 'a', '1'),
    cmd('INCR', 'a'),
    cmd('EXEC'),
    cmd('MULTI'),
    cmd('SET', 'b', '1'),
    cmd('GET', 'b'),
    cmd('EXEC'),
    cmd('MULTI'),
    cmd('GET', 'b'),
    cmd('EXEC'),
    cmd('MULTI'),
    cmd('SET', 'c', '1'),
    cmd('LPUSH', 'c', 'x'),
    cmd('SET', 'd', '1', 'EX', '10'),
    cmd('EXEC'),
    cmd('MULTI'),
    cmd('SET', 'e', '1'),
    cmd('SELECT', '4'),
    cmd('SET', 'e', '2'),
    cmd('EXEC'),
    cmd('MULTI'),
    cmd('SELECT', '0'),
    cmd('SET', 'f', '1'),
    cmd('SET', 'g', '1'),
    cmd('EXEC'),
    cmd('MULTI'),
    cmd('SELECT', '7'),
    cmd('SET', 'h', '1'),
    cmd('EXEC'),
    cmd('SET', 'i', '1'),
  ],
  'eviction and lazy freeing: evicted keys as DEL, expiries as UNLINK with lazyfree-lazy-expire': [
    cmd('SET', 'a', '1'),
    cmd('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru'),
    cmd('CONFIG', 'SET', 'maxmemory', '1'),
    cmd('SET', 'b', '1'),
    cmd('GET', 'b'),
    cmd('CONFIG', 'SET', 'maxmemory', '0'),
    cmd('CONFIG', 'SET', 'maxmemory-policy', 'noeviction'),
    cmd('CONFIG', 'SET', 'lazyfree-lazy-expire', 'yes'),
    cmd('SET', 'c', '1'),
    cmd('PEXPIREAT', 'c', '1'),
    cmd('SET', 'd', '1', 'PX', '1'),
    sleep(20),
    cmd('GET', 'd'),
    cmd('CONFIG', 'SET', 'lazyfree-lazy-expire', 'no'),
    cmd('CONFIG', 'SET', 'lazyfree-lazy-user-del', 'yes'),
    cmd('SET', 'e', '1'),
    cmd('DEL', 'e'),
    cmd('CONFIG', 'SET', 'lazyfree-lazy-user-del', 'no'),
  ],
  'databases, bitmaps, SORT STORE, RESTORE and PUBLISH': [
    cmd('SELECT', '3'),
    cmd('SET', 'a', '1'),
    cmd('SETBIT', 'bits', '7', '1'),
    cmd('BITFIELD', 'bits', 'GET', 'u8', '0'),
    cmd('BITFIELD', 'bits', 'INCRBY', 'u8', '0', '1'),
    cmd('BITOP', 'NOT', 'nbits', 'bits'),
    cmd('BITOP', 'AND', 'nbits', 'nokey', 'nokey2'),
    cmd('SELECT', '0'),
    cmd('RPUSH', 'l', '3', '1', '2'),
    cmd('SORT', 'l', 'STORE', 'sorted'),
    cmd('SORT', 'nokey', 'STORE', 'sorted'),
    cmd('RESTORE', 'rk', '100000', '\x00\x05hello\x0a\x00cr\xdfve4 \x0a'),
    cmd('RESTORE', 'rk2', '4000000000000', '\x00\x05hello\x0a\x00cr\xdfve4 \x0a', 'ABSTTL'),
    cmd('RESTORE', 'rk', '0', '\x00\x05hello\x0a\x00cr\xdfve4 \x0a', 'REPLACE', 'IDLETIME', '10'),
    cmd('PUBLISH', 'ch', 'message'),
  ],
};

const describeIfRedis = hasBinary('redis-server') ? describe : describe.skip;

describeIfRedis('what our engine propagates matches redis-server', () => {
  let real: RealServer;
  let tap: ReplicaTap;
  let control: RawSession;
  let markers = 0;

  beforeAll(async () => {
    real = await startRedisServer({ 'enable-debug-command': 'yes' });
    control = await RawSession.open(real.port);
    // Keys expire when a command meets them, never in the background while a scenario runs.
    await call(control, ['DEBUG', 'SET-ACTIVE-EXPIRE', '0']);
    tap = await ReplicaTap.attach(real.port);
  });

  afterAll(async () => {
    tap?.close();
    control?.close();
    await real?.stop();
  });

  async function call(s: RawSession, argv: string[]): Promise<void> {
    s.send(argv);
    if (!(await s.reply(5000))) throw new Error(`no reply to ${argv[0]} from redis-server`);
  }

  /** Publishes a marker and returns what the replica received before it. */
  async function received(): Promise<TappedCommand[]> {
    const id = String(++markers);
    await call(control, ['PUBLISH', MARKER_CHANNEL, id]);
    return tap.until(id);
  }

  /** Waits until redis-server reports the client `id` blocked. */
  async function blockedOnRedis(id: string): Promise<void> {
    const deadline = Date.now() + 5000;
    for (;;) {
      control.send(['CLIENT', 'LIST', 'ID', id]);
      const reply = await control.reply(5000);
      if (/ flags=\S*b/.test(String(reply?.value.value))) return;
      if (Date.now() > deadline) throw new Error(`client ${id} never blocked on redis-server`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async function onRedis(steps: readonly Step[]): Promise<string[][]> {
    await call(control, ['FLUSHALL']);
    await received();
    const sessions = new Map<number, { s: RawSession; id: string; pending: boolean }>();
    const session = async (n: number) => {
      let entry = sessions.get(n);
      if (!entry) {
        const s = await RawSession.open(real.port);
        s.send(['CLIENT', 'ID']);
        const id = String((await s.reply(5000))?.value.value);
        sessions.set(n, (entry = { s, id, pending: false }));
      }
      // A blocked command's reply comes once a later step serves it.
      if (entry.pending) {
        if (!(await entry.s.reply(5000))) throw new Error(`connection ${n} was never served`);
        entry.pending = false;
      }
      return entry;
    };
    try {
      for (const step of steps) {
        if (step.sleepMs) {
          await new Promise((r) => setTimeout(r, step.sleepMs));
          continue;
        }
        const entry = await session(step.conn ?? 1);
        if (step.block) {
          entry.s.send(step.argv);
          entry.pending = true;
          await blockedOnRedis(entry.id);
        } else {
          await call(entry.s, step.argv);
        }
      }
      for (const n of sessions.keys()) await session(n);
    } finally {
      for (const { s } of sessions.values()) s.close();
    }
    return (await received()).map((c) => normalize(c.db, c.argv));
  }

  async function onEngine(steps: readonly Step[]): Promise<string[][]> {
    const e = new TestEngine({ version: VERSION, clock: () => Date.now() });
    const propagated: string[][] = [];
    e.server.propagation.onPropagate((ops: readonly PropagatedOp[]) => {
      for (const op of ops) propagated.push(normalize(op.db, op.argv));
    });
    // As on redis-server, whose stream selected database 0 for the FLUSHALL before the scenario.
    e.server.runCommand(e.client, ['FLUSHALL']);
    propagated.length = 0;
    const clients = new Map<number, Client>([[1, e.client]]);
    for (const step of steps) {
      if (step.sleepMs) {
        await new Promise((r) => setTimeout(r, step.sleepMs));
        continue;
      }
      const n = step.conn ?? 1;
      let c = clients.get(n);
      if (!c) clients.set(n, (c = e.newClient()));
      e.server.runCommand(c, step.argv);
      expect(c.blocked !== undefined).toBe(step.block === true);
    }
    for (const c of clients.values()) expect(c.blocked).toBeUndefined();
    return propagated;
  }

  for (const [name, steps] of Object.entries(SCENARIOS)) {
    test(name, async () => {
      const expected = await onRedis(steps);
      const actual = await onEngine(steps);
      expect(expected.length).toBeGreaterThan(0);
      expect(actual).toEqual(expected);
    });
  }
});

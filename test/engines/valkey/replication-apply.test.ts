/**
 * Replication stream check, engine to engine: a primary runs seeded random commands of every
 * family (random picks, blocking pops served later, scripts and functions, transactions, lazy and
 * active expiry, key moves between databases) and a second engine applies what the primary
 * propagates, as the simulator's replicas do. At checkpoints both datasets must be identical: the
 * same keys with the same DUMP bytes (value and encoding) and expiry times, the same libraries.
 */
import { TestEngine } from './support/engine';
import { prng } from './support/prng';
import { InProcessReplica, snapshot } from './support/replica-apply';
import type { Client } from '../../../src/engines/valkey/server/client';

const VERSION = '7.0.15';

type Gen = () => string[];

function workload(random: () => number): Gen[] {
  const int = (n: number): number => Math.floor(random() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const key = (prefix: string): string => `${prefix}${int(4)}`;
  const member = (): string => pick(['a', 'b', 'c', 'd', 'e', '1', '2', '300', '-7', 'x'.repeat(70), 'ümlaut']);
  const num = (): string => String(int(200) - 100);
  const score = (): string => pick(['1', '2.5', '-3', '0', '1e3', String(int(1000))]);
  const members = (n: number): string[] => Array.from({ length: 1 + int(n) }, member);
  const pairs = (n: number, value: () => string): string[] => Array.from({ length: 1 + int(n) }, () => [member(), value()]).flat();
  const anyKey = (): string => key(pick(['s', 'l', 'h', 'S', 'z', 'x', 'p', 'g', 'b']));
  return [
    // strings and bitmaps
    () => ['SET', key('s'), member(), ...pick([[], ['EX', '5'], ['PX', String(1 + int(150))], ['KEEPTTL'], ['GET'], ['NX'], ['XX']])],
    () => ['SETEX', key('s'), '10', member()],
    () => ['PSETEX', key('s'), String(1 + int(100)), member()],
    () => ['GETEX', key('s'), ...pick([['EX', '100'], ['PX', '20'], ['PERSIST'], ['EXAT', '1'], []])],
    () => ['GETDEL', key('s')],
    () => ['APPEND', key('s'), member()],
    () => [pick(['INCR', 'DECR']), key('s')],
    () => ['INCRBY', key('s'), num()],
    () => ['INCRBYFLOAT', key('s'), pick(['0.5', '-1.25', '3e2', '10'])],
    () => ['SETRANGE', key('s'), String(int(20)), member()],
    () => ['MSET', key('s'), member(), key('s'), member()],
    () => ['MSETNX', key('s'), member(), key('s'), member()],
    () => ['SETBIT', key('b'), String(int(300)), String(int(2))],
    () => ['BITFIELD', key('b'), 'INCRBY', 'u8', String(int(64)), num(), 'OVERFLOW', 'FAIL', 'SET', 'i5', '#1', num()],
    () => ['BITOP', pick(['AND', 'OR', 'XOR']), key('b'), key('b'), key('b')],
    // keys
    () => [pick(['DEL', 'UNLINK']), anyKey(), anyKey()],
    () => [pick(['EXPIRE', 'PEXPIRE']), anyKey(), String(1 + int(200)), ...pick([[], ['NX'], ['XX'], ['GT'], ['LT']])],
    () => ['EXPIREAT', anyKey(), pick(['1', '4000000000'])],
    () => ['PERSIST', anyKey()],
    () => [pick(['RENAME', 'RENAMENX']), anyKey(), anyKey()],
    () => ['COPY', anyKey(), anyKey(), ...pick([[], ['REPLACE'], ['DB', '1']])],
    () => ['MOVE', anyKey(), '1'],
    () => ['SORT', key('l'), ...pick([[], ['ALPHA'], ['DESC', 'ALPHA', 'LIMIT', '0', '3']]), 'STORE', key('l')],
    // lists
    () => [pick(['LPUSH', 'RPUSH', 'LPUSHX', 'RPUSHX']), key('l'), ...members(6)],
    () => [pick(['LPOP', 'RPOP']), key('l'), ...pick([[], ['2'], ['10']])],
    () => ['LINSERT', key('l'), pick(['BEFORE', 'AFTER']), member(), member()],
    () => ['LSET', key('l'), String(int(6) - 3), member()],
    () => ['LREM', key('l'), String(int(5) - 2), member()],
    () => ['LTRIM', key('l'), String(int(4)), String(int(10) - 3)],
    () => ['LMOVE', key('l'), key('l'), pick(['LEFT', 'RIGHT']), pick(['LEFT', 'RIGHT'])],
    () => ['RPOPLPUSH', key('l'), key('l')],
    () => ['LMPOP', '2', key('l'), key('l'), pick(['LEFT', 'RIGHT']), 'COUNT', String(1 + int(3))],
    // hashes
    () => ['HSET', key('h'), ...pairs(4, member)],
    () => ['HSETNX', key('h'), member(), member()],
    () => ['HDEL', key('h'), ...members(3)],
    () => ['HINCRBY', key('h'), member(), num()],
    () => ['HINCRBYFLOAT', key('h'), member(), pick(['1.5', '-0.25', '7'])],
    // sets
    () => ['SADD', key('S'), ...members(6)],
    () => ['SREM', key('S'), ...members(3)],
    () => ['SPOP', key('S'), ...pick([[], ['1'], ['2'], ['5'], ['100']])],
    () => ['SMOVE', key('S'), key('S'), member()],
    () => [pick(['SINTERSTORE', 'SUNIONSTORE', 'SDIFFSTORE']), key('S'), key('S'), key('S')],
    // sorted sets
    () => ['ZADD', key('z'), ...pick([[], ['NX'], ['XX'], ['GT'], ['LT']]), ...Array.from({ length: 1 + int(4) }, () => [score(), member()]).flat()],
    () => ['ZINCRBY', key('z'), score(), member()],
    () => ['ZREM', key('z'), ...members(3)],
    () => [pick(['ZPOPMIN', 'ZPOPMAX']), key('z'), ...pick([[], ['2'], ['10']])],
    () => ['ZMPOP', '2', key('z'), key('z'), pick(['MIN', 'MAX']), 'COUNT', String(1 + int(3))],
    () => ['ZRANGESTORE', key('z'), key('z'), '0', String(int(5))],
    () => [pick(['ZUNIONSTORE', 'ZINTERSTORE', 'ZDIFFSTORE']), key('z'), '2', key('z'), key('z')],
    () => ['ZREMRANGEBYSCORE', key('z'), '-inf', score()],
    () => ['ZREMRANGEBYRANK', key('z'), '0', String(int(3))],
    // streams
    () => ['XADD', key('x'), ...pick([[], ['MAXLEN', '~', '5'], ['MAXLEN', '3']]), '*', 'f', member()],
    () => ['XTRIM', key('x'), 'MAXLEN', String(int(4))],
    () => ['XGROUP', 'CREATE', key('x'), 'g', pick(['0', '$']), 'MKSTREAM'],
    () => ['XREADGROUP', 'GROUP', 'g', pick(['c1', 'c2']), 'COUNT', String(1 + int(3)), ...pick([[], ['NOACK']]), 'STREAMS', key('x'), '>'],
    () => ['XAUTOCLAIM', key('x'), 'g', 'c3', '0', '0-0', 'COUNT', '2'],
    () => ['XCLAIM', key('x'), 'g', 'c2', '0', '0-1', 'FORCE'],
    () => ['XDEL', key('x'), '0-1'],
    // HyperLogLog and geo
    () => ['PFADD', key('p'), ...members(5)],
    () => ['PFCOUNT', key('p')],
    () => ['PFMERGE', key('p'), key('p'), key('p')],
    () => ['GEOADD', key('g'), String(int(360) - 180), String(int(170) - 85), member()],
    () => ['GEOSEARCHSTORE', key('g'), key('g'), 'FROMLONLAT', '0', '0', 'BYRADIUS', '20000', 'km', 'ASC', 'COUNT', '3'],
    () => ['GEORADIUS', key('g'), '0', '0', '20000', 'km', 'STORE', key('z')],
    // scripts (effects replication), functions and transactions
    () => ['EVAL', "redis.call('SPOP', KEYS[1]) return redis.call('INCR', KEYS[2])", '2', key('S'), key('s')],
    () => ['EVAL', "local v = redis.call('SRANDMEMBER', KEYS[1]) if v then redis.call('RPUSH', KEYS[2], v) end return 1", '2', key('S'), key('l')],
    () => ['FCALL', 'moveone', '2', key('l'), key('l')],
    () => ['SELECT', pick(['0', '0', '0', '1'])],
  ];
}

describe('replication stream applied to a second engine', () => {
  test.each([1, 2, 3])('seed %i: the replica ends up with the primary dataset', (seed) => {
    let now = 1_700_000_000_000;
    const clock = () => now;
    const primary = new TestEngine({ version: VERSION, clock });
    const replica = new TestEngine({ version: VERSION, clock });
    const link = new InProcessReplica(primary.server, replica.server);
    const random = prng(seed);
    const gens = workload(random);
    primary.run('FUNCTION', 'LOAD', "#!lua name=lib\nredis.register_function('moveone', function(keys) return redis.call('LMOVE', keys[1], keys[2], 'LEFT', 'RIGHT') end)");
    // Blocked clients are served later by pushes (their pops propagate with the push's unit).
    const blockers: Client[] = [primary.newClient(), primary.newClient(), primary.newClient()];
    const blocking: (() => string[])[] = [
      () => ['BLPOP', `l${Math.floor(random() * 4)}`, '0'],
      () => ['BLMOVE', `l${Math.floor(random() * 4)}`, `l${Math.floor(random() * 4)}`, 'LEFT', 'RIGHT', '0'],
      () => ['BZPOPMIN', `z${Math.floor(random() * 4)}`, '0'],
    ];
    const transaction = (): void => {
      primary.run('MULTI');
      for (let i = 0; i < 3; i++) primary.run(...gens[Math.floor(random() * gens.length)]());
      primary.run('EXEC');
    };

    for (let step = 1; step <= 1500; step++) {
      const r = random();
      if (r < 0.03) {
        const i = Math.floor(random() * blockers.length);
        if (!blockers[i].blocked) primary.server.runCommand(blockers[i], blocking[i]());
      } else if (r < 0.06) {
        transaction();
      } else if (r < 0.08) {
        primary.server.runCron();
      } else {
        primary.server.runCommand(primary.client, gens[Math.floor(random() * gens.length)]());
      }
      now += Math.floor(random() * 12);
      link.catchUp();
      if (step % 250 === 0) expect(snapshot(replica.server)).toEqual(snapshot(primary.server));
    }
    expect(link.applied).toBeGreaterThan(500);
    expect(Object.keys(snapshot(primary.server)).length).toBeGreaterThan(10);
  });
});

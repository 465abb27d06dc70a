/**
 * Random command sequences of the list, hash, set and sorted set families (and the key commands
 * that move or copy such values, SORT and scripts reading them) must get the same replies from our
 * engine and from redis-server, in RESP2 and RESP3. Edge arguments are drawn on purpose: LONG_MIN
 * and LONG_MAX counts, non-numbers, inf and nan scores, empty and binary members.
 *
 * Left out because the two servers legitimately differ: random picks (SPOP, SRANDMEMBER,
 * HRANDFIELD, ZRANDMEMBER), DUMP and MEMORY USAGE of hashtable and skiplist values (they follow each
 * process' hash seed and random skiplist levels), and lexicographic ranges over members with
 * different scores (documented as unspecified; lex commands use a key whose scores are all 0).
 * Replies listing a hashtable's members in its own order compare as multisets.
 */
import { expectAgreement } from './support/random-sequences';
import { describeIfRedis, useRealAndOurs } from './support/side-by-side';

/** Commands whose reply lists a hash's or a set's members in the server's own order. */
const UNORDERED = new Set(['SMEMBERS', 'HGETALL', 'HKEYS', 'HVALS', 'SINTER', 'SUNION', 'SDIFF', 'SORT', 'EVAL']);

function sameMultiset(real: string, ours: string): boolean {
  const lines = (reply: string) => reply.split('\\r\\n').sort().join('\n');
  return real.length === ours.length && lines(real) === lines(ours);
}

function randomCollectionCommand(rand: () => number): string[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const key = () => pick(['l', 'h', 's', 'z', 'x', 'l2', 'z2', 's2', 'h2']);
  const mem = () => pick(['a', 'b', 'c', '1', '2', '-1', '1.5', '', 'x'.repeat(70), '\x00', 'inf', '3']);
  const int = () => pick(['0', '1', '-1', '2', '-2', '5', '100', '-100', 'x', '1.5', '9223372036854775807', '-9223372036854775808']);
  const score = () => pick(['0', '1', '-1', '1.5', 'inf', '-inf', '+inf', 'nan', '1e3', 'x', '(1', '(2']);
  const lex = () => pick(['-', '+', '[a', '(a', '[b', '(c', 'a', '[', '[x']);
  const side = () => pick(['LEFT', 'RIGHT']);
  const gens: (() => string[])[] = [
    () => ['LPUSH', key(), mem(), mem()], () => ['RPUSH', key(), mem()], () => ['LPOP', key(), ...pick([[], [int()]])],
    () => ['RPOP', key(), ...pick([[], [int()]])], () => ['LRANGE', key(), int(), int()], () => ['LINDEX', key(), int()],
    () => ['LSET', key(), int(), mem()], () => ['LINSERT', key(), pick(['BEFORE', 'AFTER', 'x']), mem(), mem()],
    () => ['LREM', key(), int(), mem()], () => ['LTRIM', key(), int(), int()],
    () => ['LPOS', key(), mem(), ...pick([[], ['RANK', int()], ['COUNT', int()], ['MAXLEN', int()], ['RANK', int(), 'COUNT', int()]])],
    () => ['LMOVE', key(), key(), side(), pick(['LEFT', 'RIGHT', 'UP'])], () => ['LMPOP', pick(['1', '2', '0', 'x']), key(), key(), side(), ...pick([[], ['COUNT', int()]])],
    () => ['LLEN', key()], () => ['RPOPLPUSH', key(), key()], () => ['LPUSHX', key(), mem()],
    () => ['HSET', key(), mem(), mem()], () => ['HGET', key(), mem()], () => ['HDEL', key(), mem(), mem()], () => ['HINCRBY', key(), mem(), int()],
    () => ['HINCRBYFLOAT', key(), mem(), score()], () => ['HGETALL', key()], () => ['HMGET', key(), mem(), mem()], () => ['HSETNX', key(), mem(), mem()],
    () => ['HSTRLEN', key(), mem()], () => ['HLEN', key()], () => ['HEXISTS', key(), mem()], () => ['HKEYS', key()], () => ['HVALS', key()],
    () => ['SADD', key(), mem(), mem()], () => ['SREM', key(), mem()], () => ['SISMEMBER', key(), mem()], () => ['SMISMEMBER', key(), mem(), mem()],
    () => ['SCARD', key()], () => ['SMOVE', key(), key(), mem()], () => ['SINTER', key(), key()], () => ['SUNIONSTORE', key(), key(), key()],
    () => ['SDIFF', key(), key()], () => ['SINTERCARD', pick(['1', '2', '0']), key(), key(), ...pick([[], ['LIMIT', int()]])], () => ['SMEMBERS', key()],
    () => ['ZADD', key(), ...pick([[], ['NX'], ['XX'], ['GT'], ['LT'], ['CH'], ['INCR'], ['GT', 'CH'], ['NX', 'GT']]), score(), mem()],
    () => ['ZADD', key(), score(), mem(), score(), mem()], () => ['ZREM', key(), mem()], () => ['ZSCORE', key(), mem()], () => ['ZINCRBY', key(), score(), mem()],
    () => ['ZRANGE', key(), int(), int(), ...pick([[], ['WITHSCORES'], ['REV'], ['REV', 'WITHSCORES']])],
    () => ['ZRANGE', key(), score(), score(), 'BYSCORE', ...pick([[], ['LIMIT', int(), int()], ['REV'], ['WITHSCORES']])],
    () => ['ZRANGEBYSCORE', key(), score(), score(), ...pick([[], ['WITHSCORES'], ['LIMIT', int(), int()]])],
    () => ['ZCOUNT', key(), score(), score()], () => ['ZRANK', key(), mem(), ...pick([[], ['WITHSCORE']])], () => ['ZREVRANK', key(), mem()],
    () => ['ZREMRANGEBYSCORE', key(), score(), score()], () => ['ZREMRANGEBYRANK', key(), int(), int()],
    () => ['ZPOPMIN', key(), ...pick([[], [int()]])], () => ['ZPOPMAX', key(), ...pick([[], [int()]])],
    () => ['ZMPOP', pick(['1', '2']), key(), key(), pick(['MIN', 'MAX']), ...pick([[], ['COUNT', int()]])],
    () => ['ZUNIONSTORE', key(), pick(['1', '2', '3']), key(), key(), ...pick([[], ['WEIGHTS', score(), score()], ['AGGREGATE', pick(['SUM', 'MIN', 'MAX', 'X'])]])],
    () => ['ZINTER', pick(['1', '2']), key(), key(), ...pick([[], ['WITHSCORES']])], () => ['ZDIFF', pick(['1', '2']), key(), key(), ...pick([[], ['WITHSCORES']])],
    () => ['ZRANGESTORE', key(), key(), int(), int()], () => ['ZCARD', key()], () => ['ZMSCORE', key(), mem(), mem()],
    // Lexicographic ranges on a sorted set whose members all score 0.
    () => ['ZADD', 'lex', '0', mem(), '0', mem()], () => ['ZLEXCOUNT', 'lex', lex(), lex()], () => ['ZRANGE', 'lex', lex(), lex(), 'BYLEX', ...pick([[], ['LIMIT', int(), int()], ['REV']])],
    () => ['ZREVRANGEBYLEX', 'lex', lex(), lex()], () => ['ZREMRANGEBYLEX', 'lex', lex(), lex()],
    () => ['SET', 'str', mem()], () => ['INCR', key()], () => ['TYPE', key()], () => ['OBJECT', 'ENCODING', key()],
    () => ['DEL', key()], () => ['EXISTS', key(), key()], () => ['RENAME', key(), key()], () => ['COPY', key(), key(), ...pick([[], ['REPLACE']])],
    () => ['SORT', key(), ...pick([[], ['ALPHA'], ['DESC', 'ALPHA'], ['LIMIT', int(), int()], ['BY', 'nosort']])],
    () => ['EXPIRE', key(), pick(['100', '0', '-1'])],
    () => ['EVAL', pick(["return redis.call('type', KEYS[1])", "return redis.pcall('lrange', KEYS[1], 0, -1)", "return redis.call('zrange', KEYS[1], 0, -1, 'withscores')", "return redis.pcall('smembers', KEYS[1])", 'return tonumber(ARGV[1])']), '1', key(), mem()],
  ];
  return pick(gens)();
}

describeIfRedis('random collection command sequences agree with redis-server', () => {
  const servers = useRealAndOurs();

  test.each([
    [101, 2], [102, 2], [103, 2], [104, 2], [105, 3], [106, 3], [107, 3], [108, 3],
  ])('seed %i, RESP%i', async (seed, resp) => {
    await expectAgreement({
      realPort: servers.real.port,
      ourPort: servers.oursPort,
      seed,
      commands: 1500,
      setup: [['HELLO', String(resp)]],
      next: randomCollectionCommand,
      equivalent: (cmd, a, b) => UNORDERED.has(cmd[0].toUpperCase()) && sameMultiset(a, b),
    });
  }, 120_000);
});

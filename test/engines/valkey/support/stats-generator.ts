/**
 * Random commands for the fuzz of error and command statistics (fuzz-families.test.ts): commands
 * that succeed, fail (wrong type, bad values) or are refused (unknown, wrong arity, inside a
 * transaction, EXECABORT), and scripts whose commands fail or are refused, with the error passed on,
 * caught, or made by the script; between them INFO errorstats, commandstats and stats. redis counts
 * each error once, where it arose, and charges a command with the failures of its own: an EXEC or
 * script is not a failed call because a command it ran failed.
 */
import { Generator, picker } from './family-generators';

const SCRIPTS = [
  "return redis.call('get', KEYS[1])", "return redis.call('incr', KEYS[1])", "return redis.pcall('incr', KEYS[1])",
  "redis.pcall('incr', KEYS[1]); return 'swallowed'", "return redis.pcall('lpush', KEYS[1])", "redis.pcall('lpush', KEYS[1]); return 1",
  "return redis.call('lpush', KEYS[1])", "return redis.call('nosuch')", "return redis.pcall('nosuch')", "return redis.error_reply('MY err')",
  "error('x')", "return {err='E1 boom'}", "return {err='E2 x', ignore_error_stats_update=true}", "return {1, redis.pcall('incr', KEYS[1])}",
  "return redis.call('subscribe', 'ch')", 'return redis.pcall(1, 2)', "return redis.pcall('get', {})",
];

export const statsCommand: Generator = (rand) => {
  const pick = picker(rand);
  const key = () => pick(['k', 'l', 'h', 'nokey']);
  const gens: (() => string[])[] = [
    () => ['SET', key(), '1'], () => ['GET', key()], () => ['INCR', key()], () => ['LPUSH', key(), 'a'], () => ['HGET', key(), 'f'],
    () => ['GET'], () => ['SET', 'k'], () => ['NOSUCH', 'x'], () => ['nosuch'], () => ['CONFIG', 'NOSUB'], () => ['CLIENT', 'BADSUB'],
    () => ['EXPIRE', key(), 'x'], () => ['INCRBY', key(), 'abc'], () => ['SET', key(), '1', 'EX', '-1'], () => ['LINDEX', key(), 'x'],
    () => ['MULTI'], () => ['EXEC'], () => ['DISCARD'], () => ['WATCH', key()],
    () => ['EVAL', pick(SCRIPTS), '1', key()], () => ['EVAL_RO', pick(SCRIPTS), '1', key()],
    () => ['EVALSHA', 'ffffffffffffffffffffffffffffffffffffffff', '0'], () => ['SCRIPT', 'FLUSH'],
    () => ['FCALL', 'nofn', '0'], () => ['SELECT', pick(['0', '99', 'x'])], () => ['AUTH', 'x'], () => ['AUTH', 'u', 'p'],
    () => ['OBJECT', 'ENCODING', key()], () => ['TYPE', key()], () => ['DEL', key()], () => ['PING'], () => ['ECHO'],
    () => ['XADD', 's', 'bad', 'f', 'v'], () => ['ZADD', 'z', 'nan', 'm'], () => ['BLPOP', key(), '0.001'], () => ['BLPOP', key(), '-1'],
    () => ['CONFIG', 'RESETSTAT'], () => ['SUBSCRIBE'], () => ['HELLO', '4'], () => ['WAIT', '0', '0'], () => ['ACL', 'WHOAMI'],
    () => ['INFO', 'errorstats'], () => ['INFO', 'errorstats'], () => ['INFO', 'commandstats'], () => ['INFO', 'stats'],
  ];
  return pick(gens)();
};

/** INFO stats fields that count what commands did (the rest read clocks, sockets and rates). */
const COUNTED_STATS = /^(total_error_replies|unexpected_error_replies|keyspace_hits|keyspace_misses|expired_keys|total_commands_processed):/;

/**
 * INFO commandstats and stats, alone or inside an EXEC reply, as far as the two servers agree:
 * command times dropped, commands in any order (redis lists its command table in hash order), and
 * of stats only the counters. Errorstats are compared as they are.
 */
export function comparableStats(reply: string): string {
  return reply.replace(/[$=]\d+\\r\\n(txt:)?# (Commandstats|Stats)\\r\\n(.*?)\\r\\n\\r\\n/g, (_all, _txt, section: string, body: string) => {
    let lines = body.split('\\r\\n');
    if (section === 'Stats') lines = lines.filter((l) => COUNTED_STATS.test(l));
    else lines = lines.map((l) => l.replace(/usec=\d+,usec_per_call=[\d.]+,/, '')).sort();
    return `<${section}: ${lines.join(' ')}>`;
  });
}

/**
 * Warms what a run of pipelined commands will read before the first of them runs. A command on a
 * large keyspace or a large hash, set or sorted set waits for a few cache misses in a row (the
 * table's slot, the stored key, its value), each a main-memory round trip; the misses of different
 * commands do not depend on one another, so touching all the run's slots first has the processor
 * fetch them together (Valkey 8 prefetches the keys of a batch of commands for the same reason).
 *
 * A run is consecutive commands of one name from one client's input, read ahead of their turn
 * (see Client): only the data commands below, which change nothing that parsing depends on (the
 * user, protocol limits) nor the database the run works in.
 */
import type { Db } from '../keyspace/db';
import type { KeyDict } from '../keyspace/key-dict';
import { HashValue } from '../types/hash/hash-value';
import { SetValue } from '../types/set/set-value';
import { ZSetValue } from '../types/zset/zset-value';

/** The most commands read ahead for one warm. */
export const WARM_RUN = 16;
/** Tables smaller than this stay in cache anyway: warming them would only add work. */
const WARM_MIN_SIZE = 8192;

/** A run's warm-up: `run[0, n)` are commands of one name. */
export type RunWarmer = (db: Db, run: readonly string[][], n: number) => void;

const keys: string[] = [];
const members: string[] = [];

/** The hash, set or sorted set member table of a key's value, when it has one. */
function memberTable(db: Db, key: string): KeyDict<unknown> | undefined {
  const value = db.dict.get(key);
  if (value instanceof HashValue || value instanceof SetValue) return value.hashtable as KeyDict<unknown> | undefined;
  if (value instanceof ZSetValue) return value.dict as KeyDict<unknown>;
  return undefined;
}

/**
 * Warms the run's keys (argv[1]) in the keyspace and, with `memberAt`, the member at that index in
 * each key's member table. `fixedLength` limits the member warm to commands of that many arguments.
 */
function warmer(memberAt: number, fixedLength = 0): RunWarmer {
  return (db, run, n) => {
    keys.length = 0;
    let previous: string | undefined;
    for (let i = 0; i < n; i++) {
      const key = run[i][1];
      // A run on one key (LPUSH mylist …) touches it once.
      if (key !== previous) keys.push(key);
      previous = key;
    }
    if (db.dict.size >= WARM_MIN_SIZE) db.dict.warm(keys, 0, 1);
    if (memberAt === 0) return;
    let from = 0;
    while (from < n) {
      const key = run[from][1];
      let to = from;
      members.length = 0;
      for (; to < n && run[to][1] === key; to++) {
        const argv = run[to];
        if (argv.length > memberAt && (fixedLength === 0 || argv.length === fixedLength)) members.push(argv[memberAt]);
      }
      const table = members.length > 0 ? memberTable(db, key) : undefined;
      if (table !== undefined && table.size >= WARM_MIN_SIZE) table.warm(members, 0, 1);
      from = to;
    }
  };
}

/** Commands whose runs have their keys warmed. */
const KEY_COMMANDS = ['get', 'set', 'setnx', 'setex', 'psetex', 'getset', 'getdel', 'incr', 'decr', 'incrby', 'decrby',
  'append', 'strlen', 'exists', 'type', 'ttl', 'pttl', 'expire', 'pexpire', 'lpush', 'rpush', 'lpop', 'rpop', 'llen', 'lindex'];
/** Commands whose runs have their keys and their first member (argv[2]) warmed. */
const MEMBER_COMMANDS = ['hset', 'hsetnx', 'hget', 'hexists', 'hdel', 'hincrby', 'hincrbyfloat', 'hmget', 'hstrlen',
  'sadd', 'srem', 'sismember', 'smismember', 'zscore', 'zrem', 'zrank', 'zrevrank', 'zmscore'];

const KEYS_ONLY = warmer(0);
const FIRST_MEMBER = warmer(2);

/** The commands whose runs are warmed, by lowercase name. */
const WARMERS = new Map<string, RunWarmer>([
  ...KEY_COMMANDS.map((name): [string, RunWarmer] => [name, KEYS_ONLY]),
  ...MEMBER_COMMANDS.map((name): [string, RunWarmer] => [name, FIRST_MEMBER]),
  // ZADD key score member (options would move the member) and ZINCRBY key increment member.
  ['zadd', warmer(3, 4)],
  ['zincrby', warmer(3, 4)],
]);

/** Names as clients send them (any case) → warmer, or null for commands whose runs are not warmed. */
const byWireName = new Map<string, RunWarmer | null>();

/** The warmer for runs of the command named `name` (any case), if any. */
export function runWarmer(name: string): RunWarmer | undefined {
  let w = byWireName.get(name);
  if (w === undefined) {
    w = WARMERS.get(name.toLowerCase()) ?? null;
    if (byWireName.size < 1024) byWireName.set(name, w);
  }
  return w ?? undefined;
}

/**
 * Random CONFIG commands for the fuzz (fuzz-families.test.ts): CONFIG SET of one to three
 * parameters the engine honours, with values of every kind (booleans, enums, integers and memory
 * sizes at the 64-bit limits, units, percentages, lists), names spelled as aliases and in upper
 * case, wrong counts of words; CONFIG GET of names and patterns; RESETSTAT, REWRITE, HELP; and
 * the commands whose behaviour the encoding thresholds and min-replicas-to-write change.
 *
 * Left out on purpose: port and bind (redis rebinds its listeners; the engine keeps them fixed and
 * refuses the change as immutable), maxclients (redis then raises its file limit, which can take
 * seconds), activedefrag (a redis build without jemalloc's defragmentation support refuses it), and
 * client-output-buffer-limit for normal clients below a reply's size (redis counts the memory of its
 * reply list, the engine the bytes not yet sent). Patterns of CONFIG GET match only parameters the
 * engine has: the others answer as unknown, as the engine answers every parameter it does not honour.
 */
import { Generator, picker } from './family-generators';

/** Parameters the family sets: every mutable one the engine honours, and some immutable ones. */
const PARAMS = [
  'acl-pubsub-default', 'acllog-max-len', 'active-defrag-cycle-max', 'active-defrag-cycle-min',
  'active-defrag-ignore-bytes', 'active-defrag-max-scan-fields', 'active-defrag-threshold-lower',
  'active-defrag-threshold-upper', 'active-expire-effort', 'activerehashing', 'appendfsync', 'busy-reply-threshold',
  'client-output-buffer-limit', 'client-query-buffer-limit', 'cluster-allow-pubsubshard-when-down',
  'cluster-allow-reads-when-down', 'cluster-enabled', 'cluster-node-timeout', 'cluster-require-full-coverage',
  'databases', 'dynamic-hz', 'enable-debug-command', 'enable-protected-configs', 'hash-max-listpack-entries',
  'hash-max-listpack-value', 'hash-max-ziplist-entries', 'hash-max-ziplist-value', 'hll-sparse-max-bytes', 'hz',
  'io-threads', 'io-threads-do-reads', 'latency-monitor-threshold', 'latency-tracking',
  'latency-tracking-info-percentiles', 'lazyfree-lazy-eviction', 'lazyfree-lazy-expire', 'lazyfree-lazy-server-del',
  'lazyfree-lazy-user-del', 'lazyfree-lazy-user-flush', 'lfu-decay-time', 'lfu-log-factor', 'list-compress-depth',
  'list-max-listpack-size', 'list-max-ziplist-size', 'loglevel', 'lua-time-limit', 'masterauth', 'masteruser',
  'maxmemory-clients', 'maxmemory-eviction-tenacity', 'maxmemory-policy', 'maxmemory-samples',
  'min-replicas-max-lag', 'min-replicas-to-write', 'min-slaves-max-lag', 'min-slaves-to-write',
  'notify-keyspace-events', 'proto-max-bulk-len', 'rdbchecksum', 'rdbcompression', 'repl-backlog-size',
  'repl-backlog-ttl', 'repl-timeout', 'replica-ignore-maxmemory', 'replica-lazy-flush', 'replica-read-only',
  'replica-serve-stale-data', 'set-max-intset-entries', 'slave-ignore-maxmemory', 'slave-lazy-flush',
  'slave-read-only', 'slave-serve-stale-data', 'slowlog-log-slower-than', 'slowlog-max-len', 'stream-node-max-bytes',
  'stream-node-max-entries', 'tcp-backlog', 'tcp-keepalive', 'tracking-table-max-keys', 'zset-max-listpack-entries',
  'zset-max-listpack-value', 'zset-max-ziplist-entries', 'zset-max-ziplist-value', 'save',
];

/** Sets every parameter the family changes back to redis' default (the encodings as the other families have them). */
export const CONFIG_DEFAULTS = [
  'CONFIG', 'SET',
  'acl-pubsub-default', 'resetchannels', 'acllog-max-len', '128', 'active-defrag-cycle-max', '25',
  'active-defrag-cycle-min', '1', 'active-defrag-ignore-bytes', '104857600', 'active-defrag-max-scan-fields', '1000',
  'active-defrag-threshold-lower', '10', 'active-defrag-threshold-upper', '100', 'active-expire-effort', '1',
  'activerehashing', 'yes', 'appendfsync', 'everysec', 'busy-reply-threshold', '5000', 'client-output-buffer-limit',
  'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60', 'client-query-buffer-limit', '1073741824',
  'cluster-allow-pubsubshard-when-down', 'yes', 'cluster-allow-reads-when-down', 'no', 'cluster-node-timeout',
  '15000', 'cluster-require-full-coverage', 'yes', 'dynamic-hz', 'yes', 'hash-max-listpack-entries', '128',
  'hash-max-listpack-value', '64', 'hll-sparse-max-bytes', '3000', 'hz', '10', 'latency-monitor-threshold', '0',
  'latency-tracking', 'yes', 'latency-tracking-info-percentiles', '50 99 99.9', 'lazyfree-lazy-eviction', 'no',
  'lazyfree-lazy-expire', 'no', 'lazyfree-lazy-server-del', 'no', 'lazyfree-lazy-user-del', 'no',
  'lazyfree-lazy-user-flush', 'no', 'lfu-decay-time', '1', 'lfu-log-factor', '10', 'list-compress-depth', '0',
  'list-max-listpack-size', '-2', 'loglevel', 'notice', 'masterauth', '', 'masteruser', '', 'maxmemory-clients', '0',
  'maxmemory-eviction-tenacity', '10', 'maxmemory-policy', 'noeviction', 'maxmemory-samples', '5',
  'min-replicas-max-lag', '10', 'min-replicas-to-write', '0', 'notify-keyspace-events', '', 'proto-max-bulk-len',
  '536870912', 'rdbcompression', 'yes', 'repl-backlog-size', '1048576', 'repl-backlog-ttl', '3600', 'repl-timeout',
  '60', 'replica-ignore-maxmemory', 'yes', 'replica-lazy-flush', 'no', 'replica-read-only', 'yes',
  'replica-serve-stale-data', 'yes', 'set-max-intset-entries', '512', 'slowlog-log-slower-than', '10000',
  'slowlog-max-len', '128', 'stream-node-max-bytes', '4096', 'stream-node-max-entries', '100', 'tcp-keepalive',
  '300', 'tracking-table-max-keys', '1000000', 'zset-max-listpack-entries', '128', 'zset-max-listpack-value', '64',
  'save', '',
];

/** Values of every kind: the family pairs any of them with any parameter. */
const VALUES = [
  'yes', 'no', 'YES', 'No', '1', '0', '-1', '-2', '-5', '-6', 'x', '', '1k', '1kb', '1mb', '1gb', '1GB', '1K', '100', '5', '10',
  '500', '64', '2mb', '-1k', '1e3', '1.5', '0x10', ' 5', '5 ', '1 2', '2147483647', '2147483648', '4294967296',
  '9223372036854775807', '9223372036854775808', '-9223372036854775808', '18446744073709551566', '18446744073709551615',
  '50%', '101%', '-5%', '%', '0%', '100%', 'allkeys-lru', 'volatile-lfu', 'noeviction', 'allkeys-random', 'KEA', 'Ex',
  'gxE$shz', 'AKE', 'K', 'debug', 'warning', 'verbose', 'nothing', 'always', 'everysec', 'off', 'resetchannels',
  'allchannels', 'normal 0 0 0', 'pubsub 1mb 1mb 60', 'replica 1 1 1 pubsub 1mb 2mb 3', 'slave 1 2', 'normal 1k 1k 1x',
  '50 99', '50 101', '99.9', '3600 1',
];

/** save's own values: a count of words that is odd, empty words, signs, white space, overflow. */
const SAVE_VALUES = ['', '3600 1', '3600', '5 ', 'x', '-1 1', '3600 -1', '\t3600 +1', '3600 99999999999', '3600 1 60 '];

export const configCommand: Generator = (rand) => {
  const pick = picker(rand);
  const param = () => pick([...PARAMS, 'nosuch', 'MAXMEMORY-POLICY', 'Hz']);
  const pair = () => {
    const name = param();
    return [name, pick(name === 'save' ? SAVE_VALUES : VALUES)];
  };
  const gens: (() => string[])[] = [
    () => ['CONFIG', 'SET', ...pair()], () => ['CONFIG', 'SET', ...pair()], () => ['CONFIG', 'SET', ...pair(), ...pair()],
    () => ['CONFIG', 'SET', ...pair(), ...pair()], () => ['CONFIG', 'SET', ...pair(), ...pair(), ...pair()],
    () => ['CONFIG', 'SET', param()], () => ['CONFIG', 'SET', ...pair(), param()], () => ['CONFIG'],
    () => ['CONFIG', 'GET', param()], () => ['CONFIG', 'GET', param(), param()],
    () => ['CONFIG', 'GET', pick(['hash-*', 'zset*', '*lazy*', 'maxmemory*', 'max*', 'list-*', 'h?', 'nosuch*', 'latency*', 'active*', '*entries*'])],
    () => ['CONFIG', pick(['RESETSTAT', 'REWRITE', 'HELP', 'resetstat', 'NOSUCH'])], () => ['CONFIG', 'RESETSTAT', 'x'],
    () => ['HSET', 'h', pick(['f1', 'f2', 'f3', 'x'.repeat(70)]), pick(['v', 'x'.repeat(70)])], () => ['OBJECT', 'ENCODING', pick(['h', 'z', 's', 'l'])],
    () => ['ZADD', 'z', pick(['1', '2', '3']), pick(['a', 'b', 'c', 'x'.repeat(70)])], () => ['SADD', 's', pick(['1', '2', '3', 'a'])],
    () => ['RPUSH', 'l', pick(['a', 'b', 'x'.repeat(100)])], () => ['DEL', pick(['h', 'z', 's', 'l'])],
    () => ['SET', 'k', 'v'], () => ['GET', 'k'],
  ];
  return pick(gens)();
};

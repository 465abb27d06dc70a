import { integer, yesNo } from './builders';
import type { FamilyDefinition } from './model';
import type { ParameterInfo, SourceRef } from '../../types';

/**
 * Redis OSS parameter group families, `redis2.6` to `redis7`, each defined as its base family plus the
 * documented changes.
 *
 * Sources: the "Valkey and Redis OSS parameters" documentation (one section per version, cited by
 * anchor) and, for types, allowed values and change types, the service's own answer for `redis5.0`
 * shown in the `describe-engine-default-parameters` CLI example (API5). Where an older family has a
 * parameter that `redis5.0` also has, the allowed values of the `redis5.0` answer are used, because the
 * user guide gives none for those versions.
 */
const DOC = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html';
export const REDIS_DOC = {
  v2613: `${DOC}#ParameterGroups.Redis.2-6-13`,
  v286: `${DOC}#ParameterGroups.Redis.2-8-6`,
  v2822: `${DOC}#ParameterGroups.Redis.2-8-22`,
  v2823: `${DOC}#ParameterGroups.Redis.2-8-23`,
  v324: `${DOC}#ParameterGroups.Redis.3-2-4`,
  v4010: `${DOC}#ParameterGroups.Redis.4-0-10`,
  v50: `${DOC}#ParameterGroups.Redis.5.0`,
  v503: `${DOC}#ParameterGroups.Redis.5-0-3`,
  v6x: `${DOC}#ParameterGroups.Redis.6-x`,
  v7: `${DOC}#ParameterGroups.Redis.7`,
  nodeSpecific: `${DOC}#ParameterGroups.Redis.NodeSpecific`,
  memory: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/redis-memory-management.html',
};
export const API5 = 'https://awscli.amazonaws.com/v2/documentation/api/latest/reference/elasticache/describe-engine-default-parameters.html';

const int = integer;

const POLICIES_26 = 'volatile-lru,allkeys-lru,volatile-random,allkeys-random,volatile-ttl,noeviction';
const POLICIES_40 = 'volatile-lru,allkeys-lru,volatile-lfu,allkeys-lfu,volatile-random,allkeys-random,volatile-ttl,noeviction';
const RENAMEABLE_COMMANDS = [
  'APPEND', 'BITCOUNT', 'BITFIELD', 'BITOP', 'BITPOS', 'BLPOP', 'BRPOP', 'BRPOPLPUSH', 'BZPOPMIN', 'BZPOPMAX', 'CLIENT', 'COMMAND',
  'DBSIZE', 'DECR', 'DECRBY', 'DEL', 'DISCARD', 'DUMP', 'ECHO', 'EVAL', 'EVALSHA', 'EXEC', 'EXISTS', 'EXPIRE', 'EXPIREAT', 'FLUSHALL',
  'FLUSHDB', 'GEOADD', 'GEOHASH', 'GEOPOS', 'GEODIST', 'GEORADIUS', 'GEORADIUSBYMEMBER', 'GET', 'GETBIT', 'GETRANGE', 'GETSET', 'HDEL',
  'HEXISTS', 'HGET', 'HGETALL', 'HINCRBY', 'HINCRBYFLOAT', 'HKEYS', 'HLEN', 'HMGET', 'HMSET', 'HSET', 'HSETNX', 'HSTRLEN', 'HVALS', 'INCR',
  'INCRBY', 'INCRBYFLOAT', 'INFO', 'KEYS', 'LASTSAVE', 'LINDEX', 'LINSERT', 'LLEN', 'LPOP', 'LPUSH', 'LPUSHX', 'LRANGE', 'LREM', 'LSET',
  'LTRIM', 'MEMORY', 'MGET', 'MONITOR', 'MOVE', 'MSET', 'MSETNX', 'MULTI', 'OBJECT', 'PERSIST', 'PEXPIRE', 'PEXPIREAT', 'PFADD', 'PFCOUNT',
  'PFMERGE', 'PING', 'PSETEX', 'PSUBSCRIBE', 'PUBSUB', 'PTTL', 'PUBLISH', 'PUNSUBSCRIBE', 'RANDOMKEY', 'READONLY', 'READWRITE', 'RENAME',
  'RENAMENX', 'RESTORE', 'ROLE', 'RPOP', 'RPOPLPUSH', 'RPUSH', 'RPUSHX', 'SADD', 'SCARD', 'SCRIPT', 'SDIFF', 'SDIFFSTORE', 'SELECT', 'SET',
  'SETBIT', 'SETEX', 'SETNX', 'SETRANGE', 'SINTER', 'SINTERSTORE', 'SISMEMBER', 'SLOWLOG', 'SMEMBERS', 'SMOVE', 'SORT', 'SPOP',
  'SRANDMEMBER', 'SREM', 'STRLEN', 'SUBSCRIBE', 'SUNION', 'SUNIONSTORE', 'SWAPDB', 'TIME', 'TOUCH', 'TTL', 'TYPE', 'UNSUBSCRIBE', 'UNLINK',
  'UNWATCH', 'WAIT', 'WATCH', 'ZADD', 'ZCARD', 'ZCOUNT', 'ZINCRBY', 'ZINTERSTORE', 'ZLEXCOUNT', 'ZPOPMAX', 'ZPOPMIN', 'ZRANGE',
  'ZRANGEBYLEX', 'ZREVRANGEBYLEX', 'ZRANGEBYSCORE', 'ZRANK', 'ZREM', 'ZREMRANGEBYLEX', 'ZREMRANGEBYRANK', 'ZREMRANGEBYSCORE',
  'ZREVRANGE', 'ZREVRANGEBYSCORE', 'ZREVRANK', 'ZSCORE', 'ZUNIONSTORE', 'SCAN', 'SSCAN', 'HSCAN', 'ZSCAN', 'XINFO', 'XADD', 'XTRIM', 'XDEL',
  'XRANGE', 'XREVRANGE', 'XLEN', 'XREAD', 'XGROUP', 'XREADGROUP', 'XACK', 'XCLAIM', 'XPENDING', 'GEORADIUS_RO', 'GEORADIUSBYMEMBER_RO',
  'LOLWUT', 'XSETID', 'SUBSTR',
].join(',');
/** The event letters the documentation lists for `notify-keyspace-events`. */
const KEYSPACE_EVENT_FLAGS = 'K,E,g,$,l,s,h,z,x,e,A';

const v2613 = REDIS_DOC.v2613;
const api = (doc: SourceRef) => `${doc}; ${API5}`;

/** Redis OSS 2.6.13, the first version ElastiCache supported. */
const REDIS_2_6: readonly ParameterInfo[] = [
  yesNo('activerehashing', 'yes', true, 'requires-reboot', 'Whether to enable active rehashing of the main hash table. Set at creation; must match when swapping parameter groups.', v2613),
  yesNo('appendonly', 'no', true, 'immediate', 'Enables the append only file (AOF). Not supported on cache.t2 nodes nor with Multi-AZ.', v2613),
  { name: 'appendfsync', dataType: 'string', defaultValue: 'everysec', allowedValues: 'always,everysec,no', modifiable: true, changeType: 'immediate', description: 'How often the AOF buffer is written to disk when appendonly is yes.', source: api(v2613) },
  int('client-output-buffer-limit-normal-hard-limit', '0', '0-', true, 'immediate', 'Output buffer size in bytes at which a normal client is disconnected (0: no limit).', api(v2613)),
  int('client-output-buffer-limit-normal-soft-limit', '0', '0-', true, 'immediate', 'Output buffer size in bytes that disconnects a normal client when it persists for the soft seconds.', api(v2613)),
  int('client-output-buffer-limit-normal-soft-seconds', '0', '0-', true, 'immediate', 'Seconds a normal client may stay above the soft limit.', api(v2613)),
  int('client-output-buffer-limit-pubsub-hard-limit', '33554432', '0-', true, 'immediate', 'Output buffer size in bytes at which a pub/sub client is disconnected.', api(v2613)),
  int('client-output-buffer-limit-pubsub-soft-limit', '8388608', '0-', true, 'immediate', 'Output buffer size in bytes that disconnects a pub/sub client when it persists for the soft seconds.', api(v2613)),
  int('client-output-buffer-limit-pubsub-soft-seconds', '60', '0-', true, 'immediate', 'Seconds a pub/sub client may stay above the soft limit.', api(v2613)),
  { name: 'client-output-buffer-limit-slave-hard-limit', dataType: 'integer', modifiable: false, changeType: 'immediate', nodeTypeSpecific: true, description: 'Output buffer size in bytes at which a read replica connection is disconnected.', source: `${v2613}; ${REDIS_DOC.nodeSpecific}` },
  { name: 'client-output-buffer-limit-slave-soft-limit', dataType: 'integer', modifiable: false, changeType: 'immediate', nodeTypeSpecific: true, description: 'Output buffer size in bytes that disconnects a read replica connection when it persists for the soft seconds.', source: `${v2613}; ${REDIS_DOC.nodeSpecific}` },
  int('client-output-buffer-limit-slave-soft-seconds', '60', '0-', false, 'immediate', 'Seconds a read replica connection may stay above the soft limit.', api(v2613)),
  int('databases', '16', '1-1200000', false, 'requires-reboot', 'Number of logical databases. Set at creation; must match when swapping parameter groups.', api(v2613)),
  int('hash-max-ziplist-entries', '512', '0-', true, 'immediate', 'Hashes with fewer entries use the compact encoding.', api(v2613)),
  int('hash-max-ziplist-value', '64', '0-', true, 'immediate', 'Hashes whose values are all shorter than this many bytes use the compact encoding.', api(v2613)),
  int('list-max-ziplist-entries', '512', '0-', true, 'immediate', 'Lists with fewer entries use the compact encoding.', v2613),
  int('list-max-ziplist-value', '64', '0-', true, 'immediate', 'Lists whose values are all shorter than this many bytes use the compact encoding.', v2613),
  int('lua-time-limit', '5000', '5000', false, 'immediate', 'Milliseconds a Lua script may run before ElastiCache stops it (SCRIPT KILL, then restart).', api(v2613)),
  // maxclients has node-type specific defaults (20000 on t2.*, t3.micro, t4g.micro; 46000 on t3.small/medium).
  { name: 'maxclients', dataType: 'integer', defaultValue: '65000', allowedValues: '1-65000', modifiable: false, changeType: 'requires-reboot', nodeTypeSpecific: true, description: 'The maximum number of connected clients.', source: api(v2613) },
  { name: 'maxmemory', dataType: 'integer', modifiable: false, changeType: 'immediate', nodeTypeSpecific: true, description: 'Bytes available for data on the node (see the node-type table); cannot be modified.', source: REDIS_DOC.nodeSpecific },
  { name: 'maxmemory-policy', dataType: 'string', defaultValue: 'volatile-lru', allowedValues: POLICIES_26, modifiable: true, changeType: 'immediate', description: 'Eviction policy when maxmemory is reached.', source: v2613 },
  int('maxmemory-samples', '3', '1-', true, 'immediate', 'Sample size of keys for LRU and TTL eviction.', api(v2613)),
  int('reserved-memory', '0', '0-', true, 'immediate', 'Bytes reserved for non-data use; mutually exclusive with reserved-memory-percent.', `${v2613}; ${REDIS_DOC.memory}`),
  // Introduced for every Redis OSS version on 16 March 2017 and the default of new parameter groups.
  int('reserved-memory-percent', '25', '0-100', true, 'immediate', 'Percent of maxmemory reserved for non-data use; mutually exclusive with reserved-memory.', `${REDIS_DOC.memory}; ${API5}`),
  int('set-max-intset-entries', '512', '0-', true, 'immediate', 'Integer sets with fewer entries use the compact encoding.', api(v2613)),
  yesNo('slave-allow-chaining', 'no', false, 'immediate', 'Whether a read replica may have read replicas of its own.', v2613),
  int('slowlog-log-slower-than', '10000', '-', true, 'immediate', 'Execution time in microseconds above which a command is logged by the slow log.', api(v2613)),
  int('slowlog-max-len', '128', '0-', true, 'immediate', 'Maximum length of the slow log.', api(v2613)),
  int('tcp-keepalive', '0', '0-', true, 'immediate', 'If nonzero, clients are polled every N seconds.', api(v2613)),
  int('timeout', '0', '0,20-', true, 'immediate', 'Seconds before an idle client is disconnected: 0 never; 1-19 invalid; 20 or more.', api(v2613)),
  int('zset-max-ziplist-entries', '128', '0-', true, 'immediate', 'Sorted sets with fewer entries use the compact encoding.', api(v2613)),
  int('zset-max-ziplist-value', '64', '0-', true, 'immediate', 'Sorted sets whose members are all shorter than this many bytes use the compact encoding.', api(v2613)),
];

export const REDIS_FAMILIES: readonly FamilyDefinition[] = [
  { family: 'redis2.6', engine: 'redis', firstVersion: '2.6.13', parameters: REDIS_2_6 },
  {
    family: 'redis2.8',
    engine: 'redis',
    firstVersion: '2.8.6',
    base: 'redis2.6',
    added: [
      int('min-slaves-max-lag', '10', '0-', true, 'immediate', 'Seconds within which the primary must hear from a replica for it to count as available.', api(REDIS_DOC.v286)),
      int('min-slaves-to-write', '0', '0-', true, 'immediate', 'Available replicas needed for the primary to accept writes (0: always accept).', api(REDIS_DOC.v286)),
      {
        name: 'notify-keyspace-events',
        dataType: 'string',
        defaultValue: '',
        allowedValues: KEYSPACE_EVENT_FLAGS,
        valueFormat: 'event-flags',
        modifiable: true,
        changeType: 'immediate',
        description: 'Keyspace event types to publish; include K or E for delivery. Empty disables notifications.',
        source: REDIS_DOC.v286,
      },
      int('repl-backlog-size', '1048576', '16384-', true, 'immediate', 'Bytes of the primary backlog buffer used for partial resynchronization (minimum 16384).', api(REDIS_DOC.v286)),
      int('repl-backlog-ttl', '3600', '0-', true, 'immediate', 'Seconds the primary keeps the backlog after the last replica disconnects (0: never released).', api(REDIS_DOC.v286)),
      int('repl-timeout', '60', '0-', true, 'immediate', 'Replication timeout in seconds. From 2.8.22 ElastiCache overwrites changes with 60.', `${REDIS_DOC.v286}; ${REDIS_DOC.v2822}`),
      { ...yesNo('close-on-slave-write', 'yes', true, 'immediate', 'Disconnect clients that write to a read-only replica.', REDIS_DOC.v2823), minEngineVersion: '2.8.23' },
    ],
  },
  {
    family: 'redis3.2',
    engine: 'redis',
    firstVersion: '3.2.4',
    base: 'redis2.8',
    removed: [
      { name: 'list-max-ziplist-entries', source: REDIS_DOC.v324 },
      { name: 'list-max-ziplist-value', source: REDIS_DOC.v324 },
    ],
    changed: [
      // "Yes if the parameter group is not associated with any clusters": checked against clusters, not here.
      { name: 'activerehashing', modifiable: true, source: REDIS_DOC.v324 },
      { name: 'databases', modifiable: true, source: REDIS_DOC.v324 },
      { name: 'appendonly', modifiable: false, source: REDIS_DOC.v324 },
      { name: 'appendfsync', modifiable: false, source: REDIS_DOC.v324 },
      { name: 'repl-timeout', defaultValue: '60', modifiable: false, source: REDIS_DOC.v324 },
      { name: 'tcp-keepalive', defaultValue: '300', source: REDIS_DOC.v324 },
    ],
    added: [
      int('list-max-ziplist-size', '-2', '-5,-4,-3,-2,-1,1-', false, 'immediate', 'Entries per internal list node: -5..-1 for a byte size (64/32/16/8/4 KB), positive for a count.', api(REDIS_DOC.v324)),
      int('list-compress-depth', '0', '0-', true, 'immediate', 'Quicklist nodes at each end of a list left uncompressed (0: no compression).', api(REDIS_DOC.v324)),
      {
        name: 'cluster-enabled',
        dataType: 'string',
        defaultValue: 'no',
        allowedValues: 'yes,no',
        modifiable: false,
        creationOnly: true,
        changeType: 'requires-reboot',
        description: 'Cluster mode: yes in default.<family>.cluster.on groups, no in default.<family>.',
        source: api(REDIS_DOC.v324),
      },
      yesNo('cluster-require-full-coverage', 'no', true, 'immediate', 'Whether cluster nodes stop serving when a hash slot is uncovered.', api(REDIS_DOC.v324)),
      int('hll-sparse-max-bytes', '3000', '1-16000', true, 'immediate', 'HyperLogLog sparse representation limit in bytes, header included.', api(REDIS_DOC.v324)),
    ],
  },
  {
    family: 'redis4.0',
    engine: 'redis',
    firstVersion: '4.0.10',
    base: 'redis3.2',
    changed: [{ name: 'maxmemory-policy', allowedValues: POLICIES_40, source: api(REDIS_DOC.v4010) }],
    added: [
      yesNo('lazyfree-lazy-eviction', 'no', true, 'immediate', 'Asynchronous delete on evictions.', api(REDIS_DOC.v4010)),
      yesNo('lazyfree-lazy-expire', 'no', true, 'immediate', 'Asynchronous delete on expired keys.', api(REDIS_DOC.v4010)),
      yesNo('lazyfree-lazy-server-del', 'no', true, 'immediate', 'Asynchronous delete for commands that update values.', api(REDIS_DOC.v4010)),
      yesNo('slave-lazy-flush', 'no', false, 'immediate', 'Asynchronous flushDB during replica sync.', REDIS_DOC.v4010),
      int('lfu-log-factor', '10', '1-', true, 'immediate', 'Log factor: key hits needed to saturate the LFU counter.', api(REDIS_DOC.v4010)),
      int('lfu-decay-time', '1', '0-', true, 'immediate', 'Minutes after which the LFU counter is decremented.', api(REDIS_DOC.v4010)),
      yesNo('activedefrag', 'no', true, 'immediate', 'Active defragmentation.', api(REDIS_DOC.v4010)),
      int('active-defrag-ignore-bytes', '104857600', '10485760-104857600', true, 'immediate', 'Minimum fragmentation waste in bytes to start active defrag.', REDIS_DOC.v4010),
      int('active-defrag-threshold-lower', '10', '1-100', true, 'immediate', 'Minimum fragmentation percentage to start active defrag.', api(REDIS_DOC.v4010)),
      int('active-defrag-threshold-upper', '100', '1-100', true, 'immediate', 'Fragmentation percentage at which maximum effort is used.', api(REDIS_DOC.v4010)),
      int('active-defrag-cycle-min', '25', '1-75', true, 'immediate', 'Minimal defrag effort in CPU percent.', api(REDIS_DOC.v4010)),
      int('active-defrag-cycle-max', '75', '1-75', true, 'immediate', 'Maximal defrag effort in CPU percent.', api(REDIS_DOC.v4010)),
      int('client-query-buffer-limit', '1073741824', '1048576-1073741824', true, 'immediate', 'Maximum size of one client query buffer in bytes.', api(REDIS_DOC.v4010)),
      int('proto-max-bulk-len', '536870912', '1048576-536870912', true, 'immediate', 'Maximum size of one element request in bytes.', api(REDIS_DOC.v4010)),
    ],
  },
  {
    family: 'redis5.0',
    engine: 'redis',
    firstVersion: '5.0.0',
    base: 'redis4.0',
    removed: [{ name: 'repl-timeout', source: REDIS_DOC.v50 }],
    renamed: [
      { from: 'slave-lazy-flush', to: 'replica-lazy-flush', source: api(REDIS_DOC.v50) },
      { from: 'client-output-buffer-limit-slave-hard-limit', to: 'client-output-buffer-limit-replica-hard-limit', source: `${REDIS_DOC.v50}; ${REDIS_DOC.nodeSpecific}` },
      { from: 'client-output-buffer-limit-slave-soft-limit', to: 'client-output-buffer-limit-replica-soft-limit', source: `${REDIS_DOC.v50}; ${REDIS_DOC.nodeSpecific}` },
      { from: 'client-output-buffer-limit-slave-soft-seconds', to: 'client-output-buffer-limit-replica-soft-seconds', source: api(REDIS_DOC.v50) },
      { from: 'slave-allow-chaining', to: 'replica-allow-chaining', source: api(REDIS_DOC.v50) },
      { from: 'min-slaves-to-write', to: 'min-replicas-to-write', source: api(REDIS_DOC.v50) },
      { from: 'min-slaves-max-lag', to: 'min-replicas-max-lag', source: api(REDIS_DOC.v50) },
      { from: 'close-on-slave-write', to: 'close-on-replica-write', source: api(REDIS_DOC.v50) },
    ],
    changed: [
      // The service's redis5.0 answer (API5): activerehashing is no longer modifiable; wider defrag bytes range.
      { name: 'activerehashing', modifiable: false, source: API5 },
      { name: 'databases', modifiable: false, source: API5 },
      { name: 'active-defrag-cycle-min', defaultValue: '5', source: api(REDIS_DOC.v50) },
      { name: 'active-defrag-ignore-bytes', allowedValues: '1048576-', source: API5 },
    ],
    added: [
      int('stream-node-max-bytes', '4096', '0-', true, 'immediate', 'Maximum size in bytes of one stream radix-tree node (0: unlimited).', api(REDIS_DOC.v50)),
      int('stream-node-max-entries', '100', '0-', true, 'immediate', 'Maximum items in one stream radix-tree node (0: unlimited).', api(REDIS_DOC.v50)),
      int('active-defrag-max-scan-fields', '1000', '1-1000000', true, 'immediate', 'Maximum set/hash/zset/list fields processed from the main dictionary scan.', api(REDIS_DOC.v50)),
      yesNo('lua-replicate-commands', 'yes', true, 'immediate', 'Always use Lua effect replication.', api(REDIS_DOC.v50)),
      yesNo('replica-ignore-maxmemory', 'yes', false, 'immediate', 'Whether replicas ignore maxmemory and leave eviction to the primary.', api(REDIS_DOC.v50)),
      {
        name: 'rename-commands',
        dataType: 'string',
        defaultValue: '',
        allowedValues: RENAMEABLE_COMMANDS,
        valueFormat: 'rename-pairs',
        modifiable: true,
        changeType: 'immediate',
        minEngineVersion: '5.0.3',
        description: 'Space-separated pairs "COMMAND newname" renaming the listed commands.',
        source: api(REDIS_DOC.v503),
      },
    ],
  },
  {
    family: 'redis6.x',
    engine: 'redis',
    firstVersion: '6.0',
    base: 'redis5.0',
    removed: [{ name: 'lua-replicate-commands', source: REDIS_DOC.v6x }],
    added: [
      {
        name: 'acl-pubsub-default',
        dataType: 'string',
        defaultValue: 'allchannels',
        allowedValues: 'resetchannels,allchannels',
        modifiable: true,
        // Existing users keep their permissions until updated or the cluster reboots.
        changeType: 'requires-reboot',
        minEngineVersion: '6.2',
        description: 'Default pub/sub channel permissions of ACL users.',
        source: REDIS_DOC.v6x,
      },
      yesNo('cluster-allow-reads-when-down', 'no', true, 'immediate', 'Keep serving reads when a node cannot reach a quorum of primaries.', REDIS_DOC.v6x),
      int('tracking-table-max-keys', '1000000', undefined, true, 'immediate', 'Upper bound of the client-side caching tracking table.', REDIS_DOC.v6x),
      int('acllog-max-len', '128', undefined, true, 'immediate', 'Maximum entries in the ACL log.', REDIS_DOC.v6x),
      int('active-expire-effort', '1', '1-10', true, 'immediate', 'Effort of the periodic expiry job, 1 (default) to 10.', REDIS_DOC.v6x),
      yesNo('lazyfree-lazy-user-del', 'no', true, 'immediate', 'Make DEL behave like UNLINK.', REDIS_DOC.v6x),
    ],
  },
  {
    family: 'redis7',
    engine: 'redis',
    firstVersion: '7.0',
    base: 'redis6.x',
    removed: [
      { name: 'hash-max-ziplist-entries', replacedBy: 'hash-max-listpack-entries', source: REDIS_DOC.v7 },
      { name: 'hash-max-ziplist-value', replacedBy: 'hash-max-listpack-value', source: REDIS_DOC.v7 },
      { name: 'zset-max-ziplist-entries', replacedBy: 'zset-max-listpack-entries', source: REDIS_DOC.v7 },
      { name: 'zset-max-ziplist-value', replacedBy: 'zset-max-listpack-value', source: REDIS_DOC.v7 },
      { name: 'list-max-ziplist-size', source: REDIS_DOC.v7 },
    ],
    changed: [{ name: 'activerehashing', modifiable: false, source: REDIS_DOC.v7 }],
    added: [
      yesNo('cluster-allow-pubsubshard-when-down', 'yes', true, 'immediate', 'Serve shard pub/sub while the cluster is down, for slots the node owns.', REDIS_DOC.v7),
      {
        name: 'cluster-preferred-endpoint-type',
        dataType: 'string',
        defaultValue: 'tls-dynamic',
        allowedValues: 'ip,tls-dynamic',
        modifiable: true,
        changeType: 'immediate',
        description: 'Endpoint advertised in MOVED/ASK and CLUSTER SLOTS/SHARDS: ip, or a hostname when TLS is on (tls-dynamic).',
        source: REDIS_DOC.v7,
      },
      yesNo('latency-tracking', 'no', true, 'immediate', 'Track per-command latency percentiles.', REDIS_DOC.v7),
      int('hash-max-listpack-entries', '512', '0-', true, 'immediate', 'Hashes with fewer entries use the listpack encoding.', REDIS_DOC.v7),
      int('hash-max-listpack-value', '64', '0-', true, 'immediate', 'Hashes whose values are all shorter than this many bytes use the listpack encoding.', REDIS_DOC.v7),
      int('zset-max-listpack-entries', '128', '0-', true, 'immediate', 'Sorted sets with fewer entries use the listpack encoding.', REDIS_DOC.v7),
      int('zset-max-listpack-value', '64', '0-', true, 'immediate', 'Sorted sets whose members are all shorter than this many bytes use the listpack encoding.', REDIS_DOC.v7),
    ],
  },
];

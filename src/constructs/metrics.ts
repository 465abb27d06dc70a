/**
 * Public names of ElastiCache command-level metrics, shared by serverless caches and node-based
 * clusters. The metric tables and the factory are in `metric-factory.ts`.
 */

/**
 * Command categories for which Valkey and Redis OSS publish a command count (`<Category>Cmds`)
 * and, on serverless caches, the ECPUs they consumed (`<Category>CmdsECPUs`); node-based clusters
 * publish a latency (`<Category>CmdsLatency`) instead.
 */
export enum CommandCategory {
  /** EVAL, EVALSHA, FCALL and other scripting commands. */
  EVAL_BASED = 'EvalBasedCmds',
  /** GEOADD, GEODIST, GEOSEARCH and the other geospatial commands. */
  GEOSPATIAL_BASED = 'GeoSpatialBasedCmds',
  /** Every read-only command (GET, HGET, SCARD, LRANGE, …). */
  GET_TYPE = 'GetTypeCmds',
  /** Commands on hashes. */
  HASH_BASED = 'HashBasedCmds',
  /** PFADD, PFCOUNT, PFMERGE. */
  HYPERLOGLOG_BASED = 'HyperLogLogBasedCmds',
  /** Every JSON command. */
  JSON_BASED = 'JsonBasedCmds',
  /** JSON read commands. */
  JSON_BASED_GET = 'JsonBasedGetCmds',
  /** JSON write commands. */
  JSON_BASED_SET = 'JsonBasedSetCmds',
  /** Commands on keys of any type (DEL, EXPIRE, RENAME, …). */
  KEY_BASED = 'KeyBasedCmds',
  /** Commands on lists. */
  LIST_BASED = 'ListBasedCmds',
  /** Commands that take no key (ACL, DBSIZE, INFO, …). */
  NON_KEY_TYPE = 'NonKeyTypeCmds',
  /** Publish/subscribe commands. */
  PUBSUB_BASED = 'PubSubBasedCmds',
  /** Commands on sets. */
  SET_BASED = 'SetBasedCmds',
  /** Every write command (SET, HSET, SADD, LPOP, …). */
  SET_TYPE = 'SetTypeCmds',
  /** Commands on sorted sets. */
  SORTED_SET_BASED = 'SortedSetBasedCmds',
  /** Commands on strings. */
  STRING_BASED = 'StringBasedCmds',
  /** Commands on streams. */
  STREAM_BASED = 'StreamBasedCmds',
}

/** Command-level metrics that Memcached caches (serverless and node-based) publish. */
export enum MemcachedCommandMetric {
  /** Number of get commands received. */
  CMD_GET = 'CmdGet',
  /** Number of set commands received. */
  CMD_SET = 'CmdSet',
  /** Number of touch commands received. */
  CMD_TOUCH = 'CmdTouch',
  /** Number of flush commands received. */
  CMD_FLUSH = 'CmdFlush',
  /** Get requests whose key was found. */
  GET_HITS = 'GetHits',
  /** Get requests whose key was not found. */
  GET_MISSES = 'GetMisses',
  /** Increment requests whose key was found. */
  INCR_HITS = 'IncrHits',
  /** Increment requests whose key was not found. */
  INCR_MISSES = 'IncrMisses',
  /** Decrement requests whose key was found. */
  DECR_HITS = 'DecrHits',
  /** Decrement requests whose key was not found. */
  DECR_MISSES = 'DecrMisses',
  /** Delete requests whose key was found. */
  DELETE_HITS = 'DeleteHits',
  /** Delete requests whose key was not found. */
  DELETE_MISSES = 'DeleteMisses',
  /** Keys touched and given a new expiration time. */
  TOUCH_HITS = 'TouchHits',
  /** Touched keys that were not found. */
  TOUCH_MISSES = 'TouchMisses',
  /** CAS requests whose key was found and whose CAS value matched. */
  CAS_HITS = 'CasHits',
  /** CAS requests whose key was not found. */
  CAS_MISSES = 'CasMisses',
  /** CAS requests whose CAS value did not match the stored one. */
  CAS_BADVAL = 'CasBadval',
}

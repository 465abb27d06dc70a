/**
 * `stats` of a serverless Memcached cache: one answer for the whole cache. Counters and sizes are
 * added up over the internal shards; process and settings fields (pid, uptime, version, threads…)
 * are the first shard's, and connection figures are the endpoint's own (the shards see one
 * session per client connection each).
 */

/** Fields that describe one engine process or its settings, not the cache's content or traffic. */
const NOT_ADDED = new Set([
  'pid', 'uptime', 'time', 'version', 'libevent', 'pointer_size', 'rusage_user', 'rusage_system', 'max_connections',
  'accepting_conns', 'threads', 'hash_power_level', 'hash_is_expanding', 'reserved_fds', 'slab_reassign_running',
  'lru_crawler_running',
]);

/** The `STAT name value` lines and `END` for the shards' general stats. */
export function aggregateStats(shards: readonly Record<string, string>[], connections?: { current: number; total: number }): string {
  const [first, ...rest] = shards;
  let text = '';
  for (const [name, value] of Object.entries(first)) {
    let out = value;
    if (name === 'curr_connections' && connections) {out = String(connections.current);} else if (name === 'total_connections' && connections) {out = String(connections.total);} else if (!NOT_ADDED.has(name) && /^\d+$/.test(value) && rest.every((s) => /^\d+$/.test(s[name] ?? ''))) {
      out = String(rest.reduce((sum, s) => sum + BigInt(s[name]), BigInt(value)));
    }
    text += `STAT ${name} ${out}\r\n`;
  }
  return `${text}END\r\n`;
}

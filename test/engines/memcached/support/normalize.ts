/**
 * What the differential suite normalizes before comparing bytes: only values that depend on the
 * process, the clock, addresses or timing of memcached's background threads, never protocol text.
 */

/** `stats` fields whose values are process, time, address or thread-scheduling dependent. */
const VOLATILE_STATS = new Set([
  // process and time
  'pid', 'uptime', 'time', 'libevent', 'rusage_user', 'rusage_system', 'oldest',
  // connections, buffers and file descriptors of the two different network layers
  'curr_connections', 'total_connections', 'connection_structures', 'response_obj_count', 'response_obj_bytes',
  'read_buf_count', 'read_buf_bytes', 'read_buf_bytes_free', 'reserved_fds', 'tcpport', 'bytes_read', 'bytes_written',
  // how often background threads woke up or were started, or met an item a worker thread held
  'lru_maintainer_juggles', 'lru_crawler_starts', 'log_worker_written', 'lrutail_reflocked',
  // how the kernel split the input into reads decides when a connection yields
  'conn_yields',
  // what the background expiry crawler has walked so far depends on when its thread ran
  'crawler_items_checked', 'crawler_reclaimed',
]);

/** Per-class LRU segment fields: which of HOT/WARM/COLD an item sits in depends on when the maintainer thread ran. */
const SEGMENT_FIELDS = /^items:\d+:(crawler_items_checked|crawler_reclaimed|lrutail_reflocked|number_hot|number_warm|number_cold|age_hot|age_warm|age|moves_to_cold|moves_to_warm|moves_within_lru|hits_to_hot|hits_to_warm|hits_to_cold|hits_to_temp|direct_reclaims)$/;
const SEGMENT_TOTALS = new Set(['moves_to_cold', 'moves_to_warm', 'moves_within_lru', 'direct_reclaims']);

/** memcached's build options that ElastiCache's engine (and ours) do not have: extstore and TLS. */
const BUILD_ONLY_SETTINGS = /^(ext_|ssl_)|^slab_automove_freeratio$/;

export function normalizeStat(name: string, value: string): string | undefined {
  if (BUILD_ONLY_SETTINGS.test(name)) return undefined;
  if (VOLATILE_STATS.has(name) || SEGMENT_FIELDS.test(name) || SEGMENT_TOTALS.has(name)) return '<n>';
  if (/^items:\d+:evicted_time$/.test(name)) return '<t>'; // seconds since the evicted item's last access
  if (/^\d+:(addr|listen_addr|state|secs_since_last_cmd)$/.test(name)) return '<conn>';
  return value;
}

/** Normalizes a text-protocol reply stream. */
export function normalizeText(s: string): string {
  const lines = s.split('\r\n');
  const out: string[] = [];
  for (const line of lines) {
    const m = /^STAT (\S+) (.*)$/.exec(line);
    if (m) {
      let name = m[1];
      const v = normalizeStat(name, m[2]);
      if (v === undefined) continue;
      if (v === '<conn>') name = name.replace(/^\d+:/, '<fd>:');
      out.push(`STAT ${name} ${v}`);
      continue;
    }
    out.push(line
      // absolute times in metadump and cachedump lines
      .replace(/\b(exp|la)=(\d{9,})/g, '$1=<t>')
      .replace(/; \d{9,} s\]/g, '; <t> s]')
      // watch lines
      .replace(/^ts=\d+\.\d+ gid=\d+ /gm, 'ts=<t> gid=<n> ')
      .replace(/\bcfd=\d+/g, 'cfd=<fd>')
      .replace(/\brport=\d+/g, 'rport=<port>'));
  }
  // `stats conns` lists one block per socket; the number of sockets is a property of the network layer.
  return out.filter((l, i, a) => !(l.startsWith('STAT <fd>:') && a.indexOf(l) !== i)).join('\r\n');
}

/** Normalizes the `describeBinary` rendering of binary replies (STAT packets carry stat names as keys). */
export function normalizeBinary(s: string): string {
  return s.split('\n').flatMap((line) => {
    const m = /key="([^"]*)" value="([^"]*)"$/.exec(line);
    if (!m || !/ op=10 /.test(line) || m[1] === '') return [line];
    const v = normalizeStat(m[1], m[2]);
    if (v === undefined) return [];
    return [line.replace(/bodylen=\d+/, 'bodylen=<n>').replace(/value="[^"]*"$/, `value="${v}"`)];
  }).join('\n');
}

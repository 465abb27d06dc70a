/**
 * INFO sections with redis 7's field names. Figures come from the engine's own state; fields about
 * machinery the engine does not have (RDB/AOF files, forks, io threads, defrag) carry the values an
 * idle redis-server without persistence reports, which is what they mean here too.
 */
import * as os from 'os';
import { formatTrimmed } from './config';
import type { ValkeyServer } from './server';
import { printfFixed as formatFixed } from '../../resp/format-double';
import { goodReplicaCount } from '../cluster/replication-view';
import { FUNCTIONS_BASE_BYTES } from '../keyspace/memory';

const DEFAULT_SECTIONS = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'module_list', 'errorstats', 'cluster', 'keyspace'];
/** Every section in the order redis' genRedisInfoString writes them. */
const ALL_SECTIONS = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'module_list', 'commandstats', 'errorstats',
  'latencystats', 'cluster', 'keyspace'];

/** Bytes as redis' bytesToHuman prints them (B, K, M, G…, two decimals). */
export function bytesToHuman(n: number): string {
  const units = ['B', 'K', 'M', 'G', 'T', 'P'];
  if (n < 1024) return `${n}B`;
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${formatFixed(v, 2)}${units[i]}`;
}

const REPL_ID = Array.from({ length: 40 }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('');

function lines(title: string, fields: [string, string | number][]): string {
  return `# ${title}\r\n${fields.map(([k, v]) => `${k}:${v}\r\n`).join('')}`;
}

function serverSection(s: ValkeyServer): string {
  const now = s.mstime;
  const uptime = Math.floor((now - s.startTime) / 1000);
  const valkey8 = s.isValkey8;
  const mode = s.config.bool('cluster-enabled') ? 'cluster' : 'standalone';
  const fields: [string, string | number][] = [['redis_version', s.version]];
  // Valkey 8 names itself and its release, calls the mode server_mode and drops atomicvar_api.
  if (valkey8) fields.push(['server_name', 'valkey'], ['valkey_version', s.valkeyVersion!]);
  fields.push(
    ['redis_git_sha1', '00000000'],
    ['redis_git_dirty', 0],
    ['redis_build_id', '0'],
    [valkey8 ? 'server_mode' : 'redis_mode', mode],
    ['os', `${os.type()} ${os.release()} ${os.arch() === 'x64' ? 'x86_64' : os.arch()}`],
    ['arch_bits', 64],
    ['monotonic_clock', 'POSIX clock_gettime'],
    ['multiplexing_api', 'epoll'],
  );
  if (!valkey8) fields.push(['atomicvar_api', 'c11-builtin']);
  fields.push(
    ['gcc_version', '0.0.0'],
    ['process_id', process.pid],
    ['process_supervised', 'no'],
    ['run_id', s.runId],
    ['tcp_port', s.address.port],
    ['server_time_usec', now * 1000],
    ['uptime_in_seconds', uptime],
    ['uptime_in_days', Math.floor(uptime / 86400)],
    ['hz', s.hz],
    ['configured_hz', s.hz],
    ['lru_clock', s.lruClockNow],
    ['executable', process.execPath],
    ['config_file', ''],
    ['io_threads_active', 0],
  );
  // Valkey 8's availability-zone setting (empty unless configured).
  if (valkey8) fields.push(['availability_zone', '']);
  // 7.2 lists its listeners: the engine has one, TCP, on its bind addresses.
  if (is72(s)) fields.push(['listener0', listenerText(s)]);
  return lines('Server', fields);
}

function listenerText(s: ValkeyServer): string {
  const binds = s.config.str('bind').split(/\s+/).filter((b) => b.length > 0);
  return ['name=tcp', ...binds.map((b) => `bind=${b}`), `port=${s.address.port}`].join(',');
}

function is72(s: ValkeyServer): boolean {
  return s.since72;
}

function clientsSection(s: ValkeyServer): string {
  // Peaks of the last seconds, as the clients cron recorded them (redis getExpansiveClientsInfo).
  const maxIn = Math.max(...s.clientsPeakInput);
  const maxOut = Math.max(...s.clientsPeakOutput);
  let withTimeout = 0;
  // Valkey 8 (from Redis 7.4) counts subscribers, watchers and the keys watched (each key once).
  let pubsubClients = 0;
  let watchingClients = 0;
  const watchedKeys = new Set<string>();
  for (const c of s.clients.values()) {
    if (c.blocked && c.blocked.deadline > 0) withTimeout++;
    if (!s.isValkey8) continue;
    if (c.channels.size + c.patterns.size + c.shardChannels.size > 0) pubsubClients++;
    if (c.watched.length > 0) watchingClients++;
    for (const w of c.watched) watchedKeys.add(`${w.db.id}:${w.key}`);
  }
  return lines('Clients', [
    ['connected_clients', s.clients.size],
    ['cluster_connections', 0],
    ['maxclients', s.config.num('maxclients')],
    ['client_recent_max_input_buffer', maxIn],
    ['client_recent_max_output_buffer', maxOut],
    ['blocked_clients', s.blocking.blockedClients],
    ['tracking_clients', s.hooks.trackingInfo?.().clients ?? 0],
    ...(s.isValkey8 ? [['pubsub_clients', pubsubClients], ['watching_clients', watchingClients]] as [string, number][] : []),
    ['clients_in_timeout_table', withTimeout],
    ...(s.isValkey8 ? [['total_watched_keys', watchedKeys.size]] as [string, number][] : []),
    ...(is72(s) ? [
      ['total_blocking_keys', s.blocking.blockingKeys],
      ['total_blocking_keys_on_nokey', s.blocking.blockingKeysOnNoKey],
    ] as [string, number][] : []),
  ]);
}

function memorySection(s: ValkeyServer): string {
  const used = s.usedMemory();
  const rss = process.memoryUsage().rss;
  const peak = Math.max(s.memory.peak, used);
  const startup = s.baseMemory;
  const overhead = used - s.memory.dataset;
  const dataset = Math.max(0, used - overhead);
  const pct = (a: number, b: number) => (b === 0 ? '0.00' : formatFixed((a * 100) / b, 2));
  const maxmemory = s.maxmemory;
  // Before scripting is first used: no scripts, and the functions' fixed registration.
  const noScripts = { cachedScripts: 0, functions: 0, libraries: 0, evalCacheBytes: 0, functionsBytes: FUNCTIONS_BASE_BYTES };
  const scripts = s.hooks.scriptsInfo?.() ?? noScripts;
  return lines('Memory', [
    ['used_memory', used],
    ['used_memory_human', bytesToHuman(used)],
    ['used_memory_rss', rss],
    ['used_memory_rss_human', bytesToHuman(rss)],
    ['used_memory_peak', peak],
    ['used_memory_peak_human', bytesToHuman(peak)],
    ['used_memory_peak_perc', `${pct(used, peak)}%`],
    ['used_memory_overhead', overhead],
    ['used_memory_startup', startup],
    ['used_memory_dataset', dataset],
    ['used_memory_dataset_perc', `${pct(dataset, used - startup)}%`],
    ['allocator_allocated', used],
    ['allocator_active', used],
    ['allocator_resident', rss],
    ...(s.isValkey8 ? [['allocator_muzzy', 0]] as [string, number][] : []),
    ['total_system_memory', os.totalmem()],
    ['total_system_memory_human', bytesToHuman(os.totalmem())],
    ['used_memory_lua', 0],
    ['used_memory_vm_eval', 0],
    ['used_memory_lua_human', '0B'],
    ['used_memory_scripts_eval', scripts.evalCacheBytes],
    ['number_of_cached_scripts', scripts.cachedScripts],
    ['number_of_functions', scripts.functions],
    ['number_of_libraries', scripts.libraries],
    ['used_memory_vm_functions', 0],
    ['used_memory_vm_total', 0],
    ['used_memory_vm_total_human', '0B'],
    ['used_memory_functions', scripts.functionsBytes],
    ['used_memory_scripts', scripts.evalCacheBytes + scripts.functionsBytes],
    ['used_memory_scripts_human', bytesToHuman(scripts.evalCacheBytes + scripts.functionsBytes)],
    ['maxmemory', maxmemory],
    ['maxmemory_human', bytesToHuman(maxmemory)],
    ['maxmemory_policy', s.maxmemoryPolicy],
    ['allocator_frag_ratio', '1.00'],
    ['allocator_frag_bytes', 0],
    ['allocator_rss_ratio', formatFixed(rss / Math.max(1, used), 2)],
    ['allocator_rss_bytes', rss - used],
    ['rss_overhead_ratio', '1.00'],
    ['rss_overhead_bytes', 0],
    ['mem_fragmentation_ratio', formatFixed(rss / Math.max(1, used), 2)],
    ['mem_fragmentation_bytes', rss - used],
    ['mem_not_counted_for_evict', 0],
    ['mem_replication_backlog', 0],
    ['mem_total_replication_buffers', 0],
    ['mem_clients_slaves', 0],
    ['mem_clients_normal', s.clientsMemory()],
    ['mem_cluster_links', 0],
    ['mem_aof_buffer', 0],
    ['mem_allocator', 'v8'],
    ...(s.isValkey8 ? [['mem_overhead_db_hashtable_rehashing', 0]] as [string, number][] : []),
    ['active_defrag_running', 0],
    ['lazyfree_pending_objects', 0],
    ['lazyfreed_objects', 0],
  ]);
}

/** The RDB figures INFO persistence shows (kept by the persistence family: SAVE, BGSAVE, loads). */
export interface RdbFigures {
  readonly bgsaveInProgress: boolean;
  /** When the running BGSAVE started (ms). */
  readonly bgsaveStart: number;
  readonly lastBgsaveOk: boolean;
  readonly lastBgsaveSeconds: number;
  readonly saves: number;
  readonly lastLoadKeysLoaded: number;
  readonly lastLoadKeysExpired: number;
}

/** A server that never saved nor loaded. */
export const NEVER_SAVED: RdbFigures = {
  bgsaveInProgress: false,
  bgsaveStart: 0,
  lastBgsaveOk: true,
  lastBgsaveSeconds: -1,
  saves: 0,
  lastLoadKeysLoaded: 0,
  lastLoadKeysExpired: 0,
};

export function persistenceSection(s: ValkeyServer, rdb: RdbFigures = NEVER_SAVED): string {
  return lines('Persistence', [
    ['loading', 0],
    ['async_loading', 0],
    ['current_cow_peak', 0],
    ['current_cow_size', 0],
    ['current_cow_size_age', 0],
    ['current_fork_perc', '0.00'],
    ['current_save_keys_processed', 0],
    ['current_save_keys_total', 0],
    ['rdb_changes_since_last_save', s.dirty],
    ['rdb_bgsave_in_progress', rdb.bgsaveInProgress ? 1 : 0],
    ['rdb_last_save_time', Math.floor(s.lastSave / 1000)],
    ['rdb_last_bgsave_status', rdb.lastBgsaveOk ? 'ok' : 'err'],
    ['rdb_last_bgsave_time_sec', rdb.lastBgsaveSeconds],
    ['rdb_current_bgsave_time_sec', rdb.bgsaveInProgress ? Math.floor((s.mstime - rdb.bgsaveStart) / 1000) : -1],
    ['rdb_saves', rdb.saves],
    ['rdb_last_cow_size', 0],
    ['rdb_last_load_keys_expired', rdb.lastLoadKeysExpired],
    ['rdb_last_load_keys_loaded', rdb.lastLoadKeysLoaded],
    ['aof_enabled', 0],
    ['aof_rewrite_in_progress', 0],
    ['aof_rewrite_scheduled', 0],
    ['aof_last_rewrite_time_sec', -1],
    ['aof_current_rewrite_time_sec', -1],
    ['aof_last_bgrewrite_status', 'ok'],
    ['aof_rewrites', 0],
    ['aof_rewrites_consecutive_failures', 0],
    ['aof_last_write_status', 'ok'],
    ['aof_last_cow_size', 0],
    ['module_fork_in_progress', 0],
    ['module_fork_last_cow_size', 0],
  ]);
}

function statsSection(s: ValkeyServer): string {
  const st = s.stats;
  return lines('Stats', [
    ['total_connections_received', st.totalConnectionsReceived],
    ['total_commands_processed', st.totalCommandsProcessed],
    ['instantaneous_ops_per_sec', Math.round(st.instantaneous('ops'))],
    ['total_net_input_bytes', st.netInputBytes],
    ['total_net_output_bytes', st.netOutputBytes],
    ['total_net_repl_input_bytes', 0],
    ['total_net_repl_output_bytes', 0],
    ['instantaneous_input_kbps', formatFixed(st.instantaneous('input') / 1024, 2)],
    ['instantaneous_output_kbps', formatFixed(st.instantaneous('output') / 1024, 2)],
    ['instantaneous_input_repl_kbps', '0.00'],
    ['instantaneous_output_repl_kbps', '0.00'],
    ['rejected_connections', st.rejectedConnections],
    ['sync_full', 0],
    ['sync_partial_ok', 0],
    ['sync_partial_err', 0],
    ['expired_keys', st.expiredKeys],
    ['expired_stale_perc', formatFixed(st.expiredStalePerc * 100, 2)],
    ['expired_time_cap_reached_count', st.expiredTimeCapReachedCount],
    ['expire_cycle_cpu_milliseconds', Math.round(st.expireCycleCpuMilliseconds)],
    ['evicted_keys', st.evictedKeys],
    ['evicted_clients', st.evictedClients],
    // Valkey 8 evicts EVAL scripts past its cache's limit; this engine keeps every script.
    ...(s.isValkey8 ? [['evicted_scripts', 0]] as [string, number][] : []),
    ['total_eviction_exceeded_time', st.totalEvictionExceededTime],
    ['current_eviction_exceeded_time', 0],
    ['keyspace_hits', st.keyspaceHits],
    ['keyspace_misses', st.keyspaceMisses],
    ['pubsub_channels', s.pubsub.channels.size],
    ['pubsub_patterns', s.pubsub.patterns.size],
    ['pubsubshard_channels', s.pubsub.shardChannels.size],
    ['latest_fork_usec', 0],
    ['total_forks', 0],
    ['migrate_cached_sockets', 0],
    ['slave_expires_tracked_keys', 0],
    ['active_defrag_hits', 0],
    ['active_defrag_misses', 0],
    ['active_defrag_key_hits', 0],
    ['active_defrag_key_misses', 0],
    ['total_active_defrag_time', 0],
    ['current_active_defrag_time', 0],
    ['tracking_total_keys', s.hooks.trackingInfo?.().keys ?? 0],
    ['tracking_total_items', s.hooks.trackingInfo?.().items ?? 0],
    ['tracking_total_prefixes', s.hooks.trackingInfo?.().prefixes ?? 0],
    ['unexpected_error_replies', st.unexpectedErrorReplies],
    ['total_error_replies', st.totalErrorReplies],
    ['dump_payload_sanitizations', 0],
    ['total_reads_processed', st.totalReadsProcessed],
    ['total_writes_processed', st.totalWritesProcessed],
    ['io_threaded_reads_processed', 0],
    ['io_threaded_writes_processed', 0],
    // Valkey 8's I/O threads' work: there are none here.
    ...(s.isValkey8 ? [
      ['io_threaded_freed_objects', 0],
      ['io_threaded_poll_processed', 0],
      ['io_threaded_total_prefetch_batches', 0],
      ['io_threaded_total_prefetch_entries', 0],
    ] as [string, number][] : []),
    ...(is72(s) ? [
      ['client_query_buffer_limit_disconnections', st.clientQueryBufferLimitDisconnections],
      ['client_output_buffer_limit_disconnections', st.clientOutputBufferLimitDisconnections],
    ] as [string, number][] : []),
    ['reply_buffer_shrinks', st.replyBufferShrinks],
    ['reply_buffer_expands', st.replyBufferExpands],
    // Event-loop figures and ACL refusals are in INFO from 7.2 on.
    ...(is72(s) ? [...eventLoopFields(s), ...aclFields(s)] : []),
  ]);
}

function eventLoopFields(s: ValkeyServer): [string, number][] {
  const el = s.stats.eventLoop;
  return [
    ['eventloop_cycles', el.cycles],
    ['eventloop_duration_sum', el.durationSumUs],
    ['eventloop_duration_cmd_sum', el.commandSumUs],
    ['instantaneous_eventloop_cycles_per_sec', Math.round(s.stats.instantaneous('cycles'))],
    ['instantaneous_eventloop_duration_usec', Math.round(s.stats.instantaneous('cycleUs'))],
  ];
}

function aclFields(s: ValkeyServer): [string, number][] {
  const acl = s.hooks.aclInfo?.() ?? { auth: 0, cmd: 0, key: 0, channel: 0 };
  return [
    ['acl_access_denied_auth', acl.auth],
    ['acl_access_denied_cmd', acl.cmd],
    ['acl_access_denied_key', acl.key],
    ['acl_access_denied_channel', acl.channel],
  ];
}

function replicationSection(s: ValkeyServer): string {
  const offset = s.propagation.offset;
  return lines('Replication', [
    ['role', 'master'],
    ['connected_slaves', 0],
    ...(s.isValkey8 ? [['replicas_waiting_psync', 0]] as [string, number][] : []),
    // Shown while min-replicas-to-write is in force (a standalone node has no good replicas).
    ...(s.minReplicasToWrite > 0 ? [['min_slaves_good_slaves', goodReplicaCount(s)] as [string, number]] : []),
    ['master_failover_state', 'no-failover'],
    ['master_replid', REPL_ID],
    ['master_replid2', '0000000000000000000000000000000000000000'],
    ['master_repl_offset', offset],
    ['second_repl_offset', -1],
    ['repl_backlog_active', 0],
    ['repl_backlog_size', s.config.num('repl-backlog-size')],
    ['repl_backlog_first_byte_offset', 0],
    ['repl_backlog_histlen', 0],
  ]);
}

function cpuSection(): string {
  const u = process.cpuUsage();
  const sys = formatFixed(u.system / 1e6, 6);
  const user = formatFixed(u.user / 1e6, 6);
  return lines('CPU', [
    ['used_cpu_sys', sys],
    ['used_cpu_user', user],
    ['used_cpu_sys_children', '0.000000'],
    ['used_cpu_user_children', '0.000000'],
    ['used_cpu_sys_main_thread', sys],
    ['used_cpu_user_main_thread', user],
  ]);
}

function errorstatsSection(s: ValkeyServer): string {
  // redis keeps the codes in a radix tree: they come out in byte order.
  const codes = [...s.stats.errors.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return lines('Errorstats', codes.map(([code, n]) => [`errorstat_${code}`, `count=${n}`]));
}

function commandstatsSection(s: ValkeyServer): string {
  const fields: [string, string][] = [];
  for (const cmd of s.commands.allCommands()) {
    if (cmd.calls === 0 && cmd.rejectedCalls === 0 && cmd.failedCalls === 0) continue;
    const perCall = cmd.calls === 0 ? 0 : cmd.microseconds / cmd.calls;
    fields.push([`cmdstat_${cmd.fullName}`,
      `calls=${cmd.calls},usec=${cmd.microseconds},usec_per_call=${formatFixed(perCall, 2)},rejected_calls=${cmd.rejectedCalls},failed_calls=${cmd.failedCalls}`]);
  }
  return lines('Commandstats', fields);
}

function latencystatsSection(s: ValkeyServer): string {
  const percentiles = s.config.value('latency-tracking-info-percentiles') as number[];
  const fields: [string, string][] = [];
  for (const cmd of s.commands.allCommands()) {
    const h = cmd.histogram;
    if (!h || h.total === 0) continue;
    const parts = percentiles.map((p) => `p${formatTrimmed(p)}=${formatFixed(h.percentile(p), 3)}`);
    fields.push([`latency_percentiles_usec_${cmd.fullName}`, parts.join(',')]);
  }
  return lines('Latencystats', fields);
}

function keyspaceSection(s: ValkeyServer): string {
  const fields: [string, string][] = [];
  for (const db of s.dbs) {
    if (db.size === 0) continue;
    fields.push([`db${db.id}`, `keys=${db.size},expires=${db.expires.size},avg_ttl=${Math.round(db.avgTtl)}`]);
  }
  return lines('Keyspace', fields);
}

const BUILDERS: Record<string, (s: ValkeyServer) => string> = {
  server: serverSection,
  clients: clientsSection,
  memory: memorySection,
  persistence: persistenceSection,
  stats: statsSection,
  replication: replicationSection,
  cpu: () => cpuSection(),
  module_list: () => '# Modules\r\n',
  modules: () => '# Modules\r\n',
  errorstats: errorstatsSection,
  cluster: (s) => lines('Cluster', [['cluster_enabled', s.config.bool('cluster-enabled') ? 1 : 0]]),
  keyspace: keyspaceSection,
  commandstats: commandstatsSection,
  latencystats: latencystatsSection,
};

/** INFO [section …]: `default`, `all`, `everything`, or section names (case-insensitive). */
export function buildInfo(s: ValkeyServer, args: readonly string[]): string {
  let wanted: string[];
  const names = args.map((a) => a.toLowerCase());
  if (names.length === 0 || names.includes('default')) wanted = [...DEFAULT_SECTIONS, ...names.filter((n) => n !== 'default')];
  else wanted = names;
  if (names.includes('all') || names.includes('everything')) wanted = [...ALL_SECTIONS];
  if (names.includes('everything')) wanted.push('modules');
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const name of ALL_SECTIONS.concat(['modules'], [...s.hooks.infoSections.keys()])) {
    if (!wanted.includes(name) || seen.has(name)) continue;
    if (name === 'modules' && seen.has('module_list')) continue;
    seen.add(name);
    const hook = s.hooks.infoSections.get(name);
    const builder = BUILDERS[name];
    if (hook) parts.push(hook());
    else if (builder) parts.push(builder(s));
  }
  return parts.join('\r\n');
}

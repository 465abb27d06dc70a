/* eslint-disable no-bitwise */
// LRU ids are class | segment bit fields, as in memcached.
/**
 * The `stats` family, with memcached 1.6's field names, order and conditions: general stats,
 * `settings`, `items`, `slabs`, `sizes` and `conns`. Each returns name/value pairs; the text and
 * binary protocols frame them. Values come from the live model (slab pages, LRU lists, counters).
 * The build reported is memcached without extstore and without TLS (ElastiCache supports
 * neither in the engine), so their settings lines are absent.
 */
import { ITEM_UPDATE_INTERVAL } from './clock';
import { MemcachedEngine } from './engine';
import { COLD_LRU, HOT_LRU, TEMP_LRU, WARM_LRU } from './item-layout';
import { printfFixed } from '../resp/format-double';

export type StatPair = [string, string];

/** What the network layer reports about itself. */
export interface NetworkStats {
  readonly maxConnections: number;
  readonly currConnections: number;
  readonly totalConnections: number;
  readonly connectionStructures: number;
  readonly responseObjCount: number;
  readonly responseObjBytes: number;
  readonly readBufCount: number;
  readonly readBufBytes: number;
  readonly listenAddr: string;
  readonly port: number;
  readonly connections: readonly ConnectionStat[];
}

export interface ConnectionStat {
  readonly fd: number;
  readonly addr: string;
  /** Absent for listening sockets. */
  readonly listenAddr?: string;
  readonly state: string;
  readonly secsSinceLastCmd: number;
}

const yn = (b: boolean) => (b ? 'yes' : 'no');
/** memcached's `%.2f` (C rounding: an exact tie goes to even). */
const f2 = (n: number) => printfFixed(n, 2);

function sum(a: Float64Array): number {
  let t = 0;
  for (let i = 0; i < a.length; i++) t += a[i];
  return t;
}

/** `stats` with no argument. */
export function generalStats(e: MemcachedEngine, net: NetworkStats): StatPair[] {
  const s = e.settings;
  const st = e.store;
  const cmd = st.cmd;
  const srv = st.server;
  const now = e.clock.current;
  const usage = process.cpuUsage();
  const out: StatPair[] = [];
  const add = (k: string, v: string | number | bigint) => out.push([k, String(v)]);
  add('pid', process.pid);
  add('uptime', now - ITEM_UPDATE_INTERVAL);
  add('time', now + e.clock.processStarted);
  add('version', s.version);
  add('libevent', `libuv-${process.versions.uv}`);
  add('pointer_size', 64);
  add('rusage_user', fmtUsage(usage.user));
  add('rusage_system', fmtUsage(usage.system));
  add('max_connections', net.maxConnections);
  add('curr_connections', net.currConnections);
  add('total_connections', net.totalConnections);
  if (s.maxconnsFast) add('rejected_connections', srv.rejectedConns);
  add('connection_structures', net.connectionStructures);
  add('response_obj_oom', cmd.responseObjOom);
  add('response_obj_count', net.responseObjCount);
  add('response_obj_bytes', net.responseObjBytes);
  add('read_buf_count', net.readBufCount);
  add('read_buf_bytes', net.readBufBytes);
  add('read_buf_bytes_free', 0);
  add('read_buf_oom', cmd.readBufOom);
  add('reserved_fds', 8 + 3 * s.numThreads);
  let sets = 0;
  let touchHits = 0;
  for (let c = 0; c < 64; c++) {
    sets += cmd.slabSetCmds[c];
    touchHits += cmd.slabTouchHits[c];
  }
  add('cmd_get', cmd.getCmds);
  add('cmd_set', sets);
  add('cmd_flush', cmd.flushCmds);
  add('cmd_touch', cmd.touchCmds);
  add('cmd_meta', cmd.metaCmds);
  add('get_hits', sum(cmd.lruHits));
  add('get_misses', cmd.getMisses);
  add('get_expired', cmd.getExpired);
  add('get_flushed', cmd.getFlushed);
  add('delete_misses', cmd.deleteMisses);
  add('delete_hits', sum(cmd.slabDeleteHits));
  add('incr_misses', cmd.incrMisses);
  add('incr_hits', sum(cmd.slabIncrHits));
  add('decr_misses', cmd.decrMisses);
  add('decr_hits', sum(cmd.slabDecrHits));
  add('cas_misses', cmd.casMisses);
  add('cas_hits', sum(cmd.slabCasHits));
  add('cas_badval', sum(cmd.slabCasBadval));
  add('touch_hits', touchHits);
  add('touch_misses', cmd.touchMisses);
  add('store_too_large', cmd.storeTooLarge);
  add('store_no_memory', cmd.storeNoMemory);
  add('auth_cmds', cmd.authCmds);
  add('auth_errors', cmd.authErrors);
  if (s.idleTimeout) add('idle_kicks', cmd.idleKicks);
  add('bytes_read', cmd.bytesRead);
  add('bytes_written', cmd.bytesWritten);
  add('limit_maxbytes', s.maxbytes);
  add('accepting_conns', st.state.acceptingConns ? 1 : 0);
  add('listen_disabled_num', srv.listenDisabledNum);
  add('time_in_listen_disabled_us', srv.timeInListenDisabledUs);
  add('threads', s.numThreads);
  add('conn_yields', cmd.connYields);
  add('hash_power_level', st.hash.hashpower);
  add('hash_bytes', st.hash.bytes);
  add('hash_is_expanding', 0);
  if (s.slabReassign) {
    add('slab_reassign_rescues', srv.slabReassignRescues);
    add('slab_reassign_chunk_rescues', srv.slabReassignChunkRescues);
    add('slab_reassign_evictions_nomem', srv.slabReassignEvictionsNomem);
    add('slab_reassign_inline_reclaim', srv.slabReassignInlineReclaim);
    add('slab_reassign_busy_items', srv.slabReassignBusyItems);
    add('slab_reassign_busy_deletes', srv.slabReassignBusyDeletes);
    add('slab_reassign_running', st.state.slabReassignRunning ? 1 : 0);
    add('slabs_moved', srv.slabsMoved);
  }
  if (s.lruCrawler) {
    add('lru_crawler_running', st.state.lruCrawlerRunning ? 1 : 0);
    add('lru_crawler_starts', srv.lruCrawlerStarts);
  }
  if (s.lruMaintainerThread) add('lru_maintainer_juggles', srv.lruMaintainerJuggles);
  add('malloc_fails', srv.mallocFails);
  add('log_worker_dropped', srv.logWorkerDropped);
  add('log_worker_written', srv.logWorkerWritten);
  add('log_watcher_skipped', srv.logWatcherSkipped);
  add('log_watcher_sent', srv.logWatcherSent);
  add('log_watchers', st.state.logWatchers);
  add('unexpected_napi_ids', 0);
  add('round_robin_fallback', 0);
  add('bytes', st.state.currBytes);
  add('curr_items', st.state.currItems);
  add('total_items', srv.totalItems);
  add('slab_global_page_pool', st.slabs.globalPoolPages());
  const is = st.itemStats;
  add('expired_unfetched', sum(is.expiredUnfetched));
  add('evicted_unfetched', sum(is.evictedUnfetched));
  if (s.lruMaintainerThread) add('evicted_active', sum(is.evictedActive));
  add('evictions', sum(is.evicted));
  add('reclaimed', sum(is.reclaimed));
  add('crawler_reclaimed', sum(is.crawlerReclaimed));
  add('crawler_items_checked', sum(is.crawlerItemsChecked));
  add('lrutail_reflocked', sum(is.lrutailReflocked));
  if (s.lruMaintainerThread) {
    add('moves_to_cold', sum(is.movesToCold));
    add('moves_to_warm', sum(is.movesToWarm));
    add('moves_within_lru', sum(is.movesWithinLru));
    add('direct_reclaims', sum(is.directReclaims));
    add('lru_bumps_dropped', 0);
  }
  return out;
}

function fmtUsage(micros: number): string {
  return `${Math.floor(micros / 1e6)}.${String(Math.floor(micros % 1e6)).padStart(6, '0')}`;
}

/** `stats settings`. */
export function settingsStats(e: MemcachedEngine, net: NetworkStats): StatPair[] {
  const s = e.settings;
  const out: StatPair[] = [];
  const add = (k: string, v: string | number) => out.push([k, String(v)]);
  add('maxbytes', s.maxbytes);
  add('maxconns', s.maxconns);
  add('tcpport', net.port);
  add('udpport', 0);
  add('inter', s.inter || 'NULL');
  add('verbosity', s.verbose);
  add('oldest', e.store.oldestLive);
  add('evictions', s.evictToFree ? 'on' : 'off');
  add('domain_socket', 'NULL');
  add('umask', 700);
  add('shutdown_command', yn(s.shutdownCommand));
  add('growth_factor', f2(s.factor));
  add('chunk_size', s.chunkSize);
  add('num_threads', s.numThreads);
  add('num_threads_per_udp', s.numThreads);
  add('stat_key_prefix', s.statKeyPrefix);
  add('detail_enabled', yn(s.detailEnabled));
  add('reqs_per_event', s.reqsPerEvent);
  add('cas_enabled', yn(s.useCas));
  add('tcp_backlog', s.backlog);
  add('binding_protocol', s.bindingProtocol === 'auto' ? 'auto-negotiate' : s.bindingProtocol);
  add('auth_enabled_sasl', 'no');
  add('auth_enabled_ascii', 'no');
  add('item_size_max', s.itemSizeMax);
  add('maxconns_fast', yn(s.maxconnsFast));
  add('hashpower_init', s.hashpowerInit);
  add('slab_reassign', yn(s.slabReassign));
  add('slab_automove', s.slabAutomove);
  add('slab_automove_ratio', f2(s.slabAutomoveRatio));
  add('slab_automove_window', s.slabAutomoveWindow);
  add('slab_chunk_max', s.slabChunkSizeMax);
  add('lru_crawler', yn(s.lruCrawler));
  add('lru_crawler_sleep', s.lruCrawlerSleep);
  add('lru_crawler_tocrawl', s.lruCrawlerTocrawl);
  add('tail_repair_time', s.tailRepairTime);
  add('flush_enabled', yn(s.flushEnabled));
  add('dump_enabled', yn(s.dumpEnabled));
  add('hash_algorithm', s.hashAlgorithm);
  add('lru_maintainer_thread', yn(s.lruMaintainerThread));
  add('lru_segmented', yn(s.lruSegmented));
  add('hot_lru_pct', s.hotLruPct);
  add('warm_lru_pct', s.warmLruPct);
  add('hot_max_factor', f2(s.hotMaxFactor));
  add('warm_max_factor', f2(s.warmMaxFactor));
  add('temp_lru', yn(s.tempLru));
  add('temporary_ttl', s.temporaryTtl);
  add('idle_timeout', s.idleTimeout);
  add('watcher_logbuf_size', s.watcherLogbufSize);
  add('worker_logbuf_size', s.workerLogbufSize);
  add('read_buf_mem_limit', s.readBufMemLimit);
  add('track_sizes', yn(e.store.sizesEnabled()));
  add('inline_ascii_response', yn(s.inlineAsciiResponse));
  add('num_napi_ids', '(null)');
  add('memory_file', '(null)');
  // ElastiCache parameters without a memcached switch of their own, when they were given.
  for (const [k, v] of s.reported) add(k, v);
  return out;
}

/** `stats items`: per class with items, counters summed over its LRU segments. */
export function itemsStats(e: MemcachedEngine): StatPair[] {
  const st = e.store;
  const s = e.settings;
  const is = st.itemStats;
  const now = e.clock.current;
  const out: StatPair[] = [];
  const segs = [HOT_LRU, WARM_LRU, COLD_LRU, TEMP_LRU];
  for (let n = 1; n < 64; n++) {
    let size = 0;
    for (const seg of segs) size += st.sizes[n | seg];
    if (size === 0) continue;
    const tot = (a: Float64Array) => segs.reduce((t, seg) => t + a[n | seg], 0);
    const tailAge = (seg: number) => (st.tails[n | seg] ? now - st.time(st.tails[n | seg]) : 0);
    const add = (k: string, v: number) => out.push([`items:${n}:${k}`, String(v)]);
    add('number', size);
    if (s.lruMaintainerThread) {
      add('number_hot', st.sizes[n | HOT_LRU]);
      add('number_warm', st.sizes[n | WARM_LRU]);
      add('number_cold', st.sizes[n | COLD_LRU]);
      if (s.tempLru) add('number_temp', st.sizes[n | TEMP_LRU]);
      add('age_hot', tailAge(HOT_LRU));
      add('age_warm', tailAge(WARM_LRU));
    }
    add('age', tailAge(COLD_LRU));
    add('mem_requested', segs.reduce((t, seg) => t + st.sizesBytes[n | seg], 0));
    add('evicted', tot(is.evicted));
    add('evicted_nonzero', tot(is.evictedNonzero));
    add('evicted_time', is.evictedTime[n | COLD_LRU]);
    add('outofmemory', tot(is.outofmemory));
    add('tailrepairs', tot(is.tailrepairs));
    add('reclaimed', tot(is.reclaimed));
    add('expired_unfetched', tot(is.expiredUnfetched));
    add('evicted_unfetched', tot(is.evictedUnfetched));
    if (s.lruMaintainerThread) add('evicted_active', tot(is.evictedActive));
    add('crawler_reclaimed', tot(is.crawlerReclaimed));
    add('crawler_items_checked', tot(is.crawlerItemsChecked));
    add('lrutail_reflocked', tot(is.lrutailReflocked));
    if (s.lruMaintainerThread) {
      add('moves_to_cold', tot(is.movesToCold));
      add('moves_to_warm', tot(is.movesToWarm));
      add('moves_within_lru', tot(is.movesWithinLru));
      add('direct_reclaims', tot(is.directReclaims));
      add('hits_to_hot', st.cmd.lruHits[n | HOT_LRU]);
      add('hits_to_warm', st.cmd.lruHits[n | WARM_LRU]);
      add('hits_to_cold', st.cmd.lruHits[n | COLD_LRU]);
      add('hits_to_temp', st.cmd.lruHits[n | TEMP_LRU]);
    }
  }
  return out;
}

/** `stats slabs`: classes that own pages, then totals. */
export function slabsStats(e: MemcachedEngine): StatPair[] {
  const st = e.store;
  const slabs = st.slabs;
  const cmd = st.cmd;
  const out: StatPair[] = [];
  let active = 0;
  for (let i = 1; i <= slabs.largest; i++) {
    const pages = slabs.totalPages(i);
    if (pages === 0) continue;
    const per = slabs.perslab(i);
    const free = slabs.freeChunks(i);
    const add = (k: string, v: number) => out.push([`${i}:${k}`, String(v)]);
    add('chunk_size', slabs.classSize(i));
    add('chunks_per_page', per);
    add('total_pages', pages);
    add('total_chunks', pages * per);
    add('used_chunks', pages * per - free);
    add('free_chunks', free);
    add('free_chunks_end', 0);
    add('get_hits', cmd.lruHits[i | HOT_LRU] + cmd.lruHits[i | WARM_LRU] + cmd.lruHits[i | COLD_LRU] + cmd.lruHits[i | TEMP_LRU]);
    add('cmd_set', cmd.slabSetCmds[i]);
    add('delete_hits', cmd.slabDeleteHits[i]);
    add('incr_hits', cmd.slabIncrHits[i]);
    add('decr_hits', cmd.slabDecrHits[i]);
    add('cas_hits', cmd.slabCasHits[i]);
    add('cas_badval', cmd.slabCasBadval[i]);
    add('touch_hits', cmd.slabTouchHits[i]);
    active++;
  }
  out.push(['active_slabs', String(active)]);
  out.push(['total_malloced', String(slabs.memMalloced)]);
  return out;
}

/** `stats sizes`: the 32-byte histogram, or its status when disabled. */
export function sizesStats(e: MemcachedEngine): StatPair[] {
  if (!e.store.sizesEnabled()) return [['sizes_status', 'disabled']];
  return e.store.sizesHistogram().map(([size, count]) => [String(size), String(count)]);
}

/** `stats conns`. */
export function connsStats(net: NetworkStats): StatPair[] {
  const out: StatPair[] = [];
  for (const c of net.connections) {
    out.push([`${c.fd}:addr`, c.addr]);
    if (c.listenAddr !== undefined) out.push([`${c.fd}:listen_addr`, c.listenAddr]);
    out.push([`${c.fd}:state`, c.state]);
    out.push([`${c.fd}:secs_since_last_cmd`, String(c.secsSinceLastCmd)]);
  }
  return out;
}

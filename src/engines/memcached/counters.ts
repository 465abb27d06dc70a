/**
 * The engine's statistics counters, grouped as memcached groups them so `stats reset` clears the
 * same things: per-command counters (memcached's per-thread stats), per-class counters
 * (`slab_stats`), per-LRU item counters (`itemstats`) and server-wide counters (`stats`).
 */
import { LRU_ID_SPACE } from './item-layout';

/** Counters memcached keeps per worker thread (summed in `stats`). */
export class CommandCounters {
  getCmds = 0;
  getMisses = 0;
  getExpired = 0;
  getFlushed = 0;
  touchCmds = 0;
  touchMisses = 0;
  deleteMisses = 0;
  incrMisses = 0;
  decrMisses = 0;
  casMisses = 0;
  metaCmds = 0;
  flushCmds = 0;
  bytesRead = 0;
  bytesWritten = 0;
  connYields = 0;
  authCmds = 0;
  authErrors = 0;
  idleKicks = 0;
  storeTooLarge = 0;
  storeNoMemory = 0;
  responseObjOom = 0;
  readBufOom = 0;
  // Per slab class (index = class id).
  readonly slabGetHits = new Float64Array(64);
  readonly slabSetCmds = new Float64Array(64);
  readonly slabDeleteHits = new Float64Array(64);
  readonly slabIncrHits = new Float64Array(64);
  readonly slabDecrHits = new Float64Array(64);
  readonly slabCasHits = new Float64Array(64);
  readonly slabCasBadval = new Float64Array(64);
  readonly slabTouchHits = new Float64Array(64);
  /** Hits per LRU id (class | lru). */
  readonly lruHits = new Float64Array(LRU_ID_SPACE);
}

/** Per-LRU counters (memcached `itemstats_t`), indexed by class | lru. */
export class ItemCounters {
  readonly evicted = new Float64Array(LRU_ID_SPACE);
  readonly evictedNonzero = new Float64Array(LRU_ID_SPACE);
  readonly reclaimed = new Float64Array(LRU_ID_SPACE);
  readonly outofmemory = new Float64Array(LRU_ID_SPACE);
  readonly tailrepairs = new Float64Array(LRU_ID_SPACE);
  readonly expiredUnfetched = new Float64Array(LRU_ID_SPACE);
  readonly evictedUnfetched = new Float64Array(LRU_ID_SPACE);
  readonly evictedActive = new Float64Array(LRU_ID_SPACE);
  readonly crawlerReclaimed = new Float64Array(LRU_ID_SPACE);
  readonly crawlerItemsChecked = new Float64Array(LRU_ID_SPACE);
  readonly lrutailReflocked = new Float64Array(LRU_ID_SPACE);
  readonly movesToCold = new Float64Array(LRU_ID_SPACE);
  readonly movesToWarm = new Float64Array(LRU_ID_SPACE);
  readonly movesWithinLru = new Float64Array(LRU_ID_SPACE);
  readonly directReclaims = new Float64Array(LRU_ID_SPACE);
  readonly evictedTime = new Float64Array(LRU_ID_SPACE);

  reset(): void {
    for (const v of Object.values(this)) (v as Float64Array).fill(0);
  }
}

/** Server-wide counters that `stats reset` clears (memcached `struct stats`). */
export class ServerCounters {
  totalItems = 0;
  totalConns = 0;
  rejectedConns = 0;
  mallocFails = 0;
  listenDisabledNum = 0;
  timeInListenDisabledUs = 0;
  slabsMoved = 0;
  slabReassignRescues = 0;
  slabReassignChunkRescues = 0;
  slabReassignEvictionsNomem = 0;
  slabReassignInlineReclaim = 0;
  slabReassignBusyItems = 0;
  slabReassignBusyDeletes = 0;
  lruCrawlerStarts = 0;
  lruMaintainerJuggles = 0;
  logWorkerDropped = 0;
  logWorkerWritten = 0;
  logWatcherSkipped = 0;
  logWatcherSent = 0;
}

/** Server state that survives `stats reset` (memcached `struct stats_state`). */
export class ServerState {
  currItems = 0;
  currBytes = 0;
  currConns = 0;
  connStructs = 0;
  hashPowerLevel = 16;
  hashBytes = 0;
  acceptingConns = true;
  slabReassignRunning = false;
  lruCrawlerRunning = false;
  logWatchers = 0;
}

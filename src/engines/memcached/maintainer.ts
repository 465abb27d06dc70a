/* eslint-disable no-bitwise */
// LRU ids are class | segment bit fields, as in memcached.
/**
 * The background work of memcached's LRU maintainer thread, run on timers: juggling items between
 * the HOT/WARM/COLD segments of each class (`lru_maintainer`), kicking the expiry crawler
 * (`lru_crawler`), and balancing slab pages between classes (`slab_automove=1`).
 */
import { Crawler } from './crawler';
import { COLD_LRU, HOT_LRU, TEMP_LRU, WARM_LRU } from './item-layout';
import { ItemStore, LRU_PULL_CRAWL_BLOCKS } from './items';
import { PageMover } from './page-mover';

/**
 * The juggler's sleep: short while it finds work, backing off by 1/8 per idle run up to 1 s, as
 * memcached does. memcached's thread sleeps 1 ms at least; on the server's own thread 10 ms keeps
 * the timer from costing request throughput while segments still settle within milliseconds.
 */
const MIN_SLEEP_MS = 10;
const MAX_SLEEP_MS = 1000;
/** memcached kicks the expiry crawler at startup, then waits at least 60 + 5 s before the next run. */
const CRAWL_INTERVAL_S = 65;
const MIN_PAGES_FOR_SOURCE = 2;
const MIN_PAGES_FOR_RECLAIM = 2.5;

interface AutomoveWindow {
  age: number;
  dirty: number;
  evictedSeen: number;
  evictedRatio: number;
}

export class Maintainer {
  private timer: NodeJS.Timeout | undefined;
  private secondTimer: NodeJS.Timeout | undefined;
  private sleepMs = MIN_SLEEP_MS;
  private lastSecond = -1;
  private nextCrawl = 0;
  private windowCur = 0;
  private readonly windows: AutomoveWindow[][] = [];
  private evictedBefore: number[] = [];
  private oomBefore: number[] = [];
  private pagesBefore: number[] = [];

  constructor(private readonly store: ItemStore, private readonly crawler: Crawler, private readonly mover: PageMover) {}

  start(): void {
    if (this.secondTimer) return;
    this.secondTimer = setInterval(() => this.everySecond(), 1000);
    this.secondTimer.unref?.();
    const st = this.store;
    if (st.settings.lruCrawler && st.settings.lruMaintainerThread) {
      this.crawler.crawl(Array.from({ length: st.slabs.largest }, (_, i) => i + 1));
      this.nextCrawl = st.clock.current + CRAWL_INTERVAL_S;
    }
    this.schedule();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.secondTimer) clearInterval(this.secondTimer);
    this.timer = undefined;
    this.secondTimer = undefined;
  }

  /** Wakes the juggler soon (after a flush or a burst of writes), as new work would wake memcached's thread. */
  poke(): void {
    if (!this.secondTimer) return;
    this.sleepMs = MIN_SLEEP_MS;
    if (this.timer) clearTimeout(this.timer);
    this.schedule();
  }

  /** One juggler wake-up over all classes; public so tests can drive it without waiting. */
  tick(): number {
    const st = this.store;
    if (!st.settings.lruMaintainerThread) return 0;
    st.server.lruMaintainerJuggles++;
    let moves = 0;
    for (let cls = 1; cls <= st.slabs.largest; cls++) {
      // Classes with no item at all have nothing to juggle.
      const t = st.tails;
      if (t[cls | HOT_LRU] === 0 && t[cls | WARM_LRU] === 0 && t[cls | COLD_LRU] === 0 && t[cls | TEMP_LRU] === 0) continue;
      moves += this.juggle(cls);
    }
    return moves;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      const moves = this.tick();
      this.sleepMs = moves > 0 ? MIN_SLEEP_MS : Math.min(MAX_SLEEP_MS, this.sleepMs + Math.max(1, this.sleepMs / 8));
      this.schedule();
    }, this.sleepMs);
    this.timer.unref?.();
  }

  /** The once-a-second duties: kicking the expiry crawler and the slab automover. */
  everySecond(): void {
    const st = this.store;
    const s = st.settings;
    const now = st.clock.current;
    if (now === this.lastSecond) return;
    this.lastSecond = now;
    if (s.lruCrawler && s.lruMaintainerThread && now >= this.nextCrawl && !this.crawler.running) {
      this.nextCrawl = now + CRAWL_INTERVAL_S;
      this.crawler.crawl(Array.from({ length: st.slabs.largest }, (_, i) => i + 1));
    }
    if (s.slabAutomove === 1 && s.slabReassign) this.automove();
  }

  /** memcached `lru_maintainer_juggle` for one class. */
  juggle(cls: number): number {
    const st = this.store;
    const s = st.settings;
    let moves = 0;
    if (s.tempLru) {
      for (let i = 0; i < 500; i++) {
        if (st.lruPullTail(cls, TEMP_LRU, 0, 0, 0) <= 0) break;
        moves++;
      }
    }
    let hotAge = 0;
    let warmAge = 0;
    let totalBytes = 0;
    if (s.lruSegmented) {
      const coldTail = st.tails[cls | COLD_LRU];
      const coldAge = coldTail ? st.clock.current - st.time(coldTail) : 0;
      hotAge = Math.floor(coldAge * s.hotMaxFactor);
      warmAge = Math.floor(coldAge * s.warmMaxFactor);
      totalBytes = st.classBytes(cls);
    }
    for (let i = 0; i < 500; i++) {
      let more = 0;
      if (st.lruPullTail(cls, HOT_LRU, totalBytes, LRU_PULL_CRAWL_BLOCKS, hotAge) ||
        st.lruPullTail(cls, WARM_LRU, totalBytes, LRU_PULL_CRAWL_BLOCKS, warmAge)) {
        more++;
      }
      if (s.lruSegmented) more += st.lruPullTail(cls, COLD_LRU, totalBytes, LRU_PULL_CRAWL_BLOCKS, 0);
      if (more === 0) break;
      moves++;
    }
    return moves;
  }

  /**
   * memcached's default slab automover: returns a page to the global pool when a class has more
   * than 2.5 pages of free chunks and nothing happened to it for a whole window; otherwise moves a
   * page from the class with the oldest items to one that keeps evicting young items.
   */
  private automove(): void {
    const st = this.store;
    const slabs = st.slabs;
    const s = st.settings;
    const size = s.slabAutomoveWindow;
    const n = slabs.largest;
    const evictedAfter: number[] = [];
    const oomAfter: number[] = [];
    const pagesAfter: number[] = [];
    let evictedTotal = 0;
    for (let c = 1; c <= n; c++) {
      evictedAfter[c] = st.itemStats.evicted[c | COLD_LRU];
      oomAfter[c] = st.itemStats.outofmemory[c | HOT_LRU];
      pagesAfter[c] = slabs.totalPages(c);
      evictedTotal += evictedAfter[c] - (this.evictedBefore[c] ?? 0);
    }
    this.windowCur++;
    let src = -1;
    let dst = -1;
    let oldest = -1;
    let oldestAge = 0;
    let youngest = -1;
    let youngestAge = Infinity;
    let youngestEvicting = false;
    for (let c = 1; c <= n; c++) {
      const win = (this.windows[c] ??= Array.from({ length: size }, () => ({ age: 0, dirty: 0, evictedSeen: 0, evictedRatio: 0 })));
      const wd = win[this.windowCur % size];
      wd.dirty = 0;
      wd.evictedSeen = 0;
      wd.evictedRatio = 0;
      const evictedDelta = evictedAfter[c] - (this.evictedBefore[c] ?? 0);
      if (evictedDelta > 0) {
        wd.evictedRatio = evictedDelta / evictedTotal;
        wd.evictedSeen = 1;
        wd.dirty = 1;
      }
      if (oomAfter[c] - (this.oomBefore[c] ?? 0) > 0) wd.dirty = 1;
      if (pagesAfter[c] - (this.pagesBefore[c] ?? 0) > 0) wd.dirty = 1;
      const tail = st.tails[c | COLD_LRU];
      wd.age = tail ? st.clock.current - st.time(tail) : 0;
      const sum = win.reduce((a, w) => ({
        age: a.age + w.age, dirty: a.dirty + w.dirty, evictedSeen: a.evictedSeen + w.evictedSeen, evictedRatio: a.evictedRatio + w.evictedRatio,
      }), { age: 0, dirty: 0, evictedSeen: 0, evictedRatio: 0 });
      const age = Math.floor(sum.age / size);
      if (slabs.freeChunks(c) > slabs.perslab(c) * MIN_PAGES_FOR_RECLAIM && sum.dirty === 0) {
        src = c;
        dst = 0;
        break;
      }
      if (age > oldestAge && pagesAfter[c] > MIN_PAGES_FOR_SOURCE) {
        oldest = c;
        oldestAge = age;
      }
      if (age < youngestAge && (sum.evictedSeen > size / 2 || sum.evictedRatio / size > 0.25)) {
        youngest = c;
        youngestAge = age;
        youngestEvicting = wd.evictedSeen !== 0;
      }
    }
    this.evictedBefore = evictedAfter;
    this.oomBefore = oomAfter;
    this.pagesBefore = pagesAfter;
    if (src === -1 && youngest !== -1 && oldest !== -1 && this.windowCur > size) {
      if (youngestAge < oldestAge * s.slabAutomoveRatio && youngestEvicting) {
        src = oldest;
        dst = youngest;
      }
    }
    if (src !== -1 && dst !== -1) this.mover.reassign(src, dst);
  }
}

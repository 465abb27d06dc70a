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

/** How often the juggler runs (memcached sleeps 1 ms to 1 s between runs depending on work). */
const JUGGLE_INTERVAL_MS = 50;
/** memcached re-runs the expiry crawler at most once a minute when it finds little to do. */
const CRAWL_INTERVAL_S = 60;
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
  private lastSecond = -1;
  private nextCrawl = 0;
  private windowCur = 0;
  private readonly windows: AutomoveWindow[][] = [];
  private evictedBefore: number[] = [];
  private oomBefore: number[] = [];
  private pagesBefore: number[] = [];

  constructor(private readonly store: ItemStore, private readonly crawler: Crawler, private readonly mover: PageMover) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), JUGGLE_INTERVAL_MS);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One maintainer wake-up; public so tests can drive it without waiting. */
  tick(): void {
    const st = this.store;
    const s = st.settings;
    if (s.lruMaintainerThread) {
      st.server.lruMaintainerJuggles++;
      for (let cls = 1; cls <= st.slabs.largest; cls++) this.juggle(cls);
    }
    const now = st.clock.current;
    if (now === this.lastSecond) return;
    this.lastSecond = now;
    if (s.lruCrawler && s.lruMaintainerThread && now >= this.nextCrawl && !this.crawler.running) {
      this.nextCrawl = now + CRAWL_INTERVAL_S;
      const all = Array.from({ length: st.slabs.largest }, (_, i) => i + 1);
      if (this.crawler.hasItems(all)) this.crawler.crawl(all);
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

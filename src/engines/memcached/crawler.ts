/* eslint-disable no-bitwise */
// LRU ids are class | segment bit fields, as in memcached.
/**
 * The LRU crawler: walks LRU segments from tail to head, reclaiming expired and flushed items
 * (`lru_crawler crawl`, and the periodic background run), and dumps item metadata
 * (`lru_crawler metadump`). A crawl works through a snapshot of item refs in slices, so the server
 * keeps serving while a large cache is walked; refs whose item has since changed are re-checked
 * as they are found.
 */
import { COLD_LRU, HOT_LRU, ITEM_FETCHED, ITEM_LINKED, TEMP_LRU, WARM_LRU } from './item-layout';
import { ItemStore } from './items';
import { uriEncodeKey } from './uri';

const SLICE = 5000;
const SEGMENTS = [HOT_LRU, WARM_LRU, COLD_LRU, TEMP_LRU];
export const MAX_CLASSES = 64;

export enum CrawlStart { OK, RUNNING, BADCLASS, NOTSTARTED }

/** Parses `all` or a comma list of class ids (1..63), as memcached's crawler does. */
export function parseClassList(arg: string): number[] | undefined {
  if (arg === 'all') return Array.from({ length: MAX_CLASSES - 1 }, (_, i) => i + 1);
  const ids: number[] = [];
  for (const part of arg.split(',')) {
    if (part === '') continue;
    if (!/^\s*\+?\d+$/.test(part)) return undefined;
    const id = Number(part);
    if (id < 1 || id >= MAX_CLASSES) return undefined;
    ids.push(id);
  }
  return ids.length ? ids : undefined;
}

export class Crawler {
  running = false;
  private queue: number[] = [];
  private pos = 0;
  private timer: NodeJS.Immediate | undefined;

  constructor(private readonly store: ItemStore) {}

  /** Starts reclaiming expired items in the given classes. */
  crawl(classes: number[]): CrawlStart {
    if (this.running) return CrawlStart.RUNNING;
    const st = this.store;
    const refs: number[] = [];
    let started = 0;
    for (const cls of classes) {
      for (const seg of SEGMENTS) {
        const id = cls | seg;
        if (st.tails[id] === 0) continue;
        started++;
        for (let ref = st.tails[id]; ref !== 0; ref = st.lruPrev(ref)) refs.push(ref, id);
      }
    }
    st.server.lruCrawlerStarts++;
    // memcached answers OK even when the classes are empty; the crawl then ends at once.
    if (started === 0) return CrawlStart.OK;
    this.queue = refs;
    this.pos = 0;
    this.running = true;
    st.state.lruCrawlerRunning = true;
    this.step();
    return CrawlStart.OK;
  }

  /** Item metadata lines for `lru_crawler metadump` (expired items are reclaimed, not listed). */
  metadump(classes: number[] | 'hash'): string[] {
    const st = this.store;
    const lines: string[] = [];
    const visit = (ref: number) => {
      if (this.reclaimIfDead(ref, st.lruId(ref))) return;
      const exp = st.exptime(ref);
      const [kb, ko] = st.keyView(ref);
      lines.push(`key=${uriEncodeKey(kb, ko, st.nkey(ref))} exp=${exp === 0 ? -1 : exp + st.clock.processStarted} ` +
        `la=${st.time(ref) + st.clock.processStarted} cas=${st.cas(ref)} fetch=${st.itFlags(ref) & ITEM_FETCHED ? 'yes' : 'no'} ` +
        `cls=${st.cls(ref)} size=${st.ntotal(ref)}\n`);
    };
    if (classes === 'hash') {
      const all: number[] = [];
      st.hash.forEach((ref) => all.push(ref));
      all.forEach(visit);
      return lines;
    }
    for (const cls of classes) {
      for (const seg of SEGMENTS) {
        const refs: number[] = [];
        for (let ref = st.tails[cls | seg]; ref !== 0; ref = st.lruPrev(ref)) refs.push(ref);
        refs.forEach(visit);
      }
    }
    return lines;
  }

  stop(): void {
    if (this.timer) clearImmediate(this.timer);
    this.timer = undefined;
    this.running = false;
    this.store.state.lruCrawlerRunning = false;
  }

  private step(): void {
    const q = this.queue;
    const end = Math.min(q.length, this.pos + SLICE * 2);
    for (let i = this.pos; i < end; i += 2) {
      const ref = q[i];
      const id = q[i + 1];
      const st = this.store;
      // The chunk may have been freed or reused since the snapshot: only crawl live items of this LRU.
      if ((st.itFlags(ref) & ITEM_LINKED) === 0 || st.lruId(ref) !== id) continue;
      st.itemStats.crawlerItemsChecked[id]++;
      this.reclaimIfDead(ref, id, true);
    }
    this.pos = end;
    if (this.pos >= q.length) {
      this.queue = [];
      this.stop();
      return;
    }
    this.timer = setImmediate(() => this.step());
  }

  private reclaimIfDead(ref: number, id: number, crawling = false): boolean {
    const st = this.store;
    const exp = st.exptime(ref);
    if ((exp !== 0 && exp < st.clock.current) || st.isFlushed(ref)) {
      if (crawling) {
        st.itemStats.crawlerReclaimed[id]++;
        if ((st.itFlags(ref) & ITEM_FETCHED) === 0) st.itemStats.expiredUnfetched[id]++;
      }
      st.unlink(ref);
      return true;
    }
    return false;
  }
}

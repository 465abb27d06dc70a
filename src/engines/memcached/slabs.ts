/**
 * Slab allocator: item memory lives in 1 MB pages (Buffers) that belong to size classes, exactly
 * like memcached's slabs.c. Class sizes come from `chunk_size` and the growth factor, pages are
 * taken on demand until `maxbytes` is reached (every class may take its first page even past the
 * limit, as memcached allows), and freed chunks go back to a per-class free list.
 *
 * A chunk is addressed by a "ref": `pageId * PAGE_SPAN + offset` (page ids start at 1, so 0 means
 * "none"). Offsets are multiples of 8, so 64-bit fields can be read through Float64Array views.
 */

/** Offset space reserved per page in a ref. Pages are never larger than this. */
export const PAGE_SPAN = 1 << 21;
/** memcached's `sizeof(item)` on 64-bit builds. */
export const ITEM_HEADER_SIZE = 48;
/** memcached's `sizeof(item_chunk)` on 64-bit builds. */
export const ITEM_CHUNK_HEADER_SIZE = 48;
export const CHUNK_ALIGN_BYTES = 8;
export const MAX_NUMBER_OF_SLAB_CLASSES = 64;
/** Class 0 holds pages returned to the global pool by the page mover. */
export const SLAB_GLOBAL_PAGE_POOL = 0;

/** Free-chunk marker stored in the item-flags field (memcached's ITEM_SLABBED). */
export const ITEM_SLABBED = 4;
/** Byte offset of the 16-bit item-flags field in every chunk (items, data chunks, free chunks). */
export const FLAGS_OFFSET = 40;
/** Marks a free chunk taken off the free list while its page is being moved. */
const CLAIMED = 0xffff;

export interface SlabGeometry {
  /** Minimum space for key+value+flags (memcached `-n`, ElastiCache `chunk_size`). */
  readonly chunkSize: number;
  /** Growth factor between classes (`-f`, `chunk_size_growth_factor`). */
  readonly factor: number;
  readonly pageSize: number;
  /** Largest chunk; bigger items are split into chunks (`slab_chunk_max`). */
  readonly chunkMax: number;
  /** True when whole pages are always allocated (slab_reassign, or chunked pages). */
  readonly fullPages: boolean;
}

export interface SlabClassInfo {
  readonly id: number;
  readonly size: number;
  readonly perslab: number;
}

/** Computes the class table as memcached's `slabs_init` does. */
export function computeSlabClasses(g: SlabGeometry): SlabClassInfo[] {
  const classes: SlabClassInfo[] = [];
  let size = ITEM_HEADER_SIZE + g.chunkSize;
  let i = 0;
  while (++i < MAX_NUMBER_OF_SLAB_CLASSES - 1) {
    if (size >= g.chunkMax / g.factor) break;
    if (size % CHUNK_ALIGN_BYTES) size += CHUNK_ALIGN_BYTES - (size % CHUNK_ALIGN_BYTES);
    classes.push({ id: i, size, perslab: Math.floor(g.pageSize / size) });
    size = Math.floor(size * g.factor) >>> 0; // eslint-disable-line no-bitwise
  }
  classes.push({ id: i, size: g.chunkMax, perslab: Math.floor(g.pageSize / g.chunkMax) });
  return classes;
}

interface SlabClass {
  size: number;
  perslab: number;
  /** Page ids owned by this class, in allocation order. */
  pages: number[];
  /** Head of the doubly linked free list (ref or 0). */
  freeHead: number;
  freeCount: number;
  /** Not-yet-carved tail of the newest page: chunks from `bumpOff` on are free. */
  bumpPage: number;
  bumpOff: number;
  bumpLeft: number;
}

export class SlabAllocator {
  readonly classes: SlabClass[] = [];
  readonly largest: number;
  readonly pageSize: number;
  readonly chunkMax: number;
  /** Page memory and typed views, indexed by page id (0 is unused). */
  readonly u8: Uint8Array[] = [new Uint8Array(0)];
  readonly u16: Uint16Array[] = [new Uint16Array(0)];
  readonly u32: Uint32Array[] = [new Uint32Array(0)];
  readonly f64: Float64Array[] = [new Float64Array(0)];
  /** Class owning each page (0 while in the global pool). */
  readonly pageClass: number[] = [0];
  memLimit: number;
  memMalloced = 0;
  memLimitReached = false;
  /** Page being emptied by `movePage` (0 = none). */
  private movingPage = 0;
  private readonly fullPages: boolean;

  constructor(geometry: SlabGeometry, memLimit: number) {
    this.pageSize = geometry.pageSize;
    this.chunkMax = geometry.chunkMax;
    this.fullPages = geometry.fullPages;
    this.memLimit = memLimit;
    this.classes.push(this.emptyClass(0, 0));
    for (const c of computeSlabClasses(geometry)) this.classes.push(this.emptyClass(c.size, c.perslab));
    this.largest = this.classes.length - 1;
  }

  /** Smallest class whose chunks hold `size` bytes; the largest class for chunked items; 0 if too big. */
  clsid(size: number, itemSizeMax: number): number {
    if (size === 0 || size > itemSizeMax) return 0;
    const cls = this.classes;
    let res = 1;
    while (size > cls[res].size) {
      if (res++ === this.largest) return this.largest;
    }
    return res;
  }

  classSize(id: number): number {
    return this.classes[id].size;
  }

  /** memcached `do_slabs_alloc`: pops a free chunk, taking a new page when the class has none. */
  alloc(id: number): number {
    const p = this.classes[id];
    if (p.freeCount === 0 && p.bumpLeft === 0) this.newSlab(id);
    if (p.freeCount !== 0) {
      const ref = p.freeHead;
      const next = this.getF64(ref, 0);
      p.freeHead = next;
      if (next) this.setF64(next, 8, 0);
      p.freeCount--;
      this.setFlags(ref, 0);
      return ref;
    }
    if (p.bumpLeft !== 0) {
      const ref = p.bumpPage * PAGE_SPAN + p.bumpOff;
      p.bumpOff += p.size;
      p.bumpLeft--;
      this.setFlags(ref, 0);
      return ref;
    }
    return 0;
  }

  /** Returns a chunk to its class free list (memcached `do_slabs_free`). */
  free(ref: number, id: number): void {
    if (this.movingPage !== 0 && Math.floor(ref / PAGE_SPAN) === this.movingPage) {
      // The page is leaving this class: its chunks must not reach the free list again.
      this.setFlags(ref, CLAIMED);
      return;
    }
    const p = this.classes[id];
    this.setFlags(ref, ITEM_SLABBED);
    this.setF64(ref, 8, 0);
    this.setF64(ref, 0, p.freeHead);
    if (p.freeHead) this.setF64(p.freeHead, 8, ref);
    p.freeHead = ref;
    p.freeCount++;
  }

  /** Free chunks of a class, counting the uncarved tail of its newest page. */
  freeChunks(id: number): number {
    const p = this.classes[id];
    return p.freeCount + p.bumpLeft;
  }

  totalPages(id: number): number {
    return this.classes[id].pages.length;
  }

  perslab(id: number): number {
    return this.classes[id].perslab;
  }

  /** Pages sitting in the global pool, ready for any class. */
  globalPoolPages(): number {
    return this.classes[SLAB_GLOBAL_PAGE_POOL].pages.length;
  }

  /**
   * memcached `do_slabs_newslab`: fails when the memory limit is reached, except that a class with
   * no page yet always gets one. Pages from the global pool are reused first.
   */
  newSlab(id: number): boolean {
    const p = this.classes[id];
    const g = this.classes[SLAB_GLOBAL_PAGE_POOL];
    const len = this.fullPages ? this.pageSize : p.size * p.perslab;
    if (this.memLimit && this.memMalloced + len > this.memLimit && p.pages.length > 0 && g.pages.length === 0) {
      this.memLimitReached = true;
      return false;
    }
    let pageId = g.pages.pop();
    if (pageId === undefined) {
      pageId = this.allocatePage();
      this.memMalloced += len;
    }
    this.givePage(id, pageId);
    return true;
  }

  /**
   * Adjusts the limit at runtime (`cache_memlimit`), then releases pooled pages while over it, as
   * memcached's `slabs_adjust_mem_limit` + `memory_release` do.
   */
  adjustMemLimit(newLimit: number): void {
    this.memLimit = newLimit;
    this.memLimitReached = false;
    this.releasePooledPages();
  }

  /** Frees global-pool pages while more memory than the limit is allocated. */
  releasePooledPages(): void {
    const g = this.classes[SLAB_GLOBAL_PAGE_POOL];
    while (this.memLimit && this.memMalloced > this.memLimit && g.pages.length > 0) {
      const pageId = g.pages.pop()!;
      this.u8[pageId] = new Uint8Array(0);
      this.u16[pageId] = new Uint16Array(0);
      this.u32[pageId] = new Uint32Array(0);
      this.f64[pageId] = new Float64Array(0);
      this.memMalloced -= this.pageSize;
    }
  }

  /**
   * Takes one page away from a class for the page mover: its free chunks leave the free list and
   * its used chunks are reported through `evacuate` so the caller can rescue or evict them. The
   * page then goes to `dst` (or to the global pool when `dst` is 0).
   */
  movePage(src: number, dst: number, evacuate: (ref: number) => void): boolean {
    const p = this.classes[src];
    if (p.pages.length === 0) return false;
    // memcached moves the first page of the class.
    const pageId = p.pages[0];
    const base = pageId * PAGE_SPAN;
    let carvedEnd = p.size * p.perslab;
    if (p.bumpPage === pageId) {
      carvedEnd = p.bumpOff;
      p.bumpPage = 0;
      p.bumpLeft = 0;
      p.bumpOff = 0;
    }
    // Claim the page's free chunks first so rescued items cannot land back in this page.
    for (let off = 0; off < carvedEnd; off += p.size) {
      const ref = base + off;
      if (this.getFlags(ref) === ITEM_SLABBED) {
        this.unlinkFree(src, ref);
        this.setFlags(ref, CLAIMED);
      }
    }
    this.movingPage = pageId;
    try {
      for (let off = 0; off < carvedEnd; off += p.size) {
        const ref = base + off;
        if (this.getFlags(ref) !== CLAIMED) evacuate(ref);
      }
    } finally {
      this.movingPage = 0;
    }
    p.pages.shift();
    if (dst === SLAB_GLOBAL_PAGE_POOL) {
      this.pageClass[pageId] = 0;
      this.classes[SLAB_GLOBAL_PAGE_POOL].pages.push(pageId);
    } else {
      this.givePage(dst, pageId);
    }
    return true;
  }

  /** Pops a free chunk without taking a new page (the page mover's rescue path). */
  allocNoNewPage(id: number): number {
    const p = this.classes[id];
    if (p.freeCount === 0 && p.bumpLeft === 0) return 0;
    return this.alloc(id);
  }

  // ---- raw field access, shared with the item layer ----

  getF64(ref: number, field: number): number {
    const pid = Math.floor(ref / PAGE_SPAN);
    return this.f64[pid][(ref - pid * PAGE_SPAN + field) / 8];
  }

  setF64(ref: number, field: number, v: number): void {
    const pid = Math.floor(ref / PAGE_SPAN);
    this.f64[pid][(ref - pid * PAGE_SPAN + field) / 8] = v;
  }

  getFlags(ref: number): number {
    const pid = Math.floor(ref / PAGE_SPAN);
    return this.u16[pid][(ref - pid * PAGE_SPAN + FLAGS_OFFSET) / 2];
  }

  setFlags(ref: number, v: number): void {
    const pid = Math.floor(ref / PAGE_SPAN);
    this.u16[pid][(ref - pid * PAGE_SPAN + FLAGS_OFFSET) / 2] = v;
  }

  private givePage(dst: number, pageId: number): void {
    const d = this.classes[dst];
    this.pageClass[pageId] = dst;
    d.pages.push(pageId);
    // The uncarved tail of the previous newest page goes to the free list; the new page is carved fresh.
    for (let i = 0; i < d.bumpLeft; i++) this.free(d.bumpPage * PAGE_SPAN + d.bumpOff + i * d.size, dst);
    d.bumpPage = pageId;
    d.bumpOff = 0;
    d.bumpLeft = d.perslab;
  }

  private unlinkFree(id: number, ref: number): void {
    const p = this.classes[id];
    const next = this.getF64(ref, 0);
    const prev = this.getF64(ref, 8);
    if (prev) this.setF64(prev, 0, next);
    else p.freeHead = next;
    if (next) this.setF64(next, 8, prev);
    p.freeCount--;
    this.setFlags(ref, 0);
  }

  private allocatePage(): number {
    const buf = new ArrayBuffer(this.pageSize);
    const pageId = this.u8.length;
    this.u8.push(new Uint8Array(buf));
    this.u16.push(new Uint16Array(buf));
    this.u32.push(new Uint32Array(buf));
    this.f64.push(new Float64Array(buf));
    this.pageClass.push(0);
    return pageId;
  }

  private emptyClass(size: number, perslab: number): SlabClass {
    return { size, perslab, pages: [], freeHead: 0, freeCount: 0, bumpPage: 0, bumpOff: 0, bumpLeft: 0 };
  }
}

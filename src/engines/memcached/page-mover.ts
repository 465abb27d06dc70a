/* eslint-disable no-bitwise */
// Item flags are bit fields, as in memcached.
/**
 * Slab page reassignment (`slabs reassign`, `slab_automove`): takes a page from one class, rescues
 * its live items into free chunks of the same class (or evicts them when there is no room), and
 * hands the page to another class or to the global pool. memcached does this in a background
 * thread; here a move runs to completion at once, or waits for a moment when an item in the page
 * is still being uploaded.
 */
import { C_HEAD, C_NEXT, F_HNEXT, F_NEXT, F_PREV, ITEM_CHUNK, ITEM_CHUNKED, ITEM_LINKED, ITEM_SLABBED } from './item-layout';
import { ItemStore } from './items';
import { PAGE_SPAN, SLAB_GLOBAL_PAGE_POOL } from './slabs';

export enum ReassignResult { OK, RUNNING, BADCLASS, NOSPARE, SRC_DST_SAME }

const RETRY_MS = 20;

export class PageMover {
  /** True while a requested move waits for busy items. */
  running = false;
  private lastPicked = 0;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly store: ItemStore) {}

  /** memcached `slabs_reassign`: validates and starts a move (src -1 = pick any class). */
  reassign(src: number, dst: number): ReassignResult {
    const slabs = this.store.slabs;
    if (this.running) return ReassignResult.RUNNING;
    if (src === dst) return ReassignResult.SRC_DST_SAME;
    if (src === -1) src = this.pickAny(dst);
    if (src < SLAB_GLOBAL_PAGE_POOL || src > slabs.largest || dst < SLAB_GLOBAL_PAGE_POOL || dst > slabs.largest) {
      return ReassignResult.BADCLASS;
    }
    if (slabs.totalPages(src) < 2) return ReassignResult.NOSPARE;
    this.attempt(src, dst);
    return ReassignResult.OK;
  }

  stop(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
    this.running = false;
  }

  private attempt(src: number, dst: number): void {
    const st = this.store;
    if (st.slabs.totalPages(src) === 0) {
      this.running = false;
      return;
    }
    if (this.pageBusy(src)) {
      st.server.slabReassignBusyItems++;
      this.running = true;
      st.state.slabReassignRunning = true;
      this.retry = setTimeout(() => this.attempt(src, dst), RETRY_MS);
      this.retry.unref?.();
      return;
    }
    st.slabs.movePage(src, dst, (ref) => this.evacuate(ref, src));
    st.server.slabsMoved++;
    this.running = false;
    st.state.slabReassignRunning = false;
    this.retry = undefined;
  }

  /** An item of the page is allocated but not linked yet (an upload in progress): try later. */
  private pageBusy(src: number): boolean {
    const slabs = this.store.slabs;
    const cls = slabs.classes[src];
    const pageId = cls.pages[0];
    const base = pageId * PAGE_SPAN;
    const carved = cls.bumpPage === pageId ? cls.bumpOff : cls.size * cls.perslab;
    for (let off = 0; off < carved; off += cls.size) {
      const ref = base + off;
      const f = slabs.getFlags(ref);
      if (f & ITEM_SLABBED) continue;
      if (f & ITEM_CHUNK) {
        if ((slabs.getFlags(slabs.getF64(ref, C_HEAD)) & ITEM_LINKED) === 0) return true;
      } else if ((f & ITEM_LINKED) === 0) {
        return true;
      }
    }
    return false;
  }

  /** Moves or evicts whatever occupies `ref` in the page being taken from class `cls`. */
  private evacuate(ref: number, cls: number): void {
    const st = this.store;
    const slabs = st.slabs;
    const f = slabs.getFlags(ref);
    if (f & ITEM_SLABBED) return;
    if (f & ITEM_CHUNK) {
      const owner = slabs.getF64(ref, C_HEAD);
      const nref = slabs.allocNoNewPage(cls);
      if (nref === 0) {
        st.server.slabReassignEvictionsNomem++;
        st.unlink(owner);
        return;
      }
      this.copyChunk(ref, nref, cls);
      this.repointChunk(owner, ref, nref);
      slabs.free(ref, cls);
      st.server.slabReassignChunkRescues++;
      return;
    }
    const exp = st.exptime(ref);
    if ((exp !== 0 && exp < st.clock.current) || st.isFlushed(ref)) {
      st.unlink(ref);
      return;
    }
    const nref = slabs.allocNoNewPage(cls);
    if (nref === 0) {
      st.server.slabReassignEvictionsNomem++;
      st.unlink(ref);
      return;
    }
    this.copyChunk(ref, nref, cls);
    slabs.setF64(nref, F_NEXT, 0);
    slabs.setF64(nref, F_PREV, 0);
    slabs.setF64(nref, F_HNEXT, 0);
    slabs.setFlags(nref, slabs.getFlags(nref) & ~ITEM_LINKED);
    if (f & ITEM_CHUNKED) {
      this.repointChunks(nref);
      // The data chunks now belong to the copy; freeing the old header must not free them.
      slabs.setFlags(ref, f & ~ITEM_CHUNKED);
    }
    st.replace(ref, nref);
    st.server.slabReassignRescues++;
  }

  private copyChunk(from: number, to: number, cls: number): void {
    const slabs = this.store.slabs;
    const size = slabs.classSize(cls);
    const fp = Math.floor(from / PAGE_SPAN);
    const tp = Math.floor(to / PAGE_SPAN);
    const fo = from - fp * PAGE_SPAN;
    slabs.u8[tp].set(slabs.u8[fp].subarray(fo, fo + size), to - tp * PAGE_SPAN);
  }

  /** After a header moved, its data chunks must name the new owner. */
  private repointChunks(owner: number): void {
    const slabs = this.store.slabs;
    let ch = this.firstChunkOf(owner);
    while (ch !== 0) {
      slabs.setF64(ch, C_HEAD, owner);
      ch = slabs.getF64(ch, C_NEXT);
    }
  }

  private repointChunk(owner: number, oldRef: number, newRef: number): void {
    const slabs = this.store.slabs;
    const slot = this.firstChunkSlotOf(owner);
    let ch = slabs.getF64(owner, slot);
    if (ch === oldRef) {
      slabs.setF64(owner, slot, newRef);
      return;
    }
    while (ch !== 0) {
      const next = slabs.getF64(ch, C_NEXT);
      if (next === oldRef) {
        slabs.setF64(ch, C_NEXT, newRef);
        return;
      }
      ch = next;
    }
  }

  private firstChunkSlotOf(owner: number): number {
    const end = this.store.keyOffset + this.store.nkey(owner);
    return end + ((8 - (end % 8)) % 8);
  }

  private firstChunkOf(owner: number): number {
    return this.store.slabs.getF64(owner, this.firstChunkSlotOf(owner));
  }

  /** memcached `slabs_reassign_pick_any`: round-robin over classes with a spare page. */
  private pickAny(dst: number): number {
    const slabs = this.store.slabs;
    for (let tries = 0; tries <= slabs.largest; tries++) {
      this.lastPicked++;
      if (this.lastPicked > slabs.largest) this.lastPicked = 1;
      if (this.lastPicked !== dst && slabs.totalPages(this.lastPicked) > 1) return this.lastPicked;
    }
    return -1;
  }
}

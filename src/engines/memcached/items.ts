/* eslint-disable no-bitwise */
// Item flags and LRU ids are bit fields, as in memcached; bitwise operators are the clear way to use them.
/**
 * Items: allocation with eviction, linking into the hash table and the segmented LRU, lookups with
 * lazy expiry and flush checks, and the store/delta logic. A port of memcached 1.6's items.c and
 * `do_store_item`/`do_add_delta` onto the slab pages, single-threaded (no locks). The one reference
 * count kept is for replies not yet written, which hold items as memcached's do (see `hold`).
 */
import { HashTable } from './assoc';
import { EngineClock, ITEM_UPDATE_INTERVAL } from './clock';
import { CommandCounters, ItemCounters, ServerCounters, ServerState } from './counters';
import { murmur3 } from './hash';
import {
  C_DATA, C_HEAD, C_NEXT, clsOf, COLD_LRU, F_CAS, F_CLIENT_FLAGS, F_CLSID, F_EXPTIME, F_HNEXT, F_HV, F_IT_FLAGS, F_NBYTES, F_NEXT,
  F_NKEY, F_PREV, F_TIME, HOT_LRU, ITEM_ACTIVE, ITEM_CAS, ITEM_CFLAGS, ITEM_CHUNK, ITEM_CHUNKED, ITEM_FETCHED, ITEM_LINKED,
  ITEM_STALE, ITEM_TOKEN_SENT, KEY_OFFSET_CAS, KEY_OFFSET_NO_CAS, LRU_ID_SPACE, lruOf, TEMP_LRU, WARM_LRU,
} from './item-layout';
import { addU64, normalizeU64, subU64Floor, writeDecimal } from './numbers';
import { MemcachedSettings } from './settings';
import { ITEM_CHUNK_HEADER_SIZE, ITEM_HEADER_SIZE, PAGE_SPAN, SlabAllocator } from './slabs';

/** A 64-bit CAS value: a number while it is a safe integer. */
export type Cas = number | bigint;

export enum StoreCommand { SET, ADD, REPLACE, APPEND, PREPEND, CAS }

export enum StoreResult { STORED, EXISTS, NOT_FOUND, NOT_STORED }

export enum DeltaResult { OK, NON_NUMERIC, EOM, NOT_FOUND, CAS_MISMATCH }

/** Flags for `lruPullTail`, as in memcached. */
export const LRU_PULL_EVICT = 1;
export const LRU_PULL_CRAWL_BLOCKS = 2;

/** What a watcher (`watch` command) hears about; all optional. */
export interface ItemEvents {
  fetch?(key: Uint8Array, kStart: number, nkey: number, status: 'found' | 'not_found' | 'flushed' | 'expired', clsid: number): void;
  store?(ref: number, command: StoreCommand, result: StoreResult): void;
  evict?(ref: number): void;
}

export interface StoreOutcome {
  result: StoreResult;
  /** CAS of the stored item (0 unless STORED). */
  cas: Cas;
}

export interface DeltaOutcome {
  result: DeltaResult;
  /** New numeric value (OK only). */
  value: number | bigint;
  /** The item after the operation (OK only). */
  ref: number;
}

export class ItemStore {
  readonly slabs: SlabAllocator;
  readonly hash: HashTable;
  readonly cmd = new CommandCounters();
  readonly itemStats = new ItemCounters();
  readonly server = new ServerCounters();
  readonly state = new ServerState();
  readonly heads = new Float64Array(LRU_ID_SPACE);
  readonly tails = new Float64Array(LRU_ID_SPACE);
  readonly sizes = new Float64Array(LRU_ID_SPACE);
  readonly sizesBytes = new Float64Array(LRU_ID_SPACE);
  /** Offset of the key inside an item chunk. */
  readonly keyOffset: number;
  oldestLive = 0;
  oldestCas: Cas = 0;
  events: ItemEvents = {};
  /** Called on every eviction with the class that needed room (slab_automove=2 moves a page then). */
  onEvict?: (cls: number) => void;
  private casId = 0;
  /**
   * Items that replies not yet written still reference, with their count: memcached's refcount
   * above the hash table's own. memcached writes a meta or binary get's reply from the item itself,
   * so until the connection flushes, an increment cannot rewrite that item in place and makes a new
   * one, the LRU tail counts it as `lrutail_reflocked`, and its memory stays taken after an unlink.
   */
  private readonly held = new Map<number, number>();
  /** Held items unlinked meanwhile: freed when their last reference goes. */
  private readonly heldUnlinked = new Set<number>();
  private sizesHist: Float64Array | undefined;
  private sizesCasMin = 0;

  constructor(readonly settings: MemcachedSettings, readonly clock: EngineClock) {
    const s = settings;
    this.slabs = new SlabAllocator({
      chunkSize: s.chunkSize,
      factor: s.factor,
      pageSize: s.slabPageSize,
      chunkMax: s.slabChunkSizeMax,
      fullPages: s.slabReassign || s.slabChunkSizeMax !== s.slabPageSize,
    }, s.maxbytes);
    this.keyOffset = s.useCas ? KEY_OFFSET_CAS : KEY_OFFSET_NO_CAS;
    this.hash = new HashTable(this.slabs, this.keyOffset, s.hashpowerInit || 16);
    if (s.trackSizes) this.sizesEnable();
  }

  // ---------------------------------------------------------------- field access

  nkey(ref: number): number { return this.u8At(ref, F_NKEY); }
  nbytes(ref: number): number { return this.u32At(ref, F_NBYTES); }
  itFlags(ref: number): number { return this.slabs.getFlags(ref); }
  setItFlags(ref: number, v: number): void { this.slabs.setFlags(ref, v); }
  clientFlags(ref: number): number { return this.u32At(ref, F_CLIENT_FLAGS); }
  exptime(ref: number): number { return this.u32At(ref, F_EXPTIME); }
  setExptime(ref: number, v: number): void { this.setU32At(ref, F_EXPTIME, v); }
  time(ref: number): number { return this.u32At(ref, F_TIME); }
  lruId(ref: number): number { return this.u8At(ref, F_CLSID); }
  cls(ref: number): number { return clsOf(this.u8At(ref, F_CLSID)); }

  cas(ref: number): Cas {
    if (!(this.itFlags(ref) & ITEM_CAS)) return 0;
    const lo = this.u32At(ref, F_CAS);
    const hi = this.u32At(ref, F_CAS + 4);
    if (hi < 0x200000) return hi * 4294967296 + lo;
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  setCas(ref: number, v: Cas): void {
    if (!(this.itFlags(ref) & ITEM_CAS)) return;
    if (typeof v === 'number') {
      const hi = Math.floor(v / 4294967296);
      this.setU32At(ref, F_CAS, v - hi * 4294967296);
      this.setU32At(ref, F_CAS + 4, hi);
    } else {
      this.setU32At(ref, F_CAS, Number(v & 0xffffffffn));
      this.setU32At(ref, F_CAS + 4, Number((v >> 32n) & 0xffffffffn));
    }
  }

  /** memcached `ITEM_ntotal`. */
  ntotal(ref: number): number {
    const f = this.itFlags(ref);
    return ITEM_HEADER_SIZE + this.nkey(ref) + 1 + this.nbytes(ref) + (f & ITEM_CFLAGS ? 4 : 0) + (f & ITEM_CAS ? 8 : 0);
  }

  /** Page bytes and offset of an item's key. */
  keyView(ref: number): [Uint8Array, number] {
    const pid = Math.floor(ref / PAGE_SPAN);
    return [this.slabs.u8[pid], ref - pid * PAGE_SPAN + this.keyOffset];
  }

  keyString(ref: number): string {
    const [u8, off] = this.keyView(ref);
    return Buffer.from(u8.buffer, u8.byteOffset + off, this.nkey(ref)).toString('latin1');
  }

  /** Copies the item's key into `out` at `off`; returns the new offset. */
  copyKey(ref: number, out: Uint8Array, off: number): number {
    const [u8, k] = this.keyView(ref);
    const n = this.nkey(ref);
    for (let i = 0; i < n; i++) out[off + i] = u8[k + i];
    return off + n;
  }

  /**
   * Copies `len` bytes of the value starting at value offset `from` into `out` at `off` (the value
   * includes its trailing CRLF at `nbytes - 2`). Handles chunked items. Returns the new offset.
   */
  copyValue(ref: number, from: number, len: number, out: Uint8Array, off: number): number {
    if (this.itFlags(ref) & ITEM_CHUNKED) return this.copyChunked(ref, from, len, out, off, true);
    const pid = Math.floor(ref / PAGE_SPAN);
    const src = this.slabs.u8[pid];
    const start = ref - pid * PAGE_SPAN + this.keyOffset + src[ref - pid * PAGE_SPAN + F_NKEY] + from;
    if (len <= 64) {
      for (let i = 0; i < len; i++) out[off + i] = src[start + i];
    } else {
      out.set(src.subarray(start, start + len), off);
    }
    return off + len;
  }

  /** Writes `src[sStart..sEnd)` into the value at value offset `at` (reading an upload into the item). */
  writeValue(ref: number, at: number, src: Uint8Array, sStart: number, sEnd: number): void {
    const len = sEnd - sStart;
    if (len <= 0) return;
    if (this.itFlags(ref) & ITEM_CHUNKED) {
      this.copyChunked(ref, at, len, src, sStart, false);
      return;
    }
    const pid = Math.floor(ref / PAGE_SPAN);
    const dst = this.slabs.u8[pid];
    const start = ref - pid * PAGE_SPAN + this.keyOffset + dst[ref - pid * PAGE_SPAN + F_NKEY] + at;
    if (len <= 64) {
      for (let i = 0; i < len; i++) dst[start + i] = src[sStart + i];
    } else {
      dst.set(src.subarray(sStart, sEnd), start);
    }
  }

  /** True when the value ends with CRLF (the check memcached makes after reading an upload). */
  endsWithCrlf(ref: number): boolean {
    const nb = this.nbytes(ref);
    if (this.itFlags(ref) & ITEM_CHUNKED) {
      const tail = new Uint8Array(2);
      this.copyValue(ref, nb - 2, 2, tail, 0);
      return tail[0] === 13 && tail[1] === 10;
    }
    const pid = Math.floor(ref / PAGE_SPAN);
    const u8 = this.slabs.u8[pid];
    const off = ref - pid * PAGE_SPAN;
    const end = off + this.keyOffset + u8[off + F_NKEY] + nb;
    return u8[end - 2] === 13 && u8[end - 1] === 10;
  }

  /** Value as a Buffer copy (small values: incr/decr, tests). */
  valueBuffer(ref: number, withCrlf = false): Buffer {
    const n = this.nbytes(ref) - (withCrlf ? 0 : 2);
    const out = Buffer.allocUnsafe(n);
    this.copyValue(ref, 0, n, out, 0);
    return out;
  }

  // ---------------------------------------------------------------- hashing and lookup

  hashKey(key: Uint8Array, kStart: number, nkey: number): number {
    return murmur3(key, kStart, nkey);
  }

  /** memcached `item_is_flushed`. */
  isFlushed(ref: number): boolean {
    const oldestLive = this.oldestLive;
    const now = this.clock.current;
    if (oldestLive === 0 || oldestLive > now) return false;
    if (this.time(ref) <= oldestLive) return true;
    const oc = this.oldestCas;
    if (oc === 0) return false;
    const c = this.cas(ref);
    return c !== 0 && c < oc;
  }

  /**
   * memcached `do_item_get`: finds a live item, unlinking it if it has expired or was flushed
   * (counted in get_expired/get_flushed). With `doUpdate`, marks it fetched/active and bumps it.
   */
  get(key: Uint8Array, kStart: number, nkey: number, doUpdate: boolean, hv = this.hashKey(key, kStart, nkey)): number {
    let ref = this.hash.find(key, kStart, nkey, hv);
    let status: 'found' | 'not_found' | 'flushed' | 'expired' = 'not_found';
    if (ref !== 0) {
      status = 'found';
      if (this.isFlushed(ref)) {
        this.unlink(ref);
        this.cmd.getFlushed++;
        ref = 0;
        status = 'flushed';
      } else {
        const exp = this.exptime(ref);
        if (exp !== 0 && exp <= this.clock.current) {
          this.unlink(ref);
          this.cmd.getExpired++;
          ref = 0;
          status = 'expired';
        } else if (doUpdate) {
          this.bump(ref);
        }
      }
    }
    if (this.events.fetch) this.events.fetch(key, kStart, nkey, status, ref ? this.cls(ref) : 0);
    return ref;
  }

  /** memcached `do_item_bump`: the delayed hit bookkeeping of meta get (after h/l were read). */
  bump(ref: number): void {
    const f = this.itFlags(ref);
    if (!this.settings.lruSegmented) {
      this.setItFlags(ref, f | ITEM_FETCHED);
      this.update(ref);
      return;
    }
    if (f & ITEM_ACTIVE) return;
    if ((f & ITEM_FETCHED) === 0) {
      this.setItFlags(ref, f | ITEM_FETCHED);
      return;
    }
    this.setItFlags(ref, f | ITEM_ACTIVE);
    if (lruOf(this.lruId(ref)) !== COLD_LRU) this.setU32At(ref, F_TIME, this.clock.current);
    else this.update(ref);
  }

  /** memcached `do_item_touch`. */
  touch(key: Uint8Array, kStart: number, nkey: number, exptime: number): number {
    const ref = this.get(key, kStart, nkey, true);
    if (ref !== 0) this.setExptime(ref, exptime);
    return ref;
  }

  /** memcached `do_item_update`: moves active COLD items to WARM, refreshes the access time. */
  update(ref: number): void {
    const now = this.clock.current;
    const f = this.itFlags(ref);
    if ((f & ITEM_LINKED) === 0) return;
    if (this.settings.lruSegmented) {
      if (lruOf(this.lruId(ref)) === COLD_LRU && (f & ITEM_ACTIVE)) {
        this.setU32At(ref, F_TIME, now);
        this.unlinkQ(ref);
        this.setU8At(ref, F_CLSID, this.cls(ref) | WARM_LRU);
        this.setItFlags(ref, this.itFlags(ref) & ~ITEM_ACTIVE);
        this.linkQ(ref);
        this.itemStats.movesToWarm[this.lruId(ref)]++;
      } else if (this.time(ref) < now - ITEM_UPDATE_INTERVAL) {
        this.setU32At(ref, F_TIME, now);
      }
    } else if (this.time(ref) < now - ITEM_UPDATE_INTERVAL) {
      this.setU32At(ref, F_TIME, now);
      this.unlinkQ(ref);
      this.linkQ(ref);
    }
  }

  // ---------------------------------------------------------------- allocation

  /** memcached `item_size_ok`. */
  sizeOk(nkey: number, clientFlags: number, nbytes: number): boolean {
    if (nbytes < 2) return false;
    return this.slabs.clsid(this.ntotalFor(nkey, clientFlags, nbytes), this.settings.itemSizeMax) !== 0;
  }

  ntotalFor(nkey: number, clientFlags: number, nbytes: number): number {
    return ITEM_HEADER_SIZE + nkey + 1 + (clientFlags !== 0 ? 4 : 0) + nbytes + (this.settings.useCas ? 8 : 0);
  }

  /**
   * memcached `do_item_alloc`: takes a chunk (evicting from the class LRU when needed) and writes
   * the header and key. `nbytes` includes the CRLF. Returns 0 when the item is too large or no
   * memory can be found; the latter is counted in the class's `outofmemory`.
   */
  alloc(key: Uint8Array, kStart: number, nkey: number, clientFlags: number, exptime: number, nbytes: number): number {
    if (nbytes < 2) return 0;
    const s = this.settings;
    const ntotal = this.ntotalFor(nkey, clientFlags, nbytes);
    const id = this.slabs.clsid(ntotal, s.itemSizeMax);
    if (id === 0) return 0;
    const chunked = ntotal > this.slabs.chunkMax;
    let ref: number;
    if (chunked) {
      const htotal = nkey + 1 + (clientFlags !== 0 ? 4 : 0) + ITEM_HEADER_SIZE + ITEM_CHUNK_HEADER_SIZE + (s.useCas ? 8 : 0);
      ref = this.allocPull(this.slabs.clsid(htotal, s.itemSizeMax));
    } else {
      ref = this.allocPull(id);
    }
    if (ref === 0) {
      this.itemStats.outofmemory[id]++;
      return 0;
    }
    const now = this.clock.current;
    let lru: number;
    // rel_time_t arithmetic: an item without expiry (0) or already past it is never "temporary".
    if (s.tempLru && ((exptime - now) >>> 0) <= s.temporaryTtl) lru = TEMP_LRU; // eslint-disable-line no-bitwise
    else if (s.expirezeroDoesNotEvict && exptime === 0) lru = TEMP_LRU;
    else if (s.lruSegmented) lru = HOT_LRU;
    else lru = COLD_LRU;
    const pid = Math.floor(ref / PAGE_SPAN);
    const off = ref - pid * PAGE_SPAN;
    const u8 = this.slabs.u8[pid];
    const u32 = this.slabs.u32[pid];
    const f64 = this.slabs.f64[pid];
    f64[(off + F_NEXT) / 8] = 0;
    f64[(off + F_PREV) / 8] = 0;
    f64[(off + F_HNEXT) / 8] = 0;
    u32[(off + F_TIME) / 4] = 0;
    u32[(off + F_EXPTIME) / 4] = exptime;
    u32[(off + F_NBYTES) / 4] = nbytes;
    u32[(off + F_CLIENT_FLAGS) / 4] = clientFlags;
    this.slabs.u16[pid][(off + F_IT_FLAGS) / 2] = (s.useCas ? ITEM_CAS : 0) | (clientFlags !== 0 ? ITEM_CFLAGS : 0) | (chunked ? ITEM_CHUNKED : 0);
    u8[off + F_CLSID] = id | lru;
    u8[off + F_NKEY] = nkey;
    u32[(off + F_HV) / 4] = this.hashKey(key, kStart, nkey);
    if (s.useCas) {
      u32[(off + F_CAS) / 4] = 0;
      u32[(off + F_CAS + 4) / 4] = 0;
    }
    const k = off + this.keyOffset;
    for (let i = 0; i < nkey; i++) u8[k + i] = key[kStart + i];
    if (chunked && !this.allocChunks(ref, nbytes)) {
      this.slabs.free(ref, this.slabs.pageClass[pid]);
      this.itemStats.outofmemory[id]++;
      return 0;
    }
    return ref;
  }

  /** Frees an item that was allocated but never linked (failed upload, lost race). */
  discard(ref: number): void {
    if ((this.itFlags(ref) & ITEM_LINKED) === 0) this.freeItem(ref);
  }

  /** memcached `do_item_alloc_pull`: up to 10 rounds of "allocate, else evict or demote". */
  private allocPull(id: number): number {
    const segmented = this.settings.lruSegmented;
    let ref = 0;
    let i = 0;
    for (; i < 10; i++) {
      if (!segmented) this.lruPullTail(id, COLD_LRU, 0, 0, 0);
      ref = this.slabs.alloc(id);
      if (ref !== 0) break;
      if (this.lruPullTail(id, COLD_LRU, 0, LRU_PULL_EVICT, 0) <= 0) {
        if (segmented) this.lruPullTail(id, HOT_LRU, 0, 0, 0);
        else break;
      }
    }
    if (i > 0) this.itemStats.directReclaims[id] += i;
    return ref;
  }

  /** Allocates the data chunks of a large item up front (memcached does it while reading). */
  private allocChunks(ref: number, nbytes: number): boolean {
    const max = this.slabs.chunkMax;
    let remain = nbytes;
    let prev = 0;
    while (remain > 0) {
      const size = Math.min(remain + ITEM_CHUNK_HEADER_SIZE, max);
      const ch = this.allocPull(this.slabs.clsid(size, this.settings.itemSizeMax));
      if (ch === 0) {
        if (prev !== 0) this.freeChunkChain(this.slabs.getF64(ref, this.firstChunkSlot(ref)));
        return false;
      }
      this.slabs.setF64(ch, C_NEXT, 0);
      this.slabs.setF64(ch, C_HEAD, ref);
      this.slabs.setFlags(ch, ITEM_CHUNK);
      if (prev === 0) this.setFirstChunk(ref, ch);
      else this.slabs.setF64(prev, C_NEXT, ch);
      prev = ch;
      remain -= size - ITEM_CHUNK_HEADER_SIZE;
    }
    return true;
  }

  private firstChunkSlot(ref: number): number {
    const end = this.keyOffset + this.nkey(ref);
    return end + ((8 - (end % 8)) % 8);
  }

  private setFirstChunk(ref: number, ch: number): void {
    this.slabs.setF64(ref, this.firstChunkSlot(ref), ch);
  }

  private freeChunkChain(ch: number): void {
    while (ch !== 0) {
      const next = this.slabs.getF64(ch, C_NEXT);
      this.slabs.free(ch, this.slabs.pageClass[Math.floor(ch / PAGE_SPAN)]);
      ch = next;
    }
  }

  /** Copies between a chunked item's value and a flat buffer (either direction). */
  private copyChunked(ref: number, from: number, len: number, flat: Uint8Array, flatOff: number, toFlat: boolean): number {
    const max = this.slabs.chunkMax;
    let ch = this.slabs.getF64(ref, this.firstChunkSlot(ref));
    let pos = 0;
    let remainTotal = this.nbytes(ref);
    const end = from + len;
    let done = 0;
    while (ch !== 0 && pos < end) {
      const cap = Math.min(remainTotal + ITEM_CHUNK_HEADER_SIZE, max) - ITEM_CHUNK_HEADER_SIZE;
      const a = Math.max(from, pos);
      const b = Math.min(end, pos + cap);
      if (a < b) {
        const pid = Math.floor(ch / PAGE_SPAN);
        const base = ch - pid * PAGE_SPAN + C_DATA;
        const page = this.slabs.u8[pid];
        if (toFlat) flat.set(page.subarray(base + (a - pos), base + (b - pos)), flatOff + done);
        else page.set(flat.subarray(flatOff + done, flatOff + done + (b - a)), base + (a - pos));
        done += b - a;
      }
      pos += cap;
      remainTotal -= cap;
      ch = this.slabs.getF64(ch, C_NEXT);
    }
    return flatOff + done;
  }

  private freeItem(ref: number): void {
    if (this.itFlags(ref) & ITEM_CHUNKED) this.freeChunkChain(this.slabs.getF64(ref, this.firstChunkSlot(ref)));
    this.slabs.free(ref, this.slabs.pageClass[Math.floor(ref / PAGE_SPAN)]);
  }

  // ---------------------------------------------------------------- references

  /** A reply not yet written references the item (released by `release` when it is written). */
  hold(ref: number): void {
    this.held.set(ref, (this.held.get(ref) ?? 0) + 1);
  }

  release(ref: number): void {
    const n = this.held.get(ref);
    if (n === undefined) return;
    if (n > 1) {
      this.held.set(ref, n - 1);
      return;
    }
    this.held.delete(ref);
    if (this.heldUnlinked.delete(ref)) this.freeItem(ref);
  }

  /** True while a reply not yet written references the item (memcached: refcount above 2). */
  isHeld(ref: number): boolean {
    return this.held.size > 0 && this.held.has(ref);
  }

  // ---------------------------------------------------------------- linking

  nextCasId(): number {
    return ++this.casId;
  }

  /** memcached `do_item_link`: hash table, LRU head, stats, and a new CAS (or `explicitCas`). */
  link(ref: number, explicitCas?: Cas): void {
    this.setItFlags(ref, this.itFlags(ref) | ITEM_LINKED);
    this.setU32At(ref, F_TIME, this.clock.current);
    const nt = this.ntotal(ref);
    this.state.currBytes += nt;
    this.state.currItems++;
    this.server.totalItems++;
    this.setCas(ref, this.settings.useCas ? (explicitCas ?? this.nextCasId()) : 0);
    this.hash.insert(ref, this.u32At(ref, F_HV));
    this.linkQ(ref);
    this.sizesAdd(ref, nt);
  }

  /** memcached `do_item_unlink` followed by the final release: the chunk goes back to its class. */
  unlink(ref: number): void {
    const f = this.itFlags(ref);
    if ((f & ITEM_LINKED) === 0) return;
    this.setItFlags(ref, f & ~ITEM_LINKED);
    const nt = this.ntotal(ref);
    this.state.currBytes -= nt;
    this.state.currItems--;
    this.sizesRemove(ref, nt);
    this.hash.delete(ref, this.u32At(ref, F_HV));
    this.unlinkQ(ref);
    // A referenced item's memory is taken until the reference goes, as in memcached.
    if (this.isHeld(ref)) this.heldUnlinked.add(ref);
    else this.freeItem(ref);
  }

  /** memcached `do_item_replace`. */
  replace(oldRef: number, newRef: number, explicitCas?: Cas): void {
    this.unlink(oldRef);
    this.link(newRef, explicitCas);
  }

  /** Puts an item at the head of its LRU (memcached `do_item_link_q`). */
  linkQ(ref: number): void {
    const id = this.lruId(ref);
    const head = this.heads[id];
    this.slabs.setF64(ref, F_PREV, 0);
    this.slabs.setF64(ref, F_NEXT, head);
    if (head) this.slabs.setF64(head, F_PREV, ref);
    this.heads[id] = ref;
    if (this.tails[id] === 0) this.tails[id] = ref;
    this.sizes[id]++;
    this.sizesBytes[id] += this.ntotal(ref);
  }

  /** memcached `do_item_unlink_q`. */
  unlinkQ(ref: number): void {
    const id = this.lruId(ref);
    const next = this.slabs.getF64(ref, F_NEXT);
    const prev = this.slabs.getF64(ref, F_PREV);
    if (this.heads[id] === ref) this.heads[id] = next;
    if (this.tails[id] === ref) this.tails[id] = prev;
    if (next) this.slabs.setF64(next, F_PREV, prev);
    if (prev) this.slabs.setF64(prev, F_NEXT, next);
    this.sizes[id]--;
    this.sizesBytes[id] -= this.ntotal(ref);
  }

  /** Moves an item to another LRU segment of its class (head). */
  moveToLru(ref: number, lru: number): void {
    this.unlinkQ(ref);
    this.setU8At(ref, F_CLSID, this.cls(ref) | lru);
    this.linkQ(ref);
  }

  lruNext(ref: number): number { return this.slabs.getF64(ref, F_NEXT); }
  lruPrev(ref: number): number { return this.slabs.getF64(ref, F_PREV); }
  hashNext(ref: number): number { return this.slabs.getF64(ref, F_HNEXT); }

  // ---------------------------------------------------------------- LRU maintenance

  /**
   * memcached `lru_pull_tail`: looks at up to 5 items from the tail of one LRU segment, reclaiming
   * expired/flushed ones, demoting HOT/WARM items to COLD (or rescuing active ones to WARM), and
   * evicting the COLD tail when `LRU_PULL_EVICT` is set. Returns how many items it removed or moved.
   */
  lruPullTail(origId: number, curLru: number, totalBytes: number, flags: number, maxAge: number): number {
    if (origId === 0) return 0;
    const id = origId | curLru;
    const s = this.settings;
    const now = this.clock.current;
    let removed = 0;
    let limit = 0;
    let search = this.tails[id];
    for (let tries = 5; tries > 0 && search !== 0; tries--) {
      const nextIt = this.lruPrev(search);
      // memcached still handles a referenced tail item (it can be unlinked, not reused), but counts it.
      if (this.isHeld(search)) this.itemStats.lrutailReflocked[id]++;
      const exp = this.exptime(search);
      if ((exp !== 0 && exp < now) || this.isFlushed(search)) {
        this.itemStats.reclaimed[id]++;
        if ((this.itFlags(search) & ITEM_FETCHED) === 0) this.itemStats.expiredUnfetched[id]++;
        this.unlink(search);
        removed++;
        search = nextIt;
        continue;
      }
      const f = this.itFlags(search);
      let stop = true;
      if (curLru === HOT_LRU || curLru === WARM_LRU) {
        limit = Math.floor((totalBytes * (curLru === HOT_LRU ? s.hotLruPct : s.warmLruPct)) / 100);
        if (f & ITEM_ACTIVE) {
          this.setItFlags(search, f & ~ITEM_ACTIVE);
          removed++;
          if (curLru === WARM_LRU) {
            this.itemStats.movesWithinLru[id]++;
            if (this.time(search) < now - ITEM_UPDATE_INTERVAL) {
              this.unlinkQ(search);
              this.setU32At(search, F_TIME, now);
              this.linkQ(search);
            }
            stop = false;
          } else {
            this.itemStats.movesToWarm[id]++;
            this.moveToLru(search, WARM_LRU);
          }
        } else if (this.sizesBytes[id] > limit || now - this.time(search) > maxAge) {
          this.itemStats.movesToCold[id]++;
          this.moveToLru(search, COLD_LRU);
          removed++;
        }
      } else if (curLru === COLD_LRU) {
        if (flags & LRU_PULL_EVICT) {
          if (s.evictToFree) {
            this.itemStats.evicted[id]++;
            this.itemStats.evictedTime[id] = now - this.time(search);
            if (exp !== 0) this.itemStats.evictedNonzero[id]++;
            if ((f & ITEM_FETCHED) === 0) this.itemStats.evictedUnfetched[id]++;
            if (f & ITEM_ACTIVE) this.itemStats.evictedActive[id]++;
            if (this.events.evict) this.events.evict(search);
            this.unlink(search);
            removed++;
            if (this.onEvict) this.onEvict(origId);
          }
        } else if ((f & ITEM_ACTIVE) && s.lruSegmented) {
          this.itemStats.movesToWarm[id]++;
          this.setItFlags(search, f & ~ITEM_ACTIVE);
          this.moveToLru(search, WARM_LRU);
          removed++;
        }
      }
      if (stop) break;
      search = nextIt;
    }
    return removed;
  }

  /** Bytes held by all segments of a class (the juggler's `total_bytes`). */
  classBytes(cls: number): number {
    return this.sizesBytes[cls | HOT_LRU] + this.sizesBytes[cls | WARM_LRU] + this.sizesBytes[cls | COLD_LRU];
  }

  // ---------------------------------------------------------------- store / delta

  /**
   * memcached `do_store_item`. `item` was allocated and filled; its CAS field carries the CAS the
   * client asked to compare (0 = none). `setStale` is meta-set's I flag; `explicitCas` its E flag.
   */
  store(item: number, comm: StoreCommand, setStale = false, explicitCas?: Cas): StoreOutcome {
    const [kbuf, koff] = this.keyView(item);
    const nkey = this.nkey(item);
    const oldIt = this.get(kbuf, koff, nkey, false, this.u32At(item, F_HV));
    let stored = StoreResult.NOT_STORED;
    const itCas = this.cas(item);
    let linked = 0;
    if (oldIt !== 0) {
      const oldCas = this.cas(oldIt);
      let casRes: 'none' | 'match' | 'badval' | 'stale' = 'none';
      if (itCas === 0) casRes = 'none';
      else if (itCas === oldCas) casRes = 'match';
      else if (setStale && itCas < oldCas) casRes = 'stale';
      else casRes = 'badval';
      let doStore = false;
      let newIt = item;
      switch (comm) {
        case StoreCommand.ADD:
          // add only adds a nonexistent item, but promotes the existing one.
          this.update(oldIt);
          break;
        case StoreCommand.CAS:
          if (casRes === 'match') {
            this.cmd.slabCasHits[this.cls(oldIt)]++;
            doStore = true;
          } else if (casRes === 'stale') {
            this.setExptime(item, this.exptime(oldIt));
            let nf = this.itFlags(item) | ITEM_STALE;
            if (this.itFlags(oldIt) & ITEM_TOKEN_SENT) nf |= ITEM_TOKEN_SENT;
            this.setItFlags(item, nf);
            this.cmd.slabCasHits[this.cls(oldIt)]++;
            doStore = true;
          } else {
            this.cmd.slabCasBadval[this.cls(oldIt)]++;
            stored = StoreResult.EXISTS;
          }
          break;
        case StoreCommand.APPEND:
        case StoreCommand.PREPEND: {
          if (casRes !== 'none' && casRes !== 'match') {
            stored = StoreResult.EXISTS;
            break;
          }
          const combined = this.concat(oldIt, item, comm === StoreCommand.APPEND);
          if (combined === 0) break; // out of memory: NOT_STORED
          this.discard(item);
          newIt = combined;
          doStore = true;
          break;
        }
        case StoreCommand.REPLACE:
        case StoreCommand.SET:
          doStore = true;
          break;
      }
      if (doStore) {
        this.replace(oldIt, newIt, explicitCas);
        stored = StoreResult.STORED;
        linked = newIt;
      }
    } else {
      switch (comm) {
        case StoreCommand.ADD:
        case StoreCommand.SET:
          this.link(item, explicitCas);
          stored = StoreResult.STORED;
          linked = item;
          break;
        case StoreCommand.CAS:
          stored = StoreResult.NOT_FOUND;
          this.cmd.casMisses++;
          break;
        default:
          break;
      }
    }
    if (this.events.store) this.events.store(linked || item, comm, stored);
    if (linked === 0) this.discard(item);
    return { result: stored, cas: linked ? this.cas(linked) : 0 };
  }

  /** Builds the append/prepend result in a new item, as memcached's `_store_item_copy_data`. */
  private concat(oldIt: number, addIt: number, append: boolean): number {
    // Copy both values first: allocating may evict the old item (memcached keeps it by refcount).
    const oldLen = this.nbytes(oldIt) - 2;
    const addLen = this.nbytes(addIt);
    const oldVal = Buffer.allocUnsafe(oldLen);
    this.copyValue(oldIt, 0, oldLen, oldVal, 0);
    const addVal = Buffer.allocUnsafe(addLen);
    this.copyValue(addIt, 0, addLen, addVal, 0);
    const [kbuf, koff] = this.keyView(addIt);
    const n = this.alloc(kbuf, koff, this.nkey(addIt), this.clientFlags(oldIt), this.exptime(oldIt), oldLen + addLen);
    if (n === 0) return 0;
    if (append) {
      this.writeValue(n, 0, oldVal, 0, oldLen);
      this.writeValue(n, oldLen, addVal, 0, addLen);
    } else {
      this.writeValue(n, 0, addVal, 0, addLen - 2);
      this.writeValue(n, addLen - 2, oldVal, 0, oldLen);
      this.writeValue(n, addLen - 2 + oldLen, addVal, addLen - 2, addLen);
    }
    return n;
  }

  /**
   * memcached `do_add_delta`: incr/decr on a decimal value. When the new number fits in the old
   * value's space the item is changed in place and padded with spaces (as memcached does);
   * otherwise a new item replaces it. `casIn` (non-zero) must match the item's CAS.
   */
  addDelta(key: Uint8Array, kStart: number, nkey: number, incr: boolean, delta: number | bigint, casIn: Cas, explicitCas?: Cas): DeltaOutcome {
    const it = this.get(key, kStart, nkey, false);
    const fail = (result: DeltaResult): DeltaOutcome => ({ result, value: 0, ref: 0 });
    if (it === 0) return fail(DeltaResult.NOT_FOUND);
    const nb = this.nbytes(it);
    if (nb <= 2 || (this.itFlags(it) & ITEM_CHUNKED)) return fail(DeltaResult.NON_NUMERIC);
    if (casIn !== 0 && this.cas(it) !== casIn) return fail(DeltaResult.CAS_MISMATCH);
    const data = this.valueBuffer(it, true);
    const current = parseStoredNumber(data);
    if (current === undefined) return fail(DeltaResult.NON_NUMERIC);
    const value = incr ? addU64(current, delta) : subU64Floor(current, delta);
    if (incr) this.cmd.slabIncrHits[this.cls(it)]++;
    else this.cmd.slabDecrHits[this.cls(it)]++;
    const tmp = Buffer.allocUnsafe(24);
    const res = writeDecimal(tmp, 0, value);
    if (res + 2 <= nb && !this.isHeld(it)) {
      // In place (memcached: when only the hash table and this call reference the item): new CAS,
      // digits, then spaces up to the old length.
      this.sizesRemove(it, this.ntotal(it));
      this.setCas(it, this.settings.useCas ? (explicitCas ?? this.nextCasId()) : 0);
      this.sizesAdd(it, this.ntotal(it));
      const padded = Buffer.alloc(nb - 2, 32);
      tmp.copy(padded, 0, 0, res);
      this.writeValue(it, 0, padded, 0, nb - 2);
      this.update(it);
      return { result: DeltaResult.OK, value, ref: it };
    }
    const n = this.alloc(key, kStart, nkey, this.clientFlags(it), this.exptime(it), res + 2);
    if (n === 0) return fail(DeltaResult.EOM);
    tmp[res] = 13;
    tmp[res + 1] = 10;
    this.writeValue(n, 0, tmp, 0, res + 2);
    this.replace(it, n, explicitCas);
    return { result: DeltaResult.OK, value, ref: n };
  }

  // ---------------------------------------------------------------- flush

  /** `flush_all [delay]`: items last updated before the flush point become invisible. */
  flushAll(delay: number): void {
    const now = this.clock.current;
    const newOldest = delay > 0 ? this.clock.realtime(delay) : now;
    if (this.settings.useCas) {
      this.oldestLive = newOldest - 1;
      if (this.oldestLive <= now) this.oldestCas = this.nextCasId();
    } else {
      this.oldestLive = newOldest;
    }
  }

  // ---------------------------------------------------------------- stats sizes

  sizesEnabled(): boolean {
    return this.sizesHist !== undefined;
  }

  /** `stats sizes_enable`; returns an error name when it cannot be enabled. */
  sizesEnable(): string | undefined {
    if (!this.settings.useCas) return 'cas_support_disabled';
    if (!this.sizesHist) {
      this.sizesHist = new Float64Array(Math.floor(this.settings.itemSizeMax / 32) + 1);
      this.sizesCasMin = this.settings.useCas ? this.nextCasId() : 0;
    }
    return undefined;
  }

  sizesDisable(): void {
    this.sizesHist = undefined;
  }

  /** Non-empty 32-byte buckets: [bucket size, count]. */
  sizesHistogram(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    const h = this.sizesHist;
    if (!h) return out;
    for (let i = 0; i < h.length; i++) if (h[i] !== 0) out.push([i * 32, h[i]]);
    return out;
  }

  private sizesAdd(ref: number, ntotal: number): void {
    if (!this.sizesHist || this.sizesCasMin > this.cas(ref)) return;
    const bucket = Math.ceil(ntotal / 32);
    if (bucket < this.sizesHist.length) this.sizesHist[bucket]++;
  }

  private sizesRemove(ref: number, ntotal: number): void {
    if (!this.sizesHist || this.sizesCasMin > this.cas(ref)) return;
    const bucket = Math.ceil(ntotal / 32);
    if (bucket < this.sizesHist.length) this.sizesHist[bucket]--;
  }

  // ---------------------------------------------------------------- raw helpers

  private u8At(ref: number, field: number): number {
    const pid = Math.floor(ref / PAGE_SPAN);
    return this.slabs.u8[pid][ref - pid * PAGE_SPAN + field];
  }

  private setU8At(ref: number, field: number, v: number): void {
    const pid = Math.floor(ref / PAGE_SPAN);
    this.slabs.u8[pid][ref - pid * PAGE_SPAN + field] = v;
  }

  private u32At(ref: number, field: number): number {
    const pid = Math.floor(ref / PAGE_SPAN);
    return this.slabs.u32[pid][(ref - pid * PAGE_SPAN + field) / 4];
  }

  private setU32At(ref: number, field: number, v: number): void {
    const pid = Math.floor(ref / PAGE_SPAN);
    this.slabs.u32[pid][(ref - pid * PAGE_SPAN + field) / 4] = v;
  }
}

/**
 * `safe_strtoull` over a stored value (digits ended by space/CR): the value incr/decr starts from.
 */
export function parseStoredNumber(data: Uint8Array): number | bigint | undefined {
  let i = 0;
  const n = data.length;
  while (i < n && (data[i] === 32 || (data[i] >= 9 && data[i] <= 13))) i++;
  let neg = false;
  if (i < n && (data[i] === 43 || data[i] === 45)) {
    neg = data[i] === 45;
    i++;
  }
  const ds = i;
  let v = 0n;
  while (i < n && data[i] >= 48 && data[i] <= 57) {
    v = v * 10n + BigInt(data[i] - 48);
    i++;
  }
  if (i === ds) return undefined;
  if (i < n && !(data[i] === 32 || (data[i] >= 9 && data[i] <= 13))) return undefined;
  if (v > (1n << 64n) - 1n) return undefined;
  const r = neg ? BigInt.asUintN(64, -v) : v;
  if (neg && r >= 1n << 63n) return undefined;
  return normalizeU64(r);
}

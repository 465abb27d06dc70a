/**
 * The hash table (memcached's assoc.c): 2^hashpower buckets of item refs, chained through each
 * item's `h_next` field, doubled when it holds more than 1.5 items per bucket. Keys are compared
 * byte for byte against slab memory, so lookups never build JavaScript strings.
 */
import { F_HNEXT, F_HV, F_NKEY } from './item-layout';
import { PAGE_SPAN, SlabAllocator } from './slabs';

export class HashTable {
  hashpower: number;
  items = 0;
  private table: Float64Array;
  private mask: number;

  constructor(private readonly slabs: SlabAllocator, private readonly keyOffset: number, hashpower: number) {
    this.hashpower = hashpower;
    this.table = new Float64Array(2 ** hashpower);
    this.mask = 2 ** hashpower - 1;
  }

  /** Bytes used by the bucket array, as memcached reports (`hash_bytes`, 8 bytes per bucket). */
  get bytes(): number {
    return this.table.length * 8;
  }

  find(key: Uint8Array, kStart: number, nkey: number, hv: number): number {
    const s = this.slabs;
    let ref = this.table[hv & this.mask]; // eslint-disable-line no-bitwise
    while (ref !== 0) {
      const pid = Math.floor(ref / PAGE_SPAN);
      const off = ref - pid * PAGE_SPAN;
      const u8 = s.u8[pid];
      if (u8[off + F_NKEY] === nkey && s.u32[pid][(off + F_HV) / 4] === hv) {
        const k = off + this.keyOffset;
        let i = 0;
        while (i < nkey && u8[k + i] === key[kStart + i]) i++;
        if (i === nkey) return ref;
      }
      ref = s.f64[pid][(off + F_HNEXT) / 8];
    }
    return 0;
  }

  insert(ref: number, hv: number): void {
    const b = hv & this.mask; // eslint-disable-line no-bitwise
    this.slabs.setF64(ref, F_HNEXT, this.table[b]);
    this.table[b] = ref;
    this.items++;
    if (this.items > (this.table.length * 3) / 2) this.expand();
  }

  delete(ref: number, hv: number): void {
    const b = hv & this.mask; // eslint-disable-line no-bitwise
    let cur = this.table[b];
    if (cur === ref) {
      this.table[b] = this.slabs.getF64(ref, F_HNEXT);
      this.items--;
      return;
    }
    while (cur !== 0) {
      const next = this.slabs.getF64(cur, F_HNEXT);
      if (next === ref) {
        this.slabs.setF64(cur, F_HNEXT, this.slabs.getF64(ref, F_HNEXT));
        this.items--;
        return;
      }
      cur = next;
    }
  }

  /** Calls `fn` for every linked item (hash order), for `lru_crawler metadump hash`. */
  forEach(fn: (ref: number) => void): void {
    const t = this.table;
    for (let b = 0; b < t.length; b++) {
      let ref = t[b];
      while (ref !== 0) {
        const next = this.slabs.getF64(ref, F_HNEXT);
        fn(ref);
        ref = next;
      }
    }
  }

  /** Doubles the bucket array. memcached does it in a background thread; here it is done at once. */
  private expand(): void {
    const old = this.table;
    this.hashpower++;
    this.table = new Float64Array(2 ** this.hashpower);
    this.mask = 2 ** this.hashpower - 1;
    const s = this.slabs;
    for (let b = 0; b < old.length; b++) {
      let ref = old[b];
      while (ref !== 0) {
        const next = s.getF64(ref, F_HNEXT);
        const pid = Math.floor(ref / PAGE_SPAN);
        const hv = s.u32[pid][(ref - pid * PAGE_SPAN + F_HV) / 4];
        const nb = hv & this.mask; // eslint-disable-line no-bitwise
        s.setF64(ref, F_HNEXT, this.table[nb]);
        this.table[nb] = ref;
        ref = next;
      }
    }
  }
}

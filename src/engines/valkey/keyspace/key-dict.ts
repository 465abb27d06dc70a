/**
 * The main dictionary of a database (and the member tables of hashtable-encoded hashes and sets and
 * of skiplist sorted sets): string → value, an open-addressing hash table with linear probing.
 *
 * Why not a JavaScript Map: with 100,000 random keys a Map lookup costs about half a microsecond,
 * nearly all of it cache misses (bucket, entry, then every chained key string, whose hash V8 keeps
 * inside the string). Here each slot's 32-bit hash sits in one typed array, so a probe compares
 * hashes in cache lines of sixteen slots and only touches a key string whose hash matches; key and
 * value share one array, side by side. MSET of ten random keys runs about a third faster.
 *
 * SCAN walks home buckets (hash & mask) in redis' reverse-binary cursor order: the keys of bucket b
 * are those of the run of used slots from b whose hash maps to b. As in redis' dictScan, growing or
 * shrinking the table between two calls only splits or merges the buckets still to come, so a scan
 * returns every key present for its whole duration (some perhaps twice) and always ends.
 *
 * Keys are latin1 strings (one byte per character). Iterators must not be used while the table
 * changes (use `scan`).
 */

/** Slot states below every real hash (real hashes are forced out of 0 and 1). */
const EMPTY = 0;
const DELETED = 1;
const MIN_CAPACITY = 16;

/** The most keys `warm` touches at once, and their home slots. */
const WARM_BATCH = 64;
const warmSlots = new Int32Array(WARM_BATCH);

/** Per-process seed, so slot positions (and collisions) cannot be predicted from the outside. */
const SEED = (Math.random() * 0x100000000) | 0;

/** FNV-1a over the characters, then murmur3's finalizer so the low bits (the slot) mix all of them. */
export function hashKey(key: string): number {
  let h = SEED ^ 0x811c9dc5;
  const n = key.length;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  // 0 and 1 mark empty and deleted slots.
  return h === EMPTY || h === DELETED ? h + 2 : h;
}

/** A page of SCAN: the cursor to continue with (0 when done) and the keys visited. */
export interface KeyScanPage {
  readonly cursor: number;
  readonly keys: string[];
}

/** The 32 bits of `v` in reverse order (unsigned). */
function reverseBits(v: number): number {
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  return ((v >>> 16) | (v << 16)) >>> 0;
}

/** redis dictScan's next cursor: increment the reversed cursor, counting only the masked bits. */
function nextCursor(v: number, mask: number): number {
  return reverseBits((reverseBits((v | ~mask) >>> 0) + 1) >>> 0);
}

function emptySlots(capacity: number): unknown[] {
  return new Array(capacity * 2).fill(undefined);
}

export class KeyDict<V> implements Iterable<[string, V]> {
  /** Where `warm` leaves a sum of what it read. */
  public static warmSink = 0;

  private hashes: Int32Array;
  /** Key of slot i at 2i, its value at 2i + 1. */
  private slots: unknown[];
  private mask: number;
  private live = 0;
  /** Live plus deleted slots: what probes have to step over. */
  private used = 0;

  constructor() {
    this.hashes = new Int32Array(MIN_CAPACITY);
    this.slots = emptySlots(MIN_CAPACITY);
    this.mask = MIN_CAPACITY - 1;
  }

  public get size(): number {
    return this.live;
  }

  /**
   * Touches, for the keys at `keys[from]`, `keys[from + step]`, …, the memory a lookup of each
   * will read: its home slot's hash and entry, the stored key's text and its value's object. The
   * loads of different keys do not depend on one another, so the processor has them in flight
   * together, where one lookup after another waits for each miss in turn (Valkey 8 prefetches a
   * batch's keys for the same reason).
   */
  public warm(keys: readonly string[], from: number, step: number): void {
    const hashes = this.hashes;
    const slots = this.slots;
    const mask = this.mask;
    const n = Math.min(WARM_BATCH, Math.ceil((keys.length - from) / step));
    // Three short loops, not one: each step's loads then fit the processor's window together.
    for (let j = 0; j < n; j++) warmSlots[j] = hashKey(keys[from + j * step]) & mask;
    let touched = 0;
    for (let j = 0; j < n; j++) {
      const i = warmSlots[j];
      touched += hashes[i];
      if (slots[2 * i] === undefined) touched++;
    }
    // The entries are in cache now; read them again rather than keep them (a store of each would
    // pay the garbage collector's write barrier).
    for (let j = 0; j < n; j++) {
      const i = warmSlots[j];
      const stored = slots[2 * i];
      if (typeof stored === 'string') touched += stored.length;
      const value = slots[2 * i + 1];
      if (typeof value === 'object' && value !== null && value.constructor === Object) touched++;
    }
    // Kept, so that the compiler cannot drop the loads as unused.
    KeyDict.warmSink = touched;
  }

  /** Slot of `key`, or -1. */
  private find(key: string, hash: number): number {
    const hashes = this.hashes;
    const slots = this.slots;
    const mask = this.mask;
    let i = hash & mask;
    for (;;) {
      const h = hashes[i];
      if (h === hash && slots[2 * i] === key) return i;
      if (h === EMPTY) return -1;
      i = (i + 1) & mask;
    }
  }

  /**
   * Slot of `key` (-1 when absent), for a read-then-update in one probe with `keyAt`, `valueAt`
   * and `setValueAt`. A slot stays valid until the next insertion or deletion.
   */
  public slotOf(key: string): number {
    return this.find(key, hashKey(key));
  }

  /** The stored key of a slot from `slotOf` (the string kept since the key was added). */
  public keyAt(slot: number): string {
    return this.slots[2 * slot] as string;
  }

  public valueAt(slot: number): V {
    return this.slots[2 * slot + 1] as V;
  }

  public setValueAt(slot: number, value: V): void {
    this.slots[2 * slot + 1] = value;
  }

  public get(key: string): V | undefined {
    const i = this.find(key, hashKey(key));
    return i < 0 ? undefined : (this.slots[2 * i + 1] as V);
  }

  public has(key: string): boolean {
    return this.find(key, hashKey(key)) >= 0;
  }

  public set(key: string, value: V): this {
    this.swap(key, value);
    return this;
  }

  /**
   * Slot of `key` (>= 0), or, when absent, `~slot` of where it goes: the first tombstone on its
   * probe path, else the empty slot that ends it.
   */
  private probe(key: string, hash: number): number {
    const hashes = this.hashes;
    const slots = this.slots;
    const mask = this.mask;
    let i = hash & mask;
    let free = -1;
    for (;;) {
      const h = hashes[i];
      if (h === hash && slots[2 * i] === key) return i;
      if (h === EMPTY) return ~(free < 0 ? i : free);
      if (h === DELETED && free < 0) free = i;
      i = (i + 1) & mask;
    }
  }

  /** Stores `value` under `key` and returns what it replaces (undefined for a new key), in one probe. */
  public swap(key: string, value: V): V | undefined {
    const hash = hashKey(key);
    const i = this.probe(key, hash);
    if (i < 0) {
      this.insertAt(~i, hash, key, value);
      return undefined;
    }
    const previous = this.slots[2 * i + 1] as V;
    this.slots[2 * i + 1] = value;
    return previous;
  }

  /** Adds `key` with `value` unless it is present (then nothing changes); true when added. One probe. */
  public addIfAbsent(key: string, value: V): boolean {
    const hash = hashKey(key);
    const i = this.probe(key, hash);
    if (i >= 0) return false;
    this.insertAt(~i, hash, key, value);
    return true;
  }

  /** Fills slot `i` (empty or a tombstone, from `probe`) and grows the table when due. */
  private insertAt(i: number, hash: number, key: string, value: V): void {
    if (this.hashes[i] === EMPTY) this.used++;
    this.hashes[i] = hash;
    this.slots[2 * i] = key;
    this.slots[2 * i + 1] = value;
    this.live++;
    // At most three quarters of the slots in use keeps probes short.
    if (this.used * 4 > this.hashes.length * 3) this.rebuild();
  }

  /** A copy with the same entries. */
  public copy(): KeyDict<V> {
    const copy = new KeyDict<V>();
    copy.hashes = this.hashes.slice();
    copy.slots = this.slots.slice();
    copy.mask = this.mask;
    copy.live = this.live;
    copy.used = this.used;
    return copy;
  }

  public delete(key: string): boolean {
    const i = this.find(key, hashKey(key));
    if (i < 0) return false;
    this.hashes[i] = DELETED;
    this.slots[2 * i] = undefined;
    this.slots[2 * i + 1] = undefined;
    this.live--;
    // Shrink when mostly empty (redis resizes below 10 % use).
    if (this.hashes.length > MIN_CAPACITY && this.live * 8 < this.hashes.length) this.rebuild();
    return true;
  }

  public clear(): void {
    this.hashes = new Int32Array(MIN_CAPACITY);
    this.slots = emptySlots(MIN_CAPACITY);
    this.mask = MIN_CAPACITY - 1;
    this.live = 0;
    this.used = 0;
  }

  /** Re-inserts every live key into a table sized for twice their number, dropping tombstones. */
  private rebuild(): void {
    let capacity = MIN_CAPACITY;
    while (capacity < this.live * 2) capacity *= 2;
    const oldHashes = this.hashes;
    const oldSlots = this.slots;
    const hashes = new Int32Array(capacity);
    const slots = emptySlots(capacity);
    const mask = capacity - 1;
    for (let j = 0; j < oldHashes.length; j++) {
      const h = oldHashes[j];
      if (h === EMPTY || h === DELETED) continue;
      let i = h & mask;
      while (hashes[i] !== EMPTY) i = (i + 1) & mask;
      hashes[i] = h;
      slots[2 * i] = oldSlots[2 * j];
      slots[2 * i + 1] = oldSlots[2 * j + 1];
    }
    this.hashes = hashes;
    this.slots = slots;
    this.mask = mask;
    this.used = this.live;
  }

  public *entries(): IterableIterator<[string, V]> {
    // The arrays of this moment: a rebuild replaces both, so they always agree with each other.
    const hashes = this.hashes;
    const slots = this.slots;
    for (let i = 0; i < hashes.length; i++) {
      if (hashes[i] > DELETED || hashes[i] < 0) yield [slots[2 * i] as string, slots[2 * i + 1] as V];
    }
  }

  public *keys(): IterableIterator<string> {
    const hashes = this.hashes;
    const slots = this.slots;
    for (let i = 0; i < hashes.length; i++) {
      if (hashes[i] > DELETED || hashes[i] < 0) yield slots[2 * i] as string;
    }
  }

  public *values(): IterableIterator<V> {
    const hashes = this.hashes;
    const slots = this.slots;
    for (let i = 0; i < hashes.length; i++) {
      if (hashes[i] > DELETED || hashes[i] < 0) yield slots[2 * i + 1] as V;
    }
  }

  public [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }

  /**
   * SCAN from `cursor` (any number: its low 32 bits, masked, name the first bucket, as in redis):
   * whole buckets until at least `count` keys or ten buckets per key asked for. Returns the next
   * cursor, 0 when the scan is complete.
   */
  public scan(cursor: number, count: number): KeyScanPage {
    const keys: string[] = [];
    if (this.live === 0) return { cursor: 0, keys };
    const hashes = this.hashes;
    const slots = this.slots;
    const mask = this.mask;
    let v = cursor >>> 0;
    let budget = Math.max(1, count) * 10;
    do {
      const bucket = v & mask;
      // The keys whose home is this bucket lie in the run of used slots that starts there.
      for (let i = bucket; hashes[i] !== EMPTY; i = (i + 1) & mask) {
        const h = hashes[i];
        if (h !== DELETED && (h & mask) === bucket) keys.push(slots[2 * i] as string);
      }
      v = nextCursor(v, mask);
    } while (v !== 0 && keys.length < count && --budget > 0);
    return { cursor: v, keys };
  }

  /**
   * Up to `count` distinct keys from consecutive slots after a random one (redis dictGetSomeKeys
   * walks buckets the same way), for eviction and RANDOMKEY.
   */
  public sample(count: number): string[] {
    const out: string[] = [];
    if (this.live === 0) return out;
    const hashes = this.hashes;
    const mask = this.mask;
    let i = Math.floor(Math.random() * hashes.length);
    for (let seen = 0; seen < hashes.length && out.length < count; seen++, i = (i + 1) & mask) {
      const h = hashes[i];
      if (h > DELETED || h < 0) out.push(this.slots[2 * i] as string);
    }
    return out;
  }
}

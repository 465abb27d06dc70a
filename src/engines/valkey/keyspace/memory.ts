/**
 * Memory estimates that follow redis-server's allocations (jemalloc size classes, dict entries,
 * robj headers, sds headers), so `used_memory` and eviction behave as they would on the real
 * server for the same data.
 */

/** Allocation size jemalloc would hand out for a request of n bytes (4 size classes per doubling). */
export function allocSize(n: number): number {
  if (n <= 8) return 8;
  if (n <= 128) return (n + 15) & ~15;
  if (n <= 0x40000000) {
    // Integer-only form of the rule below (list and hash writes ask for every entry).
    const shift = 29 - Math.clz32(n - 1);
    return (((n - 1) >>> shift) + 1) * (1 << shift);
  }
  const group = 31 - Math.clz32(n - 1);
  const spacing = 2 ** (group - 2);
  return Math.ceil(n / spacing) * spacing;
}

/** Bytes of an sds string holding `len` bytes (header by length class + terminator). */
export function sdsSize(len: number): number {
  const header = len < 32 ? 1 : len < 256 ? 3 : len < 65536 ? 5 : len < 4294967296 ? 9 : 17;
  return allocSize(header + len + 1);
}

export const ROBJ_SIZE = 16;
export const DICT_ENTRY_SIZE = 24;
/** Strings up to this length are stored with their robj in one allocation (OBJ_ENCODING_EMBSTR). */
export const EMBSTR_LIMIT = 44;

/**
 * What redis 7 counts for functions before any library exists (the Lua engine's registration and
 * the libraries context): used_memory_functions of a fresh redis-server.
 */
export const FUNCTIONS_BASE_BYTES = 200;

/** Cost of one key in the main dictionary: its entry and its sds key. */
export function keyOverhead(key: string): number {
  return DICT_ENTRY_SIZE + sdsSize(key.length);
}

/**
 * Cost of one key in Valkey 8's main dictionary: the entry holds the key itself (next and value
 * pointers, a byte of metadata, then the key as an sds with at least the 8-bit header), one
 * allocation instead of an entry and a separate key.
 */
export function embeddedKeyOverhead(key: string): number {
  const n = key.length;
  const header = n < 256 ? 3 : n < 65536 ? 5 : n < 4294967296 ? 9 : 17;
  return allocSize(16 + 1 + header + n + 1);
}

/** Cost of a TTL: one entry in the expires dictionary (the key sds is shared). */
export const EXPIRE_ENTRY_SIZE = DICT_ENTRY_SIZE;

/**
 * Buckets of a collection's member dict as redis resizes it: an add that finds the table full
 * grows it to the power of two above the count (_dictExpandIfNeeded), and a delete that leaves it
 * under 10 % full shrinks it to fit, 4 at least (htNeedsResize, then dictResize, after deletes in
 * hashes and sets). Between the two the table keeps its size. Incremental rehashing, during which
 * redis counts the old table too, is not modelled: how many steps it takes follows the hash seed.
 */
export const dictSlots = {
  /** A dict presized for n entries (dictExpand at a conversion or a copy). */
  for(n: number): number {
    return dictTableSize(n) / 8;
  },
  afterAdd(slots: number, used: number): number {
    return used > slots ? dictTableSize(used) / 8 : slots;
  },
  afterDelete(slots: number, used: number): number {
    return slots > 4 && Math.floor((used * 100) / slots) < 10 ? dictTableSize(Math.max(used, 4)) / 8 : slots;
  },
};

/** Bucket array of a dict holding n entries (power-of-two table of 8-byte pointers). */
export function dictTableSize(n: number): number {
  if (n === 0) return 0;
  if (n <= 4) return 32;
  // The next power of two from n (eviction checks this on every command: a shift, not Math.pow).
  if (n <= 0x40000000) return (1 << (32 - Math.clz32(n - 1))) * 8;
  let size = 4;
  while (size < n) size *= 2;
  return size * 8;
}

/**
 * Where an item's fields live inside its slab chunk. The header mirrors memcached's `struct
 * _stritem` (48 bytes, plus 8 for the CAS value when CAS is enabled), so an item never needs more
 * room than memcached's own `ITEM_ntotal` and class selection matches byte for byte.
 *
 *   0 next (f64)   8 prev (f64)   16 h_next (f64)   24 time (u32)   28 exptime (u32)
 *   32 nbytes (u32, value + CRLF)   36 client flags (u32)   40 it_flags (u16)
 *   42 class|lru (u8)   43 nkey (u8)   44 hash value (u32)   48 cas lo/hi (u32 × 2, if CAS)
 *   then the key, then the value with its trailing "\r\n".
 *
 * Large items (above `slab_chunk_max`) keep only the header and key in their own chunk, followed
 * by the ref of the first data chunk; data chunks hold `next` at 0, the owner at 16 and data
 * from byte 48 (memcached's `sizeof(item_chunk)`).
 */

export const F_NEXT = 0;
export const F_PREV = 8;
export const F_HNEXT = 16;
export const F_TIME = 24;
export const F_EXPTIME = 28;
export const F_NBYTES = 32;
export const F_CLIENT_FLAGS = 36;
export const F_IT_FLAGS = 40;
export const F_CLSID = 42;
export const F_NKEY = 43;
export const F_HV = 44;
export const F_CAS = 48;
export const KEY_OFFSET_CAS = 56;
export const KEY_OFFSET_NO_CAS = 48;

/** Data chunk fields. */
export const C_NEXT = 0;
export const C_HEAD = 16;
export const C_DATA = 48;

// memcached's it_flags bits.
export const ITEM_LINKED = 1;
export const ITEM_CAS = 2;
export const ITEM_SLABBED = 4;
export const ITEM_FETCHED = 8;
export const ITEM_ACTIVE = 16;
export const ITEM_CHUNKED = 32;
export const ITEM_CHUNK = 64;
export const ITEM_CFLAGS = 256;
export const ITEM_TOKEN_SENT = 512;
export const ITEM_STALE = 1024;
export const ITEM_KEY_BINARY = 2048;

// LRU ids are OR-ed into the class id, as in memcached.
export const HOT_LRU = 0;
export const WARM_LRU = 64;
export const COLD_LRU = 128;
export const TEMP_LRU = 192;
export const LRU_ID_SPACE = 256;
export const KEY_MAX_LENGTH = 250;

/** The class part of a class|lru byte. */
export function clsOf(id: number): number {
  return id & 63; // eslint-disable-line no-bitwise
}

/** The lru part of a class|lru byte. */
export function lruOf(id: number): number {
  return id & 192; // eslint-disable-line no-bitwise
}

/** memcached's `ITEM_ntotal`: the item's accounted size. */
export function itemNtotal(nkey: number, clientFlags: number, nbytes: number, useCas: boolean): number {
  return 48 + nkey + 1 + (clientFlags !== 0 ? 4 : 0) + nbytes + (useCas ? 8 : 0);
}

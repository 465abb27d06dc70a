/* eslint-disable no-bitwise */
// Hashing is bit arithmetic by nature; the rule against bitwise operators does not apply here.

/**
 * MurmurHash3 (x86, 32-bit) over a byte range: the hash memcached uses for its hash table by
 * default. Only the bucket spread depends on it, so `hash_algorithm` is reported, not switched.
 */
export function murmur3(buf: Uint8Array, start: number, len: number, seed = 0): number {
  let h = seed >>> 0;
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  const blocks = len & ~3;
  let i = start;
  const stop = start + blocks;
  while (i < stop) {
    let k = buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
    i += 4;
  }
  const tail = len & 3;
  if (tail !== 0) {
    let k1 = 0;
    if (tail === 3) k1 ^= buf[i + 2] << 16;
    if (tail >= 2) k1 ^= buf[i + 1] << 8;
    k1 ^= buf[i];
    k1 = Math.imul(k1, c1);
    k1 = (k1 << 15) | (k1 >>> 17);
    k1 = Math.imul(k1, c2);
    h ^= k1;
  }
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

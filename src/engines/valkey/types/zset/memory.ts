/**
 * Byte estimates of a sorted set as redis-server lays it out: the exact size of its listpack, or
 * the skiplist + dictionary allocations, so MEMORY USAGE and used_memory follow the real server.
 */
import { formatDouble17 } from '../../../resp/format-double';
import { allocSize, DICT_ENTRY_SIZE, sdsSize } from '../../keyspace/memory';
import { parseInt64 } from '../../util/numbers';

/** Listpack header (total bytes + element count) and end marker. */
export const LISTPACK_EMPTY_BYTES = 7;
/** Largest |score| redis stores in a listpack as an integer (double2ll's range). */
const LISTPACK_INT_SCORE_LIMIT = 2 ** 62;

function backlenSize(encodedLen: number): number {
  if (encodedLen <= 127) return 1;
  if (encodedLen < 16383) return 2;
  if (encodedLen < 2097151) return 3;
  if (encodedLen < 268435455) return 4;
  return 5;
}

function stringEntrySize(len: number): number {
  const encoded = len < 64 ? 1 + len : len < 4096 ? 2 + len : 5 + len;
  return encoded + backlenSize(encoded);
}

function intEntrySize(v: number): number {
  let encoded: number;
  if (v >= 0 && v <= 127) encoded = 1;
  else if (v >= -4096 && v <= 4095) encoded = 2;
  else if (v >= -32768 && v <= 32767) encoded = 3;
  else if (v >= -8388608 && v <= 8388607) encoded = 4;
  else if (v >= -2147483648 && v <= 2147483647) encoded = 5;
  else encoded = 9;
  return encoded + 1;
}

/** Bytes of a member's listpack entry (integer-looking strings are stored as integers). */
export function memberEntrySize(ele: string): number {
  const len = ele.length;
  if (len > 0 && len <= 20) {
    const c = ele.charCodeAt(0);
    if ((c >= 48 && c <= 57) || c === 45) {
      const v = parseInt64(ele);
      if (v !== undefined) return intEntrySize(v);
    }
  }
  return stringEntrySize(len);
}

/** True when a listpack stores the score as an integer (redis double2ll). */
export function isListpackIntegerScore(score: number): boolean {
  return Number.isInteger(score) && score >= -LISTPACK_INT_SCORE_LIMIT && score <= LISTPACK_INT_SCORE_LIMIT;
}

/** Bytes of a score's listpack entry: an integer, or its `%.17g` text. */
export function scoreEntrySize(score: number): number {
  if (isListpackIntegerScore(score)) return intEntrySize(score);
  return stringEntrySize(formatDouble17(score).length);
}

/**
 * Bytes of one skiplist element in redis: its sds, its dictionary entry and its node (24 bytes
 * plus 16 per level).
 */
export function skiplistElementSize(ele: string): number {
  return sdsSize(ele.length) + DICT_ENTRY_SIZE + SKIPLIST_NODE_BYTES;
}

/**
 * A node's expected allocation: redis draws each node's level at random (one more level with
 * probability 1/4, at most 32), so three nodes in four take 48 bytes and the rest 64, 80, 96…
 * (about 53 on average, where a 48-byte figure would undercount large sets by several percent).
 */
function expectedNodeBytes(): number {
  const p = 0.25;
  let bytes = 0;
  let reach = 1;
  for (let level = 1; level < 32; level++) {
    bytes += reach * (1 - p) * allocSize(24 + 16 * level);
    reach *= p;
  }
  return Math.round(bytes + reach * allocSize(24 + 16 * 32));
}

const SKIPLIST_NODE_BYTES = expectedNodeBytes();

/**
 * Fixed part of a skiplist-encoded zset: the zset, zskiplist and dict structures and the header
 * node with its 32 levels.
 */
export const SKIPLIST_FIXED_BYTES = 16 + 32 + allocSize(56) + allocSize(24 + 16 * 32);

/**
 * RDB format constants (redis rdb.h): value type bytes, opcodes, length/string encodings, and the
 * format version each emulated server version writes.
 */
import { compareVersions } from '../../table/registry';

/** Value types: the first byte of a DUMP payload and of every key record in a file. */
export const RDB_TYPE = {
  STRING: 0,
  LIST: 1,
  SET: 2,
  ZSET: 3,
  HASH: 4,
  ZSET_2: 5,
  MODULE_PRE_GA: 6,
  MODULE_2: 7,
  HASH_ZIPMAP: 9,
  LIST_ZIPLIST: 10,
  SET_INTSET: 11,
  ZSET_ZIPLIST: 12,
  HASH_ZIPLIST: 13,
  LIST_QUICKLIST: 14,
  STREAM_LISTPACKS: 15,
  HASH_LISTPACK: 16,
  ZSET_LISTPACK: 17,
  LIST_QUICKLIST_2: 18,
  STREAM_LISTPACKS_2: 19,
  /** Redis / Valkey 7.2 (RDB 11). */
  SET_LISTPACK: 20,
  STREAM_LISTPACKS_3: 21,
} as const;

/** Opcodes of an RDB file (never valid as value types). */
export const RDB_OPCODE = {
  FUNCTION2: 245,
  FUNCTION_PRE_GA: 246,
  MODULE_AUX: 247,
  IDLE: 248,
  FREQ: 249,
  AUX: 250,
  RESIZEDB: 251,
  EXPIRETIME_MS: 252,
  EXPIRETIME: 253,
  SELECTDB: 254,
  EOF: 255,
} as const;

/** Length-prefix kinds (top two bits of the first byte). */
export const RDB_LEN = { BITS6: 0, BITS14: 1, BITS32: 0x80, BITS64: 0x81, ENCVAL: 3 } as const;

/** Special string encodings after an ENCVAL prefix. */
export const RDB_ENC = { INT8: 0, INT16: 1, INT32: 2, LZF: 3 } as const;

/** Quicklist node containers (QUICKLIST_NODE_CONTAINER_*). */
export const QUICKLIST_CONTAINER = { PLAIN: 1, PACKED: 2 } as const;

/** redis 7.0 writes RDB 10; redis/Valkey 7.2 write RDB 11. */
export function rdbVersionFor(serverVersion: string): number {
  return compareVersions(serverVersion, '7.2.0') >= 0 ? 11 : 10;
}

/** rdbIsObjectType: the type bytes a value may start with (7.2 adds set listpacks and stream v3). */
export function isObjectType(t: number, rdbVersion: number): boolean {
  return (t >= 0 && t <= 7) || (t >= 9 && t <= (rdbVersion >= 11 ? 21 : 19));
}

/**
 * Command flags as bits, named as COMMAND INFO names them, plus the internal flags redis keeps
 * without reporting them (may_replicate, protected).
 */
export const CMD = {
  WRITE: 1 << 0,
  READONLY: 1 << 1,
  DENYOOM: 1 << 2,
  MODULE: 1 << 3,
  ADMIN: 1 << 4,
  PUBSUB: 1 << 5,
  NOSCRIPT: 1 << 6,
  BLOCKING: 1 << 7,
  LOADING: 1 << 8,
  STALE: 1 << 9,
  SKIP_MONITOR: 1 << 10,
  SKIP_SLOWLOG: 1 << 11,
  ASKING: 1 << 12,
  FAST: 1 << 13,
  NO_AUTH: 1 << 14,
  MAY_REPLICATE: 1 << 15,
  NO_MANDATORY_KEYS: 1 << 16,
  PROTECTED: 1 << 17,
  NO_ASYNC_LOADING: 1 << 18,
  NO_MULTI: 1 << 19,
  MOVABLE_KEYS: 1 << 20,
  ALLOW_BUSY: 1 << 21,
} as const;

/** Reported flag names, in the order redis lists them. */
export const FLAG_NAMES: ReadonlyArray<[string, number]> = [
  ['write', CMD.WRITE],
  ['readonly', CMD.READONLY],
  ['denyoom', CMD.DENYOOM],
  ['module', CMD.MODULE],
  ['admin', CMD.ADMIN],
  ['pubsub', CMD.PUBSUB],
  ['noscript', CMD.NOSCRIPT],
  ['blocking', CMD.BLOCKING],
  ['loading', CMD.LOADING],
  ['stale', CMD.STALE],
  ['skip_monitor', CMD.SKIP_MONITOR],
  ['skip_slowlog', CMD.SKIP_SLOWLOG],
  ['asking', CMD.ASKING],
  ['fast', CMD.FAST],
  ['no_auth', CMD.NO_AUTH],
  ['may_replicate', CMD.MAY_REPLICATE],
  ['no_mandatory_keys', CMD.NO_MANDATORY_KEYS],
  ['protected', CMD.PROTECTED],
  ['no_async_loading', CMD.NO_ASYNC_LOADING],
  ['no_multi', CMD.NO_MULTI],
  ['movablekeys', CMD.MOVABLE_KEYS],
  ['allow_busy', CMD.ALLOW_BUSY],
];

const BY_NAME = new Map(FLAG_NAMES);

/** Turns flag names into bits; unknown names throw, so a typo in a family table fails at start. */
export function flagBits(names: readonly string[]): number {
  let bits = 0;
  for (const n of names) {
    const bit = BY_NAME.get(n);
    if (bit === undefined) throw new Error(`unknown command flag '${n}'`);
    bits |= bit;
  }
  return bits;
}

/** ACL categories in the order `ACL CAT` lists them; the index is the category's bit. */
export const ACL_CATEGORIES: readonly string[] = [
  'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog',
  'geo', 'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection',
  'transaction', 'scripting',
];

export function aclCategoryBits(names: readonly string[]): number {
  let bits = 0;
  for (const n of names) {
    const i = ACL_CATEGORIES.indexOf(n.replace(/^@/, ''));
    if (i < 0) throw new Error(`unknown ACL category '${n}'`);
    bits |= 1 << i;
  }
  return bits;
}

/**
 * Encoding limits of lists, hashes and sets, read once per server and followed as CONFIG SET
 * changes them (commands consult them on every write, so they are kept out of the Config lookups),
 * and the version gates for Valkey 7.2's listpack lists and sets.
 */
import type { ValkeyServer } from '../server/server';

export interface CollectionLimits {
  /** list-max-listpack-size (the quicklist `fill`). */
  listFill: number;
  /** list-compress-depth (the quicklist `compress`). */
  listCompress: number;
  hashEntries: number;
  hashValue: number;
  setIntsetEntries: number;
  setListpackEntries: number;
  setListpackValue: number;
  /** Small lists are listpacks (Valkey/Redis 7.2); redis 7.0 always uses quicklists. */
  readonly listpackLists: boolean;
  /** Small sets of strings are listpacks (Valkey/Redis 7.2); redis 7.0 goes straight to hashtables. */
  readonly listpackSets: boolean;
  /**
   * A set member alone in its hashtable bucket needs no dictionary entry (7.2's no-value
   * dictionaries); redis 7.0 gives every member one.
   */
  readonly setEntriesWithoutValue: boolean;
}

const LIMITS = new WeakMap<ValkeyServer, CollectionLimits>();

const PARAMS: readonly [string, keyof CollectionLimits][] = [
  ['list-max-listpack-size', 'listFill'],
  ['list-compress-depth', 'listCompress'],
  ['hash-max-listpack-entries', 'hashEntries'],
  ['hash-max-listpack-value', 'hashValue'],
  ['set-max-intset-entries', 'setIntsetEntries'],
  ['set-max-listpack-entries', 'setListpackEntries'],
  ['set-max-listpack-value', 'setListpackValue'],
];

export function collectionLimits(server: ValkeyServer): CollectionLimits {
  let limits = LIMITS.get(server);
  if (limits) return limits;
  const cfg = server.config;
  const is72 = server.since72;
  const l: Record<string, number | boolean> = { listpackLists: is72, listpackSets: is72, setEntriesWithoutValue: is72 };
  for (const [name, field] of PARAMS) {
    l[field] = cfg.num(name);
    cfg.onChange(name, (v) => { l[field] = v as number; });
  }
  limits = l as unknown as CollectionLimits;
  LIMITS.set(server, limits);
  return limits;
}

/**
 * Key specifications (COMMAND INFO's key_specs) as data, and the generic key finder redis runs over
 * them (`getKeysUsingKeySpecs`). Used by COMMAND GETKEYS, ACL key checks and cluster routing.
 */
import type { SpecValue } from './spec-data';

export type BeginSearch =
  | { readonly type: 'index'; readonly pos: number }
  | { readonly type: 'keyword'; readonly keyword: string; readonly startFrom: number }
  | { readonly type: 'unknown' };

export type FindKeys =
  | { readonly type: 'range'; readonly lastKey: number; readonly keyStep: number; readonly limit: number }
  | { readonly type: 'keynum'; readonly keyNumIdx: number; readonly firstKey: number; readonly keyStep: number }
  | { readonly type: 'unknown' };

export interface KeySpec {
  /** RW, RO, OW, RM, access, update, insert, delete, not_key, incomplete, variable_flags. */
  readonly flags: readonly string[];
  readonly beginSearch: BeginSearch;
  readonly findKeys: FindKeys;
}

/** One key found in an argument vector: its position and its spec's flags. */
export interface KeyRef {
  readonly pos: number;
  readonly flags: readonly string[];
}

function mapEntries(v: SpecValue | undefined): Map<string, SpecValue> {
  const out = new Map<string, SpecValue>();
  if (v && typeof v === 'object' && 'm' in v) {
    for (let i = 0; i < v.m.length; i += 2) out.set(String(v.m[i]), v.m[i + 1]);
  }
  return out;
}

function names(v: SpecValue | undefined): string[] {
  if (v && typeof v === 'object' && 't' in v) return v.t.map((x) => (typeof x === 'object' && x && 's' in x ? x.s : String(x)));
  return [];
}

/** Reads a key spec from the captured COMMAND INFO data. */
export function parseKeySpec(v: SpecValue): KeySpec {
  const m = mapEntries(v);
  const bs = mapEntries(m.get('begin_search'));
  const bsSpec = mapEntries(bs.get('spec'));
  let beginSearch: BeginSearch = { type: 'unknown' };
  if (bs.get('type') === 'index') {
    beginSearch = { type: 'index', pos: Number(bsSpec.get('index')) };
  } else if (bs.get('type') === 'keyword') {
    beginSearch = { type: 'keyword', keyword: String(bsSpec.get('keyword')), startFrom: Number(bsSpec.get('startfrom')) };
  }
  const fk = mapEntries(m.get('find_keys'));
  const fkSpec = mapEntries(fk.get('spec'));
  let findKeys: FindKeys = { type: 'unknown' };
  if (fk.get('type') === 'range') {
    findKeys = {
      type: 'range',
      lastKey: Number(fkSpec.get('lastkey')),
      keyStep: Number(fkSpec.get('keystep')),
      limit: Number(fkSpec.get('limit')),
    };
  } else if (fk.get('type') === 'keynum') {
    findKeys = {
      type: 'keynum',
      keyNumIdx: Number(fkSpec.get('keynumidx')),
      firstKey: Number(fkSpec.get('firstkey')),
      keyStep: Number(fkSpec.get('keystep')),
    };
  }
  return { flags: names(m.get('flags')), beginSearch, findKeys };
}

function isStrictNonNegativeInt(s: string): number | undefined {
  if (!/^(0|[1-9][0-9]{0,17})$/.test(s)) return undefined;
  return Number(s);
}

/**
 * Finds keys with the specs. Returns undefined when a spec cannot be applied (unknown type, bad
 * numkeys, positions out of range): the caller then falls back to the command's own key finder.
 * Specs flagged `not_key` are skipped unless `includeNotKeys`.
 */
export function keysFromSpecs(
  specs: readonly KeySpec[], argv: readonly string[], arity: number, includeNotKeys = false,
): KeyRef[] | undefined {
  const argc = argv.length;
  const keys: KeyRef[] = [];
  for (const spec of specs) {
    if (spec.flags.includes('not_key') && !includeNotKeys) continue;
    let first = 0;
    const bs = spec.beginSearch;
    if (bs.type === 'index') {
      first = bs.pos;
    } else if (bs.type === 'keyword') {
      const start = bs.startFrom > 0 ? bs.startFrom : argc + bs.startFrom;
      const end = bs.startFrom > 0 ? argc - 1 : 1;
      for (let i = start; i !== end; i = start <= end ? i + 1 : i - 1) {
        if (i >= argc || i < 1) break;
        if (argv[i].toLowerCase() === bs.keyword.toLowerCase()) {
          first = i + 1;
          break;
        }
      }
      if (!first) continue;
    } else {
      return undefined;
    }
    let last: number;
    let step: number;
    const fk = spec.findKeys;
    if (fk.type === 'range') {
      step = fk.keyStep;
      if (fk.lastKey >= 0) last = first + fk.lastKey;
      else if (!fk.limit) last = argc + fk.lastKey;
      else last = first + (Math.trunc((argc - first) / fk.limit) + fk.lastKey);
    } else if (fk.type === 'keynum') {
      step = fk.keyStep;
      const idx = first + fk.keyNumIdx;
      if (idx >= argc) return undefined;
      const numKeys = isStrictNonNegativeInt(argv[idx]);
      if (numKeys === undefined) return undefined;
      first += fk.firstKey;
      last = first + numKeys - 1;
    } else {
      return undefined;
    }
    // Out of bounds (including a numkeys of 0) makes the spec unusable, as in redis.
    if (last >= argc || last < first || first >= argc) return undefined;
    for (let i = first; i <= last; i += step) {
      if (i >= argc || i < first) {
        if (arity < 0) continue;
        return undefined;
      }
      keys.push({ pos: i, flags: spec.flags });
    }
  }
  return keys;
}

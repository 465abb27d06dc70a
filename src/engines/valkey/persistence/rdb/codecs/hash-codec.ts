/**
 * Hashes: listpacks as their bytes (RDB_TYPE_HASH_LISTPACK), hashtables as field/value pairs
 * (RDB_TYPE_HASH, in our iteration order where redis uses its hash order). Also loads the older
 * ziplist and zipmap forms. Encodings after loading follow rdbLoadObject's rules.
 */
import { collectionLimits } from '../../../types/collection-limits';
import { HashValue } from '../../../types/hash/hash-value';
import type { TypeCodec } from '../codec';
import { RDB_TYPE } from '../constants';
import { ListpackBuilder, parseListpack } from '../listpack';
import { RdbFormatError } from '../rdb-reader';
import { parseZiplist, parseZipmap } from '../ziplist';

/** Largest listpack redis builds by appending (lpSafeToAdd's LISTPACK_MAX_SAFETY_SIZE). */
const LISTPACK_MAX_SAFETY_SIZE = 1 << 30;

function duplicate(): never {
  throw new RdbFormatError('Duplicate hash fields detected');
}

/**
 * A hash from flat field/value pairs kept in a listpack, converted to a hashtable when it has more
 * fields than `maxEntries` (or, for zipmaps, a longer field or value than `maxValue`).
 */
function fromPairs(flat: readonly string[], maxEntries: number, maxValue: number): HashValue | undefined {
  if (flat.length % 2 !== 0) throw new RdbFormatError('odd number of hash elements');
  if (flat.length === 0) return undefined;
  const hash = new HashValue();
  let longest = 0;
  for (const s of flat) if (s.length > longest) longest = s.length;
  if (flat.length / 2 > maxEntries || longest > maxValue) hash.convertToHashtable();
  const seen = hash.isListpack ? new Set<string>() : undefined;
  for (let i = 0; i < flat.length; i += 2) {
    const field = flat[i];
    if (seen) {
      if (seen.has(field)) duplicate();
      seen.add(field);
    }
    if (!hash.set(field, flat[i + 1])) duplicate();
  }
  hash.compact();
  return hash;
}

export const HASH_CODEC: TypeCodec = {
  valueType: 'hash',
  loads: [RDB_TYPE.HASH, RDB_TYPE.HASH_ZIPMAP, RDB_TYPE.HASH_ZIPLIST, RDB_TYPE.HASH_LISTPACK],
  typeOf: (value) => ((value as HashValue).isListpack ? RDB_TYPE.HASH_LISTPACK : RDB_TYPE.HASH),
  save(value, w) {
    const hash = value as HashValue;
    if (hash.isListpack) {
      const lp = new ListpackBuilder();
      for (const [f, v] of hash.entries()) {
        lp.append(f);
        lp.append(v);
      }
      w.rawString(lp.finish());
      return;
    }
    w.len(hash.length);
    for (const [f, v] of hash.entries()) {
      w.string(f);
      w.string(v);
    }
  },
  load(type, r, ctx) {
    const limits = collectionLimits(ctx.server);
    switch (type) {
      case RDB_TYPE.HASH_LISTPACK:
        return fromPairs(parseListpack(r.stringBytes()).map((e) => e.s), limits.hashEntries, Infinity);
      case RDB_TYPE.HASH_ZIPLIST:
        return fromPairs(parseZiplist(r.stringBytes()), limits.hashEntries, Infinity);
      case RDB_TYPE.HASH_ZIPMAP:
        return fromPairs(parseZipmap(r.stringBytes()), limits.hashEntries, limits.hashValue);
      default: {
        // RDB_TYPE_HASH: a listpack until a field or value is too long for one.
        const len = r.len();
        if (len === 0) return undefined;
        const hash = new HashValue();
        if (len > limits.hashEntries) hash.convertToHashtable();
        const seen = hash.isListpack ? new Set<string>() : undefined;
        let bytes = 0;
        for (let i = 0; i < len; i++) {
          const field = r.string();
          const value = r.string();
          if (hash.isListpack) {
            if (seen!.has(field)) throw new RdbFormatError('Hash with dup elements');
            seen!.add(field);
            bytes += field.length + value.length;
            if (field.length > limits.hashValue || value.length > limits.hashValue || bytes > LISTPACK_MAX_SAFETY_SIZE) {
              hash.convertToHashtable();
            }
          }
          if (!hash.set(field, value)) duplicate();
        }
        hash.compact();
        return hash;
      }
    }
  },
};

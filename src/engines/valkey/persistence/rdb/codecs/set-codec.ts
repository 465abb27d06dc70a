/**
 * Sets: intsets as their blob (RDB_TYPE_SET_INTSET), 7.2 listpack sets as their listpack
 * (RDB_TYPE_SET_LISTPACK), hashtables as a member list (RDB_TYPE_SET, in our iteration order where
 * redis uses its hash order). Loading applies redis' encoding choices for the emulated version.
 */
import { isIntEncodable } from '../../../keyspace/values';
import { CollectionLimits, collectionLimits } from '../../../types/collection-limits';
import { SetEncoding, SetValue } from '../../../types/set/set-value';
import type { LoadContext, TypeCodec } from '../codec';
import { RDB_TYPE } from '../constants';
import { buildIntset, parseIntset } from '../intset';
import { buildListpack, parseListpack } from '../listpack';
import { RdbFormatError, RdbReader } from '../rdb-reader';

/** redis caps intsets at 2^30 entries whatever set-max-intset-entries says. */
const INTSET_HARD_LIMIT = 2 ** 30;

function duplicate(): never {
  throw new RdbFormatError('Duplicate set members detected');
}

/** RDB_TYPE_SET: members one by one, into the encoding redis picks as they arrive. */
function loadMembers(r: RdbReader, limits: CollectionLimits): SetValue | undefined {
  const len = r.len();
  if (len === 0) return undefined;
  const maxIntset = Math.min(limits.setIntsetEntries, INTSET_HARD_LIMIT);
  let set = new SetValue(len > maxIntset ? SetEncoding.HASHTABLE : SetEncoding.INTSET);
  let maxLen = 0;
  for (let i = 0; i < len; i++) {
    const m = r.string();
    if (m.length > maxLen) maxLen = m.length;
    if (set.setEncoding === SetEncoding.INTSET && !isIntEncodable(m)) {
      // 7.2 keeps a few short members in a listpack; otherwise (and always in 7.0) a hashtable.
      const toListpack = limits.listpackSets && set.length < limits.setListpackEntries && maxLen <= limits.setListpackValue;
      const next = new SetValue(toListpack ? SetEncoding.LISTPACK : SetEncoding.HASHTABLE);
      for (const existing of set.members()) next.add(existing, limits);
      set = next;
    }
    if (set.setEncoding === SetEncoding.LISTPACK && !(set.length < limits.setListpackEntries && m.length <= limits.setListpackValue)) {
      const next = new SetValue(SetEncoding.HASHTABLE);
      for (const existing of set.members()) next.add(existing, limits);
      set = next;
    }
    if (set.has(m)) duplicate();
    if (set.setEncoding === SetEncoding.INTSET) {
      // Adding to an intset never converts here: the size was checked up front.
      set.add(m, { ...limits, setIntsetEntries: INTSET_HARD_LIMIT });
    } else {
      set.add(m, limits);
    }
  }
  set.compact();
  return set;
}

export const SET_CODEC: TypeCodec = {
  valueType: 'set',
  loads: [RDB_TYPE.SET, RDB_TYPE.SET_INTSET, RDB_TYPE.SET_LISTPACK],
  typeOf(value) {
    const e = (value as SetValue).setEncoding;
    return e === SetEncoding.INTSET ? RDB_TYPE.SET_INTSET : e === SetEncoding.LISTPACK ? RDB_TYPE.SET_LISTPACK : RDB_TYPE.SET;
  },
  save(value, w) {
    const set = value as SetValue;
    switch (set.setEncoding) {
      case SetEncoding.INTSET:
        w.rawString(buildIntset(set.members(), set.intsetWidth));
        return;
      case SetEncoding.LISTPACK:
        w.rawString(buildListpack(set.members()));
        return;
      default:
        w.len(set.length);
        for (const m of set.members()) w.string(m);
    }
  },
  load(type, r, ctx: LoadContext) {
    const limits = collectionLimits(ctx.server);
    if (type === RDB_TYPE.SET) return loadMembers(r, limits);
    if (type === RDB_TYPE.SET_INTSET) {
      const { members, width } = parseIntset(r.stringBytes());
      const set = SetValue.fromIntset(members, width);
      if (members.length <= limits.setIntsetEntries) return set;
      const table = new SetValue(SetEncoding.HASHTABLE);
      for (const m of members) table.add(m, limits);
      return table;
    }
    // SET_LISTPACK (7.2).
    const elements = parseListpack(r.stringBytes());
    if (elements.length === 0) return undefined;
    const big = elements.length > limits.setListpackEntries;
    const set = new SetValue(big ? SetEncoding.HASHTABLE : SetEncoding.LISTPACK);
    for (const e of elements) {
      if (set.has(e.s)) duplicate();
      // Members join as they are (a listpack is kept whatever its members' lengths).
      if (big) set.add(e.s, limits);
      else set.add(e.s, { ...limits, setListpackEntries: Infinity, setListpackValue: Infinity });
    }
    set.compact();
    return set;
  },
};

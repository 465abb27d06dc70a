/**
 * The set value, in the three layouts redis uses:
 * - intset: integers only, kept sorted (SMEMBERS answers in ascending order, as redis does);
 * - listpack (Valkey 7.2): a few short strings, in insertion order;
 * - hashtable: a dense array plus a KeyDict from member to its index, so membership, removal
 *   and random picks (SPOP, SRANDMEMBER) are all O(1), and SSCAN walks the KeyDict's buckets.
 * Conversions follow redis' setTypeAdd/setTypeCreate rules for the emulated version.
 */
import { KeyDict } from '../../keyspace/key-dict';
import { allocSize, DICT_ENTRY_SIZE, dictSlots, ROBJ_SIZE, sdsSize } from '../../keyspace/memory';
import { CollectionValue, isIntEncodable, StoredValue, ValueType } from '../../keyspace/values';
import type { CollectionLimits } from '../collection-limits';
import { LISTPACK_EMPTY_BYTES, memberEntrySize } from '../zset/memory';

export enum SetEncoding {
  INTSET = 0,
  LISTPACK = 1,
  HASHTABLE = 2,
}

const ENCODING_NAMES = ['intset', 'listpack', 'hashtable'];
/** dict struct of a hashtable-encoded set. */
const DICT_BYTES = 56;
/** intset header (encoding + length). */
const INTSET_HEADER = 8;
/** Members up to which the member array is re-allocated to its exact size after a write. */
const COMPACT_MEMBERS = 16;
/** redis caps intsets at 2^30 entries whatever set-max-intset-entries says. */
const INTSET_HARD_LIMIT = 2 ** 30;

/** Compares two canonical integer strings numerically (exact beyond 2^53). */
export function compareIntStrings(a: string, b: string): number {
  const na = a.charCodeAt(0) === 45;
  const nb = b.charCodeAt(0) === 45;
  if (na !== nb) return na ? -1 : 1;
  let cmp: number;
  if (a.length !== b.length) cmp = a.length < b.length ? -1 : 1;
  else cmp = a < b ? -1 : a > b ? 1 : 0;
  return na ? -cmp : cmp;
}

/** Bytes per element an intset needs for this integer (2, 4 or 8). */
function intWidth(s: string): number {
  const n = Number(s);
  if (n >= -32768 && n <= 32767) return 2;
  if (n >= -2147483648 && n <= 2147483647) return 4;
  return 8;
}

/** A hashtable member's own bytes (its sds); the dictionary entries are counted apart. */
function hashtableMemberBytes(member: string): number {
  return sdsSize(member.length);
}

/** An entry of 7.2's no-value dictionary: the key and the next entry of its bucket. */
const NO_VALUE_ENTRY_SIZE = 16;

/**
 * Dictionary entries of a hashtable set of `n` members in `slots` buckets. Redis 7.0 gives each
 * member an entry. From 7.2 a member alone in its bucket is stored in the bucket itself, and each
 * further member of a bucket gets a 16-byte entry: `n` minus the buckets in use, whose expected
 * number is slots × (1 − (1 − 1/slots)^n). The real count follows the server's random hash seed
 * (valkey-server's figure for one set moves by a few percent from one start to the next); this is
 * its expected value.
 */
function dictEntriesBytes(n: number, slots: number, withoutValue: boolean): number {
  if (!withoutValue) return n * DICT_ENTRY_SIZE;
  if (slots === 0 || n === 0) return 0;
  const used = slots * (1 - Math.pow(1 - 1 / slots, n));
  return Math.round(n - used) * NO_VALUE_ENTRY_SIZE;
}

export class SetValue extends CollectionValue {
  /** The set redis creates for a first member and an expected size (setTypeCreate). */
  public static create(first: string, sizeHint: number, limits: CollectionLimits): SetValue {
    const isInt = isIntEncodable(first);
    if (!limits.listpackSets) return new SetValue(isInt ? SetEncoding.INTSET : SetEncoding.HASHTABLE);
    if (isInt && sizeHint <= limits.setIntsetEntries) return new SetValue(SetEncoding.INTSET);
    if (sizeHint <= limits.setListpackEntries) return new SetValue(SetEncoding.LISTPACK);
    return new SetValue(SetEncoding.HASHTABLE);
  }

  /**
   * An intset of ascending integer members stored `width` bytes each, as an RDB payload holds it
   * (an intset never narrows, so a restored one keeps its width).
   */
  public static fromIntset(sorted: readonly string[], width: number): SetValue {
    const set = new SetValue(SetEncoding.INTSET);
    set.items = sorted.slice();
    set.width = width;
    return set;
  }

  private enc: SetEncoding;
  /** intset: ascending; listpack: insertion order; hashtable: dense, any order. */
  private items: string[] = [];
  /** hashtable only: member → position in `items`. */
  private index: KeyDict<number> | undefined;
  private width = 2;
  /** Listpack bytes, or the hashtable members' own bytes (their entries are counted apart). */
  private bytes = 0;
  /** Buckets of redis' member dict while a hashtable (dictSlots). */
  private slots = 0;
  /** Members alone in their bucket need no entry (from 7.2; see CollectionLimits). */
  private entriesWithoutValue = false;

  constructor(encoding: SetEncoding) {
    super();
    this.enc = SetEncoding.INTSET;
    if (encoding === SetEncoding.LISTPACK) this.toListpack();
    else if (encoding === SetEncoding.HASHTABLE) this.toHashtable();
  }

  public get type(): ValueType {
    return 'set';
  }

  public get setEncoding(): SetEncoding {
    return this.enc;
  }

  public encoding(): string {
    return ENCODING_NAMES[this.enc];
  }

  public get length(): number {
    return this.items.length;
  }

  public memoryUsage(): number {
    switch (this.enc) {
      case SetEncoding.INTSET: return ROBJ_SIZE + allocSize(INTSET_HEADER + this.items.length * this.width);
      case SetEncoding.LISTPACK: return ROBJ_SIZE + allocSize(this.bytes);
      default: return ROBJ_SIZE + DICT_BYTES + this.slots * 8 + this.bytes
        + dictEntriesBytes(this.items.length, this.slots, this.entriesWithoutValue);
    }
  }

  public clone(): StoredValue {
    const copy = new SetValue(this.enc);
    copy.items = this.items.slice();
    copy.width = this.width;
    copy.bytes = this.bytes;
    copy.entriesWithoutValue = this.entriesWithoutValue;
    if (this.index) copy.index = this.index.copy();
    // setTypeDup presizes the copy's dict for its members.
    copy.slots = dictSlots.for(this.index ? this.items.length : 0);
    return copy;
  }

  /** Bytes per element of an intset (2, 4 or 8; it only ever widens). */
  public get intsetWidth(): number {
    return this.width;
  }

  /** Members in the order SMEMBERS and SSCAN return them. Do not modify. */
  public members(): readonly string[] {
    return this.items;
  }

  /** Iterates the members in set order (sorted-set algebra and SORT read sets through this). */
  public [Symbol.iterator](): Iterator<string> {
    return this.items[Symbol.iterator]();
  }

  /** The member → position table of a hashtable set (SSCAN walks it). */
  public get hashtable(): KeyDict<number> | undefined {
    return this.index;
  }

  private intPosition(s: string): number {
    const items = this.items;
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareIntStrings(items[mid], s) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  public has(s: string): boolean {
    switch (this.enc) {
      case SetEncoding.HASHTABLE: return this.index!.has(s);
      case SetEncoding.LISTPACK: return this.items.indexOf(s) >= 0;
      default: {
        if (!isIntEncodable(s)) return false;
        const i = this.intPosition(s);
        return i < this.items.length && this.items[i] === s;
      }
    }
  }

  /** Gives a small member array its exact size back after writes (arrays grow with spare room). */
  public compact(): void {
    if (this.items.length <= COMPACT_MEMBERS) this.items = this.items.slice();
  }

  /** A uniformly random member (the set must not be empty). */
  public random(): string {
    return this.items[Math.floor(Math.random() * this.items.length)];
  }

  // ---- conversions ---------------------------------------------------------------------------------

  private toHashtable(): void {
    const index = new KeyDict<number>();
    let bytes = 0;
    for (let i = 0; i < this.items.length; i++) {
      index.set(this.items[i], i);
      bytes += hashtableMemberBytes(this.items[i]);
    }
    this.index = index;
    this.bytes = bytes;
    this.slots = dictSlots.for(this.items.length);
    this.enc = SetEncoding.HASHTABLE;
  }

  private toListpack(): void {
    let bytes = LISTPACK_EMPTY_BYTES;
    for (const m of this.items) bytes += memberEntrySize(m);
    this.bytes = bytes;
    this.enc = SetEncoding.LISTPACK;
  }

  /** Converts ahead of adding `sizeHint` members when they cannot fit (7.2 setTypeMaybeConvert). */
  public prepareFor(sizeHint: number, limits: CollectionLimits): void {
    this.entriesWithoutValue = limits.setEntriesWithoutValue;
    if (!limits.listpackSets) return;
    if ((this.enc === SetEncoding.LISTPACK && sizeHint > limits.setListpackEntries)
      || (this.enc === SetEncoding.INTSET && sizeHint > limits.setIntsetEntries)) {
      this.toHashtable();
    }
  }

  /**
   * A listpack or hashtable holding only integers, and few enough of them, becomes an intset (7.2's
   * maybeConvertToIntset, applied to SINTERSTORE results: a result that grew past the listpack
   * limit into a hashtable still fits an intset up to set-max-intset-entries).
   */
  public maybeToIntset(limits: CollectionLimits): void {
    if (this.enc === SetEncoding.INTSET || this.items.length > Math.min(limits.setIntsetEntries, INTSET_HARD_LIMIT)) return;
    if (!this.items.every(isIntEncodable)) return;
    this.items.sort(compareIntStrings);
    this.width = 2;
    for (const m of this.items) this.width = Math.max(this.width, intWidth(m));
    this.bytes = 0;
    this.index = undefined;
    this.slots = 0;
    this.enc = SetEncoding.INTSET;
  }

  // ---- modifications -------------------------------------------------------------------------------

  private appendHashtable(s: string): void {
    this.index!.set(s, this.items.length);
    this.items.push(s);
    this.bytes += hashtableMemberBytes(s);
    this.slots = dictSlots.afterAdd(this.slots, this.items.length);
  }

  private appendListpack(s: string): void {
    this.items.push(s);
    this.bytes += memberEntrySize(s);
  }

  /** Appends to the listpack when the member fits it, else converts to a hashtable first. */
  private appendAsListpackIf(fits: boolean, s: string): void {
    if (fits) {
      this.appendListpack(s);
    } else {
      this.toHashtable();
      this.appendHashtable(s);
    }
  }

  /** Adds a member; false when it was already there (redis setTypeAdd, with its conversions). */
  public add(s: string, limits: CollectionLimits): boolean {
    this.entriesWithoutValue = limits.setEntriesWithoutValue;
    switch (this.enc) {
      case SetEncoding.HASHTABLE:
        // One probe: the member's position is its index in `items`, where it goes next.
        if (!this.index!.addIfAbsent(s, this.items.length)) return false;
        this.items.push(s);
        this.bytes += hashtableMemberBytes(s);
        this.slots = dictSlots.afterAdd(this.slots, this.items.length);
        return true;
      case SetEncoding.LISTPACK:
        if (this.items.indexOf(s) >= 0) return false;
        this.appendAsListpackIf(this.items.length < limits.setListpackEntries && s.length <= limits.setListpackValue, s);
        return true;
      default:
        return this.addToIntset(s, limits);
    }
  }

  private addToIntset(s: string, limits: CollectionLimits): boolean {
    const items = this.items;
    if (isIntEncodable(s)) {
      const i = this.intPosition(s);
      if (i < items.length && items[i] === s) return false;
      items.splice(i, 0, s);
      const w = intWidth(s);
      if (w > this.width) this.width = w;
      if (items.length > Math.min(limits.setIntsetEntries, INTSET_HARD_LIMIT)) this.toHashtable();
      return true;
    }
    // A string joins: a listpack when everything stays small (7.2), else a hashtable.
    const n = items.length;
    const longestInt = n === 0 ? 0 : Math.max(items[0].length, items[n - 1].length);
    const fits = limits.listpackSets && n < limits.setListpackEntries && s.length <= limits.setListpackValue
      && longestInt <= limits.setListpackValue;
    if (fits) this.toListpack();
    this.appendAsListpackIf(fits, s);
    return true;
  }

  /** Removes a member; false when it was not there. */
  public remove(s: string): boolean {
    const items = this.items;
    switch (this.enc) {
      case SetEncoding.HASHTABLE: {
        const index = this.index!;
        const i = index.get(s);
        if (i === undefined) return false;
        index.delete(s);
        const last = items.pop()!;
        if (i < items.length) {
          items[i] = last;
          index.set(last, i);
        }
        this.bytes -= hashtableMemberBytes(s);
        this.slots = dictSlots.afterDelete(this.slots, items.length);
        return true;
      }
      case SetEncoding.LISTPACK: {
        const i = items.indexOf(s);
        if (i < 0) return false;
        items.splice(i, 1);
        this.bytes -= memberEntrySize(s);
        return true;
      }
      default: {
        if (!isIntEncodable(s)) return false;
        const i = this.intPosition(s);
        if (i >= items.length || items[i] !== s) return false;
        items.splice(i, 1);
        return true;
      }
    }
  }
}

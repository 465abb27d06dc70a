/**
 * The hash value, laid out like redis lays it out: while `listpack` encoded (few fields, short
 * values) a flat array of field, value, field, value… in insertion order, searched linearly as a
 * listpack is — compact for the many small hashes a cache holds; once a field or value is longer
 * than `hash-max-listpack-value` or there are more than `hash-max-listpack-entries` fields, a
 * KeyDict (`hashtable`, the keyspace's own table), for good. Commands apply redis' conversion
 * points; this class keeps the byte estimate of either layout up to date in O(1).
 */
import { KeyDict } from '../../keyspace/key-dict';
import { allocSize, DICT_ENTRY_SIZE, dictSlots, ROBJ_SIZE, sdsSize } from '../../keyspace/memory';
import { CollectionValue, StoredValue, ValueType } from '../../keyspace/values';
import { LISTPACK_EMPTY_BYTES, memberEntrySize } from '../zset/memory';

/** dict struct of a hashtable-encoded hash. */
const DICT_BYTES = 56;
/** Pairs up to which a listpack array is re-allocated to its exact size after a write. */
const COMPACT_PAIRS = 8;

function hashtableEntryBytes(field: string, value: string): number {
  return DICT_ENTRY_SIZE + sdsSize(field.length) + sdsSize(value.length);
}

function listpackPairBytes(field: string, value: string): number {
  return memberEntrySize(field) + memberEntrySize(value);
}

export class HashValue extends CollectionValue {
  /** listpack: field, value, field, value…; undefined once a hashtable. */
  private pairs: string[] | undefined = [];
  /** hashtable: field → value. */
  private table: KeyDict<string> | undefined;
  /** Listpack bytes, or the hashtable entries' bytes. */
  private bytes = LISTPACK_EMPTY_BYTES;
  /** Buckets of redis' field dict while a hashtable (dictSlots). */
  private slots = 0;
  /** Fields in an array for random picks in a hashtable, rebuilt after fields come or go. */
  private fieldArray: string[] | undefined;

  public get type(): ValueType {
    return 'hash';
  }

  public encoding(): string {
    return this.pairs ? 'listpack' : 'hashtable';
  }

  public get isListpack(): boolean {
    return this.pairs !== undefined;
  }

  public get length(): number {
    return this.pairs ? this.pairs.length >> 1 : this.table!.size;
  }

  public memoryUsage(): number {
    if (this.pairs) return ROBJ_SIZE + allocSize(this.bytes);
    return ROBJ_SIZE + DICT_BYTES + this.slots * 8 + this.bytes;
  }

  public clone(): StoredValue {
    const copy = new HashValue();
    if (this.table) copy.convertToHashtable();
    for (const [f, v] of this.entries()) copy.set(f, v);
    copy.compact();
    return copy;
  }

  /** Field/value pairs in order (insertion order for a listpack, as redis replies them). */
  public *entries(): IterableIterator<[string, string]> {
    const pairs = this.pairs;
    if (pairs) {
      for (let i = 0; i < pairs.length; i += 2) yield [pairs[i], pairs[i + 1]];
    } else {
      yield* this.table!;
    }
  }

  /** Every field, in order. */
  public fields(): string[] {
    const pairs = this.pairs;
    if (!pairs) return [...this.table!.keys()];
    const out = new Array<string>(pairs.length >> 1);
    for (let i = 0; i < pairs.length; i += 2) out[i >> 1] = pairs[i];
    return out;
  }

  /** The field → value table of a hashtable (HSCAN pages through it); undefined for a listpack. */
  public get hashtable(): KeyDict<string> | undefined {
    return this.table;
  }

  /** Position of a field in the listpack array, or -1. */
  private indexOf(field: string): number {
    const pairs = this.pairs!;
    for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === field) return i;
    return -1;
  }

  public get(field: string): string | undefined {
    if (!this.pairs) return this.table!.get(field);
    const i = this.indexOf(field);
    return i < 0 ? undefined : this.pairs[i + 1];
  }

  /** Sets a field; true when the field is new. */
  public set(field: string, value: string): boolean {
    const pairs = this.pairs;
    if (pairs) {
      const i = this.indexOf(field);
      if (i < 0) {
        pairs.push(field, value);
        this.bytes += listpackPairBytes(field, value);
        return true;
      }
      this.bytes += memberEntrySize(value) - memberEntrySize(pairs[i + 1]);
      pairs[i + 1] = value;
      return false;
    }
    const old = this.table!.swap(field, value);
    if (old === undefined) {
      this.bytes += hashtableEntryBytes(field, value);
      this.slots = dictSlots.afterAdd(this.slots, this.table!.size);
      this.fieldArray = undefined;
      return true;
    }
    this.bytes += sdsSize(value.length) - sdsSize(old.length);
    return false;
  }

  /** Deletes a field; true when it existed. */
  public delete(field: string): boolean {
    const pairs = this.pairs;
    if (pairs) {
      const i = this.indexOf(field);
      if (i < 0) return false;
      this.bytes -= listpackPairBytes(field, pairs[i + 1]);
      pairs.splice(i, 2);
      return true;
    }
    const table = this.table!;
    const old = table.get(field);
    if (old === undefined) return false;
    table.delete(field);
    this.bytes -= hashtableEntryBytes(field, old);
    this.slots = dictSlots.afterDelete(this.slots, table.size);
    this.fieldArray = undefined;
    return true;
  }

  /** listpack → hashtable (one way, as in redis). */
  public convertToHashtable(): void {
    const pairs = this.pairs;
    if (!pairs) return;
    const table = new KeyDict<string>();
    let bytes = 0;
    for (let i = 0; i < pairs.length; i += 2) {
      table.set(pairs[i], pairs[i + 1]);
      bytes += hashtableEntryBytes(pairs[i], pairs[i + 1]);
    }
    this.pairs = undefined;
    this.table = table;
    this.bytes = bytes;
    this.slots = dictSlots.for(table.size);
  }

  /** Gives a small listpack array its exact size back after writes (arrays grow with spare room). */
  public compact(): void {
    const pairs = this.pairs;
    if (pairs && pairs.length <= COMPACT_PAIRS * 2) this.pairs = pairs.slice();
  }

  /** A uniformly random field (the hash must not be empty). */
  public randomField(): string {
    const pairs = this.pairs;
    if (pairs) return pairs[2 * Math.floor(Math.random() * (pairs.length >> 1))];
    let fields = this.fieldArray;
    if (fields === undefined) fields = this.fieldArray = [...this.table!.keys()];
    return fields[Math.floor(Math.random() * fields.length)];
  }

  /** A uniformly random field with its value. */
  public randomPair(): [string, string] {
    const pairs = this.pairs;
    if (pairs) {
      const i = 2 * Math.floor(Math.random() * (pairs.length >> 1));
      return [pairs[i], pairs[i + 1]];
    }
    const field = this.randomField();
    return [field, this.table!.get(field)!];
  }
}

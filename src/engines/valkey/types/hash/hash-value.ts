/**
 * The hash value: a Map from field to value (insertion order, which is a listpack's order) and the
 * encoding redis would use — `listpack` until a field or value is longer than
 * `hash-max-listpack-value` or there are more than `hash-max-listpack-entries` fields, then
 * `hashtable` for good. Commands apply redis' conversion points; this class keeps the byte estimate
 * of either layout up to date in O(1).
 */
import { allocSize, DICT_ENTRY_SIZE, dictTableSize, ROBJ_SIZE, sdsSize } from '../../keyspace/memory';
import { CollectionValue, StoredValue, ValueType } from '../../keyspace/values';
import { LISTPACK_EMPTY_BYTES, memberEntrySize } from '../zset/memory';

/** dict struct of a hashtable-encoded hash. */
const DICT_BYTES = 56;

function hashtableEntryBytes(field: string, value: string): number {
  return DICT_ENTRY_SIZE + sdsSize(field.length) + sdsSize(value.length);
}

export class HashValue extends CollectionValue {
  public readonly map = new Map<string, string>();
  /** True while redis would keep this hash as a listpack. */
  private packed = true;
  /** Listpack bytes, or the hashtable entries' bytes. */
  private bytes = LISTPACK_EMPTY_BYTES;
  /** Fields in an array for random picks, rebuilt after fields are added or removed. */
  private fieldArray: string[] | undefined;

  public get type(): ValueType {
    return 'hash';
  }

  public encoding(): string {
    return this.packed ? 'listpack' : 'hashtable';
  }

  public get isListpack(): boolean {
    return this.packed;
  }

  public get length(): number {
    return this.map.size;
  }

  public memoryUsage(): number {
    if (this.packed) return ROBJ_SIZE + allocSize(this.bytes);
    return ROBJ_SIZE + DICT_BYTES + dictTableSize(this.map.size) + this.bytes;
  }

  public clone(): StoredValue {
    const copy = new HashValue();
    if (!this.packed) copy.convertToHashtable();
    for (const [f, v] of this.map) copy.set(f, v);
    return copy;
  }

  private pairBytes(field: string, value: string): number {
    return this.packed ? memberEntrySize(field) + memberEntrySize(value) : hashtableEntryBytes(field, value);
  }

  public get(field: string): string | undefined {
    return this.map.get(field);
  }

  /** Sets a field; true when the field is new. */
  public set(field: string, value: string): boolean {
    const old = this.map.get(field);
    this.map.set(field, value);
    if (old === undefined) {
      this.bytes += this.pairBytes(field, value);
      this.fieldArray = undefined;
      return true;
    }
    this.bytes += this.pairBytes(field, value) - this.pairBytes(field, old);
    return false;
  }

  /** Deletes a field; true when it existed. */
  public delete(field: string): boolean {
    const old = this.map.get(field);
    if (old === undefined) return false;
    this.map.delete(field);
    this.bytes -= this.pairBytes(field, old);
    this.fieldArray = undefined;
    return true;
  }

  /** listpack → hashtable (one way, as in redis). */
  public convertToHashtable(): void {
    if (!this.packed) return;
    this.packed = false;
    let bytes = 0;
    for (const [f, v] of this.map) bytes += hashtableEntryBytes(f, v);
    this.bytes = bytes;
  }

  /** A uniformly random field (the hash must not be empty). */
  public randomField(): string {
    let fields = this.fieldArray;
    if (fields === undefined) fields = this.fieldArray = [...this.map.keys()];
    return fields[Math.floor(Math.random() * fields.length)];
  }
}

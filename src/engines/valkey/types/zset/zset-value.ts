/**
 * The sorted-set value: a dictionary from member to skiplist node (scores by member in O(1)) and
 * the skiplist (order, ranks and ranges in O(log n)). Redis keeps small sets in a listpack; here
 * the structure is the same for both and `listpack` records which encoding redis would use,
 * converting exactly when redis converts, so OBJECT ENCODING, ZSCAN and memory figures match.
 */
import {
  isListpackIntegerScore, LISTPACK_EMPTY_BYTES, memberEntrySize, scoreEntrySize, SKIPLIST_FIXED_BYTES,
  skiplistElementSize,
} from './memory';
import { ZNode, ZSkipList } from './skiplist';
import { allocSize, dictTableSize, ROBJ_SIZE } from '../../keyspace/memory';
import { CollectionValue, StoredValue, ValueType } from '../../keyspace/values';

/** ZADD input flags (redis ZADD_IN_*). */
export const ZADD_IN = { NONE: 0, INCR: 1, NX: 2, XX: 4, GT: 8, LT: 16 } as const;
/** ZADD result flags (redis ZADD_OUT_*). */
export const ZADD_OUT = { NAN: 1, ADDED: 2, UPDATED: 4, NOP: 8 } as const;

/** The `zset-max-listpack-*` limits in force for a write. */
export interface ListpackLimits {
  readonly entries: number;
  readonly value: number;
}

export class ZSetValue extends CollectionValue {
  /** A new value with the encoding redis picks for a first member of length `firstLen`. */
  public static create(limits: ListpackLimits, firstLen: number): ZSetValue {
    return new ZSetValue(limits.entries !== 0 && firstLen <= limits.value);
  }

  public readonly dict = new Map<string, ZNode>();
  public readonly zsl = new ZSkipList();
  /** True while redis would keep this set as a listpack. */
  public listpack: boolean;
  /** Score after the last `add` (ZADD INCR replies it). */
  public lastScore = 0;
  /** Listpack bytes while listpack-encoded, else the skiplist elements' bytes. */
  private bytes: number;

  constructor(listpack: boolean) {
    super();
    this.listpack = listpack;
    this.bytes = listpack ? LISTPACK_EMPTY_BYTES : 0;
  }

  public get type(): ValueType {
    return 'zset';
  }

  public encoding(): string {
    return this.listpack ? 'listpack' : 'skiplist';
  }

  public get length(): number {
    return this.dict.size;
  }

  public memoryUsage(): number {
    if (this.listpack) return ROBJ_SIZE + allocSize(this.bytes);
    return ROBJ_SIZE + SKIPLIST_FIXED_BYTES + dictTableSize(this.dict.size) + this.bytes;
  }

  public clone(): StoredValue {
    const copy = new ZSetValue(this.listpack);
    for (let n = this.zsl.tail; n !== null; n = n.backward) copy.insertNew(n.score, n.ele);
    return copy;
  }

  public score(ele: string): number | undefined {
    const n = this.dict.get(ele);
    return n === undefined ? undefined : n.score;
  }

  private elementBytes(node: ZNode): number {
    return this.listpack ? memberEntrySize(node.ele) + scoreEntrySize(node.score) : skiplistElementSize(node.ele, node.level);
  }

  /** Adds a member known to be absent, with no encoding checks (building results). */
  public insertNew(score: number, ele: string): ZNode {
    // A listpack stores integral scores as integers, so -0 comes back as 0.
    const node = this.zsl.insert(this.listpack && score === 0 ? 0 : score, ele);
    this.dict.set(ele, node);
    this.bytes += this.elementBytes(node);
    return node;
  }

  private setScore(node: ZNode, score: number): void {
    this.bytes -= this.elementBytes(node);
    const moved = this.zsl.updateScore(node, this.listpack && score === 0 ? 0 : score);
    if (moved !== node) this.dict.set(moved.ele, moved);
    this.bytes += this.elementBytes(moved);
  }

  /**
   * redis zsetAdd: adds or updates a member under the NX/XX/GT/LT/INCR rules, converting to the
   * skiplist encoding when the set outgrows the listpack limits. Returns ZADD_OUT flags; the
   * resulting score is in `lastScore`.
   */
  public add(score: number, ele: string, flags: number, limits: ListpackLimits): number {
    const node = this.dict.get(ele);
    if (node !== undefined) {
      if (flags & ZADD_IN.NX) return ZADD_OUT.NOP;
      const current = node.score;
      if (flags & ZADD_IN.INCR) {
        score += current;
        if (Number.isNaN(score)) return ZADD_OUT.NAN;
      }
      if ((flags & ZADD_IN.LT && score >= current) || (flags & ZADD_IN.GT && score <= current)) return ZADD_OUT.NOP;
      this.lastScore = score;
      if (score !== current) {
        this.setScore(node, score);
        return ZADD_OUT.UPDATED;
      }
      return 0;
    }
    if (flags & ZADD_IN.XX) return ZADD_OUT.NOP;
    if (this.listpack && (this.dict.size + 1 > limits.entries || ele.length > limits.value)) this.toSkiplist();
    this.insertNew(score, ele);
    this.lastScore = score;
    return ZADD_OUT.ADDED;
  }

  /** Removes a member; false when absent. */
  public delete(ele: string): boolean {
    const node = this.dict.get(ele);
    if (node === undefined) return false;
    this.dict.delete(ele);
    this.zsl.delete(node.score, ele);
    this.bytes -= this.elementBytes(node);
    return true;
  }

  /** Drops a node the skiplist already unlinked (range deletions). */
  public forget(node: ZNode): void {
    this.dict.delete(node.ele);
    this.bytes -= this.elementBytes(node);
  }

  /** 0-based rank (from the highest score when `reverse`), or -1 when absent. */
  public rank(ele: string, reverse: boolean): number {
    const node = this.dict.get(ele);
    if (node === undefined) return -1;
    const r = this.zsl.rank(node.score, ele);
    return reverse ? this.zsl.length - r : r - 1;
  }

  /** Switches to the skiplist encoding (redis zsetConvert). */
  public toSkiplist(): void {
    if (!this.listpack) return;
    this.listpack = false;
    this.recount();
  }

  /**
   * redis zsetConvertToListpackIfNeeded, for results built as skiplists: back to a listpack when
   * within the limits. `maxLen` is the longest member.
   */
  public toListpackIfFits(limits: ListpackLimits, maxLen: number): void {
    if (this.listpack || this.dict.size > limits.entries || maxLen > limits.value) return;
    this.listpack = true;
    for (let n = this.zsl.first; n !== null; n = n.next[0]) if (n.score === 0) n.score = 0;
    this.recount();
  }

  private recount(): void {
    let bytes = this.listpack ? LISTPACK_EMPTY_BYTES : 0;
    for (let n = this.zsl.first; n !== null; n = n.next[0]) bytes += this.elementBytes(n);
    this.bytes = bytes;
  }

  /** Members and scores in order (for DUMP, SORT and other families). */
  public *entries(): IterableIterator<[string, number]> {
    for (let n = this.zsl.first; n !== null; n = n.next[0]) yield [n.ele, n.score];
  }
}

export { isListpackIntegerScore };

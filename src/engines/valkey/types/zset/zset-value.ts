/**
 * The sorted-set value: a dictionary from member to score (O(1) lookups) and an order-statistic
 * tree (order, ranks and ranges in O(log n)). Redis keeps small sets in a listpack; here the
 * structure is the same for both and `listpack` records which encoding redis would use,
 * converting exactly when redis converts, so OBJECT ENCODING, ZSCAN, memory figures, and the
 * scan order of lexicographic ranges over mixed scores match.
 */
import {
  LISTPACK_EMPTY_BYTES, memberEntrySize, scoreEntrySize, SKIPLIST_FIXED_BYTES,
  skiplistElementSize,
} from './memory';
import { LexRange, lexGteMin, lexLteMax, lexRangeEmpty, ScoreRange, scoreGteMin, scoreLteMax, scoreRangeEmpty } from './ranges';
import { ZCursor, ZTree } from './ztree';
import { KeyDict } from '../../keyspace/key-dict';
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

  public readonly dict = new KeyDict<number>();
  public readonly tree = new ZTree();
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
    for (const c = this.tree.cursor(0); c.valid; c.next()) copy.insertNew(c.score, c.ele);
    return copy;
  }

  public score(ele: string): number | undefined {
    return this.dict.get(ele);
  }

  private elementBytes(ele: string, score: number): number {
    return this.listpack ? memberEntrySize(ele) + scoreEntrySize(score) : skiplistElementSize(ele);
  }

  /** Adds a member known to be absent, with no encoding checks (building results). */
  public insertNew(score: number, ele: string): void {
    // A listpack stores integral scores as integers, so -0 comes back as 0.
    if (this.listpack && score === 0) score = 0;
    this.tree.insert(score, ele);
    this.dict.set(ele, score);
    this.bytes += this.elementBytes(ele, score);
  }

  private setScore(ele: string, current: number, score: number): void {
    const slot = this.dict.slotOf(ele);
    if (slot >= 0) this.updateAt(slot, current, score);
  }

  /**
   * Moves the member of dictionary slot `slot` from `current` to `score`. The tree gets the string
   * the dictionary already holds, not the caller's fresh copy: an old string stored into old nodes
   * needs no write-barrier bookkeeping, and the new copy dies young.
   */
  private updateAt(slot: number, current: number, score: number): void {
    if (this.listpack && score === 0) score = 0;
    const ele = this.dict.keyAt(slot);
    if (this.listpack) this.bytes += scoreEntrySize(score) - scoreEntrySize(current);
    this.tree.move(current, ele, score);
    this.dict.setValueAt(slot, score);
  }

  /**
   * redis zsetAdd: adds or updates a member under the NX/XX/GT/LT/INCR rules, converting to the
   * skiplist encoding when the set outgrows the listpack limits. Returns ZADD_OUT flags; the
   * resulting score is in `lastScore`.
   */
  public add(score: number, ele: string, flags: number, limits: ListpackLimits): number {
    const slot = this.dict.slotOf(ele);
    if (slot >= 0) {
      const current = this.dict.valueAt(slot);
      if (flags & ZADD_IN.NX) return ZADD_OUT.NOP;
      if (flags & ZADD_IN.INCR) {
        score += current;
        if (Number.isNaN(score)) return ZADD_OUT.NAN;
      }
      if ((flags & ZADD_IN.LT && score >= current) || (flags & ZADD_IN.GT && score <= current)) return ZADD_OUT.NOP;
      this.lastScore = score;
      if (score !== current) {
        this.updateAt(slot, current, score);
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
    const score = this.dict.get(ele);
    if (score === undefined) return false;
    this.dict.delete(ele);
    this.tree.delete(score, ele);
    this.bytes -= this.elementBytes(ele, score);
    return true;
  }

  /** Removes the members at 0-based ranks start..end (inclusive); returns how many. */
  public deleteRanks(start: number, end: number): number {
    const doomed: string[] = [];
    for (const c = this.tree.cursor(start); c.valid && doomed.length <= end - start; c.next()) doomed.push(c.ele);
    for (const ele of doomed) this.delete(ele);
    return doomed.length;
  }

  /** 0-based rank (from the highest score when `reverse`), or -1 when absent. */
  public rank(ele: string, reverse: boolean): number {
    const score = this.dict.get(ele);
    if (score === undefined) return -1;
    const r = this.tree.rank(score, ele);
    return reverse ? this.tree.length - 1 - r : r;
  }

  public cursor(rank: number): ZCursor {
    return this.tree.cursor(rank);
  }

  // ---- ranges: 0-based ranks, -1 when nothing is in range ---------------------------------------

  private scoreRangeOverlaps(r: ScoreRange): boolean {
    const t = this.tree;
    return !scoreRangeEmpty(r) && t.length > 0 && scoreGteMin(t.lastScore, r) && scoreLteMax(t.firstScore, r);
  }

  public firstInScoreRange(r: ScoreRange): number {
    if (!this.scoreRangeOverlaps(r)) return -1;
    const rank = this.tree.lowerBound(r.minex ? (s) => s <= r.min : (s) => s < r.min);
    return scoreLteMax(this.cursor(rank).score, r) ? rank : -1;
  }

  public lastInScoreRange(r: ScoreRange): number {
    if (!this.scoreRangeOverlaps(r)) return -1;
    const rank = this.tree.lowerBound(r.maxex ? (s) => s < r.max : (s) => s <= r.max) - 1;
    return rank >= 0 && scoreGteMin(this.cursor(rank).score, r) ? rank : -1;
  }

  private lexRangeOverlaps(r: LexRange): boolean {
    const t = this.tree;
    return !lexRangeEmpty(r) && t.length > 0 && lexGteMin(t.lastEle, r) && lexLteMax(t.firstEle, r);
  }

  /**
   * First member of a lex range. A listpack is scanned from the start, as redis does, which
   * matters when scores differ (the order is then not lexicographic).
   */
  public firstInLexRange(r: LexRange): number {
    if (!this.lexRangeOverlaps(r)) return -1;
    let rank: number;
    if (this.listpack) {
      rank = 0;
      const c = this.cursor(0);
      while (c.valid && !lexGteMin(c.ele, r)) {
        c.next();
        rank++;
      }
      if (!c.valid) return -1;
      return lexLteMax(c.ele, r) ? rank : -1;
    }
    rank = this.tree.lowerBound((_s, e) => !lexGteMin(e, r));
    return rank < this.length && lexLteMax(this.cursor(rank).ele, r) ? rank : -1;
  }

  /** Last member of a lex range (a listpack is scanned from the end). */
  public lastInLexRange(r: LexRange): number {
    if (!this.lexRangeOverlaps(r)) return -1;
    let rank: number;
    if (this.listpack) {
      rank = this.length - 1;
      const c = this.cursor(rank);
      while (c.valid && !lexLteMax(c.ele, r)) {
        c.prev();
        rank--;
      }
      if (!c.valid) return -1;
      return lexGteMin(c.ele, r) ? rank : -1;
    }
    rank = this.tree.lowerBound((_s, e) => lexLteMax(e, r)) - 1;
    return rank >= 0 && lexGteMin(this.cursor(rank).ele, r) ? rank : -1;
  }

  /** Where ZREMRANGEBYLEX starts deleting (a skiplist skips its emptiness checks). */
  public lexDeleteStart(r: LexRange): number {
    if (this.listpack) return this.firstInLexRange(r);
    const rank = this.tree.lowerBound((_s, e) => !lexGteMin(e, r));
    return rank < this.length ? rank : -1;
  }

  // ---- encodings ------------------------------------------------------------------------------------

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
    // Listpacks store integral scores as integers: -0 becomes 0 (the order is unchanged).
    const zeros: string[] = [];
    for (const [ele, score] of this.dict) if (Object.is(score, -0)) zeros.push(ele);
    for (const ele of zeros) this.setScore(ele, -0, 0);
    this.recount();
  }

  private recount(): void {
    let bytes = this.listpack ? LISTPACK_EMPTY_BYTES : 0;
    for (const [ele, score] of this.dict) bytes += this.elementBytes(ele, score);
    this.bytes = bytes;
  }

  /** Members and scores in order (for DUMP, SORT and other families). */
  public *entries(): IterableIterator<[string, number]> {
    for (const c = this.cursor(0); c.valid; c.next()) yield [c.ele, c.score];
  }
}

/**
 * The list value: a ring buffer of elements (O(1) push and pop at both ends, O(1) access by index)
 * plus the encoding redis would use for it. Redis 7.0 keeps every list in a quicklist; Valkey 7.2
 * keeps small lists in a single listpack and converts exactly when it does (growing past
 * `list-max-listpack-size`, shrinking back to one node under half of it). The quicklist's node
 * layout is modelled alongside (QuicklistShape) so those decisions and memory figures follow redis.
 */
import { exceedsLimit, nodeLimit, QuicklistShape } from './quicklist-shape';
import { allocSize, ROBJ_SIZE } from '../../keyspace/memory';
import { CollectionValue, StoredValue, ValueType } from '../../keyspace/values';
import type { CollectionLimits } from '../collection-limits';
import { LISTPACK_EMPTY_BYTES, memberEntrySize } from '../zset/memory';

const MIN_CAPACITY = 4;

/** The settings a list made as a quicklist keeps (redis quicklistSetOptions): the current ones at that moment. */
export type QuicklistOptions = Pick<CollectionLimits, 'listFill' | 'listCompress'>;
/** quicklist struct and per-node header (quicklistNode), as allocated by redis. */
const QUICKLIST_BYTES = 40;
const QUICKLIST_NODE_BYTES = 40;

export class ListValue extends CollectionValue {
  /**
   * A list rebuilt from quicklist nodes as an RDB payload holds them (RESTORE, RDB loads): the same
   * elements, node boundaries and plain nodes. With `listpackEncoding` (Valkey 7.2) the list starts
   * as a quicklist too; the caller converts it when redis would.
   */
  public static fromNodes(
    listpackEncoding: boolean, options: QuicklistOptions, nodes: readonly { readonly elements: readonly string[]; readonly plain: boolean }[],
  ): ListValue {
    let total = 0;
    for (const n of nodes) total += n.elements.length;
    const list = new ListValue(listpackEncoding, options, total);
    const shape = new QuicklistShape(!listpackEncoding, options.listFill, options.listCompress);
    for (const node of nodes) {
      let bytes = 0;
      for (const e of node.elements) {
        list.buf[list.len++] = e;
        const size = memberEntrySize(e);
        list.entryBytes += size;
        bytes += size;
      }
      shape.counts.push(node.elements.length);
      shape.sizes.push(node.plain ? node.elements[0].length : LISTPACK_EMPTY_BYTES + bytes);
      shape.plain.push(node.plain);
      shape.allocated += allocSize(shape.sizes[shape.sizes.length - 1]);
    }
    list.shape = shape;
    return list;
  }

  private buf: (string | undefined)[];
  private head = 0;
  private len = 0;
  /** Sum of the elements' listpack entry sizes. */
  private entryBytes = 0;
  /** Node layout while quicklist-encoded; undefined while a listpack. */
  private shape: QuicklistShape | undefined;

  /**
   * @param listpackEncoding start as a listpack (Valkey 7.2) rather than a quicklist (redis 7.0);
   *   lists that start as quicklists never become listpacks.
   * @param options the settings now: a list made as a quicklist keeps them (undefined only for a
   *   copy, which takes the original's quicklist).
   */
  constructor(private readonly listpackEncoding: boolean, options: QuicklistOptions | undefined, capacity = MIN_CAPACITY) {
    super();
    let cap = MIN_CAPACITY;
    while (cap < capacity) cap *= 2;
    this.buf = new Array<string | undefined>(cap).fill(undefined);
    if (!listpackEncoding && options) this.shape = new QuicklistShape(true, options.listFill, options.listCompress);
  }

  public get type(): ValueType {
    return 'list';
  }

  public encoding(): string {
    return this.shape ? 'quicklist' : 'listpack';
  }

  public get length(): number {
    return this.len;
  }

  public memoryUsage(): number {
    const shape = this.shape;
    if (!shape) return ROBJ_SIZE + allocSize(LISTPACK_EMPTY_BYTES + this.entryBytes);
    return ROBJ_SIZE + QUICKLIST_BYTES + shape.nodeCount * QUICKLIST_NODE_BYTES + shape.allocated;
  }

  /** MEMORY USAGE's figure: redis averages the first `samples` quicklist nodes (0: all of them). */
  public sampledMemoryUsage(samples: number): number {
    const shape = this.shape;
    if (!shape || shape.nodeCount === 0) return this.memoryUsage();
    const { bytes, nodes } = shape.sample(samples, QUICKLIST_NODE_BYTES);
    // `asize += (double)elesize/samples*ql->len`: the sum is taken in doubles, then truncated, so
    // an average that comes out a hair under an integer is not cut down a whole byte.
    return Math.floor(ROBJ_SIZE + QUICKLIST_BYTES + (bytes / nodes) * shape.nodeCount);
  }

  /**
   * Entries per quicklist node and which nodes are plain, head first, and the compression depth the
   * quicklist keeps; undefined while a listpack.
   */
  public get quicklistNodes(): { readonly counts: readonly number[]; readonly plain: readonly boolean[]; readonly compress: number } | undefined {
    return this.shape;
  }

  /**
   * A quicklist of one packed node within the full node limit becomes a listpack (redis
   * listTypeTryConversion after loading a list); only lists of listpack-capable versions convert.
   */
  public tryConvertToListpack(fill: number): void {
    const shape = this.shape;
    if (!shape || !this.listpackEncoding) return;
    const limit = nodeLimit(fill);
    if (shape.isSingleNodeWithin(limit.size, limit.count)) this.shape = undefined;
  }

  public clone(): StoredValue {
    // The shape, with its options, is copied below, as quicklistDup copies them.
    const copy = new ListValue(this.listpackEncoding, undefined, this.len);
    for (let i = 0; i < this.len; i++) copy.buf[i] = this.at(i);
    copy.len = this.len;
    copy.entryBytes = this.entryBytes;
    copy.shape = this.shape?.clone();
    return copy;
  }

  // ---- element access ------------------------------------------------------------------------------

  /** Element at `index` (0 ≤ index < length). */
  public at(index: number): string {
    return this.buf[(this.head + index) & (this.buf.length - 1)] as string;
  }

  /** Elements from `start` to `end` inclusive (0 ≤ start ≤ end < length). */
  public slice(start: number, end: number): string[] {
    const out = new Array<string>(end - start + 1);
    for (let i = start; i <= end; i++) out[i - start] = this.at(i);
    return out;
  }

  /** Every element, head first. */
  public toArray(): string[] {
    return this.len === 0 ? [] : this.slice(0, this.len - 1);
  }

  // ---- encoding conversions ------------------------------------------------------------------------

  /**
   * Before adding `count` elements of `rawBytes` bytes in all: a listpack that would exceed the node
   * limit becomes a quicklist holding it as its single node (redis listTypeTryConvertListpack).
   */
  public prepareGrow(options: QuicklistOptions, rawBytes: number, count: number): void {
    if (this.shape) return;
    if (exceedsLimit(options.listFill, LISTPACK_EMPTY_BYTES + this.entryBytes + rawBytes, this.len + count)) {
      this.shape = QuicklistShape.fromListpack(this.len, LISTPACK_EMPTY_BYTES + this.entryBytes, options.listFill, options.listCompress);
    }
  }

  /**
   * After removing elements: a quicklist back to one packed node under half the limit becomes a
   * listpack again (redis listTypeTryConvertQuicklist with `shrinking`). Only lists that started as
   * listpacks (Valkey 7.2) convert.
   */
  public afterShrink(fill: number): void {
    const shape = this.shape;
    if (!shape || !this.listpackEncoding) return;
    const limit = nodeLimit(fill);
    if (shape.isSingleNodeWithin(limit.size / 2, Math.floor(limit.count / 2))) this.shape = undefined;
  }

  // ---- ring buffer ---------------------------------------------------------------------------------

  private resize(capacity: number): void {
    const next = new Array<string | undefined>(capacity).fill(undefined);
    for (let i = 0; i < this.len; i++) next[i] = this.at(i);
    this.buf = next;
    this.head = 0;
  }

  private growIfFull(): void {
    if (this.len === this.buf.length) this.resize(this.buf.length * 2);
  }

  private shrinkIfSparse(): void {
    const cap = this.buf.length;
    if (cap > MIN_CAPACITY * 4 && this.len < cap / 4) this.resize(cap / 2);
  }

  // ---- modifications -------------------------------------------------------------------------------

  /** Pushes at the head (LPUSH) or tail (RPUSH). Call prepareGrow first. */
  public push(head: boolean, s: string): void {
    this.growIfFull();
    const mask = this.buf.length - 1;
    if (head) {
      this.head = (this.head - 1) & mask;
      this.buf[this.head] = s;
    } else {
      this.buf[(this.head + this.len) & mask] = s;
    }
    this.len++;
    const size = memberEntrySize(s);
    this.entryBytes += size;
    this.shape?.push(head, size, s.length);
  }

  /** Pops from the head or tail; undefined when empty. */
  public pop(head: boolean): string | undefined {
    if (this.len === 0) return undefined;
    const mask = this.buf.length - 1;
    let s: string;
    if (head) {
      s = this.buf[this.head] as string;
      this.buf[this.head] = undefined;
      this.head = (this.head + 1) & mask;
    } else {
      const i = (this.head + this.len - 1) & mask;
      s = this.buf[i] as string;
      this.buf[i] = undefined;
    }
    this.len--;
    const size = memberEntrySize(s);
    this.entryBytes -= size;
    this.shape?.pop(head, size);
    this.shrinkIfSparse();
    return s;
  }

  /** Replaces the element at `index` (LSET). Call prepareGrow first. */
  public set(index: number, s: string): void {
    const i = (this.head + index) & (this.buf.length - 1);
    const oldSize = memberEntrySize(this.buf[i] as string);
    const newSize = memberEntrySize(s);
    this.buf[i] = s;
    this.entryBytes += newSize - oldSize;
    this.shape?.replaceAt(index, oldSize, newSize, s.length);
  }

  /** Inserts `s` before (or after) the element at `pivot` (LINSERT). Call prepareGrow first. */
  public insert(pivot: number, after: boolean, s: string): void {
    const size = memberEntrySize(s);
    // The node layout is updated first: a node split measures the elements as they are now.
    this.shape?.insertNear(pivot, after, size, s.length, (from, to) => {
      let bytes = 0;
      for (let i = from; i <= to; i++) bytes += memberEntrySize(this.at(i));
      return bytes;
    });
    const at = after ? pivot + 1 : pivot;
    this.growIfFull();
    const mask = this.buf.length - 1;
    if (at < this.len - at) {
      // Shift the head side one place towards the front.
      this.head = (this.head - 1) & mask;
      for (let i = 0; i < at; i++) this.buf[(this.head + i) & mask] = this.buf[(this.head + i + 1) & mask];
    } else {
      for (let i = this.len; i > at; i--) this.buf[(this.head + i) & mask] = this.buf[(this.head + i - 1) & mask];
    }
    this.buf[(this.head + at) & mask] = s;
    this.len++;
    this.entryBytes += size;
  }

  /**
   * Removes up to `limit` elements equal to `s` (0 = all), scanning from the head or from the
   * tail (LREM). Returns how many were removed.
   */
  public removeMatching(s: string, limit: number, fromTail: boolean): number {
    const len = this.len;
    const keep = new Array<boolean>(len).fill(true);
    let removed = 0;
    for (let k = 0; k < len && (limit === 0 || removed < limit); k++) {
      const i = fromTail ? len - 1 - k : k;
      if (this.at(i) === s) {
        keep[i] = false;
        removed++;
      }
    }
    if (removed === 0) return 0;
    const size = memberEntrySize(s);
    const mask = this.buf.length - 1;
    let w = 0;
    for (let i = 0; i < len; i++) {
      const v = this.buf[(this.head + i) & mask];
      if (keep[i]) {
        this.buf[(this.head + w) & mask] = v;
        w++;
      } else {
        this.shape?.removeAt(w, size);
      }
    }
    for (let i = w; i < len; i++) this.buf[(this.head + i) & mask] = undefined;
    this.len = w;
    this.entryBytes -= size * removed;
    this.shrinkIfSparse();
    return removed;
  }

  /** Removes `fromHead` elements at the head and `fromTail` at the tail (LTRIM, pops with a count). */
  public trim(fromHead: number, fromTail: number): void {
    for (let i = 0; i < fromHead; i++) this.pop(true);
    for (let i = 0; i < fromTail; i++) this.pop(false);
  }
}

/**
 * The node layout redis would give a quicklist holding the same elements: how many entries and
 * listpack bytes each node has, and which nodes are "plain" (one element too large for a listpack).
 * Elements themselves live in the list's ring buffer; this model only answers what depends on the
 * layout — whether a shrinking list is back to a single small node (and so converts to a listpack,
 * Valkey 7.2), and how many node headers the memory figures must count.
 */
import { allocSize } from '../../keyspace/memory';
import { LISTPACK_EMPTY_BYTES } from '../zset/memory';

/** Node sizes for negative `list-max-listpack-size` values (-1 … -5). */
const SIZE_LEVELS = [4096, 8192, 16384, 32768, 65536];
/** Count-limited nodes also stop growing at this many bytes (redis SIZE_SAFETY_LIMIT). */
const SIZE_SAFETY_LIMIT = 8192;
/** redis adds this to an element's length when estimating its cost in a node. */
const SIZE_ESTIMATE_OVERHEAD = 8;
/** A ziplist's header and end byte, which redis 7.0's merge estimate still subtracts. */
const LEGACY_MERGE_HEADER = 11;

/** Size and count limits of one node for a `list-max-listpack-size` (fill) value. */
export interface NodeLimit {
  readonly size: number;
  readonly count: number;
}

export function nodeLimit(fill: number): NodeLimit {
  if (fill >= 0) return { size: Infinity, count: fill === 0 ? 1 : fill };
  return { size: SIZE_LEVELS[Math.min(-fill - 1, SIZE_LEVELS.length - 1)], count: Infinity };
}

/** redis quicklistNodeExceedsLimit. */
export function exceedsLimit(fill: number, bytes: number, count: number): boolean {
  const limit = nodeLimit(fill);
  if (limit.size !== Infinity) return bytes > limit.size;
  return bytes > SIZE_SAFETY_LIMIT || count > limit.count;
}

/** Redis 7.0 only gives elements of 1 GB and more a plain node (packed_threshold). */
const PACKED_THRESHOLD = 2 ** 30;

/** redis isLargeElement: an element this long gets a plain node of its own. */
function isLarge(rawLen: number, fill: number, legacy: boolean): boolean {
  if (legacy) return rawLen >= PACKED_THRESHOLD;
  return fill >= 0 ? rawLen > SIZE_SAFETY_LIMIT : rawLen > nodeLimit(fill).size;
}

export class QuicklistShape {
  /** A layout holding one listpack of `count` entries and `bytes` bytes (listpack → quicklist). */
  public static fromListpack(count: number, bytes: number, fill: number, compress: number): QuicklistShape {
    const shape = new QuicklistShape(false, fill, compress);
    if (count > 0) shape.insertNode(0, count, bytes, false);
    return shape;
  }

  /** Entries per node, head first. */
  public counts: number[] = [];
  /** Listpack bytes per node (for plain nodes: the element's length). */
  public sizes: number[] = [];
  public plain: boolean[] = [];
  /** What the nodes' listpacks (or plain elements) take once allocated, kept as they change. */
  public allocated = 0;

  /**
   * @param legacy follow redis 7.0's node rules (else Valkey 7.2's).
   * @param fill list-max-listpack-size when the quicklist was made: redis keeps it in the
   *   quicklist, so a later CONFIG SET shapes only lists made after it.
   * @param compress list-compress-depth when the quicklist was made, kept the same way: the
   *   depth from both ends past which a dump stores nodes compressed.
   */
  constructor(private readonly legacy: boolean, private readonly fill: number, public readonly compress: number) {}

  public get nodeCount(): number {
    return this.counts.length;
  }

  public clone(): QuicklistShape {
    const copy = new QuicklistShape(this.legacy, this.fill, this.compress);
    copy.counts = this.counts.slice();
    copy.sizes = this.sizes.slice();
    copy.plain = this.plain.slice();
    copy.allocated = this.allocated;
    return copy;
  }

  /**
   * Bytes of the first `samples` nodes (headers and allocations) and how many nodes that is — what
   * MEMORY USAGE averages (0 samples: every node).
   */
  public sample(samples: number, nodeHeader: number): { bytes: number; nodes: number } {
    const n = samples <= 0 ? this.counts.length : Math.min(samples, this.counts.length);
    let bytes = 0;
    for (let i = 0; i < n; i++) bytes += nodeHeader + allocSize(this.sizes[i]);
    return { bytes, nodes: n };
  }

  /** True when the list is one packed node within `limit` (the quicklist → listpack test). */
  public isSingleNodeWithin(size: number, count: number): boolean {
    return this.counts.length === 1 && !this.plain[0] && this.sizes[0] <= size && this.counts[0] <= count;
  }

  private insertNode(at: number, count: number, bytes: number, plain: boolean): void {
    this.counts.splice(at, 0, count);
    this.sizes.splice(at, 0, bytes);
    this.plain.splice(at, 0, plain);
    this.allocated += allocSize(bytes);
  }

  private removeNode(at: number): void {
    this.allocated -= allocSize(this.sizes[at]);
    this.counts.splice(at, 1);
    this.sizes.splice(at, 1);
    this.plain.splice(at, 1);
  }

  private setSize(node: number, bytes: number): void {
    this.allocated += allocSize(bytes) - allocSize(this.sizes[node]);
    this.sizes[node] = bytes;
  }

  /**
   * redis _quicklistNodeAllowInsert: the node's size plus the element's length and a fixed
   * overhead estimate within the limit (redis 7.0.15 and Valkey 7.2 estimate the same way; only
   * what counts as a large element differs).
   */
  private allowInsert(node: number, rawLen: number): boolean {
    const fill = this.fill;
    if (node < 0 || node >= this.counts.length || this.plain[node] || isLarge(rawLen, fill, this.legacy)) return false;
    return !exceedsLimit(fill, this.sizes[node] + rawLen + SIZE_ESTIMATE_OVERHEAD, this.counts[node] + 1);
  }

  /** An element pushed at the head or tail (quicklistPushHead/Tail). */
  public push(head: boolean, entrySize: number, rawLen: number): void {
    const fill = this.fill;
    const node = head ? 0 : this.counts.length - 1;
    if (isLarge(rawLen, fill, this.legacy)) {
      this.insertNode(head ? 0 : this.counts.length, 1, rawLen, true);
    } else if (this.allowInsert(node, rawLen)) {
      this.counts[node]++;
      this.setSize(node, this.sizes[node] + entrySize);
    } else {
      this.insertNode(head ? 0 : this.counts.length, 1, LISTPACK_EMPTY_BYTES + entrySize, false);
    }
  }

  /** Removes one entry from node `node`; drops the node when it empties. */
  private takeFrom(node: number, entrySize: number): void {
    if (--this.counts[node] === 0) this.removeNode(node);
    else this.setSize(node, this.sizes[node] - entrySize);
  }

  /** An element popped from the head or tail. */
  public pop(head: boolean, entrySize: number): void {
    if (this.counts.length > 0) this.takeFrom(head ? 0 : this.counts.length - 1, entrySize);
  }

  /** Node holding element `index` and the element's offset in it. */
  private locate(index: number): [number, number] {
    let i = index;
    for (let n = 0; n < this.counts.length; n++) {
      if (i < this.counts[n]) return [n, i];
      i -= this.counts[n];
    }
    return [this.counts.length - 1, this.counts[this.counts.length - 1] ?? 0];
  }

  /** An element removed from the middle (LREM, the delete half of a replace). */
  public removeAt(index: number, entrySize: number): void {
    if (this.counts.length === 0) return;
    this.takeFrom(this.locate(index)[0], entrySize);
  }

  /**
   * An element inserted next to the one at `pivot` (LINSERT), as redis' _quicklistInsert places it:
   * into the pivot's node when there is room, else into the neighbouring node when the pivot is at
   * that edge and the neighbour has room, else a node of its own at an edge, else the node is split
   * at the pivot (_quicklistSplitNode) and the nodes around it merged where they fit
   * (_quicklistMergeNodes). `entryBytes(from, to)` gives the listpack bytes of elements from..to
   * (list positions before the insertion), so split nodes get their exact sizes.
   */
  public insertNear(pivot: number, after: boolean, entrySize: number, rawLen: number,
    entryBytes: (from: number, to: number) => number): void {
    if (this.counts.length === 0) {
      this.push(false, entrySize, rawLen);
      return;
    }
    const [node, offset] = this.locate(pivot);
    const count = this.counts[node];
    const atTail = after && offset === count - 1;
    const atHead = !after && offset === 0;
    if (isLarge(rawLen, this.fill, this.legacy)) {
      this.insertNode(after ? node + 1 : node, 1, rawLen, true);
    } else if (this.allowInsert(node, rawLen)) {
      this.counts[node]++;
      this.setSize(node, this.sizes[node] + entrySize);
    } else if (atTail && this.allowInsert(node + 1, rawLen)) {
      this.counts[node + 1]++;
      this.setSize(node + 1, this.sizes[node + 1] + entrySize);
    } else if (atHead && this.allowInsert(node - 1, rawLen)) {
      this.counts[node - 1]++;
      this.setSize(node - 1, this.sizes[node - 1] + entrySize);
    } else if (atTail || atHead) {
      this.insertNode(after ? node + 1 : node, 1, LISTPACK_EMPTY_BYTES + entrySize, false);
    } else {
      const first = pivot - offset;
      // after: the node keeps [0, offset] and the new node, after it, takes the rest plus the value
      // at its head; before: the new node, before it, takes [0, offset) plus the value at its tail.
      const keepFrom = after ? first : pivot;
      const keepTo = after ? pivot : first + count - 1;
      const moveFrom = after ? pivot + 1 : first;
      const moveTo = after ? first + count - 1 : pivot - 1;
      this.counts[node] = keepTo - keepFrom + 1;
      this.setSize(node, LISTPACK_EMPTY_BYTES + entryBytes(keepFrom, keepTo));
      this.insertNode(after ? node + 1 : node, moveTo - moveFrom + 2, LISTPACK_EMPTY_BYTES + entryBytes(moveFrom, moveTo) + entrySize, false);
      this.mergeAround(after ? node : node + 1);
    }
  }

  /**
   * _quicklistNodeAllowMerge: both packed and the merged size estimate within the node limit. The
   * estimate takes one empty listpack off the sum — redis 7.0 still subtracts a ziplist's 11 bytes
   * (so a merge may pass the limit by a few bytes), Valkey 7.2 a listpack's 7.
   */
  private allowMerge(a: number, b: number): boolean {
    const fill = this.fill;
    if (a < 0 || b < 0 || a >= this.counts.length || b >= this.counts.length || this.plain[a] || this.plain[b]) return false;
    const estimate = this.sizes[a] + this.sizes[b] - (this.legacy ? LEGACY_MERGE_HEADER : LISTPACK_EMPTY_BYTES);
    return !exceedsLimit(fill, estimate, this.counts[a] + this.counts[b]);
  }

  /** Merges node b into node a (a just left of b). */
  private merge(a: number): void {
    const count = this.counts[a] + this.counts[a + 1];
    const bytes = this.sizes[a] + this.sizes[a + 1] - LISTPACK_EMPTY_BYTES;
    this.removeNode(a + 1);
    this.counts[a] = count;
    this.setSize(a, bytes);
  }

  /** _quicklistMergeNodes around `center`: (prev2, prev), (next, next2), (prev, center), (center, next). */
  private mergeAround(center: number): void {
    if (this.allowMerge(center - 1, center - 2)) {
      this.merge(center - 2);
      center--;
    }
    if (this.allowMerge(center + 1, center + 2)) this.merge(center + 1);
    let target = center;
    if (this.allowMerge(center, center - 1)) {
      this.merge(center - 1);
      target = center - 1;
    }
    if (this.allowMerge(target, target + 1)) this.merge(target);
  }

  /** An element replaced (LSET): in place when the new value fits its node, else moved to a node of its own. */
  public replaceAt(index: number, oldSize: number, newSize: number, rawLen: number): void {
    const fill = this.fill;
    if (this.counts.length === 0) return;
    const [node] = this.locate(index);
    const large = isLarge(rawLen, fill, this.legacy);
    if (this.plain[node] || this.counts[node] === 1) {
      this.plain[node] = large;
      this.setSize(node, large ? rawLen : LISTPACK_EMPTY_BYTES + newSize);
      return;
    }
    // Redis 7.0 replaces packed entries in place whatever the node's size.
    const fits = this.legacy || !exceedsLimit(fill, this.sizes[node] - oldSize + rawLen + SIZE_ESTIMATE_OVERHEAD, this.counts[node]);
    if (!large && fits) {
      this.setSize(node, this.sizes[node] + (newSize - oldSize));
      return;
    }
    this.takeFrom(node, oldSize);
    this.insertNode(node + 1, 1, large ? rawLen : LISTPACK_EMPTY_BYTES + newSize, large);
  }
}

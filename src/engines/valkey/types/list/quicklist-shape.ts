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

/** Redis 7.0's _quicklistNodeAllowInsert: its ziplist-era overhead estimate and limit checks. */
function legacyAllowInsert(nodeBytes: number, nodeCount: number, rawLen: number, fill: number): boolean {
  const overhead = (rawLen < 254 ? 1 : 5) + (rawLen < 64 ? 1 : rawLen < 16384 ? 2 : 5);
  const bytes = nodeBytes + rawLen + overhead;
  if (fill < 0 && bytes <= nodeLimit(fill).size) return true;
  if (bytes > SIZE_SAFETY_LIMIT) return false;
  return nodeCount < fill;
}

export class QuicklistShape {
  /** A layout holding one listpack of `count` entries and `bytes` bytes (listpack → quicklist). */
  public static fromListpack(count: number, bytes: number): QuicklistShape {
    const shape = new QuicklistShape(false);
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

  /** @param legacy follow redis 7.0's node rules (else Valkey 7.2's). */
  constructor(private readonly legacy: boolean) {}

  public get nodeCount(): number {
    return this.counts.length;
  }

  public clone(): QuicklistShape {
    const copy = new QuicklistShape(this.legacy);
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

  /** redis _quicklistNodeAllowInsert. */
  private allowInsert(node: number, rawLen: number, fill: number): boolean {
    if (node < 0 || node >= this.counts.length || this.plain[node] || isLarge(rawLen, fill, this.legacy)) return false;
    if (this.legacy) return legacyAllowInsert(this.sizes[node], this.counts[node], rawLen, fill);
    return !exceedsLimit(fill, this.sizes[node] + rawLen + SIZE_ESTIMATE_OVERHEAD, this.counts[node] + 1);
  }

  /** An element pushed at the head or tail (quicklistPushHead/Tail). */
  public push(head: boolean, entrySize: number, rawLen: number, fill: number): void {
    const node = head ? 0 : this.counts.length - 1;
    if (isLarge(rawLen, fill, this.legacy)) {
      this.insertNode(head ? 0 : this.counts.length, 1, rawLen, true);
    } else if (this.allowInsert(node, rawLen, fill)) {
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
   * An element inserted next to the one at `pivot` (LINSERT): into the pivot's node when there is
   * room, else into the neighbouring node when the pivot is at that edge and the neighbour has room,
   * else a node of its own — redis' _quicklistInsert cases, with a middle split modelled as two
   * nodes sharing the bytes in proportion (the real split depends on each entry's size).
   */
  public insertNear(pivot: number, after: boolean, entrySize: number, rawLen: number, fill: number): void {
    if (this.counts.length === 0) {
      this.push(false, entrySize, rawLen, fill);
      return;
    }
    const [node, offset] = this.locate(pivot);
    const count = this.counts[node];
    const atTail = after && offset === count - 1;
    const atHead = !after && offset === 0;
    if (isLarge(rawLen, fill, this.legacy)) {
      this.insertNode(after ? node + 1 : node, 1, rawLen, true);
    } else if (this.allowInsert(node, rawLen, fill)) {
      this.counts[node]++;
      this.setSize(node, this.sizes[node] + entrySize);
    } else if (atTail && this.allowInsert(node + 1, rawLen, fill)) {
      this.counts[node + 1]++;
      this.setSize(node + 1, this.sizes[node + 1] + entrySize);
    } else if (atHead && this.allowInsert(node - 1, rawLen, fill)) {
      this.counts[node - 1]++;
      this.setSize(node - 1, this.sizes[node - 1] + entrySize);
    } else if (atTail || atHead) {
      this.insertNode(after ? node + 1 : node, 1, LISTPACK_EMPTY_BYTES + entrySize, false);
    } else {
      const keep = after ? offset + 1 : offset;
      const payload = this.sizes[node] - LISTPACK_EMPTY_BYTES;
      const keptBytes = Math.round((payload * keep) / count);
      this.counts[node] = keep;
      this.setSize(node, LISTPACK_EMPTY_BYTES + keptBytes);
      this.insertNode(node + 1, count - keep + 1, LISTPACK_EMPTY_BYTES + payload - keptBytes + entrySize, false);
    }
  }

  /** An element replaced (LSET): in place when the new value fits its node, else moved to a node of its own. */
  public replaceAt(index: number, oldSize: number, newSize: number, rawLen: number, fill: number): void {
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

/**
 * The stream value: entries in ID order, held in nodes the way redis holds them in the listpacks of
 * its radix tree (append to the tail node until it reaches `stream-node-max-entries` entries or
 * `stream-node-max-bytes` bytes; whole nodes dropped by approximate trimming; tombstones for
 * deleted entries), plus the stream's metadata (last generated ID, first ID, largest deleted ID,
 * entries ever added) and its consumer groups.
 *
 * Finding an ID is a binary search over the nodes, then within the node, so appends are O(1),
 * lookups and range starts O(log n), and range scans walk the arrays.
 */
import { byteOrder, ConsumerGroup, GroupAccounting, Nack } from './consumer-groups';
import { radixTreeNodeCount } from './rax-shape';
import { compareIds, incrInt64, isMax, StreamId, U64 } from './stream-id';
import { StreamNode } from './stream-node';
import { allocSize, ROBJ_SIZE } from '../../keyspace/memory';
import { CollectionValue, StoredValue, ValueType } from '../../keyspace/values';

/** Largest total of field and value bytes one entry may have (redis STREAM_LISTPACK_MAX_SIZE). */
export const STREAM_LISTPACK_MAX_SIZE = 1 << 30;

/** sizeof(stream) on a 64-bit build. */
const STREAM_STRUCT_BYTES = 80;
/**
 * streamRadixTreeMemoryUsage: per element ID, and per node (raxNode + the fixed allowance redis
 * adds). A radix tree of n keys is taken to have 2n nodes (the exact count is computed for XINFO).
 */
const RAX_ELEMENT_BYTES = 16;
const RAX_NODE_BYTES = 4 + 8 * 30;
const RAX_BYTES_PER_KEY = RAX_ELEMENT_BYTES + 2 * RAX_NODE_BYTES;
const GROUP_STRUCT_BYTES = 40;
const NACK_BYTES = 24;
const CONSUMER_STRUCT_BYTES = 32;
/** Bytes redis allocates up front for a new node's listpack (STREAM_LISTPACK_MAX_PRE_ALLOCATE). */
const NODE_PREALLOC_BYTES = 4096;

/** How XADD/XTRIM trim (redis streamAddTrimArgs). */
export interface TrimSpec {
  readonly strategy: 'maxlen' | 'minid';
  readonly maxlen: number;
  readonly minid: StreamId;
  /** Only whole nodes are removed. */
  readonly approx: boolean;
  /** Most entries one trim may remove; 0 = no limit. */
  readonly limit: number;
}

/**
 * Why an append failed: the ID is not above the top item, the entry is too large, or `<ms>-*` found
 * the sequence of `<ms>` exhausted.
 */
export type AppendFailure = 'EDOM' | 'ERANGE' | 'SEQ_EXHAUSTED';

export class StreamValue extends CollectionValue {
  public nodes: StreamNode[] = [];
  /** Number of live entries. */
  private count = 0;
  public lastId = StreamId.MIN;
  public firstId = StreamId.MIN;
  public maxDeletedId = StreamId.MIN;
  public entriesAdded: U64 = 0;
  /** Consumer groups by name, created on first use. */
  public groups: Map<string, ConsumerGroup> | undefined;
  public readonly acct = new GroupAccounting();
  /** Sum of the allocation sizes of every node but the tail one (which XADD keeps growing). */
  private sealedAlloc = 0;
  private raxNodes = -1;

  public get type(): ValueType {
    return 'stream';
  }

  public encoding(): string {
    return 'stream';
  }

  public get length(): number {
    return this.count;
  }

  /**
   * redis objectComputeSize for a stream: the structures, the radix tree, the listpacks (the tail
   * one still holding its preallocation), and each group's and consumer's structures and PELs.
   */
  public memoryUsage(): number {
    const keys = this.nodes.length;
    const tail = this.nodes[keys - 1];
    let bytes = ROBJ_SIZE + STREAM_STRUCT_BYTES + (keys === 0 ? RAX_NODE_BYTES : keys * RAX_BYTES_PER_KEY) + this.sealedAlloc;
    if (tail) bytes += allocSize(Math.max(tail.bytes, tail.reserved));
    const a = this.acct;
    if (a.groups > 0) {
      bytes += a.groups * (GROUP_STRUCT_BYTES + RAX_NODE_BYTES) + a.nacks * (NACK_BYTES + RAX_BYTES_PER_KEY);
      bytes += a.consumers * (CONSUMER_STRUCT_BYTES + RAX_NODE_BYTES) + a.consumerNameBytes + a.consumerNacks * RAX_BYTES_PER_KEY;
    }
    return bytes;
  }

  public clone(): StoredValue {
    const copy = new StreamValue();
    copy.nodes = this.nodes.map((n) => n.clone());
    copy.count = this.count;
    copy.lastId = this.lastId;
    copy.firstId = this.firstId;
    copy.maxDeletedId = this.maxDeletedId;
    copy.entriesAdded = this.entriesAdded;
    copy.sealedAlloc = this.sealedAlloc;
    if (this.groups) {
      for (const g of this.sortedGroups()) {
        const cg = copy.createGroup(g.name, g.lastId, g.entriesRead)!;
        const nacks = new Map<string, Nack>();
        for (const nack of g.pel.values()) {
          const n = new Nack(nack.id, nack.key, nack.deliveryTime, nack.deliveryCount);
          cg.pel.insert(n);
          nacks.set(n.key, n);
        }
        for (const consumer of g.sortedConsumers()) {
          const cc = cg.createConsumer(consumer.name, consumer.seenTime)!;
          cc.activeTime = consumer.activeTime;
          for (const nack of consumer.pel.values()) {
            const n = nacks.get(nack.key)!;
            n.consumer = cc;
            cc.pel.insert(n);
          }
        }
      }
    }
    return copy;
  }

  // ---- nodes ---------------------------------------------------------------------------------------

  /** A node's size changed from `bytesBefore` (the tail node is measured when asked). */
  private nodeChanged(node: StreamNode, bytesBefore: number): void {
    if (node !== this.nodes[this.nodes.length - 1]) this.sealedAlloc += allocSize(node.bytes) - allocSize(bytesBefore);
  }

  private addNode(node: StreamNode): void {
    const tail = this.nodes[this.nodes.length - 1];
    if (tail) this.sealedAlloc += allocSize(tail.bytes);
    this.nodes.push(node);
    this.raxNodes = -1;
  }

  private removeNodes(at: number, howMany: number): void {
    const last = this.nodes.length - 1;
    for (let i = at; i < at + howMany; i++) if (i !== last) this.sealedAlloc -= allocSize(this.nodes[i].bytes);
    this.nodes.splice(at, howMany);
    // A new tail is measured directly from now on.
    if (at + howMany > last && this.nodes.length > 0) this.sealedAlloc -= allocSize(this.nodes[this.nodes.length - 1].bytes);
    this.raxNodes = -1;
  }

  /** Number of radix tree keys (nodes) and radix tree nodes, as XINFO STREAM reports them. */
  public get radixTreeKeys(): number {
    return this.nodes.length;
  }

  public get radixTreeNodes(): number {
    if (this.raxNodes < 0) this.raxNodes = radixTreeNodeCount(this.nodes.map((n) => [n.masterMs, n.masterSeq] as [U64, U64]));
    return this.raxNodes;
  }

  /** Index of the last node whose master ID is ≤ (ms, seq), or -1. */
  private nodeAtOrBefore(ms: U64, seq: U64): number {
    const nodes = this.nodes;
    let lo = 0;
    let hi = nodes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareIds(nodes[mid].masterMs, nodes[mid].masterSeq, ms, seq) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  // ---- appending -----------------------------------------------------------------------------------

  /**
   * redis streamAppendItem: adds an entry with the given ID (or `<ms>-*` when `seqGiven` is false,
   * or a new time-based ID when `useId` is undefined) from `argv[from…]`.
   */
  public append(argv: readonly string[], from: number, numFields: number, useId: StreamId | undefined, seqGiven: boolean,
    nowMs: number, maxBytes: number, maxEntries: number): StreamId | AppendFailure {
    const last = this.lastId;
    let id: StreamId;
    if (useId) {
      if (seqGiven) {
        id = useId;
      } else if (last.ms === useId.ms) {
        if (isMax(last.seq)) return 'SEQ_EXHAUSTED';
        id = last.next()!;
      } else {
        id = useId;
      }
    } else if (nowMs > last.ms) {
      id = new StreamId(nowMs, 0);
    } else {
      id = last.next() ?? StreamId.MIN;
    }
    if (id.compare(last) <= 0) return 'EDOM';

    let totalBytes = 0;
    for (let i = 0; i < numFields * 2; i++) totalBytes += argv[from + i].length;
    if (totalBytes > STREAM_LISTPACK_MAX_SIZE) return 'ERANGE';

    let node: StreamNode | undefined = this.nodes[this.nodes.length - 1];
    if (node) {
      const nodeMaxBytes = maxBytes === 0 || maxBytes > STREAM_LISTPACK_MAX_SIZE ? STREAM_LISTPACK_MAX_SIZE : maxBytes;
      if (node.bytes + totalBytes >= nodeMaxBytes) node = undefined;
      else if (maxEntries > 0 && node.live + node.deleted >= maxEntries) node = undefined;
    }
    if (!node) {
      const fields = new Array<string>(numFields);
      for (let i = 0; i < numFields; i++) fields[i] = argv[from + 2 * i];
      node = new StreamNode(id.ms, id.seq, fields);
      node.reserved = maxBytes > 0 && maxBytes < NODE_PREALLOC_BYTES ? maxBytes : NODE_PREALLOC_BYTES;
      node.append(id.ms, id.seq, argv, from, numFields);
      this.addNode(node);
    } else {
      node.append(id.ms, id.seq, argv, from, numFields);
    }
    this.count++;
    this.entriesAdded = incrInt64(this.entriesAdded);
    this.lastId = id;
    if (this.count === 1) this.firstId = id;
    return id;
  }

  // ---- reading -------------------------------------------------------------------------------------

  /**
   * Visits the live entries with start ≤ ID ≤ end, ascending (descending when `rev`), until `visit`
   * returns false.
   */
  public scan(start: StreamId, end: StreamId, rev: boolean, visit: (node: StreamNode, i: number) => boolean): void {
    const nodes = this.nodes;
    if (!rev) {
      let n = Math.max(0, this.nodeAtOrBefore(start.ms, start.seq));
      let i = n < nodes.length ? nodes[n].lowerBound(start.ms, start.seq) : 0;
      for (; n < nodes.length; n++, i = 0) {
        const node = nodes[n];
        for (; i < node.size; i++) {
          if (compareIds(node.ms[i], node.seq[i], end.ms, end.seq) > 0) return;
          if (!node.isDeleted(i) && !visit(node, i)) return;
        }
      }
    } else {
      let n = this.nodeAtOrBefore(end.ms, end.seq);
      if (n < 0) return;
      let i = nodes[n].upperIndex(end.ms, end.seq);
      for (; n >= 0; n--, i = n >= 0 ? nodes[n].size - 1 : 0) {
        const node = nodes[n];
        for (; i >= 0; i--) {
          if (compareIds(node.ms[i], node.seq[i], start.ms, start.seq) < 0) return;
          if (!node.isDeleted(i) && !visit(node, i)) return;
        }
      }
    }
  }

  /** The node and index of a live entry with this ID, or undefined. */
  public find(id: StreamId): [StreamNode, number, number] | undefined {
    const n = this.nodeAtOrBefore(id.ms, id.seq);
    if (n < 0) return undefined;
    const node = this.nodes[n];
    const i = node.lowerBound(id.ms, id.seq);
    if (i >= node.size || node.ms[i] !== id.ms || node.seq[i] !== id.seq || node.isDeleted(i)) return undefined;
    return [node, i, n];
  }

  public has(id: StreamId): boolean {
    return this.find(id) !== undefined;
  }

  /** ID of the last live entry (redis streamLastValidID); the stream must not be empty. */
  public lastValidId(): StreamId {
    return this.edgeId(false, true);
  }

  /**
   * The first or last entry's ID, tombstones included or not (redis streamGetEdgeID); without
   * entries, the largest ID for `first` and 0-0 otherwise.
   */
  public edgeId(first: boolean, skipTombstones: boolean): StreamId {
    const nodes = this.nodes;
    if (first) {
      for (const node of nodes) {
        for (let i = 0; i < node.size; i++) if (!skipTombstones || !node.isDeleted(i)) return new StreamId(node.ms[i], node.seq[i]);
      }
      return StreamId.MAX;
    }
    for (let n = nodes.length - 1; n >= 0; n--) {
      const node = nodes[n];
      for (let i = node.size - 1; i >= 0; i--) if (!skipTombstones || !node.isDeleted(i)) return new StreamId(node.ms[i], node.seq[i]);
    }
    return StreamId.MIN;
  }

  // ---- removing ------------------------------------------------------------------------------------

  /** redis streamDeleteItem: tombstones a live entry (dropping its node when it was the last live one). */
  public deleteEntry(id: StreamId): boolean {
    const found = this.find(id);
    if (!found) return false;
    const [node, i, n] = found;
    if (node.live === 1) {
      this.removeNodes(n, 1);
    } else {
      const before = node.bytes;
      node.markDeleted(i);
      this.nodeChanged(node, before);
    }
    this.count--;
    return true;
  }

  /** Sets the recorded first ID after entries went away (redis does it after XDEL and trimming). */
  public refreshFirstId(): void {
    this.firstId = this.count === 0 ? StreamId.MIN : this.edgeId(true, true);
  }

  /** redis streamTrim: returns the number of entries removed. */
  public trim(spec: TrimSpec): number {
    const nodes = this.nodes;
    const byLength = spec.strategy === 'maxlen';
    let deleted = 0;
    let removeFront = 0;
    let n = 0;
    for (; n < nodes.length; n++) {
      if (byLength && this.count <= spec.maxlen) break;
      const node = nodes[n];
      const entries = node.live;
      if (spec.limit && deleted + entries > spec.limit) break;
      let removeNode: boolean;
      if (byLength) {
        removeNode = this.count - entries >= spec.maxlen;
      } else {
        const last = node.size - 1;
        removeNode = compareIds(node.ms[last], node.seq[last], spec.minid.ms, spec.minid.seq) < 0;
      }
      if (removeNode) {
        removeFront++;
        this.count -= entries;
        deleted += entries;
        continue;
      }
      if (spec.approx) break;
      const before = node.bytes;
      let fromNode = 0;
      for (let i = 0; i < node.size; i++) {
        const stop = byLength
          ? this.count <= spec.maxlen
          : compareIds(node.ms[i], node.seq[i], spec.minid.ms, spec.minid.seq) >= 0;
        if (stop) break;
        if (!node.isDeleted(i)) {
          node.markDeleted(i);
          fromNode++;
          this.count--;
        }
      }
      deleted += fromNode;
      this.nodeChanged(node, before);
      break;
    }
    if (removeFront > 0) this.removeNodes(0, removeFront);
    if (this.count === 0) this.firstId = StreamId.MIN;
    else if (deleted) this.firstId = this.edgeId(true, true);
    return deleted;
  }

  // ---- consumer groups -----------------------------------------------------------------------------

  public group(name: string): ConsumerGroup | undefined {
    return this.groups?.get(name);
  }

  /** redis streamCreateCG: undefined when the name is taken. */
  public createGroup(name: string, lastId: StreamId, entriesRead: number | bigint): ConsumerGroup | undefined {
    if (!this.groups) this.groups = new Map();
    if (this.groups.has(name)) return undefined;
    const g = new ConsumerGroup(name, lastId, entriesRead, this.acct);
    this.groups.set(name, g);
    this.acct.groups++;
    return g;
  }

  public destroyGroup(g: ConsumerGroup): void {
    g.release();
    this.groups!.delete(g.name);
    this.acct.groups--;
  }

  /** Groups in radix-tree order (bytewise by name). */
  public sortedGroups(): ConsumerGroup[] {
    return this.groups ? [...this.groups.values()].sort((a, b) => byteOrder(a.name, b.name)) : [];
  }
}


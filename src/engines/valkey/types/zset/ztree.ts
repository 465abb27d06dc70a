/**
 * The ordered index of a sorted set: an order-statistic B+tree keyed by (score, member), with
 * subtree counts for O(log n) ranks. Redis uses a skiplist; in JavaScript a skiplist's pointer
 * chasing (node → level array → boxed score) costs several cache misses per step, while a B+tree
 * walks a few contiguous arrays per level. Members are latin1 strings, so `<` is memcmp order.
 *
 * Invariants: leaves hold sorted keys and are chained in order; inner nodes keep, per child, its
 * size and a lower bound of its keys (`sep`); every key of child i is >= sep[i] and < sep[i+1].
 * Separators may go stale (lower than the child's minimum) after deletions, which keeps them valid.
 */

const LEAF_MAX = 64;
const INNER_MAX = 64;

/** Compares (s1, e1) with (s2, e2): negative, zero or positive. */
function compare(s1: number, e1: string, s2: number, e2: string): number {
  if (s1 < s2) return -1;
  if (s1 > s2) return 1;
  return e1 < e2 ? -1 : e1 > e2 ? 1 : 0;
}

class Leaf {
  public size = 0;
  public readonly scores = new Float64Array(LEAF_MAX + 1);
  public readonly eles: string[] = new Array<string>(LEAF_MAX + 1).fill('');
  public prev: Leaf | null = null;
  public next: Leaf | null = null;

  public get total(): number {
    return this.size;
  }
}

class Inner {
  public size = 0;
  public total = 0;
  public readonly children: Node[] = new Array<Node>(INNER_MAX + 1);
  public readonly counts = new Float64Array(INNER_MAX + 1);
  public readonly sepScores = new Float64Array(INNER_MAX + 1);
  public readonly sepEles: string[] = new Array<string>(INNER_MAX + 1).fill('');

  /** The child whose key range holds (score, ele): the last with sep <= key (child 0 at least). */
  public route(score: number, ele: string): number {
    let lo = 1;
    let hi = this.size - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (compare(this.sepScores[mid], this.sepEles[mid], score, ele) <= 0) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }
}

type Node = Leaf | Inner;

/** Predicate of a lower-bound search: true for keys that come before the wanted position. */
export type Before = (score: number, ele: string) => boolean;

/**
 * Scratch path of the last descent (commands never run concurrently): its first `pathDepth`
 * entries. A separate depth rather than setting `PATH.length`, which is a runtime call; the stale
 * entries past it hold at most a few nodes of a tree.
 */
const PATH: Inner[] = [];
const PATH_INDEX: number[] = [];
let pathDepth = 0;

/** A position in the tree, moving in either direction; `valid` is false past either end. */
export class ZCursor {
  constructor(private leaf: Leaf | null, private i: number) {}

  public get valid(): boolean {
    return this.leaf !== null;
  }

  public get ele(): string {
    return this.leaf!.eles[this.i];
  }

  public get score(): number {
    return this.leaf!.scores[this.i];
  }

  public next(): void {
    const leaf = this.leaf!;
    if (++this.i < leaf.size) return;
    this.leaf = leaf.next;
    this.i = 0;
  }

  public prev(): void {
    if (--this.i >= 0) return;
    this.leaf = this.leaf!.prev;
    this.i = this.leaf === null ? 0 : this.leaf.size - 1;
  }
}

export class ZTree {
  /** Position of (score, ele) in a leaf: the first key not before it. */
  private static position(leaf: Leaf, score: number, ele: string): number {
    let lo = 0;
    let hi = leaf.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(leaf.scores[mid], leaf.eles[mid], score, ele) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private root: Node = new Leaf();
  private head: Leaf = this.root as Leaf;
  private tail: Leaf = this.root as Leaf;

  public get length(): number {
    return this.root.total;
  }

  /** Descends to the leaf for (score, ele), recording the path. */
  private descend(score: number, ele: string): Leaf {
    let node = this.root;
    let depth = 0;
    while (node instanceof Inner) {
      const i = node.route(score, ele);
      PATH[depth] = node;
      PATH_INDEX[depth] = i;
      depth++;
      node = node.children[i];
    }
    pathDepth = depth;
    return node;
  }

  /** Inserts a key that is not in the tree (the caller checks its dictionary first). */
  public insert(score: number, ele: string): void {
    const leaf = this.descend(score, ele);
    const pos = ZTree.position(leaf, score, ele);
    // Plain loops: copyWithin is a runtime call, dearer than moving a leaf's few dozen entries.
    const scores = leaf.scores;
    const eles = leaf.eles;
    for (let j = leaf.size; j > pos; j--) {
      scores[j] = scores[j - 1];
      eles[j] = eles[j - 1];
    }
    scores[pos] = score;
    eles[pos] = ele;
    leaf.size++;
    for (let d = 0; d < pathDepth; d++) {
      PATH[d].counts[PATH_INDEX[d]]++;
      PATH[d].total++;
    }
    if (leaf.size > LEAF_MAX) this.splitLeaf(leaf);
  }

  private splitLeaf(leaf: Leaf): void {
    const right = new Leaf();
    const half = leaf.size >> 1;
    const moved = leaf.size - half;
    right.scores.set(leaf.scores.subarray(half, leaf.size));
    for (let j = 0; j < moved; j++) {
      right.eles[j] = leaf.eles[half + j];
      leaf.eles[half + j] = '';
    }
    right.size = moved;
    leaf.size = half;
    right.next = leaf.next;
    right.prev = leaf;
    if (leaf.next !== null) leaf.next.prev = right;
    else this.tail = right;
    leaf.next = right;
    this.addSibling(pathDepth - 1, leaf, right, right.scores[0], right.eles[0]);
  }

  /**
   * After `left` (child at PATH[depth]) split off `right` (lower bound score/ele), inserts `right`
   * next to it, splitting ancestors as needed.
   */
  private addSibling(depth: number, left: Node, right: Node, score: number, ele: string): void {
    if (depth < 0) {
      const root = new Inner();
      root.children[0] = left;
      root.children[1] = right;
      root.counts[0] = left.total;
      root.counts[1] = right.total;
      root.sepScores[0] = score;
      root.sepEles[0] = '';
      root.sepScores[1] = score;
      root.sepEles[1] = ele;
      root.size = 2;
      root.total = left.total + right.total;
      this.root = root;
      return;
    }
    const parent = PATH[depth];
    const i = PATH_INDEX[depth] + 1;
    const n = parent.size;
    parent.counts.copyWithin(i + 1, i, n);
    parent.sepScores.copyWithin(i + 1, i, n);
    for (let j = n; j > i; j--) {
      parent.children[j] = parent.children[j - 1];
      parent.sepEles[j] = parent.sepEles[j - 1];
    }
    parent.children[i] = right;
    parent.sepScores[i] = score;
    parent.sepEles[i] = ele;
    parent.counts[i] = right.total;
    parent.counts[i - 1] = left.total;
    parent.size = n + 1;
    if (parent.size > INNER_MAX) this.splitInner(depth, parent);
  }

  private splitInner(depth: number, node: Inner): void {
    const right = new Inner();
    const half = node.size >> 1;
    const moved = node.size - half;
    right.counts.set(node.counts.subarray(half, node.size));
    right.sepScores.set(node.sepScores.subarray(half, node.size));
    let total = 0;
    for (let j = 0; j < moved; j++) {
      right.children[j] = node.children[half + j];
      right.sepEles[j] = node.sepEles[half + j];
      total += right.counts[j];
      node.sepEles[half + j] = '';
    }
    node.children.fill(undefined as unknown as Node, half, node.size);
    right.size = moved;
    right.total = total;
    node.size = half;
    node.total -= total;
    this.addSibling(depth - 1, node, right, right.sepScores[0], right.sepEles[0]);
  }

  /** Removes (score, ele); false when absent. */
  public delete(score: number, ele: string): boolean {
    const leaf = this.descend(score, ele);
    const pos = ZTree.position(leaf, score, ele);
    if (pos >= leaf.size || leaf.scores[pos] !== score || leaf.eles[pos] !== ele) return false;
    this.removeAt(leaf, pos);
    return true;
  }

  /** Removes the key at `pos` of `leaf`, whose path is in PATH. */
  private removeAt(leaf: Leaf, pos: number): void {
    const scores = leaf.scores;
    const eles = leaf.eles;
    for (let j = pos; j < leaf.size - 1; j++) {
      scores[j] = scores[j + 1];
      eles[j] = eles[j + 1];
    }
    leaf.size--;
    leaf.eles[leaf.size] = '';
    for (let d = 0; d < pathDepth; d++) {
      PATH[d].counts[PATH_INDEX[d]]--;
      PATH[d].total--;
    }
    if (leaf.size === 0) this.removeLeaf(leaf);
    else if (leaf.size < LEAF_MAX >> 2) this.mergeLeaf(leaf);
  }

  /** Folds a small leaf into a neighbour under the same parent when they fit in one. */
  private mergeLeaf(leaf: Leaf): void {
    const depth = pathDepth - 1;
    if (depth < 0) return;
    const parent = PATH[depth];
    const i = PATH_INDEX[depth];
    let left: Leaf;
    let right: Leaf;
    let rightIndex: number;
    if (i + 1 < parent.size && (parent.children[i + 1] as Leaf).size + leaf.size <= LEAF_MAX) {
      left = leaf;
      right = parent.children[i + 1] as Leaf;
      rightIndex = i + 1;
    } else if (i > 0 && (parent.children[i - 1] as Leaf).size + leaf.size <= LEAF_MAX) {
      left = parent.children[i - 1] as Leaf;
      right = leaf;
      rightIndex = i;
    } else {
      return;
    }
    left.scores.set(right.scores.subarray(0, right.size), left.size);
    for (let j = 0; j < right.size; j++) left.eles[left.size + j] = right.eles[j];
    left.size += right.size;
    parent.counts[rightIndex - 1] = left.size;
    right.size = 0;
    this.unlinkLeaf(right);
    this.removeChild(depth, rightIndex);
  }

  private unlinkLeaf(leaf: Leaf): void {
    if (leaf.prev !== null) leaf.prev.next = leaf.next;
    else if (leaf.next !== null) this.head = leaf.next;
    if (leaf.next !== null) leaf.next.prev = leaf.prev;
    else if (leaf.prev !== null) this.tail = leaf.prev;
  }

  private removeLeaf(leaf: Leaf): void {
    if (pathDepth === 0) return; // the root leaf stays, empty
    this.unlinkLeaf(leaf);
    this.removeChild(pathDepth - 1, PATH_INDEX[pathDepth - 1]);
  }

  /** Removes child `i` of PATH[depth] (already emptied or merged away), collapsing as needed. */
  private removeChild(depth: number, i: number): void {
    const node = PATH[depth];
    const n = node.size;
    node.counts.copyWithin(i, i + 1, n);
    node.sepScores.copyWithin(i, i + 1, n);
    for (let j = i; j < n - 1; j++) {
      node.children[j] = node.children[j + 1];
      node.sepEles[j] = node.sepEles[j + 1];
    }
    node.children[n - 1] = undefined as unknown as Node;
    node.sepEles[n - 1] = '';
    node.size = n - 1;
    if (node.size === 0) {
      if (depth === 0) {
        const leaf = new Leaf();
        this.root = this.head = this.tail = leaf;
        return;
      }
      this.removeChild(depth - 1, PATH_INDEX[depth - 1]);
      return;
    }
    // A root with one child hands over to it.
    if (depth === 0) {
      let root: Node = this.root;
      while (root instanceof Inner && root.size === 1) root = root.children[0];
      this.root = root;
    }
  }

  /** 0-based rank of (score, ele), or -1 when absent. */
  public rank(score: number, ele: string): number {
    let node = this.root;
    let rank = 0;
    while (node instanceof Inner) {
      const i = node.route(score, ele);
      for (let j = 0; j < i; j++) rank += node.counts[j];
      node = node.children[i];
    }
    const pos = ZTree.position(node, score, ele);
    if (pos >= node.size || node.scores[pos] !== score || node.eles[pos] !== ele) return -1;
    return rank + pos;
  }

  /** Rank of the first key not `before` the wanted position (length when every key is before). */
  public lowerBound(before: Before): number {
    let node = this.root;
    let rank = 0;
    while (node instanceof Inner) {
      let i = 0;
      let lo = 1;
      let hi = node.size - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (before(node.sepScores[mid], node.sepEles[mid])) {
          i = mid;
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      for (let j = 0; j < i; j++) rank += node.counts[j];
      node = node.children[i];
    }
    let lo = 0;
    let hi = node.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(node.scores[mid], node.eles[mid])) lo = mid + 1;
      else hi = mid;
    }
    return rank + lo;
  }

  /** A cursor at a 0-based rank (invalid when out of range). */
  public cursor(rank: number): ZCursor {
    if (rank < 0 || rank >= this.root.total) return new ZCursor(null, 0);
    if (rank === 0) return new ZCursor(this.head, 0);
    if (rank === this.root.total - 1) return new ZCursor(this.tail, this.tail.size - 1);
    let node = this.root;
    while (node instanceof Inner) {
      let i = 0;
      while (rank >= node.counts[i]) rank -= node.counts[i++];
      node = node.children[i];
    }
    return new ZCursor(node, rank);
  }

  /** The lowest and highest keys. */
  public get firstScore(): number {
    return this.head.scores[0];
  }

  public get firstEle(): string {
    return this.head.eles[0];
  }

  public get lastScore(): number {
    return this.tail.scores[this.tail.size - 1];
  }

  public get lastEle(): string {
    return this.tail.eles[this.tail.size - 1];
  }
}

/**
 * The ordered index of a sorted set: an order-statistic B+tree keyed by (score, member), with
 * subtree counts for O(log n) ranks. Redis uses a skiplist; in JavaScript a skiplist's pointer
 * chasing (node → level array → boxed score) costs several cache misses per step, while a B+tree
 * walks a few contiguous arrays per level. Members are latin1 strings, so `<` is memcmp order.
 *
 * Nodes are not objects: a tree keeps all its leaves in one set of arrays and all its inner nodes
 * in another, and a node is an index into them. Reaching a key of an object-per-node tree is a
 * chain of dependent loads (node, its typed array, the array's store, the member array, its
 * elements) each of which may miss the CPU caches on a large set; here the pools' headers stay
 * cached and a leaf's scores and members are found by arithmetic, with loads that can overlap.
 *
 * Invariants: leaves hold sorted keys and are chained in order; inner nodes keep, per child, its
 * size and a lower bound of its keys (`sep`); every key of child i is >= sep[i] and < sep[i+1].
 * Separators may go stale (lower than the child's minimum) after deletions, which keeps them valid.
 * The tree is balanced: every leaf is `height` inner levels below the root.
 */

const LEAF_MAX = 64;
const INNER_MAX = 64;
/** Slots per node: one more than the maximum, for the entry that overflows it before a split. */
const LEAF_STRIDE = LEAF_MAX + 1;
const INNER_STRIDE = INNER_MAX + 1;
/** Fields of a leaf's metadata: size, previous leaf, next leaf (-1 for none). */
const L_SIZE = 0;
const L_PREV = 1;
const L_NEXT = 2;
const L_META = 3;
/** Fields of an inner node's metadata: number of children, keys below it. */
const I_SIZE = 0;
const I_TOTAL = 1;
const I_META = 2;
const NONE = -1;
/** Leaf pools of up to this many leaves are never compacted (see `compact`). */
const COMPACT_MIN_LEAVES = 16;

/**
 * The inner pools of a tree that is one leaf (most sorted sets): shared and never written, since
 * the first split replaces them with pools of its own.
 */
const NO_DOUBLES = new Float64Array(0);
const NO_INTS = new Int32Array(0);
const NO_STRINGS: string[] = [];

/** Compares (s1, e1) with (s2, e2): negative, zero or positive. */
function compare(s1: number, e1: string, s2: number, e2: string): number {
  if (s1 < s2) return -1;
  if (s1 > s2) return 1;
  return e1 < e2 ? -1 : e1 > e2 ? 1 : 0;
}

function grownStrings(old: string[], capacity: number): string[] {
  const next = new Array<string>(capacity).fill('');
  for (let j = 0; j < old.length; j++) next[j] = old[j];
  return next;
}

function grownInts(old: Int32Array, capacity: number): Int32Array {
  const next = new Int32Array(capacity);
  next.set(old);
  return next;
}

function grownDoubles(old: Float64Array, capacity: number): Float64Array {
  const next = new Float64Array(capacity);
  next.set(old);
  return next;
}

/** Predicate of a lower-bound search: true for keys that come before the wanted position. */
export type Before = (score: number, ele: string) => boolean;

/**
 * Scratch path of the last descent (commands never run concurrently): the inner node and child
 * index per level, for the first `pathDepth` levels.
 */
const PATH_NODE = new Int32Array(64);
const PATH_INDEX = new Int32Array(64);
let pathDepth = 0;

/** A position in the tree, moving in either direction; `valid` is false past either end. */
export class ZCursor {
  constructor(private readonly tree: ZTree, private leaf: number, private i: number) {}

  public get valid(): boolean {
    return this.leaf !== NONE;
  }

  public get ele(): string {
    return this.tree.leafEles[this.leaf * LEAF_STRIDE + this.i];
  }

  public get score(): number {
    return this.tree.leafScores[this.leaf * LEAF_STRIDE + this.i];
  }

  public next(): void {
    const meta = this.tree.leafMeta;
    const base = this.leaf * L_META;
    if (++this.i < meta[base + L_SIZE]) return;
    this.leaf = meta[base + L_NEXT];
    this.i = 0;
  }

  public prev(): void {
    if (--this.i >= 0) return;
    const meta = this.tree.leafMeta;
    this.leaf = meta[this.leaf * L_META + L_PREV];
    this.i = this.leaf === NONE ? 0 : meta[this.leaf * L_META + L_SIZE] - 1;
  }
}

export class ZTree {
  // Leaf pool: leaf n's keys are at n * LEAF_STRIDE …, its metadata at n * L_META.
  /** @internal */ public leafScores!: Float64Array;
  /** @internal */ public leafEles!: string[];
  /** @internal */ public leafMeta!: Int32Array;
  private leafCapacity!: number;
  private leafCount!: number;
  private readonly freeLeaves: number[] = [];

  // Inner pool, allocated with the first split: node n's children at n * INNER_STRIDE ….
  private innerSepScores!: Float64Array;
  private innerSepEles!: string[];
  private innerCounts!: Int32Array;
  private innerChildren!: Int32Array;
  private innerMeta!: Int32Array;
  private innerCapacity!: number;
  private innerCount!: number;
  private readonly freeInners: number[] = [];

  /** The root: a leaf when `height` is 0, else an inner node. */
  private root!: number;
  private height!: number;
  private head!: number;
  private tail!: number;
  private size!: number;

  constructor() {
    this.reset();
  }

  public get length(): number {
    return this.size;
  }

  // ---- node pools -------------------------------------------------------------------------------

  private newLeaf(): number {
    let leaf = this.freeLeaves.pop();
    if (leaf === undefined) {
      if (this.leafCount === this.leafCapacity) {
        const capacity = this.leafCapacity * 2;
        this.leafScores = grownDoubles(this.leafScores, capacity * LEAF_STRIDE);
        this.leafEles = grownStrings(this.leafEles, capacity * LEAF_STRIDE);
        this.leafMeta = grownInts(this.leafMeta, capacity * L_META);
        this.leafCapacity = capacity;
      }
      leaf = this.leafCount++;
    }
    const meta = this.leafMeta;
    meta[leaf * L_META + L_SIZE] = 0;
    meta[leaf * L_META + L_PREV] = NONE;
    meta[leaf * L_META + L_NEXT] = NONE;
    return leaf;
  }

  /** Returns an emptied leaf to the pool (its member slots are already cleared). */
  private freeLeaf(leaf: number): void {
    this.freeLeaves.push(leaf);
  }

  private newInner(): number {
    let node = this.freeInners.pop();
    if (node === undefined) {
      if (this.innerCount === this.innerCapacity) {
        const capacity = Math.max(4, this.innerCapacity * 2);
        this.innerSepScores = grownDoubles(this.innerSepScores, capacity * INNER_STRIDE);
        this.innerSepEles = grownStrings(this.innerSepEles, capacity * INNER_STRIDE);
        this.innerCounts = grownInts(this.innerCounts, capacity * INNER_STRIDE);
        this.innerChildren = grownInts(this.innerChildren, capacity * INNER_STRIDE);
        this.innerMeta = grownInts(this.innerMeta, capacity * I_META);
        this.innerCapacity = capacity;
      }
      node = this.innerCount++;
    }
    this.innerMeta[node * I_META + I_SIZE] = 0;
    this.innerMeta[node * I_META + I_TOTAL] = 0;
    return node;
  }

  private freeInner(node: number): void {
    const base = node * INNER_STRIDE;
    this.innerSepEles.fill('', base, base + INNER_STRIDE);
    this.freeInners.push(node);
  }

  /** Keys under a node `level` levels above the leaves (0: a leaf). */
  private totalOf(node: number, level: number): number {
    return level === 0 ? this.leafMeta[node * L_META + L_SIZE] : this.innerMeta[node * I_META + I_TOTAL];
  }

  // ---- search -----------------------------------------------------------------------------------

  /** The child of inner `node` whose key range holds (score, ele): the last with sep <= key. */
  private route(node: number, score: number, ele: string): number {
    const base = node * INNER_STRIDE;
    const sepScores = this.innerSepScores;
    const sepEles = this.innerSepEles;
    let lo = 1;
    let hi = this.innerMeta[node * I_META + I_SIZE] - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (compare(sepScores[base + mid], sepEles[base + mid], score, ele) <= 0) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** Position of (score, ele) in a leaf: the first key not before it. */
  private position(leaf: number, score: number, ele: string): number {
    const base = leaf * LEAF_STRIDE;
    const scores = this.leafScores;
    const eles = this.leafEles;
    let lo = 0;
    let hi = this.leafMeta[leaf * L_META + L_SIZE];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(scores[base + mid], eles[base + mid], score, ele) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Descends to the leaf for (score, ele), recording the path. */
  private descend(score: number, ele: string): number {
    let node = this.root;
    const height = this.height;
    const children = this.innerChildren;
    for (let depth = 0; depth < height; depth++) {
      const i = this.route(node, score, ele);
      PATH_NODE[depth] = node;
      PATH_INDEX[depth] = i;
      node = children[node * INNER_STRIDE + i];
    }
    pathDepth = height;
    return node;
  }

  /** Adds `delta` to the counts along the recorded path. */
  private countPath(delta: number): void {
    const counts = this.innerCounts;
    const meta = this.innerMeta;
    for (let d = 0; d < pathDepth; d++) {
      const node = PATH_NODE[d];
      counts[node * INNER_STRIDE + PATH_INDEX[d]] += delta;
      meta[node * I_META + I_TOTAL] += delta;
    }
  }

  // ---- insertion --------------------------------------------------------------------------------

  /** Inserts a key that is not in the tree (the caller checks its dictionary first). */
  public insert(score: number, ele: string): void {
    const leaf = this.descend(score, ele);
    const pos = this.position(leaf, score, ele);
    const base = leaf * LEAF_STRIDE;
    const meta = this.leafMeta;
    const size = meta[leaf * L_META + L_SIZE];
    // Plain loops: copyWithin is a runtime call, dearer than moving a leaf's few dozen entries.
    const scores = this.leafScores;
    const eles = this.leafEles;
    for (let j = base + size; j > base + pos; j--) {
      scores[j] = scores[j - 1];
      eles[j] = eles[j - 1];
    }
    scores[base + pos] = score;
    eles[base + pos] = ele;
    meta[leaf * L_META + L_SIZE] = size + 1;
    this.size++;
    this.countPath(1);
    if (size + 1 > LEAF_MAX) this.splitLeaf(leaf);
  }

  private splitLeaf(leaf: number): void {
    const right = this.newLeaf();
    const meta = this.leafMeta;
    const scores = this.leafScores;
    const eles = this.leafEles;
    const size = meta[leaf * L_META + L_SIZE];
    const half = size >> 1;
    const moved = size - half;
    const from = leaf * LEAF_STRIDE + half;
    const to = right * LEAF_STRIDE;
    scores.copyWithin(to, from, from + moved);
    for (let j = 0; j < moved; j++) {
      eles[to + j] = eles[from + j];
      eles[from + j] = '';
    }
    meta[right * L_META + L_SIZE] = moved;
    meta[leaf * L_META + L_SIZE] = half;
    const next = meta[leaf * L_META + L_NEXT];
    meta[right * L_META + L_NEXT] = next;
    meta[right * L_META + L_PREV] = leaf;
    if (next !== NONE) meta[next * L_META + L_PREV] = right;
    else this.tail = right;
    meta[leaf * L_META + L_NEXT] = right;
    this.addSibling(pathDepth - 1, leaf, right, scores[to], eles[to]);
  }

  /**
   * After `left` (child at PATH[depth]) split off `right` (lower bound score/ele), inserts `right`
   * next to it, splitting ancestors as needed. The children are `height - depth - 1` levels above
   * the leaves.
   */
  private addSibling(depth: number, left: number, right: number, score: number, ele: string): void {
    const level = this.height - depth - 1;
    if (depth < 0) {
      const root = this.newInner();
      const base = root * INNER_STRIDE;
      this.innerChildren[base] = left;
      this.innerChildren[base + 1] = right;
      this.innerCounts[base] = this.totalOf(left, level);
      this.innerCounts[base + 1] = this.totalOf(right, level);
      this.innerSepScores[base] = score;
      this.innerSepEles[base] = '';
      this.innerSepScores[base + 1] = score;
      this.innerSepEles[base + 1] = ele;
      this.innerMeta[root * I_META + I_SIZE] = 2;
      this.innerMeta[root * I_META + I_TOTAL] = this.innerCounts[base] + this.innerCounts[base + 1];
      this.root = root;
      this.height++;
      return;
    }
    const parent = PATH_NODE[depth];
    const base = parent * INNER_STRIDE;
    const i = PATH_INDEX[depth] + 1;
    const n = this.innerMeta[parent * I_META + I_SIZE];
    const children = this.innerChildren;
    const counts = this.innerCounts;
    const sepScores = this.innerSepScores;
    const sepEles = this.innerSepEles;
    for (let j = base + n; j > base + i; j--) {
      children[j] = children[j - 1];
      counts[j] = counts[j - 1];
      sepScores[j] = sepScores[j - 1];
      sepEles[j] = sepEles[j - 1];
    }
    children[base + i] = right;
    sepScores[base + i] = score;
    sepEles[base + i] = ele;
    counts[base + i] = this.totalOf(right, level);
    counts[base + i - 1] = this.totalOf(left, level);
    this.innerMeta[parent * I_META + I_SIZE] = n + 1;
    if (n + 1 > INNER_MAX) this.splitInner(depth, parent);
  }

  private splitInner(depth: number, node: number): void {
    const right = this.newInner();
    const meta = this.innerMeta;
    const size = meta[node * I_META + I_SIZE];
    const half = size >> 1;
    const moved = size - half;
    const from = node * INNER_STRIDE + half;
    const to = right * INNER_STRIDE;
    const counts = this.innerCounts;
    const sepEles = this.innerSepEles;
    this.innerChildren.copyWithin(to, from, from + moved);
    counts.copyWithin(to, from, from + moved);
    this.innerSepScores.copyWithin(to, from, from + moved);
    let total = 0;
    for (let j = 0; j < moved; j++) {
      sepEles[to + j] = sepEles[from + j];
      sepEles[from + j] = '';
      total += counts[to + j];
    }
    meta[right * I_META + I_SIZE] = moved;
    meta[right * I_META + I_TOTAL] = total;
    meta[node * I_META + I_SIZE] = half;
    meta[node * I_META + I_TOTAL] -= total;
    this.addSibling(depth - 1, node, right, this.innerSepScores[to], sepEles[to]);
  }

  // ---- moves ------------------------------------------------------------------------------------

  /**
   * Moves `ele` (present with `oldScore`) to `newScore`. When the key keeps its place between its
   * neighbours in the leaf, only the score changes (redis zslUpdateScore does the same): a small
   * ZINCRBY on a leaderboard costs one descent, not a deletion and an insertion.
   */
  public move(oldScore: number, ele: string, newScore: number): void {
    const leaf = this.descend(oldScore, ele);
    const pos = this.position(leaf, oldScore, ele);
    const base = leaf * LEAF_STRIDE;
    const size = this.leafMeta[leaf * L_META + L_SIZE];
    const scores = this.leafScores;
    const eles = this.leafEles;
    if (pos >= size || scores[base + pos] !== oldScore || eles[base + pos] !== ele) {
      this.insert(newScore, ele);
      return;
    }
    // At an end of the leaf there is no neighbour to compare with: the key stays within the
    // separators around the leaf when it moves toward the leaf's inside (the old key was within).
    const lowerOk = pos > 0 ? compare(scores[base + pos - 1], eles[base + pos - 1], newScore, ele) < 0 : newScore >= oldScore;
    const upperOk = pos < size - 1 ? compare(newScore, ele, scores[base + pos + 1], eles[base + pos + 1]) < 0 : newScore <= oldScore;
    if (lowerOk && upperOk) {
      scores[base + pos] = newScore;
      return;
    }
    this.removeAt(leaf, pos);
    this.insert(newScore, ele);
  }

  // ---- removal ----------------------------------------------------------------------------------

  /** Removes (score, ele); false when absent. */
  public delete(score: number, ele: string): boolean {
    const leaf = this.descend(score, ele);
    const pos = this.position(leaf, score, ele);
    const at = leaf * LEAF_STRIDE + pos;
    if (pos >= this.leafMeta[leaf * L_META + L_SIZE] || this.leafScores[at] !== score || this.leafEles[at] !== ele) return false;
    this.removeAt(leaf, pos);
    return true;
  }

  /** Removes the key at `pos` of `leaf`, whose path is in PATH. */
  private removeAt(leaf: number, pos: number): void {
    const base = leaf * LEAF_STRIDE;
    const meta = this.leafMeta;
    const size = meta[leaf * L_META + L_SIZE] - 1;
    const scores = this.leafScores;
    const eles = this.leafEles;
    for (let j = base + pos; j < base + size; j++) {
      scores[j] = scores[j + 1];
      eles[j] = eles[j + 1];
    }
    eles[base + size] = '';
    meta[leaf * L_META + L_SIZE] = size;
    this.size--;
    this.countPath(-1);
    if (size === 0) this.removeLeaf(leaf);
    else if (size < LEAF_MAX >> 2) this.mergeLeaf(leaf);
    if (this.leafCapacity > COMPACT_MIN_LEAVES && this.size * 16 < this.leafCapacity * LEAF_MAX) this.compact();
  }

  /**
   * Rebuilds the tree in pools sized for what is left: a set that shrank to a small part of its
   * peak gives the memory back, as redis frees skiplist nodes.
   */
  private compact(): void {
    const scores = new Float64Array(this.size);
    const eles = new Array<string>(this.size);
    let n = 0;
    for (const c = this.cursor(0); c.valid; c.next()) {
      scores[n] = c.score;
      eles[n++] = c.ele;
    }
    this.reset();
    for (let j = 0; j < n; j++) this.insert(scores[j], eles[j]);
  }

  /** Folds a small leaf into a neighbour under the same parent when they fit in one. */
  private mergeLeaf(leaf: number): void {
    const depth = pathDepth - 1;
    if (depth < 0) return;
    const parent = PATH_NODE[depth];
    const base = parent * INNER_STRIDE;
    const i = PATH_INDEX[depth];
    const n = this.innerMeta[parent * I_META + I_SIZE];
    const meta = this.leafMeta;
    const children = this.innerChildren;
    const leafSize = meta[leaf * L_META + L_SIZE];
    let left: number;
    let right: number;
    let rightIndex: number;
    if (i + 1 < n && meta[children[base + i + 1] * L_META + L_SIZE] + leafSize <= LEAF_MAX) {
      left = leaf;
      right = children[base + i + 1];
      rightIndex = i + 1;
    } else if (i > 0 && meta[children[base + i - 1] * L_META + L_SIZE] + leafSize <= LEAF_MAX) {
      left = children[base + i - 1];
      right = leaf;
      rightIndex = i;
    } else {
      return;
    }
    const leftSize = meta[left * L_META + L_SIZE];
    const rightSize = meta[right * L_META + L_SIZE];
    const to = left * LEAF_STRIDE + leftSize;
    const from = right * LEAF_STRIDE;
    const eles = this.leafEles;
    this.leafScores.copyWithin(to, from, from + rightSize);
    for (let j = 0; j < rightSize; j++) {
      eles[to + j] = eles[from + j];
      eles[from + j] = '';
    }
    meta[left * L_META + L_SIZE] = leftSize + rightSize;
    meta[right * L_META + L_SIZE] = 0;
    this.innerCounts[base + rightIndex - 1] = leftSize + rightSize;
    this.unlinkLeaf(right);
    this.freeLeaf(right);
    this.removeChild(depth, rightIndex);
  }

  private unlinkLeaf(leaf: number): void {
    const meta = this.leafMeta;
    const prev = meta[leaf * L_META + L_PREV];
    const next = meta[leaf * L_META + L_NEXT];
    if (prev !== NONE) meta[prev * L_META + L_NEXT] = next;
    else if (next !== NONE) this.head = next;
    if (next !== NONE) meta[next * L_META + L_PREV] = prev;
    else if (prev !== NONE) this.tail = prev;
  }

  private removeLeaf(leaf: number): void {
    if (pathDepth === 0) return; // the root leaf stays, empty
    this.unlinkLeaf(leaf);
    this.freeLeaf(leaf);
    this.removeChild(pathDepth - 1, PATH_INDEX[pathDepth - 1]);
  }

  /** Removes child `i` of PATH[depth] (already emptied or merged away), collapsing as needed. */
  private removeChild(depth: number, i: number): void {
    const node = PATH_NODE[depth];
    const base = node * INNER_STRIDE;
    const n = this.innerMeta[node * I_META + I_SIZE];
    const children = this.innerChildren;
    const counts = this.innerCounts;
    const sepScores = this.innerSepScores;
    const sepEles = this.innerSepEles;
    for (let j = base + i; j < base + n - 1; j++) {
      children[j] = children[j + 1];
      counts[j] = counts[j + 1];
      sepScores[j] = sepScores[j + 1];
      sepEles[j] = sepEles[j + 1];
    }
    sepEles[base + n - 1] = '';
    this.innerMeta[node * I_META + I_SIZE] = n - 1;
    if (n - 1 === 0) {
      this.freeInner(node);
      if (depth === 0) {
        this.reset();
        return;
      }
      this.removeChild(depth - 1, PATH_INDEX[depth - 1]);
      return;
    }
    // A root with one child hands over to it.
    if (depth === 0) {
      while (this.height > 0 && this.innerMeta[this.root * I_META + I_SIZE] === 1) {
        const only = children[this.root * INNER_STRIDE];
        this.freeInner(this.root);
        this.root = only;
        this.height--;
      }
    }
  }

  /** One empty leaf and no inner node: a new tree, or an emptied one giving its pools back. */
  private reset(): void {
    this.leafScores = new Float64Array(LEAF_STRIDE);
    this.leafEles = new Array<string>(LEAF_STRIDE).fill('');
    this.leafMeta = new Int32Array(L_META);
    this.leafMeta[L_PREV] = NONE;
    this.leafMeta[L_NEXT] = NONE;
    this.leafCapacity = 1;
    this.leafCount = 1;
    this.freeLeaves.length = 0;
    this.innerSepScores = NO_DOUBLES;
    this.innerSepEles = NO_STRINGS;
    this.innerCounts = NO_INTS;
    this.innerChildren = NO_INTS;
    this.innerMeta = NO_INTS;
    this.innerCapacity = 0;
    this.innerCount = 0;
    this.freeInners.length = 0;
    this.root = this.head = this.tail = 0;
    this.height = 0;
    this.size = 0;
  }

  // ---- queries ----------------------------------------------------------------------------------

  /** 0-based rank of (score, ele), or -1 when absent. */
  public rank(score: number, ele: string): number {
    let node = this.root;
    let rank = 0;
    const counts = this.innerCounts;
    for (let depth = 0; depth < this.height; depth++) {
      const i = this.route(node, score, ele);
      const base = node * INNER_STRIDE;
      for (let j = 0; j < i; j++) rank += counts[base + j];
      node = this.innerChildren[base + i];
    }
    const pos = this.position(node, score, ele);
    const at = node * LEAF_STRIDE + pos;
    if (pos >= this.leafMeta[node * L_META + L_SIZE] || this.leafScores[at] !== score || this.leafEles[at] !== ele) return -1;
    return rank + pos;
  }

  /** Rank of the first key not `before` the wanted position (length when every key is before). */
  public lowerBound(before: Before): number {
    let node = this.root;
    let rank = 0;
    const counts = this.innerCounts;
    const sepScores = this.innerSepScores;
    const sepEles = this.innerSepEles;
    for (let depth = 0; depth < this.height; depth++) {
      const base = node * INNER_STRIDE;
      let i = 0;
      let lo = 1;
      let hi = this.innerMeta[node * I_META + I_SIZE] - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (before(sepScores[base + mid], sepEles[base + mid])) {
          i = mid;
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      for (let j = 0; j < i; j++) rank += counts[base + j];
      node = this.innerChildren[base + i];
    }
    const leafBase = node * LEAF_STRIDE;
    const scores = this.leafScores;
    const eles = this.leafEles;
    let lo = 0;
    let hi = this.leafMeta[node * L_META + L_SIZE];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(scores[leafBase + mid], eles[leafBase + mid])) lo = mid + 1;
      else hi = mid;
    }
    return rank + lo;
  }

  /** A cursor at a 0-based rank (invalid when out of range). */
  public cursor(rank: number): ZCursor {
    if (rank < 0 || rank >= this.size) return new ZCursor(this, NONE, 0);
    if (rank === 0) return new ZCursor(this, this.head, 0);
    if (rank === this.size - 1) return new ZCursor(this, this.tail, this.leafMeta[this.tail * L_META + L_SIZE] - 1);
    let node = this.root;
    const counts = this.innerCounts;
    for (let depth = 0; depth < this.height; depth++) {
      const base = node * INNER_STRIDE;
      let i = 0;
      while (rank >= counts[base + i]) rank -= counts[base + i++];
      node = this.innerChildren[base + i];
    }
    return new ZCursor(this, node, rank);
  }

  /** The lowest and highest keys. */
  public get firstScore(): number {
    return this.leafScores[this.head * LEAF_STRIDE];
  }

  public get firstEle(): string {
    return this.leafEles[this.head * LEAF_STRIDE];
  }

  public get lastScore(): number {
    return this.leafScores[this.tail * LEAF_STRIDE + this.leafMeta[this.tail * L_META + L_SIZE] - 1];
  }

  public get lastEle(): string {
    return this.leafEles[this.tail * LEAF_STRIDE + this.leafMeta[this.tail * L_META + L_SIZE] - 1];
  }
}

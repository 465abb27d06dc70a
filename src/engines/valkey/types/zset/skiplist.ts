/**
 * The ordered index of a sorted set: a skiplist with spans (redis' zskiplist), ordered by score
 * and then by member bytes, giving O(log n) insert, delete, rank and rank-to-node lookups.
 * Members are latin1 strings, so JavaScript's `<` on them is memcmp order.
 */
import { LexRange, lexGteMin, lexLteMax, lexRangeEmpty, ScoreRange, scoreGteMin, scoreLteMax, scoreRangeEmpty } from './ranges';

export const MAX_LEVEL = 32;
/** Probability of promoting a node one level up (redis ZSKIPLIST_P). */
const P = 0.25;

export class ZNode {
  public backward: ZNode | null = null;
  /** Forward pointer per level. */
  public readonly next: (ZNode | null)[];
  /** Number of level-0 steps each forward pointer jumps. */
  public readonly span: number[];

  constructor(public ele: string, public score: number, level: number) {
    this.next = new Array<ZNode | null>(level).fill(null);
    this.span = new Array<number>(level).fill(0);
  }

  public get level(): number {
    return this.next.length;
  }
}

/** Scratch arrays shared by all skiplists (commands never run concurrently). */
const UPDATE: ZNode[] = new Array<ZNode>(MAX_LEVEL);
const RANK: number[] = new Array<number>(MAX_LEVEL).fill(0);

function randomLevel(): number {
  let level = 1;
  while (level < MAX_LEVEL && Math.random() < P) level++;
  return level;
}

/** True when node (score, ele) sorts before (score, ele). */
function before(n: ZNode, score: number, ele: string): boolean {
  return n.score < score || (n.score === score && n.ele < ele);
}

export class ZSkipList {
  /** The header's levels grow as the list's level grows. */
  public readonly header = new ZNode('', 0, 0);
  public tail: ZNode | null = null;
  public length = 0;
  public level = 1;

  constructor() {
    this.header.next.push(null);
    this.header.span.push(0);
  }

  public get first(): ZNode | null {
    return this.header.next[0];
  }

  /** Inserts a member that is not in the list (the caller checks its dictionary first). */
  public insert(score: number, ele: string): ZNode {
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      RANK[i] = i === this.level - 1 ? 0 : RANK[i + 1];
      let f = x.next[i];
      while (f !== null && before(f, score, ele)) {
        RANK[i] += x.span[i];
        x = f;
        f = x.next[i];
      }
      UPDATE[i] = x;
    }
    const level = randomLevel();
    if (level > this.level) {
      const h = this.header;
      for (let i = this.level; i < level; i++) {
        RANK[i] = 0;
        UPDATE[i] = h;
        if (h.next.length <= i) {
          h.next.push(null);
          h.span.push(0);
        }
        h.span[i] = this.length;
      }
      this.level = level;
    }
    const node = new ZNode(ele, score, level);
    for (let i = 0; i < level; i++) {
      const u = UPDATE[i];
      node.next[i] = u.next[i];
      u.next[i] = node;
      node.span[i] = u.span[i] - (RANK[0] - RANK[i]);
      u.span[i] = RANK[0] - RANK[i] + 1;
    }
    for (let i = level; i < this.level; i++) UPDATE[i].span[i]++;
    node.backward = UPDATE[0] === this.header ? null : UPDATE[0];
    const after = node.next[0];
    if (after !== null) after.backward = node;
    else this.tail = node;
    this.length++;
    return node;
  }

  /** Unlinks x given its predecessors in UPDATE (redis zslDeleteNode). */
  private unlink(x: ZNode): void {
    for (let i = 0; i < this.level; i++) {
      const u = UPDATE[i];
      if (u.next[i] === x) {
        u.span[i] += x.span[i] - 1;
        u.next[i] = x.next[i];
      } else {
        u.span[i] -= 1;
      }
    }
    const after = x.next[0];
    if (after !== null) after.backward = x.backward;
    else this.tail = x.backward;
    while (this.level > 1 && this.header.next[this.level - 1] === null) this.level--;
    this.length--;
  }

  /** Fills UPDATE with the last node before (score, ele) on each level. */
  private findPredecessors(score: number, ele: string): ZNode {
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.next[i];
      while (f !== null && before(f, score, ele)) {
        x = f;
        f = x.next[i];
      }
      UPDATE[i] = x;
    }
    return x;
  }

  /** Removes the node holding (score, ele); false when absent. */
  public delete(score: number, ele: string): boolean {
    const x = this.findPredecessors(score, ele).next[0];
    if (x !== null && x.score === score && x.ele === ele) {
      this.unlink(x);
      return true;
    }
    return false;
  }

  /**
   * Changes a member's score (redis zslUpdateScore): in place when the order is unchanged,
   * otherwise by removing and re-inserting. Returns the node now holding the member.
   */
  public updateScore(node: ZNode, newScore: number): ZNode {
    const back = node.backward;
    const fwd = node.next[0];
    if ((back === null || back.score < newScore) && (fwd === null || fwd.score > newScore)) {
      node.score = newScore;
      return node;
    }
    this.findPredecessors(node.score, node.ele);
    this.unlink(node);
    return this.insert(newScore, node.ele);
  }

  /** 1-based rank of (score, ele), 0 when absent. */
  public rank(score: number, ele: string): number {
    let x = this.header;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.next[i];
      while (f !== null && (f.score < score || (f.score === score && f.ele <= ele))) {
        rank += x.span[i];
        x = f;
        f = x.next[i];
      }
      if (x !== this.header && x.score === score && x.ele === ele) return rank;
    }
    return 0;
  }

  /** The node at a 1-based rank, or null. */
  public byRank(rank: number): ZNode | null {
    let x = this.header;
    let traversed = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.next[i];
      while (f !== null && traversed + x.span[i] <= rank) {
        traversed += x.span[i];
        x = f;
        f = x.next[i];
      }
      if (traversed === rank) return x === this.header ? null : x;
    }
    return null;
  }

  // ---- score ranges --------------------------------------------------------------------------

  private inRange(r: ScoreRange): boolean {
    if (scoreRangeEmpty(r)) return false;
    const t = this.tail;
    if (t === null || !scoreGteMin(t.score, r)) return false;
    const h = this.header.next[0];
    return h !== null && scoreLteMax(h.score, r);
  }

  public firstInRange(r: ScoreRange): ZNode | null {
    if (!this.inRange(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.next[i];
      while (f !== null && !scoreGteMin(f.score, r)) {
        x = f;
        f = x.next[i];
      }
    }
    const n = x.next[0]!;
    return scoreLteMax(n.score, r) ? n : null;
  }

  public lastInRange(r: ScoreRange): ZNode | null {
    if (!this.inRange(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.next[i];
      while (f !== null && scoreLteMax(f.score, r)) {
        x = f;
        f = x.next[i];
      }
    }
    return scoreGteMin(x.score, r) ? x : null;
  }

  // ---- lex ranges ----------------------------------------------------------------------------

  private inLexRange(r: LexRange): boolean {
    if (lexRangeEmpty(r)) return false;
    const t = this.tail;
    if (t === null || !lexGteMin(t.ele, r)) return false;
    const h = this.header.next[0];
    return h !== null && lexLteMax(h.ele, r);
  }

  public firstInLexRange(r: LexRange): ZNode | null {
    if (!this.inLexRange(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.next[i];
      while (f !== null && !lexGteMin(f.ele, r)) {
        x = f;
        f = x.next[i];
      }
    }
    const n = x.next[0]!;
    return lexLteMax(n.ele, r) ? n : null;
  }

  public lastInLexRange(r: LexRange): ZNode | null {
    if (!this.inLexRange(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.next[i];
      while (f !== null && lexLteMax(f.ele, r)) {
        x = f;
        f = x.next[i];
      }
    }
    return lexGteMin(x.ele, r) ? x : null;
  }

  // ---- range deletion (each removed node is reported so the dictionary follows) ----------------

  public deleteRangeByScore(r: ScoreRange, removed: (n: ZNode) => void): number {
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.next[i];
      while (f !== null && !scoreGteMin(f.score, r)) {
        x = f;
        f = x.next[i];
      }
      UPDATE[i] = x;
    }
    return this.deleteWhile(x.next[0], (n) => scoreLteMax(n.score, r), removed);
  }

  public deleteRangeByLex(r: LexRange, removed: (n: ZNode) => void): number {
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.next[i];
      while (f !== null && !lexGteMin(f.ele, r)) {
        x = f;
        f = x.next[i];
      }
      UPDATE[i] = x;
    }
    return this.deleteWhile(x.next[0], (n) => lexLteMax(n.ele, r), removed);
  }

  /** Deletes ranks start..end (1-based, inclusive). */
  public deleteRangeByRank(start: number, end: number, removed: (n: ZNode) => void): number {
    let x = this.header;
    let traversed = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.next[i];
      while (f !== null && traversed + x.span[i] < start) {
        traversed += x.span[i];
        x = f;
        f = x.next[i];
      }
      UPDATE[i] = x;
    }
    let rank = traversed + 1;
    return this.deleteWhile(x.next[0], () => rank++ <= end, removed);
  }

  private deleteWhile(from: ZNode | null, keep: (n: ZNode) => boolean, removed: (n: ZNode) => void): number {
    let n = from;
    let count = 0;
    while (n !== null && keep(n)) {
      const next = n.next[0];
      this.unlink(n);
      removed(n);
      count++;
      n = next;
    }
    return count;
  }
}

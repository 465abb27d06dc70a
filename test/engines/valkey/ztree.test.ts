import { prng } from './support/prng';
import { ZTree } from '../../../src/engines/valkey/types/zset/ztree';

/** Keys in order: by score, then by member (memcmp order for latin1 strings). */
function compareKeys(a: [number, string], b: [number, string]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** Every key of the tree, walking a cursor forward from rank 0 and backward from the last rank. */
function walk(tree: ZTree): { forward: [number, string][]; backward: [number, string][] } {
  const forward: [number, string][] = [];
  for (const c = tree.cursor(0); c.valid; c.next()) forward.push([c.score, c.ele]);
  const backward: [number, string][] = [];
  for (const c = tree.cursor(tree.length - 1); c.valid; c.prev()) backward.push([c.score, c.ele]);
  return { forward, backward: backward.reverse() };
}

/** The tree against a sorted array through random operations; every query must agree. */
describe('ZTree', () => {
  test.each([
    ['few distinct scores (members decide the order)', 1, 5],
    ['many distinct scores', 2, 1_000_000],
  ])('agrees with a sorted array: %s', (_name, seed, scoreRange) => {
    const next = prng(seed);
    const int = (n: number): number => Math.floor(next() * n);
    const tree = new ZTree();
    const model: [number, string][] = [];
    const scoreOf = new Map<string, number>();
    for (let step = 0; step < 24_000; step++) {
      // Grow to a few thousand keys (several levels), then shrink (merges, collapsing root), repeat.
      const growing = Math.floor(step / 6_000) % 2 === 0;
      const ele = `m${int(growing ? 6000 : 2500)}`;
      const op = int(10);
      const current = scoreOf.get(ele);
      if (op < (growing ? 6 : 2)) {
        const score = int(scoreRange) - scoreRange / 2;
        if (current !== undefined) {
          model.splice(model.findIndex((k) => k[1] === ele), 1);
          if (op % 2 === 0) tree.move(current, ele, score);
          else expect(tree.delete(current, ele)).toBe(true);
        }
        if (current === undefined || op % 2 === 1) tree.insert(score, ele);
        scoreOf.set(ele, score);
        let lo = 0;
        let hi = model.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (compareKeys(model[mid], [score, ele]) < 0) lo = mid + 1;
          else hi = mid;
        }
        model.splice(lo, 0, [score, ele]);
      } else if (op < 8) {
        expect(tree.delete(current ?? 0, ele)).toBe(current !== undefined);
        if (current !== undefined) {
          model.splice(model.findIndex((k) => k[1] === ele), 1);
          scoreOf.delete(ele);
        }
      } else {
        const rank = current === undefined ? -1 : model.findIndex((k) => k[1] === ele);
        expect(tree.rank(current ?? 0, ele)).toBe(rank);
        const bound = int(scoreRange) - scoreRange / 2;
        expect(tree.lowerBound((s) => s < bound)).toBe(model.filter((k) => k[0] < bound).length);
        const at = int(model.length + 2) - 1;
        const c = tree.cursor(at);
        expect(c.valid).toBe(at >= 0 && at < model.length);
        if (c.valid) expect([c.score, c.ele]).toEqual(model[at]);
      }
      expect(tree.length).toBe(model.length);
      if (step % 3_000 === 0) {
        const { forward, backward } = walk(tree);
        expect(forward).toEqual(model);
        expect(backward).toEqual(model);
      }
    }
    expect(walk(tree).forward).toEqual(model);
    if (model.length > 0) {
      expect([tree.firstScore, tree.firstEle]).toEqual(model[0]);
      expect([tree.lastScore, tree.lastEle]).toEqual(model[model.length - 1]);
    }
  });

  test('emptied completely and filled again, in order and in reverse order', () => {
    const tree = new ZTree();
    for (let round = 0; round < 3; round++) {
      const n = 5_000;
      for (let i = 0; i < n; i++) tree.insert(round === 1 ? n - i : i, `e${i}`);
      expect(tree.length).toBe(n);
      expect(tree.rank(round === 1 ? 1 : 0, round === 1 ? `e${n - 1}` : 'e0')).toBe(0);
      for (let i = 0; i < n; i++) expect(tree.delete(round === 1 ? n - i : i, `e${i}`)).toBe(true);
      expect(tree.length).toBe(0);
      expect(tree.cursor(0).valid).toBe(false);
      expect(tree.lowerBound(() => true)).toBe(0);
    }
  });

  test('a set shrunk to a small part of its peak is rebuilt in smaller pools, keys intact', () => {
    const next = prng(7);
    const tree = new ZTree();
    const pools = (): number => (tree as unknown as { leafCapacity: number }).leafCapacity;
    const model = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const score = Math.floor(next() * 1000);
      tree.insert(score, `k${i}`);
      model.set(`k${i}`, score);
    }
    const peak = pools();
    expect(peak).toBeGreaterThanOrEqual(512);
    // Delete in random order down to 100 keys: merges, freed leaves reused, then compactions.
    const doomed = [...model.keys()].sort(() => next() - 0.5).slice(0, 19_900);
    for (const [i, k] of doomed.entries()) {
      expect(tree.delete(model.get(k)!, k)).toBe(true);
      model.delete(k);
      if (i % 4_000 === 0) {
        tree.insert(-1, `again${i}`);
        model.set(`again${i}`, -1);
      }
    }
    expect(pools()).toBeLessThan(peak / 8);
    const expected = [...model.entries()].map(([k, s]): [number, string] => [s, k]).sort(compareKeys);
    const { forward, backward } = walk(tree);
    expect(forward).toEqual(expected);
    expect(backward).toEqual(expected);
    for (const [rank, [s, k]] of expected.entries()) expect(tree.rank(s, k)).toBe(rank);
  });

  test('small moves change scores in place and keep the order, ranks and separators right', () => {
    const next = prng(11);
    const tree = new ZTree();
    const score = new Map<string, number>();
    for (let i = 0; i < 5_000; i++) {
      tree.insert(i, `m${i}`);
      score.set(`m${i}`, i);
    }
    const check = (): void => {
      const expected = [...score.entries()].map(([k, s]): [number, string] => [s, k]).sort(compareKeys);
      expect(walk(tree).forward).toEqual(expected);
      for (let j = 0; j < 200; j++) {
        const at = Math.floor(next() * expected.length);
        expect(tree.rank(expected[at][0], expected[at][1])).toBe(at);
        expect(tree.lowerBound((s) => s < expected[at][0])).toBe(expected.findIndex((k) => k[0] >= expected[at][0]));
      }
    };
    for (let round = 0; round < 5; round++) {
      for (let j = 0; j < 4_000; j++) {
        const ele = `m${Math.floor(next() * 5_000)}`;
        const from = score.get(ele)!;
        // Mostly within the neighbours (in place), sometimes past them or across a leaf's ends.
        const to = from + (Math.floor(next() * 7) - 3) * (round % 2 === 0 ? 0.25 : 0.9);
        if (to === from) continue;
        tree.move(from, ele, to);
        score.set(ele, to);
      }
      expect(tree.length).toBe(5_000);
      check();
    }
  });

  test('a cursor moves across leaves in both directions and becomes invalid past either end', () => {
    const tree = new ZTree();
    for (let i = 0; i < 1_000; i++) tree.insert(i, 'x');
    const c = tree.cursor(999);
    c.next();
    expect(c.valid).toBe(false);
    const d = tree.cursor(0);
    d.prev();
    expect(d.valid).toBe(false);
    const e = tree.cursor(500);
    for (let i = 0; i < 300; i++) e.prev();
    expect(e.score).toBe(200);
    for (let i = 0; i < 700; i++) e.next();
    expect(e.score).toBe(900);
    expect(tree.cursor(-1).valid).toBe(false);
    expect(tree.cursor(1_000).valid).toBe(false);
  });
});

/**
 * How many nodes redis' radix tree (rax) has for a set of 128-bit stream node keys, for XINFO
 * STREAM's `radix-tree-nodes`. A rax is a compressed trie: a run of bytes shared by every key below
 * a point is one compressed node, a point where keys diverge is one node holding the branch bytes,
 * and every key ends in a leaf node; an empty tree is its root alone. Insertions and removals keep
 * that canonical shape, so the count follows from the sorted keys.
 */
import { idKeyBytes, U64 } from './stream-id';

const KEY_BYTES = 16;

function countSubtree(keys: readonly number[][], lo: number, hi: number, depth: number): number {
  if (depth === KEY_BYTES) return 1;
  const a = keys[lo];
  const b = keys[hi - 1];
  let shared = depth;
  while (shared < KEY_BYTES && a[shared] === b[shared]) shared++;
  if (shared > depth) return 1 + countSubtree(keys, lo, hi, shared);
  let total = 1;
  for (let i = lo; i < hi;) {
    let j = i + 1;
    while (j < hi && keys[j][depth] === keys[i][depth]) j++;
    total += countSubtree(keys, i, j, depth + 1);
    i = j;
  }
  return total;
}

/** Node count of the rax holding these (ms, seq) keys, given in increasing order. */
export function radixTreeNodeCount(ids: readonly (readonly [U64, U64])[]): number {
  if (ids.length === 0) return 1;
  const keys = ids.map(([ms, seq]) => idKeyBytes(ms, seq));
  return countSubtree(keys, 0, keys.length, 0);
}

/**
 * Redis' partial quicksort (pqsort.c, from NetBSD's qsort, Bentley & McIlroy): sorts only what is
 * needed to get elements lrange..rrange into place. GEORADIUS … COUNT uses it, and since it is not
 * stable, points at equal distances come out in its order; this port reproduces that order. Like
 * redis 7.0's and Valkey's pqsort.c (and unlike later redis versions), a partition that moves
 * nothing does not switch to insertion sort.
 */

export type Compare<T> = (a: T, b: T) => number;

function swap<T>(a: T[], i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

function vecswap<T>(a: T[], i: number, j: number, n: number): void {
  for (let k = 0; k < n; k++) swap(a, i + k, j + k);
}

function med3<T>(a: T[], i: number, j: number, k: number, cmp: Compare<T>): number {
  return cmp(a[i], a[j]) < 0
    ? (cmp(a[j], a[k]) < 0 ? j : cmp(a[i], a[k]) < 0 ? k : i)
    : (cmp(a[j], a[k]) > 0 ? j : cmp(a[i], a[k]) < 0 ? i : k);
}

function insertionSort<T>(a: T[], base: number, n: number, cmp: Compare<T>): void {
  for (let m = base + 1; m < base + n; m++) {
    for (let l = m; l > base && cmp(a[l - 1], a[l]) > 0; l--) swap(a, l, l - 1);
  }
}

/** True when [first, last] lies entirely outside the wanted range [lr, rr]. */
function outside(first: number, last: number, lr: number, rr: number): boolean {
  return (lr < first && rr < first) || (lr > last && rr > last);
}

function partialSort<T>(a: T[], base: number, n: number, cmp: Compare<T>, lr: number, rr: number): void {
  for (;;) {
    if (n < 7) {
      insertionSort(a, base, n, cmp);
      return;
    }
    let pm = base + (n >> 1);
    if (n > 7) {
      let pl = base;
      let pn = base + n - 1;
      if (n > 40) {
        const d = n >> 3;
        pl = med3(a, pl, pl + d, pl + 2 * d, cmp);
        pm = med3(a, pm - d, pm, pm + d, cmp);
        pn = med3(a, pn - 2 * d, pn - d, pn, cmp);
      }
      pm = med3(a, pl, pm, pn, cmp);
    }
    swap(a, base, pm);
    let pa = base + 1;
    let pb = pa;
    let pc = base + n - 1;
    let pd = pc;
    for (;;) {
      let r: number;
      while (pb <= pc && (r = cmp(a[pb], a[base])) <= 0) {
        if (r === 0) {
          swap(a, pa, pb);
          pa++;
        }
        pb++;
      }
      while (pb <= pc && (r = cmp(a[pc], a[base])) >= 0) {
        if (r === 0) {
          swap(a, pc, pd);
          pd--;
        }
        pc--;
      }
      if (pb > pc) break;
      swap(a, pb, pc);
      pb++;
      pc--;
    }
    const pn = base + n;
    let r = Math.min(pa - base, pb - pa);
    vecswap(a, base, pb - r, r);
    r = Math.min(pd - pc, pn - pd - 1);
    vecswap(a, pb, pn - r, r);
    r = pb - pa;
    if (r > 1 && !outside(base, base + r - 1, lr, rr)) partialSort(a, base, r, cmp, lr, rr);
    r = pd - pc;
    if (r > 1) {
      base = pn - r;
      n = r;
      if (!outside(base, base + r - 1, lr, rr)) continue;
    }
    return;
  }
}

/** Sorts `a` enough that positions lrange..rrange hold what a full sort would put there. */
export function pqsort<T>(a: T[], cmp: Compare<T>, lrange: number, rrange: number): void {
  partialSort(a, 0, a.length, cmp, lrange, rrange);
}

/**
 * Compares dotted versions numerically, part by part (`6.2` < `6.10`, `1.4.5` < `1.4.14`); missing
 * parts count as 0 and non-numeric parts (`x` in `6.x`) count as 0.
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : 0));
  const pb = b.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : 0));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

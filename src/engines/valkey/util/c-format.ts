/**
 * C `printf("%.<N>f")` for doubles, as redis prints its ratios, percentages and human sizes.
 * JavaScript's toFixed differs only on exact ties: it rounds them up, glibc rounds them to even
 * (0.125 is "0.13" for toFixed, "0.12" for printf), and ties are common where the value is a
 * small fraction (a byte count over 1024, microseconds over 8 calls).
 */
import { formatFixed as fixedMagnitude } from '../../resp/format-double';

/** Exact `%.<decimals>f` of a double with half-to-even ties (C printf), from its exact value. */
function exactFixed(d: number, decimals: number): string {
  const text = fixedMagnitude(Math.abs(d), decimals);
  return d < 0 || Object.is(d, -0) ? '-' + text : text;
}

/** C `printf("%.<decimals>f", d)`. */
export function formatFixed(d: number, decimals: number): string {
  if (Number.isNaN(d)) return d < 0 ? '-nan' : 'nan';
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  const abs = Math.abs(d);
  // toFixed is exact except that it rounds ties up; a tie needs d * 2^(decimals+1) to be whole.
  if (abs < 1e21 && !Number.isInteger(d * 2 ** (decimals + 1)) && !Object.is(d, -0)) return d.toFixed(decimals);
  return exactFixed(d, decimals);
}

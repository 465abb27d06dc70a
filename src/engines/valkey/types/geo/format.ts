/**
 * Number formats of the geo replies: `%.Nf` (distances with 4 decimals, coordinates in error
 * messages with 6) with glibc's round-half-even on exact ties, and redis' "human" long double
 * (`%.17Lf` without trailing zeros) for coordinates.
 */
import { binaryParts, formatFixed as fixedMagnitude } from '../../../resp/format-double';
import { formatLongDoubleHuman } from '../../util/long-double';

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

/** redis addReplyHumanLongDouble's text for a double: `%.17Lf`, trailing zeros removed. */
export function formatHuman(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (d === 0) return '0';
  const { mantissa, exp2 } = binaryParts(d);
  return formatLongDoubleHuman({ kind: 'finite', negative: d < 0, mantissa, exp: exp2 });
}

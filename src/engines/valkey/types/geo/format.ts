/**
 * Number formats of the geo replies: `%.Nf` (distances with 4 decimals, coordinates in error
 * messages with 6) with glibc's round-half-even on exact ties, and redis' "human" long double
 * (`%.17Lf` without trailing zeros) for coordinates.
 */
import { binaryParts, printfFixed } from '../../../resp/format-double';
import { formatLongDoubleHuman } from '../../util/long-double';

/**
 * C `printf("%.<decimals>f")`, the distances' and coordinates' format. A constant, not a re-export:
 * TypeScript turns `export … from` into an accessor on the module's exports, and redefining a
 * property as an accessor puts the whole exports object in V8's slow dictionary mode.
 */
export const formatFixed = printfFixed;

/** redis addReplyHumanLongDouble's text for a double: `%.17Lf`, trailing zeros removed. */
export function formatHuman(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (d === 0) return '0';
  const { mantissa, exp2 } = binaryParts(d);
  return formatLongDoubleHuman({ kind: 'finite', negative: d < 0, mantissa, exp: exp2 });
}

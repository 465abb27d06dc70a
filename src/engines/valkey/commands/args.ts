/**
 * Argument parsing that replies the error itself, like redis' get*FromObjectOrReply helpers:
 * each returns undefined after writing the error, so handlers simply `return` on undefined.
 */
import type { Client } from '../server/client';
import { ERR } from '../util/errors';
import { LongDouble, parseLongDouble } from '../util/long-double';
import { parseDouble, parseInt64, parseInt64Big } from '../util/numbers';

/** A signed 64-bit integer (as a number; exact up to 2^53). */
export function intArg(c: Client, s: string, error: string = ERR.NOT_INTEGER): number | undefined {
  const n = parseInt64(s);
  if (n === undefined) c.out.error(error);
  return n;
}

/** A signed 64-bit integer as a bigint (for exact arithmetic near the limits). */
export function bigIntArg(c: Client, s: string, error: string = ERR.NOT_INTEGER): bigint | undefined {
  const n = parseInt64Big(s);
  if (n === undefined) c.out.error(error);
  return n;
}

/** A C `int` (redis getIntFromObjectOrReply: out-of-range values have their own message). */
export function int32Arg(c: Client, s: string): number | undefined {
  const n = parseInt64(s);
  if (n === undefined) {
    c.out.error(ERR.NOT_INTEGER);
    return undefined;
  }
  if (n < -2147483648 || n > 2147483647) {
    c.out.error('value is out of range, value must between -2147483648 and 2147483647');
    return undefined;
  }
  return n;
}

/**
 * A non-negative integer (redis getPositiveLongFromObjectOrReply): a value that is not an integer
 * gets the same error as a negative one.
 */
export function nonNegativeIntArg(c: Client, s: string, error: string = ERR.NOT_POSITIVE): number | undefined {
  const n = parseInt64(s);
  if (n === undefined) {
    c.out.error(error);
    return undefined;
  }
  if (n < 0) {
    c.out.error(error);
    return undefined;
  }
  return n;
}

/** A double (redis getDoubleFromObjectOrReply). */
export function doubleArg(c: Client, s: string, error: string = ERR.NOT_FLOAT): number | undefined {
  const d = parseDouble(s);
  if (d === undefined) c.out.error(error);
  return d;
}

/**
 * A timeout in milliseconds (redis getTimeoutFromObjectOrReply with UNIT_MILLISECONDS): an
 * integer, not negative. Returns the relative timeout (0 = none).
 */
export function timeoutMsArg(c: Client, s: string): number | undefined {
  const n = parseInt64(s);
  if (n === undefined) {
    c.out.error('timeout is not an integer or out of range');
    return undefined;
  }
  if (n < 0) {
    c.out.error(ERR.TIMEOUT_NEGATIVE);
    return undefined;
  }
  return n;
}

/**
 * `ceill(t * 1000.0)` on an x87 long double: the product rounded to a 64-bit mantissa, then
 * rounded up to an integer (toward zero for negative values). Undefined for infinities.
 */
function ceilMillis(v: LongDouble): bigint | undefined {
  if (v.kind !== 'finite') return undefined;
  let m = v.mantissa * 1000n;
  let e = v.exp;
  const bits = m.toString(2).length;
  if (bits > 64) {
    const shift = BigInt(bits - 64);
    const half = 1n << (shift - 1n);
    const rest = m & ((1n << shift) - 1n);
    m >>= shift;
    if (rest > half || (rest === half && (m & 1n) === 1n)) m++;
    e += bits - 64;
  }
  if (e >= 0) return (v.negative ? -m : m) << BigInt(e);
  const whole = m >> BigInt(-e);
  const fraction = m !== whole << BigInt(-e);
  return v.negative ? -whole : fraction ? whole + 1n : whole;
}

/**
 * A timeout in seconds with decimals (BLPOP, BZPOPMIN…), as redis' getTimeoutFromObjectOrReply
 * with UNIT_SECONDS: a long double, turned into ms as `(long long)ceill(t * 1000.0)`, so any
 * positive timeout waits at least 1 ms and tiny negative ones read as 0 (forever). Infinities and
 * values past the 64-bit range become x87's "integer indefinite" (negative). Returns the relative
 * timeout in ms (0 = none), or undefined after replying the error.
 */
export function timeoutSecondsArg(c: Client, s: string): number | undefined {
  const v = parseLongDouble(s);
  if (v === undefined) {
    c.out.error(ERR.TIMEOUT_NOT_FLOAT);
    return undefined;
  }
  let ms = ceilMillis(v);
  // Valkey 8 checks the milliseconds against the 64-bit range first; redis 7 casts a value past it
  // to LLONG_MIN, which then reads as negative.
  const pastRange = ms === undefined ? v.kind === 'inf' && !v.negative : ms >= 2n ** 63n;
  if (pastRange && c.server.isValkey8) {
    c.out.error('timeout is out of range');
    return undefined;
  }
  if (ms === undefined || ms >= 2n ** 63n || ms < -(2n ** 63n)) ms = -(2n ** 63n);
  if (ms < 0n) {
    c.out.error(ERR.TIMEOUT_NEGATIVE);
    return undefined;
  }
  if (ms > 0n && ms > 2n ** 63n - 1n - BigInt(c.server.mstime)) {
    c.out.error('timeout is out of range');
    return undefined;
  }
  return Number(ms);
}

/** Case-insensitive comparison of an argument with an ASCII keyword. */
export function is(arg: string, keyword: string): boolean {
  return arg.length === keyword.length && arg.toLowerCase() === keyword;
}

/** Replies with a container command's HELP text (as redis-server words it). */
export function replyHelp(c: Client, container: string): void {
  const lines = c.server.commands.helpTexts[container];
  if (!lines) throw new Error(`no HELP text for '${container}'`);
  c.out.arrayHeader(lines.length);
  for (const line of lines) c.out.status(line);
}

/** Replies with custom HELP lines (for containers the captured texts do not cover). */
export function replyHelpLines(c: Client, lines: readonly string[]): void {
  c.out.arrayHeader(lines.length);
  for (const line of lines) c.out.status(line);
}

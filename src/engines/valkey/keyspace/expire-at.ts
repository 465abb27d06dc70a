/**
 * Absolute expiry times in milliseconds. redis keeps them as `long long`, so a TTL can reach
 * 2^63 - 1 ms (EXPIREAT 9223372036854775 or SET … PXAT 9223372036854775807), past the 2^53 that a
 * JavaScript number holds exactly. A time is a number while it is a safe integer and a bigint
 * beyond, always in that canonical form: `<`/`>` against the clock (a number) stay exact across
 * the two representations, and only code that does arithmetic on a time needs to care.
 */
import { exactInteger } from '../util/numbers';

export type ExpireAt = number | bigint;

/** The canonical form of a time given as a bigint. */
export function expireAt(ms: bigint): ExpireAt {
  return exactInteger(ms);
}

/** `when - now` in ms, exact (a TTL is far beyond 2^53 only when the time is). */
export function msUntil(when: ExpireAt, now: number): ExpireAt {
  if (typeof when === 'number') return when - now;
  return expireAt(when - BigInt(now));
}

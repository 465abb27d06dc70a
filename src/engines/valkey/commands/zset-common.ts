/**
 * Helpers shared by the sorted-set, geo and blocking-pop commands: typed lookups, listpack limits,
 * member/score replies in RESP2 and RESP3 shapes, result stores, and blocking timeouts.
 */
import { readAs, writeAs } from './collection-helpers';
import type { Client } from '../server/client';
import type { Config } from '../server/config';
import { NOTIFY } from '../server/notify-flags';
import { ListpackLimits, ZSetValue } from '../types/zset/zset-value';
import { ERR } from '../util/errors';
import { LongDouble, parseLongDouble } from '../util/long-double';

const LIMITS = new WeakMap<Config, { entries: number; value: number }>();

/** The `zset-max-listpack-entries` / `-value` limits, followed as CONFIG SET changes them. */
export function zsetLimits(c: Client): ListpackLimits {
  const cfg = c.server.config;
  let limits = LIMITS.get(cfg);
  if (limits === undefined) {
    const l = { entries: cfg.num('zset-max-listpack-entries'), value: cfg.num('zset-max-listpack-value') };
    cfg.onChange('zset-max-listpack-entries', (v) => { l.entries = v as number; });
    cfg.onChange('zset-max-listpack-value', (v) => { l.value = v as number; });
    LIMITS.set(cfg, l);
    limits = l;
  }
  return limits;
}

/** A key that must hold a sorted set: the set, undefined when missing, null after WRONGTYPE. */
export function readZset(c: Client, key: string): ZSetValue | undefined | null {
  return readAs(c, key, ZSetValue);
}

export function writeZset(c: Client, key: string): ZSetValue | undefined | null {
  return writeAs(c, key, ZSetValue);
}

/** Header of a member list: with scores it is flat pairs in RESP2 and [member, score] arrays in RESP3. */
export function memberListHeader(c: Client, count: number, withScores: boolean): void {
  c.out.arrayHeader(withScores && c.out.resp === 2 ? count * 2 : count);
}

/** One member (and its score) of a list started with memberListHeader. */
export function replyMember(c: Client, ele: string, score: number, withScores: boolean): void {
  const out = c.out;
  if (!withScores) {
    out.bulk(ele);
    return;
  }
  if (out.resp !== 2) out.arrayHeader(2);
  out.bulk(ele);
  out.double(score);
}

/**
 * Stores a command's result set at `dst` (redis setKey, which drops any TTL) and fires `event`,
 * or, for an empty result, deletes `dst`. Counts one change either way.
 */
export function storeResult(c: Client, dst: string, result: ZSetValue | undefined, event: string, dirty = 1): void {
  const server = c.server;
  const db = c.db;
  if (result !== undefined && result.length > 0) {
    db.lookupWrite(dst);
    db.setKey(dst, result, false);
    server.signalModifiedKey(db, dst);
    server.notifyKeyspaceEvent(NOTIFY.ZSET, event, dst, db.id);
    server.signalKeyAsReady(db, dst);
    server.dirty += dirty;
    return;
  }
  if (db.delete(dst)) {
    server.signalModifiedKey(db, dst);
    server.notifyKeyspaceEvent(NOTIFY.GENERIC, 'del', dst, db.id);
    server.dirty++;
  }
}

/**
 * `ceill(t * 1000.0)` on an x87 long double: the product rounded to a 64-bit mantissa, then
 * rounded up to an integer. Undefined for infinities.
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
  // Up for positive values, toward zero (floor of the magnitude) for negative ones.
  return v.negative ? -whole : fraction ? whole + 1n : whole;
}

/**
 * redis getTimeoutFromObjectOrReply with seconds as unit: a long double of seconds, turned into
 * ms as `(long long)ceill(t * 1000.0)`, so any positive timeout waits at least 1 ms. Returns the
 * timeout in ms (0 = forever) or undefined after replying the error.
 */
export function timeoutArg(c: Client, s: string): number | undefined {
  const v = parseLongDouble(s);
  if (v === undefined) {
    c.out.error(ERR.TIMEOUT_NOT_FLOAT);
    return undefined;
  }
  // x87 converts infinities and out-of-range values to the "integer indefinite" LLONG_MIN.
  let ms = ceilMillis(v);
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

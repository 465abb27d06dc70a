/**
 * Helpers shared by the sorted-set, geo and blocking-pop commands: typed lookups, listpack limits,
 * member/score replies in RESP2 and RESP3 shapes, result stores, and blocking timeouts.
 */
import { readAs, writeAs } from './collection-helpers';
import type { Client } from '../server/client';
import type { Config } from '../server/config';
import { NOTIFY } from '../server/notify-flags';
import { ListpackLimits, ZSetValue } from '../types/zset/zset-value';
import { replyDouble } from '../util/double-reply';

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
  replyDouble(c, score);
}

/**
 * Stores a command's result set at `dst` (redis setKey, which drops any TTL) and fires `event`,
 * or, for an empty result, deletes `dst`. Counts one change either way. `reply`, when given, is
 * written where redis writes it for ZUNIONSTORE and ZRANGESTORE: after the key is set (and its
 * `new` event) but before the store's event, or before the deletion of an empty result (a RESP3
 * client subscribed to its own keyspace events sees them in that order).
 */
export function storeResult(
  c: Client, dst: string, result: ZSetValue | undefined, event: string, dirty = 1, reply?: () => void,
): void {
  const server = c.server;
  const db = c.db;
  if (result !== undefined && result.length > 0) {
    db.setKey(dst, result, false);
    reply?.();
    server.signalModifiedKey(db, dst);
    server.notifyKeyspaceEvent(NOTIFY.ZSET, event, dst, db.id);
    server.signalKeyAsReady(db, dst);
    server.dirty += dirty;
    return;
  }
  reply?.();
  if (db.delete(dst)) {
    server.signalModifiedKey(db, dst);
    server.notifyKeyspaceEvent(NOTIFY.GENERIC, 'del', dst, db.id);
    server.dirty++;
  }
}


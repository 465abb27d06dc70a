/**
 * Helpers shared by the list, hash and set commands: typed lookups that reply WRONGTYPE, the
 * bookkeeping after a collection changed (deleting it once empty, as redis never keeps empty
 * aggregates), redis' ranged integer arguments, and the guard that stops a reply from growing
 * without bound (SRANDMEMBER/HRANDFIELD with huge negative counts).
 */
import { is } from './args';
import type { StoredValue } from '../keyspace/values';
import { CLIENT, Client } from '../server/client';
import { LOG_LEVEL } from '../server/log-level';
import { NOTIFY } from '../server/notify-flags';
import { ERR } from '../util/errors';
import { parseInt64 } from '../util/numbers';

type ValueClass<T> = abstract new (...args: never[]) => T;

/** A value of the given class: the value, undefined when missing, null after replying WRONGTYPE. */
export function asType<T extends StoredValue>(c: Client, v: StoredValue | undefined, cls: ValueClass<T>): T | undefined | null {
  if (v === undefined) return undefined;
  if (v instanceof cls) return v;
  c.out.error(ERR.WRONGTYPE);
  return null;
}

/** Looks a key up for reading (redis lookupKeyRead + checkType). */
export function readAs<T extends StoredValue>(c: Client, key: string, cls: ValueClass<T>): T | undefined | null {
  return asType(c, c.db.lookupRead(key), cls);
}

/** Looks a key up before writing (redis lookupKeyWrite + checkType). */
export function writeAs<T extends StoredValue>(c: Client, key: string, cls: ValueClass<T>): T | undefined | null {
  return asType(c, c.db.lookupWrite(key), cls);
}

/** A reply for a missing key (`*0`, `:0`, `+OK`, a null…). */
export type MissingReply = (c: Client) => void;

export const REPLY_ZERO: MissingReply = (c) => c.out.integer(0);
export const REPLY_EMPTY_ARRAY: MissingReply = (c) => c.out.arrayHeader(0);
export const REPLY_NULL: MissingReply = (c) => c.out.nullBulk();

/** readAs, answering a missing key with `missing`: the value, or undefined once a reply was sent. */
export function readOr<T extends StoredValue>(c: Client, key: string, cls: ValueClass<T>, missing: MissingReply): T | undefined {
  const v = readAs(c, key, cls);
  if (v === undefined) missing(c);
  return v ?? undefined;
}

/** writeAs, answering a missing key with `missing`: the value, or undefined once a reply was sent. */
export function writeOr<T extends StoredValue>(c: Client, key: string, cls: ValueClass<T>, missing: MissingReply): T | undefined {
  const v = writeAs(c, key, cls);
  if (v === undefined) missing(c);
  return v ?? undefined;
}

/**
 * After elements were removed: deletes the key when the collection is empty (firing `del` after the
 * command's own event, as redis orders them) and signals the modification.
 * Returns true when the key was deleted.
 */
export function afterRemoval(c: Client, key: string, remaining: number): boolean {
  const server = c.server;
  const db = c.db;
  let deleted = false;
  if (remaining === 0) {
    db.delete(key);
    server.notifyKeyspaceEvent(NOTIFY.GENERIC, 'del', key, db.id);
    deleted = true;
  }
  server.signalModifiedKey(db, key);
  return deleted;
}

/**
 * HDEL / SREM: removes `argv[2…]` from `coll` (stopping once it is empty), then, if anything went,
 * compacts it, fires `event`, deletes an emptied key and counts the changes; replies the count.
 */
export function removeMembersReply<T extends { readonly length: number; compact(): void }>(
  c: Client, key: string, coll: T, argv: readonly string[], remove: (member: string) => boolean, notifyClass: number, event: string,
): void {
  let removed = 0;
  for (let j = 2; j < argv.length; j++) {
    if (remove(argv[j])) {
      removed++;
      if (coll.length === 0) break;
    }
  }
  if (removed > 0) {
    coll.compact();
    c.server.notifyKeyspaceEvent(notifyClass, event, key, c.db.id);
    afterRemoval(c, key, coll.length);
    c.server.dirty += removed;
  }
  c.out.integer(removed);
}

/** LONG_MAX as a bigint (range bounds). */
export const LONG_MAX = 9223372036854775807n;

/**
 * redis getRangeLongFromObjectOrReply: a 64-bit integer within [min, max]. `msg` replaces both the
 * not-an-integer and the out-of-range errors, as in redis.
 */
export function rangeArg(c: Client, s: string, min: bigint, max: bigint, msg?: string): number | undefined {
  const n = parseInt64(s);
  if (n === undefined) {
    c.out.error(msg ?? ERR.NOT_INTEGER);
    return undefined;
  }
  const inRange = Number.isSafeInteger(n) ? n >= Number(min) && n <= Number(max) : BigInt(s) >= min && BigInt(s) <= max;
  if (!inRange) {
    c.out.error(msg ?? `value is out of range, value must between ${min} and ${max}`);
    return undefined;
  }
  return n;
}

/** LMPOP/BLMPOP/ZMPOP/BZMPOP arguments: the keys, the side to pop from and how many. */
export interface MpopArgs<Where> {
  readonly keys: string[];
  readonly where: Where;
  readonly count: number;
}

/**
 * `numkeys key… <where> [COUNT count]` from `numkeysIndex` (redis lmpopGenericCommand and
 * zmpopGenericCommand parse alike). `where` reads the side word (LEFT|RIGHT, MIN|MAX) or replies
 * its error; every other failure replies here. Undefined after an error reply.
 */
export function parseMpopArgs<Where>(
  c: Client, argv: readonly string[], numkeysIndex: number, where: (c: Client, arg: string) => Where | undefined,
): MpopArgs<Where> | undefined {
  const numkeys = rangeArg(c, argv[numkeysIndex], 1n, LONG_MAX, 'numkeys should be greater than 0');
  if (numkeys === undefined) return undefined;
  const whereIndex = numkeysIndex + numkeys + 1;
  if (whereIndex >= argv.length) {
    c.out.error(ERR.SYNTAX);
    return undefined;
  }
  const side = where(c, argv[whereIndex]);
  if (side === undefined) return undefined;
  let count = -1;
  for (let j = whereIndex + 1; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (count === -1 && is(argv[j], 'count') && more > 0) {
      j++;
      const n = rangeArg(c, argv[j], 1n, LONG_MAX, 'count should be greater than 0');
      if (n === undefined) return undefined;
      count = n;
    } else {
      c.out.error(ERR.SYNTAX);
      return undefined;
    }
  }
  return { keys: argv.slice(numkeysIndex + 1, whereIndex), where: side, count: count === -1 ? 1 : count };
}

/** redis getPositiveLongFromObjectOrReply: 0 … LONG_MAX, one message for every failure. */
export function positiveArg(c: Client, s: string, msg = ERR.NOT_POSITIVE as string): number | undefined {
  return rangeArg(c, s, 0n, LONG_MAX, msg);
}

/** `-LONG_MAX … LONG_MAX`: every 64-bit integer except LONG_MIN (counts that get negated). */
export function signedCountArg(c: Client, s: string): number | undefined {
  return rangeArg(c, s, -LONG_MAX, LONG_MAX);
}

/** Largest reply a single command may build when no client-output-buffer-limit is configured. */
const REPLY_BYTES_CAP = 256 * 1024 * 1024;
/** Fewest bytes one bulk string element adds to a reply (`$0\r\n\r\n`). */
const MIN_ELEMENT_BYTES = 6;

function replyLimit(c: Client): number {
  const hard = c.server.outputLimitsFor(c).hard;
  return hard > 0 ? Math.min(hard, REPLY_BYTES_CAP) : REPLY_BYTES_CAP;
}

function closeForOutputLimit(c: Client, mark: number): void {
  c.out.truncate(mark);
  c.server.log(`client id=${c.id} closed for overcoming of output buffer limits`, LOG_LEVEL.WARNING);
  c.flags |= CLIENT.CLOSE_ASAP;
}

/**
 * A reply of `elements` bulk strings is about to be built: when even the smallest such reply would
 * overrun the client's output buffer hard limit (or the engine's cap), the client is closed at once
 * — the end redis reaches once its buffer overflows — instead of producing it. Returns true then.
 */
export function hugeReply(c: Client, elements: number): boolean {
  if (elements * MIN_ELEMENT_BYTES < replyLimit(c)) return false;
  closeForOutputLimit(c, c.out.len);
  return true;
}

/**
 * True once the reply being built (it started at `mark` in the output buffer) is over the limit:
 * the partial reply is dropped and the client closed, as redis closes clients that overrun their
 * output buffer limits; the caller stops producing elements. Redis itself would keep growing the
 * buffer until memory ran out; the cap keeps the process alive.
 */
export function replyOverflowed(c: Client, mark: number): boolean {
  if (c.out.len - mark < replyLimit(c)) return false;
  closeForOutputLimit(c, mark);
  return true;
}

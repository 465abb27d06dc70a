/**
 * One logical database: the key dictionary, the expires dictionary, and the lookup/mutation
 * primitives every command family uses. Keys are latin1 strings (binary safe, one byte per char).
 *
 * Rules for command handlers:
 * - read with `lookupRead` (counts hits/misses, fires `keymiss`, updates LRU/LFU) or
 *   `lookupWrite` (before modifying); both expire the key lazily first;
 * - store with `setKey` (SET semantics: replaces the value, drops the TTL unless keepTtl) or
 *   `add`/`overwrite`; delete with `delete`;
 * - after any modification call `server.signalModifiedKey(db, key)` and
 *   `server.notifyKeyspaceEvent(...)`, and count it in `server.dirty`.
 */
import type { ExpireAt } from './expire-at';
import { KeyDict } from './key-dict';
import { dictTableSize, EXPIRE_ENTRY_SIZE, keyOverhead } from './memory';
import { CollectionValue, StoredValue, StringValue } from './values';

/** What a database needs from its server. */
export interface KeyspaceHost {
  readonly stats: { keyspaceHits: number; keyspaceMisses: number };
  readonly memory: { dataset: number };
  /** Current time in ms for expiry decisions (fixed for the duration of a command). */
  now(): number;
  /** Updates the value's LRU clock or LFU counter after an access. */
  touchValue(value: StoredValue): void;
  /** Gives a new value its initial LRU clock or LFU counter. */
  initAccess(value: StoredValue): void;
  /** Access data of a value overwritten in place: a fresh LRU clock, or the LFU data kept (redis dbOverwrite). */
  refreshAccess(value: StoredValue): void;
  /** Deletes an expired key and propagates/notifies it (redis deleteExpiredKeyAndPropagate). */
  expireKeyNow(db: Db, key: string): void;
  /** True when expired keys must be reported as missing but not deleted (replicas, paused writes). */
  keepExpiredKeys(): boolean;
  /** Fires the `keymiss` keyspace event. */
  notifyKeyMiss(db: Db, key: string): void;
  /** Lets clients blocked on the key re-run their command (redis signalKeyAsReady). */
  signalKeyAsReady(db: Db, key: string): void;
  /** A key was added to the database: fires the `new` keyspace event (redis dbAdd). */
  notifyNewKey(db: Db, key: string): void;
}

/** Types blocking commands wait for: adding such a key (RENAME, MOVE, COPY, RESTORE…) wakes them. */
const BLOCKABLE_TYPES = new Set(['list', 'zset', 'stream']);

/** Flags for `lookup` (redis' LOOKUP_*). */
export const LOOKUP = {
  NONE: 0,
  /** Do not update the LRU/LFU data (TTL, OBJECT, TYPE…). */
  NOTOUCH: 1,
  /** Do not fire `keymiss`. */
  NONOTIFY: 2,
  /** Do not count hits/misses. */
  NOSTATS: 4,
  /** The lookup precedes a write: delete expired keys even on a replica. */
  WRITE: 8,
} as const;

export class Db {
  public dict = new KeyDict<StoredValue>();
  public expires = new Map<string, ExpireAt>();
  /** Average TTL estimate reported by INFO keyspace (updated by the active expiry cycle). */
  public avgTtl = 0;
  /** Position of the active expiry cycle in `expires` (kept across cycles, like redis' cursor). */
  public expireCursor: Iterator<[string, ExpireAt]> | undefined;
  /** Position in `expires` used to sample volatile keys for eviction and RANDOMKEY. */
  private sampleExpiresCursor: Iterator<string> | undefined;

  constructor(public readonly id: number, private readonly host: KeyspaceHost) {}

  public get size(): number {
    return this.dict.size;
  }

  /** Milliseconds timestamp of the key's expiry, or -1 when it has none. */
  public getExpire(key: string): ExpireAt {
    const when = this.expires.get(key);
    return when === undefined ? -1 : when;
  }

  /** True when the key has a TTL in the past (redis keyIsExpired: strictly past). */
  public isExpired(key: string): boolean {
    const when = this.expires.get(key);
    return when !== undefined && this.host.now() > when;
  }

  /**
   * Expires the key if its time has come. Returns true when the key is logically expired (it may
   * still be present on a replica, which waits for its primary's DEL).
   */
  public expireIfNeeded(key: string, forWrite = false): boolean {
    const when = this.expires.get(key);
    if (when === undefined || !(this.host.now() > when)) return false;
    if (this.host.keepExpiredKeys() && !forWrite) return true;
    this.host.expireKeyNow(this, key);
    return true;
  }

  /** redis lookupKey: lazy expiry, LRU/LFU update, hit/miss statistics and `keymiss`. */
  public lookup(key: string, flags: number): StoredValue | undefined {
    let value = this.dict.get(key);
    if (value !== undefined && this.expires.size > 0 && this.expireIfNeeded(key, (flags & LOOKUP.WRITE) !== 0)) {
      value = undefined;
    }
    if (value !== undefined) {
      if (!(flags & LOOKUP.NOTOUCH)) this.host.touchValue(value);
      if (!(flags & (LOOKUP.NOSTATS | LOOKUP.WRITE))) this.host.stats.keyspaceHits++;
    } else {
      if (!(flags & (LOOKUP.NONOTIFY | LOOKUP.WRITE))) this.host.notifyKeyMiss(this, key);
      if (!(flags & (LOOKUP.NOSTATS | LOOKUP.WRITE))) this.host.stats.keyspaceMisses++;
    }
    return value;
  }

  /** Lookup for reading (counts stats, fires keymiss). */
  public lookupRead(key: string, flags: number = LOOKUP.NONE): StoredValue | undefined {
    return this.lookup(key, flags);
  }

  /** Lookup before writing (no stats, no keymiss). */
  public lookupWrite(key: string, flags: number = LOOKUP.NONE): StoredValue | undefined {
    return this.lookup(key, flags | LOOKUP.WRITE);
  }

  /** True when the key exists and is not expired (no stats, no LRU update). */
  public exists(key: string): boolean {
    return this.lookup(key, LOOKUP.NOTOUCH | LOOKUP.NOSTATS | LOOKUP.NONOTIFY) !== undefined;
  }

  /**
   * Adds a key that must not exist (redis dbAdd, which also signals blockable types as ready and
   * fires `new`).
   */
  public add(key: string, value: StoredValue): void {
    const bytes = value.memoryUsage();
    value.setAccounted(bytes);
    this.host.initAccess(value);
    this.dict.set(key, value);
    this.host.memory.dataset += bytes + keyOverhead(key);
    if (BLOCKABLE_TYPES.has(value.type)) this.host.signalKeyAsReady(this, key);
    this.host.notifyNewKey(this, key);
  }

  /** Replaces the value of an existing key, keeping its TTL (redis dbOverwrite). */
  public overwrite(key: string, value: StoredValue): void {
    const old = this.dict.get(key);
    const bytes = value.memoryUsage();
    value.setAccounted(bytes);
    // A new value inherits the access data of the one it replaces, as redis does.
    value.lru = old ? old.lru : value.lru;
    this.dict.set(key, value);
    this.host.memory.dataset += bytes - (old ? old.accountedBytes() : -keyOverhead(key));
  }

  /**
   * High-level set (redis setKey): adds or overwrites, and removes any TTL unless `keepTtl`.
   * The caller signals the modification. As redis looks the key up for writing first, an expired
   * key is deleted (`expired`) and the store is an add (`new`), and an old value is touched before
   * the new one inherits its access data (an LFU counter goes up by that lookup too).
   */
  public setKey(key: string, value: StoredValue, keepTtl = false): void {
    this.replace(key, value, this.lookupWrite(key), keepTtl);
  }

  /**
   * setKey for a caller that has just looked the key up (`old` is what it found, undefined when
   * missing), saving a second dictionary lookup on the hot path.
   */
  public replace(key: string, value: StoredValue, old: StoredValue | undefined, keepTtl = false): void {
    const bytes = value.memoryUsage();
    value.setAccounted(bytes);
    if (old === undefined) {
      this.host.initAccess(value);
      this.host.memory.dataset += bytes + keyOverhead(key);
    } else {
      value.lru = old.lru;
      this.host.memory.dataset += bytes - old.accountedBytes();
    }
    this.dict.set(key, value);
    if (!keepTtl && this.expires.size > 0) this.removeExpire(key);
    if (old === undefined) this.host.notifyNewKey(this, key);
  }

  /**
   * Stores a plain string (SET, INCR…) where `old` is what the caller's lookup found. A plain
   * StringValue already there is reused in place (no new object, no dictionary write: writes stay
   * cheap for the garbage collector); anything else is replaced. Returns the stored value.
   */
  public setString(key: string, text: string, old: StoredValue | undefined, keepTtl = false): StoredValue {
    if (old !== undefined && old.constructor === StringValue) {
      const value = old as StringValue;
      const before = value.accountedBytes();
      value.s = text;
      this.rewritten(key, value, before, keepTtl);
      return value;
    }
    const value = new StringValue(text);
    this.replace(key, value, old, keepTtl);
    return value;
  }

  /** `setString` for a counter: stores the safe integer `n` (INCR, DECRBY…) without making its text. */
  public setInteger(key: string, n: number, old: StoredValue | undefined, keepTtl = false): StoredValue {
    if (old !== undefined && old.constructor === StringValue) {
      const value = old as StringValue;
      const before = value.accountedBytes();
      value.setInteger(n);
      this.rewritten(key, value, before, keepTtl);
      return value;
    }
    const value = StringValue.ofInteger(n);
    this.replace(key, value, old, keepTtl);
    return value;
  }

  /** Accounting of a string value changed in place (it was `before` bytes). */
  private rewritten(key: string, value: StringValue, before: number, keepTtl: boolean): void {
    const after = value.memoryUsage();
    value.setAccounted(after);
    this.host.memory.dataset += after - before;
    this.host.refreshAccess(value);
    if (!keepTtl && this.expires.size > 0) this.removeExpire(key);
  }

  /** Removes a key and its TTL. Returns false when it did not exist. */
  public delete(key: string): boolean {
    const old = this.dict.get(key);
    if (old === undefined) return false;
    this.dict.delete(key);
    this.host.memory.dataset -= old.accountedBytes() + keyOverhead(key);
    this.removeExpire(key);
    return true;
  }

  /** Sets an absolute expiry in ms on an existing key (canonical form: see `ExpireAt`). */
  public setExpire(key: string, whenMs: ExpireAt): void {
    if (!this.expires.has(key)) this.host.memory.dataset += EXPIRE_ENTRY_SIZE;
    this.expires.set(key, whenMs);
  }

  /** Removes a key's TTL; returns true when it had one. */
  public removeExpire(key: string): boolean {
    if (!this.expires.delete(key)) return false;
    this.host.memory.dataset -= EXPIRE_ENTRY_SIZE;
    return true;
  }

  /**
   * Re-reads a mutable value's size after an in-place change (called by signalModifiedKey) so
   * used_memory follows collections as they grow and shrink.
   */
  public refreshAccounting(key: string): void {
    const value = this.dict.get(key);
    // Strings are replaced whole (accounted on store); only in-place collections need a re-read.
    if (value instanceof CollectionValue) this.refreshValueAccounting(value);
  }

  /** refreshAccounting for a collection the caller holds (the key's current value): no lookup. */
  public refreshValueAccounting(value: CollectionValue): void {
    const before = value.accountedBytes();
    const now = value.memoryUsage();
    if (now !== before) {
      value.setAccounted(now);
      this.host.memory.dataset += now - before;
    }
  }

  /** Memory of the dictionaries' bucket arrays (part of redis' overhead). */
  public tableOverhead(): number {
    return dictTableSize(this.dict.size) + dictTableSize(this.expires.size);
  }

  /** Removes every key; returns how many there were. */
  public flush(): number {
    const n = this.dict.size;
    let bytes = 0;
    for (const [key, value] of this.dict) bytes += value.accountedBytes() + keyOverhead(key);
    bytes += this.expires.size * EXPIRE_ENTRY_SIZE;
    this.host.memory.dataset -= bytes;
    this.dict = new KeyDict<StoredValue>();
    this.expires = new Map();
    this.avgTtl = 0;
    this.expireCursor = undefined;
    this.sampleExpiresCursor = undefined;
    return n;
  }

  /** Exchanges contents with another database (SWAPDB); ids stay. */
  public swapWith(other: Db): void {
    [this.dict, other.dict] = [other.dict, this.dict];
    [this.expires, other.expires] = [other.expires, this.expires];
    [this.avgTtl, other.avgTtl] = [other.avgTtl, this.avgTtl];
    this.expireCursor = other.expireCursor = undefined;
    this.sampleExpiresCursor = other.sampleExpiresCursor = undefined;
  }

  /**
   * Up to `count` keys sampled for eviction and RANDOMKEY: from the main dictionary, consecutive
   * slots after a random one (redis' dictGetSomeKeys); from the expires dictionary (a Map, without
   * random access), a rotating position with a random stretch skipped before each key, so that
   * successive calls spread over all of it.
   */
  public sampleKeys(count: number, fromExpires = false): string[] {
    if (!fromExpires) return this.dict.sample(count);
    const source = this.expires;
    const size = source.size;
    if (size === 0) return [];
    const out: string[] = [];
    // Skips stay below the dictionary size so a wrap-around always reaches a key.
    const maxSkip = Math.min(32, Math.max(0, Math.floor(size / Math.max(1, count)) - 1));
    let skip = Math.floor(Math.random() * (maxSkip + 1));
    let wraps = 0;
    let cursor = this.sampleExpiresCursor;
    while (out.length < count && out.length < size) {
      if (!cursor) cursor = source.keys();
      const next = cursor.next();
      if (next.done) {
        cursor = undefined;
        if (++wraps > 2) break;
        continue;
      }
      if (skip > 0) {
        skip--;
        continue;
      }
      out.push(next.value);
      skip = Math.floor(Math.random() * (maxSkip + 1));
    }
    this.sampleExpiresCursor = cursor;
    return out;
  }

  /** A random key, expiring the expired ones it meets (redis dbRandomKey), or undefined. */
  public randomKey(): string | undefined {
    let allVolatileAttempts = 100;
    for (;;) {
      const [key] = this.sampleKeys(1);
      if (key === undefined) return undefined;
      if (this.expires.has(key)) {
        if (this.host.keepExpiredKeys() && this.expires.size === this.dict.size && --allVolatileAttempts === 0) {
          // Every key is volatile and a replica cannot delete them: return one anyway, as redis does.
          return key;
        }
        if (this.expireIfNeeded(key)) continue;
      }
      return key;
    }
  }
}

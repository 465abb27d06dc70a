/**
 * Values stored in the keyspace. Every value is an object with an LRU/LFU field (redis' robj `lru`
 * bits); its type name is what TYPE reports and its encoding what OBJECT ENCODING reports.
 *
 * Strings are immutable: a command that changes a string stores a new StringValue. Collections
 * (list, hash, set, zset, stream…) extend CollectionValue, mutate in place, and keep
 * `memoryUsage()` O(1) by maintaining a running estimate; the keyspace re-reads it whenever the
 * key is signalled as modified.
 */
import { EMBSTR_LIMIT, ROBJ_SIZE, allocSize, sdsSize } from './memory';
import { parseInt64 } from '../util/numbers';

export type ValueType = 'string' | 'list' | 'set' | 'zset' | 'hash' | 'stream' | string;

export abstract class StoredValue {
  /** LRU clock (seconds, 24 bits) or LFU data (decrement time in minutes << 8 | counter). */
  public lru = 0;
  /** TYPE reply. */
  public abstract get type(): ValueType;
  /** OBJECT ENCODING reply. */
  public abstract encoding(): string;
  /** Estimated bytes this value occupies on redis-server (without the key and dict entry). */
  public abstract memoryUsage(): number;
  /**
   * MEMORY USAGE's figure: redis estimates some encodings from `samples` sampled elements (0: all);
   * values whose sampling order is known override this.
   */
  public sampledMemoryUsage(_samples: number): number {
    return this.memoryUsage();
  }
  /** A deep copy (COPY, MOVE … need independent values). */
  public abstract clone(): StoredValue;
  /** Bytes the keyspace last accounted for this value. */
  public accountedBytes(): number {
    return this.memoryUsage();
  }
  /** Records the bytes accounted (collections store it; immutable strings recompute). */
  public setAccounted(_bytes: number): void {}
}

/** True when redis would store the string with the integer encoding (`int`). */
export function isIntEncodable(s: string): boolean {
  return s.length <= 20 && parseInt64(s) !== undefined;
}

/**
 * A string value, as received (latin1, binary safe). Treated as immutable by command code; only
 * `Db.setString` and `Db.setInteger` change a plain StringValue in place, to spare an allocation
 * per write.
 *
 * A counter written by INCR and its kin keeps its number instead of text, as redis keeps an
 * `int`-encoded object's value in the object itself: the next increment reads no string (on a large
 * keyspace, a cache miss), parses nothing and allocates nothing. The text is made when read (and
 * kept instead of the number).
 */
export class StringValue extends StoredValue {
  /** A counter value (a safe integer). */
  public static ofInteger(n: number): StringValue {
    const value = new StringValue('');
    value.setInteger(n);
    return value;
  }

  /**
   * What the keyspace last accounted for this value (-1: not yet). An overwrite in place then
   * need not read the old text's length: on a large keyspace that read is a cache miss per write.
   */
  private accounted = -1;
  /**
   * The text, or the number of a counter not read as text since it was stored (one field for both:
   * a million small strings would each pay for a second one).
   */
  private value: string | number;

  constructor(s: string) {
    super();
    this.value = s;
  }

  public get s(): string {
    const value = this.value;
    if (typeof value === 'string') return value;
    // Made once; a later increment parses it again, as one of a string set by SET.
    const text = '' + value;
    this.value = text;
    return text;
  }

  public set s(text: string) {
    this.value = text;
  }

  /** The value as a number when it was stored as one (by `setInteger`); undefined means: parse `s`. */
  public get integer(): number | undefined {
    const value = this.value;
    return typeof value === 'number' ? value : undefined;
  }

  /** Makes the value the counter `n` (a safe integer: redis' int encoding holds it). */
  public setInteger(n: number): void {
    this.value = n;
  }

  public accountedBytes(): number {
    return this.accounted >= 0 ? this.accounted : this.memoryUsage();
  }

  public setAccounted(bytes: number): void {
    this.accounted = bytes;
  }

  public get type(): ValueType {
    return 'string';
  }

  public encoding(): string {
    if (typeof this.value === 'number' || isIntEncodable(this.s)) return 'int';
    return this.s.length <= EMBSTR_LIMIT ? 'embstr' : 'raw';
  }

  public memoryUsage(): number {
    if (typeof this.value === 'number') return ROBJ_SIZE;
    const len = this.s.length;
    if (len <= 20 && isIntEncodable(this.s)) return ROBJ_SIZE;
    if (len <= EMBSTR_LIMIT) return allocSize(ROBJ_SIZE + 3 + len + 1);
    return ROBJ_SIZE + sdsSize(len);
  }

  public clone(): StoredValue {
    const value = this.value;
    return typeof value === 'number' ? StringValue.ofInteger(value) : new StringValue(value);
  }
}

/**
 * A string created without redis' integer-encoding attempt (INCRBYFLOAT results): `embstr` when
 * short, `raw` otherwise, even when it reads as an integer.
 */
export class PlainStringValue extends StringValue {
  public encoding(): string {
    return this.s.length <= EMBSTR_LIMIT ? 'embstr' : 'raw';
  }

  public memoryUsage(): number {
    const len = this.s.length;
    return len <= EMBSTR_LIMIT ? allocSize(ROBJ_SIZE + 3 + len + 1) : ROBJ_SIZE + sdsSize(len);
  }

  public clone(): StoredValue {
    return new PlainStringValue(this.s);
  }
}

/** An sds buffer: bytes it can hold without growing, and the size of its allocation. */
export interface SdsBuffer {
  readonly capacity: number;
  readonly allocated: number;
}

function sdsHeader(len: number): number {
  return len < 32 ? 1 : len < 256 ? 3 : len < 65536 ? 5 : len < 4294967296 ? 9 : 17;
}

/**
 * The buffer sdsnewlen makes for exactly `len` bytes: the allocation's slack counts as free room,
 * except in the 1-byte header type, which cannot record it.
 */
export function sdsExact(len: number): SdsBuffer {
  // An empty sds gets the 8-bit header type all the same: it is usually made to be appended to.
  const header = len === 0 ? 3 : sdsHeader(len);
  const allocated = allocSize(header + len + 1);
  return { capacity: header === 1 ? len : allocated - header - 1, allocated };
}

/** Arguments from this size on are read straight into their own buffer (redis PROTO_MBULK_BIG_ARG). */
const BIG_ARGUMENT = 32 * 1024;

/**
 * The buffer of a raw string as a command argument stored by SET (and its kin): tryObjectEncoding
 * drops the free room when it is over a tenth of the length (sdsRemoveFreeSpace leaves none, in the
 * same or a smaller allocation). From 7.2 (`trimsSmall` false) it does so only for big arguments;
 * a smaller one keeps the exact buffer it was made in.
 */
export function sdsTrimmed(len: number, trimsSmall = true): SdsBuffer {
  const exact = sdsExact(len);
  if (!trimsSmall && len < BIG_ARGUMENT) return exact;
  if (exact.capacity - len <= Math.floor(len / 10)) return exact;
  return { capacity: len, allocated: allocSize(sdsHeader(len) + len + 1) };
}

/** The buffer sdsMakeRoomFor grows to for `len` bytes: twice that below 1MB, 1MB more above. */
export function sdsGrown(len: number): SdsBuffer {
  const wanted = len < 1024 * 1024 ? len * 2 : len + 1024 * 1024;
  const header = Math.max(3, sdsHeader(wanted));
  const allocated = allocSize(header + wanted + 1);
  return { capacity: allocated - header - 1, allocated };
}

/** The buffer sdsResize makes for `size` bytes when the string will grow again (8-bit header at least). */
export function sdsResized(size: number): SdsBuffer {
  const header = Math.max(3, sdsHeader(size));
  const allocated = allocSize(header + size + 1);
  return { capacity: allocated - header - 1, allocated };
}

/** `buffer` once it must hold `len` bytes (sdsMakeRoomFor: unchanged when they fit). */
export function sdsEnsure(buffer: SdsBuffer, len: number): SdsBuffer {
  return len <= buffer.capacity ? buffer : sdsGrown(len);
}

/**
 * A string redis keeps in a separately allocated, modifiable buffer (`raw` encoding): the result
 * of APPEND, SETRANGE, SETBIT… even when short, until it is rewritten whole. The buffer is
 * modelled as sds keeps it (exact when created, doubled when grown), for MEMORY USAGE.
 */
export class RawStringValue extends StringValue {
  /**
   * `next` written into the buffer of `prev` (the key's previous value, undefined for a new key):
   * a raw buffer is reused and grown as needed, a long string SET stored keeps its buffer (trimmed
   * before 7.2, see `sdsTrimmed`); any other string is first copied into an exact buffer of its own
   * (dbUnshareStringValue); a new key gets an exact buffer.
   * @param since72 the server follows Redis OSS 7.2's rules (`ValkeyServer.since72`)
   */
  public static rewrite(prev: StoredValue | undefined, next: string, since72: boolean): RawStringValue {
    if (prev instanceof RawStringValue) return new RawStringValue(next, sdsEnsure(prev.buffer, next.length));
    if (prev instanceof StringValue) {
      const len = prev.s.length;
      return new RawStringValue(next, sdsEnsure(len > EMBSTR_LIMIT ? sdsTrimmed(len, !since72) : sdsExact(len), next.length));
    }
    return new RawStringValue(next, sdsExact(next.length));
  }

  /** @param buffer the sds buffer holding `s`; by default one grown to it (sdsMakeRoomFor). */
  constructor(s: string, public readonly buffer: SdsBuffer = sdsGrown(s.length)) {
    super(s);
  }

  public encoding(): string {
    return 'raw';
  }

  public memoryUsage(): number {
    return ROBJ_SIZE + sdsEnsure(this.buffer, this.s.length).allocated;
  }

  /** A copy is an exact buffer (dupStringObject). */
  public clone(): StoredValue {
    return new RawStringValue(this.s, sdsExact(this.s.length));
  }
}

/** Base for values that change in place; they maintain their own size estimate. */
export abstract class CollectionValue extends StoredValue {
  private accounted = 0;

  public accountedBytes(): number {
    return this.accounted;
  }

  public setAccounted(bytes: number): void {
    this.accounted = bytes;
  }

  /** Number of elements (used by lazy-free decisions and INFO). */
  public abstract get length(): number;
}

/**
 * Stream entry IDs: `<ms>-<seq>`, two unsigned 64-bit halves. Each half is a `U64`: a JavaScript
 * number while it is a safe integer and a bigint beyond, always normalized that way so `===` is
 * exact equality and `<`/`>` compare exactly across the two representations. Hot paths (ids built
 * from the clock, small explicit ids) stay on numbers.
 *
 * Parsing follows redis' streamGenericParseIDOrReply, including `string2ull`'s fallback to
 * `strtoull` (leading spaces, `+`, leading zeros and even a `-` sign are accepted there) and the C
 * string view of the argument (it ends at the first NUL byte).
 */
import { exactInteger, parseInt64, parseInt64Big } from '../../util/numbers';

export type U64 = number | bigint;

const SAFE_MAX = Number.MAX_SAFE_INTEGER;
export const UINT64_MAX = 18446744073709551615n;
const TWO_64 = 18446744073709551616n;

/** A bigint in the canonical U64 form (number when safe). */
export function u64(v: bigint): U64 {
  return exactInteger(v);
}

export function isMax(v: U64): boolean {
  return v === UINT64_MAX;
}

/** v + 1 (the caller makes sure v is not UINT64_MAX). */
export function incr(v: U64): U64 {
  if (typeof v === 'number') return v < SAFE_MAX ? v + 1 : BigInt(v) + 1n;
  return v + 1n;
}

/** v - 1 (the caller makes sure v is not 0). */
export function decr(v: U64): U64 {
  if (typeof v === 'number') return v - 1;
  return u64(v - 1n);
}

/** a - b as a signed 64-bit integer (how redis stores ID deltas in a listpack). */
export function deltaInt64(a: U64, b: U64): U64 {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return u64(BigInt.asIntN(64, BigInt(a) - BigInt(b)));
}

/**
 * a - b for the signed 64-bit counters (entries added and read, lag), wrapping around as redis'
 * `long long` arithmetic does (XSETID can set a counter to LLONG_MAX).
 */
export function sub(a: U64, b: U64): U64 {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (Number.isSafeInteger(r)) return r;
  }
  return u64(BigInt.asIntN(64, BigInt(a) - BigInt(b)));
}

/** v + 1 for the signed 64-bit counters: LLONG_MAX + 1 wraps to LLONG_MIN, as in redis. */
export function incrInt64(v: U64): U64 {
  if (typeof v === 'number' && v < SAFE_MAX) return v + 1;
  return u64(BigInt.asIntN(64, BigInt(v) + 1n));
}

/** -1, 0 or 1 comparing (aMs, aSeq) with (bMs, bSeq). */
export function compareIds(aMs: U64, aSeq: U64, bMs: U64, bSeq: U64): number {
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aSeq !== bSeq) return aSeq < bSeq ? -1 : 1;
  return 0;
}

/** An immutable ID. */
export class StreamId {
  public static readonly MIN = new StreamId(0, 0);
  public static readonly MAX = new StreamId(UINT64_MAX, UINT64_MAX);

  constructor(public readonly ms: U64, public readonly seq: U64) {}

  public compare(o: StreamId): number {
    return compareIds(this.ms, this.seq, o.ms, o.seq);
  }

  public isZero(): boolean {
    return this.ms === 0 && this.seq === 0;
  }

  /** The next ID, or undefined past the last possible one (redis streamIncrID's C_ERR). */
  public next(): StreamId | undefined {
    if (isMax(this.seq)) {
      if (isMax(this.ms)) return undefined;
      return new StreamId(incr(this.ms), 0);
    }
    return new StreamId(this.ms, incr(this.seq));
  }

  /** The previous ID, or undefined before 0-0 (redis streamDecrID's C_ERR). */
  public prev(): StreamId | undefined {
    if (this.seq === 0) {
      if (this.ms === 0) return undefined;
      return new StreamId(decr(this.ms), UINT64_MAX);
    }
    return new StreamId(this.ms, decr(this.seq));
  }

  public toString(): string {
    return formatId(this.ms, this.seq);
  }
}

export function formatId(ms: U64, seq: U64): string {
  return `${ms}-${seq}`;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * redis `string2ull`: `string2ll` when it succeeds (negative values refused), else `strtoull` over
 * the whole string: leading white space, a sign (a `-` negates modulo 2^64), digits, nothing after.
 */
export function string2ull(s: string): U64 | undefined {
  if (s.length < 16) {
    const n = parseInt64(s);
    if (n !== undefined) return n < 0 ? undefined : n;
  }
  const ll = parseInt64Big(s);
  if (ll !== undefined) return ll < 0n ? undefined : u64(ll);
  const len = s.length;
  let i = 0;
  while (i < len && isCSpace(s.charCodeAt(i))) i++;
  let negative = false;
  if (i < len && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45)) {
    negative = s.charCodeAt(i) === 45;
    i++;
  }
  const digits = i;
  while (i < len && isDigit(s.charCodeAt(i))) i++;
  if (i === digits || i !== len) return undefined;
  let v = BigInt(s.slice(digits));
  if (v > UINT64_MAX) return undefined;
  if (negative) v = (TWO_64 - v) % TWO_64;
  return u64(v);
}

/** A parsed ID; `seqGiven` is false for the `<ms>-*` form. */
export interface ParsedId {
  readonly id: StreamId;
  readonly seqGiven: boolean;
}

const MAX_ID_ARG = 127;

/**
 * redis streamGenericParseIDOrReply without the reply: `-`/`+` (refused when `strict`), `<ms>`
 * (sequence `missingSeq`), `<ms>-<seq>`, and `<ms>-*` when `allowSeqStar`. Undefined when invalid.
 */
export function parseStreamId(arg: string, missingSeq: U64, strict: boolean, allowSeqStar = false): ParsedId | undefined {
  if (arg.length > MAX_ID_ARG) return undefined;
  const nul = arg.indexOf('\0');
  const buf = nul < 0 ? arg : arg.slice(0, nul);
  if (buf === '-' || buf === '+') {
    if (strict) return undefined;
    return { id: buf === '-' ? StreamId.MIN : StreamId.MAX, seqGiven: true };
  }
  const dash = buf.indexOf('-');
  const ms = string2ull(dash < 0 ? buf : buf.slice(0, dash));
  if (ms === undefined) return undefined;
  if (dash < 0) return { id: new StreamId(ms, missingSeq), seqGiven: true };
  const rest = buf.slice(dash + 1);
  if (allowSeqStar && rest === '*') return { id: new StreamId(ms, 0), seqGiven: false };
  const seq = string2ull(rest);
  if (seq === undefined) return undefined;
  return { id: new StreamId(ms, seq), seqGiven: true };
}

/** The ID as 16 big-endian bytes (the radix tree key redis files it under). */
export function idKeyBytes(ms: U64, seq: U64): number[] {
  const out: number[] = new Array(16);
  let a = BigInt(ms);
  let b = BigInt(seq);
  for (let i = 7; i >= 0; i--) {
    out[i] = Number(a & 0xffn);
    out[8 + i] = Number(b & 0xffn);
    a >>= 8n;
    b >>= 8n;
  }
  return out;
}

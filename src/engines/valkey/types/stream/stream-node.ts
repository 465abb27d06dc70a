/**
 * One node of a stream: what redis keeps in one listpack of its radix tree. The node is keyed by
 * its master ID (its first entry's ID) and remembers the master fields (the first entry's field
 * names); an entry with exactly those fields stores only its values (the SAMEFIELDS flag).
 * Deleted entries stay as tombstones (the DELETED flag) until the whole node goes.
 *
 * The listpack's exact byte size is tracked as entries are appended and counters change, because
 * redis decides when to open a new node from it (`stream-node-max-bytes`), and node boundaries show
 * in XINFO and in what approximate trimming removes.
 */
import { compareIds, deltaInt64, U64 } from './stream-id';
import { memberEntrySize } from '../zset/memory';

export const FLAG_DELETED = 1;
export const FLAG_SAMEFIELDS = 2;

/** Listpack header (total bytes + element count) and end byte. */
const LISTPACK_OVERHEAD = 7;

/** Bytes of an integer element of a listpack (encoding + backlen). */
export function intEntryBytes(v: U64): number {
  if (typeof v === 'bigint') return 10;
  if (v >= 0 && v <= 127) return 2;
  if (v >= -4096 && v <= 4095) return 3;
  if (v >= -32768 && v <= 32767) return 4;
  if (v >= -8388608 && v <= 8388607) return 5;
  if (v >= -2147483648 && v <= 2147483647) return 6;
  return 10;
}

export class StreamNode {
  /** Entry IDs, in increasing order. */
  public ms: U64[] = [];
  public seq: U64[] = [];
  public flags: number[] = [];
  /** Values only (SAMEFIELDS) or field, value, field, value… */
  public data: string[][] = [];
  /** Entries not deleted, and tombstones. */
  public live = 0;
  public deleted = 0;
  /** Exact listpack size in bytes. */
  public bytes: number;
  /** Bytes allocated up front while the node is the tail one (released when a new node starts). */
  public reserved = 0;

  constructor(public readonly masterMs: U64, public readonly masterSeq: U64, public readonly masterFields: readonly string[]) {
    let bytes = LISTPACK_OVERHEAD + intEntryBytes(0) * 2 + intEntryBytes(masterFields.length) + intEntryBytes(0);
    for (const f of masterFields) bytes += memberEntrySize(f);
    this.bytes = bytes;
  }

  public get size(): number {
    return this.ms.length;
  }

  /** Appends an entry from `argv[from…]` (`numFields` field/value pairs); the caller checked the ID. */
  public append(ms: U64, seq: U64, argv: readonly string[], from: number, numFields: number): void {
    const master = this.masterFields;
    let same = numFields === master.length;
    for (let i = 0; same && i < numFields; i++) if (argv[from + 2 * i] !== master[i]) same = false;
    const msDelta = deltaInt64(ms, this.masterMs);
    const seqDelta = deltaInt64(seq, this.masterSeq);
    let bytes = intEntryBytes(same ? FLAG_SAMEFIELDS : 0) + intEntryBytes(msDelta) + intEntryBytes(seqDelta);
    let stored: string[];
    let lpCount = numFields + 3;
    if (same) {
      stored = new Array<string>(numFields);
      for (let i = 0; i < numFields; i++) {
        const v = argv[from + 2 * i + 1];
        stored[i] = v;
        bytes += memberEntrySize(v);
      }
    } else {
      stored = argv.slice(from, from + 2 * numFields);
      bytes += intEntryBytes(numFields);
      for (const s of stored) bytes += memberEntrySize(s);
      lpCount += numFields + 1;
    }
    bytes += intEntryBytes(lpCount);
    this.ms.push(ms);
    this.seq.push(seq);
    this.flags.push(same ? FLAG_SAMEFIELDS : 0);
    this.data.push(stored);
    this.setCounts(this.live + 1, this.deleted);
    this.bytes += bytes;
  }

  /** Updates the live/deleted counters of the master entry (and the listpack size with them). */
  public setCounts(live: number, deleted: number): void {
    this.bytes += intEntryBytes(live) - intEntryBytes(this.live) + intEntryBytes(deleted) - intEntryBytes(this.deleted);
    this.live = live;
    this.deleted = deleted;
  }

  /** Marks entry `i` deleted (a tombstone); it must be live. */
  public markDeleted(i: number): void {
    this.flags[i] |= FLAG_DELETED;
    this.setCounts(this.live - 1, this.deleted + 1);
  }

  public isDeleted(i: number): boolean {
    return (this.flags[i] & FLAG_DELETED) !== 0;
  }

  /** Number of field/value pairs of entry `i`. */
  public fieldCount(i: number): number {
    return this.flags[i] & FLAG_SAMEFIELDS ? this.masterFields.length : this.data[i].length / 2;
  }

  public field(i: number, k: number): string {
    return this.flags[i] & FLAG_SAMEFIELDS ? this.masterFields[k] : this.data[i][2 * k];
  }

  public value(i: number, k: number): string {
    return this.flags[i] & FLAG_SAMEFIELDS ? this.data[i][k] : this.data[i][2 * k + 1];
  }

  /** Index of the first entry with ID ≥ (ms, seq), or `size` when none. */
  public lowerBound(ms: U64, seq: U64): number {
    let lo = 0;
    let hi = this.ms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareIds(this.ms[mid], this.seq[mid], ms, seq) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the last entry with ID ≤ (ms, seq), or -1 when none. */
  public upperIndex(ms: U64, seq: U64): number {
    let lo = 0;
    let hi = this.ms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareIds(this.ms[mid], this.seq[mid], ms, seq) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** A copy sharing the immutable entry payloads. */
  public clone(): StreamNode {
    const copy = new StreamNode(this.masterMs, this.masterSeq, this.masterFields);
    copy.ms = this.ms.slice();
    copy.seq = this.seq.slice();
    copy.flags = this.flags.slice();
    copy.data = this.data.slice();
    copy.live = this.live;
    copy.deleted = this.deleted;
    copy.bytes = this.bytes;
    copy.reserved = this.reserved;
    return copy;
  }
}

/**
 * The logical read counters of consumer groups (`entries-read`, `lag`): how many entries a group has
 * read since the stream's first entry ever, kept exact while nothing fragments the stream and
 * estimated (or reported unknown) otherwise. Redis 7.0 and Valkey 7.2 differ in when a counter stays
 * valid; `v72` selects the rules.
 */
import type { ConsumerGroup } from './consumer-groups';
import { incrInt64, StreamId, sub, U64 } from './stream-id';
import type { StreamValue } from './stream-value';

/** `entries_read` value meaning "unknown". */
export const INVALID_ENTRIES_READ = -1;

/**
 * redis streamRangeHasTombstones: true when the latest deleted ID falls within [start, end]. Redis
 * 7.0 also rules out a latest tombstone older than the first entry.
 */
export function rangeHasTombstones(s: StreamValue, start: StreamId, end: StreamId, v72: boolean): boolean {
  const maxDeleted = s.maxDeletedId;
  if (s.length === 0 || maxDeleted.isZero()) return false;
  if (!v72 && s.firstId.compare(maxDeleted) > 0) return false;
  return start.compare(maxDeleted) <= 0 && maxDeleted.compare(end) <= 0;
}

/**
 * redis streamEstimateDistanceFromFirstEverEntry: the read counter an ID corresponds to, or
 * INVALID_ENTRIES_READ when it cannot be known.
 */
export function estimateDistance(s: StreamValue, id: StreamId, v72: boolean): U64 {
  if (s.entriesAdded === 0) return 0;
  if (s.length === 0 && id.compare(s.lastId) < 1) return s.entriesAdded;
  if (v72 && !id.isZero() && id.compare(s.maxDeletedId) < 0) return INVALID_ENTRIES_READ;
  const cmpLast = id.compare(s.lastId);
  if (cmpLast === 0) return s.entriesAdded;
  if (cmpLast > 0) return INVALID_ENTRIES_READ;
  const cmpFirst = id.compare(s.firstId);
  if (s.maxDeletedId.isZero() || s.maxDeletedId.compare(s.firstId) < 0) {
    if (cmpFirst < 0) return sub(s.entriesAdded, s.length);
    if (cmpFirst === 0) return incrInt64(sub(s.entriesAdded, s.length));
  }
  return INVALID_ENTRIES_READ;
}

/** A group's read counter after it is handed the entry `id` beyond its last delivered ID. */
export function advanceEntriesRead(s: StreamValue, g: ConsumerGroup, id: StreamId, v72: boolean): void {
  const valid = g.entriesRead !== INVALID_ENTRIES_READ;
  const keeps = v72
    ? valid && g.lastId.compare(s.firstId) >= 0 && !rangeHasTombstones(s, g.lastId, StreamId.MAX, true)
    : valid && !rangeHasTombstones(s, id, StreamId.MAX, false);
  if (keeps) g.entriesRead = incrInt64(g.entriesRead);
  else if (s.entriesAdded !== 0) g.entriesRead = estimateDistance(s, id, v72);
}

/** redis streamReplyWithCGLag's value: entries not yet delivered to the group, or null when unknown. */
export function groupLag(s: StreamValue, g: ConsumerGroup, v72: boolean): U64 | null {
  if (s.entriesAdded === 0) return 0;
  if (g.entriesRead !== INVALID_ENTRIES_READ && !rangeHasTombstones(s, g.lastId, StreamId.MAX, v72)) {
    return sub(s.entriesAdded, g.entriesRead);
  }
  const read = estimateDistance(s, g.lastId, v72);
  return read === INVALID_ENTRIES_READ ? null : sub(s.entriesAdded, read);
}

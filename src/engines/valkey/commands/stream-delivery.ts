/**
 * Replying stream entries and delivering them to consumer groups (redis streamReplyWithRange and
 * streamReplyWithRangeFromConsumerPEL): an entry is `[id, [field, value, …]]`; a group delivery
 * moves the group's last ID and read counter, creates or reassigns NACKs in the group and consumer
 * PELs, and propagates what it did as redis does (XCLAIM … FORCE JUSTID LASTID for each NACK,
 * XGROUP SETID for NOACK reads, XGROUP CREATECONSUMER for consumers NOACK reads create).
 */
import { countersV72, nowMs } from './stream-keys';
import type { ReplyWriter } from '../../resp/reply-writer';
import { DeferredKind } from '../../resp/reply-writer';
import type { Client } from '../server/client';
import { Consumer, ConsumerGroup, Nack } from '../types/stream/consumer-groups';
import { advanceEntriesRead } from '../types/stream/group-counters';
import { formatId, StreamId } from '../types/stream/stream-id';
import type { StreamNode } from '../types/stream/stream-node';
import type { StreamValue } from '../types/stream/stream-value';

/** `[id, [field, value, …]]`. */
export function replyEntry(out: ReplyWriter, node: StreamNode, i: number): void {
  out.arrayHeader(2);
  out.bulk(formatId(node.ms[i], node.seq[i]));
  const n = node.fieldCount(i);
  out.arrayHeader(n * 2);
  for (let k = 0; k < n; k++) {
    out.bulk(node.field(i, k));
    out.bulk(node.value(i, k));
  }
}

/** Replies the entries of [start, end] (descending when `rev`), at most `count` (0 = all), as an array. */
export function replyRange(c: Client, s: StreamValue, start: StreamId, end: StreamId, count: number, rev: boolean): number {
  const out = c.out;
  const mark = out.beginDeferred();
  let n = 0;
  s.scan(start, end, rev, (node, i) => {
    replyEntry(out, node, i);
    n++;
    return count === 0 || n < count;
  });
  out.endDeferred(mark, DeferredKind.ARRAY, n);
  return n;
}

/** Replies one entry by ID without array framing; false when it does not exist. */
export function replyEntryById(c: Client, s: StreamValue, id: StreamId): boolean {
  const found = s.find(id);
  if (!found) return false;
  replyEntry(c.out, found[0], found[1]);
  return true;
}

/** What a group read needs beyond the range. */
export interface GroupDelivery {
  readonly key: string;
  readonly groupName: string;
  readonly group: ConsumerGroup;
  readonly consumer: Consumer;
  readonly noack: boolean;
}

/**
 * Delivers the entries from `start` on (at most `count`, 0 = all) to a consumer of a group, as an
 * array reply (redis streamReplyWithRange with a group).
 */
export function deliverNew(c: Client, s: StreamValue, start: StreamId, count: number, d: GroupDelivery): number {
  const out = c.out;
  const g = d.group;
  const now = nowMs(c);
  const v72 = countersV72(c);
  let propagateLastId = false;
  const mark = out.beginDeferred();
  let n = 0;
  s.scan(start, StreamId.MAX, false, (node, i) => {
    const ms = node.ms[i];
    const seq = node.seq[i];
    const id = new StreamId(ms, seq);
    if (id.compare(g.lastId) > 0) {
      advanceEntriesRead(s, g, id, v72);
      g.lastId = id;
      if (d.noack) propagateLastId = true;
    }
    replyEntry(out, node, i);
    if (!d.noack) {
      const key = formatId(ms, seq);
      let nack = g.pel.get(key);
      if (!nack) {
        nack = new Nack(id, key, now, 1);
        nack.consumer = d.consumer;
        g.pel.insert(nack);
        d.consumer.pel.insert(nack);
      } else {
        // Another consumer (or this one) had it: it is delivered afresh to this consumer.
        nack.consumer?.pel.remove(key);
        nack.consumer = d.consumer;
        nack.deliveryTime = now;
        nack.deliveryCount = 1;
        d.consumer.pel.insert(nack);
      }
      d.consumer.activeTime = now;
      propagateClaim(c, d.key, g, d.groupName, key, nack);
    }
    n++;
    return count === 0 || n < count;
  });
  if (propagateLastId) propagateGroupId(c, d.key, g, d.groupName);
  out.endDeferred(mark, DeferredKind.ARRAY, n);
  return n;
}

/**
 * Replies a consumer's own pending entries from `start` on (redis
 * streamReplyWithRangeFromConsumerPEL): entries that no longer exist come back as `[id, nil]`;
 * the others count one more delivery.
 */
export function deliverHistory(c: Client, s: StreamValue, start: StreamId, count: number, consumer: Consumer): number {
  const out = c.out;
  const now = nowMs(c);
  const mark = out.beginDeferred();
  let n = 0;
  const cursor = consumer.pel.from(start);
  for (let nack = cursor.next(); nack && (count === 0 || n < count); nack = cursor.next()) {
    if (replyEntryById(c, s, nack.id)) {
      nack.deliveryTime = now;
      nack.deliveryCount++;
    } else {
      out.arrayHeader(2);
      out.bulk(nack.key);
      out.nullArray();
    }
    n++;
  }
  out.endDeferred(mark, DeferredKind.ARRAY, n);
  return n;
}

/**
 * redis streamPropagateXCLAIM: `XCLAIM key group consumer 0 id TIME t RETRYCOUNT n FORCE JUSTID
 * LASTID last`, which recreates the NACK (or, for a missing entry, drops it) on a replica.
 */
export function propagateClaim(c: Client, key: string, g: ConsumerGroup, groupName: string, idArg: string, nack: Nack): void {
  const server = c.server;
  if (!server.propagation.active) return;
  server.propagation.add(c.db.id, ['XCLAIM', key, groupName, nack.consumer!.name, '0', idArg, 'TIME', String(nack.deliveryTime),
    'RETRYCOUNT', String(nack.deliveryCount), 'FORCE', 'JUSTID', 'LASTID', g.lastId.toString()]);
}

/** redis streamPropagateGroupID: `XGROUP SETID key group last ENTRIESREAD n`. */
export function propagateGroupId(c: Client, key: string, g: ConsumerGroup, groupName: string): void {
  const server = c.server;
  if (!server.propagation.active) return;
  server.propagation.add(c.db.id, ['XGROUP', 'SETID', key, groupName, g.lastId.toString(), 'ENTRIESREAD', String(g.entriesRead)]);
}

/** redis streamPropagateConsumerCreation: `XGROUP CREATECONSUMER key group consumer`. */
export function propagateConsumerCreation(c: Client, key: string, groupName: string, consumer: string): void {
  const server = c.server;
  if (!server.propagation.active) return;
  server.propagation.add(c.db.id, ['XGROUP', 'CREATECONSUMER', key, groupName, consumer]);
}

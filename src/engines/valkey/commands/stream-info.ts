/**
 * XINFO STREAM [FULL [COUNT n]] | GROUPS | CONSUMERS | HELP, with the fields of the emulated
 * version: Valkey/Redis 7.2 adds a consumer's `inactive` (XINFO CONSUMERS) and `active-time`
 * (XINFO STREAM FULL) to redis 7.0's fields.
 */
import { is, replyHelp } from './args';
import { longArg, quoted } from './stream-args';
import { replyEntry, replyRange } from './stream-delivery';
import { countersV72, isV72, nowMs, readStream } from './stream-keys';
import { DeferredKind } from '../../resp/reply-writer';
import type { Client } from '../server/client';
import type { CommandDef } from '../table/command';
import type { ConsumerGroup, Pel } from '../types/stream/consumer-groups';
import { groupLag, INVALID_ENTRIES_READ } from '../types/stream/group-counters';
import { StreamId } from '../types/stream/stream-id';
import type { StreamValue } from '../types/stream/stream-value';
import { ERR, subcommandSyntaxError } from '../util/errors';

function replyEntriesRead(c: Client, g: ConsumerGroup): void {
  if (g.entriesRead === INVALID_ENTRIES_READ) c.out.nullBulk();
  else c.out.integer(g.entriesRead);
}

function replyLag(c: Client, s: StreamValue, g: ConsumerGroup): void {
  const lag = groupLag(s, g, countersV72(c));
  if (lag === null) c.out.nullBulk();
  else c.out.integer(lag);
}

/** The first or last entry for XINFO STREAM, or a null. */
function replyEdgeEntry(c: Client, s: StreamValue, last: boolean): void {
  let emitted = false;
  s.scan(StreamId.MIN, StreamId.MAX, last, (node, i) => {
    replyEntry(c.out, node, i);
    emitted = true;
    return false;
  });
  if (!emitted) c.out.nullBulk();
}

/**
 * The first `count` (0 = all) pending entries of a PEL for XINFO STREAM FULL:
 * `[id, consumer, delivery time, deliveries]` for a group, without the consumer for a consumer.
 */
function replyPending(c: Client, pel: Pel, count: number, withConsumer: boolean): void {
  const out = c.out;
  const mark = out.beginDeferred();
  const cursor = pel.from(StreamId.MIN);
  let n = 0;
  for (let nack = cursor.next(); nack && (count === 0 || n < count); nack = cursor.next()) {
    out.arrayHeader(withConsumer ? 4 : 3);
    out.bulk(nack.key);
    if (withConsumer) out.bulk(nack.consumer!.name);
    out.integer(nack.deliveryTime);
    out.integer(nack.deliveryCount);
    n++;
  }
  out.endDeferred(mark, DeferredKind.ARRAY, n);
}

function streamInfo(c: Client, argv: string[], s: StreamValue): void {
  const options = argv.length - 3;
  let full = false;
  let count = 10;
  if (options > 0) {
    if (options !== 1 && options !== 3) {
      c.out.error(subcommandSyntaxError(argv[0], argv[1]));
      return;
    }
    if (!is(argv[3], 'full')) {
      c.out.error(subcommandSyntaxError(argv[0], argv[1]));
      return;
    }
    if (options === 3) {
      if (!is(argv[4], 'count')) {
        c.out.error(subcommandSyntaxError(argv[0], argv[1]));
        return;
      }
      const n = longArg(c, argv[5]);
      if (n === undefined) return;
      count = n < 0 ? 10 : n;
    }
    full = true;
  }
  const out = c.out;
  out.mapHeader(full ? 9 : 10);
  out.bulk('length');
  out.integer(s.length);
  out.bulk('radix-tree-keys');
  out.integer(s.radixTreeKeys);
  out.bulk('radix-tree-nodes');
  out.integer(s.radixTreeNodes);
  out.bulk('last-generated-id');
  out.bulk(s.lastId.toString());
  out.bulk('max-deleted-entry-id');
  out.bulk(s.maxDeletedId.toString());
  out.bulk('entries-added');
  out.integer(s.entriesAdded);
  out.bulk('recorded-first-entry-id');
  out.bulk(s.firstId.toString());
  if (!full) {
    out.bulk('groups');
    out.integer(s.groups ? s.groups.size : 0);
    out.bulk('first-entry');
    replyEdgeEntry(c, s, false);
    out.bulk('last-entry');
    replyEdgeEntry(c, s, true);
    return;
  }
  out.bulk('entries');
  replyRange(c, s, StreamId.MIN, StreamId.MAX, count, false);
  out.bulk('groups');
  const groups = s.sortedGroups();
  out.arrayHeader(groups.length);
  const v72 = isV72(c);
  for (const g of groups) {
    out.mapHeader(7);
    out.bulk('name');
    out.bulk(g.name);
    out.bulk('last-delivered-id');
    out.bulk(g.lastId.toString());
    out.bulk('entries-read');
    replyEntriesRead(c, g);
    out.bulk('lag');
    replyLag(c, s, g);
    out.bulk('pel-count');
    out.integer(g.pel.size);
    out.bulk('pending');
    replyPending(c, g.pel, count, true);
    out.bulk('consumers');
    const consumers = g.sortedConsumers();
    out.arrayHeader(consumers.length);
    for (const consumer of consumers) {
      out.mapHeader(v72 ? 5 : 4);
      out.bulk('name');
      out.bulk(consumer.name);
      out.bulk('seen-time');
      out.integer(consumer.seenTime);
      if (v72) {
        out.bulk('active-time');
        out.integer(consumer.activeTime);
      }
      out.bulk('pel-count');
      out.integer(consumer.pel.size);
      out.bulk('pending');
      replyPending(c, consumer.pel, count, false);
    }
  }
}

function xinfo(c: Client, argv: string[]): void {
  const opt = argv[1];
  if (is(opt, 'help')) {
    replyHelp(c, 'xinfo');
    return;
  }
  const key = argv[2];
  const s = readStream(c, key);
  if (s === null) return;
  if (s === undefined) {
    c.out.error(ERR.NO_SUCH_KEY);
    return;
  }
  const out = c.out;
  if (is(opt, 'consumers') && argv.length === 4) {
    const g = s.group(argv[3]);
    if (!g) {
      out.error(`-NOGROUP No such consumer group '${quoted(argv[3])}' for key name '${quoted(key)}'`);
      return;
    }
    const v72 = isV72(c);
    const now = nowMs(c);
    const consumers = g.sortedConsumers();
    out.arrayHeader(consumers.length);
    for (const consumer of consumers) {
      out.mapHeader(v72 ? 4 : 3);
      out.bulk('name');
      out.bulk(consumer.name);
      out.bulk('pending');
      out.integer(consumer.pel.size);
      out.bulk('idle');
      out.integer(Math.max(0, now - consumer.seenTime));
      if (v72) {
        out.bulk('inactive');
        out.integer(consumer.activeTime !== -1 ? now - consumer.activeTime : -1);
      }
    }
  } else if (is(opt, 'groups') && argv.length === 3) {
    const groups = s.sortedGroups();
    out.arrayHeader(groups.length);
    for (const g of groups) {
      out.mapHeader(6);
      out.bulk('name');
      out.bulk(g.name);
      out.bulk('consumers');
      out.integer(g.consumers.size);
      out.bulk('pending');
      out.integer(g.pel.size);
      out.bulk('last-delivered-id');
      out.bulk(g.lastId.toString());
      out.bulk('entries-read');
      replyEntriesRead(c, g);
      out.bulk('lag');
      replyLag(c, s, g);
    }
  } else if (is(opt, 'stream')) {
    streamInfo(c, argv, s);
  } else {
    c.out.error(subcommandSyntaxError(argv[0], argv[1]));
  }
}

export const STREAM_INFO_COMMANDS: CommandDef[] = [
  { name: 'xinfo|stream', handler: xinfo },
  { name: 'xinfo|groups', handler: xinfo },
  { name: 'xinfo|consumers', handler: xinfo },
  { name: 'xinfo|help', handler: xinfo },
];

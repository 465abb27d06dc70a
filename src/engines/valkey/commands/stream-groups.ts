/**
 * Consumer group commands: XGROUP CREATE|SETID|DESTROY|CREATECONSUMER|DELCONSUMER|HELP, XACK,
 * XPENDING (summary and extended forms), XCLAIM and XAUTOCLAIM — with redis' argument order of
 * checks, errors, events (xgroup-*) and propagation (claims as idempotent XCLAIM … FORCE JUSTID
 * LASTID commands, a moved last ID as XGROUP SETID).
 */
import { is, replyHelp } from './args';
import { rangeArg } from './collection-helpers';
import { idArg, longArg, longLongArg, quoted, rangeEndArg, rangeStartArg } from './stream-args';
import { propagateClaim, propagateGroupId, replyEntryById } from './stream-delivery';
import { createConsumer, createStream, isV72, nowMs, readStream } from './stream-keys';
import { DeferredKind } from '../../resp/reply-writer';
import type { Client } from '../server/client';
import { NOTIFY } from '../server/notify-flags';
import type { CommandDef } from '../table/command';
import { Consumer, ConsumerGroup, Nack } from '../types/stream/consumer-groups';
import { INVALID_ENTRIES_READ } from '../types/stream/group-counters';
import { parseStreamId, StreamId, U64 } from '../types/stream/stream-id';
import { StreamValue } from '../types/stream/stream-value';
import { ERR, subcommandSyntaxError } from '../util/errors';

/** Transient memory XAUTOCLAIM could not get (redis fails the allocation of COUNT deleted IDs). */
const ADDRESS_SPACE_BYTES = 2 ** 47;

function noGroupError(c: Client, key: string, group: string): void {
  c.out.error(`-NOGROUP No such key '${quoted(key)}' or consumer group '${quoted(group)}'`);
}

/** The group of an existing stream, for XCLAIM/XAUTOCLAIM/XPENDING; null after replying WRONGTYPE. */
function lookupGroup(c: Client, key: string, name: string): [StreamValue, ConsumerGroup | undefined] | undefined | null {
  const s = readStream(c, key);
  if (s === null) return null;
  if (s === undefined) return undefined;
  return [s, s.group(name)];
}

/** The stream and group XPENDING/XCLAIM/XAUTOCLAIM work on; undefined after replying WRONGTYPE or NOGROUP. */
function existingGroup(c: Client, key: string, name: string): [StreamValue, ConsumerGroup] | undefined {
  const found = lookupGroup(c, key, name);
  if (found === null) return undefined;
  if (!found || !found[1]) {
    noGroupError(c, key, name);
    return undefined;
  }
  return [found[0], found[1]];
}

/** The consumer named `name`, created when missing (redis streamLookupConsumer + streamCreateConsumer), marked seen. */
function claimingConsumer(c: Client, key: string, g: ConsumerGroup, name: string): Consumer {
  const consumer = g.consumers.get(name) ?? createConsumer(c, key, g, name)!;
  consumer.seenTime = nowMs(c);
  return consumer;
}

/** Hands a pending entry to `consumer` (removing it from its previous owner's PEL). */
function reassign(nack: Nack, consumer: Consumer): void {
  if (nack.consumer === consumer) return;
  nack.consumer?.pel.remove(nack.key);
  consumer.pel.insert(nack);
  nack.consumer = consumer;
}

/** Drops a pending entry from the group and its consumer. */
function dropNack(g: ConsumerGroup, nack: Nack): void {
  g.pel.remove(nack.key);
  nack.consumer?.pel.remove(nack.key);
}

// ---- XGROUP ------------------------------------------------------------------------------------------

function xgroup(c: Client, argv: string[]): void {
  const opt = argv[1];
  const argc = argv.length;
  const create = is(opt, 'create');
  const setid = is(opt, 'setid');
  let s: StreamValue | undefined;
  let g: ConsumerGroup | undefined;
  let mkstream = false;
  let entriesRead: U64 = INVALID_ENTRIES_READ;
  const key = argv[2];
  const groupName = argv[3];
  if (argc >= 4) {
    for (let i = 5; i < argc;) {
      if (create && is(argv[i], 'mkstream')) {
        mkstream = true;
        i++;
      } else if ((create || setid) && is(argv[i], 'entriesread') && i + 1 < argc) {
        const n = longLongArg(c, argv[i + 1]);
        if (n === undefined) return;
        if (n < 0 && n !== INVALID_ENTRIES_READ) {
          c.out.error('value for ENTRIESREAD must be positive or -1');
          return;
        }
        entriesRead = n;
        i += 2;
      } else {
        c.out.error(subcommandSyntaxError(argv[0], argv[1]));
        return;
      }
    }
    const v = c.db.lookupWrite(key);
    if (v !== undefined) {
      if (!(v instanceof StreamValue)) {
        c.out.error(ERR.WRONGTYPE);
        return;
      }
      s = v;
    }
  }
  if (argc >= 4 && !mkstream) {
    if (!s) {
      c.out.error('The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.');
      return;
    }
    g = s.group(groupName);
    if (!g && (setid || is(opt, 'createconsumer') || is(opt, 'delconsumer'))) {
      c.out.error(`-NOGROUP No such consumer group '${quoted(groupName)}' for key name '${quoted(key)}'`);
      return;
    }
  }
  const server = c.server;
  const db = c.db;
  if (argc === 2 && is(opt, 'help')) {
    replyHelp(c, 'xgroup');
  } else if (create && argc >= 5 && argc <= 8) {
    let id: StreamId;
    if (argv[4] === '$') {
      id = s ? s.lastId : StreamId.MIN;
    } else {
      const parsed = idArg(c, argv[4], 0, true);
      if (!parsed) return;
      id = parsed;
    }
    if (!s) {
      s = createStream(c, key);
      server.signalModifiedKey(db, key);
    }
    if (s.createGroup(groupName, id, entriesRead)) {
      c.out.ok();
      server.dirty++;
      server.notifyKeyspaceEvent(NOTIFY.STREAM, 'xgroup-create', key, db.id);
      db.refreshAccounting(key);
    } else {
      c.out.error('-BUSYGROUP Consumer Group name already exists');
    }
  } else if (setid && (argc === 5 || argc === 7)) {
    let id: StreamId;
    if (argv[4] === '$') {
      id = s!.lastId;
    } else {
      const parsed = idArg(c, argv[4], 0, false);
      if (!parsed) return;
      id = parsed;
    }
    g!.lastId = id;
    g!.entriesRead = entriesRead;
    c.out.ok();
    server.dirty++;
    server.notifyKeyspaceEvent(NOTIFY.STREAM, 'xgroup-setid', key, db.id);
  } else if (is(opt, 'destroy') && argc === 4) {
    if (g) {
      s!.destroyGroup(g);
      c.out.integer(1);
      server.dirty++;
      server.notifyKeyspaceEvent(NOTIFY.STREAM, 'xgroup-destroy', key, db.id);
      db.refreshAccounting(key);
      // Readers blocked on the group learn it is gone.
      server.signalKeyAsReady(db, key);
    } else {
      c.out.integer(0);
    }
  } else if (is(opt, 'createconsumer') && argc === 5) {
    const created = createConsumer(c, key, g!, argv[4]);
    if (created) db.refreshAccounting(key);
    c.out.integer(created ? 1 : 0);
  } else if (is(opt, 'delconsumer') && argc === 5) {
    let pending = 0;
    const consumer = g!.consumers.get(argv[4]);
    if (consumer) {
      pending = g!.deleteConsumer(consumer);
      server.dirty++;
      server.notifyKeyspaceEvent(NOTIFY.STREAM, 'xgroup-delconsumer', key, db.id);
      db.refreshAccounting(key);
    }
    c.out.integer(pending);
  } else {
    c.out.error(subcommandSyntaxError(argv[0], argv[1]));
  }
}

// ---- XACK --------------------------------------------------------------------------------------------

function xack(c: Client, argv: string[]): void {
  const found = lookupGroup(c, argv[1], argv[2]);
  if (found === null) return;
  const g = found?.[1];
  if (!g) {
    c.out.integer(0);
    return;
  }
  // All IDs are checked first: the command either fails or acknowledges.
  const keys: string[] = [];
  for (let j = 3; j < argv.length; j++) {
    const id = idArg(c, argv[j], 0, true);
    if (!id) return;
    keys.push(id.toString());
  }
  let acknowledged = 0;
  for (const key of keys) {
    const nack = g.pel.get(key);
    if (!nack) continue;
    dropNack(g, nack);
    acknowledged++;
    c.server.dirty++;
  }
  if (acknowledged) c.db.refreshAccounting(argv[1]);
  c.out.integer(acknowledged);
}

// ---- XPENDING ----------------------------------------------------------------------------------------

function xpending(c: Client, argv: string[]): void {
  const argc = argv.length;
  const summary = argc === 3;
  if (argc !== 3 && (argc < 6 || argc > 9)) {
    c.out.error(ERR.SYNTAX);
    return;
  }
  let minIdle = 0;
  let count = 0;
  let start = StreamId.MIN;
  let end = StreamId.MAX;
  let consumerName: string | undefined;
  if (argc >= 6) {
    let at = 3;
    if (is(argv[3], 'idle')) {
      const n = longArg(c, argv[4]);
      if (n === undefined) return;
      minIdle = n;
      if (argc < 8) {
        c.out.error(ERR.SYNTAX);
        return;
      }
      at += 2;
    }
    const n = longArg(c, argv[at + 2]);
    if (n === undefined) return;
    count = n < 0 ? 0 : n;
    const s = rangeStartArg(c, argv[at]);
    if (!s) return;
    const e = rangeEndArg(c, argv[at + 1]);
    if (!e) return;
    start = s;
    end = e;
    if (at + 3 < argc) consumerName = argv[at + 3];
  }
  const found = existingGroup(c, argv[1], argv[2]);
  if (!found) return;
  const g = found[1];
  const out = c.out;
  if (summary) {
    out.arrayHeader(4);
    out.integer(g.pel.size);
    if (g.pel.size === 0) {
      out.nullBulk();
      out.nullBulk();
      out.nullArray();
      return;
    }
    out.bulk(g.pel.first()!.key);
    out.bulk(g.pel.last()!.key);
    const owners = g.sortedConsumers().filter((consumer) => consumer.pel.size > 0);
    out.arrayHeader(owners.length);
    for (const consumer of owners) {
      out.arrayHeader(2);
      out.bulk(consumer.name);
      out.bulk(String(consumer.pel.size));
    }
    return;
  }
  let pel = g.pel;
  if (consumerName !== undefined) {
    const consumer = g.consumers.get(consumerName);
    if (!consumer) {
      out.arrayHeader(0);
      return;
    }
    pel = consumer.pel;
  }
  const now = nowMs(c);
  const mark = out.beginDeferred();
  let n = 0;
  const cursor = pel.from(start);
  for (let nack = count ? cursor.next() : undefined; nack && nack.id.compare(end) <= 0; nack = count ? cursor.next() : undefined) {
    if (minIdle && now - nack.deliveryTime < minIdle) continue;
    n++;
    count--;
    out.arrayHeader(4);
    out.bulk(nack.key);
    out.bulk(nack.consumer!.name);
    out.integer(Math.max(0, now - nack.deliveryTime));
    out.integer(nack.deliveryCount);
  }
  out.endDeferred(mark, DeferredKind.ARRAY, n);
}

// ---- XCLAIM ------------------------------------------------------------------------------------------

function xclaim(c: Client, argv: string[]): void {
  const key = argv[1];
  const groupName = argv[2];
  const found = existingGroup(c, key, groupName);
  if (!found) return;
  const [s, g] = found;
  let minIdle = longArg(c, argv[4], 'Invalid min-idle-time argument for XCLAIM');
  if (minIdle === undefined) return;
  if (minIdle < 0) minIdle = 0;
  // IDs first; the first argument that is not an ID starts the options.
  const ids: StreamId[] = [];
  let j = 5;
  for (; j < argv.length; j++) {
    const parsed = parseStreamId(argv[j], 0, true);
    if (!parsed) break;
    ids.push(parsed.id);
  }
  const now = nowMs(c);
  let deliveryTime = -1;
  let retryCount = -1;
  let force = false;
  let justId = false;
  let lastId = StreamId.MIN;
  for (; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j];
    if (is(opt, 'force')) {
      force = true;
    } else if (is(opt, 'justid')) {
      justId = true;
    } else if (is(opt, 'idle') && more > 0) {
      const n = longArg(c, argv[++j], 'Invalid IDLE option argument for XCLAIM');
      if (n === undefined) return;
      deliveryTime = now - n;
    } else if (is(opt, 'time') && more > 0) {
      const n = longArg(c, argv[++j], 'Invalid TIME option argument for XCLAIM');
      if (n === undefined) return;
      deliveryTime = n;
    } else if (is(opt, 'retrycount') && more > 0) {
      const n = longArg(c, argv[++j], 'Invalid RETRYCOUNT option argument for XCLAIM');
      if (n === undefined) return;
      retryCount = n;
    } else if (is(opt, 'lastid') && more > 0) {
      const id = idArg(c, argv[++j], 0, true);
      if (!id) return;
      lastId = id;
    } else {
      c.out.error(`Unrecognized XCLAIM option '${quoted(opt)}'`);
      return;
    }
  }
  c.preventPropagation = true;
  let propagateLastId = false;
  if (lastId.compare(g.lastId) > 0) {
    g.lastId = lastId;
    propagateLastId = true;
  }
  // A bogus delivery time (negative or in the future) means now, as in redis.
  if (deliveryTime === -1 || deliveryTime < 0 || deliveryTime > now) deliveryTime = now;

  const server = c.server;
  // 7.2 creates the consumer up front; 7.0 only once it claims something.
  let consumer = isV72(c) ? claimingConsumer(c, key, g, argv[3]) : undefined;
  const out = c.out;
  const mark = out.beginDeferred();
  let n = 0;
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k];
    const idKey = id.toString();
    let nack = g.pel.get(idKey);
    if (!s.has(id)) {
      // The entry is gone: its pending entry goes too.
      if (nack) {
        propagateClaim(c, key, g, groupName, argv[5 + k], nack);
        propagateLastId = false;
        server.dirty++;
        dropNack(g, nack);
      }
      continue;
    }
    if (force && !nack) {
      nack = new Nack(id, idKey, now, 1);
      g.pel.insert(nack);
    }
    if (!nack) continue;
    if (nack.consumer && minIdle && now - nack.deliveryTime < minIdle) continue;
    consumer ??= claimingConsumer(c, key, g, argv[3]);
    reassign(nack, consumer);
    nack.deliveryTime = deliveryTime;
    if (retryCount >= 0) nack.deliveryCount = retryCount;
    else if (!justId) nack.deliveryCount++;
    if (justId) out.bulk(idKey);
    else replyEntryById(c, s, id);
    n++;
    consumer.activeTime = now;
    propagateClaim(c, key, g, groupName, argv[5 + k], nack);
    propagateLastId = false;
    server.dirty++;
  }
  if (propagateLastId) {
    propagateGroupId(c, key, g, groupName);
    server.dirty++;
  }
  out.endDeferred(mark, DeferredKind.ARRAY, n);
  c.db.refreshAccounting(key);
}

// ---- XAUTOCLAIM --------------------------------------------------------------------------------------

/** Most COUNT XAUTOCLAIM accepts (LONG_MAX / max(sizeof(streamID), attempts factor)). */
const AUTOCLAIM_MAX_COUNT = 576460752303423487n;
const ATTEMPTS_FACTOR = 10;

function xautoclaim(c: Client, argv: string[]): void {
  let minIdle = longArg(c, argv[4], 'Invalid min-idle-time argument for XAUTOCLAIM');
  if (minIdle === undefined) return;
  if (minIdle < 0) minIdle = 0;
  const start = rangeStartArg(c, argv[5]);
  if (!start) return;
  let count = 100;
  let justId = false;
  for (let j = 6; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (is(argv[j], 'count') && more > 0) {
      const n = rangeArg(c, argv[++j], 1n, AUTOCLAIM_MAX_COUNT, 'COUNT must be > 0');
      if (n === undefined) return;
      count = n;
    } else if (is(argv[j], 'justid')) {
      justId = true;
    } else {
      c.out.error(ERR.SYNTAX);
      return;
    }
  }
  const key = argv[1];
  const groupName = argv[2];
  const found = existingGroup(c, key, groupName);
  if (!found) return;
  const [s, g] = found;
  if (count * 16 > ADDRESS_SPACE_BYTES) {
    c.out.error('Insufficient memory, failed allocating transient memory, COUNT too high.');
    return;
  }
  c.preventPropagation = true;
  const server = c.server;
  let consumer = isV72(c) ? claimingConsumer(c, key, g, argv[3]) : undefined;
  const now = nowMs(c);
  let attempts = count * ATTEMPTS_FACTOR;
  const out = c.out;
  const claimed = out.beginDeferred();
  const deleted: string[] = [];
  let n = 0;
  const cursor = g.pel.from(start);
  let nack: Nack | undefined;
  while (attempts-- > 0 && count > 0 && (nack = cursor.next())) {
    if (!s.has(nack.id)) {
      propagateClaim(c, key, g, groupName, nack.key, nack);
      server.dirty++;
      dropNack(g, nack);
      deleted.push(nack.key);
      count--;
      continue;
    }
    if (minIdle && now - nack.deliveryTime < minIdle) continue;
    consumer ??= claimingConsumer(c, key, g, argv[3]);
    reassign(nack, consumer);
    nack.deliveryTime = now;
    if (!justId) nack.deliveryCount++;
    if (justId) out.bulk(nack.key);
    else replyEntryById(c, s, nack.id);
    n++;
    count--;
    consumer.activeTime = now;
    propagateClaim(c, key, g, groupName, nack.key, nack);
    server.dirty++;
  }
  out.endDeferred(claimed, DeferredKind.ARRAY, n);
  // The reply starts with the cursor for the next call: the next pending ID, or 0-0 at the end.
  const next = cursor.next();
  const head = `*3\r\n$${(next?.key ?? '0-0').length}\r\n${next?.key ?? '0-0'}\r\n`;
  insertBefore(c, claimed, head);
  out.arrayHeader(deleted.length);
  for (const id of deleted) out.bulk(id);
  c.db.refreshAccounting(key);
}

/** Writes `text` (latin1) in front of what was written since `mark`. */
function insertBefore(c: Client, mark: number, text: string): void {
  const out = c.out;
  const n = text.length;
  out.reserve(n);
  out.buf.copyWithin(mark + n, mark, out.len);
  out.buf.write(text, mark, 'latin1');
  out.len += n;
}

export const STREAM_GROUP_COMMANDS: CommandDef[] = [
  { name: 'xgroup|create', handler: xgroup },
  { name: 'xgroup|setid', handler: xgroup },
  { name: 'xgroup|destroy', handler: xgroup },
  { name: 'xgroup|createconsumer', handler: xgroup },
  { name: 'xgroup|delconsumer', handler: xgroup },
  { name: 'xgroup|help', handler: xgroup },
  { name: 'xack', handler: xack },
  { name: 'xpending', handler: xpending },
  { name: 'xclaim', handler: xclaim },
  { name: 'xautoclaim', handler: xautoclaim },
];

/**
 * Stream commands on entries: XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM, XSETID — with redis'
 * errors, keyspace events (xadd, xtrim, xdel, xsetid) and propagated forms (the generated ID in
 * place of `*` or `<ms>-*`, approximate trimming rewritten as the exact `=` trim it performed).
 * Consumer groups, reads and introspection are in stream-groups.ts, stream-read.ts and
 * stream-info.ts; STREAM_COMMANDS gathers the whole family.
 */
import { is } from './args';
import { idArg, longArg, longLongArg, parseAddOrTrimArgs, rangeEndArg, rangeStartArg } from './stream-args';
import { replyRange } from './stream-delivery';
import { STREAM_GROUP_COMMANDS } from './stream-groups';
import { STREAM_INFO_COMMANDS } from './stream-info';
import { createStream, isV72, nowMs, readStream, streamLimits, writeStream, writeStreamOrZero } from './stream-keys';
import { STREAM_READ_COMMANDS } from './stream-read';
import type { Client } from '../server/client';
import { NOTIFY } from '../server/notify-flags';
import type { ValkeyServer } from '../server/server';
import type { CommandDef } from '../table/command';
import { StreamId, U64 } from '../types/stream/stream-id';
import type { StreamValue, TrimSpec } from '../types/stream/stream-value';
import { arityError, ERR } from '../util/errors';

/**
 * After an approximate trim, the propagated command trims exactly to where this one stopped:
 * `~` becomes `=` and the threshold becomes the resulting length or first ID (tombstones included).
 */
function rewriteApproxTrim(argv: string[], s: StreamValue, spec: TrimSpec, argIndex: number): void {
  argv[argIndex - 1] = '=';
  argv[argIndex] = spec.strategy === 'maxlen' ? String(s.length) : s.edgeId(true, false).toString();
}

// ---- XADD ------------------------------------------------------------------------------------------

function xadd(c: Client, argv: string[]): void {
  const args = parseAddOrTrimArgs(c, argv, true);
  if (!args) return;
  const fieldPos = args.idPos + 1;
  const pairs = argv.length - fieldPos;
  if (pairs < 2 || pairs % 2 === 1) {
    c.out.error(arityError(c.cmd!.fullName));
    return;
  }
  const explicit = args.id;
  if (explicit && explicit.seqGiven && explicit.id.isZero()) {
    c.out.error('The ID specified in XADD must be greater than 0-0');
    return;
  }
  const key = argv[1];
  let s = writeStream(c, key);
  if (s === null) return;
  if (s === undefined) {
    if (args.noMkStream) {
      c.out.nullBulk();
      return;
    }
    s = createStream(c, key);
  }
  if (s.lastId.compare(StreamId.MAX) === 0) {
    c.out.error('The stream has exhausted the last possible ID, unable to add more items');
    return;
  }
  const limits = streamLimits(c.server);
  const seqGiven = explicit ? explicit.seqGiven : true;
  const id = s.append(argv, fieldPos, pairs / 2, explicit?.id, seqGiven, nowMs(c), limits.nodeMaxBytes, limits.nodeMaxEntries);
  // Redis 7.0 reports an exhausted `<ms>-*` sequence with the wrong message; 7.2 fixed it.
  if (id === 'EDOM' || (id === 'SEQ_EXHAUSTED' && isV72(c))) {
    c.out.error('The ID specified in XADD is equal or smaller than the target stream top item');
    return;
  }
  if (id === 'ERANGE' || id === 'SEQ_EXHAUSTED') {
    c.out.error('Elements are too large to be stored');
    return;
  }
  const idText = id.toString();
  c.out.bulk(idText);
  const server = c.server;
  const db = c.db;
  server.signalModifiedKey(db, key);
  server.notifyKeyspaceEvent(NOTIFY.STREAM, 'xadd', key, db.id);
  server.dirty++;

  // The propagated form is only built when someone listens to the replication stream.
  const propagating = server.propagation.active;
  let propagated: string[] | undefined;
  const trim = args.trim;
  if (trim) {
    if (s.trim(trim) > 0) {
      server.notifyKeyspaceEvent(NOTIFY.STREAM, 'xtrim', key, db.id);
      // The trim changed the value after it was signalled: account for it.
      db.refreshAccounting(key);
    }
    if (trim.approx && propagating) {
      propagated = argv.slice();
      rewriteApproxTrim(propagated, s, trim, args.trimArgIndex);
    }
  }
  if (propagating && (!explicit || !explicit.seqGiven)) {
    propagated ??= argv.slice();
    propagated[args.idPos] = idText;
  }
  if (propagated) c.propagateArgv = propagated;
  server.signalKeyAsReady(db, key);
}

// ---- reading -----------------------------------------------------------------------------------------

function xlen(c: Client, argv: string[]): void {
  const s = readStream(c, argv[1]);
  if (s === null) return;
  c.out.integer(s ? s.length : 0);
}

/** XRANGE key start end [COUNT n] / XREVRANGE key end start [COUNT n]. */
function xrangeGeneric(c: Client, argv: string[], rev: boolean): void {
  const start = rangeStartArg(c, rev ? argv[3] : argv[2]);
  if (!start) return;
  const end = rangeEndArg(c, rev ? argv[2] : argv[3]);
  if (!end) return;
  let count = -1;
  for (let j = 4; j < argv.length; j++) {
    if (is(argv[j], 'count') && j + 1 < argv.length) {
      const n = longArg(c, argv[j + 1]);
      if (n === undefined) return;
      count = n < 0 ? 0 : n;
      j++;
    } else {
      c.out.error(ERR.SYNTAX);
      return;
    }
  }
  const s = readStream(c, argv[1]);
  if (s === null) return;
  if (s === undefined) {
    c.out.arrayHeader(0);
    return;
  }
  if (count === 0) {
    c.out.nullArray();
    return;
  }
  replyRange(c, s, start, end, count === -1 ? 0 : count, rev);
}

// ---- removing ----------------------------------------------------------------------------------------

function xdel(c: Client, argv: string[]): void {
  const key = argv[1];
  const s = writeStreamOrZero(c, key);
  if (!s) return;
  // Every ID is checked before anything is deleted.
  const ids: StreamId[] = [];
  for (let j = 2; j < argv.length; j++) {
    const id = idArg(c, argv[j], 0, true);
    if (!id) return;
    ids.push(id);
  }
  let deleted = 0;
  let firstDeleted = false;
  for (const id of ids) {
    if (!s.deleteEntry(id)) continue;
    if (id.compare(s.firstId) === 0) firstDeleted = true;
    if (id.compare(s.maxDeletedId) > 0) s.maxDeletedId = id;
    deleted++;
  }
  if (deleted) {
    if (s.length === 0) s.firstId = StreamId.MIN;
    else if (firstDeleted) s.refreshFirstId();
    const server = c.server;
    server.signalModifiedKey(c.db, key);
    server.notifyKeyspaceEvent(NOTIFY.STREAM, 'xdel', key, c.db.id);
    server.dirty += deleted;
  }
  c.out.integer(deleted);
}

function xtrim(c: Client, argv: string[]): void {
  const args = parseAddOrTrimArgs(c, argv, false);
  if (!args) return;
  const key = argv[1];
  const s = writeStreamOrZero(c, key);
  if (!s) return;
  const trim = args.trim!;
  const deleted = s.trim(trim);
  if (deleted) {
    const server = c.server;
    server.notifyKeyspaceEvent(NOTIFY.STREAM, 'xtrim', key, c.db.id);
    if (trim.approx && server.propagation.active) {
      const propagated = argv.slice();
      rewriteApproxTrim(propagated, s, trim, args.trimArgIndex);
      c.propagateArgv = propagated;
    }
    server.signalModifiedKey(c.db, key);
    server.dirty += deleted;
  }
  c.out.integer(deleted);
}

// ---- XSETID ------------------------------------------------------------------------------------------

function xsetid(c: Client, argv: string[]): void {
  const id = idArg(c, argv[2], 0, true);
  if (!id) return;
  let entriesAdded: U64 = -1;
  let maxDeleted = StreamId.MIN;
  for (let i = 3; i < argv.length; i += 2) {
    const more = argv.length - 1 - i;
    if (is(argv[i], 'entriesadded') && more > 0) {
      const n = longLongArg(c, argv[i + 1]);
      if (n === undefined) return;
      if (n < 0) {
        c.out.error('entries_added must be positive');
        return;
      }
      entriesAdded = n;
    } else if (is(argv[i], 'maxdeletedid') && more > 0) {
      const parsed = idArg(c, argv[i + 1], 0, true);
      if (!parsed) return;
      if (id.compare(parsed) < 0) {
        c.out.error('The ID specified in XSETID is smaller than the provided max_deleted_entry_id');
        return;
      }
      maxDeleted = parsed;
    } else {
      c.out.error(ERR.SYNTAX);
      return;
    }
  }
  const key = argv[1];
  const s = writeStream(c, key);
  if (s === null) return;
  if (s === undefined) {
    c.out.error(ERR.NO_SUCH_KEY);
    return;
  }
  if (isV72(c) && id.compare(s.maxDeletedId) < 0) {
    c.out.error('The ID specified in XSETID is smaller than current max_deleted_entry_id');
    return;
  }
  if (s.length > 0) {
    if (id.compare(s.lastValidId()) < 0) {
      c.out.error('The ID specified in XSETID is smaller than the target stream top item');
      return;
    }
    if (entriesAdded !== -1 && s.length > entriesAdded) {
      c.out.error('The entries_added specified in XSETID is smaller than the target stream length');
      return;
    }
  }
  s.lastId = id;
  if (entriesAdded !== -1) s.entriesAdded = entriesAdded;
  if (!maxDeleted.isZero()) s.maxDeletedId = maxDeleted;
  const server = c.server;
  server.dirty++;
  c.out.ok();
  server.notifyKeyspaceEvent(NOTIFY.STREAM, 'xsetid', key, c.db.id);
}

/**
 * Wakes XREADGROUP clients blocked on streams that a flush removed (they answer as redis does when
 * the key is gone).
 */
export function setupStreams(server: ValkeyServer): void {
  server.hooks.flushed.push((db) => {
    for (const d of db ? [db] : server.dbs) server.blocking.signalDatabase(d);
  });
}

export const STREAM_COMMANDS: CommandDef[] = [
  { name: 'xadd', handler: xadd },
  { name: 'xlen', handler: xlen },
  { name: 'xrange', handler: (c, argv) => xrangeGeneric(c, argv, false) },
  { name: 'xrevrange', handler: (c, argv) => xrangeGeneric(c, argv, true) },
  { name: 'xdel', handler: xdel },
  { name: 'xtrim', handler: xtrim },
  { name: 'xsetid', handler: xsetid },
  ...STREAM_READ_COMMANDS,
  ...STREAM_GROUP_COMMANDS,
  ...STREAM_INFO_COMMANDS,
];

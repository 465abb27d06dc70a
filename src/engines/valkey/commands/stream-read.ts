/**
 * XREAD and XREADGROUP (redis xreadCommand): reading from several streams after given IDs, `$` for
 * "only what comes next", `>` for a group's undelivered entries and other IDs for a consumer's own
 * history; BLOCK waits through the core's blocking framework.
 *
 * A blocked client is served the way the emulated version serves it. Valkey/Redis 7.2 re-runs the
 * whole command when a stream it waits on changes (XREADGROUP also when the key is deleted or
 * changes type, which then answers the command's error). Redis 7.0 serves only the stream that
 * changed, as soon as its last ID passes the awaited one, with at most 1000 entries when no COUNT
 * was given, and answers `-UNBLOCKED` / `-NOGROUP` when the stream or group went away.
 */
import { is } from './args';
import { INVALID_ID, longArg, quoted } from './stream-args';
import { deliverHistory, deliverNew, GroupDelivery, propagateConsumerCreation, replyRange } from './stream-delivery';
import { createConsumer, isV72, nowMs, readStream } from './stream-keys';
import { DeferredKind } from '../../resp/reply-writer';
import { LOOKUP } from '../keyspace/db';
import { CLIENT, Client } from '../server/client';
import type { CommandDef } from '../table/command';
import type { ConsumerGroup } from '../types/stream/consumer-groups';
import { parseStreamId, StreamId } from '../types/stream/stream-id';
import { StreamValue } from '../types/stream/stream-value';
import { ERR } from '../util/errors';

/** Entries a redis 7.0 blocked reader gets at most when it gave no COUNT. */
const BLOCKED_DEFAULT_COUNT = 1000;
const LLONG_MAX = 9223372036854775807;

interface ReadArgs {
  readonly group: boolean;
  /** Relative timeout in ms; -1 without BLOCK, 0 forever. */
  readonly timeout: number;
  readonly count: number;
  readonly noack: boolean;
  readonly groupName: string;
  readonly consumerName: string;
  /** Index of the first key, and number of keys. */
  readonly keysAt: number;
  readonly keys: number;
}

function timedOut(c: Client): void {
  c.out.nullArray();
}

/** BLOCK's argument (redis getTimeoutFromObjectOrReply in milliseconds). */
function blockTimeoutArg(c: Client, s: string): number | undefined {
  const n = longArg(c, s, 'timeout is not an integer or out of range');
  if (n === undefined) return undefined;
  if (n < 0) {
    c.out.error(ERR.TIMEOUT_NEGATIVE);
    return undefined;
  }
  // Redis 7.0 does not check for the overflow (such a reader waits forever).
  if (n > 0 && n > LLONG_MAX - c.server.mstime && isV72(c)) {
    c.out.error('timeout is out of range');
    return undefined;
  }
  return n;
}

function parseReadArgs(c: Client, argv: string[]): ReadArgs | undefined {
  const group = c.cmd!.fullName === 'xreadgroup';
  let timeout = -1;
  let count = 0;
  let noack = false;
  let groupName: string | undefined;
  let consumerName = '';
  let keysAt = 0;
  let keys = 0;
  for (let i = 1; i < argv.length; i++) {
    const more = argv.length - i - 1;
    const opt = argv[i];
    if (is(opt, 'block') && more > 0) {
      // Valkey 8 lets scripts pass BLOCK: such a read never blocks there (a null reply instead).
      if (c.flags & CLIENT.SCRIPT && !c.server.isValkey8) {
        c.out.error(`${quoted(argv[0])} command is not allowed with BLOCK option from scripts`);
        return undefined;
      }
      const t = blockTimeoutArg(c, argv[++i]);
      if (t === undefined) return undefined;
      timeout = t;
    } else if (is(opt, 'count') && more > 0) {
      const n = longArg(c, argv[++i]);
      if (n === undefined) return undefined;
      count = n < 0 ? 0 : n;
    } else if (is(opt, 'streams') && more > 0) {
      keysAt = i + 1;
      const n = argv.length - keysAt;
      if (n % 2 !== 0) {
        c.out.error(isV72(c)
          ? `Unbalanced '${c.cmd!.fullName}' list of streams: for each stream key an ID or '${group ? '>' : '$'}' must be specified.`
          : "Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.");
        return undefined;
      }
      keys = n / 2;
      break;
    } else if (is(opt, 'group') && more >= 2) {
      if (!group) {
        c.out.error('The GROUP option is only supported by XREADGROUP. You called XREAD instead.');
        return undefined;
      }
      groupName = argv[i + 1];
      consumerName = argv[i + 2];
      i += 2;
    } else if (is(opt, 'noack')) {
      if (!group) {
        c.out.error('The NOACK option is only supported by XREADGROUP. You called XREAD instead.');
        return undefined;
      }
      noack = true;
    } else {
      c.out.error(ERR.SYNTAX);
      return undefined;
    }
  }
  if (keysAt === 0) {
    c.out.error(ERR.SYNTAX);
    return undefined;
  }
  if (group && groupName === undefined) {
    c.out.error('Missing GROUP option for XREADGROUP');
    return undefined;
  }
  return { group, timeout, count, noack, groupName: groupName ?? '', consumerName, keysAt, keys };
}

/** The ID after which each stream is read: `$` resolved, `>` as the largest ID. */
function resolveIds(c: Client, argv: string[], a: ReadArgs, groups: ConsumerGroup[]): StreamId[] | undefined {
  const ids: StreamId[] = [];
  for (let k = 0; k < a.keys; k++) {
    const key = argv[a.keysAt + k];
    const arg = argv[a.keysAt + a.keys + k];
    const s = readStream(c, key);
    if (s === null) return undefined;
    if (a.group) {
      const g = s?.group(a.groupName);
      if (!g) {
        c.out.error(`-NOGROUP No such key '${quoted(key)}' or consumer group '${quoted(a.groupName)}' in XREADGROUP with GROUP option`);
        return undefined;
      }
      groups.push(g);
    }
    if (arg === '$') {
      if (a.group) {
        c.out.error('The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.');
        return undefined;
      }
      ids.push(s ? s.lastId : StreamId.MIN);
      continue;
    }
    if (arg === '+' && c.server.isValkey8) {
      // Valkey 8: read the stream's last entry (the ID before its last ID, exclusive); a missing
      // stream reads from the start, as a blocked read waits for its first entry.
      if (a.group) {
        c.out.error('The + ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The + ID would just return an empty result set.');
        return undefined;
      }
      const before = s ? s.lastId.prev() : StreamId.MIN;
      if (!before) {
        c.out.error('the stream last element ID is 0-0');
        return undefined;
      }
      ids.push(before);
      continue;
    }
    if (arg === '>') {
      if (!a.group) {
        c.out.error('The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.');
        return undefined;
      }
      ids.push(StreamId.MAX);
      continue;
    }
    const parsed = parseStreamId(arg, 0, true);
    if (!parsed) {
      c.out.error(INVALID_ID);
      return undefined;
    }
    ids.push(parsed.id);
  }
  return ids;
}

/** The per-stream element of the reply: `[key, entries]` (RESP2) or the map key (RESP3). */
function streamHeader(c: Client, key: string): void {
  if (c.resp === 2) c.out.arrayHeader(2);
  c.out.bulk(key);
}

/** Looks the consumer up, creating it (and for NOACK reads propagating that), and marks it seen. */
function consumerFor(c: Client, key: string, a: ReadArgs, g: ConsumerGroup): GroupDelivery {
  let consumer = g.consumers.get(a.consumerName);
  if (!consumer) {
    consumer = createConsumer(c, key, g, a.consumerName)!;
    if (a.noack) propagateConsumerCreation(c, key, a.groupName, a.consumerName);
  }
  consumer.seenTime = nowMs(c);
  return { key, groupName: a.groupName, group: g, consumer, noack: a.noack };
}

function xread(c: Client, argv: string[]): void {
  c.preventPropagation = true;
  const a = parseReadArgs(c, argv);
  if (!a) return;
  if (c.flags & CLIENT.REPROCESSING && c.blocked) {
    if (!isV72(c)) {
      serveBlocked70(c, argv, a);
      return;
    }
    // 7.2 re-runs a reader only when the key that woke it holds a stream (XREADGROUP always).
    const ready = c.blocked.readyKey;
    if (!a.group && ready !== undefined && !(c.db.dict.get(ready) instanceof StreamValue)) {
      block(c, argv, a);
      return;
    }
  }
  const groups: ConsumerGroup[] = [];
  const ids = resolveIds(c, argv, a, groups);
  if (!ids) return;

  const out = c.out;
  const mark = out.beginDeferred();
  let served = 0;
  for (let k = 0; k < a.keys; k++) {
    const key = argv[a.keysAt + k];
    const s = c.db.lookupRead(key) as StreamValue | undefined;
    if (s === undefined) continue;
    let after = ids[k];
    let history = false;
    let delivery: GroupDelivery | undefined;
    let serve = false;
    if (a.group) {
      const g = groups[k];
      if (after.compare(StreamId.MAX) !== 0) {
        serve = true;
        history = true;
      } else if (s.length > 0 && s.lastValidId().compare(g.lastId) > 0) {
        serve = true;
        after = g.lastId;
      }
      // 7.2 creates the consumer even when there is nothing to serve; 7.0 only when serving.
      if (serve || isV72(c)) delivery = consumerFor(c, key, a, g);
      // Group reads change the stream without signalling it (as in redis): account for them.
      if (!serve && delivery) c.db.refreshAccounting(key);
    } else if (s.length > 0 && s.lastValidId().compare(after) > 0) {
      serve = true;
    }
    if (!serve) continue;
    served++;
    streamHeader(c, key);
    const start = after.next() ?? StreamId.MIN;
    if (!delivery) replyRange(c, s, start, StreamId.MAX, a.count, false);
    else if (history) deliverHistory(c, s, start, a.count, delivery.consumer);
    else deliverNew(c, s, start, a.count, delivery);
    if (a.group) {
      c.server.dirty++;
      c.db.refreshAccounting(key);
    }
  }
  if (served > 0) {
    out.endDeferred(mark, c.resp === 2 ? DeferredKind.ARRAY : DeferredKind.MAP, served);
    return;
  }
  if (a.timeout === -1) {
    out.nullArray();
    return;
  }
  if (!c.server.blocking.canBlock(c)) {
    out.nullArray();
    return;
  }
  // `$` is pinned to the IDs seen now, so a re-run waits for entries after them.
  let pinned: string[] | undefined;
  for (let k = 0; k < a.keys; k++) {
    const at = a.keysAt + a.keys + k;
    if (argv[at] !== '$') continue;
    pinned ??= argv.slice();
    pinned[at] = ids[k].toString();
  }
  if (pinned) c.argv = pinned;
  block(c, c.argv, a);
}

function block(c: Client, argv: string[], a: ReadArgs): void {
  c.server.blocking.blockOnKeys(c, argv.slice(a.keysAt, a.keysAt + a.keys), {
    timeoutMs: a.timeout,
    onTimeout: timedOut,
    unblockOnNoKey: a.group,
    keyType: 'stream',
  });
}

/**
 * Redis 7.0's serveClientsBlockedOnStreamKey for a woken reader: only the stream that was
 * signalled is considered.
 */
function serveBlocked70(c: Client, argv: string[], a: ReadArgs): void {
  const key = c.blocked!.readyKey;
  const k = key === undefined ? -1 : argv.indexOf(key, a.keysAt);
  const v = key === undefined ? undefined : c.db.lookupRead(key, LOOKUP.NONOTIFY | LOOKUP.NOSTATS);
  if (key === undefined || k < 0 || k >= a.keysAt + a.keys || !(v instanceof StreamValue)) {
    if (a.group && key !== undefined) c.out.error('-UNBLOCKED the stream key no longer exists');
    else block(c, argv, a);
    return;
  }
  const s = v;
  let after: StreamId;
  let delivery: GroupDelivery | undefined;
  if (a.group) {
    const g = s.group(a.groupName);
    if (!g) {
      c.out.error('-NOGROUP the consumer group this client was blocked on no longer exists');
      return;
    }
    after = g.lastId;
  } else {
    after = parseStreamId(argv[k + a.keys], 0, true)!.id;
  }
  if (s.lastId.compare(after) <= 0) {
    block(c, argv, a);
    return;
  }
  if (a.group) delivery = consumerFor(c, key!, a, s.group(a.groupName)!);
  if (c.resp === 2) {
    c.out.arrayHeader(1);
    c.out.arrayHeader(2);
  } else {
    c.out.mapHeader(1);
  }
  c.out.bulk(key!);
  const start = after.next() ?? StreamId.MIN;
  const count = a.count || BLOCKED_DEFAULT_COUNT;
  if (delivery) {
    deliverNew(c, s, start, count, delivery);
    c.db.refreshAccounting(key!);
  } else {
    replyRange(c, s, start, StreamId.MAX, count, false);
  }
}

export const STREAM_READ_COMMANDS: CommandDef[] = [
  { name: 'xread', handler: xread },
  { name: 'xreadgroup', handler: xread },
];

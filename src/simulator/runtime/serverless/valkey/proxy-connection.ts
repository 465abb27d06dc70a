/**
 * One client connection to a serverless Valkey / Redis OSS endpoint. It reads RESP requests,
 * sends each to the internal shard that owns its keys (through the connection's own session on
 * every shard, so each engine keeps the connection's state as redis would), and writes the replies
 * back in order. Towards the client it behaves as the single virtual node that owns every slot:
 *
 * - keyed commands go to the owning shard, whose engine checks same-slot rules (CROSSSLOT);
 * - connection state (AUTH, HELLO, SELECT, CLIENT SETNAME/SETINFO, RESET) is set on every session;
 * - CLUSTER, ROLE and unknown commands are answered by the virtual node;
 * - whole-cache commands (DBSIZE, SCAN, FLUSHALL, SCRIPT LOAD, PUBSUB SHARD*, INFO keyspace,
 *   RANDOMKEY) combine the shards;
 * - MULTI/EXEC run on the shard of the transaction's first key (the transaction moves there when
 *   that key arrives); keys of another shard make EXEC fail with CROSSSLOT, as keys of another slot
 *   do; WATCHed keys on any shard abort the EXEC when touched;
 * - classic pub/sub lives on the first shard, sharded pub/sub on the channel's shard;
 * - a blocked command (BLPOP…) holds the connection until its shard answers, as on one server;
 * - on the reader endpoint, after READONLY, reads go to the shard's replica (eventually consistent).
 *
 * Every request is admitted against the ECPUPerSecond maximum before it runs and metered after.
 */
import type * as net from 'net';
import { BackendLink, BackendRefused } from './backend-link';
import {
  isError, rewriteInfoKeyspace, rewriteScanReply, splitCursor, sumChannelCounts, sumIntegers, unionArrays,
} from './combined-replies';
import type { InternalShards } from './internal-shards';
import { chargedByCpu, commandTypes, isBaselineCommand, replyPayload, requestPayload } from './request-metering';
import type { VirtualNode } from './virtual-node';
import { RequestParser } from '../../../../engines/resp';
import { CLIENT, CMD, Command } from '../../../../engines/valkey';
import { CLUSTER_ERRORS, keyHashSlot } from '../../../../engines/valkey/cluster';
import { flagTransaction } from '../../../../engines/valkey/exec/multi';
import { keysFromSpecs } from '../../../../engines/valkey/table/key-specs';
import { accessDenialOf, ServerlessMeter } from '../../../metering';
import { ClientConnection } from '../client-connection';

/**
 * What a client gets when the cache throttles its request. The ElastiCache documentation names the
 * `ThrottledCmds` metric but not the reply text; this is the simulator's wording (see the README).
 */
export const THROTTLED_ERROR = '-ERR Throttled: the request exceeds the cache\'s ECPUPerSecond maximum';

/** Commands that set up or describe a connection: never throttled, so clients can always connect. */
const NOT_THROTTLED = new Set([
  'auth', 'hello', 'quit', 'reset', 'select', 'ping', 'readonly', 'readwrite', 'info',
  'client|setname', 'client|getname', 'client|setinfo', 'client|reply', 'command',
]);

/** Commands whose session state every shard must share. */
const CONNECTION_STATE = new Set(['auth', 'hello', 'select', 'client|setname', 'client|setinfo', 'reset']);

/** Commands a RESP2 client may send while subscribed (redis' pub/sub context). */
const PUBSUB_CONTEXT = new Set(['ping', 'subscribe', 'ssubscribe', 'unsubscribe', 'sunsubscribe', 'psubscribe', 'punsubscribe', 'quit', 'reset']);

/** Sharded pub/sub commands route by channel, which their key specs flag `not_key`. */
const SHARDED_PUBSUB = new Set(['spublish', 'ssubscribe', 'sunsubscribe']);

/** Classic pub/sub lives on the first shard. */
const CLASSIC_PUBSUB = new Set(['subscribe', 'unsubscribe', 'publish', 'pubsub|channels', 'pubsub|numsub']);

/** What the connection needs from its cache. */
export interface ValkeyProxyHost {
  readonly shards: InternalShards;
  readonly virtualNode: VirtualNode;
  readonly meter: ServerlessMeter;
  readonly shardCount: number;
  connectionClosed(connection: ValkeyProxyConnection): void;
}

/** The keys a command names, as the engines find them for cluster routing. */
export function keysOf(cmd: Command, argv: readonly string[]): string[] {
  if (SHARDED_PUBSUB.has(cmd.fullName)) return (keysFromSpecs(cmd.keySpecs, argv, cmd.arity, true) ?? []).map((k) => argv[k.pos]);
  return (cmd.findKeys(argv) ?? []).map((k) => argv[k.pos]);
}

/** Process CPU time since `before`, in nanoseconds (microsecond resolution). */
function cpuNanosSince(before: NodeJS.CpuUsage): number {
  const spent = process.cpuUsage(before);
  return (spent.user + spent.system) * 1000;
}

/** A command's result: its reply, and what metering needs. */
interface Outcome {
  readonly bytes: Buffer;
  readonly nanos: number;
  /** Set when the command blocked on this session: its reply comes later. */
  readonly blockedOn?: BackendLink;
}

/** The request the connection waits for (a blocked command). */
interface Waiting {
  readonly cmd: Command;
  readonly argv: string[];
  readonly keys: number;
  readonly started: number;
  readonly nanos: number;
  readonly link: BackendLink;
}

/** An open transaction: where it runs and what it has queued. */
interface Transaction {
  link: BackendLink;
  /** Slot of its first key (undefined while it has no key: it may still move). */
  slot: number | undefined;
  /** Commands queued so far (replayed when the transaction moves to its key's shard). */
  readonly queued: string[][];
  /** A queued command's keys belong to another shard: EXEC fails with CROSSSLOT. */
  crossSlot: boolean;
}

export class ValkeyProxyConnection extends ClientConnection {
  private readonly parser: RequestParser;
  private readonly primaries: BackendLink[] = [];
  /** Sessions on the replicas (reader endpoint only). */
  private readonly replicas: BackendLink[] = [];
  private readOnly = false;
  private replyOff = false;
  private skipReplies = 0;
  private tx: Transaction | undefined;
  private readonly watching = new Set<BackendLink>();
  private waiting: Waiting | undefined;
  private resumeScheduled = false;

  constructor(socket: net.Socket, private readonly host: ValkeyProxyHost, private readonly reader: boolean) {
    super(socket, host.meter);
    this.parser = new RequestParser({
      maxBulkLength: () => 512 * 1024 * 1024,
      authRequired: () => this.primaries.length > 0 && !this.primaries[0].client.authenticated && this.primaries[0].server.authRequiredByDefault(),
    });
    try {
      this.openSessions();
    } catch (err) {
      const reply = err instanceof BackendRefused ? err.reply : Buffer.from('-ERR the cache is not available\r\n', 'latin1');
      socket.end(reply);
      this.close();
      return;
    }
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  private openSessions(): void {
    const peer = {
      remoteAddress: this.socket.remoteAddress ?? '127.0.0.1',
      remotePort: this.socket.remotePort ?? 0,
      localAddress: this.socket.localAddress ?? '127.0.0.1',
      localPort: this.socket.localPort ?? 0,
    };
    const onLate = (link: BackendLink, bytes: Buffer) => this.onLate(link, bytes);
    const onClosed = () => this.destroy();
    for (const shard of this.host.shards.shards) {
      const primary = shard.primary.server;
      if (!primary) throw new Error('shard primary is down');
      this.primaries.push(new BackendLink(primary, peer, onLate, onClosed));
      if (this.reader) {
        const replica = shard.replicas[0]?.server ?? primary;
        const link = new BackendLink(replica, peer, onLate, onClosed);
        markReadOnly(link);
        this.replicas.push(link);
      }
    }
  }

  private get resp(): number {
    return this.primaries[0].client.resp;
  }

  // ---- input -------------------------------------------------------------------------------------

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    this.host.meter.received(chunk.length);
    this.parser.append(chunk);
    this.processInput();
    this.flush();
  }

  private processInput(): void {
    while (!this.waiting && !this.closed && !this.closing) {
      const argv = this.parser.next();
      if (argv === undefined) {
        if (this.parser.protocolError !== undefined) {
          this.push(Buffer.from(`-${this.parser.protocolError.startsWith('ERR') ? '' : 'ERR '}${this.parser.protocolError}\r\n`, 'latin1'));
          this.closing = true;
        }
        break;
      }
      if (argv.length > 0) this.handle(argv);
    }
  }

  private handle(argv: string[]): void {
    const found = this.host.virtualNode.lookup(argv);
    if (!found.cmd) {
      // Unknown commands (and the ones serverless does not offer) get the engine's error text.
      this.reply(this.host.virtualNode.run(argv, this.resp));
      if (this.tx) flagTransaction(this.tx.link.client);
      return;
    }
    const cmd = found.cmd;
    if (!NOT_THROTTLED.has(cmd.fullName) && !NOT_THROTTLED.has(cmd.parent?.fullName ?? '') && !cmd.fullName.startsWith('cluster|')) {
      if (!this.host.meter.admit()) {
        this.reply(Buffer.from(`${THROTTLED_ERROR}\r\n`, 'latin1'));
        if (this.tx) flagTransaction(this.tx.link.client);
        return;
      }
    }
    const started = performance.now();
    const keys = keysOf(cmd, argv);
    const cpuBefore = chargedByCpu(cmd) ? process.cpuUsage() : undefined;
    const outcome = this.dispatch(cmd, argv, keys);
    // Commands charged by vCPU time are timed in process CPU time, which (unlike wall time) the
    // machine's other work does not inflate; it costs a system call, so simple commands skip it.
    const nanos = cpuBefore ? cpuNanosSince(cpuBefore) : outcome.nanos;
    if (outcome.blockedOn) {
      if (outcome.bytes.length > 0) this.push(outcome.bytes);
      this.waiting = { cmd, argv, keys: keys.length, started, nanos, link: outcome.blockedOn };
      return;
    }
    this.reply(outcome.bytes);
    this.meter(cmd, argv, keys.length, outcome.bytes, nanos, started);
  }

  private meter(cmd: Command, argv: readonly string[], keys: number, reply: Buffer, nanos: number, started: number): void {
    const success = !isError(reply);
    const denial = success ? undefined : accessDenialOf(reply);
    if (denial) this.host.meter.denied(denial);
    const bytesIn = requestPayload(argv);
    const bytesOut = replyPayload(reply);
    if (success && isBaselineCommand(cmd) && bytesIn + bytesOut <= 1024) this.host.meter.cpuBaseline?.observe(nanos);
    const kind = cmd.has(CMD.WRITE) ? 'write' : cmd.has(CMD.READONLY) ? 'read' : undefined;
    this.host.meter.record({
      usage: { items: keys, bytesIn, bytesOut, cpuNanos: chargedByCpu(cmd) ? nanos : undefined },
      types: commandTypes(cmd),
      latency: success && kind ? { kind, micros: (performance.now() - started) * 1000 } : undefined,
    });
  }

  // ---- routing -----------------------------------------------------------------------------------

  private dispatch(cmd: Command, argv: string[], keys: string[]): Outcome {
    const name = cmd.fullName;
    if (this.tx && !['exec', 'discard', 'multi', 'watch', 'quit', 'reset'].includes(name)) return this.queue(argv, keys);
    if (this.resp === 2 && !PUBSUB_CONTEXT.has(name) && this.subscribedLink()) {
      return { bytes: errorBytes(`Can't execute '${name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`), nanos: 0 };
    }
    if (CONNECTION_STATE.has(name)) return this.everywhere(argv, name === 'reset');
    if (CLASSIC_PUBSUB.has(name)) return this.run(this.primaries[0], argv);
    switch (name) {
      case 'quit':
        this.closing = true;
        return { bytes: Buffer.from('+OK\r\n', 'latin1'), nanos: 0 };
      case 'readonly':
      case 'readwrite': {
        const outcome = this.run(this.primaries[0], argv);
        if (!isError(outcome.bytes)) this.readOnly = name === 'readonly';
        return outcome;
      }
      case 'client|reply': return this.clientReply(argv);
      case 'cluster|countkeysinslot':
      case 'cluster|getkeysinslot': return this.run(this.linkForSlot(Number(argv[2])), argv);
      case 'cluster|keyslot': return this.run(this.primaries[0], argv);
      case 'role': return this.virtual(argv);
      case 'ping': return this.run(this.subscribedLink() ?? this.primaries[0], argv);
      case 'multi': return this.multi(argv);
      case 'exec': return this.exec(argv);
      case 'discard': return this.discard(argv);
      case 'watch': return this.watch(cmd, argv, keys);
      case 'unwatch': return this.unwatch(argv);
      case 'sunsubscribe': if (keys.length === 0) return this.sunsubscribeAll(argv); break;
      case 'dbsize': return this.combine(argv, this.primaries, sumIntegers);
      case 'flushall':
      case 'flushdb': return this.everywhere(argv, false, this.primaries);
      case 'script|load':
      case 'script|flush': return this.scriptEverywhere(argv);
      case 'pubsub|shardchannels': return this.combine(argv, this.primaries, (r) => unionArrays(r, this.resp));
      case 'pubsub|shardnumsub': return this.combine(argv, this.primaries, (r) => sumChannelCounts(r, this.resp));
      case 'scan': return this.scan(cmd, argv);
      case 'randomkey': return this.run(this.randomKeyLink(cmd), argv);
      case 'info': return this.info(argv);
      default:
        if (name.startsWith('cluster|')) return this.virtual(argv);
    }
    return this.run(this.linkFor(cmd, keys), argv);
  }

  /** The session a command goes to: the owning shard (its replica for reads after READONLY on the reader endpoint). */
  private linkFor(cmd: Command, keys: readonly string[]): BackendLink {
    const shard = keys.length > 0 ? this.host.shards.shardOfSlot(keyHashSlot(keys[0])) : 0;
    return this.readsFromReplica(cmd) ? this.replicas[shard] : this.primaries[shard];
  }

  private readsFromReplica(cmd: Command): boolean {
    return this.reader && this.readOnly && cmd.has(CMD.READONLY) && !cmd.has(CMD.WRITE);
  }

  private linkForSlot(slot: number): BackendLink {
    return Number.isInteger(slot) && slot >= 0 && slot < 16384 ? this.primaries[this.host.shards.shardOfSlot(slot)] : this.primaries[0];
  }

  private run(link: BackendLink, argv: string[]): Outcome {
    const { bytes, blocked, nanos } = link.exec(argv);
    return blocked ? { bytes, nanos, blockedOn: link } : { bytes, nanos };
  }

  /** Answered by the virtual node, once the session may run the command (authentication, ACL). */
  private virtual(argv: string[]): Outcome {
    const refused = this.primaries[0].refusal(argv);
    return { bytes: refused ?? this.host.virtualNode.run(argv, this.resp), nanos: 0 };
  }

  /** Runs on every session (connection state, flushes); the first session's reply answers. */
  private everywhere(argv: string[], reset: boolean, links: readonly BackendLink[] = [...this.primaries, ...this.replicas]): Outcome {
    let first: Outcome | undefined;
    let nanos = 0;
    for (const link of links) {
      const outcome = this.run(link, argv);
      nanos += outcome.nanos;
      first ??= outcome;
    }
    if (reset) this.resetState();
    return { bytes: first!.bytes, nanos };
  }

  /** SCRIPT LOAD/FLUSH reach every node, replicas included, so EVALSHA works wherever a read goes. */
  private scriptEverywhere(argv: string[]): Outcome {
    const outcome = this.everywhere(argv, false, this.primaries);
    if (!isError(outcome.bytes)) this.host.shards.runOnReplicas(argv);
    return outcome;
  }

  /** Runs on each session and combines the replies (the first error answers instead). */
  private combine(argv: string[], links: readonly BackendLink[], combine: (replies: Buffer[]) => Buffer): Outcome {
    const replies: Buffer[] = [];
    let nanos = 0;
    for (const link of links) {
      const outcome = link.exec(argv);
      nanos += outcome.nanos;
      if (isError(outcome.bytes)) return { bytes: outcome.bytes, nanos };
      replies.push(outcome.bytes);
    }
    return { bytes: combine(replies), nanos };
  }

  /** SCAN over the shards in turn, with one cursor: the shard's cursor × shards + the shard's index. */
  private scan(cmd: Command, argv: string[]): Outcome {
    const count = this.host.shardCount;
    const at = splitCursor(argv[1], count);
    const links = this.readsFromReplica(cmd) ? this.replicas : this.primaries;
    if (!at) return this.run(links[0], argv);
    const outcome = links[at.shard].exec([argv[0], String(at.cursor), ...argv.slice(2)]);
    if (isError(outcome.bytes)) return { bytes: outcome.bytes, nanos: outcome.nanos };
    return { bytes: rewriteScanReply(outcome.bytes, at, count, this.resp), nanos: outcome.nanos };
  }

  /** RANDOMKEY from a shard picked in proportion to its keys. */
  private randomKeyLink(cmd: Command): BackendLink {
    const links = this.readsFromReplica(cmd) ? this.replicas : this.primaries;
    const sizes = links.map((l) => l.server.dbs[0].size);
    const total = sizes.reduce((a, b) => a + b, 0);
    let pick = Math.random() * total;
    for (let i = 0; i < links.length; i++) {
      if (pick < sizes[i]) return links[i];
      pick -= sizes[i];
    }
    return links[0];
  }

  /** INFO from the first shard, with the keyspace of the whole cache. */
  private info(argv: string[]): Outcome {
    const outcome = this.primaries[0].exec(argv);
    if (isError(outcome.bytes)) return { bytes: outcome.bytes, nanos: outcome.nanos };
    let keys = 0;
    let expires = 0;
    let ttlWeighted = 0;
    for (const link of this.primaries) {
      const db = link.server.dbs[0];
      keys += db.size;
      expires += db.expires.size;
      ttlWeighted += db.avgTtl * db.expires.size;
    }
    const totals = { keys, expires, avgTtl: expires > 0 ? Math.round(ttlWeighted / expires) : 0 };
    return { bytes: rewriteInfoKeyspace(outcome.bytes, totals, this.resp), nanos: outcome.nanos };
  }

  /** CLIENT REPLY ON|OFF|SKIP, applied here because the replies of every shard pass through. */
  private clientReply(argv: string[]): Outcome {
    const mode = argv.length === 3 ? argv[2].toLowerCase() : '';
    if (mode !== 'on' && mode !== 'off' && mode !== 'skip') return this.run(this.primaries[0], argv);
    if (mode === 'on') {
      this.replyOff = false;
      return { bytes: Buffer.from('+OK\r\n', 'latin1'), nanos: 0 };
    }
    if (mode === 'off') this.replyOff = true;
    else this.skipReplies = 2;
    return { bytes: Buffer.alloc(0), nanos: 0 };
  }

  /** SUNSUBSCRIBE without channels: every shard the connection has shard channels on. */
  private sunsubscribeAll(argv: string[]): Outcome {
    const subscribed = this.primaries.filter((l) => l.client.shardChannels.size > 0);
    const links = subscribed.length > 0 ? subscribed : [this.primaries[0]];
    const parts: Buffer[] = [];
    let nanos = 0;
    for (const link of links) {
      const outcome = link.exec(argv);
      nanos += outcome.nanos;
      parts.push(outcome.bytes);
    }
    return { bytes: Buffer.concat(parts), nanos };
  }

  /** The session in subscribed mode, if any (RESP2 restricts such connections). */
  private subscribedLink(): BackendLink | undefined {
    return this.primaries.find((l) => l.client.has(CLIENT.PUBSUB));
  }

  // ---- transactions ------------------------------------------------------------------------------

  private multi(argv: string[]): Outcome {
    if (this.tx) return this.run(this.tx.link, argv);
    // Until the transaction's first key is known it waits on a watched shard, or the first one.
    const link = this.watching.values().next().value ?? this.primaries[0];
    const outcome = this.run(link, argv);
    if (!isError(outcome.bytes)) this.tx = { link, slot: undefined, queued: [], crossSlot: false };
    return outcome;
  }

  private queue(argv: string[], keys: readonly string[]): Outcome {
    const tx = this.tx!;
    if (keys.length > 0) {
      const slot = keyHashSlot(keys[0]);
      const shard = this.host.shards.shardOfSlot(slot);
      if (tx.slot === undefined) {
        tx.slot = slot;
        if (this.primaries[shard] !== tx.link) this.moveTransaction(tx, this.primaries[shard]);
      } else if (this.primaries[shard] !== tx.link) {
        // On the single virtual node this queues, and EXEC refuses the cross-slot transaction.
        tx.crossSlot = true;
        return { bytes: Buffer.from('+QUEUED\r\n', 'latin1'), nanos: 0 };
      }
    }
    const outcome = this.run(tx.link, argv);
    if (outcome.bytes.toString('latin1') === '+QUEUED\r\n') tx.queued.push(argv);
    return outcome;
  }

  /** Moves a transaction without keys yet to the shard of its first key (replaying what it queued). */
  private moveTransaction(tx: Transaction, to: BackendLink): void {
    const from = tx.link.client;
    const aborted = from.has(CLIENT.DIRTY_EXEC);
    leaveMulti(from);
    to.exec(['MULTI']);
    if (aborted) flagTransaction(to.client);
    for (const argv of tx.queued) to.exec(argv);
    tx.link = to;
  }

  private exec(argv: string[]): Outcome {
    const tx = this.tx;
    if (!tx) return this.run(this.primaries[0], argv);
    this.tx = undefined;
    if (tx.crossSlot) {
      leaveMulti(tx.link.client);
      this.unwatchAll();
      return { bytes: Buffer.from(`${CLUSTER_ERRORS.CROSSSLOT}\r\n`, 'latin1'), nanos: 0 };
    }
    // WATCHed keys on other shards: a touched one aborts the transaction, as on one server.
    for (const link of this.watching) {
      if (link === tx.link) continue;
      if (link.client.has(CLIENT.DIRTY_CAS) || link.server.watches.watchedKeyExpired(link.client)) markDirty(tx.link);
    }
    const outcome = this.run(tx.link, argv);
    this.unwatchAll();
    return outcome;
  }

  private discard(argv: string[]): Outcome {
    const tx = this.tx;
    if (!tx) return this.run(this.primaries[0], argv);
    this.tx = undefined;
    const outcome = this.run(tx.link, argv);
    this.unwatchAll();
    return outcome;
  }

  private watch(cmd: Command, argv: string[], keys: readonly string[]): Outcome {
    if (this.tx) return this.run(this.tx.link, argv);
    const link = this.linkFor(cmd, keys);
    const outcome = this.run(link, argv);
    if (!isError(outcome.bytes)) this.watching.add(link);
    return outcome;
  }

  private unwatch(argv: string[]): Outcome {
    const links = this.watching.size > 0 ? [...this.watching] : [this.primaries[0]];
    this.watching.clear();
    const outcomes = links.map((link) => this.run(link, argv));
    return outcomes[0];
  }

  private unwatchAll(): void {
    for (const link of this.watching) if (link.client.watched.length > 0) link.exec(['UNWATCH']);
    this.watching.clear();
  }

  private resetState(): void {
    this.tx = undefined;
    this.watching.clear();
    this.readOnly = false;
    this.replyOff = false;
    this.skipReplies = 0;
    for (const link of this.replicas) markReadOnly(link);
  }

  // ---- output ------------------------------------------------------------------------------------

  /** A command's reply (CLIENT REPLY OFF/SKIP may drop it). */
  private reply(bytes: Buffer): void {
    if (this.skipReplies > 0) {
      this.skipReplies--;
      return;
    }
    if (this.replyOff) return;
    this.push(bytes);
  }

  /** What a session writes on its own: a blocked command's reply, pub/sub messages. */
  private onLate(link: BackendLink, bytes: Buffer): void {
    if (this.closed) return;
    const waiting = this.waiting;
    if (waiting && waiting.link === link && !link.blocked) {
      this.waiting = undefined;
      this.reply(bytes);
      this.meter(waiting.cmd, waiting.argv, waiting.keys, bytes, waiting.nanos, waiting.started);
    } else {
      this.push(bytes);
    }
    // Engines write while serving other connections: carry on once their work is done.
    if (!this.resumeScheduled) {
      this.resumeScheduled = true;
      queueMicrotask(() => {
        this.resumeScheduled = false;
        this.processInput();
        this.flush();
      });
    }
  }

  /** A blocked command's reply is still due: a closing connection waits for it. */
  protected get idle(): boolean {
    return !this.waiting;
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  protected release(): void {
    this.waiting = undefined;
    for (const link of [...this.primaries, ...this.replicas]) link.close();
    this.host.connectionClosed(this);
  }
}

function errorBytes(text: string): Buffer {
  return Buffer.from(`-ERR ${text}\r\n`, 'latin1');
}

/** Replica sessions read as READONLY cluster clients do. */
function markReadOnly(link: BackendLink): void {
  // eslint-disable-next-line no-bitwise
  link.client.flags |= CLIENT.READONLY;
}

/** A WATCHed key changed on another shard: the transaction's EXEC must abort. */
function markDirty(link: BackendLink): void {
  // eslint-disable-next-line no-bitwise
  link.client.flags |= CLIENT.DIRTY_CAS;
}

/** Leaves MULTI without EXEC or DISCARD, keeping the session's WATCHed keys (a transaction that moves). */
function leaveMulti(client: BackendLink['client']): void {
  client.multi = undefined;
  // eslint-disable-next-line no-bitwise
  client.flags &= ~(CLIENT.MULTI | CLIENT.DIRTY_EXEC);
}


/**
 * Pub/sub: SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, PUBLISH, SSUBSCRIBE, SUNSUBSCRIBE,
 * SPUBLISH and PUBSUB CHANNELS|NUMSUB|NUMPAT|SHARDCHANNELS|SHARDNUMSUB|HELP. Subscriptions and
 * delivery are the server's PubSubHub; the simulator forwards PUBLISH/SPUBLISH between cluster
 * nodes through the bridge in ../pubsub/bridge.ts.
 */
import { replyHelp } from './args';
import { pubsubBridgeOf } from '../pubsub/bridge';
import { CLIENT, Client } from '../server/client';
import type { SubscriptionKind } from '../server/pubsub-hub';
import type { CommandDef } from '../table/command';
import { subcommandSyntaxError } from '../util/errors';
import { stringMatch } from '../util/glob';

/** Channels + patterns (what SUBSCRIBE/PSUBSCRIBE confirmations count). */
function subscriptionCount(c: Client): number {
  return c.channels.size + c.patterns.size;
}

/** A subscription confirmation: `[kind, name, count]`, a push in RESP3. */
function confirm(c: Client, kind: string, name: string | undefined, count: number): void {
  c.out.pushHeader(3);
  c.out.bulk(kind);
  if (name === undefined) c.out.nullBulk();
  else c.out.bulk(name);
  c.out.integer(count);
}

/**
 * Clients that must get one reply per command (inside EXEC, scripts) cannot enter subscribed mode;
 * redis still lets SUBSCRIBE and PSUBSCRIBE run inside MULTI/EXEC.
 */
function refusedForDenyBlocking(c: Client, name: string, allowInMulti: boolean): boolean {
  if (!(c.flags & CLIENT.DENY_BLOCKING)) return false;
  if (allowInMulti && c.flags & CLIENT.MULTI) return false;
  c.out.error(`${name} isn't allowed for a DENY BLOCKING client`);
  return true;
}

function subscribeAll(c: Client, argv: string[], kind: SubscriptionKind, reply: string, count: () => number): void {
  const hub = c.server.pubsub;
  for (let j = 1; j < argv.length; j++) {
    hub.subscribe(c, kind, argv[j]);
    confirm(c, reply, argv[j], count());
  }
  c.flags |= CLIENT.PUBSUB;
}

function unsubscribeAll(c: Client, argv: string[], kind: SubscriptionKind, reply: string, count: () => number): void {
  const hub = c.server.pubsub;
  const own = kind === 'channel' ? c.channels : kind === 'pattern' ? c.patterns : c.shardChannels;
  const names = argv.length > 1 ? argv.slice(1) : [...own];
  if (names.length === 0) {
    // Nothing to leave: one confirmation with a null name.
    confirm(c, reply, undefined, count());
    return;
  }
  for (const name of names) {
    hub.unsubscribe(c, kind, name);
    confirm(c, reply, name, count());
  }
}

const shardCount = (c: Client) => (): number => c.shardChannels.size;
const globalCount = (c: Client) => (): number => subscriptionCount(c);

function subscribe(c: Client, argv: string[]): void {
  if (refusedForDenyBlocking(c, 'SUBSCRIBE', true)) return;
  subscribeAll(c, argv, 'channel', 'subscribe', globalCount(c));
}

function psubscribe(c: Client, argv: string[]): void {
  if (refusedForDenyBlocking(c, 'PSUBSCRIBE', true)) return;
  subscribeAll(c, argv, 'pattern', 'psubscribe', globalCount(c));
}

function ssubscribe(c: Client, argv: string[]): void {
  if (refusedForDenyBlocking(c, 'SSUBSCRIBE', false)) return;
  subscribeAll(c, argv, 'shard', 'ssubscribe', shardCount(c));
}

function unsubscribe(c: Client, argv: string[]): void {
  unsubscribeAll(c, argv, 'channel', 'unsubscribe', globalCount(c));
}

function punsubscribe(c: Client, argv: string[]): void {
  unsubscribeAll(c, argv, 'pattern', 'punsubscribe', globalCount(c));
}

function sunsubscribe(c: Client, argv: string[]): void {
  unsubscribeAll(c, argv, 'shard', 'sunsubscribe', shardCount(c));
}

function publish(c: Client, argv: string[]): void {
  const receivers = pubsubBridgeOf(c.server).publish(c, argv[1], argv[2], false);
  c.out.integer(receivers);
}

function spublish(c: Client, argv: string[]): void {
  const receivers = pubsubBridgeOf(c.server).publish(c, argv[1], argv[2], true);
  c.out.integer(receivers);
}

/** Names of a registry matching an optional pattern (PUBSUB CHANNELS / SHARDCHANNELS). */
function channelList(c: Client, registry: Map<string, Set<Client>>, pattern: string | undefined): void {
  const names: string[] = [];
  for (const name of registry.keys()) if (pattern === undefined || stringMatch(pattern, name)) names.push(name);
  c.out.bulkArray(names);
}

/** PUBSUB subcommands with optional arguments refuse extra ones as redis' syntax error. */
function pubsubSyntaxError(c: Client, argv: string[]): void {
  c.out.error(subcommandSyntaxError(argv[0], argv[1]));
}

function channels(c: Client, argv: string[]): void {
  if (argv.length > 3) return pubsubSyntaxError(c, argv);
  channelList(c, c.server.pubsub.channels, argv[2]);
}

function shardchannels(c: Client, argv: string[]): void {
  if (argv.length > 3) return pubsubSyntaxError(c, argv);
  channelList(c, c.server.pubsub.shardChannels, argv[2]);
}

function numsubOf(c: Client, registry: Map<string, Set<Client>>, argv: string[]): void {
  c.out.arrayHeader((argv.length - 2) * 2);
  for (let j = 2; j < argv.length; j++) {
    c.out.bulk(argv[j]);
    c.out.integer(registry.get(argv[j])?.size ?? 0);
  }
}

export const PUBSUB_COMMANDS: CommandDef[] = [
  { name: 'subscribe', handler: subscribe },
  { name: 'unsubscribe', handler: unsubscribe },
  { name: 'psubscribe', handler: psubscribe },
  { name: 'punsubscribe', handler: punsubscribe },
  { name: 'ssubscribe', handler: ssubscribe },
  { name: 'sunsubscribe', handler: sunsubscribe },
  { name: 'publish', handler: publish },
  { name: 'spublish', handler: spublish },
  { name: 'pubsub|channels', handler: channels },
  { name: 'pubsub|shardchannels', handler: shardchannels },
  { name: 'pubsub|numsub', handler: (c, argv) => numsubOf(c, c.server.pubsub.channels, argv) },
  { name: 'pubsub|shardnumsub', handler: (c, argv) => numsubOf(c, c.server.pubsub.shardChannels, argv) },
  { name: 'pubsub|numpat', handler: (c) => c.out.integer(c.server.pubsub.patterns.size) },
  { name: 'pubsub|help', handler: (c) => replyHelp(c, 'pubsub') },
];

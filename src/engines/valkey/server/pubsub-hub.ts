/**
 * Channel registry and message delivery for pub/sub (redis pubsub.c's data side). Keyspace
 * notifications publish through it; the pub/sub command family (SUBSCRIBE, PUBLISH, PUBSUB…)
 * manages subscriptions with it.
 */
import { CLIENT, Client } from './client';
import { stringMatch } from '../util/glob';

export type SubscriptionKind = 'channel' | 'pattern' | 'shard';

export class PubSubHub {
  public readonly channels = new Map<string, Set<Client>>();
  public readonly patterns = new Map<string, Set<Client>>();
  public readonly shardChannels = new Map<string, Set<Client>>();
  /** Writes a message to a subscriber; replaceable (7.2 defers pushes to the client whose command runs). */
  public deliverTo: (c: Client, parts: readonly string[]) => void = deliver;

  private registry(kind: SubscriptionKind): Map<string, Set<Client>> {
    return kind === 'channel' ? this.channels : kind === 'pattern' ? this.patterns : this.shardChannels;
  }

  private own(c: Client, kind: SubscriptionKind): Set<string> {
    return kind === 'channel' ? c.channels : kind === 'pattern' ? c.patterns : c.shardChannels;
  }

  /** Adds a subscription; false when the client already had it. Maintains the PUBSUB flag. */
  public subscribe(c: Client, kind: SubscriptionKind, name: string): boolean {
    const own = this.own(c, kind);
    if (own.has(name)) return false;
    own.add(name);
    const reg = this.registry(kind);
    let set = reg.get(name);
    if (!set) reg.set(name, (set = new Set()));
    set.add(c);
    c.flags |= CLIENT.PUBSUB;
    return true;
  }

  /** Removes a subscription; false when the client did not have it. */
  public unsubscribe(c: Client, kind: SubscriptionKind, name: string): boolean {
    const own = this.own(c, kind);
    if (!own.delete(name)) return false;
    const reg = this.registry(kind);
    const set = reg.get(name);
    if (set) {
      set.delete(c);
      if (set.size === 0) reg.delete(name);
    }
    if (c.channels.size + c.patterns.size + c.shardChannels.size === 0) c.flags &= ~CLIENT.PUBSUB;
    return true;
  }

  /** Drops every subscription of a client (disconnect, RESET). */
  public removeClient(c: Client): void {
    for (const kind of ['channel', 'pattern', 'shard'] as const) {
      for (const name of [...this.own(c, kind)]) this.unsubscribe(c, kind, name);
    }
  }

  /** PUBLISH: delivers to channel and pattern subscribers; returns the number of receivers. */
  public publish(channel: string, message: string): number {
    let receivers = 0;
    const subs = this.channels.get(channel);
    if (subs) {
      for (const c of subs) {
        this.deliverTo(c, ['message', channel, message]);
        receivers++;
      }
    }
    if (this.patterns.size > 0) {
      for (const [pattern, clients] of this.patterns) {
        if (!stringMatch(pattern, channel)) continue;
        for (const c of clients) {
          this.deliverTo(c, ['pmessage', pattern, channel, message]);
          receivers++;
        }
      }
    }
    return receivers;
  }

  /** SPUBLISH: delivers to shard channel subscribers. */
  public publishShard(channel: string, message: string): number {
    const subs = this.shardChannels.get(channel);
    if (!subs) return 0;
    for (const c of subs) this.deliverTo(c, ['smessage', channel, message]);
    return subs.size;
  }
}

/** Writes a pub/sub message as a push (RESP3) or an array (RESP2) and schedules its flush. */
export function deliver(c: Client, parts: readonly string[]): void {
  if (c.flags & (CLIENT.REPLY_OFF | CLIENT.REPLY_SKIP)) return;
  c.out.pushHeader(parts.length);
  for (const p of parts) c.out.bulk(p);
  c.scheduleFlush();
}

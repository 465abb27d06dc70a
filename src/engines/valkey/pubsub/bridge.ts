/**
 * PUBLISH/SPUBLISH delivery with the hooks the simulator needs for cluster-wide pub/sub. On a
 * standalone server a publish is propagated to replicas like a write (redis forceCommandPropagation);
 * with `cluster-enabled yes` redis broadcasts it over the cluster bus instead (shard messages only
 * to the shard's nodes): the simulator plays the bus by listening to `onPublish` and calling
 * `deliverFromCluster` on the other nodes.
 */
import type { Client } from '../server/client';
import type { ValkeyServer } from '../server/server';

export type PublishListener = (channel: string, message: string, sharded: boolean) => void;

export class PubSubBridge {
  private readonly listeners: PublishListener[] = [];

  constructor(private readonly server: ValkeyServer) {}

  /** Called for every PUBLISH/SPUBLISH run on this node while cluster mode is on. */
  public onPublish(listener: PublishListener): void {
    this.listeners.push(listener);
  }

  /** Runs a client's PUBLISH/SPUBLISH: local delivery, then replication or the cluster bus. */
  public publish(c: Client, channel: string, message: string, sharded: boolean): number {
    const receivers = this.deliver(channel, message, sharded);
    if (this.server.config.bool('cluster-enabled')) {
      for (const l of this.listeners) l(channel, message, sharded);
    } else {
      c.forcePropagation = true;
    }
    return receivers;
  }

  /** Delivers a message that another cluster node published; returns the local receivers. */
  public deliverFromCluster(channel: string, message: string, sharded: boolean): number {
    // Receivers' output is flushed on the next event-loop turn (PubSubHub schedules it).
    return this.deliver(channel, message, sharded);
  }

  /**
   * A slot moved to another shard (redis pubsubShardUnsubscribeAllChannelsInSlot): its shard
   * channels' subscribers are unsubscribed, each told with a `sunsubscribe` push. `inSlot` says which
   * channels belong to the slot (the caller hashes them). Returns the channels dropped.
   */
  public dropShardChannels(inSlot: (channel: string) => boolean): string[] {
    const hub = this.server.pubsub;
    const dropped = [...hub.shardChannels.keys()].filter(inSlot);
    for (const channel of dropped) {
      for (const c of [...hub.shardChannels.get(channel) ?? []]) {
        hub.unsubscribe(c, 'shard', channel);
        c.out.pushHeader(3);
        c.out.bulk('sunsubscribe');
        c.out.bulk(channel);
        c.out.integer(c.shardChannels.size);
        c.scheduleFlush();
      }
    }
    return dropped;
  }

  private deliver(channel: string, message: string, sharded: boolean): number {
    const hub = this.server.pubsub;
    return sharded ? hub.publishShard(channel, message) : hub.publish(channel, message);
  }
}

const BRIDGES = new WeakMap<ValkeyServer, PubSubBridge>();

/** The server's pub/sub bridge (created on first use). */
export function pubsubBridgeOf(server: ValkeyServer): PubSubBridge {
  let b = BRIDGES.get(server);
  if (!b) {
    b = new PubSubBridge(server);
    BRIDGES.set(server, b);
  }
  return b;
}

/**
 * Push messages (pub/sub messages, tracking invalidations) meant for the client whose command is
 * running are held until its command has replied, then written: otherwise they would land inside
 * the reply (an EXEC array) or before it. Redis 7.0 does this for tracking invalidations; 7.2
 * also for pub/sub messages (except for the SUBSCRIBE family, whose replies are pushes).
 */
import type { Client } from '../server/client';
import type { ValkeyServer } from '../server/server';

export class DeferredPushes {
  private pending: ((c: Client) => void)[] = [];

  constructor(private readonly server: ValkeyServer) {
    server.hooks.afterCommand.push((c) => this.flush(c));
  }

  /** True when a push to `target` must wait: it is the client whose command is executing. */
  public mustDefer(target: Client): boolean {
    return target === this.server.outerClient && this.server.nesting > 0;
  }

  /** Queues a write for the client whose command is running. */
  public defer(write: (c: Client) => void): void {
    this.pending.push(write);
  }

  private flush(c: Client): void {
    if (this.pending.length === 0) return;
    const writes = this.pending;
    this.pending = [];
    if (c.isClosed) return;
    for (const w of writes) w(c);
  }
}

const QUEUES = new WeakMap<ValkeyServer, DeferredPushes>();

/** The server's deferred pushes (created on first use). */
export function deferredPushesOf(server: ValkeyServer): DeferredPushes {
  let q = QUEUES.get(server);
  if (!q) {
    q = new DeferredPushes(server);
    QUEUES.set(server, q);
  }
  return q;
}

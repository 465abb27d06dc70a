/**
 * How pub/sub messages reach subscribers. Messages are pushes: a client that turned its replies
 * off (CLIENT REPLY OFF|SKIP) still gets them, as redis 7.0.15 and later deliver them. Redis 7.2
 * also writes a message meant for the client whose command is running after that command's reply
 * (PUBLISH to a channel the publisher is subscribed to, keyspace events of its own writes, inside
 * EXEC) instead of before it.
 */
import { deferredPushesOf } from './deferred-pushes';
import type { Client } from '../server/client';
import type { ValkeyServer } from '../server/server';

/** The SUBSCRIBE family answers with pushes: those are its reply, never deferred. */
const PUSH_AS_REPLY = new Set(['subscribe', 'unsubscribe', 'psubscribe', 'punsubscribe', 'ssubscribe', 'sunsubscribe']);

function writeMessage(c: Client, parts: readonly string[]): void {
  c.out.pushHeader(parts.length);
  for (const p of parts) c.out.bulk(p);
  c.scheduleFlush();
}

/** Installs the delivery of the emulated version. */
export function setupPubSubDelivery(server: ValkeyServer): void {
  const defer = server.since72;
  const pushes = deferredPushesOf(server);
  server.pubsub.deliverTo = (c, parts) => {
    if (defer && pushes.mustDefer(c) && !(c.cmd && PUSH_AS_REPLY.has(c.cmd.fullName))) {
      pushes.defer((target) => writeMessage(target, parts));
      return;
    }
    writeMessage(c, parts);
  };
}

/**
 * How pub/sub messages reach subscribers on versions that differ from the server's default
 * delivery (PubSubHub.deliverTo, redis 7.0 behaviour). Redis 7.2 writes a message meant for the
 * client whose command is running after that command's reply (PUBLISH to a channel the publisher
 * is subscribed to, keyspace events of its own writes, inside EXEC), and no longer drops messages
 * for clients with CLIENT REPLY OFF/SKIP.
 */
import { deferredPushesOf } from './deferred-pushes';
import type { Client } from '../server/client';
import type { ValkeyServer } from '../server/server';
import { compareVersions } from '../table/registry';

/** The SUBSCRIBE family answers with pushes: those are its reply, never deferred. */
const PUSH_AS_REPLY = new Set(['subscribe', 'unsubscribe', 'psubscribe', 'punsubscribe', 'ssubscribe', 'sunsubscribe']);

function writeMessage(c: Client, parts: readonly string[]): void {
  c.out.pushHeader(parts.length);
  for (const p of parts) c.out.bulk(p);
  c.scheduleFlush();
}

/** Installs 7.2's delivery on servers emulating 7.2 or later. */
export function setupPubSubDelivery(server: ValkeyServer): void {
  if (compareVersions(server.version, '7.2.0') < 0) return;
  const pushes = deferredPushesOf(server);
  server.pubsub.deliverTo = (c, parts) => {
    if (pushes.mustDefer(c) && !(c.cmd && PUSH_AS_REPLY.has(c.cmd.fullName))) {
      pushes.defer((target) => writeMessage(target, parts));
      return;
    }
    writeMessage(c, parts);
  };
}

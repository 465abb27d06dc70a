/** Helpers for the list, hash and set unit tests: recorded propagation, keyspace events, replies. */
import { parseReplies } from './engine';
import type { TestEngine } from './engine';
import { toPlain } from '../../../../src/engines/resp';
import type { PropagatedOp } from '../../../../src/engines/valkey/exec/propagation';
import type { Client } from '../../../../src/engines/valkey/server/client';

/**
 * Records what the engine propagates, one array of argvs per execution unit. The stream's SELECTs
 * are left out: where they go is checked against redis-server by the replication stream test.
 */
export function recordPropagation(e: TestEngine): string[][][] {
  const units: string[][][] = [];
  e.server.propagation.onPropagate((ops: readonly PropagatedOp[]) => {
    units.push(ops.filter((o) => o.argv[0] !== 'SELECT').map((o) => [...o.argv]));
  });
  return units;
}

/** Subscribes to every keyevent channel; `events()` returns and clears `event key` lines in order. */
export function recordEvents(e: TestEngine): { events: () => string[] } {
  e.run('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
  const listener = e.newClient();
  e.server.pubsub.subscribe(listener, 'pattern', '__keyevent@*__:*');
  return {
    events: () => parseReplies(listener.out.take()).map((v) => {
      const [, , channel, key] = toPlain(v) as string[];
      return `${channel.slice(channel.indexOf(':') + 1)} ${key}`;
    }),
  };
}

/** Plain replies a client received since the last call (blocked clients get theirs later). */
export function takeReplies(c: Client): unknown[] {
  return parseReplies(c.out.take()).map(toPlain);
}

/** Waits for real time to pass (blocking timeouts run on real timers). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Shared plumbing of the stream commands: typed key lookups, the version switch between redis 7.0
 * and Valkey 7.2 behaviour, the command clock, and consumer creation with its event.
 */
import { asType } from './collection-helpers';
import type { Client } from '../server/client';
import { NOTIFY } from '../server/notify-flags';
import type { ValkeyServer } from '../server/server';
import type { Consumer, ConsumerGroup } from '../types/stream/consumer-groups';
import { StreamValue } from '../types/stream/stream-value';

/** The stream at `key` for reading: the value, undefined when missing, null after WRONGTYPE. */
export function readStream(c: Client, key: string): StreamValue | undefined | null {
  return asType(c, c.db.lookupRead(key), StreamValue);
}

/** The same, looked up before a write. */
export function writeStream(c: Client, key: string): StreamValue | undefined | null {
  return asType(c, c.db.lookupWrite(key), StreamValue);
}

/** The stream to change, or undefined after replying 0 (missing key) or WRONGTYPE (XDEL, XTRIM). */
export function writeStreamOrZero(c: Client, key: string): StreamValue | undefined {
  const s = writeStream(c, key);
  if (s === undefined) c.out.integer(0);
  return s ?? undefined;
}

/** A new empty stream stored at `key` (redis createStreamObject + dbAdd). */
export function createStream(c: Client, key: string): StreamValue {
  const s = new StreamValue();
  c.db.add(key, s);
  return s;
}

/** True when the server follows Valkey/Redis 7.2 rules rather than redis 7.0's. */
export function isV72(c: Client): boolean {
  return c.server.since72;
}

/**
 * True when consumer groups' read counters follow Redis 7.2's rules (group-counters.ts). Valkey 8
 * counts as Redis 7.0 does: a group reading past a trimmed start keeps counting one by one.
 */
export function countersV72(c: Client): boolean {
  return isV72(c) && !c.server.isValkey8;
}

/** The command time in whole milliseconds (redis commandTimeSnapshot). */
export function nowMs(c: Client): number {
  return Math.floor(c.server.mstime);
}

/** redis streamCreateConsumer: a new consumer (counted as a change, with its event), or undefined if it exists. */
export function createConsumer(c: Client, key: string, g: ConsumerGroup, name: string): Consumer | undefined {
  const consumer = g.createConsumer(name, nowMs(c));
  if (!consumer) return undefined;
  c.server.dirty++;
  c.server.notifyKeyspaceEvent(NOTIFY.STREAM, 'xgroup-createconsumer', key, c.db.id);
  return consumer;
}

/** stream-node-max-bytes and stream-node-max-entries, read once per server and followed on CONFIG SET. */
export interface StreamLimits {
  nodeMaxBytes: number;
  nodeMaxEntries: number;
}

const LIMITS = new WeakMap<ValkeyServer, StreamLimits>();

export function streamLimits(server: ValkeyServer): StreamLimits {
  let limits = LIMITS.get(server);
  if (limits) return limits;
  const config = server.config;
  const l: StreamLimits = { nodeMaxBytes: config.num('stream-node-max-bytes'), nodeMaxEntries: config.num('stream-node-max-entries') };
  config.onChange('stream-node-max-bytes', (v) => { l.nodeMaxBytes = v as number; });
  config.onChange('stream-node-max-entries', (v) => { l.nodeMaxEntries = v as number; });
  LIMITS.set(server, l);
  return l;
}

/**
 * The LRU/LFU data that travels with a key in RDB files (IDLE and FREQ opcodes) and RESTORE
 * (IDLETIME, FREQ): what is saved under the current maxmemory-policy, and how a loaded value gets
 * it back (redis objectSetLRUOrLFU).
 */
import { estimateIdleTime, lfuDecrAndReturn, lfuTimeInMinutes, LRU_CLOCK_MAX, lruClock } from '../../keyspace/lru';
import type { StoredValue } from '../../keyspace/values';
import type { ValkeyServer } from '../../server/server';

/** True when the policy tracks frequency (LFU) rather than recency. */
export function lfuPolicy(server: ValkeyServer): boolean {
  return server.maxmemoryPolicy.endsWith('-lfu');
}

/** True when the policy evicts by recency (an IDLE opcode is saved for every key). */
export function lruPolicy(server: ValkeyServer): boolean {
  return server.maxmemoryPolicy.endsWith('-lru');
}

/** Seconds since the value was last accessed. */
export function idleSeconds(server: ValkeyServer, value: StoredValue): number {
  return Math.floor(estimateIdleTime(value.lru, server.mstime) / 1000);
}

/** The decayed LFU counter. */
export function frequency(server: ValkeyServer, value: StoredValue): number {
  return lfuDecrAndReturn(value.lru, server.mstime, server.config.num('lfu-decay-time'));
}

/**
 * objectSetLRUOrLFU: applies a loaded frequency (under an LFU policy) or idle time in seconds
 * (otherwise); -1 means not given. True when something was set.
 */
export function setAccessData(server: ValkeyServer, value: StoredValue, freq: number, idleSecs: number): boolean {
  if (lfuPolicy(server)) {
    if (freq < 0) return false;
    value.lru = (lfuTimeInMinutes(server.mstime) << 8) | freq;
    return true;
  }
  if (idleSecs < 0) return false;
  const clock = lruClock(server.mstime);
  let abs = clock - idleSecs;
  // A wrapped clock: half-way in the future, so the key is evicted as soon as possible.
  if (abs < 0) abs = (clock + Math.floor(LRU_CLOCK_MAX / 2)) % LRU_CLOCK_MAX;
  value.lru = abs;
  return true;
}

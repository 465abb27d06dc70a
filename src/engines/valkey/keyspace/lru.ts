/**
 * LRU clock and LFU counter arithmetic, bit-compatible with redis' evict.c: 24 bits per value,
 * LRU in seconds, LFU as (minutes since epoch mod 2^16) << 8 | logarithmic counter.
 */
export const LRU_CLOCK_MAX = (1 << 24) - 1;
export const LRU_CLOCK_RESOLUTION = 1000;
export const LFU_INIT_VAL = 5;

export function lruClock(nowMs: number): number {
  return Math.floor(nowMs / LRU_CLOCK_RESOLUTION) & LRU_CLOCK_MAX;
}

/** Milliseconds since the value's LRU clock (redis estimateObjectIdleTime). */
export function estimateIdleTime(lru: number, nowMs: number): number {
  const clock = lruClock(nowMs);
  if (clock >= lru) return (clock - lru) * LRU_CLOCK_RESOLUTION;
  return (clock + (LRU_CLOCK_MAX - lru)) * LRU_CLOCK_RESOLUTION;
}

export function lfuTimeInMinutes(nowMs: number): number {
  return Math.floor(nowMs / 1000 / 60) & 65535;
}

function lfuTimeElapsed(ldt: number, nowMs: number): number {
  const now = lfuTimeInMinutes(nowMs);
  if (now >= ldt) return now - ldt;
  return 65535 - ldt + now;
}

/** The counter after applying the decay for the minutes elapsed (redis LFUDecrAndReturn). */
export function lfuDecrAndReturn(lru: number, nowMs: number, decayTime: number): number {
  const ldt = lru >> 8;
  const counter = lru & 255;
  const periods = decayTime ? Math.floor(lfuTimeElapsed(ldt, nowMs) / decayTime) : 0;
  if (periods) return periods > counter ? 0 : counter - periods;
  return counter;
}

/** Logarithmic increment (redis LFULogIncr). */
export function lfuLogIncr(counter: number, logFactor: number): number {
  if (counter === 255) return 255;
  const r = Math.random();
  const baseval = Math.max(0, counter - LFU_INIT_VAL);
  const p = 1 / (baseval * logFactor + 1);
  return r < p ? counter + 1 : counter;
}

/** New LFU data after an access. */
export function lfuTouch(lru: number, nowMs: number, decayTime: number, logFactor: number): number {
  const counter = lfuLogIncr(lfuDecrAndReturn(lru, nowMs, decayTime), logFactor);
  return (lfuTimeInMinutes(nowMs) << 8) | counter;
}

export function lfuInitial(nowMs: number): number {
  return (lfuTimeInMinutes(nowMs) << 8) | LFU_INIT_VAL;
}

/**
 * Eviction under maxmemory (redis evict.c): LRU/LFU/TTL policies fill a 16-entry pool with the best
 * candidates among `maxmemory-samples` keys sampled per database and evict the best; random
 * policies evict random keys; volatile-* policies only consider keys with a TTL; noeviction
 * refuses writes with -OOM.
 */
import type { Db } from './db';
import { estimateIdleTime, lfuDecrAndReturn } from './lru';
import type { ValkeyServer } from '../server/server';

const EVPOOL_SIZE = 16;

interface PoolEntry {
  idle: number;
  key: string;
  db: Db;
}

export class Evictor {
  private pool: PoolEntry[] = [];
  private nextDb = 0;

  constructor(private readonly server: ValkeyServer) {}

  /** Frees memory until used memory fits maxmemory. Returns false when it cannot (OOM). */
  public perform(): boolean {
    const server = this.server;
    const maxmemory = server.maxmemory;
    if (maxmemory <= 0) return true;
    if (server.isPausedForWrites()) return true;
    let used = server.usedMemoryForEviction();
    if (used <= maxmemory) return true;
    const policy = server.maxmemoryPolicy;
    if (policy === 'noeviction') return false;
    // The cycle's time goes to the latency monitor's eviction-cycle, whether it freed enough or not.
    const started = server.latencyThreshold > 0 ? performance.now() : 0;
    const freed = this.evictUntil(maxmemory, used, policy);
    if (server.latencyThreshold > 0) server.latencySample('eviction-cycle', performance.now() - started);
    return freed;
  }

  private evictUntil(maxmemory: number, used: number, policy: string): boolean {
    const server = this.server;
    const volatile = policy.startsWith('volatile-');
    while (used > maxmemory) {
      const victim = policy.endsWith('-random') ? this.randomVictim(volatile) : this.poolVictim(policy, volatile);
      if (!victim) return false;
      server.evictKey(victim.db, victim.key);
      used = server.usedMemoryForEviction();
    }
    return true;
  }

  private score(policy: string, db: Db, key: string): number {
    const now = this.server.mstime;
    if (policy === 'volatile-ttl') return Number.MAX_SAFE_INTEGER - Number(db.expires.get(key) ?? 0);
    const value = db.dict.get(key);
    if (!value) return -1;
    if (policy.endsWith('-lfu')) return 255 - lfuDecrAndReturn(value.lru, now, this.server.config.num('lfu-decay-time'));
    return estimateIdleTime(value.lru, now);
  }

  private poolVictim(policy: string, volatile: boolean): PoolEntry | undefined {
    const samples = this.server.config.num('maxmemory-samples');
    for (let attempt = 0; attempt < 16; attempt++) {
      let candidates = 0;
      for (const db of this.server.dbs) {
        const size = volatile ? db.expires.size : db.dict.size;
        if (size === 0) continue;
        candidates += size;
        for (const key of db.sampleKeys(samples, volatile)) this.insert(policy, db, key);
      }
      if (candidates === 0) return undefined;
      // Best candidates sit at the end of the pool; skip ones deleted since they were sampled.
      while (this.pool.length > 0) {
        const best = this.pool.pop()!;
        if (volatile ? best.db.expires.has(best.key) : best.db.dict.has(best.key)) return best;
      }
    }
    return undefined;
  }

  private insert(policy: string, db: Db, key: string): void {
    const idle = this.score(policy, db, key);
    if (idle < 0) return;
    const pool = this.pool;
    if (pool.some((e) => e.db === db && e.key === key)) return;
    let i = 0;
    while (i < pool.length && pool[i].idle < idle) i++;
    if (pool.length >= EVPOOL_SIZE) {
      if (i === 0) return;
      pool.shift();
      i--;
    }
    pool.splice(i, 0, { idle, key, db });
  }

  private randomVictim(volatile: boolean): PoolEntry | undefined {
    const dbs = this.server.dbs;
    for (let i = 0; i < dbs.length; i++) {
      const db = dbs[this.nextDb++ % dbs.length];
      const [key] = db.sampleKeys(1, volatile);
      if (key !== undefined) return { idle: 0, key, db };
    }
    return undefined;
  }

  /** Drops pool entries (after FLUSHALL / SWAPDB). */
  public clear(): void {
    this.pool = [];
  }
}

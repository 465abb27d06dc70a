/**
 * Active expiry (redis activeExpireCycle, slow cycle): on every cron tick each database's expires
 * dictionary is scanned from where the previous tick stopped, 20 keys per round (more with
 * active-expire-effort); expired keys are deleted; a database is scanned again while more than
 * 10% (less with effort) of the sampled keys were expired, within 25% of the tick's time.
 */
import { performance } from 'perf_hooks';
import type { ValkeyServer } from '../server/server';

const KEYS_PER_LOOP = 20;
const ACCEPTABLE_STALE = 10;
const SLOW_TIME_PERC = 25;
/** Databases visited per cycle (redis CRON_DBS_PER_CALL). */
const DBS_PER_CALL = 16;

export class ActiveExpireCycle {
  private nextDb = 0;

  constructor(private readonly server: ValkeyServer) {}

  public run(): void {
    const server = this.server;
    if (server.keepExpiredKeys()) return;
    const effort = server.config.num('active-expire-effort') - 1;
    const keysPerLoop = KEYS_PER_LOOP + (KEYS_PER_LOOP / 4) * effort;
    const acceptableStale = ACCEPTABLE_STALE - effort;
    const timeLimitMs = (SLOW_TIME_PERC * 1000) / server.hz / 100;
    const start = performance.now();
    const dbs = server.dbs;
    const count = Math.min(DBS_PER_CALL, dbs.length);
    let totalSampled = 0;
    let totalExpired = 0;
    let timedOut = false;
    for (let j = 0; j < count && !timedOut; j++) {
      const db = dbs[this.nextDb % dbs.length];
      this.nextDb++;
      let repeat: boolean;
      do {
        const size = db.expires.size;
        if (size === 0) {
          db.avgTtl = 0;
          break;
        }
        server.updateTime();
        const now = server.mstime;
        const num = Math.min(size, keysPerLoop);
        let sampled = 0;
        let expired = 0;
        let ttlSum = 0;
        let ttlSamples = 0;
        let wrapped = false;
        while (sampled < num) {
          if (!db.expireCursor) db.expireCursor = db.expires.entries();
          const next = db.expireCursor.next();
          if (next.done) {
            db.expireCursor = undefined;
            if (wrapped) break;
            wrapped = true;
            continue;
          }
          const [key, when] = next.value;
          sampled++;
          if (now > when) {
            server.expireKeyNow(db, key);
            expired++;
          } else {
            ttlSum += Number(when) - now;
            ttlSamples++;
          }
        }
        totalSampled += sampled;
        totalExpired += expired;
        if (ttlSamples > 0) {
          const avg = ttlSum / ttlSamples;
          db.avgTtl = db.avgTtl === 0 ? avg : (db.avgTtl / 50) * 49 + avg / 50;
        }
        if (performance.now() - start > timeLimitMs) {
          timedOut = true;
          server.stats.expiredTimeCapReachedCount++;
          break;
        }
        repeat = sampled > 0 && (expired * 100) / sampled > acceptableStale;
      } while (repeat);
    }
    const elapsed = performance.now() - start;
    server.stats.expireCycleCpuMilliseconds += elapsed;
    const currentPerc = totalSampled ? totalExpired / totalSampled : 0;
    server.stats.expiredStalePerc = currentPerc * 0.05 + server.stats.expiredStalePerc * 0.95;
  }
}

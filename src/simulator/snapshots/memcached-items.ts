/**
 * Serverless Memcached snapshots: every live item of every internal engine — key, client flags,
 * absolute expiry (Unix seconds, 0 for none) and value — as `items.json`; a restore stores them
 * back (on the engine that owns each key), with the time left to live they had.
 */
import type { MemcachedServer } from '../../engines/memcached';
import { StoreCommand } from '../../engines/memcached/items';
import type { RunningCache } from '../runtime';

interface SnapshotItem {
  /** Key bytes, base64. */
  readonly k: string;
  readonly flags: number;
  /** Unix seconds; 0: no expiry. */
  readonly exp: number;
  /** Value bytes, base64. */
  readonly v: string;
}

interface EngineHost {
  engineServers(): readonly MemcachedServer[];
  shardOf(key: string): number;
}

function hostOf(running: RunningCache): EngineHost {
  const host = running as unknown as Partial<EngineHost>;
  if (typeof host.engineServers !== 'function' || typeof host.shardOf !== 'function') throw new Error(`${running.id} has no Memcached engines to snapshot`);
  return host as EngineHost;
}

export function memcachedItemsOf(running: RunningCache): Buffer {
  const items: SnapshotItem[] = [];
  for (const server of hostOf(running).engineServers()) {
    const store = server.engine.store;
    const clock = server.engine.clock;
    store.hash.forEach((ref) => {
      if (store.isFlushed(ref)) return;
      const exptime = store.exptime(ref);
      if (exptime !== 0 && exptime <= clock.current) return;
      const [keyBytes, offset] = store.keyView(ref);
      items.push({
        k: Buffer.from(keyBytes.subarray(offset, offset + store.nkey(ref))).toString('base64'),
        flags: store.clientFlags(ref),
        exp: exptime === 0 ? 0 : clock.processStarted + exptime,
        v: store.valueBuffer(ref).toString('base64'),
      });
    });
  }
  return Buffer.from(JSON.stringify({ format: 'memcached-items', version: 1, items }));
}

export async function loadMemcachedItems(running: RunningCache, file: Buffer): Promise<void> {
  const host = hostOf(running);
  const parsed = JSON.parse(file.toString('utf8')) as { format?: string; items?: SnapshotItem[] };
  if (parsed.format !== 'memcached-items' || !Array.isArray(parsed.items)) throw new Error('not a Memcached items snapshot');
  const engines = host.engineServers();
  const now = Math.floor(Date.now() / 1000);
  for (const item of parsed.items) {
    if (item.exp !== 0 && item.exp <= now) continue;
    const key = Buffer.from(item.k, 'base64');
    const value = Buffer.concat([Buffer.from(item.v, 'base64'), Buffer.from('\r\n')]);
    const server = engines[host.shardOf(key.toString('latin1'))];
    const store = server.engine.store;
    const ref = store.alloc(key, 0, key.length, item.flags, item.exp === 0 ? 0 : server.engine.clock.realtime(item.exp), value.length);
    if (ref === 0) continue;
    store.writeValue(ref, 0, value, 0, value.length);
    store.store(ref, StoreCommand.SET);
  }
}

/**
 * A running cache's data as RDB files, one per shard, and back. A snapshot is taken from the most
 * up-to-date replica of each shard (the primary when a shard has none running), as the service
 * does; a restore loads every file and places each key on the shard that owns its slot, so a
 * snapshot restores into any number of shards; replicas then resynchronize from their primaries.
 */
import { ValkeyServer } from '../../engines/valkey';
import { keyHashSlot } from '../../engines/valkey/cluster';
import { loadRdb, writeRdb } from '../../engines/valkey/persistence/rdb/rdb-file';
import type { CacheModel, SlotRange } from '../model';
import type { RunningCache } from '../runtime';
import type { ValkeyNode } from '../runtime/valkey/node';
import type { Shard } from '../runtime/valkey/shard';

/** One shard's data in a snapshot. */
export interface ShardCapture {
  readonly shardId: string;
  /** Member cache cluster the data was read from. */
  readonly sourceClusterId: string;
  readonly keys: number;
  readonly rdb: Buffer;
}

/** The shards of a running Valkey / Redis OSS cache (node-based or serverless), if it has any. */
export function shardsOf(running: RunningCache): readonly Shard[] | undefined {
  const withList = running as unknown as { shardList?: readonly Shard[] };
  if (withList.shardList) return withList.shardList;
  const serverless = running as unknown as { shards?: { shards?: readonly Shard[] } };
  return serverless.shards?.shards;
}

function snapshotSource(shard: Shard, preferred?: string): ValkeyNode | undefined {
  if (preferred !== undefined) {
    const chosen = shard.nodes.find((n) => n.name === preferred && n.running);
    if (chosen) return chosen;
  }
  const replicas = shard.replicas.filter((r) => r.running && shard.isLinked(r)).sort((a, b) => shard.offsetOf(b) - shard.offsetOf(a));
  return replicas[0] ?? (shard.primary.running ? shard.primary : undefined);
}

/** Reads every shard's data; throws when a shard has no running node to read from. */
export function captureShards(running: RunningCache, snapshottingClusterId?: string): ShardCapture[] {
  const shards = shardsOf(running);
  if (!shards) throw new Error(`${running.id} keeps no Valkey / Redis OSS data`);
  return shards.map((shard) => {
    // Replicas apply their primary's stream at the end of the turn that wrote; a planned snapshot waits for it.
    const node = snapshotSource(shard, snapshottingClusterId);
    if (!node?.server) throw new Error(`node group ${shard.shardId} of ${running.id} has no running node to snapshot`);
    let keys = 0;
    for (const db of node.server.dbs) keys += db.size;
    return { shardId: shard.shardId, sourceClusterId: node.name, keys, rdb: writeRdb(node.server) };
  });
}

/** Slot ranges of a node-based cache's shards, by node group id (cluster mode enabled only). */
function slotOwners(model: CacheModel): Map<string, readonly SlotRange[]> | undefined {
  if (model.kind !== 'replication-group' || model.clusterMode === 'disabled') return undefined;
  return new Map(model.shards.map((s) => [s.shardId, s.slots]));
}

/** The shard that owns a key's slot: the model's ranges, or a serverless cache's own placement. */
function ownerFinder(running: RunningCache, shards: readonly Shard[]): ((key: string) => Shard) | undefined {
  if (shards.length === 1) return undefined;
  const ranges = slotOwners(running.model);
  if (ranges) {
    const bySlot = new Array<Shard>(16384);
    for (const shard of shards) for (const r of ranges.get(shard.shardId) ?? []) bySlot.fill(shard, r.start, r.end + 1);
    return (key) => bySlot[keyHashSlot(key)];
  }
  const serverless = running as unknown as { shards?: { shardOfSlot?: (slot: number) => number } };
  const shardOfSlot = serverless.shards?.shardOfSlot?.bind(serverless.shards);
  if (!shardOfSlot) throw new Error(`${running.id}: cannot tell which shard owns a slot`);
  return (key) => shards[shardOfSlot(keyHashSlot(key))];
}

/**
 * Replaces a running cache's data with the keys of the RDB files (one per source shard, or a file
 * from a real redis-server). Throws an RdbLoadError for a file that cannot be loaded, before
 * anything changes.
 */
export function restoreShards(running: RunningCache, files: readonly Buffer[]): { keys: number } {
  const shards = shardsOf(running);
  if (!shards) throw new Error(`${running.id} keeps no Valkey / Redis OSS data`);
  for (const shard of shards) if (!shard.primary.server) throw new Error(`the primary of node group ${shard.shardId} of ${running.id} is not running`);
  const owner = ownerFinder(running, shards);
  // Every file is parsed into a scratch engine first: a corrupt file changes nothing.
  const first = shards[0].primary.server!;
  const scratch = new ValkeyServer({ port: 0, version: first.version, config: { databases: String(first.dbs.length) } });
  for (const file of files) loadRdb(scratch, file, { flush: false, allowDuplicates: true, keepExpired: false });
  let keys = 0;
  for (const shard of shards) {
    const server = shard.primary.server!;
    for (const db of server.dbs) db.flush();
  }
  for (const db of scratch.dbs) {
    for (const [key, value] of db.dict) {
      const target = owner ? owner(key) : shards[0];
      const targetDb = target.primary.server!.dbs[db.id];
      if (!targetDb) continue;
      targetDb.add(key, value);
      const expireAt = db.expires.get(key);
      if (expireAt !== undefined) targetDb.setExpire(key, expireAt);
      keys++;
    }
  }
  for (const shard of shards) shard.resyncReplicas();
  return { keys };
}

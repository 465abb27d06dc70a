/**
 * An engine upgrade of running Valkey / Redis OSS shards that keeps the data, as the service's
 * upgrade is designed to: the replicas restart on the new engine first and fully resynchronize
 * from the primary; then the primary's data is read, its engine restarts on the new version (no
 * failover), the data is loaded back and the replicas resynchronize once more. Connections to a
 * restarted node are closed, as a node restart closes them. The nodes must already carry the new
 * cache model (`reconfigure`), since a node's engine starts from it.
 */
import type { Shard } from './shard';
import { loadRdb, writeRdb } from '../../../engines/valkey/persistence/rdb/rdb-file';

export async function restartShardsKeepingData(shards: readonly Shard[]): Promise<void> {
  for (const shard of shards) {
    for (const replica of shard.replicas) if (replica.running) await shard.rebootNode(replica);
    const primary = shard.primary;
    // A stopped primary has no data to keep: it starts on the new engine when it comes back.
    if (!primary.server) continue;
    // Read and restart without yielding in between, so no write lands after the copy is taken.
    const data = writeRdb(primary.server);
    await shard.rebootNode(primary);
    // A write that reached the new engine before the copy is loaded is kept unless the copy has the key.
    loadRdb(primary.server!, data, { flush: false, allowDuplicates: true, keepExpired: false });
    shard.resyncReplicas();
  }
}

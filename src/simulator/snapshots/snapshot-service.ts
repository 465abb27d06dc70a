/**
 * Snapshots of the simulated caches: manual and automatic (daily, in the backup window, pruned
 * after the retention limit), final snapshots on delete, copies, exports to a bucket, and restores
 * into new caches from a snapshot name, from RDB files in a bucket (`SnapshotArns`), or from a
 * serverless snapshot. Records and data live in the blob store (the state directory or memory).
 */
import { RdbLoadError } from '../../engines/valkey/persistence/rdb/rdb-file';
import type { SimulatorClock } from '../clock';
import type { BlobStore } from './blob-store';
import { captureShards, restoreShards, ShardCapture, shardsOf } from './datasets';
import { loadMemcachedItems, memcachedItemsOf } from './memcached-items';
import type { NodeSnapshotInfo, ServerlessSnapshotRecord, SnapshotCacheInfo, SnapshotRecord } from './records';
import { ApiError } from '../control-plane/http/errors';
import type { CacheRecord } from '../control-plane/store/records';
import type { ResourceStore } from '../control-plane/store/resource-store';
import type { BackgroundTasks } from '../lifecycle/tasks';
import type { LifecycleTimings } from '../lifecycle/timings';
import { beginSaves } from '../metrics/save-tracker';
import type { CacheModel, ReplicationGroupModel, ServerlessCacheModel, SingleNodeClusterModel } from '../model';
import { elastiCacheArn, environmentOf } from '../naming/arns';
import { cacheIdOf, RunningCache, Simulation } from '../runtime';

/** Where a new cache's data comes from. */
export interface RestoreSource {
  /** A node-based snapshot by name. */
  readonly snapshotName?: string;
  /** RDB files in buckets (`arn:aws:s3:::bucket/key.rdb`) or snapshot ARNs. */
  readonly snapshotArns?: readonly string[];
  /** A serverless snapshot by name. */
  readonly serverlessSnapshotName?: string;
}

export interface SnapshotServiceDeps {
  readonly store: ResourceStore;
  readonly simulation: Simulation;
  readonly clock: SimulatorClock;
  readonly timings: LifecycleTimings;
  readonly tasks: BackgroundTasks;
  readonly blobs: BlobStore;
}

const NODE_PREFIX = 'snapshots';
const SERVERLESS_PREFIX = 'serverless-snapshots';

function snapshotNotFound(name: string): ApiError {
  return new ApiError('SnapshotNotFoundFault', `Snapshot ${name} not found.`);
}

function serverlessSnapshotNotFound(name: string): ApiError {
  return new ApiError('ServerlessCacheSnapshotNotFoundFault', `Serverless cache snapshot ${name} not found.`);
}

/** `arn:aws:s3:::bucket/key` → bucket and key. */
export function parseS3Arn(arn: string): { bucket: string; key: string } | undefined {
  const match = /^arn:[a-z-]+:s3:::([^/]+)\/(.+)$/.exec(arn);
  return match ? { bucket: match[1], key: match[2] } : undefined;
}

export class SnapshotService {
  private readonly nodeSnapshots: SnapshotRecord[] = [];
  private readonly serverlessSnapshots: ServerlessSnapshotRecord[] = [];

  constructor(private readonly deps: SnapshotServiceDeps) {
    for (const key of deps.blobs.list(`${NODE_PREFIX}/`).filter((k) => k.endsWith('/manifest.json'))) {
      const record = JSON.parse(deps.blobs.get(key)!.toString('utf8')) as SnapshotRecord;
      if (record.status !== 'deleting') this.nodeSnapshots.push({ ...record, status: 'available' });
    }
    for (const key of deps.blobs.list(`${SERVERLESS_PREFIX}/`).filter((k) => k.endsWith('/manifest.json'))) {
      const record = JSON.parse(deps.blobs.get(key)!.toString('utf8')) as ServerlessSnapshotRecord;
      if (record.status !== 'deleting') this.serverlessSnapshots.push({ ...record, status: 'available' });
    }
  }

  // ---- node-based snapshots ----------------------------------------------------------------------

  public snapshots(region: string): SnapshotRecord[] {
    return this.nodeSnapshots.filter((s) => s.region === region).sort(byCreation);
  }

  public find(name: string, region: string): SnapshotRecord | undefined {
    return this.nodeSnapshots.find((s) => s.name === name.toLowerCase() && s.region === region);
  }

  public require(name: string, region: string): SnapshotRecord {
    return this.find(name, region) ?? (() => { throw snapshotNotFound(name); })();
  }

  private dir(snapshot: { region: string; name: string }, prefix = NODE_PREFIX): string {
    return `${prefix}/${snapshot.region}/${snapshot.name}/`;
  }

  private persist(snapshot: SnapshotRecord): void {
    this.deps.blobs.put(`${this.dir(snapshot)}manifest.json`, Buffer.from(JSON.stringify(snapshot, null, 2)));
  }

  private cacheInfo(record: CacheRecord): SnapshotCacheInfo {
    const model = record.model as ReplicationGroupModel | SingleNodeClusterModel;
    const common = {
      engine: model.engine,
      engineVersion: model.engineVersion,
      nodeType: model.nodeType,
      port: model.port,
      parameterGroupName: model.parameterGroupName,
      subnetGroupName: model.subnetGroupName,
      snapshotRetentionLimit: model.snapshotRetentionLimit,
      snapshotWindow: model.snapshotWindow,
      preferredMaintenanceWindow: model.preferredMaintenanceWindow,
      cacheCreateTime: record.createdAt.toISOString(),
      kmsKeyId: model.kmsKeyId,
    };
    if (model.kind === 'single-node-cluster') {
      return {
        ...common,
        kind: model.kind,
        cacheClusterId: model.cacheClusterId,
        numCacheNodes: 1,
        automaticFailover: false,
        clusterEnabled: false,
        dataTiering: false,
        availabilityZone: model.node.availabilityZone,
      };
    }
    return {
      ...common,
      kind: model.kind,
      replicationGroupId: model.replicationGroupId,
      description: model.description,
      numCacheNodes: model.shards.reduce((n, s) => n + 1 + s.replicas.length, 0),
      automaticFailover: model.automaticFailover,
      clusterEnabled: model.clusterMode !== 'disabled',
      dataTiering: model.dataTiering,
    };
  }

  private nodeInfos(record: CacheRecord, captures: ShardCapture[], at: Date): NodeSnapshotInfo[] {
    const model = record.model as ReplicationGroupModel | SingleNodeClusterModel;
    return captures.map((capture) => {
      const shard = model.kind === 'replication-group' ? model.shards.find((s) => s.shardId === capture.shardId) : undefined;
      const slots = shard && model.kind === 'replication-group' && model.clusterMode !== 'disabled'
        ? shard.slots.map((r) => (r.start === r.end ? `${r.start}` : `${r.start}-${r.end}`)).join(',') : undefined;
      return {
        cacheClusterId: capture.sourceClusterId,
        nodeGroupId: capture.shardId,
        cacheNodeId: '0001',
        slots,
        replicaCount: shard?.replicas.length ?? 0,
        primaryAvailabilityZone: shard?.primary.availabilityZone ?? (model.kind === 'single-node-cluster' ? model.node.availabilityZone : undefined),
        bytes: capture.rdb.length,
        keys: capture.keys,
        nodeCreateTime: record.createdAt.toISOString(),
        snapshotCreateTime: at.toISOString(),
        file: `${capture.shardId}.rdb`,
      };
    });
  }

  private writeFiles(snapshot: SnapshotRecord, captures: readonly ShardCapture[]): void {
    for (const capture of captures) this.deps.blobs.put(`${this.dir(snapshot)}${capture.shardId}.rdb`, capture.rdb);
  }

  /** The RDB files of a snapshot, node group by node group. */
  public files(snapshot: SnapshotRecord): Buffer[] {
    return snapshot.nodes.map((n) => {
      const data = this.deps.blobs.get(`${this.dir(snapshot)}${n.file}`);
      if (!data) throw new ApiError('InvalidSnapshotState', `Snapshot ${snapshot.name} has lost its data file ${n.file}.`);
      return data;
    });
  }

  private snapshotEvent(record: CacheRecord, name: string): void {
    const model = record.model;
    const id = cacheIdOf(model);
    const sourceType = model.kind === 'replication-group' ? 'replication-group' : 'cache-cluster';
    const what = model.kind === 'replication-group' ? 'replication group' : 'cache cluster';
    this.deps.simulation.events.record(id, sourceType, `Snapshot succeeded for snapshot with ID '${name}' of ${what} with ID '${id}'`);
  }

  private newSnapshot(record: CacheRecord, name: string, source: 'manual' | 'automated', captures: ShardCapture[], at: Date): SnapshotRecord {
    const region = record.model.origin.region;
    return {
      name,
      region,
      arn: elastiCacheArn(environmentOf(record.model.origin.account, region), 'snapshot', name),
      status: 'creating',
      source,
      createdAt: at.toISOString(),
      cache: this.cacheInfo(record),
      nodes: this.nodeInfos(record, captures, at),
    };
  }

  /**
   * Takes a snapshot: the data is read now (a point in time), the cache shows `snapshotting` and
   * the snapshot `creating` for the configured time, then both are `available`.
   */
  public take(record: CacheRecord, running: RunningCache, name: string, source: 'manual' | 'automated', memberClusterId?: string): SnapshotRecord {
    const at = this.deps.clock.now();
    const captures = captureShards(running, memberClusterId ?? record.snapshottingClusterId);
    const snapshot = this.newSnapshot(record, name, source, captures, at);
    this.nodeSnapshots.push(snapshot);
    this.writeFiles(snapshot, captures);
    this.persist(snapshot);
    record.status = 'snapshotting';
    // The nodes read are saving (SaveInProgress) while the cache is `snapshotting`.
    const endSaves = beginSaves(running, captures.map((c) => c.sourceClusterId));
    void this.deps.tasks.start(`snapshot ${name}`, async () => {
      try {
        await this.deps.tasks.sleep(this.deps.timings.snapshotMs);
      } finally {
        endSaves();
      }
      if (record.status === 'snapshotting') record.status = 'available';
      if (!this.nodeSnapshots.includes(snapshot)) return;
      snapshot.status = 'available';
      this.persist(snapshot);
      this.snapshotEvent(record, name);
    });
    return snapshot;
  }

  /** A final snapshot, taken while a cache is being deleted (available at once). */
  public async takeFinal(record: CacheRecord, running: RunningCache, name: string): Promise<void> {
    if (record.model.kind === 'serverless') {
      await this.takeServerlessNow(record, running, name, 'manual');
      return;
    }
    const captures = captureShards(running, record.snapshottingClusterId);
    const snapshot = this.newSnapshot(record, name, 'manual', captures, this.deps.clock.now());
    snapshot.status = 'available';
    this.nodeSnapshots.push(snapshot);
    this.writeFiles(snapshot, captures);
    this.persist(snapshot);
    this.snapshotEvent(record, name);
  }

  /** A manual copy of a snapshot (automatic ones are copied to keep them past retention). */
  public copy(source: SnapshotRecord, targetName: string): SnapshotRecord {
    const files = this.files(source);
    const copy: SnapshotRecord = {
      ...source,
      name: targetName,
      arn: source.arn.replace(/snapshot:[^:]+$/, `snapshot:${targetName}`),
      status: 'creating',
      source: 'manual',
      createdAt: this.deps.clock.now().toISOString(),
      nodes: source.nodes.map((n) => ({ ...n })),
    };
    this.nodeSnapshots.push(copy);
    source.nodes.forEach((n, i) => this.deps.blobs.put(`${this.dir(copy)}${n.file}`, files[i]));
    this.persist(copy);
    this.afterPause(copy, 'copy');
    return copy;
  }

  /**
   * Export to a bucket: the RDB files as `<target>-<node group>.rdb` objects (a real redis-server
   * loads them as they are). The snapshot shows `exporting` meanwhile.
   */
  public exportToBucket(source: SnapshotRecord, bucket: string, targetName: string): void {
    const files = this.files(source);
    source.nodes.forEach((n, i) => this.putObject(bucket, `${targetName}-${n.nodeGroupId}.rdb`, files[i]));
    source.status = 'exporting';
    this.afterPause(source, 'export');
  }

  private afterPause(snapshot: SnapshotRecord, what: string): void {
    void this.deps.tasks.start(`${what} of snapshot ${snapshot.name}`, async () => {
      await this.deps.tasks.sleep(this.deps.timings.snapshotMs);
      if (!this.nodeSnapshots.includes(snapshot)) return;
      snapshot.status = 'available';
      this.persist(snapshot);
    });
  }

  public remove(snapshot: SnapshotRecord): void {
    snapshot.status = 'deleting';
    void this.deps.tasks.start(`deleting snapshot ${snapshot.name}`, async () => {
      await this.deps.tasks.sleep(this.deps.timings.deleteMs);
      this.forget(snapshot);
    });
  }

  private forget(snapshot: SnapshotRecord): void {
    const index = this.nodeSnapshots.indexOf(snapshot);
    if (index >= 0) this.nodeSnapshots.splice(index, 1);
    this.deps.blobs.remove(this.dir(snapshot));
    this.deps.store.tags.delete(snapshot.arn);
  }

  /** Automatic snapshots of a cache older than its retention limit go (0: none are kept). */
  public pruneAutomatic(record: CacheRecord): void {
    const id = cacheIdOf(record.model);
    const retentionDays = 'snapshotRetentionLimit' in record.model ? record.model.snapshotRetentionLimit : 0;
    const cutoff = this.deps.clock.nowMs() - retentionDays * 86_400_000;
    for (const snapshot of [...this.nodeSnapshots]) {
      const owner = snapshot.cache.replicationGroupId ?? snapshot.cache.cacheClusterId;
      if (snapshot.source === 'automated' && owner === id && snapshot.region === record.model.origin.region && Date.parse(snapshot.createdAt) <= cutoff) {
        this.forget(snapshot);
      }
    }
    for (const snapshot of [...this.serverlessSnapshots]) {
      if (snapshot.type === 'automated' && snapshot.cacheName === id && snapshot.expiryTime !== undefined && Date.parse(snapshot.expiryTime) <= this.deps.clock.nowMs()) {
        this.forgetServerless(snapshot);
      }
    }
  }

  /** A deleted cache's automatic snapshots are deleted with it; manual ones stay. */
  public dropAutomatic(record: CacheRecord): void {
    const id = cacheIdOf(record.model);
    for (const snapshot of [...this.nodeSnapshots]) {
      const owner = snapshot.cache.replicationGroupId ?? snapshot.cache.cacheClusterId;
      if (snapshot.source === 'automated' && owner === id && snapshot.region === record.model.origin.region) this.forget(snapshot);
    }
    for (const snapshot of [...this.serverlessSnapshots]) {
      if (snapshot.type === 'automated' && snapshot.cacheName === id && snapshot.region === record.model.origin.region) this.forgetServerless(snapshot);
    }
  }

  // ---- buckets -----------------------------------------------------------------------------------

  public putObject(bucket: string, key: string, data: Buffer): void {
    this.deps.blobs.put(`buckets/${bucket}/${key}`, data);
  }

  public getObject(bucket: string, key: string): Buffer | undefined {
    return this.deps.blobs.get(`buckets/${bucket}/${key}`);
  }

  /** The file of a bucket object when buckets are directories (a state directory is used). */
  public objectFile(bucket: string, key: string): string | undefined {
    return this.deps.blobs.fileOf(`buckets/${bucket}/${key}`);
  }

  // ---- restore -----------------------------------------------------------------------------------

  /** The files a restore source names, checked (throws the service's errors). */
  public sourceFiles(source: RestoreSource, region: string): Buffer[] {
    if (source.snapshotName !== undefined) {
      const snapshot = this.require(source.snapshotName, region);
      if (snapshot.status !== 'available') throw new ApiError('InvalidSnapshotState', `Snapshot ${snapshot.name} is not available (status: ${snapshot.status}).`);
      return this.files(snapshot);
    }
    if (source.serverlessSnapshotName !== undefined) {
      const snapshot = this.requireServerless(source.serverlessSnapshotName, region);
      if (snapshot.format !== 'rdb') throw new ApiError('InvalidParameterCombination', `Serverless cache snapshot ${snapshot.name} holds Memcached data.`);
      return this.serverlessFiles(snapshot);
    }
    return (source.snapshotArns ?? []).flatMap((arn) => {
      const s3 = parseS3Arn(arn);
      if (s3) {
        const data = this.getObject(s3.bucket, s3.key);
        if (!data) throw new ApiError('InvalidParameterValue', `No object ${s3.key} in bucket ${s3.bucket} (SnapshotArns ${arn}).`);
        return [data];
      }
      const serverless = /:serverlesscachesnapshot:([^:]+)$/.exec(arn);
      if (serverless) return this.sourceFiles({ serverlessSnapshotName: serverless[1] }, region);
      const node = /:snapshot:([^:]+)$/.exec(arn);
      if (node) return this.sourceFiles({ snapshotName: node[1] }, region);
      throw new ApiError('InvalidParameterValue', `Invalid snapshot ARN ${arn}: use arn:aws:s3:::bucket/key.rdb or a snapshot's ARN.`);
    });
  }

  /** Checks a restore source fits a new cache of this engine (throws the service's errors). */
  public checkSource(source: RestoreSource, region: string, engine: string): void {
    if (engine !== 'memcached') {
      this.sourceFiles(source, region);
      return;
    }
    this.memcachedSource(source, region);
  }

  /** The serverless Memcached snapshot a Memcached cache restores from. */
  private memcachedSource(source: RestoreSource, region: string): ServerlessSnapshotRecord {
    const arn = source.snapshotArns?.[0];
    const name = source.serverlessSnapshotName ?? (arn ? /:serverlesscachesnapshot:([^:]+)$/.exec(arn)?.[1] : undefined);
    if (name === undefined) throw new ApiError('InvalidParameterValue', 'A Memcached cache restores from a serverless Memcached snapshot only.');
    const snapshot = this.requireServerless(name, region);
    if (snapshot.format !== 'memcached') throw new ApiError('InvalidParameterCombination', `Serverless cache snapshot ${name} holds Valkey / Redis OSS data.`);
    return snapshot;
  }

  /** Loads a new cache's data from its source (before it turns available). */
  public async restore(record: CacheRecord, running: RunningCache, source: RestoreSource): Promise<void> {
    const region = record.model.origin.region;
    if (record.model.engine === 'memcached') {
      await this.restoreMemcached(running, source, region);
      return;
    }
    const files = this.sourceFiles(source, region);
    try {
      const { keys } = restoreShards(running, files);
      const id = cacheIdOf(record.model);
      const what = source.snapshotName ?? source.serverlessSnapshotName ?? (source.snapshotArns ?? []).join(', ');
      this.deps.simulation.events.record(id, eventSourceOf(record.model), `Restored ${keys} keys from ${what}`);
    } catch (err) {
      if (err instanceof RdbLoadError) {
        record.status = 'restore-failed';
        throw new Error(`restoring ${cacheIdOf(record.model)}: ${err.message}`);
      }
      throw err;
    }
  }

  // ---- serverless snapshots ----------------------------------------------------------------------

  public serverlessSnapshotsIn(region: string): ServerlessSnapshotRecord[] {
    return this.serverlessSnapshots.filter((s) => s.region === region).sort(byCreation);
  }

  public findServerless(name: string, region: string): ServerlessSnapshotRecord | undefined {
    return this.serverlessSnapshots.find((s) => s.name === name.toLowerCase() && s.region === region);
  }

  public requireServerless(name: string, region: string): ServerlessSnapshotRecord {
    return this.findServerless(name, region) ?? (() => { throw serverlessSnapshotNotFound(name); })();
  }

  private persistServerless(snapshot: ServerlessSnapshotRecord): void {
    this.deps.blobs.put(`${this.dir(snapshot, SERVERLESS_PREFIX)}manifest.json`, Buffer.from(JSON.stringify(snapshot, null, 2)));
  }

  public serverlessFiles(snapshot: ServerlessSnapshotRecord): Buffer[] {
    return snapshot.files.map((file) => {
      const data = this.deps.blobs.get(`${this.dir(snapshot, SERVERLESS_PREFIX)}${file}`);
      if (!data) throw new ApiError('InvalidServerlessCacheSnapshotStateFault', `Serverless cache snapshot ${snapshot.name} has lost its data file ${file}.`);
      return data;
    });
  }

  /** Manual snapshots of a serverless cache in the last 24 hours (at most 24 are allowed). */
  public manualServerlessSnapshotsSince(cacheName: string, region: string, sinceMs: number): number {
    return this.serverlessSnapshots.filter((s) => s.cacheName === cacheName && s.region === region && s.type === 'manual' && Date.parse(s.createdAt) > sinceMs).length;
  }

  private capture(running: RunningCache): { format: 'rdb' | 'memcached'; files: { name: string; data: Buffer }[] } {
    if (running.model.engine === 'memcached') return { format: 'memcached', files: [{ name: 'items.json', data: memcachedItemsOf(running) }] };
    return { format: 'rdb', files: captureShards(running).map((c) => ({ name: `${c.shardId}.rdb`, data: c.rdb })) };
  }

  private newServerlessSnapshot(record: CacheRecord, running: RunningCache, name: string, type: 'manual' | 'automated'): ServerlessSnapshotRecord {
    const model = record.model as ServerlessCacheModel;
    const at = this.deps.clock.now();
    const { format, files } = this.capture(running);
    const region = model.origin.region;
    const retention = model.snapshotRetentionLimit;
    const snapshot: ServerlessSnapshotRecord = {
      name,
      region,
      arn: elastiCacheArn(environmentOf(model.origin.account, region), 'serverlesscachesnapshot', name),
      status: 'creating',
      type,
      createdAt: at.toISOString(),
      expiryTime: type === 'automated' && retention > 0 ? new Date(at.getTime() + retention * 86_400_000).toISOString() : undefined,
      bytesUsedForCache: files.reduce((n, f) => n + f.data.length, 0),
      cacheName: model.serverlessCacheName,
      engine: model.engine,
      majorEngineVersion: model.majorEngineVersion,
      kmsKeyId: model.kmsKeyId,
      format,
      files: files.map((f) => f.name),
    };
    for (const f of files) this.deps.blobs.put(`${this.dir(snapshot, SERVERLESS_PREFIX)}${f.name}`, f.data);
    this.serverlessSnapshots.push(snapshot);
    this.persistServerless(snapshot);
    return snapshot;
  }

  /** A serverless snapshot: the cache is `snapshotting` (other operations wait) until it is available. */
  public takeServerless(record: CacheRecord, running: RunningCache, name: string, type: 'manual' | 'automated'): ServerlessSnapshotRecord {
    const snapshot = this.newServerlessSnapshot(record, running, name, type);
    record.status = 'snapshotting';
    void this.deps.tasks.start(`serverless snapshot ${name}`, async () => {
      await this.deps.tasks.sleep(this.deps.timings.snapshotMs);
      if (record.status === 'snapshotting') record.status = 'available';
      if (!this.serverlessSnapshots.includes(snapshot)) return;
      snapshot.status = 'available';
      this.persistServerless(snapshot);
      this.deps.simulation.events.record(name, 'serverless-cache-snapshot', `Snapshot ${name} of serverless cache ${snapshot.cacheName} created`);
    });
    return snapshot;
  }

  private async takeServerlessNow(record: CacheRecord, running: RunningCache, name: string, type: 'manual' | 'automated'): Promise<void> {
    const snapshot = this.newServerlessSnapshot(record, running, name, type);
    snapshot.status = 'available';
    this.persistServerless(snapshot);
    this.deps.simulation.events.record(name, 'serverless-cache-snapshot', `Snapshot ${name} of serverless cache ${snapshot.cacheName} created`);
  }

  public copyServerless(source: ServerlessSnapshotRecord, targetName: string): ServerlessSnapshotRecord {
    const files = this.serverlessFiles(source);
    const copy: ServerlessSnapshotRecord = {
      ...source,
      name: targetName,
      arn: source.arn.replace(/serverlesscachesnapshot:[^:]+$/, `serverlesscachesnapshot:${targetName}`),
      status: 'creating',
      type: 'manual',
      createdAt: this.deps.clock.now().toISOString(),
      expiryTime: undefined,
      files: [...source.files],
    };
    source.files.forEach((file, i) => this.deps.blobs.put(`${this.dir(copy, SERVERLESS_PREFIX)}${file}`, files[i]));
    this.serverlessSnapshots.push(copy);
    this.persistServerless(copy);
    this.afterServerlessPause(copy);
    return copy;
  }

  /** Export: the snapshot's files as `<snapshot>/<file>` objects of the bucket. */
  public exportServerless(snapshot: ServerlessSnapshotRecord, bucket: string): void {
    const files = this.serverlessFiles(snapshot);
    snapshot.files.forEach((file, i) => this.putObject(bucket, `${snapshot.name}/${file}`, files[i]));
    snapshot.status = 'exporting';
    this.afterServerlessPause(snapshot);
  }

  private afterServerlessPause(snapshot: ServerlessSnapshotRecord): void {
    void this.deps.tasks.start(`serverless snapshot ${snapshot.name}`, async () => {
      await this.deps.tasks.sleep(this.deps.timings.snapshotMs);
      if (!this.serverlessSnapshots.includes(snapshot)) return;
      snapshot.status = 'available';
      this.persistServerless(snapshot);
    });
  }

  public removeServerless(snapshot: ServerlessSnapshotRecord): void {
    snapshot.status = 'deleting';
    void this.deps.tasks.start(`deleting serverless snapshot ${snapshot.name}`, async () => {
      await this.deps.tasks.sleep(this.deps.timings.deleteMs);
      this.forgetServerless(snapshot);
    });
  }

  private forgetServerless(snapshot: ServerlessSnapshotRecord): void {
    const index = this.serverlessSnapshots.indexOf(snapshot);
    if (index >= 0) this.serverlessSnapshots.splice(index, 1);
    this.deps.blobs.remove(this.dir(snapshot, SERVERLESS_PREFIX));
    this.deps.store.tags.delete(snapshot.arn);
  }

  private async restoreMemcached(running: RunningCache, source: RestoreSource, region: string): Promise<void> {
    const snapshot = this.memcachedSource(source, region);
    await loadMemcachedItems(running, this.serverlessFiles(snapshot)[0]);
  }

  // ---- data kept between runs (state directory) --------------------------------------------------

  /** Writes a cache's data for the next run (Valkey / Redis OSS; Memcached keeps none, as on the service). */
  public keepData(record: CacheRecord, running: RunningCache): void {
    if (record.model.engine === 'memcached' || !shardsOf(running)) return;
    const prefix = `data/${record.model.origin.region}/${cacheIdOf(record.model)}/`;
    this.deps.blobs.remove(prefix);
    for (const capture of captureShards(running)) this.deps.blobs.put(`${prefix}${capture.shardId}.rdb`, capture.rdb);
  }

  /** Loads the data a previous run kept for a cache, if any. */
  public reloadData(record: CacheRecord, running: RunningCache): number {
    if (record.model.engine === 'memcached' || !shardsOf(running)) return 0;
    const prefix = `data/${record.model.origin.region}/${cacheIdOf(record.model)}/`;
    const files = this.deps.blobs.list(prefix).map((k) => this.deps.blobs.get(k)!);
    if (files.length === 0) return 0;
    return restoreShards(running, files).keys;
  }

  /** Forgets kept data of caches that no longer exist. */
  public dropKeptData(region: string, cacheId: string): void {
    this.deps.blobs.remove(`data/${region}/${cacheId}/`);
  }

}

function byCreation(a: { createdAt: string; name: string }, b: { createdAt: string; name: string }): number {
  return a.createdAt.localeCompare(b.createdAt) || a.name.localeCompare(b.name);
}

function eventSourceOf(model: CacheModel): 'replication-group' | 'cache-cluster' | 'serverless-cache' {
  if (model.kind === 'serverless') return 'serverless-cache';
  return model.kind === 'replication-group' ? 'replication-group' : 'cache-cluster';
}

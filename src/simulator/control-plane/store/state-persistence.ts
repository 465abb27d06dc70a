/**
 * A state directory keeps the service between runs: `service/state.json` holds every resource
 * created through the API and every template resource the API changed (their models and records,
 * with pending changes, parameters pending a reboot and the primary each shard had after failovers),
 * the template resources deleted through the API, and tags; `service/data/<region>/<cache>/` holds
 * each Valkey / Redis OSS cache's data as RDB files, written when the simulator stops and loaded
 * when it starts again. Snapshots keep their own directories (`service/snapshots/…`).
 */
import type {
  CacheModel, EngineConfig, GlobalDatastoreModel, ParameterGroupModel, SubnetGroupModel, UserGroupModel, UserModel,
} from '../../model';
import { cacheIdOf, RunningCache } from '../../runtime';
import type { BlobStore } from '../../snapshots/blob-store';
import { shardsOf } from '../../snapshots/datasets';
import type { RestoreSource } from '../../snapshots/snapshot-service';
import { recordEvent, runningCache, ServiceContext } from '../context';
import { resumePendingChanges, savePendingChanges, SavedPendingChanges } from './pending-changes';
import type { CacheRecord, RecordOrigin, Tag } from './records';
import { newCacheRecord, ResourceStore } from './resource-store';

const STATE_FILE = 'state.json';
const VERSION = 1;

interface SavedCache {
  readonly model: CacheModel;
  readonly source: 'template' | 'api';
  readonly createdAt: string;
  readonly autoMinorVersionUpgrade: boolean;
  readonly snapshottingClusterId?: string;
  /** Changes waiting for the maintenance window (absent in files of earlier runs: none). */
  readonly pending?: SavedPendingChanges;
  /** Engine configurations waiting for a reboot, by member cache cluster id. */
  readonly pendingReboot?: { readonly cacheClusterId: string; readonly engineConfig: EngineConfig }[];
  /** Shards whose primary is not the one the model starts with (absent in files of earlier runs: none). */
  readonly primaries?: SavedPrimary[];
}

/** The member cache cluster that was a shard's primary when the previous run stopped. */
interface SavedPrimary {
  readonly shardId: string;
  readonly cacheClusterId: string;
}

interface SavedState {
  readonly version: number;
  readonly caches: SavedCache[];
  readonly parameterGroups: { model: ParameterGroupModel; source: 'template' | 'api'; region: string }[];
  readonly subnetGroups: { model: SubnetGroupModel; source: 'template' | 'api'; region: string }[];
  readonly users: { model: UserModel; source: 'template' | 'api' }[];
  readonly userGroups: { model: UserGroupModel; source: 'template' | 'api' }[];
  readonly globalDatastores: { model: GlobalDatastoreModel; source: 'template' | 'api'; status: string }[];
  readonly deletedTemplateResources: string[];
  readonly tags: { arn: string; tags: Tag[] }[];
}

const keep = (r: RecordOrigin) => r.source === 'api' || r.changed === true;

/** A cache the next run must know about: created or changed through the API, or with changes pending. */
function keepCache(store: ResourceStore, record: CacheRecord): boolean {
  if (record.status === 'deleting') return false;
  return keep(record) || !store.isTemplateModel(record.model) || Object.values(record.pending).some((v) => v !== undefined)
    || record.pendingReboot.size > 0 || !record.autoMinorVersionUpgrade
    || record.snapshottingClusterId !== (record.model.kind === 'replication-group' ? record.model.snapshottingClusterId : undefined);
}

/** Shards of a running cache whose primary moved (TestFailover, PrimaryClusterId, a failed primary replaced). */
function movedPrimaries(running: RunningCache | undefined): SavedPrimary[] {
  const shards = running ? shardsOf(running) ?? [] : [];
  return shards.filter((s) => s.nodes.length > 1 && s.primary.model.role === 'replica')
    .map((s) => ({ shardId: s.shardId, cacheClusterId: s.primary.name }));
}

/** The snapshot a template cache starts from, if it names one. */
function templateRestoreSource(record: CacheRecord): RestoreSource | undefined {
  const model = record.model;
  if (model.kind === 'serverless') return model.snapshotArnsToRestore.length > 0 ? { snapshotArns: model.snapshotArnsToRestore } : undefined;
  return model.restoreSource;
}

export class StatePersistence {
  /** Pending changes of the loaded caches, by ARN, scheduled again once the service runs. */
  private readonly loadedPending = new Map<string, SavedPendingChanges>();
  /** Primaries of the loaded caches' shards, by ARN, given back before their data is loaded. */
  private readonly loadedPrimaries = new Map<string, SavedPrimary[]>();

  constructor(private readonly blobs: BlobStore) {}

  /** Applies a previous run's state to a store built from the template. */
  public load(store: ResourceStore): void {
    const file = this.blobs.get(STATE_FILE);
    if (!file) return;
    const state = JSON.parse(file.toString('utf8')) as SavedState;
    if (state.version !== VERSION) throw new Error(`state file version ${state.version} is not supported (expected ${VERSION})`);
    const deleted = new Set(state.deletedTemplateResources);
    for (const arn of deleted) store.deletedTemplateResources.add(arn);
    const now = new Date();
    for (let i = store.caches.length - 1; i >= 0; i--) if (deleted.has(store.caches[i].model.arn)) store.caches.splice(i, 1);
    for (const saved of state.caches) {
      const record = newCacheRecord(saved.model, saved.source, 'available', new Date(saved.createdAt ?? now));
      record.changed = saved.source === 'template';
      record.autoMinorVersionUpgrade = saved.autoMinorVersionUpgrade;
      record.snapshottingClusterId = saved.snapshottingClusterId;
      for (const { cacheClusterId, engineConfig } of saved.pendingReboot ?? []) record.pendingReboot.set(cacheClusterId, engineConfig);
      if (saved.pending) this.loadedPending.set(saved.model.arn, saved.pending);
      if (saved.primaries) this.loadedPrimaries.set(saved.model.arn, saved.primaries);
      const index = store.caches.findIndex((r) => r.model.arn === saved.model.arn);
      if (index >= 0) store.caches.splice(index, 1);
      store.caches.push(record);
    }
    for (const g of state.parameterGroups) {
      const index = store.parameterGroups.findIndex((r) => r.model.name === g.model.name && r.region === g.region);
      if (index >= 0) store.parameterGroups.splice(index, 1);
      store.parameterGroups.push({ ...g, changed: g.source === 'template' });
    }
    for (const g of state.subnetGroups) {
      const index = store.subnetGroups.findIndex((r) => r.model.name === g.model.name && r.region === g.region);
      if (index >= 0) store.subnetGroups.splice(index, 1);
      store.subnetGroups.push({ ...g, changed: g.source === 'template' });
    }
    for (const u of state.users) {
      const index = store.users.findIndex((r) => r.model.arn === u.model.arn);
      if (index >= 0) store.users.splice(index, 1);
      store.users.push({ ...u, status: 'active', changed: u.source === 'template' });
    }
    for (const g of state.userGroups) {
      const index = store.userGroups.findIndex((r) => r.model.arn === g.model.arn);
      if (index >= 0) store.userGroups.splice(index, 1);
      store.userGroups.push({ ...g, status: 'active', pendingUserIdsToAdd: [], pendingUserIdsToRemove: [], changed: g.source === 'template' });
    }
    for (const d of state.globalDatastores) {
      const index = store.globalDatastores.findIndex((r) => r.model.arn === d.model.arn);
      if (index >= 0) store.globalDatastores.splice(index, 1);
      store.globalDatastores.push({ ...d, changed: d.source === 'template' });
    }
    // Removed template resources of other kinds (users, groups…) are matched by ARN or name too.
    store.users.splice(0, store.users.length, ...store.users.filter((u) => !deleted.has(u.model.arn)));
    store.userGroups.splice(0, store.userGroups.length, ...store.userGroups.filter((g) => !deleted.has(g.model.arn)));
    for (const { arn, tags } of state.tags) store.tags.set(arn, tags);
  }

  /**
   * Loads every cache's data when the caches have started: the snapshot a template cache names
   * (`SnapshotName`, `SnapshotArns`, `SnapshotArnsToRestore`), then what the previous run kept,
   * which is newer. A snapshot that cannot be found or loaded fails the start, as it fails a
   * stack's creation.
   */
  public async reloadData(ctx: ServiceContext): Promise<void> {
    for (const record of ctx.store.caches) {
      const running = runningCache(ctx, record);
      if (!running) continue;
      this.restorePrimaries(record, running);
      const source = templateRestoreSource(record);
      if (record.source === 'template' && source) {
        await ctx.snapshots.restore(record, running, source).catch((err: Error) => {
          throw new Error(`${cacheIdOf(record.model)} cannot start from its snapshot: ${err.message}`);
        });
      }
      const keys = ctx.snapshots.reloadData(record, running);
      if (keys > 0) recordEvent(ctx, cacheIdOf(record.model), record.model.kind === 'replication-group' ? 'replication-group' : 'cache-cluster', `Restored ${keys} keys kept by the previous run`);
    }
    // Each group got its own kept data back; a secondary mirrors its primary, so it resyncs from it
    // (the members and roles are those the previous run left, failovers included).
    for (const datastore of ctx.store.globalDatastores) ctx.simulation.linkGlobalDatastore(datastore.model);
  }

  /** The data kept by the previous run belongs on the primary that run left, so the roles come back first. */
  private restorePrimaries(record: CacheRecord, running: RunningCache): void {
    const saved = this.loadedPrimaries.get(record.model.arn);
    if (!saved) return;
    for (const shard of shardsOf(running) ?? []) {
      const primary = saved.find((p) => p.shardId === shard.shardId);
      if (primary) shard.restorePrimary(primary.cacheClusterId);
    }
    this.loadedPrimaries.delete(record.model.arn);
  }

  /**
   * Schedules again the changes the previous run left pending (at their maintenance window, or at
   * once for those that were running), once the caches run and the service's clock ticks.
   */
  public resumePending(ctx: ServiceContext): void {
    for (const record of ctx.store.caches) {
      const saved = this.loadedPending.get(record.model.arn);
      if (saved) resumePendingChanges(ctx, record, saved);
    }
    this.loadedPending.clear();
  }

  /** Writes the store and every cache's data for the next run. */
  public save(ctx: ServiceContext): void {
    const store = ctx.store;
    // A template cache whose primary moved is kept too, so the next run starts with the same roles.
    const kept = store.caches.map((record) => ({ record, primaries: movedPrimaries(runningCache(ctx, record)) }))
      .filter(({ record, primaries }) => keepCache(store, record) || (record.status !== 'deleting' && primaries.length > 0));
    const state: SavedState = {
      version: VERSION,
      caches: kept.map(({ record: r, primaries }) => ({
        model: r.model,
        source: r.source,
        createdAt: r.createdAt.toISOString(),
        autoMinorVersionUpgrade: r.autoMinorVersionUpgrade,
        snapshottingClusterId: r.snapshottingClusterId,
        pending: savePendingChanges(ctx, r),
        pendingReboot: [...r.pendingReboot].map(([cacheClusterId, engineConfig]) => ({ cacheClusterId, engineConfig })),
        primaries: primaries.length > 0 ? primaries : undefined,
      })),
      parameterGroups: store.parameterGroups.filter(keep).map((g) => ({ model: g.model, source: g.source, region: g.region })),
      subnetGroups: store.subnetGroups.filter(keep).map((g) => ({ model: g.model, source: g.source, region: g.region })),
      users: store.users.filter(keep).map((u) => ({ model: u.model, source: u.source })),
      userGroups: store.userGroups.filter(keep).map((g) => ({ model: g.model, source: g.source })),
      globalDatastores: store.globalDatastores.filter(keep).map((d) => ({ model: d.model, source: d.source, status: d.status })),
      deletedTemplateResources: [...store.deletedTemplateResources],
      tags: [...store.tags].map(([arn, tags]) => ({ arn, tags })),
    };
    this.blobs.put(STATE_FILE, Buffer.from(JSON.stringify(state, null, 2)));
    for (const record of store.caches) {
      const running = runningCache(ctx, record);
      if (running && record.status !== 'deleting') ctx.snapshots.keepData(record, running);
    }
  }
}

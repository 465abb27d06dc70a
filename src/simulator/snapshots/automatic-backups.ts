/**
 * Automatic backups: every Valkey / Redis OSS cache with a retention limit above zero is snapshotted
 * once a day at the start of its backup window (`SnapshotWindow`, a serverless cache's
 * `DailySnapshotTime`, or a stable default slot), named `automatic.<cache>-<yyyy-mm-dd-hh-mm>`;
 * automatic snapshots older than the retention limit are deleted. One clock task waits for the
 * earliest window; API calls re-arm it, since they may change windows or add caches.
 */
import type { SimulatorClock, ScheduledTask } from '../clock';
import { runningCache, ServiceContext } from '../control-plane/context';
import type { CacheRecord } from '../control-plane/store/records';
import { automaticSnapshotName, defaultDailyWindow, nextDailyWindow } from '../lifecycle/windows';
import { cacheIdOf } from '../runtime';

function backupSettings(record: CacheRecord): { window: string; retention: number } | undefined {
  const model = record.model;
  if (model.kind === 'memcached-cluster' || model.engine === 'memcached' || model.snapshotRetentionLimit <= 0) return undefined;
  const window = model.kind === 'serverless' ? model.dailySnapshotTime : model.snapshotWindow;
  return { window: window ?? defaultDailyWindow(model.arn), retention: model.snapshotRetentionLimit };
}

export class AutomaticBackups {
  private task: ScheduledTask | undefined;
  private dueAt: number | undefined;
  /** The window start each cache was last backed up for (one backup per window). */
  private readonly lastWindow = new WeakMap<CacheRecord, number>();

  constructor(private readonly ctx: ServiceContext, private readonly clock: SimulatorClock) {}

  /** Schedules the next backup window of any cache (replacing a later one). */
  public arm(): void {
    const now = this.clock.now();
    let earliest: number | undefined;
    for (const record of this.ctx.store.caches) {
      const settings = backupSettings(record);
      if (!settings) continue;
      const next = nextDailyWindow(settings.window, now).getTime();
      if (earliest === undefined || next < earliest) earliest = next;
    }
    if (earliest === this.dueAt) return;
    this.task?.cancel();
    this.dueAt = earliest;
    this.task = earliest === undefined ? undefined : this.clock.schedule(earliest - this.clock.nowMs(), () => this.run());
  }

  public stop(): void {
    this.task?.cancel();
    this.task = undefined;
  }

  private run(): void {
    this.task = undefined;
    this.dueAt = undefined;
    const now = this.clock.nowMs();
    for (const record of [...this.ctx.store.caches]) {
      const settings = backupSettings(record);
      if (!settings) continue;
      // The window that started most recently (within the last minute: this run's).
      const start = nextDailyWindow(settings.window, new Date(now - 60_000)).getTime();
      if (start > now || this.lastWindow.get(record) === start) continue;
      this.lastWindow.set(record, start);
      this.backup(record, new Date(start));
    }
    this.arm();
  }

  private backup(record: CacheRecord, at: Date): void {
    const snapshots = this.ctx.snapshots;
    snapshots.pruneAutomatic(record);
    const running = runningCache(this.ctx, record);
    if (record.status !== 'available' || !running) return;
    const name = automaticSnapshotName(cacheIdOf(record.model), at);
    if (record.model.kind === 'serverless') snapshots.takeServerless(record, running, name, 'automated');
    else if (!snapshots.find(name, record.model.origin.region)) snapshots.take(record, running, name, 'automated');
  }
}

/**
 * What every operation works with: the resource store, the running simulation, the clock and
 * its timings, background work, events and snapshots.
 */
import type { SimulatorClock } from '../clock';
import type { BackgroundTasks } from '../lifecycle/tasks';
import type { LifecycleTimings } from '../lifecycle/timings';
import type { CacheModel } from '../model';
import { cacheIdOf, EventSourceType, RunningCache, Simulation } from '../runtime';
import type { SnapshotService } from '../snapshots/snapshot-service';
import type { RoleLookup } from './shapes/replication-group';
import type { CacheRecord } from './store/records';
import type { ResourceStore } from './store/resource-store';

export interface ServiceContext {
  readonly store: ResourceStore;
  readonly simulation: Simulation;
  readonly clock: SimulatorClock;
  readonly timings: LifecycleTimings;
  readonly tasks: BackgroundTasks;
  readonly snapshots: SnapshotService;
  /** Seed of generated names and endpoint hashes (API-created caches share the template's hash). */
  readonly seed: string;
}

export function recordEvent(ctx: ServiceContext, sourceId: string, sourceType: EventSourceType, message: string): void {
  ctx.simulation.events.record(sourceId, sourceType, message);
}

function sameCache(running: RunningCache, model: CacheModel): boolean {
  return running.id === cacheIdOf(model) && running.model.origin.region === model.origin.region && running.model.kind === model.kind;
}

/** The running cache of a record, if it runs. */
export function runningCache(ctx: ServiceContext, record: CacheRecord): RunningCache | undefined {
  return ctx.simulation.caches.find((c) => sameCache(c, record.model));
}

/** Current node roles of a running replication group (they change with failovers). */
export function roleLookup(ctx: ServiceContext, record: CacheRecord): RoleLookup {
  const running = runningCache(ctx, record);
  const roles = new Map<string, 'primary' | 'replica'>();
  let nodes: ReturnType<RunningCache['nodes']> = [];
  try {
    nodes = running?.nodes() ?? [];
  } catch {
    // Nodes still starting (a node group being added) have no status yet: the model's roles stand.
  }
  for (const node of nodes) if (node.role === 'primary' || node.role === 'replica') roles.set(node.nodeId, node.role);
  return (id) => roles.get(id);
}

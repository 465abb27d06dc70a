/**
 * How long each managed operation takes on the simulator clock. `fast` (the default) keeps every
 * transition observable — a Describe right after a Create sees `creating` — while SDK waiters
 * finish within a second or two; `realistic` uses durations of the order the service documents
 * (a replication group in minutes, a failover's five steps within six minutes, a serverless cache
 * in under a minute), for tests that advance a virtual clock.
 */

export type LifecycleSpeed = 'fast' | 'realistic';

export interface LifecycleTimings {
  /** `creating` → `available` of a node-based cache. */
  readonly createMs: number;
  /** `creating` → `available` of a serverless cache (documented: under a minute). */
  readonly createServerlessMs: number;
  /** `modifying` → `available` for a change without nodes to add or remove. */
  readonly modifyMs: number;
  /** Adding one node or replica (it shows `creating`, then `available`). */
  readonly addNodeMs: number;
  /** Removing one node or replica. */
  readonly removeNodeMs: number;
  /** `deleting` until the resource is gone. */
  readonly deleteMs: number;
  /** `rebooting cache cluster nodes` until the nodes are back. */
  readonly rebootMs: number;
  /** `snapshotting` until the snapshot is `available`. */
  readonly snapshotMs: number;
  /** Between the documented failover events (five steps). */
  readonly failoverStepMs: number;
  /** Pause between batches of keys moved during online resharding (clients keep working meanwhile). */
  readonly reshardPauseMs: number;
  /** Users and user groups: `modifying` → `active`. */
  readonly userModifyMs: number;
}

export const FAST_TIMINGS: LifecycleTimings = {
  createMs: 300,
  createServerlessMs: 200,
  modifyMs: 200,
  addNodeMs: 200,
  removeNodeMs: 150,
  deleteMs: 200,
  rebootMs: 150,
  snapshotMs: 150,
  failoverStepMs: 50,
  reshardPauseMs: 2,
  userModifyMs: 100,
};

export const REALISTIC_TIMINGS: LifecycleTimings = {
  createMs: 10 * 60_000,
  createServerlessMs: 50_000,
  modifyMs: 5 * 60_000,
  addNodeMs: 8 * 60_000,
  removeNodeMs: 4 * 60_000,
  deleteMs: 5 * 60_000,
  rebootMs: 60_000,
  snapshotMs: 2 * 60_000,
  // Five steps within six minutes.
  failoverStepMs: 70_000,
  reshardPauseMs: 20,
  userModifyMs: 30_000,
};

export function timingsFor(speed: LifecycleSpeed | undefined): LifecycleTimings {
  return speed === 'realistic' ? REALISTIC_TIMINGS : FAST_TIMINGS;
}

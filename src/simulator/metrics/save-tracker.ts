/**
 * Saves in progress, for `SaveInProgress`: the snapshot service marks the node it reads each
 * shard from while its cache is `snapshotting`, and every metric source asks whether that node
 * was saving at any time since its previous reading (the metric is a per-period Maximum, so a
 * save that begins and ends within one minute still shows as 1).
 */
import type { RunningCache } from '../runtime';
import type { Shard } from '../runtime/valkey/shard';

interface SaveState {
  /** Saves running now. */
  active: number;
  /** Saves begun and ended so far (each consumer compares with its last reading). */
  begun: number;
  ended: number;
}

const SAVES = new WeakMap<object, SaveState>();

function stateOf(node: object): SaveState {
  let state = SAVES.get(node);
  if (!state) SAVES.set(node, (state = { active: 0, begun: 0, ended: 0 }));
  return state;
}

/** Saves begun and ended on a node so far, and whether one runs now. */
export interface SaveReading {
  readonly begun: number;
  readonly ended: number;
  readonly active: boolean;
}

export function saveReading(node: object): SaveReading {
  const state = SAVES.get(node);
  return { begun: state?.begun ?? 0, ended: state?.ended ?? 0, active: (state?.active ?? 0) > 0 };
}

/** Whether a save ran at any time between two readings of one node. */
export function savedBetween(prev: SaveReading, cur: SaveReading): boolean {
  return cur.active || cur.begun > prev.begun || cur.ended > prev.ended;
}

/**
 * Marks the nodes (by cache cluster id) a snapshot of `running` reads from as saving; the
 * returned function ends their saves. Caches without shards (Memcached) have nothing to mark.
 */
export function beginSaves(running: RunningCache, nodeNames: readonly string[]): () => void {
  const shards = (running as Partial<{ shardList: readonly Shard[] }>).shardList ?? [];
  const nodes = nodeNames.flatMap((name) => shards.flatMap((s) => s.nodes.filter((n) => n.name === name)));
  for (const node of nodes) {
    const state = stateOf(node);
    state.active++;
    state.begun++;
  }
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    for (const node of nodes) {
      const state = stateOf(node);
      state.active--;
      state.ended++;
    }
  };
}

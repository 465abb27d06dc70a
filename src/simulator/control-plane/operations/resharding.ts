/**
 * ModifyReplicationGroupShardConfiguration: online resharding of a cluster mode enabled group.
 * Scaling out starts the new node groups (owning no slots), then slots move to them; scaling in
 * moves the slots of the removed node groups away, then stops them. Slots move in small batches as
 * the service migrates them — each slot MIGRATING on its owner and IMPORTING on its target, keys
 * copied a few at a time, clients redirected with ASK meanwhile — so clients keep working and no
 * key is lost. The group is `modifying` with `PendingModifiedValues.Resharding` showing progress.
 */
import { LIMITS } from '../../../catalog/internal';
import type { NodeModel, ReplicationGroupModel, ShardModel, SlotRange } from '../../model';
import { SLOT_COUNT, evenSlotRanges } from '../../model/slots';
import { ClusterGroup } from '../../runtime';
import { recordEvent, ServiceContext } from '../context';
import { requireAvailable } from './cache-lifecycle';
import { Actions, findReplicationGroup } from './common';
import { checkShape, groupModel, newReplicaModels, runningGroup } from './group-changes';
import { groupXml } from './replication-groups';
import { ApiError, API_ERRORS } from '../http/errors';
import type { RequestParams } from '../http/params';
import type { CacheRecord } from '../store/records';

/** Slots moved together (each MIGRATING/IMPORTING while its keys move). */
const SLOTS_PER_BATCH = 64;
/** Keys copied per slot per step; clients are served between steps. */
const KEYS_PER_STEP = 50;

const padShard = (n: number) => String(n).padStart(4, '0');

/** Slot owners after the change: retained shards keep what they can, the rest is dealt to shards under their share. */
function targetOwners(current: readonly ShardModel[], shardIds: readonly string[]): string[] {
  const quota = new Map(shardIds.map((id, i) => [id, evenSlotRanges(shardIds.length)[i].end - evenSlotRanges(shardIds.length)[i].start + 1]));
  const owners = new Array<string>(SLOT_COUNT);
  for (const shard of current) for (const r of shard.slots) owners.fill(shard.shardId, r.start, r.end + 1);
  const kept = new Map<string, number>();
  const free: number[] = [];
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    const owner = owners[slot];
    const count = kept.get(owner) ?? 0;
    if (quota.has(owner) && count < quota.get(owner)!) kept.set(owner, count + 1);
    else free.push(slot);
  }
  let next = 0;
  for (const id of shardIds) {
    for (let n = kept.get(id) ?? 0; n < quota.get(id)!; n++) owners[free[next++]] = id;
  }
  return owners;
}

function rangesOf(owners: readonly string[], shardId: string): SlotRange[] {
  const ranges: SlotRange[] = [];
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    if (owners[slot] !== shardId) continue;
    const last = ranges[ranges.length - 1];
    if (last && last.end === slot - 1) ranges[ranges.length - 1] = { start: last.start, end: slot };
    else ranges.push({ start: slot, end: slot });
  }
  return ranges;
}

function newShardModel(ctx: ServiceContext, model: ReplicationGroupModel, shardId: string, replicas: number, zones: readonly string[]): ShardModel {
  // The primary is the first member (`-001`), its replicas follow.
  const seed: ShardModel = { shardId, slots: [], primary: undefined as unknown as NodeModel, replicas: [] };
  const [primary, ...rest] = newReplicaModels(ctx, model, { ...seed, primary: { cacheClusterId: `${model.replicationGroupId}-${shardId}-000` } as NodeModel }, replicas + 1, zones);
  return { shardId, slots: [], primary: { ...primary, role: 'primary' }, replicas: rest };
}

interface ReshardPlan {
  readonly added: ShardModel[];
  readonly removed: string[];
  readonly shardIds: string[];
}

function plan(ctx: ServiceContext, model: ReplicationGroupModel, params: RequestParams): ReshardPlan {
  const count = params.requiredInteger('NodeGroupCount');
  const current = model.shards.map((s) => s.shardId);
  if (count < 1 || count > LIMITS.nodesPerClusterModeCluster.max) throw API_ERRORS.invalidValue(`NodeGroupCount must be between 1 and ${LIMITS.nodesPerClusterModeCluster.max}; got ${count}.`);
  if (count === current.length) throw API_ERRORS.invalidValue(`Replication group ${model.replicationGroupId} already has ${count} node groups.`);
  if (count > current.length) {
    if (params.has('NodeGroupsToRemove') || params.has('NodeGroupsToRetain')) {
      throw API_ERRORS.invalidCombination('NodeGroupsToRemove and NodeGroupsToRetain apply when NodeGroupCount decreases.');
    }
    const configs = params.structList('ReshardingConfiguration') ?? [];
    const last = Math.max(...current.map(Number));
    const replicas = model.shards[0].replicas.length;
    const added = Array.from({ length: count - current.length }, (_, i) => {
      const config = configs[i];
      const shardId = config?.string('NodeGroupId')?.padStart(4, '0') ?? padShard(last + i + 1);
      if (current.includes(shardId)) throw API_ERRORS.invalidValue(`Node group ${shardId} already exists in replication group ${model.replicationGroupId}.`);
      return newShardModel(ctx, model, shardId, replicas, config?.stringList('PreferredAvailabilityZones') ?? []);
    });
    return { added, removed: [], shardIds: [...current, ...added.map((s) => s.shardId)] };
  }
  const toRemove = params.stringList('NodeGroupsToRemove')?.map((id) => id.padStart(4, '0'));
  const toRetain = params.stringList('NodeGroupsToRetain')?.map((id) => id.padStart(4, '0'));
  if ((toRemove === undefined) === (toRetain === undefined)) {
    throw API_ERRORS.invalidCombination('Scaling in needs either NodeGroupsToRemove or NodeGroupsToRetain.');
  }
  for (const id of [...(toRemove ?? []), ...(toRetain ?? [])]) {
    if (!current.includes(id)) throw new ApiError('NodeGroupNotFoundFault', `Node group ${id} not found in replication group ${model.replicationGroupId}.`);
  }
  const removed = toRemove ?? current.filter((id) => !toRetain!.includes(id));
  if (current.length - removed.length !== count) {
    throw API_ERRORS.invalidValue(`NodeGroupCount ${count} does not match the ${current.length - removed.length} node groups that would remain.`);
  }
  return { added: [], removed, shardIds: current.filter((id) => !removed.includes(id)) };
}

/** Moves every slot whose owner changes, batch by batch; returns when all are in place. */
async function migrateSlots(ctx: ServiceContext, record: CacheRecord, group: ClusterGroup, owners: readonly string[]): Promise<void> {
  const moves: number[] = [];
  for (let slot = 0; slot < SLOT_COUNT; slot++) if (group.shardOfSlot(slot)?.shardId !== owners[slot]) moves.push(slot);
  for (let i = 0; i < moves.length; i += SLOTS_PER_BATCH) {
    const batch = moves.slice(i, i + SLOTS_PER_BATCH);
    for (const slot of batch) group.beginSlotMigration(slot, owners[slot]);
    for (;;) {
      let moved = 0;
      for (const slot of batch) moved += group.moveSlotKeys(slot, KEYS_PER_STEP);
      if (moved === 0) break;
      await ctx.tasks.sleep(ctx.timings.reshardPauseMs);
    }
    for (const slot of batch) group.completeSlotMigration(slot);
    record.reshardingProgress = Math.floor(((i + batch.length) / moves.length) * 100);
    await ctx.tasks.sleep(ctx.timings.reshardPauseMs);
  }
}

function reshard(ctx: ServiceContext, record: CacheRecord, params: RequestParams): void {
  const model = groupModel(record);
  const running = runningGroup(ctx, record);
  if (!(running instanceof ClusterGroup)) throw API_ERRORS.invalidCombination('Resharding needs a cluster mode enabled replication group.');
  const { added, removed, shardIds } = plan(ctx, model, params);
  const owners = targetOwners(model.shards, shardIds);
  const kept = model.shards.filter((s) => !removed.includes(s.shardId));
  const next: ReplicationGroupModel = {
    ...model,
    shards: [...kept, ...added].map((s) => ({ ...s, slots: rangesOf(owners, s.shardId) })),
  };
  checkShape(next);
  record.status = 'modifying';
  record.reshardingProgress = 0;
  const id = model.replicationGroupId;
  void ctx.tasks.start(`resharding ${id}`, async () => {
    try {
      // The response is written before anything changes.
      await ctx.tasks.sleep(0);
      for (const shard of added) await running.addShard(shard);
      // The new node groups show in descriptions (owning no slots) while slots move.
      record.model = { ...model, shards: [...model.shards, ...added] };
      running.reconfigure(record.model as ReplicationGroupModel);
      await migrateSlots(ctx, record, running, owners);
      for (const shardId of removed) await running.removeShard(shardId);
      record.model = next;
      running.reconfigure(next);
      recordEvent(ctx, id, 'replication-group', `Completed online resharding of replication group ${id} to ${shardIds.length} node groups`);
    } finally {
      record.reshardingProgress = undefined;
      record.status = 'available';
    }
  });
}

export function reshardingActions(ctx: ServiceContext): Actions {
  return {
    ModifyReplicationGroupShardConfiguration: (request) => {
      const record = findReplicationGroup(ctx, request, request.params.requiredString('ReplicationGroupId'));
      if (request.params.boolean('ApplyImmediately') !== true) throw API_ERRORS.invalidValue('ApplyImmediately must be true: resharding is applied immediately.');
      requireAvailable(record);
      if (record.model.kind !== 'replication-group' || record.model.clusterMode === 'disabled') {
        throw API_ERRORS.invalidCombination('Resharding needs a cluster mode enabled replication group.');
      }
      reshard(ctx, record, request.params);
      return { ReplicationGroup: groupXml(ctx, record) };
    },
  };
}

import type { SlotRange } from './types';

export const SLOT_COUNT = 16384;

/**
 * The service's even split of the 16384 slots: earlier shards take the remainder, so three shards
 * own 0-5461, 5462-10922 and 10923-16383 (aws-cli examples/elasticache/test-failover.rst).
 */
export function evenSlotRanges(shards: number): SlotRange[] {
  const base = Math.floor(SLOT_COUNT / shards);
  const extra = SLOT_COUNT % shards;
  const ranges: SlotRange[] = [];
  let start = 0;
  for (let i = 0; i < shards; i++) {
    const size = base + (i < extra ? 1 : 0);
    ranges.push({ start, end: start + size - 1 });
    start += size;
  }
  return ranges;
}

/** `NodeGroupConfiguration.Slots`: `start-end` ranges separated by commas; undefined when malformed. */
export function parseSlots(text: string): SlotRange[] | undefined {
  const ranges: SlotRange[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!match) return undefined;
    const start = Number(match[1]);
    const end = match[2] === undefined ? start : Number(match[2]);
    if (start > end || end >= SLOT_COUNT) return undefined;
    ranges.push({ start, end });
  }
  return ranges;
}

/** A problem with a set of per-shard slot ranges, or undefined when they own every slot exactly once. */
export function slotCoverageProblem(perShard: readonly (readonly SlotRange[])[]): string | undefined {
  const owner = new Array<number>(SLOT_COUNT).fill(-1);
  for (const [shard, ranges] of perShard.entries()) {
    for (const { start, end } of ranges) {
      for (let slot = start; slot <= end; slot++) {
        if (owner[slot] !== -1) return `slot ${slot} is assigned to more than one node group`;
        owner[slot] = shard;
      }
    }
  }
  const missing = owner.indexOf(-1);
  return missing === -1 ? undefined : `slot ${missing} is not assigned to any node group`;
}

/**
 * Hash slots of cluster mode: 16384 slots (0–16383) split between the shards. A shard's slots are
 * written `start-end`, several ranges separated by commas (`0-100,200-300`), as in
 * `NodeGroupConfiguration.Slots`.
 */

export const SLOT_COUNT = 16384;

export interface SlotRange {
  readonly start: number;
  readonly end: number;
}

/** Parses `start-end[,start-end…]`; undefined when the text is not that or a range is out of order or bounds. */
export function parseSlotRanges(text: string): SlotRange[] | undefined {
  const ranges: SlotRange[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)-(\d+)\s*$/.exec(part);
    if (!m) return undefined;
    const start = Number(m[1]);
    const end = Number(m[2]);
    if (start > end || end >= SLOT_COUNT) return undefined;
    ranges.push({ start, end });
  }
  return ranges;
}

/**
 * Why the shards' ranges do not split the slots exactly (a gap or an overlap), or undefined when
 * every slot belongs to exactly one shard.
 */
export function slotCoverageProblem(shards: readonly (readonly SlotRange[])[]): string | undefined {
  const owner = new Array<number>(SLOT_COUNT).fill(-1);
  for (let shard = 0; shard < shards.length; shard++) {
    for (const { start, end } of shards[shard]) {
      for (let slot = start; slot <= end; slot++) {
        if (owner[slot] !== -1) return `slot ${slot} is in shard ${owner[slot] + 1} and shard ${shard + 1}`;
        owner[slot] = shard;
      }
    }
  }
  const missing = owner.indexOf(-1);
  return missing === -1 ? undefined : `slot ${missing} is in no shard`;
}

/**
 * The changes of one Modify request that apply in the background (AUTH token, log delivery,
 * in-transit encryption): each takes the modification time on the simulator clock, then runs; the
 * cache is `modifying` until every change still running has finished, so one finishing first does
 * not report the cache `available` while another is under way.
 */
import type { ServiceContext } from '../context';
import type { CacheRecord } from '../store/records';

const running = new WeakMap<CacheRecord, number>();

/**
 * Marks the cache `modifying` and runs `apply` after the modification time (not when the cache was
 * deleted meanwhile); `settle` runs in any case (it clears the change's pending values).
 */
export function runModification(
  ctx: ServiceContext, record: CacheRecord, label: string, apply: () => void, settle: () => void = () => undefined,
): void {
  record.status = 'modifying';
  running.set(record, (running.get(record) ?? 0) + 1);
  void ctx.tasks.start(label, async () => {
    try {
      await ctx.tasks.sleep(ctx.timings.modifyMs);
      if (ctx.store.caches.includes(record)) apply();
    } finally {
      settle();
      const left = (running.get(record) ?? 1) - 1;
      if (left > 0) {
        running.set(record, left);
      } else {
        running.delete(record);
        if (record.status === 'modifying') record.status = 'available';
      }
    }
  });
}

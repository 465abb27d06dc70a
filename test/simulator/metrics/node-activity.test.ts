import { NodeActivity } from '../../../src/simulator/metrics/node-activity';
import { hostMetrics, readHost } from '../../../src/simulator/metrics/sources/host';

/** Bytes in across the per-second figures of an interval. */
function secondsIn(activity: NodeActivity, from: number, to: number): number {
  return activity.secondsBetween(from, to).reduce((n, s) => n + s.bytesIn, 0);
}

describe('NodeActivity per-second traffic', () => {
  test('traffic right after a reading counts in the next interval, within the same second too', () => {
    const activity = new NodeActivity();
    const first = activity.cut();
    activity.received(500);
    const second = activity.cut();
    activity.received(700);
    activity.sent(300);
    const third = activity.cut();
    expect(secondsIn(activity, first, second)).toBe(500);
    expect(secondsIn(activity, second, third)).toBe(700);
    expect(activity.secondsBetween(second, third).reduce((n, s) => n + s.bytesOut, 0)).toBe(300);
    // Nothing after the last reading yet.
    expect(activity.secondsBetween(third, activity.cut())).toEqual([]);
  });

  test('the busiest second of an interval is never below its share of the interval\'s bytes', () => {
    // Readings taken between bursts, as a collector does on its own timer: every interval's
    // per-second figures add up to its totals from the cumulative counters.
    const activity = new NodeActivity();
    let prev = readHost(activity);
    for (let burst = 1; burst <= 20; burst++) {
      for (let i = 0; i < burst; i++) activity.received(1000);
      const cur = readHost(activity);
      const metrics = hostMetrics(prev, cur, activity, undefined, { usedMemoryBytes: 0 });
      expect(metrics.NetworkBytesIn).toBe(burst * 1000);
      expect(secondsIn(activity, prev.mark, cur.mark)).toBe(burst * 1000);
      expect(metrics.NetworkMaxBytesIn).toBeGreaterThanOrEqual(burst * 1000 / 2);
      prev = cur;
    }
  });
});

import { performance } from 'perf_hooks';
import { processWallClock, WallClock } from '../../../src/engines/valkey/server/wall-clock';

describe('WallClock', () => {
  test('derives whole milliseconds within a millisecond of Date.now()', () => {
    const clock = new WallClock();
    for (let i = 0; i < 2000; i++) {
      const before = Date.now();
      const derived = clock.at(performance.now());
      const after = Date.now();
      expect(Number.isInteger(derived)).toBe(true);
      // Measured at the tick, the offset is exact to a loop step (a few hundredths of a millisecond).
      expect(derived).toBeGreaterThanOrEqual(before - 1);
      expect(derived).toBeLessThanOrEqual(after + 1);
    }
  });

  test('check() measures again once the derived time strays (the wall clock was set)', () => {
    const clock = new WallClock();
    // As if the wall clock had been set back by 5 s since the offset was measured.
    (clock as unknown as { offset: number }).offset += 5000;
    expect(clock.at(performance.now()) - Date.now()).toBeGreaterThan(4000);
    clock.check();
    const drift = clock.at(performance.now()) - Date.now();
    expect(drift).toBeGreaterThanOrEqual(-1);
    expect(drift).toBeLessThanOrEqual(1);
  });

  test('check() keeps an offset that is still right', () => {
    const clock = new WallClock();
    const offset = (clock as unknown as { offset: number }).offset;
    for (let i = 0; i < 100; i++) clock.check();
    // Unchanged, or (a check interrupted between its two readings) measured again just as well.
    expect(Math.abs((clock as unknown as { offset: number }).offset - offset)).toBeLessThan(0.2);
  });

  test('the servers of a process share one measured clock', () => {
    expect(processWallClock()).toBe(processWallClock());
    const derived = processWallClock().at(performance.now());
    expect(Math.abs(derived - Date.now())).toBeLessThanOrEqual(1);
  });
});

/** The simulator clock: a virtual clock runs scheduled work in due order as it is advanced. */
import { SimulatorClock } from '../../../src/simulator/clock';

test('a virtual clock runs due work in order, each at its own time, and skips cancelled work', async () => {
  const clock = SimulatorClock.virtual(new Date('2026-01-01T00:00:00Z'));
  const seen: string[] = [];
  clock.schedule(300, () => seen.push(`c@${clock.nowMs() - Date.parse('2026-01-01T00:00:00Z')}`));
  clock.schedule(100, () => seen.push(`a@${clock.nowMs() - Date.parse('2026-01-01T00:00:00Z')}`));
  const cancelled = clock.schedule(200, () => seen.push('never'));
  clock.schedule(100, () => seen.push('b'));
  cancelled.cancel();
  await clock.advance(250);
  expect(seen).toEqual(['a@100', 'b']);
  expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.250Z');
  await clock.advance(50);
  expect(seen).toEqual(['a@100', 'b', 'c@300']);
});

test('sleep resolves when the clock passes it; failures go to onError; advance needs a virtual clock', async () => {
  const clock = SimulatorClock.virtual();
  const errors: unknown[] = [];
  clock.onError = (err) => errors.push(err);
  let woke = false;
  void clock.sleep(1000).then(() => { woke = true; });
  clock.schedule(10, () => { throw new Error('boom'); });
  await clock.advance(999);
  expect(woke).toBe(false);
  await clock.advance(1);
  await Promise.resolve();
  expect(woke).toBe(true);
  expect((errors[0] as Error).message).toBe('boom');
  await expect(clock.advance(-1)).rejects.toThrow('cannot move the clock by -1 ms');
  await expect(SimulatorClock.real().advance(1)).rejects.toThrow('virtual clock');
});

test('a real clock runs work after the delay; stop drops what is pending', async () => {
  const clock = SimulatorClock.real();
  const ran = await new Promise<boolean>((resolve) => clock.schedule(5, () => resolve(true)));
  expect(ran).toBe(true);
  let late = false;
  clock.schedule(20, () => { late = true; });
  clock.stop();
  await new Promise((r) => setTimeout(r, 40));
  expect(late).toBe(false);
});

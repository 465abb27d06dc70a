import { atTurnEnd } from '../../../src/engines/valkey/util/turn-end';

/**
 * Waits a few event-loop turns, counted with immediates rather than a timer: a timer that comes due
 * while the machine is busy fires before the check phase's immediates, so the wait would not prove
 * anything about turns.
 */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('atTurnEnd', () => {
  test('runs the tasks of a turn once each, in order, after the synchronous work of the turn', async () => {
    const seen: string[] = [];
    atTurnEnd(() => seen.push('a'));
    atTurnEnd(() => seen.push('b'));
    seen.push('sync');
    expect(seen).toEqual(['sync']);
    await turns(1);
    expect(seen).toEqual(['sync', 'a', 'b']);
    await turns(3);
    expect(seen).toEqual(['sync', 'a', 'b']);
  });

  test('a task queued by a task runs on a later turn, after the immediates queued before it', async () => {
    const seen: string[] = [];
    atTurnEnd(() => {
      seen.push('first');
      setImmediate(() => seen.push('immediate'));
      atTurnEnd(() => seen.push('second'));
    });
    await turns(1);
    expect(seen).toEqual(['first']);
    await turns(3);
    expect(seen).toEqual(['first', 'immediate', 'second']);
  });
});

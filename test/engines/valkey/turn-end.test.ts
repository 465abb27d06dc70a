import { atTurnEnd } from '../../../src/engines/valkey/util/turn-end';

const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

describe('atTurnEnd', () => {
  test('runs the tasks of a turn once each, in order, after the synchronous work of the turn', async () => {
    const seen: string[] = [];
    atTurnEnd(() => seen.push('a'));
    atTurnEnd(() => seen.push('b'));
    seen.push('sync');
    expect(seen).toEqual(['sync']);
    await nextTurn();
    expect(seen).toEqual(['sync', 'a', 'b']);
    await nextTurn();
    expect(seen).toEqual(['sync', 'a', 'b']);
  });

  test('a task queued by a task runs on a later turn, after the immediates queued before it', async () => {
    const seen: string[] = [];
    atTurnEnd(() => {
      seen.push('first');
      setImmediate(() => seen.push('immediate'));
      atTurnEnd(() => seen.push('second'));
    });
    await nextTurn();
    expect(seen).toEqual(['first', 'immediate', 'second']);
  });
});

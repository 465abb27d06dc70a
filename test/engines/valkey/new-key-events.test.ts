/**
 * The `new` keyspace event (class `n`): redis fires it whenever a key is added to a database
 * (dbAdd), before the command's own event, and never for an overwrite. Stores onto an expired key
 * delete it first (`expired`), so they add. Expiry order needs the virtual clock: the
 * differential suite cannot time active expiry on redis-server.
 */
import { parseReplies, TestEngine } from './support/engine';
import { toPlain } from '../../../src/engines/resp';

function engineWithEvents(flags: string): { e: TestEngine; events: () => string[] } {
  const e = new TestEngine({ config: { 'notify-keyspace-events': flags } });
  const listener = e.newClient();
  e.server.pubsub.subscribe(listener, 'pattern', '__key*__:*');
  return { e, events: () => parseReplies(listener.out.take()).map((v) => (toPlain(v) as string[]).slice(2).join(' ')) };
}

describe('new key events', () => {
  test('fired on add, before the command event, not on overwrite', () => {
    const { e, events } = engineWithEvents('EAn');
    e.run('SET', 'b', '1');
    e.run('SET', 'b', '2');
    e.run('LPUSH', 'l', 'a');
    e.run('LPUSH', 'l', 'b');
    expect(events()).toEqual([
      '__keyevent@0__:new b', '__keyevent@0__:set b',
      '__keyevent@0__:set b',
      '__keyevent@0__:new l', '__keyevent@0__:lpush l',
      '__keyevent@0__:lpush l',
    ]);
  });

  test('only with the n class, on both channel kinds', () => {
    const { e, events } = engineWithEvents('KEn');
    e.run('SET', 'b', '1');
    e.run('SET', 'b', '2');
    e.run('DEL', 'b');
    expect(events()).toEqual(['__keyspace@0__:b new', '__keyevent@0__:new b']);
  });

  test.each([
    [['SUNIONSTORE', 'd', 's'], 'sunionstore'],
    [['SINTERSTORE', 'd', 's'], 'sinterstore'],
    [['ZUNIONSTORE', 'd', '1', 'z'], 'zunionstore'],
    [['MSET', 'd', 'x'], 'set'],
    [['SET', 'd', 'x'], 'set'],
    [['COPY', 's', 'd'], 'copy_to'],
  ])('%j onto an expired key: expired, then new', (argv, event) => {
    const { e, events } = engineWithEvents('EAn');
    e.run('SADD', 's', 'a');
    e.run('ZADD', 'z', '1', 'a');
    e.run('SET', 'd', 'old', 'PX', '10');
    events();
    e.advance(100);
    e.run(...argv);
    expect(events()).toEqual(['__keyevent@0__:expired d', '__keyevent@0__:new d', `__keyevent@0__:${event} d`]);
    expect(e.run('PTTL', 'd')).toBe(-1n);
  });
});

/**
 * MEMORY USAGE of streams compared with a real redis-server holding the same data: the estimate
 * (listpack nodes with the tail's preallocation, the radix tree, groups, consumers and PELs) must
 * stay within 10% of what redis-server reports, across entry sizes, node limits and group sizes.
 */
import { RawSession } from './differential/session';
import { describeIfRedis, useRealAndOurs } from './support/side-by-side';

describeIfRedis('stream memory usage against redis-server', () => {
  const servers = useRealAndOurs();
  let sessions: RawSession[];

  beforeAll(async () => {
    sessions = [await RawSession.open(servers.real.port), await RawSession.open(servers.oursPort)];
  });

  afterAll(() => {
    for (const s of sessions ?? []) s.close();
  });

  async function onBoth(...argv: string[]): Promise<unknown[]> {
    const out: unknown[] = [];
    for (const s of sessions) {
      s.send(argv);
      out.push((await s.reply(5000))?.value.value);
    }
    return out;
  }

  const shapes: [string, string[][]][] = [
    ['ten small entries', [['EVAL', "for i=1,10 do redis.call('XADD', KEYS[1], i..'-0', 'f', 'v') end", '1', 's']]],
    ['a thousand entries in ten nodes', [['EVAL', "for i=1,1000 do redis.call('XADD', KEYS[1], i..'-0', 'field', 'value'..i) end", '1', 's']]],
    ['values of varied sizes', [['EVAL', "for i=1,5000 do redis.call('XADD', KEYS[1], i..'-0', 'field', string.rep('x', i % 50)) end", '1', 's']]],
    ['small nodes', [
      ['CONFIG', 'SET', 'stream-node-max-entries', '5'],
      ['EVAL', "for i=1,500 do redis.call('XADD', KEYS[1], i..'-'..(i % 3), 'a', i, 'b', 'text') end", '1', 's'],
      ['CONFIG', 'SET', 'stream-node-max-entries', '100'],
    ]],
    ['a group with 500 pending entries', [
      ['EVAL', "for i=1,1000 do redis.call('XADD', KEYS[1], i..'-0', 'field', 'value'..i) end", '1', 's'],
      ['XGROUP', 'CREATE', 's', 'g', '0'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '300', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'bob', 'COUNT', '200', 'STREAMS', 's', '>'],
    ]],
  ];

  test.each(shapes)('%s', async (_name, commands) => {
    await onBoth('FLUSHALL');
    for (const argv of commands) await onBoth(...argv);
    const [theirs, mine] = ((await onBoth('MEMORY', 'USAGE', 's')) as bigint[]).map(Number);
    expect(theirs).toBeGreaterThan(0);
    expect(Math.abs(mine - theirs) / theirs).toBeLessThan(0.1);
  });
});

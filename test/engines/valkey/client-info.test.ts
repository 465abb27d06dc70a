/**
 * CLIENT INFO's fields side by side with redis-server: flags, db, subscriptions, the transaction's
 * size and memory (multi, multi-mem, and argv-mem while EXEC runs), output buffer length, last
 * command, tracking redirection, protocol and the query buffer (qbuf, qbuf-free), after sequences
 * that change them. Fields that read the clock or the socket (id, addr, laddr, fd, age, idle) and
 * those that follow the clients cron's timing (rbs, rbp, and tot-mem, which counts rbs) are not
 * compared; client-buffers.test.ts compares those once they have settled.
 */
import { RawSession } from './differential/session';
import { describeIfRedis, useRealAndOurs } from './support/side-by-side';

const VOLATILE = /\b(id|addr|laddr|fd|age|idle|rbs|rbp|tot-mem)=\S*/g;

/** A reply with the volatile fields (and HELLO's id) masked, and bulk lengths dropped (masking changes them). */
function comparable(reply: Buffer): string {
  return reply.toString('latin1').replace(VOLATILE, '$1=*').replace(/^([$=])\d+\r\n/gm, '$1N\r\n').replace(/(\r\nid\r\n):\d+/, '$1:N');
}

const SCENARIOS: Record<string, string[][]> = {
  'a plain client, before and after a write': [['CLIENT', 'INFO'], ['SET', 'a', '1'], ['CLIENT', 'INFO']],
  // One CLIENT INFO in the transaction: the next one's obl would count the first one's line, whose
  // masked fields have lengths of their own on each server.
  'inside EXEC: argv-mem is EXEC\'s, multi-mem counts the queued arguments and their pointers': [
    ['MULTI'], ['SET', 'a', '1'], ['MSET', 'a', '1', 'b', 'twenty characters...'], ['GET', 'a'], ['CLIENT', 'INFO'], ['EXEC'],
  ],
  'watched keys, and a discarded transaction': [['WATCH', 'a', 'b'], ['CLIENT', 'INFO'], ['MULTI'], ['GET', 'a'], ['DISCARD'], ['CLIENT', 'INFO']],
  'RESP3 with a name, a database, no-evict and broadcast tracking': [
    ['HELLO', '3'], ['CLIENT', 'SETNAME', 'n1'], ['SELECT', '2'], ['CLIENT', 'NO-EVICT', 'on'], ['CLIENT', 'TRACKING', 'on', 'BCAST'],
    ['CLIENT', 'INFO'], ['SET', 'x', '1'], ['CLIENT', 'INFO'],
  ],
  'RESP3 subscribed to channels, patterns and shard channels': [
    ['HELLO', '3'], ['SUBSCRIBE', 'c'], ['PSUBSCRIBE', 'p*'], ['SSUBSCRIBE', 's'], ['CLIENT', 'INFO'], ['UNSUBSCRIBE', 'c'], ['CLIENT', 'INFO'],
  ],
  'after a blocking command that timed out and a script': [['BLPOP', 'nolist', '0.01'], ['CLIENT', 'INFO'], ['EVAL', 'return 1', '0'], ['CLIENT', 'INFO']],
};

describeIfRedis('CLIENT INFO agrees with redis-server', () => {
  const servers = useRealAndOurs();

  // First in the file: both servers are fresh. redis' Lua and function engines hold ids 1 and 2.
  test('a fresh server\'s first connection gets the id redis gives it', async () => {
    const sessions = await Promise.all([RawSession.open(servers.real.port), RawSession.open(servers.oursPort)]);
    try {
      const ids = await Promise.all(sessions.map(async (s) => {
        s.send(['CLIENT', 'ID']);
        return (await s.reply(2000))?.raw.toString('latin1');
      }));
      expect(ids[1]).toBe(ids[0]);
      expect(ids[0]).toBe(':3\r\n');
    } finally {
      sessions.forEach((s) => s.close());
    }
  });

  test.each(Object.keys(SCENARIOS))('%s', async (name) => {
    const sessions = await Promise.all([RawSession.open(servers.real.port), RawSession.open(servers.oursPort)]);
    try {
      const transcript: string[][] = [[], []];
      for (const command of SCENARIOS[name]) {
        for (const [i, s] of sessions.entries()) {
          s.send(command);
          const reply = await s.reply(2000);
          transcript[i].push(`${command.join(' ')} -> ${reply ? comparable(reply.raw) : '<none>'}`);
        }
      }
      expect(transcript[1]).toEqual(transcript[0]);
    } finally {
      sessions.forEach((s) => s.close());
    }
  });
});

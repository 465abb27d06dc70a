/**
 * INFO stats' connection counters side by side with redis-server: connections received, reads
 * (every read redis attempts, the one that finds the peer gone included), writes, input bytes and
 * commands, over connections that send commands one by one, pipeline them, and close or QUIT.
 * Output bytes are not compared: they include the INFO replies, whose lengths differ.
 */
import { RawSession } from './differential/session';
import { describeIfRedis, useRealAndOurs } from './support/side-by-side';

const FIELDS = ['total_connections_received', 'total_reads_processed', 'total_writes_processed', 'total_net_input_bytes', 'total_commands_processed'];

describeIfRedis('connection counters agree with redis-server', () => {
  const servers = useRealAndOurs();

  async function counters(session: RawSession): Promise<number[]> {
    session.send(['INFO', 'stats']);
    const info = (await session.reply(2000))!.raw.toString('latin1');
    return FIELDS.map((f) => Number(new RegExp(`^${f}:(\\d+)\r$`, 'm').exec(info)?.[1]));
  }

  /** The workload on one server: three connections, each ended in its own way. */
  async function workload(port: number): Promise<void> {
    const oneByOne = await RawSession.open(port);
    for (const command of [['SET', 'a', 'x'.repeat(100)], ['GET', 'a'], ['PING']]) {
      oneByOne.send(command);
      await oneByOne.reply(2000);
    }
    oneByOne.close();
    const quitting = await RawSession.open(port);
    quitting.send(['INCR', 'n']);
    await quitting.reply(2000);
    quitting.send(['QUIT']);
    await quitting.reply(2000);
    quitting.close();
    const unknown = await RawSession.open(port);
    unknown.send(['NOSUCHCOMMAND', 'x']);
    await unknown.reply(2000);
    unknown.close();
  }

  test('deltas over connections that close, QUIT and fail', async () => {
    const watchers = await Promise.all([RawSession.open(servers.real.port), RawSession.open(servers.oursPort)]);
    try {
      const before = await Promise.all(watchers.map(counters));
      await workload(servers.real.port);
      await workload(servers.oursPort);
      // The servers notice the closed connections on their next reads.
      await new Promise((r) => setTimeout(r, 200));
      const after = await Promise.all(watchers.map(counters));
      const deltas = after.map((values, i) => Object.fromEntries(FIELDS.map((f, j) => [f, values[j] - before[i][j]])));
      expect(deltas[1]).toEqual(deltas[0]);
      // Three connections; a read for each command, for each peer that closed, and for one INFO.
      expect(deltas[0].total_connections_received).toBe(3);
    } finally {
      watchers.forEach((s) => s.close());
    }
  });
});

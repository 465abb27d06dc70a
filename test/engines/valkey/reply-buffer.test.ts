/**
 * The reply buffer redis sizes for each client, side by side with redis-server: CLIENT INFO's
 * `rbs` (its size) and `rbp` (its peak) and INFO's reply_buffer_shrinks and reply_buffer_expands,
 * as the clients cron shrinks an idle buffer to 1 KB and doubles one that replies fill. Steps are
 * 400 ms apart, four cron ticks at hz 10, so both servers have settled before each look.
 */
import { RawSession } from './differential/session';
import { describeIfRedis, useRealAndOurs } from './support/side-by-side';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeIfRedis('reply buffer sizes agree with redis-server', () => {
  const servers = useRealAndOurs();

  test('shrink when idle, grow when replies fill it, counted in INFO', async () => {
    const watchers = await Promise.all([RawSession.open(servers.real.port), RawSession.open(servers.oursPort)]);
    const sessions = await Promise.all([RawSession.open(servers.real.port), RawSession.open(servers.oursPort)]);
    const both = async (...command: string[]) => {
      sessions.forEach((s) => s.send(command));
      return Promise.all(sessions.map(async (s) => (await s.reply(2000))!.raw.toString('latin1')));
    };
    const buffers = async () => (await both('CLIENT', 'INFO')).map((line) => / (rbs=\d+ rbp=\d+) /.exec(line)?.[1]);
    const counters = async () => Promise.all(watchers.map(async (w) => {
      w.send(['INFO', 'stats']);
      const info = (await w.reply(2000))!.raw.toString('latin1');
      return ['reply_buffer_shrinks', 'reply_buffer_expands'].map((f) => Number(new RegExp(`^${f}:(\\d+)\r$`, 'm').exec(info)?.[1]));
    }));
    try {
      // The clients cron's first visit of a new connection resets its peak (see the quirk in the
      // engine's reply buffer model); let it happen on both servers before the first reply, so
      // that the SET's 5-byte reply is the peak each of them shows at the first look.
      await pause(400);
      const before = await counters();
      await both('SET', 'big', 'x'.repeat(5000));
      const seen: (string | undefined)[][] = [];
      await pause(400);
      seen.push(await buffers());
      for (let i = 0; i < 3; i++) {
        await both('GET', 'big');
        await pause(400);
        seen.push(await buffers());
      }
      const after = await counters();
      expect(seen.map((s) => s[1])).toEqual(seen.map((s) => s[0]));
      // Idle: 1 KB, its peak the SET's reply. Then each 5 KB reply fills the buffer and the next tick doubles it.
      expect(seen.map((s) => s[1])).toEqual(['rbs=1024 rbp=5', 'rbs=2048 rbp=1024', 'rbs=4096 rbp=2048', 'rbs=8192 rbp=4096']);
      const deltas = after.map((a, i) => a.map((v, j) => v - before[i][j]));
      expect(deltas[1]).toEqual(deltas[0]);
    } finally {
      [...watchers, ...sessions].forEach((s) => s.close());
    }
  });
});

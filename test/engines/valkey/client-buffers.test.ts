/**
 * CLIENT INFO's buffer figures side by side with redis-server: the query buffer (`qbuf`,
 * `qbuf-free`: redis reads into a 16 KB-room buffer, a big argument into one of its own size, and
 * the clients cron gives idle space back), the client's total memory (`tot-mem`: struct, query
 * and reply buffers, arguments, transaction, subscriptions) and INFO's recent input buffer peak.
 * The reply buffer's peak (`rbp`) depends on when the cron last looked, so it is not compared;
 * its size (`rbs`) is compared once both servers have had time to shrink it.
 */
import { RawSession } from './differential/session';
import { describeIfRedis, useRealAndOurs } from './support/side-by-side';

/** The figures compared, with tot-mem less the reply buffer while the cron may not have run. */
function figures(line: string, settled: boolean): string {
  const field = (name: string) => Number(new RegExp(` ${name}=(\\d+) `).exec(line)?.[1]);
  const fixed = ['qbuf', 'qbuf-free', 'argv-mem', 'multi-mem', 'obl', 'oll', 'omem'].map((f) => `${f}=${field(f)}`);
  const rbs = field('rbs');
  return [...fixed, settled ? `rbs=${rbs} tot-mem=${field('tot-mem')}` : `tot-mem-rbs=${field('tot-mem') - rbs}`].join(' ');
}

describeIfRedis('client buffer figures agree with redis-server', () => {
  const servers = useRealAndOurs();

  test('fresh, inline, pipelined, big argument, transaction, subscribed, idle', async () => {
    const transcripts: string[][] = [];
    for (const port of [servers.real.port, servers.oursPort]) {
      const s = await RawSession.open(port);
      const transcript: string[] = [];
      const run = async (...command: string[]) => {
        s.send(command);
        return (await s.reply(3000))!.raw.toString('latin1');
      };
      const look = async (settled = false) => transcript.push(figures(await run('CLIENT', 'INFO'), settled));
      try {
        await look();
        // Inline, then two commands in one write: the buffer holds both while the second runs.
        for (const bytes of ['CLIENT INFO\r\n', 'PING\r\nCLIENT INFO\r\n']) {
          const { bytes: reply } = await s.raw(Buffer.from(bytes), 100);
          transcript.push(figures(reply.toString('latin1'), false));
        }
        await run('SET', 'big', 'x'.repeat(40_000));
        await look();
        await run('MULTI');
        await run('SET', 'a', 'b');
        await run('GET', 'a');
        await run('EXEC');
        await run('HELLO', '3');
        await run('SUBSCRIBE', 'c1', 'c2');
        await s.reply(3000);
        await run('PSUBSCRIBE', 'p1');
        await look();
        // Idle past 2 s: the cron gives the query buffer's space back and shrinks the reply buffer.
        await new Promise((r) => setTimeout(r, 3500));
        await look(true);
        const info = await run('INFO', 'clients');
        transcript.push(/client_recent_max_input_buffer:\d+/.exec(info)?.[0] ?? 'missing');
      } finally {
        s.close();
      }
      transcripts.push(transcript);
    }
    expect(transcripts[1]).toEqual(transcripts[0]);
    expect(transcripts[0][0]).toBe('qbuf=26 qbuf-free=20448 argv-mem=10 multi-mem=0 obl=0 oll=0 omem=0 tot-mem-rbs=21274');
  }, 30_000);
});

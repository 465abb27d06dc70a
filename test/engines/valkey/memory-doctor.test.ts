/**
 * MEMORY DOCTOR in redis' words, side by side with redis-server (and in Valkey's, beside
 * valkey-server, where installed): an empty instance, a healthy one, too many cached scripts, a
 * client whose replies pile up, and a memory peak. The real server's report also judges its
 * allocator's fragmentation and RSS overhead, which depend on jemalloc and which the engine does
 * not judge (its resident size is V8's): those items are taken out of the real report before the
 * comparison, and a report left with no item reads as the healthy one.
 */
import * as net from 'net';
import { RawSession } from './differential/session';
import { TestEngine } from './support/engine';
import { describeIfRedis, describeIfValkey, SideBySide, useRealAndOurs, useRealValkeyAndOurs } from './support/side-by-side';

const FINE = 'Hi Sam, I can\'t find any memory issue in your instance. I can only account for what occurs on this base.\n';
const intro = (name: string) => `Sam, I detected a few issues in this ${name} instance memory implants:\n\n`;
const OUTRO = 'I\'m here to keep you safe, Sam. I want to help you.\n';
const ALLOCATOR_ITEMS = / \* High (total RSS|allocator fragmentation|allocator RSS overhead|process RSS overhead):[^\n]*\n\n/g;

/** The report's text (the bulk reply's content) without the allocator's items. */
function withoutAllocatorItems(reply: string): string {
  const text = reply.slice(reply.indexOf('\r\n') + 2, -2).replace(ALLOCATOR_ITEMS, '');
  return text === intro('Redis') + OUTRO || text === intro('Valkey') + OUTRO ? FINE : text;
}

describeIfRedis('MEMORY DOCTOR agrees with redis-server', () => {
  doctorScenarios(useRealAndOurs(), 'Redis');
});

describeIfValkey('MEMORY DOCTOR agrees with valkey-server', () => {
  doctorScenarios(useRealValkeyAndOurs(), 'Valkey');
});

/** The scenarios against one real server; `name` is how its report names the server. */
function doctorScenarios(servers: SideBySide, name: string): void {

  async function both(sessions: RawSession[], ...command: string[]): Promise<string[]> {
    sessions.forEach((s) => s.send(command));
    return Promise.all(sessions.map(async (s) => (await s.reply(10_000))?.raw.toString('latin1') ?? '<no reply>'));
  }

  async function doctors(sessions: RawSession[]): Promise<string[]> {
    return (await both(sessions, 'MEMORY', 'DOCTOR')).map(withoutAllocatorItems);
  }

  test('empty, healthy, many scripts, a peak, slow readers', async () => {
    const sessions = await Promise.all([RawSession.open(servers.real.port), RawSession.open(servers.oursPort)]);
    const slowReaders: net.Socket[] = [];
    try {
      const [realEmpty, ourEmpty] = await both(sessions, 'MEMORY', 'DOCTOR');
      expect(ourEmpty).toBe(realEmpty);
      expect(ourEmpty).toContain('Hi Sam, this instance is empty or is using very little memory');

      for (let i = 0; i < 60; i++) await both(sessions, 'SET', `big${i}`, 'x'.repeat(100_000));
      expect(await doctors(sessions)).toEqual([FINE, FINE]);

      for (let i = 0; i <= 1000; i++) await both(sessions, 'SCRIPT', 'LOAD', `return ${i}`);
      const scripts = await doctors(sessions);
      expect(scripts[1]).toBe(scripts[0]);
      expect(scripts[1]).toContain(' * Many scripts: There seem to be many cached scripts in this instance (more than 1000).');
      await both(sessions, 'SCRIPT', 'FLUSH');

      // 15 MB more for a few cron ticks (the peak is taken there), then gone again.
      for (let i = 0; i < 150; i++) await both(sessions, 'SET', `peak${i}`, 'x'.repeat(100_000));
      await new Promise((r) => setTimeout(r, 300));
      for (let i = 0; i < 150; i++) await both(sessions, 'DEL', `peak${i}`);
      const peak = await doctors(sessions);
      expect(peak[1]).toBe(peak[0]);
      expect(peak[1].startsWith(`${intro(name)} * Peak memory: In the past`)).toBe(true);

      // Enough data that the peak no longer counts, then clients that ask for 6 MB twice and read
      // nothing: what the kernel does not take stays in the server's output buffers.
      for (let i = 0; i < 540; i++) await both(sessions, 'SET', `more${i}`, 'x'.repeat(100_000));
      await both(sessions, 'SET', 'huge', 'y'.repeat(6_000_000));
      for (const port of [servers.real.port, servers.oursPort]) {
        const socket = net.connect(port, '127.0.0.1');
        socket.pause();
        slowReaders.push(socket);
      }
      for (const socket of slowReaders) socket.write('*2\r\n$3\r\nGET\r\n$4\r\nhuge\r\n'.repeat(2));
      await new Promise((r) => setTimeout(r, 300));
      const buffers = await doctors(sessions);
      expect(buffers[1]).toBe(buffers[0]);
      expect(buffers[1]).toBe(`${intro(name)} * Big client buffers: The clients output buffers in this instance are greater than 200K per client (on average).${buffers[1].split('(on average).')[1]}`);
    } finally {
      slowReaders.forEach((s) => s.destroy());
      await both(sessions, 'SCRIPT', 'FLUSH');
      await both(sessions, 'FLUSHALL');
      sessions.forEach((s) => s.close());
    }
  }, 60_000);
}

describe('MEMORY DOCTOR on the engine', () => {
  test('a peak over one and a half times what is used now', () => {
    const e = new TestEngine();
    for (let i = 0; i < 200; i++) e.run('SET', `big${i}`, 'x'.repeat(100_000));
    e.server.runCron();
    for (let i = 0; i < 140; i++) e.run('DEL', `big${i}`);
    const report = String(e.run('MEMORY', 'DOCTOR'));
    expect(report).toBe(`Sam, I detected a few issues in this Redis instance memory implants:\n\n${report.split('\n\n')[1]}\n\n${OUTRO}`);
    expect(report).toContain(' * Peak memory: In the past this instance used more than 150% the memory that is currently using.');
  });
});

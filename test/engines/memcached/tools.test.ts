import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { startOurs, startReal, Target } from './support/harness';
import { hasBinary } from '../../support/real-servers';

const run = promisify(execFile);
const describeIfTools = hasBinary('memccapable') && hasBinary('memcached') ? describe : describe.skip;

/** Runs a libmemcached tool; resolves with its exit code and output instead of throwing. */
async function tool(name: string, args: string[], timeout = 120_000): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(name, args, { timeout, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

/** memccapable's per-test verdicts, e.g. ["ascii get [pass]", …]. */
function verdicts(out: string): string[] {
  return out.split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter((l) => /\[(pass|FAIL|skipped)\]$/i.test(l));
}

describeIfTools('libmemcached tools against the engine', () => {
  let ours: Target;
  let real: Target;
  const servers = () => `--servers=127.0.0.1:${ours.port}`;
  beforeAll(async () => {
    [ours, real] = await Promise.all([startOurs(), startReal()]);
  });
  afterAll(async () => {
    await Promise.all([ours?.stop(), real?.stop()]);
  });

  test.each([['ascii', '-a'], ['binary', '-b']])('memccapable (%s) passes as it does against memcached', async (_proto, flag) => {
    const [mine, theirs] = await Promise.all([
      tool('memccapable', ['-h', '127.0.0.1', '-p', String(ours.port), flag, '-t', '10']),
      tool('memccapable', ['-h', '127.0.0.1', '-p', String(real.port), flag, '-t', '10']),
    ]);
    expect(mine.out).toContain('All tests passed');
    expect(mine.code).toBe(0);
    expect(verdicts(mine.out)).toEqual(verdicts(theirs.out));
    expect(verdicts(mine.out).length).toBeGreaterThan(20);
  });

  test('memccp, memccat, memcexist, memctouch, memcrm', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memc-tools-'));
    const file = path.join(dir, 'payload.bin');
    const payload = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
    fs.writeFileSync(file, payload);
    expect((await tool('memccp', [servers(), file])).code).toBe(0);
    const cat = await tool('memccat', [servers(), '--file=' + path.join(dir, 'back.bin'), 'payload.bin']);
    expect(cat.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'back.bin')).equals(payload)).toBe(true);
    expect((await tool('memcexist', [servers(), 'payload.bin'])).code).toBe(0);
    expect((await tool('memctouch', [servers(), '--expire=100', 'payload.bin'])).code).toBe(0);
    expect((await tool('memcrm', [servers(), 'payload.bin'])).code).toBe(0);
    expect((await tool('memcexist', [servers(), 'payload.bin'])).code).not.toBe(0);
    expect((await tool('memccat', [servers(), 'payload.bin'])).code).not.toBe(0);
  });

  test('memcstat reads the stats, memcflush empties the cache', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memc-tools-'));
    const file = path.join(dir, 'kept.txt');
    fs.writeFileSync(file, 'kept');
    await tool('memccp', [servers(), file]);
    const stat = await tool('memcstat', [servers()]);
    expect(stat.code).toBe(0);
    expect(stat.out).toMatch(/curr_items: [1-9]/);
    expect(stat.out).toMatch(/limit_maxbytes: 67108864/);
    expect((await tool('memcflush', [servers()])).code).toBe(0);
    expect((await tool('memccat', [servers(), 'kept.txt'])).code).not.toBe(0);
  });

  test('memcdump lists the keys', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memc-tools-'));
    for (const name of ['dump-a', 'dump-b']) {
      fs.writeFileSync(path.join(dir, name), name);
      await tool('memccp', [servers(), path.join(dir, name)]);
    }
    const dump = await tool('memcdump', [servers()]);
    expect(dump.code).toBe(0);
    expect(dump.out.split('\n')).toEqual(expect.arrayContaining(['dump-a', 'dump-b']));
  });

  test.each([['ascii', []], ['binary', ['--binary']]])('memcslap sets and gets (%s)', async (_proto, extra) => {
    const set = await tool('memcslap', [servers(), '--test=set', '--concurrency=4', '--execute-number=500', ...extra]);
    expect(set.code).toBe(0);
    expect(set.out).toMatch(/Time to set\s+2000 keys/);
    const get = await tool('memcslap', [servers(), '--test=get', '--concurrency=4', '--execute-number=500', ...extra]);
    expect(get.code).toBe(0);
    expect(get.out).toMatch(/Time to get\s+2000 keys/);
    const stat = await tool('memcstat', [servers()]);
    expect(stat.out).toMatch(/get_hits: [1-9]\d{3,}/);
  });
});

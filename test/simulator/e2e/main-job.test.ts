/**
 * The README's main job (`npm run main`): the task's own command, run as a process with its normal
 * flags; it must print every cache of the example app with its endpoints, then stop by itself.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..', '..');

/** The command of the projen `main` task. */
function mainTaskCommand(): string {
  const tasks = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf8')) as { tasks: Record<string, { steps: { exec?: string }[] }> };
  return tasks.tasks.main.steps[0].exec!;
}

test('npm run main prints every cache of the example app with its endpoints and stops', async () => {
  const [tool, ...args] = mainTaskCommand().split(' ');
  expect(tool).toBe('ts-node');
  const result = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = execFile(path.join(ROOT, 'node_modules', '.bin', tool), args, { cwd: ROOT, timeout: 110_000 }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out, err });
    });
    child.stdin?.end();
  });
  expect({ code: result.code, err: result.err.slice(-2000) }).toEqual({ code: 0, err: expect.stringMatching(/Stopped\.\n$/) });
  const { out } = result;
  expect(out).toContain('6 cache(s) running; ids: sessions, pages, fragments, profiles, events, events-west.');
  const endpoints: [string, RegExp][] = [
    ['sessions', /^sessions-[a-z0-9]{6}\.serverless\.use1\.cache\.amazonaws\.com:6379$/],
    ['pages', /^pages-[a-z0-9]{6}\.serverless\.use1\.cache\.amazonaws\.com:11211$/],
    ['fragments', /^fragments\.[a-z0-9]{6}\.cfg\.use1\.cache\.amazonaws\.com:11222$/],
    ['profiles', /^master\.profiles\.[a-z0-9]{6}\.use1\.cache\.amazonaws\.com:6380$/],
    ['events', /^clustercfg\.events\.[a-z0-9]{6}\.use1\.cache\.amazonaws\.com:6379$/],
    ['events-west', /^clustercfg\.events-west\.[a-z0-9]{6}\.usw2\.cache\.amazonaws\.com:6379$/],
  ];
  for (const [id, hostname] of endpoints) {
    const row = out.split('\n').find((line) => line.startsWith(`${id} `));
    expect([id, row]).toEqual([id, expect.stringMatching(/ 127\.0\.0\.1:\d+$/)]);
    const hosts = row!.split(/ +/).filter((field) => field.includes('.cache.amazonaws.com:'));
    expect([id, hosts]).toEqual([id, [expect.stringMatching(hostname)]]);
  }
  // Passwords and tokens stay masked without --show-secrets.
  expect(out).toContain('********');
}, 120_000);

import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { Session } from './support/harness';

/** `cdk-elasticache engine memcached` as a real child process (TypeScript sources, transpiled on load). */
const ROOT = path.resolve(__dirname, '../../..');

function startCli(args: string[]): { child: ChildProcess; output: Promise<string>; ready: Promise<string> } {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', `require(${JSON.stringify(path.join(ROOT, 'src/cli/main'))}).main(process.argv.slice(1))`, ...args], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_COMPILER_OPTIONS: '{"module":"commonjs","moduleResolution":"node"}' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const output = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(`${out}exit=${code ?? signal}`)));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /memcached engine ready on (\S+)\n/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve(m[1]);
      }
    }, 20);
    void output.then((o) => {
      clearInterval(timer);
      reject(new Error(o));
    });
  });
  // Error cases never become ready; only tests that wait for readiness see the rejection.
  ready.catch(() => undefined);
  return { child, output, ready };
}

describe('cdk-elasticache engine memcached', () => {
  test.each(['SIGTERM', 'SIGINT'] as const)('prints one ready line, serves, and stops cleanly on %s', async (signal) => {
    const { child, output, ready } = startCli(['engine', 'memcached', '--port', '0', '--memory-limit', '16', '--config', 'max_item_size=2m', '--config', 'cas_disabled=1']);
    const address = await ready;
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    const s = await Session.open(Number(address.split(':')[1]));
    expect((await s.text('stats settings\r\n')).toString()).toMatch(/STAT maxbytes 16777216\r\n[\s\S]*STAT cas_enabled no\r\n[\s\S]*STAT item_size_max 2097152\r\n/);
    s.close();
    child.kill(signal);
    const out = await output;
    expect(out).toMatch(/^memcached engine ready on 127\.0\.0\.1:\d+\nexit=0$/);
  });

  test.each([
    [['--config', 'bogus=1'], 'unknown parameter "bogus"'],
    [['--config', 'idle_timeout'], "--config expects name=value, got 'idle_timeout'"],
    [['--memory-limit', 'lots'], "--memory-limit expects a positive number of megabytes, got 'lots'"],
    [['--port', '70000'], "--port expects 0..65535, got '70000'"],
  ])('refuses %j with a clear message', async (args, message) => {
    const { output } = startCli(['engine', 'memcached', '--port', '0', ...args]);
    const out = await output;
    expect(out).toContain(message);
    expect(out).toMatch(/exit=1$/);
  });
});

/** `cdk-elasticache engine valkey`: ready line, options, clean stop on SIGTERM/SIGINT and SHUTDOWN. */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import Redis from 'ioredis';
import { parseConfigPairs } from '../../../src/cli/commands/engine';
import { freePort, onFreePort } from '../../support/ports';

const ROOT = path.join(__dirname, '..', '..', '..');

function startCli(args: string[]): { child: ChildProcess; ready: Promise<string>; exit: Promise<number | null>; stderr: () => string } {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e',
    `require('./src/cli/main').main(${JSON.stringify(['engine', 'valkey', ...args])})`], { cwd: ROOT });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => { err += d; });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', () => reject(new Error(`exited before ready: ${err}`)));
  });
  return { child, ready, exit, stderr: () => err };
}

/** Starts the command on a free port; retried on a new port if another test file took it first. */
async function startCliOnFreePort(args: (port: number) => string[]): Promise<{ port: number; run: ReturnType<typeof startCli>; line: string }> {
  const { port, value } = await onFreePort(async (p) => {
    const run = startCli(args(p));
    try {
      return { run, line: await run.ready };
    } catch (err) {
      if (run.stderr().includes('EADDRINUSE')) throw Object.assign(new Error(run.stderr()), { code: 'EADDRINUSE' });
      throw err;
    }
  });
  return { port, ...value };
}

describe('engine valkey command', () => {
  test('prints its address when ready, serves with its options, stops cleanly on SIGTERM', async () => {
    const { port, run, line } = await startCliOnFreePort((p) => ['--port', String(p), '--requirepass', 'pw', '--config', 'hz=20', '--config', 'maxmemory-policy=allkeys-lru']);
    expect(line).toBe(`valkey engine ready on 127.0.0.1:${port}`);
    const client = new Redis({ port, host: '127.0.0.1', password: 'pw' });
    expect(await client.config('GET', 'hz')).toEqual(['hz', '20']);
    expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'allkeys-lru']);
    client.disconnect();
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
  }, 60_000);

  test('stops on SIGINT too', async () => {
    const { run } = await startCliOnFreePort((p) => ['--port', String(p)]);
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
  }, 60_000);

  /** Sends one command on a new connection; what came back before the server closed it, or 'open'. */
  async function sendAndWatch(port: number, command: string): Promise<string> {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (d) => { received += d.toString('latin1'); });
    socket.write(command);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        socket.destroy();
        resolve(`open, received ${JSON.stringify(received)}`);
      }, 3000);
      socket.on('close', () => {
        clearTimeout(timer);
        resolve(`closed, received ${JSON.stringify(received)}`);
      });
    });
  }

  test('SHUTDOWN closes the connection without a reply and the process exits', async () => {
    const { port, run } = await startCliOnFreePort((p) => ['--port', String(p)]);
    expect(await sendAndWatch(port, 'SHUTDOWN NOSAVE\r\n')).toBe('closed, received ""');
    expect(await run.exit).toBe(0);
    expect(run.stderr()).toContain('Redis is now ready to exit, bye bye...');
  }, 60_000);

  test('a Valkey 8 engine says goodbye as valkey-server does', async () => {
    const { port, run } = await startCliOnFreePort((p) => ['--port', String(p), '--valkey-version', '8.0.1']);
    expect(await sendAndWatch(port, 'SHUTDOWN NOSAVE\r\n')).toBe('closed, received ""');
    expect(await run.exit).toBe(0);
    expect(run.stderr()).toContain('Valkey is now ready to exit, bye bye...');
  }, 60_000);

  test('SHUTDOWN SAVE writes the final snapshot; a failed save keeps the server up unless FORCE', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-shutdown-'));
    try {
      const { port, run } = await startCliOnFreePort((p) => ['--port', String(p), '--config', `dir=${dir}`, '--config', 'save=3600 1']);
      await sendAndWatch(port, 'SET a 1\r\nQUIT\r\n');
      // The directory goes away: the save that save points ask for fails, and so does the shutdown.
      fs.rmSync(dir, { recursive: true });
      expect(await sendAndWatch(port, 'SHUTDOWN\r\nPING\r\nQUIT\r\n')).toBe('closed, received "-ERR Errors trying to SHUTDOWN. Check logs.\\r\\n+PONG\\r\\n+OK\\r\\n"');
      fs.mkdirSync(dir);
      expect(await sendAndWatch(port, 'SHUTDOWN\r\n')).toBe('closed, received ""');
      expect(await run.exit).toBe(0);
      expect(fs.readFileSync(path.join(dir, 'dump.rdb')).subarray(0, 5).toString()).toBe('REDIS');
      expect(run.stderr()).toContain('Saving the final RDB snapshot before exiting.');

      const second = await startCliOnFreePort((p) => ['--port', String(p), '--config', `dir=${dir}`]);
      fs.rmSync(dir, { recursive: true });
      expect(await sendAndWatch(second.port, 'SHUTDOWN SAVE FORCE\r\n')).toBe('closed, received ""');
      expect(await second.run.exit).toBe(0);
      expect(second.run.stderr()).toContain('Error trying to save the DB. Exit anyway.');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  test('bad configuration fails with the CONFIG SET message', async () => {
    const port = await freePort();
    const run = startCli(['--port', String(port), '--config', 'maxmemory=lots']);
    await expect(run.ready).rejects.toThrow('argument must be a memory value');
    expect(await run.exit).toBe(1);
  }, 60_000);

  test('parseConfigPairs', () => {
    expect(parseConfigPairs(['a=1', 'b=x=y', 'save='])).toEqual({ a: '1', b: 'x=y', save: '' });
    expect(() => parseConfigPairs(['novalue'])).toThrow("--config expects name=value, got 'novalue'");
  });
});

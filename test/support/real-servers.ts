import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { freePort, waitForPort } from './ports';

/** A real server process started by a test. Always `stop()` it in `afterAll`. */
export interface RealServer {
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

/** True when the binary is on PATH (CI installs redis-server, memcached and libmemcached-tools). */
export function hasBinary(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

async function startProcess(command: string, args: (port: number) => string[]): Promise<RealServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(command, args(port), { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => { stderr += d; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPort(port);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${command} did not start: ${(e as Error).message}\n${stderr}`);
  }
  return {
    port,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Starts a real `redis-server` on 127.0.0.1 and a free port, with no persistence, in a temporary
 * directory. Extra config directives are passed as `--name value` pairs.
 */
export async function startRedisServer(config: Record<string, string> = {}): Promise<RealServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'real-redis-'));
  return startProcess('redis-server', (port) => [
    '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--dir', dir, '--daemonize', 'no', '--protected-mode', 'no',
    ...Object.entries(config).flatMap(([k, v]) => [`--${k}`, v]),
  ]);
}

/** Starts a real `memcached` on 127.0.0.1 and a free port. Extra arguments are appended as given. */
export async function startMemcached(extraArgs: string[] = []): Promise<RealServer> {
  // memcached refuses to run as root unless told which user to run as.
  const asRoot = process.getuid?.() === 0 ? ['-u', 'root'] : [];
  return startProcess('memcached', (port) => ['-l', '127.0.0.1', '-p', String(port), '-U', '0', ...asRoot, ...extraArgs]);
}

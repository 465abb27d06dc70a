import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { freePort } from './ports';

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

/**
 * Whether process `pid` holds the socket listening on 127.0.0.1:`port` (Linux /proc; elsewhere
 * only whether something listens). Sends no command, so the server's counters stay untouched.
 */
async function listensOn(pid: number, port: number): Promise<boolean> {
  if (!fs.existsSync('/proc/net/tcp')) return canConnect(port);
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const inodes = fs.readFileSync('/proc/net/tcp', 'latin1').split('\n').slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f[1] === local && f[3] === '0A')
    .map((f) => `socket:[${f[9]}]`);
  if (inodes.length === 0) return false;
  let fds: string[];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  return fds.some((fd) => {
    try {
      return inodes.includes(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
    } catch {
      return false;
    }
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Spawns the server on a free port and waits until this child listens on it. Another test file
 * may take the port between `freePort()` and the bind: then the child exits ("address in use")
 * and we retry on a new port, instead of talking to someone else's server.
 */
async function startProcess(command: string, args: (port: number) => string[], attempts = 5): Promise<RealServer> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child: ChildProcess = spawn(command, args(port), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d) => { stderr += d; });
    let hasExited = false;
    const exited = new Promise<void>((resolve) => child.once('exit', () => { hasExited = true; resolve(); }));
    const deadline = Date.now() + 15_000;
    let ready = false;
    while (!hasExited && Date.now() < deadline) {
      if (await listensOn(child.pid!, port)) { ready = true; break; }
      await new Promise((r) => setTimeout(r, 25));
    }
    if (!ready) {
      if (!hasExited) {
        child.kill('SIGKILL');
        await exited;
      }
      if (attempt < attempts && Date.now() < deadline) continue; // lost the port to another process
      throw new Error(`${command} did not start on 127.0.0.1:${port}\n${stderr}`);
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
}

/**
 * Starts a real `redis-server` on 127.0.0.1 and a free port, with no persistence, in a temporary
 * directory. Extra config directives are passed as `--name value` pairs.
 */
export async function startRedisServer(config: Record<string, string> = {}): Promise<RealServer> {
  return startRespServer('redis-server', config);
}

/** As startRedisServer, with a real `valkey-server` (8.0 and later). */
export async function startValkeyServer(config: Record<string, string> = {}): Promise<RealServer> {
  return startRespServer('valkey-server', config);
}

/** The installed valkey-server's release (`8.0.1`), or undefined when there is none. */
export function installedValkeyVersion(): string | undefined {
  const out = spawnSync('valkey-server', ['--version'], { encoding: 'utf8' });
  return out.status === 0 ? /\bv=(\d+\.\d+\.\d+)/.exec(out.stdout)?.[1] : undefined;
}

async function startRespServer(binary: string, config: Record<string, string>): Promise<RealServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'real-redis-'));
  return startProcess(binary, (port) => [
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

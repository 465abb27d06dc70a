/**
 * Real redis-server processes for the simulator benchmark's reference lines: one plain server, a
 * one-node cluster, and a cluster of shards × (1 + replicas) servers in cluster mode, made with
 * `redis-cli --cluster create` and waited for until every slot is served and every replica is in
 * sync. Each process is a child of this one, on 127.0.0.1 and a free port, stopped by its own id.
 */
import { ChildProcess, execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { freePort } from './processes';

const run = promisify(execFile);

/** One or more server processes behind one entry port. */
export interface ServerGroup {
  readonly label: string;
  /** Where clients connect first (the cluster's seed node). */
  readonly port: number;
  /** Every process of the group, whose CPU time the benchmark adds up. */
  readonly pids: readonly number[];
  stop(): Promise<void>;
}

export function hasRedisServer(): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => fs.existsSync(path.join(dir, 'redis-server')));
}

async function redisCli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-p', String(port), ...args]);
  return stdout;
}

async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function spawnServer(dir: string, port: number, extra: string[]): Promise<ChildProcess> {
  const child = spawn('redis-server', [
    '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extra,
  ], { stdio: 'ignore' });
  await waitFor(`redis-server on port ${port}`, async () => (await redisCli(port, 'PING')).trim() === 'PONG');
  return child;
}

async function stopAll(children: ChildProcess[], dir: string): Promise<void> {
  await Promise.all(children.map((child) => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  })));
  fs.rmSync(dir, { recursive: true, force: true });
}

/** One redis-server with these settings (`name value` pairs). */
export async function startRedisServer(settings: string[]): Promise<ServerGroup> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-redis-'));
  const port = await freePort();
  const child = await spawnServer(dir, port, settings);
  return { label: 'redis-server', port, pids: [child.pid!], stop: () => stopAll([child], dir) };
}

/**
 * A redis cluster of `shards` primaries with `replicas` replicas each, all slots assigned (one
 * shard only without replicas: a one-node cluster).
 */
export async function startRedisCluster(shards: number, replicas: number, settings: string[]): Promise<ServerGroup> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-redis-cluster-'));
  const children: ChildProcess[] = [];
  const oneNode = shards === 1 && replicas === 0;
  try {
    const ports: number[] = [];
    for (let i = 0; i < shards * (1 + replicas); i++) {
      const port = await freePort();
      ports.push(port);
      // A node learns its own address from the peers it meets; a one-node cluster has none and
      // would list itself without an address in CLUSTER SLOTS, where clients look for it.
      children.push(await spawnServer(dir, port, ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-announce-ip', '127.0.0.1', ...settings]));
    }
    if (oneNode) {
      // `redis-cli --cluster create` wants three primaries at least: one node takes every slot itself.
      await redisCli(ports[0], 'CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
    } else {
      await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', String(replicas), '--cluster-yes']);
    }
    await waitFor('cluster state ok on every node', async () => {
      for (const port of ports) if (!(await redisCli(port, 'CLUSTER', 'INFO')).includes('cluster_state:ok')) return false;
      return true;
    });
    await waitFor('every replica in sync', async () => {
      let synced = 0;
      for (const port of ports) {
        const info = await redisCli(port, 'INFO', 'replication');
        if (info.includes('role:slave') && info.includes('master_link_status:up')) synced++;
      }
      return synced === shards * replicas;
    });
    return {
      label: oneNode ? 'redis cluster (one node)' : `redis cluster (${shards} shards × ${replicas} replicas)`,
      port: ports[0],
      pids: children.map((c) => c.pid!),
      stop: () => stopAll(children, dir),
    };
  } catch (err) {
    await stopAll(children, dir);
    throw err;
  }
}

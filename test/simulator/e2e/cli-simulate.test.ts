import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Redis from 'ioredis';
import { accepts } from './support';
import { renderSimulation, runSimulate, SimulateIo } from '../../../src/cli/commands/simulate';
import { loadTopology } from '../../../src/simulator/model';
import { CacheRuntimeRegistry, Simulation } from '../../../src/simulator/runtime';
import { freePort } from '../../support/ports';

const TEMPLATE = `
Resources:
  Sessions:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      ReplicationGroupId: cli-sessions
      Engine: valkey
      CacheNodeType: cache.t4g.micro
      NumCacheClusters: 2
      AutomaticFailoverEnabled: true
      TransitEncryptionEnabled: true
      AuthToken: cli-token-0123456789
`;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-simulate-'));
const file = path.join(dir, 'template.yaml');
fs.writeFileSync(file, TEMPLATE);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Captures output; `whenRunning` runs while the simulation is up, then the stop signal fires. */
function io(whenRunning: (out: string) => Promise<void>): SimulateIo & { out: (t: string) => void; text: { out: string; err: string } } {
  const text = { out: '', err: '' };
  return {
    text,
    out: (t) => { text.out += t; },
    err: (t) => { text.err += t; },
    stopSignal: async () => {
      await whenRunning(text.out);
      return 'SIGINT';
    },
  };
}

describe('cdk-elasticache simulate', () => {
  test('prints each endpoint with its local address, TLS and masked credentials, runs until stopped, then frees its ports', async () => {
    let ports: number[] = [];
    const capture = io(async (out) => {
      ports = [...out.matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
      const ca = fs.readFileSync(/trust the simulator CA in (\S+) /.exec(out)![1], 'utf8');
      const client = new Redis({ port: ports[0], tls: { ca }, password: 'cli-token-0123456789', disconnectTimeout: 50 });
      try {
        expect(await client.ping()).toBe('PONG');
      } finally {
        client.disconnect();
      }
    });
    await runSimulate({ template: file, seed: 'cli' }, capture);
    const { out, err } = capture.text;
    expect(out).toMatch(/^CACHE +KIND +ENGINE +TLS +ENDPOINT +HOSTNAME +LOCAL$/m);
    expect(out).toMatch(/cli-sessions +replication group +valkey \d+\.\d +required +primary +master\.cli-sessions\.[a-z0-9]{6}\.use1\.cache\.amazonaws\.com:6379 +127\.0\.0\.1:\d+/);
    expect(out).toMatch(/node cli-sessions-002 \(replica\)/);
    expect(out).toContain('cli-sessions: AUTH token ********');
    expect(out).not.toContain('cli-token-0123456789');
    expect(err).toContain('Running. Stop with Ctrl-C.');
    expect(err).toMatch(/SIGINT: stopping\.\nStopped\.\n$/);
    expect(ports).toHaveLength(4);
    expect(out).toContain('1 cache(s) running; ids: cli-sessions.');
    for (const port of ports) expect(await accepts(port)).toBe(false);
  });

  test('--show-secrets and --json', async () => {
    const shown = io(async () => undefined);
    await runSimulate({ template: file, seed: 'cli', showSecrets: true, once: true }, shown);
    expect(shown.text.out).toContain('cli-sessions: AUTH token cli-token-0123456789');
    const json = io(async () => undefined);
    await runSimulate({ template: file, seed: 'cli', json: true, once: true }, json);
    const described = JSON.parse(json.text.out);
    const sessions = described.caches.find((c: { id: string }) => c.id === 'cli-sessions');
    expect(sessions.auth).toEqual({ mode: 'auth-token', authToken: '********' });
    expect(sessions.runtime.status).toBe('running');
    expect(sessions.runtime.endpoints[0]).toMatchObject({ kind: 'primary', servicePort: 6379, tls: 'required', address: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
  });

  test('caches without a runtime are listed as not started, with the reason', async () => {
    const topology = loadTopology({ templateFile: file }, { seed: 'cli' });
    const sim = await Simulation.start(topology, { runtimes: new CacheRuntimeRegistry() });
    try {
      const text = renderSimulation(sim, { showSecrets: false });
      expect(text).toContain('Not started:\n  cli-sessions (replication group): no runtime for replication-group caches');
      expect(text).toContain('0 cache(s) running, 1 not started');
      expect(() => sim.cache('cli-sessions')).toThrow('cli-sessions is not running: no runtime for replication-group caches.');
    } finally {
      await sim.stop();
    }
  });

  test('exactly one input is required', async () => {
    await expect(runSimulate({ template: file, assembly: dir }, io(async () => undefined))).rejects.toThrow('give exactly one of --app <command>, --assembly <dir> or --template <file>');
  });

  test('as a process: Ctrl-C stops it cleanly', async () => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', "require('./src/cli/main').main(process.argv.slice(1))", 'simulate', '--template', file, '--seed', 'cli'], {
      cwd: path.join(__dirname, '..', '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 50_000;
    while (!err.includes('Running. Stop with Ctrl-C.')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the simulator did not start:\n${err}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(out)![1]);
    expect(await accepts(port)).toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(err).toMatch(/SIGINT: stopping\.\nStopped\.\n$/);
    expect(await accepts(port)).toBe(false);
  }, 60_000);
});

test('the cache table counts shards and nodes in the singular when there is one', async () => {
  const single = path.join(dir, 'one-of-each.yaml');
  fs.writeFileSync(single, `
Resources:
  Shard:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: one shard
      ReplicationGroupId: cli-one-shard
      Engine: valkey
      EngineVersion: '7.2'
      CacheNodeType: cache.t4g.micro
      NumNodeGroups: 1
      ReplicasPerNodeGroup: 0
      AutomaticFailoverEnabled: true
      CacheParameterGroupName: default.valkey7.cluster.on
  Pages:
    Type: AWS::ElastiCache::CacheCluster
    Properties:
      ClusterName: cli-one-node
      Engine: memcached
      CacheNodeType: cache.t4g.micro
      NumCacheNodes: 1
`);
  const run = io(async () => undefined);
  await runSimulate({ template: single, seed: 'cli', once: true }, run);
  expect(run.text.out).toMatch(/cli-one-shard +cluster \(1 shard\) /);
  expect(run.text.out).toMatch(/cli-one-node +memcached \(1 node\) /);
});

/** A CDK app as a plain Node script: two stacks, one cache each (synthesized into CDK_OUTDIR). */
const APP_SCRIPT = `
const { App, Stack } = require(${JSON.stringify(require.resolve('aws-cdk-lib'))});
const elasticache = require(${JSON.stringify(require.resolve('aws-cdk-lib/aws-elasticache'))});
const app = new App();
const env = { account: '111122223333', region: 'us-east-1' };
new elasticache.CfnReplicationGroup(new Stack(app, 'CliGroups', { env }), 'Group', {
  replicationGroupDescription: 'g', replicationGroupId: 'cli-group', engine: 'valkey', cacheNodeType: 'cache.t4g.micro', numCacheClusters: 1,
});
new elasticache.CfnCacheCluster(new Stack(app, 'CliPages', { env }), 'Pages', {
  clusterName: 'cli-pages', engine: 'memcached', cacheNodeType: 'cache.t4g.micro', numCacheNodes: 2,
});
app.synth();
`;

describe('cdk-elasticache simulate: inputs, stacks, ports and state', () => {
  const appFile = path.join(dir, 'app.js');
  fs.writeFileSync(appFile, APP_SCRIPT);
  const appCommand = `"${process.execPath}" "${appFile}"`;

  test('--app synthesizes the app; --stack picks a stack; --base-port numbers the listeners from there; progress goes to stderr', async () => {
    const base = await freePort();
    const run = io(async () => undefined);
    await runSimulate({ app: appCommand, stack: ['CliPages'], basePort: String(base), seed: 'cli', once: true }, run);
    const { out, err } = run.text;
    expect(err.split('\n').slice(0, 5)).toEqual([
      `Synthesizing: ${appCommand}`,
      'cli-pages: starting memcached-cluster',
      'cli-pages: available',
      expect.stringMatching(/^Started in \d+ ms\.$/),
      'Stopped.',
    ]);
    expect(out).toContain('1 cache(s) running; ids: cli-pages.');
    expect(out).not.toContain('cli-group');
    // A configuration endpoint and two nodes, on ports counted from the base (busy ones skipped).
    const ports = [...out.matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
    expect(ports).toHaveLength(3);
    for (const port of ports) expect(port).toBeGreaterThanOrEqual(base);
    expect(Math.max(...ports)).toBeLessThan(base + 100);
  }, 60_000);

  test('--assembly starts every stack of a synthesized cloud assembly, or the ones --stack names', async () => {
    const outdir = fs.mkdtempSync(path.join(dir, 'assembly-'));
    execFileSync(process.execPath, [appFile], { env: { ...process.env, CDK_OUTDIR: outdir } });
    const all = io(async () => undefined);
    await runSimulate({ assembly: outdir, seed: 'cli', once: true }, all);
    expect(all.text.out).toContain('2 cache(s) running; ids: cli-group, cli-pages.');
    const one = io(async () => undefined);
    await runSimulate({ assembly: outdir, stack: ['CliGroups'], seed: 'cli', once: true }, one);
    expect(one.text.out).toContain('1 cache(s) running; ids: cli-group.');
  }, 60_000);

  test('--state-dir keeps the CA between runs (clients keep trusting it), and its file is printed', async () => {
    const stateDir = fs.mkdtempSync(path.join(dir, 'state-'));
    const first = io(async () => undefined);
    await runSimulate({ template: file, seed: 'cli', stateDir, once: true }, first);
    const caFile = path.join(stateDir, 'tls', 'ca.pem');
    expect(first.text.out).toContain(`trust the simulator CA in ${caFile} `);
    const ca = fs.readFileSync(caFile, 'utf8');
    expect(ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const second = io(async (out) => {
      const port = Number(/127\.0\.0\.1:(\d+)/.exec(out)![1]);
      const client = new Redis({ port, tls: { ca }, password: 'cli-token-0123456789', disconnectTimeout: 50, maxRetriesPerRequest: 0 });
      try {
        expect(await client.ping()).toBe('PONG');
      } finally {
        client.disconnect();
      }
    });
    await runSimulate({ template: file, seed: 'cli', stateDir }, second);
    expect(fs.readFileSync(caFile, 'utf8')).toBe(ca);
    expect(second.text.err).toMatch(/SIGINT: stopping\.\nStopped\.\n$/);
  }, 60_000);
});

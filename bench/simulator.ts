/**
 * Simulator benchmark, in one run:
 *
 * 1. Start time of the example app's topology: each round is a fresh node process (the compiled
 *    library) that loads the synthesized cloud assembly and starts every cache the simulator runs;
 *    it reports the time to read the templates and the time until every listener is up. Median of
 *    the rounds (and the slowest).
 * 2. Throughput of a cluster-mode-enabled group of 3 shards × 2 replicas (the simulator in its own
 *    process, `cdk-elasticache simulate`) through its configuration endpoint with ioredis `Cluster`,
 *    against a single engine node, measured two ways: as a one-node cluster-mode group (one shard,
 *    no replica, in a simulator process of its own) through its configuration endpoint with the
 *    same ioredis `Cluster` client, and as a standalone node (`cdk-elasticache engine valkey` in its
 *    own process) with a plain ioredis client. Every node is configured as one cache.r7g.large
 *    node (the same maxmemory and eviction policy). The first ratio compares topologies with the
 *    client held equal; the second also charges the group for its client library's extra work.
 *    The load comes from separate generator processes (bench/support/load-generator.ts), the same
 *    number for every side, with the same workers (50% SET / 50% GET over random keys) for the
 *    same time, so neither the client library's CPU time nor a single client's event loop is
 *    charged to a server. Rounds rotate which side goes first; medians and their ratios, each
 *    server process' CPU time per operation and how busy it was, and the clients' CPU time per
 *    operation. Once with each client sending every command on its own, once with ioredis
 *    auto-pipelining (commands of one event-loop turn batched). Each side first gets one
 *    unmeasured round of the same load (warm-up).
 * 3. Where redis-server is installed, the reference: the same load and the same method on real
 *    redis-server, a cluster of 3 shards × 2 replicas in nine processes (bench/support/redis-cluster.ts)
 *    against a one-node redis cluster and one plain redis-server with the single node's settings,
 *    so the ratios of part 2 can be read against what the same structure costs redis itself on
 *    this machine.
 *
 * BENCH_NODE_FLAGS adds Node/V8 flags to the simulator's and the single node's processes (an A/B run
 * of a runtime setting, or `--cpu-prof --cpu-prof-dir=DIR` for a profile of each).
 *
 * Run with `npm run bench` (compiles first). Prints a table and writes bench/results/simulator.json.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { addExampleStacks } from '../examples/example-app';
import { LoadFleet } from './support/load-fleet';
import { cpuSeconds, freePort, median } from './support/processes';
import { hasRedisServer, ServerGroup, startRedisCluster, startRedisServer } from './support/redis-cluster';

const ROOT = path.resolve(__dirname, '..');
/** The compiled library; BENCH_LIB may point at another build of it. */
const LIB = process.env.BENCH_LIB ?? path.join(ROOT, 'lib');
/** BENCH_NODE_FLAGS adds Node/V8 flags to the measured server processes (for A/B runs or profiles). */
const NODE_FLAGS = process.env.BENCH_NODE_FLAGS?.trim() ? process.env.BENCH_NODE_FLAGS.trim().split(/\s+/) : [];
const START_ROUNDS = Number(process.env.BENCH_START_ROUNDS ?? 5);
const LOAD_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const LOAD_MS = Number(process.env.BENCH_LOAD_MS ?? 5000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 64);
const LOAD_PROCESSES = Number(process.env.BENCH_LOAD_PROCESSES ?? 2);
const KEYSPACE = 100_000;

/** A cluster-mode-enabled group of cache.r7g.large nodes. */
function clusterTemplate(shards: number, replicas: number): string {
  return `
Resources:
  Bench:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: benchmark
      ReplicationGroupId: bench
      Engine: valkey
      EngineVersion: '7.2'
      CacheNodeType: cache.r7g.large
      NumNodeGroups: ${shards}
      ReplicasPerNodeGroup: ${replicas}
      AutomaticFailoverEnabled: true
      CacheParameterGroupName: default.valkey7.cluster.on
      TransitEncryptionEnabled: false
`;
}

/** Runs a node script in a fresh process and returns what it printed on stdout. */
function runNode(script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`benchmark child exited with ${code}`))));
  });
}

interface StartRound {
  readonly topologyMs: number;
  readonly startMs: number;
  readonly caches: number;
  readonly nodes: number;
}

/** One cold start of the example app's topology in a fresh process. */
async function coldStart(assemblyDir: string): Promise<StartRound> {
  const script = `
    const { loadTopology } = require(${JSON.stringify(path.join(LIB, 'simulator'))});
    const { Simulation } = require(${JSON.stringify(path.join(LIB, 'simulator', 'runtime'))});
    (async () => {
      const t0 = performance.now();
      const topology = loadTopology({ assemblyDir: ${JSON.stringify(assemblyDir)} }, { seed: 'bench' });
      const t1 = performance.now();
      const sim = await Simulation.start(topology);
      const t2 = performance.now();
      const nodes = sim.caches.reduce((n, c) => n + c.nodes().length, 0);
      process.stdout.write(JSON.stringify({ topologyMs: t1 - t0, startMs: t2 - t1, caches: sim.caches.length, nodes }));
      await sim.stop();
    })().catch((e) => { console.error(e); process.exit(1); });`;
  return JSON.parse(await runNode(script));
}

type Server = ServerGroup;

/** Starts the CLI with these arguments; resolves once `ready(stdout)` gives a port. */
function startCli(label: string, args: string[], ready: (stdout: string) => number | undefined): Promise<Server> {
  return new Promise((resolve, reject) => {
    const entry = `require(${JSON.stringify(path.join(LIB, 'cli', 'main'))}).main(process.argv.slice(1))`;
    const child: ChildProcess = spawn(process.execPath, [...NODE_FLAGS, '-e', entry, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    let out = '';
    let err = '';
    child.stderr!.on('data', (d) => { err += d; });
    child.stdout!.on('data', (d) => {
      out += d;
      const port = ready(out);
      if (port !== undefined) {
        resolve({
          label,
          port,
          pids: [child.pid!],
          async stop() {
            child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`${label} exited with ${code}: ${err}`)));
  });
}

async function startSimulator(label: string, templateFile: string): Promise<Server> {
  return startCli(label, ['simulate', '--template', templateFile, '--json', '--seed', 'bench'], (out) => {
    try {
      const described = JSON.parse(out);
      const endpoint = described.caches[0].runtime.endpoints.find((e: { kind: string }) => e.kind === 'configuration');
      return Number(endpoint.address.split(':')[1]);
    } catch {
      return undefined;
    }
  });
}

/** Data memory of one cache.r7g.large node (maxmemory minus 25% reserved), as the simulator gives its nodes. */
const NODE_MAXMEMORY = String(Math.floor(14037181030 * 0.75));

async function startEngine(): Promise<Server> {
  const port = await freePort();
  const config = ['--config', `maxmemory=${NODE_MAXMEMORY}`, '--config', 'maxmemory-policy=volatile-lru'];
  return startCli('single engine node', ['engine', 'valkey', '--port', String(port), ...config], (out) => (out.includes('ready') ? port : undefined));
}

interface LoadResult {
  readonly opsPerSecond: number;
  readonly cpuMicrosPerOp: number | undefined;
  /** Share of one CPU the server processes used during the round. */
  readonly serverBusy: number | undefined;
  readonly clientCpuMicrosPerOp: number;
}

/** CPU seconds of every process of a server group, or undefined where /proc is missing. */
function groupCpuSeconds(server: Server): number | undefined {
  let total = 0;
  for (const pid of server.pids) {
    const cpu = cpuSeconds(pid);
    if (cpu === undefined) return undefined;
    total += cpu;
  }
  return total;
}

/** One round of the fleet's load, with the server processes' CPU time over it. */
async function measure(server: Server, fleet: LoadFleet): Promise<LoadResult> {
  const before = groupCpuSeconds(server);
  const started = performance.now();
  const round = await fleet.run(LOAD_MS);
  const seconds = (performance.now() - started) / 1000;
  const after = groupCpuSeconds(server);
  const cpu = before === undefined || after === undefined ? undefined : after - before;
  return {
    opsPerSecond: round.opsPerSecond,
    cpuMicrosPerOp: cpu === undefined ? undefined : (cpu * 1e6) / round.ops,
    serverBusy: cpu === undefined ? undefined : cpu / seconds,
    clientCpuMicrosPerOp: round.clientCpuMicrosPerOp,
  };
}

interface Side {
  readonly ops: number;
  readonly cpuMicrosPerOp?: number;
  readonly serverBusy?: number;
  readonly clientCpuMicrosPerOp: number;
}

interface Comparison {
  readonly cluster: Side;
  /** The single node as a one-node cluster, with the cluster's client. */
  readonly oneNode: Side;
  /** The single node standalone, with a plain client. */
  readonly single: Side;
  /** cluster ÷ oneNode: the topologies compared with the client held equal. */
  readonly ratio: number;
  /** cluster ÷ single: the group also charged for its client library's extra work. */
  readonly plainClientRatio: number;
}

/** The three servers one comparison loads. */
interface Contenders {
  readonly cluster: Server;
  readonly oneNode: Server;
  readonly single: Server;
}

type SideName = keyof Contenders;
const SIDES: readonly SideName[] = ['cluster', 'oneNode', 'single'];

function summarize(runs: LoadResult[]): Side {
  const optional = (pick: (r: LoadResult) => number | undefined) => {
    const values = runs.map(pick);
    return values.every((v) => v !== undefined) ? median(values as number[]) : undefined;
  };
  return {
    ops: median(runs.map((r) => r.opsPerSecond)),
    cpuMicrosPerOp: optional((r) => r.cpuMicrosPerOp),
    serverBusy: optional((r) => r.serverBusy),
    clientCpuMicrosPerOp: median(runs.map((r) => r.clientCpuMicrosPerOp)),
  };
}

/**
 * The same load on every contender: ioredis Cluster through the entry port of the group and of the
 * one-node cluster, plain ioredis on the standalone node. LOAD_PROCESSES generator processes per
 * side, WORKERS workers in all; rounds rotate which side goes first.
 */
async function compare(servers: Contenders, autoPipelining: boolean): Promise<Comparison> {
  const common = { processes: LOAD_PROCESSES, workers: WORKERS, autoPipelining, keyspace: KEYSPACE };
  const fleets: Partial<Record<SideName, LoadFleet>> = {};
  const mode = autoPipelining ? 'auto-pipelined' : 'one by one    ';
  try {
    for (const which of SIDES) {
      const target = which === 'single' ? 'single' : 'cluster';
      fleets[which] = await LoadFleet.start({ ...common, target, port: servers[which].port });
    }
    // One unmeasured round per side first, so that rounds measure the steady state: code compiled
    // in the servers and in these new load processes, and the keyspace filled (a cold cluster still
    // inserts most of its keys, three times over with the replicas, during its first rounds).
    process.stderr.write(`  ${mode} warm-up round (not counted) on each side\n`);
    for (const which of SIDES) await fleets[which]!.run(LOAD_MS);
    const runs: Record<SideName, LoadResult[]> = { cluster: [], oneNode: [], single: [] };
    for (let r = 0; r < LOAD_ROUNDS; r++) {
      const order = SIDES.map((_, i) => SIDES[(i + r) % SIDES.length]);
      for (const which of order) {
        const result = await measure(servers[which], fleets[which]!);
        runs[which].push(result);
        const cpu = result.cpuMicrosPerOp === undefined ? '' : `, server ${result.cpuMicrosPerOp.toFixed(1)} µs CPU/op (${Math.round(result.serverBusy! * 100)} % of a CPU)`;
        process.stderr.write(`  ${mode} round ${r + 1} ${which.padEnd(7)} ${Math.round(result.opsPerSecond)} ops/s${cpu}, clients ${result.clientCpuMicrosPerOp.toFixed(1)} µs CPU/op\n`);
      }
    }
    const cluster = summarize(runs.cluster);
    const oneNode = summarize(runs.oneNode);
    const single = summarize(runs.single);
    return { cluster, oneNode, single, ratio: cluster.ops / oneNode.ops, plainClientRatio: cluster.ops / single.ops };
  } finally {
    for (const which of SIDES) await fleets[which]?.stop();
  }
}

interface Throughput {
  readonly oneByOne: Comparison;
  readonly autoPipelined: Comparison;
}

/** Starts the contenders one after another; should one fail, those already up are stopped. */
async function startContenders(starters: { [K in SideName]: () => Promise<Server> }): Promise<Contenders> {
  const started: Partial<Record<SideName, Server>> = {};
  try {
    for (const which of SIDES) started[which] = await starters[which]();
    return started as Contenders;
  } catch (err) {
    for (const which of SIDES) await started[which]?.stop();
    throw err;
  }
}

async function throughputOf(servers: Contenders): Promise<Throughput> {
  try {
    return { oneByOne: await compare(servers, false), autoPipelined: await compare(servers, true) };
  } finally {
    for (const which of SIDES) await servers[which].stop();
  }
}

async function throughput(work: string): Promise<Throughput> {
  const group = path.join(work, 'cluster-3x2.yaml');
  const oneNode = path.join(work, 'cluster-1x0.yaml');
  fs.writeFileSync(group, clusterTemplate(3, 2));
  fs.writeFileSync(oneNode, clusterTemplate(1, 0));
  return throughputOf(await startContenders({
    cluster: () => startSimulator('simulator (3 shards × 2 replicas)', group),
    oneNode: () => startSimulator('simulator (one node, cluster mode)', oneNode),
    single: startEngine,
  }));
}

/**
 * The reference: the same load on real redis-server, a cluster of as many processes as the
 * simulated group has nodes (cluster bus and replication over TCP, as in a real group) against a
 * one-node cluster and one plain server with the same settings as the single engine node.
 */
async function realThroughput(): Promise<Throughput> {
  const settings = ['--maxmemory', NODE_MAXMEMORY, '--maxmemory-policy', 'volatile-lru'];
  return throughputOf(await startContenders({
    cluster: () => startRedisCluster(3, 2, settings),
    oneNode: () => startRedisCluster(1, 0, settings),
    single: () => startRedisServer(settings),
  }));
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-simulator-'));
  try {
    const assemblyDir = path.join(work, 'cdk.out');
    const app = new App({ outdir: assemblyDir });
    addExampleStacks(app);
    app.synth();
    process.stderr.write(`Example app start time (${START_ROUNDS} fresh processes):\n`);
    const rounds: StartRound[] = [];
    for (let r = 0; r < START_ROUNDS; r++) {
      const round = await coldStart(assemblyDir);
      rounds.push(round);
      process.stderr.write(`  round ${r + 1}: templates ${round.topologyMs.toFixed(0)} ms, start ${round.startMs.toFixed(0)} ms (${round.caches} caches, ${round.nodes} nodes)\n`);
    }
    process.stderr.write(`Cluster (3 shards × 2 replicas) vs one node (as a one-node cluster, and standalone), ${LOAD_PROCESSES} load processes per side, ${WORKERS} workers in all, ${LOAD_MS} ms per round:\n`);
    const load3x2 = await throughput(work);
    let reference: Throughput | undefined;
    if (hasRedisServer()) {
      process.stderr.write('Reference, real redis-server: a cluster of 3 shards × 2 replicas (9 processes) vs a one-node cluster and one redis-server, the same load:\n');
      reference = await realThroughput();
    }
    const start = {
      startMedianMs: median(rounds.map((r) => r.startMs)),
      startMaxMs: Math.max(...rounds.map((r) => r.startMs)),
      templatesMedianMs: median(rounds.map((r) => r.topologyMs)),
      caches: rounds[0].caches,
      nodes: rounds[0].nodes,
    };
    // Clients and servers share the machine's cores, so the ratio cannot pass what the clients alone
    // allow: with servers that cost nothing, ops/s would go as the inverse of the clients' CPU per op.
    const clientBound = (c: Comparison) => c.single.clientCpuMicrosPerOp / c.cluster.clientCpuMicrosPerOp;
    const fmt = (n: number | undefined, digits = 0) => (n === undefined ? 'n/a' : n.toFixed(digits));
    const side = (s: Side) => `${fmt(s.ops)} ops/s (server ${fmt(s.cpuMicrosPerOp, 1)} µs CPU/op, ${fmt(s.serverBusy === undefined ? undefined : s.serverBusy * 100)} % busy; clients ${fmt(s.clientCpuMicrosPerOp, 1)} µs CPU/op)`;
    const rows = (label: string, c: Comparison) => [
      `| 3 shards × 2 replicas via ioredis Cluster, ${label} | ${side(c.cluster)} |`,
      `| Single engine node as a one-node cluster via ioredis Cluster, ${label} | ${side(c.oneNode)} |`,
      `| Single engine node standalone via plain ioredis, ${label} | ${side(c.single)} |`,
      `| **Cluster / single engine node, the same client (ioredis Cluster)**, ${label} | **${fmt(c.ratio, 2)}×** |`,
      `| Cluster via ioredis Cluster / standalone node via plain ioredis, ${label} | ${fmt(c.plainClientRatio, 2)}× |`,
      `| The clients' share of that last ratio, ${label}: client CPU per op, plain ÷ Cluster | ${fmt(clientBound(c), 2)}× |`,
    ];
    const referenceRows = (label: string, c: Comparison) => [
      `| Reference: redis-server cluster, 3 shards × 2 replicas (9 processes) via ioredis Cluster, ${label} | ${side(c.cluster)} |`,
      `| Reference: one-node redis-server cluster via ioredis Cluster, ${label} | ${side(c.oneNode)} |`,
      `| Reference: one redis-server via plain ioredis, ${label} | ${side(c.single)} |`,
      `| Reference: redis-server cluster / one-node cluster, the same client, ${label} | ${fmt(c.ratio, 2)}× |`,
      `| Reference: redis-server cluster / one redis-server via plain ioredis, ${label} | ${fmt(c.plainClientRatio, 2)}× |`,
    ];
    const table = [
      '| Measure | Value |',
      '|---|---|',
      `| Example app start (${start.caches} caches, ${start.nodes} nodes), median of ${START_ROUNDS} cold starts | ${fmt(start.startMedianMs)} ms (slowest ${fmt(start.startMaxMs)} ms; reading the templates ${fmt(start.templatesMedianMs)} ms) |`,
      ...rows('one by one', load3x2.oneByOne),
      ...rows('auto-pipelined', load3x2.autoPipelined),
      ...(reference ? [...referenceRows('one by one', reference.oneByOne), ...referenceRows('auto-pipelined', reference.autoPipelined)] : []),
    ].join('\n');
    process.stdout.write(`${table}\n`);
    fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
    const result = {
      date: new Date().toISOString(),
      cpus: os.cpus().length,
      loadAverage: os.loadavg(),
      workers: WORKERS,
      loadProcesses: LOAD_PROCESSES,
      loadMs: LOAD_MS,
      start,
      rounds,
      throughput: load3x2,
      reference,
    };
    fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'simulator.json'), JSON.stringify(result, null, 2) + '\n');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

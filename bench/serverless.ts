/**
 * Serverless benchmark, in one run: ops/s through a serverless Valkey cache's endpoint (TLS, the
 * proxy routing over two internal shards, ECPU metering on) against a single engine node reached
 * directly (plain TCP, no proxy), and against a single-node TLS cache of the simulator (the same
 * TLS cost, no proxy), so the proxy's own cost shows apart from TLS.
 *
 * Load: redis-benchmark with identical flags for every target (SET and GET, 50 connections,
 * random keys over 100,000, once without pipelining and once with -P 16; --tls with the
 * simulator's CA for the TLS targets). Rounds alternate between the targets; medians are
 * reported with their ratio to the direct engine node. Everything runs in this process, one
 * target loaded at a time, so the targets share the machine alike.
 *
 * Run with `npm run bench`. Prints a table and writes bench/results/serverless.json.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { Simulator } from '../src';
import { freePort, median } from './support/processes';
import { ValkeyServer } from '../src/engines/valkey';

const run = promisify(execFile);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const REQUESTS = { plain: Number(process.env.BENCH_REQUESTS ?? 100_000), pipelined: Number(process.env.BENCH_REQUESTS_P16 ?? 500_000) };
const TESTS = ['set', 'get'];

const TEMPLATE = {
  Resources: {
    Serverless: {
      Type: 'AWS::ElastiCache::ServerlessCache',
      Properties: { ServerlessCacheName: 'bench', Engine: 'valkey', MajorEngineVersion: '7' },
    },
    Node: {
      Type: 'AWS::ElastiCache::CacheCluster',
      Properties: {
        ClusterName: 'bench-node', Engine: 'valkey', EngineVersion: '7.2', CacheNodeType: 'cache.r7g.large', NumCacheNodes: 1, TransitEncryptionEnabled: true,
      },
    },
  },
};

interface Target {
  readonly label: string;
  readonly port: number;
  /** CA file for TLS targets. */
  readonly ca?: string;
}

async function benchmark(target: Target, test: string, pipeline: number): Promise<number> {
  const n = pipeline > 1 ? REQUESTS.pipelined : REQUESTS.plain;
  const tls = target.ca ? ['--tls', '--cacert', target.ca] : [];
  const { stdout } = await run('redis-benchmark', ['-h', '127.0.0.1', '-p', String(target.port), ...tls, '-c', '50', '-n', String(n), '-r', '100000',
    '-P', String(pipeline), '-t', test, '--csv'], { maxBuffer: 16 * 1024 * 1024 });
  const line = stdout.split('\n').find((l) => l.startsWith('"') && !l.startsWith('"test"'));
  if (!line) throw new Error(`no result from redis-benchmark for ${test} on ${target.label}: ${stdout}`);
  return Number(line.split(',')[1].replace(/"/g, ''));
}

async function main(): Promise<void> {
  const enginePort = await freePort();
  const engine = new ValkeyServer({ port: enginePort, bind: '127.0.0.1', serverName: 'valkey' });
  const caDir = fs.mkdtempSync(path.join(os.tmpdir(), 'serverless-bench-'));
  const caFile = path.join(caDir, 'ca.pem');
  let sim: Simulator | undefined;
  const targets: Target[] = [];
  const rows: { test: string; mode: string; results: Record<string, number> }[] = [];
  // Everything started here is stopped in `finally`, whatever fails on the way.
  try {
    sim = await Simulator.fromTemplate(TEMPLATE, { seed: 'bench' });
    fs.writeFileSync(caFile, sim.caCertificatePem);
    await engine.start();
    targets.push(
      { label: 'engine node, direct', port: enginePort },
      { label: 'simulator node, TLS', port: sim.endpoint('bench-node').port, ca: caFile },
      { label: 'serverless endpoint, TLS', port: sim.endpoint('bench').port, ca: caFile },
    );
    for (const pipeline of [1, 16]) {
      for (const test of TESTS) {
        const samples = new Map<string, number[]>(targets.map((t) => [t.label, []]));
        for (let round = 0; round < ROUNDS; round++) {
          for (const target of targets) samples.get(target.label)!.push(await benchmark(target, test, pipeline));
        }
        rows.push({ test, mode: pipeline > 1 ? 'P16' : 'P1', results: Object.fromEntries([...samples].map(([k, v]) => [k, median(v)])) });
      }
    }
  } finally {
    await sim?.stop();
    await engine.stop();
    fs.rmSync(caDir, { recursive: true, force: true });
  }
  const base = targets[0].label;
  console.log(`Serverless endpoint throughput (ops/s, median of ${ROUNDS}; ratio to the direct engine node)`);
  console.log(['test', 'mode', ...targets.map((t) => t.label)].join(' | '));
  for (const row of rows) {
    const cells = targets.map((t) => {
      const v = row.results[t.label];
      return t.label === base ? String(Math.round(v)) : `${Math.round(v)} (${(v / row.results[base]).toFixed(2)}×)`;
    });
    console.log([row.test, row.mode, ...cells].join(' | '));
  }
  const out = path.join(__dirname, 'results', 'serverless.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), cpus: os.cpus().length, rounds: ROUNDS, rows }, undefined, 2) + '\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

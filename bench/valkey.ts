/**
 * Valkey engine benchmark: the same load against our engine (the compiled CLI, in its own process)
 * and a real redis-server, in one run.
 *
 * Throughput: redis-benchmark with identical flags for SET, GET, INCR, LPUSH, LPOP, SADD, HSET, ZADD
 * and MSET, 50 connections, random keys (-r 100000), once without pipelining and once with -P 16.
 * Rounds alternate between the two servers and the median of each is reported, so load from
 * elsewhere on the machine hits both alike. Before its rounds, each test runs once on each server
 * at a fifth of the requests, unrecorded: the rounds then measure both servers in their steady
 * state, not our engine's first compilation of the command's path (BENCH_WARMUP=0 leaves it out).
 * Each run also records the server process' CPU time (user + system, from /proc) per request, a
 * figure much less sensitive to other load than ops/s, and its user-space part (stderr and the JSON
 * file): the kernel's part, socket reads and writes and polling, is about the same for both
 * servers, so the user part is where they differ.
 * Commands our engine does not have yet print n/a.
 *
 * Memory: 1,000,000 small string keys (`key:<12 digits>` → `xxx`) are loaded with redis-cli --pipe
 * into a fresh server of each kind. For redis-server the figure is used_memory growth (its own
 * accounting of what it allocated). Our engine runs in a child process that reports, after a full
 * garbage collection, its V8 heap growth (every object the keys need: map entries, key strings,
 * values) and its resident set size growth (which adds V8's free and reserved pages).
 *
 * Each round's figures go to stderr as they come. BENCH_TESTS (e.g. `mset,get`) and BENCH_MODES
 * (`plain` or `pipelined`) narrow the throughput part to a closer look at some lines; BENCH_NODE_FLAGS
 * adds Node/V8 flags to our engine's process (an A/B run of a runtime setting, or `--cpu-prof`).
 *
 * BENCH_CONTROL=1 puts a second redis-server where our engine would be (an A/A run): the ratios it
 * prints are what this machine's noise alone makes of two identical servers, the yardstick for
 * reading a ratio of our engine's (how far below 1.0 a line falls with nothing slower on either side).
 *
 * Run with `npm run bench` (compiles first). Prints a table and writes bench/results/valkey.json.
 */
import { ChildProcess, execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { cpuTimes, freePort, median } from './support/processes';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
/** The compiled command line; BENCH_CLI may point at another build of it. */
const CLI = process.env.BENCH_CLI ?? path.join(ROOT, 'lib', 'cli', 'main.js');
/** BENCH_NODE_FLAGS adds Node/V8 flags to our engine's process (for A/B runs of runtime settings). */
const NODE_FLAGS = process.env.BENCH_NODE_FLAGS?.trim();
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const KEYS = Number(process.env.BENCH_KEYS ?? 1_000_000);
/** BENCH_CONTROL=1 measures a second redis-server in our engine's place (see the header). */
const CONTROL = process.env.BENCH_CONTROL === '1';
/** BENCH_ONLY=memory skips the throughput part (handy while iterating on memory). */
const ONLY = process.env.BENCH_ONLY;
const ALL_TESTS = ['set', 'get', 'incr', 'lpush', 'lpop', 'sadd', 'hset', 'zadd', 'mset'];
/** BENCH_TESTS=mset,get runs only those tests (to look at one line more closely); the default is all. */
const TESTS = process.env.BENCH_TESTS ? process.env.BENCH_TESTS.toLowerCase().split(',') : ALL_TESTS;
/** BENCH_MODES=plain or pipelined runs only one of the two modes. */
const MODES = process.env.BENCH_MODES;
/** A discarded run per server before each test's rounds (see the header). */
const WARMUP = process.env.BENCH_WARMUP !== '0';
/** Requests per redis-benchmark run, per mode (pipelined runs are much faster). */
const REQUESTS = { plain: Number(process.env.BENCH_REQUESTS ?? 100_000), pipelined: Number(process.env.BENCH_REQUESTS_P16 ?? 1_000_000) };
/** Requests of one recorded run at this pipeline depth. */
const requestsFor = (pipeline: number) => (pipeline > 1 ? REQUESTS.pipelined : REQUESTS.plain);
/** The command each redis-benchmark test sends (to detect what our engine lacks). */
const TEST_COMMAND: Record<string, string> = {
  set: 'set', get: 'get', incr: 'incr', lpush: 'lpush', lpop: 'lpop', sadd: 'sadd', hset: 'hset', zadd: 'zadd', mset: 'mset',
};

interface Server {
  readonly label: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on ${port}`);
}

/** Starts a server process; `cleanup` runs once it has exited (e.g. removing its directory). */
async function startProcess(label: string, command: string, args: string[], port: number, cleanup = () => {}): Promise<Server> {
  const child: ChildProcess = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(port);
  return {
    label,
    port,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      cleanup();
    },
  };
}

async function startOurs(): Promise<Server> {
  const port = await freePort();
  // As bin/cdk-elasticache does, with --expose-gc so MEMORY PURGE can collect before measuring.
  const entry = `require(${JSON.stringify(CLI)}).main(process.argv.slice(1))`;
  const flags = NODE_FLAGS ? NODE_FLAGS.split(/\s+/) : [];
  return startProcess('our engine', process.execPath, ['--expose-gc', ...flags, '-e', entry, 'engine', 'valkey', '--port', String(port)], port);
}

async function startRedis(label = 'redis-server'): Promise<Server> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-redis-'));
  return startProcess(label, 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--dir', dir, '--daemonize', 'no', '--protected-mode', 'no'], port, () => fs.rmSync(dir, { recursive: true, force: true }));
}

async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-p', String(port), ...args], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

async function hasCommand(port: number, name: string): Promise<boolean> {
  const out = await cli(port, 'COMMAND', 'INFO', name);
  return out.trim().length > 0;
}

interface RunResult {
  readonly rps: number;
  /** Server CPU microseconds per request. */
  readonly cpuMicros: number | undefined;
  /** The user-space part of it (the rest is the kernel's: socket reads and writes, polling). */
  readonly userMicros: number | undefined;
}

/** One redis-benchmark run: requests per second and the server's CPU time per request. */
async function benchmark(server: Server, test: string, pipeline: number, n = requestsFor(pipeline)): Promise<RunResult> {
  const cpuBefore = cpuTimes(server.pid);
  const { stdout } = await run('redis-benchmark', ['-p', String(server.port), '-c', '50', '-n', String(n), '-r', '100000',
    '-P', String(pipeline), '-t', test, '--csv'], { maxBuffer: 16 * 1024 * 1024 });
  const cpuAfter = cpuTimes(server.pid);
  const line = stdout.split('\n').find((l) => l.startsWith('"') && !l.startsWith('"test"'));
  if (!line) throw new Error(`no result from redis-benchmark for ${test}: ${stdout}`);
  const perRequest = (seconds: number) => (seconds * 1e6) / n;
  const measured = cpuBefore !== undefined && cpuAfter !== undefined;
  return {
    rps: Number(line.split(',')[1].replace(/"/g, '')),
    cpuMicros: measured ? perRequest(cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system) : undefined,
    userMicros: measured ? perRequest(cpuAfter.user - cpuBefore.user) : undefined,
  };
}

interface Row {
  readonly test: string;
  readonly mode: string;
  readonly ours: number | null;
  readonly redis: number;
  readonly ratio: number | null;
  /** Server CPU µs per request (median), and redis' over ours (an efficiency ratio). */
  readonly oursCpu: number | null;
  readonly redisCpu: number | null;
  readonly cpuRatio: number | null;
  /** The user-space part of the CPU figures (median). */
  readonly oursUserCpu: number | null;
  readonly redisUserCpu: number | null;
}

async function throughput(ours: Server, redis: Server): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [mode, pipeline] of [['-c 50', 1], ['-c 50 -P 16', 16]] as const) {
    if (MODES !== undefined && MODES !== (pipeline > 1 ? 'pipelined' : 'plain')) continue;
    for (const test of TESTS) {
      const supported = await hasCommand(ours.port, TEST_COMMAND[test]);
      const oursRuns: RunResult[] = [];
      const redisRuns: RunResult[] = [];
      if (WARMUP) {
        for (const s of [redis, ours]) {
          if (s === ours && !supported) continue;
          await benchmark(s, test, pipeline, Math.ceil(requestsFor(pipeline) / 5));
        }
      }
      for (let r = 0; r < ROUNDS; r++) {
        // Alternate the order so drift in machine load affects both sides alike.
        const order = r % 2 === 0 ? [redis, ours] : [ours, redis];
        for (const s of order) {
          if (s === ours && !supported) continue;
          const result = await benchmark(s, test, pipeline);
          (s === ours ? oursRuns : redisRuns).push(result);
          process.stderr.write(`  ${test} ${mode} round ${r + 1} ${s.label}: ${Math.round(result.rps)} ops/s`
            + ` ${result.cpuMicros === undefined ? '' : `${result.cpuMicros.toFixed(2)} µs CPU/op (user ${result.userMicros!.toFixed(2)})`}\n`);
        }
      }
      await cli(ours.port, 'FLUSHALL');
      await cli(redis.port, 'FLUSHALL');
      const medianOf = (runs: RunResult[], figure: (x: RunResult) => number | undefined) => {
        const xs = runs.map(figure);
        return xs.length && xs.every((x) => x !== undefined) ? median(xs as number[]) : null;
      };
      const cpu = (runs: RunResult[]) => medianOf(runs, (x) => x.cpuMicros);
      const user = (runs: RunResult[]) => medianOf(runs, (x) => x.userMicros);
      const o = supported ? median(oursRuns.map((x) => x.rps)) : null;
      const rd = median(redisRuns.map((x) => x.rps));
      const oc = supported ? cpu(oursRuns) : null;
      const rc = cpu(redisRuns);
      const ou = supported ? user(oursRuns) : null;
      const ru = user(redisRuns);
      rows.push({
        test: test.toUpperCase(),
        mode,
        ours: o,
        redis: rd,
        ratio: o === null ? null : o / rd,
        oursCpu: oc,
        redisCpu: rc,
        cpuRatio: oc === null || rc === null ? null : rc / oc,
        oursUserCpu: ou,
        redisUserCpu: ru,
      });
      process.stderr.write(`${test.toUpperCase().padEnd(6)} ${mode.padEnd(12)} ours ${o === null ? 'n/a' : Math.round(o)} redis ${Math.round(rd)}`
        + ` cpu/op ours ${oc === null ? 'n/a' : oc.toFixed(2)}µs redis ${rc === null ? 'n/a' : rc.toFixed(2)}µs`
        + ` (user ours ${ou === null ? 'n/a' : ou.toFixed(2)}µs redis ${ru === null ? 'n/a' : ru.toFixed(2)}µs)\n`);
    }
  }
  return rows;
}

/** Protocol for `count` SET key:<12 digits> xxx commands, as redis-cli --pipe reads it. */
function massInsert(count: number): string {
  const file = path.join(os.tmpdir(), `bench-valkey-${count}.resp`);
  if (fs.existsSync(file)) return file;
  const fd = fs.openSync(file, 'w');
  let chunk = '';
  for (let i = 0; i < count; i++) {
    const key = `key:${String(i).padStart(12, '0')}`;
    chunk += `*3\r\n$3\r\nSET\r\n$${key.length}\r\n${key}\r\n$3\r\nxxx\r\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(fd, chunk);
      chunk = '';
    }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
  return file;
}

function infoField(info: string, field: string): number {
  const m = new RegExp(`^${field}:(\\d+)`, 'm').exec(info);
  if (!m) throw new Error(`INFO has no ${field}`);
  return Number(m[1]);
}

async function pipe(port: number, file: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn('redis-cli', ['-p', String(port), '--pipe'], { stdio: ['pipe', 'ignore', 'inherit'] });
    fs.createReadStream(file).pipe(child.stdin);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`redis-cli --pipe exited with ${code}`))));
  });
}

/** Bytes per key on redis-server: used_memory growth. */
async function redisMemoryPerKey(server: Server, file: string): Promise<number> {
  const before = infoField(await cli(server.port, 'INFO', 'memory'), 'used_memory');
  await pipe(server.port, file);
  await checkKeys(server);
  const after = infoField(await cli(server.port, 'INFO', 'memory'), 'used_memory');
  return (after - before) / KEYS;
}

async function checkKeys(server: Server): Promise<void> {
  const keys = Number((await cli(server.port, 'DBSIZE')).trim());
  if (keys !== KEYS) throw new Error(`${server.label} holds ${keys} keys, expected ${KEYS}`);
}

/**
 * Bytes per key in our engine: a child process runs the compiled server and reports its memory
 * after a full collection, before and after the load.
 */
async function oursMemoryPerKey(file: string): Promise<{ heap: number; rss: number }> {
  const lib = path.dirname(path.dirname(CLI));
  const port = await freePort();
  const script = `
    const { ValkeyServer } = require(${JSON.stringify(path.join(lib, 'engines', 'valkey', 'server', 'server.js'))});
    const server = new ValkeyServer({ port: ${port} });
    server.start().then(() => process.send('ready'));
    process.on('message', (m) => {
      if (m === 'measure') { global.gc(); const u = process.memoryUsage(); process.send({ heap: u.heapUsed, rss: u.rss }); }
      if (m === 'stop') server.stop().then(() => process.exit(0));
    });`;
  const child = spawn(process.execPath, ['--expose-gc', '-e', script], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const next = () => new Promise<unknown>((resolve) => child.once('message', resolve));
  await next();
  const measure = async () => {
    child.send('measure');
    return await next() as { heap: number; rss: number };
  };
  const server: Server = { label: 'our engine', port, pid: child.pid!, stop: async () => undefined };
  try {
    const before = await measure();
    await pipe(port, file);
    await checkKeys(server);
    const after = await measure();
    return { heap: (after.heap - before.heap) / KEYS, rss: (after.rss - before.rss) / KEYS };
  } finally {
    child.send('stop');
    await new Promise((r) => child.once('exit', r));
  }
}

function ratio(n: number | null): string {
  return n === null ? 'n/a' : `${n.toFixed(2)}×`;
}

function micros(n: number | null): string {
  return n === null ? 'n/a' : n.toFixed(2);
}

function fmt(n: number | null): string {
  return n === null ? 'n/a' : Math.round(n).toLocaleString('en-US');
}

/** Memory per key of both servers, or undefined when this run does not measure it. */
async function memory(file: string): Promise<{ redis: number; ours: { heap: number; rss: number } } | undefined> {
  // A control run has no engine of ours to measure.
  if (CONTROL) return undefined;
  const redis = await startRedis();
  let redisBytes: number;
  try {
    redisBytes = await redisMemoryPerKey(redis, file);
  } finally {
    await redis.stop();
  }
  return { redis: redisBytes, ours: await oursMemoryPerKey(file) };
}

async function main(): Promise<void> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} not found: compile first (npx projen compile) or set BENCH_CLI`);
  const file = massInsert(KEYS);
  let rows: Row[] = [];
  if (ONLY !== 'memory') {
    const ours = CONTROL ? await startRedis('control redis-server') : await startOurs();
    const r = await startRedis();
    try {
      rows = await throughput(ours, r);
    } finally {
      await ours.stop();
      await r.stop();
    }
  }
  const mem = await memory(file);

  const lines = [
    `${CONTROL ? 'Control: a second redis-server (in the our-engine columns)' : 'Valkey engine'} vs redis-server (${os.cpus().length} CPUs, node ${process.version}, median of ${ROUNDS} alternating rounds${WARMUP ? ' after a warm-up run' : ''})`,
    '',
    '| Test | Mode | Our engine (ops/s) | redis-server (ops/s) | Ratio | Our CPU µs/op | redis CPU µs/op | CPU ratio |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.test} | ${r.mode} | ${fmt(r.ours)} | ${fmt(r.redis)} | ${ratio(r.ratio)} | ${micros(r.oursCpu)} | ${micros(r.redisCpu)} | ${ratio(r.cpuRatio)} |`),
  ];
  if (mem) {
    lines.push(
      '',
      `| Memory, ${KEYS.toLocaleString('en-US')} small string keys | Bytes per key | redis-server used_memory growth | Ratio |`,
      '| --- | ---: | ---: | ---: |',
      `| our engine, V8 heap growth | ${mem.ours.heap.toFixed(1)} | ${mem.redis.toFixed(1)} | ${(mem.ours.heap / mem.redis).toFixed(2)}× |`,
      `| our engine, resident set growth | ${mem.ours.rss.toFixed(1)} | ${mem.redis.toFixed(1)} | ${(mem.ours.rss / mem.redis).toFixed(2)}× |`,
    );
  }
  process.stdout.write(lines.join('\n') + '\n');
  fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
  // A control run keeps its own file, so it never stands in for our engine's latest figures.
  fs.writeFileSync(path.join(ROOT, 'bench', 'results', CONTROL ? 'valkey-control.json' : 'valkey.json'), JSON.stringify({
    date: new Date().toISOString(),
    rounds: ROUNDS,
    warmup: WARMUP,
    control: CONTROL,
    throughput: rows,
    memory: mem ? { keys: KEYS, oursHeapBytesPerKey: mem.ours.heap, oursRssBytesPerKey: mem.ours.rss, redisBytesPerKey: mem.redis } : null,
  }, null, 2));
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
  process.exitCode = 1;
});

/**
 * Memcached engine benchmark: the same load against our engine (the compiled CLI, in its own
 * process) and a real memcached, in one run.
 *
 * Throughput: memcaslap (libmemcached's memaslap) with identical flags, 50 concurrent connections,
 * 100-byte values, once set-only and once 90% get / 10% set (memaslap only gets keys it has set,
 * so every get is a hit).
 * Memory: 1,000,000 items with 16-byte keys and 100-byte values are loaded into a fresh server of
 * each kind; the resident set size growth of the process (VmRSS after − before) is divided by
 * the item count. Both numbers therefore include everything the process allocated for the items:
 * slab pages, hash table, and for our engine the JavaScript heap too.
 *
 * Servers run one after the other in alternating rounds (BENCH_ROUNDS, default 3, of BENCH_SECONDS,
 * default 10), and each keeps its best round, so a busy machine disturbs the ratio less. Each run
 * also records the server process' CPU time (user + system, from /proc) per operation; the median
 * over the rounds is reported, a figure much less sensitive to other load than ops/s.
 *
 * To tell where a gap in ops/s comes from, each run also records how much CPU the server and the
 * load tool used (CPU seconds per second of the run, "cores"): a server that needs less CPU per
 * operation but gets fewer cores (one thread against memcached's four on a busy machine) is held
 * back by the machine's scheduler, not by its own work. The time the server's threads were ready
 * to run but waited in a run queue (schedstat) shows the same directly. After the mixed run the server's `stats`
 * give the get hit ratio, which must be the same for both servers for the comparison to be fair.
 *
 * Ops/s ratios are given twice: best round against best round, and the median over the rounds of
 * each round's ratio (the servers of one round run right after each other, under similar load).
 * BENCH_BEFORE_CLI=<another build's bin/cdk-elasticache> adds that build to every round and a
 * before/after table.
 *
 * Run with `npm run bench` (compiles first). Prints a table and writes bench/results/memcached.json.
 */
import { ChildProcess, execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { cpuSeconds, freePort, median } from './support/processes';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
/** The command line (bin/ runs the compiled lib/); BENCH_CLI may point at another build of it. */
const CLI = process.env.BENCH_CLI ?? path.join(ROOT, 'bin', 'cdk-elasticache');
/** Another build of the command line to compare with in the same rounds (a before/after measurement). */
const BEFORE_CLI = process.env.BENCH_BEFORE_CLI;
const COMPILED = path.join(ROOT, 'lib', 'cli', 'main.js');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 1_000_000);
const CONCURRENCY = 50;
/** Rounds alternate the servers; the best round of each counts (other load on the machine only ever slows a round down). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

interface Server {
  readonly label: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on port ${port}`);
}

async function startMemcached(memoryMb: number, threads?: number): Promise<Server> {
  const port = await freePort();
  const args = ['-l', '127.0.0.1', '-p', String(port), '-U', '0', '-m', String(memoryMb)];
  if (threads) args.push('-t', String(threads));
  if (process.getuid?.() === 0) args.push('-u', 'root');
  const child = spawn('memcached', args, { stdio: 'ignore' });
  await waitForPort(port);
  return { label: threads ? `memcached -t ${threads}` : 'memcached', port, pid: child.pid!, stop: stopper(child) };
}

async function startEngine(memoryMb: number, cli = CLI, label = 'engine'): Promise<Server> {
  if (cli === CLI && !process.env.BENCH_CLI && !fs.existsSync(COMPILED)) throw new Error(`${path.relative(ROOT, COMPILED)} is missing: run "npx projen compile" first`);
  const port = await freePort();
  const child = spawn(process.execPath, [cli, 'engine', 'memcached', '--port', String(port), '--memory-limit', String(memoryMb)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('ready on')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`engine exited with ${code}`)));
  });
  return { label, port, pid: child.pid!, stop: stopper(child) };
}

interface LoadResult {
  readonly tps: number;
  /** Server CPU microseconds per operation (NaN without /proc). */
  readonly cpuMicros: number;
  /** CPU seconds the server used per second of the run (NaN without /proc). */
  readonly serverCores: number;
  /** CPU seconds memcaslap used per second of the run (NaN without /proc). */
  readonly clientCores: number;
  /** Microseconds per operation the server's threads were ready to run but waited for a CPU (NaN without schedstat). */
  readonly waitMicros: number;
}

/** Nanoseconds all threads of a process have waited in a run queue (the second field of schedstat). */
function runQueueWaitNs(pid: number): number {
  try {
    const dir = `/proc/${pid}/task`;
    return fs.readdirSync(dir).reduce((sum, tid) => sum + Number(fs.readFileSync(`${dir}/${tid}/schedstat`, 'latin1').split(' ')[1]), 0);
  } catch {
    return NaN;
  }
}

/** CPU time (user + system) of this process' finished children (memcaslap, once it has exited). */
function childrenCpuSeconds(): number {
  try {
    const line = fs.readFileSync('/proc/self/stat', 'latin1');
    const fields = line.slice(line.lastIndexOf(')') + 2).split(' ');
    // cutime and cstime are fields 16 and 17 of /proc/<pid>/stat (13 and 14 after the command name).
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return NaN;
  }
}

/** Runs memcaslap against `server`: its ops per second, and the server's CPU time per operation. */
async function memaslap(server: Server, config: string): Promise<LoadResult> {
  const port = server.port;
  const cpuBefore = cpuSeconds(server.pid);
  const clientBefore = childrenCpuSeconds();
  const waitBefore = runQueueWaitNs(server.pid);
  const started = process.hrtime.bigint();
  const { stdout } = await run('memcaslap', ['-s', `127.0.0.1:${port}`, '-T', '1', '-c', String(CONCURRENCY), '-F', config, '-t', `${SECONDS}s`], {
    timeout: (SECONDS + 60) * 1000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const cpuAfter = cpuSeconds(server.pid);
  const waitAfter = runQueueWaitNs(server.pid);
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const clientCores = (childrenCpuSeconds() - clientBefore) / elapsed;
  const m = /Ops: (\d+) TPS: (\d+)/.exec(stdout);
  if (!m) throw new Error(`no TPS in memcaslap output:\n${stdout}`);
  const ops = Number(m[1]);
  const cpuKnown = cpuBefore !== undefined && cpuAfter !== undefined;
  const cpuMicros = !cpuKnown || ops === 0 ? NaN : ((cpuAfter - cpuBefore) * 1e6) / ops;
  const serverCores = cpuKnown ? (cpuAfter - cpuBefore) / elapsed : NaN;
  const waitMicros = ops === 0 ? NaN : (waitAfter - waitBefore) / 1000 / ops;
  return { tps: Number(m[2]), cpuMicros, serverCores, clientCores, waitMicros };
}

function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

/** Loads `count` items with 16-byte keys and 100-byte values over one pipelined connection. */
async function load(port: number, count: number): Promise<void> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.on('data', () => undefined);
  const value = 'v'.repeat(100);
  const batch = 2000;
  for (let i = 0; i < count; i += batch) {
    let chunk = '';
    for (let j = i; j < Math.min(count, i + batch); j++) chunk += `set key:${String(j).padStart(12, '0')} 0 0 100 noreply\r\n${value}\r\n`;
    if (!socket.write(chunk)) await new Promise<void>((resolve) => socket.once('drain', () => resolve()));
  }
  // A final command with a reply tells us the server has processed everything before it.
  await new Promise<void>((resolve) => {
    let got = '';
    socket.removeAllListeners('data');
    socket.on('data', (d) => {
      got += d;
      if (got.includes('VERSION')) resolve();
    });
    socket.write('version\r\n');
  });
  socket.destroy();
}

/** The get hit ratio so far, from the server's `stats`. */
async function getHitRatio(port: number): Promise<number> {
  const hits = Number(await stat(port, 'get_hits'));
  const misses = Number(await stat(port, 'get_misses'));
  return hits / (hits + misses);
}

async function stat(port: number, name: string): Promise<string> {
  const socket = net.connect(port, '127.0.0.1');
  const text = await new Promise<string>((resolve) => {
    let got = '';
    socket.on('connect', () => socket.write('stats\r\n'));
    socket.on('data', (d) => {
      got += d;
      if (got.endsWith('END\r\n')) resolve(got);
    });
  });
  socket.destroy();
  return new RegExp(`STAT ${name} (\\S+)`).exec(text)?.[1] ?? '?';
}

async function memoryPerItem(start: () => Promise<Server>): Promise<{ label: string; perItem: number; rss: number; bytesStat: string }> {
  const server = await start();
  try {
    await new Promise((r) => setTimeout(r, 300));
    const before = rssBytes(server.pid);
    await load(server.port, ITEMS);
    await new Promise((r) => setTimeout(r, 500));
    const after = rssBytes(server.pid);
    const items = Number(await stat(server.port, 'curr_items'));
    if (items !== ITEMS) throw new Error(`${server.label} holds ${items} items, expected ${ITEMS}`);
    return { label: server.label, perItem: (after - before) / ITEMS, rss: after, bytesStat: await stat(server.port, 'bytes') };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  for (const bin of ['memcached', 'memcaslap']) {
    try {
      await run('sh', ['-c', `command -v ${bin}`]);
    } catch {
      throw new Error(`${bin} is not installed (scripts/install-test-servers.sh installs it)`);
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-memcached-'));
  const setCfg = path.join(dir, 'set.cfg');
  const mixCfg = path.join(dir, 'mix.cfg');
  fs.writeFileSync(setCfg, 'key\n16 16 1\nvalue\n100 100 1\ncmd\n0 1.0\n');
  fs.writeFileSync(mixCfg, 'key\n16 16 1\nvalue\n100 100 1\ncmd\n0 0.1\n1 0.9\n');

  const starts = [() => startMemcached(1024), () => startEngine(1024), () => startMemcached(1024, 1)];
  if (BEFORE_CLI) starts.push(() => startEngine(1024, BEFORE_CLI, 'engine (before)'));
  interface Throughput {
    label: string;
    set: number;
    mix: number;
    setCpu: number[];
    mixCpu: number[];
    mixServerCores: number[];
    mixClientCores: number[];
    mixWait: number[];
    mixHitRatio: number[];
    /** ops/s of every round, for per-round ratios. */
    setRounds: number[];
    mixRounds: number[];
    /** The server's own `threads` stat (memcached's worker threads; 1 for the engine). */
    threads: string;
  }
  const throughput: Throughput[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (let i = 0; i < starts.length; i++) {
      const server = await starts[i]();
      try {
        const set = await memaslap(server, setCfg);
        const mix = await memaslap(server, mixCfg);
        const hitRatio = await getHitRatio(server.port);
        const threads = await stat(server.port, 'threads');
        console.log(`round ${round} ${server.label}: set ${set.tps} ops/s (${set.cpuMicros.toFixed(2)} µs CPU/op),`
          + ` get 90% / set 10% ${mix.tps} ops/s (${mix.cpuMicros.toFixed(2)} µs CPU/op, server ${mix.serverCores.toFixed(2)} cores,`
          + ` waited ${mix.waitMicros.toFixed(2)} µs/op for a CPU, memcaslap ${mix.clientCores.toFixed(2)} cores, get hit ratio ${hitRatio.toFixed(3)}), load average ${os.loadavg()[0].toFixed(1)}`);
        const best: Throughput = throughput[i] ?? {
          label: server.label,
          set: 0,
          mix: 0,
          setCpu: [],
          mixCpu: [],
          mixServerCores: [],
          mixClientCores: [],
          mixWait: [],
          mixHitRatio: [],
          setRounds: [],
          mixRounds: [],
          threads,
        };
        throughput[i] = {
          label: server.label,
          set: Math.max(best.set, set.tps),
          mix: Math.max(best.mix, mix.tps),
          setCpu: [...best.setCpu, set.cpuMicros],
          mixCpu: [...best.mixCpu, mix.cpuMicros],
          mixServerCores: [...best.mixServerCores, mix.serverCores],
          mixClientCores: [...best.mixClientCores, mix.clientCores],
          mixWait: [...best.mixWait, mix.waitMicros],
          mixHitRatio: [...best.mixHitRatio, hitRatio],
          setRounds: [...best.setRounds, set.tps],
          mixRounds: [...best.mixRounds, mix.tps],
          threads,
        };
      } finally {
        await server.stop();
      }
    }
  }
  const [mc, eng, mc1, before] = throughput;

  const memory = [];
  for (const start of [() => startMemcached(1024), () => startEngine(1024)]) {
    const m = await memoryPerItem(start);
    memory.push(m);
    console.log(`${m.label}: ${m.perItem.toFixed(1)} bytes per item (RSS ${(m.rss / 1048576).toFixed(0)} MB, stats bytes ${m.bytesStat})`);
  }
  const [mcMem, engMem] = memory;

  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  const cpu = (xs: number[]) => median(xs).toFixed(2);
  const roundRatio = (a: number[], b: number[]) => median(a.map((x, i) => x / b[i])).toFixed(2);
  const lines = [
    `| measure (${CONCURRENCY} connections, 100-byte values) | memcached 1.6 (${mc.threads} threads, its default) | engine | engine / memcached | memcached -t 1 | engine / memcached -t 1 |`,
    '|---|---|---|---|---|---|',
    `| set, ops/s | ${mc.set} | ${eng.set} | ${ratio(eng.set, mc.set)} | ${mc1.set} | ${ratio(eng.set, mc1.set)} |`,
    `| 90% get / 10% set, ops/s | ${mc.mix} | ${eng.mix} | ${ratio(eng.mix, mc.mix)} | ${mc1.mix} | ${ratio(eng.mix, mc1.mix)} |`,
    // CPU ratios are memcached's CPU per op over the engine's (an efficiency: 1 is parity, as for ops/s).
    `| set, ops/s ratio per round (median) | | | ${roundRatio(eng.setRounds, mc.setRounds)} | | ${roundRatio(eng.setRounds, mc1.setRounds)} |`,
    `| 90% get / 10% set, ops/s ratio per round (median) | | | ${roundRatio(eng.mixRounds, mc.mixRounds)} | | ${roundRatio(eng.mixRounds, mc1.mixRounds)} |`,
    `| set, server CPU µs per op (median; ratio: memcached's / engine's) | ${cpu(mc.setCpu)} | ${cpu(eng.setCpu)} | ${ratio(median(mc.setCpu), median(eng.setCpu))} | ${cpu(mc1.setCpu)} | ${ratio(median(mc1.setCpu), median(eng.setCpu))} |`,
    `| 90% get / 10% set, server CPU µs per op (median; ratio: memcached's / engine's) | ${cpu(mc.mixCpu)} | ${cpu(eng.mixCpu)} | ${ratio(median(mc.mixCpu), median(eng.mixCpu))} | ${cpu(mc1.mixCpu)} | ${ratio(median(mc1.mixCpu), median(eng.mixCpu))} |`,
    `| 90% get / 10% set, server CPU used, cores (median) | ${cpu(mc.mixServerCores)} | ${cpu(eng.mixServerCores)} | | ${cpu(mc1.mixServerCores)} | |`,
    `| 90% get / 10% set, server time ready but waiting for a CPU, µs per op (median) | ${cpu(mc.mixWait)} | ${cpu(eng.mixWait)} | | ${cpu(mc1.mixWait)} | |`,
    `| 90% get / 10% set, memcaslap CPU used, cores (median) | ${cpu(mc.mixClientCores)} | ${cpu(eng.mixClientCores)} | | ${cpu(mc1.mixClientCores)} | |`,
    `| 90% get / 10% set, get hit ratio (lowest round) | ${Math.min(...mc.mixHitRatio).toFixed(3)} | ${Math.min(...eng.mixHitRatio).toFixed(3)} | | ${Math.min(...mc1.mixHitRatio).toFixed(3)} | |`,
    `| memory per item, ${ITEMS} items (RSS growth) | ${mcMem.perItem.toFixed(0)} B | ${engMem.perItem.toFixed(0)} B | ${ratio(engMem.perItem, mcMem.perItem)} | | |`,
  ];
  if (before) {
    lines.push('', '| measure | engine before | engine | after / before |', '|---|---|---|---|',
      `| set, ops/s | ${before.set} | ${eng.set} | ${ratio(eng.set, before.set)} |`,
      `| 90% get / 10% set, ops/s | ${before.mix} | ${eng.mix} | ${ratio(eng.mix, before.mix)} |`,
      `| set, ops/s ratio per round (median) | | | ${roundRatio(eng.setRounds, before.setRounds)} |`,
      `| 90% get / 10% set, ops/s ratio per round (median) | | | ${roundRatio(eng.mixRounds, before.mixRounds)} |`,
      `| set, server CPU µs per op (median; ratio: before's / after's) | ${cpu(before.setCpu)} | ${cpu(eng.setCpu)} | ${ratio(median(before.setCpu), median(eng.setCpu))} |`,
      `| 90% get / 10% set, server CPU µs per op (median; ratio: before's / after's) | ${cpu(before.mixCpu)} | ${cpu(eng.mixCpu)} | ${ratio(median(before.mixCpu), median(eng.mixCpu))} |`);
  }
  console.log('\n' + lines.join('\n'));
  const out = path.join(ROOT, 'bench', 'results');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'memcached.json'), JSON.stringify({ date: new Date().toISOString(), cpus: os.cpus().length, loadAverage: os.loadavg(), throughput, memory }, null, 2));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});

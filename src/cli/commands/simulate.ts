import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Command } from 'commander';
import { synthesize } from './summary';
import { loadTopology, TemplateInput } from '../../simulator';
import { SimulatorClock } from '../../simulator/clock';
import { LocalCloudWatch } from '../../simulator/cloudwatch/local-cloudwatch';
import { ManagedSimulation, startManagedSimulation } from '../../simulator/control-plane/start';
import { LiveTableWriter, TableStream } from '../../simulator/metrics/live-table-writer';
import { LiveMetricsView } from '../../simulator/metrics/live-view';
import type { CacheModel, Topology } from '../../simulator/model';
import { plural } from '../../simulator/plural';
import { cacheIdOf, LocalEndpoint, Simulation } from '../../simulator/runtime';

/**
 * `cdk-elasticache simulate`: starts the ElastiCache resources of a CDK app, a cloud assembly or a
 * template as local caches, prints where each endpoint is reachable (AWS hostname → local
 * address) with its TLS and authentication, and runs until Ctrl-C.
 */
export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('run the ElastiCache caches of a CDK app, cloud assembly or template locally')
    .option('--app <command>', 'a command that synthesizes a CDK app (run with CDK_OUTDIR set to a temporary directory)')
    .option('--assembly <dir>', 'a cloud assembly directory (e.g. cdk.out)')
    .option('--template <file>', 'a CloudFormation template (JSON or YAML)')
    .option('--stack <name>', 'a stack to start (name, id or path; globs allowed; repeatable)', collect, [])
    .option('--parameter <name=value>', 'a template parameter value (repeatable)', collect, [])
    .option('--base-port <port>', 'first local port (default: free ports picked by the system)')
    .option('--bind <address>', 'address to listen on', '127.0.0.1')
    .option('--state-dir <dir>', 'keep state between runs there (the CA certificate, resources created through the API, snapshots, data)')
    .option('--seed <seed>', 'seed of generated names, endpoint hashes and secrets')
    .option('--json', 'print the running topology as JSON instead of a table')
    .option('--show-secrets', 'print AUTH tokens and passwords instead of masking them')
    .option('--once', 'stop again right after printing (a smoke run)')
    .option('--metrics [seconds]', 'while running, print each node\'s metrics every few seconds (default 10)')
    .option('--dashboard <file>', 'on stop, write an HTML snapshot of the template\'s CloudWatch dashboards (or the default metrics)')
    .action(async (opts: SimulateOptions) => {
      await runSimulate(opts);
    });
}

export interface SimulateOptions {
  readonly app?: string;
  readonly assembly?: string;
  readonly template?: string;
  readonly stack?: string[];
  readonly parameter?: string[];
  readonly basePort?: string;
  readonly bind?: string;
  readonly stateDir?: string;
  readonly seed?: string;
  readonly json?: boolean;
  readonly showSecrets?: boolean;
  readonly once?: boolean;
  /** `true` or a refresh interval in seconds. */
  readonly metrics?: boolean | string;
  /** HTML file for the dashboard snapshot written on stop. */
  readonly dashboard?: string;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Output streams (replaceable in tests). */
export interface SimulateIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Resolves when the user asks to stop (Ctrl-C / SIGTERM). */
  readonly stopSignal: () => Promise<string>;
  /** The terminal the live metrics table is redrawn on, when it is a TTY (else tables are appended to `err`). */
  readonly screen?: TableStream;
}

const PROCESS_IO: SimulateIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  screen: process.stdout,
  stopSignal: () => new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  }),
};

function parameterValues(pairs: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--parameter expects name=value, got '${pair}'`);
    values[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return values;
}

/** Starts the simulation, prints it, waits for a stop signal (unless `once`), stops cleanly. */
export async function runSimulate(opts: SimulateOptions, io: SimulateIo = PROCESS_IO): Promise<void> {
  const given = [opts.app, opts.assembly, opts.template].filter((o) => o !== undefined).length;
  if (given !== 1) throw new Error('give exactly one of --app <command>, --assembly <dir> or --template <file>');
  const metricsSeconds = opts.metrics === undefined || opts.metrics === false ? undefined : opts.metrics === true ? 10 : Number(opts.metrics);
  if (metricsSeconds !== undefined && !(metricsSeconds > 0)) throw new Error(`--metrics expects a number of seconds, got '${opts.metrics}'`);
  const table = metricsSeconds === undefined ? undefined : metricsTable(io);
  // On a terminal, other output lands between redraws: the table then starts again below it.
  if (table?.redraws) io = interrupting(io, table);
  let synthDir: string | undefined;
  let caFile: string | undefined;
  let simulation: Simulation | undefined;
  let managed: ManagedSimulation | undefined;
  let metricsTimer: NodeJS.Timeout | undefined;
  let cloudWatch: LocalCloudWatch | undefined;
  const clock = SimulatorClock.real();
  try {
    let input: TemplateInput;
    if (opts.app) {
      synthDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-elasticache-simulate-'));
      io.err(`Synthesizing: ${opts.app}\n`);
      synthesize(opts.app, synthDir);
      input = { assemblyDir: synthDir, stacks: opts.stack };
    } else if (opts.assembly) {
      input = { assemblyDir: opts.assembly, stacks: opts.stack };
    } else {
      input = { templateFile: opts.template! };
    }
    const topology = loadTopology(input, { seed: opts.seed, parameters: parameterValues(opts.parameter ?? []) });
    for (const warning of topology.warnings) io.err(`warning: ${warning}\n`);
    const started = Date.now();
    managed = await startManagedSimulation(topology, {
      basePort: opts.basePort === undefined ? undefined : Number(opts.basePort),
      host: opts.bind,
      stateDir: opts.stateDir,
      clock,
      onProgress: (message) => io.err(`${message}\n`),
      onError: (what, err) => io.err(`error: ${what}: ${(err as Error)?.message ?? String(err)}\n`),
    });
    simulation = managed.simulation;
    io.err(`Started in ${Date.now() - started} ms.\n`);
    // The CA file is for clients of a running simulation (a smoke run keeps it only in a state directory).
    const wantsCaFile = topology.caches.some((c) => c.tls.enabled) && (!opts.once || opts.stateDir !== undefined);
    caFile = wantsCaFile ? writeCa(simulation, opts.stateDir) : undefined;
    const sim = simulation;
    sim.events.onEvent((e) => io.err(`${e.date.toISOString()} ${e.sourceId}: ${e.message}\n`));
    if (opts.json) {
      io.out(JSON.stringify({ ...sim.describe({ revealSecrets: opts.showSecrets }), caCertificateFile: caFile }, null, 2) + '\n');
    } else {
      io.out(renderSimulation(sim, { showSecrets: opts.showSecrets ?? false, caFile }) + '\n');
    }
    if (!opts.once) {
      // CloudWatch: metrics once a minute, the template's alarms evaluated on them.
      cloudWatch = LocalCloudWatch.start({ clock, caches: () => sim.caches, topology });
      io.err(`CloudWatch API: ${await cloudWatch.serve(opts.bind ?? '127.0.0.1', 0)}\n`);
      io.err(`ElastiCache API: ${managed.service.endpoint}\n`);
      io.err('Running. Stop with Ctrl-C.\n');
      if (metricsSeconds !== undefined && table) metricsTimer = showMetrics(sim, metricsSeconds, table);
      const signal = await io.stopSignal();
      io.err(`${signal}: stopping.\n`);
    }
  } finally {
    if (metricsTimer) clearInterval(metricsTimer);
    if (cloudWatch && opts.dashboard) {
      fs.writeFileSync(opts.dashboard, cloudWatch.dashboardHtml());
      io.err(`Dashboard snapshot written to ${opts.dashboard}.\n`);
    }
    await cloudWatch?.stop();
    clock.stop();
    await managed?.stop();
    if (synthDir) fs.rmSync(synthDir, { recursive: true, force: true });
    if (caFile && !opts.stateDir) fs.rmSync(caFile, { force: true });
  }
  io.err('Stopped.\n');
}

/** The live table's writer: redrawn in place on a TTY screen, appended to `err` otherwise. */
function metricsTable(io: SimulateIo): LiveTableWriter {
  return new LiveTableWriter(io.screen?.isTTY ? io.screen : { write: (text: string) => io.err(text) });
}

/** `io` whose writes tell the table that something else reached the terminal. */
function interrupting(io: SimulateIo, table: LiveTableWriter): SimulateIo {
  return {
    ...io,
    out: (text) => { table.interrupted(); io.out(text); },
    err: (text) => { table.interrupted(); io.err(text); },
  };
}

/** Shows the live metrics table every `seconds`. */
function showMetrics(sim: Simulation, seconds: number, table: LiveTableWriter): NodeJS.Timeout {
  const view = new LiveMetricsView(() => sim.caches);
  return setInterval(() => table.show(`${new Date().toISOString()} metrics of the last ${seconds} s\n${view.render()}`), seconds * 1000);
}

/** Writes the CA for clients (`redis-cli --tls --cacert <file>`): in the state directory, else a temporary file. */
function writeCa(simulation: Simulation, stateDir: string | undefined): string {
  const file = stateDir ? path.join(stateDir, 'tls', 'ca.pem') : path.join(os.tmpdir(), `cdk-elasticache-ca-${process.pid}.pem`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, simulation.tls.caCertificatePem);
  return file;
}

const MASK = '********';

function engineOf(model: CacheModel): string {
  if (model.kind === 'serverless') return `${model.engine} ${model.majorEngineVersion}`;
  return `${model.engine} ${model.engineVersion}`;
}

function kindOf(model: CacheModel): string {
  switch (model.kind) {
    case 'replication-group': {
      const kind = model.clusterMode === 'disabled' ? 'replication group' : `cluster (${plural(model.shards.length, 'shard')})`;
      return model.globalReplicationGroupId ? `${kind}, global datastore ${model.globalReplicationGroupId}` : kind;
    }
    case 'memcached-cluster': return `memcached (${plural(model.nodes.length, 'node')})`;
    case 'single-node-cluster': return 'cache cluster';
    case 'serverless': return 'serverless';
  }
}

function tlsOf(model: CacheModel): string {
  return model.tls.enabled ? model.tls.mode : 'off';
}

/** Who may connect, with credentials masked unless asked for. */
export function authOf(model: CacheModel, topology: Topology, showSecrets: boolean): string {
  const auth = model.auth;
  if (auth.mode === 'auth-token') return `AUTH token ${showSecrets ? auth.authToken : MASK}`;
  if (auth.mode !== 'rbac') return 'none';
  const users = auth.userGroupIds.flatMap((groupId) => {
    const group = topology.userGroups.find((g) => g.userGroupId.toLowerCase() === groupId.toLowerCase());
    return (group?.userIds ?? []).map((id) => topology.users.find((u) => u.userId.toLowerCase() === id.toLowerCase()));
  });
  const described = users.map((u) => {
    if (!u) return '?';
    if (u.authentication.type === 'no-password-required') return `${u.userName} (no password)`;
    if (u.authentication.type === 'iam') return `${u.userName} (IAM: not verifiable locally)`;
    return `${u.userName}:${showSecrets ? u.authentication.passwords[0] : MASK}`;
  });
  return `RBAC ${auth.userGroupIds.join(',')}: ${described.join(', ')}`;
}

function endpointLabel(e: LocalEndpoint): string {
  return e.kind === 'node' ? `node ${e.nodeId}` : e.kind;
}

/** The endpoint table, one row per endpoint, then caches that are not running and the CA file. */
export function renderSimulation(sim: Simulation, options: { showSecrets: boolean; caFile?: string }): string {
  const header = ['CACHE', 'KIND', 'ENGINE', 'TLS', 'ENDPOINT', 'HOSTNAME', 'LOCAL'];
  const rows: string[][] = [];
  const auth: string[] = [];
  for (const cache of sim.caches) {
    const roles = new Map(cache.nodes().map((n) => [n.nodeId, n.role === 'replica' ? ' (replica)' : n.role === 'primary' ? ' (primary)' : '']));
    cache.endpoints().forEach((e, i) => {
      const first = i === 0;
      rows.push([
        first ? cache.id : '', first ? kindOf(cache.model) : '', first ? engineOf(cache.model) : '', first ? tlsOf(cache.model) : '',
        endpointLabel(e) + (e.nodeId ? roles.get(e.nodeId) ?? '' : ''), `${e.hostname}:${e.servicePort}`, `${e.host}:${e.port}`,
      ]);
    });
    auth.push(`  ${cache.id}: ${authOf(cache.model, sim.topology, options.showSecrets)}`);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const parts = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  if (auth.length > 0) parts.push('', 'Authentication:', ...auth);
  if (sim.notStarted.length > 0) {
    parts.push('', 'Not started:', ...sim.notStarted.map((c) => `  ${c.id} (${kindOf(c.model)}): ${c.reason}`));
  }
  if (options.caFile) parts.push('', `TLS: trust the simulator CA in ${options.caFile} (e.g. redis-cli --tls --cacert ${options.caFile}).`);
  const running = sim.caches.length;
  parts.push('', `${running} cache(s) running${sim.notStarted.length > 0 ? `, ${sim.notStarted.length} not started` : ''}; ids: ${sim.caches.map((c) => cacheIdOf(c.model)).join(', ') || 'none'}.`);
  return parts.join('\n');
}

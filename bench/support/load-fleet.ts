/**
 * Drives load-generator processes (bench/support/load-generator.ts) against one target: they
 * connect once, then run rounds together when asked; a round's throughput is the sum of theirs.
 */
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import * as readline from 'readline';

const GENERATOR = path.join(__dirname, 'load-generator.ts');

export interface FleetOptions {
  readonly target: 'cluster' | 'single';
  readonly port: number;
  /** Load processes; the workers are shared out evenly between them. */
  readonly processes: number;
  readonly workers: number;
  readonly autoPipelining: boolean;
  readonly keyspace: number;
}

export interface FleetRound {
  readonly ops: number;
  readonly opsPerSecond: number;
  /** CPU time of the load processes per operation. */
  readonly clientCpuMicrosPerOp: number;
}

interface GeneratorReply {
  readonly ops: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
}

/** One generator process and its replies, one JSON line each, in order. */
class Generator {
  private readonly waiting: ((line: string) => void)[] = [];
  private readonly lines: string[] = [];
  private readonly exited: Promise<void>;

  constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const next = this.waiting.shift();
      if (next) next(line);
      else this.lines.push(line);
    });
  }

  public next(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve, reject) => {
      this.waiting.push(resolve);
      this.exited.then(() => reject(new Error('load generator exited')), reject);
    });
  }

  public send(line: string): void {
    this.child.stdin!.write(`${line}\n`);
  }

  public async stop(): Promise<void> {
    this.child.stdin!.end();
    await this.exited;
  }
}

export class LoadFleet {
  public static async start(options: FleetOptions): Promise<LoadFleet> {
    const perProcess = Math.max(1, Math.round(options.workers / options.processes));
    const generators = Array.from({ length: options.processes }, () => new Generator(spawn(
      process.execPath,
      ['-r', require.resolve('ts-node/register/transpile-only'), GENERATOR,
        options.target, String(options.port), String(perProcess), options.autoPipelining ? '1' : '0', String(options.keyspace)],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    )));
    const fleet = new LoadFleet(generators);
    try {
      for (const g of generators) JSON.parse(await g.next());
    } catch (err) {
      await fleet.stop();
      throw err;
    }
    return fleet;
  }

  private constructor(private readonly generators: Generator[]) {}

  /** Every process runs the load for `ms` at the same time. */
  public async run(ms: number): Promise<FleetRound> {
    for (const g of this.generators) g.send(`run ${ms}`);
    const replies: GeneratorReply[] = await Promise.all(this.generators.map(async (g) => JSON.parse(await g.next())));
    const ops = replies.reduce((n, r) => n + r.ops, 0);
    const cpu = replies.reduce((n, r) => n + r.cpuSeconds, 0);
    return {
      ops,
      opsPerSecond: replies.reduce((n, r) => n + r.ops / r.seconds, 0),
      clientCpuMicrosPerOp: (cpu * 1e6) / ops,
    };
  }

  public async stop(): Promise<void> {
    await Promise.all(this.generators.map((g) => g.stop()));
  }
}

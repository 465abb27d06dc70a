/**
 * A load generator process for the simulator benchmark. It connects one ioredis client (a
 * `Cluster` through a configuration endpoint, or a plain client to one node), then runs rounds on
 * request: workers issue SET/GET (50 % each) over random keys for the given time. Load comes from
 * processes of their own so that the client library's CPU time is not charged to the server side
 * of the measure, and both targets get the same process layout.
 *
 * Protocol (one JSON object per line): it prints `{"ready":true}` once connected; each stdin line
 * `run <ms>` answers `{"ops":N,"seconds":S,"cpuSeconds":C}`; end of stdin disconnects and exits.
 *
 * Usage: ts-node load-generator.ts <cluster|single> <port> <workers> <pipeline 0|1> <keyspace>
 */
import * as readline from 'readline';
import Redis, { Cluster } from 'ioredis';

const [target, portArg, workersArg, pipelineArg, keyspaceArg] = process.argv.slice(2);
const port = Number(portArg);
const workers = Number(workersArg);
const keyspace = Number(keyspaceArg);
const enableAutoPipelining = pipelineArg === '1';
const VALUE = 'v'.repeat(32);

function connect(): Redis | Cluster {
  if (target === 'cluster') return new Cluster([{ host: '127.0.0.1', port }], { enableAutoPipelining });
  if (target === 'single') return new Redis({ host: '127.0.0.1', port, enableAutoPipelining });
  throw new Error(`unknown target ${target}: cluster or single`);
}

async function round(client: Redis | Cluster, ms: number): Promise<{ ops: number; seconds: number; cpuSeconds: number }> {
  let ops = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + ms;
  const worker = async () => {
    while (performance.now() < deadline) {
      const key = `key:${Math.floor(Math.random() * keyspace)}`;
      if (ops % 2 === 0) await client.set(key, VALUE);
      else await client.get(key);
      ops++;
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  const cpu = process.cpuUsage(cpuBefore);
  return { ops, seconds: (performance.now() - started) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

async function main(): Promise<void> {
  const client = connect();
  await client.set('warmup', '1');
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    const [command, arg] = line.trim().split(' ');
    if (command !== 'run') continue;
    process.stdout.write(`${JSON.stringify(await round(client, Number(arg)))}\n`);
  }
  client.disconnect();
}

main().catch((err: unknown) => {
  process.stderr.write(`load generator: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

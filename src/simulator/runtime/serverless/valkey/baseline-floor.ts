/**
 * The floor of the vCPU baseline (metering/cpu-baseline.ts): how long a simple SET and GET take in
 * our engine on this machine when warm, measured once per process on a scratch engine the way the
 * proxy measures requests (engine time of one command).
 */
import { ValkeyServer } from '../../../../engines/valkey';

const WARMUP = 2000;
const SAMPLES = 4000;

let measured: number | undefined;

/** Median engine time of SET/GET of a 100-byte value, in nanoseconds. */
export function baselineFloorNanos(): number {
  if (measured === undefined) measured = measure();
  return measured;
}

function measure(): number {
  const server = new ValkeyServer({ port: 0 });
  const client = server.createInternalClient();
  const value = 'v'.repeat(100);
  const run = (argv: string[]): number => {
    const start = process.hrtime.bigint();
    server.processCommand(client, argv);
    const nanos = Number(process.hrtime.bigint() - start);
    client.out.len = 0;
    return nanos;
  };
  for (let i = 0; i < WARMUP; i++) run(i % 2 === 0 ? ['SET', `key:${i % 100}`, value] : ['GET', `key:${i % 100}`]);
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) times.push(run(i % 2 === 0 ? ['SET', `key:${i % 100}`, value] : ['GET', `key:${i % 100}`]));
  times.sort((a, b) => a - b);
  return Math.max(1, times[Math.floor(times.length / 2)]);
}

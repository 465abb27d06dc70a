/**
 * Shared pieces of the metrics and alarm tests: a stack synthesized and started in the simulator
 * with its CloudWatch (metrics, alarms, the API on a local endpoint) on a virtual clock, an SDK
 * client for that endpoint, and helpers to move the clock minute by minute.
 */
import * as net from 'net';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { SimulatorClock } from '../../../src/simulator/clock';
import { LocalCloudWatch } from '../../../src/simulator/cloudwatch/local-cloudwatch';
import { loadTopology } from '../../../src/simulator/model';
import { Simulation } from '../../../src/simulator/runtime';

export const ENV = { account: '111122223333', region: 'us-east-1' };
/** Virtual time starts on a whole minute, as collections and evaluations do. */
export const START = new Date('2026-03-02T10:00:00.000Z');

export interface Running {
  readonly simulation: Simulation;
  readonly cloudWatch: LocalCloudWatch;
  readonly clock: SimulatorClock;
  readonly client: CloudWatchClient;
  stop(): Promise<void>;
}

/** A stack with a VPC in a fresh app; `build` adds the caches. */
export function stackWith(build: (stack: Stack, vpc: ec2.Vpc) => void, id = 'ObservabilityStack'): Stack {
  const app = new App();
  const stack = new Stack(app, id, { env: ENV });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  build(stack, vpc);
  return stack;
}

/** Synthesizes the stack, starts its caches and its CloudWatch on a virtual clock, serves the API. */
export async function start(stack: Stack): Promise<Running> {
  const assembly = App.of(stack)!.node.root as App;
  const dir = assembly.synth().directory;
  const topology = loadTopology({ assemblyDir: dir, stacks: [stack.artifactId] }, { seed: 'observability' });
  const simulation = await Simulation.start(topology);
  const clock = SimulatorClock.virtual(START);
  const cloudWatch = LocalCloudWatch.start({ clock, caches: () => simulation.caches, topology });
  const url = await cloudWatch.serve();
  const client = new CloudWatchClient({ endpoint: url, region: ENV.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return {
    simulation,
    cloudWatch,
    clock,
    client,
    stop: async () => {
      client.destroy();
      await cloudWatch.stop();
      clock.stop();
      await simulation.stop();
    },
  };
}

/** Moves the virtual clock by whole minutes (one collection and alarm evaluation each). */
export async function minutes(running: Running, n: number): Promise<void> {
  await running.clock.advance(n * 60_000);
}

/** A plain connection to a Memcached node: `send` writes a request and waits until the reply ends with `reply`. */
export interface TextConnection {
  send(request: string, reply: string): Promise<string>;
  close(): void;
}

export function textConnection(endpoint: { readonly host: string; readonly port: number }): TextConnection {
  const socket = net.connect(endpoint.port, endpoint.host);
  let received = '';
  socket.on('data', (d: Buffer) => { received += d.toString('latin1'); });
  return {
    send: async (request, reply) => {
      received = '';
      socket.write(request);
      const deadline = Date.now() + 5000;
      while (!received.endsWith(reply)) {
        if (Date.now() > deadline) throw new Error(`no ${JSON.stringify(reply)} after ${JSON.stringify(request)}: ${JSON.stringify(received)}`);
        await new Promise((r) => setTimeout(r, 2));
      }
      return received;
    },
    close: () => socket.destroy(),
  };
}

/**
 * Shared pieces of the serverless tests: stacks built with our `ServerlessCache` construct,
 * TLS clients trusting the simulator's CA, a raw TLS text session for Memcached (the `memcached`
 * npm client has no TLS), and access to a running cache's metrics.
 */
import * as tls from 'tls';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import Redis, { Cluster, RedisOptions } from 'ioredis';
import type { SimulatedEndpoint, Simulator } from '../../../src';
import { ServerlessCache, ServerlessCacheProps } from '../../../src/constructs';
import type { ServerlessMetricsSnapshot } from '../../../src/simulator/metering';
import { loadTopology } from '../../../src/simulator/model';
import { CacheRuntimeRegistry, Simulation } from '../../../src/simulator/runtime';
import {
  ServerlessMemcachedCache, serverlessMetricsOf, serverlessRuntime, ServerlessRuntimeOptions, ServerlessValkeyCache,
} from '../../../src/simulator/runtime/serverless';

export const ENV = { account: '111122223333', region: 'us-east-1' };

/** A stack with a VPC, in a fresh app; `build` adds the caches. */
export function serverlessStack(build: (stack: Stack, vpc: ec2.Vpc) => void, id = 'ServerlessStack'): Stack {
  const app = new App();
  const stack = new Stack(app, id, { env: ENV });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  build(stack, vpc);
  return stack;
}

/** A serverless cache in the stack. */
export function cache(stack: Stack, vpc: ec2.Vpc, id: string, props: Omit<ServerlessCacheProps, 'vpc'>): ServerlessCache {
  return new ServerlessCache(stack, id, { vpc, ...props });
}

/** TLS options that trust the simulator's CA and check the AWS hostname. */
export function tlsFor(sim: Simulator, endpoint: SimulatedEndpoint): tls.ConnectionOptions {
  return { ca: sim.caCertificatePem, servername: endpoint.hostname };
}

/** An ioredis client on an endpoint, over TLS. */
export function redis(sim: Simulator, endpoint: SimulatedEndpoint, options: RedisOptions = {}): Redis {
  const client = new Redis({ host: endpoint.host, port: endpoint.port, tls: tlsFor(sim, endpoint), maxRetriesPerRequest: 1, ...options });
  client.on('error', () => undefined);
  return client;
}

/** An ioredis Cluster client seeded with the endpoint. */
export function redisCluster(sim: Simulator, endpoint: SimulatedEndpoint, options: ConstructorParameters<typeof Cluster>[1] = {}): Cluster {
  const redisOptions = { tls: tlsFor(sim, endpoint), ...options?.redisOptions };
  const cluster = new Cluster([{ host: endpoint.host, port: endpoint.port }], { ...options, redisOptions });
  cluster.on('error', () => undefined);
  return cluster;
}

/** The running Valkey / Redis OSS serverless cache behind a name. */
export function valkeyCache(sim: Simulator, name: string): ServerlessValkeyCache {
  const running = sim._runtime.cache(name);
  if (!(running instanceof ServerlessValkeyCache)) throw new Error(`${name} is not a serverless Valkey cache`);
  return running;
}

export function memcachedCache(sim: Simulator, name: string): ServerlessMemcachedCache {
  const running = sim._runtime.cache(name);
  if (!(running instanceof ServerlessMemcachedCache)) throw new Error(`${name} is not a serverless Memcached cache`);
  return running;
}

/** The cache's metrics snapshot, read as the CloudWatch layer reads it. */
export function metrics(sim: Simulator, name: string): ServerlessMetricsSnapshot {
  const source = serverlessMetricsOf(sim._runtime.cache(name));
  if (!source) throw new Error(`${name} is not a serverless cache`);
  return source.snapshot();
}

/** Polls until `condition` holds; fails with `what` after the deadline (no fixed sleeps in tests). */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Waits until every internal replica of a serverless Valkey cache has applied its primary's stream. */
export async function replicasCaughtUp(sim: Simulator, name: string): Promise<void> {
  const shards = valkeyCache(sim, name).shards.shards;
  await until(() => shards.every((s) => s.replicas.every((r) => s.offsetOf(r) >= s.offsetOf(s.primary))), `the replicas of ${name} to catch up`);
}

/** ECPUs a block of work consumed on a cache (the metric's difference around it). */
export async function ecpusOf(sim: Simulator, name: string, work: () => Promise<unknown>): Promise<number> {
  const before = metrics(sim, name).elastiCacheProcessingUnits;
  await work();
  return metrics(sim, name).elastiCacheProcessingUnits - before;
}

/**
 * Starts a stack's caches with a serverless runtime configured for the test (e.g. a small
 * gigabyte, to reach a DataStorage maximum quickly).
 */
export async function startWithRuntime(stack: Stack, options: ServerlessRuntimeOptions, seed: string): Promise<Simulation> {
  const directory = (stack.node.root as App).synth().directory;
  const topology = loadTopology({ assemblyDir: directory, stacks: [stack.artifactId] }, { seed });
  return Simulation.start(topology, { runtimes: new CacheRuntimeRegistry().register(serverlessRuntime(options)) });
}

/** A TLS connection speaking the Memcached text protocol, one request at a time. */
export class TextSession {
  public static async open(endpoint: { host: string; port: number; hostname: string }, ca: string): Promise<TextSession> {
    const socket = tls.connect({ host: endpoint.host, port: endpoint.port, ca, servername: endpoint.hostname });
    await new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', () => resolve());
      socket.once('error', reject);
    });
    return new TextSession(socket);
  }

  private buffer = '';
  public closed = false;

  private constructor(public readonly socket: tls.TLSSocket) {
    socket.on('data', (d: Buffer) => { this.buffer += d.toString('latin1'); });
    socket.on('close', () => { this.closed = true; });
    socket.on('error', () => undefined);
  }

  /** Sends raw bytes and waits until the reply ends with one of `endings` (or the connection closes). */
  public async send(payload: string | Buffer, endings: readonly string[] = ['\r\n'], timeoutMs = 10_000): Promise<string> {
    return this.sendUntil(payload, (reply) => endings.some((e) => reply.endsWith(e)), timeoutMs);
  }

  /** Sends raw bytes and waits until the reply so far is complete by `done` (or the connection closes). */
  public async sendUntil(payload: string | Buffer, done: (reply: string) => boolean, timeoutMs = 10_000): Promise<string> {
    this.buffer = '';
    this.socket.write(payload);
    const deadline = Date.now() + timeoutMs;
    while (!done(this.buffer) && !this.closed) {
      if (Date.now() > deadline) throw new Error(`no complete reply to ${JSON.stringify(String(payload).slice(0, 60))}; got ${JSON.stringify(this.buffer.slice(0, 200))}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const reply = this.buffer;
    this.buffer = '';
    return reply;
  }

  public close(): void {
    this.socket.destroy();
  }
}

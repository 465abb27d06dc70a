/**
 * Shared pieces of the end-to-end tests: stacks built with L1 resources (so the tests do not
 * depend on the construct library's defaults), clients, and small waiting helpers.
 */
import * as net from 'net';
import { App, Stack } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import Redis, { RedisOptions } from 'ioredis';
import type { SimulatedEndpoint, Simulator } from '../../../src';

export const ENV = { account: '111122223333', region: 'us-east-1' };

/** A stack in a fresh app, built by `build`. */
export function stackWith(build: (stack: Stack) => void, id = 'E2eStack'): Stack {
  const app = new App();
  const stack = new Stack(app, id, { env: ENV });
  build(stack);
  return stack;
}

export function parameterGroup(stack: Stack, id: string, family: string, properties: Record<string, string>): elasticache.CfnParameterGroup {
  return new elasticache.CfnParameterGroup(stack, id, { cacheParameterGroupFamily: family, description: id, properties });
}

/** An ioredis client for an endpoint (TLS with the simulator's CA when the endpoint wants it). */
export function redisClient(sim: Simulator, endpoint: SimulatedEndpoint, options: RedisOptions = {}): Redis {
  return new Redis({
    host: endpoint.host,
    port: endpoint.port,
    tls: endpoint.tls && endpoint.acceptsPlain === false ? { ca: sim.caCertificatePem, servername: endpoint.hostname } : undefined,
    maxRetriesPerRequest: 3,
    lazyConnect: false,
    ...options,
  });
}

/** Sends raw RESP and returns what the server answered before going quiet (or closing). */
export function rawExchange(port: number, payload: string, waitMs = 150): Promise<{ reply: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    let closed = false;
    socket.on('data', (d) => { reply += d.toString('latin1'); });
    socket.on('error', reject);
    socket.on('close', () => { closed = true; });
    socket.on('connect', () => socket.write(payload));
    setTimeout(() => {
      socket.destroy();
      resolve({ reply, closed });
    }, waitMs);
  });
}

/** Encodes a command as a RESP array. */
export function resp(...argv: string[]): string {
  return `*${argv.length}\r\n${argv.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

export { eventually } from '../../support/eventually';

/** INFO section fields as a map. */
export function infoFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) fields[line.slice(0, i)] = line.slice(i + 1);
  }
  return fields;
}

/** Whether something accepts connections on the port. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

/** Closes clients: a clean QUIT when connected, else a disconnect that stops reconnecting. */
export async function closeClients(clients: readonly { status?: string; quit(): Promise<unknown>; disconnect(): void }[]): Promise<void> {
  await Promise.all(clients.map(async (c) => {
    if (c.status === 'ready') {
      await c.quit().catch(() => c.disconnect());
    } else {
      c.disconnect();
    }
  }));
}

/**
 * Shared pieces of the end-to-end tests: stacks built with L1 resources (so the tests do not
 * depend on the construct library's defaults), clients, and small waiting helpers.
 */
import * as net from 'net';
import { App, Stack } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import Redis, { RedisOptions } from 'ioredis';
import type { SimulatedEndpoint, Simulator } from '../../../src';
import { ReplyParser } from '../../../src/engines/resp';

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

/**
 * Sends raw RESP commands and returns what the server answered: once it answered every command
 * and then stayed quiet for `waitMs` (so extra bytes or a close are seen too), once it closed, or
 * after a deadline. Waiting for the replies rather than a fixed time keeps it right on a busy machine.
 */
export function rawExchange(port: number, payload: string, waitMs = 150, timeoutMs = 10_000): Promise<{ reply: string; closed: boolean }> {
  const commands = countMessages(Buffer.from(payload, 'latin1'));
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const parser = new ReplyParser();
    let replies = 0;
    let reply = '';
    let closed = false;
    let quiet: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(quiet);
      clearTimeout(deadline);
      socket.destroy();
      resolve({ reply, closed });
    };
    const deadline = setTimeout(finish, timeoutMs);
    const armQuiet = () => {
      clearTimeout(quiet);
      if (replies >= commands) quiet = setTimeout(finish, waitMs);
    };
    socket.on('data', (d) => {
      reply += d.toString('latin1');
      parser.append(d);
      while (parser.next()) replies++;
      armQuiet();
    });
    socket.on('error', (err) => {
      clearTimeout(quiet);
      clearTimeout(deadline);
      reject(err);
    });
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.on('connect', () => {
      socket.write(payload);
      armQuiet();
    });
  });
}

/** How many complete RESP messages a buffer holds. */
function countMessages(bytes: Buffer): number {
  const parser = new ReplyParser();
  parser.append(bytes);
  let n = 0;
  while (parser.next()) n++;
  return n;
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

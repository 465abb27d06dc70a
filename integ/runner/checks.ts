/**
 * What every data-plane check shares: its result, the client it connects with (TLS with the
 * simulator's CA, AUTH token or RBAC user) and small assertion helpers.
 */
import Redis from 'ioredis';
import type { SimulatedEndpoint, Simulator } from '../../src';

export interface CheckResult {
  readonly name: string;
  /** Undefined when the check passed. */
  readonly failure?: string;
  /** Why the check did not run. */
  readonly skipped?: string;
}

export const TIMEOUT_MS = 10_000;

/** AUTH of a client: an AUTH token (password alone) or an RBAC user. */
export interface Credentials {
  readonly username?: string;
  readonly password: string;
}

export function redisClient(sim: Simulator, endpoint: SimulatedEndpoint, auth: Credentials | undefined): Redis {
  const client = new Redis({
    host: endpoint.host,
    port: endpoint.port,
    username: auth?.username,
    password: auth?.password,
    tls: endpoint.tls ? { ca: sim.caCertificatePem, servername: endpoint.hostname } : undefined,
    maxRetriesPerRequest: 0,
    lazyConnect: true,
    // The ready check's INFO would fail before AUTH and close the connection.
    enableReadyCheck: false,
    connectTimeout: TIMEOUT_MS,
  });
  client.on('error', () => undefined);
  return client;
}

/** Runs `fn`; a thrown error becomes the check's failure. */
export async function check(name: string, fn: () => Promise<void>): Promise<CheckResult> {
  try {
    await fn();
    return { name };
  } catch (err) {
    return { name, failure: (err as Error).message };
  }
}

export function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

export async function until(what: string, fn: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${TIMEOUT_MS} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

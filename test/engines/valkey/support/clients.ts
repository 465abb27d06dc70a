/**
 * Real-client fixtures for the engine's client suites: an engine on a free port for the enclosing
 * describe (or file), and pairs of connected ioredis / node-redis clients — `client` for the test,
 * `other` to serve a blocked command or to watch from outside. The database is flushed before
 * each test of a pair's describe.
 */
import Redis from 'ioredis';
import { createClient } from 'redis';
import type { ValkeyServer, ValkeyServerOptions } from '../../../../src/engines/valkey/server/server';
import { eventually } from '../../../support/eventually';
import { startEngine } from '../acl-support';

export interface EngineFixture {
  readonly server: ValkeyServer;
  readonly port: number;
}

/** Starts an engine before the enclosing block's tests and stops it after them. */
export function useEngine(options: ValkeyServerOptions = {}): EngineFixture {
  let started: { server: ValkeyServer; port: number } | undefined;
  beforeAll(async () => {
    started = await startEngine(options);
  });
  afterAll(async () => {
    await started?.server.stop();
  });
  return {
    get server() {
      return started!.server;
    },
    get port() {
      return started!.port;
    },
  };
}

/**
 * Waits until `n` clients are blocked in the engine (INFO blocked_clients), the condition redis'
 * own tests wait for before serving a blocked command from another connection.
 */
export async function blockedClients(engine: EngineFixture, n = 1): Promise<void> {
  await eventually(() => engine.server.blocking.blockedClients === n, 10_000, `${n} blocked client(s)`);
}

function nodeRedis(port: number, resp: 2 | 3) {
  return createClient({ socket: { port, host: '127.0.0.1' }, RESP: resp });
}

export type NodeRedisClient = ReturnType<typeof nodeRedis>;

export interface ClientPair<T> {
  readonly client: T;
  readonly other: T;
}

function usePair<T>(open: () => Promise<T>, close: (c: T) => void, flush: (c: T) => Promise<unknown>): ClientPair<T> {
  let pair: [T, T] | undefined;
  beforeAll(async () => {
    pair = await Promise.all([open(), open()]);
  });
  afterAll(() => {
    if (pair) pair.forEach(close);
  });
  beforeEach(async () => {
    await flush(pair![0]);
  });
  return {
    get client() {
      return pair![0];
    },
    get other() {
      return pair![1];
    },
  };
}

/** Two ioredis connections (RESP2, no retries: a failure shows at once). */
export function useIoredisPair(engine: EngineFixture): ClientPair<Redis> {
  return usePair(
    async () => {
      const c = new Redis({ port: engine.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 });
      await c.connect();
      return c;
    },
    (c) => c.disconnect(),
    (c) => c.flushall(),
  );
}

/** Two node-redis connections speaking `resp`. */
export function useNodeRedisPair(engine: EngineFixture, resp: 2 | 3): ClientPair<NodeRedisClient> {
  return usePair(
    async () => {
      const c = nodeRedis(engine.port, resp);
      c.on('error', () => undefined);
      await c.connect();
      return c;
    },
    (c) => c.destroy(),
    (c) => c.flushAll(),
  );
}

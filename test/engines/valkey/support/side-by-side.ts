/**
 * The comparison suites' fixture: a real redis-server and our engine emulating the same version,
 * both on free ports, started before the enclosing block's tests and stopped after them.
 */
import type { ValkeyServer } from '../../../../src/engines/valkey/server/server';
import { hasBinary, RealServer, startRedisServer } from '../../../support/real-servers';
import { startEngine } from '../acl-support';

/** The installed redis-server's version, which our engine emulates in comparisons. */
export const REAL_VERSION = '7.0.15';

/** `describe` when redis-server is installed, else `describe.skip`. */
export const describeIfRedis = hasBinary('redis-server') ? describe : describe.skip;

export interface SideBySide {
  readonly real: RealServer;
  readonly ours: ValkeyServer;
  readonly oursPort: number;
}

/** Starts both servers, with the same `config` (settings fixed at start, such as enable-debug-command). */
export function useRealAndOurs(config: Record<string, string> = {}): SideBySide {
  let real: RealServer | undefined;
  let ours: { server: ValkeyServer; port: number } | undefined;
  beforeAll(async () => {
    real = await startRedisServer(config);
    ours = await startEngine({ version: REAL_VERSION, config });
  });
  afterAll(async () => {
    await ours?.server.stop();
    await real?.stop();
  });
  return {
    get real() {
      return real!;
    },
    get ours() {
      return ours!.server;
    },
    get oursPort() {
      return ours!.port;
    },
  };
}

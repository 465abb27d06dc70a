/**
 * The comparison suites' fixture: a real redis-server (or valkey-server) and our engine emulating
 * the same version, both on free ports, started before the enclosing block's tests and stopped
 * after them.
 */
import type { ValkeyServer, ValkeyServerOptions } from '../../../../src/engines/valkey/server/server';
import { hasBinary, installedValkeyVersion, RealServer, startRedisServer, startValkeyServer } from '../../../support/real-servers';
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

/** The installed valkey-server's release (8.0 or later), which our engine emulates beside it. */
export const REAL_VALKEY_VERSION = installedValkeyVersion();

/** `describe` when valkey-server is installed, else `describe.skip`. */
export const describeIfValkey = REAL_VALKEY_VERSION ? describe : describe.skip;

/** Starts both servers, with the same `config` (settings fixed at start, such as enable-debug-command). */
export function useRealAndOurs(config: Record<string, string> = {}): SideBySide {
  return useSideBySide(() => startRedisServer(config), { version: REAL_VERSION, config });
}

/** As useRealAndOurs, with valkey-server and our engine emulating its release. */
export function useRealValkeyAndOurs(config: Record<string, string> = {}): SideBySide {
  // Valkey answers redis_version 7.2.4 and keeps Redis OSS 7.2's command set.
  return useSideBySide(() => startValkeyServer(config), { version: '7.2.4', valkeyVersion: REAL_VALKEY_VERSION, config });
}

function useSideBySide(startReal: () => Promise<RealServer>, options: ValkeyServerOptions): SideBySide {
  let real: RealServer | undefined;
  let ours: { server: ValkeyServer; port: number } | undefined;
  beforeAll(async () => {
    real = await startReal();
    ours = await startEngine(options);
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

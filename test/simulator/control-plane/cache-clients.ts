/**
 * ioredis connections to a simulated cache's endpoints for the control-plane tests that watch a
 * change reach clients: over TLS (trusting the simulator's CA) or plain TCP, authenticated or not,
 * failing with the first error the server answered. `closeAll` ends every connection opened.
 */
import Redis from 'ioredis';
import type { Simulator } from '../../../src';

export interface CacheConnectOptions {
  readonly tls?: boolean;
  readonly username?: string;
  readonly password?: string;
  /** The reader endpoint instead of the primary one. */
  readonly reader?: boolean;
}

export class CacheClients {
  private readonly opened: Redis[] = [];

  constructor(private readonly sim: () => Simulator) {}

  /** A connection that answered PING; rejects with the server's error (or the closed connection's). */
  public async connect(cache: string, options: CacheConnectOptions = {}): Promise<Redis> {
    const sim = this.sim();
    const endpoint = sim.endpoint(cache, options.reader ? 'reader' : undefined);
    const redis = new Redis({
      host: endpoint.host,
      port: endpoint.port,
      tls: options.tls ? { ca: sim.caCertificatePem, servername: endpoint.hostname } : undefined,
      username: options.username,
      password: options.password,
      lazyConnect: true,
      connectTimeout: 5000,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    let firstError: Error | undefined;
    redis.on('error', (err: Error) => { firstError ??= err; });
    this.opened.push(redis);
    try {
      await redis.connect();
      await redis.ping();
    } catch (err) {
      redis.disconnect();
      throw firstError ?? err;
    }
    return redis;
  }

  /** `OK` when a new connection works, else the error it failed with. */
  public async attempt(cache: string, options: CacheConnectOptions = {}): Promise<string> {
    try {
      (await this.connect(cache, options)).disconnect();
      return 'OK';
    } catch (err) {
      return (err as Error).message;
    }
  }

  public closeAll(): void {
    for (const redis of this.opened) redis.disconnect();
  }
}

/**
 * Plain TCP ioredis clients of simulated endpoints for tests that watch data move between nodes:
 * they connect on the first command and never reconnect (a node that stops stays stopped for
 * them); `closeAll` ends the ones still open.
 */
import Redis from 'ioredis';

export class PlainClients {
  private readonly opened: Redis[] = [];

  public to(endpoint: { readonly host: string; readonly port: number }): Redis {
    const redis = new Redis({ host: endpoint.host, port: endpoint.port, maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => null });
    redis.on('error', () => undefined);
    this.opened.push(redis);
    return redis;
  }

  public closeAll(): void {
    for (const redis of this.opened) if (redis.status !== 'end') redis.disconnect();
  }
}

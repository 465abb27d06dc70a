/**
 * A serverless Memcached cache: the endpoint (11211 as published) and the read-optimized endpoint
 * (11212), both TLS only, in front of internal Memcached engines that keys are hashed over. Both
 * ports serve reads and writes from the same engines (the service's eventual consistency on 11212
 * is immediate here). The `DataStorage` maximum is split over the engines as their memory limit,
 * so items are evicted LRU when it is reached; ECPUs are metered per request and requests above
 * the `ECPUPerSecond` maximum are throttled. A changed `DataStorage` maximum becomes the engines'
 * memory limit while they run, as `cache_memlimit` changes it.
 */
import type * as net from 'net';
import { MemcachedServer } from '../../../../engines/memcached';
import { buildSettings } from '../../../../engines/memcached/settings';
import { crc16 } from '../../../../engines/valkey/cluster';
import type { EngineFigures } from '../../../metering';
import type { ServerlessCacheModel } from '../../../model';
import type { RuntimeContext } from '../../types';
import { meteringSummary, ServerlessCacheBase } from '../cache-common';
import type { ServerlessSizing } from '../sizing';
import { MemcachedBackendLink } from './backend-link';
import { MemcachedProxyConnection, MemcachedProxyHost } from './proxy-connection';

/**
 * Commands serverless Memcached does not offer (the guide: commands that configure the engine or
 * reveal its internals): the engines answer them `ERROR`, as for an unknown command.
 */
export const SERVERLESS_MEMCACHED_DISABLED = [
  'lru', 'lru_crawler', 'watch', 'verbosity', 'me', 'slabs', 'cache_memlimit', 'shutdown', 'debugtime', 'misbehave', 'extstore', 'config',
];

const MIB = 1024 * 1024;
/** memcached refuses a memory limit below twice its 1 MB item size limit. */
const MIN_SHARD_MEMORY_MB = 2;

/** Each engine's share of the `DataStorage` maximum in MB (undefined: no maximum); throws when a share is too small. */
function shardMemoryMb(name: string, maxBytes: number | undefined, shards: number): number | undefined {
  if (maxBytes === undefined) return undefined;
  const mb = Math.floor(maxBytes / shards / MIB);
  if (mb < MIN_SHARD_MEMORY_MB) {
    throw new Error(`${name}: a DataStorage maximum of ${maxBytes} bytes over ${shards} shards leaves `
      + `${mb} MB per Memcached engine; each needs at least ${MIN_SHARD_MEMORY_MB} MB`);
  }
  return mb;
}

export class ServerlessMemcachedCache extends ServerlessCacheBase<MemcachedProxyConnection> implements MemcachedProxyHost {
  private readonly engines: MemcachedServer[] = [];
  private memoryLimitMb: number | undefined;
  /** The engines' memory limit without a DataStorage maximum (what a removed maximum goes back to). */
  private readonly unlimitedBytes: number;

  constructor(model: ServerlessCacheModel, context: RuntimeContext, sizing: ServerlessSizing) {
    super(model, context, sizing);
    if (model.engineConfig.engine !== 'memcached') throw new Error(`${model.serverlessCacheName} is not a Memcached cache`);
    this.memoryLimitMb = shardMemoryMb(model.serverlessCacheName, sizing.dataStorageMaxBytes, sizing.shards);
    this.unlimitedBytes = buildSettings({ parameters: model.engineConfig.parameters }).maxbytes;
  }

  public async start(): Promise<this> {
    const parameters = { ...this.model.engineConfig.parameters };
    for (let i = 0; i < this.sizing.shards; i++) {
      this.engines.push(new MemcachedServer({
        port: 0,
        host: this.context.host,
        parameters,
        memoryLimitMb: this.memoryLimitMb,
        disabledCommands: SERVERLESS_MEMCACHED_DISABLED,
      }));
    }
    const ports = this.context.ports;
    await Promise.all([this.endpoint.start(ports), this.readerEndpoint.start(ports), ...this.engines.map((e) => e.start())]);
    // Clients never see the engines: the legacy discovery key names the endpoint, as for one node.
    const self = { host: this.model.endpoint.hostname, ip: this.context.host, port: this.endpoint.local.port };
    for (const engine of this.engines) engine.setClusterConfig(1, [self]);
    this.running = true;
    return this;
  }

  /** The internal engines, one per shard (snapshots read and restore their items). */
  public engineServers(): readonly MemcachedServer[] {
    return this.engines;
  }

  /** The shard a key lives on (CRC16 of its bytes, like the slots of the Valkey shards). */
  public shardOf(key: string): number {
    return crc16(key) % this.engines.length;
  }

  protected accept(socket: net.Socket): void {
    const peer = {
      remoteAddress: socket.remoteAddress ?? '127.0.0.1', remotePort: socket.remotePort ?? 0, localAddress: this.context.host, localPort: this.endpoint.local.port,
    };
    let connection: MemcachedProxyConnection | undefined;
    const links = this.engines.map((engine) => new MemcachedBackendLink(engine, peer, () => connection?.destroy()));
    connection = new MemcachedProxyConnection(socket, this, links);
    this.connections.add(connection);
  }

  /** The engines' memory limit follows the `DataStorage` maximum (items are evicted LRU when it is lowered below their size). */
  protected adoptModel(): void {
    this.memoryLimitMb = shardMemoryMb(this.id, this.dataStorageMaxBytes, this.engines.length || this.sizing.shards);
    for (const engine of this.engines) {
      const bytes = this.memoryLimitMb === undefined ? this.unlimitedBytes : this.memoryLimitMb * MIB;
      engine.engine.settings.maxbytes = bytes;
      engine.engine.store.slabs.adjustMemLimit(bytes);
    }
  }

  protected engineFigures(): EngineFigures {
    const figures = { bytesUsedForCache: 0, currItems: 0, cacheHits: 0, cacheMisses: 0, evictions: 0, reclaimed: 0 };
    for (const engine of this.engines) {
      const stats = engine.stats();
      figures.bytesUsedForCache += Number(stats.bytes ?? 0);
      figures.currItems += Number(stats.curr_items ?? 0);
      figures.cacheHits += Number(stats.get_hits ?? 0);
      figures.cacheMisses += Number(stats.get_misses ?? 0);
      figures.evictions += Number(stats.evictions ?? 0);
      figures.reclaimed += Number(stats.reclaimed ?? 0);
    }
    return figures;
  }

  public describe(): Record<string, unknown> {
    return {
      connections: this.connections.size,
      internalShards: this.engines.map((engine, i) => ({ shard: String(i + 1).padStart(4, '0'), port: engine.address.port, items: Number(engine.stats().curr_items ?? 0) })),
      memoryLimitMbPerShard: this.memoryLimitMb,
      metering: meteringSummary(this.meter),
    };
  }

  protected async stopEngines(): Promise<void> {
    await Promise.all(this.engines.map((e) => e.stop()));
  }
}

/**
 * A serverless Valkey / Redis OSS cache: the endpoint (6379 as published) and the reader endpoint
 * (6380), both TLS only, each accepting connections into a proxy that serves them from the
 * internal shards. The cache meters ECPUs per request and throttles above its `ECPUPerSecond`
 * maximum; its `DataStorage` maximum is the shards' eviction limit. The service exposes no nodes,
 * so neither does this cache: failover and node faults are refused as the API refuses them.
 * ModifyServerlessCache reaches the running cache: new usage limits, a new user group (ACL users
 * change on every engine; connections authenticated as a user that left are closed) and a new
 * engine version (the engines restart on it keeping their data, clients reconnect).
 */
import type * as net from 'net';
import { baselineFloorNanos } from './baseline-floor';
import { dataBytes, InternalShards } from './internal-shards';
import { ValkeyProxyConnection, ValkeyProxyHost } from './proxy-connection';
import { VirtualNode } from './virtual-node';
import { CpuBaseline, EngineFigures } from '../../../metering';
import type { ServerlessCacheModel } from '../../../model';
import type { RuntimeContext } from '../../types';
import { restartShardsKeepingData } from '../../valkey/engine-upgrade';
import { emulatedVersion } from '../../valkey/settings';
import { meteringSummary, ServerlessCacheBase } from '../cache-common';
import type { ServerlessSizing } from '../sizing';

export class ServerlessValkeyCache extends ServerlessCacheBase<ValkeyProxyConnection> implements ValkeyProxyHost {
  public readonly shards: InternalShards;
  public readonly shardCount: number;
  private virtual: VirtualNode | undefined;

  constructor(model: ServerlessCacheModel, context: RuntimeContext, sizing: ServerlessSizing) {
    super(model, context, sizing, new CpuBaseline(baselineFloorNanos()));
    this.shardCount = sizing.shards;
    this.shards = new InternalShards(model, context, { shards: sizing.shards, dataStorageMaxBytes: sizing.dataStorageMaxBytes });
  }

  public get virtualNode(): VirtualNode {
    if (!this.virtual) throw new Error(`${this.id} has not started`);
    return this.virtual;
  }

  public async start(): Promise<this> {
    await Promise.all([this.endpoint.start(this.context.ports), this.readerEndpoint.start(this.context.ports), this.shards.start()]);
    this.virtual = this.newVirtualNode();
    this.running = true;
    return this;
  }

  /** The node clients see, answering as the current engine version. */
  private newVirtualNode(): VirtualNode {
    const config = this.model.engineConfig;
    if (config.engine === 'memcached') throw new Error(`${this.id} is a Memcached cache`);
    const { version, serverName } = emulatedVersion(config);
    return new VirtualNode({
      model: this.model,
      seed: this.context.topology.seed,
      host: this.context.host,
      port: this.endpoint.local.port,
      readerPort: this.readerEndpoint.local.port,
      version,
      serverName,
      offset: () => this.shards.shards.reduce((sum, s) => sum + s.offsetOf(s.primary), 0),
    });
  }

  protected accept(socket: net.Socket, reader: boolean): void {
    this.connections.add(new ValkeyProxyConnection(socket, this, reader));
  }

  /** The storage limit, and the user group: the engines' ACL users follow it. */
  protected adoptModel(): void {
    this.shards.adopt(this.model, this.dataStorageMaxBytes);
  }

  /**
   * Moves the cache to a new engine or version (ModifyServerlessCache `MajorEngineVersion` /
   * `Engine`): the engines restart on it keeping their data; connections reconnect to a virtual
   * node that answers as the new version.
   */
  public async upgradeEngine(model: ServerlessCacheModel): Promise<void> {
    this.reconfigure(model);
    await restartShardsKeepingData(this.shards.shards);
    this.virtual = this.newVirtualNode();
    for (const connection of [...this.connections]) connection.destroy();
  }

  protected engineFigures(): EngineFigures {
    const { primaries, replicas } = this.shards.engines();
    let bytes = 0;
    let items = 0;
    let volatile = 0;
    let hits = 0;
    let misses = 0;
    let evictions = 0;
    let reclaimed = 0;
    for (const server of primaries) {
      bytes += dataBytes(server);
      items += server.dbs[0].size;
      volatile += server.dbs[0].expires.size;
      evictions += server.stats.evictedKeys;
      reclaimed += server.stats.expiredKeys;
    }
    for (const server of [...primaries, ...replicas]) {
      hits += server.stats.keyspaceHits;
      misses += server.stats.keyspaceMisses;
    }
    return { bytesUsedForCache: bytes, currItems: items, currVolatileItems: volatile, cacheHits: hits, cacheMisses: misses, evictions, reclaimed };
  }

  public describe(): Record<string, unknown> {
    return {
      auth: { mode: this.model.auth.mode },
      connections: this.connections.size,
      internalShards: this.shards.shards.map((shard, i) => ({
        shard: shard.shardId,
        slots: `${this.shards.ranges[i].start}-${this.shards.ranges[i].end}`,
        nodes: shard.nodes.map((n) => ({ node: n.name, role: n.role, port: n.endpoint.local.port, keys: n.server?.dbs[0].size ?? 0 })),
      })),
      metering: meteringSummary(this.meter),
    };
  }

  protected async stopEngines(): Promise<void> {
    await this.shards.stop();
  }
}

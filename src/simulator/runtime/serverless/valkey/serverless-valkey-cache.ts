/**
 * A serverless Valkey / Redis OSS cache: the endpoint (6379 as published) and the reader endpoint
 * (6380), both TLS only, each accepting connections into a proxy that serves them from the
 * internal shards. The cache meters ECPUs per request and throttles above its `ECPUPerSecond`
 * maximum; its `DataStorage` maximum is the shards' eviction limit. The service exposes no nodes,
 * so neither does this cache: failover and node faults are refused as the API refuses them.
 */
import type * as net from 'net';
import { baselineFloorNanos } from './baseline-floor';
import { dataBytes, InternalShards } from './internal-shards';
import { ValkeyProxyConnection, ValkeyProxyHost } from './proxy-connection';
import { VirtualNode } from './virtual-node';
import { CpuBaseline, EngineFigures, ServerlessMeter } from '../../../metering';
import type { ServerlessCacheModel } from '../../../model';
import { ConnectionTarget, Endpoint, LocalEndpoint } from '../../network/endpoint';
import { secureContextOf } from '../../tls/cache-tls';
import { NodeStatus, RunningCache, RuntimeContext } from '../../types';
import { emulatedVersion } from '../../valkey/settings';
import { meteringSummary, noNodesError } from '../cache-common';
import type { ServerlessSizing } from '../sizing';

export class ServerlessValkeyCache implements RunningCache, ValkeyProxyHost {
  public readonly shards: InternalShards;
  public readonly meter: ServerlessMeter;
  public readonly shardCount: number;
  private readonly endpoint: Endpoint;
  private readonly readerEndpoint: Endpoint;
  private virtual: VirtualNode | undefined;
  private readonly connections = new Set<ValkeyProxyConnection>();
  private running = false;

  constructor(public readonly model: ServerlessCacheModel, private readonly context: RuntimeContext, sizing: ServerlessSizing) {
    this.shardCount = sizing.shards;
    this.shards = new InternalShards(model, context, { shards: sizing.shards, dataStorageMaxBytes: sizing.dataStorageMaxBytes });
    this.meter = new ServerlessMeter({
      clusterId: model.serverlessCacheName,
      engine: model.engine,
      ecpuPerSecondMax: model.ecpuPerSecond?.maximum,
      dataStorageMaxBytes: sizing.dataStorageMaxBytes,
      cpuBaseline: new CpuBaseline(baselineFloorNanos()),
      engineFigures: () => this.engineFigures(),
    });
    const secureContext = secureContextOf(model, context);
    const target = (reader: boolean): ConnectionTarget => ({
      name: model.serverlessCacheName,
      running: true,
      accept: (socket: net.Socket) => this.accept(socket, reader),
    });
    this.endpoint = new Endpoint({
      model: model.endpoint, host: context.host, transit: 'required', secureContext, pick: () => (this.running ? target(false) : undefined),
    });
    this.readerEndpoint = new Endpoint({
      model: model.readerEndpoint, host: context.host, transit: 'required', secureContext, pick: () => (this.running ? target(true) : undefined),
    });
  }

  public get id(): string {
    return this.model.serverlessCacheName;
  }

  public get virtualNode(): VirtualNode {
    if (!this.virtual) throw new Error(`${this.id} has not started`);
    return this.virtual;
  }

  public async start(): Promise<this> {
    await Promise.all([this.endpoint.start(this.context.ports), this.readerEndpoint.start(this.context.ports), this.shards.start()]);
    const config = this.model.engineConfig;
    if (config.engine === 'memcached') throw new Error(`${this.id} is a Memcached cache`);
    const { version, serverName } = emulatedVersion(config);
    this.virtual = new VirtualNode({
      model: this.model,
      seed: this.context.topology.seed,
      host: this.context.host,
      port: this.endpoint.local.port,
      readerPort: this.readerEndpoint.local.port,
      version,
      serverName,
      offset: () => this.shards.shards.reduce((sum, s) => sum + s.offsetOf(s.primary), 0),
    });
    this.running = true;
    return this;
  }

  private accept(socket: net.Socket, reader: boolean): void {
    this.connections.add(new ValkeyProxyConnection(socket, this, reader));
  }

  public connectionClosed(connection: ValkeyProxyConnection): void {
    this.connections.delete(connection);
  }

  private engineFigures(): EngineFigures {
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

  public endpoints(): LocalEndpoint[] {
    return [this.endpoint.local, this.readerEndpoint.local];
  }

  /** Serverless caches have no nodes the API shows. */
  public nodes(): NodeStatus[] {
    return [];
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

  public async failover(): Promise<void> {
    throw noNodesError(this.id, 'failover');
  }

  public async stopNode(): Promise<void> {
    throw noNodesError(this.id, 'stop');
  }

  public async startNode(): Promise<void> {
    throw noNodesError(this.id, 'start');
  }

  public async stop(): Promise<void> {
    this.running = false;
    await Promise.all([this.endpoint.stop(), this.readerEndpoint.stop()]);
    for (const connection of [...this.connections]) connection.destroy();
    await this.shards.stop();
  }
}

/**
 * What both serverless caches (Valkey / Redis OSS and Memcached) share: the endpoint and reader
 * endpoint (TLS only) in front of proxy connections, the meter, the node operations the service
 * does not offer for serverless caches, the stop sequence, the metering part of `describe()`, and
 * a changed model taking effect on the running cache (usage limits; each engine adds its own part).
 */
import type * as net from 'net';
import { CpuBaseline, EngineFigures, ServerlessMeter } from '../../metering';
import type { ServerlessCacheModel } from '../../model';
import { ConnectionTarget, Endpoint, LocalEndpoint } from '../network/endpoint';
import { secureContextOf } from '../tls/cache-tls';
import { NodeStatus, RunningCache, RuntimeContext, SimulationError } from '../types';
import { dataStorageMaxBytes, ServerlessSizing } from './sizing';

const NODE_OPERATIONS = {
  failover: 'ElastiCache manages its nodes and has no failover to test.',
  stop: 'it has no nodes to stop.',
  start: 'it has no nodes to start.',
};

/** The error a node operation on a serverless cache gets (serverless caches show no nodes). */
export function noNodesError(cacheId: string, operation: keyof typeof NODE_OPERATIONS): SimulationError {
  return new SimulationError('InvalidParameterCombination', `${cacheId} is a serverless cache: ${NODE_OPERATIONS[operation]}`);
}

/** Usage and limits of a serverless cache, for `describe()`. */
export function meteringSummary(meter: ServerlessMeter): Record<string, unknown> {
  const snapshot = meter.snapshot();
  return {
    elastiCacheProcessingUnits: snapshot.elastiCacheProcessingUnits,
    throttledCmds: snapshot.throttledCmds,
    bytesUsedForCache: snapshot.bytesUsedForCache,
    ecpuPerSecondMax: snapshot.limits.ecpuPerSecondMax,
    dataStorageMaxBytes: snapshot.limits.dataStorageMaxBytes,
  };
}

/** A proxy connection as its cache sees it: it can be dropped when the cache stops. */
export interface ProxiedConnection {
  destroy(): void;
}

export abstract class ServerlessCacheBase<C extends ProxiedConnection> implements RunningCache {
  public readonly meter: ServerlessMeter;
  protected readonly endpoint: Endpoint;
  protected readonly readerEndpoint: Endpoint;
  protected readonly connections = new Set<C>();
  protected running = false;

  constructor(
    public model: ServerlessCacheModel,
    protected readonly context: RuntimeContext,
    protected readonly sizing: ServerlessSizing,
    cpuBaseline?: CpuBaseline,
  ) {
    this.meter = new ServerlessMeter({
      clusterId: model.serverlessCacheName,
      engine: model.engine,
      ecpuPerSecondMax: model.ecpuPerSecond?.maximum,
      dataStorageMaxBytes: sizing.dataStorageMaxBytes,
      cpuBaseline,
      engineFigures: () => this.engineFigures(),
    });
    const secureContext = secureContextOf(model, context);
    const endpointFor = (reader: boolean) => {
      const accept = (socket: net.Socket) => this.accept(socket, reader);
      const target: ConnectionTarget = { name: model.serverlessCacheName, running: true, accept };
      return new Endpoint({
        model: reader ? model.readerEndpoint : model.endpoint,
        host: context.host,
        transit: 'required',
        secureContext,
        pick: () => (this.running ? target : undefined),
      });
    };
    this.endpoint = endpointFor(false);
    this.readerEndpoint = endpointFor(true);
  }

  public get id(): string {
    return this.model.serverlessCacheName;
  }

  /** The `DataStorage` maximum of the current model in bytes (undefined: none). */
  protected get dataStorageMaxBytes(): number | undefined {
    return dataStorageMaxBytes(this.model, this.sizing.bytesPerGigabyte);
  }

  public abstract start(): Promise<this>;

  /** A client connection reached the endpoint (`reader`: the reader endpoint). */
  protected abstract accept(socket: net.Socket, reader: boolean): void;

  /** The figures only the engines know, for the meter. */
  protected abstract engineFigures(): EngineFigures;

  /** The engines take the changed model: its `DataStorage` maximum as their eviction limit (and, per engine, the rest). */
  protected abstract adoptModel(): void;

  /** Stops the engines behind the proxy. */
  protected abstract stopEngines(): Promise<void>;

  public abstract describe(): Record<string, unknown>;

  public connectionClosed(connection: C): void {
    this.connections.delete(connection);
  }

  /**
   * Adopts a changed model (ModifyServerlessCache): the `ECPUPerSecond` maximum throttles and the
   * `DataStorage` maximum evicts from now on.
   */
  public reconfigure(model: ServerlessCacheModel): void {
    this.model = model;
    this.meter.setLimits({ ecpuPerSecondMax: model.ecpuPerSecond?.maximum, dataStorageMaxBytes: this.dataStorageMaxBytes });
    this.adoptModel();
  }

  public endpoints(): LocalEndpoint[] {
    return [this.endpoint.local, this.readerEndpoint.local];
  }

  /** Serverless caches have no nodes the API shows. */
  public nodes(): NodeStatus[] {
    return [];
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
    await this.stopEngines();
  }
}

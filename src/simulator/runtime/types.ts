/**
 * The seam between the simulation and each kind of cache: a `CacheRuntime` starts one cache of
 * its kind from the topology model and returns a `RunningCache` (endpoints, nodes, fault
 * injection, description, stop). Runtimes are registered by kind (`registry.ts`), so a new kind,
 * such as serverless caches, plugs in as one module.
 */
import type { EventLog } from './events';
import type { CacheModel, Topology } from '../model';
import type { LocalEndpoint } from './network/endpoint';
import type { PortAllocator } from './network/ports';
import type { TlsAuthority } from './tls/authority';

/** What every runtime gets from the simulation. */
export interface RuntimeContext {
  /** Address listeners bind to (127.0.0.1 unless asked otherwise). */
  readonly host: string;
  readonly ports: PortAllocator;
  readonly tls: TlsAuthority;
  /** The whole topology (users, groups, secrets a cache refers to). */
  readonly topology: Topology;
  /** Delay before replicas apply the primary's stream, in ms (0: at the end of the turn that wrote, after its replies). */
  readonly replicationDelayMs: number;
  readonly events: EventLog;
}

/** A node and its state, for descriptions and the CLI. */
export interface NodeStatus {
  /** Node id as the service names it (`app-0001-001`, `app-001`, or `<cluster>/0001` for Memcached). */
  readonly nodeId: string;
  readonly shardId?: string;
  readonly role: 'primary' | 'replica' | 'memcached' | 'standalone';
  readonly status: 'available' | 'stopped';
  readonly endpoint: LocalEndpoint;
  /** Replication offset (Valkey / Redis OSS). */
  readonly replicationOffset?: number;
}

export interface RunningCache {
  readonly model: CacheModel;
  /** The cache's identifier (replication group id, cache cluster id or serverless cache name). */
  readonly id: string;
  /** Cluster-level endpoints first (primary, reader, configuration), then node endpoints. */
  endpoints(): LocalEndpoint[];
  nodes(): NodeStatus[];
  /** Runtime state as JSON (roles, offsets, parameters applied, auth). */
  describe(): Record<string, unknown>;
  /** Promotes the most up-to-date replica of a shard (TestFailover). */
  /** `betweenSteps` runs between the documented failover steps (the control plane spaces them on its clock). */
  failover(shardId?: string, betweenSteps?: () => Promise<void>): Promise<void>;
  /** Stops a node as if it failed. */
  stopNode(nodeId: string): Promise<void>;
  /** Starts a stopped node again. */
  startNode(nodeId: string): Promise<void>;
  stop(): Promise<void>;
}

/** Starts caches of one kind. */
export interface CacheRuntime<M extends CacheModel = CacheModel> {
  readonly kind: M['kind'];
  start(model: M, context: RuntimeContext): Promise<RunningCache>;
}

/** The identifier of a cache model. */
export function cacheIdOf(model: CacheModel): string {
  switch (model.kind) {
    case 'replication-group': return model.replicationGroupId;
    case 'serverless': return model.serverlessCacheName;
    default: return model.cacheClusterId;
  }
}

/** A fault-injection request the cache cannot honour, with the reason (as the service refuses it). */
export class SimulationError extends Error {
  constructor(public readonly code: string, message: string) {
    super(message);
    this.name = 'SimulationError';
  }
}

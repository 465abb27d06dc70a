/**
 * A running topology: every cache of the model started by the runtime of its kind, side by side
 * in this process, with one CA, one port allocator and one event log. Caches are found by their
 * id, their logical id, or `stack/logicalId`; fault injection and descriptions go through here.
 */
import { describeTopology } from '../model';
import type { CacheModel, EndpointKind, GlobalDatastoreModel, Topology } from '../model';
import { AddressMap } from './address-map';
import { EventLog } from './events';
import type { LocalEndpoint } from './network/endpoint';
import { PortAllocator } from './network/ports';
import { CacheRuntimeRegistry, defaultRuntimes } from './registry';
import { TlsAuthority } from './tls/authority';
import { cacheIdOf, RunningCache, RuntimeContext, SimulationError } from './types';
import { ClusterGroup } from './valkey/cluster-group';
import { datastoreMembers, GlobalReplication, memberCache, ShardedCache } from './valkey/global-datastore';

export interface SimulationOptions {
  /** First local port to use; free ports picked by the OS when absent. */
  readonly basePort?: number;
  /** Directory for state kept between runs (the CA). */
  readonly stateDir?: string;
  /** Address to listen on. @default 127.0.0.1 */
  readonly host?: string;
  /** Delay before replicas apply the primary's writes, in ms. @default 0 (at the end of the event-loop turn that wrote, after its replies) */
  readonly replicationDelayMs?: number;
  /** Runtimes by cache kind. @default the node-based runtimes */
  readonly runtimes?: CacheRuntimeRegistry;
  /** Progress lines while starting. */
  readonly onProgress?: (message: string) => void;
  /** Time of events (the simulator clock). @default wall time */
  readonly now?: () => Date;
}

/** A cache of the topology that has no runtime. */
export interface NotStartedCache {
  readonly model: CacheModel;
  readonly id: string;
  readonly reason: string;
}

function notSimulatedReason(model: CacheModel): string {
  return model.kind === 'serverless'
    ? 'serverless caches are not simulated yet: nothing listens on its endpoints'
    : `no runtime for ${model.kind} caches`;
}

export class Simulation {
  /** Starts every cache of the topology; stops what started when one fails. */
  public static async start(topology: Topology, options: SimulationOptions = {}): Promise<Simulation> {
    const context: RuntimeContext = {
      host: options.host ?? '127.0.0.1',
      ports: new PortAllocator(options.basePort),
      tls: new TlsAuthority(options.stateDir),
      topology,
      replicationDelayMs: options.replicationDelayMs ?? 0,
      events: new EventLog(options.now),
    };
    const runtimes = options.runtimes ?? defaultRuntimes();
    const simulation = new Simulation(topology, context, runtimes);
    const progress = options.onProgress ?? (() => undefined);
    const starting: Promise<void>[] = [];
    for (const model of topology.caches) {
      const id = cacheIdOf(model);
      const runtime = runtimes.runtimeFor(model.kind);
      if (!runtime) {
        simulation.notStarted.push({ model, id, reason: notSimulatedReason(model) });
        progress(`${id}: not started (${notSimulatedReason(model)})`);
        continue;
      }
      progress(`${id}: starting ${model.kind}`);
      starting.push(runtime.start(model, context).then((running) => {
        simulation.caches.push(running);
        progress(`${id}: available`);
      }));
    }
    const results = await Promise.allSettled(starting);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) {
      await simulation.stop();
      throw failure.reason;
    }
    // Keep the topology's order, whatever order the caches finished starting in.
    simulation.caches.sort((a, b) => topology.caches.indexOf(a.model) - topology.caches.indexOf(b.model));
    simulation.linkGlobalDatastores();
    return simulation;
  }

  public readonly events: EventLog;
  public readonly tls: TlsAuthority;
  public readonly caches: RunningCache[] = [];
  public readonly notStarted: NotStartedCache[] = [];
  private readonly globalLinks: GlobalReplication[] = [];
  private stopped = false;

  private constructor(public readonly topology: Topology, private readonly context: RuntimeContext, private readonly runtimes: CacheRuntimeRegistry) {
    this.events = context.events;
    this.tls = context.tls;
  }

  /** Starts one more cache of the topology (created after the simulation started). */
  public async addCache(model: CacheModel): Promise<RunningCache> {
    const runtime = this.runtimes.runtimeFor(model.kind);
    if (!runtime) throw new SimulationError('InvalidParameterCombination', `${cacheIdOf(model)}: ${notSimulatedReason(model)}.`);
    const running = await runtime.start(model, this.context);
    if (this.stopped) {
      await running.stop();
      throw new SimulationError('InvalidParameterCombination', 'The simulation has stopped.');
    }
    this.caches.push(running);
    return running;
  }

  /** Stops a running cache and forgets it (the cache was deleted). */
  public async removeCache(running: RunningCache): Promise<void> {
    const index = this.caches.indexOf(running);
    if (index < 0) return;
    this.caches.splice(index, 1);
    await running.stop();
  }

  /** Secondaries of Global Datastores replicate the primary group (across simulated Regions). */
  private linkGlobalDatastores(): void {
    for (const datastore of this.topology.globalDatastores) this.linkGlobalDatastore(datastore);
  }

  /**
   * Links a Global Datastore's members as its model says — at start, after a failover, after a
   * restart that kept one: the PRIMARY member takes writes and every other member replicates it
   * (a full sync, the former primary of a failover included).
   */
  public linkGlobalDatastore(datastore: GlobalDatastoreModel): void {
    const id = datastore.globalReplicationGroupId;
    for (const link of this.globalLinks.filter((l) => l.datastoreId === id)) {
      link.stop();
      this.globalLinks.splice(this.globalLinks.indexOf(link), 1);
    }
    const members = datastoreMembers(datastore, this.topology.caches);
    const primaryMember = members.find((m) => m.role === 'PRIMARY');
    const primary = primaryMember && memberCache(primaryMember, this.caches);
    if (!primary || !isSharded(primary)) return;
    for (const shard of primary.shardList) for (const node of shard.nodes) node.globalSecondary = false;
    for (const member of members) {
      const secondary = member === primaryMember ? undefined : memberCache(member, this.caches);
      if (!secondary || !isSharded(secondary)) continue;
      const link = new GlobalReplication(id, primary, secondary, this.context);
      link.start();
      this.globalLinks.push(link);
    }
  }

  /** A running cache by id, logical id or `stack/logicalId`. */
  public cache(ref: string): RunningCache {
    const found = this.caches.find((c) => matches(c.model, c.id, ref));
    if (found) return found;
    const idle = this.notStarted.find((c) => matches(c.model, c.id, ref));
    if (idle) throw new SimulationError('CacheNotRunning', `${idle.id} is not running: ${idle.reason}.`);
    const known = [...this.caches.map((c) => c.id), ...this.notStarted.map((c) => c.id)].join(', ') || 'none';
    throw new SimulationError('CacheNotFound', `No cache ${ref} in this simulation (caches: ${known}).`);
  }

  /**
   * An endpoint of a cache: by kind (`primary`, `reader`, `configuration`, `node`), or the cache's
   * main endpoint (primary, configuration, or its only node) when no kind is given.
   */
  public endpoint(ref: string, kind?: EndpointKind, nodeId?: string): LocalEndpoint {
    const cache = this.cache(ref);
    const endpoints = cache.endpoints();
    if (kind === 'node' || nodeId !== undefined) {
      const nodes = endpoints.filter((e) => e.kind === 'node');
      const node = nodeId === undefined ? nodes[0] : nodes.find((e) => e.nodeId === nodeId || e.nodeId === nodeId.padStart(4, '0'));
      if (!node) throw new SimulationError('CacheNodeNotFound', `${cache.id} has no node ${nodeId} (nodes: ${nodes.map((e) => e.nodeId).join(', ')}).`);
      return node;
    }
    const found = kind === undefined ? endpoints[0] : endpoints.find((e) => e.kind === kind);
    if (!found) {
      const kinds = [...new Set(endpoints.map((e) => e.kind))].join(', ');
      throw new SimulationError('InvalidParameterValue', `${cache.id} has no ${kind} endpoint (it has: ${kinds}).`);
    }
    return found;
  }

  /** Hostname → local address for every endpoint of every running cache (caches come and go). */
  public get addressMap(): AddressMap {
    return new AddressMap(this.caches.flatMap((c) => c.endpoints()));
  }

  public async failover(ref: string, shardId?: string): Promise<void> {
    await this.cache(ref).failover(shardId);
  }

  public async stopNode(ref: string, nodeId: string): Promise<void> {
    await this.cache(ref).stopNode(nodeId);
  }

  public async startNode(ref: string, nodeId: string): Promise<void> {
    await this.cache(ref).startNode(nodeId);
  }

  /** A cluster-mode group, for online resharding steps. */
  public clusterGroup(ref: string): ClusterGroup {
    const cache = this.cache(ref);
    if (!(cache instanceof ClusterGroup)) throw new SimulationError('InvalidParameterCombination', `${cache.id} is not a cluster mode enabled replication group.`);
    return cache;
  }

  /** The topology description with each cache's runtime state (local endpoints, roles, offsets). */
  public describe(options: { revealSecrets?: boolean } = {}): Record<string, unknown> {
    const description = describeTopology(this.topology, options);
    const caches = (description.caches as Record<string, unknown>[]).map((entry, i) => {
      const model = this.topology.caches[i];
      const running = this.caches.find((c) => c.model === model);
      if (!running) {
        const idle = this.notStarted.find((c) => c.model === model);
        return { ...entry, runtime: { status: 'not-started', reason: idle?.reason } };
      }
      return {
        ...entry,
        runtime: {
          status: 'running',
          endpoints: running.endpoints().map((e) => ({
            kind: e.kind, nodeId: e.nodeId, hostname: e.hostname, servicePort: e.servicePort, address: `${e.host}:${e.port}`, tls: e.transit,
          })),
          ...running.describe(),
        },
      };
    });
    return {
      ...description,
      caches,
      events: this.events.events.map((e) => ({ date: e.date.toISOString(), sourceId: e.sourceId, sourceType: e.sourceType, message: e.message })),
    };
  }

  /** Stops every cache (idempotent). */
  public async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const link of this.globalLinks) link.stop();
    await Promise.all(this.caches.map((c) => c.stop()));
  }
}

function isSharded(cache: RunningCache): cache is RunningCache & ShardedCache {
  return 'shardList' in cache;
}

function matches(model: CacheModel, id: string, ref: string): boolean {
  const wanted = ref.toLowerCase();
  return id === wanted
    || model.origin.logicalId === ref
    || `${model.origin.stack}/${model.origin.logicalId}` === ref;
}

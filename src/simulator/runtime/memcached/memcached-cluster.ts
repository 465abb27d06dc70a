/**
 * A Memcached cluster: one engine node per cache node, each behind its node endpoint, and the
 * `.cfg.` configuration endpoint, which (like its DNS name) reaches one of the nodes. Every node
 * answers `config get cluster` with the same node list — the AWS-format hostnames, 127.0.0.1 and
 * the local ports — and the same config version, so Auto Discovery clients find all nodes.
 */
import type * as net from 'net';
import { MemcachedServer } from '../../../engines/memcached';
import type { MemcachedClusterModel, NodeModel } from '../../model';
import { ConnectionTarget, Endpoint, LocalEndpoint } from '../network/endpoint';
import { secureContextOf } from '../tls/cache-tls';
import { NodeStatus, RunningCache, RuntimeContext, SimulationError } from '../types';
import { transitOf } from '../valkey/node';

/** One Memcached node: the engine (listening internally on an OS-picked port) behind its endpoint. */
class MemcachedNode implements ConnectionTarget {
  public server: MemcachedServer | undefined;
  public readonly endpoint: Endpoint;

  constructor(
    public readonly model: NodeModel,
    /** The cluster's model; a reconfiguration replaces it and the next engine start uses the new one. */
    public cluster: MemcachedClusterModel,
    private readonly context: RuntimeContext,
    private readonly discovery: () => { version: number; nodes: { host: string; ip: string; port: number }[] },
  ) {
    this.endpoint = new Endpoint({
      model: model.endpoint,
      host: context.host,
      transit: transitOf(cluster.tls),
      secureContext: secureContextOf(cluster, context),
      pick: () => (this.running ? this : undefined),
      nodeId: model.cacheNodeId,
    });
  }

  public get name(): string {
    return this.model.cacheNodeId;
  }

  public get running(): boolean {
    return this.server !== undefined;
  }

  public accept(socket: net.Socket): void {
    if (!this.server) {
      socket.destroy();
      return;
    }
    this.server.handleConnection(socket, `tcp:${socket.remoteAddress}:${socket.remotePort}`);
  }

  public async start(): Promise<void> {
    if (this.server) return;
    await this.endpoint.start(this.context.ports);
    // The node answers `version` with the cluster's engine version, as the service's nodes do.
    const parameters = { ...this.cluster.engineConfig.parameters, version: this.cluster.engineVersion };
    const server = new MemcachedServer({ port: 0, host: this.context.host, parameters });
    await server.start();
    const config = this.discovery();
    server.setClusterConfig(config.version, config.nodes);
    this.server = server;
  }

  public async stop(): Promise<void> {
    await this.endpoint.stop();
    const server = this.server;
    this.server = undefined;
    if (server) await server.stop();
  }
}

export class MemcachedCluster implements RunningCache {
  private readonly clusterNodes: MemcachedNode[];
  private readonly configurationEndpoint: Endpoint;
  /** Auto Discovery config version: the service bumps it when nodes are added or removed. */
  private configVersion = 1;
  private cursor = 0;

  constructor(public model: MemcachedClusterModel, private readonly context: RuntimeContext) {
    this.clusterNodes = model.nodes.map((node) => new MemcachedNode(node, model, context, () => this.discovery()));
    this.configurationEndpoint = new Endpoint({
      model: model.configurationEndpoint,
      host: context.host,
      transit: transitOf(model.tls),
      secureContext: secureContextOf(model, context),
      pick: () => this.pickNode(),
    });
  }

  public get id(): string {
    return this.model.cacheClusterId;
  }

  /** The node list every node serves (ports are the local ones, bound before any engine starts). */
  private discovery(): { version: number; nodes: { host: string; ip: string; port: number }[] } {
    return {
      version: this.configVersion,
      nodes: this.clusterNodes.map((n) => ({ host: n.model.endpoint.hostname, ip: this.context.host, port: n.endpoint.local.port })),
    };
  }

  public async start(): Promise<this> {
    // Listeners first, so every node's discovery answer lists every local port.
    await Promise.all([this.configurationEndpoint.start(this.context.ports), ...this.clusterNodes.map((n) => n.endpoint.start(this.context.ports))]);
    await Promise.all(this.clusterNodes.map((n) => n.start()));
    return this;
  }

  private pickNode(): MemcachedNode | undefined {
    const running = this.clusterNodes.filter((n) => n.running);
    if (running.length === 0) return undefined;
    return running[this.cursor++ % running.length];
  }

  public endpoints(): LocalEndpoint[] {
    return [this.configurationEndpoint.local, ...this.clusterNodes.map((n) => n.endpoint.local)];
  }

  /** Each node's model and its engine while it runs (for the metrics collector). */
  public engineNodes(): { readonly model: NodeModel; readonly server: MemcachedServer | undefined }[] {
    return this.clusterNodes.map((n) => ({ model: n.model, server: n.server }));
  }

  public nodes(): NodeStatus[] {
    return this.clusterNodes.map((n) => ({
      nodeId: n.name,
      role: 'memcached',
      status: n.running ? 'available' : 'stopped',
      endpoint: n.endpoint.local,
    }));
  }

  public describe(): Record<string, unknown> {
    return {
      autoDiscovery: { configVersion: this.configVersion, nodes: this.discovery().nodes.map((n) => `${n.host}|${n.ip}|${n.port}`) },
      nodes: this.nodes().map((n) => ({ nodeId: n.nodeId, status: n.status, port: n.endpoint.port })),
    };
  }

  private find(nodeId: string): MemcachedNode {
    const wanted = nodeId.includes('/') ? nodeId.split('/').pop()! : nodeId;
    const node = this.clusterNodes.find((n) => n.name === wanted.padStart(4, '0'));
    if (!node) throw new SimulationError('CacheNodeNotFound', `${this.id} has no cache node ${nodeId} (nodes: ${this.clusterNodes.map((n) => n.name).join(', ')}).`);
    return node;
  }

  public async failover(): Promise<void> {
    throw new SimulationError('InvalidParameterCombination', `Memcached cluster ${this.id} has no replicas: failover does not apply.`);
  }

  public async stopNode(nodeId: string): Promise<void> {
    const node = this.find(nodeId);
    if (!node.running) throw new SimulationError('InvalidCacheClusterState', `Cache node ${node.name} of ${this.id} is already stopped.`);
    await node.stop();
    this.context.events.record(this.id, 'cache-cluster', `Cache node ${node.name} failed`);
  }

  public async startNode(nodeId: string): Promise<void> {
    const node = this.find(nodeId);
    if (node.running) throw new SimulationError('InvalidCacheClusterState', `Cache node ${node.name} of ${this.id} is already running.`);
    await node.start();
    this.context.events.record(this.id, 'cache-cluster', `Finished recovery for cache node ${node.name}`);
  }

  /** Every running node serves the current node list and version. */
  private publishDiscovery(): void {
    const config = this.discovery();
    for (const node of this.clusterNodes) node.server?.setClusterConfig(config.version, config.nodes);
  }

  /**
   * New nodes (ModifyCacheCluster with a larger NumCacheNodes): they start, then join the node list
   * every node serves, the config version going up by one per node.
   */
  public async addNodes(models: readonly NodeModel[]): Promise<void> {
    const added = models.map((m) => new MemcachedNode(m, this.model, this.context, () => this.discovery()));
    await Promise.all(added.map((n) => n.endpoint.start(this.context.ports)));
    await Promise.all(added.map((n) => n.start()));
    this.clusterNodes.push(...added);
    this.configVersion += added.length;
    this.publishDiscovery();
  }

  /**
   * Removes nodes (CacheNodeIdsToRemove): they leave the node list first (version up by one per
   * node), then stop, as the service takes a node out of the metadata before terminating it.
   */
  public async removeNodes(nodeIds: readonly string[]): Promise<void> {
    const removed = nodeIds.map((id) => this.find(id));
    for (const node of removed) this.clusterNodes.splice(this.clusterNodes.indexOf(node), 1);
    this.configVersion += removed.length;
    this.publishDiscovery();
    await Promise.all(removed.map((n) => n.stop()));
  }

  /** Reboots nodes (RebootCacheCluster): each restarts empty, with the cluster's current parameters. */
  public async rebootNodes(nodeIds: readonly string[]): Promise<void> {
    for (const node of nodeIds.map((id) => this.find(id))) {
      await node.stop();
      await node.start();
    }
  }

  /** Adopts a changed model of the cluster; engines use it when they next start (Memcached parameters need a reboot). */
  public reconfigure(model: MemcachedClusterModel): void {
    this.model = model;
    for (const node of this.clusterNodes) node.cluster = model;
  }

  /** Auto Discovery config version (`config get cluster`). */
  public get discoveryVersion(): number {
    return this.configVersion;
  }

  public async stop(): Promise<void> {
    await Promise.all([this.configurationEndpoint.stop(), ...this.clusterNodes.map((n) => n.stop())]);
  }
}

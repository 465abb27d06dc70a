/**
 * One Valkey / Redis OSS cache node: an engine configured as the cache's parameter group says
 * (restricted commands refused, AUTH token or RBAC users installed) behind its node endpoint.
 * Stopping the node closes its listener and connections, as a failed node would; starting it
 * again brings up a fresh, empty engine on the same port.
 */
import type * as net from 'net';
import { CLIENT, ValkeyServer } from '../../../engines/valkey';
import type { NodeModel, ReplicationGroupModel, SingleNodeClusterModel } from '../../model';
import { Endpoint, ConnectionTarget } from '../network/endpoint';
import type { SecureContextSource, TransitMode } from '../network/listener';
import type { RuntimeContext } from '../types';
import { applyAccess } from './access';
import { restrictCommands } from './restricted';
import { applyParameters, emulatedVersion, immutableConfig, ParameterReport } from './settings';

export type ValkeyCacheModel = ReplicationGroupModel | SingleNodeClusterModel;

export const READONLY_REPLICA_ERROR = "-READONLY You can't write against a read only replica.";

/** How a cache's endpoints speak: plain, TLS only, or both (TransitEncryptionMode preferred). */
export function transitOf(tls: { enabled: boolean; mode: string }): TransitMode {
  if (!tls.enabled) return 'plain';
  return tls.mode === 'preferred' ? 'preferred' : 'required';
}

export class ValkeyNode implements ConnectionTarget {
  public server: ValkeyServer | undefined;
  public role: 'primary' | 'replica';
  public readonly endpoint: Endpoint;
  /** What the last engine made of the parameter group. */
  public parameters: ParameterReport = { applied: [], notApplied: [] };
  /** The node belongs to a Global Datastore secondary: it replicates another Region and refuses writes. */
  public globalSecondary = false;
  /** Called with every new engine before it serves (cluster membership, pub/sub bus…). */
  public readonly engineSetups: ((server: ValkeyServer) => void)[] = [];

  constructor(
    public readonly model: NodeModel,
    /** The cache's model; a reconfiguration replaces it and the next engine start uses the new one. */
    public cache: ValkeyCacheModel,
    private readonly context: RuntimeContext,
    secureContext: SecureContextSource | undefined,
  ) {
    this.role = model.role === 'replica' ? 'replica' : 'primary';
    this.endpoint = new Endpoint({
      model: model.endpoint,
      host: context.host,
      transit: transitOf(cache.tls),
      secureContext,
      pick: () => (this.running ? this : undefined),
      nodeId: model.cacheClusterId,
    });
  }

  public get name(): string {
    return this.model.cacheClusterId;
  }

  public get running(): boolean {
    return this.server !== undefined;
  }

  public accept(socket: net.Socket): void {
    if (this.server) this.server.handleConnection(socket);
    else socket.destroy();
  }

  /** Starts the node: its listener (first time on a new port, later on the same one) and a fresh engine. */
  public async start(): Promise<void> {
    if (this.server) return;
    await this.endpoint.start(this.context.ports);
    await this.startEngine();
  }

  /** Stops the node as a failure would: no listener, connections closed, data gone. */
  public async stop(): Promise<void> {
    await this.endpoint.stop();
    await this.stopEngine();
  }

  /** Replaces the engine by a fresh one on the same listener (a node reboot): clients are disconnected. */
  public async restartEngine(): Promise<void> {
    await this.stopEngine();
    await this.startEngine();
  }

  private async stopEngine(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await server.stop();
  }

  private async startEngine(): Promise<void> {
    const config = this.cache.engineConfig;
    const { version, serverName } = emulatedVersion(config);
    const server = new ValkeyServer({
      port: this.endpoint.local.port,
      bind: this.context.host,
      version,
      serverName,
      config: immutableConfig(config),
    });
    restrictCommands(server);
    this.parameters = applyParameters(server, config);
    applyAccess(server, this.cache.auth, this.context.topology);
    const closeOnWrite = config.parameters['close-on-replica-write'] !== 'no';
    server.hooks.checkWrite = (c) => {
      if ((this.role !== 'replica' && !this.globalSecondary) || !c.socket || c.has(CLIENT.MASTER)) return undefined;
      // ElastiCache's close-on-replica-write: the client gets the error, then the connection closes.
      // eslint-disable-next-line no-bitwise
      if (closeOnWrite) c.flags |= CLIENT.CLOSE_AFTER_REPLY;
      return READONLY_REPLICA_ERROR;
    };
    for (const setup of this.engineSetups) setup(server);
    await server.start({ listen: false });
    this.server = server;
  }
}

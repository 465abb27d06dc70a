/**
 * An endpoint as DNS gives it: a name clients connect to whose target can move. Each endpoint has
 * its own local listener; every accepted connection is handed (in process, no extra hop) to the
 * node the endpoint points at right now. When the target moves, as DNS does on failover,
 * connections to nodes the endpoint no longer points at are closed and clients reconnect.
 */
import type * as net from 'net';
import * as tls from 'tls';
import { EndpointListener, SecureContextSource, TransitMode } from './listener';
import type { PortAllocator } from './ports';
import type { EndpointModel } from '../../model';

/** Something that serves connections: a cache node. */
export interface ConnectionTarget {
  /** Node id (`app-0001-001`, or `app-cluster/0001` for Memcached). */
  readonly name: string;
  /** True while the node runs. */
  readonly running: boolean;
  accept(socket: net.Socket): void;
}

/** Where a client reaches an endpoint: the service's hostname and port, and the local address. */
export interface LocalEndpoint {
  readonly kind: EndpointModel['kind'];
  /** AWS-format hostname. */
  readonly hostname: string;
  /** Port the service publishes. */
  readonly servicePort: number;
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly transit: TransitMode;
  /** Node id for node endpoints. */
  readonly nodeId?: string;
  /** Former hostnames that still reach the endpoint (the non-TLS names while transit encryption is `preferred`). */
  readonly aliases?: readonly string[];
}

export interface EndpointOptions {
  readonly model: EndpointModel;
  readonly host: string;
  readonly transit: TransitMode;
  readonly secureContext?: SecureContextSource;
  /** The node this endpoint points at for a new connection (undefined: refuse it). */
  readonly pick: () => ConnectionTarget | undefined;
  readonly nodeId?: string;
}

export class Endpoint {
  private readonly listener: EndpointListener;
  private readonly connections = new Map<net.Socket, ConnectionTarget>();
  private published: EndpointModel;
  private formerNames: readonly string[] = [];

  constructor(private readonly options: EndpointOptions) {
    this.published = options.model;
    this.listener = new EndpointListener({
      host: options.host,
      mode: options.transit,
      secureContext: options.secureContext,
      onSocket: (socket) => this.route(socket),
    });
  }

  public get model(): EndpointModel {
    return this.published;
  }

  /** Former hostnames that still reach the endpoint. */
  public get aliases(): readonly string[] {
    return this.formerNames;
  }

  /** Publishes the endpoint under another name (DNS records change with transit encryption); `aliases` keep resolving. */
  public rename(model: EndpointModel, aliases: readonly string[]): void {
    this.published = model;
    this.formerNames = aliases;
  }

  public get listening(): boolean {
    return this.listener.listening;
  }

  public async start(ports: PortAllocator): Promise<void> {
    await this.listener.start(ports);
  }

  /** Stops listening (connections already handed to nodes stay with them). */
  public async stop(): Promise<void> {
    await this.listener.stop();
  }

  public get local(): LocalEndpoint {
    const port = this.listener.port;
    if (port === undefined) throw new Error(`endpoint ${this.published.hostname} has not started`);
    return {
      kind: this.published.kind,
      hostname: this.published.hostname,
      servicePort: this.published.port,
      host: this.options.host,
      port,
      tls: this.listener.mode !== 'plain',
      transit: this.listener.mode,
      nodeId: this.options.nodeId,
      aliases: this.formerNames.length > 0 ? this.formerNames : undefined,
    };
  }

  private route(socket: net.Socket): void {
    const target = this.options.pick();
    if (!target || !target.running) {
      socket.destroy();
      return;
    }
    this.connections.set(socket, target);
    socket.once('close', () => this.connections.delete(socket));
    target.accept(socket);
  }

  /**
   * Switches the endpoint's transit encryption for new connections; moving to `required` closes
   * the plain connections made through it (the node no longer speaks plain text). Returns how
   * many were closed.
   */
  public setTransit(mode: TransitMode, secureContext: SecureContextSource | undefined): number {
    this.listener.setMode(mode, secureContext);
    return mode === 'required' ? this.retargetSockets((socket) => socket instanceof tls.TLSSocket) : 0;
  }

  /** Closes the connections whose node the endpoint no longer points at; returns how many. */
  public retarget(stillValid: (target: ConnectionTarget) => boolean): number {
    return this.retargetSockets((_socket, target) => stillValid(target));
  }

  private retargetSockets(keep: (socket: net.Socket, target: ConnectionTarget) => boolean): number {
    let closed = 0;
    for (const [socket, target] of this.connections) {
      if (keep(socket, target)) continue;
      this.connections.delete(socket);
      socket.destroy();
      closed++;
    }
    return closed;
  }

  /** Connections made through this endpoint that are open now. */
  public get connectionCount(): number {
    return this.connections.size;
  }
}

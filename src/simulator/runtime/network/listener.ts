/**
 * A local listener for one endpoint, speaking the cache's transit encryption: plain TCP, TLS only
 * (`required`), or both on one port (`preferred`: the first byte of a connection tells a TLS
 * ClientHello, 0x16, from a plain command). Accepted connections go to the endpoint's handler
 * as ready-to-use sockets (TLS already negotiated).
 */
import * as net from 'net';
import * as tls from 'tls';
import type { PortAllocator } from './ports';

export type TransitMode = 'plain' | 'required' | 'preferred';

/** Gives the TLS context (created on first use). */
export type SecureContextSource = () => tls.SecureContext;

/** First byte of a TLS handshake record. */
const TLS_HANDSHAKE = 0x16;

export interface ListenerOptions {
  readonly host: string;
  readonly mode: TransitMode;
  /** The TLS context (needed unless `plain`). */
  readonly secureContext?: SecureContextSource;
  readonly onSocket: (socket: net.Socket) => void;
}

export class EndpointListener {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  /** The port, once bound; kept so a restart listens on the same port. */
  public port: number | undefined;
  private transit: TransitMode;
  private secureContext: SecureContextSource | undefined;

  constructor(private readonly options: ListenerOptions) {
    this.transit = options.mode;
    this.secureContext = options.secureContext;
    if (options.mode !== 'plain' && !options.secureContext) throw new Error('a TLS listener needs a secure context');
  }

  public get mode(): TransitMode {
    return this.transit;
  }

  /**
   * Speaks another transit mode from the next connection on (ModifyReplicationGroup changes the
   * cache's in-transit encryption while it runs); the port stays the same.
   */
  public setMode(mode: TransitMode, secureContext: SecureContextSource | undefined): void {
    if (mode !== 'plain' && !secureContext) throw new Error('a TLS listener needs a secure context');
    this.transit = mode;
    this.secureContext = secureContext;
  }

  public get listening(): boolean {
    return this.server !== undefined;
  }

  public async start(ports: PortAllocator): Promise<number> {
    if (this.server) return this.port!;
    const server = net.createServer({ noDelay: true }, (socket) => this.accept(socket));
    this.port = await ports.bind(server, this.options.host, this.port);
    this.server = server;
    return this.port;
  }

  /**
   * Stops listening (the port is free again at once) and closes the connections still in their
   * TLS handshake; connections already handed over belong to their node, which closes them.
   */
  public async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    server?.close();
  }

  private accept(socket: net.Socket): void {
    socket.on('error', () => socket.destroy());
    if (this.transit === 'plain') {
      this.options.onSocket(socket);
      return;
    }
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    if (this.transit === 'required') {
      this.upgrade(socket);
      return;
    }
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      socket.unshift(chunk);
      if (chunk[0] === TLS_HANDSHAKE) {
        this.upgrade(socket);
      } else {
        this.sockets.delete(socket);
        this.options.onSocket(socket);
        socket.resume();
      }
    });
  }

  private upgrade(raw: net.Socket): void {
    const secure = new tls.TLSSocket(raw, { isServer: true, secureContext: this.secureContext!() });
    secure.on('error', () => {
      secure.destroy();
      raw.destroy();
    });
    secure.once('secure', () => {
      this.sockets.delete(raw);
      this.options.onSocket(secure);
    });
  }
}

/**
 * The few socket members an engine connection uses, backed by callbacks instead of a network: the
 * serverless proxies attach their sessions on the internal engines (Valkey clients, Memcached
 * connections) through it, so a request runs synchronously and its reply is captured directly.
 */
import { EventEmitter } from 'events';

/** Where the proxied client connection comes from (for the engine's client address). */
export interface Peer {
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly localAddress: string;
  readonly localPort: number;
}

export class InProcessSocket extends EventEmitter {
  public destroyed = false;
  public readonly writableLength = 0;
  public readonly remoteAddress: string;
  public readonly remotePort: number;
  public readonly localAddress: string;
  public readonly localPort: number;

  /**
   * @param sink receives every chunk the engine writes
   * @param closed called once, when the engine (or the proxy) closes the connection
   */
  constructor(peer: Peer, private readonly sink: (bytes: Buffer) => void, private readonly closed: () => void) {
    super();
    this.remoteAddress = peer.remoteAddress;
    this.remotePort = peer.remotePort;
    this.localAddress = peer.localAddress;
    this.localPort = peer.localPort;
  }

  public setNoDelay(): this {
    return this;
  }

  public setKeepAlive(): this {
    return this;
  }

  public pause(): this {
    return this;
  }

  public resume(): this {
    return this;
  }

  public write(chunk: Uint8Array | string): boolean {
    // Engines reuse their output buffers once write returns: keep a copy.
    if (!this.destroyed) this.sink(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : Buffer.from(chunk));
    return true;
  }

  public end(chunk?: Uint8Array | string): this {
    if (chunk !== undefined) this.write(chunk);
    return this.destroy();
  }

  public destroy(): this {
    if (this.destroyed) return this;
    this.destroyed = true;
    this.emit('close');
    this.closed();
    return this;
  }
}

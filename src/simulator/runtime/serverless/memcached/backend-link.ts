/**
 * A proxy connection's session on one internal Memcached engine: an engine connection fed through
 * an in-process stream. A request's bytes go in as one chunk and the engine answers synchronously,
 * so everything it writes while handling them is that request's response.
 */
import { EventEmitter } from 'events';
import type { Duplex } from 'stream';
import type { MemcachedServer } from '../../../../engines/memcached';

/** The stream members the engine's connection uses. */
class InProcessStream extends EventEmitter {
  public destroyed = false;
  public readonly writableLength = 0;
  public readonly remoteAddress: string;
  public readonly remotePort: number;

  constructor(remote: { address: string; port: number }, private readonly sink: (bytes: Buffer) => void, private readonly closed: () => void) {
    super();
    this.remoteAddress = remote.address;
    this.remotePort = remote.port;
  }

  public write(chunk: Uint8Array | string): boolean {
    if (!this.destroyed) this.sink(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : Buffer.from(chunk));
    return true;
  }

  public pause(): this {
    return this;
  }

  public resume(): this {
    return this;
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

export class MemcachedBackendLink {
  private readonly stream: InProcessStream;
  private captured: Buffer[] = [];

  constructor(public readonly server: MemcachedServer, remote: { address: string; port: number }, onClosed: () => void) {
    this.stream = new InProcessStream(remote, (bytes) => this.captured.push(bytes), onClosed);
    server.handleConnection(this.stream as unknown as Duplex, `tcp:${remote.address}:${remote.port}`);
  }

  /** Sends one request (command line and data block) and returns the engine's response. */
  public exec(request: Buffer): Buffer {
    this.captured = [];
    this.stream.emit('data', request);
    const out = this.captured.length === 1 ? this.captured[0] : Buffer.concat(this.captured);
    this.captured = [];
    return out;
  }

  public close(): void {
    this.stream.destroy();
  }
}

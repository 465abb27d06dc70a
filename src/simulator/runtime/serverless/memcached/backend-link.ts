/**
 * A proxy connection's session on one internal Memcached engine: an engine connection fed through
 * an in-process stream. A request's bytes go in as one chunk and the engine answers synchronously,
 * so everything it writes while handling them is that request's response.
 */
import type { Duplex } from 'stream';
import type { MemcachedServer } from '../../../../engines/memcached';
import { InProcessSocket, Peer } from '../in-process-socket';

export class MemcachedBackendLink {
  private readonly stream: InProcessSocket;
  private captured: Buffer[] = [];

  constructor(public readonly server: MemcachedServer, peer: Peer, onClosed: () => void) {
    this.stream = new InProcessSocket(peer, (bytes) => this.captured.push(bytes), onClosed);
    server.handleConnection(this.stream as unknown as Duplex, `tcp:${peer.remoteAddress}:${peer.remotePort}`);
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

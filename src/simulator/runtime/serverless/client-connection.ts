/**
 * The client side of a serverless proxy connection, the same for both engines: replies are
 * collected while a read is processed and written in one chunk (counted as bytes sent; reading
 * pauses while the socket is full), a connection asked to close ends after its last reply, and
 * closing — by the client, an error, the cache or an engine — happens once: the subclass releases
 * its engine sessions and the meter counts the connection gone.
 */
import type * as net from 'net';
import type { ServerlessMeter } from '../../metering';

export abstract class ClientConnection {
  /** Set to end the connection once what is pending has been written. */
  protected closing = false;
  protected closed = false;
  private output: Buffer[] = [];
  private outputBytes = 0;

  constructor(protected readonly socket: net.Socket, private readonly usage: ServerlessMeter) {
    usage.connectionOpened();
    socket.setNoDelay(true);
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
    socket.on('drain', () => socket.resume());
  }

  /** Drops the connection (the cache stops, or a session was closed by its engine). */
  public destroy(): void {
    if (!this.socket.destroyed) this.socket.destroy();
    this.close();
  }

  /** Queues reply bytes for the next flush. */
  protected push(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.output.push(bytes);
    this.outputBytes += bytes.length;
  }

  /** False while a reply is still due (a closing connection waits for it). */
  protected get idle(): boolean {
    return true;
  }

  /** Writes what is queued; ends a closing connection once nothing is due. */
  protected flush(): void {
    if (this.closed) return;
    if (this.outputBytes > 0) {
      const chunk = this.output.length === 1 ? this.output[0] : Buffer.concat(this.output, this.outputBytes);
      this.output = [];
      this.outputBytes = 0;
      this.usage.sent(chunk.length);
      if (!this.socket.write(chunk)) this.socket.pause();
    }
    if (this.closing && this.idle) {
      this.socket.end();
      this.close();
    }
  }

  protected close(): void {
    if (this.closed) return;
    this.closed = true;
    this.release();
    this.usage.connectionClosed();
  }

  /** Ends the engine sessions and leaves the cache's list of connections. */
  protected abstract release(): void;
}

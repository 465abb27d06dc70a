/**
 * Socket writes without the writable-stream machinery: a connection's replies go straight to the
 * native handle (one `write(2)` when the kernel takes them at once, libuv's queue otherwise).
 * `socket.write()` costs a WriteWrap object, stream bookkeeping and a `nextTick` per write, which
 * on loopback weighs as much as a whole GET; with one write per connection per turn that is pure
 * overhead.
 *
 * Writes keep their order with anything else libuv has queued for the handle, and `socket.end()`
 * still shuts the socket down only after queued writes are sent (libuv's shutdown waits for them).
 * Where the handle is not a native stream (in-process duplexes), the socket is encrypted, or someone
 * wrapped the socket's `write` (to count bytes, say), `socket.write()` is used.
 */
import * as net from 'net';
import type { Duplex } from 'stream';

/** The native stream handle methods used (Node's LibuvStreamWrap). */
interface NativeStreamHandle {
  readonly writeQueueSize: number;
  writeBuffer(req: object, data: Uint8Array): number;
}

interface WriteReq {
  handle?: unknown;
  oncomplete?: (status: number) => void;
  async?: boolean;
  bytes?: number;
  buffer?: Uint8Array | null;
}

interface StreamWrapBinding {
  WriteWrap: new () => WriteReq;
  streamBaseState: Int32Array;
  kLastWriteWasAsync: number;
}

/** Node's stream binding, when this Node exposes it; undefined falls back to `socket.write()`. */
const binding: StreamWrapBinding | undefined = (() => {
  try {
    const legacy = (process as unknown as { binding?: (name: string) => unknown }).binding;
    const b = legacy?.call(process, 'stream_wrap') as StreamWrapBinding | undefined;
    if (b && typeof b.WriteWrap === 'function' && b.streamBaseState instanceof Int32Array && typeof b.kLastWriteWasAsync === 'number') return b;
  } catch {
    // Not available (e.g. a runtime without the legacy bindings).
  }
  return undefined;
})();

/** Writes one connection's output; `queued` tells how much the kernel has not taken yet. */
export class SocketWriter {
  private readonly handle: NativeStreamHandle | undefined;
  /** A request object is reusable until a write goes asynchronous (it then belongs to that write). */
  private req: WriteReq | undefined;
  private asyncWrites = 0;
  private readonly onComplete: (status: number) => void;

  /**
   * @param socket the connection
   * @param onDrain called when queued writes have all been sent (as the 'drain' event)
   */
  constructor(private readonly socket: Duplex, private readonly onDrain: () => void) {
    const h = (socket as unknown as { _handle?: Partial<NativeStreamHandle> | null })._handle;
    const plain = socket.write === net.Socket.prototype.write && !(socket as { encrypted?: boolean }).encrypted;
    this.handle = binding && plain && h && typeof h.writeBuffer === 'function' && typeof h.writeQueueSize === 'number'
      ? (h as NativeStreamHandle) : undefined;
    if (!this.handle) socket.on('drain', onDrain);
    this.onComplete = (status: number) => {
      this.asyncWrites--;
      if (status < 0) {
        this.socket.destroy();
        return;
      }
      if (this.asyncWrites === 0) this.onDrain();
    };
  }

  /** Bytes written but not yet taken by the kernel. */
  public get queued(): number {
    if (!this.handle) return this.socket.writableLength;
    // Nothing is queued unless a write went asynchronous (the handle's figure is a native call).
    return this.asyncWrites === 0 ? 0 : this.handle.writeQueueSize;
  }

  /**
   * Writes `data`. Returns true when the bytes were sent at once (the caller may reuse the memory),
   * false when they were queued (the memory must stay untouched: hand over a fresh buffer).
   */
  public write(data: Uint8Array): boolean {
    const handle = this.handle;
    if (!handle || this.socket.destroyed) {
      this.socket.write(data);
      return this.socket.writableLength === 0;
    }
    let req = this.req;
    if (!req) {
      req = new binding!.WriteWrap();
      req.handle = handle;
      req.oncomplete = this.onComplete;
      req.async = false;
      req.bytes = 0;
      req.buffer = null;
      this.req = req;
    }
    const err = handle.writeBuffer(req, data);
    if (err !== 0) {
      this.socket.destroy();
      return true;
    }
    if (binding!.streamBaseState[binding!.kLastWriteWasAsync] === 0) return true;
    // Queued by libuv: keep the data alive with its request until it completes.
    req.async = true;
    req.buffer = data;
    this.req = undefined;
    this.asyncWrites++;
    return false;
  }
}

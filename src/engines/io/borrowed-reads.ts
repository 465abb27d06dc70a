/**
 * Reads without a Buffer per read: a connection accepted by our own listener is re-wrapped in a
 * `net.Socket` with Node's `onread` option, so every read lands in one buffer shared by all
 * connections and goes straight to the connection's callback. This skips the per-read allocation
 * (a 64 KB backing store trimmed to size) and the readable-stream machinery ('data' events, flowing
 * state), which cost more CPU per request than a whole command does.
 *
 * The bytes are only valid until the callback returns (the next read overwrites them): a reader
 * copies whatever it keeps. End of stream, errors, `pause()`/`resume()` and writes work as on any
 * socket. Sockets that cannot be re-wrapped (no native handle, e.g. TLS) keep their 'data' events.
 */
import * as net from 'net';

/** Receives each read: `buf[0, length)` is valid only during the call. */
export interface BorrowedReader {
  onBorrowedRead(buf: Buffer, length: number): void;
}

/** Big enough for a full socket receive on loopback; bigger reads simply arrive in several calls. */
const SHARED_READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/** The parts of Node's socket internals this module relies on. */
interface SocketInternals {
  _handle: { readStart?: unknown; fd?: number; useUserBuffer?: (buf: Uint8Array) => void } | null;
  server?: net.Server;
  _server?: net.Server;
  encrypted?: boolean;
}

/**
 * The (unexported) symbols under which a socket made with `onread` keeps its buffer and callback,
 * found on a probe socket by their values; undefined when this Node keeps them otherwise.
 */
const ONREAD_SYMBOLS: { readonly buffer: symbol; readonly callback: symbol } | undefined = (() => {
  try {
    const buffer = Buffer.alloc(1);
    const callback = () => undefined;
    const probe = new net.Socket({ onread: { buffer, callback } } as net.SocketConstructorOpts);
    const find = (value: unknown) => Object.getOwnPropertySymbols(probe).find((s) => (probe as unknown as Record<symbol, unknown>)[s] === value);
    const found = { buffer: find(buffer), callback: find(callback) };
    probe.destroy();
    return found.buffer && found.callback ? { buffer: found.buffer, callback: found.callback } : undefined;
  } catch {
    return undefined;
  }
})();

/**
 * True when `borrowReads` can switch this socket: a plain native TCP socket with nothing read into
 * its stream buffer yet (a listener that peeked at the first bytes leaves them there).
 */
export function canBorrowReads(socket: net.Socket): boolean {
  const internals = socket as unknown as SocketInternals;
  const handle = internals._handle;
  return ONREAD_SYMBOLS !== undefined && socket instanceof net.Socket && !internals.encrypted && !socket.destroyed
    && handle !== null && typeof handle.useUserBuffer === 'function' && socket.readableLength === 0
    && !(socket as unknown as Record<symbol, unknown>)[ONREAD_SYMBOLS.buffer];
}

/**
 * Switches a socket (checked with `canBorrowReads`) to shared-buffer reads delivered to `reader`,
 * from its next read on. It stops emitting 'data'; everything else about it stays.
 */
export function borrowReads(socket: net.Socket, reader: BorrowedReader): void {
  const slots = socket as unknown as Record<symbol, unknown>;
  slots[ONREAD_SYMBOLS!.buffer] = SHARED_READ_BUFFER;
  slots[ONREAD_SYMBOLS!.callback] = (length: number, buf: Uint8Array) => reader.onBorrowedRead(buf as Buffer, length);
  (socket as unknown as SocketInternals)._handle!.useUserBuffer!(SHARED_READ_BUFFER);
}

/** A socket whose reads go to a reader set once (by the connection object built for it). */
export interface AdoptedSocket {
  readonly socket: net.Socket;
  attach(reader: BorrowedReader): void;
}

/**
 * Takes over a socket that `listener` (created with `pauseOnConnect: true`) just accepted and has
 * not read from yet. Returns undefined when this Node version's sockets cannot be re-wrapped; the
 * caller then uses `accepted` as it is (and resumes it).
 */
export function adoptAcceptedSocket(accepted: net.Socket, listener: net.Server, allowHalfOpen = false): AdoptedSocket | undefined {
  const old = accepted as unknown as SocketInternals;
  const handle = old._handle;
  if (!handle || typeof handle.readStart !== 'function') return undefined;
  let reader: BorrowedReader | undefined;
  // The old wrapper is dropped without closing the handle; the new one owns it from now on.
  old._handle = null;
  const socket = new net.Socket({
    handle: handle as never,
    allowHalfOpen,
    readable: true,
    writable: true,
    onread: {
      buffer: SHARED_READ_BUFFER,
      callback: (length: number, buf: Uint8Array) => {
        if (reader) reader.onBorrowedRead(buf as Buffer, length);
      },
    },
  } as net.SocketConstructorOpts);
  // The listener counts its connections (server.close() waits for them); the new socket reports its own close.
  const adopted = socket as unknown as SocketInternals;
  adopted.server = listener;
  adopted._server = listener;
  return {
    socket,
    attach(r: BorrowedReader) {
      reader = r;
    },
  };
}

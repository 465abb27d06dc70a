/**
 * One client connection: incremental parsing of the byte stream (commands are handled straight
 * from the socket's Buffers; values are copied once, into item memory), protocol negotiation on the
 * first byte (0x80 = binary), upload and swallow states, `requests_per_event` yielding, and one
 * socket write per event-loop turn for everything the turn produced.
 *
 * Sockets our own listener accepted deliver their reads in a buffer shared by all connections
 * (see io/borrowed-reads): whatever a read leaves unprocessed is copied before the call returns.
 */
import type { Duplex } from 'stream';
import { MemcachedEngine } from './engine';
import { Output } from './output';
import { PrefixViews } from './prefix-views';
import type { BorrowedReader } from '../io/borrowed-reads';
import { SocketWriter } from '../io/direct-writes';
import { processBinary } from './protocols/binary';
import { processTextLine } from './protocols/text';
import { NetworkStats } from './stats';
import { WatchFlag } from './watch';

/** A memcached text line may not exceed this many bytes before its newline (multi-gets excepted). */
const MAX_LINE_WITHOUT_NEWLINE = 2048;
/** Stop reading while this much output is queued and unsent. */
const OUTPUT_HIGH_WATER = 4 * 1024 * 1024;
/** Stop reading while this much input waits behind a yield. */
const INPUT_HIGH_WATER = 4 * 1024 * 1024;

export type CloseReason = 'normal' | 'error' | 'idle_timeout' | 'shutdown';

/** What a connection needs from its server. */
export interface ConnectionHost {
  readonly engine: MemcachedEngine;
  networkStats(): NetworkStats;
  /** `shutdown` / `shutdown graceful` (when enabled). */
  shutdown(graceful: boolean): void;
  connectionClosed(conn: Connection, reason: CloseReason): void;
  /** A request threw inside the engine: a fault of ours, reported before the connection is closed. */
  connectionFault(conn: Connection, err: unknown): void;
}

export class Connection implements BorrowedReader {
  readonly out = new Output();
  protocol: 'negotiating' | 'ascii' | 'binary';
  /** Suppress the reply of the current command (text `noreply`, meta `q`, binary quiet opcodes). */
  noreply = false;
  /** Item being uploaded: bytes still expected, where they go, what to do when complete. */
  item = 0;
  itemPos = 0;
  itemNeed = 0;
  onItemRead: ((c: Connection) => void) | undefined;
  /** Bytes of input to discard (after a refused upload). */
  swallow = 0;
  closeAfterWrite = false;
  closed = false;
  watching = false;
  /** `current_time` of the last command, for `stats conns` and `idle_timeout`. */
  lastCmdTime: number;
  /** Scratch for multi-step commands (the stored-command kind, meta-set reply flags, binary header). */
  scratch: Record<string, unknown> = {};
  private pending: Buffer | undefined;
  private pendingPos = 0;
  /** True while `pending` is a view of a lent read buffer (valid during the current read only). */
  private pendingBorrowed = false;
  /** Views of lent read buffers, reused while reads repeat their lengths. */
  private readonly borrowedViews = new PrefixViews();
  private readonly writer: SocketWriter;
  private yielded = false;
  /** Items referenced by replies of this turn not yet written. */
  private readonly heldItems: number[] = [];
  private paused = false;
  private stopWatching: (() => void) | undefined;
  private ended = false;
  /** Input that arrived while the connection had yielded, in order. */
  private readonly queued: Buffer[] = [];
  private queuedBytes = 0;
  private inputPaused = false;

  constructor(
    readonly socket: Duplex,
    readonly host: ConnectionHost,
    readonly fd: number,
    readonly remoteAddr: string,
    readonly localAddr: string,
    /** True when the socket delivers reads through `onBorrowedRead` instead of 'data' events. */
    borrowedReads = false,
  ) {
    const s = host.engine.settings;
    this.protocol = s.bindingProtocol === 'auto' ? 'negotiating' : s.bindingProtocol;
    this.lastCmdTime = host.engine.clock.current;
    if (!borrowedReads) socket.on('data', (chunk: Buffer) => this.receive(chunk, false));
    this.writer = new SocketWriter(socket, () => this.onDrain());
    socket.on('error', () => this.close('error'));
    socket.on('close', () => this.close('normal'));
    // The client may half-close after pipelining: finish its requests first, as memcached does.
    socket.on('end', () => {
      this.ended = true;
      if (!this.yielded) this.finishIfEnded();
    });
  }

  get engine(): MemcachedEngine {
    return this.host.engine;
  }

  /** memcached `out_string`: a reply line, unless the command asked for no reply. */
  reply(line: string): void {
    if (this.noreply) {
      this.noreply = false;
      return;
    }
    this.out.line(line);
  }

  /** memcached `out_errstring`: errors are sent even under noreply. */
  replyError(line: string): void {
    this.noreply = false;
    this.out.line(line);
  }

  /** Reads the next `need` input bytes into `item` from value offset `at`, then calls `done`. */
  startUpload(item: number, at: number, need: number, done: (c: Connection) => void): void {
    // Nothing to read (a binary store of an empty value): complete now, as the read loop would.
    if (need === 0) {
      done(this);
      return;
    }
    this.item = item;
    this.itemPos = at;
    this.itemNeed = need;
    this.onItemRead = done;
  }

  startSwallow(n: number): void {
    this.swallow = n;
  }

  /** True when replies of this turn are waiting (memcached refuses watch/metadump then). */
  hasPendingReplies(): boolean {
    return this.out.len > 0;
  }

  /** Turns the connection into a log stream (`watch`). Further input is ignored. */
  becomeWatcher(flags: ReadonlySet<WatchFlag>): void {
    this.watching = true;
    this.stopWatching = this.engine.watch.add({
      pendingBytes: () => this.writer.queued,
      write: (text) => {
        if (!this.closed) this.writer.write(Buffer.from(text));
      },
    }, flags);
  }

  /** The state name memcached would show in `stats conns`. */
  stateName(): string {
    if (this.itemNeed > 0) return 'conn_nread';
    if (this.swallow > 0) return 'conn_swallow';
    if (this.watching) return 'conn_watch';
    if (this.pending && this.pending.length > this.pendingPos) return 'conn_waiting';
    return 'conn_parse_cmd';
  }

  bufferedInput(): number {
    return this.pending ? this.pending.length - this.pendingPos : 0;
  }

  /** Closes at once (protocol errors, idle timeout, shutdown), dropping unsent replies. */
  abort(reason: CloseReason): void {
    this.out.truncate(0);
    this.close(reason);
    this.socket.destroy();
  }

  /** A reply of this turn references the item until the replies are written (see `ItemStore.hold`). */
  holdItem(ref: number): void {
    this.engine.store.hold(ref);
    this.heldItems.push(ref);
  }

  /** The replies are written (or given up): their items are no longer referenced. */
  releaseItems(): void {
    const held = this.heldItems;
    if (held.length === 0) return;
    const store = this.engine.store;
    for (const ref of held) store.release(ref);
    held.length = 0;
  }

  close(reason: CloseReason): void {
    if (this.closed) return;
    this.closed = true;
    this.releaseItems();
    if (this.item !== 0) {
      this.engine.store.discard(this.item);
      this.item = 0;
    }
    this.stopWatching?.();
    this.host.connectionClosed(this, reason);
  }

  /** A read into the shared buffer: `buf[0, length)` is valid only during this call. */
  onBorrowedRead(buf: Buffer, length: number): void {
    this.receive(this.borrowedViews.get(buf, length), true);
  }

  private receive(chunk: Buffer, borrowed: boolean): void {
    if (this.closed) return;
    this.engine.store.cmd.bytesRead += chunk.length;
    if (this.watching) return;
    if (this.yielded) {
      // Still working through earlier input: keep the chunk (a copy of a lent one) and read on later.
      if (borrowed) chunk = Buffer.from(chunk);
      this.queued.push(chunk);
      this.queuedBytes += chunk.length;
      if (this.queuedBytes > INPUT_HIGH_WATER && !this.inputPaused) {
        this.inputPaused = true;
        this.socket.pause();
      }
      return;
    }
    this.append(chunk, borrowed);
    this.run();
    if (this.pendingBorrowed) this.retainPending();
  }

  /** Makes `chunk` the next input, after whatever partial request is left of the previous one. */
  private append(chunk: Buffer, borrowed: boolean): void {
    if (this.pending && this.pendingPos < this.pending.length) {
      const rest = this.pending.length - this.pendingPos;
      const merged = Buffer.allocUnsafe(rest + chunk.length);
      this.pending.copy(merged, 0, this.pendingPos);
      chunk.copy(merged, rest);
      this.pending = merged;
      this.pendingBorrowed = false;
    } else {
      this.pending = chunk;
      this.pendingBorrowed = borrowed;
    }
    this.pendingPos = 0;
  }

  /** Copies the unprocessed rest of a lent read buffer before the read returns. */
  private retainPending(): void {
    this.pendingBorrowed = false;
    if (this.pending && this.pendingPos < this.pending.length) {
      this.pending = Buffer.from(this.pending.subarray(this.pendingPos));
    } else {
      this.pending = undefined;
    }
    this.pendingPos = 0;
  }

  /** After a yield: continue with the current input, then with chunks that arrived meanwhile. */
  private resume(): void {
    this.yielded = false;
    if (this.closed) return;
    this.run();
    while (!this.yielded && !this.closed && this.queued.length > 0) {
      const next = this.queued.shift()!;
      this.queuedBytes -= next.length;
      this.append(next, false);
      this.run();
    }
    if (this.inputPaused && this.queuedBytes < INPUT_HIGH_WATER / 2 && !this.paused) {
      this.inputPaused = false;
      this.socket.resume();
    }
    if (!this.yielded) this.finishIfEnded();
  }

  private onDrain(): void {
    if (this.paused && !this.closed) {
      this.paused = false;
      if (!this.inputPaused) this.socket.resume();
      if (!this.yielded) this.run();
    }
  }

  /** Processes as many complete requests as the buffered input holds, then writes once. */
  private run(): void {
    const clock = this.engine.clock;
    clock.hold();
    try {
      this.runBatch();
    } catch (err) {
      // A fault of ours, not of the input: this connection goes (its replies may be cut short),
      // the node and every other connection stay.
      this.host.connectionFault(this, err);
      this.abort('error');
    } finally {
      clock.release();
    }
  }

  private runBatch(): void {
    const engine = this.engine;
    engine.currentFd = this.fd;
    const limit = engine.settings.reqsPerEvent;
    let buf = this.pending;
    let pos = this.pendingPos;
    let handled = 0;
    while (buf && !this.closed && !this.closeAfterWrite && !this.watching) {
      if (this.itemNeed > 0) {
        const n = Math.min(this.itemNeed, buf.length - pos);
        if (n > 0) {
          engine.store.writeValue(this.item, this.itemPos, buf, pos, pos + n);
          this.itemPos += n;
          this.itemNeed -= n;
          pos += n;
        }
        if (this.itemNeed > 0) break;
        const done = this.onItemRead!;
        this.onItemRead = undefined;
        done(this);
        this.item = 0;
        continue;
      }
      if (this.swallow > 0) {
        const n = Math.min(this.swallow, buf.length - pos);
        this.swallow -= n;
        pos += n;
        if (this.swallow > 0) break;
        continue;
      }
      if (pos >= buf.length) break;
      if (handled > limit) {
        // memcached counts requests_per_event down after each request and stops below zero: one
        // more request than the setting, then it writes the replies and yields to other connections.
        engine.store.cmd.connYields++;
        this.yielded = true;
        setImmediate(() => this.resume());
        break;
      }
      if (this.protocol === 'negotiating') this.protocol = buf[pos] === 0x80 ? 'binary' : 'ascii';
      if (this.protocol === 'ascii') {
        const eol = buf.indexOf(10, pos);
        if (eol < 0) {
          if (buf.length - pos > MAX_LINE_WITHOUT_NEWLINE && !this.looksLikeMultiget(buf, pos)) {
            this.abort('error');
            return;
          }
          break;
        }
        let end = eol;
        if (end - pos > 1 && buf[end - 1] === 13) end--;
        this.noreply = false;
        this.lastCmdTime = engine.clock.current;
        processTextLine(this, buf, pos, end);
        pos = eol + 1;
      } else {
        const used = processBinary(this, buf, pos);
        if (used === 0) break;
        if (used < 0) {
          this.abort('error');
          return;
        }
        this.lastCmdTime = engine.clock.current;
        pos += used;
      }
      handled++;
    }
    // Input used up after exactly requests_per_event requests: memcached's write of the replies
    // takes its counter below zero too, which it counts as a yield.
    const waitsForInput = !this.yielded && !this.closed && !this.closeAfterWrite && !this.watching && this.itemNeed === 0 && this.swallow === 0;
    if (handled === limit && waitsForInput) engine.store.cmd.connYields++;
    if (buf && pos < buf.length) {
      this.pending = buf;
      this.pendingPos = pos;
    } else {
      this.pending = undefined;
      this.pendingPos = 0;
      this.pendingBorrowed = false;
    }
    this.flush();
  }

  /** memcached keeps reading an unterminated line only when it is a (large) get. */
  private looksLikeMultiget(buf: Buffer, pos: number): boolean {
    let p = pos;
    while (p < buf.length && buf[p] === 32) p++;
    if (p - pos > 100) return false;
    const g = buf[p] === 103 && buf[p + 1] === 101 && buf[p + 2] === 116;
    return g && (buf[p + 3] === 32 || (buf[p + 3] === 115 && buf[p + 4] === 32));
  }

  /** Writes this turn's replies in one go; closes afterwards when asked to (quit). */
  flush(): void {
    if (this.closed) return;
    this.releaseItems();
    const out = this.out;
    if (out.len > 0) {
      this.engine.store.cmd.bytesWritten += out.len;
      // Taken at once by the kernel: the buffer is free again; otherwise the socket keeps it.
      if (this.writer.write(out.view())) out.sent();
      else out.detach();
      if (this.writer.queued > OUTPUT_HIGH_WATER && !this.paused) {
        this.paused = true;
        this.socket.pause();
      }
    }
    if (this.closeAfterWrite) {
      this.socket.end();
      this.close('normal');
      return;
    }
    if (!this.yielded) this.finishIfEnded();
  }

  /** After the client's end of stream, close once nothing is left to process. */
  private finishIfEnded(): void {
    if (!this.ended || this.closed || this.queued.length > 0) return;
    this.socket.end();
    this.close('normal');
  }
}

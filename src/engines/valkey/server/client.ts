/**
 * A client connection's state (redis' `client` struct): selected database, protocol version,
 * authentication, flags, transaction queue, watched keys, subscriptions, blocked state, and the
 * socket side: reading and parsing input, and one write of all pending replies per event-loop turn
 * with backpressure. Clients without a socket serve scripts and in-process callers.
 */
import type * as net from 'net';
import { LOG_LEVEL } from './log-level';
import { BIG_ARGUMENT, QueryBuffer } from './query-buffer';
import { ReplyBuffer } from './reply-buffer';
import type { ValkeyServer } from './server';
import type { BorrowedReader } from '../../io/borrowed-reads';
import { SocketWriter } from '../../io/direct-writes';
import { ReplyWriter } from '../../resp/reply-writer';
import { RequestParser } from '../../resp/request-parser';
import type { BlockedState } from '../exec/blocking';
import type { MultiState, WatchedKey } from '../exec/multi';
import { RunWarmer, runWarmer, WARM_RUN } from '../exec/pipeline-warm';
import type { Db } from '../keyspace/db';
import type { Command } from '../table/command';

/** Client flags (redis CLIENT_*). */
export const CLIENT = {
  MULTI: 1 << 0,
  /** A watched key was modified: EXEC will abort with a null reply. */
  DIRTY_CAS: 1 << 1,
  /** A command failed while queueing: EXEC will answer EXECABORT. */
  DIRTY_EXEC: 1 << 2,
  CLOSE_AFTER_REPLY: 1 << 3,
  CLOSE_ASAP: 1 << 4,
  BLOCKED: 1 << 5,
  PUBSUB: 1 << 6,
  REPLY_OFF: 1 << 7,
  REPLY_SKIP: 1 << 8,
  REPLY_SKIP_NEXT: 1 << 9,
  NO_EVICT: 1 << 10,
  NO_TOUCH: 1 << 11,
  MONITOR: 1 << 12,
  REPLICA: 1 << 13,
  MASTER: 1 << 14,
  TRACKING: 1 << 15,
  READONLY: 1 << 16,
  /** Runs commands for a script (no blocking, no MULTI). */
  SCRIPT: 1 << 17,
  /** Inside EXEC: commands must not block. */
  EXECUTING: 1 << 18,
  /** Re-running a command for a client that was blocked or postponed. */
  REPROCESSING: 1 << 19,
  /** Cannot block (scripts, MULTI): blocking commands answer as if timed out. */
  DENY_BLOCKING: 1 << 20,
  /** Tracking redirects to a client that has gone away (CLIENT LIST flag R). */
  TRACKING_BROKEN_REDIR: 1 << 21,
  /** Tracking in broadcast mode (CLIENT LIST flag B). */
  TRACKING_BCAST: 1 << 22,
  /** Sent ASKING: may run its next command on a slot this node imports (cluster mode). */
  ASKING: 1 << 23,
} as const;

/** Stop reading from a client whose unsent replies exceed this (redis keeps reading; we spare memory). */
const OUTPUT_HIGH_WATER = 4 * 1024 * 1024;

export class Client implements BorrowedReader {
  public readonly out = new ReplyWriter();
  public flags = 0;
  public name = '';
  public user = 'default';
  public authenticated: boolean;
  /** CLIENT SETINFO values. */
  public libName = '';
  public libVer = '';
  public readonly createdAt: number;
  /** The reply buffer redis would have given this client (CLIENT LIST rbs/rbp). */
  public readonly replyBuffer: ReplyBuffer;
  /** The query buffer redis would read this client's commands into (CLIENT LIST qbuf/qbuf-free). */
  public readonly queryBuffer = new QueryBuffer();
  public lastInteraction: number;
  /** Command being executed and the last one executed (CLIENT LIST `cmd`). */
  public cmd: Command | undefined;
  public lastCmd: Command | undefined;
  public argv: string[] = [];
  public multi: MultiState | undefined;
  public watched: WatchedKey[] = [];
  public readonly channels = new Set<string>();
  public readonly patterns = new Set<string>();
  public readonly shardChannels = new Set<string>();
  public blocked: BlockedState | undefined;
  /** Argument vector to propagate instead of the one executed (set by handlers). */
  public propagateArgv: string[] | undefined;
  /** Set by a handler to propagate nothing for this command. */
  public preventPropagation = false;
  /** Set by a handler to propagate the command even though it changed no key (e.g. PUBLISH). */
  public forcePropagation = false;
  /** The replication offset right after this client's last command that propagated (WAIT waits for it). */
  public woff = 0;
  /** Time the client's output buffer went over the soft limit, for client-output-buffer-limit. */
  public softLimitSince = 0;
  /** Bytes read from and written to this connection, and commands it ran (Valkey 8's CLIENT LIST tot-*). */
  public netInputBytes = 0;
  public netOutputBytes = 0;
  public commandsProcessed = 0;
  /** CLIENT TRACKING REDIRECT target id (0: none). */
  public trackingRedirect = 0;

  public readonly parser: RequestParser | undefined;
  private readonly writer: SocketWriter | undefined;
  /** Peer address; the simulator names a replica's stream client after its primary's address. */
  public addr: string;
  public readonly laddr: string;
  private flushScheduled = false;
  private closed = false;
  private paused = false;
  /**
   * Commands parsed ahead of their turn (a pipelined run, warmed together: see pipeline-warm);
   * `ahead[aheadAt]` runs next.
   */
  private readonly ahead: string[][] = [];
  private aheadAt = 0;

  constructor(
    public readonly server: ValkeyServer,
    public readonly id: number,
    public db: Db,
    public readonly socket: net.Socket | undefined,
    /** True when the socket delivers reads through `onBorrowedRead` instead of 'data' events. */
    borrowedReads = false,
  ) {
    this.createdAt = server.mstime;
    this.replyBuffer = new ReplyBuffer(server.mstime);
    this.lastInteraction = server.mstime;
    this.authenticated = !server.authRequiredByDefault();
    this.out.onError = (text) => server.stats.countError(text);
    // An error counted where it arose still makes the command that passes it on a failed call.
    this.out.onCountedError = () => {
      if (this.cmd) this.cmd.failedCalls++;
    };
    if (socket) {
      this.parser = new RequestParser({
        maxBulkLength: () => server.protoMaxBulkLen,
        authRequired: () => !this.authenticated && server.authRequiredByDefault(),
      });
      this.addr = `${socket.remoteAddress}:${socket.remotePort}`;
      this.laddr = `${socket.localAddress}:${socket.localPort}`;
      socket.setNoDelay(true);
      if (!borrowedReads) socket.on('data', (chunk: Buffer) => this.onData(chunk));
      this.writer = new SocketWriter(socket, () => this.onDrain());
      // redis counts every read it attempts, the one that finds the peer gone (EOF, or a reset) too;
      // a connection it closed itself (QUIT, CLIENT KILL) is not read again.
      socket.on('end', () => {
        if (!this.closed) server.stats.totalReadsProcessed++;
      });
      socket.on('error', (err: NodeJS.ErrnoException) => {
        if (err.syscall === 'read' && !this.closed) server.stats.totalReadsProcessed++;
        this.close();
      });
      socket.on('close', () => this.close());
    } else {
      this.writer = undefined;
      this.addr = '';
      this.laddr = '';
    }
  }

  public get resp(): number {
    return this.out.resp;
  }

  public has(flag: number): boolean {
    return (this.flags & flag) !== 0;
  }

  public get isClosed(): boolean {
    return this.closed;
  }

  /** Reply bytes written to the socket and not yet taken by the kernel (redis' reply list). */
  public get unsentBytes(): number {
    return this.writer ? this.writer.queued : 0;
  }

  /** Channels, patterns and shard channels this client is subscribed to. */
  public get subscriptionCount(): number {
    return this.channels.size + this.patterns.size;
  }

  // ---- input -------------------------------------------------------------------------------------

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    const stats = this.server.stats;
    stats.netInputBytes += chunk.length;
    this.netInputBytes += chunk.length;
    stats.totalReadsProcessed++;
    const io = this.server.ioObserver;
    if (io) {
      io.received(chunk.length);
      io.enter();
    }
    try {
      // Bytes of a big argument on its way go into the buffer made for it (see trimQueryBuffer).
      if (!this.parser!.bigArgument) this.queryBuffer.read(chunk.length);
      this.parser!.append(chunk);
      this.processInput();
      this.trimQueryBuffer(this.parser!);
      this.server.afterInput(this);
    } finally {
      io?.leave();
    }
  }

  /** A read into the shared buffer: parse and run what it completes, keep a copy of the rest. */
  public onBorrowedRead(buf: Buffer, length: number): void {
    if (this.closed) return;
    const stats = this.server.stats;
    stats.netInputBytes += length;
    this.netInputBytes += length;
    stats.totalReadsProcessed++;
    const io = this.server.ioObserver;
    if (io) {
      io.received(length);
      io.enter();
    }
    try {
      const parser = this.parser!;
      if (!parser.bigArgument) this.queryBuffer.read(length);
      parser.appendBorrowed(buf, length);
      this.processInput();
      parser.retain();
      this.trimQueryBuffer(parser);
      this.server.afterInput(this);
    } finally {
      io?.leave();
    }
  }

  /** The query buffer model after a read's commands ran: the rest, or a big argument on its way. */
  private trimQueryBuffer(parser: RequestParser): void {
    const big = parser.bigArgument;
    if (big && big.size >= BIG_ARGUMENT) this.queryBuffer.receivingBigArgument(big.size, big.filled);
    else this.queryBuffer.trim(parser.pendingBytes);
  }

  private noteBigArguments(argv: readonly string[]): void {
    let last = -1;
    for (const a of argv) if (a.length >= BIG_ARGUMENT) last = a.length;
    if (last >= 0) this.queryBuffer.tookBigArgument(last);
  }

  /** Parses and runs buffered commands until input runs out or the client blocks. */
  public processInput(): void {
    const parser = this.parser;
    if (!parser) return;
    while (!this.closed) {
      if (this.flags & (CLIENT.BLOCKED | CLIENT.CLOSE_AFTER_REPLY | CLIENT.CLOSE_ASAP)) break;
      if (this.paused) break;
      const argv = this.nextCommand(parser);
      if (argv === undefined) {
        if (parser.protocolError !== undefined) {
          this.out.error(parser.protocolError);
          this.flags |= CLIENT.CLOSE_AFTER_REPLY;
        }
        break;
      }
      if (argv.length === 0) continue;
      // Only a read of 32 KB or more can have brought a big argument: look for one then.
      if (this.queryBuffer.mayHoldBigArgument) this.noteBigArguments(argv);
      this.server.processCommand(this, argv);
      // Backpressure within a pipeline: send what is ready and stop while the peer lags behind.
      if (this.out.len > OUTPUT_HIGH_WATER) this.flush();
    }
    if (!this.closed && parser.pendingBytes > this.server.queryBufferLimit) {
      // redis closes such clients without a reply ("closing client that reached max query buffer length").
      this.server.log(`closing client id=${this.id} that reached max query buffer length`, LOG_LEVEL.WARNING);
      this.close();
    }
  }

  /** The next command to run: one read ahead, else the parser's next. */
  private nextCommand(parser: RequestParser): string[] | undefined {
    const ahead = this.ahead;
    if (this.aheadAt < ahead.length) {
      const queued = ahead[this.aheadAt++];
      if (this.aheadAt === ahead.length) {
        ahead.length = 0;
        this.aheadAt = 0;
      }
      return queued;
    }
    const argv = parser.next();
    // More input behind a command (a pipeline): read its run ahead and warm it.
    if (argv === undefined || argv.length < 2 || parser.pendingBytes === 0) return argv;
    const warm = runWarmer(argv[0]);
    return warm === undefined ? argv : this.readAhead(parser, argv, warm);
  }

  /**
   * Parses the commands after `first` while they have its name (and the one that ends the run,
   * which cannot be put back), warms the run, and returns `first`; the rest wait in `ahead`.
   * Commands of a run change nothing parsing depends on, so reading them early parses the same.
   */
  private readAhead(parser: RequestParser, first: string[], warm: RunWarmer): string[] {
    const ahead = this.ahead;
    ahead.push(first);
    let run = 1;
    while (ahead.length < WARM_RUN) {
      const next = parser.next();
      // An empty command (`*0`, a blank line) is skipped by the loop anyway.
      if (next === undefined || next.length === 0) break;
      ahead.push(next);
      if (next.length < 2 || next[0] !== first[0]) break;
      run++;
    }
    if (run > 1) warm(this.db, ahead, run);
    this.aheadAt = 1;
    if (ahead.length === 1) {
      ahead.length = 0;
      this.aheadAt = 0;
    }
    return first;
  }

  // ---- output ------------------------------------------------------------------------------------

  /** Sends pending replies with one socket write; closes afterwards when asked to. */
  public flush(): void {
    this.flushScheduled = false;
    const socket = this.socket;
    if (!socket || this.closed) {
      if (!socket) return;
      this.out.len = 0;
      return;
    }
    const out = this.out;
    if (out.len > 0) {
      this.replyBuffer.held(out.len);
      const stats = this.server.stats;
      stats.netOutputBytes += out.len;
      this.netOutputBytes += out.len;
      stats.totalWritesProcessed++;
      this.server.ioObserver?.sent(out.len);
      // A write fully done at once leaves nothing queued: the buffer can be reused.
      if (this.writer!.write(out.view())) out.len = 0;
      else out.detach();
      this.checkOutputLimits(this.writer!.queued);
    }
    if (this.flags & CLIENT.CLOSE_ASAP) {
      this.close();
    } else if (this.flags & CLIENT.CLOSE_AFTER_REPLY) {
      // end() sends what is queued, then closes: the peer gets its last reply.
      socket.end();
      this.close(true);
    }
  }

  /** Arranges a flush at the end of the current event-loop turn (replies caused by other clients). */
  public scheduleFlush(): void {
    if (this.flushScheduled || !this.socket) return;
    this.flushScheduled = true;
    this.server.scheduleFlush(this);
  }

  private checkOutputLimits(queued: number): void {
    const limits = this.server.outputLimitsFor(this);
    if (limits.hard > 0 && queued >= limits.hard) {
      this.server.log(`client id=${this.id} closed for overcoming of output buffer limits`, LOG_LEVEL.WARNING);
      this.flags |= CLIENT.CLOSE_ASAP;
      return;
    }
    if (limits.soft > 0 && queued >= limits.soft) {
      if (this.softLimitSince === 0) {
        this.softLimitSince = this.server.mstime;
      } else if (this.server.mstime - this.softLimitSince >= limits.softSeconds * 1000) {
        this.server.log(`client id=${this.id} closed for overcoming of output buffer limits`, LOG_LEVEL.WARNING);
        this.flags |= CLIENT.CLOSE_ASAP;
        return;
      }
    } else {
      this.softLimitSince = 0;
    }
    if (queued > OUTPUT_HIGH_WATER && !this.paused && this.socket) {
      // Backpressure: stop reading until the peer has taken its replies.
      this.paused = true;
      this.socket.pause();
    }
  }

  private onDrain(): void {
    if (!this.paused || !this.socket) return;
    this.paused = false;
    this.socket.resume();
    this.processInput();
    this.server.afterInput(this);
  }

  /** Resumes command processing after the client was unblocked (called on a later turn). */
  public resumeAfterUnblock(): void {
    if (this.closed) return;
    this.processInput();
    this.server.afterInput(this);
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  /**
   * Frees the client: leaves transactions, watches, subscriptions, blocking; closes the socket
   * (gracefully, after queued replies, when `graceful`).
   */
  public close(graceful = false): void {
    if (this.closed) return;
    this.closed = true;
    this.server.unregisterClient(this);
    if (this.socket && !this.socket.destroyed && !graceful) this.socket.destroy();
    this.parser?.reset();
    this.ahead.length = 0;
    this.aheadAt = 0;
  }
}

/** A raw TCP session to a RESP server that sends commands and collects replies byte for byte. */
import * as net from 'net';
import { encodeCommand, ParsedReply, ReplyParser } from '../../../../src/engines/resp';

export class RawSession {
  public static async open(port: number): Promise<RawSession> {
    const socket = net.connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    return new RawSession(socket);
  }

  private readonly socket: net.Socket;
  private parser = new ReplyParser();
  private received: Buffer[] = [];
  private closed = false;
  private waiter: (() => void) | undefined;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (d: Buffer) => {
      this.received.push(d);
      this.parser.append(d);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {
      this.closed = true;
      this.wake();
    });
  }

  public get isClosed(): boolean {
    return this.closed;
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve();
      }, ms);
      this.waiter = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  public send(args: readonly string[]): void {
    this.received = [];
    if (!this.closed) this.socket.write(encodeCommand(args));
  }

  /** The next reply, or undefined when none arrives within `timeoutMs` (or the peer closed). */
  public async reply(timeoutMs: number): Promise<ParsedReply | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = this.parser.next();
      if (r) return { value: r.value, raw: Buffer.from(r.raw) };
      if (this.closed) return undefined;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await this.wait(left);
    }
  }

  /** Sends raw bytes and returns all bytes received until `quietMs` pass without data (or close). */
  public async raw(bytes: Buffer, quietMs: number): Promise<{ bytes: Buffer; closed: boolean }> {
    this.received = [];
    this.parser = new ReplyParser();
    if (!this.closed) this.socket.write(bytes);
    for (;;) {
      const before = this.received.length;
      await this.wait(quietMs);
      if (this.closed || this.received.length === before) break;
    }
    // Keep the parser in step for later commands on this connection.
    this.parser = new ReplyParser();
    return { bytes: Buffer.concat(this.received), closed: this.closed };
  }

  /** Replies received but never read, raw (consumes them): a case that leaves some expected too few. */
  public unreadReplies(): string[] {
    const replies: string[] = [];
    for (let r = this.parser.next(); r; r = this.parser.next()) replies.push(Buffer.from(r.raw).toString('latin1'));
    return replies;
  }

  public close(): void {
    this.socket.destroy();
  }
}

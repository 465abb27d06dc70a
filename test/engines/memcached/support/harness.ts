import * as net from 'net';
import { MemcachedServer, MemcachedServerOptions } from '../../../../src/engines/memcached';
import { RealServer, startMemcached } from '../../../support/real-servers';

/** A server under test: our engine in-process, or a real memcached process. */
export interface Target {
  readonly name: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startOurs(options: MemcachedServerOptions = {}): Promise<Target & { server: MemcachedServer }> {
  const server = new MemcachedServer({ port: 0, ...options });
  const { port } = await server.start();
  return { name: 'engine', port, server, stop: () => server.stop() };
}

export async function startReal(args: string[] = []): Promise<Target & { real: RealServer }> {
  const real = await startMemcached(args);
  return { name: 'memcached', port: real.port, real, stop: () => real.stop() };
}

/** Reads what memcached reports as its version, so our engine can be told to answer the same. */
export async function realVersion(port: number): Promise<string> {
  const s = await Session.open(port);
  const out = (await s.text('version\r\n')).toString('latin1');
  s.close();
  return /VERSION (\S+)/.exec(out)![1];
}

/**
 * End-of-step markers. A miss with a unique opaque cannot be confused with any reply of a step
 * (a bare `mn` could be: steps use it too). It counts as one get miss on both servers alike.
 */
const SENTINEL_OPAQUE = 'sentinel7f3a';
const TEXT_SENTINEL = Buffer.from(`mg ~end~ O${SENTINEL_OPAQUE}\r\n`);
const TEXT_SENTINEL_REPLY = Buffer.from(`EN O${SENTINEL_OPAQUE}\r\n`);

/** Binary NOOP with a unique opaque, the end-of-step marker in binary sessions. */
const BINARY_SENTINEL_OPAQUE = 0x5e471e1;
export const BINARY_NOOP = binaryRequest(0x0a, { opaque: BINARY_SENTINEL_OPAQUE });

/**
 * One client connection that runs a script step by step. Each step is followed by a no-op
 * (`mn` in text, NOOP in binary) so the reply of the step is known to be complete when the
 * no-op's reply arrives, even for commands that answer nothing (noreply, quiet).
 */
export class Session {
  static async open(port: number): Promise<Session> {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    return new Session(socket);
  }

  private data = Buffer.alloc(0);
  private closed = false;
  private waiter: (() => void) | undefined;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (d) => {
      this.data = Buffer.concat([this.data, d]);
      this.waiter?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
    socket.on('error', () => undefined);
  }

  /** Sends a text step and returns its reply (without the sentinel's). */
  async text(step: string | Buffer, timeoutMs = 3000): Promise<Buffer> {
    this.socket.write(typeof step === 'string' ? Buffer.from(step, 'latin1') : step);
    if (!this.closed) this.socket.write(TEXT_SENTINEL);
    const n = TEXT_SENTINEL_REPLY.length;
    const got = await this.until((d) => d.length >= n && d.subarray(d.length - n).equals(TEXT_SENTINEL_REPLY), timeoutMs);
    return got.ok ? got.data.subarray(0, got.data.length - n) : Buffer.concat([got.data, Buffer.from(got.closed ? '<closed>' : '<no reply>')]);
  }

  /** Sends raw bytes and waits for `expectBytes` bytes or the timeout (for steps without sentinel). */
  async raw(bytes: string | Buffer, waitMs = 200): Promise<Buffer> {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
    const got = await this.until(() => false, waitMs);
    return got.closed ? Buffer.concat([got.data, Buffer.from('<closed>')]) : got.data;
  }

  /** Sends a binary step followed by NOOP; returns the response packets before NOOP's. */
  async binary(step: Buffer, timeoutMs = 3000): Promise<Buffer> {
    this.socket.write(Buffer.concat([step, BINARY_NOOP]));
    const got = await this.until((d) => noopEnd(d) >= 0, timeoutMs);
    if (!got.ok) return Buffer.concat([got.data, Buffer.from(got.closed ? '<closed>' : '<no reply>')]);
    return got.data.subarray(0, noopEnd(got.data) - 24);
  }

  close(): void {
    this.socket.destroy();
  }

  private async until(done: (d: Buffer) => boolean, timeoutMs: number): Promise<{ ok: boolean; closed: boolean; data: Buffer }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (done(this.data)) {
        const data = this.data;
        this.data = Buffer.alloc(0);
        return { ok: true, closed: false, data };
      }
      if (this.closed || Date.now() >= deadline) {
        const data = this.data;
        this.data = Buffer.alloc(0);
        return { ok: false, closed: this.closed, data };
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiter = () => {
          clearTimeout(t);
          this.waiter = undefined;
          resolve();
        };
      });
    }
  }
}

/** Offset just past a NOOP response packet that ends the buffer's packet stream, or -1. */
function noopEnd(d: Buffer): number {
  let p = 0;
  while (d.length - p >= 24) {
    const len = 24 + d.readUInt32BE(p + 8);
    if (d.length - p < len) return -1;
    if (d[p] === 0x81 && d[p + 1] === 0x0a && d.readUInt32BE(p + 12) === BINARY_SENTINEL_OPAQUE && p + len === d.length) return p + len;
    p += len;
  }
  return -1;
}

/** Writes everything at once, half-closes, and collects all bytes until the server closes. */
export async function pipeline(port: number, bytes: string | Buffer, timeoutMs = 3000): Promise<Buffer> {
  const socket = net.connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  return new Promise<Buffer>((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(Buffer.concat([...chunks, Buffer.from('<open>')]));
    }, timeoutMs);
    socket.on('connect', () => socket.end(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes));
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
  });
}

export interface BinaryRequestFields {
  key?: string | Buffer;
  extras?: Buffer;
  value?: string | Buffer;
  cas?: bigint;
  opaque?: number;
  /** Overrides the computed body length (malformed packets). */
  bodylen?: number;
  magic?: number;
}

/** Builds a binary protocol request packet. */
export function binaryRequest(opcode: number, f: BinaryRequestFields = {}): Buffer {
  const key = f.key === undefined ? Buffer.alloc(0) : Buffer.isBuffer(f.key) ? f.key : Buffer.from(f.key, 'latin1');
  const extras = f.extras ?? Buffer.alloc(0);
  const value = f.value === undefined ? Buffer.alloc(0) : Buffer.isBuffer(f.value) ? f.value : Buffer.from(f.value, 'latin1');
  const h = Buffer.alloc(24);
  h[0] = f.magic ?? 0x80;
  h[1] = opcode;
  h.writeUInt16BE(key.length, 2);
  h[4] = extras.length;
  h.writeUInt32BE(f.bodylen ?? extras.length + key.length + value.length, 8);
  h.writeUInt32BE(f.opaque ?? 0xdeadbeef, 12);
  h.writeBigUInt64BE(f.cas ?? 0n, 16);
  return Buffer.concat([h, extras, key, value]);
}

/** Big-endian extras builders. */
export function u32s(...vals: number[]): Buffer {
  const b = Buffer.alloc(4 * vals.length);
  vals.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
  return b;
}

export function incrExtras(delta: bigint, initial: bigint, expiration: number): Buffer {
  const b = Buffer.alloc(20);
  b.writeBigUInt64BE(delta, 0);
  b.writeBigUInt64BE(initial, 8);
  b.writeUInt32BE(expiration >>> 0, 16);
  return b;
}

/** Readable rendering of binary responses: one line per packet. */
export function describeBinary(d: Buffer): string {
  const lines: string[] = [];
  let p = 0;
  while (d.length - p >= 24) {
    const keylen = d.readUInt16BE(p + 2);
    const extlen = d[p + 4];
    const bodylen = d.readUInt32BE(p + 8);
    const body = d.subarray(p + 24, p + 24 + bodylen);
    lines.push(`magic=${d[p].toString(16)} op=${d[p + 1].toString(16)} keylen=${keylen} extlen=${extlen} status=${d.readUInt16BE(p + 6).toString(16)} ` +
      `bodylen=${bodylen} opaque=${d.readUInt32BE(p + 12).toString(16)} cas=${d.readBigUInt64BE(p + 16)} ` +
      `extras=${body.subarray(0, extlen).toString('hex')} key=${JSON.stringify(body.subarray(extlen, extlen + keylen).toString('latin1'))} ` +
      `value=${JSON.stringify(body.subarray(extlen + keylen).toString('latin1'))}`);
    p += 24 + bodylen;
  }
  if (p < d.length) lines.push(`trailing=${JSON.stringify(d.subarray(p).toString('latin1'))}`);
  return lines.join('\n');
}

/**
 * One client connection to a serverless Memcached endpoint: text and meta protocol requests are
 * framed, routed to the internal shard that owns their key, and answered in order; multigets are
 * split over the shards and their values put back in the order asked. What the guide's
 * "Supported Memcached commands" (serverless) section rules out is answered here: the binary
 * protocol (the connection is closed), GET/GETS lines over 16 KB and delayed `flush_all`
 * (`CLIENT_ERROR`), `stats` variants other than `stats` and `stats reset` (`ERROR`). The engines
 * answer `ERROR` to the admin commands serverless does not offer (lru, lru_crawler, watch,
 * verbosity, me, slabs…). Every request is admitted against the ECPUPerSecond maximum and metered.
 */
import type * as net from 'net';
import type { MemcachedBackendLink } from './backend-link';
import { ClientConnection } from '../client-connection';
import { FramedRequest, frameRequest, GET_LINE_LIMIT, metaKey } from './request-framer';
import { aggregateStats } from './stats';
import type { ServerlessMeter } from '../../../metering';

/** The reply to a delayed `flush_all`: the guide says `CLIENT_ERROR`; the rest is the simulator's wording. */
export const DELAYED_FLUSH_ERROR = 'CLIENT_ERROR delayed flush_all is not supported';
/** The reply to a GET/GETS line over 16 KB (memcached's own text for an over-long line). */
export const GET_TOO_LONG_ERROR = 'CLIENT_ERROR line too long';
/** What a throttled request gets (the documentation gives no text; the simulator's wording). */
export const THROTTLED_ERROR = "SERVER_ERROR Throttled: the request exceeds the cache's ECPUPerSecond maximum";

const KEY_MAX_LENGTH = 250;

/** What the connection needs from its cache. */
export interface MemcachedProxyHost {
  readonly meter: ServerlessMeter;
  shardOf(key: string): number;
  connectionClosed(connection: MemcachedProxyConnection): void;
}

/** Command-level metric names. */
const COMMAND_TYPES: Readonly<Record<string, readonly string[]>> = {
  get: ['CmdGet'],
  gets: ['CmdGet'],
  bget: ['CmdGet'],
  mg: ['CmdGet'],
  gat: ['CmdGet', 'CmdTouch'],
  gats: ['CmdGet', 'CmdTouch'],
  touch: ['CmdTouch'],
  set: ['CmdSet'],
  add: ['CmdSet'],
  replace: ['CmdSet'],
  append: ['CmdSet'],
  prepend: ['CmdSet'],
  cas: ['CmdSet'],
  ms: ['CmdSet'],
  delete: ['CmdDelete'],
  md: ['CmdDelete'],
  incr: ['CmdIncr'],
  decr: ['CmdDecr'],
  ma: ['CmdIncr'],
  flush_all: ['CmdFlush'],
};
const WRITES = new Set(['set', 'add', 'replace', 'append', 'prepend', 'cas', 'ms', 'delete', 'md', 'incr', 'decr', 'ma', 'touch']);
const READS = new Set(['get', 'gets', 'bget', 'gat', 'gats', 'mg']);
/** Never throttled: they set up or describe the connection. */
const NOT_THROTTLED = new Set(['version', 'quit', 'stats', 'mn']);

export class MemcachedProxyConnection extends ClientConnection {
  private pending: Buffer = Buffer.alloc(0);
  private skippingLine = false;
  private negotiated = false;

  constructor(
    socket: net.Socket,
    private readonly host: MemcachedProxyHost,
    private readonly links: readonly MemcachedBackendLink[],
  ) {
    super(socket, host.meter);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    this.host.meter.received(chunk.length);
    if (!this.negotiated) {
      this.negotiated = true;
      // The binary protocol is not supported (deprecated in 1.6): there is nothing to answer it in.
      if (chunk[0] === 0x80) {
        this.destroy();
        return;
      }
    }
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let pos = 0;
    while (!this.closing && pos < this.pending.length) {
      if (this.skippingLine) {
        const eol = this.pending.indexOf(10, pos);
        if (eol < 0) {
          pos = this.pending.length;
          break;
        }
        this.skippingLine = false;
        pos = eol + 1;
        continue;
      }
      const framed = frameRequest(this.pending, pos);
      if ('incomplete' in framed) {
        if (framed.tooLong) {
          if (framed.looksLikeGet) {
            // Refuse the over-long get now, and drop the rest of its line as it arrives.
            this.out(`${GET_TOO_LONG_ERROR}\r\n`);
            this.skippingLine = true;
            pos = this.pending.length;
            continue;
          }
          this.closing = true;
        }
        break;
      }
      pos += framed.used;
      this.handle(framed.request);
    }
    this.pending = pos >= this.pending.length ? Buffer.alloc(0) : this.pending.subarray(pos);
    this.flush();
  }

  private handle(request: FramedRequest): void {
    if (!NOT_THROTTLED.has(request.command) && request.kind !== 'other' && !this.host.meter.admit()) {
      this.out(`${THROTTLED_ERROR}\r\n`);
      return;
    }
    const started = performance.now();
    const { reply, items } = this.respond(request);
    this.push(reply);
    const kind = WRITES.has(request.command) ? 'write' : READS.has(request.command) ? 'read' : undefined;
    const failed = /^(ERROR|CLIENT_ERROR|SERVER_ERROR)/.test(reply.toString('latin1', 0, 13));
    this.host.meter.record({
      usage: { items, bytesIn: requestPayload(request), bytesOut: valueBytes(reply) },
      types: COMMAND_TYPES[request.command] ?? [],
      latency: kind && !failed ? { kind, micros: (performance.now() - started) * 1000 } : undefined,
    });
  }

  private respond(request: FramedRequest): { reply: Buffer; items: number } {
    const tokens = request.tokens;
    switch (request.kind) {
      case 'get': return this.get(request);
      case 'storage':
      case 'keyed': return { reply: this.onKey(tokens[1], request.raw), items: 1 };
      case 'meta': return { reply: this.onKey(metaKey(tokens), request.raw), items: 1 };
      case 'meta-noop':
      case 'version': return { reply: this.links[0].exec(request.raw), items: 0 };
      case 'flush_all': return { reply: this.flushAll(request), items: 0 };
      case 'stats': return { reply: this.stats(request), items: 0 };
      case 'quit':
        this.closing = true;
        return { reply: Buffer.alloc(0), items: 0 };
      default: return { reply: this.links[0].exec(request.raw), items: 0 };
    }
  }

  /** A request with one key goes to the key's shard (a missing key: the engine answers the error). */
  private onKey(key: string | undefined, raw: Buffer): Buffer {
    return this.links[key === undefined ? 0 : this.host.shardOf(key)].exec(raw);
  }

  /** get/gets/gat/gats: split by shard, values put back in the order of the keys asked. */
  private get(request: FramedRequest): { reply: Buffer; items: number } {
    const tokens = request.tokens;
    const first = request.command === 'gat' || request.command === 'gats' ? 2 : 1;
    const keys = tokens.slice(first);
    if (request.lineLength > GET_LINE_LIMIT) return { reply: Buffer.from(`${GET_TOO_LONG_ERROR}\r\n`, 'latin1'), items: 0 };
    const shards = new Set(keys.map((k) => this.host.shardOf(k)));
    // One shard (or a request the engine must refuse as a whole): the request goes as it is.
    if (shards.size <= 1 || keys.some((k) => k.length > KEY_MAX_LENGTH)) {
      return { reply: this.links[shards.size === 1 ? [...shards][0] : 0].exec(request.raw), items: keys.length };
    }
    const prefix = tokens.slice(0, first).join(' ');
    const values = new Map<string, Buffer[]>();
    for (const shard of shards) {
      const mine = keys.filter((k) => this.host.shardOf(k) === shard);
      const reply = this.links[shard].exec(Buffer.from(`${prefix} ${mine.join(' ')}\r\n`, 'latin1'));
      const blocks = valueBlocks(reply);
      if (!blocks) return { reply, items: keys.length };
      for (const [key, block] of blocks) {
        const list = values.get(key) ?? [];
        list.push(block);
        values.set(key, list);
      }
    }
    const parts: Buffer[] = [];
    for (const key of keys) {
      const list = values.get(key);
      const block = list?.shift();
      if (block) parts.push(block);
    }
    parts.push(Buffer.from('END\r\n', 'latin1'));
    return { reply: Buffer.concat(parts), items: keys.length };
  }

  /** flush_all empties every shard; with a delay it is refused. */
  private flushAll(request: FramedRequest): Buffer {
    const arg = request.tokens[1];
    if (arg !== undefined && /^-?\d+$/.test(arg) && Number(arg) !== 0) return Buffer.from(`${DELAYED_FLUSH_ERROR}\r\n`, 'latin1');
    if (arg !== undefined && arg !== 'noreply' && !/^\d+$/.test(arg)) return this.links[0].exec(request.raw);
    return this.everywhere(request.raw);
  }

  /** Sends a request to every shard; the first shard's reply answers. */
  private everywhere(raw: Buffer): Buffer {
    const replies = this.links.map((link) => link.exec(raw));
    return replies[0];
  }

  /** `stats` for the whole cache, `stats reset` on every shard; other variants answer ERROR. */
  private stats(request: FramedRequest): Buffer {
    const args = request.tokens.slice(1);
    if (args.length === 0) return Buffer.from(aggregateStats(this.links.map((l) => l.server.stats()), this.host.meter.connections), 'latin1');
    if (args.length === 1 && args[0] === 'reset') return this.everywhere(request.raw);
    return Buffer.from('ERROR\r\n', 'latin1');
  }

  private out(line: string): void {
    this.push(Buffer.from(line, 'latin1'));
  }

  protected release(): void {
    for (const link of this.links) link.close();
    this.host.connectionClosed(this);
  }
}

/** Payload bytes of a request: the command line after its command word, and the data block. */
function requestPayload(request: FramedRequest): number {
  return Math.max(0, request.lineLength - request.command.length - 1) + request.dataLength;
}

/** Bytes of the values a response carries (`VALUE`/`VA` data blocks). */
function valueBytes(reply: Buffer): number {
  let total = 0;
  let pos = 0;
  while (pos < reply.length) {
    const eol = reply.indexOf(10, pos);
    if (eol < 0) break;
    const line = reply.toString('latin1', pos, Math.min(eol, pos + 300));
    pos = eol + 1;
    let size: number | undefined;
    if (line.startsWith('VALUE ')) size = Number(line.split(' ')[3]);
    else if (line.startsWith('VA ')) size = Number(line.split(' ')[1]);
    if (size !== undefined && Number.isFinite(size)) {
      total += size;
      pos += size + 2;
    }
  }
  return total;
}

/** The `VALUE` blocks of a get response by key, or undefined when it is not a get response (an error). */
function valueBlocks(reply: Buffer): [string, Buffer][] | undefined {
  const blocks: [string, Buffer][] = [];
  let pos = 0;
  while (pos < reply.length) {
    const eol = reply.indexOf(10, pos);
    if (eol < 0) return undefined;
    const line = reply.toString('latin1', pos, eol).replace(/\r$/, '');
    if (line === 'END') return blocks;
    if (!line.startsWith('VALUE ')) return undefined;
    const fields = line.split(' ');
    const end = eol + 1 + Number(fields[3]) + 2;
    blocks.push([fields[1], reply.subarray(pos, end)]);
    pos = end;
  }
  return undefined;
}

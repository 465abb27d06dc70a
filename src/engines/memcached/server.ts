/**
 * `MemcachedServer`: the engine on a TCP port (or fed sockets by a simulator proxy), with
 * memcached's connection limits (`maxconns`, `maxconns_fast`), `idle_timeout`, `stats conns`
 * bookkeeping and connection watch events. This is the programmatic API the simulator uses.
 */
import * as net from 'net';
import type { Duplex } from 'stream';
import { WallClock } from './clock';
import { CloseReason, Connection, ConnectionHost } from './connection';
import { ClusterConfig, ClusterNode } from './discovery';
import { MemcachedEngine } from './engine';
import { buildSettings, MemcachedSettings } from './settings';
import { generalStats, NetworkStats } from './stats';
import { AdoptedSocket, adoptAcceptedSocket } from '../io/borrowed-reads';

export interface MemcachedServerOptions {
  /** TCP port; 0 picks a free one. @default 11211 */
  readonly port?: number;
  /** Address to listen on. @default '127.0.0.1' */
  readonly host?: string;
  /** Item memory in MB (memcached `-m`). @default 64, or max_cache_memory − memcached_connections_overhead when given */
  readonly memoryLimitMb?: number;
  /** Engine parameters by ElastiCache name (`max_item_size`, `cas_disabled`, …) or memcached option name. @default {} */
  readonly parameters?: Readonly<Record<string, string | number | boolean>>;
  /** Text commands to answer as unknown (`ERROR`), e.g. admin commands a managed node refuses. @default [] */
  readonly disabledCommands?: readonly string[];
  /** Wall clock in milliseconds, for virtual time in tests. @default Date.now */
  readonly clock?: WallClock;
  /** Initial Auto Discovery configuration. @default version 1 listing this node */
  readonly cluster?: { readonly version: number; readonly nodes: readonly ClusterNode[] };
  /** Hostname this node advertises in its default Auto Discovery entry. @default 'localhost' */
  readonly advertisedHost?: string;
  /** Receives a line for each internal fault (a request that threw inside the engine). @default none */
  readonly logger?: (line: string) => void;
}

/** Listening socket plus the reserved descriptors memcached counts against `maxconns`. */
const LISTENERS = 1;

export class MemcachedServer implements ConnectionHost {
  readonly engine: MemcachedEngine;
  private readonly settings: MemcachedSettings;
  private readonly server: net.Server;
  private readonly conns = new Set<Connection>();
  /** Sockets waiting for a free slot when `maxconns_fast` is off (memcached stops accepting). */
  private readonly waiting: Duplex[] = [];
  /** Sockets our listener accepted and re-wrapped for shared-buffer reads, until a connection takes them. */
  private readonly adopted = new WeakMap<Duplex, AdoptedSocket>();
  private listenDisabledSince = 0;
  private nextFd = 30;
  private listenFd = 0;
  private totalConnections = LISTENERS;
  private idleTimer: NodeJS.Timeout | undefined;
  private boundPort = 0;
  private started = false;
  private readonly advertisedHost: string;
  private readonly logger: ((line: string) => void) | undefined;

  constructor(options: MemcachedServerOptions = {}) {
    this.settings = buildSettings({
      port: options.port ?? 11211,
      bind: options.host ?? '127.0.0.1',
      memoryLimitMb: options.memoryLimitMb,
      parameters: options.parameters,
      disabledCommands: options.disabledCommands,
    });
    this.advertisedHost = options.advertisedHost ?? 'localhost';
    this.logger = options.logger;
    const cluster = options.cluster ? new ClusterConfig(options.cluster.version, options.cluster.nodes) : undefined;
    this.engine = new MemcachedEngine(this.settings, options.clock, cluster);
    // Paused on connect: the socket is re-wrapped for shared-buffer reads before anything is read.
    this.server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (socket) => {
      const adopted = adoptAcceptedSocket(socket, this.server, true);
      if (adopted) this.adopted.set(adopted.socket, adopted);
      this.accept(adopted ? adopted.socket : socket);
    });
  }

  /** Starts listening; resolves with the bound address. */
  async start(): Promise<{ host: string; port: number }> {
    if (this.started) return this.address;
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen({ port: this.settings.port, host: this.settings.inter, backlog: this.settings.backlog }, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    this.started = true;
    this.boundPort = (this.server.address() as net.AddressInfo).port;
    const h = (this.server as unknown as { _handle?: { fd?: number } })._handle;
    this.listenFd = typeof h?.fd === 'number' && h.fd >= 0 ? h.fd : this.nextFd++;
    if (!this.engine.clusterWasSet) {
      this.engine.cluster = new ClusterConfig(1, [{ host: this.advertisedHost, ip: this.advertisedIp(), port: this.boundPort }]);
    }
    this.engine.start();
    this.startIdleTimer();
    return this.address;
  }

  /** Stops listening and closes every connection. */
  async stop(): Promise<void> {
    this.engine.stop();
    if (this.idleTimer) clearInterval(this.idleTimer);
    this.idleTimer = undefined;
    for (const c of [...this.conns]) c.abort('shutdown');
    for (const s of this.waiting.splice(0)) s.destroy();
    if (!this.started) return;
    this.started = false;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get address(): { host: string; port: number } {
    return { host: this.settings.inter, port: this.boundPort || this.settings.port };
  }

  /**
   * Replaces the Auto Discovery configuration served by `config get cluster` (a simulator bumps
   * the version by one for every node added or removed, and sets the same list on every node).
   */
  setClusterConfig(version: number, nodes: readonly ClusterNode[]): void {
    this.engine.setCluster(new ClusterConfig(version, nodes));
  }

  /** Serves a socket accepted elsewhere (a TLS terminator or endpoint proxy). */
  handleConnection(socket: Duplex, remote = 'tcp:127.0.0.1:0'): void {
    this.admit(socket, remote);
  }

  /** The `stats` fields as a map, for metrics. */
  stats(): Record<string, string> {
    return Object.fromEntries(generalStats(this.engine, this.networkStats()));
  }

  /**
   * ElastiCache's Auto Discovery counters, for metrics only (real memcached's `stats` has no such
   * lines): `config get` requests, configurations set, and configurations stored (the cluster's).
   */
  discoveryStats(): { readonly configGets: number; readonly configSets: number; readonly currConfig: number } {
    return { ...this.engine.discovery, currConfig: 1 };
  }

  // ---- ConnectionHost ----

  networkStats(): NetworkStats {
    const now = this.engine.clock.current;
    const listen = `tcp:${this.settings.inter}:${this.boundPort}`;
    const conns = [...this.conns];
    let readBufBytes = 0;
    for (const c of conns) readBufBytes += c.bufferedInput();
    return {
      maxConnections: this.settings.maxconns,
      currConnections: conns.length,
      totalConnections: this.totalConnections,
      connectionStructures: conns.length + LISTENERS,
      responseObjCount: conns.length,
      responseObjBytes: conns.reduce((t, c) => t + c.out.buf.length, 0),
      readBufCount: conns.filter((c) => c.bufferedInput() > 0).length,
      readBufBytes,
      listenAddr: listen,
      port: this.boundPort,
      connections: [
        { fd: this.listenFd, addr: listen, state: 'conn_listening', secsSinceLastCmd: now },
        ...conns.map((c) => ({ fd: c.fd, addr: c.remoteAddr, listenAddr: c.localAddr, state: c.stateName(), secsSinceLastCmd: now - c.lastCmdTime })),
      ],
    };
  }

  /** `shutdown [graceful]` (when enabled): memcached raises SIGINT or SIGUSR1; an embedded server stops either way. */
  shutdown(_graceful: boolean): void {
    void this.stop();
  }

  connectionFault(conn: Connection, err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    this.logger?.(`Internal error on connection cfd=${conn.fd}: ${message}`);
  }

  connectionClosed(conn: Connection, reason: CloseReason): void {
    if (!this.conns.delete(conn)) return;
    this.engine.store.state.currConns = this.conns.size;
    const hub = this.engine.watch;
    if (hub.wants('connevents')) {
      const [ip, port] = splitAddr(conn.remoteAddr);
      hub.emit('connevents', `type=conn_close rip=${ip} rport=${port} transport=tcp reason=${reason} cfd=${conn.fd}`);
    }
    const next = this.waiting.shift();
    if (next) {
      this.noteListenEnabled();
      this.admit(next, remoteOf(next));
    }
  }

  // ---- internals ----

  private accept(socket: net.Socket): void {
    socket.setNoDelay(true);
    this.admit(socket, remoteOf(socket));
  }

  /** memcached's accept path: reject (maxconns_fast) or hold the socket when at the limit. */
  private admit(socket: Duplex, remote: string): void {
    const s = this.settings;
    const reserved = 8 + 3 * s.numThreads;
    if (this.conns.size + LISTENERS + reserved >= s.maxconns - 1) {
      if (s.maxconnsFast) {
        socket.end('ERROR Too many open connections\r\n');
        this.engine.store.server.rejectedConns++;
      } else {
        if (this.waiting.length === 0) {
          this.engine.store.server.listenDisabledNum++;
          this.engine.store.state.acceptingConns = false;
          this.listenDisabledSince = Date.now();
        }
        socket.pause();
        this.waiting.push(socket);
      }
      return;
    }
    socket.resume();
    const fd = fdOf(socket) ?? this.nextFd++;
    const local = localOf(socket, `tcp:${s.inter}:${this.boundPort}`);
    const adopted = this.adopted.get(socket);
    const conn = new Connection(socket, this, fd, remote, local, adopted !== undefined);
    if (adopted) {
      this.adopted.delete(socket);
      adopted.attach(conn);
    }
    this.conns.add(conn);
    this.totalConnections++;
    this.engine.store.state.currConns = this.conns.size;
    const hub = this.engine.watch;
    if (hub.wants('connevents')) {
      const [ip, port] = splitAddr(remote);
      hub.emit('connevents', `type=conn_new rip=${ip} rport=${port} transport=tcp cfd=${fd}`);
    }
  }

  private noteListenEnabled(): void {
    if (this.waiting.length === 0 && this.listenDisabledSince) {
      this.engine.store.server.timeInListenDisabledUs += (Date.now() - this.listenDisabledSince) * 1000;
      this.listenDisabledSince = 0;
      this.engine.store.state.acceptingConns = true;
    }
  }

  /** memcached's connection timeout thread: closes connections idle longer than `idle_timeout`. */
  private startIdleTimer(): void {
    this.idleTimer = setInterval(() => {
      const limit = this.settings.idleTimeout;
      if (!limit) return;
      const now = this.engine.clock.current;
      for (const c of [...this.conns]) {
        if (c.watching || c.itemNeed > 0 || c.swallow > 0) continue;
        if (now - c.lastCmdTime > limit) {
          this.engine.store.cmd.idleKicks++;
          c.abort('idle_timeout');
        }
      }
    }, 1000);
    this.idleTimer.unref?.();
  }

  private advertisedIp(): string {
    const h = this.settings.inter;
    return h === '0.0.0.0' || h === '::' || h === '' ? '127.0.0.1' : h;
  }
}

function fdOf(socket: Duplex): number | undefined {
  const h = (socket as unknown as { _handle?: { fd?: number } })._handle;
  return typeof h?.fd === 'number' && h.fd >= 0 ? h.fd : undefined;
}

function remoteOf(socket: Duplex): string {
  const s = socket as net.Socket;
  return s.remoteAddress ? `tcp:${s.remoteAddress}:${s.remotePort}` : 'tcp:127.0.0.1:0';
}

function localOf(socket: Duplex, fallback: string): string {
  const s = socket as net.Socket;
  return s.localAddress ? `tcp:${s.localAddress}:${s.localPort}` : fallback;
}

function splitAddr(addr: string): [string, string] {
  const m = /^tcp:(.*):(\d+)$/.exec(addr);
  return m ? [m[1], m[2]] : [addr, '0'];
}

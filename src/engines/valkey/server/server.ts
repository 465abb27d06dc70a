/**
 * The Valkey/Redis OSS engine server: TCP listener, clients, databases, configuration, command table,
 * periodic cron (active expiry, client timeouts, metrics), and the hooks command families use
 * (signalModifiedKey, notifyKeyspaceEvent, signalKeyAsReady, propagation). Knows nothing about AWS.
 */
import { randomBytes } from 'crypto';
import * as net from 'net';
import { performance } from 'perf_hooks';
import { CLIENT, Client } from './client';
import { clientMemory } from './client-memory';
import { Config, OutputBufferLimit } from './config';
import { LatencyMonitor } from './latency';
import { LOG_LEVEL } from './log-level';
import { NOTIFY } from './notify-flags';
import { PubSubHub } from './pubsub-hub';
import { SlowLog } from './slowlog';
import { ServerStats } from './stats';
import { processWallClock, WallClock } from './wall-clock';
import { adoptAcceptedSocket, borrowReads, canBorrowReads } from '../../io/borrowed-reads';
import { BlockingManager } from '../exec/blocking';
import { call, processClientCommand } from '../exec/dispatch';
import { discardTransaction, WatchRegistry } from '../exec/multi';
import { Propagator } from '../exec/propagation';
import { Db, KeyspaceHost } from '../keyspace/db';
import { Evictor } from '../keyspace/eviction';
import { ActiveExpireCycle } from '../keyspace/expire-cycle';
import { lfuInitial, lfuTouch, lruClock } from '../keyspace/lru';
import { CollectionValue, StoredValue } from '../keyspace/values';
import type { Command, CommandDef } from '../table/command';
import { CMD } from '../table/flags';
import { CommandTable, compareVersions } from '../table/registry';
import { specSourceFor } from '../table/spec-sources';
import { RotatingList } from '../util/rotating-list';
import { atTurnEnd, runTask } from '../util/turn-end';
import { TurnList } from '../util/turn-list';

/** used_memory of an empty redis-server 7 (its own structures), so figures start where redis' do. */
const BASE_MEMORY = 880 * 1024;
/** redis CLIENTS_CRON_MIN_ITERATIONS and CLIENTS_PEAK_MEM_USAGE_SLOTS. */
const CLIENTS_CRON_MIN_ITERATIONS = 5;
const CLIENTS_PEAK_SLOTS = 8;

const flushClient = (c: Client): void => c.flush();
/** What a primary sends its replicas to ask where they are (replicationRequestAckFromSlaves). */
const GETACK_ARGV: readonly string[] = ['REPLCONF', 'GETACK', '*'];

export interface ValkeyServerOptions {
  /** TCP port; 0 picks a free one. Default 6379. */
  readonly port?: number;
  /** Address to bind. Default 127.0.0.1. */
  readonly bind?: string;
  /** redis.conf parameters by name (e.g. `{ maxmemory: '100mb', 'maxmemory-policy': 'allkeys-lru' }`). */
  readonly config?: Record<string, string>;
  /** Emulated server version (INFO redis_version, HELLO, command availability). Default 7.2.4. */
  readonly version?: string;
  /** `server` field of HELLO and INFO's server name: `redis` or `valkey`. Default `redis`. */
  readonly serverName?: string;
  /**
   * A Valkey release from 8.0 on (e.g. `8.0.1`), emulated over the Redis OSS 7.2.4 it stays
   * compatible with (`version` keeps answering redis_version and command availability): HELLO
   * reports this release, INFO server names it, and Valkey 8's own behaviours apply. Implies the
   * server name `valkey`. Default: none (Redis OSS, or Valkey 7.2).
   */
  readonly valkeyVersion?: string;
  /**
   * Called once a SHUTDOWN (or `shutdown()`) has closed the listener and every connection: the
   * standalone command line exits there, as redis-server exits. Default: nothing more.
   */
  readonly onShutdown?: () => void;
  /** Time source in ms (the simulator's virtual clock). Default Date.now. */
  readonly clock?: () => number;
  /** Command definitions; default: every family in commands/index.ts. */
  readonly commands?: readonly CommandDef[];
  /** Commands to answer as unknown (ElastiCache's restricted commands). */
  readonly disabledCommands?: readonly string[];
  /** Commands to rename (old → new, '' disables). */
  readonly renamedCommands?: Readonly<Record<string, string>>;
  /** Receives log lines (default: none). */
  readonly logger?: (line: string) => void;
}

/** Extension points for command families and the simulator. */
/**
 * Watches the server's connection I/O (the simulator measures a node's host with it): each read,
 * the work it causes (between `enter` and `leave`), and each write.
 */
export interface IoObserver {
  received(bytes: number): void;
  enter(): void;
  leave(): void;
  sent(bytes: number): void;
}

export interface ServerHooks {
  /** ACL: an error text (`-NOPERM …`) to refuse the command, checked before execution and in EXEC. */
  checkPermission?: (c: Client, cmd: Command, argv: readonly string[], inExec: boolean) => string | undefined;
  /** Cluster: an error text (`-MOVED …`, `-CROSSSLOT …`) to redirect the command. */
  route?: (c: Client, cmd: Command, argv: readonly string[]) => string | undefined;
  /** Replicas: an error text (`-READONLY …`) to refuse a write. */
  checkWrite?: (c: Client, cmd: Command) => string | undefined;
  /** Scripts: the -BUSY error while a script runs too long. */
  busy?: () => string | undefined;
  /** AUTH/HELLO: checks credentials (and records failures); true when valid (default: requirepass for `default`). */
  authenticate?: (c: Client, user: string, password: string) => boolean;
  /** AUTH <password>: true when the default user needs no password (default: requirepass is empty). */
  defaultUserNoPass?: () => boolean;
  /** True when a new connection must authenticate (default: requirepass is set). */
  authRequired?: () => boolean;
  /** True when a user of that name exists (default: only `default`). */
  userExists?: (user: string) => boolean;
  /** Called for every modified key (client tracking, caches). */
  readonly keyModified: ((db: Db, key: string) => void)[];
  /** FLUSHDB (the database) or FLUSHALL (undefined) emptied data: keys are not signalled one by one. */
  readonly flushed: ((db: Db | undefined) => void)[];
  /** After every executed command, nested ones (EXEC, scripts) included (client tracking). */
  readonly afterCall: ((c: Client, cmd: Command, argv: readonly string[]) => void)[];
  /** After a top-level command ran or was rejected, its reply written (deferred pushes, CLIENT CACHING reset). */
  readonly afterCommand: ((c: Client, cmd: Command | undefined) => void)[];
  /** INFO's ACL refusal counts (acl_access_denied_*, 7.2). */
  aclInfo?: () => { auth: number; cmd: number; key: number; channel: number };
  /** INFO memory's script figures (set once scripting is first used: before that, all zero). */
  scriptsInfo?: () => { cachedScripts: number; functions: number; libraries: number; evalCacheBytes: number; functionsBytes: number };
  /** INFO's client-tracking figures (tracking_clients, tracking_total_*). */
  trackingInfo?: () => { clients: number; keys: number; items: number; prefixes: number };
  /** Called when a client goes away. */
  readonly clientClosed: ((c: Client) => void)[];
  /** Called when RESET returns a client to its initial state (tracking, ACL state…). */
  readonly clientReset: ((c: Client) => void)[];
  /** Replication: how many replicas acknowledged the stream up to `offset` (WAIT). */
  replicaAcks?: (offset: number) => number;
  /** Replication: how many replicas wrote the stream up to `offset` to their append-only file (WAITAOF). */
  replicaAofAcks?: (offset: number) => number;
  /** Extra INFO sections by lower-case name (replication details, cluster…). */
  readonly infoSections: Map<string, () => string>;
}

export class ValkeyServer implements KeyspaceHost {
  public readonly config: Config;
  public readonly dbs: Db[] = [];
  public readonly commands: CommandTable;
  public readonly execCommand: Command | undefined;
  public readonly stats = new ServerStats();
  public readonly memory = { dataset: 0, peak: 0 };
  public readonly propagation = new Propagator();
  public readonly blocking = new BlockingManager();
  public readonly watches = new WatchRegistry();
  public readonly pubsub = new PubSubHub();
  public readonly slowlog = new SlowLog();
  public readonly latency = new LatencyMonitor();
  public readonly clients = new Map<number, Client>();
  public readonly monitors = new Set<Client>();
  public readonly hooks: ServerHooks = {
    keyModified: [], flushed: [], afterCall: [], afterCommand: [], clientClosed: [], clientReset: [], infoSections: new Map(),
  };
  public readonly version: string;
  public readonly serverName: string;
  /** The emulated Valkey release from 8.0 on, or undefined (see the option). */
  public readonly valkeyVersion: string | undefined;
  /**
   * True from Redis OSS 7.2 (so for Valkey too): the 7.2 behaviours apply, e.g. listpack lists and
   * sets, a string SET stores keeping the room its buffer was made with (before, any buffer with
   * more room than a tenth of its length was trimmed; now only arguments of 32 KB and more), and a
   * sparse HyperLogLog growing by at most 300 bytes at a time (before, it doubled).
   */
  public readonly since72: boolean;
  /**
   * Valkey 8.0.0 and 8.0.1 refuse UNSUBSCRIBE, PUNSUBSCRIBE and SUNSUBSCRIBE from a client with no
   * subscriptions (NOSUB); 8.0.2 went back to redis' empty confirmation, because the refusal broke
   * clients that unsubscribe whether or not they are subscribed.
   */
  public readonly refusesUnsubscribeWhenUnsubscribed: boolean;
  public readonly runId = randomBytes(20).toString('hex');
  /** Time of the current command (ms), fixed while it runs, like redis' cached mstime. */
  public mstime: number;
  public readonly startTime: number;
  /** Changes since the last save (redis server.dirty); handlers add one per modified key. */
  public dirty = 0;
  public lastSave: number;
  /** Watches connection reads and writes, when set. */
  public ioObserver: IoObserver | undefined;
  /** Depth of nested call()s (EXEC, scripts). */
  public nesting = 0;
  /** Client whose command is running (for CLIENT NO-TOUCH and hooks). */
  public currentClient: Client | undefined;
  /** Client whose top-level command is running, also while EXEC or a script runs nested commands (redis' current_client). */
  public outerClient: Client | undefined;
  public hz: number;
  public maxmemory = 0;
  public maxmemoryPolicy = 'noeviction';
  public protoMaxBulkLen = 512 * 1024 * 1024;
  public queryBufferLimit = 1024 * 1024 * 1024;
  public notifyFlags = 0;
  /** Hot config values, kept in fields by config listeners. */
  public slowlogThreshold = 10000;
  public latencyTracking = true;
  public latencyThreshold = 0;
  /** min-replicas-to-write, or 0 when it or min-replicas-max-lag is 0 (writes never wait on replicas). */
  public minReplicasToWrite = 0;
  public minReplicasMaxLag = 10;
  /** LRU clock of `mstime` (seconds, 24 bits), refreshed with the time. */
  public lruClockNow = 0;
  /** True when running as a replica (expired keys wait for the primary's DEL). */
  public isReplica = false;
  /** DEBUG SET-ACTIVE-EXPIRE: the cron's expiry cycle runs only when true. */
  public activeExpireEnabled = true;
  /** used_memory of the empty server (INFO used_memory_startup). */
  public readonly baseMemory = BASE_MEMORY;

  private readonly clock: () => number;
  /** The default clock, read through the monotonic one (undefined when the clock is given). */
  private readonly wallClock: WallClock | undefined;
  /** performance.now() when `updateTime` last refreshed `mstime`. */
  public clockStamp = 0;
  private readonly logger: ((line: string) => void) | undefined;
  /** The least LOG_LEVEL written (from `loglevel`). */
  private logVerbosity: number = LOG_LEVEL.NOTICE;
  private readonly onShutdown: (() => void) | undefined;
  /** The connections in redis' client list order, which clientsCron rotates. */
  private readonly clientsCronOrder = new RotatingList<Client>();
  /** INFO's client_recent_max_input_buffer/output_buffer: per-second peaks the clients cron saw. */
  public readonly clientsPeakInput: number[] = new Array(CLIENTS_PEAK_SLOTS).fill(0);
  public readonly clientsPeakOutput: number[] = new Array(CLIENTS_PEAK_SLOTS).fill(0);
  /** A SHUTDOWN succeeded: the server is closing for good. */
  public shuttingDown = false;
  private readonly expireCycle: ActiveExpireCycle;
  private readonly evictor: Evictor;
  private listener: net.Server | undefined;
  private cronTimer: NodeJS.Timeout | undefined;
  /**
   * redis gives ids 1 and 2 to the clients its Lua and function engines create at start-up, so a
   * fresh server's first connection is client 3; the engine's one script client takes id 1.
   */
  private nextClientId = 3;
  /**
   * Clients whose replies wait for the end of this turn. A client's own flag lists it once per turn
   * (an unblocked client may be listed twice: its second flush finds nothing to write).
   */
  private readonly pendingFlush = new TurnList<Client>();
  /** Work that waits for this turn's replies to be written (`afterReplies`). */
  private readonly afterFlush = new TurnList<() => void>();
  /** This server's turn end is queued (`atTurnEnd`); stop() clears it, so a queued one does nothing. */
  private turnEndQueued = false;
  private readonly turnEnd: () => void;
  private readonly unblocked: Client[] = [];
  private pause: { type: 'all' | 'write'; until: number } | undefined;
  private pauseTimer: NodeJS.Timeout | undefined;
  private readonly port: number;
  private readonly bind: string;
  private cronLoops = 0;
  /** A WAIT blocked this turn: the turn's end asks the replicas for an acknowledgement. */
  private replicaAcksWanted = false;
  /** `clientsMemory()` of this event-loop turn for eviction checks (-1: not taken yet this turn). */
  private clientsMemoryOfTurn = -1;
  private readonly forgetClientsMemory: () => void;
  private lfuMode = false;

  constructor(options: ValkeyServerOptions = {}) {
    this.forgetClientsMemory = () => {
      this.clientsMemoryOfTurn = -1;
    };
    this.turnEnd = () => {
      if (!this.turnEndQueued) return;
      this.turnEndQueued = false;
      this.afterBackgroundWork();
    };
    this.clock = options.clock ?? Date.now;
    this.wallClock = options.clock ? undefined : processWallClock();
    this.mstime = this.clock();
    this.lruClockNow = lruClock(this.mstime);
    this.startTime = this.mstime;
    this.lastSave = this.mstime;
    this.logger = options.logger;
    this.onShutdown = options.onShutdown;
    this.version = options.version ?? '7.2.4';
    if (options.valkeyVersion !== undefined && !(/^\d+\.\d+\.\d+$/.test(options.valkeyVersion) && compareVersions(options.valkeyVersion, '8.0.0') >= 0)) {
      throw new Error(`valkeyVersion ${options.valkeyVersion}: a Valkey release from 8.0.0 on is expected (Valkey 7.2 is emulated by version 7.2.4 and serverName valkey)`);
    }
    this.valkeyVersion = options.valkeyVersion;
    this.since72 = compareVersions(this.version, '7.2.0') >= 0;
    this.refusesUnsubscribeWhenUnsubscribed = this.valkeyVersion !== undefined && compareVersions(this.valkeyVersion, '8.0.2') < 0;
    this.serverName = options.valkeyVersion ? 'valkey' : options.serverName ?? 'redis';
    this.port = options.port ?? 6379;
    this.bind = options.bind ?? '127.0.0.1';
    const initialConfig = { port: String(this.port), bind: this.bind, ...(options.config ?? {}) };
    this.config = new Config(initialConfig, { version: this.version, valkeyVersion: options.valkeyVersion });
    this.hz = this.config.num('hz');
    this.applyConfigWatchers();
    for (let i = 0; i < this.config.num('databases'); i++) this.dbs.push(new Db(i, this));
    // Loaded lazily so the table module stays free of the families' imports.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const families = require('../commands') as { ALL_COMMANDS: CommandDef[]; FAMILY_SETUPS?: ((server: ValkeyServer) => void)[] };
    const defs: readonly CommandDef[] = options.commands ?? families.ALL_COMMANDS;
    this.commands = new CommandTable(defs, { version: this.version, source: specSourceFor(this.valkeyVersion) });
    for (const [from, to] of Object.entries(options.renamedCommands ?? {})) this.commands.rename(from, to);
    for (const name of options.disabledCommands ?? []) this.commands.disable(name);
    this.execCommand = this.commands.getByFullName('exec');
    this.expireCycle = new ActiveExpireCycle(this);
    this.evictor = new Evictor(this);
    // Families with per-server state (ACL users, client tracking…) install their hooks last.
    for (const setup of families.FAMILY_SETUPS ?? []) setup(this);
  }

  private applyConfigWatchers(): void {
    const cfg = this.config;
    const verbosity = () => {
      this.logVerbosity = LOG_LEVEL[cfg.str('loglevel').toUpperCase() as keyof typeof LOG_LEVEL];
    };
    verbosity();
    cfg.onChange('loglevel', verbosity);
    const sync = () => {
      this.maxmemory = cfg.num('maxmemory');
      this.maxmemoryPolicy = cfg.str('maxmemory-policy');
      this.lfuMode = this.maxmemoryPolicy.endsWith('-lfu');
      this.protoMaxBulkLen = cfg.num('proto-max-bulk-len');
      this.queryBufferLimit = cfg.num('client-query-buffer-limit');
      this.notifyFlags = cfg.num('notify-keyspace-events');
      this.slowlogThreshold = cfg.num('slowlog-log-slower-than');
      this.latencyThreshold = cfg.num('latency-monitor-threshold');
      this.latencyTracking = cfg.bool('latency-tracking');
      this.minReplicasMaxLag = cfg.num('min-replicas-max-lag');
      this.minReplicasToWrite = this.minReplicasMaxLag === 0 ? 0 : cfg.num('min-replicas-to-write');
    };
    sync();
    const watched = ['maxmemory', 'maxmemory-policy', 'proto-max-bulk-len', 'client-query-buffer-limit', 'notify-keyspace-events',
      'slowlog-log-slower-than', 'latency-monitor-threshold', 'latency-tracking', 'min-replicas-to-write', 'min-replicas-max-lag'];
    for (const name of watched) {
      cfg.onChange(name, sync);
    }
    cfg.onChange('hz', (v) => {
      this.hz = v as number;
      if (this.cronTimer) this.startCron();
    });
    cfg.onChange('slowlog-max-len', (v) => this.slowlog.trim(v as number));
    cfg.onChange('requirepass', () => this.onRequirePassChanged());
    cfg.onChange('maxmemory', () => this.performEvictions());
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  /**
   * Starts listening; resolves with the bound address. With `listen: false` only the periodic work
   * starts: connections then come from `handleConnection` (the simulator's endpoint listeners).
   */
  public async start(options: { readonly listen?: boolean } = {}): Promise<{ host: string; port: number }> {
    if (options.listen === false) {
      this.startCron();
      return this.address;
    }
    // Paused on connect: the socket is re-wrapped for shared-buffer reads before anything is read.
    const listener = net.createServer({ noDelay: true, pauseOnConnect: true }, (socket) => {
      const adopted = adoptAcceptedSocket(socket, listener);
      if (adopted) {
        const c = this.acceptConnection(adopted.socket, true);
        if (c) adopted.attach(c);
      } else {
        socket.resume();
        this.acceptConnection(socket);
      }
    });
    this.listener = listener;
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(this.port, this.bind, () => {
        listener.off('error', reject);
        resolve();
      });
    });
    this.startCron();
    return this.address;
  }

  public get address(): { host: string; port: number } {
    const a = this.listener?.address();
    if (a && typeof a === 'object') return { host: a.address, port: a.port };
    return { host: this.bind, port: this.port };
  }

  /** Stops listening, disconnects every client and stops timers. */
  public async stop(): Promise<void> {
    if (this.cronTimer) clearInterval(this.cronTimer);
    this.cronTimer = undefined;
    if (this.pauseTimer) clearTimeout(this.pauseTimer);
    this.turnEndQueued = false;
    for (const c of [...this.clients.values()]) c.close();
    const listener = this.listener;
    this.listener = undefined;
    if (listener) await new Promise<void>((resolve) => listener.close(() => resolve()));
  }

  /**
   * The end of a successful SHUTDOWN (redis finishShutdown, once any final save is done): the
   * listener and every connection close, the caller's too, without a reply.
   */
  public finishShutdown(): void {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    this.log(`${this.isValkey8 ? 'Valkey' : 'Redis'} is now ready to exit, bye bye...`, LOG_LEVEL.WARNING);
    void this.stop().then(() => this.onShutdown?.());
  }

  private startCron(): void {
    if (this.cronTimer) clearInterval(this.cronTimer);
    this.cronTimer = setInterval(() => this.cron(), Math.max(1, Math.floor(1000 / this.hz)));
    this.cronTimer.unref();
  }

  /**
   * Runs one cron tick now (also run every 1000/hz ms once started). A simulator with a virtual
   * clock calls it after moving the clock so active expiry and timeouts follow.
   */
  public runCron(): void {
    this.cron();
  }

  /** Periodic work (redis serverCron): metrics, client timeouts, active expiry, evictions. */
  private cron(): void {
    const started = performance.now();
    this.wallClock?.check();
    this.updateTime();
    const period = 1000 / this.hz;
    this.cronLoops++;
    if (this.cronLoops % Math.max(1, Math.round(100 / period)) === 0) this.stats.sample(this.mstime);
    this.clientsCron();
    this.checkPauseExpired();
    if (this.activeExpireEnabled) {
      const cycleStarted = this.latencyThreshold > 0 ? performance.now() : 0;
      this.expireCycle.run();
      if (this.latencyThreshold > 0) this.latencySample('expire-cycle', performance.now() - cycleStarted);
    }
    if (this.maxmemory > 0) this.performEvictions();
    const used = this.usedMemory();
    if (used > this.memory.peak) this.memory.peak = used;
    this.afterBackgroundWork();
    this.stats.eventLoop.cronTick(performance.now() - started);
  }

  /**
   * redis clientsCron: a few clients per tick (all of them, or 1/hz of them when more than five),
   * taken from the tail of the client list, which rotates, so every client comes round: an idle
   * client past `timeout` is closed, and its reply buffer is resized.
   */
  private clientsCron(): void {
    const order = this.clientsCronOrder;
    const count = order.length;
    let iterations = Math.floor(count / this.hz);
    if (iterations < CLIENTS_CRON_MIN_ITERATIONS) iterations = Math.min(count, CLIENTS_CRON_MIN_ITERATIONS);
    const timeout = this.config.num('timeout');
    const now = this.mstime;
    // The recent peaks keep a slot per second for the last eight seconds; the next one starts over.
    const slot = Math.floor(now / 1000) % CLIENTS_PEAK_SLOTS;
    this.clientsPeakInput[(slot + 1) % CLIENTS_PEAK_SLOTS] = 0;
    this.clientsPeakOutput[(slot + 1) % CLIENTS_PEAK_SLOTS] = 0;
    while (order.length > 0 && iterations-- > 0) {
      const c = order.rotate()!;
      if (timeout > 0 && !(c.flags & (CLIENT.BLOCKED | CLIENT.PUBSUB | CLIENT.REPLICA | CLIENT.MASTER | CLIENT.MONITOR))
        && now - c.lastInteraction > timeout * 1000) {
        this.log(`Closing idle client id=${c.id}`, LOG_LEVEL.VERBOSE);
        c.close();
        continue;
      }
      c.queryBuffer.cronResize(Math.floor(now / 1000) - Math.floor(c.lastInteraction / 1000));
      const change = c.replyBuffer.resize(now, c.unsentBytes);
      if (change === 'shrink') this.stats.replyBufferShrinks++;
      else if (change === 'expand') this.stats.replyBufferExpands++;
      // clientsCronTrackExpansiveClients: the query buffer's allocation, the reply list's bytes.
      const input = c.queryBuffer.allocatedBytes;
      if (input > this.clientsPeakInput[slot]) this.clientsPeakInput[slot] = input;
      const output = c.unsentBytes;
      if (output > this.clientsPeakOutput[slot]) this.clientsPeakOutput[slot] = output;
    }
  }

  /** Serves a socket accepted elsewhere (an endpoint listener, a TLS terminator). */
  public handleConnection(socket: net.Socket): void {
    // Plain sockets read into the shared buffer, as those of our own listener do.
    const borrowed = canBorrowReads(socket);
    const c = this.acceptConnection(socket, borrowed);
    if (c && borrowed) borrowReads(socket, c);
  }

  private acceptConnection(socket: net.Socket, borrowedReads = false): Client | undefined {
    this.updateTime();
    if (this.clients.size >= this.config.num('maxclients')) {
      this.stats.rejectedConnections++;
      socket.end('-ERR max number of clients reached\r\n');
      return undefined;
    }
    const keepAlive = this.config.num('tcp-keepalive');
    if (keepAlive > 0) socket.setKeepAlive(true, keepAlive * 1000);
    const c = new Client(this, this.nextClientId++, this.dbs[0], socket, borrowedReads);
    this.clients.set(c.id, c);
    this.clientsCronOrder.push(c);
    this.stats.totalConnectionsReceived++;
    return c;
  }

  /**
   * A client without a socket (scripts, the simulator's in-process calls). Its replies accumulate
   * in `out`; it is not listed by CLIENT LIST.
   */
  public createInternalClient(id?: number): Client {
    const c = new Client(this, id ?? this.nextClientId++, this.dbs[0], undefined);
    c.authenticated = true;
    return c;
  }

  /** Runs one command in-process and returns the raw reply bytes (for tests and the simulator). */
  public runCommand(c: Client, argv: string[]): Buffer {
    processClientCommand(this, c, argv);
    this.afterBackgroundWork();
    return c.out.take();
  }

  /**
   * Called by clients once their input is processed: serves unblocked clients and queues the
   * replies. Replies are written once per event-loop turn, after every readable socket has been
   * read (redis writes them in beforeSleep): with many connections the peers are woken by a burst
   * of writes instead of one wake-up per write, which costs the sender several microseconds each.
   */
  public afterInput(c: Client): void {
    if (this.unblocked.length > 0) this.processUnblocked();
    c.scheduleFlush();
  }

  private afterBackgroundWork(): void {
    if (this.blocking.hasReadyKeys) this.blocking.handleReadyKeys();
    if (this.unblocked.length > 0) this.processUnblocked();
    // redis' beforeSleep: REPLCONF GETACK goes into the stream (and its offset), held while clients are paused.
    if (this.replicaAcksWanted && !this.pause) {
      this.replicaAcksWanted = false;
      this.propagation.heartbeat(GETACK_ARGV);
    }
    if (this.pendingFlush.length > 0) this.pendingFlush.drain(flushClient);
    if (this.afterFlush.length > 0) this.afterFlush.drain(runTask);
  }

  /** True when the server emulates Valkey 8.0 or later (its behaviours differ from Redis OSS 7.2's). */
  public get isValkey8(): boolean {
    return this.valkeyVersion !== undefined;
  }

  /** The version HELLO reports: the Valkey release when one is emulated. */
  public get releaseVersion(): string {
    return this.valkeyVersion ?? this.version;
  }

  /** A client blocked waiting for replicas (WAIT, WAITAOF): ask them to acknowledge at this turn's end. */
  public requestReplicaAcks(): void {
    this.replicaAcksWanted = true;
    this.scheduleTurnEnd();
  }

  /** Queues a client's output to be written at the end of this event-loop turn. */
  public scheduleFlush(c: Client): void {
    this.pendingFlush.push(c);
    this.scheduleTurnEnd();
  }

  /**
   * Runs `task` once this turn's replies are written (in the same turn). The simulator's replicas
   * apply their primary's writes here: in a real group they run on other machines, so no client's
   * reply waits for them.
   */
  public afterReplies(task: () => void): void {
    this.afterFlush.push(task);
    this.scheduleTurnEnd();
  }

  private scheduleTurnEnd(): void {
    if (this.turnEndQueued) return;
    this.turnEndQueued = true;
    atTurnEnd(this.turnEnd);
  }

  /** Queues an unblocked client to continue with its pipelined input. */
  public queueUnblocked(c: Client): void {
    this.unblocked.push(c);
    this.scheduleFlush(c);
  }

  private processUnblocked(): void {
    while (this.unblocked.length > 0) {
      const c = this.unblocked.shift()!;
      if (c.isClosed || c.flags & CLIENT.BLOCKED) continue;
      c.processInput();
      c.scheduleFlush();
    }
  }

  public unregisterClient(c: Client): void {
    this.clients.delete(c.id);
    this.clientsCronOrder.remove(c);
    this.monitors.delete(c);
    if (c.blocked) this.blocking.finish(c, false);
    if (c.multi || c.watched.length > 0) discardTransaction(c);
    if (c.flags & CLIENT.PUBSUB) this.pubsub.removeClient(c);
    for (const h of this.hooks.clientClosed) h(c);
  }

  /**
   * Writes a log line at redis' verbosity `level` (LOG_LEVEL: notice unless said otherwise) when
   * `loglevel` lets it through, as serverLog does.
   */
  public log(line: string, level: number = LOG_LEVEL.NOTICE): void {
    if (level < this.logVerbosity) return;
    this.logger?.(line);
  }

  // ---- command execution -------------------------------------------------------------------------

  public processCommand(c: Client, argv: string[]): void {
    processClientCommand(this, c, argv);
  }

  public call(c: Client, cmd: Command, argv: string[]): void {
    call(this, c, cmd, argv);
  }

  /**
   * Refreshes the cached time at the start of a top-level command (and of cron ticks). The reading
   * of the monotonic clock stays in `clockStamp`: a command's duration starts from it.
   */
  public updateTime(): void {
    if (this.nesting === 0) {
      const stamp = performance.now();
      this.clockStamp = stamp;
      this.mstime = this.wallClock ? this.wallClock.at(stamp) : this.clock();
      this.lruClockNow = lruClock(this.mstime);
    }
  }

  /** DEBUG and MODULE need enable-debug-command (yes, or local for loopback clients). */
  public protectedCommandAllowed(c: Client, cmd: Command): boolean {
    if (cmd.fullName !== 'debug') return false;
    const mode = this.config.str('enable-debug-command');
    if (mode === 'yes') return true;
    if (mode === 'local') return !c.socket || c.socket.remoteAddress === '127.0.0.1' || c.socket.remoteAddress === '::1';
    return false;
  }

  /** The wall clock in whole seconds now (redis' time(NULL)), not the cached time of the command. */
  public unixSeconds(): number {
    return Math.floor(this.clock() / 1000);
  }

  /**
   * A latency monitor sample for work outside commands (expiry and eviction cycles, evictions),
   * kept when it took at least latency-monitor-threshold ms (redis latencyAddSampleIfNeeded).
   */
  public latencySample(event: string, ms: number): void {
    const threshold = this.latencyThreshold;
    if (threshold > 0 && ms >= threshold) this.latency.add(event, Math.floor(ms), this.unixSeconds());
  }

  /** Slow log, latency monitor (called by call() for completed commands). */
  public afterCommandTimed(c: Client, cmd: Command, argv: readonly string[], micros: number): void {
    // Commands a transaction or a script runs are measured and logged each on its own, as redis'
    // call() does for them (EXEC itself skips the slow log); a client without a connection (a
    // script's) shows redis' address for it, `?:0`.
    const threshold = this.slowlogThreshold;
    if (threshold >= 0 && micros >= threshold && !(cmd.flags & CMD.SKIP_SLOWLOG)) {
      // Stamped when logged, after the command ran, as redis stamps it (time(NULL)).
      this.slowlog.add(argv, micros, this.unixSeconds(), c.addr || '?:0', c.name, this.config.num('slowlog-max-len'));
    }
    const latencyThreshold = this.latencyThreshold;
    if (latencyThreshold > 0 && micros / 1000 >= latencyThreshold) {
      this.latency.add(cmd.flags & CMD.FAST ? 'fast-command' : 'command', Math.floor(micros / 1000), this.unixSeconds());
    }
  }

  /** MONITOR feed: `+<time> [<db> <addr>] "cmd" "arg"…`. */
  public feedMonitors(c: Client, argv: readonly string[]): void {
    const t = this.clock();
    const secs = Math.floor(t / 1000);
    const micros = String(Math.floor((t % 1000) * 1000)).padStart(6, '0');
    const who = c.socket ? c.addr : c.flags & CLIENT.SCRIPT ? 'lua' : 'unix:internal';
    let line = `+${secs}.${micros} [${c.db.id} ${who}]`;
    for (const a of argv) line += ' ' + quoteForMonitor(a);
    for (const m of this.monitors) {
      m.out.raw(line + '\r\n');
      m.scheduleFlush();
    }
  }

  // ---- pause (CLIENT PAUSE) ----------------------------------------------------------------------

  public pauseClients(type: 'all' | 'write', until: number): void {
    // A second pause can only extend the time and widen the scope, as in redis.
    if (this.pause) {
      type = this.pause.type === 'all' ? 'all' : type;
      until = Math.max(until, this.pause.until);
    }
    this.pause = { type, until };
    if (this.pauseTimer) clearTimeout(this.pauseTimer);
    this.pauseTimer = setTimeout(() => this.checkPauseExpired(), Math.max(0, until - this.clock()) + 1);
  }

  public unpauseClients(): void {
    this.pause = undefined;
    if (this.pauseTimer) clearTimeout(this.pauseTimer);
    this.pauseTimer = undefined;
    const held = this.blocking.releasePostponed();
    for (const { client, argv } of held) {
      if (client.isClosed) continue;
      this.processCommand(client, argv);
      this.queueUnblocked(client);
    }
    this.afterBackgroundWork();
  }

  private checkPauseExpired(): void {
    if (this.pause && this.clock() >= this.pause.until) this.unpauseClients();
  }

  /** True when a command with these flags must wait for the pause to end. */
  public pausedFor(flags: number): boolean {
    const p = this.pause;
    if (!p) return false;
    if (p.type === 'all') return true;
    return (flags & (CMD.WRITE | CMD.MAY_REPLICATE)) !== 0;
  }

  public isPausedForWrites(): boolean {
    return this.pause !== undefined;
  }

  public get pauseState(): { type: 'all' | 'write'; until: number } | undefined {
    return this.pause;
  }

  // ---- authentication ----------------------------------------------------------------------------

  /** True when new connections must authenticate. */
  public authRequiredByDefault(): boolean {
    if (this.hooks.authRequired) return this.hooks.authRequired();
    return this.config.str('requirepass') !== '';
  }

  /** Checks credentials for AUTH/HELLO. */
  public checkCredentials(c: Client, user: string, password: string): boolean {
    if (this.hooks.authenticate) return this.hooks.authenticate(c, user, password);
    const pass = this.config.str('requirepass');
    if (user !== 'default') return false;
    return pass === '' || pass === password;
  }

  /** True when the default user has no password (AUTH <password> is then refused). */
  public defaultUserNoPass(): boolean {
    if (this.hooks.defaultUserNoPass) return this.hooks.defaultUserNoPass();
    return this.config.str('requirepass') === '';
  }

  /** Replicas that acknowledged the replication stream up to `offset` (0 without replication). */
  public replicaAcks(offset: number): number {
    return this.hooks.replicaAcks ? this.hooks.replicaAcks(offset) : 0;
  }

  /** Replicas that wrote the stream up to `offset` to an append-only file (0 without replication). */
  public replicaAofAcks(offset: number): number {
    return this.hooks.replicaAofAcks ? this.hooks.replicaAofAcks(offset) : 0;
  }

  public userExists(user: string): boolean {
    return this.hooks.userExists ? this.hooks.userExists(user) : user === 'default';
  }

  private onRequirePassChanged(): void {
    // As in redis, connected clients keep their state; new connections follow the new setting.
  }

  // ---- keyspace host -----------------------------------------------------------------------------

  public now(): number {
    return this.mstime;
  }

  public touchValue(value: StoredValue): void {
    const c = this.currentClient;
    if (c !== undefined && c.flags & CLIENT.NO_TOUCH && c.cmd?.fullName !== 'touch') return;
    if (this.lfuMode) {
      value.lru = lfuTouch(value.lru, this.mstime, this.config.num('lfu-decay-time'), this.config.num('lfu-log-factor'));
    } else {
      value.lru = this.lruClockNow;
    }
  }

  public initAccess(value: StoredValue): void {
    value.lru = this.lfuMode ? lfuInitial(this.mstime) : this.lruClockNow;
  }

  public refreshAccess(value: StoredValue): void {
    if (!this.lfuMode) value.lru = this.lruClockNow;
  }

  public keepExpiredKeys(): boolean {
    return this.isReplica || this.isPausedForWrites();
  }

  public notifyKeyMiss(db: Db, key: string): void {
    if (this.notifyFlags & NOTIFY.KEY_MISS) this.notifyKeyspaceEvent(NOTIFY.KEY_MISS, 'keymiss', key, db.id);
  }

  public notifyNewKey(db: Db, key: string): void {
    if (this.notifyFlags & NOTIFY.NEW) this.notifyKeyspaceEvent(NOTIFY.NEW, 'new', key, db.id);
  }

  /** Deletes an expired key, propagating DEL/UNLINK and firing `expired` (redis deleteExpiredKeyAndPropagate). */
  public expireKeyNow(db: Db, key: string): void {
    db.delete(key);
    this.stats.expiredKeys++;
    this.notifyKeyspaceEvent(NOTIFY.EXPIRED, 'expired', key, db.id);
    this.signalModifiedKey(db, key);
    this.propagation.add(db.id, [this.config.bool('lazyfree-lazy-expire') ? 'UNLINK' : 'DEL', key]);
    if (this.nesting === 0) this.propagation.flush();
  }

  /** Evicts a key under maxmemory: DEL/UNLINK propagated, `evicted` fired. */
  public evictKey(db: Db, key: string): void {
    const deleteStarted = this.latencyThreshold > 0 ? performance.now() : 0;
    db.delete(key);
    if (this.latencyThreshold > 0) this.latencySample('eviction-del', performance.now() - deleteStarted);
    this.stats.evictedKeys++;
    this.signalModifiedKey(db, key);
    this.notifyKeyspaceEvent(NOTIFY.EVICTED, 'evicted', key, db.id);
    this.propagation.add(db.id, [this.config.bool('lazyfree-lazy-eviction') ? 'UNLINK' : 'DEL', key]);
    if (this.nesting === 0) this.propagation.flush();
  }

  /** Frees memory for maxmemory; false when a write must be refused with -OOM. */
  public performEvictions(): boolean {
    return this.evictor.perform();
  }

  // ---- hooks for command families ----------------------------------------------------------------

  /**
   * Every key modification must be signalled (redis signalModifiedKey): WATCH, client tracking,
   * and memory accounting of values changed in place depend on it. Passing the key's value (just
   * stored, or a collection just changed in place) saves a lookup.
   */
  public signalModifiedKey(db: Db, key: string, value?: StoredValue): void {
    this.watches.touch(db, key);
    // A value stored whole (strings) was accounted when stored; in-place collections are re-read.
    if (value === undefined) db.refreshAccounting(key);
    else if (value instanceof CollectionValue) db.refreshValueAccounting(value);
    if (this.blocking.blockedOnKeys > 0) this.blocking.signalKeyReplaced(db, key);
    const hooks = this.hooks.keyModified;
    for (let i = 0; i < hooks.length; i++) hooks[i](db, key);
  }

  /** Fires a keyspace notification when `notify-keyspace-events` enables its class. */
  public notifyKeyspaceEvent(type: number, event: string, key: string, dbid: number): void {
    const flags = this.notifyFlags;
    if (!(flags & type)) return;
    if (flags & NOTIFY.KEYSPACE) this.pubsub.publish(`__keyspace@${dbid}__:${key}`, event);
    if (flags & NOTIFY.KEYEVENT) this.pubsub.publish(`__keyevent@${dbid}__:${event}`, key);
  }

  /** A write that can serve blocked clients (LPUSH, ZADD, XADD…) signals the key. */
  public signalKeyAsReady(db: Db, key: string): void {
    this.blocking.signalKeyAsReady(db, key);
  }

  // ---- memory ------------------------------------------------------------------------------------

  /** used_memory: redis' own structures, the dataset, dictionaries and client buffers. */
  public usedMemory(): number {
    return this.usedMemoryWithClients(this.clientsMemory());
  }

  /**
   * Memory compared with maxmemory, which every write checks when a limit is set (replica output
   * buffers are not counted, as in redis). redis reads its allocator's counter there; summing every
   * client's buffers costs O(clients) per command (with 500 clients a third of a SET's CPU time), so
   * the clients' part is taken once per event-loop turn: buffers that grow later in the same turn
   * count from the next one. The dataset and tables are always current.
   */
  public usedMemoryForEviction(): number {
    if (this.clientsMemoryOfTurn < 0) {
      this.clientsMemoryOfTurn = this.clientsMemory();
      atTurnEnd(this.forgetClientsMemory);
    }
    return this.usedMemoryWithClients(this.clientsMemoryOfTurn);
  }

  /** Used memory with the given bytes for the clients' buffers. */
  private usedMemoryWithClients(clients: number): number {
    let tables = 0;
    for (const db of this.dbs) tables += db.tableOverhead();
    return BASE_MEMORY + this.memory.dataset + tables + clients;
  }

  /** What the connections take, as redis counts each one (CLIENT LIST's tot-mem, added up). */
  public clientsMemory(): number {
    let total = 0;
    for (const c of this.clients.values()) total += clientMemory(c).total;
    return total;
  }

  /** Output buffer limits of the client's class (normal, replica, pubsub). */
  public outputLimitsFor(c: Client): OutputBufferLimit {
    const limits = this.config.value('client-output-buffer-limit') as { normal: OutputBufferLimit; replica: OutputBufferLimit; pubsub: OutputBufferLimit };
    if (c.flags & CLIENT.REPLICA) return limits.replica;
    if (c.flags & CLIENT.PUBSUB) return limits.pubsub;
    return limits.normal;
  }

  /** Selects a database for a client; false when the index is out of range. */
  public selectDb(c: Client, index: number): boolean {
    if (!Number.isInteger(index) || index < 0 || index >= this.dbs.length) return false;
    c.db = this.dbs[index];
    return true;
  }

  /** Drops eviction candidates that may point at swapped or flushed data. */
  public resetEvictionPool(): void {
    this.evictor.clear();
  }

  /** Entries/keys of all databases. */
  public totalKeys(): number {
    let n = 0;
    for (const db of this.dbs) n += db.size;
    return n;
  }
}

/** Quotes an argument for MONITOR the way redis' sdscatrepr does. */
export function quoteForMonitor(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 92: out += '\\\\'; break;
      case 34: out += '\\"'; break;
      case 10: out += '\\n'; break;
      case 13: out += '\\r'; break;
      case 9: out += '\\t'; break;
      case 7: out += '\\a'; break;
      case 8: out += '\\b'; break;
      default:
        if (c >= 32 && c < 127) out += s[i];
        else out += '\\x' + c.toString(16).padStart(2, '0');
    }
  }
  return out + '"';
}

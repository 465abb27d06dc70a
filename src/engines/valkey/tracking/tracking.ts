/**
 * Client-side caching support (redis tracking.c): which clients may cache which keys, and the
 * invalidation messages they get when a key changes, expires, is evicted or flushed. Default mode
 * remembers the keys each tracking client read; BCAST mode sends every change under registered
 * prefixes, batched per event-loop turn. Messages are RESP3 pushes, or `__redis__:invalidate`
 * pub/sub messages to a RESP2 client the tracking client redirects to.
 */
import { deferredPushesOf, DeferredPushes } from '../pubsub/deferred-pushes';
import { CLIENT, Client } from '../server/client';
import type { ValkeyServer } from '../server/server';
import type { Command } from '../table/command';
import { CMD } from '../table/flags';

/** Options kept per tracking client (redis CLIENT_TRACKING_* flags that CLIENT LIST does not show). */
export const TRACK = {
  OPTIN: 1 << 0,
  OPTOUT: 1 << 1,
  /** CLIENT CACHING was given for the next command. */
  CACHING: 1 << 2,
  NOLOOP: 1 << 3,
} as const;

const INVALIDATE_CHANNEL = '__redis__:invalidate';

interface PrefixState {
  /** Keys changed under the prefix this turn, with the client that changed each last. */
  keys: Map<string, Client | undefined>;
  clients: Set<Client>;
}

/** Commands whose keys are not remembered: read-only scripts track the commands they run instead. */
const NOT_REMEMBERED = new Set(['eval_ro', 'evalsha_ro', 'fcall_ro']);

export class ClientTracking {
  /** Key → ids of the clients that may cache it. */
  private readonly table = new Map<string, Set<number>>();
  private items = 0;
  /** Broadcast prefixes, sorted like redis' radix tree when iterated. */
  private readonly prefixes = new Map<string, PrefixState>();
  private readonly options = new WeakMap<Client, number>();
  private readonly clientPrefixes = new WeakMap<Client, Set<string>>();
  /** Clients with tracking on (RESET clears the flag before telling us, so membership is kept here). */
  private readonly trackers = new Set<Client>();
  private broadcastScheduled = false;
  private readonly pushes: DeferredPushes;

  constructor(private readonly server: ValkeyServer) {
    this.pushes = deferredPushesOf(server);
    const hooks = server.hooks;
    hooks.keyModified.push((_db, key) => this.invalidateKey(key, true));
    hooks.flushed.push(() => this.invalidateOnFlush());
    hooks.afterCall.push((c, cmd, argv) => this.afterCall(c, cmd, argv));
    hooks.afterCommand.push((c, cmd) => this.afterCommand(c, cmd));
    hooks.clientClosed.push((c) => this.disable(c));
    hooks.clientReset.push((c) => this.disable(c));
    hooks.trackingInfo = () => ({ clients: this.trackers.size, keys: this.table.size, items: this.items, prefixes: this.prefixes.size });
  }

  public optionsOf(c: Client): number {
    return this.options.get(c) ?? 0;
  }

  public setOption(c: Client, flag: number): void {
    this.options.set(c, this.optionsOf(c) | flag);
  }

  public prefixesOf(c: Client): string[] {
    return [...(this.clientPrefixes.get(c) ?? [])].sort();
  }

  /** Prefix overlap check of CLIENT TRACKING … BCAST PREFIX: an error text, or undefined. */
  public prefixCollision(c: Client, prefixes: readonly string[]): string | undefined {
    const existing = this.prefixesOf(c);
    const overlaps = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);
    for (let i = 0; i < prefixes.length; i++) {
      for (const e of existing) {
        if (overlaps(e, prefixes[i])) return `Prefix '${prefixes[i]}' overlaps with an existing prefix '${e}'. Prefixes for a single client must not overlap.`;
      }
      for (let j = i + 1; j < prefixes.length; j++) {
        if (overlaps(prefixes[i], prefixes[j])) return `Prefix '${prefixes[i]}' overlaps with another provided prefix '${prefixes[j]}'. Prefixes for a single client must not overlap.`;
      }
    }
    return undefined;
  }

  /** CLIENT TRACKING ON (enableTracking). */
  public enable(c: Client, redirect: number, bcast: boolean, options: number, prefixes: readonly string[]): void {
    this.trackers.add(c);
    c.flags = (c.flags | CLIENT.TRACKING) & ~(CLIENT.TRACKING_BROKEN_REDIR | CLIENT.TRACKING_BCAST);
    c.trackingRedirect = redirect;
    this.options.set(c, options & (TRACK.OPTIN | TRACK.OPTOUT | TRACK.NOLOOP));
    if (bcast) {
      c.flags |= CLIENT.TRACKING_BCAST;
      if (prefixes.length === 0) this.addPrefix(c, '');
      for (const p of prefixes) this.addPrefix(c, p);
    }
  }

  private addPrefix(c: Client, prefix: string): void {
    let state = this.prefixes.get(prefix);
    if (!state) {
      state = { keys: new Map(), clients: new Set() };
      this.prefixes.set(prefix, state);
    }
    if (state.clients.has(c)) return;
    state.clients.add(c);
    let own = this.clientPrefixes.get(c);
    if (!own) this.clientPrefixes.set(c, (own = new Set()));
    own.add(prefix);
  }

  /** CLIENT TRACKING OFF, RESET, disconnection (disableTracking). Remembered keys expire lazily. */
  public disable(c: Client): void {
    const own = this.clientPrefixes.get(c);
    if (own) {
      for (const p of own) {
        const state = this.prefixes.get(p);
        if (!state) continue;
        state.clients.delete(c);
        if (state.clients.size === 0) this.prefixes.delete(p);
      }
      this.clientPrefixes.delete(c);
    }
    if (this.trackers.delete(c)) {
      c.flags &= ~(CLIENT.TRACKING | CLIENT.TRACKING_BROKEN_REDIR | CLIENT.TRACKING_BCAST);
      this.options.delete(c);
    }
  }

  /** Keys read by a read-only command are remembered for the client whose command runs. */
  private afterCall(c: Client, cmd: Command, argv: readonly string[]): void {
    if (this.trackers.size === 0 || !(cmd.flags & CMD.READONLY) || NOT_REMEMBERED.has(cmd.fullName)) return;
    const tracking = this.server.outerClient ?? c;
    if (!(tracking.flags & CLIENT.TRACKING) || tracking.flags & CLIENT.TRACKING_BCAST) return;
    if (cmd.flags & CMD.PUBSUB) return;
    const opts = this.optionsOf(tracking);
    const caching = (opts & TRACK.CACHING) !== 0;
    if ((opts & TRACK.OPTIN && !caching) || (opts & TRACK.OPTOUT && caching)) return;
    const keys = cmd.findKeys(argv);
    if (!keys) return;
    for (const k of keys) {
      const key = argv[k.pos];
      let ids = this.table.get(key);
      if (!ids) this.table.set(key, (ids = new Set()));
      if (!ids.has(tracking.id)) {
        ids.add(tracking.id);
        this.items++;
      }
    }
  }

  /** CLIENT CACHING applies to the next command (or transaction) only; the table has a size limit. */
  private afterCommand(c: Client, cmd: Command | undefined): void {
    if (this.trackers.size === 0) return;
    const opts = this.options.get(c);
    if (opts !== undefined && opts & TRACK.CACHING && !(c.flags & CLIENT.MULTI) && !cmd?.fullName.startsWith('client|')) {
      this.options.set(c, opts & ~TRACK.CACHING);
    }
    this.limitTableSize();
  }

  /** A key changed (trackingInvalidateKey): its trackers are told, and broadcasting prefixes collect it. */
  private invalidateKey(key: string, bcast: boolean): void {
    if (this.trackers.size === 0 && this.table.size === 0) return;
    const current = this.server.outerClient;
    if (bcast && this.prefixes.size > 0) this.rememberForBroadcast(key, current);
    const ids = this.table.get(key);
    if (!ids) return;
    this.table.delete(key);
    this.items -= ids.size;
    for (const id of ids) {
      const target = this.server.clients.get(id);
      if (!target || !(target.flags & CLIENT.TRACKING) || target.flags & CLIENT.TRACKING_BCAST) continue;
      if (this.optionsOf(target) & TRACK.NOLOOP && target === current) continue;
      if (this.pushes.mustDefer(target)) this.pushes.defer((t) => this.send(t, { key }));
      else this.send(target, { key });
    }
  }

  /** FLUSHALL/FLUSHDB: every tracking client gets one null invalidation ("everything"). */
  private invalidateOnFlush(): void {
    if (this.trackers.size > 0) {
      for (const c of this.server.clients.values()) {
        if (!this.trackers.has(c)) continue;
        if (this.pushes.mustDefer(c)) this.pushes.defer((t) => this.send(t, { all: true }));
        else this.send(c, { all: true });
      }
    }
    this.table.clear();
    this.items = 0;
  }

  private rememberForBroadcast(key: string, by: Client | undefined): void {
    for (const [prefix, state] of this.prefixes) {
      if (prefix.length > key.length || !key.startsWith(prefix)) continue;
      state.keys.set(key, by);
    }
    if (!this.broadcastScheduled) {
      this.broadcastScheduled = true;
      // Redis sends broadcast invalidations once per event-loop iteration (beforeSleep).
      setImmediate(() => this.broadcast());
    }
  }

  /** Sends the keys collected per prefix to its clients (trackingBroadcastInvalidationMessages). */
  private broadcast(): void {
    this.broadcastScheduled = false;
    const prefixes = [...this.prefixes.keys()].sort();
    for (const prefix of prefixes) {
      const state = this.prefixes.get(prefix)!;
      if (state.keys.size === 0) continue;
      const keys = [...state.keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      state.keys = new Map();
      for (const c of state.clients) {
        const noloop = (this.optionsOf(c) & TRACK.NOLOOP) !== 0;
        const list = noloop ? keys.filter(([, by]) => by !== c).map(([k]) => k) : keys.map(([k]) => k);
        if (list.length > 0) this.send(c, { keys: list });
      }
    }
  }

  /**
   * Writes one invalidation for tracking client `c` (sendTrackingMessage): to its redirect target
   * when it has one (a broken redirect is reported to `c` in RESP3), as a push in RESP3 or an
   * `__redis__:invalidate` message to a RESP2 subscriber; a RESP2 client without redirect gets nothing.
   */
  private send(c: Client, what: { key?: string; keys?: string[]; all?: boolean }): void {
    // The null of a flush is written in the tracking client's protocol, even when redirected.
    const nullProto = c.resp;
    let target = c;
    let redirected = false;
    if (c.trackingRedirect) {
      const redir = this.server.clients.get(c.trackingRedirect);
      if (!redir) {
        c.flags |= CLIENT.TRACKING_BROKEN_REDIR;
        if (c.resp > 2) {
          c.out.pushHeader(2);
          c.out.bulk('tracking-redir-broken');
          c.out.integer(c.trackingRedirect);
          c.scheduleFlush();
        }
        return;
      }
      target = redir;
      redirected = true;
    }
    const out = target.out;
    if (target.resp > 2) {
      out.pushHeader(2);
      out.bulk('invalidate');
    } else if (redirected && target.flags & CLIENT.PUBSUB) {
      out.pushHeader(3);
      out.bulk('message');
      out.bulk(INVALIDATE_CHANNEL);
    } else {
      return;
    }
    if (what.all) {
      out.raw(nullProto === 2 ? '$-1\r\n' : '_\r\n');
    } else {
      const keys = what.keys ?? [what.key!];
      out.arrayHeader(keys.length);
      for (const k of keys) out.bulk(k);
    }
    target.scheduleFlush();
  }

  /**
   * tracking-table-max-keys: forget keys (telling their trackers) until under the limit. Redis
   * picks them by a random walk; the oldest remembered keys go first here.
   */
  private limitTableSize(): void {
    const max = this.server.config.num('tracking-table-max-keys');
    if (max === 0 || this.table.size <= max) return;
    let effort = 100;
    for (const key of this.table.keys()) {
      if (effort-- <= 0 || this.table.size <= max) break;
      this.invalidateKey(key, false);
    }
  }
}

const TRACKERS = new WeakMap<ValkeyServer, ClientTracking>();

/** Creates the server's tracking state and installs its hooks (run by the server at construction). */
export function setupTracking(server: ValkeyServer): void {
  if (!TRACKERS.has(server)) TRACKERS.set(server, new ClientTracking(server));
}

/** The server's client-tracking state. */
export function trackingOf(server: ValkeyServer): ClientTracking {
  let t = TRACKERS.get(server);
  if (!t) {
    t = new ClientTracking(server);
    TRACKERS.set(server, t);
  }
  return t;
}

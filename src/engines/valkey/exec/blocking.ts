/**
 * Blocked clients. A blocking command that finds nothing to serve calls `blockOnKeys`; when a write
 * signals one of the keys as ready, the blocked clients are served in the order they blocked by
 * re-running their command (as redis 7.2 does): the handler either serves (and replies) or blocks
 * again, keeping its place. A timeout runs the command's timeout reply. Clients postponed by
 * CLIENT PAUSE, and custom waits (WAIT), use the same machinery.
 */
import type { Db } from '../keyspace/db';
import { CLIENT, Client } from '../server/client';
import type { Command } from '../table/command';

export type BlockKind = 'keys' | 'postpone' | 'custom';

/** Longest delay setTimeout honours. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface BlockedState {
  readonly kind: BlockKind;
  readonly db: Db | undefined;
  readonly keys: readonly string[];
  readonly cmd: Command | undefined;
  readonly argv: string[];
  /** Absolute ms deadline, 0 for none. */
  readonly deadline: number;
  /** Writes the reply for a timeout (e.g. a null array for BLPOP). */
  readonly onTimeout: (c: Client) => void;
  /** For custom waits: true when the wait is satisfied (the function then writes the reply). */
  readonly check?: (c: Client) => boolean;
  timer: NodeJS.Timeout | undefined;
  /** Set when the re-run command blocked again. */
  reblocked: boolean;
  /** Re-run the command even when the key was deleted (XREADGROUP reports it). */
  readonly unblockOnNoKey?: boolean;
  /** Value type the client waits for (with unblockOnNoKey: also woken when the key stops holding it). */
  readonly keyType?: string;
  /** While the command is re-run: the key whose signal woke the client. */
  readyKey: string | undefined;
}

export interface BlockOptions {
  /** Timeout in ms; 0 blocks forever. */
  readonly timeoutMs: number;
  readonly onTimeout: (c: Client) => void;
  /** Re-run the command when a watched key is deleted, not only when it is written. */
  readonly unblockOnNoKey?: boolean;
  /** Value type waited for; with unblockOnNoKey, a key replaced by another type also wakes the client. */
  readonly keyType?: string;
}

/** A command held by CLIENT PAUSE, to be processed again. */
export interface HeldCommand {
  readonly client: Client;
  readonly argv: string[];
}

export class BlockingManager {
  private readonly byKey = new Map<Db, Map<string, Client[]>>();
  private readonly ready: { db: Db; key: string }[] = [];
  private readonly readySet = new Map<Db, Set<string>>();
  private readonly postponed: Client[] = [];
  private readonly custom = new Set<Client>();
  /** Clients blocked on keys (INFO blocked_clients counts every kind). */
  public blockedClients = 0;
  public blockedOnKeys = 0;
  /** Clients blocked with unblockOnNoKey. */
  private wakeOnNoKey = 0;

  /** True when a blocking command may block: not inside MULTI, scripts or EXEC. */
  public canBlock(c: Client): boolean {
    return !(c.flags & (CLIENT.DENY_BLOCKING | CLIENT.MULTI | CLIENT.SCRIPT));
  }

  /**
   * Blocks the current command on keys. Called again while the command is re-run for a ready key,
   * it leaves the client where it is in the queues.
   */
  public blockOnKeys(c: Client, keys: readonly string[], options: BlockOptions): void {
    if (c.blocked && c.flags & CLIENT.REPROCESSING) {
      c.blocked.reblocked = true;
      return;
    }
    const deadline = options.timeoutMs > 0 ? c.server.mstime + options.timeoutMs : 0;
    const state = this.start(c, {
      kind: 'keys',
      db: c.db,
      keys: [...new Set(keys)],
      cmd: c.cmd,
      argv: c.argv,
      deadline,
      onTimeout: options.onTimeout,
      unblockOnNoKey: options.unblockOnNoKey,
      keyType: options.keyType,
    });
    let perKey = this.byKey.get(c.db);
    if (!perKey) this.byKey.set(c.db, (perKey = new Map()));
    for (const key of state.keys) {
      const list = perKey.get(key);
      if (list) list.push(c);
      else perKey.set(key, [c]);
    }
    this.blockedOnKeys++;
    if (state.unblockOnNoKey) this.wakeOnNoKey++;
  }

  /** Blocks until `check` returns true or the timeout fires (WAIT and similar). */
  public blockCustom(c: Client, check: (c: Client) => boolean, options: BlockOptions): void {
    const deadline = options.timeoutMs > 0 ? c.server.mstime + options.timeoutMs : 0;
    this.start(c, { kind: 'custom', db: undefined, keys: [], cmd: c.cmd, argv: c.argv, deadline, onTimeout: options.onTimeout, check });
    this.custom.add(c);
  }

  /** Holds a command while clients are paused; it is processed again when the pause ends. */
  public postpone(c: Client, argv: string[]): void {
    this.start(c, { kind: 'postpone', db: undefined, keys: [], cmd: undefined, argv, deadline: 0, onTimeout: () => {} });
    this.postponed.push(c);
  }

  private start(c: Client, s: Omit<BlockedState, 'timer' | 'reblocked' | 'readyKey'>): BlockedState {
    const state: BlockedState = { ...s, timer: undefined, reblocked: false, readyKey: undefined };
    c.blocked = state;
    c.flags |= CLIENT.BLOCKED;
    this.blockedClients++;
    if (state.deadline > 0) this.armTimer(c, state, Math.max(0, state.deadline - c.server.mstime));
    return state;
  }

  /** Node fires timers longer than 2^31-1 ms at once: long timeouts are waited out in steps. */
  private armTimer(c: Client, state: BlockedState, delay: number): void {
    if (delay > MAX_TIMER_MS) state.timer = setTimeout(() => this.armTimer(c, state, delay - MAX_TIMER_MS), MAX_TIMER_MS);
    else state.timer = setTimeout(() => this.timeout(c), delay);
  }

  /** A write made `key` ready for clients blocked on it (redis signalKeyAsReady). */
  public signalKeyAsReady(db: Db, key: string): void {
    if (this.blockedOnKeys === 0) return;
    if (!this.byKey.get(db)?.has(key)) return;
    let set = this.readySet.get(db);
    if (!set) this.readySet.set(db, (set = new Set()));
    if (set.has(key)) return;
    set.add(key);
    this.ready.push({ db, key });
  }

  /**
   * A key was written, deleted or replaced (redis signalDeletedKeyAsReady): clients blocked on it
   * with unblockOnNoKey are woken when it is gone or no longer holds the type they wait for.
   */
  public signalKeyReplaced(db: Db, key: string): void {
    if (this.wakeOnNoKey === 0) return;
    const list = this.byKey.get(db)?.get(key);
    if (!list) return;
    const value = db.dict.get(key);
    for (const c of list) {
      const state = c.blocked;
      if (state?.unblockOnNoKey && (value === undefined || value.type !== state.keyType)) {
        this.signalKeyAsReady(db, key);
        return;
      }
    }
  }

  /** Signals every key of a database that has blocked clients (after SWAPDB or FLUSHALL). */
  public signalDatabase(db: Db): void {
    const perKey = this.byKey.get(db);
    if (!perKey) return;
    for (const key of perKey.keys()) {
      if (db.dict.has(key)) this.signalKeyAsReady(db, key);
      else this.signalKeyReplaced(db, key);
    }
  }

  public get hasReadyKeys(): boolean {
    return this.ready.length > 0;
  }

  /** Serves clients blocked on the keys signalled so far, in blocking order (redis handleClientsBlockedOnKeys). */
  public handleReadyKeys(): void {
    while (this.ready.length > 0) {
      const batch = this.ready.splice(0, this.ready.length);
      this.readySet.clear();
      for (const { db, key } of batch) {
        const list = this.byKey.get(db)?.get(key);
        if (!list) continue;
        for (const c of [...list]) {
          const state = c.blocked;
          if (!state || state.kind !== 'keys' || state.db !== db) continue;
          // Once the key is gone the next clients cannot be served, unless they asked to hear of it.
          if (!db.dict.has(key) && !state.unblockOnNoKey) continue;
          state.readyKey = key;
          this.rerun(c, state);
        }
      }
    }
  }

  private rerun(c: Client, state: BlockedState): void {
    const server = c.server;
    const savedDb = c.db;
    c.db = state.db ?? c.db;
    state.reblocked = false;
    c.flags |= CLIENT.REPROCESSING;
    server.call(c, state.cmd!, state.argv);
    c.flags &= ~CLIENT.REPROCESSING;
    c.db = savedDb;
    if (!state.reblocked) this.finish(c, true);
  }

  /** Re-checks custom waits (called when their condition may have changed, e.g. replica acks). */
  public checkCustomWaits(): void {
    for (const c of [...this.custom]) {
      const state = c.blocked;
      if (state?.check && state.check(c)) this.finish(c, true);
    }
  }

  private timeout(c: Client): void {
    const state = c.blocked;
    if (!state) return;
    state.timer = undefined;
    c.server.updateTime();
    state.onTimeout(c);
    if (state.cmd) state.cmd.calls++;
    this.finish(c, true);
  }

  /**
   * Unblocks a client (CLIENT UNBLOCK, disconnect, served, timed out). With `resume`, its
   * remaining input is processed on the next turn.
   */
  public finish(c: Client, resume: boolean): void {
    const state = c.blocked;
    if (!state) return;
    if (state.timer) clearTimeout(state.timer);
    c.blocked = undefined;
    c.flags &= ~CLIENT.BLOCKED;
    this.blockedClients--;
    if (state.kind === 'keys') {
      this.blockedOnKeys--;
      if (state.unblockOnNoKey) this.wakeOnNoKey--;
      const perKey = this.byKey.get(state.db!);
      for (const key of state.keys) {
        const list = perKey?.get(key);
        if (!list) continue;
        const i = list.indexOf(c);
        if (i >= 0) list.splice(i, 1);
        if (list.length === 0) perKey!.delete(key);
      }
      if (perKey && perKey.size === 0) this.byKey.delete(state.db!);
    } else if (state.kind === 'custom') {
      this.custom.delete(c);
    } else {
      const i = this.postponed.indexOf(c);
      if (i >= 0) this.postponed.splice(i, 1);
    }
    if (resume && !c.isClosed) {
      c.scheduleFlush();
      c.server.queueUnblocked(c);
    }
  }

  /** CLIENT UNBLOCK: `error` sends -UNBLOCKED, otherwise the timeout reply. False if not unblockable. */
  public unblockByRequest(c: Client, error: boolean): boolean {
    const state = c.blocked;
    if (!state || state.kind === 'postpone') return false;
    if (error) c.out.error('-UNBLOCKED client unblocked via CLIENT UNBLOCK');
    else state.onTimeout(c);
    this.finish(c, true);
    return true;
  }

  /** Releases every postponed client, in order, to run its held command (pause ended). */
  public releasePostponed(): HeldCommand[] {
    const clients = this.postponed.splice(0, this.postponed.length);
    const held: HeldCommand[] = [];
    for (const c of clients) {
      const state = c.blocked!;
      c.blocked = undefined;
      c.flags &= ~CLIENT.BLOCKED;
      this.blockedClients--;
      held.push({ client: c, argv: state.argv });
    }
    return held;
  }

  /** Number of keys with blocked clients (INFO total_blocking_keys). */
  public get blockingKeys(): number {
    let n = 0;
    for (const m of this.byKey.values()) n += m.size;
    return n;
  }

  /** Keys a client waits on that also wake it when deleted (INFO total_blocking_keys_on_nokey). */
  public get blockingKeysOnNoKey(): number {
    if (this.wakeOnNoKey === 0) return 0;
    let n = 0;
    for (const m of this.byKey.values()) {
      for (const clients of m.values()) if (clients.some((c) => c.blocked?.unblockOnNoKey)) n++;
    }
    return n;
  }
}

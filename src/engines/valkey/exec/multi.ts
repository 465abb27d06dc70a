/**
 * Transactions: the MULTI queue, WATCHed keys and EXEC, with redis' abort rules: a queueing error
 * makes EXEC answer EXECABORT; a watched key modified, flushed, swapped away or expired since WATCH
 * makes EXEC answer a null array.
 */
import type { Db } from '../keyspace/db';
import { CLIENT, Client } from '../server/client';
import type { Command } from '../table/command';
import { ERR } from '../util/errors';

export interface QueuedCommand {
  readonly cmd: Command;
  readonly argv: string[];
}

export interface MultiState {
  readonly commands: QueuedCommand[];
  /** OR of the queued commands' flags (EXEC inherits write/denyoom… from them). */
  flags: number;
}

export interface WatchedKey {
  readonly db: Db;
  readonly key: string;
  /** The key was already expired when watched (its later deletion does not abort; cleared by it). */
  expiredAtWatch: boolean;
}

/** Who watches which key, per database. */
export class WatchRegistry {
  private readonly byDb = new Map<Db, Map<string, Set<Client>>>();

  public get size(): number {
    let n = 0;
    for (const m of this.byDb.values()) n += m.size;
    return n;
  }

  public watch(c: Client, db: Db, key: string): void {
    if (c.watched.some((w) => w.db === db && w.key === key)) return;
    let keys = this.byDb.get(db);
    if (!keys) this.byDb.set(db, (keys = new Map()));
    let clients = keys.get(key);
    if (!clients) keys.set(key, (clients = new Set()));
    clients.add(c);
    c.watched.push({ db, key, expiredAtWatch: db.dict.has(key) && db.isExpired(key) });
  }

  public unwatchAll(c: Client): void {
    for (const w of c.watched) {
      const keys = this.byDb.get(w.db);
      const clients = keys?.get(w.key);
      if (!clients) continue;
      clients.delete(c);
      if (clients.size === 0) keys!.delete(w.key);
      if (keys!.size === 0) this.byDb.delete(w.db);
    }
    c.watched = [];
  }

  /** A key changed (redis touchWatchedKey): every watcher's EXEC will fail. */
  public touch(db: Db, key: string): void {
    if (this.byDb.size === 0) return;
    const clients = this.byDb.get(db)?.get(key);
    if (!clients) return;
    for (const c of clients) {
      // redis touchWatchedKey: deleting a key that was already expired at WATCH is no change.
      const w = c.watched.find((x) => x.expiredAtWatch && x.db === db && x.key === key);
      if (w && !db.dict.has(key)) {
        w.expiredAtWatch = false;
        continue;
      }
      c.flags |= CLIENT.DIRTY_CAS;
    }
  }

  /**
   * A database was flushed or swapped (redis touchAllWatchedKeysInDb): watchers of keys that
   * existed in `emptied` (or exist in `other`, after a swap) are dirtied.
   */
  public touchAllInDb(emptied: Db, other?: Db): void {
    const keys = this.byDb.get(emptied);
    if (!keys) return;
    for (const [key, clients] of keys) {
      const existed = emptied.dict.has(key) || (other !== undefined && other.dict.has(key));
      if (!existed) continue;
      for (const c of clients) c.flags |= CLIENT.DIRTY_CAS;
    }
  }

  /** True when a watched key, alive at WATCH time, has expired since (redis isWatchedKeyExpired). */
  public watchedKeyExpired(c: Client): boolean {
    return c.watched.some((w) => !w.expiredAtWatch && w.db.dict.has(w.key) && w.db.isExpired(w.key));
  }
}

/** Queues a command inside MULTI (the caller replies +QUEUED). */
export function queueCommand(c: Client, cmd: Command, argv: string[]): void {
  // An aborted transaction keeps answering QUEUED but stores nothing, as redis does.
  if (c.flags & (CLIENT.DIRTY_CAS | CLIENT.DIRTY_EXEC)) return;
  c.multi!.commands.push({ cmd, argv });
  c.multi!.flags |= cmd.flags;
}

/** Leaves MULTI state and unwatches everything (redis discardTransaction). */
export function discardTransaction(c: Client): void {
  c.multi = undefined;
  c.flags &= ~(CLIENT.MULTI | CLIENT.DIRTY_CAS | CLIENT.DIRTY_EXEC);
  c.server.watches.unwatchAll(c);
}

/** Marks the transaction as failed because a command was rejected while queueing. */
export function flagTransaction(c: Client): void {
  if (c.flags & CLIENT.MULTI) c.flags |= CLIENT.DIRTY_EXEC;
}

/** EXEC (redis execCommand). */
export function execTransaction(c: Client): void {
  if (!(c.flags & CLIENT.MULTI)) {
    c.out.error('EXEC without MULTI');
    return;
  }
  const server = c.server;
  if (server.watches.watchedKeyExpired(c)) c.flags |= CLIENT.DIRTY_CAS;
  if (c.flags & (CLIENT.DIRTY_CAS | CLIENT.DIRTY_EXEC)) {
    if (c.flags & CLIENT.DIRTY_EXEC) c.out.error(ERR.EXECABORT);
    else c.out.nullArray();
    discardTransaction(c);
    return;
  }
  const commands = c.multi!.commands;
  const hadDenyBlocking = (c.flags & CLIENT.DENY_BLOCKING) !== 0;
  c.flags |= CLIENT.DENY_BLOCKING | CLIENT.EXECUTING;
  server.watches.unwatchAll(c);
  const origCmd = c.cmd;
  const origArgv = c.argv;
  c.out.arrayHeader(commands.length);
  for (const q of commands) {
    const denied = server.hooks.checkPermission?.(c, q.cmd, q.argv, true);
    if (denied) {
      c.out.error(denied);
      continue;
    }
    server.call(c, q.cmd, q.argv);
  }
  if (!hadDenyBlocking) c.flags &= ~CLIENT.DENY_BLOCKING;
  c.flags &= ~CLIENT.EXECUTING;
  c.cmd = origCmd;
  c.argv = origArgv;
  discardTransaction(c);
}

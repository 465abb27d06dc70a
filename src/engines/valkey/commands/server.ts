/** Server commands on whole databases: DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, TIME, LASTSAVE, MONITOR. */
import { performance } from 'perf_hooks';
import { is } from './args';
import type { Db } from '../keyspace/db';
import { CLIENT, Client } from '../server/client';
import type { ValkeyServer } from '../server/server';
import type { CommandDef } from '../table/command';
import { ERR } from '../util/errors';
import { parseInt64 } from '../util/numbers';

/** Empties one database, dirtying watchers of its keys (redis emptyData + signalFlushedDb). */
export function flushDatabase(server: ValkeyServer, db: Db): number {
  server.watches.touchAllInDb(db);
  return db.flush();
}

/** Tells the flush listeners (client tracking sends one null invalidation) what was emptied. */
function signalFlushed(server: ValkeyServer, db: Db | undefined): void {
  for (const h of server.hooks.flushed) h(db);
}

/** FLUSHDB/FLUSHALL option: SYNC, ASYNC, or the lazyfree-lazy-user-flush default. */
function flushFlagsOk(c: Client, argv: string[]): boolean {
  if (argv.length === 2 && !is(argv[1], 'sync') && !is(argv[1], 'async')) {
    c.out.error(ERR.SYNTAX);
    return false;
  }
  if (argv.length > 2) {
    c.out.error(ERR.SYNTAX);
    return false;
  }
  return true;
}

function flushdb(c: Client, argv: string[]): void {
  if (!flushFlagsOk(c, argv)) return;
  c.server.dirty += flushDatabase(c.server, c.db);
  signalFlushed(c.server, c.db);
  // Replicas must flush too even when nothing was there.
  c.forcePropagation = true;
  c.out.ok();
}

function flushall(c: Client, argv: string[]): void {
  if (!flushFlagsOk(c, argv)) return;
  const server = c.server;
  for (const db of server.dbs) server.dirty += flushDatabase(server, db);
  signalFlushed(server, undefined);
  server.dirty++;
  server.resetEvictionPool();
  c.forcePropagation = true;
  c.out.ok();
}

function dbsize(c: Client): void {
  c.out.integer(c.db.size);
}

function dbIndexArg(c: Client, s: string, message: string): number | undefined {
  const n = parseInt64(s);
  if (n === undefined || n < -2147483648 || n > 2147483647) {
    c.out.error(message);
    return undefined;
  }
  return n;
}

function swapdb(c: Client, argv: string[]): void {
  const server = c.server;
  if (server.config.bool('cluster-enabled')) {
    c.out.error('SWAPDB is not allowed in cluster mode');
    return;
  }
  const id1 = dbIndexArg(c, argv[1], 'invalid first DB index');
  if (id1 === undefined) return;
  const id2 = dbIndexArg(c, argv[2], 'invalid second DB index');
  if (id2 === undefined) return;
  const n = server.dbs.length;
  if (id1 < 0 || id1 >= n || id2 < 0 || id2 >= n) {
    c.out.error(ERR.INVALID_DB);
    return;
  }
  if (id1 !== id2) {
    const a = server.dbs[id1];
    const b = server.dbs[id2];
    server.watches.touchAllInDb(a, b);
    server.watches.touchAllInDb(b, a);
    a.swapWith(b);
    server.resetEvictionPool();
    server.blocking.signalDatabase(a);
    server.blocking.signalDatabase(b);
  }
  server.dirty++;
  c.out.ok();
}

function time(c: Client): void {
  const t = performance.timeOrigin + performance.now();
  const secs = Math.floor(t / 1000);
  c.out.arrayHeader(2);
  c.out.bulk(String(secs));
  c.out.bulk(String(Math.min(999999, Math.floor((t - secs * 1000) * 1000))));
}

function lastsave(c: Client): void {
  c.out.integer(Math.floor(c.server.lastSave / 1000));
}

function monitor(c: Client): void {
  // Inside EXEC or a script a client must get one reply per command.
  if (c.flags & CLIENT.DENY_BLOCKING) {
    c.out.error("MONITOR isn't allowed for DENY BLOCKING client");
    return;
  }
  // A client already in MONITOR mode, or a replica, ignores the command.
  if (c.flags & (CLIENT.MONITOR | CLIENT.REPLICA)) return;
  c.flags |= CLIENT.MONITOR;
  c.server.monitors.add(c);
  c.out.ok();
}

export const SERVER_COMMANDS: CommandDef[] = [
  { name: 'dbsize', handler: dbsize },
  { name: 'flushdb', handler: flushdb },
  { name: 'flushall', handler: flushall },
  { name: 'swapdb', handler: swapdb },
  { name: 'time', handler: time },
  { name: 'lastsave', handler: lastsave },
  { name: 'monitor', handler: monitor },
];

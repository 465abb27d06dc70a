/**
 * DUMP, RESTORE and RESTORE-ASKING: values serialized in the RDB format redis-server uses, so
 * payloads move between this engine and redis-server in both directions (cluster.c's dumpCommand
 * and restoreCommand: option parsing, checks and replies in redis' order, TTL propagated as an
 * absolute time with ABSTTL).
 */
import { is } from './args';
import { expireAt } from '../keyspace/expire-at';
import type { StoredValue } from '../keyspace/values';
import { setAccessData } from '../persistence/rdb/access-data';
import { rdbVersionFor } from '../persistence/rdb/constants';
import { createDumpPayload, loadDumpPayload, verifyDumpPayload } from '../persistence/rdb/dump-payload';
import { loadContextOf, saveContextOf } from '../persistence/rdb/objects';
import { RdbFormatError } from '../persistence/rdb/rdb-reader';
import type { Client } from '../server/client';
import { NOTIFY } from '../server/notify-flags';
import type { CommandDef } from '../table/command';
import { ERR } from '../util/errors';
import { parseInt64, parseInt64Big } from '../util/numbers';

const BUSYKEY = '-BUSYKEY Target key name already exists.';

function dump(c: Client, argv: string[]): void {
  const value = c.db.lookupRead(argv[1]);
  if (value === undefined) {
    c.out.null();
    return;
  }
  const server = c.server;
  c.out.bulk(createDumpPayload(value, saveContextOf(server), server.config.bool('rdbcompression')).toString('latin1'));
}

/** A long long option value, or undefined after replying the error. */
function longLongArg(c: Client, s: string): number | undefined {
  const n = parseInt64(s);
  if (n === undefined) c.out.error(ERR.NOT_INTEGER);
  return n;
}

function restore(c: Client, argv: string[]): void {
  let replace = false;
  let absttl = false;
  let freq = -1;
  let idle = -1;
  for (let j = 4; j < argv.length; j++) {
    const more = argv.length - j - 1;
    if (is(argv[j], 'replace')) {
      replace = true;
    } else if (is(argv[j], 'absttl')) {
      absttl = true;
    } else if (is(argv[j], 'idletime') && more >= 1 && freq === -1) {
      const v = longLongArg(c, argv[j + 1]);
      if (v === undefined) return;
      if (v < 0) return c.out.error('Invalid IDLETIME value, must be >= 0');
      idle = v;
      j++;
    } else if (is(argv[j], 'freq') && more >= 1 && idle === -1) {
      const v = longLongArg(c, argv[j + 1]);
      if (v === undefined) return;
      if (v < 0 || v > 255) return c.out.error('Invalid FREQ value, must be >= 0 and <= 255');
      freq = v;
      j++;
    } else {
      return c.out.error(ERR.SYNTAX);
    }
  }
  const key = argv[1];
  const db = c.db;
  const server = c.server;
  if (!replace && db.lookupWrite(key) !== undefined) return c.out.error(BUSYKEY);
  const ttlArg = parseInt64Big(argv[2]);
  if (ttlArg === undefined) return c.out.error(ERR.NOT_INTEGER);
  if (ttlArg < 0n) return c.out.error('Invalid TTL value, must be >= 0');
  const payload = Buffer.from(argv[3], 'latin1');
  const serverRdb = rdbVersionFor(server.version);
  const version = verifyDumpPayload(payload, serverRdb);
  if (version === undefined) return c.out.error('DUMP payload version or checksum are wrong');
  let value: StoredValue | undefined;
  try {
    value = loadDumpPayload(payload, loadContextOf(server, version));
  } catch (e) {
    if (!(e instanceof RdbFormatError)) throw e;
    value = undefined;
  }
  if (value === undefined) return c.out.error('Bad data format');

  // redis deletes whatever is stored, even a key whose TTL has just passed (dbDelete).
  const deleted = replace && db.delete(key);
  // A relative TTL is made absolute in 64-bit arithmetic: an overflow wraps into the past.
  const when = ttlArg && !absttl ? BigInt.asIntN(64, ttlArg + BigInt(server.mstime)) : ttlArg;
  const ttl = expireAt(when);
  if (when !== 0n && ttl <= server.mstime && !server.isReplica) {
    // Already expired: nothing is created; a replaced key is simply deleted.
    if (deleted) {
      c.propagateArgv = [server.config.bool('lazyfree-lazy-server-del') ? 'UNLINK' : 'DEL', key];
      server.signalModifiedKey(db, key);
      server.notifyKeyspaceEvent(NOTIFY.GENERIC, 'del', key, db.id);
      server.dirty++;
    }
    c.out.ok();
    return;
  }
  db.add(key, value);
  if (when !== 0n) {
    db.setExpire(key, ttl);
    if (!absttl) c.propagateArgv = [...argv.slice(0, 2), when.toString(), ...argv.slice(3), 'ABSTTL'];
  }
  setAccessData(server, value, freq, idle);
  server.signalModifiedKey(db, key);
  server.notifyKeyspaceEvent(NOTIFY.GENERIC, 'restore', key, db.id);
  c.out.ok();
  server.dirty++;
}

export const DUMP_COMMANDS: CommandDef[] = [
  { name: 'dump', handler: dump },
  { name: 'restore', handler: restore },
  { name: 'restore-asking', handler: restore },
];

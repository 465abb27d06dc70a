/**
 * Whole RDB files (redis rdbSaveRio / rdbLoadRio): the `REDIS00NN` header, AUX fields, function
 * libraries, every database as SELECTDB + RESIZEDB + key records (expire time, LRU/LFU data, type,
 * key, value), EOF and the CRC64 of the file. The simulator uses these for snapshots and to move
 * data to and from a real redis-server; SAVE, BGSAVE and DEBUG RELOAD use them too.
 */
import { frequency, idleSeconds, lfuPolicy, lruPolicy, setAccessData } from './access-data';
import { rdbVersionFor, RDB_OPCODE } from './constants';
import { loadContextOf, objectType, readObjectBody, saveContextOf, writeObjectBody } from './objects';
import { RdbFormatError, RdbReader } from './rdb-reader';
import { RdbWriter } from './rdb-writer';
import type { ExpireAt } from '../../keyspace/expire-at';
import type { StoredValue } from '../../keyspace/values';
import { scriptingOf } from '../../scripting/eval-scripts';
import type { ValkeyServer } from '../../server/server';
import { crc64 } from '../../util/crc64';

/** Replication details recorded in AUX fields when the file seeds a replica. */
export interface RdbReplicationInfo {
  readonly streamDb: number;
  readonly replId: string;
  readonly offset: number;
}

export interface WriteRdbOptions {
  /** Adds repl-stream-db, repl-id and repl-offset (a primary's file for its replicas). */
  readonly replication?: RdbReplicationInfo;
}

/** The server's whole dataset (all databases and function libraries) as an RDB file. */
export function writeRdb(server: ValkeyServer, options: WriteRdbOptions = {}): Buffer {
  const ctx = saveContextOf(server);
  const w = new RdbWriter(server.config.bool('rdbcompression'), 64 * 1024);
  w.latin1(`REDIS${String(ctx.rdbVersion).padStart(4, '0')}`);
  const aux = (key: string, value: string): void => {
    w.byte(RDB_OPCODE.AUX);
    w.string(key);
    w.string(value);
  };
  aux('redis-ver', server.version);
  aux('redis-bits', '64');
  aux('ctime', String(Math.floor(server.mstime / 1000)));
  aux('used-mem', String(server.usedMemory()));
  if (options.replication) {
    aux('repl-stream-db', String(options.replication.streamDb));
    aux('repl-id', options.replication.replId);
    aux('repl-offset', String(options.replication.offset));
  }
  aux('aof-base', '0');
  for (const lib of scriptingOf(server).functions.libraries.values()) {
    w.byte(RDB_OPCODE.FUNCTION2);
    w.string(lib.code);
  }
  const saveIdle = lruPolicy(server);
  const saveFreq = lfuPolicy(server);
  for (const db of server.dbs) {
    if (db.size === 0) continue;
    w.byte(RDB_OPCODE.SELECTDB);
    w.len(db.id);
    w.byte(RDB_OPCODE.RESIZEDB);
    w.len(db.size);
    w.len(db.expires.size);
    for (const [key, value] of db.dict) {
      const expire = db.expires.get(key);
      if (expire !== undefined) {
        w.byte(RDB_OPCODE.EXPIRETIME_MS);
        w.millis(expire);
      }
      if (saveIdle) {
        w.byte(RDB_OPCODE.IDLE);
        w.len(idleSeconds(server, value));
      }
      if (saveFreq) {
        w.byte(RDB_OPCODE.FREQ);
        w.byte(frequency(server, value));
      }
      w.byte(objectType(value, ctx));
      w.string(key);
      writeObjectBody(w, value, ctx);
    }
  }
  w.byte(RDB_OPCODE.EOF);
  w.uint64LE(server.config.bool('rdbchecksum') ? crc64(w.view()) : 0n);
  return w.toBuffer();
}

/** Why a file could not be loaded (the message redis would log). */
export class RdbLoadError extends Error {}

export interface LoadRdbOptions {
  /** Empty every database (and the function libraries) first. Default true. */
  readonly flush?: boolean;
  /** A key already present is replaced instead of failing the load (DEBUG RELOAD MERGE). */
  readonly allowDuplicates?: boolean;
  /** Load keys whose expire time has passed (replicas keep them for their primary). Default: the server is a replica. */
  readonly keepExpired?: boolean;
}

export interface LoadRdbResult {
  readonly rdbVersion: number;
  readonly keysLoaded: number;
  readonly keysExpired: number;
  readonly emptyKeysSkipped: number;
  /** AUX fields of the file (redis-ver, ctime, repl-id…). */
  readonly aux: ReadonlyMap<string, string>;
}

interface StagedKey {
  readonly db: number;
  readonly key: string;
  readonly value: StoredValue;
  readonly expire: ExpireAt;
  readonly freq: number;
  readonly idle: number;
}

interface ParsedFile {
  readonly rdbVersion: number;
  readonly keys: StagedKey[];
  readonly functions: string[];
  readonly aux: Map<string, string>;
  readonly emptyKeysSkipped: number;
}

function parseFile(server: ValkeyServer, buf: Buffer): ParsedFile {
  if (buf.length < 9 || buf.toString('latin1', 0, 5) !== 'REDIS') throw new RdbLoadError('Wrong signature trying to load DB from file');
  const rdbVersion = Number(buf.toString('latin1', 5, 9));
  if (!Number.isInteger(rdbVersion) || rdbVersion < 1 || rdbVersion > rdbVersionFor(server.version)) {
    throw new RdbLoadError(`Can't handle RDB format version ${buf.toString('latin1', 5, 9)}`);
  }
  const ctx = loadContextOf(server, rdbVersion);
  const r = new RdbReader(buf, 9);
  const keys: StagedKey[] = [];
  const functions: string[] = [];
  const aux = new Map<string, string>();
  let emptyKeysSkipped = 0;
  let dbid = 0;
  let expire: ExpireAt = -1;
  let freq = -1;
  let idle = -1;
  for (;;) {
    const type = r.byte();
    if (type === RDB_OPCODE.EXPIRETIME) {
      expire = r.seconds32() * 1000;
      continue;
    }
    if (type === RDB_OPCODE.EXPIRETIME_MS) {
      expire = r.millis();
      continue;
    }
    if (type === RDB_OPCODE.FREQ) {
      freq = r.byte();
      continue;
    }
    if (type === RDB_OPCODE.IDLE) {
      idle = r.len();
      continue;
    }
    if (type === RDB_OPCODE.EOF) break;
    if (type === RDB_OPCODE.SELECTDB) {
      dbid = r.len();
      if (dbid >= server.dbs.length) {
        throw new RdbLoadError(`FATAL: Data file was created with a Redis server configured to handle more than ${server.dbs.length} databases.`);
      }
      continue;
    }
    if (type === RDB_OPCODE.RESIZEDB) {
      r.len();
      r.len();
      continue;
    }
    if (type === RDB_OPCODE.AUX) {
      aux.set(r.string(), r.string());
      continue;
    }
    if (type === RDB_OPCODE.MODULE_AUX) throw new RdbLoadError('The RDB file contains AUX module data I can\'t load: no modules here');
    if (type === RDB_OPCODE.FUNCTION2) {
      functions.push(r.string());
      continue;
    }
    if (type === RDB_OPCODE.FUNCTION_PRE_GA) {
      // 7.0 release candidates: name, engine, optional description, then the code.
      const name = r.string();
      const engine = r.string();
      if (r.len()) r.string();
      functions.push(`#!${engine} name=${name}\n${r.string()}`);
      continue;
    }
    const key = r.string();
    const value = readObjectBody(type, r, ctx);
    if (value === undefined) emptyKeysSkipped++;
    else keys.push({ db: dbid, key, value, expire, freq, idle });
    expire = -1;
    freq = -1;
    idle = -1;
  }
  if (rdbVersion >= 5) {
    const stored = r.bytes(8).readBigUInt64LE(0);
    if (stored !== 0n && server.config.bool('rdbchecksum') && stored !== crc64(buf.subarray(0, r.pos - 8))) {
      throw new RdbLoadError('Wrong RDB checksum');
    }
  }
  return { rdbVersion, keys, functions, aux, emptyKeysSkipped };
}

/**
 * Loads an RDB file into the server (rdbLoad). The whole file is parsed and checked first, so a
 * corrupt file changes nothing; then the data replaces (or, without `flush`, joins) what is there.
 * Throws RdbLoadError when the file cannot be loaded.
 */
export function loadRdb(server: ValkeyServer, buf: Buffer, options: LoadRdbOptions = {}): LoadRdbResult {
  let parsed: ParsedFile;
  try {
    parsed = parseFile(server, buf);
  } catch (e) {
    if (e instanceof RdbFormatError) throw new RdbLoadError(`Short read or corrupt RDB: ${e.message}`);
    throw e;
  }
  const flush = options.flush ?? true;
  const keepExpired = options.keepExpired ?? server.isReplica;
  if (!flush && !options.allowDuplicates) {
    for (const k of parsed.keys) {
      if (server.dbs[k.db].dict.has(k.key)) throw new RdbLoadError(`RDB has duplicated key '${k.key}' in DB ${k.db}`);
    }
  }
  const seen = new Set<string>();
  for (const k of parsed.keys) {
    const id = `${k.db}:${k.key}`;
    if (seen.has(id) && !options.allowDuplicates) throw new RdbLoadError(`RDB has duplicated key '${k.key}' in DB ${k.db}`);
    seen.add(id);
  }
  const functions = scriptingOf(server).functions;
  if (parsed.functions.length > 0 || flush) {
    const error = functions.restore(parsed.functions, flush ? 'flush' : options.allowDuplicates ? 'replace' : 'append');
    if (error !== undefined) throw new RdbLoadError(`Failed loading library, ${error}`);
  }
  if (flush) {
    for (const db of server.dbs) {
      server.watches.touchAllInDb(db);
      db.flush();
    }
    for (const h of server.hooks.flushed) h(undefined);
    server.resetEvictionPool();
  }
  let loaded = 0;
  let expired = 0;
  const now = server.mstime;
  for (const k of parsed.keys) {
    if (!keepExpired && k.expire !== -1 && k.expire < now) {
      expired++;
      continue;
    }
    const db = server.dbs[k.db];
    if (db.dict.has(k.key)) {
      db.delete(k.key);
      server.signalModifiedKey(db, k.key);
    }
    db.add(k.key, k.value);
    if (k.expire !== -1) db.setExpire(k.key, k.expire);
    setAccessData(server, k.value, k.freq, k.idle);
    loaded++;
  }
  return { rdbVersion: parsed.rdbVersion, keysLoaded: loaded, keysExpired: expired, emptyKeysSkipped: parsed.emptyKeysSkipped, aux: parsed.aux };
}

/**
 * Keyspace commands: DEL, UNLINK, EXISTS, TYPE, RENAME, RENAMENX, COPY, MOVE, EXPIRE/PEXPIRE/
 * EXPIREAT/PEXPIREAT (NX|XX|GT|LT), PERSIST, TTL/PTTL/EXPIRETIME/PEXPIRETIME, KEYS, SCAN, RANDOMKEY,
 * TOUCH, OBJECT, WAIT. Also the SCAN option parser the HSCAN/SSCAN/ZSCAN families reuse.
 */
import { int32Arg, intArg, is, replyHelp, timeoutMsArg } from './args';
import { DeferredKind } from '../../resp/reply-writer';
import { Db, LOOKUP } from '../keyspace/db';
import { ExpireAt, expireAt, msUntil } from '../keyspace/expire-at';
import { estimateIdleTime, lfuDecrAndReturn } from '../keyspace/lru';
import { cursorParserFor } from '../keyspace/scan-cursor';
import { StringValue, StoredValue } from '../keyspace/values';
import { CLIENT, Client } from '../server/client';
import { NOTIFY } from '../server/notify-flags';
import type { CommandDef } from '../table/command';
import type { CommandSpecData } from '../table/spec-data';
import { ERR } from '../util/errors';
import { globMatch } from '../util/glob';
import { LLONG_MAX, LLONG_MIN, parseInt64, parseInt64Big } from '../util/numbers';

// ---- deletion and existence ----------------------------------------------------------------------

/** DEL and UNLINK: the same here, as memory is reclaimed by the garbage collector either way. */
function delGeneric(c: Client, argv: string[]): void {
  const db = c.db;
  const server = c.server;
  let deleted = 0;
  for (let j = 1; j < argv.length; j++) {
    const key = argv[j];
    db.expireIfNeeded(key);
    if (db.delete(key)) {
      server.signalModifiedKey(db, key);
      server.notifyKeyspaceEvent(NOTIFY.GENERIC, 'del', key, db.id);
      server.dirty++;
      deleted++;
    }
  }
  c.out.integer(deleted);
}

function exists(c: Client, argv: string[]): void {
  let count = 0;
  for (let j = 1; j < argv.length; j++) if (c.db.lookupRead(argv[j], LOOKUP.NOTOUCH) !== undefined) count++;
  c.out.integer(count);
}

function type(c: Client, argv: string[]): void {
  const v = c.db.lookupRead(argv[1], LOOKUP.NOTOUCH);
  c.out.status(v === undefined ? 'none' : v.type);
}

function touch(c: Client, argv: string[]): void {
  let count = 0;
  for (let j = 1; j < argv.length; j++) if (c.db.lookupRead(argv[j]) !== undefined) count++;
  c.out.integer(count);
}

// ---- moving keys -----------------------------------------------------------------------------------

/**
 * Moves a value to another key or database with its TTL and access data (RENAME and MOVE move the
 * same object), signalling both keys and firing `<event>_from` / `<event>_to`.
 */
function relocate(c: Client, from: { db: Db; key: string }, to: { db: Db; key: string }, value: StoredValue, expire: ExpireAt, event: string): void {
  const server = c.server;
  from.db.delete(from.key);
  const lru = value.lru;
  to.db.add(to.key, value);
  // redis keeps the value's access data; Valkey 8 builds a new object for the new key (its
  // objects embed their key), which starts afresh (LFU counter 5, LRU now).
  if (!server.isValkey8) value.lru = lru;
  if (expire !== -1) to.db.setExpire(to.key, expire);
  server.signalModifiedKey(from.db, from.key);
  server.signalModifiedKey(to.db, to.key);
  server.notifyKeyspaceEvent(NOTIFY.GENERIC, `${event}_from`, from.key, from.db.id);
  server.notifyKeyspaceEvent(NOTIFY.GENERIC, `${event}_to`, to.key, to.db.id);
  server.dirty++;
}

function renameGeneric(c: Client, argv: string[], nx: boolean): void {
  const [, from, to] = argv;
  const db = c.db;
  const value = db.lookupWrite(from);
  if (value === undefined) {
    c.out.error(ERR.NO_SUCH_KEY);
    return;
  }
  if (from === to) {
    if (nx) c.out.integer(0);
    else c.out.ok();
    return;
  }
  const expire = db.getExpire(from);
  if (db.lookupWrite(to) !== undefined) {
    if (nx) {
      c.out.integer(0);
      return;
    }
    db.delete(to);
  }
  relocate(c, { db, key: from }, { db, key: to }, value, expire, 'rename');
  if (nx) c.out.integer(1);
  else c.out.ok();
}

function move(c: Client, argv: string[]): void {
  const server = c.server;
  if (server.config.bool('cluster-enabled')) {
    c.out.error('MOVE is not allowed in cluster mode');
    return;
  }
  const dbid = int32Arg(c, argv[2]);
  if (dbid === undefined) return;
  if (dbid < 0 || dbid >= server.dbs.length) {
    c.out.error(ERR.INVALID_DB);
    return;
  }
  const src = c.db;
  const dst = server.dbs[dbid];
  if (src === dst) {
    c.out.error(ERR.SAME_OBJECT);
    return;
  }
  const key = argv[1];
  const value = src.lookupWrite(key);
  if (value === undefined) {
    c.out.integer(0);
    return;
  }
  const expire = src.getExpire(key);
  if (dst.lookupWrite(key) !== undefined) {
    c.out.integer(0);
    return;
  }
  relocate(c, { db: src, key }, { db: dst, key }, value, expire, 'move');
  c.out.integer(1);
}

function copy(c: Client, argv: string[]): void {
  const server = c.server;
  const src = c.db;
  let dst = c.db;
  let replace = false;
  for (let j = 3; j < argv.length; j++) {
    const more = argv.length - j - 1;
    if (is(argv[j], 'replace')) {
      replace = true;
    } else if (is(argv[j], 'db') && more >= 1) {
      const dbid = int32Arg(c, argv[j + 1]);
      if (dbid === undefined) return;
      if (dbid < 0 || dbid >= server.dbs.length) {
        c.out.error(ERR.INVALID_DB);
        return;
      }
      dst = server.dbs[dbid];
      j++;
    } else {
      c.out.error(ERR.SYNTAX);
      return;
    }
  }
  if (server.config.bool('cluster-enabled') && (src.id !== 0 || dst.id !== 0)) {
    c.out.error('Copying to another database is not allowed in cluster mode');
    return;
  }
  const [, key, newKey] = argv;
  if (src === dst && key === newKey) {
    c.out.error(ERR.SAME_OBJECT);
    return;
  }
  const value = src.lookupRead(key);
  if (value === undefined) {
    c.out.integer(0);
    return;
  }
  const expire = src.getExpire(key);
  let remove = false;
  if (dst.lookupWrite(newKey) !== undefined) {
    if (!replace) {
      c.out.integer(0);
      return;
    }
    remove = true;
  }
  const dup = value.clone();
  if (remove) dst.delete(newKey);
  dst.add(newKey, dup);
  if (expire !== -1) dst.setExpire(newKey, expire);
  server.signalModifiedKey(dst, newKey);
  server.notifyKeyspaceEvent(NOTIFY.GENERIC, 'copy_to', newKey, dst.id);
  server.dirty++;
  c.out.integer(1);
}

// ---- expiry -------------------------------------------------------------------------------------------

const EXP_NX = 1;
const EXP_XX = 2;
const EXP_GT = 4;
const EXP_LT = 8;

function parseExpireFlags(c: Client, argv: string[]): number | undefined {
  let flags = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j];
    if (is(opt, 'nx')) {
      flags |= EXP_NX;
    } else if (is(opt, 'xx')) {
      flags |= EXP_XX;
    } else if (is(opt, 'gt')) {
      flags |= EXP_GT;
    } else if (is(opt, 'lt')) {
      flags |= EXP_LT;
    } else {
      c.out.error(`Unsupported option ${opt}`);
      return undefined;
    }
  }
  if (flags & EXP_NX && flags & (EXP_XX | EXP_GT | EXP_LT)) {
    c.out.error('NX and XX, GT or LT options at the same time are not compatible');
    return undefined;
  }
  if (flags & EXP_GT && flags & EXP_LT) {
    c.out.error('GT and LT options at the same time are not compatible');
    return undefined;
  }
  return flags;
}

/** redis expireGenericCommand: `relative` adds the command time; `seconds` scales the argument. */
function expireGeneric(c: Client, argv: string[], relative: boolean, seconds: boolean): void {
  const flags = parseExpireFlags(c, argv);
  if (flags === undefined) return;
  const parsed = parseInt64Big(argv[2]);
  if (parsed === undefined) {
    c.out.error(ERR.NOT_INTEGER);
    return;
  }
  const server = c.server;
  const invalid = () => c.out.error(`invalid expire time in '${c.cmd!.fullName}' command`);
  let when = parsed;
  if (seconds) {
    if (when > LLONG_MAX / 1000n || when < LLONG_MIN / 1000n) {
      invalid();
      return;
    }
    when *= 1000n;
  }
  const base = relative ? BigInt(server.mstime) : 0n;
  if (when > LLONG_MAX - base) {
    invalid();
    return;
  }
  when += base;
  const key = argv[1];
  const db = c.db;
  if (db.lookupWrite(key) === undefined) {
    c.out.integer(0);
    return;
  }
  const whenMs = expireAt(when);
  if (flags) {
    const current = db.getExpire(key);
    if (flags & EXP_NX && current !== -1) return c.out.integer(0);
    if (flags & EXP_XX && current === -1) return c.out.integer(0);
    if (flags & EXP_GT && (whenMs <= current || current === -1)) return c.out.integer(0);
    if (flags & EXP_LT && current !== -1 && whenMs >= current) return c.out.integer(0);
  }
  if (whenMs <= server.mstime && !server.isReplica) {
    db.delete(key);
    server.dirty++;
    c.propagateArgv = [server.config.bool('lazyfree-lazy-expire') ? 'UNLINK' : 'DEL', key];
    server.signalModifiedKey(db, key);
    server.notifyKeyspaceEvent(NOTIFY.GENERIC, 'del', key, db.id);
    c.out.integer(1);
    return;
  }
  db.setExpire(key, whenMs);
  c.out.integer(1);
  // Replicas get an absolute PEXPIREAT, with the options as given.
  const propagated = argv.slice();
  propagated[0] = c.cmd!.fullName === 'pexpireat' ? argv[0] : 'PEXPIREAT';
  if (relative || seconds) propagated[2] = when.toString();
  c.propagateArgv = propagated;
  server.signalModifiedKey(db, key);
  server.notifyKeyspaceEvent(NOTIFY.GENERIC, 'expire', key, db.id);
  server.dirty++;
}

function persist(c: Client, argv: string[]): void {
  const db = c.db;
  const key = argv[1];
  if (db.lookupWrite(key) !== undefined && db.removeExpire(key)) {
    c.server.signalModifiedKey(db, key);
    c.server.notifyKeyspaceEvent(NOTIFY.GENERIC, 'persist', key, db.id);
    c.server.dirty++;
    c.out.integer(1);
  } else {
    c.out.integer(0);
  }
}

function ttlGeneric(c: Client, argv: string[], ms: boolean, absolute: boolean): void {
  const db = c.db;
  if (db.lookupRead(argv[1], LOOKUP.NOTOUCH) === undefined) {
    c.out.integer(-2);
    return;
  }
  const expire = db.getExpire(argv[1]);
  if (expire === -1) {
    c.out.integer(-1);
    return;
  }
  const ttl = absolute ? expire : msUntil(expire, c.server.mstime);
  if (typeof ttl === 'bigint') {
    // Beyond 2^53 ms: exact, as redis' long long division (times are positive here).
    c.out.integer(ms ? ttl : (ttl + 500n) / 1000n);
    return;
  }
  const left = ttl < 0 ? 0 : ttl;
  c.out.integer(ms ? left : Math.floor((left + 500) / 1000));
}

// ---- enumeration -----------------------------------------------------------------------------------

function keys(c: Client, argv: string[]): void {
  const pattern = argv[1];
  const db = c.db;
  const all = pattern === '*';
  const out = c.out;
  const mark = out.beginDeferred();
  let n = 0;
  for (const key of db.dict.keys()) {
    if ((all || globMatch(pattern, key)) && !db.isExpired(key)) {
      out.bulk(key);
      n++;
    }
  }
  out.endDeferred(mark, DeferredKind.ARRAY, n);
}

/** The type names SCAN's TYPE takes (getObjectTypeByName). */
const SCAN_TYPES = new Set(['string', 'list', 'set', 'zset', 'hash', 'stream']);

/** Options of SCAN, HSCAN, SSCAN and ZSCAN (redis scanGenericCommand step 1). */
export interface ScanOptions {
  readonly cursor: number;
  readonly count: number;
  readonly pattern: string | undefined;
  readonly type: string | undefined;
  /** NOVALUES (Valkey 8, HSCAN): fields only. */
  readonly noValues: boolean;
}

/**
 * Parses `cursor [MATCH pattern] [COUNT count] [TYPE type]` (TYPE only for SCAN); replies the error
 * and returns undefined when invalid.
 */
export function parseScanArgs(c: Client, argv: string[], cursorIndex: number, allowType: boolean, hash = false): ScanOptions | undefined {
  const cursor = cursorParserFor(c.server.isValkey8)(argv[cursorIndex]);
  if (cursor === undefined) {
    c.out.error('invalid cursor');
    return undefined;
  }
  let count = 10;
  let pattern: string | undefined;
  let typeName: string | undefined;
  let noValues = false;
  for (let i = cursorIndex + 1; i < argv.length;) {
    const left = argv.length - i;
    if (is(argv[i], 'count') && left >= 2) {
      const n = intArg(c, argv[i + 1]);
      if (n === undefined) return undefined;
      if (n < 1) {
        c.out.error(ERR.SYNTAX);
        return undefined;
      }
      count = n;
      i += 2;
    } else if (is(argv[i], 'match') && left >= 2) {
      pattern = argv[i + 1] === '*' ? undefined : argv[i + 1];
      i += 2;
    } else if (is(argv[i], 'type') && allowType && left >= 2) {
      typeName = argv[i + 1];
      // Valkey 8 refuses a type no value has; redis 7 scans and finds nothing.
      if (c.server.isValkey8 && !SCAN_TYPES.has(typeName.toLowerCase())) {
        c.out.error(`unknown type name '${typeName}'`);
        return undefined;
      }
      i += 2;
    } else if (c.server.isValkey8 && is(argv[i], 'novalues')) {
      if (!hash) {
        c.out.error('NOVALUES option can only be used in HSCAN');
        return undefined;
      }
      noValues = true;
      i += 1;
    } else {
      c.out.error(ERR.SYNTAX);
      return undefined;
    }
  }
  return { cursor, count, pattern, type: typeName, noValues };
}

/** Writes a SCAN reply: the next cursor as a bulk string, then the elements. */
export function replyScan(c: Client, cursor: number, items: readonly string[]): void {
  c.out.arrayHeader(2);
  c.out.bulk(cursor > Number.MAX_SAFE_INTEGER ? BigInt(cursor).toString() : String(cursor));
  c.out.bulkArray(items);
}

function scan(c: Client, argv: string[]): void {
  const opts = parseScanArgs(c, argv, 1, true);
  if (!opts) return;
  const db = c.db;
  const page = db.dict.scan(opts.cursor, opts.count);
  const items: string[] = [];
  for (const key of page.keys) {
    if (!db.dict.has(key)) continue;
    if (opts.pattern !== undefined && !globMatch(opts.pattern, key)) continue;
    if (opts.type !== undefined) {
      const v = db.lookupRead(key, LOOKUP.NOTOUCH | LOOKUP.NONOTIFY);
      if (!v || v.type.toLowerCase() !== opts.type.toLowerCase()) continue;
    }
    if (db.expireIfNeeded(key)) continue;
    items.push(key);
  }
  replyScan(c, page.cursor, items);
}

function randomkey(c: Client): void {
  const key = c.db.randomKey();
  if (key === undefined) c.out.nullBulk();
  else c.out.bulk(key);
}

// ---- OBJECT --------------------------------------------------------------------------------------

const LFU_NOT_SELECTED = 'An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';
const LFU_SELECTED = 'An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';
/** redis reports shared integer objects (0..9999) with this reference count. */
const SHARED_REFCOUNT = 2147483647;

function objectLookup(c: Client, key: string): StoredValue | undefined {
  const v = c.db.lookupRead(key, LOOKUP.NOTOUCH | LOOKUP.NONOTIFY);
  if (v === undefined) c.out.null();
  return v;
}

function objectEncoding(c: Client, argv: string[]): void {
  const v = objectLookup(c, argv[2]);
  if (v) c.out.bulk(v.encoding());
}

function objectRefcount(c: Client, argv: string[]): void {
  const v = objectLookup(c, argv[2]);
  if (!v) return;
  const server = c.server;
  const sharedAllowed = server.maxmemory === 0 || !/-(lru|lfu)$/.test(server.maxmemoryPolicy);
  let shared = false;
  if (v instanceof StringValue && v.encoding() === 'int' && sharedAllowed) {
    const n = parseInt64(v.s);
    shared = n !== undefined && n >= 0 && n < 10000;
  }
  c.out.integer(shared ? SHARED_REFCOUNT : 1);
}

function objectIdletime(c: Client, argv: string[]): void {
  const v = objectLookup(c, argv[2]);
  if (!v) return;
  if (c.server.maxmemoryPolicy.endsWith('-lfu')) {
    c.out.error(LFU_SELECTED);
    return;
  }
  c.out.integer(Math.floor(estimateIdleTime(v.lru, c.server.mstime) / 1000));
}

function objectFreq(c: Client, argv: string[]): void {
  const v = objectLookup(c, argv[2]);
  if (!v) return;
  if (!c.server.maxmemoryPolicy.endsWith('-lfu')) {
    c.out.error(LFU_NOT_SELECTED);
    return;
  }
  c.out.integer(lfuDecrAndReturn(v.lru, c.server.mstime, c.server.config.num('lfu-decay-time')));
}

// ---- WAIT ------------------------------------------------------------------------------------------

function wait(c: Client, argv: string[]): void {
  const server = c.server;
  if (server.isReplica) {
    c.out.error('WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.');
    return;
  }
  const wanted = intArg(c, argv[1]);
  if (wanted === undefined) return;
  const timeout = timeoutMsArg(c, argv[2]);
  if (timeout === undefined) return;
  // Only this client's own writes are waited for (redis' c->woff).
  const offset = c.woff;
  const acked = () => server.replicaAcks(offset);
  if (acked() >= wanted || c.flags & CLIENT.MULTI || !server.blocking.canBlock(c)) {
    c.out.integer(acked());
    return;
  }
  server.blocking.blockCustom(c, (client) => {
    if (acked() < wanted) return false;
    client.out.integer(acked());
    return true;
  }, { timeoutMs: timeout, onTimeout: (client) => client.out.integer(acked()) });
  server.requestReplicaAcks();
}

/**
 * WAITAOF numlocal numreplicas timeout (7.2). The engine has no append-only file, so a local fsync
 * is never acknowledged (numlocal 1 is refused as with appendonly off) and replicas acknowledge
 * through the replication hook.
 */
function waitaof(c: Client, argv: string[]): void {
  const server = c.server;
  const numlocal = parseInt64(argv[1]);
  if (numlocal === undefined) {
    c.out.error(ERR.NOT_INTEGER);
    return;
  }
  if (numlocal < 0 || numlocal > 1) {
    c.out.error('value is out of range, value must between 0 and 1');
    return;
  }
  const numreplicas = parseInt64(argv[2]);
  if (numreplicas === undefined) {
    c.out.error(ERR.NOT_INTEGER);
    return;
  }
  if (numreplicas < 0) {
    c.out.error(ERR.NOT_POSITIVE);
    return;
  }
  const timeout = timeoutMsArg(c, argv[3]);
  if (timeout === undefined) return;
  if (server.isReplica) {
    c.out.error('WAITAOF cannot be used with replica instances. Please also note that writes to replicas are just local and are not propagated.');
    return;
  }
  if (numlocal > 0) {
    c.out.error('WAITAOF cannot be used when numlocal is set but appendonly is disabled.');
    return;
  }
  const offset = c.woff;
  const reply = (client: Client) => {
    client.out.arrayHeader(2);
    client.out.integer(0);
    client.out.integer(server.replicaAofAcks(offset));
  };
  if (server.replicaAofAcks(offset) >= numreplicas || !server.blocking.canBlock(c)) {
    reply(c);
    return;
  }
  server.blocking.blockCustom(c, (client) => {
    if (server.replicaAofAcks(offset) < numreplicas) return false;
    reply(client);
    return true;
  }, { timeoutMs: timeout, onTimeout: reply });
  server.requestReplicaAcks();
}

/** Metadata of WAITAOF, added in 7.2 (after the captured specs). */
const WAITAOF_SPEC: Partial<CommandSpecData> = {
  arity: 4,
  flags: ['noscript'],
  firstKey: 0,
  lastKey: 0,
  keyStep: 0,
  acl: ['@slow', '@connection'],
  tips: ['request_policy:all_shards', 'response_policy:agg_min'],
  keySpecs: [],
  docs: {
    m: ['summary', 'Blocks until all of the preceding write commands sent by the connection are written to the append-only file of the master and/or replicas.',
      'since', '7.2.0', 'group', 'generic', 'complexity', 'O(1)', 'arguments', [
        { m: ['name', 'numlocal', 'type', 'integer'] },
        { m: ['name', 'numreplicas', 'type', 'integer'] },
        { m: ['name', 'timeout', 'type', 'integer'] },
      ]],
  },
};

export const KEY_COMMANDS: CommandDef[] = [
  { name: 'del', handler: delGeneric },
  { name: 'unlink', handler: delGeneric },
  { name: 'exists', handler: exists },
  { name: 'type', handler: type },
  { name: 'touch', handler: touch },
  { name: 'rename', handler: (c, argv) => renameGeneric(c, argv, false) },
  { name: 'renamenx', handler: (c, argv) => renameGeneric(c, argv, true) },
  { name: 'move', handler: move },
  { name: 'copy', handler: copy },
  { name: 'expire', handler: (c, argv) => expireGeneric(c, argv, true, true) },
  { name: 'pexpire', handler: (c, argv) => expireGeneric(c, argv, true, false) },
  { name: 'expireat', handler: (c, argv) => expireGeneric(c, argv, false, true) },
  { name: 'pexpireat', handler: (c, argv) => expireGeneric(c, argv, false, false) },
  { name: 'persist', handler: persist },
  { name: 'ttl', handler: (c, argv) => ttlGeneric(c, argv, false, false) },
  { name: 'pttl', handler: (c, argv) => ttlGeneric(c, argv, true, false) },
  { name: 'expiretime', handler: (c, argv) => ttlGeneric(c, argv, false, true) },
  { name: 'pexpiretime', handler: (c, argv) => ttlGeneric(c, argv, true, true) },
  { name: 'keys', handler: keys },
  { name: 'scan', handler: scan },
  { name: 'randomkey', handler: randomkey },
  { name: 'object|encoding', handler: objectEncoding },
  { name: 'object|refcount', handler: objectRefcount },
  { name: 'object|idletime', handler: objectIdletime },
  { name: 'object|freq', handler: objectFreq },
  { name: 'object|help', handler: (c) => replyHelp(c, 'object') },
  { name: 'wait', handler: wait },
  { name: 'waitaof', handler: waitaof, spec: WAITAOF_SPEC },
];

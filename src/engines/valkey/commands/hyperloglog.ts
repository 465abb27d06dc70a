/**
 * HyperLogLog commands: PFADD, PFCOUNT (one key with its cached cardinality, or the union of
 * several), PFMERGE, PFDEBUG (GETREG, DECODE, ENCODING, TODENSE) and PFSELFTEST. HLLs are plain
 * strings in redis' exact format, so values move freely between this engine and redis-server.
 */
import type { Db } from '../keyspace/db';
import { RawStringValue, StoredValue, StringValue } from '../keyspace/values';
import type { Client } from '../server/client';
import { NOTIFY } from '../server/notify-flags';
import type { CommandDef } from '../table/command';
import {
  denseGet, denseSet, describeSparse, Hll, HLL_DENSE, HLL_DENSE_SIZE, HLL_REGISTERS, HLL_SPARSE, hllAdd,
  hllCount, hllMerge, isValidHll, rawCount, setDenseRegister, sparseSet, sparseToDense,
} from '../types/hll/hll';
import { pat, patLen64 } from '../types/hll/murmur';
import { ERR } from '../util/errors';

const INVALID_HLL = '-INVALIDOBJ Corrupted HLL object detected';
const NOT_HLL = '-WRONGTYPE Key is not a valid HyperLogLog string value.';

function sparseMaxBytes(c: Client): number {
  return c.server.config.num('hll-sparse-max-bytes');
}

/**
 * redis isHLLObjectOrReply: the string value when it holds a valid HLL, otherwise undefined after
 * replying WRONGTYPE (either kind).
 */
function hllString(c: Client, v: StoredValue): StringValue | undefined {
  if (!(v instanceof StringValue)) {
    c.out.error(ERR.WRONGTYPE);
    return undefined;
  }
  if (v.encoding() === 'int' || !isValidHll(v.s)) {
    c.out.error(NOT_HLL);
    return undefined;
  }
  return v;
}

/**
 * Stores an HLL string. Redis modifies HLLs in place after making them private `raw` strings
 * (dbUnshareStringValue), so the stored value is always raw and keeps its TTL.
 */
function storeHll(db: Db, key: string, h: Hll): void {
  db.overwrite(key, h.toValue());
}

/** dbUnshareStringValue without a content change: an embstr HLL becomes raw. */
function unshare(c: Client, key: string, v: StringValue): void {
  if (!(v instanceof RawStringValue)) c.db.overwrite(key, RawStringValue.rewrite(v, v.s, c.server.since72));
}

function pfadd(c: Client, argv: string[]): void {
  const key = argv[1];
  const db = c.db;
  const v = db.lookupWrite(key);
  let h: Hll;
  let updated = 0;
  if (v === undefined) {
    h = Hll.empty();
    db.add(key, h.toValue());
    updated++;
  } else {
    const s = hllString(c, v);
    if (!s) return;
    h = Hll.fromValue(s);
  }
  const maxBytes = sparseMaxBytes(c);
  for (let j = 2; j < argv.length; j++) {
    const r = hllAdd(h, argv[j], maxBytes, c.server.since72);
    if (r === 1) {
      updated++;
    } else if (r === -1) {
      storeHll(db, key, h);
      return c.out.error(INVALID_HLL);
    }
  }
  const server = c.server;
  if (updated) {
    h.invalidateCache();
    storeHll(db, key, h);
    server.signalModifiedKey(db, key);
    server.notifyKeyspaceEvent(NOTIFY.STRING, 'pfadd', key, db.id);
    server.dirty += updated;
  } else {
    // Nothing changed, but the string is now raw and its buffer made room as each add tried.
    storeHll(db, key, h);
  }
  c.out.integer(updated ? 1 : 0);
}

function pfcount(c: Client, argv: string[]): void {
  const db = c.db;
  if (argv.length > 2) {
    const max = new Uint8Array(HLL_REGISTERS);
    for (let j = 1; j < argv.length; j++) {
      const v = db.lookupRead(argv[j]);
      if (v === undefined) continue;
      const s = hllString(c, v);
      if (!s) return;
      if (!hllMerge(max, Hll.fromValue(s))) return c.out.error(INVALID_HLL);
    }
    return c.out.integer(rawCount(max));
  }
  const key = argv[1];
  const v = db.lookupRead(key);
  if (v === undefined) return c.out.integer(0);
  const s = hllString(c, v);
  if (!s) return;
  const h = Hll.fromValue(s);
  if (h.cacheValid) {
    unshare(c, key, s);
    return c.out.integer(h.cachedCard);
  }
  const card = hllCount(h);
  if (card === undefined) {
    unshare(c, key, s);
    return c.out.error(INVALID_HLL);
  }
  // PFCOUNT is a read, yet it writes the cache into the string, so the change is propagated.
  h.cachedCard = BigInt(card);
  storeHll(db, key, h);
  c.server.signalModifiedKey(db, key);
  c.server.dirty++;
  c.out.integer(card);
}

function pfmerge(c: Client, argv: string[]): void {
  const db = c.db;
  const max = new Uint8Array(HLL_REGISTERS);
  let useDense = false;
  for (let j = 1; j < argv.length; j++) {
    const v = db.lookupRead(argv[j]);
    if (v === undefined) continue;
    const s = hllString(c, v);
    if (!s) return;
    const h = Hll.fromValue(s);
    if (h.encoding === HLL_DENSE) useDense = true;
    if (!hllMerge(max, h)) return c.out.error(INVALID_HLL);
  }
  const key = argv[1];
  const existing = db.lookupWrite(key);
  let h: Hll;
  if (existing === undefined) {
    h = Hll.empty();
    db.add(key, h.toValue());
  } else {
    h = Hll.fromValue(existing as StringValue);
  }
  if (useDense && !sparseToDense(h)) {
    unshare(c, key, db.lookupWrite(key) as StringValue);
    return c.out.error(INVALID_HLL);
  }
  const maxBytes = sparseMaxBytes(c);
  for (let r = 0; r < HLL_REGISTERS; r++) {
    if (max[r] === 0) continue;
    if (h.encoding === HLL_DENSE) denseSet(h, r, max[r]);
    else sparseSet(h, r, max[r], maxBytes, c.server.since72);
  }
  h.invalidateCache();
  storeHll(db, key, h);
  const server = c.server;
  server.signalModifiedKey(db, key);
  // A merge is a mass add: redis fires `pfadd` for it.
  server.notifyKeyspaceEvent(NOTIFY.STRING, 'pfadd', key, db.id);
  server.dirty++;
  c.out.ok();
}

function pfdebug(c: Client, argv: string[]): void {
  const sub = argv[1];
  const key = argv[2];
  const db = c.db;
  const v = db.lookupWrite(key);
  if (v === undefined) return c.out.error('The specified key does not exist');
  const s = hllString(c, v);
  if (!s) return;
  unshare(c, key, s);
  const h = Hll.fromValue(s);
  const name = sub.toLowerCase();
  if (name === 'getreg' || name === 'todense') {
    let converted = false;
    if (h.encoding === HLL_SPARSE) {
      if (!sparseToDense(h)) return c.out.error(INVALID_HLL);
      storeHll(db, key, h);
      converted = true;
      // Forces propagation of the encoding change.
      c.server.dirty++;
    }
    if (name === 'todense') return c.out.integer(converted ? 1 : 0);
    c.out.arrayHeader(HLL_REGISTERS);
    for (let r = 0; r < HLL_REGISTERS; r++) c.out.integer(denseGet(h, r));
  } else if (name === 'decode') {
    if (h.encoding !== HLL_SPARSE) return c.out.error('HLL encoding is not sparse');
    c.out.bulk(describeSparse(h));
  } else if (name === 'encoding') {
    c.out.status(h.encoding === HLL_DENSE ? 'dense' : 'sparse');
  } else {
    c.out.error(`Unknown PFDEBUG subcommand '${sub}'`);
  }
}

/**
 * PFSELFTEST: checks that dense registers store every value without disturbing neighbours, and
 * that dense and sparse HLLs fed 10 million elements agree and stay within the expected error.
 */
function pfselftest(c: Client): void {
  const dense = new Hll(new Uint8Array(HLL_DENSE_SIZE), HLL_DENSE_SIZE);
  const values = new Uint8Array(HLL_REGISTERS);
  // A local xorshift generator: 16 million draws, like redis' rand() calls.
  let state = (Math.random() * 0xffffffff) | 1;
  for (let cycle = 0; cycle < 1000; cycle++) {
    for (let r = 0; r < HLL_REGISTERS; r++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      const v = state & 63;
      values[r] = v;
      setDenseRegister(dense, r, v);
    }
    for (let r = 0; r < HLL_REGISTERS; r++) {
      const got = denseGet(dense, r);
      if (got !== values[r]) return c.out.error(`TESTFAILED Register ${r} should be ${values[r]} but is ${got}`);
    }
  }
  dense.b.fill(0, 16);
  const sparse = Hll.empty();
  const maxBytes = sparseMaxBytes(c);
  const relerr = 1.04 / Math.sqrt(HLL_REGISTERS);
  const seedLo = Math.floor(Math.random() * 2 ** 32);
  const seedHi = Math.floor(Math.random() * 2 ** 32);
  let checkpoint = 1;
  for (let j = 1; j <= 10_000_000; j++) {
    const count = patLen64(seedHi, (j ^ seedLo) >>> 0);
    denseSet(dense, pat.index, count);
    if (sparse.encoding === HLL_DENSE) denseSet(sparse, pat.index, count);
    else sparseSet(sparse, pat.index, count, maxBytes, c.server.since72);
    if (j !== checkpoint) continue;
    if (j < maxBytes / 2 && sparse.encoding !== HLL_SPARSE) return c.out.error('TESTFAILED sparse encoding not used');
    const estimate = hllCount(dense)!;
    if (estimate !== hllCount(sparse)) return c.out.error('TESTFAILED dense/sparse disagree');
    const abserr = Math.abs(checkpoint - estimate);
    const maxerr = j === 10 ? 1 : Math.ceil(relerr * 6 * checkpoint);
    if (abserr > maxerr) return c.out.error(`TESTFAILED Too big error. card:${checkpoint} abserr:${abserr}`);
    checkpoint *= 10;
  }
  c.out.ok();
}

export const HLL_COMMANDS: CommandDef[] = [
  { name: 'pfadd', handler: pfadd },
  { name: 'pfcount', handler: pfcount, internalFlags: ['may_replicate'] },
  { name: 'pfmerge', handler: pfmerge },
  { name: 'pfdebug', handler: pfdebug },
  { name: 'pfselftest', handler: pfselftest },
];

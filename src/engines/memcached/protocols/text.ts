/**
 * The classic text protocol: command dispatch as memcached's `process_command_ascii` does it, and
 * the storage, retrieval, delete, incr/decr, touch and flush commands with their exact replies and
 * argument rules. Meta commands live in meta.ts, admin and stats commands in admin.ts.
 */
import type { Connection } from '../connection';
import { LEGACY_DISCOVERY_KEY } from '../discovery';
import { KEY_MAX_LENGTH } from '../item-layout';
import { DeltaResult, StoreCommand, StoreResult } from '../items';
import { parseInt32, parseUint32, parseUint64 } from '../numbers';
import { processAdminCommand } from './admin';
import { processMetaCommand } from './meta';
import { setNoreplyMaybe, Tokens } from './tokens';

const INT_MAX = 2147483647;
const tokens = new Tokens();
const LEGACY_KEY = Buffer.from(LEGACY_DISCOVERY_KEY, 'latin1');

/** The storage command named by token 0, if it is one. */
function updateCommand(t: Tokens): StoreCommand | undefined {
  switch (t.first(0)) {
    case 115: return t.is(0, 'set') ? StoreCommand.SET : undefined;
    case 97: return t.is(0, 'add') ? StoreCommand.ADD : t.is(0, 'append') ? StoreCommand.APPEND : undefined;
    case 114: return t.is(0, 'replace') ? StoreCommand.REPLACE : undefined;
    case 112: return t.is(0, 'prepend') ? StoreCommand.PREPEND : undefined;
    case 99: return t.is(0, 'cas') ? StoreCommand.CAS : undefined;
    default: return undefined;
  }
}

const STORE_REPLIES: Record<StoreResult, string> = {
  [StoreResult.STORED]: 'STORED',
  [StoreResult.EXISTS]: 'EXISTS',
  [StoreResult.NOT_FOUND]: 'NOT_FOUND',
  [StoreResult.NOT_STORED]: 'NOT_STORED',
};

/** Handles one command line `buf[start..end)` (without its line terminator). */
export function processTextLine(c: Connection, buf: Buffer, start: number, end: number): void {
  const t = tokens;
  const n = t.tokenize(buf, start, end) + 1; // memcached counts a terminal token
  if (n < 2 || t.len(0) < 2) {
    c.reply('ERROR');
    return;
  }
  const disabled = c.engine.settings.disabledCommands;
  if (disabled.size > 0 && disabled.has(t.text(0))) {
    c.reply('ERROR');
    return;
  }
  const first = t.first(0);
  const len0 = t.len(0);
  // Dispatch on the first byte, as memcached does; the hot commands come first.
  if (first === 103 /* g */) {
    if (t.is(0, 'get')) return n < 3 ? c.reply('ERROR') : processGet(c, t, false, false);
    if (t.is(0, 'gets')) return n < 3 ? c.reply('ERROR') : processGet(c, t, true, false);
    const gat = c.engine.settings.asciiGat;
    if (gat && t.is(0, 'gat')) return n < 3 ? c.reply('ERROR') : processGet(c, t, false, true);
    if (gat && t.is(0, 'gats')) return n < 3 ? c.reply('ERROR') : processGet(c, t, true, true);
    return c.reply('ERROR');
  }
  if (first === 109 /* m */ && len0 === 2 && c.engine.settings.metaCommands) {
    processMetaCommand(c, t, n);
    return;
  }
  const update = updateCommand(t);
  if (update !== undefined) {
    const min = update === StoreCommand.CAS ? 7 : 6;
    if (wantTokens(c, n, min, min + 1)) processUpdate(c, t, n, update, update === StoreCommand.CAS);
    return;
  }
  if (t.is(0, 'incr') || t.is(0, 'decr')) {
    if (wantTokens(c, n, 4, 5)) processArithmetic(c, t, n, t.is(0, 'incr'));
    return;
  }
  if (t.is(0, 'delete')) {
    if (n < 3 || n > 5) return c.reply('ERROR');
    return processDelete(c, t, n);
  }
  if (t.is(0, 'touch') && c.engine.settings.touchCommands) {
    if (wantTokens(c, n, 4, 5)) processTouch(c, t, n);
    return;
  }
  if (t.is(0, 'bget')) {
    // Ancient undocumented alias that memcached still accepts.
    if (n < 3) return c.reply('ERROR');
    return processGet(c, t, false, false);
  }
  if (t.is(0, 'flush_all')) {
    if (n < 2 || n > 4) return c.reply('ERROR');
    return processFlushAll(c, t, n);
  }
  if (t.is(0, 'version')) return c.reply(`VERSION ${c.engine.settings.version}`);
  if (t.is(0, 'quit')) {
    c.closeAfterWrite = true;
    return;
  }
  if (processAdminCommand(c, t, n)) return;
  if (t.len(n - 2) >= 5 && startsWith(t, n - 2, 'HTTP/')) {
    // memcached drops connections that speak HTTP to it.
    c.abort('error');
    return;
  }
  c.reply('ERROR');
}

function startsWith(t: Tokens, i: number, prefix: string): boolean {
  const s = t.start[i];
  for (let j = 0; j < prefix.length; j++) if (t.buf[s + j] !== prefix.charCodeAt(j)) return false;
  return true;
}

/** memcached `WANT_TOKENS_OR`: replies ERROR (and returns false) unless the count is a or b. */
function wantTokens(c: Connection, n: number, a: number, b: number): boolean {
  if (n !== a && n !== b) {
    c.reply('ERROR');
    return false;
  }
  return true;
}

/** get / gets / gat / gats with any number of keys. */
function processGet(c: Connection, t: Tokens, returnCas: boolean, touch: boolean): void {
  const e = c.engine;
  const st = e.store;
  const cmd = st.cmd;
  const out = c.out;
  const mark = out.len;
  let exptime = 0;
  let k = 1;
  if (touch) {
    const v = parseInt32(t.buf, t.start[1], t.end[1]);
    if (v === undefined) {
      c.reply('CLIENT_ERROR invalid exptime argument');
      return;
    }
    exptime = e.clock.realtime(v);
    k = 2;
  }
  const buf = t.buf;
  const detail = e.settings.detailEnabled;
  for (;;) {
    for (; k < t.count; k++) {
      const ks = t.start[k];
      const nkey = t.end[k] - ks;
      if (nkey > KEY_MAX_LENGTH) {
        out.truncate(mark);
        c.reply('CLIENT_ERROR bad command line format');
        return;
      }
      if (!touch && nkey === LEGACY_KEY.length && LEGACY_KEY.equals(buf.subarray(ks, ks + nkey))) {
        writeValueLine(c, LEGACY_KEY, 0, nkey, 0, e.cluster.payload(), returnCas);
        continue;
      }
      const ref = touch ? st.touch(buf, ks, nkey, exptime) : st.get(buf, ks, nkey, true);
      if (detail) e.prefixes.recordGet(buf, ks, nkey, ref !== 0);
      if (ref !== 0) {
        const nbytes = st.nbytes(ref);
        out.ensure(nkey + nbytes + 64);
        out.ascii('VALUE ');
        out.bytes(buf, ks, ks + nkey);
        out.byte(32);
        out.decimal(st.clientFlags(ref));
        out.byte(32);
        out.decimal(nbytes - 2);
        if (returnCas) {
          out.byte(32);
          out.decimal(st.cas(ref));
        }
        out.crlf();
        out.ensure(nbytes);
        out.len = st.copyValue(ref, 0, nbytes, out.buf, out.len);
        if (touch) {
          cmd.touchCmds++;
          cmd.slabTouchHits[st.cls(ref)]++;
        } else {
          cmd.lruHits[st.lruId(ref)]++;
          cmd.getCmds++;
        }
      } else if (touch) {
        cmd.touchCmds++;
        cmd.touchMisses++;
      } else {
        cmd.getMisses++;
        cmd.getCmds++;
      }
    }
    if (t.rest < 0) break;
    t.tokenize(buf, t.rest, t.lineEnd);
    k = 0;
  }
  out.ascii('END\r\n');
}

function writeValueLine(c: Connection, key: Buffer, flags: number, nkey: number, cas: number, data: Buffer, withCas: boolean): void {
  const out = c.out;
  out.ascii('VALUE ');
  out.bytes(key, 0, nkey);
  out.byte(32);
  out.decimal(flags);
  out.byte(32);
  out.decimal(data.length);
  if (withCas) {
    out.byte(32);
    out.decimal(cas);
  }
  out.crlf();
  out.bytes(data, 0, data.length);
  out.crlf();
}

/** set / add / replace / append / prepend / cas: parse, allocate, then read the data block. */
function processUpdate(c: Connection, t: Tokens, n: number, comm: StoreCommand, handleCas: boolean): void {
  const e = c.engine;
  const st = e.store;
  const buf = t.buf;
  setNoreplyMaybe(c, t, n);
  const ks = t.start[1];
  const nkey = t.len(1);
  if (nkey > KEY_MAX_LENGTH) {
    c.reply('CLIENT_ERROR bad command line format');
    return;
  }
  const flags = parseUint32(buf, t.start[2], t.end[2]);
  const exptimeInt = flags === undefined ? undefined : parseInt32(buf, t.start[3], t.end[3]);
  const vlenRaw = exptimeInt === undefined ? undefined : parseInt32(buf, t.start[4], t.end[4]);
  if (flags === undefined || exptimeInt === undefined || vlenRaw === undefined) {
    c.reply('CLIENT_ERROR bad command line format');
    return;
  }
  const exptime = e.clock.realtime(exptimeInt);
  let reqCas: number | bigint = 0;
  if (handleCas) {
    const v = parseUint64(buf, t.start[5], t.end[5]);
    if (v === undefined) {
      c.reply('CLIENT_ERROR bad command line format');
      return;
    }
    reqCas = v;
  }
  if (vlenRaw < 0 || vlenRaw > INT_MAX - 2) {
    c.reply('CLIENT_ERROR bad command line format');
    return;
  }
  const vlen = vlenRaw + 2;
  if (e.settings.detailEnabled) e.prefixes.recordSet(buf, ks, nkey);
  const it = st.alloc(buf, ks, nkey, flags, exptime, vlen);
  if (it === 0) {
    if (!st.sizeOk(nkey, flags, vlen)) {
      c.reply('SERVER_ERROR object too large for cache');
      st.cmd.storeTooLarge++;
    } else {
      c.reply('SERVER_ERROR out of memory storing object');
      st.cmd.storeNoMemory++;
    }
    c.startSwallow(vlen);
    // A failed set must not leave the old value visible.
    if (comm === StoreCommand.SET) {
      const old = st.get(buf, ks, nkey, false);
      if (old !== 0) st.unlink(old);
    }
    return;
  }
  st.setCas(it, reqCas);
  c.scratch.comm = comm;
  c.startUpload(it, 0, vlen, completeNreadAscii);
}

/** memcached `complete_nread_ascii`: check the CRLF, then store and reply. */
function completeNreadAscii(c: Connection): void {
  const st = c.engine.store;
  const it = c.item;
  st.cmd.slabSetCmds[st.cls(it)]++;
  if (!st.endsWithCrlf(it)) {
    st.discard(it);
    c.reply('CLIENT_ERROR bad data chunk');
    return;
  }
  const r = st.store(it, c.scratch.comm as StoreCommand);
  c.reply(STORE_REPLIES[r.result]);
}

function processArithmetic(c: Connection, t: Tokens, n: number, incr: boolean): void {
  const st = c.engine.store;
  setNoreplyMaybe(c, t, n);
  const ks = t.start[1];
  const nkey = t.len(1);
  if (nkey > KEY_MAX_LENGTH) {
    c.reply('CLIENT_ERROR bad command line format');
    return;
  }
  const delta = parseUint64(t.buf, t.start[2], t.end[2]);
  if (delta === undefined) {
    c.reply('CLIENT_ERROR invalid numeric delta argument');
    return;
  }
  const r = st.addDelta(t.buf, ks, nkey, incr, delta, 0);
  switch (r.result) {
    case DeltaResult.OK:
      c.reply(String(r.value));
      break;
    case DeltaResult.NON_NUMERIC:
      c.reply('CLIENT_ERROR cannot increment or decrement non-numeric value');
      break;
    case DeltaResult.EOM:
      c.reply('SERVER_ERROR out of memory');
      break;
    case DeltaResult.NOT_FOUND:
      if (incr) st.cmd.incrMisses++;
      else st.cmd.decrMisses++;
      c.reply('NOT_FOUND');
      break;
    case DeltaResult.CAS_MISMATCH:
      break;
  }
}

function processTouch(c: Connection, t: Tokens, n: number): void {
  const e = c.engine;
  const st = e.store;
  setNoreplyMaybe(c, t, n);
  const nkey = t.len(1);
  if (nkey > KEY_MAX_LENGTH) {
    c.reply('CLIENT_ERROR bad command line format');
    return;
  }
  const v = parseInt32(t.buf, t.start[2], t.end[2]);
  if (v === undefined) {
    c.reply('CLIENT_ERROR invalid exptime argument');
    return;
  }
  const ref = st.touch(t.buf, t.start[1], nkey, e.clock.realtime(v));
  st.cmd.touchCmds++;
  if (ref !== 0) {
    st.cmd.slabTouchHits[st.cls(ref)]++;
    c.reply('TOUCHED');
  } else {
    st.cmd.touchMisses++;
    c.reply('NOT_FOUND');
  }
}

function processDelete(c: Connection, t: Tokens, n: number): void {
  const e = c.engine;
  const st = e.store;
  if (n > 3) {
    const holdIsZero = t.is(2, '0');
    const setsNoreply = setNoreplyMaybe(c, t, n);
    const valid = (n === 4 && (holdIsZero || setsNoreply)) || (n === 5 && holdIsZero && setsNoreply);
    if (!valid) {
      c.reply('CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]');
      return;
    }
  }
  const ks = t.start[1];
  const nkey = t.len(1);
  if (nkey > KEY_MAX_LENGTH) {
    c.reply('CLIENT_ERROR bad command line format');
    return;
  }
  if (e.settings.detailEnabled) e.prefixes.recordDelete(t.buf, ks, nkey);
  const ref = st.get(t.buf, ks, nkey, false);
  if (ref !== 0) {
    st.cmd.slabDeleteHits[st.cls(ref)]++;
    st.unlink(ref);
    c.reply('DELETED');
  } else {
    st.cmd.deleteMisses++;
    c.reply('NOT_FOUND');
  }
}

function processFlushAll(c: Connection, t: Tokens, n: number): void {
  const e = c.engine;
  setNoreplyMaybe(c, t, n);
  e.store.cmd.flushCmds++;
  if (!e.settings.flushEnabled) {
    c.reply('CLIENT_ERROR flush_all not allowed');
    return;
  }
  let delay = 0;
  if (n !== (c.noreply ? 3 : 2)) {
    const v = parseInt32(t.buf, t.start[1], t.end[1]);
    if (v === undefined) {
      c.reply('CLIENT_ERROR invalid exptime argument');
      return;
    }
    delay = v;
  }
  e.flushAll(delay);
  c.reply('OK');
}

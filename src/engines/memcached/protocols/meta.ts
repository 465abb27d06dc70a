/* eslint-disable no-bitwise */
// Item flags are bit fields, as in memcached.
/**
 * Meta commands (`mg`, `ms`, `md`, `ma`, `mn`, `me`) with memcached's flag parsing and reply
 * building: flags are answered in request order, `q` hides nominal replies, `O` opaques and `k`
 * keys are echoed, `b` keys are base64, `N`/`R`/`I` drive the win/stale/recache protocol, and `E`
 * sets an explicit CAS (memcached 1.6.21+).
 */
import type { Connection } from '../connection';
import { ITEM_FETCHED, ITEM_KEY_BINARY, ITEM_STALE, ITEM_TOKEN_SENT, KEY_MAX_LENGTH } from '../item-layout';
import { Cas, DeltaResult, StoreCommand, StoreResult } from '../items';
import { parseInt32, parseUint32, parseUint64 } from '../numbers';
import { base64DecodeLikeMemcached } from './base64';
import { Tokens } from './tokens';

const MFLAG_MAX_OPT_LENGTH = 20;
const MFLAG_MAX_OPAQUE_LENGTH = 32;
const INT_MAX = 2147483647;

/** Parsed meta flags (memcached `struct _meta_flags`). */
interface MetaFlags {
  noUpdate: boolean;
  locked: boolean;
  vivify: boolean;
  value: boolean;
  setStale: boolean;
  noReply: boolean;
  hasCas: boolean;
  newTtl: boolean;
  keyBinary: boolean;
  mode: number;
  exptime: number;
  autovivExptime: number;
  recacheTime: number;
  clientFlags: number;
  reqCas: Cas;
  explicitCas: Cas | undefined;
  delta: number | bigint;
  initial: number | bigint;
}

/** The key after meta parsing: the token itself, or its base64-decoded bytes. */
interface MetaKey {
  buf: Uint8Array;
  start: number;
  len: number;
}

function newFlags(): MetaFlags {
  return {
    noUpdate: false,
    locked: false,
    vivify: false,
    value: false,
    setStale: false,
    noReply: false,
    hasCas: false,
    newTtl: false,
    keyBinary: false,
    mode: 0,
    exptime: 0,
    autovivExptime: 0,
    recacheTime: 0,
    clientFlags: 0,
    reqCas: 0,
    explicitCas: undefined,
    delta: 1,
    initial: 0,
  };
}

/**
 * memcached `_meta_flag_preparse`: validates every flag token from `first` on and fills `of`.
 * Returns an error line, or undefined when the flags are valid.
 */
function preparse(c: Connection, t: Tokens, n: number, first: number, of: MetaFlags, key: MetaKey): string | undefined {
  const seen = new Uint8Array(128);
  const buf = t.buf;
  let err: string | undefined;
  const clock = c.engine.clock;
  for (let i = first; i < n - 1; i++) {
    const o = buf[t.start[i]];
    if (o >= 127 || seen[o]) return 'CLIENT_ERROR duplicate flag';
    seen[o] = 1;
    const vs = t.start[i] + 1;
    const ve = t.end[i];
    switch (o) {
      case 98: { // b
        const dec = base64DecodeLikeMemcached(key.buf, key.start, key.len);
        if (!dec) {
          err = 'CLIENT_ERROR error decoding key';
          key.len = 0;
        } else {
          key.buf = dec;
          key.start = 0;
          key.len = dec.length;
        }
        of.keyBinary = true;
        break;
      }
      case 78: // N
      case 84: // T
      case 82: { // R
        of.locked = true;
        const v = parseInt32(buf, vs, ve);
        if (v === undefined) {
          err = 'CLIENT_ERROR bad token in command line format';
          break;
        }
        const rt = clock.realtime(v);
        if (o === 78) {
          of.vivify = true;
          of.autovivExptime = rt;
        } else if (o === 84) {
          of.exptime = rt;
          of.newTtl = true;
        } else {
          of.recacheTime = rt;
        }
        break;
      }
      case 108: // l
      case 104: // h
        of.locked = true;
        break;
      case 79: case 80: case 76: // O P L
      case 107: case 115: case 116: case 99: case 102: // k s t c f
        break;
      case 118: // v
        of.value = true;
        break;
      case 117: // u
        of.noUpdate = true;
        break;
      case 113: // q
        of.noReply = true;
        break;
      case 70: { // F
        const v = parseUint32(buf, vs, ve);
        if (v === undefined) err = err ?? 'CLIENT_ERROR bad command line format';
        else of.clientFlags = v;
        break;
      }
      case 67: // C
      case 69: { // E
        if (o === 69 && !c.engine.settings.explicitCasFlag) return 'CLIENT_ERROR invalid flag';
        const v = parseUint64(buf, vs, ve);
        if (v === undefined) {
          err = 'CLIENT_ERROR bad token in command line format';
        } else if (o === 67) {
          of.reqCas = v;
          of.hasCas = true;
        } else {
          of.explicitCas = v;
        }
        break;
      }
      case 77: // M
        if (ve - t.start[i] !== 2) err = 'CLIENT_ERROR incorrect length for M token';
        else of.mode = buf[vs];
        break;
      case 74: { // J
        const v = parseUint64(buf, vs, ve);
        if (v === undefined) err = 'CLIENT_ERROR invalid numeric initial value';
        else of.initial = v;
        break;
      }
      case 68: { // D
        const v = parseUint64(buf, vs, ve);
        if (v === undefined) err = 'CLIENT_ERROR invalid numeric delta value';
        else of.delta = v;
        break;
      }
      case 73: // I
        of.setStale = true;
        break;
      default:
        return 'CLIENT_ERROR invalid flag';
    }
  }
  return err;
}

/** Dispatches a two-letter command starting with `m`. */
export function processMetaCommand(c: Connection, t: Tokens, n: number): void {
  switch (t.buf[t.start[0] + 1]) {
    case 103: return metaGet(c, t, n);
    case 115: return metaSet(c, t, n);
    case 100: return metaDelete(c, t, n);
    case 97: return metaArithmetic(c, t, n);
    case 110:
      c.reply('MN');
      // mn makes memcached write its replies at once, which lets go of the items they referenced.
      c.releaseItems();
      return;
    case 101: return metaDebug(c, t, n);
    default:
      c.reply('ERROR');
  }
}

/** Appends ` k<key>` (base64 plus ` b` for binary keys). */
function writeKeyFlag(c: Connection, key: Uint8Array, start: number, len: number, binary: boolean): void {
  const out = c.out;
  out.ascii(' k');
  if (binary) {
    out.ascii(Buffer.from(key.buffer, key.byteOffset + start, len).toString('base64'));
    out.ascii(' b');
  } else {
    out.bytes(key, start, start + len);
  }
}

function writeOpaque(c: Connection, t: Tokens, i: number): boolean {
  if (t.len(i) > MFLAG_MAX_OPAQUE_LENGTH) return false;
  c.out.byte(32);
  c.out.bytes(t.buf, t.start[i], t.end[i]);
  return true;
}

/**
 * Appends the `O` and `k` flags of a reply that carries no item data (misses, deletes). On an
 * over-long opaque the reply started at `mark` is replaced by the error; returns false then.
 */
function echoOpaqueAndKey(c: Connection, t: Tokens, n: number, key: MetaKey, binary: boolean, mark: number): boolean {
  for (let i = 2; i < n - 1; i++) {
    const f = t.first(i);
    if (f === 79) {
      if (!writeOpaque(c, t, i)) {
        c.out.truncate(mark);
        c.replyError('CLIENT_ERROR opaque token too long');
        return false;
      }
    } else if (f === 107) {
      writeKeyFlag(c, key.buf, key.start, key.len, binary);
    }
  }
  return true;
}

function keyOf(t: Tokens): MetaKey {
  return { buf: t.buf, start: t.start[1], len: t.len(1) };
}

function metaGet(c: Connection, t: Tokens, n: number): void {
  if (n < 3) return c.reply('ERROR');
  if (t.len(1) > KEY_MAX_LENGTH) return c.replyError('CLIENT_ERROR bad command line format');
  if (n > MFLAG_MAX_OPT_LENGTH) return c.replyError('CLIENT_ERROR options flags are too long');
  const of = newFlags();
  const key = keyOf(t);
  const err = preparse(c, t, n, 2, of, key);
  if (err) return c.replyError(err);
  c.noreply = of.noReply;
  const e = c.engine;
  const st = e.store;
  const out = c.out;
  const mark = out.len;
  let it = of.locked ? st.get(key.buf, key.start, key.len, false) : st.get(key.buf, key.start, key.len, !of.noUpdate);
  let created = false;
  let won = false;
  let ttlSet = false;
  if (it === 0 && of.vivify) {
    it = st.alloc(key.buf, key.start, key.len, 0, 0, 2);
    if (it !== 0) {
      st.writeValue(it, 0, CRLF, 0, 2);
      st.link(it, of.explicitCas);
      created = true;
    }
  }
  if (it !== 0) {
    if (of.value) {
      out.ascii('VA ');
      out.decimal(st.nbytes(it) - 2);
    } else {
      out.ascii('HD');
    }
    const now = e.clock.current;
    for (let i = 2; i < n - 1; i++) {
      switch (t.first(i)) {
        case 84: // T
          ttlSet = true;
          st.setExptime(it, of.exptime);
          break;
        case 78: // N
          if (created) {
            st.setExptime(it, of.autovivExptime);
            won = true;
          }
          break;
        case 82: { // R
          const exp = st.exptime(it);
          if ((st.itFlags(it) & ITEM_TOKEN_SENT) === 0 && !created && exp !== 0 && exp < of.recacheTime) won = true;
          break;
        }
        case 115: // s
          out.ascii(' s');
          out.decimal(st.nbytes(it) - 2);
          break;
        case 116: { // t
          out.ascii(' t');
          const exp = st.exptime(it);
          if (exp === 0) out.ascii('-1');
          else out.decimal((exp - now) >>> 0);
          break;
        }
        case 99: // c
          out.ascii(' c');
          out.decimal(st.cas(it));
          break;
        case 102: // f
          out.ascii(' f');
          out.decimal(st.clientFlags(it));
          break;
        case 108: // l
          out.ascii(' l');
          out.decimal(now - st.time(it));
          break;
        case 104: // h
          out.ascii(st.itFlags(it) & ITEM_FETCHED ? ' h1' : ' h0');
          break;
        case 79: // O
          if (!writeOpaque(c, t, i)) {
            out.truncate(mark);
            return c.replyError('CLIENT_ERROR opaque token too long');
          }
          break;
        case 107: { // k
          const [kb, ko] = st.keyView(it);
          writeKeyFlag(c, kb, ko, st.nkey(it), (st.itFlags(it) & ITEM_KEY_BINARY) !== 0);
          break;
        }
      }
    }
    const flags = st.itFlags(it);
    if (flags & ITEM_TOKEN_SENT) out.ascii(' Z');
    if (flags & ITEM_STALE) {
      out.ascii(' X');
      if ((flags & ITEM_TOKEN_SENT) === 0) won = true;
    }
    if (won) {
      out.ascii(' W');
      st.setItFlags(it, st.itFlags(it) | ITEM_TOKEN_SENT);
    }
    out.crlf();
    if (of.value) {
      const nb = st.nbytes(it);
      out.ensure(nb);
      out.len = st.copyValue(it, 0, nb, out.buf, out.len);
    }
    if (of.locked && !of.noUpdate) st.bump(it);
    // memcached answers a hit from the item itself, so the reply keeps it referenced until written.
    c.holdItem(it);
    if (ttlSet) {
      st.cmd.touchCmds++;
      st.cmd.slabTouchHits[st.cls(it)]++;
    } else {
      st.cmd.lruHits[st.lruId(it)]++;
      st.cmd.getCmds++;
    }
    return;
  }
  st.cmd.getMisses++;
  st.cmd.getCmds++;
  const skip = c.noreply;
  out.ascii('EN');
  if (!echoOpaqueAndKey(c, t, n, key, of.keyBinary, mark)) return;
  out.crlf();
  if (skip) out.truncate(mark);
}

const CRLF = Buffer.from('\r\n');

function metaSet(c: Connection, t: Tokens, n: number): void {
  if (n < 3) return c.reply('ERROR');
  if (t.len(1) > KEY_MAX_LENGTH) return c.replyError('CLIENT_ERROR bad command line format');
  if (n === 3) return c.replyError('CLIENT_ERROR bad command line format');
  if (n > MFLAG_MAX_OPT_LENGTH) return c.replyError('CLIENT_ERROR options flags too long');
  const vlenRaw = parseInt32(t.buf, t.start[2], t.end[2]);
  if (vlenRaw === undefined || vlenRaw < 0 || vlenRaw > INT_MAX - 2) return c.replyError('CLIENT_ERROR bad command line format');
  const vlen = vlenRaw + 2;
  const fail = (msg: string) => {
    c.replyError(msg);
    c.startSwallow(vlen);
  };
  const of = newFlags();
  const key = keyOf(t);
  const err = preparse(c, t, n, 3, of, key);
  if (err) return fail(err);
  c.noreply = of.noReply;
  // Reply flags to echo once the store result is known (memcached stashes them in the write buffer).
  const echo: Array<[number, number]> = [];
  let hasError: string | undefined;
  for (let i = 3; i < n - 1; i++) {
    const f = t.first(i);
    if (f === 79) {
      if (t.len(i) > MFLAG_MAX_OPAQUE_LENGTH) hasError = 'CLIENT_ERROR opaque token too long';
      else echo.push([f, i]);
    } else if (f === 107 || f === 99) {
      echo.push([f, i]);
    }
  }
  let comm: StoreCommand;
  switch (of.mode) {
    case 0: case 83: comm = StoreCommand.SET; break; // S
    case 69: comm = StoreCommand.ADD; break; // E
    case 65: comm = StoreCommand.APPEND; break; // A
    case 80: comm = StoreCommand.PREPEND; break; // P
    case 82: comm = StoreCommand.REPLACE; break; // R
    default: return fail('CLIENT_ERROR invalid mode for ms M token');
  }
  if (of.hasCas && (comm === StoreCommand.SET || comm === StoreCommand.REPLACE)) comm = StoreCommand.CAS;
  if (hasError) return fail(hasError);
  const st = c.engine.store;
  const it = st.alloc(key.buf, key.start, key.len, of.clientFlags, of.exptime, vlen);
  if (it === 0) {
    if (!st.sizeOk(key.len, of.clientFlags, vlen)) {
      st.cmd.storeTooLarge++;
      fail('SERVER_ERROR object too large for cache');
    } else {
      st.cmd.storeNoMemory++;
      fail('SERVER_ERROR out of memory storing object');
    }
    // Avoid stale data persisting because the allocation failed.
    const old = st.get(key.buf, key.start, key.len, false);
    if (old !== 0) st.unlink(old);
    return;
  }
  st.setCas(it, of.reqCas);
  if (of.keyBinary) st.setItFlags(it, st.itFlags(it) | ITEM_KEY_BINARY);
  c.scratch.meta = { comm, tokens: echo.map(([f, i]) => [f, Buffer.from(t.buf.subarray(t.start[i], t.end[i]))]), of };
  c.startUpload(it, 0, vlen, completeMetaSet);
}

interface PendingMetaSet {
  comm: StoreCommand;
  tokens: Array<[number, Buffer]>;
  of: MetaFlags;
}

/** memcached `complete_nread_ascii` + `_finalize_mset`. */
function completeMetaSet(c: Connection): void {
  const st = c.engine.store;
  const it = c.item;
  const p = c.scratch.meta as PendingMetaSet;
  st.cmd.slabSetCmds[st.cls(it)]++;
  if (!st.endsWithCrlf(it)) {
    st.discard(it);
    return c.replyError('CLIENT_ERROR bad data chunk');
  }
  const [kb, ko] = st.keyView(it);
  const nkey = st.nkey(it);
  const binary = (st.itFlags(it) & ITEM_KEY_BINARY) !== 0;
  const keyCopy = Buffer.from(kb.subarray(ko, ko + nkey));
  const r = st.store(it, p.comm, p.of.setStale && p.comm === StoreCommand.CAS, p.of.explicitCas);
  const out = c.out;
  const mark = out.len;
  switch (r.result) {
    case StoreResult.STORED: out.ascii('HD'); break;
    case StoreResult.EXISTS: out.ascii('EX'); break;
    case StoreResult.NOT_FOUND: out.ascii('NF'); break;
    case StoreResult.NOT_STORED: out.ascii('NS'); break;
  }
  for (const [f, tok] of p.tokens) {
    if (f === 79) {
      out.byte(32);
      out.bytes(tok, 0, tok.length);
    } else if (f === 107) {
      writeKeyFlag(c, keyCopy, 0, nkey, binary);
    } else {
      out.ascii(' c');
      out.decimal(r.cas);
    }
  }
  out.crlf();
  if (r.result === StoreResult.STORED && c.noreply) out.truncate(mark);
}

function metaDelete(c: Connection, t: Tokens, n: number): void {
  if (n < 3) return c.reply('ERROR');
  if (t.len(1) > KEY_MAX_LENGTH) return c.reply('CLIENT_ERROR bad command line format');
  if (n > MFLAG_MAX_OPT_LENGTH) return c.reply('CLIENT_ERROR options flags too long');
  const of = newFlags();
  const key = keyOf(t);
  if (preparse(c, t, n, 2, of, key)) return c.replyError('CLIENT_ERROR invalid or duplicate flag');
  c.noreply = of.noReply;
  const st = c.engine.store;
  const out = c.out;
  const mark = out.len;
  out.ascii('XX');
  if (!echoOpaqueAndKey(c, t, n, key, of.keyBinary, mark)) return;
  const setCode = (code: string) => {
    out.buf[mark] = code.charCodeAt(0);
    out.buf[mark + 1] = code.charCodeAt(1);
  };
  let nominal = false;
  const it = st.get(key.buf, key.start, key.len, false);
  if (it !== 0) {
    if (of.hasCas && st.cas(it) !== of.reqCas) {
      st.cmd.deleteMisses++;
      setCode('EX');
    } else if (of.setStale) {
      if (of.newTtl) st.setExptime(it, of.exptime);
      st.setItFlags(it, (st.itFlags(it) | ITEM_STALE) & ~ITEM_TOKEN_SENT);
      st.setCas(it, st.settings.useCas ? (of.explicitCas ?? st.nextCasId()) : 0);
      setCode('HD');
      nominal = true;
    } else {
      st.cmd.slabDeleteHits[st.cls(it)]++;
      st.unlink(it);
      setCode('HD');
      nominal = true;
    }
  } else {
    st.cmd.deleteMisses++;
    setCode('NF');
  }
  out.crlf();
  if (nominal && c.noreply) out.truncate(mark);
}

function metaArithmetic(c: Connection, t: Tokens, n: number): void {
  if (n < 3) return c.reply('ERROR');
  if (t.len(1) > KEY_MAX_LENGTH) return c.reply('CLIENT_ERROR bad command line format');
  if (n > MFLAG_MAX_OPT_LENGTH) return c.reply('CLIENT_ERROR options flags too long');
  const of = newFlags();
  const key = keyOf(t);
  if (preparse(c, t, n, 2, of, key)) return c.replyError('CLIENT_ERROR invalid or duplicate flag');
  c.noreply = of.noReply;
  let incr = true;
  switch (of.mode) {
    case 0: case 73: case 43: incr = true; break; // I +
    case 68: case 45: incr = false; break; // D -
    default: return c.replyError('CLIENT_ERROR invalid mode for ma M token');
  }
  const st = c.engine.store;
  const out = c.out;
  const mark = out.len;
  let it = 0;
  let value: number | bigint = 0;
  let created = false;
  let nominal = false;
  const r = st.addDelta(key.buf, key.start, key.len, incr, of.delta, of.reqCas, of.explicitCas);
  switch (r.result) {
    case DeltaResult.OK:
      it = r.ref;
      value = r.value;
      nominal = true;
      break;
    case DeltaResult.NON_NUMERIC:
      return c.replyError('CLIENT_ERROR cannot increment or decrement non-numeric value');
    case DeltaResult.EOM:
      return c.replyError('SERVER_ERROR out of memory');
    case DeltaResult.NOT_FOUND:
      if (of.vivify) {
        const digits = Buffer.from(`${of.initial}\r\n`, 'latin1');
        const ni = st.alloc(key.buf, key.start, key.len, 0, 0, digits.length);
        if (ni === 0) return c.replyError('SERVER_ERROR Out of memory allocating new item');
        st.writeValue(ni, 0, digits, 0, digits.length);
        if (st.store(ni, StoreCommand.ADD, false, of.explicitCas).result === StoreResult.STORED) {
          it = ni;
          value = of.initial;
          created = true;
          nominal = true;
        } else {
          out.ascii('NS');
        }
      } else {
        if (incr) st.cmd.incrMisses++;
        else st.cmd.decrMisses++;
        out.ascii('NF');
      }
      break;
    case DeltaResult.CAS_MISMATCH:
      out.ascii('EX');
      break;
  }
  const digits = String(value);
  if (it !== 0) {
    if (of.value) {
      out.ascii('VA ');
      out.decimal(digits.length);
    } else {
      out.ascii('HD');
    }
    const now = c.engine.clock.current;
    for (let i = 2; i < n - 1; i++) {
      switch (t.first(i)) {
        case 99: // c
          out.ascii(' c');
          out.decimal(st.cas(it));
          break;
        case 116: { // t
          out.ascii(' t');
          const exp = st.exptime(it);
          if (exp === 0) out.ascii('-1');
          else out.decimal((exp - now) >>> 0);
          break;
        }
        case 84: // T
          st.setExptime(it, of.exptime);
          break;
        case 78: // N
          if (created) st.setExptime(it, of.autovivExptime);
          break;
        case 79: // O
          if (!writeOpaque(c, t, i)) {
            out.truncate(mark);
            return c.replyError('CLIENT_ERROR opaque token too long');
          }
          break;
        case 107: // k
          writeKeyFlag(c, key.buf, key.start, key.len, of.keyBinary);
          break;
      }
    }
    if (of.value) {
      out.crlf();
      out.ascii(digits);
    }
  } else {
    if (!echoOpaqueAndKey(c, t, n, key, of.keyBinary, mark)) return;
  }
  out.crlf();
  if (nominal && c.noreply) out.truncate(mark);
}

/** `me <key> [b]`: a human-readable dump of an item's metadata. */
function metaDebug(c: Connection, t: Tokens, n: number): void {
  if (n < 3 || t.len(1) > KEY_MAX_LENGTH) return c.reply('CLIENT_ERROR bad command line format');
  const key = keyOf(t);
  if (n >= 4 && t.len(2) === 1 && t.first(2) === 98) {
    const dec = base64DecodeLikeMemcached(key.buf, key.start, key.len);
    if (!dec) return c.reply('CLIENT_ERROR bad command line format');
    key.buf = dec;
    key.start = 0;
    key.len = dec.length;
  }
  const st = c.engine.store;
  const it = st.get(key.buf, key.start, key.len, false);
  if (it !== 0) {
    const now = c.engine.clock.current;
    const exp = st.exptime(it);
    const [kb, ko] = st.keyView(it);
    const nkey = st.nkey(it);
    const keyText = st.itFlags(it) & ITEM_KEY_BINARY
      ? Buffer.from(kb.subarray(ko, ko + nkey)).toString('base64')
      : Buffer.from(kb.subarray(ko, ko + nkey)).toString('latin1');
    c.reply(`ME ${keyText} exp=${exp === 0 ? -1 : (now - exp) | 0} la=${now - st.time(it)} cas=${st.cas(it)} ` +
      `fetch=${st.itFlags(it) & ITEM_FETCHED ? 'yes' : 'no'} cls=${st.cls(it)} size=${st.ntotal(it)}`);
  } else {
    c.reply('EN');
  }
  st.cmd.metaCmds++;
}

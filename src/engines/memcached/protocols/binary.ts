/**
 * The binary protocol (memcached's proto_bin.c): 24-byte headers, every opcode including the quiet
 * variants, GAT/TOUCH, STAT framed as one packet per stat, the status codes and error texts, CAS in
 * the header, and SASL answered as a build without SASL answers it. ElastiCache's CONFIG_GET
 * (0x60) serves the Auto Discovery configuration.
 */
import type { Connection } from '../connection';
import { LEGACY_DISCOVERY_KEY } from '../discovery';
import { KEY_MAX_LENGTH } from '../item-layout';
import { Cas, DeltaResult, StoreCommand, StoreResult } from '../items';
import { generalStats, itemsStats, settingsStats, sizesStats, slabsStats, StatPair } from '../stats';

enum Op {
  GET = 0x00, SET = 0x01, ADD = 0x02, REPLACE = 0x03, DELETE = 0x04, INCREMENT = 0x05, DECREMENT = 0x06, QUIT = 0x07,
  FLUSH = 0x08, GETQ = 0x09, NOOP = 0x0a, VERSION = 0x0b, GETK = 0x0c, GETKQ = 0x0d, APPEND = 0x0e, PREPEND = 0x0f,
  STAT = 0x10, SETQ = 0x11, ADDQ = 0x12, REPLACEQ = 0x13, DELETEQ = 0x14, INCREMENTQ = 0x15, DECREMENTQ = 0x16,
  QUITQ = 0x17, FLUSHQ = 0x18, APPENDQ = 0x19, PREPENDQ = 0x1a, TOUCH = 0x1c, GAT = 0x1d, GATQ = 0x1e,
  SASL_LIST_MECHS = 0x20, SASL_AUTH = 0x21, SASL_STEP = 0x22, GATK = 0x23, GATKQ = 0x24, CONFIG_GET = 0x60,
}

enum Status {
  SUCCESS = 0x00, KEY_ENOENT = 0x01, KEY_EEXISTS = 0x02, E2BIG = 0x03, EINVAL = 0x04, NOT_STORED = 0x05,
  DELTA_BADVAL = 0x06, AUTH_ERROR = 0x20, UNKNOWN_COMMAND = 0x81, ENOMEM = 0x82,
}

const ERROR_TEXT: Record<number, string> = {
  [Status.ENOMEM]: 'Out of memory',
  [Status.UNKNOWN_COMMAND]: 'Unknown command',
  [Status.KEY_ENOENT]: 'Not found',
  [Status.EINVAL]: 'Invalid arguments',
  [Status.KEY_EEXISTS]: 'Data exists for key.',
  [Status.E2BIG]: 'Too large.',
  [Status.DELTA_BADVAL]: 'Non-numeric server-side value for incr or decr',
  [Status.NOT_STORED]: 'Not stored.',
  [Status.AUTH_ERROR]: 'Auth failure.',
};

/** Quiet opcodes and the command they are a quiet form of. */
const QUIET: Record<number, number> = {
  [Op.SETQ]: Op.SET,
  [Op.ADDQ]: Op.ADD,
  [Op.REPLACEQ]: Op.REPLACE,
  [Op.DELETEQ]: Op.DELETE,
  [Op.INCREMENTQ]: Op.INCREMENT,
  [Op.DECREMENTQ]: Op.DECREMENT,
  [Op.QUITQ]: Op.QUIT,
  [Op.FLUSHQ]: Op.FLUSH,
  [Op.APPENDQ]: Op.APPEND,
  [Op.PREPENDQ]: Op.PREPEND,
  [Op.GETQ]: Op.GET,
  [Op.GETKQ]: Op.GETK,
  [Op.GATQ]: Op.GAT,
  [Op.GATKQ]: Op.GATK,
};

const HEADER = 24;
const LEGACY_KEY = Buffer.from(LEGACY_DISCOVERY_KEY, 'latin1');

/** The request being handled (memcached keeps these on the connection). */
interface BinRequest {
  opcode: number;
  cmd: number;
  keylen: number;
  extlen: number;
  bodylen: number;
  opaque: number;
  cas: Cas;
  /** Response CAS (memcached `c->cas`). */
  rcas: Cas;
  buf: Buffer;
  /** Offset of the extras; the key follows them. */
  ext: number;
}

/**
 * Handles one binary request at `buf[pos]`. Returns the number of bytes consumed (header, extras
 * and key; values are read through the connection's upload state), 0 when more bytes are needed,
 * or -1 when the stream is not binary protocol and the connection must be dropped.
 */
export function processBinary(c: Connection, buf: Buffer, pos: number): number {
  if (buf.length - pos < HEADER) return 0;
  if (buf[pos] !== 0x80) return -1;
  const keylen = buf.readUInt16BE(pos + 2);
  const extlen = buf[pos + 4];
  if (buf.length - pos < HEADER + extlen + keylen) return 0;
  const hi = buf.readUInt32BE(pos + 16);
  const lo = buf.readUInt32BE(pos + 20);
  const req: BinRequest = {
    opcode: buf[pos + 1],
    cmd: buf[pos + 1],
    keylen,
    extlen,
    bodylen: buf.readUInt32BE(pos + 8),
    opaque: buf.readUInt32BE(pos + 12),
    cas: hi < 0x200000 ? hi * 4294967296 + lo : (BigInt(hi) << 32n) | BigInt(lo),
    rcas: 0,
    buf,
    ext: pos + HEADER,
  };
  dispatch(c, req);
  return HEADER + extlen + keylen;
}

function keyStart(r: BinRequest): number {
  return r.ext + r.extlen;
}

/** Writes a response header (memcached `add_bin_header`). */
function header(c: Connection, r: BinRequest, status: number, extlen: number, keylen: number, bodylen: number, cas: Cas = r.rcas): void {
  const out = c.out;
  out.ensure(HEADER);
  const b = out.buf;
  const o = out.len;
  b[o] = 0x81;
  b[o + 1] = r.opcode;
  b.writeUInt16BE(keylen, o + 2);
  b[o + 4] = extlen;
  b[o + 5] = 0;
  b.writeUInt16BE(status, o + 6);
  b.writeUInt32BE(bodylen >>> 0, o + 8); // eslint-disable-line no-bitwise
  b.writeUInt32BE(r.opaque >>> 0, o + 12); // eslint-disable-line no-bitwise
  if (typeof cas === 'number') {
    const hi = Math.floor(cas / 4294967296);
    b.writeUInt32BE(hi, o + 16);
    b.writeUInt32BE(cas - hi * 4294967296, o + 20);
  } else {
    b.writeBigUInt64BE(cas, o + 16);
  }
  out.len = o + HEADER;
}

/** memcached `write_bin_error`: status plus its text; optionally swallows the rest of the body. */
function writeError(c: Connection, r: BinRequest, status: number, swallow = 0): void {
  const text = ERROR_TEXT[status] ?? 'UNHANDLED ERROR';
  header(c, r, status, 0, 0, text.length, 0);
  c.out.ascii(text);
  // memcached writes an error at once (unless it first swallows a value), which lets go of the items
  // the replies before it referenced.
  if (swallow > 0) c.startSwallow(swallow);
  else c.releaseItems();
}

/** memcached `write_bin_response`: suppressed for quiet commands (gets always answer). */
function writeResponse(c: Connection, r: BinRequest, body?: Buffer | string): void {
  if (c.noreply && r.cmd !== Op.GET && r.cmd !== Op.GETK) return;
  const len = body === undefined ? 0 : body.length;
  header(c, r, Status.SUCCESS, 0, 0, len);
  if (typeof body === 'string') c.out.ascii(body);
  else if (body) c.out.bytes(body, 0, body.length);
}

function protocolError(c: Connection, r: BinRequest): void {
  writeError(c, r, Status.EINVAL);
  c.closeAfterWrite = true;
}

function dispatch(c: Connection, r: BinRequest): void {
  const { keylen, extlen, bodylen } = r;
  if (keylen > bodylen || keylen + extlen > bodylen) {
    writeError(c, r, Status.UNKNOWN_COMMAND);
    c.closeAfterWrite = true;
    return;
  }
  c.noreply = true;
  if (keylen > KEY_MAX_LENGTH) return protocolError(c, r);
  const quiet = QUIET[r.cmd];
  if (quiet !== undefined) r.cmd = quiet;
  else c.noreply = false;
  const s = c.engine.settings;
  switch (r.cmd) {
    case Op.VERSION:
      if (extlen === 0 && keylen === 0 && bodylen === 0) return writeResponse(c, r, s.version);
      return protocolError(c, r);
    case Op.FLUSH:
      if (keylen === 0 && bodylen === extlen && (extlen === 0 || extlen === 4)) return processFlush(c, r);
      return protocolError(c, r);
    case Op.NOOP:
      if (extlen === 0 && keylen === 0 && bodylen === 0) {
        // A noop makes memcached write its replies at once, which lets go of the items they referenced.
        writeResponse(c, r);
        c.releaseItems();
        return;
      }
      return protocolError(c, r);
    case Op.SET:
    case Op.ADD:
    case Op.REPLACE:
      if (extlen === 8 && keylen !== 0 && bodylen >= keylen + 8) return processUpdate(c, r);
      return protocolError(c, r);
    case Op.GET:
    case Op.GETK:
      if (extlen === 0 && bodylen === keylen && keylen > 0) return processGetOrTouch(c, r);
      return protocolError(c, r);
    case Op.DELETE:
      if (keylen > 0 && extlen === 0 && bodylen === keylen) return processDelete(c, r);
      return protocolError(c, r);
    case Op.INCREMENT:
    case Op.DECREMENT:
      if (keylen > 0 && extlen === 20 && bodylen === keylen + extlen) return processIncr(c, r);
      return protocolError(c, r);
    case Op.APPEND:
    case Op.PREPEND:
      if (keylen > 0 && extlen === 0) return processAppendPrepend(c, r);
      return protocolError(c, r);
    case Op.STAT:
      if (extlen === 0) return processStat(c, r);
      return protocolError(c, r);
    case Op.QUIT:
      if (keylen === 0 && extlen === 0 && bodylen === 0) {
        writeResponse(c, r);
        c.closeAfterWrite = true;
        return;
      }
      return protocolError(c, r);
    case Op.SASL_LIST_MECHS:
      // Built without SASL: memcached answers "Unknown command".
      if (extlen === 0 && keylen === 0 && bodylen === 0) return writeError(c, r, Status.UNKNOWN_COMMAND, bodylen - keylen);
      return protocolError(c, r);
    case Op.SASL_AUTH:
    case Op.SASL_STEP:
      if (extlen === 0 && keylen !== 0) return writeError(c, r, Status.UNKNOWN_COMMAND, bodylen - keylen);
      return protocolError(c, r);
    case Op.TOUCH:
    case Op.GAT:
    case Op.GATK:
      // Before 1.4.8 memcached has no touch commands: they take the unknown-command path below.
      if (!s.touchCommands) return writeError(c, r, Status.UNKNOWN_COMMAND, bodylen);
      if (extlen === 4 && keylen !== 0) return processGetOrTouch(c, r);
      return protocolError(c, r);
    case Op.CONFIG_GET:
      if (extlen === 0 && keylen > 0 && bodylen === keylen) return processConfigGet(c, r);
      return protocolError(c, r);
    default:
      // memcached swallows `bodylen` more bytes here, although extras and key were already read.
      return writeError(c, r, Status.UNKNOWN_COMMAND, bodylen);
  }
}

function processGetOrTouch(c: Connection, r: BinRequest): void {
  const e = c.engine;
  const st = e.store;
  const buf = r.buf;
  const ks = keyStart(r);
  const nkey = r.keylen;
  const touch = r.cmd === Op.TOUCH || r.cmd === Op.GAT || r.cmd === Op.GATK;
  const returnKey = r.cmd === Op.GETK || r.cmd === Op.GATK;
  const returnValue = r.cmd !== Op.TOUCH;
  if (!touch && nkey === LEGACY_KEY.length && LEGACY_KEY.equals(buf.subarray(ks, ks + nkey))) {
    const body = e.cluster.payload();
    header(c, r, Status.SUCCESS, 4, returnKey ? nkey : 0, 4 + (returnKey ? nkey : 0) + body.length, 0);
    c.out.ensure(4);
    c.out.buf.writeUInt32BE(0, c.out.len);
    c.out.len += 4;
    if (returnKey) c.out.bytes(buf, ks, ks + nkey);
    c.out.bytes(body, 0, body.length);
    return;
  }
  const it = touch ? st.touch(buf, ks, nkey, e.clock.realtime(buf.readUInt32BE(r.ext))) : st.get(buf, ks, nkey, true);
  if (e.settings.detailEnabled) e.prefixes.recordGet(buf, ks, nkey, it !== 0);
  if (it !== 0) {
    const vlen = st.nbytes(it) - 2;
    if (touch) {
      st.cmd.touchCmds++;
      st.cmd.slabTouchHits[st.cls(it)]++;
    } else {
      st.cmd.getCmds++;
      st.cmd.lruHits[st.lruId(it)]++;
    }
    const keyBytes = returnKey ? nkey : 0;
    const body = 4 + keyBytes + (returnValue ? vlen : 0);
    header(c, r, Status.SUCCESS, 4, keyBytes, body, st.cas(it));
    const out = c.out;
    out.ensure(body);
    out.buf.writeUInt32BE(st.clientFlags(it), out.len);
    out.len += 4;
    if (returnKey) out.bytes(buf, ks, ks + nkey);
    if (returnValue) out.len = st.copyValue(it, 0, vlen, out.buf, out.len);
    // memcached keeps a hit's item referenced by its reply (even a touch's) until the replies are written.
    c.holdItem(it);
    return;
  }
  if (touch) {
    st.cmd.touchCmds++;
    st.cmd.touchMisses++;
  } else {
    st.cmd.getCmds++;
    st.cmd.getMisses++;
  }
  if (c.noreply) return;
  if (returnKey) {
    header(c, r, Status.KEY_ENOENT, 0, nkey, nkey);
    c.out.bytes(buf, ks, ks + nkey);
  } else {
    writeError(c, r, Status.KEY_ENOENT);
  }
}

function processUpdate(c: Connection, r: BinRequest): void {
  const e = c.engine;
  const st = e.store;
  const buf = r.buf;
  const ks = keyStart(r);
  const nkey = r.keylen;
  const flags = buf.readUInt32BE(r.ext);
  const expiration = buf.readUInt32BE(r.ext + 4);
  const vlen = r.bodylen - (nkey + r.extlen);
  if (e.settings.detailEnabled) e.prefixes.recordSet(buf, ks, nkey);
  const it = st.alloc(buf, ks, nkey, flags, e.clock.realtime(expiration), vlen + 2);
  if (it === 0) {
    if (!st.sizeOk(nkey, flags, vlen + 2)) {
      writeError(c, r, Status.E2BIG, vlen);
    } else {
      writeError(c, r, Status.ENOMEM, vlen);
    }
    if (r.cmd === Op.SET) {
      const old = st.get(buf, ks, nkey, false);
      if (old !== 0) st.unlink(old);
    }
    return;
  }
  st.setCas(it, r.cas);
  let comm = r.cmd === Op.ADD ? StoreCommand.ADD : r.cmd === Op.SET ? StoreCommand.SET : StoreCommand.REPLACE;
  if (st.cas(it) !== 0) comm = StoreCommand.CAS;
  startValueRead(c, r, it, vlen, comm);
}

function processAppendPrepend(c: Connection, r: BinRequest): void {
  const e = c.engine;
  const st = e.store;
  const buf = r.buf;
  const ks = keyStart(r);
  const nkey = r.keylen;
  const vlen = r.bodylen - nkey;
  if (e.settings.detailEnabled) e.prefixes.recordSet(buf, ks, nkey);
  const it = st.alloc(buf, ks, nkey, 0, 0, vlen + 2);
  if (it === 0) {
    writeError(c, r, st.sizeOk(nkey, 0, vlen + 2) ? Status.ENOMEM : Status.E2BIG, vlen);
    return;
  }
  st.setCas(it, r.cas);
  startValueRead(c, r, it, vlen, r.cmd === Op.APPEND ? StoreCommand.APPEND : StoreCommand.PREPEND);
}

/** Reads the value (without CRLF) into the item, then stores it (memcached `complete_update_bin`). */
function startValueRead(c: Connection, r: BinRequest, it: number, vlen: number, comm: StoreCommand): void {
  const noreply = c.noreply;
  c.startUpload(it, 0, vlen, (conn) => {
    const st = conn.engine.store;
    conn.noreply = noreply;
    st.cmd.slabSetCmds[st.cls(it)]++;
    st.writeValue(it, vlen, CRLF, 0, 2);
    const res = st.store(it, comm);
    r.rcas = res.cas;
    switch (res.result) {
      case StoreResult.STORED:
        return writeResponse(conn, r);
      case StoreResult.EXISTS:
        return writeError(conn, r, Status.KEY_EEXISTS);
      case StoreResult.NOT_FOUND:
        return writeError(conn, r, Status.KEY_ENOENT);
      case StoreResult.NOT_STORED:
        if (comm === StoreCommand.ADD) return writeError(conn, r, Status.KEY_EEXISTS);
        if (comm === StoreCommand.REPLACE) return writeError(conn, r, Status.KEY_ENOENT);
        return writeError(conn, r, Status.NOT_STORED);
    }
  });
}

const CRLF = Buffer.from('\r\n');

function processDelete(c: Connection, r: BinRequest): void {
  const e = c.engine;
  const st = e.store;
  const ks = keyStart(r);
  if (e.settings.detailEnabled) e.prefixes.recordDelete(r.buf, ks, r.keylen);
  const it = st.get(r.buf, ks, r.keylen, false);
  if (it === 0) {
    writeError(c, r, Status.KEY_ENOENT);
    st.cmd.deleteMisses++;
    return;
  }
  if (r.cas === 0 || r.cas === st.cas(it)) {
    st.cmd.slabDeleteHits[st.cls(it)]++;
    st.unlink(it);
    writeResponse(c, r);
  } else {
    writeError(c, r, Status.KEY_EEXISTS);
  }
}

function processIncr(c: Connection, r: BinRequest): void {
  const e = c.engine;
  const st = e.store;
  const buf = r.buf;
  const ks = keyStart(r);
  const incr = r.cmd === Op.INCREMENT;
  const delta = normalizeBig(buf.readBigUInt64BE(r.ext));
  const initial = buf.readBigUInt64BE(r.ext + 8);
  const expiration = buf.readUInt32BE(r.ext + 16);
  const res = st.addDelta(buf, ks, r.keylen, incr, delta, r.cas);
  const valueBody = (v: number | bigint) => {
    const b = Buffer.allocUnsafe(8);
    b.writeBigUInt64BE(BigInt(v));
    return b;
  };
  switch (res.result) {
    case DeltaResult.OK:
      r.rcas = st.cas(res.ref);
      return writeResponse(c, r, valueBody(res.value));
    case DeltaResult.NON_NUMERIC:
      return writeError(c, r, Status.DELTA_BADVAL);
    case DeltaResult.EOM:
      return writeError(c, r, Status.ENOMEM);
    case DeltaResult.CAS_MISMATCH:
      return writeError(c, r, Status.KEY_EEXISTS);
    case DeltaResult.NOT_FOUND:
      break;
  }
  if (expiration === 0xffffffff) {
    if (incr) st.cmd.incrMisses++;
    else st.cmd.decrMisses++;
    return writeError(c, r, Status.KEY_ENOENT);
  }
  const digits = Buffer.from(`${initial}\r\n`, 'latin1');
  const it = st.alloc(buf, ks, r.keylen, 0, e.clock.realtime(expiration), digits.length);
  if (it === 0) return writeError(c, r, Status.ENOMEM);
  st.writeValue(it, 0, digits, 0, digits.length);
  const stored = st.store(it, StoreCommand.ADD);
  if (stored.result === StoreResult.STORED) {
    r.rcas = stored.cas;
    return writeResponse(c, r, valueBody(initial));
  }
  writeError(c, r, Status.NOT_STORED);
}

function normalizeBig(v: bigint): number | bigint {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

function processFlush(c: Connection, r: BinRequest): void {
  const e = c.engine;
  if (!e.settings.flushEnabled) return writeError(c, r, Status.AUTH_ERROR);
  const delay = r.extlen === 4 ? r.buf.readUInt32BE(r.ext) : 0;
  e.flushAll(delay);
  e.store.cmd.flushCmds++;
  writeResponse(c, r);
}

/** One STAT packet per pair, then an empty terminator packet (unless `end` is false). */
function writeStatPackets(c: Connection, r: BinRequest, pairs: StatPair[], end = true): void {
  for (const [k, v] of pairs) {
    header(c, r, Status.SUCCESS, 0, k.length, k.length + v.length, 0);
    c.out.ascii(k);
    c.out.ascii(v);
  }
  if (end) header(c, r, Status.SUCCESS, 0, 0, 0, 0);
}

function processStat(c: Connection, r: BinRequest): void {
  const e = c.engine;
  const sub = r.buf.toString('latin1', keyStart(r), keyStart(r) + r.keylen);
  if (r.keylen === 0) return writeStatPackets(c, r, generalStats(e, c.host.networkStats()));
  if (sub.startsWith('reset')) {
    e.resetStats();
    return writeStatPackets(c, r, []);
  }
  if (sub.startsWith('settings')) return writeStatPackets(c, r, settingsStats(e, c.host.networkStats()));
  if (sub.startsWith('detail')) {
    const arg = sub.slice(6);
    if (arg.startsWith(' dump')) {
      const dump = e.prefixes.dump();
      return writeStatPackets(c, r, [['detailed', dump]]);
    }
    if (arg.startsWith(' on')) e.settings.detailEnabled = true;
    else if (arg.startsWith(' off')) e.settings.detailEnabled = false;
    else return writeError(c, r, Status.KEY_ENOENT);
    return writeStatPackets(c, r, []);
  }
  switch (sub) {
    case 'items': return writeStatPackets(c, r, itemsStats(e));
    case 'slabs': return writeStatPackets(c, r, slabsStats(e));
    case 'sizes': return writeStatPackets(c, r, sizesStats(e));
    case 'sizes_enable': {
      const err = e.store.sizesEnable();
      return writeStatPackets(c, r, err ? [['sizes_status', 'error'], ['sizes_error', err]] : [['sizes_status', 'enabled']], false);
    }
    case 'sizes_disable':
      e.store.sizesDisable();
      return writeStatPackets(c, r, [['sizes_status', 'disabled']], false);
    default:
      return writeError(c, r, Status.KEY_ENOENT);
  }
}

/** ElastiCache CONFIG_GET: a GET-shaped reply carrying the cluster configuration. */
function processConfigGet(c: Connection, r: BinRequest): void {
  c.engine.discovery.configGets++;
  const ks = keyStart(r);
  if (r.buf.toString('latin1', ks, ks + r.keylen) !== 'cluster') return writeError(c, r, Status.KEY_ENOENT);
  const body = c.engine.cluster.payload();
  header(c, r, Status.SUCCESS, 4, 0, 4 + body.length, 0);
  c.out.ensure(4);
  c.out.buf.writeUInt32BE(0, c.out.len);
  c.out.len += 4;
  c.out.bytes(body, 0, body.length);
}

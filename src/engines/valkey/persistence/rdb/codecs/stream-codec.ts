/**
 * Streams (RDB_TYPE_STREAM_LISTPACKS_2 for redis 7.0, _3 for 7.2): each node as its master ID and
 * listpack, exactly as redis keeps it (master entry, then flags, ID deltas, fields or values only,
 * and the element count of each entry), then the stream's metadata and its consumer groups with
 * their PELs and consumers. Loading rebuilds the nodes with the same boundaries and tombstones.
 */
import { Consumer, Nack } from '../../../types/stream/consumer-groups';
import { estimateDistance, INVALID_ENTRIES_READ } from '../../../types/stream/group-counters';
import { deltaInt64, idKeyBytes, StreamId, U64, u64 } from '../../../types/stream/stream-id';
import { FLAG_DELETED, FLAG_SAMEFIELDS, StreamNode } from '../../../types/stream/stream-node';
import { StreamValue } from '../../../types/stream/stream-value';
import type { LoadContext, SaveContext, TypeCodec } from '../codec';
import { RDB_TYPE } from '../constants';
import { ListpackBuilder, ListpackElement, parseListpack } from '../listpack';
import { RdbFormatError, RdbReader } from '../rdb-reader';
import type { RdbWriter } from '../rdb-writer';

const UINT64_MAX = 18446744073709551615n;
const ID_BYTES = 16;

function corrupt(why: string): never {
  throw new RdbFormatError(`stream: ${why}`);
}

/** The node's listpack, byte for byte as redis' streamAppendItem and tombstoning leave it. */
export function nodeListpack(node: StreamNode): Buffer {
  const lp = new ListpackBuilder(node.bytes + 8);
  lp.appendInteger(node.live);
  lp.appendInteger(node.deleted);
  lp.appendInteger(node.masterFields.length);
  for (const f of node.masterFields) lp.append(f);
  lp.appendInteger(0);
  for (let i = 0; i < node.size; i++) {
    const flags = node.flags[i];
    lp.appendInteger(flags);
    lp.appendInteger(deltaInt64(node.ms[i], node.masterMs));
    lp.appendInteger(deltaInt64(node.seq[i], node.masterSeq));
    const data = node.data[i];
    if (flags & FLAG_SAMEFIELDS) {
      for (const v of data) lp.append(v);
      lp.appendInteger(data.length + 3);
    } else {
      lp.appendInteger(data.length / 2);
      for (const s of data) lp.append(s);
      lp.appendInteger(data.length + 4);
    }
  }
  return lp.finish();
}

/** A signed 64-bit counter as rdbSaveLen writes it (-1 becomes 2^64-1). */
function unsigned(v: number | bigint): number | bigint {
  if (typeof v === 'bigint') return BigInt.asUintN(64, v);
  return v < 0 ? BigInt.asUintN(64, BigInt(v)) : v;
}

function writeId(w: RdbWriter, ms: U64, seq: U64): void {
  w.bytes(Buffer.from(idKeyBytes(ms, seq)));
}

function saveStream(s: StreamValue, w: RdbWriter, ctx: SaveContext): void {
  w.len(s.nodes.length);
  for (const node of s.nodes) {
    w.rawString(Buffer.from(idKeyBytes(node.masterMs, node.masterSeq)));
    w.rawString(nodeListpack(node));
  }
  w.len(s.length);
  w.len(BigInt(s.lastId.ms));
  w.len(BigInt(s.lastId.seq));
  w.len(BigInt(s.firstId.ms));
  w.len(BigInt(s.firstId.seq));
  w.len(BigInt(s.maxDeletedId.ms));
  w.len(BigInt(s.maxDeletedId.seq));
  w.len(unsigned(s.entriesAdded));
  const groups = s.sortedGroups();
  w.len(groups.length);
  for (const g of groups) {
    w.string(g.name);
    w.len(BigInt(g.lastId.ms));
    w.len(BigInt(g.lastId.seq));
    w.len(unsigned(g.entriesRead));
    const pel = g.pel.values();
    w.len(pel.length);
    for (const nack of pel) {
      writeId(w, nack.id.ms, nack.id.seq);
      w.millis(nack.deliveryTime);
      w.len(nack.deliveryCount);
    }
    const consumers = g.sortedConsumers();
    w.len(consumers.length);
    for (const c of consumers) {
      w.string(c.name);
      w.millis(c.seenTime);
      if (ctx.rdbVersion >= 11) w.millis(c.activeTime);
      const owned = c.pel.values();
      w.len(owned.length);
      for (const nack of owned) writeId(w, nack.id.ms, nack.id.seq);
    }
  }
}

// ---- loading ---------------------------------------------------------------------------------------

function readId(r: RdbReader): StreamId {
  const b = r.bytes(ID_BYTES);
  return new StreamId(u64(b.readBigUInt64BE(0)), u64(b.readBigUInt64BE(8)));
}

function idOf(v: number | bigint): U64 {
  return typeof v === 'bigint' ? u64(v) : v;
}

/** A listpack integer element (streams store every number as one). */
function intAt(lp: readonly ListpackElement[], i: number): number | bigint {
  const e = lp[i];
  if (e === undefined || e.int === undefined) corrupt('expected an integer');
  return e.int;
}

function smallInt(lp: readonly ListpackElement[], i: number): number {
  const v = intAt(lp, i);
  if (typeof v !== 'number' || v < 0) corrupt('bad count');
  return v;
}

/** An entry decoded from a node listpack. */
interface DecodedEntry {
  readonly id: StreamId;
  readonly deleted: boolean;
  /** field, value, field, value… */
  readonly pairs: string[];
}

/** streamValidateListpackIntegrity (deep) while decoding the node's entries. */
function decodeNode(master: StreamId, lp: readonly ListpackElement[]): { entries: DecodedEntry[]; live: number; deleted: number } {
  const live = smallInt(lp, 0);
  const deleted = smallInt(lp, 1);
  const masterCount = smallInt(lp, 2);
  if (masterCount === 0) corrupt('no master fields');
  const masterFields: string[] = [];
  let p = 3;
  for (let k = 0; k < masterCount; k++) {
    if (p >= lp.length) corrupt('truncated master entry');
    masterFields.push(lp[p++].s);
  }
  if (intAt(lp, p++) !== 0) corrupt('bad master terminator');
  const entries: DecodedEntry[] = [];
  let liveSeen = 0;
  let deletedSeen = 0;
  const masterMs = BigInt(master.ms);
  const masterSeq = BigInt(master.seq);
  while (p < lp.length) {
    const start = p;
    const flags = smallInt(lp, p++);
    const ms = BigInt.asUintN(64, masterMs + BigInt(intAt(lp, p++)));
    const seq = BigInt.asUintN(64, masterSeq + BigInt(intAt(lp, p++)));
    const pairs: string[] = [];
    if (flags & FLAG_SAMEFIELDS) {
      for (let k = 0; k < masterCount; k++) {
        if (p >= lp.length) corrupt('truncated entry');
        pairs.push(masterFields[k], lp[p++].s);
      }
    } else {
      const n = smallInt(lp, p++);
      for (let k = 0; k < 2 * n; k++) {
        if (p >= lp.length) corrupt('truncated entry');
        pairs.push(lp[p++].s);
      }
    }
    if (smallInt(lp, p) !== p - start) corrupt('bad entry count');
    p++;
    const isDeleted = (flags & FLAG_DELETED) !== 0;
    if (isDeleted) deletedSeen++;
    else liveSeen++;
    entries.push({ id: new StreamId(u64(ms), u64(seq)), deleted: isDeleted, pairs });
  }
  if (entries.length === 0) corrupt('empty node');
  if (liveSeen !== live || deletedSeen !== deleted) corrupt('node counts do not match its entries');
  if (live === 0) corrupt('node without live entries');
  return { entries, live, deleted };
}

function loadStream(type: number, r: RdbReader, ctx: LoadContext): StreamValue {
  const s = new StreamValue();
  const nodeCount = r.len();
  const toDelete: StreamId[] = [];
  let previous: StreamId | undefined;
  for (let n = 0; n < nodeCount; n++) {
    const key = r.stringBytes();
    if (key.length !== ID_BYTES) corrupt('Stream node key entry is not the size of a stream ID');
    const master = new StreamId(u64(key.readBigUInt64BE(0)), u64(key.readBigUInt64BE(8)));
    if (previous && master.compare(previous) <= 0) corrupt('nodes out of order');
    const { entries } = decodeNode(master, parseListpack(r.stringBytes()));
    const tail = s.nodes[s.nodes.length - 1];
    let first = true;
    for (const e of entries) {
      if (previous && e.id.compare(previous) <= 0) corrupt('entries out of order');
      previous = e.id;
      // The first entry of every node after the first opens a node of its own, as in the payload.
      const maxEntries = first && tail ? tail.size : 0;
      const result = s.append(e.pairs, 0, e.pairs.length / 2, e.id, true, 0, 0, maxEntries);
      if (typeof result === 'string') corrupt('entry cannot be added');
      if (e.deleted) toDelete.push(e.id);
      first = false;
    }
    if (s.nodes[s.nodes.length - 1].masterMs !== master.ms || s.nodes[s.nodes.length - 1].masterSeq !== master.seq) {
      corrupt('node key does not match its first entry');
    }
  }
  for (const id of toDelete) s.deleteEntry(id);
  const length = r.len();
  if (length !== s.length) corrupt('length does not match the entries');
  s.lastId = new StreamId(idOf(r.lenBig()), idOf(r.lenBig()));
  if (type >= RDB_TYPE.STREAM_LISTPACKS_2) {
    s.firstId = new StreamId(idOf(r.lenBig()), idOf(r.lenBig()));
    s.maxDeletedId = new StreamId(idOf(r.lenBig()), idOf(r.lenBig()));
    s.entriesAdded = idOf(r.lenBig());
  } else {
    // Version 1 streams: the counters start from what the stream holds.
    s.maxDeletedId = StreamId.MIN;
    s.entriesAdded = s.length;
    s.firstId = s.length === 0 ? StreamId.MIN : s.edgeId(true, true);
  }
  if (s.length > 0 && s.lastId.compare(s.lastValidId()) < 0) corrupt('last ID below the last entry');
  loadGroups(type, r, s, ctx);
  return s;
}

function loadGroups(type: number, r: RdbReader, s: StreamValue, ctx: LoadContext): void {
  const groupCount = r.len();
  const v72 = ctx.serverRdbVersion >= 11;
  for (let g = 0; g < groupCount; g++) {
    const name = r.string();
    const lastId = new StreamId(idOf(r.lenBig()), idOf(r.lenBig()));
    let entriesRead: number | bigint;
    if (type >= RDB_TYPE.STREAM_LISTPACKS_2) {
      const raw = r.lenBig();
      entriesRead = typeof raw === 'bigint' && raw === UINT64_MAX ? INVALID_ENTRIES_READ : raw;
    } else {
      entriesRead = estimateDistance(s, lastId, v72);
    }
    const group = s.createGroup(name, lastId, entriesRead);
    if (!group) corrupt('Duplicated consumer group name');
    const pelSize = r.len();
    for (let i = 0; i < pelSize; i++) {
      const id = readId(r);
      // Delivery and consumer times are clock readings: numbers.
      const time = Number(r.millis());
      const count = r.len();
      if (!group.pel.insert(new Nack(id, id.toString(), time, count))) corrupt('Duplicated global PEL entry');
    }
    const consumerCount = r.len();
    for (let c = 0; c < consumerCount; c++) {
      const cname = r.string();
      const consumer: Consumer | undefined = group.createConsumer(cname, 0);
      if (!consumer) corrupt('Duplicate stream consumer detected.');
      consumer.seenTime = Number(r.millis());
      consumer.activeTime = type >= RDB_TYPE.STREAM_LISTPACKS_3 ? Number(r.millis()) : consumer.seenTime;
      const owned = r.len();
      for (let i = 0; i < owned; i++) {
        const id = readId(r);
        const nack = group.pel.get(id.toString());
        if (!nack) corrupt('Consumer entry not found in group global PEL');
        if (nack.consumer && nack.consumer !== consumer) corrupt('NACK shared by two consumers');
        nack.consumer = consumer;
        if (!consumer.pel.insert(nack)) corrupt('Duplicated consumer PEL entry');
      }
    }
    for (const nack of group.pel.values()) if (!nack.consumer) corrupt('Stream CG PEL entry without consumer');
  }
}

export const STREAM_CODEC: TypeCodec = {
  valueType: 'stream',
  loads: [RDB_TYPE.STREAM_LISTPACKS, RDB_TYPE.STREAM_LISTPACKS_2, RDB_TYPE.STREAM_LISTPACKS_3],
  typeOf: (_value, ctx) => (ctx.rdbVersion >= 11 ? RDB_TYPE.STREAM_LISTPACKS_3 : RDB_TYPE.STREAM_LISTPACKS_2),
  save(value, w, ctx) {
    saveStream(value as StreamValue, w, ctx);
  },
  load(type, r, ctx) {
    return loadStream(type, r, ctx);
  },
};

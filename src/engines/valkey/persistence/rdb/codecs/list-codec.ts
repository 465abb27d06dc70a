/**
 * Lists. Saved as RDB_TYPE_LIST_QUICKLIST_2: the quicklist's nodes in order, each a container type
 * (packed listpack or plain element) and its bytes — a 7.2 listpack list as one packed node. Inner
 * nodes are LZF-compressed when list-compress-depth asks for it, as redis keeps them. Loads every
 * list form redis 7.0 reads: quicklists of listpacks or of ziplists, plain linked lists, ziplists.
 */
import { collectionLimits } from '../../../types/collection-limits';
import { ListValue } from '../../../types/list/list-value';
import { lzfCompress } from '../../../util/lzf';
import type { LoadContext, TypeCodec } from '../codec';
import { QUICKLIST_CONTAINER, RDB_TYPE } from '../constants';
import { buildListpack, parseListpack } from '../listpack';
import { RdbFormatError, RdbReader } from '../rdb-reader';
import type { RdbWriter } from '../rdb-writer';
import { parseZiplist } from '../ziplist';

/** Nodes smaller than this are never compressed (quicklist MIN_COMPRESS_BYTES). */
const MIN_COMPRESS_BYTES = 48;
/** Compression must save more than this many bytes to be kept (MIN_COMPRESS_IMPROVE). */
const MIN_COMPRESS_IMPROVE = 8;

interface Node {
  readonly elements: string[];
  readonly plain: boolean;
}

/** __quicklistCompressNode: the node's compressed bytes, or undefined when it stays raw. */
function compressNode(lp: Buffer): Buffer | undefined {
  if (lp.length < MIN_COMPRESS_BYTES) return undefined;
  const out = Buffer.allocUnsafe(lp.length + 8);
  const n = lzfCompress(lp, out, lp.length);
  if (n === 0 || n + MIN_COMPRESS_IMPROVE >= lp.length) return undefined;
  return out.subarray(0, n);
}

function saveList(list: ListValue, w: RdbWriter): void {
  const layout = list.quicklistNodes;
  if (!layout) {
    w.len(1);
    w.len(QUICKLIST_CONTAINER.PACKED);
    w.rawString(buildListpack(list.toArray()));
    return;
  }
  const nodes = layout.counts.length;
  const depth = layout.compress;
  w.len(nodes);
  let index = 0;
  for (let n = 0; n < nodes; n++) {
    const count = layout.counts[n];
    if (layout.plain[n]) {
      w.len(QUICKLIST_CONTAINER.PLAIN);
      w.string(list.at(index));
      index += count;
      continue;
    }
    w.len(QUICKLIST_CONTAINER.PACKED);
    const lp = buildListpack(list.slice(index, index + count - 1));
    index += count;
    // Nodes deeper than `depth` from both ends are kept compressed when compression pays.
    const inner = depth > 0 && n >= depth && n < nodes - depth;
    const compressed = inner ? compressNode(lp) : undefined;
    if (compressed) w.lzfBlob(compressed, lp.length);
    else w.rawString(lp);
  }
}

/** A list built by pushing elements one by one onto a quicklist (quicklistPushTail), then converted as redis converts after loading. */
function listFromElements(elements: readonly string[], ctx: LoadContext): ListValue {
  const limits = collectionLimits(ctx.server);
  const list = ListValue.fromNodes(limits.listpackLists, limits, []);
  for (const e of elements) list.push(false, e);
  list.tryConvertToListpack(limits.listFill);
  return list;
}

function loadQuicklist(type: number, r: RdbReader, ctx: LoadContext): ListValue | undefined {
  const count = r.len();
  if (count === 0) return undefined;
  const limits = collectionLimits(ctx.server);
  const nodes: Node[] = [];
  for (let i = 0; i < count; i++) {
    let container: number = QUICKLIST_CONTAINER.PACKED;
    if (type === RDB_TYPE.LIST_QUICKLIST_2) {
      container = r.len();
      if (container !== QUICKLIST_CONTAINER.PACKED && container !== QUICKLIST_CONTAINER.PLAIN) {
        throw new RdbFormatError('Quicklist integrity check failed.');
      }
    }
    const data = r.stringBytes();
    if (data.length === 0) throw new RdbFormatError('empty quicklist node');
    if (container === QUICKLIST_CONTAINER.PLAIN) {
      nodes.push({ elements: [data.toString('latin1')], plain: true });
      continue;
    }
    const elements = type === RDB_TYPE.LIST_QUICKLIST_2 ? parseListpack(data).map((e) => e.s) : parseZiplist(data);
    // Empty nodes are skipped silently, as redis does.
    if (elements.length > 0) nodes.push({ elements, plain: false });
  }
  if (nodes.length === 0) return undefined;
  // Ziplist nodes become listpack nodes one to one.
  const list = ListValue.fromNodes(limits.listpackLists, limits, nodes);
  list.tryConvertToListpack(limits.listFill);
  return list;
}

export const LIST_CODEC: TypeCodec = {
  valueType: 'list',
  loads: [RDB_TYPE.LIST, RDB_TYPE.LIST_ZIPLIST, RDB_TYPE.LIST_QUICKLIST, RDB_TYPE.LIST_QUICKLIST_2],
  typeOf: () => RDB_TYPE.LIST_QUICKLIST_2,
  save(value, w) {
    saveList(value as ListValue, w);
  },
  load(type, r, ctx) {
    if (type === RDB_TYPE.LIST) {
      const len = r.len();
      if (len === 0) return undefined;
      const elements: string[] = [];
      for (let i = 0; i < len; i++) elements.push(r.string());
      return listFromElements(elements, ctx);
    }
    if (type === RDB_TYPE.LIST_ZIPLIST) {
      const elements = parseZiplist(r.stringBytes());
      if (elements.length === 0) return undefined;
      return listFromElements(elements, ctx);
    }
    return loadQuicklist(type, r, ctx);
  },
};

/**
 * Sorted sets: listpacks of member/score pairs (RDB_TYPE_ZSET_LISTPACK) with scores written as the
 * emulated version's zzlInsertAt writes them, skiplists as member + binary double from the highest
 * score down (RDB_TYPE_ZSET_2). Also loads the text-double and ziplist forms.
 */
import { formatDouble17 } from '../../../../resp/format-double';
import { ZSetValue } from '../../../types/zset/zset-value';
import { fpconvDtoa } from '../../../util/grisu-double';
import { strtodFull } from '../../../util/numbers';
import type { LoadContext, SaveContext, TypeCodec } from '../codec';
import { RDB_TYPE } from '../constants';
import { ListpackBuilder, parseListpack } from '../listpack';
import { RdbFormatError } from '../rdb-reader';
import { parseZiplist } from '../ziplist';

const TWO_52 = 4503599627370496;
const TWO_62 = 4611686018427387904;
const LISTPACK_MAX_SAFETY_SIZE = 1 << 30;

/** Appends a score the way the emulated version's zzlInsertAt does. */
function appendScore(lp: ListpackBuilder, score: number, ctx: SaveContext): void {
  if (ctx.rdbVersion >= 11) {
    // 7.2: double2ll first (integral values within ±2^62 become integers, -0 included).
    if (Number.isInteger(score) && score >= -TWO_62 && score <= TWO_62) {
      lp.appendInteger(Number.isSafeInteger(score) ? score : BigInt(score));
      return;
    }
    // d2string: its Grisu2 digits (fpconv_dtoa), not always the shortest round-trip text.
    lp.append(Number.isNaN(score) ? 'nan' : score === Infinity ? 'inf' : score === -Infinity ? '-inf' : fpconvDtoa(score));
    return;
  }
  // 7.0: d2string, then lpAppend's integer detection.
  let text: string;
  if (score === 0) text = Object.is(score, -0) ? '-0' : '0';
  else if (Number.isInteger(score) && score > -TWO_52 + 1 && score < TWO_52) text = String(score);
  else text = formatDouble17(score);
  lp.append(text);
}

/** zzlStrtod: a listpack score given as text. */
function parseScore(s: string): number {
  const r = strtodFull(s.trim());
  return r === undefined ? 0 : r.value;
}

function fromListpackPairs(flat: readonly { s: string; int: number | bigint | undefined }[], ctx: LoadContext): ZSetValue | undefined {
  if (flat.length % 2 !== 0) throw new RdbFormatError('odd number of zset elements');
  if (flat.length === 0) return undefined;
  const limits = ctx.server.config;
  const zset = new ZSetValue(true);
  if (flat.length / 2 > limits.num('zset-max-listpack-entries')) zset.toSkiplist();
  for (let i = 0; i < flat.length; i += 2) {
    const ele = flat[i].s;
    const sc = flat[i + 1];
    const score = sc.int !== undefined ? Number(sc.int) : parseScore(sc.s);
    if (zset.score(ele) !== undefined) throw new RdbFormatError('Duplicate zset fields detected');
    zset.insertNew(score, ele);
  }
  return zset;
}

export const ZSET_CODEC: TypeCodec = {
  valueType: 'zset',
  loads: [RDB_TYPE.ZSET, RDB_TYPE.ZSET_2, RDB_TYPE.ZSET_ZIPLIST, RDB_TYPE.ZSET_LISTPACK],
  typeOf: (value) => ((value as ZSetValue).listpack ? RDB_TYPE.ZSET_LISTPACK : RDB_TYPE.ZSET_2),
  save(value, w, ctx) {
    const zset = value as ZSetValue;
    if (zset.listpack) {
      const lp = new ListpackBuilder();
      for (const [ele, score] of zset.entries()) {
        lp.append(ele);
        appendScore(lp, score, ctx);
      }
      w.rawString(lp.finish());
      return;
    }
    w.len(zset.length);
    // From the tail: loading then inserts each element at the head in O(1).
    for (let c = zset.cursor(zset.length - 1); c.valid; c.prev()) {
      w.string(c.ele);
      w.binaryDouble(c.score);
    }
  },
  load(type, r, ctx) {
    if (type === RDB_TYPE.ZSET_LISTPACK) return fromListpackPairs(parseListpack(r.stringBytes()), ctx);
    if (type === RDB_TYPE.ZSET_ZIPLIST) {
      const flat = parseZiplist(r.stringBytes()).map((s) => ({ s, int: undefined }));
      return fromListpackPairs(flat, ctx);
    }
    const len = r.len();
    if (len === 0) return undefined;
    const zset = new ZSetValue(false);
    let maxLen = 0;
    let totalLen = 0;
    for (let i = 0; i < len; i++) {
      const ele = r.string();
      const score = type === RDB_TYPE.ZSET_2 ? r.binaryDouble() : r.textDouble();
      if (Number.isNaN(score)) throw new RdbFormatError('Zset with NAN score detected');
      if (zset.score(ele) !== undefined) throw new RdbFormatError('Duplicate zset fields detected');
      if (ele.length > maxLen) maxLen = ele.length;
      totalLen += ele.length;
      zset.insertNew(score, ele);
    }
    // Converted after loading (the elements are not stored in order).
    const cfg = ctx.server.config;
    if (totalLen <= LISTPACK_MAX_SAFETY_SIZE) {
      zset.toListpackIfFits({ entries: cfg.num('zset-max-listpack-entries'), value: cfg.num('zset-max-listpack-value') }, maxLen);
    }
    return zset;
  },
};

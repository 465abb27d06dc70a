/**
 * Decoders for the encodings older RDB versions used (redis 2.x–6.x payloads that RESTORE and file
 * loads still accept): ziplists (lists, hashes and sorted sets before listpacks) and zipmaps
 * (hashes before 2.6). Both are validated as redis' deep integrity checks do.
 */
import { RdbFormatError } from './rdb-reader';

const ZIPLIST_HEADER = 10;
const ZIP_END = 0xff;
const ZIP_BIG_PREVLEN = 254;

function fail(what: string): never {
  throw new RdbFormatError(what);
}

/** The elements of a ziplist, in order, as latin1 text (integers in decimal). */
export function parseZiplist(zl: Buffer): string[] {
  if (zl.length < ZIPLIST_HEADER + 1) fail('ziplist: too short');
  if (zl.readUInt32LE(0) !== zl.length) fail('ziplist: size mismatch');
  const tail = zl.readUInt32LE(4);
  const declared = zl.readUInt16LE(8);
  const end = zl.length - 1;
  if (zl[end] !== ZIP_END) fail('ziplist: no terminator');
  if (tail > end) fail('ziplist: tail out of range');
  const out: string[] = [];
  let p = ZIPLIST_HEADER;
  let prevSize = 0;
  let lastStart = ZIPLIST_HEADER;
  while (p < end) {
    const start = p;
    let prevlen: number;
    if (zl[p] < ZIP_BIG_PREVLEN) {
      prevlen = zl[p];
      p += 1;
    } else {
      if (zl[p] !== ZIP_BIG_PREVLEN || p + 5 > end) fail('ziplist: bad prevlen');
      prevlen = zl.readUInt32LE(p + 1);
      p += 5;
    }
    if (prevlen !== prevSize) fail('ziplist: prevlen mismatch');
    if (p >= end) fail('ziplist: entry out of range');
    const enc = zl[p];
    const kind = enc >> 6;
    let value: string;
    if (kind === 0) {
      const len = enc & 0x3f;
      if (p + 1 + len > end) fail('ziplist: string out of range');
      value = zl.toString('latin1', p + 1, p + 1 + len);
      p += 1 + len;
    } else if (kind === 1) {
      if (p + 2 > end) fail('ziplist: string out of range');
      const len = ((enc & 0x3f) << 8) | zl[p + 1];
      if (p + 2 + len > end) fail('ziplist: string out of range');
      value = zl.toString('latin1', p + 2, p + 2 + len);
      p += 2 + len;
    } else if (enc === 0x80) {
      if (p + 5 > end) fail('ziplist: string out of range');
      const len = zl.readUInt32BE(p + 1);
      if (p + 5 + len > end) fail('ziplist: string out of range');
      value = zl.toString('latin1', p + 5, p + 5 + len);
      p += 5 + len;
    } else {
      let size: number;
      switch (enc) {
        case 0xc0: size = 2; break;
        case 0xd0: size = 4; break;
        case 0xe0: size = 8; break;
        case 0xf0: size = 3; break;
        case 0xfe: size = 1; break;
        default:
          if (enc >= 0xf1 && enc <= 0xfd) {
            value = String((enc & 0x0f) - 1);
            size = 0;
            break;
          }
          return fail('ziplist: bad encoding');
      }
      if (p + 1 + size > end) fail('ziplist: int out of range');
      if (size > 0) {
        const at = p + 1;
        value = size === 1 ? String(zl.readInt8(at)) : size === 2 ? String(zl.readInt16LE(at)) : size === 3 ? String(zl.readIntLE(at, 3))
          : size === 4 ? String(zl.readInt32LE(at)) : zl.readBigInt64LE(at).toString();
      }
      p += 1 + size;
    }
    out.push(value!);
    prevSize = p - start;
    lastStart = start;
  }
  if (p !== end) fail('ziplist: trailing bytes');
  if (out.length > 0 && lastStart !== tail) fail('ziplist: wrong tail offset');
  if (out.length === 0 && tail !== ZIPLIST_HEADER) fail('ziplist: wrong tail offset');
  if (declared !== 0xffff && declared !== out.length) fail('ziplist: count mismatch');
  return out;
}

/** Field/value pairs of a zipmap (flat: field, value, field, value…). */
export function parseZipmap(zm: Buffer): string[] {
  const end = zm.length;
  if (end < 2) fail('zipmap: too short');
  const declared = zm[0];
  let p = 1;
  const out: string[] = [];
  const readLen = (): number => {
    if (p >= end) fail('zipmap: out of range');
    const b = zm[p];
    if (b < 254) {
      p += 1;
      return b;
    }
    if (b !== 254 || p + 5 > end) fail('zipmap: bad length');
    const v = zm.readUInt32LE(p + 1);
    p += 5;
    return v;
  };
  for (;;) {
    if (p >= end) fail('zipmap: no terminator');
    if (zm[p] === 0xff) {
      p++;
      break;
    }
    const klen = readLen();
    if (p + klen > end) fail('zipmap: key out of range');
    const key = zm.toString('latin1', p, p + klen);
    p += klen;
    const vlen = readLen();
    if (p >= end) fail('zipmap: out of range');
    const free = zm[p++];
    if (p + vlen + free > end) fail('zipmap: value out of range');
    out.push(key, zm.toString('latin1', p, p + vlen));
    p += vlen + free;
  }
  if (p !== end) fail('zipmap: trailing bytes');
  if (declared < 254 && declared !== out.length / 2) fail('zipmap: count mismatch');
  return out;
}

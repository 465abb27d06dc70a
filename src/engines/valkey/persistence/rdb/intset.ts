/**
 * Intsets as redis lays them out (intset.c): encoding (2, 4 or 8 bytes per element), length, then
 * the integers in ascending order, all little endian.
 */
import { RdbFormatError } from './rdb-reader';

const HEADER = 8;

/** The intset blob of ascending integer strings stored `width` bytes each. */
export function buildIntset(sorted: readonly string[], width: number): Buffer {
  const out = Buffer.allocUnsafe(HEADER + sorted.length * width);
  out.writeUInt32LE(width, 0);
  out.writeUInt32LE(sorted.length, 4);
  let p = HEADER;
  for (const s of sorted) {
    if (width === 2) out.writeInt16LE(Number(s), p);
    else if (width === 4) out.writeInt32LE(Number(s), p);
    else out.writeBigInt64LE(BigInt(s), p);
    p += width;
  }
  return out;
}

/**
 * The members (ascending, as decimal text) and element width of an intset blob, validated as
 * intsetValidateIntegrity does with deep checks (known encoding, exact size, not empty, strictly
 * ascending).
 */
export function parseIntset(blob: Buffer): { members: string[]; width: number } {
  if (blob.length < HEADER) throw new RdbFormatError('intset: too short');
  const width = blob.readUInt32LE(0);
  if (width !== 2 && width !== 4 && width !== 8) throw new RdbFormatError('intset: bad encoding');
  const count = blob.readUInt32LE(4);
  if (HEADER + count * width !== blob.length) throw new RdbFormatError('intset: size mismatch');
  if (count === 0) throw new RdbFormatError('intset: empty');
  const members = new Array<string>(count);
  let prev: bigint | undefined;
  for (let i = 0, p = HEADER; i < count; i++, p += width) {
    const v = width === 2 ? BigInt(blob.readInt16LE(p)) : width === 4 ? BigInt(blob.readInt32LE(p)) : blob.readBigInt64LE(p);
    if (prev !== undefined && v <= prev) throw new RdbFormatError('intset: not ascending');
    prev = v;
    members[i] = v.toString();
  }
  return { members, width };
}

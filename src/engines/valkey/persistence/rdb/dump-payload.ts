/**
 * DUMP / RESTORE payloads (redis createDumpPayload / verifyDumpPayload): a value in RDB form (type
 * byte + body), then the RDB version as 2 bytes and the CRC64 of everything before it, both little
 * endian. FUNCTION DUMP uses the same footer around function records.
 */
import type { LoadContext, SaveContext } from './codec';
import { readObjectBody, writeObject } from './objects';
import { RdbReader } from './rdb-reader';
import { RdbWriter } from './rdb-writer';
import type { StoredValue } from '../../keyspace/values';
import { crc64 } from '../../util/crc64';

const FOOTER = 10;

/** Appends the version and checksum footer to an RDB body. */
export function sealPayload(w: RdbWriter, rdbVersion: number): Buffer {
  w.byte(rdbVersion & 0xff);
  w.byte((rdbVersion >> 8) & 0xff);
  w.uint64LE(crc64(w.view()));
  return w.toBuffer();
}

/** The DUMP payload of a value. */
export function createDumpPayload(value: StoredValue, ctx: SaveContext, compress: boolean): Buffer {
  const w = new RdbWriter(compress);
  writeObject(w, value, ctx);
  return sealPayload(w, ctx.rdbVersion);
}

/**
 * verifyDumpPayload: at least the footer, an RDB version this server reads, and a matching
 * checksum. Returns the payload's version, or undefined when the payload must be refused.
 */
export function verifyDumpPayload(payload: Buffer, serverRdbVersion: number): number | undefined {
  if (payload.length < FOOTER) return undefined;
  const footer = payload.length - FOOTER;
  const version = payload[footer] | (payload[footer + 1] << 8);
  if (version > serverRdbVersion) return undefined;
  const crc = payload.readBigUInt64LE(footer + 2);
  if (crc64(payload.subarray(0, payload.length - 8)) !== crc) return undefined;
  return version;
}

/**
 * The value a verified payload holds (rdbLoadObjectType + rdbLoadObject). Undefined when it holds
 * an empty aggregate; throws RdbFormatError when the body is corrupt.
 */
export function loadDumpPayload(payload: Buffer, ctx: LoadContext): StoredValue | undefined {
  // redis reads from the whole payload: a body that claims more bytes runs into the footer.
  const r = new RdbReader(payload);
  const type = r.byte();
  return readObjectBody(type, r, ctx);
}

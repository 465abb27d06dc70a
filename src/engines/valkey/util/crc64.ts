/**
 * CRC-64/Jones as redis computes it (reflected polynomial 0xad93d23594c935a9, initial value 0,
 * no final xor): the checksum of DUMP and FUNCTION DUMP payloads and of RDB files. Computed on two
 * 32-bit halves held as int32 (so they stay small integers for the JIT) with lookup tables: a large
 * RDB file is checksummed in milliseconds, not in the seconds BigInt arithmetic per byte takes.
 */
const POLY = 0x95ac9329ac4bc9b5n;
const TABLE_LO = new Int32Array(256);
const TABLE_HI = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  let crc = BigInt(i);
  for (let k = 0; k < 8; k++) crc = crc & 1n ? (crc >> 1n) ^ POLY : crc >> 1n;
  TABLE_LO[i] = Number(BigInt.asIntN(32, crc));
  TABLE_HI[i] = Number(BigInt.asIntN(32, crc >> 32n));
}

export function crc64(data: Uint8Array, crc = 0n): bigint {
  let lo = Number(BigInt.asIntN(32, crc));
  let hi = Number(BigInt.asIntN(32, crc >> 32n));
  const n = data.length;
  for (let i = 0; i < n; i++) {
    const idx = (lo ^ data[i]) & 0xff;
    lo = TABLE_LO[idx] ^ ((lo >>> 8) | (hi << 24));
    hi = TABLE_HI[idx] ^ (hi >>> 8);
  }
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

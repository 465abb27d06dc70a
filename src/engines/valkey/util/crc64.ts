/**
 * CRC-64/Jones as redis computes it (reflected polynomial 0xad93d23594c935a9, initial value 0,
 * no final xor): the checksum of DUMP and FUNCTION DUMP payloads.
 */
const POLY = 0x95ac9329ac4bc9b5n;
const TABLE: bigint[] = [];
for (let i = 0; i < 256; i++) {
  let crc = BigInt(i);
  for (let k = 0; k < 8; k++) crc = crc & 1n ? (crc >> 1n) ^ POLY : crc >> 1n;
  TABLE.push(crc);
}

export function crc64(data: Uint8Array, crc = 0n): bigint {
  for (let i = 0; i < data.length; i++) crc = TABLE[Number((crc ^ BigInt(data[i])) & 0xffn)] ^ (crc >> 8n);
  return crc;
}

/**
 * Hash slots: CRC16 (XMODEM, as redis' crc16.c) of the key, or of its hash tag, modulo 16384.
 * Keys are latin1 strings (one char per byte), so char codes are the bytes.
 */

export const CLUSTER_SLOTS = 16384;

const TABLE = new Uint16Array(256);
for (let i = 0; i < 256; i++) {
  let crc = i << 8;
  for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  TABLE[i] = crc;
}

/** CRC16-XMODEM of `s[start, end)`. */
export function crc16(s: string, start = 0, end = s.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ s.charCodeAt(i)) & 0xff];
  return crc;
}

/**
 * The slot of a key (redis keyHashSlot): only the part between the first `{` and the next `}`
 * counts when that part is not empty.
 */
export function keyHashSlot(key: string): number {
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) return crc16(key, open + 1, close) & 0x3fff;
  }
  return crc16(key) & 0x3fff;
}

/* eslint-disable no-bitwise */
// Base64 is bit packing.
/**
 * memcached's base64 decoder (the one meta commands use for `b` keys): characters outside the
 * alphabet are skipped, the number of alphabet characters must be a multiple of four, and
 * decoding stops after the first padded block. Returns undefined where memcached returns 0.
 */

const DTABLE = new Uint8Array(256).fill(0x80);
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
for (let i = 0; i < ALPHABET.length; i++) DTABLE[ALPHABET.charCodeAt(i)] = i;
DTABLE[61] = 0; // '='

export function base64DecodeLikeMemcached(src: Uint8Array, start: number, len: number): Buffer | undefined {
  let count = 0;
  for (let i = start; i < start + len; i++) if (DTABLE[src[i]] !== 0x80) count++;
  if (count === 0 || count % 4) return undefined;
  const out = Buffer.allocUnsafe((count / 4) * 3);
  let pos = 0;
  let pad = 0;
  const block = [0, 0, 0, 0];
  count = 0;
  for (let i = start; i < start + len; i++) {
    const tmp = DTABLE[src[i]];
    if (tmp === 0x80) continue;
    if (src[i] === 61) pad++;
    block[count++] = tmp;
    if (count === 4) {
      out[pos++] = ((block[0] << 2) | (block[1] >> 4)) & 0xff;
      out[pos++] = ((block[1] << 4) | (block[2] >> 2)) & 0xff;
      out[pos++] = ((block[2] << 6) | block[3]) & 0xff;
      count = 0;
      if (pad) {
        if (pad === 1) pos--;
        else if (pad === 2) pos -= 2;
        else return undefined;
        break;
      }
    }
  }
  if (pos === 0) return undefined;
  return out.subarray(0, pos);
}

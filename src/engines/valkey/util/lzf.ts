/**
 * LZF decompression (liblzf's format, used by redis for compressed RDB strings): literal runs
 * `000LLLLL` followed by L+1 bytes, back references `LLLooooo oooooooo` (length L+2, or a
 * following length byte + 9 when L is 7) copying from `offset + 1` bytes back.
 */
export function lzfDecompress(input: Uint8Array, outLength: number): Buffer | undefined {
  const out = Buffer.alloc(outLength);
  let ip = 0;
  let op = 0;
  while (ip < input.length) {
    const ctrl = input[ip++];
    if (ctrl < 32) {
      const len = ctrl + 1;
      if (op + len > outLength || ip + len > input.length) return undefined;
      for (let i = 0; i < len; i++) out[op++] = input[ip++];
    } else {
      let len = ctrl >> 5;
      if (len === 7) {
        if (ip >= input.length) return undefined;
        len += input[ip++];
      }
      if (ip >= input.length) return undefined;
      let ref = op - ((ctrl & 0x1f) << 8) - 1 - input[ip++];
      len += 2;
      if (op + len > outLength || ref < 0) return undefined;
      for (let i = 0; i < len; i++) out[op++] = out[ref++];
    }
  }
  return op === outLength ? out : undefined;
}

/** liblzf's hash table size as redis builds it (HLOG 16). */
const HSIZE = 1 << 16;
const MAX_LIT = 1 << 5;
const MAX_OFF = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);
/** Offsets into the input by hash, reused between calls and cleared before each one. */
const htab = new Int32Array(HSIZE);

function idx(hval: number): number {
  return ((hval >>> 8) - Math.imul(hval, 5)) & (HSIZE - 1);
}

/**
 * LZF compression producing exactly the bytes of the liblzf 3.6 compressor redis-server bundles
 * (HLOG 16, VERY_FAST, offsets in the hash table): the same hash, match search, match-length scan
 * and literal runs, so compressed RDB strings, DUMP payloads and quicklist nodes are
 * byte-identical to redis-server's. Returns the compressed length written to `out`, or 0 when the
 * result would not fit in `outLen` bytes (the caller then stores the data raw). `out` must have
 * room for `outLen + 1` bytes.
 *
 * redis leaves its table uninitialized; a cleared table is what it finds in practice (a stale entry
 * only changes the output when it points at a matching position of the new input that this input
 * never hashed, inside an earlier match).
 */
export function lzfCompress(input: Uint8Array, out: Uint8Array, outLen: number): number {
  const inEnd = input.length;
  if (inEnd === 0 || outLen === 0) return 0;
  htab.fill(0);
  const outEnd = outLen;
  let ip = 0;
  let op = 1; // start run
  let lit = 0;
  // hval is an unsigned 32-bit value in C; only its low bits feed the index.
  let hval = (input[0] << 8) | input[1];
  while (ip < inEnd - 2) {
    hval = ((hval << 8) | input[ip + 2]) >>> 0;
    const slot = idx(hval);
    const ref = htab[slot];
    htab[slot] = ip;
    const off = ip - ref - 1;
    if (ref > 0 && off >= 0 && off < MAX_OFF
      && input[ref + 2] === input[ip + 2] && input[ref] === input[ip] && input[ref + 1] === input[ip + 1]) {
      let len = 2;
      let maxlen = inEnd - ip - len;
      if (maxlen > MAX_REF) maxlen = MAX_REF;
      // A conservative test, then the exact one.
      if (op + 3 + 1 >= outEnd && op - (lit === 0 ? 1 : 0) + 3 + 1 >= outEnd) return 0;
      out[op - lit - 1] = lit - 1; // stop run
      if (lit === 0) op--; // undo run if length is zero
      // The first 16 extra bytes are compared without the maxlen bound (it can only be passed
      // where the input ends exactly there), then byte by byte.
      let mismatch = false;
      if (maxlen > 16) {
        for (let k = 0; k < 16; k++) {
          len++;
          if (input[ref + len] !== input[ip + len]) {
            mismatch = true;
            break;
          }
        }
      }
      if (!mismatch) {
        do len++;
        while (len < maxlen && input[ref + len] === input[ip + len]);
      }
      len -= 2; // len is now #octets - 1
      ip++;
      if (len < 7) {
        out[op++] = ((off >> 8) + (len << 5)) & 0xff;
      } else {
        out[op++] = ((off >> 8) + (7 << 5)) & 0xff;
        out[op++] = (len - 7) & 0xff;
      }
      out[op++] = off & 0xff;
      lit = 0;
      op++; // start run
      ip += len + 1;
      if (ip >= inEnd - 2) break;
      // VERY_FAST: hash the last two positions of the match.
      ip -= 2;
      hval = (input[ip] << 8) | input[ip + 1];
      hval = ((hval << 8) | input[ip + 2]) >>> 0;
      htab[idx(hval)] = ip;
      ip++;
      hval = ((hval << 8) | input[ip + 2]) >>> 0;
      htab[idx(hval)] = ip;
      ip++;
    } else {
      if (op >= outEnd) return 0;
      lit++;
      out[op++] = input[ip++];
      if (lit === MAX_LIT) {
        out[op - lit - 1] = lit - 1; // stop run
        lit = 0;
        op++; // start run
      }
    }
  }
  if (op + 3 > outEnd) return 0; // at most 3 bytes can be missing here
  while (ip < inEnd) {
    lit++;
    out[op++] = input[ip++];
    if (lit === MAX_LIT) {
      out[op - lit - 1] = lit - 1;
      lit = 0;
      op++;
    }
  }
  out[op - lit - 1] = lit - 1; // end run
  if (lit === 0) op--;
  return op;
}

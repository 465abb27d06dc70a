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

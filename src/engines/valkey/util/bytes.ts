/** Byte/latin1 conversions that are safe for large inputs (no argument-count limits). */

/** Builds a latin1 string from byte values, in chunks so huge arrays do not overflow the stack. */
export function bytesToLatin1(bytes: ArrayLike<number>): string {
  const CHUNK = 8192;
  let out = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const end = Math.min(bytes.length, i + CHUNK);
    const part: number[] = new Array(end - i);
    for (let j = i; j < end; j++) part[j - i] = bytes[j] ?? 0;
    out += String.fromCharCode.apply(null, part);
  }
  return out;
}

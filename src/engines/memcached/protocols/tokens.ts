/**
 * memcached's `tokenize_command` on a byte range: tokens are separated by single spaces only, the
 * line ends at its first NUL byte (memcached works on C strings), and at most 23 tokens are cut;
 * the rest of the line is left for the caller (multi-key gets re-tokenize it).
 */

export const MAX_TOKENS = 24;

export class Tokens {
  readonly start = new Int32Array(MAX_TOKENS);
  readonly end = new Int32Array(MAX_TOKENS);
  /** Number of tokens found, not counting memcached's terminal token. */
  count = 0;
  /** Where the untokenized remainder starts, or -1 when the whole line was consumed. */
  rest = -1;
  buf: Uint8Array = new Uint8Array(0);

  /** End of the line as memcached sees it: cut at the first NUL. */
  lineEnd = 0;

  /** Tokenizes `buf[from..to)`, stopping at a NUL byte as C string handling does. */
  tokenize(buf: Uint8Array, from: number, to: number): number {
    this.buf = buf;
    let n = 0;
    let s = from;
    let e = from;
    this.rest = -1;
    for (; e < to; e++) {
      const c = buf[e];
      if (c === 32) {
        if (s !== e) {
          this.start[n] = s;
          this.end[n] = e;
          n++;
          if (n === MAX_TOKENS - 1) {
            e++;
            s = e;
            break;
          }
        }
        s = e + 1;
      } else if (c === 0) {
        to = e;
        break;
      }
    }
    if (s !== e) {
      this.start[n] = s;
      this.end[n] = e;
      n++;
    }
    this.lineEnd = to;
    if (e < to) {
      // Only a NUL-free remainder counts (the tokenizer stops at NUL).
      let t = e;
      while (t < to && buf[t] !== 0) t++;
      this.lineEnd = t;
      this.rest = t > e ? e : -1;
    }
    this.count = n;
    return n;
  }

  len(i: number): number {
    return this.end[i] - this.start[i];
  }

  /** Compares token `i` with an ASCII string. */
  is(i: number, word: string): boolean {
    const s = this.start[i];
    if (this.end[i] - s !== word.length) return false;
    for (let j = 0; j < word.length; j++) if (this.buf[s + j] !== word.charCodeAt(j)) return false;
    return true;
  }

  /** Token `i` as a Latin-1 string (slow path: admin commands, errors). */
  text(i: number): string {
    return Buffer.from(this.buf.buffer, this.buf.byteOffset + this.start[i], this.len(i)).toString('latin1');
  }

  /** The first byte of token `i`. */
  first(i: number): number {
    return this.buf[this.start[i]];
  }
}


/** memcached `set_noreply_maybe`: the last real token (of `n` counting the terminal) may be "noreply". */
export function setNoreplyMaybe(c: { noreply: boolean }, t: Tokens, n: number): boolean {
  if (n >= 2 && t.is(n - 2, 'noreply')) c.noreply = true;
  return c.noreply;
}

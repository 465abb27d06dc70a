/**
 * Glob matching with redis' `stringmatchlen` rules, used by KEYS, SCAN MATCH, CONFIG GET, PSUBSCRIBE,
 * ACL key patterns…: `*`, `?`, `[abc]`, `[^a-z]`, `\x` escapes; an unterminated `[` class still
 * matches what it has read; bytes compare as signed chars in ranges, as the C code does.
 */

const MAX_NESTING = 1000;

function signedByte(c: number): number {
  return c >= 128 ? c - 256 : c;
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

class Matcher {
  /** Set once a `*` failed to match the rest from any position: longer matches cannot help. */
  skipLonger = false;
  constructor(readonly pattern: string, readonly subject: string, readonly nocase: boolean) {}

  /** Pattern byte at i, or 0 past the end (the C string's terminator). */
  private p(i: number): number {
    return i < this.pattern.length ? this.pattern.charCodeAt(i) : 0;
  }

  match(pi: number, pLen: number, si: number, sLen: number, nesting: number): boolean {
    if (nesting > MAX_NESTING) return false;
    const s = this.subject;
    const nocase = this.nocase;
    while (pLen > 0 && sLen > 0) {
      const pc = this.p(pi);
      if (pc === 42 /* * */) {
        while (pLen > 0 && this.p(pi + 1) === 42) {
          pi++;
          pLen--;
        }
        if (pLen === 1) return true;
        while (sLen > 0) {
          if (this.match(pi + 1, pLen - 1, si, sLen, nesting + 1)) return true;
          if (this.skipLonger) return false;
          si++;
          sLen--;
        }
        this.skipLonger = true;
        return false;
      } else if (pc === 63 /* ? */) {
        si++;
        sLen--;
      } else if (pc === 91 /* [ */) {
        pi++;
        pLen--;
        const not = this.p(pi) === 94;
        if (not) {
          pi++;
          pLen--;
        }
        let matched = false;
        const sc = s.charCodeAt(si);
        for (;;) {
          const c = this.p(pi);
          if (c === 92 && pLen >= 2) {
            pi++;
            pLen--;
            if (this.p(pi) === sc) matched = true;
          } else if (c === 93 /* ] */) {
            break;
          } else if (pLen === 0) {
            pi--;
            pLen++;
            break;
          } else if (pLen >= 3 && this.p(pi + 1) === 45 /* - */) {
            let start = signedByte(c);
            let end = signedByte(this.p(pi + 2));
            let ch = signedByte(sc);
            if (start > end) [start, end] = [end, start];
            if (nocase) {
              start = lower(start);
              end = lower(end);
              ch = lower(ch);
            }
            pi += 2;
            pLen -= 2;
            if (ch >= start && ch <= end) matched = true;
          } else if (nocase ? lower(c) === lower(sc) : c === sc) {
            matched = true;
          }
          pi++;
          pLen--;
        }
        if (not) matched = !matched;
        if (!matched) return false;
        si++;
        sLen--;
      } else {
        if (pc === 92 /* \ */ && pLen >= 2) {
          pi++;
          pLen--;
        }
        const c = this.p(pi);
        const sc = s.charCodeAt(si);
        if (nocase ? lower(c) !== lower(sc) : c !== sc) return false;
        si++;
        sLen--;
      }
      pi++;
      pLen--;
      if (sLen === 0) {
        while (this.p(pi) === 42) {
          pi++;
          pLen--;
        }
        break;
      }
    }
    return pLen === 0 && sLen === 0;
  }
}

/**
 * True when `subject` matches the glob `pattern` (both latin1 strings), with the shortcut KEYS,
 * SCAN and the HSCAN family take: a lone `*` matches everything, the empty string included.
 */
export function globMatch(pattern: string, subject: string, nocase = false): boolean {
  if (pattern === '*') return true;
  return stringMatch(pattern, subject, nocase);
}

/**
 * redis' stringmatchlen exactly, for callers without the `*` shortcut (PSUBSCRIBE, PUBSUB
 * CHANNELS, ACL patterns): an empty subject matches no non-empty pattern, not even `*`.
 */
export function stringMatch(pattern: string, subject: string, nocase = false): boolean {
  return new Matcher(pattern, subject, nocase).match(0, pattern.length, 0, subject.length, 0);
}

/** True when the pattern has no special characters, so it can only match itself. */
export function isLiteralPattern(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === 42 || c === 63 || c === 91 || c === 92) return false;
  }
  return true;
}

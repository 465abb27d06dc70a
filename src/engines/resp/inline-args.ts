/**
 * Splits an inline command line into arguments with redis-cli/redis-server quoting rules
 * (the rules of redis' `sdssplitargs`): blanks separate arguments; "double quotes" understand
 * `\xHH`, `\n`, `\r`, `\t`, `\b`, `\a` and `\<any>`; 'single quotes' only understand `\'`;
 * a closing quote must be followed by a blank or the end of the line.
 *
 * Returns undefined for unbalanced quotes. Also used by tests to read redis-cli-like scripts.
 */

function isSpace(c: number): boolean {
  // C isspace(): space, \t, \n, \v, \f, \r.
  return c === 32 || (c >= 9 && c <= 13);
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

const ESCAPES: Record<number, number> = { 110: 10, 114: 13, 116: 9, 98: 8, 97: 7 };

export function parseInlineArgs(buf: Uint8Array, start = 0, end = buf.length): string[] | undefined {
  const args: string[] = [];
  // Bytes past `end` read as NUL, like the C string the server splits.
  const at = (i: number): number => (i < end ? buf[i] : 0);
  let p = start;
  for (;;) {
    while (p < end && at(p) !== 0 && isSpace(at(p))) p++;
    if (at(p) === 0) return args;
    let inDouble = false;
    let inSingle = false;
    let done = false;
    const bytes: number[] = [];
    while (!done) {
      const c = at(p);
      if (inDouble) {
        if (c === 92 && at(p + 1) === 120 && hexValue(at(p + 2)) >= 0 && hexValue(at(p + 3)) >= 0) {
          bytes.push(hexValue(at(p + 2)) * 16 + hexValue(at(p + 3)));
          p += 3;
        } else if (c === 92 && at(p + 1) !== 0) {
          p++;
          const e = at(p);
          bytes.push(ESCAPES[e] ?? e);
        } else if (c === 34) {
          if (at(p + 1) !== 0 && !isSpace(at(p + 1))) return undefined;
          done = true;
        } else if (c === 0) {
          return undefined;
        } else {
          bytes.push(c);
        }
      } else if (inSingle) {
        if (c === 92 && at(p + 1) === 39) {
          p++;
          bytes.push(39);
        } else if (c === 39) {
          if (at(p + 1) !== 0 && !isSpace(at(p + 1))) return undefined;
          done = true;
        } else if (c === 0) {
          return undefined;
        } else {
          bytes.push(c);
        }
      } else if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0) {
        done = true;
      } else if (c === 34) {
        inDouble = true;
      } else if (c === 39) {
        inSingle = true;
      } else {
        bytes.push(c);
      }
      if (at(p) !== 0) p++;
    }
    args.push(String.fromCharCode.apply(null, bytes));
  }
}

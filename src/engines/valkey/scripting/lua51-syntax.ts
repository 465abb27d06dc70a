/**
 * Lua 5.1 has no integer division or bitwise operators: in redis `7 // 2`, `1 & 2` or `~1` are
 * syntax errors. Before fengari (5.3) compiles a chunk, the bytes of those operators that 5.1
 * cannot parse become control-byte placeholders (same length, so lines stay the same): 5.3 then
 * stops at the same token as 5.1 would, and the message is given back the original character.
 */

/** Placeholder byte -> the 5.1 token it stands for. */
const PLACEHOLDERS: Record<number, string> = { 1: '&', 2: '|', 3: '~', 4: '/', 5: '<', 6: '>' };
const AMP = 0x26, BAR = 0x7c, TILDE = 0x7e, SLASH = 0x2f, LT = 0x3c, GT = 0x3e, EQ = 0x3d;
const DASH = 0x2d, LBRACKET = 0x5b, RBRACKET = 0x5d, DQUOTE = 0x22, SQUOTE = 0x27, BACKSLASH = 0x5c, NL = 0x0a;

/** Level of a long bracket opening at `i` (`[[` is 0, `[==[` is 2), or -1. */
function longBracketLevel(src: Uint8Array, i: number): number {
  if (src[i] !== LBRACKET) return -1;
  let j = i + 1;
  while (src[j] === EQ) j++;
  return src[j] === LBRACKET ? j - i - 1 : -1;
}

/** Index after the long bracket of `level` that closes at or after `i` (end of source if none). */
function skipLongBracket(src: Uint8Array, i: number, level: number): number {
  for (let j = i; j < src.length; j++) {
    if (src[j] !== RBRACKET) continue;
    let k = j + 1;
    while (src[k] === EQ) k++;
    if (src[k] === RBRACKET && k - j - 1 === level) return k + 1;
  }
  return src.length;
}

/** A copy of `src` with the 5.3-only operators masked; `src` itself when it has none. */
export function maskLua53Operators(src: Uint8Array): Uint8Array {
  let out: Uint8Array | undefined;
  const mask = (at: number, placeholder: number) => {
    out ??= Uint8Array.from(src);
    out[at] = placeholder;
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === DASH && src[i + 1] === DASH) {
      const level = longBracketLevel(src, i + 2);
      if (level >= 0) i = skipLongBracket(src, i + 4 + level, level);
      else while (i < src.length && src[i] !== NL) i++;
    } else if (c === DQUOTE || c === SQUOTE) {
      i++;
      while (i < src.length && src[i] !== c && src[i] !== NL) i += src[i] === BACKSLASH ? 2 : 1;
      i++;
    } else if (c === LBRACKET && longBracketLevel(src, i) >= 0) {
      const level = longBracketLevel(src, i);
      i = skipLongBracket(src, i + 2 + level, level);
    } else {
      if (c === AMP) mask(i, 1);
      else if (c === BAR) mask(i, 2);
      else if (c === TILDE && src[i + 1] !== EQ) mask(i, 3);
      else if (c === TILDE) i++;
      else if (c === SLASH && src[i + 1] === SLASH) mask(++i, 4);
      else if (c === LT && src[i + 1] === LT) mask(++i, 5);
      else if (c === GT && src[i + 1] === GT) mask(++i, 6);
      i++;
    }
  }
  return out ?? src;
}

/** Puts the original operator back into a syntax error that stopped at a placeholder. */
export function unmaskLua53Operators(message: string): string {
  return message.replace(/'<\\([1-6])>'/g, (whole, d: string) => `'${PLACEHOLDERS[Number(d)] ?? whole}'`);
}

/**
 * Score and lexicographic range specifications of the sorted-set range commands, parsed with
 * redis' exact acceptance rules (zslParseRange, zslParseLexRangeItem).
 */
import { strtodFull } from '../../util/numbers';

export interface ScoreRange {
  min: number;
  max: number;
  /** Exclusive bounds (`(` prefix). */
  minex: boolean;
  maxex: boolean;
}

/** A lexicographic bound: a member string, or the `-` / `+` infinities. */
export const LEX_MIN = -1;
export const LEX_MAX = 1;
export const LEX_STRING = 0;

export interface LexRange {
  minKind: number;
  min: string;
  minex: boolean;
  maxKind: number;
  max: string;
  maxex: boolean;
}

function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * C `strtod` over a C string (cut at its first NUL) that must be consumed whole: leading
 * whitespace is skipped, the empty string reads as 0, overflow gives ±inf; NaN is refused.
 */
function strtodCString(s: string): number | undefined {
  const nul = s.indexOf('\0');
  const text = nul < 0 ? s : s.slice(0, nul);
  if (text.length === 0) return 0;
  let i = 0;
  while (i < text.length && isCSpace(text.charCodeAt(i))) i++;
  const r = strtodFull(i === 0 ? text : text.slice(i));
  if (r === undefined || Number.isNaN(r.value)) return undefined;
  return r.value;
}

/** Parses `min max` score bounds (`(` = exclusive); undefined when either is not a float. */
export function parseScoreRange(minArg: string, maxArg: string): ScoreRange | undefined {
  const minex = minArg.charCodeAt(0) === 40;
  const maxex = maxArg.charCodeAt(0) === 40;
  const min = strtodCString(minex ? minArg.slice(1) : minArg);
  if (min === undefined) return undefined;
  const max = strtodCString(maxex ? maxArg.slice(1) : maxArg);
  if (max === undefined) return undefined;
  return { min, max, minex, maxex };
}

export function scoreGteMin(value: number, r: ScoreRange): boolean {
  return r.minex ? value > r.min : value >= r.min;
}

export function scoreLteMax(value: number, r: ScoreRange): boolean {
  return r.maxex ? value < r.max : value <= r.max;
}

/** True for ranges that can hold nothing. */
export function scoreRangeEmpty(r: ScoreRange): boolean {
  return r.min > r.max || (r.min === r.max && (r.minex || r.maxex));
}

function parseLexItem(s: string): { kind: number; value: string; ex: boolean } | undefined {
  const c = s.charCodeAt(0);
  // `+` and `-` must stand alone; redis reads them as C strings, so a NUL may follow.
  if (c === 43 || c === 45) {
    if (s.length > 1 && s.charCodeAt(1) !== 0) return undefined;
    return { kind: c === 43 ? LEX_MAX : LEX_MIN, value: '', ex: true };
  }
  if (c === 40) return { kind: LEX_STRING, value: s.slice(1), ex: true };
  if (c === 91) return { kind: LEX_STRING, value: s.slice(1), ex: false };
  return undefined;
}

/** Parses `min max` lex bounds (`[x`, `(x`, `-`, `+`); undefined when invalid. */
export function parseLexRange(minArg: string, maxArg: string): LexRange | undefined {
  const min = parseLexItem(minArg);
  if (!min) return undefined;
  const max = parseLexItem(maxArg);
  if (!max) return undefined;
  return { minKind: min.kind, min: min.value, minex: min.ex, maxKind: max.kind, max: max.value, maxex: max.ex };
}

/** redis sdscmplex: a member against a bound, with `-` below and `+` above everything. */
function compareToBound(value: string, kind: number, bound: string): number {
  if (kind === LEX_MAX) return -1;
  if (kind === LEX_MIN) return 1;
  return value < bound ? -1 : value > bound ? 1 : 0;
}

export function lexGteMin(value: string, r: LexRange): boolean {
  const cmp = compareToBound(value, r.minKind, r.min);
  return r.minex ? cmp > 0 : cmp >= 0;
}

export function lexLteMax(value: string, r: LexRange): boolean {
  const cmp = compareToBound(value, r.maxKind, r.max);
  return r.maxex ? cmp < 0 : cmp <= 0;
}

/** True for lex ranges that can hold nothing (min above max, or equal with an exclusive end). */
export function lexRangeEmpty(r: LexRange): boolean {
  let cmp: number;
  if (r.minKind === r.maxKind && r.minKind !== LEX_STRING) cmp = 0;
  else if (r.minKind === LEX_MIN || r.maxKind === LEX_MAX) cmp = -1;
  else if (r.minKind === LEX_MAX || r.maxKind === LEX_MIN) cmp = 1;
  else cmp = r.min < r.max ? -1 : r.min > r.max ? 1 : 0;
  return cmp > 0 || (cmp === 0 && (r.minex || r.maxex));
}

/**
 * Lua 5.1's `string.format` and `string.rep` over fengari's 5.3 ones. 5.1 casts numbers for the
 * integer conversions (`%d %i %u %c %o %x %X`) by C truncation where 5.3 raises "number has no
 * integer representation", has `%u`, quotes numbers for `%q` in their `%.14g` text, and its
 * `string.rep` has no separator argument. fengari's integers are 32-bit, so the 64-bit integer
 * conversions are formatted here and handed to the 5.3 function as `%s` arguments.
 */
import { lauxlib, lit, lua, LuaState, luaToLatin1, latin1ToLua, luaNumberToString } from './lua';
import { formatExponent, formatFixed, formatG, nanIsNegative } from '../../resp/format-double';

const FORMAT53_KEY = '__format53';
const REP53_KEY = '__rep53';
const INTEGER_CONVERSIONS = 'diucoxX';
const TWO_64 = 1n << 64n;
const INT64_MIN = -(1n << 63n);

/** Replaces `string.format`, `rep`, `char`, `find` and `match` with their 5.1 behaviour; runs once per Lua state. */
export function applyLua51Strings(L: LuaState): void {
  lua.lua_getglobal(L, lit('string'));
  for (const [name, key, fn] of [['format', FORMAT53_KEY, format51], ['rep', REP53_KEY, rep51]] as const) {
    lua.lua_getfield(L, -1, lit(name));
    lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, lit(key));
    lua.lua_pushcfunction(L, fn);
    lua.lua_setfield(L, -2, lit(name));
  }
  lua.lua_pushcfunction(L, char51);
  lua.lua_setfield(L, -2, lit('char'));
  for (const name of ['find', 'match']) {
    const key = `__${name}53`;
    lua.lua_getfield(L, -1, lit(name));
    lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, lit(key));
    lua.lua_pushcfunction(L, findOrMatch51(key, name));
    lua.lua_setfield(L, -2, lit(name));
  }
  lua.lua_pop(L, 1);
}

/** 5.1 `string.char`: each code must be a byte ("invalid value"); fengari's check is broken. */
function char51(L: LuaState): number {
  const n = lua.lua_gettop(L);
  const bytes = new Uint8Array(n);
  for (let i = 1; i <= n; i++) {
    const c = lauxlib.luaL_checkinteger(L, i);
    if (c < 0 || c > 255) return lauxlib.luaL_argerror(L, i, lit('invalid value'));
    bytes[i - 1] = c;
  }
  lua.lua_pushstring(L, bytes);
  return 1;
}

/** C's (long long) cast of a double as x86-64 does it: out of range and NaN give INT64_MIN. */
function truncateToInt64(n: number): bigint {
  if (!Number.isFinite(n) || n >= 2 ** 63 || n < -(2 ** 63)) return INT64_MIN;
  return BigInt(Math.trunc(n));
}

/**
 * C's (unsigned long long) cast as gcc compiles it on x86-64: from 2^63 up the double is lowered
 * by 2^63, converted signed and the top bit flipped back, so 1e19 stays exact while 2^64 and +inf
 * come out 0; below 2^63 (NaN included) it is the signed conversion.
 */
function truncateToUint64(n: number): bigint {
  if (n >= 2 ** 63) return BigInt.asUintN(64, truncateToInt64(n - 2 ** 63) ^ INT64_MIN);
  return BigInt.asUintN(64, truncateToInt64(n));
}

/** C's (int) cast (%c takes an int): out of range and NaN give INT_MIN. */
function truncateToInt32(n: number): bigint {
  if (!Number.isFinite(n) || n >= 2 ** 31 || n < -(2 ** 31)) return -(1n << 31n);
  return BigInt(Math.trunc(n));
}

/** What 5.1 keeps of a formatted item: it appends sprintf's output up to the first NUL (strlen). */
function upToNul(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

/**
 * 5.1's `%s`: a string of 100 bytes or more under a spec without precision goes in whole (width
 * ignored); otherwise sprintf formats it, which stops at a NUL byte.
 */
function formatString(s: string, spec: Spec): string {
  if (spec.precision < 0 && s.length >= 100) return s;
  let text = upToNul(s);
  if (spec.precision >= 0) text = text.slice(0, spec.precision);
  return pad(text, spec);
}

interface Spec {
  readonly flags: string;
  readonly width: number;
  /** -1 when absent. */
  readonly precision: number;
}

/** printf of one 64-bit integer conversion, with the flags C applies to it. */
function formatInteger(v: bigint, conv: string, spec: Spec): string {
  if (conv === 'c') return pad(String.fromCharCode(Number(BigInt.asUintN(8, v))), spec);
  const unsigned = conv !== 'd' && conv !== 'i';
  const magnitude = unsigned ? (v < 0n ? v + TWO_64 : v) : v < 0n ? -v : v;
  const radix = conv === 'o' ? 8 : conv === 'x' || conv === 'X' ? 16 : 10;
  let digits = magnitude.toString(radix);
  if (conv === 'X') digits = digits.toUpperCase();
  if (spec.precision >= 0) {
    if (spec.precision === 0 && magnitude === 0n) digits = '';
    digits = digits.padStart(spec.precision, '0');
  }
  let prefix = '';
  if (!unsigned) prefix = v < 0n ? '-' : spec.flags.includes('+') ? '+' : spec.flags.includes(' ') ? ' ' : '';
  if (spec.flags.includes('#')) {
    if (conv === 'o' && !digits.startsWith('0')) digits = '0' + digits;
    if ((conv === 'x' || conv === 'X') && magnitude !== 0n) prefix = conv === 'x' ? '0x' : '0X';
  }
  const zeroPad = spec.flags.includes('0') && !spec.flags.includes('-') && spec.precision < 0;
  if (zeroPad) return prefix + digits.padStart(spec.width - prefix.length, '0');
  return pad(prefix + digits, spec);
}

/** printf `%g`/`%G` (fengari prints large floats in full); the `#` flag is left to fengari. */
function formatGeneral(n: number, conv: string, spec: Spec): string {
  const precision = spec.precision < 0 ? 6 : Math.max(spec.precision, 1);
  let text = Number.isFinite(n) ? formatG(Math.abs(n), precision) : luaNumberToString(Math.abs(n)).replace('-', '');
  if (conv === 'G') text = text.toUpperCase();
  const negative = n < 0 || Object.is(n, -0) || (Number.isNaN(n) && nanIsNegative(n));
  const sign = negative ? '-' : spec.flags.includes('+') ? '+' : spec.flags.includes(' ') ? ' ' : '';
  if (spec.flags.includes('0') && !spec.flags.includes('-') && Number.isFinite(n)) return sign + text.padStart(spec.width - sign.length, '0');
  return pad(sign + text, spec);
}

/**
 * printf `%e`/`%E`/`%f` as glibc prints them (fengari's sprintf rounds ties up, writes `1e+21` for
 * `%f`, `5e-1` for `%e`, and has no `%E`).
 */
function formatFloat(n: number, conv: string, spec: Spec): string {
  const precision = spec.precision < 0 ? 6 : spec.precision;
  let text: string;
  if (!Number.isFinite(n)) {
    text = luaNumberToString(Math.abs(n)).replace('-', '');
  } else {
    text = conv === 'f' ? formatFixed(Math.abs(n), precision) : formatExponent(Math.abs(n), precision);
    // `#` keeps the point when no digit follows it.
    if (spec.flags.includes('#') && precision === 0) text = conv === 'f' ? `${text}.` : text.replace('e', '.e');
  }
  if (conv === 'E') text = text.toUpperCase();
  const negative = n < 0 || Object.is(n, -0) || (Number.isNaN(n) && nanIsNegative(n));
  const sign = negative ? '-' : spec.flags.includes('+') ? '+' : spec.flags.includes(' ') ? ' ' : '';
  if (spec.flags.includes('0') && !spec.flags.includes('-') && Number.isFinite(n)) return sign + text.padStart(spec.width - sign.length, '0');
  return pad(sign + text, spec);
}

function pad(s: string, spec: Spec): string {
  return spec.flags.includes('-') ? s.padEnd(spec.width) : s.padStart(spec.width);
}

/**
 * 5.1 `string.format`: walks the specs as 5.1's scanformat does; integer conversions of numbers
 * are formatted here and become `%s` of their text, the rest goes to the 5.3 function unchanged.
 */
function format51(L: LuaState): number {
  const fmt = luaToLatin1(lauxlib.luaL_checklstring(L, 1));
  const top = lua.lua_gettop(L);
  let out = '';
  let arg = 1;
  let i = 0;
  while (i < fmt.length) {
    const pct = fmt.indexOf('%', i);
    if (pct < 0 || pct + 1 >= fmt.length) {
      out += fmt.slice(i);
      break;
    }
    out += fmt.slice(i, pct);
    if (fmt[pct + 1] === '%') {
      out += '%%';
      i = pct + 2;
      continue;
    }
    const m = /^([-+ #0]*)(\d*)(?:\.(\d*))?(.?)/.exec(fmt.slice(pct + 1))!;
    const [whole, flags, width, precision, conv] = m;
    const end = pct + 1 + whole.length;
    arg++;
    const valid = flags.length <= 5 && width.length <= 2 && (precision === undefined || precision.length <= 2);
    const spec = { flags, width: Number(width || 0), precision: precision === undefined ? -1 : Number(precision || 0) };
    // 5.1 has no %a or %F, and its %s and %q take strings (or numbers) only, where 5.3 converts any value.
    if (valid && (conv === 'a' || conv === 'A' || conv === 'F')) return lauxlib.luaL_error(L, lit('%s'), latin1ToLua(`invalid option '%${conv}' to 'format'`));
    if (valid && (conv === 's' || conv === 'q') && arg <= top && !lua.lua_isstring(L, arg)) {
      return lauxlib.luaL_argerror(L, arg, latin1ToLua(`string expected, got ${luaToLatin1(lauxlib.luaL_typename(L, arg))}`));
    }
    if (valid && arg <= top && conv !== '' && INTEGER_CONVERSIONS.includes(conv) && lua.lua_isnumber(L, arg)) {
      const n = lua.lua_tonumber(L, arg);
      const v = conv === 'c' ? truncateToInt32(n) : conv === 'd' || conv === 'i' ? truncateToInt64(n) : truncateToUint64(n);
      pushLatin1At(L, arg, upToNul(formatInteger(v, conv, spec)));
      out += '%s';
    } else if (valid && arg <= top && conv === 's') {
      pushLatin1At(L, arg, formatString(luaToLatin1(lua.lua_tolstring(L, arg) ?? lit('')), spec));
      out += '%s';
    } else if (valid && arg <= top && (conv === 'e' || conv === 'E' || conv === 'f') && lua.lua_isnumber(L, arg)) {
      pushLatin1At(L, arg, formatFloat(lua.lua_tonumber(L, arg), conv, spec));
      out += '%s';
    } else if (valid && arg <= top && (conv === 'g' || conv === 'G') && !flags.includes('#') && lua.lua_isnumber(L, arg)) {
      pushLatin1At(L, arg, formatGeneral(lua.lua_tonumber(L, arg), conv, spec));
      out += '%s';
    } else {
      if (valid && arg <= top && conv === 'q' && lua.lua_type(L, arg) === lua.LUA_TNUMBER) {
        // 5.1 quotes the number's %.14g text; 5.3 would write a hexadecimal float.
        pushLatin1At(L, arg, luaNumberToString(lua.lua_tonumber(L, arg)));
      }
      out += fmt.slice(pct, end);
    }
    i = end;
  }
  lua.lua_pushstring(L, latin1ToLua(out));
  lua.lua_replace(L, 1);
  return call53(L, FORMAT53_KEY, 'format', top, 1);
}

/**
 * Calls the 5.3 library function kept under `key` with the `nargs` values on the stack, as the
 * 5.1 function named `name` would have run: its errors get the script's position and the
 * function's name, which the 5.3 function, called from here, cannot see. Called straight from C
 * (pcall(string.format, …)) there is neither, in 5.1 too.
 */
function call53(L: LuaState, key: string, name: string, nargs: number, nresults: number): number {
  lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, lit(key));
  lua.lua_insert(L, 1);
  if (lua.lua_pcall(L, nargs, nresults, 0) !== lua.LUA_OK) {
    let msg = luaToLatin1(lua.lua_tolstring(L, -1) ?? lit(''));
    lua.lua_pop(L, 1);
    lauxlib.luaL_where(L, 1);
    const fromLua = (lua.lua_tolstring(L, -1)?.length ?? 0) > 0;
    if (fromLua) msg = msg.replace("to '?'", `to '${name}'`);
    lua.lua_pushstring(L, latin1ToLua(msg));
    lua.lua_concat(L, 2);
    return lua.lua_error(L);
  }
  return nresults === lua.LUA_MULTRET ? lua.lua_gettop(L) : nresults;
}

/**
 * 5.1 `string.find` and `string.match`: a start past the end is moved to the end (an empty
 * pattern still matches there), where 5.3 answers nil.
 */
function findOrMatch51(key: string, name: string) {
  return (L: LuaState): number => {
    const length = lauxlib.luaL_checklstring(L, 1).length;
    lauxlib.luaL_checklstring(L, 2);
    if (lua.lua_gettop(L) >= 3 && lua.lua_type(L, 3) > lua.LUA_TNIL) {
      let init = lauxlib.luaL_checkinteger(L, 3);
      if (init < 0) init = Math.max(0, length + init + 1);
      if (init > length + 1) {
        lua.lua_pushinteger(L, length + 1);
        lua.lua_replace(L, 3);
      }
    }
    return call53(L, key, name, lua.lua_gettop(L), lua.LUA_MULTRET);
  };
}

function pushLatin1At(L: LuaState, index: number, s: string): void {
  lua.lua_pushstring(L, latin1ToLua(s));
  lua.lua_replace(L, index);
}

/** 5.1 `string.rep(s, n)`: `n` is cast to a C int, a third argument is ignored. */
function rep51(L: LuaState): number {
  lauxlib.luaL_checklstring(L, 1);
  const n = lauxlib.luaL_checknumber(L, 2);
  // (int) of an out-of-range double is INT_MIN on x86: an empty result.
  const count = Number.isFinite(n) && Math.abs(n) < 2 ** 31 ? Math.trunc(n) : -1;
  lua.lua_settop(L, 1);
  lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, lit(REP53_KEY));
  lua.lua_insert(L, 1);
  lua.lua_pushinteger(L, count);
  lua.lua_call(L, 2, 1);
  return 1;
}

/**
 * The Lua VM: fengari (Lua 5.3 written in JavaScript), loaded with the number formatting of
 * Lua 5.1 (what redis embeds): numbers become strings with `%.14g`, so `tostring(10/2)` is `5`
 * and `'x' .. 2^53` is `x9.007199254741e+15`, whatever the 5.3 integer/float subtype.
 *
 * Lua strings are byte arrays; the engine's strings are latin1 (one char per byte), so the
 * conversions here are byte-exact for binary data.
 */
import { formatG, nanIsNegative } from '../../resp/format-double';

/** The subset of fengari's C-like API the scripting engine uses (fengari ships no typings). */
export type LuaState = { readonly __luaState: unique symbol };
export type LuaCFunction = (L: LuaState) => number;
export type LuaHook = (L: LuaState, ar: unknown) => void;

export interface LuaApi {
  readonly LUA_OK: number;
  readonly LUA_YIELD: number;
  readonly LUA_ERRRUN: number;
  readonly LUA_ERRSYNTAX: number;
  readonly LUA_MULTRET: number;
  readonly LUA_REGISTRYINDEX: number;
  readonly LUA_RIDX_GLOBALS: number;
  readonly LUA_TNONE: number;
  readonly LUA_TNIL: number;
  readonly LUA_TBOOLEAN: number;
  readonly LUA_TLIGHTUSERDATA: number;
  readonly LUA_TNUMBER: number;
  readonly LUA_TSTRING: number;
  readonly LUA_TTABLE: number;
  readonly LUA_TFUNCTION: number;
  readonly LUA_TUSERDATA: number;
  readonly LUA_TTHREAD: number;
  readonly LUA_MASKCOUNT: number;
  readonly LUA_MASKLINE: number;
  lua_absindex(L: LuaState, idx: number): number;
  lua_atnativeerror(L: LuaState, f: LuaCFunction): void;
  lua_call(L: LuaState, nargs: number, nresults: number): void;
  lua_checkstack(L: LuaState, n: number): boolean;
  lua_concat(L: LuaState, n: number): void;
  lua_createtable(L: LuaState, narr: number, nrec: number): void;
  lua_error(L: LuaState): number;
  lua_getfield(L: LuaState, idx: number, k: Uint8Array): number;
  lua_getglobal(L: LuaState, name: Uint8Array): number;
  lua_getmetatable(L: LuaState, idx: number): boolean;
  lua_gettop(L: LuaState): number;
  lua_insert(L: LuaState, idx: number): void;
  lua_isinteger(L: LuaState, idx: number): boolean;
  lua_isnumber(L: LuaState, idx: number): boolean;
  lua_isstring(L: LuaState, idx: number): boolean;
  lua_iscfunction(L: LuaState, idx: number): boolean;
  lua_isyieldable(L: LuaState): boolean;
  lua_newtable(L: LuaState): void;
  lua_newthread(L: LuaState): LuaState;
  lua_next(L: LuaState, idx: number): boolean;
  lua_pcall(L: LuaState, nargs: number, nresults: number, errfunc: number): number;
  lua_pop(L: LuaState, n: number): void;
  lua_pushboolean(L: LuaState, b: boolean | number): void;
  lua_pushcfunction(L: LuaState, f: LuaCFunction): void;
  lua_pushinteger(L: LuaState, n: number): void;
  lua_pushlightuserdata(L: LuaState, p: unknown): void;
  lua_pushnil(L: LuaState): void;
  lua_pushnumber(L: LuaState, n: number): void;
  lua_pushstring(L: LuaState, s: Uint8Array): void;
  lua_pushvalue(L: LuaState, idx: number): void;
  lua_rawequal(L: LuaState, a: number, b: number): boolean;
  lua_rawget(L: LuaState, idx: number): number;
  lua_rawgeti(L: LuaState, idx: number, n: number): number;
  lua_rawlen(L: LuaState, idx: number): number;
  lua_rawset(L: LuaState, idx: number): void;
  lua_rawseti(L: LuaState, idx: number, n: number): void;
  lua_remove(L: LuaState, idx: number): void;
  lua_replace(L: LuaState, idx: number): void;
  lua_resume(L: LuaState, from: LuaState | null, nargs: number): number;
  lua_setfield(L: LuaState, idx: number, k: Uint8Array): void;
  lua_setglobal(L: LuaState, name: Uint8Array): void;
  lua_sethook(L: LuaState, f: LuaHook | null, mask: number, count: number): void;
  lua_setmetatable(L: LuaState, idx: number): void;
  lua_settable(L: LuaState, idx: number): void;
  lua_settop(L: LuaState, idx: number): void;
  lua_toboolean(L: LuaState, idx: number): boolean;
  lua_tointeger(L: LuaState, idx: number): number;
  lua_tolstring(L: LuaState, idx: number): Uint8Array | null;
  lua_tonumber(L: LuaState, idx: number): number;
  lua_topointer(L: LuaState, idx: number): unknown;
  lua_touserdata(L: LuaState, idx: number): unknown;
  lua_type(L: LuaState, idx: number): number;
  lua_yield(L: LuaState, n: number): number;
  /** Yields from a JS function; on resume `k` runs and its result count is the function's. */
  lua_yieldk(L: LuaState, n: number, ctx: number, k: (L: LuaState, status: number, ctx: number) => number): number;
}

export interface LauxApi {
  luaL_argerror(L: LuaState, arg: number, extramsg: Uint8Array): number;
  luaL_checkinteger(L: LuaState, arg: number): number;
  luaL_checklstring(L: LuaState, arg: number): Uint8Array;
  luaL_checknumber(L: LuaState, arg: number): number;
  luaL_checkany(L: LuaState, arg: number): void;
  luaL_checktype(L: LuaState, arg: number, t: number): void;
  luaL_error(L: LuaState, fmt: Uint8Array, ...args: unknown[]): number;
  luaL_typename(L: LuaState, idx: number): Uint8Array;
  luaL_loadbuffer(L: LuaState, buff: Uint8Array, size: number | null, name: Uint8Array): number;
  luaL_newstate(): LuaState;
  luaL_optinteger(L: LuaState, arg: number, def: number): number;
  luaL_requiref(L: LuaState, name: Uint8Array, open: LuaCFunction, glb: number): void;
  luaL_tolstring(L: LuaState, idx: number): Uint8Array;
  luaL_where(L: LuaState, level: number): void;
}

export interface LualibApi {
  luaopen_base: LuaCFunction;
  luaopen_coroutine: LuaCFunction;
  luaopen_debug: LuaCFunction;
  luaopen_math: LuaCFunction;
  luaopen_string: LuaCFunction;
  luaopen_table: LuaCFunction;
}

interface LuaConfModule {
  lua_number2str: (n: number) => string;
  lua_integer2str: (n: number) => string;
  LUA_COMPAT_FLOATSTRING: boolean;
}

/** A NaN with the sign bit set (x86's default NaN, what 0/0 makes), built from its bits. */
export const NEGATIVE_NAN = (() => {
  const bits = new Float64Array(1);
  new Uint8Array(bits.buffer).set([0xf8, 0xff], 6);
  return bits[0];
})();

/**
 * A number cast to fengari's (32-bit) integer as Lua 5.1's lua_number2integer casts it: truncated
 * towards zero. Past the range, where the C cast gives the 64-bit minimum for infinities and NaN,
 * the nearest 32-bit bound stands in: every library use (positions, counts, codes) clamps either.
 */
export function castToLuaInteger(n: number): number {
  if (Number.isNaN(n) || n === Infinity || n === -Infinity) return -(2 ** 31);
  const t = Math.trunc(n);
  return t > 2 ** 31 - 1 ? 2 ** 31 - 1 : t < -(2 ** 31) ? -(2 ** 31) : t;
}

/** Lua 5.1's LUAI_NUMFFORMAT (`%.14g`), with glibc's spellings of infinities and NaN. */
export function luaNumberToString(n: number): string {
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  // glibc prints a NaN's sign, and the value's sign bit is that of the same computation in C.
  if (Number.isNaN(n)) return nanIsNegative(n) ? '-nan' : 'nan';
  return formatG(n, 14);
}

// The configuration module must be patched before the rest of fengari reads it; defs.js loads
// first, as fengari itself loads it (the two modules require each other).
/* eslint-disable @typescript-eslint/no-require-imports */
require('fengari/src/defs.js');
const luaconf = require('fengari/src/luaconf.js') as LuaConfModule;
luaconf.lua_number2str = luaNumberToString;
luaconf.lua_integer2str = (n: number) => luaNumberToString(Number(n));
luaconf.LUA_COMPAT_FLOATSTRING = true;
// 5.1 computes `a % b` as a - floor(a / b) * b (luai_nummod), not with fmod as 5.3 does: 1e17 % 3
// is 0 there, 5 % (1/0) is NaN. The VM binds the function when it loads (before lapi below).
const llimits = require('fengari/src/llimits.js') as { luai_nummod: (L: unknown, a: number, b: number) => number };
llimits.luai_nummod = (_L, a, b) => a - Math.floor(a / b) * b;
// Lua 5.1's C API reads an integer argument by casting the number (lua_tointeger truncates, as C
// does): string.sub(s, 1, #s / 2) works on an odd length. 5.3 refuses a float that is not integral
// ("number has no integer representation"). The standard libraries bind lua_tointegerx when they
// load, so it is replaced before they do.
const lapi = require('fengari/src/lapi.js') as {
  lua_tointegerx: (L: unknown, idx: number) => number | false;
  lua_tonumberx: (L: unknown, idx: number) => number | false;
};
const tointeger53 = lapi.lua_tointegerx;
lapi.lua_tointegerx = (L, idx) => {
  const exact = tointeger53(L, idx);
  if (exact !== false) return exact;
  const n = lapi.lua_tonumberx(L, idx);
  return n === false ? false : castToLuaInteger(n);
};
// tostring() of a NULL light userdata (cjson.null) prints glibc's `%p` of NULL, `(nil)`; fengari
// prints `null`. The base library binds luaL_tolstring when it loads, so it is replaced before.
const lauxlibModule = require('fengari/src/lauxlib.js') as { luaL_tolstring: (L: unknown, idx: number) => Uint8Array };
const luaModule = require('fengari/src/lua.js') as {
  LUA_TLIGHTUSERDATA: number;
  lua_type: (L: unknown, idx: number) => number;
  lua_topointer: (L: unknown, idx: number) => unknown;
  lua_pushstring: (L: unknown, s: Uint8Array) => unknown;
  lua_tolstring: (L: unknown, idx: number) => Uint8Array;
};
const tolstring53 = lauxlibModule.luaL_tolstring;
lauxlibModule.luaL_tolstring = (L, idx) => {
  if (luaModule.lua_type(L, idx) === luaModule.LUA_TLIGHTUSERDATA && luaModule.lua_topointer(L, idx) === null) {
    luaModule.lua_pushstring(L, latin1ToLua('userdata: (nil)'));
    return luaModule.lua_tolstring(L, -1);
  }
  return tolstring53(L, idx);
};
const fengari = require('fengari') as { lua: LuaApi; lauxlib: LauxApi; lualib: LualibApi };
const lobject = require('fengari/src/lobject.js') as {
  luaO_tostring: (L: unknown, o: { value: number; ttisinteger(): boolean; setsvalue(s: unknown): void }) => void;
  luaO_str2num: (s: Uint8Array, o: { value: number; ttisinteger(): boolean; setfltvalue(n: number): void }) => number;
};
const lstring = require('fengari/src/lstring.js') as { luaS_bless: (L: unknown, s: Uint8Array) => unknown };
/* eslint-enable @typescript-eslint/no-require-imports */

// If fengari was loaded before this module, its number formatting is already bound: replace the
// conversion used by concatenation and lua_tolstring, which look it up through the module.
lobject.luaO_tostring = (L, obj) => {
  obj.setsvalue(lstring.luaS_bless(L, latin1ToLua(luaNumberToString(Number(obj.value)))));
};

// Lua 5.1 reads numbers with C's strtod, which also takes inf, infinity and nan (any case, signed,
// nan with a parenthesised tail): tonumber('inf') and 'nan' + 0 work in redis' Lua. Lua 5.3, which
// fengari implements, refuses them. The lexer never hands these words to the conversion.
//
// Every number Lua 5.1 reads is a double. 5.3 reads `100000` as an integer, and fengari's integers
// are 32 bits wide: `local x = 100000 return x * x` wrapped to 1410065408 and `-0` stayed 0. Read
// as floats, numbers keep 5.1's arithmetic (5.3 float operations are the same IEEE doubles); a
// hexadecimal integer, which 5.3 wraps, is read whole, as strtod reads it.
const str2num = lobject.luaO_str2num;
lobject.luaO_str2num = (s, o) => {
  const size = str2num(s, o);
  if (size !== 0) {
    if (o.ttisinteger()) o.setfltvalue(hexIntegerValue(s) ?? Number(o.value));
    return size;
  }
  const special = strtodSpecial(s);
  if (special === undefined) return 0;
  o.setfltvalue(special);
  return s.length + 1;
};

/** The value of a hexadecimal integer numeral (`0x1F`, blanks and sign allowed); undefined otherwise. */
function hexIntegerValue(s: Uint8Array): number | undefined {
  const m = /^\s*([-+]?)0[xX]([0-9a-fA-F]+)\s*$/.exec(luaToLatin1(s));
  if (!m) return undefined;
  // Rounded to the nearest double, as strtod rounds it.
  const v = Number(BigInt(`0x${m[2]}`));
  return m[1] === '-' ? -v : v;
}

/** C whitespace (isspace in the C locale). */
function isCSpace(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

/**
 * The value of an inf/infinity/nan word as strtod reads it, with the blanks around it that Lua 5.1
 * allows; undefined for anything else.
 */
export function strtodSpecial(bytes: Uint8Array): number | undefined {
  let i = 0;
  let end = bytes.length;
  while (i < end && isCSpace(bytes[i])) i++;
  while (end > i && isCSpace(bytes[end - 1])) end--;
  let sign = 1;
  if (i < end && (bytes[i] === 0x2b || bytes[i] === 0x2d)) sign = bytes[i++] === 0x2d ? -1 : 1;
  const word = String.fromCharCode(...bytes.subarray(i, end)).toLowerCase();
  if (word === 'inf' || word === 'infinity') return sign * Infinity;
  if (word === 'nan' || /^nan\([0-9a-z_]*\)$/.test(word)) return sign < 0 ? NEGATIVE_NAN : NaN;
  return undefined;
}

export const lua = fengari.lua;
export const lauxlib = fengari.lauxlib;
export const lualib = fengari.lualib;

/** A latin1 string as Lua bytes. */
export function latin1ToLua(s: string): Uint8Array {
  const n = s.length;
  if (n > 64) return Buffer.from(s, 'latin1');
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Lua bytes as a latin1 string. */
export function luaToLatin1(b: Uint8Array): string {
  const n = b.length;
  if (n > 64) return Buffer.from(b.buffer, b.byteOffset, n).toString('latin1');
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(b[i]);
  return s;
}

const literalCache = new Map<string, Uint8Array>();

/** An ASCII literal as Lua bytes (cached: names and messages used on every call). */
export function lit(s: string): Uint8Array {
  let b = literalCache.get(s);
  if (!b) {
    b = latin1ToLua(s);
    literalCache.set(s, b);
  }
  return b;
}

/** The string at `idx` as latin1, or undefined when it is neither a string nor a number. */
export function toLatin1(L: LuaState, idx: number): string | undefined {
  const b = lua.lua_tolstring(L, idx);
  return b === null ? undefined : luaToLatin1(b);
}

export function pushLatin1(L: LuaState, s: string): void {
  lua.lua_pushstring(L, latin1ToLua(s));
}

/** Raises a Lua error with a plain message (no position prefix), like lua_error on a string. */
export function raiseString(L: LuaState, message: string): number {
  pushLatin1(L, message);
  return lua.lua_error(L);
}

/** Raises a Lua error with the caller's position, like luaL_error. */
export function raisePositioned(L: LuaState, message: string): number {
  return lauxlib.luaL_error(L, lit('%s'), latin1ToLua(message));
}

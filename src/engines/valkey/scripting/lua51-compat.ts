/**
 * Lua 5.1 as redis embeds it, on top of fengari's Lua 5.3: the 5.1 shapes of the standard
 * libraries (what exists and what does not), the 5.1 functions scripts still use (`unpack`,
 * `loadstring`, `math.mod`, `table.getn`…), and 5.1's wording of runtime errors.
 */
import { castToLuaInteger, latin1ToLua, lauxlib, lit, lua, LuaState, luaToLatin1, NEGATIVE_NAN } from './lua';
import { applyLua51Strings } from './lua51-strings';
import { maskLua53Operators, unmaskLua53Operators } from './lua51-syntax';
import { nanIsNegative } from '../../resp/format-double';

/** Compiles a script's text as Lua 5.1 would parse it (no 5.3-only operators). */
export function loadLua51Chunk(L: LuaState, source: Uint8Array, name: Uint8Array): number {
  const masked = maskLua53Operators(source);
  return lauxlib.luaL_loadbuffer(L, masked, masked.length, name);
}

/** Runs Lua source at setup time; errors are bugs in this file. */
export function runSetupChunk(L: LuaState, source: string, name: string): void {
  if (lauxlib.luaL_loadbuffer(L, lit(source), null, lit(`=${name}`)) !== lua.LUA_OK || lua.lua_pcall(L, 0, 0, 0) !== lua.LUA_OK) {
    throw new Error(`Lua setup chunk ${name} failed: ${String(lua.lua_tolstring(L, -1))}`);
  }
}

/** 5.1 `loadstring(s [, chunkname])`: text chunks only, nil plus the message on error. */
function loadstring(L: LuaState): number {
  const s = lauxlib.luaL_checklstring(L, 1);
  const name = lua.lua_type(L, 2) > lua.LUA_TNIL ? lauxlib.luaL_checklstring(L, 2) : s;
  if (s.length > 0 && s[0] === 0x1b) {
    lua.lua_pushnil(L);
    lua.lua_pushstring(L, lit('attempt to load a binary chunk'));
    return 2;
  }
  if (loadLua51Chunk(L, s, name) !== lua.LUA_OK) {
    const msg = toLua51Syntax(luaToLatin1(lua.lua_tolstring(L, -1) ?? lit('')));
    lua.lua_pop(L, 1);
    lua.lua_pushnil(L);
    lua.lua_pushstring(L, latin1ToLua(msg));
    return 2;
  }
  return 1;
}

/**
 * Shapes the libraries as Lua 5.1 has them. Runs with the 5.3 libraries open and `debug`
 * still available; what 5.1 does not have is removed, what it has and 5.3 dropped is added.
 */
export function applyLua51Libraries(L: LuaState): void {
  lua.lua_pushcfunction(L, loadstring);
  lua.lua_setglobal(L, lit('loadstring'));
  lua.lua_getglobal(L, lit('load'));
  lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, lit(LOAD53_KEY));
  lua.lua_getglobal(L, lit('xpcall'));
  lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, lit(XPCALL53_KEY));
  runSetupChunk(L, LUA51_SHIMS, 'lua51_shims');
  applyLua51Strings(L);
  for (const [name, fn] of [['error', error51], ['unpack', unpack51], ['load', load51], ['xpcall', xpcall51], ['tonumber', tonumber51]] as const) {
    lua.lua_pushcfunction(L, fn);
    lua.lua_setglobal(L, lit(name));
  }
  lua.lua_getglobal(L, lit('math'));
  for (const [name, fn] of MATH51) {
    lua.lua_pushcfunction(L, fn);
    lua.lua_setfield(L, -2, lit(name));
  }
  lua.lua_pop(L, 1);
}

/**
 * A caught error as 5.1 words it: a runtime error's message seen by the script itself. When the
 * function pcall called is a C function, an argument error names no function (`'?'`): 5.1 finds
 * names only in the calling Lua code, 5.3 also among the globals.
 */
export function rewordCaughtError(L: LuaState, calledFromC = false): void {
  if (lua.lua_type(L, -1) !== lua.LUA_TSTRING) return;
  const message = luaToLatin1(lua.lua_tolstring(L, -1) ?? lit(''));
  let worded = toLua51Message(message);
  if (calledFromC) worded = worded.replace(/^bad argument #(\d+) to '[^']*'/, "bad argument #$1 to '?'");
  if (worded === message) return;
  lua.lua_pop(L, 1);
  lua.lua_pushstring(L, latin1ToLua(worded));
}

/** 5.1 `xpcall(f, handler)`: no arguments for f; the handler's result in 5.1's wording. */
function xpcall51(L: LuaState): number {
  lauxlib.luaL_checkany(L, 2);
  lua.lua_settop(L, 2);
  lua.lua_insert(L, 1);
  const status = lua.lua_pcall(L, 0, lua.LUA_MULTRET, 1);
  if (status !== lua.LUA_OK) rewordCaughtError(L);
  lua.lua_pushboolean(L, status === lua.LUA_OK);
  lua.lua_replace(L, 1);
  return lua.lua_gettop(L);
}

/**
 * 5.1 `tonumber(e [, base])`: base 10 is the plain conversion (`tonumber('1.5', 10)` is 1.5, where
 * 5.3 reads integers only once a base is given); other bases read an unsigned long as strtoul does.
 */
function tonumber51(L: LuaState): number {
  const base = lauxlib.luaL_optinteger(L, 2, 10);
  if (base === 10) {
    lauxlib.luaL_checkany(L, 1);
    if (lua.lua_isnumber(L, 1)) {
      lua.lua_pushnumber(L, lua.lua_tonumber(L, 1));
      return 1;
    }
  } else {
    const text = luaToLatin1(lauxlib.luaL_checklstring(L, 1));
    if (base < 2 || base > 36) return lauxlib.luaL_argerror(L, 2, lit('base out of range'));
    const n = strtoul(text, base);
    if (n !== undefined) {
      lua.lua_pushnumber(L, n);
      return 1;
    }
  }
  lua.lua_pushnil(L);
  return 1;
}

/**
 * C's strtoul over the whole text (leading blanks, a sign, `0x` for base 16, digits, trailing
 * blanks), as a double; undefined without a digit or with anything else after them.
 */
export function strtoul(text: string, base: number): number | undefined {
  const m = /^[ \t\n\v\f\r]*([-+]?)(.*?)[ \t\n\v\f\r]*$/s.exec(text)!;
  let digits = m[2];
  if (base === 16 && /^0[xX][0-9a-fA-F]/.test(digits)) digits = digits.slice(2);
  if (digits === '') return undefined;
  let v = 0n;
  const big = BigInt(base);
  for (const ch of digits.toLowerCase()) {
    const d = ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : ch >= 'a' && ch <= 'z' ? ch.charCodeAt(0) - 87 : 99;
    if (d >= base) return undefined;
    v = v * big + BigInt(d);
  }
  // Past ULONG_MAX strtoul gives ULONG_MAX; a minus sign negates in unsigned arithmetic.
  const max = (1n << 64n) - 1n;
  if (v > max) v = max;
  else if (m[1] === '-') v = BigInt.asUintN(64, -v);
  return Number(v);
}

/** A C math function over numbers, as a Lua function: arguments checked as numbers, one result. */
function mathFunction(fn: (...args: number[]) => number, arity: 1 | 2) {
  return (L: LuaState): number => {
    const x = lauxlib.luaL_checknumber(L, 1);
    lua.lua_pushnumber(L, arity === 1 ? fn(x) : fn(x, lauxlib.luaL_checknumber(L, 2)));
    return 1;
  };
}

/**
 * 5.1's `math` functions that differ from 5.3's or from V8's:
 * - `fmod`: C's fmod on doubles (NaN for a zero divisor, where 5.3 raises an error);
 * - `pow`: C's pow, which differs from JavaScript's where a result does not depend on the other
 *   operand: pow(1, y) and pow(x, ±0) are 1, pow(-1, ±inf) is 1 (NaN in JavaScript);
 * - `log`: C's log (no base argument);
 * - `log10`, `asin`, `acos`: a NaN argument comes back as it is (sign included), as glibc's do,
 *   where V8's return a positive NaN;
 * - `ldexp`: C's ldexp, one rounding (m * 2^e overflows or underflows on the way); the exponent is
 *   an int, cast as C casts it.
 */
const MATH51: readonly (readonly [string, (L: LuaState) => number])[] = [
  ['fmod', mathFunction((a, b) => invalidIsNegative(a % b, a, b), 2)],
  ['mod', mathFunction((a, b) => invalidIsNegative(a % b, a, b), 2)],
  ['pow', mathFunction(cPow, 2)],
  ['log', mathFunction((x) => invalidIsNegative(Math.log(x), x), 1)],
  ['log10', mathFunction((x) => (Number.isNaN(x) ? x : Math.log10(x)), 1)],
  ['asin', mathFunction((x) => (Number.isNaN(x) ? x : Math.asin(x)), 1)],
  ['acos', mathFunction((x) => (Number.isNaN(x) ? x : Math.acos(x)), 1)],
  ['ldexp', mathFunction((m, e) => ldexp(m, castToLuaInteger(e)), 2)],
];

export function cPow(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if (Number.isNaN(y)) return Number.isNaN(x) ? x : y;
  if (Number.isNaN(x)) {
    // glibc squares a NaN base and negates the square for a negative base and an odd exponent,
    // which flips a negative NaN to a positive one.
    const odd = Number.isInteger(y) && Math.abs(y) < 2 ** 53 && Math.abs(y) % 2 === 1;
    return odd && nanIsNegative(x) ? -x : x;
  }
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return invalidIsNegative(Math.pow(x, y), x, y);
}

/**
 * glibc answers an invalid operation (pow(-8, 1/3), log(-1)) with x86's default NaN, whose sign
 * bit is set; V8's own functions return a positive one. A NaN operand passes through.
 */
function invalidIsNegative(result: number, ...operands: number[]): number {
  if (!Number.isNaN(result)) return result;
  const nan = operands.find((o) => Number.isNaN(o));
  return nan ?? NEGATIVE_NAN;
}

/** m × 2^e rounded once, as C's ldexp. */
export function ldexp(m: number, e: number): number {
  if (m === 0 || !Number.isFinite(m)) return m;
  // m = f × 2^k with 0.5 <= |f| < 1, taken apart exactly.
  let k = Math.floor(Math.log2(Math.abs(m))) + 1;
  if (k > 1024) k = 1024;
  // 2^1024 is not a double: that exponent divides in two exact steps.
  let f = k > 1023 ? m / 2 ** (k - 1) / 2 : m / 2 ** k;
  if (Math.abs(f) >= 1) { f /= 2; k += 1; }
  if (Math.abs(f) < 0.5) { f *= 2; k -= 1; }
  const t = k + e;
  if (t > 1024) return f > 0 ? Infinity : -Infinity;
  // 2^t is a double down to 2^-1074; below it the result rounds to zero.
  if (t < -1074) return f > 0 ? 0 : -0;
  // Two exact factors when 2^t alone would overflow (t = 1024); the second product rounds once.
  return t > 1023 ? f * 2 * 2 ** (t - 1) : f * 2 ** t;
}

const LOAD53_KEY = '__load53';
const XPCALL53_KEY = '__xpcall53';

/** Pushes 5.3's xpcall, which passes arguments on to the function (the engine's runner uses it). */
export function pushXpcall53(L: LuaState): void {
  lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, lit(XPCALL53_KEY));
}

/** 5.1 `error`: numbers get the position prefix too (5.3 only adds it to strings). */
function error51(L: LuaState): number {
  const level = lauxlib.luaL_optinteger(L, 2, 1);
  lua.lua_settop(L, 1);
  if (lua.lua_isstring(L, 1) && level > 0) {
    lauxlib.luaL_where(L, level);
    lua.lua_pushvalue(L, 1);
    lua.lua_concat(L, 2);
  }
  return lua.lua_error(L);
}

/** 5.1 `unpack(t [, i [, j]])` with its argument check and raw access. */
function unpack51(L: LuaState): number {
  lauxlib.luaL_checktype(L, 1, lua.LUA_TTABLE);
  const i = lauxlib.luaL_optinteger(L, 2, 1);
  const e = lua.lua_type(L, 3) <= lua.LUA_TNIL ? lua.lua_rawlen(L, 1) : lauxlib.luaL_checkinteger(L, 3);
  if (i > e) return 0;
  const n = e - i + 1;
  if (n >= 8000 || !lua.lua_checkstack(L, n)) return lauxlib.luaL_error(L, lit('too many results to unpack'));
  for (let k = i; k <= e; k++) lua.lua_rawgeti(L, 1, k);
  return n;
}

/** 5.1 `load(func [, chunkname])`: only reader functions, text chunks. */
function load51(L: LuaState): number {
  lauxlib.luaL_checktype(L, 1, lua.LUA_TFUNCTION);
  const hasName = lua.lua_type(L, 2) > lua.LUA_TNIL;
  lua.lua_settop(L, 2);
  lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, lit(LOAD53_KEY));
  lua.lua_pushvalue(L, 1);
  if (hasName) lua.lua_pushvalue(L, 2);
  else lua.lua_pushstring(L, lit('=(load)'));
  lua.lua_pushstring(L, lit('t'));
  lua.lua_call(L, 3, lua.LUA_MULTRET);
  return lua.lua_gettop(L) - 2;
}

const LUA51_SHIMS = `
local type, error, pairs, floor = type, error, pairs, math.floor
local abs, log, exp = math.abs, math.log, math.exp
_VERSION = 'Lua 5.1'
gcinfo = function() return floor(collectgarbage('count')) end
dofile, loadfile, print, require, rawlen = nil, nil, nil, nil, nil
string.pack, string.packsize, string.unpack = nil, nil, nil
string.gfind = string.gmatch
math.maxinteger, math.mininteger, math.tointeger, math.type, math.ult = nil, nil, nil, nil, nil
math.atan2 = function(y, x) return math.atan(y, x) end
math.cosh = function(x) if x ~= x then return x end return (exp(x) + exp(-x)) / 2 end
math.sinh = function(x) if x ~= x then return x end return (exp(x) - exp(-x)) / 2 end
math.tanh = function(x) if x ~= x then return x end local a, b = exp(x), exp(-x) return (a - b) / (a + b) end
math.frexp = function(x)
  if x == 0 or x ~= x or x == 1/0 or x == -1/0 then return x, 0 end
  local e = floor(log(abs(x), 2)) + 1
  local m = x / 2.0 ^ e
  if abs(m) >= 1 then m = m / 2; e = e + 1 elseif abs(m) < 0.5 then m = m * 2; e = e - 1 end
  return m, e
end
table.move, table.pack, table.unpack = nil, nil, nil
table.getn = function(t) return #t end
table.setn = function() error("'setn' is obsolete", 2) end
table.maxn = function(t)
  local max = 0
  for k in pairs(t) do if type(k) == 'number' and k > max then max = k end end
  return max
end
table.foreach = function(t, f)
  for k, v in pairs(t) do local r = f(k, v) if r ~= nil then return r end end
end
table.foreachi = function(t, f)
  for i = 1, #t do local r = f(i, t[i]) if r ~= nil then return r end end
end
coroutine.isyieldable = nil
`;

/** 5.3 variable kinds that 5.1 also names in its messages. */
const NAMED_KINDS = new Set(['global', 'local', 'field', 'upvalue', 'method']);
const CAPTURE_INDEX = /invalid capture index %\d+( in replacement string)?/;
const DOTTED_FUNCTION_ARGUMENT = /bad argument #(\d+) to '\w+\.\w+'/;
const OPERAND_ERROR = /attempt to (call|index|perform arithmetic on|concatenate|get length of) a (\w+) value \((\w+) '([^']*)'\)/;

/**
 * Rewrites a Lua 5.3 runtime error into Lua 5.1's wording: 5.3 says
 * `attempt to index a nil value (field 'a')`, 5.1 `attempt to index field 'a' (a nil value)`, and
 * names a library function called from C (`'string.rep'`) where 5.1 has none (`'?'`).
 */
export function toLua51Message(message: string): string {
  // A library function called straight from C (pcall(string.rep)) has no name in 5.1; 5.3 looks
  // it up among the loaded libraries ('string.rep').
  message = message.replace(DOTTED_FUNCTION_ARGUMENT, "bad argument #$1 to '?'");
  // 5.3 names the bad capture (`invalid capture index %2 in replacement string`); 5.1 does not.
  message = message.replace(CAPTURE_INDEX, 'invalid capture index');
  const m = OPERAND_ERROR.exec(message);
  if (!m) return message;
  const [whole, op, type, kind, name] = m;
  const replacement = NAMED_KINDS.has(kind) ? `attempt to ${op} ${kind} '${name}' (a ${type} value)` : `attempt to ${op} a ${type} value`;
  return message.replace(whole, replacement);
}

/**
 * Rewrites a Lua 5.3 syntax error into Lua 5.1's wording: 5.1 quotes the `<eof>`/`<name>` tokens
 * and reports a statement that is not an assignment as `'=' expected`.
 */
export function toLua51Syntax(message: string): string {
  return unmaskLua53Operators(message)
    .replace(/ near <eof>$/, " near '<eof>'")
    .replace(/: <(eof|name|string|number)> expected/, ": '<$1>' expected")
    .replace(/: syntax error near /, ": '=' expected near ");
}

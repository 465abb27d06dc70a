/**
 * Lua 5.1 as redis embeds it, on top of fengari's Lua 5.3: the 5.1 shapes of the standard
 * libraries (what exists and what does not), the 5.1 functions scripts still use (`unpack`,
 * `loadstring`, `math.mod`, `table.getn`…), and 5.1's wording of runtime errors.
 */
import { latin1ToLua, lauxlib, lit, lua, LuaState, luaToLatin1 } from './lua';
import { applyLua51Strings } from './lua51-strings';
import { maskLua53Operators, unmaskLua53Operators } from './lua51-syntax';

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
  runSetupChunk(L, LUA51_SHIMS, 'lua51_shims');
  applyLua51Strings(L);
  for (const [name, fn] of [['error', error51], ['unpack', unpack51], ['load', load51]] as const) {
    lua.lua_pushcfunction(L, fn);
    lua.lua_setglobal(L, lit(name));
  }
}

const LOAD53_KEY = '__load53';

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
local fmod, abs, log, exp = math.fmod, math.abs, math.log, math.exp
_VERSION = 'Lua 5.1'
gcinfo = function() return floor(collectgarbage('count')) end
dofile, loadfile, print, require, rawlen = nil, nil, nil, nil, nil
string.pack, string.packsize, string.unpack = nil, nil, nil
string.gfind = string.gmatch
math.maxinteger, math.mininteger, math.tointeger, math.type, math.ult = nil, nil, nil, nil, nil
math.mod = fmod
math.pow = function(x, y) return x ^ y end
math.atan2 = function(y, x) return math.atan(y, x) end
math.log10 = function(x) return log(x, 10) end
math.log = function(x) return log(x) end
math.cosh = function(x) return (exp(x) + exp(-x)) / 2 end
math.sinh = function(x) return (exp(x) - exp(-x)) / 2 end
math.tanh = function(x) local a, b = exp(x), exp(-x) return (a - b) / (a + b) end
math.ldexp = function(m, e) return m * 2.0 ^ e end
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
const OPERAND_ERROR = /attempt to (call|index|perform arithmetic on|concatenate|get length of) a (\w+) value \((\w+) '([^']*)'\)/;

/**
 * Rewrites a Lua 5.3 runtime error into Lua 5.1's wording: 5.3 says
 * `attempt to index a nil value (field 'a')`, 5.1 `attempt to index field 'a' (a nil value)`.
 */
export function toLua51Message(message: string): string {
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

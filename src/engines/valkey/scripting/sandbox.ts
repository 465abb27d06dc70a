/**
 * The script sandbox, as redis 7 protects its Lua state: every table reachable from the globals
 * (and the string metatable) is read-only (`Attempt to modify a readonly table`), and reading a
 * global that does not exist is an error (`Script attempted to access nonexistent global
 * variable 'x'`).
 *
 * fengari has no read-only tables, so each protected table is replaced by an empty proxy whose
 * metatable reads through to the real table and refuses writes; `rawset`, `rawget`, `next`,
 * `getmetatable` and `setmetatable` see through the proxies the way they see a read-only table.
 */
import { lauxlib, lit, lua, LuaState, raiseString } from './lua';

const READONLY = 'Attempt to modify a readonly table';
/** Registry key of the real globals table (scripts only see its proxy). */
export const REAL_GLOBALS_KEY = '__real_globals';
const STRING_MT_PROXY_KEY = '__string_mt_proxy';

export class Sandbox {
  /** Proxies (by fengari's table identity) → true. */
  private readonly proxies = new WeakSet<object>();

  /** True when the value at idx is a protected proxy. */
  public isProtected(L: LuaState, idx: number): boolean {
    if (lua.lua_type(L, idx) !== lua.LUA_TTABLE) return false;
    return this.proxies.has(lua.lua_topointer(L, idx) as object);
  }

  /** Replaces the proxy at idx by the table it protects (in place). */
  private unwrap(L: LuaState, idx: number): void {
    const abs = lua.lua_absindex(L, idx);
    lua.lua_getmetatable(L, abs);
    lua.lua_getfield(L, -1, lit('__index'));
    lua.lua_replace(L, abs);
    lua.lua_pop(L, 1);
  }

  /**
   * Protects the state's globals. Call once the libraries and the redis API are installed; the
   * globals table seen by scripts (and by chunks loaded later) becomes the protected proxy.
   */
  public protect(L: LuaState): void {
    this.installWrappers(L);
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, lua.LUA_RIDX_GLOBALS);
    const realGlobals = lua.lua_gettop(L);
    // Proxies for library tables first, so the globals table refers to them.
    const names: Uint8Array[] = [];
    lua.lua_pushnil(L);
    while (lua.lua_next(L, realGlobals)) {
      if (lua.lua_type(L, -1) === lua.LUA_TTABLE && lua.lua_type(L, -2) === lua.LUA_TSTRING) names.push(lua.lua_tolstring(L, -2)!);
      lua.lua_pop(L, 1);
    }
    // A table under two names (Valkey 8's `server` and `redis`) gets one proxy: the names stay equal.
    const proxied = new Map<object, Uint8Array>();
    for (const name of names) {
      lua.lua_getfield(L, realGlobals, name);
      const table = lua.lua_topointer(L, -1) as object;
      const first = proxied.get(table);
      if (first) lua.lua_getfield(L, realGlobals, first);
      else this.pushProxy(L, -1);
      proxied.set(table, first ?? name);
      lua.lua_setfield(L, realGlobals, name);
      lua.lua_pop(L, 1);
    }
    // Strings index the protected string table; scripts see the string metatable as a proxy.
    lua.lua_pushstring(L, lit(''));
    lua.lua_getmetatable(L, -1);
    lua.lua_getfield(L, realGlobals, lit('string'));
    lua.lua_setfield(L, -2, lit('__index'));
    this.pushProxy(L, -1);
    lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, lit(STRING_MT_PROXY_KEY));
    lua.lua_pop(L, 2);

    // Missing globals raise an error.
    lua.lua_createtable(L, 0, 1);
    lua.lua_pushcfunction(L, nonexistentGlobal);
    lua.lua_setfield(L, -2, lit('__index'));
    lua.lua_setmetatable(L, realGlobals);

    this.pushProxy(L, realGlobals);
    lua.lua_pushvalue(L, -1);
    lua.lua_setfield(L, realGlobals, lit('_G'));
    lua.lua_rawseti(L, lua.LUA_REGISTRYINDEX, lua.LUA_RIDX_GLOBALS);
    lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, lit(REAL_GLOBALS_KEY));
  }

  /** Pushes a read-only proxy of the table at idx. */
  private pushProxy(L: LuaState, idx: number): void {
    const real = lua.lua_absindex(L, idx);
    lua.lua_createtable(L, 0, 0);
    lua.lua_createtable(L, 0, 4);
    lua.lua_pushvalue(L, real);
    lua.lua_setfield(L, -2, lit('__index'));
    lua.lua_pushcfunction(L, readonlyNewIndex);
    lua.lua_setfield(L, -2, lit('__newindex'));
    lua.lua_pushvalue(L, real);
    lua.lua_setfield(L, -2, lit('__real'));
    lua.lua_pushcfunction(L, proxyPairs);
    lua.lua_setfield(L, -2, lit('__pairs'));
    lua.lua_pushcfunction(L, proxyLen);
    lua.lua_setfield(L, -2, lit('__len'));
    lua.lua_setmetatable(L, -2);
    this.proxies.add(lua.lua_topointer(L, -1) as object);
  }

  /** rawset/rawget/next/getmetatable/setmetatable that treat proxies as read-only tables. */
  private installWrappers(L: LuaState): void {
    const wrap = (name: string, make: (original: number) => (L: LuaState) => number) => {
      lua.lua_getglobal(L, lit(name));
      const ref = originalRef(L);
      lua.lua_pushcfunction(L, make(ref));
      lua.lua_setglobal(L, lit(name));
    };
    const callOriginal = (Ls: LuaState, ref: number): number => {
      const n = lua.lua_gettop(Ls);
      lua.lua_rawgeti(Ls, lua.LUA_REGISTRYINDEX, ref);
      lua.lua_insert(Ls, 1);
      lua.lua_call(Ls, n, lua.LUA_MULTRET);
      return lua.lua_gettop(Ls);
    };
    wrap('rawset', (ref) => (Ls) => {
      lauxlib.luaL_checktype(Ls, 1, lua.LUA_TTABLE);
      lauxlib.luaL_checkany(Ls, 2);
      lauxlib.luaL_checkany(Ls, 3);
      if (this.isProtected(Ls, 1)) return raiseString(Ls, READONLY);
      return callOriginal(Ls, ref);
    });
    wrap('setmetatable', (ref) => (Ls) => {
      lauxlib.luaL_checktype(Ls, 1, lua.LUA_TTABLE);
      const t = lua.lua_type(Ls, 2);
      if (t !== lua.LUA_TNIL && t !== lua.LUA_TTABLE) lauxlib.luaL_argerror(Ls, 2, lit('nil or table expected'));
      if (this.isProtected(Ls, 1)) return raiseString(Ls, READONLY);
      return callOriginal(Ls, ref);
    });
    wrap('rawget', (ref) => (Ls) => {
      lauxlib.luaL_checktype(Ls, 1, lua.LUA_TTABLE);
      lauxlib.luaL_checkany(Ls, 2);
      if (this.isProtected(Ls, 1)) this.unwrap(Ls, 1);
      return callOriginal(Ls, ref);
    });
    wrap('next', (ref) => (Ls) => {
      lauxlib.luaL_checktype(Ls, 1, lua.LUA_TTABLE);
      if (this.isProtected(Ls, 1)) this.unwrap(Ls, 1);
      return callOriginal(Ls, ref);
    });
    wrap('getmetatable', (ref) => (Ls) => {
      lauxlib.luaL_checkany(Ls, 1);
      if (lua.lua_type(Ls, 1) === lua.LUA_TSTRING) {
        lua.lua_getfield(Ls, lua.LUA_REGISTRYINDEX, lit(STRING_MT_PROXY_KEY));
        return 1;
      }
      if (this.isProtected(Ls, 1)) {
        // The globals' metatable exists (it guards missing names); library tables have none.
        lua.lua_getmetatable(Ls, 1);
        lua.lua_getfield(Ls, -1, lit('__index'));
        if (!lua.lua_getmetatable(Ls, -1)) lua.lua_pushnil(Ls);
        return 1;
      }
      return callOriginal(Ls, ref);
    });
  }
}

function originalRef(L: LuaState): number {
  // luaL_ref is not in the typed facade; a registry array slot does the same job.
  const n = lua.lua_rawlen(L, lua.LUA_REGISTRYINDEX) + 1;
  lua.lua_rawseti(L, lua.LUA_REGISTRYINDEX, n);
  return n;
}

function readonlyNewIndex(L: LuaState): number {
  return lauxlib.luaL_error(L, lit(READONLY));
}

function nonexistentGlobal(L: LuaState): number {
  const name = lua.lua_tolstring(L, 2);
  return lauxlib.luaL_error(L, lit("Script attempted to access nonexistent global variable '%s'"), name ?? lit('?'));
}

function proxyPairs(L: LuaState): number {
  lua.lua_getmetatable(L, 1);
  lua.lua_getfield(L, -1, lit('__real'));
  const real = lua.lua_gettop(L);
  lua.lua_pushcfunction(L, rawNext);
  lua.lua_pushvalue(L, real);
  lua.lua_pushnil(L);
  return 3;
}

function rawNext(L: LuaState): number {
  lua.lua_settop(L, 2);
  if (lua.lua_next(L, 1)) return 2;
  lua.lua_pushnil(L);
  return 1;
}

function proxyLen(L: LuaState): number {
  lua.lua_getmetatable(L, 1);
  lua.lua_getfield(L, -1, lit('__real'));
  lua.lua_pushinteger(L, lua.lua_rawlen(L, -1));
  return 1;
}

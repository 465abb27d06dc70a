/**
 * A sandboxed Lua state as redis sets one up: the Lua 5.1 libraries, `cjson`, `struct`,
 * `cmsgpack`, `bit`, the `redis` API table, redis' `pcall`, the deterministic `math.random`, the
 * error handler that turns errors into `{err=…, source=…, line=…}` tables, and the protected
 * globals. EVAL scripts and function libraries each get their own state (as in redis).
 */
import { pushErrorTable } from './conversions';
import { openBit } from './libs/bit';
import { openCjson } from './libs/cjson';
import { openCmsgpack } from './libs/cmsgpack';
import { openOs } from './libs/os';
import { openStruct } from './libs/struct';
import { lauxlib, lit, lua, LuaCFunction, LuaState, lualib, luaToLatin1, pushLatin1 } from './lua';
import { toLua51Message, applyLua51Libraries, rewordCaughtError, runSetupChunk } from './lua51-compat';
import { REAL_GLOBALS_KEY, Sandbox } from './sandbox';

/** What the `redis.*` functions do; implemented by the scripting engine. */
export interface RedisApi {
  call(L: LuaState, raise: boolean): number;
  setResp(L: LuaState): number;
  setRepl(L: LuaState): number;
  aclCheckCmd(L: LuaState): number;
  log(L: LuaState): number;
  sha1hex(L: LuaState): number;
  random(L: LuaState): number;
  randomseed(L: LuaState): number;
  /** Only for function libraries (FUNCTION LOAD). */
  registerFunction?(L: LuaState): number;
}

export type VmKind = 'eval' | 'function';

const ERROR_HANDLER_KEY = '__error_handler';
const LOAD_API_KEY = '__load_api';
const RUN_GLOBALS_KEY = '__run_globals';

/** PROPAGATE_* values of redis.REPL_*. */
export const REPL = { NONE: 0, AOF: 1, REPLICA: 2, ALL: 3 } as const;
/** redis.LOG_* levels (LL_*). */
export const LOG_LEVELS = { LOG_DEBUG: 0, LOG_VERBOSE: 1, LOG_NOTICE: 2, LOG_WARNING: 3 } as const;

export interface VmOptions {
  readonly kind: VmKind;
  readonly api: RedisApi;
  /** REDIS_VERSION (e.g. 7.2.4) and REDIS_VERSION_NUM. */
  readonly version: string;
  /** Called when the error handler starts (a killed script must let it finish). */
  readonly enterHandler?: () => void;
  /** Valkey 8: the API table is also the global `server` (the same table as `redis`). */
  readonly serverAlias?: boolean;
  /** Valkey 8's release (VALKEY_VERSION, VALKEY_VERSION_NUM and SERVER_NAME on the API table). */
  readonly valkeyVersion?: string;
}

export class ScriptVm {
  public readonly L: LuaState;
  public readonly kind: VmKind;
  private readonly sandbox = new Sandbox();

  constructor(options: VmOptions) {
    this.kind = options.kind;
    const L = lauxlib.luaL_newstate();
    this.L = L;
    lua.lua_atnativeerror(L, (Ls) => {
      // A JavaScript exception inside a library function becomes a Lua error, never a crash.
      const e = lua.lua_touserdata(Ls, -1) as { message?: string } | undefined;
      pushLatin1(Ls, `internal error: ${e?.message ?? String(e)}`);
      return 1;
    });
    const open = (name: string, fn: LuaCFunction) => {
      lauxlib.luaL_requiref(L, lit(name), fn, 1);
      lua.lua_pop(L, 1);
    };
    open('_G', lualib.luaopen_base);
    open('table', lualib.luaopen_table);
    open('string', lualib.luaopen_string);
    open('math', lualib.luaopen_math);
    open('debug', lualib.luaopen_debug);
    open('coroutine', lualib.luaopen_coroutine);
    applyLua51Libraries(L);
    openCjson(L);
    openStruct(L);
    openCmsgpack(L);
    openBit(L);
    if (options.valkeyVersion !== undefined) openOs(L);

    lua.lua_pushcfunction(L, redisPcall);
    lua.lua_setglobal(L, lit('pcall'));
    this.installRedisTable(options);
    this.installErrorHandler(options.enterHandler ?? (() => {}));
    if (this.kind === 'function') this.installLoadApi(options);
    lua.lua_pushnil(L);
    lua.lua_setglobal(L, lit('debug'));
    this.sandbox.protect(L);
    if (this.kind === 'function') {
      lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, lua.LUA_RIDX_GLOBALS);
      lua.lua_getmetatable(L, -1);
      lua.lua_getfield(L, -1, lit('__index'));
      lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, lit(RUN_GLOBALS_KEY));
      lua.lua_pop(L, 2);
    }
  }

  private installRedisTable(options: VmOptions): void {
    const L = this.L;
    const api = options.api;
    lua.lua_createtable(L, 0, 32);
    const set = (name: string, fn: LuaCFunction) => {
      lua.lua_pushcfunction(L, fn);
      lua.lua_setfield(L, -2, lit(name));
    };
    set('call', (Ls) => api.call(Ls, true));
    set('pcall', (Ls) => api.call(Ls, false));
    this.installLogFunction(api);
    this.installVersion(options);
    set('setresp', (Ls) => api.setResp(Ls));
    set('sha1hex', (Ls) => api.sha1hex(Ls));
    set('error_reply', errorReply);
    set('status_reply', statusReply);
    set('set_repl', (Ls) => api.setRepl(Ls));
    for (const [name, value] of [['REPL_NONE', REPL.NONE], ['REPL_AOF', REPL.AOF], ['REPL_SLAVE', REPL.REPLICA], ['REPL_REPLICA', REPL.REPLICA], ['REPL_ALL', REPL.ALL]] as const) {
      lua.lua_pushnumber(L, value);
      lua.lua_setfield(L, -2, lit(name));
    }
    set('acl_check_cmd', (Ls) => api.aclCheckCmd(Ls));
    if (this.kind === 'eval') {
      // The debugger is not available: breakpoint() reports it is inactive, debug() does nothing.
      set('breakpoint', (Ls) => {
        lua.lua_pushboolean(Ls, false);
        return 1;
      });
      set('debug', () => 0);
      set('replicate_commands', (Ls) => {
        lua.lua_pushboolean(Ls, true);
        return 1;
      });
    }
    if (options.serverAlias) {
      lua.lua_pushvalue(L, -1);
      lua.lua_setglobal(L, lit('server'));
    }
    lua.lua_setglobal(L, lit('redis'));
    lua.lua_getglobal(L, lit('math'));
    lua.lua_pushcfunction(L, (Ls) => api.random(Ls));
    lua.lua_setfield(L, -2, lit('random'));
    lua.lua_pushcfunction(L, (Ls) => api.randomseed(Ls));
    lua.lua_setfield(L, -2, lit('randomseed'));
    lua.lua_pop(L, 1);
  }

  /** redis.log and the LOG_* levels on the table at the top of the stack. */
  private installLogFunction(api: RedisApi): void {
    const L = this.L;
    lua.lua_pushcfunction(L, (Ls) => api.log(Ls));
    lua.lua_setfield(L, -2, lit('log'));
    for (const [name, level] of Object.entries(LOG_LEVELS)) {
      lua.lua_pushnumber(L, level);
      lua.lua_setfield(L, -2, lit(name));
    }
  }

  /** REDIS_VERSION(_NUM), and in Valkey 8 also SERVER_NAME and VALKEY_VERSION(_NUM), on the API table. */
  private installVersion(options: VmOptions): void {
    const L = this.L;
    const release = (prefix: string, version: string) => {
      const [major, minor, patch] = version.split('.').map((p) => Number(p) || 0);
      lua.lua_pushnumber(L, (major << 16) | (minor << 8) | patch);
      lua.lua_setfield(L, -2, lit(`${prefix}_VERSION_NUM`));
      pushLatin1(L, version);
      lua.lua_setfield(L, -2, lit(`${prefix}_VERSION`));
    };
    release('REDIS', options.version);
    if (options.valkeyVersion !== undefined) {
      release('VALKEY', options.valkeyVersion);
      pushLatin1(L, 'valkey');
      lua.lua_setfield(L, -2, lit('SERVER_NAME'));
    }
  }

  /** The message handler of every script call (redis' __redis__err__handler). */
  private installErrorHandler(enterHandler: () => void): void {
    const L = this.L;
    lua.lua_pushcfunction(L, () => {
      enterHandler();
      return 0;
    });
    lua.lua_setglobal(L, lit('__enter_handler'));
    lua.lua_pushcfunction(L, (Ls) => {
      pushLatin1(Ls, toLua51Message(luaToLatin1(lua.lua_tolstring(Ls, 1) ?? lit(''))));
      return 1;
    });
    lua.lua_setglobal(L, lit('__fix_message'));
    runSetupChunk(L, `
      local dbg, fix, enter, type, tostring = debug, __fix_message, __enter_handler, type, tostring
      __fix_message, __enter_handler = nil, nil
      local handler = function(err)
        enter()
        local i = dbg.getinfo(2, 'nSl')
        local level = 2
        while i and i.what ~= 'Lua' and i.what ~= 'main' do level = level + 1; i = dbg.getinfo(level, 'nSl') end
        if type(err) ~= 'table' then err = {err = 'ERR ' .. fix(tostring(err))} end
        if i then
          err['source'] = i.source
          err['line'] = i.currentline
        end
        return err
      end
      debug.getregistry().${ERROR_HANDLER_KEY} = handler
      ${this.kind === 'eval' ? '__redis__err__handler = handler' : ''}
    `, 'err_handler_def');
  }

  /** The globals a library sees while FUNCTION LOAD runs it: only a reduced `redis` table. */
  private installLoadApi(options: VmOptions): void {
    const L = this.L;
    const api = options.api;
    lua.lua_createtable(L, 0, 1);
    lua.lua_createtable(L, 0, 8);
    lua.lua_pushcfunction(L, (Ls) => api.registerFunction!(Ls));
    lua.lua_setfield(L, -2, lit('register_function'));
    this.installLogFunction(api);
    this.installVersion(options);
    setErrorMetatable(L);
    if (options.serverAlias) {
      lua.lua_pushvalue(L, -1);
      lua.lua_setfield(L, -3, lit('server'));
    }
    lua.lua_setfield(L, -2, lit('redis'));
    setErrorMetatable(L);
    lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, lit(LOAD_API_KEY));
  }

  /**
   * Switches what globals scripts see in a function state: the load-time API during FUNCTION LOAD,
   * the full globals when functions run.
   */
  public useLoadGlobals(load: boolean): void {
    const L = this.L;
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, lua.LUA_RIDX_GLOBALS);
    lua.lua_getmetatable(L, -1);
    lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, lit(load ? LOAD_API_KEY : RUN_GLOBALS_KEY));
    lua.lua_setfield(L, -2, lit('__index'));
    lua.lua_pop(L, 2);
  }

  public pushErrorHandler(L: LuaState = this.L): void {
    lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, lit(ERROR_HANDLER_KEY));
  }

  /** Sets a global without the protection (KEYS and ARGV before each EVAL). */
  public setRawGlobal(name: string): void {
    const L = this.L;
    lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, lit(REAL_GLOBALS_KEY));
    lua.lua_insert(L, -2);
    lua.lua_setfield(L, -2, lit(name));
    lua.lua_pop(L, 1);
  }

  /** Stores the value on top of the stack in the registry and returns its reference. */
  public ref(): number {
    const L = this.L;
    const n = lua.lua_rawlen(L, lua.LUA_REGISTRYINDEX) + 1;
    lua.lua_rawseti(L, lua.LUA_REGISTRYINDEX, n);
    return n;
  }

  public pushRef(ref: number, L: LuaState = this.L): void {
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, ref);
  }
}

/** A table that raises the nonexistent-global error for missing fields (redis luaSetErrorMetatable). */
function setErrorMetatable(L: LuaState): void {
  lua.lua_createtable(L, 0, 1);
  lua.lua_pushcfunction(L, (Ls) => lauxlib.luaL_error(Ls, lit("Script attempted to access nonexistent global variable '%s'"), lua.lua_tolstring(Ls, 2) ?? lit('?')));
  lua.lua_setfield(L, -2, lit('__index'));
  lua.lua_setmetatable(L, -2);
}

/**
 * redis' pcall: like Lua's, but an error raised as a table with an `err` field is returned as
 * that string (scripts written before errors became tables keep working), and a runtime error
 * in Lua 5.1's wording. Like redis' it does not check for a function: `pcall()` calls the
 * placeholder and reports "attempt to call a boolean value".
 */
function redisPcall(L: LuaState): number {
  const argc = lua.lua_gettop(L);
  if (argc === 0) {
    // redis calls its `true` placeholder; fengari's lua_pcall cannot be asked to.
    lua.lua_pushboolean(L, false);
    lua.lua_pushstring(L, lit('attempt to call a boolean value'));
    return 2;
  }
  // A library function called straight from here has no name in 5.1's argument errors.
  const calledFromC = lua.lua_iscfunction(L, 1);
  lua.lua_pushboolean(L, true);
  lua.lua_insert(L, 1);
  if (lua.lua_pcall(L, argc - 1, lua.LUA_MULTRET, 0) !== lua.LUA_OK) {
    lua.lua_remove(L, 1);
    rewordCaughtError(L, calledFromC);
    if (lua.lua_type(L, -1) === lua.LUA_TTABLE) {
      lua.lua_getfield(L, -1, lit('err'));
      if (lua.lua_isstring(L, -1)) lua.lua_replace(L, -2);
      else lua.lua_pop(L, 1);
    }
    lua.lua_pushboolean(L, false);
    lua.lua_insert(L, 1);
  }
  return lua.lua_gettop(L);
}

/** redis.error_reply(msg): `{err='CODE msg'}`, ERR added when the text has no `-CODE`. */
function errorReply(L: LuaState): number {
  if (lua.lua_gettop(L) !== 1 || lua.lua_type(L, -1) !== lua.LUA_TSTRING) {
    pushErrorTable(L, 'wrong number or type of arguments');
    return 1;
  }
  const text = luaToLatin1(lua.lua_tolstring(L, -1)!);
  pushErrorTable(L, text.startsWith('-') ? text : '-' + text);
  return 1;
}

function statusReply(L: LuaState): number {
  if (lua.lua_gettop(L) !== 1 || lua.lua_type(L, -1) !== lua.LUA_TSTRING) {
    pushErrorTable(L, 'wrong number or type of arguments');
    return 1;
  }
  lua.lua_createtable(L, 0, 1);
  lua.lua_pushvalue(L, -2);
  lua.lua_setfield(L, -2, lit('ok'));
  return 1;
}

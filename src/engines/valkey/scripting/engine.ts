/**
 * The scripting engine of one server: runs EVAL scripts and library functions on their Lua
 * states, implements `redis.call`/`pcall` (redis scriptCall: arity, `noscript`, ACL, read-only,
 * OOM and cluster checks), and handles long scripts.
 *
 * A script runs inside a Lua coroutine with a count hook. Short scripts finish synchronously.
 * Once a script passes `busy-reply-threshold`, other clients get -BUSY; if its caller is a
 * network client outside MULTI, the hook yields so the event loop can serve SCRIPT KILL,
 * FUNCTION KILL/STATS and the -BUSY replies, and the script resumes on the next turn.
 */
import { createHash } from 'crypto';
import { errorCountedAlready, pushErrorTable, pushReply, writeLuaValue } from './conversions';
import { lauxlib, lit, lua, LuaState, luaToLatin1 } from './lua';
import { pushXpcall53 } from './lua51-compat';
import { RunContext } from './run-context';
import { LOG_LEVELS, RedisApi, REPL, ScriptVm } from './vm';
import { formatDouble17 } from '../../resp/format-double';
import { errorLine } from '../../resp/reply-writer';
import { aclOf } from '../acl/acl';
import { enoughGoodReplicas } from '../cluster/replication-view';
import { call } from '../exec/dispatch';
import { CLIENT, Client } from '../server/client';
import { LOG_LEVEL } from '../server/log-level';
import type { ValkeyServer } from '../server/server';
import { CMD } from '../table/flags';
import { doubleFormatOf } from '../util/double-reply';
import { ERR } from '../util/errors';
import { formatLuaNumber72 } from '../util/grisu-double';
import { inValkeyWords } from '../util/valkey-words';

/** Instructions between two checks of the time limit (as redis). */
const HOOK_INSTRUCTIONS = 100000;
export const BUSY_FUNCTION = '-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.';

/** The BUSY error while a script (EVAL) or a function runs too long; Valkey 8 names itself in it. */
function busyError(server: ValkeyServer, isEval: boolean): string {
  const text = isEval ? ERR.BUSY : BUSY_FUNCTION;
  return server.isValkey8 ? inValkeyWords(text) : text;
}

const KILLED = 'Script killed by user with SCRIPT KILL...';

/** SHA1 of a latin1 string, lower-case hex (redis sha1hex). */
export function sha1hex(s: string): string {
  return createHash('sha1').update(Buffer.from(s, 'latin1')).digest('hex');
}

/** redisLrand48: the 48-bit linear congruential generator redis gives math.random. */
class Rand48 {
  private x = 0x1234abcd330en;

  public seed(seed: number): void {
    this.x = ((BigInt.asUintN(32, BigInt(seed)) << 16n) | 0x330en) & 0xffffffffffffn;
  }

  public next(): number {
    this.x = (this.x * 0x5deece66dn + 0xbn) & 0xffffffffffffn;
    return Number(this.x >> 17n);
  }
}
const RAND48_MAX = 2147483647;

/** How a finished script is reported: its value is on the thread's stack. */
type Completion = (ctx: RunContext, T: LuaState, ok: boolean) => void;

export class ScriptingEngine {
  public current: RunContext | undefined;
  private readonly scriptClient: Client;
  private readonly rand = new Rand48();
  private readonly threads = new WeakMap<ScriptVm, LuaState>();
  private readonly runners = new WeakMap<ScriptVm, number>();

  /** The name scripts' error messages give the API table: Valkey 8 calls it `server` (`redis` is an alias). */
  public get apiName(): string {
    return this.server.isValkey8 ? 'server' : 'redis';
  }

  constructor(public readonly server: ValkeyServer) {
    // redis' Lua client, made at start-up, has id 1 (the server counts connections from 3).
    this.scriptClient = server.createInternalClient(1);
    this.scriptClient.flags |= CLIENT.SCRIPT | CLIENT.DENY_BLOCKING;
    const previous = server.hooks.busy;
    server.hooks.busy = () => {
      const ctx = this.current;
      if (ctx && ctx.timedOut) return busyError(server, ctx.isEval);
      return previous?.();
    };
  }

  /** The `redis.*` behaviour shared by both Lua states. */
  public api(extra: Partial<RedisApi> = {}): RedisApi {
    return {
      call: (L, raise) => this.redisCall(L, raise),
      setResp: (L) => {
        const ctx = this.requireContext(L, 'redis.setresp');
        if (lua.lua_gettop(L) !== 1) return this.raise(L, `${this.apiName}.setresp() requires one argument.`);
        const resp = Math.trunc(lua.lua_tonumber(L, -1));
        if (resp !== 2 && resp !== 3) return this.raise(L, 'RESP version must be 2 or 3.');
        ctx.resp = resp;
        return 0;
      },
      setRepl: (L) => {
        const ctx = this.requireContext(L, 'redis.set_repl');
        if (lua.lua_gettop(L) !== 1) return this.raise(L, this.server.isValkey8 ? 'server.set_repl() requires one argument.' : 'redis.set_repl() requires two arguments.');
        const flags = Math.trunc(lua.lua_tonumber(L, -1));
        if ((flags & ~REPL.ALL) !== 0) return this.raise(L, 'Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.');
        ctx.replFlags = flags;
        return 0;
      },
      aclCheckCmd: (L) => this.aclCheckCmd(L),
      log: (L) => this.log(L),
      sha1hex: (L) => {
        if (lua.lua_gettop(L) !== 1) return this.raise(L, 'wrong number of arguments');
        const s = lua.lua_tolstring(L, 1);
        lua.lua_pushstring(L, lit(sha1hex(s ? luaToLatin1(s) : '')));
        return 1;
      },
      random: (L) => this.random(L),
      randomseed: (L) => {
        this.requireContext(L, 'math.randomseed', true);
        this.rand.seed(lauxlib.luaL_checkinteger(L, 1));
        return 0;
      },
      ...extra,
    };
  }

  /** Raises `{err='ERR <msg>'}` (redis luaPushError + luaError). */
  public raise(L: LuaState, message: string): number {
    pushErrorTable(L, message);
    return lua.lua_error(L);
  }

  private requireContext(L: LuaState, what: string, plain = false): RunContext {
    const ctx = this.current;
    if (!ctx) {
      const msg = `${what} can only be called inside a script invocation`;
      if (plain) lauxlib.luaL_error(L, lit(msg));
      else this.raise(L, msg);
    }
    return ctx!;
  }

  private random(L: LuaState): number {
    this.requireContext(L, 'math.random', true);
    const r = (this.rand.next() % RAND48_MAX) / RAND48_MAX;
    switch (lua.lua_gettop(L)) {
      case 0:
        lua.lua_pushnumber(L, r);
        return 1;
      case 1: {
        const u = lauxlib.luaL_checkinteger(L, 1);
        if (u < 1) lauxlib.luaL_argerror(L, 1, lit('interval is empty'));
        lua.lua_pushnumber(L, Math.floor(r * u) + 1);
        return 1;
      }
      case 2: {
        const l = lauxlib.luaL_checkinteger(L, 1);
        const u = lauxlib.luaL_checkinteger(L, 2);
        if (l > u) lauxlib.luaL_argerror(L, 2, lit('interval is empty'));
        lua.lua_pushnumber(L, Math.floor(r * (u - l + 1)) + l);
        return 1;
      }
      default:
        return lauxlib.luaL_error(L, lit('wrong number of arguments'));
    }
  }

  private log(L: LuaState): number {
    const argc = lua.lua_gettop(L);
    if (argc < 2) return this.raise(L, `${this.apiName}.log() requires two arguments or more.`);
    if (!lua.lua_isnumber(L, 1)) return this.raise(L, 'First argument must be a number (log level).');
    const level = Math.trunc(lua.lua_tonumber(L, 1));
    if (level < LOG_LEVELS.LOG_DEBUG || level > LOG_LEVELS.LOG_WARNING) return this.raise(L, this.server.isValkey8 ? 'Invalid log level.' : 'Invalid debug level.');
    const parts: string[] = [];
    for (let j = 2; j <= argc; j++) {
      const s = lua.lua_tolstring(L, j);
      if (s) parts.push(luaToLatin1(s));
    }
    // Lua's levels are redis' own: `loglevel` decides what is written.
    this.server.log(parts.join(' '), level);
    return 0;
  }

  /** Arguments of redis.call as strings; numbers formatted as redis formats them. */
  private argsFromStack(L: LuaState): string[] | string {
    const argc = lua.lua_gettop(L);
    // Valkey 8 words these without "redis lib".
    const valkey8 = this.server.isValkey8;
    if (argc === 0) return valkey8 ? 'Please specify at least one argument for this call' : 'Please specify at least one argument for this redis lib call';
    const argv: string[] = new Array(argc);
    for (let j = 1; j <= argc; j++) {
      const t = lua.lua_type(L, j);
      if (t === lua.LUA_TNUMBER) {
        argv[j - 1] = this.formatNumberArg(lua.lua_tonumber(L, j));
      } else if (t === lua.LUA_TSTRING) {
        argv[j - 1] = luaToLatin1(lua.lua_tolstring(L, j)!);
      } else {
        lua.lua_settop(L, 0);
        return valkey8 ? 'Command arguments must be strings or integers' : 'Lua redis lib command arguments must be strings or integers';
      }
    }
    lua.lua_settop(L, 0);
    return argv;
  }

  /** redis 7.0 formats number arguments with `%.17g`; 7.2 as an integer when it is one, else with fpconv. */
  private formatNumberArg(n: number): string {
    if (doubleFormatOf(this.server) === formatDouble17) return formatDouble17(n);
    return formatLuaNumber72(n);
  }

  /** redis.call / redis.pcall (luaRedisGenericCommand + scriptCall). */
  private redisCall(L: LuaState, raise: boolean): number {
    const ctx = this.current;
    if (!ctx) return this.raise(L, 'redis.call/pcall can only be called inside a script invocation');
    const argv = this.argsFromStack(L);
    if (typeof argv === 'string') {
      pushErrorTable(L, argv);
      return raise ? lua.lua_error(L) : 1;
    }
    const error = this.checkCall(ctx, argv);
    const c = ctx.client;
    if (error !== undefined) {
      this.countRefusal(c, error);
      pushErrorTable(L, error, true);
      return raise ? lua.lua_error(L) : 1;
    }
    const cmd = c.cmd!;
    if (cmd.flags & CMD.WRITE) ctx.writeDirty = true;
    c.out.resp = ctx.resp;
    c.out.len = 0;
    call(this.server, c, cmd, argv, (ctx.replFlags & REPL.REPLICA) !== 0);
    const buf = c.out.buf;
    const isError = buf[0] === 0x2d;
    pushReply(L, buf, 0);
    c.out.len = 0;
    if (raise && isError) return lua.lua_error(L);
    // The instruction hook cannot see time spent in commands: a script that is mostly redis.call
    // would run far past the threshold without yielding (SCRIPT KILL would then find it finished).
    if (this.pastThreshold(ctx) && this.mayYield(ctx, L)) return lua.lua_yieldk(L, 0, 0, this.afterCallYield);
    return 1;
  }

  /** Resumes a redis.call that yielded: its reply is still on the stack, unless the script was killed. */
  private readonly afterCallYield = (L: LuaState): number => {
    const ctx = this.current;
    if (ctx?.killed && !ctx.inHandler) return this.raiseKilled(L);
    return 1;
  };

  /**
   * A command the script may not run is counted as refused where it is refused (redis scriptCall's
   * error path): in the error statistics, and in the command's rejected_calls. The error then
   * carries `ignore_error_stats_update`, so passing it on does not count it again.
   */
  private countRefusal(c: Client, error: string): void {
    const stats = this.server.stats;
    stats.countError(errorLine(error));
    if (c.cmd) c.cmd.rejectedCalls++;
    stats.errorRepliesSeen = stats.totalErrorReplies;
  }

  /** The checks redis applies before a script's command; an error text or undefined. */
  private checkCall(ctx: RunContext, argv: string[]): string | undefined {
    const server = this.server;
    const found = server.commands.lookup(argv);
    const c = ctx.client;
    const cmd = found.cmd?.handler ? found.cmd : undefined;
    // Set before the checks: a refused command is charged with the refusal (rejected_calls).
    c.cmd = cmd;
    // Valkey 8 words these without "Redis".
    if (!cmd) return server.isValkey8 ? 'Unknown command called from script' : 'Unknown Redis command called from script';
    c.lastCmd = cmd;
    if (!cmd.arityOk(argv.length)) {
      return server.isValkey8 ? 'Wrong number of args calling command from script' : 'Wrong number of args calling Redis command from script';
    }
    if (cmd.flags & CMD.NOSCRIPT) return 'This Redis command is not allowed from script';
    // The ACL module words a script's refusal as the emulated version does (and logs it).
    const denied = server.hooks.checkPermission?.(c, cmd, argv, false);
    if (denied) return denied;
    if (cmd.flags & CMD.WRITE) {
      if (ctx.readOnly) return 'Write commands are not allowed from read-only scripts.';
      const refused = server.hooks.checkWrite?.(ctx.caller, cmd);
      if (refused) return refused;
      // Scripts without flags meet min-replicas-to-write at their first write (scriptVerifyWriteCommandAllow).
      if (!ctx.writeDirty && !enoughGoodReplicas(server)) return ERR.NOREPLICAS;
    }
    if (!ctx.allowOom && server.maxmemory > 0 && !ctx.writeDirty && ctx.oomAtStart && cmd.flags & CMD.DENYOOM) return ERR.OOM;
    if (server.hooks.route && !(ctx.caller.flags & CLIENT.MASTER)) {
      const redirect = server.hooks.route(c, cmd, argv);
      if (redirect) {
        if (/CLUSTERDOWN/.test(redirect)) return 'Script attempted to execute a command while the cluster is down';
        return 'Script attempted to access a non local key in a cluster node';
      }
    }
    return undefined;
  }

  private aclCheckCmd(L: LuaState): number {
    const ctx = this.requireContext(L, 'redis.acl_check_cmd');
    const argv = this.argsFromStack(L);
    if (typeof argv === 'string') {
      pushErrorTable(L, argv);
      return lua.lua_error(L);
    }
    const cmd = this.server.commands.lookup(argv).cmd;
    if (!cmd) return this.raise(L, `Invalid command passed to ${this.apiName}.acl_check_cmd()`);
    // A question, not a refusal: redis checks the caller's user without writing the ACL log.
    lua.lua_pushboolean(L, aclOf(this.server).canRun(ctx.caller, cmd, argv));
    return 1;
  }

  // ---- running -----------------------------------------------------------------------------------

  /** Prepares the script client and a run context for a call from `caller`. */
  public prepare(caller: Client, name: string, isEval: boolean): RunContext {
    const server = this.server;
    const c = this.scriptClient;
    c.db = caller.db;
    c.user = caller.user;
    c.authenticated = true;
    c.out.resp = 2;
    c.flags = (c.flags & ~CLIENT.MULTI) | (caller.flags & CLIENT.MULTI);
    const ctx = new RunContext(caller, c, name, isEval, caller.argv, Date.now());
    ctx.oomAtStart = server.maxmemory > 0 && !server.performEvictions();
    ctx.canYield = caller.socket !== undefined && !(caller.flags & (CLIENT.MULTI | CLIENT.EXECUTING)) && server.nesting === 1;
    return ctx;
  }

  private runner(vm: ScriptVm): number {
    let ref = this.runners.get(vm);
    if (ref === undefined) {
      const L = vm.L;
      // 5.3's xpcall (scripts see 5.1's, which passes no arguments to the function).
      if (lauxlib.luaL_loadbuffer(L, lit('local xpcall = ... return function(f, h, ...) return xpcall(f, h, ...) end'), null, lit('=runner')) !== lua.LUA_OK) {
        throw new Error('runner chunk failed to compile');
      }
      pushXpcall53(L);
      lua.lua_call(L, 1, 1);
      ref = vm.ref();
      this.runners.set(vm, ref);
    }
    return ref;
  }

  /**
   * Runs a function of `vm`: `pushCall` pushes the function and its arguments on the thread and
   * returns the argument count. `done` writes the reply; it runs now, or later if the script
   * is suspended (the caller is then blocked until it finishes).
   */
  public run(vm: ScriptVm, ctx: RunContext, pushCall: (T: LuaState) => number, done: Completion): void {
    let T = this.threads.get(vm);
    if (!T) {
      T = lua.lua_newthread(vm.L);
      lua.lua_pop(vm.L, 1);
      this.threads.set(vm, T);
    }
    ctx.thread = T;
    lua.lua_settop(T, 0);
    vm.pushRef(this.runner(vm), T);
    const fnIndex = lua.lua_gettop(T) + 1;
    const nargs = pushCall(T);
    vm.pushErrorHandler(T);
    lua.lua_insert(T, fnIndex + 1);
    ctx.thresholdMs = this.server.config.num('busy-reply-threshold');
    if (ctx.thresholdMs > 0) lua.lua_sethook(T, this.hook, lua.LUA_MASKCOUNT, HOOK_INSTRUCTIONS);
    this.current = ctx;
    this.resume(vm, ctx, T, nargs + 2, done);
  }

  private resume(vm: ScriptVm, ctx: RunContext, T: LuaState, nargs: number, done: Completion): void {
    const status = lua.lua_resume(T, vm.L, nargs);
    if (status === lua.LUA_YIELD) {
      this.suspend(ctx);
      setImmediate(() => this.resume(vm, ctx, T, 0, done));
      return;
    }
    lua.lua_sethook(T, null, 0, 0);
    this.current = undefined;
    if (status !== lua.LUA_OK) {
      // An error outside the script's protected call: the thread is dead.
      this.threads.delete(vm);
      pushErrorTable(T, luaToLatin1(lua.lua_tolstring(T, -1) ?? lit('script failure')));
      done(ctx, T, false);
    } else {
      const ok = lua.lua_toboolean(T, 1);
      lua.lua_settop(T, 2);
      done(ctx, T, ok);
    }
    lua.lua_settop(T, 0);
    if (ctx.suspended) this.resumeCaller(ctx);
  }

  private suspend(ctx: RunContext): void {
    if (ctx.suspended) return;
    ctx.suspended = true;
    // The caller waits for its reply; the write unit stays open so the script's writes propagate
    // as one MULTI/EXEC block.
    ctx.caller.flags |= CLIENT.BLOCKED;
    this.server.nesting++;
  }

  private resumeCaller(ctx: RunContext): void {
    const server = this.server;
    server.nesting--;
    if (server.nesting === 0) server.propagation.flush();
    ctx.caller.flags &= ~CLIENT.BLOCKED;
    if (ctx.caller.cmd) ctx.caller.cmd.calls++;
    server.queueUnblocked(ctx.caller);
  }

  /** The count hook (redis luaMaskCountHook): notices timeouts and kills, lets the event loop run. */
  private readonly hook = (L: LuaState): void => {
    const ctx = this.current;
    if (!ctx || ctx.inHandler) return;
    if (ctx.killed) {
      this.raiseKilled(L);
      return;
    }
    if (this.pastThreshold(ctx) && this.mayYield(ctx, L)) lua.lua_yield(L, 0);
  };

  private raiseKilled(L: LuaState): number {
    // Keep raising on every line so pcall cannot swallow the kill.
    lua.lua_sethook(L, this.hook, lua.LUA_MASKLINE, 0);
    pushErrorTable(L, KILLED);
    return lua.lua_error(L);
  }

  /** True once the script has run past busy-reply-threshold (logged once, as redis does). */
  private pastThreshold(ctx: RunContext): boolean {
    if (ctx.timedOut) return true;
    if (ctx.thresholdMs <= 0) return false;
    const elapsed = Date.now() - ctx.startMs;
    if (elapsed < ctx.thresholdMs) return false;
    ctx.timedOut = true;
    this.server.log(`Slow script detected: still in execution after ${elapsed} milliseconds. You can try killing the script using the ${ctx.isEval ? 'SCRIPT KILL' : 'FUNCTION KILL'} command.`, LOG_LEVEL.WARNING);
    return true;
  }

  /** Only the script's own thread yields, and only where Lua allows it (not inside a JS callback). */
  private mayYield(ctx: RunContext, L: LuaState): boolean {
    return ctx.canYield && L === ctx.thread && lua.lua_isyieldable(L);
  }

  /** SCRIPT KILL / FUNCTION KILL (redis scriptKill). */
  public kill(c: Client, isEval: boolean): void {
    const ctx = this.current;
    if (!ctx) return c.out.error('-NOTBUSY No scripts in execution right now.');
    if (ctx.caller.flags & CLIENT.MASTER) {
      return c.out.error('-UNKILLABLE The busy script was sent by a master instance in the context of replication and cannot be killed.');
    }
    if (ctx.writeDirty) {
      return c.out.error('-UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.');
    }
    if (isEval !== ctx.isEval) return c.out.error(busyError(this.server, ctx.isEval));
    ctx.killed = true;
    c.out.ok();
  }

  /** Writes a failed script's error table (on top of T) as redis formats it. */
  public writeError(ctx: RunContext, T: LuaState, out: Client['out']): void {
    let msg: string | undefined;
    let source: string | undefined;
    let line: string | undefined;
    let counted = false;
    if (lua.lua_type(T, -1) === lua.LUA_TTABLE) {
      const field = (name: string) => {
        lua.lua_getfield(T, -1, lit(name));
        const v = lua.lua_isstring(T, -1) ? luaToLatin1(lua.lua_tolstring(T, -1)!) : undefined;
        lua.lua_pop(T, 1);
        return v;
      };
      msg = field('err');
      source = field('source');
      line = field('line');
      counted = errorCountedAlready(T, -1);
    } else if (lua.lua_isstring(T, -1)) {
      msg = 'ERR ' + luaToLatin1(lua.lua_tolstring(T, -1)!);
    }
    if (ctx.killed) {
      msg = `ERR ${KILLED}`;
      counted = false;
    }
    let text = '-' + (msg ?? 'ERR unknown error');
    if (source !== undefined && line !== undefined) text += ` script: ${ctx.name}, on ${source}:${line}.`;
    if (counted) out.errorCounted(text);
    else out.error(text);
  }

  /** Writes a finished script's result (value on top of T) to the caller. */
  public writeResult(ctx: RunContext, T: LuaState, ok: boolean): void {
    if (ok) writeLuaValue(T, ctx.caller.out, ctx.resp, doubleFormatOf(this.server));
    else this.writeError(ctx, T, ctx.caller.out);
  }

  /** Marks the error handler as running (it calls this first). */
  public enterHandler(): void {
    if (this.current) this.current.inHandler = true;
  }
}

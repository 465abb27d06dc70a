/**
 * Scripting commands: EVAL, EVALSHA, EVAL_RO, EVALSHA_RO, SCRIPT LOAD|EXISTS|FLUSH|KILL|DEBUG|HELP,
 * FUNCTION LOAD|LIST|DELETE|FLUSH|DUMP|RESTORE|STATS|KILL|HELP, FCALL and FCALL_RO.
 * Scripts are replicated by their effects: the commands they run propagate (wrapped in
 * MULTI/EXEC when there are several), never the EVAL/FCALL itself.
 */
import { is, replyHelp } from './args';
import { enoughGoodReplicas } from '../cluster/replication-view';
import { rdbVersionFor } from '../persistence/rdb/constants';
import { scriptingOf, ServerScripting } from '../scripting/eval-scripts';
import { parseFunctionDump } from '../scripting/functions';
import { lua, LuaState, pushLatin1 } from '../scripting/lua';
import { RunContext, SCRIPT_FLAG, SCRIPT_FLAG_NAMES } from '../scripting/run-context';
import type { ScriptVm } from '../scripting/vm';
import type { Client } from '../server/client';
import type { CommandDef } from '../table/command';
import { VALKEY_SPECS } from '../table/spec-sources';
import { ERR, subcommandSyntaxError } from '../util/errors';
import { globMatch } from '../util/glob';
import { parseInt64 } from '../util/numbers';

const NOSCRIPT = '-NOSCRIPT No matching script. Please use EVAL.';
/** Valkey 8 dropped the hint. */
const NOSCRIPT_VALKEY8 = '-NOSCRIPT No matching script.';

function noScript(c: Client): void {
  c.out.error(c.server.isValkey8 ? NOSCRIPT_VALKEY8 : NOSCRIPT);
}

/** Pushes a Lua array of strings. */
function pushArray(L: LuaState, items: readonly string[]): void {
  lua.lua_createtable(L, items.length, 0);
  for (let i = 0; i < items.length; i++) {
    pushLatin1(L, items[i]);
    lua.lua_rawseti(L, -2, i + 1);
  }
}

/** The checks redis makes before running a script with these flags; false after replying. */
function prepareChecks(c: Client, flags: number, ro: boolean): boolean {
  if (flags & SCRIPT_FLAG.EVAL_COMPAT) return true;
  const server = c.server;
  if (flags & SCRIPT_FLAG.NO_CLUSTER && server.config.bool('cluster-enabled')) {
    c.out.error("Can not run script on cluster, 'no-cluster' flag is set.");
    return false;
  }
  if (!(flags & SCRIPT_FLAG.ALLOW_OOM) && server.maxmemory > 0 && !server.performEvictions()) {
    // A script that may use memory is refused as a denyoom command would be.
    c.out.error(ERR.OOM);
    return false;
  }
  if (!(flags & SCRIPT_FLAG.NO_WRITES)) {
    // A script that may write counts as a write command, refused before it is looked at further.
    if (!enoughGoodReplicas(server)) {
      c.out.error(ERR.NOREPLICAS);
      return false;
    }
    const cmd = c.cmd;
    const refused = cmd ? server.hooks.checkWrite?.(c, cmd) : undefined;
    if (refused) {
      c.out.error(refused);
      return false;
    }
    if (ro) {
      c.out.error('Can not execute a script with write flag using *_ro command.');
      return false;
    }
  }
  return true;
}

function applyFlags(ctx: RunContext, flags: number, ro: boolean): void {
  const compat = (flags & SCRIPT_FLAG.EVAL_COMPAT) !== 0;
  ctx.readOnly = ro || (!compat && (flags & SCRIPT_FLAG.NO_WRITES) !== 0);
  ctx.allowOom = !compat && (flags & SCRIPT_FLAG.ALLOW_OOM) !== 0;
}

/** Parses numkeys; replies the error and returns undefined when invalid. */
function numKeys(c: Client, argv: string[], notInteger: string): number | undefined {
  const n = parseInt64(argv[2]);
  if (n === undefined) {
    c.out.error(notInteger);
    return undefined;
  }
  if (n > argv.length - 3) {
    c.out.error("Number of keys can't be greater than number of args");
    return undefined;
  }
  if (n < 0) {
    c.out.error("Number of keys can't be negative");
    return undefined;
  }
  return n;
}

function runScript(
  c: Client, s: ServerScripting, vm: ScriptVm, name: string, isEval: boolean, flags: number, ro: boolean,
  push: (T: LuaState) => number,
): void {
  if (!prepareChecks(c, flags, ro)) return;
  const engine = s.engine;
  const ctx = engine.prepare(c, name, isEval);
  applyFlags(ctx, flags, ro);
  engine.run(vm, ctx, push, (done, T, ok) => engine.writeResult(done, T, ok));
}

/**
 * Scripts show in MONITOR before the commands they run: redis feeds EVAL and FCALL from their
 * handlers, first thing (their table flag skip_monitor keeps call() from showing them after).
 */
function feedMonitorsFirst(c: Client, argv: readonly string[]): void {
  if (c.server.monitors.size > 0) c.server.feedMonitors(c, argv);
}

function evalGeneric(c: Client, argv: string[], isSha: boolean, ro: boolean): void {
  feedMonitorsFirst(c, argv);
  c.preventPropagation = true;
  const s = scriptingOf(c.server);
  if (isSha && argv[1].length !== 40) return noScript(c);
  const numkeys = numKeys(c, argv, ERR.NOT_INTEGER);
  if (numkeys === undefined) return;
  let sha: string;
  if (isSha) {
    sha = argv[1].toLowerCase();
    if (!s.scripts.has(sha)) return noScript(c);
  } else {
    const created = s.create(argv[1]);
    if ('error' in created) return c.out.error(created.error);
    sha = created.sha;
  }
  const script = s.scripts.get(sha)!;
  const vm = s.vm;
  const keys = argv.slice(3, 3 + numkeys);
  const args = argv.slice(3 + numkeys);
  runScript(c, s, vm, sha, true, script.flags, ro, (T) => {
    pushArray(vm.L, keys);
    vm.setRawGlobal('KEYS');
    pushArray(vm.L, args);
    vm.setRawGlobal('ARGV');
    vm.pushRef(script.ref, T);
    return 0;
  });
}

// ---- SCRIPT ------------------------------------------------------------------------------------

function scriptLoad(c: Client, argv: string[]): void {
  const created = scriptingOf(c.server).create(argv[2]);
  if ('error' in created) return c.out.error(created.error);
  c.out.bulk(created.sha);
}

function scriptExists(c: Client, argv: string[]): void {
  const scripts = scriptingOf(c.server).scripts;
  c.out.arrayHeader(argv.length - 2);
  for (let i = 2; i < argv.length; i++) c.out.integer(scripts.has(argv[i].toLowerCase()) ? 1 : 0);
}

/** SCRIPT SHOW (Valkey 8): the body of a cached script, by SHA1 in either case. */
function scriptShow(c: Client, argv: string[]): void {
  const script = scriptingOf(c.server).scripts.get(argv[2].toLowerCase());
  if (!script) return noScript(c);
  c.out.bulk(script.body);
}

function scriptFlush(c: Client, argv: string[]): void {
  if (argv.length > 3 || (argv.length === 3 && !is(argv[2], 'sync') && !is(argv[2], 'async'))) {
    return c.out.error('SCRIPT FLUSH only support SYNC|ASYNC option');
  }
  scriptingOf(c.server).flushScripts();
  c.out.ok();
}

/**
 * SCRIPT DEBUG: NO is answered as redis does. YES and SYNC would put the connection in the Lua
 * debugger (LDB) protocol, which this engine does not have: they are refused with an explicit
 * error rather than an OK that a later EVAL could not honour (see the engine README).
 */
function scriptDebug(c: Client, argv: string[]): void {
  // redis refuses when replies are still pending: inside EXEC or behind pipelined commands.
  if (c.out.len > 0 || c.unsentBytes > 0) return c.out.error('SCRIPT DEBUG must be called outside a pipeline');
  if (is(argv[2], 'no')) return c.out.ok();
  if (is(argv[2], 'yes') || is(argv[2], 'sync')) {
    return c.out.error('SCRIPT DEBUG YES/SYNC is not supported: this server has no Lua debugger');
  }
  c.out.error('Use SCRIPT DEBUG YES/SYNC/NO');
}

// ---- FUNCTION ----------------------------------------------------------------------------------

function functionLoad(c: Client, argv: string[]): void {
  let replace = false;
  for (let i = 2; i < argv.length - 1; i++) {
    if (is(argv[i], 'replace')) replace = true;
    else return c.out.error(`Unknown option given: ${argv[i]}`);
  }
  const result = scriptingOf(c.server).functions.load(argv[argv.length - 1], replace);
  if (typeof result !== 'string') return c.out.error(result.error);
  c.server.dirty++;
  c.out.bulk(result);
}

function functionDelete(c: Client, argv: string[]): void {
  if (!scriptingOf(c.server).functions.delete(argv[2])) return c.out.error('Library not found');
  c.server.dirty++;
  c.out.ok();
}

function functionFlush(c: Client, argv: string[]): void {
  if (argv.length > 3) return c.out.error(subcommandSyntaxError(argv[0], argv[1]));
  if (argv.length === 3 && !is(argv[2], 'sync') && !is(argv[2], 'async')) return c.out.error('FUNCTION FLUSH only supports SYNC|ASYNC option');
  scriptingOf(c.server).functions.flush();
  c.server.dirty++;
  c.out.ok();
}

function functionList(c: Client, argv: string[]): void {
  let pattern: string | undefined;
  let withCode = false;
  for (let i = 2; i < argv.length; i++) {
    if (is(argv[i], 'withcode')) {
      if (withCode) return c.out.error(`Unknown argument ${argv[i]}`);
      withCode = true;
    } else if (is(argv[i], 'libraryname')) {
      if (pattern !== undefined) return c.out.error(`Unknown argument ${argv[i]}`);
      if (i + 1 >= argv.length) return c.out.error('library name argument was not given');
      pattern = argv[++i];
    } else {
      return c.out.error(`Unknown argument ${argv[i]}`);
    }
  }
  // LIBRARYNAME matches without regard to case (stringmatchlen with nocase).
  const libs = [...scriptingOf(c.server).functions.libraries.values()].filter((l) => pattern === undefined || globMatch(pattern, l.name, true));
  const out = c.out;
  out.arrayHeader(libs.length);
  for (const lib of libs) {
    out.mapHeader(withCode ? 4 : 3);
    out.bulk('library_name');
    out.bulk(lib.name);
    out.bulk('engine');
    out.bulk('LUA');
    out.bulk('functions');
    out.arrayHeader(lib.functions.size);
    for (const f of lib.functions.values()) {
      out.mapHeader(3);
      out.bulk('name');
      out.bulk(f.name);
      out.bulk('description');
      out.bulkOrNull(f.description);
      out.bulk('flags');
      const names = SCRIPT_FLAG_NAMES.filter(([, bit]) => f.flags & bit).map(([n]) => n);
      out.setHeader(names.length);
      for (const n of names) out.status(n);
    }
    if (withCode) {
      out.bulk('library_code');
      out.bulk(lib.code);
    }
  }
}

function functionStats(c: Client): void {
  const s = scriptingOf(c.server);
  const out = c.out;
  const ctx = s.engine.current;
  out.mapHeader(2);
  out.bulk('running_script');
  if (!ctx || ctx.isEval) {
    out.null();
  } else {
    out.mapHeader(3);
    out.bulk('name');
    out.bulk(ctx.name);
    out.bulk('command');
    out.bulkArray(ctx.argv as string[]);
    out.bulk('duration_ms');
    out.integer(Date.now() - ctx.startMs);
  }
  out.bulk('engines');
  out.mapHeader(1);
  out.bulk('LUA');
  out.mapHeader(2);
  out.bulk('libraries_count');
  out.integer(s.functions.libraries.size);
  out.bulk('functions_count');
  out.integer(s.functions.functions.size);
}

function functionRestore(c: Client, argv: string[]): void {
  if (argv.length > 4) return c.out.error(subcommandSyntaxError(argv[0], argv[1]));
  let policy: 'flush' | 'append' | 'replace' = 'append';
  if (argv.length === 4) {
    if (is(argv[3], 'flush')) policy = 'flush';
    else if (is(argv[3], 'append')) policy = 'append';
    else if (is(argv[3], 'replace')) policy = 'replace';
    else return c.out.error('Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.');
  }
  const codes = parseFunctionDump(Buffer.from(argv[2], 'latin1'), rdbVersionFor(c.server.version));
  if (!codes) return c.out.error('DUMP payload version or checksum are wrong');
  const error = scriptingOf(c.server).functions.restore(codes, policy);
  if (error !== undefined) return c.out.error(error);
  c.server.dirty++;
  c.out.ok();
}

function fcallGeneric(c: Client, argv: string[], ro: boolean): void {
  feedMonitorsFirst(c, argv);
  c.preventPropagation = true;
  const s = scriptingOf(c.server);
  const fn = s.functions.functions.get(argv[1].toLowerCase());
  if (!fn) return c.out.error('Function not found');
  const numkeys = numKeys(c, argv, 'Bad number of keys provided');
  if (numkeys === undefined) return;
  const vm = s.functions.vm;
  const keys = argv.slice(3, 3 + numkeys);
  const args = argv.slice(3 + numkeys);
  runScript(c, s, vm, fn.name, false, fn.flags, ro, (T) => {
    vm.pushRef(fn.ref, T);
    pushArray(T, keys);
    pushArray(T, args);
    return 2;
  });
}

export const SCRIPTING_COMMANDS: CommandDef[] = [
  { name: 'eval', handler: (c, argv) => evalGeneric(c, argv, false, false) },
  { name: 'evalsha', handler: (c, argv) => evalGeneric(c, argv, true, false) },
  { name: 'eval_ro', handler: (c, argv) => evalGeneric(c, argv, false, true) },
  { name: 'evalsha_ro', handler: (c, argv) => evalGeneric(c, argv, true, true) },
  { name: 'script|load', handler: scriptLoad },
  { name: 'script|exists', handler: scriptExists },
  { name: 'script|show', handler: scriptShow, spec: VALKEY_SPECS.byName.get('script|show') },
  { name: 'script|flush', handler: scriptFlush },
  { name: 'script|kill', handler: (c) => scriptingOf(c.server).engine.kill(c, true) },
  { name: 'script|debug', handler: scriptDebug },
  { name: 'script|help', handler: (c) => replyHelp(c, 'script') },
  { name: 'function|load', handler: functionLoad },
  { name: 'function|delete', handler: functionDelete },
  { name: 'function|flush', handler: functionFlush },
  { name: 'function|list', handler: functionList },
  { name: 'function|stats', handler: functionStats },
  { name: 'function|dump', handler: (c) => c.out.bulk(scriptingOf(c.server).functions.dump().toString('latin1')) },
  { name: 'function|restore', handler: functionRestore },
  { name: 'function|kill', handler: (c) => scriptingOf(c.server).engine.kill(c, false) },
  { name: 'function|help', handler: (c) => replyHelp(c, 'function') },
  { name: 'fcall', handler: (c, argv) => fcallGeneric(c, argv, false) },
  { name: 'fcall_ro', handler: (c, argv) => fcallGeneric(c, argv, true) },
];

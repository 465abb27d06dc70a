/**
 * The EVAL script cache of a server: SHA1 → compiled function and shebang flags, compiled into
 * the EVAL Lua state as redis does (`function f_<sha>() <body> end`, chunk `@user_script`).
 */
import { ScriptingEngine, sha1hex } from './engine';
import { FunctionRegistry } from './functions';
import { lit, lua, luaToLatin1 } from './lua';
import { loadLua51Chunk, toLua51Syntax } from './lua51-compat';
import { SCRIPT_FLAG, SCRIPT_FLAG_NAMES } from './run-context';
import { ScriptVm } from './vm';
import { allocSize, DICT_ENTRY_SIZE, dictTableSize, EMBSTR_LIMIT, ROBJ_SIZE, sdsSize } from '../keyspace/memory';
import type { ValkeyServer } from '../server/server';

/** redis' luaScript: its flags and a pointer to the body. */
const LUA_SCRIPT_SIZE = 16;

export interface CachedScript {
  readonly body: string;
  readonly flags: number;
  readonly ref: number;
}

/** Parses a `#!lua flags=…` shebang: the flags and where the body starts, or an error text. */
export function parseShebang(body: string): { flags: number; bodyStart: number } | string {
  if (!body.startsWith('#!')) return { flags: SCRIPT_FLAG.EVAL_COMPAT, bodyStart: 0 };
  const nl = body.indexOf('\n');
  const end = nl < 0 ? body.length : nl;
  const parts = body.slice(0, end).split(' ');
  if (parts[0] !== '#!lua') return `Unexpected engine in script shebang: ${parts[0]}`;
  let flags = 0;
  for (const part of parts.slice(1)) {
    if (part.startsWith('flags=')) {
      const list = part.slice(6);
      if (list === '') continue;
      for (const name of list.split(',')) {
        const found = SCRIPT_FLAG_NAMES.find(([n]) => n === name);
        if (!found) return `Unexpected flag in script shebang: ${name}`;
        flags |= found[1];
      }
    } else {
      return `Unknown lua shebang option: ${part}`;
    }
  }
  return { flags, bodyStart: end };
}

/** Scripting state of one server: the engine, the EVAL state and cache, the function libraries. */
export class ServerScripting {
  public readonly engine: ScriptingEngine;
  public readonly functions: FunctionRegistry;
  public readonly scripts = new Map<string, CachedScript>();
  private vmInstance: ScriptVm | undefined;

  constructor(server: ValkeyServer) {
    this.engine = new ScriptingEngine(server);
    this.functions = new FunctionRegistry(this.engine);
    server.hooks.scriptsInfo = () => ({
      cachedScripts: this.scripts.size,
      functions: this.functions.functions.size,
      libraries: this.functions.libraries.size,
      evalCacheBytes: this.cacheMemory(),
      functionsBytes: this.functions.memory(),
    });
  }

  /**
   * Bytes of the EVAL script cache as redis counts them (evalScriptsMemory): per script its SHA1
   * sds and its body (the argument object the script came in: embedded up to 44 bytes), a dict
   * entry and a luaScript; plus the dict's buckets, taken as settled after incremental rehashing.
   */
  private cacheMemory(): number {
    let bytes = 0;
    for (const script of this.scripts.values()) {
      const len = script.body.length;
      const bodyBytes = len <= EMBSTR_LIMIT ? allocSize(ROBJ_SIZE + 3 + len + 1) - ROBJ_SIZE : sdsSize(len);
      bytes += sdsSize(40) + bodyBytes + DICT_ENTRY_SIZE + LUA_SCRIPT_SIZE;
    }
    return bytes + dictTableSize(this.scripts.size);
  }

  public get vm(): ScriptVm {
    if (!this.vmInstance) {
      this.vmInstance = new ScriptVm({
        kind: 'eval',
        version: this.engine.server.version,
        serverAlias: this.engine.server.isValkey8,
        valkeyVersion: this.engine.server.valkeyVersion,
        api: this.engine.api(),
        enterHandler: () => this.engine.enterHandler(),
      });
    }
    return this.vmInstance;
  }

  /** Compiles a script into the cache (redis luaCreateFunction); returns its SHA1 or an error. */
  public create(body: string): { sha: string } | { error: string } {
    const sha = sha1hex(body);
    if (this.scripts.has(sha)) return { sha };
    const shebang = parseShebang(body);
    if (typeof shebang === 'string') return { error: shebang };
    const vm = this.vm;
    const L = vm.L;
    // redis 7.0 compiles the body itself as the chunk (so `...` is allowed and lines count from 1).
    const source = Buffer.from(body.slice(shebang.bodyStart), 'latin1');
    if (loadLua51Chunk(L, source, lit('@user_script')) !== lua.LUA_OK) {
      const msg = luaToLatin1(lua.lua_tolstring(L, -1) ?? lit(''));
      lua.lua_pop(L, 1);
      return { error: `Error compiling script (new function): ${toLua51Syntax(msg)}` };
    }
    this.scripts.set(sha, { body, flags: shebang.flags, ref: vm.ref() });
    return { sha };
  }

  /** SCRIPT FLUSH: a new Lua state and an empty cache. */
  public flushScripts(): void {
    this.scripts.clear();
    this.vmInstance = undefined;
  }
}

const STATES = new WeakMap<ValkeyServer, ServerScripting>();

/** The scripting state of a server, created on first use. */
export function scriptingOf(server: ValkeyServer): ServerScripting {
  let s = STATES.get(server);
  if (!s) {
    s = new ServerScripting(server);
    STATES.set(server, s);
  }
  return s;
}

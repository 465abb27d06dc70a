/**
 * Function libraries (FUNCTION LOAD … FCALL): `#!lua name=<lib>` metadata, registration through
 * `redis.register_function` (positional or named arguments, flags, description), the library
 * and function dictionaries, and the payload of FUNCTION DUMP / RESTORE (RDB function records
 * with the RDB version and CRC64 trailer, so payloads move to and from redis-server).
 */
import { pushErrorTable } from './conversions';
import { ScriptingEngine } from './engine';
import { lit, lua, LuaState, luaToLatin1 } from './lua';
import { loadLua51Chunk, toLua51Syntax } from './lua51-compat';
import { SCRIPT_FLAG_NAMES } from './run-context';
import { ScriptVm } from './vm';
import { DICT_ENTRY_SIZE, dictSlots, FUNCTIONS_BASE_BYTES, sdsSize } from '../keyspace/memory';
import { RDB_OPCODE, rdbVersionFor } from '../persistence/rdb/constants';
import { sealPayload, verifyDumpPayload } from '../persistence/rdb/dump-payload';
import { RdbFormatError, RdbReader } from '../persistence/rdb/rdb-reader';
import { RdbWriter } from '../persistence/rdb/rdb-writer';

export interface LibraryFunction {
  readonly name: string;
  readonly description: string | undefined;
  readonly flags: number;
  readonly ref: number;
  readonly library: Library;
}

export interface Library {
  readonly name: string;
  readonly code: string;
  readonly functions: Map<string, LibraryFunction>;
}

const NAME_ERROR = 'Library names can only contain letters, numbers, or underscores(_) and must be at least one character long';
const LOAD_TIMEOUT_MS = 500;

/** redis' functionLibInfo (name, functions, engine, code pointers) and functionInfo with its engine handle. */
const LIBRARY_INFO_SIZE = 32;
const FUNCTION_INFO_SIZE = 48;
const LUA_FUNCTION_CTX_SIZE = 8;

function validName(name: string): boolean {
  return name.length > 0 && /^[A-Za-z0-9_]+$/.test(name);
}

/** Splits a shebang line into words as sdssplitargs does (quotes and escapes). */
function splitArgs(line: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i])) i++;
    if (i >= line.length) break;
    let word = '';
    while (i < line.length && !/\s/.test(line[i])) {
      if (line[i] === '"' || line[i] === "'") {
        const q = line[i++];
        while (i < line.length && line[i] !== q) {
          if (q === '"' && line[i] === '\\' && i + 1 < line.length) i++;
          word += line[i++];
        }
        if (i >= line.length) return undefined;
        i++;
        if (i < line.length && !/\s/.test(line[i])) return undefined;
      } else {
        word += line[i++];
      }
    }
    out.push(word);
  }
  return out;
}

/** The library name and engine of a FUNCTION LOAD payload, or the error redis gives. */
export function parseLibraryMetadata(code: string): { engine: string; name: string } | string {
  if (!code.startsWith('#!')) return 'Missing library metadata';
  const end = code.indexOf('\n');
  if (end < 0) return 'Invalid library metadata';
  const parts = splitArgs(code.slice(0, end));
  if (!parts || parts.length === 0) return 'Invalid library metadata';
  const engine = parts[0].slice(2);
  let name: string | undefined;
  for (const part of parts.slice(1)) {
    if (part.slice(0, 5).toLowerCase() === 'name=') {
      if (name !== undefined) return 'Invalid metadata value, name argument was given multiple times';
      name = part.slice(5);
      continue;
    }
    return `Invalid metadata value given: ${part}`;
  }
  if (name === undefined) return 'Library name was not given';
  return { engine, name };
}

export class FunctionRegistry {
  public readonly libraries = new Map<string, Library>();
  /** Functions by lower-case name (FCALL is case-insensitive). */
  public readonly functions = new Map<string, LibraryFunction>();
  private vmInstance: ScriptVm | undefined;
  /** The library being loaded (redis.register_function adds to it). */
  private loading: { library: Library; start: number; error?: string } | undefined;

  /** Buckets of redis' functions dict: it grows with the functions and only a flush empties it. */
  private functionSlots = 0;

  constructor(private readonly engine: ScriptingEngine) {}

  public get vm(): ScriptVm {
    if (!this.vmInstance) {
      this.vmInstance = new ScriptVm({
        kind: 'function',
        version: this.engine.server.version,
        serverAlias: this.engine.server.isValkey8,
        valkeyVersion: this.engine.server.valkeyVersion,
        api: this.engine.api({ registerFunction: (L) => this.registerFunction(L) }),
        enterHandler: () => this.engine.enterHandler(),
      });
    }
    return this.vmInstance;
  }

  /**
   * Bytes redis 7 accounts for the libraries (used_memory_functions: functionsMemoryOverhead): the
   * functions dict, each library's struct with its name and code, each function's struct with its
   * name, description and engine handle, on top of the fixed registration.
   */
  public memory(): number {
    let bytes = FUNCTIONS_BASE_BYTES + this.functions.size * DICT_ENTRY_SIZE + this.functionSlots * 8;
    for (const library of this.libraries.values()) {
      bytes += LIBRARY_INFO_SIZE + sdsSize(library.name.length) + sdsSize(library.code.length);
    }
    for (const fn of this.functions.values()) {
      const description = fn.description === undefined ? 0 : sdsSize(fn.description.length);
      bytes += FUNCTION_INFO_SIZE + sdsSize(fn.name.length) + description + LUA_FUNCTION_CTX_SIZE;
    }
    return bytes;
  }

  /** Compiles and runs a library; returns its name, or an error text. */
  public load(code: string, replace: boolean): string | { error: string } {
    const md = parseLibraryMetadata(code);
    if (typeof md === 'string') return { error: md };
    // The name is checked before the engine is looked up (functionsCreateWithLibraryCtx).
    if (!validName(md.name)) return { error: NAME_ERROR };
    if (md.engine.toLowerCase() !== 'lua') return { error: `Engine '${md.engine}' not found` };
    const old = this.libraries.get(md.name);
    if (old && !replace) return { error: `Library '${md.name}' already exists` };
    const library: Library = { name: md.name, code, functions: new Map() };
    const error = this.compile(library);
    if (error) return { error };
    if (library.functions.size === 0) return { error: 'No functions registered' };
    for (const f of library.functions.values()) {
      const existing = this.functions.get(f.name.toLowerCase());
      if (existing && existing.library !== old) return { error: `Function ${f.name} already exists` };
    }
    if (old) this.remove(old);
    this.add(library);
    return md.name;
  }

  private add(library: Library): void {
    this.libraries.set(library.name, library);
    for (const f of library.functions.values()) {
      this.functions.set(f.name.toLowerCase(), f);
      this.functionSlots = dictSlots.afterAdd(this.functionSlots, this.functions.size);
    }
  }

  private remove(library: Library): void {
    this.libraries.delete(library.name);
    for (const f of library.functions.values()) this.functions.delete(f.name.toLowerCase());
  }

  /** Runs the library code with the load-time globals; undefined on success, else the error. */
  private compile(library: Library): string | undefined {
    const vm = this.vm;
    const L = vm.L;
    // The code runs from the newline that ends the shebang, so its first line is line 2.
    const body = Buffer.from(library.code.slice(library.code.indexOf('\n')), 'latin1');
    if (loadLua51Chunk(L, body, lit('@user_function')) !== lua.LUA_OK) {
      const msg = luaToLatin1(lua.lua_tolstring(L, -1) ?? lit(''));
      lua.lua_pop(L, 1);
      return `Error compiling function: ${toLua51Syntax(msg)}`;
    }
    vm.useLoadGlobals(true);
    this.loading = { library, start: Date.now() };
    lua.lua_sethook(L, (Ls) => {
      if (this.loading && Date.now() - this.loading.start > LOAD_TIMEOUT_MS) {
        lua.lua_sethook(Ls, null, 0, 0);
        pushErrorTable(Ls, 'FUNCTION LOAD timeout');
        lua.lua_error(Ls);
      }
    }, lua.LUA_MASKCOUNT, 100000);
    const status = lua.lua_pcall(L, 0, 0, 0);
    lua.lua_sethook(L, null, 0, 0);
    vm.useLoadGlobals(false);
    this.loading = undefined;
    if (status !== lua.LUA_OK) {
      let msg: string;
      if (lua.lua_type(L, -1) === lua.LUA_TTABLE) {
        lua.lua_getfield(L, -1, lit('err'));
        msg = luaToLatin1(lua.lua_tolstring(L, -1) ?? lit(''));
        lua.lua_pop(L, 1);
      } else {
        msg = 'ERR ' + luaToLatin1(lua.lua_tolstring(L, -1) ?? lit(''));
      }
      lua.lua_pop(L, 1);
      return `Error registering functions: ${msg}`;
    }
    return undefined;
  }

  /** redis.register_function(name, callback) or redis.register_function{…}. */
  private registerFunction(L: LuaState): number {
    const loading = this.loading;
    if (!loading) return this.engine.raise(L, `${this.engine.apiName}.register_function can only be called on FUNCTION LOAD command`);
    const argc = lua.lua_gettop(L);
    if (argc < 1 || argc > 2) return this.engine.raise(L, `wrong number of arguments to ${this.engine.apiName}.register_function`);
    let name: string | undefined;
    let description: string | undefined;
    let flags = 0;
    let hasCallback = false;
    if (argc === 1) {
      if (lua.lua_type(L, 1) !== lua.LUA_TTABLE) {
        return this.engine.raise(L, `calling ${this.engine.apiName}.register_function with a single argument is only applicable to Lua table (representing named arguments).`);
      }
      lua.lua_pushnil(L);
      while (lua.lua_next(L, 1)) {
        if (!lua.lua_isstring(L, -2)) return this.engine.raise(L, `named argument key given to ${this.engine.apiName}.register_function is not a string`);
        const key = luaToLatin1(lua.lua_tolstring(L, -2)!).toLowerCase();
        if (key === 'function_name') {
          if (!lua.lua_isstring(L, -1)) return this.engine.raise(L, `function_name argument given to ${this.engine.apiName}.register_function must be a string`);
          name = luaToLatin1(lua.lua_tolstring(L, -1)!);
        } else if (key === 'description') {
          if (!lua.lua_isstring(L, -1)) return this.engine.raise(L, `description argument given to ${this.engine.apiName}.register_function must be a string`);
          description = luaToLatin1(lua.lua_tolstring(L, -1)!);
        } else if (key === 'callback') {
          if (lua.lua_type(L, -1) !== lua.LUA_TFUNCTION) return this.engine.raise(L, `callback argument given to ${this.engine.apiName}.register_function must be a function`);
          hasCallback = true;
          lua.lua_pushvalue(L, -1);
          lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, lit('__pending_callback'));
        } else if (key === 'flags') {
          if (lua.lua_type(L, -1) !== lua.LUA_TTABLE) return this.engine.raise(L, `flags argument to ${this.engine.apiName}.register_function must be a table representing function flags`);
          const read = readFlags(L);
          if (read === undefined) return this.engine.raise(L, 'unknown flag given');
          flags = read;
        } else {
          return this.engine.raise(L, `unknown argument given to ${this.engine.apiName}.register_function`);
        }
        lua.lua_pop(L, 1);
      }
      if (name === undefined) return this.engine.raise(L, `${this.engine.apiName}.register_function must get a function name argument`);
      if (!hasCallback) return this.engine.raise(L, `${this.engine.apiName}.register_function must get a callback argument`);
      lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, lit('__pending_callback'));
    } else {
      if (!lua.lua_isstring(L, 1)) return this.engine.raise(L, `first argument to ${this.engine.apiName}.register_function must be a string`);
      name = luaToLatin1(lua.lua_tolstring(L, 1)!);
      if (lua.lua_type(L, 2) !== lua.LUA_TFUNCTION) return this.engine.raise(L, `second argument to ${this.engine.apiName}.register_function must be a function`);
      lua.lua_pushvalue(L, 2);
    }
    if (!validName(name)) return this.engine.raise(L, NAME_ERROR);
    if (loading.library.functions.has(name)) return this.engine.raise(L, 'Function already exists in the library');
    const ref = this.vm.ref();
    loading.library.functions.set(name, { name, description, flags, ref, library: loading.library });
    return 0;
  }

  public delete(name: string): boolean {
    const lib = this.libraries.get(name);
    if (!lib) return false;
    this.remove(lib);
    return true;
  }

  public flush(): void {
    this.libraries.clear();
    this.functions.clear();
    this.functionSlots = 0;
    this.vmInstance = undefined;
  }

  /**
   * FUNCTION DUMP payload: one RDB function record per library (its code written as redis'
   * rdbSaveRawString writes it: LZF-compressed when long and rdbcompression is on), then the RDB
   * version and CRC64 footer.
   */
  public dump(): Buffer {
    const server = this.engine.server;
    const w = new RdbWriter(server.config.bool('rdbcompression'));
    for (const lib of this.libraries.values()) {
      w.byte(RDB_OPCODE.FUNCTION2);
      w.string(lib.code);
    }
    return sealPayload(w, rdbVersionFor(server.version));
  }

  /**
   * Applies a restore, all or nothing. As redis' functionRestoreCommand: every library of the payload
   * is compiled on its own first, then joined with the existing ones (libraryJoin), whose errors name
   * the library without quotes, unlike FUNCTION LOAD's.
   */
  public restore(codes: string[], policy: 'flush' | 'append' | 'replace'): string | undefined {
    const savedLibraries = new Map(this.libraries);
    const savedFunctions = new Map(this.functions);
    const savedSlots = this.functionSlots;
    const putBack = () => {
      this.libraries.clear();
      this.functions.clear();
      for (const [k, v] of savedLibraries) this.libraries.set(k, v);
      for (const [k, v] of savedFunctions) this.functions.set(k, v);
      this.functionSlots = savedSlots;
    };
    const rollback = (error: string) => {
      putBack();
      return error;
    };
    // The payload loads into a context of its own (redis functionsLibCtxCreate): a new dict.
    this.libraries.clear();
    this.functions.clear();
    this.functionSlots = 0;
    for (const code of codes) {
      const result = this.load(code, false);
      if (typeof result !== 'string') return rollback(result.error);
    }
    // FLUSH swaps that context in; APPEND and REPLACE join its libraries to the current one.
    if (policy === 'flush') return undefined;
    const restored = [...this.libraries.values()];
    putBack();
    for (const library of restored) {
      const old = this.libraries.get(library.name);
      if (!old) continue;
      if (policy !== 'replace') return rollback(`Library ${library.name} already exists`);
      this.remove(old);
    }
    for (const library of restored) {
      for (const f of library.functions.values()) {
        if (this.functions.has(f.name.toLowerCase())) return rollback(`Function ${f.name} already exists`);
      }
    }
    for (const library of restored) this.add(library);
    return undefined;
  }
}

/**
 * Library codes of a FUNCTION RESTORE payload (verified as a DUMP payload for an RDB version up
 * to `rdbVersion`), or undefined when the payload is invalid.
 */
export function parseFunctionDump(payload: Buffer, rdbVersion: number): string[] | undefined {
  if (verifyDumpPayload(payload, rdbVersion) === undefined) return undefined;
  const r = new RdbReader(payload, 0, payload.length - 10);
  const codes: string[] = [];
  try {
    while (!r.atEnd) {
      if (r.byte() !== RDB_OPCODE.FUNCTION2) return undefined;
      codes.push(r.string());
    }
  } catch (e) {
    if (e instanceof RdbFormatError) return undefined;
    throw e;
  }
  return codes;
}

function readFlags(L: LuaState): number | undefined {
  let flags = 0;
  for (let j = 1; ; j++) {
    lua.lua_rawgeti(L, -1, j);
    if (lua.lua_type(L, -1) === lua.LUA_TNIL) {
      lua.lua_pop(L, 1);
      return flags;
    }
    if (!lua.lua_isstring(L, -1)) {
      lua.lua_pop(L, 1);
      return undefined;
    }
    const name = luaToLatin1(lua.lua_tolstring(L, -1)!).toLowerCase();
    lua.lua_pop(L, 1);
    const found = SCRIPT_FLAG_NAMES.find(([n]) => n === name);
    if (!found) return undefined;
    flags |= found[1];
  }
}

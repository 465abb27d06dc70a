/**
 * Function libraries (FUNCTION LOAD … FCALL): `#!lua name=<lib>` metadata, registration through
 * `redis.register_function` (positional or named arguments, flags, description), the library
 * and function dictionaries, and the payload of FUNCTION DUMP / RESTORE (RDB function records
 * with the RDB version and CRC64 trailer, so payloads move to and from redis-server).
 */
import { pushErrorTable } from './conversions';
import { ScriptingEngine } from './engine';
import { lauxlib, lit, lua, LuaState, luaToLatin1 } from './lua';
import { toLua51Syntax } from './lua51-compat';
import { SCRIPT_FLAG_NAMES } from './run-context';
import { ScriptVm } from './vm';
import { crc64 } from '../util/crc64';
import { lzfDecompress } from '../util/lzf';

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
const RDB_OPCODE_FUNCTION2 = 245;
const RDB_VERSION = 10;
const LOAD_TIMEOUT_MS = 500;

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

  constructor(private readonly engine: ScriptingEngine) {}

  public get vm(): ScriptVm {
    if (!this.vmInstance) {
      this.vmInstance = new ScriptVm({
        kind: 'function',
        version: this.engine.server.version,
        api: this.engine.api({ registerFunction: (L) => this.registerFunction(L) }),
        enterHandler: () => this.engine.enterHandler(),
      });
    }
    return this.vmInstance;
  }

  /** Compiles and runs a library; returns its name, or an error text. */
  public load(code: string, replace: boolean): string | { error: string } {
    const md = parseLibraryMetadata(code);
    if (typeof md === 'string') return { error: md };
    if (md.engine.toLowerCase() !== 'lua') return { error: `Engine '${md.engine}' not found` };
    if (!validName(md.name)) return { error: NAME_ERROR };
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
    for (const f of library.functions.values()) this.functions.set(f.name.toLowerCase(), f);
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
    if (lauxlib.luaL_loadbuffer(L, body, body.length, lit('@user_function')) !== lua.LUA_OK) {
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
    if (!loading) return this.engine.raise(L, 'redis.register_function can only be called on FUNCTION LOAD command');
    const argc = lua.lua_gettop(L);
    if (argc < 1 || argc > 2) return this.engine.raise(L, 'wrong number of arguments to redis.register_function');
    let name: string | undefined;
    let description: string | undefined;
    let flags = 0;
    let hasCallback = false;
    if (argc === 1) {
      if (lua.lua_type(L, 1) !== lua.LUA_TTABLE) {
        return this.engine.raise(L, 'calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).');
      }
      lua.lua_pushnil(L);
      while (lua.lua_next(L, 1)) {
        if (!lua.lua_isstring(L, -2)) return this.engine.raise(L, 'named argument key given to redis.register_function is not a string');
        const key = luaToLatin1(lua.lua_tolstring(L, -2)!).toLowerCase();
        if (key === 'function_name') {
          if (!lua.lua_isstring(L, -1)) return this.engine.raise(L, 'function_name argument given to redis.register_function must be a string');
          name = luaToLatin1(lua.lua_tolstring(L, -1)!);
        } else if (key === 'description') {
          if (!lua.lua_isstring(L, -1)) return this.engine.raise(L, 'description argument given to redis.register_function must be a string');
          description = luaToLatin1(lua.lua_tolstring(L, -1)!);
        } else if (key === 'callback') {
          if (lua.lua_type(L, -1) !== lua.LUA_TFUNCTION) return this.engine.raise(L, 'callback argument given to redis.register_function must be a function');
          hasCallback = true;
          lua.lua_pushvalue(L, -1);
          lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, lit('__pending_callback'));
        } else if (key === 'flags') {
          if (lua.lua_type(L, -1) !== lua.LUA_TTABLE) return this.engine.raise(L, 'flags argument to redis.register_function must be a table representing function flags');
          const read = readFlags(L);
          if (read === undefined) return this.engine.raise(L, 'unknown flag given');
          flags = read;
        } else {
          return this.engine.raise(L, 'unknown argument given to redis.register_function');
        }
        lua.lua_pop(L, 1);
      }
      if (name === undefined) return this.engine.raise(L, 'redis.register_function must get a function name argument');
      if (!hasCallback) return this.engine.raise(L, 'redis.register_function must get a callback argument');
      lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, lit('__pending_callback'));
    } else {
      if (!lua.lua_isstring(L, 1)) return this.engine.raise(L, 'first argument to redis.register_function must be a string');
      name = luaToLatin1(lua.lua_tolstring(L, 1)!);
      if (lua.lua_type(L, 2) !== lua.LUA_TFUNCTION) return this.engine.raise(L, 'second argument to redis.register_function must be a function');
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
    this.vmInstance = undefined;
  }

  /** FUNCTION DUMP payload: one RDB function record per library, RDB version, CRC64. */
  public dump(): Buffer {
    const parts: Buffer[] = [];
    for (const lib of this.libraries.values()) {
      parts.push(Buffer.from([RDB_OPCODE_FUNCTION2]), rdbString(Buffer.from(lib.code, 'latin1')));
    }
    const body = Buffer.concat([...parts, Buffer.from([RDB_VERSION & 0xff, RDB_VERSION >> 8])]);
    const crc = Buffer.alloc(8);
    crc.writeBigUInt64LE(crc64(body));
    return Buffer.concat([body, crc]);
  }

  /** Applies a restore: all libraries are compiled first, then swapped in (all or nothing). */
  public restore(codes: string[], policy: 'flush' | 'append' | 'replace'): string | undefined {
    const savedLibraries = new Map(this.libraries);
    const savedFunctions = new Map(this.functions);
    if (policy === 'flush') {
      this.libraries.clear();
      this.functions.clear();
    }
    for (const code of codes) {
      const result = this.load(code, policy === 'replace');
      if (typeof result !== 'string') {
        this.libraries.clear();
        this.functions.clear();
        for (const [k, v] of savedLibraries) this.libraries.set(k, v);
        for (const [k, v] of savedFunctions) this.functions.set(k, v);
        return result.error;
      }
    }
    return undefined;
  }
}

/** Library codes of a FUNCTION RESTORE payload, or undefined when the payload is invalid. */
export function parseFunctionDump(payload: Buffer): string[] | undefined {
  if (payload.length < 10) return undefined;
  const body = payload.subarray(0, payload.length - 8);
  const version = body.readUInt16LE(body.length - 2);
  if (version > RDB_VERSION + 1) return undefined;
  if (payload.readBigUInt64LE(payload.length - 8) !== crc64(body) && payload.readBigUInt64LE(payload.length - 8) !== 0n) return undefined;
  const codes: string[] = [];
  let pos = 0;
  const end = body.length - 2;
  while (pos < end) {
    if (body[pos] !== RDB_OPCODE_FUNCTION2) return undefined;
    const read = readRdbString(body, pos + 1, end);
    if (!read) return undefined;
    codes.push(read.value.toString('latin1'));
    pos = read.next;
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

/** RDB length-prefixed raw string (no compression). */
function rdbString(b: Buffer): Buffer {
  const n = b.length;
  let header: Buffer;
  if (n < 64) {header = Buffer.from([n]);} else if (n < 16384) {header = Buffer.from([0x40 | (n >> 8), n & 0xff]);} else {
    header = Buffer.alloc(5);
    header[0] = 0x80;
    header.writeUInt32BE(n, 1);
  }
  return Buffer.concat([header, b]);
}

function readLength(b: Buffer, pos: number): { len: number; encoded: boolean; next: number } | undefined {
  if (pos >= b.length) return undefined;
  const first = b[pos];
  const type = first >> 6;
  if (type === 0) return { len: first & 0x3f, encoded: false, next: pos + 1 };
  if (type === 1) return pos + 1 < b.length ? { len: ((first & 0x3f) << 8) | b[pos + 1], encoded: false, next: pos + 2 } : undefined;
  if (type === 3) return { len: first & 0x3f, encoded: true, next: pos + 1 };
  if (first === 0x80) return pos + 5 <= b.length ? { len: b.readUInt32BE(pos + 1), encoded: false, next: pos + 5 } : undefined;
  if (first === 0x81) return pos + 9 <= b.length ? { len: Number(b.readBigUInt64BE(pos + 1)), encoded: false, next: pos + 9 } : undefined;
  return undefined;
}

/** Reads an RDB string: raw, integer-encoded or LZF-compressed. */
function readRdbString(b: Buffer, pos: number, end: number): { value: Buffer; next: number } | undefined {
  const l = readLength(b, pos);
  if (!l) return undefined;
  if (!l.encoded) {
    if (l.next + l.len > end) return undefined;
    return { value: b.subarray(l.next, l.next + l.len), next: l.next + l.len };
  }
  if (l.len <= 2) {
    const size = 1 << l.len;
    if (l.next + size > end) return undefined;
    const v = size === 1 ? b.readInt8(l.next) : size === 2 ? b.readInt16LE(l.next) : b.readInt32LE(l.next);
    return { value: Buffer.from(String(v), 'latin1'), next: l.next + size };
  }
  if (l.len !== 3) return undefined;
  const clen = readLength(b, l.next);
  const ulen = clen && readLength(b, clen.next);
  if (!clen || !ulen || ulen.next + clen.len > end) return undefined;
  const value = lzfDecompress(b.subarray(ulen.next, ulen.next + clen.len), ulen.len);
  if (!value) return undefined;
  return { value, next: ulen.next + clen.len };
}

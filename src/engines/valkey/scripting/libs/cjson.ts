/**
 * The `cjson` library (lua-cjson 2.1.0, as bundled with redis): `encode`, `decode`, `null`, and
 * the configuration functions, with lua-cjson's output byte for byte (numbers `%.14g`, `/`
 * escaped, control characters as `\u00XX`) and its error messages.
 */
import { formatG } from '../../../resp/format-double';
import { lauxlib, lit, lua, LuaCFunction, LuaState, luaToLatin1, pushLatin1 } from '../lua';
import { stringKeysInLua51Order } from '../lua51-table-order';

interface CjsonConfig {
  sparseConvert: boolean;
  sparseRatio: number;
  sparseSafe: number;
  encodeMaxDepth: number;
  decodeMaxDepth: number;
  encodeInvalidNumbers: boolean | 'null';
  decodeInvalidNumbers: boolean;
  precision: number;
  keepBuffer: boolean;
}

const NULL_KEY = '__cjson_null';

const ESCAPES: (string | undefined)[] = [];
for (let i = 0; i < 32; i++) ESCAPES[i] = '\\u' + i.toString(16).padStart(4, '0');
ESCAPES[8] = '\\b';
ESCAPES[9] = '\\t';
ESCAPES[10] = '\\n';
ESCAPES[12] = '\\f';
ESCAPES[13] = '\\r';
ESCAPES[34] = '\\"';
ESCAPES[47] = '\\/';
ESCAPES[92] = '\\\\';
ESCAPES[127] = '\\u007f';

class EncodeError extends Error {}

function isNull(L: LuaState, idx: number): boolean {
  if (lua.lua_type(L, idx) !== lua.LUA_TLIGHTUSERDATA && lua.lua_type(L, idx) !== lua.LUA_TUSERDATA) return false;
  lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, lit(NULL_KEY));
  const same = lua.lua_rawequal(L, idx, -1);
  lua.lua_pop(L, 1);
  return same;
}

function encodeString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const esc = ESCAPES[s.charCodeAt(i)];
    if (esc !== undefined) {
      out += s.slice(start, i) + esc;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

function encodeNumber(cfg: CjsonConfig, n: number): string {
  if (!Number.isFinite(n)) {
    if (cfg.encodeInvalidNumbers === 'null') return 'null';
    if (!cfg.encodeInvalidNumbers) throw new EncodeError('Cannot serialise number: must not be NaN or Inf');
    if (Number.isNaN(n)) return 'nan';
    return n > 0 ? 'inf' : '-inf';
  }
  return formatG(n, cfg.precision);
}

/** Array length of the table at idx, or -1 when it must be an object (lua-cjson lua_array_length). */
function arrayLength(L: LuaState, idx: number, cfg: CjsonConfig): number {
  let max = 0;
  let items = 0;
  lua.lua_pushnil(L);
  while (lua.lua_next(L, idx)) {
    if (lua.lua_type(L, -2) === lua.LUA_TNUMBER) {
      const k = lua.lua_tonumber(L, -2);
      if (Math.floor(k) === k && k >= 1) {
        if (k > max) max = k;
        items++;
        lua.lua_pop(L, 1);
        continue;
      }
    }
    lua.lua_pop(L, 2);
    return -1;
  }
  if (cfg.sparseRatio > 0 && max > items * cfg.sparseRatio && max > cfg.sparseSafe) {
    if (!cfg.sparseConvert) throw new EncodeError('Cannot serialise table: excessively sparse array');
    return -1;
  }
  return max;
}

function encodeValue(L: LuaState, cfg: CjsonConfig, depth: number): string {
  const idx = lua.lua_gettop(L);
  switch (lua.lua_type(L, idx)) {
    case lua.LUA_TSTRING:
      return encodeString(luaToLatin1(lua.lua_tolstring(L, idx)!));
    case lua.LUA_TNUMBER:
      return encodeNumber(cfg, lua.lua_tonumber(L, idx));
    case lua.LUA_TBOOLEAN:
      return lua.lua_toboolean(L, idx) ? 'true' : 'false';
    case lua.LUA_TNIL:
      return 'null';
    case lua.LUA_TTABLE: {
      if (depth + 1 > cfg.encodeMaxDepth) throw new EncodeError(`Cannot serialise, excessive nesting (${depth + 1})`);
      lua.lua_checkstack(L, 3);
      const len = arrayLength(L, idx, cfg);
      if (len > 0) {
        const parts: string[] = [];
        for (let i = 1; i <= len; i++) {
          lua.lua_rawgeti(L, idx, i);
          parts.push(encodeValue(L, cfg, depth + 1));
          lua.lua_pop(L, 1);
        }
        return '[' + parts.join(',') + ']';
      }
      const parts: string[] = [];
      const ordered = stringKeysInLua51Order(L, idx);
      if (ordered) {
        for (const k of ordered) {
          lua.lua_pushstring(L, k);
          lua.lua_rawget(L, idx);
          parts.push(encodeString(luaToLatin1(k)) + ':' + encodeValue(L, cfg, depth + 1));
          lua.lua_pop(L, 1);
        }
        return '{' + parts.join(',') + '}';
      }
      lua.lua_pushnil(L);
      while (lua.lua_next(L, idx)) {
        const kt = lua.lua_type(L, -2);
        let key: string;
        if (kt === lua.LUA_TSTRING) key = encodeString(luaToLatin1(lua.lua_tolstring(L, -2)!));
        else if (kt === lua.LUA_TNUMBER) key = '"' + encodeNumber(cfg, lua.lua_tonumber(L, -2)) + '"';
        else throw new EncodeError('Cannot serialise table: table key must be a number or string');
        parts.push(key + ':' + encodeValue(L, cfg, depth + 1));
        lua.lua_pop(L, 1);
      }
      return '{' + parts.join(',') + '}';
    }
    default:
      if (isNull(L, idx)) return 'null';
      throw new EncodeError(`Cannot serialise ${typeName(L, idx)}: type not supported`);
  }
}

function typeName(L: LuaState, idx: number): string {
  const t = lua.lua_type(L, idx);
  return ['nil', 'boolean', 'userdata', 'number', 'string', 'table', 'function', 'userdata', 'thread'][t] ?? 'unknown';
}

// ---- decode --------------------------------------------------------------------------------------

class DecodeError extends Error {}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

class JsonDecoder {
  private pos = 0;
  private depth = 0;

  constructor(private readonly L: LuaState, private readonly s: string, private readonly cfg: CjsonConfig) {}

  public run(): void {
    const first = this.token();
    this.value(first, 'value');
    const end = this.token();
    if (end.type !== 'T_END') this.fail('the end', end);
  }

  private fail(expected: string, tok: Token): never {
    const found = tok.type === 'T_ERROR' ? tok.error! : tok.type;
    throw new DecodeError(`Expected ${expected} but found ${found} at character ${tok.index + 1}`);
  }

  private skipWs(): void {
    while (this.pos < this.s.length && WS.has(this.s.charCodeAt(this.pos))) this.pos++;
  }

  private token(): Token {
    this.skipWs();
    const index = this.pos;
    const s = this.s;
    if (index >= s.length) return { type: 'T_END', index };
    const c = s[index];
    this.pos++;
    switch (c) {
      case '{': return { type: 'T_OBJ_BEGIN', index };
      case '}': return { type: 'T_OBJ_END', index };
      case '[': return { type: 'T_ARR_BEGIN', index };
      case ']': return { type: 'T_ARR_END', index };
      case ':': return { type: 'T_COLON', index };
      case ',': return { type: 'T_COMMA', index };
      case '"': return this.string(index);
      default:
        break;
    }
    this.pos = index;
    if (s.startsWith('true', index)) {
      this.pos += 4;
      return { type: 'T_BOOLEAN', index, bool: true };
    }
    if (s.startsWith('false', index)) {
      this.pos += 5;
      return { type: 'T_BOOLEAN', index, bool: false };
    }
    if (s.startsWith('null', index)) {
      this.pos += 4;
      return { type: 'T_NULL', index };
    }
    if (c === '-' || (c >= '0' && c <= '9') || (this.cfg.decodeInvalidNumbers && /^(inf|nan|-inf|-nan)/i.test(s.slice(index, index + 4)))) return this.number(index);
    return { type: 'T_ERROR', index, error: 'invalid token' };
  }

  private number(index: number): Token {
    const m = /^-?(?:0x[0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|inf(?:inity)?|nan)/i.exec(this.s.slice(index));
    if (!m || (!this.cfg.decodeInvalidNumbers && /x|inf|nan/i.test(m[0]))) return { type: 'T_ERROR', index, error: 'invalid number' };
    this.pos = index + m[0].length;
    const text = m[0];
    let n: number;
    if (/x/i.test(text)) n = (text.startsWith('-') ? -1 : 1) * parseInt(text.replace(/^-?0x/i, ''), 16);
    else if (/inf/i.test(text)) n = text.startsWith('-') ? -Infinity : Infinity;
    else if (/nan/i.test(text)) n = NaN;
    else n = Number(text);
    return { type: 'T_NUMBER', index, num: n };
  }

  private string(index: number): Token {
    const s = this.s;
    let out = '';
    let i = index + 1;
    for (;;) {
      if (i >= s.length) return { type: 'T_ERROR', index: i, error: 'unexpected end of string' };
      const ch = s.charCodeAt(i);
      if (ch === 34) break;
      if (ch === 92) {
        const e = s[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t' };
        if (e !== undefined && simple[e] !== undefined) {
          out += simple[e];
          i += 2;
          continue;
        }
        if (e === 'u') {
          const decoded = this.unicodeEscape(i);
          if (decoded === undefined) return { type: 'T_ERROR', index: i, error: 'invalid unicode escape code' };
          out += decoded.bytes;
          i = decoded.next;
          continue;
        }
        return { type: 'T_ERROR', index: i, error: 'invalid escape code' };
      }
      out += s[i];
      i++;
    }
    this.pos = i + 1;
    return { type: 'T_STRING', index, str: out };
  }

  /** A \uXXXX escape (with surrogate pairs) as UTF-8 bytes in a latin1 string. */
  private unicodeEscape(i: number): { bytes: string; next: number } | undefined {
    const hex = (at: number) => (/^[0-9a-fA-F]{4}$/.test(this.s.slice(at, at + 4)) ? parseInt(this.s.slice(at, at + 4), 16) : -1);
    let cp = hex(i + 2);
    let next = i + 6;
    if (cp < 0) return undefined;
    if (cp >= 0xdc00 && cp <= 0xdfff) return undefined;
    if (cp >= 0xd800 && cp <= 0xdbff) {
      if (this.s[next] !== '\\' || this.s[next + 1] !== 'u') return undefined;
      const lo = hex(next + 2);
      if (lo < 0xdc00 || lo > 0xdfff) return undefined;
      cp = (((cp & 0x3ff) << 10) | (lo & 0x3ff)) + 0x10000;
      next += 6;
    }
    return { bytes: Buffer.from(String.fromCodePoint(cp), 'utf8').toString('latin1'), next };
  }

  private value(tok: Token, expected: string): void {
    const L = this.L;
    lua.lua_checkstack(L, 4);
    switch (tok.type) {
      case 'T_STRING':
        pushLatin1(L, tok.str!);
        return;
      case 'T_NUMBER':
        lua.lua_pushnumber(L, tok.num!);
        return;
      case 'T_BOOLEAN':
        lua.lua_pushboolean(L, tok.bool!);
        return;
      case 'T_NULL':
        lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, lit(NULL_KEY));
        return;
      case 'T_OBJ_BEGIN':
        this.object(tok);
        return;
      case 'T_ARR_BEGIN':
        this.array(tok);
        return;
      default:
        this.fail(expected, tok);
    }
  }

  private enter(tok: Token): void {
    this.depth++;
    if (this.depth > this.cfg.decodeMaxDepth) throw new DecodeError(`Found too many nested data structures (${this.depth}) at character ${tok.index + 1}`);
  }

  private object(open: Token): void {
    const L = this.L;
    this.enter(open);
    lua.lua_createtable(L, 0, 0);
    let tok = this.token();
    if (tok.type === 'T_OBJ_END') {
      this.depth--;
      return;
    }
    for (;;) {
      if (tok.type !== 'T_STRING') this.fail('object key string', tok);
      pushLatin1(L, tok.str!);
      tok = this.token();
      if (tok.type !== 'T_COLON') this.fail('colon', tok);
      this.value(this.token(), 'value');
      lua.lua_rawset(L, -3);
      tok = this.token();
      if (tok.type === 'T_OBJ_END') break;
      if (tok.type !== 'T_COMMA') this.fail('comma or object end', tok);
      tok = this.token();
    }
    this.depth--;
  }

  private array(open: Token): void {
    const L = this.L;
    this.enter(open);
    lua.lua_createtable(L, 0, 0);
    let tok = this.token();
    if (tok.type === 'T_ARR_END') {
      this.depth--;
      return;
    }
    for (let i = 1; ; i++) {
      this.value(tok, 'value');
      lua.lua_rawseti(L, -2, i);
      tok = this.token();
      if (tok.type === 'T_ARR_END') break;
      if (tok.type !== 'T_COMMA') this.fail('comma or array end', tok);
      tok = this.token();
    }
    this.depth--;
  }
}

interface Token {
  type: string;
  index: number;
  str?: string;
  num?: number;
  bool?: boolean;
  error?: string;
}

// ---- module ------------------------------------------------------------------------------------

function boolOption(L: LuaState, idx: number, current: boolean): boolean {
  if (lua.lua_type(L, idx) <= lua.LUA_TNIL) return current;
  if (lua.lua_type(L, idx) === lua.LUA_TBOOLEAN) return lua.lua_toboolean(L, idx);
  const s = luaToLatin1(lauxlib.luaL_checklstring(L, idx));
  if (s === 'on') return true;
  if (s === 'off') return false;
  lauxlib.luaL_argerror(L, idx, lit("invalid option '" + s + "'"));
  return current;
}

function intOption(L: LuaState, idx: number, min: number, max: number): number | undefined {
  if (lua.lua_type(L, idx) <= lua.LUA_TNIL) return undefined;
  const n = lauxlib.luaL_checkinteger(L, idx);
  if (n < min || n > max) lauxlib.luaL_argerror(L, idx, lit(`expected integer between ${min} and ${max}`));
  return n;
}

function argCount(L: LuaState, max: number): void {
  if (lua.lua_gettop(L) > max) lauxlib.luaL_argerror(L, max + 1, lit('found too many arguments'));
}

/** Installs the global `cjson` table. */
export function openCjson(L: LuaState): void {
  const cfg: CjsonConfig = {
    sparseConvert: false,
    sparseRatio: 2,
    sparseSafe: 10,
    encodeMaxDepth: 1000,
    decodeMaxDepth: 1000,
    encodeInvalidNumbers: false,
    decodeInvalidNumbers: true,
    precision: 14,
    keepBuffer: true,
  };
  const fns: Record<string, LuaCFunction> = {
    encode: (Ls) => {
      if (lua.lua_gettop(Ls) !== 1) return lauxlib.luaL_argerror(Ls, 1, lit('expected 1 argument'));
      let json: string;
      try {
        json = encodeValue(Ls, cfg, 0);
      } catch (e) {
        if (e instanceof EncodeError) return lauxlib.luaL_error(Ls, lit('%s'), lit(e.message));
        throw e;
      }
      pushLatin1(Ls, json);
      return 1;
    },
    decode: (Ls) => {
      if (lua.lua_gettop(Ls) !== 1) return lauxlib.luaL_argerror(Ls, 1, lit('expected 1 argument'));
      const s = luaToLatin1(lauxlib.luaL_checklstring(Ls, 1));
      try {
        new JsonDecoder(Ls, s, cfg).run();
      } catch (e) {
        if (e instanceof DecodeError) return lauxlib.luaL_error(Ls, lit('%s'), lit(e.message));
        throw e;
      }
      return 1;
    },
    encode_sparse_array: (Ls) => {
      argCount(Ls, 3);
      cfg.sparseConvert = boolOption(Ls, 1, cfg.sparseConvert);
      cfg.sparseRatio = intOption(Ls, 2, 0, 2147483647) ?? cfg.sparseRatio;
      cfg.sparseSafe = intOption(Ls, 3, 0, 2147483647) ?? cfg.sparseSafe;
      lua.lua_pushboolean(Ls, cfg.sparseConvert);
      lua.lua_pushinteger(Ls, cfg.sparseRatio);
      lua.lua_pushinteger(Ls, cfg.sparseSafe);
      return 3;
    },
    encode_max_depth: (Ls) => {
      argCount(Ls, 1);
      cfg.encodeMaxDepth = intOption(Ls, 1, 1, 2147483647) ?? cfg.encodeMaxDepth;
      lua.lua_pushinteger(Ls, cfg.encodeMaxDepth);
      return 1;
    },
    decode_max_depth: (Ls) => {
      argCount(Ls, 1);
      cfg.decodeMaxDepth = intOption(Ls, 1, 1, 2147483647) ?? cfg.decodeMaxDepth;
      lua.lua_pushinteger(Ls, cfg.decodeMaxDepth);
      return 1;
    },
    encode_number_precision: (Ls) => {
      argCount(Ls, 1);
      cfg.precision = intOption(Ls, 1, 1, 14) ?? cfg.precision;
      lua.lua_pushinteger(Ls, cfg.precision);
      return 1;
    },
    encode_keep_buffer: (Ls) => {
      argCount(Ls, 1);
      cfg.keepBuffer = boolOption(Ls, 1, cfg.keepBuffer);
      lua.lua_pushboolean(Ls, cfg.keepBuffer);
      return 1;
    },
    encode_invalid_numbers: (Ls) => {
      argCount(Ls, 1);
      if (lua.lua_type(Ls, 1) === lua.LUA_TSTRING && luaToLatin1(lua.lua_tolstring(Ls, 1)!) === 'null') cfg.encodeInvalidNumbers = 'null';
      else cfg.encodeInvalidNumbers = boolOption(Ls, 1, cfg.encodeInvalidNumbers === true);
      if (cfg.encodeInvalidNumbers === 'null') lua.lua_pushstring(Ls, lit('null'));
      else lua.lua_pushboolean(Ls, cfg.encodeInvalidNumbers);
      return 1;
    },
    decode_invalid_numbers: (Ls) => {
      argCount(Ls, 1);
      cfg.decodeInvalidNumbers = boolOption(Ls, 1, cfg.decodeInvalidNumbers);
      lua.lua_pushboolean(Ls, cfg.decodeInvalidNumbers);
      return 1;
    },
  };
  lua.lua_createtable(L, 0, 16);
  for (const [name, fn] of Object.entries(fns)) {
    lua.lua_pushcfunction(L, fn);
    lua.lua_setfield(L, -2, lit(name));
  }
  lua.lua_pushcfunction(L, (Ls) => {
    // cjson.new() returns another module table; the sandbox exposes the shared one.
    lua.lua_getglobal(Ls, lit('cjson'));
    return 1;
  });
  lua.lua_setfield(L, -2, lit('new'));
  lua.lua_pushlightuserdata(L, null);
  lua.lua_pushvalue(L, -1);
  lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, lit(NULL_KEY));
  lua.lua_setfield(L, -2, lit('null'));
  lua.lua_pushstring(L, lit('cjson'));
  lua.lua_setfield(L, -2, lit('_NAME'));
  lua.lua_pushstring(L, lit('2.1.0'));
  lua.lua_setfield(L, -2, lit('_VERSION'));
  lua.lua_setglobal(L, lit('cjson'));
}

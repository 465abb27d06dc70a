/**
 * The `struct` library (Roberto Ierusalimschy's struct 0.2, as bundled with redis):
 * `pack(fmt, ...)`, `unpack(fmt, s [, init])` and `size(fmt)` with the format options
 * `> < ! x b B h H l L T i[n] I[n] s c[n] f d` and its error messages.
 */
import { lauxlib, lit, lua, LuaState } from '../lua';

const MAXINTSIZE = 32;
const MAXALIGN = 8;

interface Header {
  little: boolean;
  align: number;
}

class FormatReader {
  public i = 0;
  constructor(private readonly L: LuaState, private readonly fmt: Uint8Array) {}

  public get done(): boolean {
    return this.i >= this.fmt.length;
  }

  public next(): string {
    return String.fromCharCode(this.fmt[this.i++]);
  }

  private number(def: number): number {
    const c = this.fmt[this.i];
    if (c === undefined || c < 48 || c > 57) return def;
    let a = 0;
    while (this.fmt[this.i] >= 48 && this.fmt[this.i] <= 57) a = a * 10 + (this.fmt[this.i++] - 48);
    return a;
  }

  /** Size of the option just read (struct's optsize). */
  public size(opt: string): number {
    switch (opt) {
      case 'B': case 'b': return 1;
      case 'H': case 'h': return 2;
      case 'L': case 'l': case 'T': return 8;
      case 'f': return 4;
      case 'd': return 8;
      case 'x': return 1;
      case 'c': return this.number(1);
      case 'i': case 'I': {
        const sz = this.number(4);
        if (sz > MAXINTSIZE) lauxlib.luaL_error(this.L, lit('integral size %d is larger than limit of %d'), sz, MAXINTSIZE);
        return sz;
      }
      default: return 0;
    }
  }

  /** Applies `>`, `<`, `!`, ` ` options; returns true when the option was one of them. */
  public control(opt: string, h: Header): boolean {
    switch (opt) {
      case ' ': return true;
      case '>': h.little = false; return true;
      case '<': h.little = true; return true;
      case '!': {
        const a = this.number(MAXALIGN);
        if ((a & (a - 1)) !== 0) lauxlib.luaL_error(this.L, lit('alignment %d is not a power of 2'), a);
        h.align = a;
        return true;
      }
      default: return false;
    }
  }
}

function gap(len: number, size: number, h: Header, opt: string): number {
  if (opt === 'c' || opt === 's' || opt === 'x') return 0;
  let align = size;
  if (align <= 1) return 0;
  if (align > h.align) align = h.align;
  if ((align & (align - 1)) !== 0) return 0;
  return (align - (len & (align - 1))) & (align - 1);
}

function intBytes(n: number, size: number, little: boolean): number[] {
  let v = BigInt.asUintN(size * 8, BigInt(Math.trunc(n)));
  const out: number[] = [];
  for (let i = 0; i < size; i++) {
    out.push(Number(v & 0xffn));
    v >>= 8n;
  }
  return little ? out : out.reverse();
}

function pack(L: LuaState): number {
  const fmt = lauxlib.luaL_checklstring(L, 1);
  const r = new FormatReader(L, fmt);
  const h: Header = { little: true, align: 1 };
  const out: number[] = [];
  let arg = 2;
  while (!r.done) {
    const opt = r.next();
    if (r.control(opt, h)) continue;
    const size = r.size(opt);
    const toalign = gap(out.length, size, h, opt);
    for (let i = 0; i < toalign; i++) out.push(0);
    switch (opt) {
      case 'b': case 'B': case 'h': case 'H': case 'l': case 'L': case 'T': case 'i': case 'I':
        out.push(...intBytes(lauxlib.luaL_checknumber(L, arg++), size, h.little));
        break;
      case 'x':
        out.push(0);
        break;
      case 'f': case 'd': {
        const v = new DataView(new ArrayBuffer(size));
        const n = lauxlib.luaL_checknumber(L, arg++);
        if (size === 4) v.setFloat32(0, n, h.little);
        else v.setFloat64(0, n, h.little);
        for (let i = 0; i < size; i++) out.push(v.getUint8(i));
        break;
      }
      case 'c': case 's': {
        const s = lauxlib.luaL_checklstring(L, arg);
        let l = s.length;
        let sz = size;
        if (opt === 'c' && sz === 0) sz = l;
        if (opt === 's') sz = l + 1;
        if (opt === 'c' && l < sz) lauxlib.luaL_argerror(L, arg, lit('string too short'));
        if (opt === 'c') l = sz;
        for (let i = 0; i < l; i++) out.push(s[i]);
        if (opt === 's') out.push(0);
        arg++;
        break;
      }
      default:
        return lauxlib.luaL_argerror(L, 1, lit(`invalid format option '${opt}'`));
    }
  }
  lua.lua_pushstring(L, Uint8Array.from(out));
  return 1;
}

function unpack(L: LuaState): number {
  const fmt = lauxlib.luaL_checklstring(L, 1);
  const data = lauxlib.luaL_checklstring(L, 2);
  const ld = data.length;
  let pos = lauxlib.luaL_optinteger(L, 3, 1) - 1;
  if (pos < 0 || pos > ld) lauxlib.luaL_argerror(L, 3, lit('offset out of range'));
  const r = new FormatReader(L, fmt);
  const h: Header = { little: true, align: 1 };
  let n = 0;
  while (!r.done) {
    const opt = r.next();
    if (r.control(opt, h)) continue;
    const size = r.size(opt);
    pos += gap(pos, size, h, opt);
    if (size > ld - pos && opt !== 's') lauxlib.luaL_argerror(L, 2, lit('data string too short'));
    lua.lua_checkstack(L, 2);
    switch (opt) {
      case 'b': case 'B': case 'h': case 'H': case 'l': case 'L': case 'T': case 'i': case 'I': {
        let v = 0n;
        for (let i = 0; i < size; i++) {
          const byte = data[pos + (h.little ? size - 1 - i : i)];
          v = (v << 8n) | BigInt(byte);
        }
        const signed = opt === 'b' || opt === 'h' || opt === 'l' || opt === 'i';
        lua.lua_pushnumber(L, Number(signed ? BigInt.asIntN(size * 8, v) : v));
        n++;
        break;
      }
      case 'x':
        break;
      case 'f': case 'd': {
        const v = new DataView(data.buffer, data.byteOffset + pos, size);
        lua.lua_pushnumber(L, size === 4 ? v.getFloat32(0, h.little) : v.getFloat64(0, h.little));
        n++;
        break;
      }
      case 'c': {
        let sz = size;
        if (sz === 0) {
          if (n === 0 || lua.lua_type(L, -1) !== lua.LUA_TNUMBER) return lauxlib.luaL_error(L, lit('format \'c0\' needs a previous size'));
          sz = lua.lua_tonumber(L, -1);
          lua.lua_pop(L, 1);
          n--;
          if (sz > ld - pos) lauxlib.luaL_argerror(L, 2, lit('data string too short'));
        }
        lua.lua_pushstring(L, data.subarray(pos, pos + sz));
        n++;
        pos += sz;
        continue;
      }
      case 's': {
        const end = data.indexOf(0, pos);
        if (end < 0) return lauxlib.luaL_error(L, lit('unfinished string in data'));
        lua.lua_pushstring(L, data.subarray(pos, end));
        n++;
        pos = end + 1;
        continue;
      }
      default:
        return lauxlib.luaL_error(L, lit("invalid format option '%c'"), opt.charCodeAt(0));
    }
    pos += size;
  }
  lua.lua_pushinteger(L, pos + 1);
  return n + 1;
}

function structSize(L: LuaState): number {
  const fmt = lauxlib.luaL_checklstring(L, 1);
  const r = new FormatReader(L, fmt);
  const h: Header = { little: true, align: 1 };
  let pos = 0;
  while (!r.done) {
    const opt = r.next();
    if (r.control(opt, h)) continue;
    const sz = r.size(opt);
    pos += gap(pos, sz, h, opt);
    if (opt === 's') lauxlib.luaL_argerror(L, 1, lit('options \'c0\' - \'s\' have undefined sizes'));
    else if (opt === 'c' && sz === 0) lauxlib.luaL_argerror(L, 1, lit('options \'c0\' - \'s\' have undefined sizes'));
    else if (!'bBhHlLTiIxfdc'.includes(opt)) return lauxlib.luaL_error(L, lit("invalid format option '%c'"), opt.charCodeAt(0));
    pos += sz;
  }
  lua.lua_pushinteger(L, pos);
  return 1;
}

/** Installs the global `struct` table. */
export function openStruct(L: LuaState): void {
  lua.lua_createtable(L, 0, 3);
  for (const [name, fn] of [['pack', pack], ['unpack', unpack], ['size', structSize]] as const) {
    lua.lua_pushcfunction(L, fn);
    lua.lua_setfield(L, -2, lit(name));
  }
  lua.lua_setglobal(L, lit('struct'));
}

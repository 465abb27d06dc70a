/**
 * The `cmsgpack` library (lua-cmsgpack 0.4.0, as bundled with redis): `pack(...)`,
 * `unpack(s)`, `unpack_one(s [, offset])` and `unpack_limit(s, limit [, offset])`, with its
 * encoding choices (smallest integer form, float32 when exact, arrays for 1..n tables, nesting
 * cut at 16 levels) and its error messages.
 */
import { lauxlib, lit, lua, LuaState, pushLatin1 } from '../lua';
import { stringKeysInLua51Order } from '../lua51-table-order';

const MAX_NESTING = 16;
const f64 = new DataView(new ArrayBuffer(8));

class Packer {
  public out: number[] = [];

  private u8(...b: number[]): void {
    for (const x of b) this.out.push(x & 0xff);
  }

  private be(n: number, bytes: number): void {
    for (let i = bytes - 1; i >= 0; i--) this.out.push(Number((BigInt.asUintN(64, BigInt(n)) >> BigInt(i * 8)) & 0xffn));
  }

  public bytes(s: Uint8Array): void {
    const n = s.length;
    if (n < 32) {this.u8(0xa0 | n);} else if (n <= 0xff) {this.u8(0xd9, n);} else if (n <= 0xffff) {
      this.u8(0xda);
      this.be(n, 2);
    } else {
      this.u8(0xdb);
      this.be(n, 4);
    }
    for (const b of s) this.out.push(b);
  }

  public int(n: number): void {
    if (n >= 0) {
      if (n <= 127) this.u8(n);
      else if (n <= 0xff) this.u8(0xcc, n);
      else this.sized(n, n <= 0xffff ? 0xcd : n <= 0xffffffff ? 0xce : 0xcf);
    } else if (n >= -32) {
      this.u8(0xe0 | (n & 0x1f));
    } else if (n >= -128) {
      this.u8(0xd0, n);
    } else {
      this.sized(n, n >= -32768 ? 0xd1 : n >= -2147483648 ? 0xd2 : 0xd3);
    }
  }

  /** A type byte followed by the big-endian value in the width the type implies. */
  private sized(n: number, type: number): void {
    this.u8(type);
    const width = { 0xcd: 2, 0xce: 4, 0xcf: 8, 0xd1: 2, 0xd2: 4, 0xd3: 8 }[type] ?? 1;
    this.be(n, width);
  }

  public number(n: number): void {
    if (Number.isInteger(n) && n >= -9223372036854775808 && n < 9223372036854775808) {
      this.int(n);
      return;
    }
    if (Math.fround(n) === n || Number.isNaN(n)) {
      f64.setFloat32(0, n);
      this.u8(0xca, f64.getUint8(0), f64.getUint8(1), f64.getUint8(2), f64.getUint8(3));
    } else {
      f64.setFloat64(0, n);
      this.u8(0xcb);
      for (let i = 0; i < 8; i++) this.u8(f64.getUint8(i));
    }
  }

  private header(n: number, fix: number, c16: number, c32: number): void {
    if (n <= 15) {this.u8(fix | n);} else if (n <= 0xffff) { this.u8(c16); this.be(n, 2); } else { this.u8(c32); this.be(n, 4); }
  }

  /** Encodes the value at the top of the stack (popped by the caller). */
  public value(L: LuaState, level: number): void {
    const idx = lua.lua_gettop(L);
    switch (lua.lua_type(L, idx)) {
      case lua.LUA_TSTRING: this.bytes(lua.lua_tolstring(L, idx)!); return;
      case lua.LUA_TBOOLEAN: this.u8(lua.lua_toboolean(L, idx) ? 0xc3 : 0xc2); return;
      case lua.LUA_TNUMBER: this.number(lua.lua_tonumber(L, idx)); return;
      case lua.LUA_TTABLE:
        if (level >= MAX_NESTING) {
          this.u8(0xc0);
          return;
        }
        this.table(L, idx, level + 1);
        return;
      default: this.u8(0xc0);
    }
  }

  private table(L: LuaState, idx: number, level: number): void {
    lua.lua_checkstack(L, 4);
    let count = 0;
    let max = 0;
    let isArray = true;
    lua.lua_pushnil(L);
    while (lua.lua_next(L, idx)) {
      lua.lua_pop(L, 1);
      count++;
      if (lua.lua_type(L, -1) !== lua.LUA_TNUMBER) { isArray = false; continue; }
      const k = lua.lua_tonumber(L, -1);
      if (k <= 0 || Math.floor(k) !== k) isArray = false;
      else if (k > max) max = k;
    }
    if (isArray && max === count) {
      this.header(count, 0x90, 0xdc, 0xdd);
      for (let i = 1; i <= count; i++) {
        lua.lua_rawgeti(L, idx, i);
        this.value(L, level);
        lua.lua_pop(L, 1);
      }
      return;
    }
    this.header(count, 0x80, 0xde, 0xdf);
    const ordered = stringKeysInLua51Order(L, idx);
    if (ordered) {
      for (const k of ordered) {
        lua.lua_pushstring(L, k);
        this.value(L, level);
        lua.lua_rawget(L, idx);
        this.value(L, level);
        lua.lua_pop(L, 1);
      }
      return;
    }
    lua.lua_pushnil(L);
    while (lua.lua_next(L, idx)) {
      lua.lua_pushvalue(L, -2);
      this.value(L, level);
      lua.lua_pop(L, 1);
      this.value(L, level);
      lua.lua_pop(L, 1);
    }
  }
}

class Truncated extends Error {}
class BadFormat extends Error {}

/** Decodes one object from `b` at `pos`, pushing it; returns the next position. */
function decode(L: LuaState, b: Uint8Array, pos: number): number {
  const need = (n: number) => {
    if (pos + n > b.length) throw new Truncated();
  };
  const view = new DataView(b.buffer, b.byteOffset, b.length);
  const readUint = (at: number, n: number): number => {
    let v = 0n;
    for (let i = 0; i < n; i++) v = (v << 8n) | BigInt(b[at + i]);
    return Number(v);
  };
  const readInt = (at: number, n: number): number => Number(BigInt.asIntN(n * 8, BigInt(readUint(at, n))));
  const str = (len: number, at: number): number => {
    if (at + len > b.length) throw new Truncated();
    lua.lua_pushstring(L, b.subarray(at, at + len));
    return at + len;
  };
  const aggregate = (n: number, at: number, map: boolean): number => {
    lua.lua_checkstack(L, 4);
    lua.lua_createtable(L, map ? 0 : n, map ? n : 0);
    let p = at;
    for (let i = 1; i <= n; i++) {
      if (map) {
        p = decode(L, b, p);
        p = decode(L, b, p);
        lua.lua_settable(L, -3);
      } else {
        p = decode(L, b, p);
        lua.lua_rawseti(L, -2, i);
      }
    }
    return p;
  };
  need(1);
  const c = b[pos];
  if (c <= 0x7f) { lua.lua_pushnumber(L, c); return pos + 1; }
  if (c >= 0xe0) { lua.lua_pushnumber(L, c - 256); return pos + 1; }
  if ((c & 0xe0) === 0xa0) return str(c & 0x1f, pos + 1);
  if ((c & 0xf0) === 0x90) return aggregate(c & 0x0f, pos + 1, false);
  if ((c & 0xf0) === 0x80) return aggregate(c & 0x0f, pos + 1, true);
  switch (c) {
    case 0xc0: lua.lua_pushnil(L); return pos + 1;
    case 0xc2: lua.lua_pushboolean(L, false); return pos + 1;
    case 0xc3: lua.lua_pushboolean(L, true); return pos + 1;
    case 0xcc: case 0xcd: case 0xce: case 0xcf: {
      const n = 1 << (c - 0xcc);
      need(1 + n);
      lua.lua_pushnumber(L, readUint(pos + 1, n));
      return pos + 1 + n;
    }
    case 0xd0: case 0xd1: case 0xd2: case 0xd3: {
      const n = 1 << (c - 0xd0);
      need(1 + n);
      lua.lua_pushnumber(L, readInt(pos + 1, n));
      return pos + 1 + n;
    }
    case 0xca: need(5); lua.lua_pushnumber(L, view.getFloat32(pos + 1)); return pos + 5;
    case 0xcb: need(9); lua.lua_pushnumber(L, view.getFloat64(pos + 1)); return pos + 9;
    case 0xd9: need(2); return str(b[pos + 1], pos + 2);
    case 0xda: need(3); return str(readUint(pos + 1, 2), pos + 3);
    case 0xdb: need(5); return str(readUint(pos + 1, 4), pos + 5);
    case 0xdc: need(3); return aggregate(readUint(pos + 1, 2), pos + 3, false);
    case 0xdd: need(5); return aggregate(readUint(pos + 1, 4), pos + 5, false);
    case 0xde: need(3); return aggregate(readUint(pos + 1, 2), pos + 3, true);
    case 0xdf: need(5); return aggregate(readUint(pos + 1, 4), pos + 5, true);
    default: throw new BadFormat();
  }
}

/** Decodes up to `limit` objects (0 = all) from `offset`; returns the count and next offset. */
function unpackFull(L: LuaState, limit: number, offset: number): number {
  const b = lauxlib.luaL_checklstring(L, 1);
  if (offset < 0 || limit < 0) return lauxlib.luaL_error(L, lit('Invalid request to unpack with offset of %d and limit of %d.'), offset, limit);
  if (offset > b.length) return lauxlib.luaL_error(L, lit('Start offset %d greater than input length %d.'), offset, b.length);
  const decodeAll = limit === 0;
  let pos = offset;
  let count = 0;
  const base = lua.lua_gettop(L);
  try {
    while (pos < b.length && (decodeAll || count < limit)) {
      lua.lua_checkstack(L, 1);
      pos = decode(L, b, pos);
      count++;
    }
  } catch (e) {
    lua.lua_settop(L, base);
    if (e instanceof Truncated) return lauxlib.luaL_error(L, lit('Missing bytes in input.'));
    if (e instanceof BadFormat) return lauxlib.luaL_error(L, lit('Bad data format in input.'));
    throw e;
  }
  if (!decodeAll) {
    lua.lua_checkstack(L, 1);
    lua.lua_pushinteger(L, pos >= b.length ? -1 : pos);
    lua.lua_insert(L, base + 1);
    return count + 1;
  }
  return count;
}

/** Installs the global `cmsgpack` table. */
export function openCmsgpack(L: LuaState): void {
  lua.lua_createtable(L, 0, 8);
  const set = (name: string, fn: (Ls: LuaState) => number) => {
    lua.lua_pushcfunction(L, fn);
    lua.lua_setfield(L, -2, lit(name));
  };
  set('pack', (Ls) => {
    const n = lua.lua_gettop(Ls);
    if (n === 0) return lauxlib.luaL_argerror(Ls, 0, lit('MessagePack pack needs input.'));
    const p = new Packer();
    for (let i = 1; i <= n; i++) {
      lua.lua_pushvalue(Ls, i);
      p.value(Ls, 0);
      lua.lua_pop(Ls, 1);
    }
    lua.lua_pushstring(Ls, Uint8Array.from(p.out));
    return 1;
  });
  set('unpack', (Ls) => unpackFull(Ls, 0, 0));
  set('unpack_one', (Ls) => unpackFull(Ls, 1, lauxlib.luaL_optinteger(Ls, 2, 0)));
  set('unpack_limit', (Ls) => unpackFull(Ls, lauxlib.luaL_optinteger(Ls, 2, 0), lauxlib.luaL_optinteger(Ls, 3, 0)));
  for (const [k, v] of [['_NAME', 'cmsgpack'], ['_VERSION', 'lua-cmsgpack 0.4.0'], ['_COPYRIGHT', 'Copyright (C) 2012, Salvatore Sanfilippo'], ['_DESCRIPTION', 'MessagePack C implementation for Lua']]) {
    pushLatin1(L, v);
    lua.lua_setfield(L, -2, lit(k));
  }
  lua.lua_setglobal(L, lit('cmsgpack'));
}


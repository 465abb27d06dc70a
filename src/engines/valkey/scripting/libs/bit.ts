/**
 * The `bit` library (LuaBitOp 1.0.2, as bundled with redis): 32-bit operations on Lua numbers.
 * Arguments are normalized as LuaBitOp does (add 2^52+2^51 and keep the low 32 bits, so
 * fractions round to nearest-even and large numbers wrap); results are signed 32-bit numbers.
 */
import { lauxlib, lit, lua, LuaCFunction, LuaState } from '../lua';

const view = new DataView(new ArrayBuffer(8));

/** LuaBitOp's barg: the low 32 bits of n + 2^52 + 2^51. */
function bitArg(L: LuaState, idx: number): number {
  const n = lauxlib.luaL_checknumber(L, idx);
  view.setFloat64(0, n + 6755399441055744.0, true);
  return view.getInt32(0, true);
}

function push(L: LuaState, v: number): number {
  lua.lua_pushnumber(L, v | 0);
  return 1;
}

function variadic(op: (a: number, b: number) => number): LuaCFunction {
  return (L) => {
    let b = bitArg(L, 1);
    for (let i = lua.lua_gettop(L); i > 1; i--) b = op(b, bitArg(L, i));
    return push(L, b);
  };
}

function shift(op: (b: number, n: number) => number): LuaCFunction {
  return (L) => {
    const b = bitArg(L, 1);
    const n = bitArg(L, 2) & 31;
    return push(L, op(b, n));
  };
}

function tohex(L: LuaState): number {
  let b = bitArg(L, 1) >>> 0;
  let n = lua.lua_type(L, 2) <= lua.LUA_TNIL ? 8 : bitArg(L, 2);
  let digits = '0123456789abcdef';
  if (n < 0) {
    n = -n;
    digits = '0123456789ABCDEF';
  }
  if (n > 8) n = 8;
  let out = '';
  for (let i = n; i > 0; i--) {
    out = digits[b & 15] + out;
    b >>>= 4;
  }
  lua.lua_pushstring(L, lit(out));
  return 1;
}

const FUNCTIONS: Record<string, LuaCFunction> = {
  tobit: (L) => push(L, bitArg(L, 1)),
  bnot: (L) => push(L, ~bitArg(L, 1)),
  band: variadic((a, b) => a & b),
  bor: variadic((a, b) => a | b),
  bxor: variadic((a, b) => a ^ b),
  lshift: shift((b, n) => b << n),
  rshift: shift((b, n) => b >>> n),
  arshift: shift((b, n) => b >> n),
  rol: shift((b, n) => (b << n) | (b >>> (32 - n))),
  ror: shift((b, n) => (b << (32 - n)) | (b >>> n)),
  bswap: (L) => {
    const b = bitArg(L, 1);
    return push(L, ((b >>> 24) | ((b >> 8) & 0xff00) | ((b & 0xff00) << 8) | (b << 24)));
  },
  tohex,
};

/** Installs the global `bit` table. */
export function openBit(L: LuaState): void {
  lua.lua_createtable(L, 0, Object.keys(FUNCTIONS).length);
  for (const [name, fn] of Object.entries(FUNCTIONS)) {
    lua.lua_pushcfunction(L, fn);
    lua.lua_setfield(L, -2, lit(name));
  }
  lua.lua_setglobal(L, lit('bit'));
}

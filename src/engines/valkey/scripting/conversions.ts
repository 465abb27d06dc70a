/**
 * The conversion rules between Lua values and RESP, as redis 7 applies them:
 * - a command's reply (RESP2 or RESP3, as the script chose with `redis.setresp`) becomes Lua
 *   values: integers → numbers, bulk → strings, nulls → false (RESP2) or nil (RESP3 null),
 *   status → `{ok=…}`, error → `{err=…}`, arrays → tables, maps → `{map={…}}`, sets →
 *   `{set={…}}`, doubles → `{double=n}`, big numbers → `{big_number=s}`, verbatim strings →
 *   `{verbatim_string={format=…, string=…}}`, booleans → booleans;
 * - a script's return value becomes the reply: numbers are truncated to integers, `false` is a
 *   null (RESP2 scripts) or a boolean, tables with `err`/`ok`/`double`/`big_number`/
 *   `verbatim_string`/`map`/`set` fields become those replies, other tables are arrays that stop
 *   at the first nil.
 */
import { lit, lua, LuaState, luaToLatin1, NEGATIVE_NAN, pushLatin1 } from './lua';
import { stringKeysInLua51Order } from './lua51-table-order';
import type { ReplyWriter } from '../../resp/reply-writer';
import { DeferredKind } from '../../resp/reply-writer';

// ---- RESP → Lua --------------------------------------------------------------------------------

/** Parses one reply from `buf[pos…]` and pushes it; returns the position after it. */
export function pushReply(L: LuaState, buf: Buffer, pos: number, push = true): number {
  const type = buf[pos];
  const eol = buf.indexOf(13, pos);
  const line = buf.toString('latin1', pos + 1, eol);
  let next = eol + 2;
  lua.lua_checkstack(L, 4);
  switch (type) {
    case 0x2b: // + status
      if (push) pushSingleField(L, 'ok', line);
      return next;
    case 0x2d: // - error
      if (push) pushErrorTable(L, '-' + line, true);
      return next;
    case 0x3a: // : integer
      if (push) lua.lua_pushnumber(L, Number(line));
      return next;
    case 0x24: { // $ bulk
      const len = Number(line);
      if (len < 0) {
        if (push) lua.lua_pushboolean(L, false);
        return next;
      }
      if (push) lua.lua_pushstring(L, buf.subarray(next, next + len));
      return next + len + 2;
    }
    case 0x2a: { // * array
      const n = Number(line);
      if (n < 0) {
        if (push) lua.lua_pushboolean(L, false);
        return next;
      }
      if (push) lua.lua_createtable(L, n, 0);
      for (let i = 1; i <= n; i++) {
        next = pushReply(L, buf, next, push);
        if (push) lua.lua_rawseti(L, -2, i);
      }
      return next;
    }
    case 0x25: // % map
    case 0x7e: { // ~ set
      const n = Number(line);
      const isMap = type === 0x25;
      if (push) {
        lua.lua_createtable(L, 0, 1);
        lua.lua_createtable(L, 0, n);
      }
      for (let i = 0; i < n; i++) {
        next = pushReply(L, buf, next, push);
        if (isMap) next = pushReply(L, buf, next, push);
        else if (push) lua.lua_pushboolean(L, true);
        if (push) lua.lua_settable(L, -3);
      }
      if (push) lua.lua_setfield(L, -2, lit(isMap ? 'map' : 'set'));
      return next;
    }
    case 0x5f: // _ null
      if (push) lua.lua_pushnil(L);
      return next;
    case 0x23: // # boolean
      if (push) lua.lua_pushboolean(L, line === 't');
      return next;
    case 0x2c: // , double
      if (push) {
        lua.lua_createtable(L, 0, 1);
        lua.lua_pushnumber(L, parseRespDouble(line));
        lua.lua_setfield(L, -2, lit('double'));
      }
      return next;
    case 0x28: // ( big number
      if (push) pushSingleField(L, 'big_number', line);
      return next;
    case 0x3d: { // = verbatim
      const len = Number(line);
      if (push) {
        lua.lua_createtable(L, 0, 1);
        lua.lua_createtable(L, 0, 2);
        lua.lua_pushstring(L, buf.subarray(next + 4, next + len));
        lua.lua_setfield(L, -2, lit('string'));
        lua.lua_pushstring(L, buf.subarray(next, next + 3));
        lua.lua_setfield(L, -2, lit('format'));
        lua.lua_setfield(L, -2, lit('verbatim_string'));
      }
      return next + len + 2;
    }
    case 0x7c: { // | attribute: skipped, then the reply itself
      const n = Number(line);
      for (let i = 0; i < n * 2; i++) next = pushReply(L, buf, next, false);
      return pushReply(L, buf, next, push);
    }
    case 0x3e: { // > push: not expected from commands run by scripts; skip it
      const n = Number(line);
      for (let i = 0; i < n; i++) next = pushReply(L, buf, next, false);
      return pushReply(L, buf, next, push);
    }
    default:
      throw new Error(`unexpected reply byte ${type} in script call`);
  }
}

function parseRespDouble(s: string): number {
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  if (s === 'nan') return NaN;
  if (s === '-nan') return NEGATIVE_NAN;
  return Number(s);
}

function pushSingleField(L: LuaState, field: string, value: string): void {
  lua.lua_createtable(L, 0, 1);
  pushLatin1(L, value);
  lua.lua_setfield(L, -2, lit(field));
}

/**
 * Pushes `{err='CODE message'}` (redis luaPushErrorBuff): a leading `-CODE` is kept as the code,
 * other texts get `ERR`; trailing CR/LF are trimmed.
 */
export function pushErrorTable(L: LuaState, text: string, ignoreStats = false): void {
  let code = 'ERR';
  let msg = text;
  if (text.charCodeAt(0) === 45) {
    const space = text.indexOf(' ');
    if (space < 0) {
      msg = text.slice(1);
    } else {
      code = text.slice(1, space);
      msg = text.slice(space + 1);
    }
  }
  msg = msg.replace(/^[\r\n]+|[\r\n]+$/g, '');
  lua.lua_createtable(L, 0, 2);
  pushLatin1(L, `${code} ${msg}`);
  lua.lua_setfield(L, -2, lit('err'));
  if (ignoreStats) {
    lua.lua_pushboolean(L, true);
    lua.lua_setfield(L, -2, lit('ignore_error_stats_update'));
  }
}

// ---- Lua → RESP --------------------------------------------------------------------------------

/**
 * True when the error table at idx was counted in the error statistics where it arose (a command's
 * error, or a command the script was refused): redis then replies with it without counting again.
 */
export function errorCountedAlready(L: LuaState, idx: number): boolean {
  const table = lua.lua_absindex(L, idx);
  lua.lua_pushstring(L, lit('ignore_error_stats_update'));
  lua.lua_rawget(L, table);
  // Only a boolean counts, as redis reads the field (a script may set it in its own tables too).
  const counted = lua.lua_type(L, -1) === lua.LUA_TBOOLEAN && lua.lua_toboolean(L, -1);
  lua.lua_pop(L, 1);
  return counted;
}

/** Reads a string field of the table at idx (raw access), or undefined. */
function rawStringField(L: LuaState, idx: number, field: string): string | undefined {
  lua.lua_pushstring(L, lit(field));
  lua.lua_rawget(L, idx);
  const t = lua.lua_type(L, -1);
  const s = t === lua.LUA_TSTRING ? luaToLatin1(lua.lua_tolstring(L, -1)!) : undefined;
  lua.lua_pop(L, 1);
  return s;
}

/** Integer part of a Lua number as C's `(long long)` cast gives it. */
function truncateToInteger(n: number): number {
  if (Number.isNaN(n)) return -9223372036854775808;
  if (n >= 9223372036854775807) return -9223372036854775808;
  if (n <= -9223372036854775808) return -9223372036854775808;
  return Math.trunc(n);
}

/** How the emulated version prints a `{double=…}` reply. */
export type DoubleText = (d: number) => string;

/**
 * Writes the value on top of the stack as a reply and pops it (redis luaReplyToRedisReply).
 * `scriptResp` is the protocol the script selected (booleans depend on it).
 */
export function writeLuaValue(L: LuaState, out: ReplyWriter, scriptResp: number, doubleText: DoubleText, depth = 0): void {
  const t = lua.lua_type(L, -1);
  if (depth > 10000 || !lua.lua_checkstack(L, 4)) {
    out.error('reached lua stack limit');
    lua.lua_pop(L, 1);
    return;
  }
  switch (t) {
    case lua.LUA_TSTRING:
      out.bulk(luaToLatin1(lua.lua_tolstring(L, -1)!));
      break;
    case lua.LUA_TBOOLEAN:
      if (scriptResp === 2) {
        if (lua.lua_toboolean(L, -1)) out.integer(1);
        else out.null();
      } else {
        out.bool(lua.lua_toboolean(L, -1));
      }
      break;
    case lua.LUA_TNUMBER:
      out.integer(truncateToInteger(lua.lua_tonumber(L, -1)));
      break;
    case lua.LUA_TTABLE:
      writeLuaTable(L, out, scriptResp, doubleText, depth);
      return;
    default:
      out.null();
  }
  lua.lua_pop(L, 1);
}

function writeLuaTable(
  L: LuaState, out: ReplyWriter, scriptResp: number, doubleText: DoubleText, depth: number,
): void {
  const idx = lua.lua_gettop(L);
  const err = rawStringField(L, idx, 'err');
  if (err !== undefined) {
    if (errorCountedAlready(L, idx)) out.errorCounted('-' + err);
    else out.error('-' + err);
    lua.lua_pop(L, 1);
    return;
  }
  const ok = rawStringField(L, idx, 'ok');
  if (ok !== undefined) {
    out.raw('+' + ok.replace(/[\r\n]/g, ' ') + '\r\n');
    lua.lua_pop(L, 1);
    return;
  }
  lua.lua_pushstring(L, lit('double'));
  lua.lua_rawget(L, idx);
  if (lua.lua_type(L, -1) === lua.LUA_TNUMBER) {
    out.doubleString(doubleText(lua.lua_tonumber(L, -1)));
    lua.lua_pop(L, 2);
    return;
  }
  lua.lua_pop(L, 1);
  lua.lua_pushstring(L, lit('big_number'));
  lua.lua_rawget(L, idx);
  if (lua.lua_type(L, -1) === lua.LUA_TSTRING) {
    out.bigNumber(luaToLatin1(lua.lua_tolstring(L, -1)!).replace(/[\r\n]/g, ' '));
    lua.lua_pop(L, 2);
    return;
  }
  lua.lua_pop(L, 1);
  lua.lua_pushstring(L, lit('verbatim_string'));
  lua.lua_rawget(L, idx);
  if (lua.lua_type(L, -1) === lua.LUA_TTABLE) {
    const format = rawStringField(L, idx + 1, 'format');
    const str = format !== undefined ? rawStringField(L, idx + 1, 'string') : undefined;
    if (format !== undefined && str !== undefined && lua.lua_type(L, -1) === lua.LUA_TTABLE) {
      out.verbatim(str, format.slice(0, 3));
      lua.lua_pop(L, 2);
      return;
    }
  }
  lua.lua_pop(L, 1);
  for (const kind of ['map', 'set'] as const) {
    lua.lua_pushstring(L, lit(kind));
    lua.lua_rawget(L, idx);
    if (lua.lua_type(L, -1) === lua.LUA_TTABLE) {
      const inner = lua.lua_gettop(L);
      const mark = out.beginDeferred();
      let n = 0;
      // redis walks the table with Lua 5.1's next(): string keys come out in 5.1's hash order.
      const ordered = stringKeysInLua51Order(L, inner);
      if (ordered !== undefined) {
        for (const key of ordered) {
          lua.lua_pushstring(L, key);
          if (kind === 'map') {
            lua.lua_pushvalue(L, -1);
            lua.lua_rawget(L, inner);
            lua.lua_pushvalue(L, -2);
            writeLuaValue(L, out, scriptResp, doubleText, depth + 1);
            writeLuaValue(L, out, scriptResp, doubleText, depth + 1);
            lua.lua_pop(L, 1);
          } else {
            writeLuaValue(L, out, scriptResp, doubleText, depth + 1);
          }
          n++;
        }
        out.endDeferred(mark, kind === 'map' ? DeferredKind.MAP : DeferredKind.SET, n);
        lua.lua_pop(L, 2);
        return;
      }
      lua.lua_pushnil(L);
      while (lua.lua_next(L, inner)) {
        if (kind === 'map') {
          lua.lua_pushvalue(L, -2);
          writeLuaValue(L, out, scriptResp, doubleText, depth + 1);
          writeLuaValue(L, out, scriptResp, doubleText, depth + 1);
        } else {
          lua.lua_pop(L, 1);
          lua.lua_pushvalue(L, -1);
          writeLuaValue(L, out, scriptResp, doubleText, depth + 1);
        }
        n++;
      }
      out.endDeferred(mark, kind === 'map' ? DeferredKind.MAP : DeferredKind.SET, n);
      lua.lua_pop(L, 2);
      return;
    }
    lua.lua_pop(L, 1);
  }
  // An array: elements 1, 2, … up to the first nil.
  const mark = out.beginDeferred();
  let n = 0;
  for (;;) {
    lua.lua_rawgeti(L, idx, n + 1);
    if (lua.lua_type(L, -1) === lua.LUA_TNIL) {
      lua.lua_pop(L, 1);
      break;
    }
    writeLuaValue(L, out, scriptResp, doubleText, depth + 1);
    n++;
  }
  out.endDeferred(mark, DeferredKind.ARRAY, n);
  lua.lua_pop(L, 1);
}

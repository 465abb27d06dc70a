/**
 * The `os` table Valkey 8 gives scripts: `os.clock()` alone (the rest of Lua's os library reaches
 * the file system, the environment and the wall clock, which scripts must not see). Redis OSS added
 * it after 7.2 and Valkey 8 inherited it; Redis OSS 7 and Valkey 7.2 have no `os` global.
 */
import { lit, lua, LuaState } from '../lua';

/** Lua's os.clock: the CPU time the process has used, in seconds (C's clock() / CLOCKS_PER_SEC). */
function clock(L: LuaState): number {
  const { user, system } = process.cpuUsage();
  lua.lua_pushnumber(L, (user + system) / 1e6);
  return 1;
}

/** Sets the global `os` (the sandbox makes it read-only with the other library tables). */
export function openOs(L: LuaState): void {
  lua.lua_createtable(L, 0, 1);
  lua.lua_pushcfunction(L, clock);
  lua.lua_setfield(L, -2, lit('clock'));
  lua.lua_setglobal(L, lit('os'));
}

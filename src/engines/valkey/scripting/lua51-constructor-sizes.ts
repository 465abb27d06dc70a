/**
 * The hash-part size a table constructor asked for. Lua 5.1 sizes a table made by a constructor
 * (`{a = 1, b = 2}`, `{["x"] = 1}`) up front from the number of keyed fields (OP_NEWTABLE's C
 * operand), so its keys land in a node array that never grew one key at a time, and `next()`
 * visits them in a different order than after inserting the same keys into an empty table.
 * fengari compiles the same operand but ignores it (its tables keep insertion order); this records
 * it per table, so that the 5.1 order can be replayed from the right starting size.
 */

/** fengari's table module and the VM state it sees (fengari ships no typings). */
interface FengariTables {
  luaH_new: (L: FengariState) => object;
}
interface FengariState {
  ci?: { callstatus: number; l_code?: ({ opcode: number; C: number } | undefined)[] | null; l_savedpc: number };
}

/* eslint-disable @typescript-eslint/no-require-imports */
const ltable = require('fengari/src/ltable.js') as FengariTables;
const lopcodes = require('fengari/src/lopcodes.js') as { OpCodesI: { OP_NEWTABLE: number } };
const lstate = require('fengari/src/lstate.js') as { CIST_LUA: number };
/* eslint-enable @typescript-eslint/no-require-imports */

/** luaO_fb2int: a "floating point byte" (eeeeexxx) back to the integer it encodes. */
export function floatingByteToInt(x: number): number {
  // eslint-disable-next-line no-bitwise
  const e = (x >> 3) & 31;
  // eslint-disable-next-line no-bitwise
  return e === 0 ? x : ((x & 7) + 8) * 2 ** (e - 1);
}

const hashSizes = new WeakMap<object, number>();

// The VM calls luaH_new through the module object, so the replacement sees every constructor. It
// is also called for tables made by the C API (lua_createtable, which 5.1 grows one key at a time
// as redis fills them), from a C function's call frame: only a Lua frame whose current instruction
// is OP_NEWTABLE is a constructor.
const newTable = ltable.luaH_new;
ltable.luaH_new = (L: FengariState) => {
  const table = newTable(L);
  const ci = L.ci;
  // eslint-disable-next-line no-bitwise
  if (ci !== undefined && (ci.callstatus & lstate.CIST_LUA) !== 0 && ci.l_code) {
    const instruction = ci.l_code[ci.l_savedpc - 1];
    if (instruction !== undefined && instruction.opcode === lopcodes.OpCodesI.OP_NEWTABLE && instruction.C !== 0) {
      hashSizes.set(table, floatingByteToInt(instruction.C));
    }
  }
  return table;
};

/** The hash-part size the constructor that made `table` asked for; 0 for other tables. */
export function constructorHashSize(table: unknown): number {
  return (typeof table === 'object' && table !== null ? hashSizes.get(table) : undefined) ?? 0;
}

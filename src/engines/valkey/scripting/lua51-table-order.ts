/**
 * The order in which Lua 5.1's `next()` visits the string keys of a table, which is what redis'
 * cjson.encode and cmsgpack.pack emit for objects. fengari (5.3 in JavaScript) iterates in
 * insertion order; 5.1 walks its node array, where a key sits at its main position (its string
 * hash modulo the power-of-two size) or, after a collision, at the last free node. This replays
 * 5.1's ltable.c (luaH_newkey, getfreepos, rehash) for the keys in the order they were inserted,
 * into a node array of the size the table started with (a constructor presizes it).
 */
import { lua, LuaState } from './lua';
import { constructorHashSize } from './lua51-constructor-sizes';

/**
 * The string hash of redis' Lua 5.1 (lstring.c): seeded with the length, over every byte from the
 * last one (redis hashes all bytes where stock 5.1 samples at most 32 of a long string).
 */
export function lua51StringHash(s: Uint8Array): number {
  let h = s.length >>> 0;
  for (let i = s.length - 1; i >= 0; i--) h = (h ^ (((h << 5) >>> 0) + (h >>> 2) + s[i])) >>> 0;
  return h;
}

/** ceil(log2(n)) for n >= 1 (luaO_ceillog2). */
function ceilLog2(n: number): number {
  let lg = 0;
  while (1 << lg < n) lg++;
  return lg;
}

class NodeTable {
  /** Key index (into the caller's list) per node, -1 when free. */
  slots: Int32Array = new Int32Array(0);
  next: Int32Array = new Int32Array(0);
  /** Index one past the next candidate free node (5.1's lastfree pointer). */
  lastFree = 0;
  used = 0;

  constructor(private readonly hashes: readonly number[]) {}

  /** setnodevector: `size` nodes rounded up to a power of two (luaH_resize re-inserts any old ones). */
  resize(size: number): void {
    const old = this.slots;
    const n = size === 0 ? 0 : 1 << ceilLog2(size);
    this.slots = new Int32Array(n).fill(-1);
    this.next = new Int32Array(n).fill(-1);
    this.lastFree = n;
    this.used = 0;
    // luaH_resize re-inserts the old nodes from the last one down.
    for (let i = old.length - 1; i >= 0; i--) if (old[i] >= 0) this.insert(old[i]);
  }

  private mainPosition(key: number): number {
    return this.hashes[key] & (this.slots.length - 1);
  }

  private freePosition(): number {
    while (this.lastFree > 0) {
      this.lastFree--;
      if (this.slots[this.lastFree] < 0) return this.lastFree;
    }
    return -1;
  }

  /** luaH_newkey for a key not yet in the table. */
  insert(key: number): void {
    if (this.slots.length === 0) {
      this.resize(this.used + 1);
      this.insert(key);
      return;
    }
    let mp = this.mainPosition(key);
    if (this.slots[mp] >= 0) {
      const free = this.freePosition();
      if (free < 0) {
        this.resize(this.used + 1);
        this.insert(key);
        return;
      }
      const other = this.mainPosition(this.slots[mp]);
      if (other !== mp) {
        // The colliding node is not in its main position: move it to the free node.
        let prev = other;
        while (this.next[prev] !== mp) prev = this.next[prev];
        this.next[prev] = free;
        this.slots[free] = this.slots[mp];
        this.next[free] = this.next[mp];
        this.next[mp] = -1;
        this.slots[mp] = -1;
      } else {
        this.next[free] = this.next[mp];
        this.next[mp] = free;
        mp = free;
      }
    }
    this.slots[mp] = key;
    this.used++;
  }
}

/**
 * Indexes into `keys` (string keys in insertion order, none deleted) in the order 5.1's next()
 * returns them from a table that started with `initialNodes` hash nodes (0: empty, as
 * `lua_newtable` makes it; a constructor's keyed-field count otherwise).
 */
export function lua51StringKeyOrder(keys: readonly Uint8Array[], initialNodes = 0): number[] {
  const table = new NodeTable(keys.map(lua51StringHash));
  if (initialNodes > 0) table.resize(initialNodes);
  for (let i = 0; i < keys.length; i++) table.insert(i);
  const order: number[] = [];
  for (const k of table.slots) if (k >= 0) order.push(k);
  return order;
}

/**
 * The keys of the table at `idx` in Lua 5.1's next() order when they are all strings;
 * undefined otherwise (tables with other keys keep fengari's order).
 */
export function stringKeysInLua51Order(L: LuaState, idx: number): Uint8Array[] | undefined {
  const keys: Uint8Array[] = [];
  lua.lua_pushnil(L);
  while (lua.lua_next(L, idx)) {
    lua.lua_pop(L, 1);
    if (lua.lua_type(L, -1) !== lua.LUA_TSTRING) {
      lua.lua_pop(L, 1);
      return undefined;
    }
    keys.push(lua.lua_tolstring(L, -1)!);
  }
  return lua51StringKeyOrder(keys, constructorHashSize(lua.lua_topointer(L, idx))).map((i) => keys[i]);
}

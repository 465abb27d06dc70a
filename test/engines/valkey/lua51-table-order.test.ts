import { floatingByteToInt } from '../../../src/engines/valkey/scripting/lua51-constructor-sizes';
import { maskLua53Operators, unmaskLua53Operators } from '../../../src/engines/valkey/scripting/lua51-syntax';
import { lua51StringHash, lua51StringKeyOrder } from '../../../src/engines/valkey/scripting/lua51-table-order';

const bytes = (s: string) => Buffer.from(s, 'latin1');

describe('Lua 5.1 table order', () => {
  test('string hash: length seed, every byte from the last', () => {
    // h = 1 ^ ((1 << 5) + (1 >> 2) + 'a')
    expect(lua51StringHash(bytes('a'))).toBe(128);
    expect(lua51StringHash(bytes(''))).toBe(0);
  });

  test('keys without collisions come out by main position', () => {
    // a, b, c hash to slots 0, 3, 2 of a 4-node table.
    expect(lua51StringKeyOrder(['a', 'b', 'c'].map(bytes))).toEqual([0, 2, 1]);
  });

  test('colliding keys go to the last free node, a key out of its main position is moved', () => {
    // name, age and city share slot 2 of a 4-node table, zip has slot 3: one by one, the table
    // grows 1 -> 2 -> 4 and each rehash re-inserts from the last node down.
    const keys = ['name', 'age', 'city', 'zip'];
    const order = lua51StringKeyOrder(keys.map(bytes)).map((i) => keys[i]);
    // Size 4 holds age at 2, name at 3 (free), city at 1 (free); zip's main position 3 holds
    // name, which is not in its main position: name moves to node 0 and zip takes node 3.
    expect(order).toEqual(['name', 'city', 'age', 'zip']);
  });

  test('a constructor presizes the node array: the same keys land elsewhere', () => {
    // {name=…, age=…, city=…, zip=…} starts with 4 nodes: name at 2, age at the free node 3,
    // city at 1; zip's main position 3 holds age (main position 2), which moves to node 0.
    const keys = ['name', 'age', 'city', 'zip'];
    expect(lua51StringKeyOrder(keys.map(bytes), 4).map((i) => keys[i])).toEqual(['age', 'city', 'name', 'zip']);
    // Presized for fewer keys than it gets, the table grows as usual from there.
    expect(lua51StringKeyOrder(keys.map(bytes), 1).map((i) => keys[i])).toEqual(['name', 'city', 'age', 'zip']);
  });

  test('constructor sizes are floating-point bytes (eeeeexxx), rounded up', () => {
    // luaO_int2fb as the compiler encodes a field count: exact below 16, then 1xxx * 2^(e-1).
    const int2fb = (x: number) => {
      let e = 0;
      if (x < 8) return x;
      while (x >= 16) {
        x = Math.ceil(x / 2);
        e++;
      }
      return ((e + 1) << 3) | (x - 8);
    };
    expect([0, 1, 7, 8, 15, 16, 17, 100].map((n) => floatingByteToInt(int2fb(n)))).toEqual([0, 1, 7, 8, 15, 16, 18, 104]);
  });
});

describe('Lua 5.3-only operators', () => {
  test('masked outside strings and comments, unmasked in messages', () => {
    const src = bytes("return 1 // 2 -- a // b\nlocal s = 'x & y' .. [[~]] ~= 1 & 2");
    const masked = Buffer.from(maskLua53Operators(src)).toString('latin1');
    expect(masked).toBe("return 1 /\x04 2 -- a // b\nlocal s = 'x & y' .. [[~]] ~= 1 \x01 2");
    expect(unmaskLua53Operators("user_script:1: unexpected symbol near '<\\4>'")).toBe("user_script:1: unexpected symbol near '/'");
  });

  test('a source without them is returned as is', () => {
    const src = bytes('return a ~= b');
    expect(maskLua53Operators(src)).toBe(src);
  });
});

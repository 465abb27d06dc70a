import { prng } from './support/prng';
import { KeyDict } from '../../../src/engines/valkey/keyspace/key-dict';

/** Integers in [0, n) from a seeded generator. */
function ints(seed: number): { int(n: number): number } {
  const next = prng(seed);
  return { int: (n) => Math.floor(next() * n) };
}

/** Random operations applied to a KeyDict and to a Map, which must always agree. */
describe('KeyDict', () => {
  test('agrees with a Map through inserts, overwrites, deletes, growth and shrinking', () => {
    const rnd = ints(7);
    const dict = new KeyDict<number>();
    const model = new Map<string, number>();
    for (let step = 0; step < 60_000; step++) {
      // Phases: grow to thousands of keys, then delete most of them (the table shrinks), repeat.
      const phase = Math.floor(step / 10_000) % 2;
      const key = `k${rnd.int(phase === 0 ? 8000 : 3000)}`;
      const op = rnd.int(10);
      if (op < (phase === 0 ? 6 : 2)) {
        dict.set(key, step);
        model.set(key, step);
      } else if (op < 8) {
        expect(dict.delete(key)).toBe(model.delete(key));
      } else {
        expect(dict.get(key)).toBe(model.get(key));
        expect(dict.has(key)).toBe(model.has(key));
      }
      expect(dict.size).toBe(model.size);
    }
    expect(new Map(dict.entries())).toEqual(model);
    expect(new Set(dict.keys())).toEqual(new Set(model.keys()));
    expect([...dict.values()].sort((a, b) => a - b)).toEqual([...model.values()].sort((a, b) => a - b));
  });

  test('slot access reads and updates an entry in place, and gives back the string stored first', () => {
    const dict = new KeyDict<number>();
    const stored = ['member', String(42)].join(':');
    dict.set(stored, 1);
    for (let i = 0; i < 100; i++) dict.set(`other${i}`, i);
    // An equal string made separately finds the same slot, whose key is the first one stored.
    const probe = `member:${40 + 2}`;
    const slot = dict.slotOf(probe);
    expect(slot).toBeGreaterThanOrEqual(0);
    expect(dict.keyAt(slot)).toBe(stored);
    expect(dict.valueAt(slot)).toBe(1);
    dict.setValueAt(slot, 7);
    expect(dict.get(probe)).toBe(7);
    expect(dict.size).toBe(101);
    expect(dict.slotOf('absent')).toBe(-1);
    dict.delete(probe);
    expect(dict.slotOf(probe)).toBe(-1);
  });

  test('addIfAbsent adds only new keys, reusing tombstones, and a copy is independent', () => {
    const dict = new KeyDict<number>();
    for (let i = 0; i < 1000; i++) expect(dict.addIfAbsent(`m${i}`, i)).toBe(true);
    for (let i = 0; i < 1000; i += 3) expect(dict.addIfAbsent(`m${i}`, -1)).toBe(false);
    for (let i = 0; i < 1000; i += 2) dict.delete(`m${i}`);
    for (let i = 0; i < 1000; i += 4) expect(dict.addIfAbsent(`m${i}`, i + 1)).toBe(true);
    const copy = dict.copy();
    copy.set('m1', 99);
    copy.delete('m3');
    for (let i = 0; i < 1000; i++) {
      const expected = i % 4 === 0 ? i + 1 : i % 2 === 1 ? i : undefined;
      expect(dict.get(`m${i}`)).toBe(expected);
    }
    expect(dict.size).toBe(750);
    expect(copy.get('m1')).toBe(99);
    expect(copy.has('m3')).toBe(false);
    expect(copy.size).toBe(749);
  });

  test('binary keys, the empty key and keys that differ in one byte are distinct', () => {
    const dict = new KeyDict<string>();
    const keys = ['', '\x00', '\x00\x00', '\xff', 'a\x00b', 'a\x00c', 'ab', 'ba'];
    keys.forEach((k, i) => dict.set(k, `v${i}`));
    keys.forEach((k, i) => expect(dict.get(k)).toBe(`v${i}`));
    expect(dict.size).toBe(keys.length);
    expect(dict.get('a')).toBeUndefined();
  });

  test('a scan returns every key present for its whole duration, even while keys come and go and the table is rebuilt', () => {
    const rnd = ints(11);
    const dict = new KeyDict<number>();
    for (let i = 0; i < 2000; i++) dict.set(`stable:${i}`, i);
    const seen = new Set<string>();
    let cursor = 0;
    let calls = 0;
    let churn = 0;
    do {
      const page = dict.scan(cursor, 10);
      page.keys.forEach((k) => seen.add(k));
      cursor = page.cursor;
      // Keys added and removed between calls; enough of them to force rebuilds on the way.
      for (let j = 0; j < 40; j++) dict.set(`churn:${churn++}`, j);
      for (let j = 0; j < 30; j++) dict.delete(`churn:${rnd.int(churn)}`);
      calls++;
    } while (cursor !== 0 && calls < 100_000);
    expect(cursor).toBe(0);
    for (let i = 0; i < 2000; i++) expect(seen.has(`stable:${i}`)).toBe(true);
  });

  test('a scan of an unchanged table returns each key exactly once; pages stop soon after COUNT keys (a bucket is never split)', () => {
    const dict = new KeyDict<number>();
    for (let i = 0; i < 500; i++) dict.set(`key:${i}`, i);
    const seen: string[] = [];
    let cursor = 0;
    do {
      const page = dict.scan(cursor, 7);
      expect(page.keys.length).toBeLessThan(7 + 8);
      seen.push(...page.keys);
      cursor = page.cursor;
    } while (cursor !== 0);
    expect(seen.length).toBe(500);
    expect(new Set(seen).size).toBe(500);
  });

  test('any cursor names a bucket (its low bits, as in redis); a scan from it goes on to the end', () => {
    const dict = new KeyDict<number>();
    for (let i = 0; i < 10; i++) dict.set(`k${i}`, i);
    const all = new Set<string>();
    let cursor = 123456789012;
    do {
      const page = dict.scan(cursor, 3);
      page.keys.forEach((k) => all.add(k));
      cursor = page.cursor;
    } while (cursor !== 0);
    expect(all.size).toBeLessThanOrEqual(10);
    expect(dict.scan(0, 1000).keys.length).toBe(10);
  });

  test('sample gives distinct live keys, at most the number asked for', () => {
    const dict = new KeyDict<number>();
    expect(dict.sample(5)).toEqual([]);
    for (let i = 0; i < 100; i++) dict.set(`k${i}`, i);
    for (let i = 0; i < 50; i++) dict.delete(`k${i}`);
    for (let round = 0; round < 20; round++) {
      const keys = dict.sample(16);
      expect(keys.length).toBe(16);
      expect(new Set(keys).size).toBe(16);
      for (const k of keys) expect(dict.has(k)).toBe(true);
    }
    expect(dict.sample(500).length).toBe(50);
  });

  test('clear empties the table', () => {
    const dict = new KeyDict<number>();
    for (let i = 0; i < 100; i++) dict.set(`k${i}`, i);
    dict.clear();
    expect(dict.size).toBe(0);
    expect([...dict.keys()]).toEqual([]);
    expect(dict.scan(0, 10)).toEqual({ cursor: 0, keys: [] });
    dict.set('again', 1);
    expect(dict.scan(0, 10).keys).toEqual(['again']);
  });

  test('warm reads a batch of keys (present, absent, deleted, any number, any stride) and changes nothing', () => {
    const dict = new KeyDict<object | null | string>();
    for (let i = 0; i < 500; i++) dict.set(`k${i}`, i % 3 === 0 ? null : i % 3 === 1 ? { i } : `v${i}`);
    for (let i = 0; i < 500; i += 7) dict.delete(`k${i}`);
    const before = new Map(dict.entries());
    const argv = ['MSET'];
    for (let i = 0; i < 300; i++) argv.push(`k${i * 3}`, `value${i}`);
    dict.warm(argv, 1, 2);
    dict.warm(argv, 2, 2);
    dict.warm(argv, 1, 1);
    dict.warm(['MGET'], 1, 1);
    dict.warm(['MGET', 'absent', '', 'k1'], 1, 1);
    expect(new Map(dict.entries())).toEqual(before);
    expect(dict.size).toBe(before.size);
    expect(dict.get('k1')).toEqual({ i: 1 });
    expect(dict.get('k7')).toBeUndefined();
  });
});

/**
 * Sets beyond what the differential suite sees: SPOP's propagation as SREM batches or DEL/UNLINK,
 * keyspace events, Valkey 7.2's listpack sets and their conversions, random picks, SSCAN over a
 * changing hashtable, and memory accounting.
 */
import { recordEvents, recordPropagation, takeReplies } from './support/collections';
import { TestEngine } from './support/engine';
import { CLIENT } from '../../../src/engines/valkey/server/client';

function members(n: number, prefix = 'm'): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
}

describe('set propagation', () => {
  test('SPOP becomes SREM of what it popped', () => {
    const e = new TestEngine();
    e.run('SADD', 's', 'a');
    const units = recordPropagation(e);
    expect(e.run('SPOP', 's')).toBe('a');
    expect(units).toEqual([[['SREM', 's', 'a']]]);
  });

  test('SPOP with a count: one SREM for few members, batches of 1024 wrapped in MULTI/EXEC for many', () => {
    const e = new TestEngine();
    e.run('SADD', 's', ...members(100));
    e.run('SADD', 'big', ...members(3000));
    const units = recordPropagation(e);
    const popped = e.run('SPOP', 's', '3') as string[];
    expect(units).toEqual([[['SREM', 's', ...popped]]]);
    units.length = 0;
    const many = e.run('SPOP', 'big', '2500') as string[];
    expect(units).toHaveLength(1);
    const [unit] = units;
    expect(unit[0]).toEqual(['MULTI']);
    expect(unit[unit.length - 1]).toEqual(['EXEC']);
    const srems = unit.slice(1, -1);
    expect(srems.map((a) => a.length - 2)).toEqual([1024, 1024, 452]);
    expect(srems.flatMap((a) => a.slice(2)).sort()).toEqual(many.slice().sort());
    expect(e.run('SCARD', 'big')).toBe(500n);
  });

  test('SPOP of the whole set becomes DEL, or UNLINK with lazyfree-lazy-server-del', () => {
    const e = new TestEngine();
    e.run('SADD', 'a', '1', '2');
    e.run('SADD', 'b', 'x');
    const units = recordPropagation(e);
    e.run('SPOP', 'a', '5');
    e.run('CONFIG', 'SET', 'lazyfree-lazy-server-del', 'yes');
    e.run('SPOP', 'b', '1');
    expect(units).toEqual([[['DEL', 'a']], [['UNLINK', 'b']]]);
  });

  test('no-ops propagate nothing; store commands propagate as sent', () => {
    const e = new TestEngine();
    e.run('SADD', 's', 'a');
    e.run('SET', 'd', 'v');
    const units = recordPropagation(e);
    e.run('SADD', 's', 'a');
    e.run('SREM', 's', 'zz');
    e.run('SMOVE', 's', 't', 'zz');
    e.run('SINTERSTORE', 'x', 's', 'nokey');
    e.run('SINTERSTORE', 'd', 's', 'nokey');
    e.run('SUNIONSTORE', 'u', 's');
    e.run('SMOVE', 's', 't', 'a');
    expect(units).toEqual([
      [['SINTERSTORE', 'd', 's', 'nokey']],
      [['SUNIONSTORE', 'u', 's']],
      [['SMOVE', 's', 't', 'a']],
    ]);
  });
});

describe('set keyspace events', () => {
  test('sadd, srem, spop, smove, store events and del', () => {
    const e = new TestEngine();
    const { events } = recordEvents(e);
    e.run('SADD', 's', 'a', 'b', 'c');
    e.run('SREM', 's', 'a');
    e.run('SMOVE', 's', 't', 'b');
    e.run('SINTERSTORE', 'i', 't', 't');
    e.run('SUNIONSTORE', 'u', 's', 't');
    e.run('SDIFFSTORE', 'u', 's', 's');
    e.run('SPOP', 's');
    e.run('SADD', 'p', 'x', 'y');
    e.run('SPOP', 'p', '5');
    expect(events()).toEqual([
      'sadd s', 'srem s', 'srem s', 'sadd t', 'sinterstore i', 'sunionstore u', 'del u',
      'spop s', 'del s', 'sadd p', 'spop p', 'del p',
    ]);
  });
});

describe('set encodings (Valkey 7.2)', () => {
  const enc = (e: TestEngine, key: string) => e.run('OBJECT', 'ENCODING', key);

  test('small sets of strings are listpacks, in insertion order', () => {
    const e = new TestEngine();
    e.run('SADD', 's', 'c', 'a', 'b');
    expect(enc(e, 's')).toBe('listpack');
    expect(e.run('SMEMBERS', 's')).toEqual(['c', 'a', 'b']);
    e.run('SREM', 's', 'a');
    expect(e.run('SMEMBERS', 's')).toEqual(['c', 'b']);
  });

  test('listpacks become hashtables past set-max-listpack-entries or -value', () => {
    const e = new TestEngine({ config: { 'set-max-listpack-entries': '4', 'set-max-listpack-value': '8' } });
    e.run('SADD', 'a', 'w', 'x', 'y', 'z');
    expect(enc(e, 'a')).toBe('listpack');
    e.run('SADD', 'a', 'v');
    expect(enc(e, 'a')).toBe('hashtable');
    e.run('SADD', 'b', 'short');
    e.run('SADD', 'b', 'too-long-member');
    expect(enc(e, 'b')).toBe('hashtable');
  });

  test('an intset takes a string as a listpack when small, as a hashtable when not', () => {
    const e = new TestEngine();
    e.run('SADD', 'small', '3', '1', '2');
    expect(enc(e, 'small')).toBe('intset');
    e.run('SADD', 'small', 'x');
    expect(enc(e, 'small')).toBe('listpack');
    expect(e.run('SMEMBERS', 'small')).toEqual(['1', '2', '3', 'x']);
    e.run('SADD', 'big', ...Array.from({ length: 200 }, (_, i) => String(i)));
    expect(enc(e, 'big')).toBe('intset');
    e.run('SADD', 'big', 'x');
    expect(enc(e, 'big')).toBe('hashtable');
  });

  test('SADD sizes the set by its argument count', () => {
    const e = new TestEngine();
    e.run('SADD', 's', ...Array.from({ length: 200 }, () => 'same'));
    expect(e.run('SCARD', 's')).toBe(1n);
    expect(enc(e, 's')).toBe('hashtable');
  });

  test('SINTERSTORE of integers stored from a listpack becomes an intset', () => {
    const e = new TestEngine();
    e.run('SADD', 'a', 'x', '1', '2');
    e.run('SADD', 'b', '2', '1', 'y');
    e.run('SINTERSTORE', 'd', 'a', 'b');
    expect(enc(e, 'd')).toBe('intset');
    expect(e.run('SMEMBERS', 'd')).toEqual(['1', '2']);
  });

  test('SPOP keeping few members of a hashtable leaves a listpack', () => {
    const e = new TestEngine();
    e.run('SADD', 's', ...members(300));
    e.run('SPOP', 's', '290');
    expect(e.run('SCARD', 's')).toBe(10n);
    expect(enc(e, 's')).toBe('listpack');
  });

  test('redis 7.0 has no listpack sets', () => {
    const e = new TestEngine({ version: '7.0.15' });
    e.run('SADD', 's', 'a');
    expect(enc(e, 's')).toBe('hashtable');
    e.run('SADD', 'i', '1');
    e.run('SADD', 'i', 'a');
    expect(enc(e, 'i')).toBe('hashtable');
  });
});

describe('random members', () => {
  test('negative SRANDMEMBER counts are about uniform, on every encoding', () => {
    const e = new TestEngine();
    e.run('SADD', 'ints', '1', '2', '3');
    e.run('SADD', 'strs', 'a', 'b', 'c');
    e.run('SADD', 'table', ...members(200));
    for (const [key, expected] of [['ints', ['1', '2', '3']], ['strs', ['a', 'b', 'c']]] as const) {
      const picks = e.run('SRANDMEMBER', key, '-3000') as string[];
      for (const m of expected) {
        const n = picks.filter((p) => p === m).length;
        expect(n).toBeGreaterThan(800);
        expect(n).toBeLessThan(1200);
      }
    }
    const picks = new Set(e.run('SRANDMEMBER', 'table', '-20000') as string[]);
    expect(picks.size).toBe(200);
  });

  test('positive SRANDMEMBER counts are distinct members, whatever the strategy', () => {
    const e = new TestEngine();
    e.run('SADD', 'table', ...members(300));
    e.run('SADD', 'pack', ...members(20));
    for (const [key, count] of [['table', 10], ['table', 250], ['pack', 7], ['pack', 19]] as const) {
      const reply = e.run('SRANDMEMBER', key, String(count)) as string[];
      expect(reply).toHaveLength(count);
      expect(new Set(reply).size).toBe(count);
    }
  });

  test('SPOP one at a time empties the set with every member once', () => {
    const e = new TestEngine();
    e.run('SADD', 's', ...members(50));
    const popped: string[] = [];
    for (let i = 0; i < 50; i++) popped.push(e.run('SPOP', 's') as string);
    expect(popped.slice().sort()).toEqual(members(50).sort());
    expect(e.run('EXISTS', 's')).toBe(0n);
  });

  test('a reply that cannot fit the output buffer limit closes the client instead', () => {
    const e = new TestEngine({ config: { 'client-output-buffer-limit': 'normal 1mb 0 0' } });
    e.run('SADD', 's', 'a');
    const c = e.newClient();
    e.server.runCommand(c, ['SRANDMEMBER', 's', '-9223372036854775807']);
    expect(c.flags & CLIENT.CLOSE_ASAP).toBeTruthy();
    expect(takeReplies(c)).toEqual([]);
    expect(e.run('SCARD', 's')).toBe(1n);
  });
});

describe('SSCAN over a hashtable', () => {
  test('small pages visit every member once', () => {
    const e = new TestEngine();
    e.run('SADD', 's', ...members(500));
    const seen: string[] = [];
    let cursor = '0';
    do {
      const [next, page] = e.run('SSCAN', 's', cursor, 'COUNT', '7') as [string, string[]];
      seen.push(...page);
      cursor = next;
    } while (cursor !== '0');
    expect(seen.sort()).toEqual(members(500).sort());
  });

  test('members present for the whole scan are returned even while the set changes', () => {
    const e = new TestEngine();
    e.run('SADD', 's', ...members(300));
    const seen = new Set<string>();
    let cursor = '0';
    let round = 0;
    do {
      const [next, page] = e.run('SSCAN', 's', cursor, 'COUNT', '10') as [string, string[]];
      for (const m of page) seen.add(m);
      cursor = next;
      e.run('SADD', 's', `new${round}`);
      e.run('SREM', 's', `m${299 - round}`);
      round++;
    } while (cursor !== '0');
    for (let i = 0; i < 300 - round; i++) expect(seen.has(`m${i}`)).toBe(true);
  });
});

describe('set memory accounting', () => {
  // Per member of a hashtable set of 'm0'…'m999': an 8-byte sds, a bucket pointer, and a 24-byte
  // entry in 7.0; from 7.2 an entry (16 bytes) only for members that share their bucket.
  test.each([
    ['7.0.15', 1000 * 38, 1000 * 42],
    ['7.2.4', 1000 * 20, 1000 * 24],
  ])('used_memory follows members through every encoding and back to empty (%s)', (version, low, high) => {
    const e = new TestEngine({ version });
    const before = e.server.usedMemory();
    e.run('SADD', 's', '1', '2', '3');
    const intset = e.server.usedMemory();
    e.run('SADD', 's', 'x');
    e.run('SADD', 's', ...members(1000));
    expect(e.run('OBJECT', 'ENCODING', 's')).toBe('hashtable');
    expect(e.server.usedMemory() - intset).toBeGreaterThan(low);
    expect(e.server.usedMemory() - intset).toBeLessThan(high);
    e.run('SPOP', 's', '990');
    e.run('DEL', 's');
    expect(e.server.usedMemory()).toBe(before);
  });
});

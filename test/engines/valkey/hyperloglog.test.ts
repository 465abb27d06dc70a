/**
 * HyperLogLog behaviour the differential suite cannot observe: propagation (PFCOUNT writes its
 * cache and is propagated), keyspace events, promotion of registers too large for the sparse
 * form, PFSELFTEST, and the estimator's accuracy over larger sets.
 */
import { recordPropagation } from './support/collections';
import { parseReplies, TestEngine } from './support/engine';
import { toPlain } from '../../../src/engines/resp';
import { denseGet, Hll, HLL_DENSE, HLL_DENSE_SIZE, hllCount, sparseSet, sparseToDense } from '../../../src/engines/valkey/types/hll/hll';
import { hash64 } from '../../../src/engines/valkey/types/hll/murmur';

describe('HyperLogLog registers', () => {
  test('the 32-bit MurmurHash64A matches a direct 64-bit implementation', () => {
    // A straightforward BigInt version of redis' MurmurHash64A (seed 0xadc83b19).
    const M = 0xc6a4a7935bd1e995n;
    const MASK = (1n << 64n) - 1n;
    const reference = (s: string): bigint => {
      const bytes = Buffer.from(s, 'latin1');
      let h = (0xadc83b19n ^ (BigInt(bytes.length) * M)) & MASK;
      const blocks = bytes.length - (bytes.length & 7);
      for (let i = 0; i < blocks; i += 8) {
        let k = bytes.readBigUInt64LE(i);
        k = (k * M) & MASK;
        k ^= k >> 47n;
        k = (k * M) & MASK;
        h ^= k;
        h = (h * M) & MASK;
      }
      const rest = bytes.length & 7;
      if (rest) {
        for (let i = rest - 1; i >= 0; i--) h ^= BigInt(bytes[blocks + i]) << BigInt(8 * i);
        h = (h * M) & MASK;
      }
      h ^= h >> 47n;
      h = (h * M) & MASK;
      h ^= h >> 47n;
      return h;
    };
    let seed = 7;
    for (let n = 0; n < 500; n++) {
      let s = '';
      const len = n % 40;
      for (let i = 0; i < len; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        s += String.fromCharCode(seed & 0xff);
      }
      const [hi, lo] = hash64(s);
      expect((BigInt(hi) << 32n) | BigInt(lo)).toBe(reference(s));
    }
  });

  test('a count too large for a VAL opcode promotes the sparse HLL to dense', () => {
    const h = Hll.empty();
    expect(sparseSet(h, 100, 5, 3000)).toBe(1);
    expect(sparseSet(h, 200, 33, 3000)).toBe(1);
    expect(h.encoding).toBe(HLL_DENSE);
    expect(h.len).toBe(HLL_DENSE_SIZE);
    expect(denseGet(h, 100)).toBe(5);
    expect(denseGet(h, 200)).toBe(33);
    expect(denseGet(h, 16383)).toBe(0);
  });

  test('sparse updates split, raise and merge opcodes, and agree with the dense form', () => {
    const h = Hll.empty();
    for (const reg of [0, 1, 2, 3, 4, 16383, 8000, 8001, 63, 64, 65]) expect(sparseSet(h, reg, 2, 3000)).toBe(1);
    expect(sparseSet(h, 1, 1, 3000)).toBe(0);
    expect(sparseSet(h, 1, 3, 3000)).toBe(1);
    const dense = new Hll(h.b.slice(0, h.len), h.len);
    expect(sparseToDense(dense)).toBe(true);
    expect(hllCount(h)).toBe(hllCount(dense));
    expect(denseGet(dense, 1)).toBe(3);
    expect(denseGet(dense, 16383)).toBe(2);
    expect(denseGet(dense, 5)).toBe(0);
  });

  test('estimates stay within a few standard errors', () => {
    const e = new TestEngine();
    const n = 50_000;
    for (let i = 0; i < n; i += 1000) {
      e.run('PFADD', 'h', ...Array.from({ length: 1000 }, (_, j) => `item:${i + j}`));
    }
    const est = Number(e.run('PFCOUNT', 'h'));
    expect(Math.abs(est - n) / n).toBeLessThan(6 * 0.0081);
  });

  test('PFSELFTEST passes', () => {
    const e = new TestEngine();
    expect(e.run('PFSELFTEST')).toBe('OK');
  });
});

describe('HyperLogLog propagation and events', () => {
  test('PFADD and PFMERGE propagate as sent; PFCOUNT propagates only when it writes its cache', () => {
    const e = new TestEngine();
    const units = recordPropagation(e);
    e.run('PFADD', 'h', 'a', 'b');
    e.run('PFADD', 'h', 'a');
    e.run('PFCOUNT', 'h');
    e.run('PFCOUNT', 'h');
    e.run('PFCOUNT', 'h', 'nokey');
    e.run('PFMERGE', 'm', 'h');
    e.run('PFDEBUG', 'TODENSE', 'm');
    e.run('PFDEBUG', 'TODENSE', 'm');
    expect(units).toEqual([
      [['PFADD', 'h', 'a', 'b']],
      [['PFCOUNT', 'h']],
      [['PFMERGE', 'm', 'h']],
      [['PFDEBUG', 'TODENSE', 'm']],
    ]);
  });

  test('PFADD and PFMERGE fire pfadd; PFCOUNT fires nothing', () => {
    const e = new TestEngine({ config: { 'notify-keyspace-events': 'E$' } });
    const client = e.newClient();
    e.server.pubsub.subscribe(client, 'pattern', '__keyevent@*__:*');
    e.run('PFADD', 'h', 'a');
    e.run('PFCOUNT', 'h');
    e.run('PFMERGE', 'm', 'h');
    const events = parseReplies(client.out.take()).map((v) => (toPlain(v) as string[]).slice(2).join(' '));
    expect(events).toEqual(['__keyevent@0__:pfadd h', '__keyevent@0__:pfadd m']);
  });

  test('a PFCOUNT that writes its cache dirties WATCH', () => {
    const e = new TestEngine();
    e.run('PFADD', 'h', 'a');
    const other = e.newClient();
    e.runAs(other, 'WATCH', 'h');
    e.runAs(other, 'MULTI');
    e.run('PFCOUNT', 'h');
    expect(e.runAs(other, 'EXEC')).toBeNull();
  });
});

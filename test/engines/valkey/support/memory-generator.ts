/**
 * Random commands for the fuzz of MEMORY USAGE (fuzz-families.test.ts): hashes, lists, sets,
 * sorted sets and strings that grow, shrink and change encoding, with list-max-listpack-size and
 * the other encoding thresholds changed between writes, and MEMORY USAGE of every key (all nodes
 * or members counted: a sample's average would follow redis' hash order).
 *
 * Sorted sets stay small enough for a listpack: a skiplist node's size follows a random level.
 */
import { Generator, picker } from './family-generators';

export const memoryCommand: Generator = (rand) => {
  const pick = picker(rand);
  const key = () => pick(['h', 'l', 's', 'z', 'str', 'x', 'h2', 'l2', 's2']);
  const value = () => pick(['1', '12', '123456', '-5', 'a', 'abc', 'x'.repeat(10), 'x'.repeat(40), String(Math.floor(rand() * 1e6)), 'é'.repeat(3), '9223372036854775807', '3.5']);
  const field = () => pick(['f1', 'f2', 'f3', 'f4', String(Math.floor(rand() * 200)), 'g'.repeat(70)]);
  const member = () => pick(['a', 'abc', '-5', String(Math.floor(rand() * 60))]);
  const gens: (() => string[])[] = [
    () => ['HSET', 'h', field(), value()], () => ['HSET', 'h', field(), value(), field(), value()], () => ['HDEL', 'h', field(), field(), field()],
    () => ['RPUSH', 'l', value()], () => ['LPUSH', 'l', value(), value(), value()], () => ['LPOP', 'l'], () => ['LSET', 'l', '0', value()],
    () => ['LTRIM', 'l', '0', pick(['5', '50', '200'])], () => ['LINSERT', 'l', pick(['BEFORE', 'AFTER']), value(), value()],
    () => ['SADD', 's', value()], () => ['SADD', 's', String(Math.floor(rand() * 1000))], () => ['SREM', 's', value(), String(Math.floor(rand() * 1000))],
    () => ['ZADD', 'z', pick(['1', '2.5', '-3', '1e10']), member()], () => ['ZADD', 'z', String(rand() * 100), member()], () => ['ZREM', 'z', member()],
    () => ['SET', 'str', value()], () => ['APPEND', 'str', value()], () => ['SETRANGE', 'str', pick(['0', '10', '100']), value()], () => ['INCR', 'str'],
    () => ['MEMORY', 'USAGE', key(), 'SAMPLES', '0'], () => ['MEMORY', 'USAGE', pick(['l', 'str']), ...pick([[], ['SAMPLES', '1']])],
    () => ['OBJECT', 'ENCODING', key()], () => ['DEL', pick(['h', 'l', 's', 'z', 'str'])], () => {
      const from = pick(['h', 'l', 's']);
      return ['COPY', from, `${from}2`, 'REPLACE'];
    },
    () => ['CONFIG', 'SET', pick(['hash-max-listpack-entries', 'set-max-intset-entries', 'list-max-listpack-size']), pick(['4', '16', '128', '-1', '-2', '2'])],
  ];
  return pick(gens)();
};

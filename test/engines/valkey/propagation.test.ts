import { recordPropagation } from './support/collections';
import { TestEngine } from './support/engine';
import { ReplicationStreamEncoder } from '../../../src/engines/valkey/exec/propagation';
import type { PropagatedOp } from '../../../src/engines/valkey/exec/propagation';

describe('propagation of effective commands', () => {
  let e: TestEngine;
  let units: string[][][];
  beforeEach(() => {
    e = new TestEngine();
    units = recordPropagation(e);
  });

  test('SET with a relative expiry becomes SET … PXAT with the absolute time', () => {
    e.run('SET', 'k', 'v', 'EX', '10');
    e.run('SET', 'k2', 'v', 'PX', '500');
    expect(units).toEqual([
      [['SET', 'k', 'v', 'PXAT', String(e.time + 10_000)]],
      [['SET', 'k2', 'v', 'PXAT', String(e.time + 500)]],
    ]);
  });

  test('the EXPIRE family becomes PEXPIREAT, keeping its options', () => {
    e.run('SET', 'k', 'v');
    units.length = 0;
    e.run('EXPIRE', 'k', '100', 'GT');
    e.run('EXPIRE', 'k', '100');
    e.run('PEXPIRE', 'k', '5000');
    e.run('EXPIREAT', 'k', '4000000000');
    e.run('PEXPIREAT', 'k', '4000000000000');
    expect(units).toEqual([
      [['PEXPIREAT', 'k', String(e.time + 100_000)]],
      [['PEXPIREAT', 'k', String(e.time + 5000)]],
      [['PEXPIREAT', 'k', '4000000000000']],
      [['PEXPIREAT', 'k', '4000000000000']],
    ]);
  });

  test('an expiry in the past is propagated as DEL (or UNLINK with lazyfree-lazy-expire)', () => {
    e.run('SET', 'a', '1');
    e.run('SET', 'b', '1');
    units.length = 0;
    e.run('EXPIRE', 'a', '-1');
    e.run('CONFIG', 'SET', 'lazyfree-lazy-expire', 'yes');
    e.run('PEXPIREAT', 'b', '1');
    expect(units).toEqual([[['DEL', 'a']], [['UNLINK', 'b']]]);
  });

  test('INCRBYFLOAT is propagated as SET … KEEPTTL with the result', () => {
    e.run('INCRBYFLOAT', 'f', '10.5');
    e.run('INCRBYFLOAT', 'f', '0.1');
    expect(units).toEqual([[['SET', 'f', '10.5', 'KEEPTTL']], [['SET', 'f', '10.6', 'KEEPTTL']]]);
  });

  test('GETEX, GETDEL and SET GET are rewritten', () => {
    e.run('SET', 'k', 'v');
    units.length = 0;
    e.run('GETEX', 'k', 'EX', '10');
    e.run('GETEX', 'k', 'PERSIST');
    e.run('SET', 'k', 'w', 'GET');
    e.run('GETDEL', 'k');
    expect(units).toEqual([
      [['PEXPIREAT', 'k', String(e.time + 10_000)]],
      [['PERSIST', 'k']],
      [['SET', 'k', 'w']],
      [['DEL', 'k']],
    ]);
  });

  test('reads, failed writes and no-op writes propagate nothing', () => {
    e.run('SET', 'k', 'v');
    units.length = 0;
    e.run('GET', 'k');
    e.run('SET', 'k', 'x', 'NX');
    e.run('INCR', 'k');
    e.run('DEL', 'nokey');
    e.run('EXPIRE', 'nokey', '10');
    expect(units).toEqual([]);
  });

  test('FLUSHALL propagates even on an empty server', () => {
    e.run('FLUSHALL');
    expect(units).toEqual([[['FLUSHALL']]]);
  });

  test('EXEC wraps several writes in MULTI/EXEC but not a single one', () => {
    e.run('MULTI');
    e.run('SET', 'a', '1');
    e.run('GET', 'a');
    e.run('INCR', 'a');
    e.run('EXEC');
    e.run('MULTI');
    e.run('SET', 'b', '1');
    e.run('GET', 'b');
    e.run('EXEC');
    expect(units).toEqual([
      [['MULTI'], ['SET', 'a', '1'], ['INCR', 'a'], ['EXEC']],
      [['SET', 'b', '1']],
    ]);
  });

  test('lazy expiry propagates DEL, inside the unit of the command that met it', () => {
    e.run('SET', 'k', 'v', 'PX', '100');
    e.run('SET', 'k2', 'v', 'PX', '100');
    units.length = 0;
    e.advance(200);
    e.run('GET', 'k');
    e.run('SET', 'k2', 'new');
    expect(units).toEqual([
      [['DEL', 'k']],
      [['MULTI'], ['DEL', 'k2'], ['SET', 'k2', 'new'], ['EXEC']],
    ]);
  });

  test('active expiry propagates each expired key as DEL', () => {
    for (let i = 0; i < 5; i++) e.run('SET', `k${i}`, 'v', 'PX', '100');
    units.length = 0;
    e.advance(200);
    e.server.runCron();
    expect(units.map((u) => u[0][0])).toEqual(['DEL', 'DEL', 'DEL', 'DEL', 'DEL']);
    expect(units.map((u) => u[0][1]).sort()).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);
  });

  test('the stream selects a database before its first command and wherever it changes', () => {
    const ops: PropagatedOp[] = [];
    e.server.propagation.onPropagate((u) => ops.push(...u));
    e.run('SET', 'a', '1');
    e.run('SELECT', '3');
    e.run('SET', 'b', '2');
    e.run('MULTI');
    e.run('SET', 'c', '3');
    e.run('SET', 'd', '4');
    e.run('EXEC');
    e.run('SET', 'e', '5');
    expect(ops.map((o) => [o.db, ...o.argv])).toEqual([
      [0, 'SELECT', '0'], [0, 'SET', 'a', '1'],
      [3, 'SELECT', '3'], [3, 'SET', 'b', '2'],
      [3, 'MULTI'], [3, 'SET', 'c', '3'], [3, 'SET', 'd', '4'], [3, 'EXEC'],
      [3, 'SET', 'e', '5'],
    ]);
    const stream = new ReplicationStreamEncoder().encode(ops).toString('latin1');
    expect(stream).toBe([
      '*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n', '*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n',
      '*2\r\n$6\r\nSELECT\r\n$1\r\n3\r\n', '*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n',
      '*1\r\n$5\r\nMULTI\r\n', '*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1\r\n3\r\n', '*3\r\n$3\r\nSET\r\n$1\r\nd\r\n$1\r\n4\r\n',
      '*1\r\n$4\r\nEXEC\r\n', '*3\r\n$3\r\nSET\r\n$1\r\ne\r\n$1\r\n5\r\n',
    ].join(''));
  });

  test('a new consumer of the stream makes it select its database again', () => {
    e.run('SET', 'a', '1');
    const ops: PropagatedOp[] = [];
    e.server.propagation.onPropagate((u) => ops.push(...u));
    e.run('SET', 'b', '2');
    expect(ops.map((o) => o.argv)).toEqual([['SELECT', '0'], ['SET', 'b', '2']]);
  });

  test('the heartbeat PING goes in the selected database, with no SELECT, and only to consumers', () => {
    const before = e.server.propagation.offset;
    const ops: PropagatedOp[] = [];
    e.server.propagation.onPropagate((u) => ops.push(...u));
    e.server.propagation.heartbeat();
    e.run('SELECT', '2');
    e.run('SET', 'a', '1');
    e.server.propagation.heartbeat();
    expect(ops.map((o) => [o.db, ...o.argv])).toEqual([[-1, 'PING'], [2, 'SELECT', '2'], [2, 'SET', 'a', '1'], [2, 'PING']]);
    expect(e.server.propagation.offset - before).toBe(new ReplicationStreamEncoder().encode(ops).length);
  });

  test('the replication offset grows by the encoded size of what was propagated, SELECT included', () => {
    const before = e.server.propagation.offset;
    e.run('SET', 'a', '1');
    expect(e.server.propagation.offset - before).toBe('*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n'.length);
    const after = e.server.propagation.offset;
    e.run('SET', 'a', '1');
    expect(e.server.propagation.offset - after).toBe('*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n'.length);
  });
});

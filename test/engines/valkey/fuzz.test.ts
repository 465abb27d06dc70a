/**
 * Fuzzing: random and truncated protocol bytes must never take the engine down or corrupt data,
 * and random command sequences must get the same replies from our engine and redis-server.
 */
import * as net from 'net';
import { RawSession } from './differential/session';
import { prng } from './support/prng';
import { expectAgreement } from './support/random-sequences';
import { encodeCommand } from '../../../src/engines/resp';
import { ValkeyServer } from '../../../src/engines/valkey/server/server';
import { onFreePort } from '../../support/ports';
import { hasBinary, RealServer, startRedisServer } from '../../support/real-servers';

let server: ValkeyServer;
let port: number;

beforeAll(async () => {
  ({ port, value: server } = await onFreePort(async (p) => {
    const s = new ValkeyServer({ port: p, version: '7.0.15' });
    await s.start();
    return s;
  }));
});

afterAll(async () => {
  await server.stop();
});

/** Sends bytes on a fresh connection and waits until the server replies, closes or stays quiet. */
function blast(bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      s.destroy();
      resolve();
    };
    s.on('error', finish);
    s.on('close', finish);
    s.on('connect', () => {
      s.write(bytes);
      setTimeout(finish, 20);
    });
  });
}

async function ping(): Promise<string> {
  const s = await RawSession.open(port);
  s.send(['PING']);
  const r = await s.reply(2000);
  s.close();
  return r ? r.raw.toString('latin1') : '<none>';
}

const FRAGMENTS = ['*', '$', '\r\n', '\r', '\n', '-1', '0', '3', '99999999999', '"', "'", '\\x', ' ', 'SET', 'GET', 'PING', '\x00', '*2\r\n$3\r\nGET\r\n$1\r\na\r\n', '*1\r\n'];

describe('protocol fuzzing', () => {
  test('random and truncated input never stops the engine or touches other keys', async () => {
    const sentinel = await RawSession.open(port);
    sentinel.send(['SET', 'sentinel', 'intact']);
    await sentinel.reply(1000);
    const rand = prng(12345);
    for (let round = 0; round < 300; round++) {
      const kind = round % 3;
      let bytes: Buffer;
      if (kind === 0) {
        bytes = Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 200) }, () => Math.floor(rand() * 256)));
      } else if (kind === 1) {
        let s = '';
        for (let i = 0; i < 1 + Math.floor(rand() * 30); i++) s += FRAGMENTS[Math.floor(rand() * FRAGMENTS.length)];
        bytes = Buffer.from(s, 'latin1');
      } else {
        const full = encodeCommand(['SET', `k${round}`, 'x'.repeat(Math.floor(rand() * 100))]);
        bytes = full.subarray(0, Math.floor(rand() * full.length));
      }
      await blast(bytes);
    }
    expect(await ping()).toBe('+PONG\r\n');
    sentinel.send(['GET', 'sentinel']);
    expect((await sentinel.reply(1000))?.raw.toString()).toBe('$6\r\nintact\r\n');
    sentinel.close();
    expect(server.dbs[0].dict.size).toBeGreaterThanOrEqual(1);
  }, 120_000);

  test('a huge declared bulk does not allocate or hang the server', async () => {
    await blast(Buffer.from('*1\r\n$536870000\r\nabc'));
    await blast(Buffer.from(`*${2 ** 31 - 1}\r\n`));
    expect(await ping()).toBe('+PONG\r\n');
  });
});

/** Random commands of the string, key and bitmap families, with valid and invalid arguments. */
function randomCommand(rand: () => number): string[] {
  const keys = ['a', 'b', 'c', 'n', 'f', '\x00bin'];
  const key = () => keys[Math.floor(rand() * keys.length)];
  const int = () => String(Math.floor((rand() - 0.3) * 1000));
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const value = () => pick(['', 'hello', '12', '-7', '3.5', '9223372036854775807', 'x'.repeat(50), '\xff\x00']);
  const gens: (() => string[])[] = [
    () => ['SET', key(), value(), ...pick([[], ['NX'], ['XX'], ['GET'], ['KEEPTTL'], ['EXAT', '4000000000'], ['NX', 'XX'], ['PX', '-1']])],
    () => ['GET', key()],
    () => ['APPEND', key(), value()],
    () => ['INCR', key()],
    () => ['INCRBY', key(), pick([int(), '9223372036854775807', 'x'])],
    () => ['DECRBY', key(), int()],
    () => ['INCRBYFLOAT', key(), pick(['0.1', '-1.5', '1e3', 'abc', '3'])],
    () => ['STRLEN', key()],
    () => ['GETRANGE', key(), int(), int()],
    () => ['SETRANGE', key(), String(Math.floor(rand() * 20)), value()],
    () => ['MSET', key(), value(), key(), value()],
    () => ['MGET', key(), key(), key()],
    () => ['DEL', key(), key()],
    () => ['EXISTS', key(), key()],
    () => ['TYPE', key()],
    () => ['RENAME', key(), key()],
    () => ['RENAMENX', key(), key()],
    () => ['COPY', key(), key(), ...pick([[], ['REPLACE']])],
    () => ['GETDEL', key()],
    () => ['GETSET', key(), value()],
    () => ['SETNX', key(), value()],
    () => ['SETBIT', key(), String(Math.floor(rand() * 64)), pick(['0', '1', '2'])],
    () => ['GETBIT', key(), String(Math.floor(rand() * 64))],
    () => ['BITCOUNT', key(), ...pick([[], [int(), int()], [int(), int(), 'BIT']])],
    () => ['BITPOS', key(), pick(['0', '1']), ...pick([[], [int()], [int(), int(), 'BYTE']])],
    () => ['BITOP', pick(['AND', 'OR', 'XOR', 'NOT']), key(), key(), ...pick([[], [key()]])],
    () => ['BITFIELD', key(), 'INCRBY', pick(['i5', 'u7', 'i64']), String(Math.floor(rand() * 30)), int(), 'GET', 'u4', '0'],
    () => ['LCS', key(), key(), ...pick([[], ['LEN'], ['IDX', 'WITHMATCHLEN']])],
    () => ['EXPIREAT', key(), pick(['4000000000', '4100000000']), ...pick([[], ['NX'], ['GT'], ['LT'], ['XX']])],
    () => ['EXPIRETIME', key()],
    () => ['PERSIST', key()],
    () => ['OBJECT', 'ENCODING', key()],
    () => ['DBSIZE'],
    () => ['SELECT', pick(['0', '1'])],
    () => ['MOVE', key(), pick(['0', '1'])],
    () => pick([['MULTI'], ['EXEC'], ['DISCARD']]),
  ];
  return pick(gens)();
}

const describeIfRedis = hasBinary('redis-server') ? describe : describe.skip;

describeIfRedis('random command sequences agree with redis-server', () => {
  let real: RealServer;
  beforeAll(async () => {
    real = await startRedisServer();
  });
  afterAll(async () => {
    await real?.stop();
  });

  test.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i', async (seed) => {
    await expectAgreement({ realPort: real.port, ourPort: port, seed, commands: 1500, next: randomCommand });
  }, 120_000);
});


import * as net from 'net';
import { useEngine } from './support/clients';
import { KeyDict } from '../../../src/engines/valkey/keyspace/key-dict';

/** Sends `bytes` in one write and collects what comes back until `lines` CRLF-ended lines arrived. */
async function exchange(port: number, bytes: string, lines: number): Promise<string> {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.on('data', (chunk) => {
        received += chunk.toString('latin1');
        if (received.split('\r\n').length - 1 >= lines) resolve();
      });
      socket.write(Buffer.from(bytes, 'latin1'));
    });
  } finally {
    socket.destroy();
  }
  return received;
}

function command(...args: string[]): string {
  return `*${args.length}\r\n` + args.map((a) => `$${a.length}\r\n${a}\r\n`).join('');
}

describe('pipelined runs are warmed before they run', () => {
  const engine = useEngine();

  beforeAll(async () => {
    // A hash and a keyspace big enough to be warmed.
    const fill = Array.from({ length: 10_000 }, (_, i) => command('HSET', 'big', `f${i}`, 'v') + command('SET', `k${i}`, 'v')).join('');
    await exchange(engine.port, fill, 20_000);
  });

  afterEach(() => jest.restoreAllMocks());

  test('a run of HSETs on a large hash warms the keyspace and the hash members, then replies in order', async () => {
    const warm = jest.spyOn(KeyDict.prototype, 'warm');
    const fields = ['f1', 'new1', 'f2', 'new2', 'f3'];
    const reply = await exchange(engine.port, fields.map((f) => command('HSET', 'big', f, 'x')).join('') + command('HGET', 'big', 'new1'), 6);
    expect(reply).toBe(':0\r\n:1\r\n:0\r\n:1\r\n:0\r\n$1\r\nx\r\n');
    // The keyspace once for the run's one key, the hash for its five fields.
    const calls = warm.mock.calls.map(([keys, from, step]) => ({ keys: [...keys], from, step }));
    expect(calls).toContainEqual({ keys: ['big'], from: 0, step: 1 });
    expect(calls).toContainEqual({ keys: fields, from: 0, step: 1 });
  });

  test('a run of GETs warms their keys', async () => {
    const warm = jest.spyOn(KeyDict.prototype, 'warm');
    const reply = await exchange(engine.port, command('GET', 'k5') + command('GET', 'k6') + command('GET', 'none'), 3);
    expect(reply).toBe('$1\r\nv\r\n$1\r\nv\r\n$-1\r\n');
    expect(warm.mock.calls.map(([keys]) => [...keys])).toContainEqual(['k5', 'k6', 'none']);
  });

  test('a single command, or commands of different names, are not read ahead', async () => {
    const warm = jest.spyOn(KeyDict.prototype, 'warm');
    expect(await exchange(engine.port, command('GET', 'k1'), 2)).toBe('$1\r\nv\r\n');
    expect(await exchange(engine.port, command('GET', 'k1') + command('HGET', 'big', 'f7') + command('EXISTS', 'k1'), 4))
      .toBe('$1\r\nv\r\n$1\r\nv\r\n:1\r\n');
    expect(warm).not.toHaveBeenCalled();
  });
});

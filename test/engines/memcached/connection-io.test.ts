import * as net from 'net';
import { startOurs, startReal, Target } from './support/harness';

/**
 * The listener's connections read into one buffer shared by all of them and write replies straight
 * to the socket handle. These tests interleave many connections whose requests arrive in pieces,
 * so every partial request must survive other connections' reads overwriting the shared buffer.
 */

/** Sends `data` in `pieces` writes, each on a later turn, and resolves with everything received once `done` holds. */
async function exchange(port: number, data: Buffer, pieces: number, done: (got: string) => boolean): Promise<string> {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  let got = '';
  const finished = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no complete reply; got ${JSON.stringify(got.slice(0, 200))}`)), 20_000);
    socket.on('data', (d: Buffer) => {
      got += d.toString('latin1');
      if (done(got)) {
        clearTimeout(timer);
        resolve(got);
      }
    });
  });
  const step = Math.max(1, Math.ceil(data.length / pieces));
  for (let at = 0; at < data.length; at += step) {
    socket.write(data.subarray(at, at + step));
    await new Promise((r) => setTimeout(r, 1));
  }
  try {
    return await finished;
  } finally {
    socket.destroy();
  }
}

function requests(conn: number, count: number): { data: Buffer; expected: string } {
  let data = '';
  let expected = '';
  for (let i = 0; i < count; i++) {
    const key = `c${conn}:k${i}`;
    const value = `${conn}-${i}-`.padEnd(10 + ((conn * 7 + i * 13) % 300), String.fromCharCode(97 + (i % 26)));
    data += `set ${key} ${i} 0 ${value.length}\r\n${value}\r\nget ${key}\r\n`;
    expected += `STORED\r\nVALUE ${key} ${i} ${value.length}\r\n${value}\r\nEND\r\n`;
  }
  return { data: Buffer.from(data, 'latin1'), expected };
}

describe.each([
  ['default requests_per_event', {}],
  ['requests_per_event 1 (every connection yields between requests)', { requests_per_event: 1 }],
])('memcached connections with requests arriving in pieces, %s', (_name, parameters) => {
  let server: Target;
  beforeAll(async () => {
    server = await startOurs({ parameters });
  });
  afterAll(() => server?.stop());

  test('20 interleaved connections each get exactly their own replies', async () => {
    const runs = Array.from({ length: 20 }, (_, conn) => {
      const { data, expected } = requests(conn, 30);
      // Piece counts differ per connection so cuts fall everywhere: inside keys, headers, values, CRLFs.
      return exchange(server.port, data, 40 + conn * 17, (got) => got.length >= expected.length)
        .then((got) => expect(got).toBe(expected));
    });
    await Promise.all(runs);
  });

  test('binary requests split byte by byte', async () => {
    const packet = (opcode: number, key: string, extras: Buffer, value: string) => {
      const h = Buffer.alloc(24);
      h[0] = 0x80;
      h[1] = opcode;
      h.writeUInt16BE(key.length, 2);
      h[4] = extras.length;
      h.writeUInt32BE(extras.length + key.length + value.length, 8);
      h.writeUInt32BE(0xabcd, 12);
      return Buffer.concat([h, extras, Buffer.from(key, 'latin1'), Buffer.from(value, 'latin1')]);
    };
    const setExtras = Buffer.alloc(8);
    setExtras.writeUInt32BE(7, 0);
    const data = Buffer.concat([packet(0x01, 'bin', setExtras, 'binary-value'), packet(0x00, 'bin', Buffer.alloc(0), '')]);
    const others = Array.from({ length: 5 }, (_, conn) => {
      const { data: d, expected } = requests(100 + conn, 10);
      return exchange(server.port, d, d.length / 3, (got) => got.length >= expected.length).then((got) => expect(got).toBe(expected));
    });
    // SET response (24 bytes), then GET response: header, 4 bytes of flags, the value.
    const got = await exchange(server.port, data, data.length, (g) => g.length >= 24 + 24 + 4 + 12);
    await Promise.all(others);
    const reply = Buffer.from(got, 'latin1');
    expect(reply[0]).toBe(0x81);
    expect(reply.readUInt16BE(6)).toBe(0);
    const get = reply.subarray(24);
    expect(get.readUInt16BE(6)).toBe(0);
    expect(get.readUInt32BE(12)).toBe(0xabcd);
    expect(get.readUInt32BE(24)).toBe(7);
    expect(get.subarray(28).toString('latin1')).toBe('binary-value');
  });
});

describe.each([
  ['our engine', () => startOurs()],
  ['real memcached', () => startReal()],
])('quit on %s', (_name, start) => {
  let server: Target;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(() => server?.stop());

  test('closes the socket after the last reply even while the client keeps its side open', async () => {
    const socket = net.connect(server.port, '127.0.0.1');
    try {
      let got = '';
      socket.on('data', (d: Buffer) => {
        got += d.toString('latin1');
      });
      // The client does not end its side; the server closes its descriptor anyway.
      await new Promise<void>((resolve, reject) => {
        socket.once('end', () => resolve());
        socket.once('error', reject);
        socket.write('version\r\nquit\r\n');
      });
      expect(got).toMatch(/^VERSION \S+\r\n$/);
      // Bytes sent to a closed socket are answered with a reset; a half-open one would swallow them.
      const reset = await new Promise<string>((resolve) => {
        const timer = setTimeout(() => resolve('still open after 10 s'), 10_000);
        socket.once('error', (e: NodeJS.ErrnoException) => {
          clearTimeout(timer);
          resolve(e.code ?? e.message);
        });
        socket.write('version\r\n');
        // The reset may arrive only after a second write has hit it.
        setTimeout(() => socket.writable && socket.write('version\r\n'), 50);
      });
      expect(reset).toMatch(/^(ECONNRESET|EPIPE)$/);
    } finally {
      socket.destroy();
    }
  });
});

/** Everything a fresh connection receives after sending `data`, until the node closes it. */
function untilClosed(port: number, data: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(data));
    let got = '';
    socket.on('data', (d: Buffer) => { got += d.toString('latin1'); });
    socket.on('close', () => resolve(got));
  });
}

test('a request that throws inside the engine closes that connection only; the fault is logged', async () => {
  const lines: string[] = [];
  const ours = await startOurs({ logger: (line) => lines.push(line) });
  try {
    // Simulate a fault of ours: reading the version throws.
    Object.defineProperty(ours.server.engine.settings, 'version', { get: () => { throw new Error('simulated fault'); } });
    const other = net.connect(ours.port, '127.0.0.1');
    await new Promise((r) => other.once('connect', r));
    let otherGot = '';
    other.on('data', (d: Buffer) => { otherGot += d.toString('latin1'); });
    other.write('set k 0 0 1\r\nv\r\n');
    // The replies before the fault in the same batch are dropped with the connection.
    expect(await untilClosed(ours.port, 'set a 0 0 1\r\nx\r\nversion\r\n')).toBe('');
    expect(lines.some((l) => /Internal error on connection cfd=\d+: simulated fault/.test(l))).toBe(true);
    other.write('get k a\r\n');
    const deadline = Date.now() + 5000;
    while (!otherGot.endsWith('END\r\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    // The faulted batch's earlier set ran: the store stays consistent with what was executed.
    expect(otherGot).toBe('STORED\r\nVALUE k 0 1\r\nv\r\nVALUE a 0 1\r\nx\r\nEND\r\n');
    other.destroy();
  } finally {
    await ours.stop();
  }
});

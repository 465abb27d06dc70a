/** Connection handling over real sockets: batching of replies, backpressure, idle timeout, maxclients. */
import * as net from 'net';
import { RawSession } from './differential/session';
import { encodeCommand } from '../../../src/engines/resp';
import { ValkeyServer } from '../../../src/engines/valkey/server/server';
import { eventually } from '../../support/eventually';
import { onFreePort } from '../../support/ports';

async function startEngine(config: Record<string, string> = {}, logger?: (line: string) => void): Promise<{ server: ValkeyServer; port: number }> {
  const { port, value: server } = await onFreePort(async (p) => {
    const s = new ValkeyServer({ port: p, config, logger });
    await s.start();
    return s;
  });
  return { server, port };
}

async function command(port: number, ...args: string[]): Promise<string> {
  const s = await RawSession.open(port);
  s.send(args);
  const r = await s.reply(5000);
  s.close();
  return r ? r.raw.toString('latin1') : '<none>';
}

describe('connections', () => {
  test('a pipeline of 10,000 commands is answered with a few writes', async () => {
    const { server, port } = await startEngine();
    try {
      const before = server.stats.totalWritesProcessed;
      const socket = net.connect(port, '127.0.0.1');
      const pipeline = Buffer.concat(Array.from({ length: 10_000 }, (_, i) => encodeCommand(['SET', `k${i}`, 'v'])));
      let received = '';
      await new Promise<void>((resolve) => {
        socket.on('data', (d) => {
          received += d.toString('latin1');
          if (received.length >= 10_000 * 5) resolve();
        });
        socket.write(pipeline);
      });
      socket.destroy();
      expect(received).toBe('+OK\r\n'.repeat(10_000));
      const writes = server.stats.totalWritesProcessed - before;
      expect(writes).toBeLessThanOrEqual(server.stats.totalReadsProcessed);
      expect(writes).toBeLessThan(1000);
    } finally {
      await server.stop();
    }
  });

  test('a client that does not read is paused instead of buffering without bound', async () => {
    const { server, port } = await startEngine();
    try {
      await command(port, 'SET', 'big', 'x'.repeat(1024 * 1024));
      const reader = net.connect(port, '127.0.0.1');
      await new Promise((r) => reader.once('connect', r));
      reader.pause();
      const requests = 300;
      reader.write(Buffer.concat(Array.from({ length: requests }, () => encodeCommand(['GET', 'big']))));
      // Once the engine serves the GETs, give it time to run on: it must stop short of
      // materialising 300 MB of replies.
      await eventually(async () => / cmd=get /.test(await command(port, 'CLIENT', 'LIST')), 10_000, 'the engine to serve the GETs');
      await new Promise((r) => setTimeout(r, 500));
      const info = await command(port, 'CLIENT', 'LIST');
      const line = info.split('\n').find((l) => / cmd=get /.test(l))!;
      const omem = Number(/ omem=(\d+)/.exec(line)![1]);
      const obl = Number(/ obl=(\d+)/.exec(line)![1]);
      expect(omem + obl).toBeLessThan(64 * 1024 * 1024);
      // Reading resumes the rest.
      const expected = requests * (1024 * 1024 + '$1048576\r\n\r\n'.length);
      let bytes = 0;
      await new Promise<void>((resolve) => {
        reader.on('data', (d) => {
          bytes += d.length;
          if (bytes >= expected) resolve();
        });
        reader.resume();
      });
      reader.destroy();
      expect(bytes).toBe(expected);
    } finally {
      await server.stop();
    }
  }, 60_000);

  test('afterReplies runs in the same turn, once the replies of the turn are written', async () => {
    const { server, port } = await startEngine();
    try {
      // Output bytes written when each task ran, and the commands that ran before it.
      const seen: { written: number; commands: number }[] = [];
      server.hooks.afterCall.push((_c, cmd) => {
        if (cmd.fullName !== 'set') return;
        server.afterReplies(() => seen.push({ written: server.stats.netOutputBytes, commands: server.stats.totalCommandsProcessed }));
      });
      const s = await RawSession.open(port);
      const writtenBefore = server.stats.netOutputBytes;
      s.send(['SET', 'a', '1']);
      expect((await s.reply(5000))!.raw.toString()).toBe('+OK\r\n');
      s.send(['GET', 'a']);
      expect((await s.reply(5000))!.raw.toString()).toBe('$1\r\n1\r\n');
      s.close();
      // The task saw the reply written, and ran before the next command.
      expect(seen).toHaveLength(1);
      expect(seen[0].written - writtenBefore).toBe('+OK\r\n'.length);
      const commandsAtSet = seen[0].commands;
      expect(server.stats.totalCommandsProcessed).toBe(commandsAtSet + 1);

      // Outside any client's turn (a timer) a task still runs, on a turn end of its own.
      let ran = false;
      setTimeout(() => server.afterReplies(() => { ran = true; }), 1);
      await eventually(() => ran, 5000, 'the task queued by a timer');
    } finally {
      await server.stop();
    }
  });

  test('idle clients are closed after `timeout` seconds', async () => {
    const { server, port } = await startEngine({ timeout: '1', hz: '50' });
    try {
      const s = await RawSession.open(port);
      const opened = Date.now();
      await eventually(() => s.isClosed, 10_000, 'the idle client to be closed');
      // Not before the timeout (a loaded machine can only make it later).
      expect(Date.now() - opened).toBeGreaterThanOrEqual(900);
    } finally {
      await server.stop();
    }
  });

  test('maxclients refuses extra connections with an error', async () => {
    const { server, port } = await startEngine({ maxclients: '2' });
    try {
      const a = await RawSession.open(port);
      const b = await RawSession.open(port);
      const c = await RawSession.open(port);
      expect((await c.raw(Buffer.alloc(0), 200)).bytes.toString()).toBe('-ERR max number of clients reached\r\n');
      expect(server.stats.rejectedConnections).toBe(1);
      a.close();
      b.close();
      c.close();
    } finally {
      await server.stop();
    }
  });

  test('CLIENT KILL closes another connection', async () => {
    const { server, port } = await startEngine();
    try {
      const victim = await RawSession.open(port);
      victim.send(['CLIENT', 'ID']);
      const id = (await victim.reply(2000))!.raw.toString().slice(1).trim();
      expect(await command(port, 'CLIENT', 'KILL', 'ID', id)).toBe(':1\r\n');
      await eventually(() => victim.isClosed, 5000, 'the killed client to be closed');
    } finally {
      await server.stop();
    }
  });

  test('query buffer limit closes a client sending an endless argument', async () => {
    const { server, port } = await startEngine({ 'client-query-buffer-limit': '1mb' });
    try {
      const s = await RawSession.open(port);
      const result = await s.raw(Buffer.concat([Buffer.from('*2\r\n$3\r\nSET\r\n$20000000\r\n'), Buffer.alloc(2 * 1024 * 1024, 'x')]), 300);
      expect(result.closed).toBe(true);
      expect(await command(port, 'PING')).toBe('+PONG\r\n');
    } finally {
      await server.stop();
    }
  });
});

describe('requests that look like HTTP', () => {
  /** Sends `bytes` and resolves with what came back once the server closed or `expect` bytes arrived. */
  function exchange(port: number, bytes: string, expect: number): Promise<{ reply: string; closed: boolean }> {
    return new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      let reply = '';
      socket.on('data', (d) => {
        reply += d.toString('latin1');
        if (reply.length >= expect) {
          socket.destroy();
          resolve({ reply, closed: false });
        }
      });
      socket.on('close', () => resolve({ reply, closed: true }));
      socket.write(Buffer.from(bytes, 'latin1'));
    });
  }

  test('POST and Host: in any case close the connection without a reply; other names of those lengths run', async () => {
    const { server, port } = await startEngine();
    try {
      expect(await exchange(port, 'POST / HTTP/1.1\r\n', 1)).toEqual({ reply: '', closed: true });
      expect(await exchange(port, '*2\r\n$5\r\nhOsT:\r\n$1\r\nx\r\n', 1)).toEqual({ reply: '', closed: true });
      expect(await exchange(port, '*1\r\n$4\r\nPING\r\n', 7)).toEqual({ reply: '+PONG\r\n', closed: false });
      expect(await exchange(port, '*3\r\n$5\r\nLPUSH\r\n$1\r\nl\r\n$1\r\nv\r\n', 4)).toEqual({ reply: ':1\r\n', closed: false });
      expect(await exchange(port, '*1\r\n$5\r\nhello\r\n', 1)).toMatchObject({ closed: false });
    } finally {
      await server.stop();
    }
  });
});

describe('faults', () => {
  test('a command handler that throws answers an error, closes that client and leaves the node serving', async () => {
    const lines: string[] = [];
    const { server, port } = await startEngine({}, (line) => lines.push(line));
    try {
      // Simulate a fault of ours: ECHO's handler throws after writing part of a reply.
      const echo = server.commands.find(['ECHO'])!;
      echo.handler = (c) => {
        c.out.arrayHeader(2);
        throw new Error('simulated fault');
      };
      const other = await RawSession.open(port);
      other.send(['SET', 'k', 'v']);
      expect((await other.reply(2000))!.raw.toString()).toBe('+OK\r\n');
      // Everything the faulted client receives until the node closes its connection.
      const received = await new Promise<string>((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.write(encodeCommand(['ECHO', 'x'])));
        let data = '';
        socket.on('data', (d) => { data += d.toString('latin1'); });
        socket.on('close', () => resolve(data));
      });
      expect(received).toBe('*2\r\n-ERR internal error running \'echo\'\r\n');
      expect(lines.some((l) => l.includes("Internal error running 'echo': simulated fault"))).toBe(true);
      other.send(['GET', 'k']);
      expect((await other.reply(2000))!.raw.toString()).toBe('$1\r\nv\r\n');
      expect(await command(port, 'INFO', 'commandstats')).toMatch(/cmdstat_echo:calls=1,.*failed_calls=1/);
      other.close();
    } finally {
      await server.stop();
    }
  });

  test('bit writes past the longest string the engine can hold are refused, not fatal', async () => {
    const { server, port } = await startEngine();
    try {
      // Valid offsets for redis-server (below 2^32 bits), in the last 24 bytes of 512 MB.
      const refused = '-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n';
      expect(await command(port, 'SETBIT', 'b', '4294967295', '1')).toBe(refused);
      expect(await command(port, 'BITFIELD', 'b', 'SET', 'u8', '#536870904', '1')).toBe(refused);
      expect(await command(port, 'EXISTS', 'b')).toBe(':0\r\n');
      expect(await command(port, 'PING')).toBe('+PONG\r\n');
    } finally {
      await server.stop();
    }
  });
});

/**
 * What stream commands propagate, compared with a real redis-server's replication stream: the test
 * attaches to redis-server as a replica (PSYNC), runs the same commands on redis-server and on our
 * engine (emulating the same version), and compares the propagated commands — XADD with the
 * generated ID, approximate trims made exact, XREADGROUP/XCLAIM/XAUTOCLAIM as XCLAIM … FORCE JUSTID
 * LASTID, NOACK reads as XGROUP SETID/CREATECONSUMER, and the MULTI/EXEC wrapping of each unit.
 * Delivery times and generated IDs carry the current time: 13-digit numbers are compared as `<ms>`.
 */
import { RawSession } from './differential/session';
import { TestEngine } from './support/engine';
import { MARKER_CHANNEL, ReplicaTap } from './support/replica-tap';
import type { PropagatedOp } from '../../../src/engines/valkey/exec/propagation';
import { CLIENT, Client } from '../../../src/engines/valkey/server/client';
import { hasBinary, RealServer, startRedisServer } from '../../support/real-servers';

const VERSION = '7.0.15';

/** Current-time values (delivery times, IDs from the clock) are compared as `<ms>`. */
function normalized(commands: string[][]): string[][] {
  return commands.map((argv) => argv.map((a) => a.replace(/\b1\d{12}\b/g, '<ms>')));
}

/** A step: a command sent by connection `conn` (1 by default); `block` sends without waiting for the reply. */
interface Step {
  readonly argv: string[];
  readonly conn?: number;
  readonly block?: boolean;
}

/** INFO blocked_clients, through `call` (one command, its raw reply). */
async function blockedClients(call: (argv: string[]) => Promise<string>): Promise<number> {
  return Number(/blocked_clients:(\d+)/.exec(await call(['INFO', 'clients']))?.[1] ?? -1);
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const cmd = (...argv: string[]): Step => ({ argv });
const on = (conn: number, ...argv: string[]): Step => ({ argv, conn });
const blocking = (conn: number, ...argv: string[]): Step => ({ argv, conn, block: true });

const describeIfRedis = hasBinary('redis-server') ? describe : describe.skip;

describeIfRedis('stream propagation matches redis-server', () => {
  let real: RealServer;
  let tap: ReplicaTap;
  let markers = 0;

  beforeAll(async () => {
    real = await startRedisServer();
    tap = await ReplicaTap.attach(real.port);
  });

  afterAll(async () => {
    tap?.close();
    await real?.stop();
  });

  /** Runs the steps on redis-server, returning what its replica received. */
  async function onRedis(steps: readonly Step[]): Promise<string[][]> {
    const sessions = new Map<number, RawSession>();
    const session = async (n: number): Promise<RawSession> => {
      let s = sessions.get(n);
      if (!s) sessions.set(n, (s = await RawSession.open(real.port)));
      return s;
    };
    const first = await session(1);
    const call = async (argv: string[]) => {
      first.send(argv);
      return (await first.reply(2000))?.raw.toString('latin1') ?? '';
    };
    // A published marker ends each stretch of the stream: what came before it has all arrived.
    const mark = async () => {
      const id = `m${++markers}`;
      await call(['PUBLISH', MARKER_CHANNEL, id]);
      return (await tap.until(id)).map((c) => c.argv);
    };
    await call(['FLUSHALL']);
    await mark();
    for (const step of steps) {
      const s = await session(step.conn ?? 1);
      if (step.block) {
        const before = await blockedClients(call);
        s.send(step.argv);
        await until(async () => (await blockedClients(call)) > before, `${step.argv[0]} to block`);
      } else {
        s.send(step.argv);
        await s.reply(2000);
      }
    }
    const received = await mark();
    for (const s of sessions.values()) s.close();
    return received;
  }

  /** Runs the steps on our engine, returning what it propagated. */
  function onEngine(steps: readonly Step[]): string[][] {
    const e = new TestEngine({ version: VERSION, clock: () => Date.now() });
    const propagated: string[][] = [];
    e.server.propagation.onPropagate((ops: readonly PropagatedOp[]) => {
      for (const op of ops) propagated.push([...op.argv]);
    });
    // As on redis-server, whose stream selected database 0 for the FLUSHALL before the steps.
    e.server.runCommand(e.client, ['FLUSHALL']);
    propagated.length = 0;
    const clients = new Map<number, Client>([[1, e.client]]);
    for (const step of steps) {
      const n = step.conn ?? 1;
      let c = clients.get(n);
      if (!c) clients.set(n, (c = e.newClient()));
      e.server.runCommand(c, step.argv);
      if (!step.block) expect(c.flags & CLIENT.BLOCKED).toBe(0);
    }
    return propagated;
  }

  async function expectSame(steps: readonly Step[]): Promise<void> {
    const expected = normalized(await onRedis(steps));
    const actual = normalized(onEngine(steps));
    expect(expected.length).toBeGreaterThan(0);
    expect(actual).toEqual(expected);
  }

  test('XADD: explicit IDs as given, generated IDs written out, <ms>-* resolved', async () => {
    await expectSame([
      cmd('XADD', 's', '1-1', 'f', 'v'),
      cmd('xadd', 's', '*', 'f', 'v'),
      cmd('XADD', 's', '1800000000000-*', 'f', 'v'),
      cmd('XADD', 's', '1800000000000-*', 'f', 'v'),
      cmd('XADD', 's', 'NOMKSTREAM', '1800000000001-0', 'f', 'v'),
      cmd('XADD', 'nokey', 'NOMKSTREAM', '*', 'f', 'v'),
      cmd('XADD', 's', '1-1', 'f', 'v'),
    ]);
  });

  test('approximate trimming is propagated as the exact trim it did', async () => {
    const fill: Step = cmd('EVAL', "for i=1,250 do redis.call('XADD', KEYS[1], i..'-1', 'f', i) end return 1", '1', 's');
    await expectSame([
      fill,
      cmd('XADD', 's', 'MAXLEN', '~', '120', '251-1', 'f', 'v'),
      cmd('XADD', 's', 'maxlen', '~', '1000', '252-1', 'f', 'v'),
      cmd('XADD', 's', 'MINID', '~', '200', 'LIMIT', '100', '253-1', 'f', 'v'),
      cmd('XADD', 's', 'MAXLEN', '=', '100', '254-1', 'f', 'v'),
      cmd('XADD', 's', 'MAXLEN', '10', '*', 'f', 'v'),
      cmd('XTRIM', 's', 'MAXLEN', '~', '5'),
      cmd('XTRIM', 's', 'MAXLEN', '~', '5'),
      cmd('XTRIM', 's', 'MAXLEN', '3'),
      cmd('XTRIM', 's', 'MINID', '~', '0'),
    ]);
  });

  test('XDEL, XSETID and XGROUP subcommands are propagated as sent', async () => {
    await expectSame([
      cmd('XADD', 's', '1-1', 'f', 'v'),
      cmd('XADD', 's', '2-1', 'f', 'v'),
      cmd('XDEL', 's', '1-1', '9-9'),
      cmd('XDEL', 's', '9-9'),
      cmd('XSETID', 's', '5-5', 'ENTRIESADDED', '10', 'MAXDELETEDID', '1-1'),
      cmd('XGROUP', 'CREATE', 's', 'g', '$'),
      cmd('XGROUP', 'CREATE', 't', 'g', '$', 'MKSTREAM'),
      cmd('XGROUP', 'SETID', 's', 'g', '0', 'ENTRIESREAD', '0'),
      cmd('XGROUP', 'CREATECONSUMER', 's', 'g', 'alice'),
      cmd('XGROUP', 'CREATECONSUMER', 's', 'g', 'alice'),
      cmd('XGROUP', 'DELCONSUMER', 's', 'g', 'alice'),
      cmd('XGROUP', 'DELCONSUMER', 's', 'g', 'nobody'),
      cmd('XGROUP', 'DESTROY', 's', 'g'),
      cmd('XGROUP', 'DESTROY', 's', 'g'),
    ]);
  });

  test('XREADGROUP is propagated as one XCLAIM per delivered entry, NOACK reads as XGROUP SETID', async () => {
    await expectSame([
      cmd('XADD', 's', '1-1', 'f', 'v'),
      cmd('XADD', 's', '2-1', 'f', 'v'),
      cmd('XGROUP', 'CREATE', 's', 'g', '0'),
      cmd('XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '1', 'STREAMS', 's', '>'),
      cmd('XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '>'),
      cmd('XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '>'),
      cmd('XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '0'),
      cmd('XADD', 's', '3-1', 'f', 'v'),
      cmd('XADD', 's', '4-1', 'f', 'v'),
      cmd('XREADGROUP', 'GROUP', 'g', 'carol', 'NOACK', 'STREAMS', 's', '>'),
      cmd('XADD', 's', '5-1', 'f', 'v'),
      cmd('XREADGROUP', 'GROUP', 'g', 'bob', 'NOACK', 'STREAMS', 's', '>'),
      cmd('XACK', 's', 'g', '1-1', '2-1', '7-7'),
    ]);
  });

  test('XCLAIM and XAUTOCLAIM propagate claims, dropped entries and LASTID', async () => {
    await expectSame([
      cmd('XADD', 's', '1-1', 'f', 'v'),
      cmd('XADD', 's', '2-1', 'f', 'v'),
      cmd('XADD', 's', '3-1', 'f', 'v'),
      cmd('XGROUP', 'CREATE', 's', 'g', '0'),
      cmd('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>'),
      cmd('XCLAIM', 's', 'g', 'bob', '0', '1', '2-1', 'RETRYCOUNT', '5', 'JUSTID'),
      cmd('XCLAIM', 's', 'g', 'bob', '0', '9-9', 'LASTID', '10-0'),
      cmd('XCLAIM', 's', 'g', 'bob', '0', '9-9', 'LASTID', '5-0'),
      cmd('XDEL', 's', '2-1'),
      cmd('XAUTOCLAIM', 's', 'g', 'carol', '0', '0', 'COUNT', '10'),
      cmd('XAUTOCLAIM', 's', 'g', 'carol', '100000', '0'),
    ]);
  });

  test('a blocked XREADGROUP served by XADD propagates the XADD, then its claims', async () => {
    await expectSame([
      cmd('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'),
      blocking(2, 'XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>'),
      blocking(3, 'XREADGROUP', 'GROUP', 'g', 'bob', 'NOACK', 'BLOCK', '0', 'STREAMS', 's', '>'),
      cmd('XADD', 's', '1-1', 'f', 'v'),
      cmd('XADD', 's', '2-1', 'f', 'v'),
      on(4, 'MULTI'),
      on(4, 'XADD', 's', '3-1', 'f', 'v'),
      on(4, 'XADD', 's', '4-1', 'f', 'v'),
      on(4, 'EXEC'),
    ]);
  });

  test('stream commands inside MULTI are one unit', async () => {
    await expectSame([
      cmd('XADD', 's', '1-1', 'f', 'v'),
      cmd('XGROUP', 'CREATE', 's', 'g', '0'),
      cmd('MULTI'),
      cmd('XADD', 's', '*', 'f', 'v'),
      cmd('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>'),
      cmd('XACK', 's', 'g', '1-1'),
      cmd('EXEC'),
    ]);
  });
});

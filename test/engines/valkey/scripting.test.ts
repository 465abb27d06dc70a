/**
 * Scripting behaviour the differential suite cannot see: effects propagation, busy scripts with
 * SCRIPT KILL / FUNCTION KILL, and real clients (ioredis defineCommand with its EVALSHA
 * fallback, node-redis scripts and functions), and Valkey 8's os.clock (whose value differs by nature).
 */
import Redis from 'ioredis';
import { createClient } from 'redis';
import { TestEngine } from './support/engine';
import type { PropagatedOp } from '../../../src/engines/valkey/exec/propagation';
import { StringValue } from '../../../src/engines/valkey/keyspace/values';
import { ValkeyServer } from '../../../src/engines/valkey/server/server';
import { eventually } from '../../support/eventually';

function run(server: ValkeyServer, c: ReturnType<ValkeyServer['createInternalClient']>, ...argv: string[]): string {
  return server.runCommand(c, argv).toString('latin1');
}

describe('script effects propagation', () => {
  const server = new ValkeyServer({ port: 0 });
  const c = server.createInternalClient();
  const units: string[][][] = [];
  server.propagation.onPropagate((ops: readonly PropagatedOp[]) => units.push(ops.filter((o) => o.argv[0] !== 'SELECT').map((o) => [...o.argv])));

  beforeEach(() => {
    units.length = 0;
  });

  test('a script propagates its writes wrapped in MULTI/EXEC, never EVAL', () => {
    expect(run(server, c, 'EVAL', "redis.call('set', KEYS[1], 'a') redis.call('incr', KEYS[2]) return redis.call('get', KEYS[1])", '2', 'k1', 'k2')).toBe('$1\r\na\r\n');
    expect(units).toEqual([[['MULTI'], ['set', 'k1', 'a'], ['incr', 'k2'], ['EXEC']]]);
  });

  test('a read-only script propagates nothing', () => {
    run(server, c, 'EVAL', "return redis.call('get', 'k1')", '0');
    expect(units).toEqual([]);
  });

  test('redis.set_repl(REPL_NONE) stops propagation of later commands', () => {
    run(server, c, 'EVAL', "redis.call('set', 'p1', 1) redis.set_repl(redis.REPL_NONE) redis.call('set', 'p2', 2)", '0');
    expect(units).toEqual([[['set', 'p1', '1']]]);
    expect(run(server, c, 'GET', 'p2')).toBe('$1\r\n2\r\n');
  });

  test("REPL_NONE keeps a command's own argv out, not what the command propagates itself (SPOP's SREM)", () => {
    run(server, c, 'SADD', 'pool', 'a', 'b', 'c');
    units.length = 0;
    run(server, c, 'EVAL', "redis.set_repl(redis.REPL_NONE) redis.call('spop', 'pool', 2) redis.call('set', 'p3', 3)", '0');
    const ops = units.flat().filter((argv) => argv[0] !== 'MULTI' && argv[0] !== 'EXEC');
    expect(ops).toHaveLength(1);
    const [srem, key, ...members] = ops[0];
    expect([srem, key, members.length]).toEqual(['SREM', 'pool', 2]);
    const left = run(server, c, 'SMEMBERS', 'pool');
    for (const m of members) expect(left).not.toContain(m);
  });

  test('FCALL propagates effects; FUNCTION LOAD propagates itself', () => {
    const code = "#!lua name=plib\nredis.register_function('pf', function(keys) return redis.call('incr', keys[1]) end)";
    run(server, c, 'FUNCTION', 'LOAD', 'REPLACE', code);
    expect(units).toEqual([[['FUNCTION', 'LOAD', 'REPLACE', code]]]);
    units.length = 0;
    expect(run(server, c, 'FCALL', 'pf', '1', 'cnt')).toBe(':1\r\n');
    expect(units).toEqual([[['incr', 'cnt']]]);
  });

  test('number arguments are formatted as redis 7.2 does', () => {
    run(server, c, 'EVAL', "redis.call('set', 'n', 0.1)", '0');
    expect(run(server, c, 'GET', 'n')).toBe('$3\r\n0.1\r\n');
  });
});

/** Sends GETs until one is refused (the script has run past busy-reply-threshold); returns the error. */
function busyReply(other: Redis): Promise<string> {
  return eventually(() => other.get('x').then(() => false, (e: Error) => e.message), 10_000, 'the script to be reported busy');
}

describe('busy scripts', () => {
  let server: ValkeyServer;
  let port: number;

  beforeAll(async () => {
    server = new ValkeyServer({ port: 0, config: { 'busy-reply-threshold': '100' } });
    port = (await server.start()).port;
  });

  afterAll(async () => {
    await server.stop();
  });

  test('other clients get BUSY, SCRIPT KILL stops a read-only script', async () => {
    const runner = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0 });
    const other = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0 });
    await runner.connect();
    await other.connect();
    const long = runner.eval('local i = 0 while true do i = i + 1 end', 0).catch((e: Error) => e);
    // Past busy-reply-threshold other clients get BUSY (a GET sent before the script started is answered).
    expect(await busyReply(other)).toBe('BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.');
    await expect(other.call('FUNCTION', 'KILL')).rejects.toThrow('BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.');
    expect(await other.call('SCRIPT', 'KILL')).toBe('OK');
    const result = await long;
    expect(String(result)).toContain('Script killed by user with SCRIPT KILL...');
    expect(await other.get('x')).toBeNull();
    await expect(other.call('SCRIPT', 'KILL')).rejects.toThrow('NOTBUSY No scripts in execution right now.');
    runner.disconnect();
    other.disconnect();
  }, 20000);

  test('a script that has written is UNKILLABLE and finishes; busy time spent in commands counts', async () => {
    const runner = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0 });
    const other = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0 });
    await runner.connect();
    await other.connect();
    await runner.rpush('big', ...Array.from({ length: 20000 }, (_, i) => String(i)));
    // Few Lua instructions, most of the time in commands: the instruction hook alone would not see it.
    const script = "redis.call('set', 'written', '1') "
      + "while redis.call('exists', 'stop') == 0 do redis.call('lrange', 'big', 0, -1) end return 'finished'";
    const long = runner.eval(script, 0).catch((e: Error) => e);
    const deadline = Date.now() + 10000;
    let reply: unknown;
    do {
      reply = await other.get('written').catch((e: Error) => e);
    } while (!(reply instanceof Error) && Date.now() < deadline);
    expect(String(reply)).toContain('BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.');
    await expect(other.call('SCRIPT', 'KILL')).rejects.toThrow('UNKILLABLE Sorry the script already executed write commands against the dataset. '
      + 'You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.');
    // Other clients are refused while it runs; only the engine itself can end the loop.
    server.dbs[0].add('stop', new StringValue('1'));
    expect(await long).toBe('finished');
    expect(await other.get('written')).toBe('1');
    await other.del('big', 'stop', 'written');
    runner.disconnect();
    other.disconnect();
  }, 20000);

  test('a Valkey 8 server names itself in BUSY', async () => {
    const valkey = new ValkeyServer({ port: 0, valkeyVersion: '8.0.1', config: { 'busy-reply-threshold': '100' } });
    const valkeyPort = (await valkey.start()).port;
    const runner = new Redis({ port: valkeyPort, lazyConnect: true, maxRetriesPerRequest: 0 });
    const other = new Redis({ port: valkeyPort, lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      await runner.connect();
      await other.connect();
      const long = runner.eval('local i = 0 while true do i = i + 1 end', 0).catch((e: Error) => e);
      expect(await busyReply(other)).toBe('BUSY Valkey is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.');
      await expect(other.call('FUNCTION', 'KILL')).rejects.toThrow('BUSY Valkey is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.');
      expect(await other.call('SCRIPT', 'KILL')).toBe('OK');
      expect(String(await long)).toContain('Script killed by user with SCRIPT KILL...');
    } finally {
      runner.disconnect();
      other.disconnect();
      await valkey.stop();
    }
  }, 20000);

  test('FUNCTION KILL stops a function; FUNCTION STATS shows it while it runs', async () => {
    const runner = new Redis({ port, lazyConnect: true });
    const other = new Redis({ port, lazyConnect: true });
    await runner.connect();
    await other.connect();
    await runner.call('FUNCTION', 'LOAD', 'REPLACE', "#!lua name=spin\nredis.register_function('spin', function() while true do end end)");
    const long = runner.call('FCALL', 'spin', '0').catch((e: Error) => e);
    expect(await busyReply(other)).toBe('BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.');
    const stats = (await other.call('FUNCTION', 'STATS')) as unknown[];
    expect(stats[0]).toBe('running_script');
    expect((stats[1] as unknown[]).slice(0, 2)).toEqual(['name', 'spin']);
    expect(await other.call('FUNCTION', 'KILL')).toBe('OK');
    expect(String(await long)).toContain('Script killed by user');
    runner.disconnect();
    other.disconnect();
  }, 20000);
});

describe('clients', () => {
  let server: ValkeyServer;
  let port: number;

  beforeAll(async () => {
    server = new ValkeyServer({ port: 0 });
    port = (await server.start()).port;
  });

  afterAll(async () => {
    await server.stop();
  });

  test('ioredis defineCommand (EVALSHA, falling back to EVAL after SCRIPT FLUSH)', async () => {
    const client = new Redis({ port }) as Redis & { incrTwice(key: string): Promise<number> };
    client.defineCommand('incrTwice', { numberOfKeys: 1, lua: "redis.call('incr', KEYS[1]) return redis.call('incr', KEYS[1])" });
    expect(await client.incrTwice('ctr')).toBe(2);
    await client.script('FLUSH');
    expect(await client.incrTwice('ctr')).toBe(4);
    const pipeline = await client.pipeline().incrTwice('ctr').get('ctr').exec();
    expect(pipeline).toEqual([[null, 6], [null, '6']]);
    client.disconnect();
  });

  test('node-redis scripts and functions, RESP2 and RESP3', async () => {
    for (const RESP of [2, 3] as const) {
      const client = createClient({ socket: { port }, RESP });
      await client.connect();
      expect(await client.eval('return {KEYS[1], ARGV[1], 3}', { keys: ['k'], arguments: ['a'] })).toEqual(['k', 'a', 3]);
      const sha = await client.scriptLoad('return ARGV[1]');
      expect(await client.evalSha(sha, { arguments: ['x'] })).toBe('x');
      await client.functionLoad("#!lua name=nrlib\nredis.register_function('echo', function(keys, args) return args[1] end)", { REPLACE: true });
      expect(await client.fCall('echo', { arguments: ['hello'] })).toBe('hello');
      expect(await client.sendCommand(['EVAL', 'return {map={a=1}}', '0'])).toEqual(RESP === 3 ? { a: 1 } : ['a', 1]);
      await client.quit();
    }
  });
});

describe("Valkey 8's os table", () => {
  test('os.clock() is the CPU time the process has used, in seconds; nothing else is in os', () => {
    const e = new TestEngine({ valkeyVersion: '8.0.1' });
    const busy = 'local t = os.clock() local i = 0 while os.clock() - t < 0.05 do i = i + 1 end return {tostring(t), tostring(os.clock())}';
    const [before, after] = (e.run('EVAL', busy, '0') as string[]).map(Number);
    // The loop itself burns CPU time, so the clock must have moved by at least its 50 ms.
    expect(after - before).toBeGreaterThanOrEqual(0.05);
    // CPU time, not a wall clock: no more than the process has used by now.
    const used = process.cpuUsage();
    expect(before).toBeLessThanOrEqual((used.user + used.system) / 1e6);
    expect(e.run('EVAL', 'local k = {} for n in pairs(os) do k[#k+1] = n end return k', '0')).toEqual(['clock']);
    expect(String(e.run('EVAL', 'os.x = 1', '0'))).toContain('Attempt to modify a readonly table');
  });

  test('Redis OSS 7 and Valkey 7.2 have no os global', () => {
    for (const e of [new TestEngine({ version: '7.2.4', serverName: 'valkey' }), new TestEngine({ version: '7.0.15' })]) {
      expect(String(e.run('EVAL', 'return os', '0'))).toContain("Script attempted to access nonexistent global variable 'os'");
    }
  });
});

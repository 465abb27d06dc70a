/**
 * RDB files moved between our engine and a real redis-server 7.0: our writeRdb output loaded by
 * redis-server at startup (--dir/--dbfilename), redis-server's SAVE output loaded by our loadRdb,
 * and DEBUG RELOAD / SAVE / BGSAVE on our engine — every key, type, value, TTL, database and
 * function library intact. Also the load-time rules: expired keys dropped on a primary, kept on a
 * replica, corrupt files refused without touching the data.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RawSession } from './differential/session';
import { TestEngine } from './support/engine';
import { toPlain } from '../../../src/engines/resp';
import { loadRdb, RdbLoadError, writeRdb } from '../../../src/engines/valkey/persistence/rdb/rdb-file';
import { eventually } from '../../support/eventually';
import { hasBinary, startRedisServer } from '../../support/real-servers';

const VERSION = '7.0.15';
const describeIfRedis = hasBinary('redis-server') ? describe : describe.skip;

type Run = (...args: string[]) => Promise<unknown>;

/** Commands building a dataset with every type and encoding, in several databases, with TTLs. */
function datasetCommands(): string[][] {
  const cmds: string[][] = [
    ['SELECT', '0'],
    ['SET', 'str', 'hello'], ['SET', 'int', '12345'], ['SET', 'long', 'x'.repeat(500)], ['SET', 'bin', '\x00\x01\xfe\xff'],
    ['SET', 'ttl', 'expires', 'PX', '500000'], ['SET', 'ttl2', 'later', 'EX', '86400'],
    ['RPUSH', 'list', 'a', 'b', 'c', '1', '2'], ['SADD', 'iset', '1', '2', '300000'], ['SADD', 'sset', 'a', 'b', 'c'],
    ['HSET', 'hash', 'f1', 'v1', 'f2', '2'], ['ZADD', 'zset', '1', 'one', '2.5', 'two'],
    ['XADD', 'stream', '1-1', 'f', 'v'], ['XADD', 'stream', '2-1', 'f', 'w'], ['XGROUP', 'CREATE', 'stream', 'g', '0'],
    ['PFADD', 'hll', 'a', 'b', 'c'],
    ['FUNCTION', 'LOAD', "#!lua name=mylib\nredis.register_function('myfunc', function(keys, args) return args[1] end)"],
  ];
  for (let i = 0; i < 700; i++) cmds.push(['RPUSH', 'biglist', `item-${i}`]);
  for (let i = 0; i < 600; i++) cmds.push(['HSET', 'bighash', `field-${i}`, `value-${i}`]);
  for (let i = 0; i < 300; i++) cmds.push(['ZADD', 'bigzset', String(i * 1.5), `member-${i}`]);
  for (let i = 0; i < 200; i++) cmds.push(['SADD', 'bigset', `member-${i}`]);
  cmds.push(['SELECT', '3'], ['SET', 'db3key', 'in db 3'], ['LPUSH', 'db3list', 'x'], ['EXPIRE', 'db3list', '1000']);
  cmds.push(['SELECT', '15'], ['SET', 'last', 'db'], ['SELECT', '0']);
  return cmds;
}

/** Every key of every database with its type, value and TTL (rounded to minutes). */
async function snapshot(run: Run): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (let db = 0; db < 16; db++) {
    await run('SELECT', String(db));
    const keys = ((await run('KEYS', '*')) as string[]).slice().sort();
    for (const key of keys) {
      const type = (await run('TYPE', key)) as string;
      let value: unknown;
      switch (type) {
        case 'string': value = await run('GET', key); break;
        case 'list': value = await run('LRANGE', key, '0', '-1'); break;
        case 'set': value = ((await run('SMEMBERS', key)) as string[]).slice().sort(); break;
        case 'hash': value = ((await run('HGETALL', key)) as string[]).join('|').split('|').sort(); break;
        case 'zset': value = await run('ZRANGE', key, '0', '-1', 'WITHSCORES'); break;
        default: value = [await run('XRANGE', key, '-', '+'), await run('XINFO', 'GROUPS', key)];
      }
      const pttl = Number(await run('PTTL', key));
      out[`${db}/${key}`] = { type, value, ttl: pttl < 0 ? pttl : Math.round(pttl / 60000), encoding: await run('OBJECT', 'ENCODING', key) };
    }
  }
  await run('SELECT', '0');
  out.functions = await run('FUNCTION', 'LIST');
  return out;
}

describeIfRedis('RDB files and redis-server 7.0', () => {
  const dirs: string[] = [];
  const tmpDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'rdb-files-'));
    dirs.push(d);
    return d;
  };

  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  async function withRedis<T>(config: Record<string, string>, f: (run: Run) => Promise<T>): Promise<T> {
    const real = await startRedisServer(config);
    const session = await RawSession.open(real.port);
    const run: Run = async (...args) => {
      session.send(args);
      const r = await session.reply(10000);
      if (!r) throw new Error(`no reply to ${args[0]}`);
      return toPlain(r.value);
    };
    try {
      return await f(run);
    } finally {
      session.close();
      await real.stop();
    }
  }

  function ourEngine(): { engine: TestEngine; run: Run } {
    const engine = new TestEngine({ version: VERSION, clock: Date.now, config: { 'enable-debug-command': 'yes' } });
    return { engine, run: (...args) => Promise.resolve(engine.run(...args)) };
  }

  test('our RDB file is loaded by redis-server with every key, TTL, database and function', async () => {
    const { engine, run } = ourEngine();
    for (const cmd of datasetCommands()) await run(...cmd);
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'ours.rdb'), writeRdb(engine.server));
    engine.server.config.set('dir', dir, true);
    engine.server.config.set('dbfilename', 'ours.rdb', true);
    // Encodings compared as they are after a load (strings become embstr or raw by length).
    expect(await run('DEBUG', 'RELOAD', 'NOSAVE')).toBe('OK');
    const expected = await snapshot(run);
    const loaded = await withRedis({ dir, dbfilename: 'ours.rdb' }, async (real) => {
      expect(await real('DBSIZE')).toBe(await run('DBSIZE'));
      return snapshot(real);
    });
    expect(loaded).toEqual(expected);
  });

  test("redis-server's SAVE output is loaded by our engine with every key, TTL, database and function", async () => {
    const dir = tmpDir();
    const expected = await withRedis({ dir, 'dbfilename': 'theirs.rdb', 'enable-debug-command': 'yes' }, async (real) => {
      for (const cmd of datasetCommands()) await real(...cmd);
      // DEBUG RELOAD saves the file and loads it back: encodings as they are after a load.
      expect(await real('DEBUG', 'RELOAD')).toBe('OK');
      return snapshot(real);
    });
    const { engine, run } = ourEngine();
    const result = loadRdb(engine.server, fs.readFileSync(path.join(dir, 'theirs.rdb')));
    expect(result.rdbVersion).toBe(10);
    expect(result.aux.get('redis-ver')).toBe(VERSION);
    expect(await snapshot(run)).toEqual(expected);
  });

  test('SAVE writes dir/dbfilename, and DEBUG RELOAD brings the same dataset back', async () => {
    const dir = tmpDir();
    const { engine, run } = ourEngine();
    engine.server.config.set('dir', dir, true);
    engine.server.config.set('dbfilename', 'engine.rdb', true);
    for (const cmd of datasetCommands()) await run(...cmd);
    expect(await run('SAVE')).toBe('OK');
    expect(await run('INFO', 'persistence')).toMatch(/rdb_changes_since_last_save:0\r\n/);
    expect(fs.existsSync(path.join(dir, 'engine.rdb'))).toBe(true);
    expect(await run('DEBUG', 'RELOAD')).toBe('OK');
    const before = await snapshot(run);
    expect(await run('DEBUG', 'RELOAD')).toBe('OK');
    expect(await snapshot(run)).toEqual(before);
    // NOSAVE loads the file as it is: a key written since then is gone.
    await run('SET', 'fresh', '1');
    expect(await run('DEBUG', 'RELOAD', 'NOSAVE')).toBe('OK');
    expect(await run('EXISTS', 'fresh')).toBe(0n);
    expect(await run('DEBUG', 'RELOAD', 'BOGUS')).toEqual(new Error('ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.'));
  });

  test('BGSAVE writes the snapshot taken when it started', async () => {
    const dir = tmpDir();
    const { engine, run } = ourEngine();
    engine.server.config.set('dir', dir, true);
    await run('SET', 'a', '1');
    expect(await run('BGSAVE')).toBe('Background saving started');
    await run('SET', 'b', '2');
    await eventually(async () => !/rdb_bgsave_in_progress:1/.test(String(await run('INFO', 'persistence'))), 20_000, 'BGSAVE to finish');
    const info = String(await run('INFO', 'persistence'));
    expect(info).toMatch(/rdb_last_bgsave_status:ok/);
    expect(info).toMatch(/rdb_changes_since_last_save:1\r\n/);
    const other = ourEngine();
    loadRdb(other.engine.server, fs.readFileSync(path.join(dir, 'dump.rdb')));
    expect(other.engine.run('KEYS', '*')).toEqual(['a']);
  });

  test('expired keys are dropped on load by a primary and kept by a replica', () => {
    const { engine } = ourEngine();
    engine.run('SET', 'gone', 'x', 'PX', '50');
    engine.run('SET', 'kept', 'y');
    const file = writeRdb(engine.server);
    const later = new TestEngine({ version: VERSION, clock: () => Date.now() + 60_000 });
    expect(loadRdb(later.server, file)).toMatchObject({ keysLoaded: 1, keysExpired: 1 });
    expect(later.run('KEYS', '*')).toEqual(['kept']);
    const replica = new TestEngine({ version: VERSION, clock: () => Date.now() + 60_000 });
    expect(loadRdb(replica.server, file, { keepExpired: true })).toMatchObject({ keysLoaded: 2, keysExpired: 0 });
  });

  test('a corrupt or foreign file is refused and the data stays as it was', () => {
    const { engine } = ourEngine();
    engine.run('SET', 'k', 'v');
    const good = writeRdb(engine.server);
    const target = new TestEngine({ version: VERSION });
    target.run('SET', 'mine', '1');
    const flipped = Buffer.from(good);
    flipped[40] ^= 0xff;
    expect(() => loadRdb(target.server, flipped)).toThrow(RdbLoadError);
    expect(() => loadRdb(target.server, good.subarray(0, good.length - 12))).toThrow(RdbLoadError);
    expect(() => loadRdb(target.server, Buffer.from('NOTREDIS0010'))).toThrow('Wrong signature');
    const future = Buffer.from(good);
    future.write('0012', 5, 'latin1');
    expect(() => loadRdb(target.server, future)).toThrow("Can't handle RDB format version 0012");
    expect(target.run('KEYS', '*')).toEqual(['mine']);
  });
});

/**
 * How a Valkey 8 server names itself, against a real valkey-server (where installed): HELLO's
 * server and version, INFO server's fields in valkey-server's order (values that differ by
 * nature — ports, ids, times, paths — are not compared; the names and versions are), and the
 * fields of CLIENT INFO, with the per-connection counters Valkey 8 added.
 */
import { Session } from './acl-support';
import { RawSession } from './differential/session';
import { infoFieldMap as fields, infoSectionFieldNames } from './support/info-fields';
import { describeIfValkey, REAL_VALKEY_VERSION, useRealValkeyAndOurs } from './support/side-by-side';
import { ValkeyServer } from '../../../src/engines/valkey/server/server';

/** Fields whose values are the same on any two servers of one release. */
const STABLE = ['redis_version', 'server_name', 'valkey_version', 'server_mode', 'arch_bits', 'multiplexing_api', 'process_supervised', 'config_file', 'io_threads_active', 'availability_zone'];

describeIfValkey(`Valkey ${REAL_VALKEY_VERSION}'s name for itself`, () => {
  const servers = useRealValkeyAndOurs();
  const sessions: Session[] = [];
  const open = async (port: number) => {
    const s = await Session.open(port);
    sessions.push(s);
    return s;
  };
  afterAll(() => sessions.forEach((s) => s.close()));

  test('INFO server: the same fields in the same order, the same release', async () => {
    const real = fields(await (await open(servers.real.port)).call('INFO', 'server'));
    const ours = fields(await (await open(servers.oursPort)).call('INFO', 'server'));
    expect([...ours.keys()]).toEqual([...real.keys()]);
    for (const name of STABLE) expect([name, ours.get(name)]).toEqual([name, real.get(name)]);
    expect(real.get('valkey_version')).toBe(REAL_VALKEY_VERSION);
  });

  test('INFO everything: the same fields in every section, in the same order', async () => {
    const commands = [['SET', 'ix:a', '1'], ['SET', 'ix:b', '2', 'EX', '100'], ['GET', 'ix:a'], ['NOSUCH']];
    const run = async (port: number) => {
      const s = await open(port);
      for (const command of commands) await s.call(...command).catch(() => undefined);
      return infoSectionFieldNames(await s.call('INFO', 'everything'));
    };
    expect(await run(servers.oursPort)).toEqual(await run(servers.real.port));
  });

  test('INFO clients: subscribers, watchers and the keys watched, each key once', async () => {
    const clientsInfo = async (port: number) => {
      const subscriber = await open(port);
      await subscriber.call('SUBSCRIBE', 'ic:ch');
      const watchers = [await open(port), await open(port)];
      await watchers[0].call('WATCH', 'ic:a', 'ic:b');
      await watchers[1].call('WATCH', 'ic:b');
      const info = fields(await (await open(port)).call('INFO', 'clients'));
      for (const s of [subscriber, ...watchers]) s.close();
      return ['pubsub_clients', 'watching_clients', 'total_watched_keys'].map((name) => [name, info.get(name)]);
    };
    const real = await clientsInfo(servers.real.port);
    expect(real).toEqual([['pubsub_clients', '1'], ['watching_clients', '2'], ['total_watched_keys', '2']]);
    expect(await clientsInfo(servers.oursPort)).toEqual(real);
  });

  test('HELLO names the server valkey and its release', async () => {
    const real = await (await open(servers.real.port)).call('HELLO', '2') as unknown[];
    const ours = await (await open(servers.oursPort)).call('HELLO', '2') as unknown[];
    expect(ours.slice(0, 4)).toEqual(real.slice(0, 4));
    expect(real.slice(0, 4)).toEqual(['server', 'valkey', 'version', REAL_VALKEY_VERSION]);
  });
});

/** CLIENT INFO's fields by name, in order. */
function clientInfoFields(raw: Buffer): Map<string, string> {
  const text = raw.toString('latin1');
  const line = text.slice(text.indexOf('\r\n') + 2, text.lastIndexOf('\n\r\n'));
  return new Map(line.split(' ').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
}

/** Fields of CLIENT INFO that depend only on what the connection did. */
const CONNECTION_FIELDS = ['name', 'flags', 'db', 'sub', 'multi', 'watch', 'cmd', 'user', 'resp', 'lib-name', 'lib-ver', 'tot-net-in', 'tot-net-out', 'tot-cmds'];

describeIfValkey(`Valkey ${REAL_VALKEY_VERSION}'s CLIENT INFO`, () => {
  const servers = useRealValkeyAndOurs();

  /** Runs the commands one by one (each reply read before the next is sent), then CLIENT INFO. */
  const clientInfoAfter = async (port: number, commands: string[][]) => {
    const session = await RawSession.open(port);
    try {
      for (const command of commands) {
        session.send(command);
        expect(await session.reply(2000)).toBeDefined();
      }
      session.send(['CLIENT', 'INFO']);
      return clientInfoFields((await session.reply(2000))!.raw);
    } finally {
      session.close();
    }
  };

  test.each([
    ['a write', [['SET', 'ci:a', '1']]],
    ['a transaction: MULTI, EXEC and each command EXEC runs count; queuing does not', [['MULTI'], ['SET', 'ci:a', '1'], ['GET', 'ci:a'], ['EXEC']]],
    ['refused commands do not count; a script counts with each command it calls', [['NOSUCH'], ['GET'], ['EVAL', "redis.call('set', 'ci:x', '1') return 1", '0']]],
    ['a function and its commands', [
      ['FUNCTION', 'LOAD', 'REPLACE', "#!lua name=cilib\nredis.register_function('cif', function() redis.call('set', 'ci:y', '1') return redis.call('get', 'ci:y') end)"],
      ['FCALL', 'cif', '0'],
    ]],
    ['watched keys', [['WATCH', 'ci:a', 'ci:b']]],
    ['a blocking pop that times out', [['BLPOP', 'ci:none', '0.05']]],
    ['names and library names: checked up to a NUL byte, shown up to it', [['CLIENT', 'SETNAME', 'a\x00b c'], ['CLIENT', 'SETINFO', 'LIB-NAME', 'lib\x00 x'], ['CLIENT', 'SETINFO', 'LIB-VER', '1.0']]],
    ['RESP3', [['HELLO', '3'], ['SELECT', '2'], ['PING']]],
  ])('%s', async (_title, commands) => {
    const real = await clientInfoAfter(servers.real.port, commands);
    const ours = await clientInfoAfter(servers.oursPort, commands);
    expect([...ours.keys()]).toEqual([...real.keys()]);
    for (const name of CONNECTION_FIELDS) expect([name, ours.get(name)]).toEqual([name, real.get(name)]);
  });
});

test('a Valkey release before 8.0, or not a release, is refused', () => {
  expect(() => new ValkeyServer({ port: 0, valkeyVersion: '7.2.5' })).toThrow('valkeyVersion 7.2.5: a Valkey release from 8.0.0 on is expected');
  expect(() => new ValkeyServer({ port: 0, valkeyVersion: '8.0' })).toThrow('valkeyVersion 8.0: a Valkey release');
  expect(new ValkeyServer({ port: 0, valkeyVersion: '8.1.2' }).serverName).toBe('valkey');
});

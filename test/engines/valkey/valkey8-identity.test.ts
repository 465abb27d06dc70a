/**
 * How a Valkey 8 server names itself, against a real valkey-server (where installed): HELLO's
 * server and version, and INFO server's fields in valkey-server's order (values that differ by
 * nature — ports, ids, times, paths — are not compared; the names and versions are).
 */
import { Session } from './acl-support';
import { infoFieldMap as fields } from './support/info-fields';
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

  test('HELLO names the server valkey and its release', async () => {
    const real = await (await open(servers.real.port)).call('HELLO', '2') as unknown[];
    const ours = await (await open(servers.oursPort)).call('HELLO', '2') as unknown[];
    expect(ours.slice(0, 4)).toEqual(real.slice(0, 4));
    expect(real.slice(0, 4)).toEqual(['server', 'valkey', 'version', REAL_VALKEY_VERSION]);
  });
});

test('a Valkey release before 8.0, or not a release, is refused', () => {
  expect(() => new ValkeyServer({ port: 0, valkeyVersion: '7.2.5' })).toThrow('valkeyVersion 7.2.5: a Valkey release from 8.0.0 on is expected');
  expect(() => new ValkeyServer({ port: 0, valkeyVersion: '8.0' })).toThrow('valkeyVersion 8.0: a Valkey release');
  expect(new ValkeyServer({ port: 0, valkeyVersion: '8.1.2' }).serverName).toBe('valkey');
});

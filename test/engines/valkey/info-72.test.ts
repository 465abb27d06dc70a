/**
 * INFO fields Redis/Valkey 7.2 has and 7.0 has not (the differential suite compares with 7.0):
 * the event-loop figures, the buffer-limit disconnection counters, blocking-key counts and the
 * listener line.
 */
import { Session, startEngine } from './acl-support';
import { infoFieldMap as fields } from './support/info-fields';
import type { ValkeyServer } from '../../../src/engines/valkey/server/server';

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('INFO on a 7.2 server', () => {
  let server: ValkeyServer;
  let port: number;
  let s: Session;
  beforeAll(async () => {
    ({ server, port } = await startEngine({ version: '7.2.4' }));
    s = await Session.open(port);
  });
  afterAll(async () => {
    s.close();
    await server.stop();
  });

  test('stats: the 7.2 fields in 7.2 order', async () => {
    const names = [...fields(await s.call('INFO', 'stats')).keys()];
    const from = names.indexOf('io_threaded_writes_processed');
    expect(names.slice(from + 1)).toEqual([
      'client_query_buffer_limit_disconnections', 'client_output_buffer_limit_disconnections',
      'reply_buffer_shrinks', 'reply_buffer_expands',
      'eventloop_cycles', 'eventloop_duration_sum', 'eventloop_duration_cmd_sum',
      'instantaneous_eventloop_cycles_per_sec', 'instantaneous_eventloop_duration_usec',
      'acl_access_denied_auth', 'acl_access_denied_cmd', 'acl_access_denied_key', 'acl_access_denied_channel',
    ]);
  });

  test('event-loop figures grow with commands and cron ticks', async () => {
    const before = fields(await s.call('INFO', 'stats'));
    for (let i = 0; i < 50; i++) await s.call('SET', `k${i}`, 'v');
    const after = fields(await s.call('INFO', 'stats'));
    const n = (m: Map<string, string>, k: string) => Number(m.get(k));
    expect(n(after, 'eventloop_cycles') - n(before, 'eventloop_cycles')).toBeGreaterThanOrEqual(50);
    expect(n(after, 'eventloop_duration_cmd_sum')).toBeGreaterThan(n(before, 'eventloop_duration_cmd_sum'));
    expect(n(after, 'eventloop_duration_sum')).toBeGreaterThanOrEqual(n(after, 'eventloop_duration_cmd_sum'));
    // Cron ticks (hz 10) keep an idle server cycling; the per-second rate is sampled every 100 ms.
    await until(async () => Number(fields(await s.call('INFO', 'stats')).get('instantaneous_eventloop_cycles_per_sec')) > 0,
      'instantaneous_eventloop_cycles_per_sec');
  });

  test('clients: blocking keys, and those that also wake on deletion', async () => {
    const blpop = await Session.open(port);
    const reader = await Session.open(port);
    await s.call('XGROUP', 'CREATE', 'stream', 'g', '$', 'MKSTREAM');
    blpop.send('BLPOP', 'list', '0');
    reader.send('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 'stream', '>');
    await until(async () => fields(await s.call('INFO', 'clients')).get('blocked_clients') === '2', 'two blocked clients');
    const clients = fields(await s.call('INFO', 'clients'));
    expect(clients.get('total_blocking_keys')).toBe('2');
    expect(clients.get('total_blocking_keys_on_nokey')).toBe('1');
    blpop.close();
    reader.close();
  });

  test('server: the listener line', async () => {
    expect(fields(await s.call('INFO', 'server')).get('listener0')).toBe(`name=tcp,bind=127.0.0.1,port=${port}`);
  });
});

test('sections come in redis order, whatever order they are asked in', async () => {
  const { server, port } = await startEngine({ version: '7.0.15' });
  const s = await Session.open(port);
  const headers = (info: unknown) => String(info).split('\r\n').filter((l) => l.startsWith('# '));
  expect(headers(await s.call('INFO', 'everything'))).toEqual(['# Server', '# Clients', '# Memory', '# Persistence', '# Stats', '# Replication',
    '# CPU', '# Modules', '# Commandstats', '# Errorstats', '# Latencystats', '# Cluster', '# Keyspace']);
  expect(headers(await s.call('INFO', 'keyspace', 'commandstats', 'server'))).toEqual(['# Server', '# Commandstats', '# Keyspace']);
  s.close();
  await server.stop();
});

test('a 7.0 server has none of them', async () => {
  const { server, port } = await startEngine({ version: '7.0.15' });
  const s = await Session.open(port);
  const all = fields(await s.call('INFO', 'everything'));
  for (const name of ['eventloop_cycles', 'instantaneous_eventloop_duration_usec', 'client_query_buffer_limit_disconnections',
    'total_blocking_keys', 'total_blocking_keys_on_nokey', 'listener0']) {
    expect(all.has(name)).toBe(false);
  }
  s.close();
  await server.stop();
});

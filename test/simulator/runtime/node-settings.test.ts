import { ValkeyServer } from '../../../src/engines/valkey';
import type { ValkeyEngineConfig } from '../../../src/simulator/model';
import { restrictCommands } from '../../../src/simulator/runtime/valkey/restricted';
import { applyParameters, emulatedVersion, immutableConfig, parseRenames } from '../../../src/simulator/runtime/valkey/settings';

const config = (parameters: Record<string, string>, extra: Partial<ValkeyEngineConfig> = {}): ValkeyEngineConfig => ({
  engine: 'valkey', engineVersion: '7.2', port: 6379, clusterEnabled: false, maxmemoryBytes: 1_000_000, parameters, ...extra,
});

describe('engine settings of a cache node', () => {
  test('parameters with an engine setting apply; ElastiCache-only ones are reported with the reason', () => {
    const server = new ValkeyServer({ port: 0, config: immutableConfig(config({ databases: '4' })) });
    const report = applyParameters(server, config({
      'timeout': '20',
      'maxmemory-policy': 'allkeys-lfu',
      'notify-keyspace-events': 'Ex',
      'client-output-buffer-limit-pubsub-hard-limit': '1000000',
      'client-output-buffer-limit-pubsub-soft-limit': '500000',
      'client-output-buffer-limit-pubsub-soft-seconds': '30',
      'activerehashing': 'no',
      'replica-allow-chaining': 'no',
      'reserved-memory-percent': '25',
      'rename-commands': 'flushall wipe keys listkeys',
      'databases': '4',
    }));
    expect(server.config.num('timeout')).toBe(20);
    expect(server.config.str('maxmemory-policy')).toBe('allkeys-lfu');
    expect(server.config.get('notify-keyspace-events')).toBe('xE');
    expect(server.config.num('maxmemory')).toBe(1_000_000);
    expect(server.config.num('databases')).toBe(4);
    expect(server.config.get('client-output-buffer-limit')).toBe('normal 0 0 0 slave 268435456 67108864 60 pubsub 1000000 500000 30');
    expect(server.config.get('activerehashing')).toBe('no');
    expect(report.notApplied).toEqual([{ name: 'replica-allow-chaining', value: 'no', reason: 'the engine has no such setting' }]);
    expect(server.commands.get('flushall')).toBeUndefined();
    expect(server.commands.get('wipe')?.fullName).toBe('flushall');
    expect(server.commands.get('listkeys')?.fullName).toBe('keys');
  });

  test('invalid values are reported, not applied', () => {
    const server = new ValkeyServer({ port: 0 });
    const report = applyParameters(server, config({ 'maxmemory-policy': 'sometimes' }));
    expect(report.notApplied).toEqual([{ name: 'maxmemory-policy', value: 'sometimes', reason: expect.stringContaining('maxmemory-policy') }]);
    expect(server.config.str('maxmemory-policy')).toBe('noeviction');
  });

  test('restricted commands disappear from the command table; ACL user changes too', () => {
    const server = new ValkeyServer({ port: 0 });
    restrictCommands(server);
    for (const name of ['config', 'bgsave', 'save', 'shutdown', 'replicaof', 'slaveof', 'debug', 'bgrewriteaof']) expect(server.commands.get(name)).toBeUndefined();
    expect(server.commands.get('acl')?.subcommands?.has('setuser')).toBe(false);
    expect(server.commands.get('acl')?.subcommands?.has('whoami')).toBe(true);
    const out = server.runCommand(server.createInternalClient(), ['CONFIG', 'SET', 'timeout', '0']).toString();
    expect(out).toBe("-ERR unknown command 'CONFIG', with args beginning with: 'SET' 'timeout' '0' \r\n");
  });

  test('versions: Valkey reports 7.2.4 as Valkey does; Redis OSS versions get their full number', () => {
    expect(emulatedVersion(config({}))).toEqual({ version: '7.2.4', serverName: 'valkey' });
    expect(emulatedVersion(config({}, { engine: 'redis', engineVersion: '7.1' }))).toEqual({ version: '7.1.0', serverName: 'redis' });
    expect(emulatedVersion(config({}, { engine: 'redis', engineVersion: '6.2' })).version).toBe('6.2.6');
    expect(emulatedVersion(config({}, { engine: 'redis', engineVersion: '5.0.6' })).version).toBe('5.0.6');
    expect(parseRenames(' FLUSHALL  wipe config ')).toEqual({ flushall: 'wipe' });
  });
});

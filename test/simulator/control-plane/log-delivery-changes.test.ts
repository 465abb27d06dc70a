/**
 * LogDeliveryConfigurations on ModifyReplicationGroup and ModifyCacheCluster through the real SDK:
 * enabling, changing and disabling slow-log and engine-log delivery with the statuses the service
 * shows meanwhile (`enabling`, `modifying`, `disabling`, then `active` or gone), and the documented
 * refusals.
 */
import {
  CreateCacheClusterCommand, CreateReplicationGroupCommand, DescribeCacheClustersCommand, DescribeEventsCommand, DescribeReplicationGroupsCommand,
  ElastiCacheClient, LogDeliveryConfigurationRequest, ModifyCacheClusterCommand, ModifyReplicationGroupCommand, waitUntilCacheClusterAvailable,
  waitUntilReplicationGroupAvailable,
} from '@aws-sdk/client-elasticache';
import { failure, FAST_WAIT, sdkClient, startSimulator } from './support';
import type { Simulator } from '../../../src';

let sim: Simulator;
let client: ElastiCacheClient;
beforeAll(async () => {
  sim = await startSimulator();
  client = sdkClient(sim);
  await client.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: 'logs-rg', ReplicationGroupDescription: 'logs', Engine: 'valkey', CacheNodeType: 'cache.t3.small', NumCacheClusters: 1,
  }));
  await client.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: 'old-redis-rg', ReplicationGroupDescription: 'old', Engine: 'redis', EngineVersion: '6.0', CacheNodeType: 'cache.t3.small', NumCacheClusters: 1,
  }));
  await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'logs-single', Engine: 'valkey', CacheNodeType: 'cache.t3.small', NumCacheNodes: 1 }));
  await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'logs-mc', Engine: 'memcached', CacheNodeType: 'cache.t3.small', NumCacheNodes: 1 }));
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'logs-rg' });
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'old-redis-rg' });
  await waitUntilCacheClusterAvailable({ client, ...FAST_WAIT }, { CacheClusterId: 'logs-single' });
  await waitUntilCacheClusterAvailable({ client, ...FAST_WAIT }, { CacheClusterId: 'logs-mc' });
});
afterAll(async () => {
  await sim?.stop();
});

const SLOW_TO_CLOUDWATCH: LogDeliveryConfigurationRequest = {
  LogType: 'slow-log',
  DestinationType: 'cloudwatch-logs',
  DestinationDetails: { CloudWatchLogsDetails: { LogGroup: 'slow-logs' } },
  LogFormat: 'json',
};
const ENGINE_TO_FIREHOSE: LogDeliveryConfigurationRequest = {
  LogType: 'engine-log',
  DestinationType: 'kinesis-firehose',
  DestinationDetails: { KinesisFirehoseDetails: { DeliveryStream: 'engine-stream' } },
  LogFormat: 'text',
};

async function groupLogs(id: string) {
  const { ReplicationGroups } = await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }));
  return ReplicationGroups![0].LogDeliveryConfigurations!.map((c) => ({
    type: c.LogType,
    destination: c.DestinationDetails?.CloudWatchLogsDetails?.LogGroup ?? c.DestinationDetails?.KinesisFirehoseDetails?.DeliveryStream,
    format: c.LogFormat,
    status: c.Status,
  }));
}

async function modifyGroup(configurations: LogDeliveryConfigurationRequest[], id = 'logs-rg') {
  const { ReplicationGroup } = await client.send(new ModifyReplicationGroupCommand({
    ReplicationGroupId: id, LogDeliveryConfigurations: configurations, ApplyImmediately: true,
  }));
  return ReplicationGroup!;
}

test('a replication group enables, changes and disables log delivery with the statuses in between', async () => {
  expect(await groupLogs('logs-rg')).toEqual([]);
  const enabling = await modifyGroup([SLOW_TO_CLOUDWATCH, ENGINE_TO_FIREHOSE]);
  expect(enabling.Status).toBe('modifying');
  expect(enabling.LogDeliveryConfigurations!.map((c) => [c.LogType, c.Status])).toEqual([['slow-log', 'enabling'], ['engine-log', 'enabling']]);
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'logs-rg' });
  expect(await groupLogs('logs-rg')).toEqual([
    { type: 'slow-log', destination: 'slow-logs', format: 'json', status: 'active' },
    { type: 'engine-log', destination: 'engine-stream', format: 'text', status: 'active' },
  ]);

  const changing = await modifyGroup([{ ...SLOW_TO_CLOUDWATCH, LogFormat: 'text', DestinationDetails: { CloudWatchLogsDetails: { LogGroup: 'other-group' } } }]);
  expect(changing.LogDeliveryConfigurations!.map((c) => [c.LogType, c.Status])).toEqual([['engine-log', 'active'], ['slow-log', 'modifying']]);
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'logs-rg' });
  expect(await groupLogs('logs-rg')).toEqual([
    { type: 'engine-log', destination: 'engine-stream', format: 'text', status: 'active' },
    { type: 'slow-log', destination: 'other-group', format: 'text', status: 'active' },
  ]);

  const disabling = await modifyGroup([{ LogType: 'engine-log', Enabled: false }]);
  expect(disabling.LogDeliveryConfigurations!.map((c) => [c.LogType, c.Status])).toEqual([['engine-log', 'disabling'], ['slow-log', 'active']]);
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'logs-rg' });
  expect((await groupLogs('logs-rg')).map((c) => c.type)).toEqual(['slow-log']);

  const { Events } = await client.send(new DescribeEventsCommand({ SourceIdentifier: 'logs-rg', SourceType: 'replication-group' }));
  const messages = Events!.map((e) => e.Message);
  expect(messages).toEqual(expect.arrayContaining([
    'Log delivery of slow-log enabled', 'Log delivery of engine-log enabled', 'Log delivery of slow-log modified', 'Log delivery of engine-log disabled',
  ]));
});

test('the documented refusals', async () => {
  const cases: [LogDeliveryConfigurationRequest[], string, string, RegExp][] = [
    [[SLOW_TO_CLOUDWATCH, { ...SLOW_TO_CLOUDWATCH, LogFormat: 'text' }], 'logs-rg', 'InvalidParameterValueException', /one entry per LogType/],
    [[{ ...SLOW_TO_CLOUDWATCH, LogType: 'audit-log' }], 'logs-rg', 'InvalidParameterValueException', /Invalid LogType 'audit-log'/],
    [[{ ...SLOW_TO_CLOUDWATCH, DestinationType: 's3' as 'cloudwatch-logs' }], 'logs-rg', 'InvalidParameterValueException', /Invalid DestinationType 's3'/],
    [[{ ...SLOW_TO_CLOUDWATCH, LogFormat: 'xml' as 'json' }], 'logs-rg', 'InvalidParameterValueException', /Invalid LogFormat 'xml'/],
    [[{ ...SLOW_TO_CLOUDWATCH, DestinationDetails: {} }], 'logs-rg', 'InvalidParameterValueException', /CloudWatchLogsDetails.LogGroup/],
    [[{ LogType: 'engine-log', Enabled: false }], 'logs-rg', 'InvalidParameterCombinationException', /not enabled/],
    [[ENGINE_TO_FIREHOSE], 'old-redis-rg', 'InvalidParameterCombinationException', /engine-log delivery is not supported for redis 6.0/],
  ];
  for (const [configurations, id, code, message] of cases) {
    const error = await failure(modifyGroup(configurations, id));
    expect([configurations, error.name]).toEqual([configurations, code]);
    expect(error.message).toMatch(message);
  }
  // Slow-log delivery works on Redis OSS 6.0.
  await modifyGroup([SLOW_TO_CLOUDWATCH], 'old-redis-rg');
  await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'old-redis-rg' });
  expect((await groupLogs('old-redis-rg')).map((c) => [c.type, c.status])).toEqual([['slow-log', 'active']]);
});

test('ModifyCacheCluster changes the log delivery of a Valkey cluster; Memcached has none', async () => {
  const { CacheCluster } = await client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'logs-single', LogDeliveryConfigurations: [SLOW_TO_CLOUDWATCH], ApplyImmediately: true }));
  expect(CacheCluster!.CacheClusterStatus).toBe('modifying');
  expect(CacheCluster!.LogDeliveryConfigurations!.map((c) => [c.LogType, c.Status])).toEqual([['slow-log', 'enabling']]);
  await waitUntilCacheClusterAvailable({ client, ...FAST_WAIT }, { CacheClusterId: 'logs-single' });
  const { CacheClusters } = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'logs-single' }));
  expect(CacheClusters![0].LogDeliveryConfigurations!.map((c) => [c.LogType, c.LogFormat, c.Status])).toEqual([['slow-log', 'json', 'active']]);

  const memcached = await failure(client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'logs-mc', LogDeliveryConfigurations: [SLOW_TO_CLOUDWATCH] })));
  expect(memcached.name).toBe('InvalidParameterCombinationException');
  expect(memcached.message).toMatch(/not supported for Memcached/);
});

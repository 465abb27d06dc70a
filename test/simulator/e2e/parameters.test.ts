import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import Redis from 'ioredis';
import { closeClients, eventually, infoFields, parameterGroup, rawExchange, resp, stackWith } from './support';
import { SimulatorFixture } from '../../../src';

const stack = stackWith((s) => {
  const group = (id: string, params: Record<string, string>, props: Partial<elasticache.CfnReplicationGroupProps> = {}) => {
    const pg = parameterGroup(s, `${id}Params`, 'valkey7', params);
    new elasticache.CfnReplicationGroup(s, id, {
      replicationGroupDescription: id,
      replicationGroupId: id.toLowerCase(),
      engine: 'valkey',
      engineVersion: '7.2',
      cacheNodeType: 'cache.t4g.micro',
      numCacheClusters: 1,
      transitEncryptionEnabled: false,
      cacheParameterGroupName: pg.ref,
      ...props,
    });
  };
  // 99% reserved leaves about 5 MB of a cache.t4g.micro node for data.
  group('Lru', { 'maxmemory-policy': 'allkeys-lru', 'reserved-memory-percent': '99' });
  group('Strict', { 'maxmemory-policy': 'noeviction', 'reserved-memory-percent': '99' });
  group('Events', { 'notify-keyspace-events': 'E$', 'rename-commands': 'flushall wipeall' });
  new elasticache.CfnCacheCluster(s, 'Legacy', {
    clusterName: 'legacy', engine: 'redis', engineVersion: '7.1', cacheNodeType: 'cache.t4g.micro', numCacheNodes: 1,
  });
});

describe('parameter groups and node types take effect on the nodes', () => {
  const fixture = SimulatorFixture.forStack(stack, { seed: 'e2e-params' });
  const sim = () => fixture.simulator;
  const clients: Redis[] = [];
  const client = (cache: string) => {
    const c = new Redis({ port: sim().endpoint(cache).port, disconnectTimeout: 50, maxRetriesPerRequest: 0 });
    clients.push(c);
    return c;
  };
  afterAll(() => closeClients(clients));

  test('maxmemory is the node type memory minus reserved memory', async () => {
    const described = sim().describe().caches as { id: string; engineConfig: { maxmemoryBytes: number; maxmemoryPolicy: string } }[];
    const lru = described.find((c) => c.id === 'lru')!;
    expect(lru.engineConfig.maxmemoryBytes).toBeLessThan(8 * 1024 * 1024);
    const memory = infoFields(await client('lru').info('memory'));
    expect(memory).toMatchObject({ maxmemory: String(lru.engineConfig.maxmemoryBytes), maxmemory_policy: 'allkeys-lru' });
    expect(infoFields(await client('events').info('memory')).maxmemory_policy).toBe('volatile-lru');
  });

  test('allkeys-lru evicts to make room; noeviction refuses writes with OOM', async () => {
    const value = 'x'.repeat(4096);
    const lru = client('lru');
    for (let i = 0; i < 3000; i++) await lru.set(`fill:${i}`, value);
    const stats = infoFields(await lru.info('stats'));
    expect(Number(stats.evicted_keys)).toBeGreaterThan(0);
    expect(await lru.dbsize()).toBeLessThan(3000);
    const strict = client('strict');
    await expect((async () => {
      for (let i = 0; i < 3000; i++) await strict.set(`fill:${i}`, value);
    })()).rejects.toThrow("OOM command not allowed when used memory > 'maxmemory'.");
    expect(Number(infoFields(await strict.info('stats')).evicted_keys)).toBe(0);
  });

  test('notify-keyspace-events publishes key events; rename-commands renames commands', async () => {
    const subscriber = client('events');
    const events: string[] = [];
    subscriber.on('message', (channel, message) => events.push(`${channel} ${message}`));
    await subscriber.subscribe('__keyevent@0__:set');
    await client('events').set('watched', '1');
    await eventually(() => events.length > 0, 2000, 'keyspace event');
    expect(events).toEqual(['__keyevent@0__:set watched']);
    const { reply } = await rawExchange(sim().endpoint('events').port, resp('FLUSHALL') + resp('WIPEALL'));
    expect(reply).toBe("-ERR unknown command 'FLUSHALL', with args beginning with: \r\n+OK\r\n");
  });

  test('a single-node Redis OSS cache cluster runs the version it asks for', async () => {
    const legacy = client('legacy');
    expect(sim().endpoint('legacy').hostname).toMatch(/^legacy\.[a-z0-9]{6}\.0001\.use1\.cache\.amazonaws\.com$/);
    expect(infoFields(await legacy.info('server')).redis_version).toBe('7.1.0');
    expect(await legacy.role()).toEqual(['master', 0, []]);
    await expect(sim().failover('legacy')).rejects.toThrow(/single node/);
  });
});

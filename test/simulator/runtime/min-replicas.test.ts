/**
 * min-replicas-to-write from a parameter group: a simulated primary refuses writes with redis'
 * NOREPLICAS error while fewer replicas than that are connected and within min-replicas-max-lag,
 * and reports its good replicas in INFO replication with the field a real redis-server primary
 * configured the same way shows.
 */
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import Redis from 'ioredis';
import { Simulator } from '../../../src';
import { hasBinary, RealServer, startRedisServer } from '../../support/real-servers';
import { eventually, stackWith } from '../e2e/support';

const run = hasBinary('redis-server') ? describe : describe.skip;

/** The INFO replication line of a field, or undefined. */
function field(info: string, name: string): string | undefined {
  return info.split('\r\n').find((l) => l.startsWith(`${name}:`));
}

run('min-replicas-to-write of a parameter group', () => {
  let real: RealServer;
  let sim: Simulator;
  const clients: Redis[] = [];
  const client = (port: number) => {
    const c = new Redis({ port, protocol: 2, disconnectTimeout: 50, maxRetriesPerRequest: 0, retryStrategy: () => null });
    clients.push(c);
    return c;
  };
  const primary = () => client(sim.nodeEndpoint('guarded', 'guarded-001').port);

  beforeAll(async () => {
    real = await startRedisServer();
    await client(real.port).config('SET', 'min-replicas-to-write', '1');
    sim = await Simulator.fromStack(stackWith((s) => {
      const params = new elasticache.CfnParameterGroup(s, 'Params', {
        cacheParameterGroupFamily: 'redis7',
        description: 'writes need a replica',
        properties: { 'min-replicas-to-write': '1', 'min-replicas-max-lag': '10' },
      });
      new elasticache.CfnReplicationGroup(s, 'Guarded', {
        replicationGroupDescription: 'guarded',
        replicationGroupId: 'guarded',
        engine: 'redis',
        engineVersion: '7.0',
        cacheNodeType: 'cache.t4g.micro',
        numCacheClusters: 2,
        automaticFailoverEnabled: true,
        cacheParameterGroupName: params.ref,
        transitEncryptionEnabled: false,
      });
    }));
  }, 60_000);

  afterAll(async () => {
    clients.forEach((c) => c.disconnect());
    await sim?.stop();
    await real?.stop();
  });

  test('a primary without its replica refuses writes as redis-server does, and accepts them again once it is back', async () => {
    expect(await primary().set('k', 'v')).toBe('OK');
    const realError = await client(real.port).set('k', 'v').catch((e: Error) => e.message);
    expect(realError).toBe('NOREPLICAS Not enough good replicas to write.');

    await sim.stopNode('guarded', 'guarded-002');
    await expect(primary().set('k', 'w')).rejects.toThrow(realError);
    await expect(primary().eval("return redis.call('SET', 'k', 'w')", 0)).rejects.toThrow(/^NOREPLICAS Not enough good replicas to write/);
    expect(await primary().get('k')).toBe('v');

    await sim.startNode('guarded', 'guarded-002');
    await eventually(async () => (await primary().set('k', 'w').catch(() => 'refused')) === 'OK', 10_000, 'the primary to accept writes with its replica back');
  });

  test('INFO replication shows the good replicas with the field redis-server shows', async () => {
    expect(field(await client(real.port).info('replication'), 'min_slaves_good_slaves')).toBe('min_slaves_good_slaves:0');
    expect(field(await primary().info('replication'), 'min_slaves_good_slaves')).toBe('min_slaves_good_slaves:1');
    // A replica has no replicas of its own: 0 good ones, and its writes are refused as READONLY anyway.
    expect(field(await client(sim.nodeEndpoint('guarded', 'guarded-002').port).info('replication'), 'min_slaves_good_slaves')).toBe('min_slaves_good_slaves:0');
  });
});

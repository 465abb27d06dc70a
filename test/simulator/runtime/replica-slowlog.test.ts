/**
 * A replica's slow log names the client that ran each command: for the commands of the
 * replication stream, the primary's address, as on a real redis-server replica (replicaof).
 */
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import Redis from 'ioredis';
import { Simulator } from '../../../src';
import { hasBinary, RealServer, startRedisServer } from '../../support/real-servers';
import { eventually, parameterGroup, stackWith } from '../e2e/support';

const run = hasBinary('redis-server') ? describe : describe.skip;

/** The client address of the slow log entry for `SET <key> …`. */
async function slowlogAddrOf(replica: Redis, key: string): Promise<string | undefined> {
  const entries = await replica.slowlog('GET', 100) as unknown[][];
  const entry = entries.find((e) => Array.isArray(e[3]) && String(e[3][0]).toUpperCase() === 'SET' && e[3][1] === key);
  return entry ? String(entry[4]) : undefined;
}

run('replicated commands in a replica\'s slow log', () => {
  let primary: RealServer;
  let replica: RealServer;
  let sim: Simulator;
  const clients: Redis[] = [];
  const client = (port: number) => {
    const c = new Redis({ port, protocol: 2, disconnectTimeout: 50 });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    primary = await startRedisServer();
    replica = await startRedisServer({ 'replicaof': `127.0.0.1 ${primary.port}`, 'slowlog-log-slower-than': '0' });
    sim = await Simulator.fromStack(stackWith((s) => {
      const params = parameterGroup(s, 'Params', 'redis7', { 'slowlog-log-slower-than': '0' });
      new elasticache.CfnReplicationGroup(s, 'Pair', {
        replicationGroupDescription: 'pair',
        replicationGroupId: 'pair',
        engine: 'redis',
        engineVersion: '7.0',
        cacheNodeType: 'cache.t4g.micro',
        numCacheClusters: 2,
        automaticFailoverEnabled: true,
        transitEncryptionEnabled: false,
        cacheParameterGroupName: params.ref,
      });
    }));
  }, 60_000);

  afterAll(async () => {
    clients.forEach((c) => c.disconnect());
    await sim?.stop();
    await primary?.stop();
    await replica?.stop();
  });

  test('name the primary\'s address', async () => {
    // Once the real replica has synced (a full sync sends the data, not the commands).
    await client(primary.port).set('synced', 'v');
    await eventually(async () => (await client(replica.port).get('synced')) === 'v', 20_000, 'the real replica to sync');
    await client(primary.port).set('slow-key', 'v');
    const real = await eventually(async () => slowlogAddrOf(client(replica.port), 'slow-key'), 10_000, 'the real replica to log the SET');
    expect(real).toBe(`127.0.0.1:${primary.port}`);

    const primaryPort = sim.nodeEndpoint('pair', 'pair-001').port;
    await client(primaryPort).set('slow-key', 'v');
    const ours = await eventually(async () => slowlogAddrOf(client(sim.nodeEndpoint('pair', 'pair-002').port), 'slow-key'), 10_000, 'the simulated replica to log the SET');
    expect(ours).toBe(`127.0.0.1:${primaryPort}`);
  }, 40_000);
});

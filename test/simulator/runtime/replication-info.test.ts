/**
 * INFO replication and ROLE of a simulated primary and replica against a real redis-server pair
 * (replicaof): same fields in the same order, same reply shapes; values that differ by nature
 * (ports, offsets, replication ids, timings) are replaced by their kind.
 */
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import Redis from 'ioredis';
import { Simulator } from '../../../src';
import { hasBinary, RealServer, startRedisServer } from '../../support/real-servers';
import { eventually, infoFields, stackWith } from '../e2e/support';

const run = hasBinary('redis-server') ? describe : describe.skip;

/** Field names in order, each value replaced by its shape. */
function shape(info: string): string[] {
  return info.split('\r\n').filter((l) => l.includes(':')).map((line) => {
    const [name, value] = [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)];
    const kind = /^-?\d+$/.test(value) ? '<int>' : /^[0-9a-f]{40}$/.test(value) ? '<id>' : value.replace(/\d+/g, '<n>');
    return `${name}:${kind}`;
  });
}

function roleShape(role: unknown): unknown {
  if (Array.isArray(role)) return role.map(roleShape);
  if (typeof role === 'number') return '<int>';
  if (typeof role === 'string' && /^\d+$/.test(role)) return '<int-text>';
  return role;
}

run('INFO replication and ROLE against a real primary and replica', () => {
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
    replica = await startRedisServer({ replicaof: `127.0.0.1 ${primary.port}` });
    sim = await Simulator.fromStack(stackWith((s) => {
      new elasticache.CfnReplicationGroup(s, 'Pair', {
        replicationGroupDescription: 'pair',
        replicationGroupId: 'pair',
        engine: 'redis',
        engineVersion: '7.0',
        cacheNodeType: 'cache.t4g.micro',
        numCacheClusters: 2,
        automaticFailoverEnabled: true,
        transitEncryptionEnabled: false,
      });
    }));
    await client(primary.port).set('k', 'v');
    await eventually(async () => (await client(replica.port).get('k')) === 'v', 10_000, 'the real replica to sync');
    // The primary lists its replica as wait_bgsave until the full sync has been acknowledged.
    await eventually(async () => (await client(primary.port).info('replication')).includes('state=online'), 10_000, 'the real primary to see its replica online');
    await client(sim.endpoint('pair').port).set('k', 'v');
    await eventually(async () => (await client(sim.nodeEndpoint('pair', 'pair-002').port).get('k')) === 'v', 10_000, 'the simulated replica to sync');
  }, 60_000);

  afterAll(async () => {
    clients.forEach((c) => c.disconnect());
    await sim?.stop();
    await primary?.stop();
    await replica?.stop();
  });

  test('the primary reports its replica with the same fields', async () => {
    const real = shape(await client(primary.port).info('replication'));
    const ours = shape(await client(sim.nodeEndpoint('pair', 'pair-001').port).info('replication'));
    expect(ours).toEqual(real);
    expect(roleShape(await client(sim.nodeEndpoint('pair', 'pair-001').port).role())).toEqual(roleShape(await client(primary.port).role()));
  });

  test('the replica reports its primary and link with the same fields', async () => {
    const real = shape(await client(replica.port).info('replication'));
    const ours = shape(await client(sim.nodeEndpoint('pair', 'pair-002').port).info('replication'));
    expect(ours).toEqual(real);
    const ourRole = await client(sim.nodeEndpoint('pair', 'pair-002').port).role();
    expect(roleShape(ourRole)).toEqual(roleShape(await client(replica.port).role()));
    expect(infoFields(await client(sim.nodeEndpoint('pair', 'pair-002').port).info('replication')).master_link_status).toBe('up');
  });
});

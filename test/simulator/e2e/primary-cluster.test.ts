/**
 * A replication group built around an existing cache cluster (`PrimaryClusterId`): the cluster's
 * node runs as the group's primary and replicates to the group's new replicas.
 */
import { CreateReplicationGroupCommand } from '@aws-sdk/client-elasticache';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import Redis from 'ioredis';
import { closeClients, eventually, redisClient, stackWith } from './support';
import { SimulatedEndpointType, SimulatorFixture } from '../../../src';
import { failure, sdkClient } from '../control-plane/support';

const stack = stackWith((s) => {
  const seed = new elasticache.CfnCacheCluster(s, 'Seed', {
    clusterName: 'seed', engine: 'valkey', engineVersion: '7.2', cacheNodeType: 'cache.t4g.small', numCacheNodes: 1, port: 6390,
  });
  new elasticache.CfnReplicationGroup(s, 'Grown', {
    replicationGroupDescription: 'grown from seed', replicationGroupId: 'grown', primaryClusterId: seed.ref, numCacheClusters: 3,
  });
});

describe('PrimaryClusterId', () => {
  const fixture = SimulatorFixture.forStack(stack, { seed: 'e2e-primary-cluster' });
  const sim = () => fixture.simulator;
  const clients: Redis[] = [];
  afterAll(() => closeClients(clients));

  test('the cluster runs as the group\'s primary, on its port, and replicates to the new replicas', async () => {
    expect(sim().cacheIds).toEqual(['grown']);
    const primary = sim().endpoint('grown', SimulatedEndpointType.PRIMARY);
    expect(primary.servicePort).toBe(6390);
    const seedNode = redisClient(sim(), sim().nodeEndpoint('grown', 'seed'));
    clients.push(seedNode);
    expect((await seedNode.call('ROLE') as unknown[])[0]).toBe('master');
    const writer = redisClient(sim(), primary);
    clients.push(writer);
    await writer.set('k', 'v');
    expect(await seedNode.get('k')).toBe('v');
    for (const id of ['grown-002', 'grown-003']) {
      const replica = redisClient(sim(), sim().nodeEndpoint('grown', id));
      clients.push(replica);
      await eventually(async () => (await replica.get('k')) === 'v', 5000, `replication to ${id}`);
    }
    const described = sim().describe().caches as { id: string }[];
    expect(described.map((c) => c.id)).toEqual(['grown']);
  });

  test('through the ElastiCache API a cluster that is already a group member cannot seed another group: refused, not half done', async () => {
    const client = sdkClient(sim());
    const refused = await failure(client.send(new CreateReplicationGroupCommand({
      ReplicationGroupId: 'api-grown', ReplicationGroupDescription: 'api', PrimaryClusterId: 'seed',
    })));
    expect(refused).toMatchObject({ name: 'InvalidParameterCombinationException', message: 'Cache cluster seed is already a member of replication group grown.' });
    expect(sim().cacheIds).toEqual(['grown']);
  });
});

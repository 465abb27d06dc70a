/**
 * Global Datastore links after failovers: the secondary group keeps replicating from whichever
 * node is the primary group's primary, and its own new primary is linked after it fails over.
 */
import Redis from 'ioredis';
import type { Simulator } from '../../../src';
import { SimulatedEndpointType } from '../../../src';
import { eventually } from '../../support/eventually';
import { startSimulator } from '../control-plane/support';

const GROUP = { Engine: 'valkey', CacheNodeType: 'cache.r7g.large', NumCacheClusters: 2, AutomaticFailoverEnabled: true };

let sim: Simulator;
const clients: Redis[] = [];
beforeAll(async () => {
  sim = await startSimulator({
    First: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ...GROUP, ReplicationGroupId: 'first-rg', ReplicationGroupDescription: 'first' } },
    Gd: {
      Type: 'AWS::ElastiCache::GlobalReplicationGroup',
      DependsOn: 'First',
      Properties: { GlobalReplicationGroupIdSuffix: 'relink', Members: [{ ReplicationGroupId: 'first-rg', Role: 'PRIMARY' }] },
    },
    Second: {
      Type: 'AWS::ElastiCache::ReplicationGroup',
      DependsOn: 'Gd',
      Properties: { ReplicationGroupId: 'second-rg', ReplicationGroupDescription: 'second', GlobalReplicationGroupId: 'ldgnf-relink', NumCacheClusters: 2 },
    },
  });
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await sim?.stop();
});

/** A client of one node (the endpoint may move; a node's address does not). */
function nodeClient(group: string, nodeId: string): Redis {
  const endpoint = sim.nodeEndpoint(group, nodeId);
  const redis = new Redis({ host: endpoint.host, port: endpoint.port, maxRetriesPerRequest: 1, disconnectTimeout: 50 });
  redis.on('error', () => undefined);
  clients.push(redis);
  return redis;
}

function primaryClient(group: string): Redis {
  const endpoint = sim.endpoint(group, SimulatedEndpointType.PRIMARY);
  const redis = new Redis({ host: endpoint.host, port: endpoint.port, maxRetriesPerRequest: 1, disconnectTimeout: 50 });
  redis.on('error', () => undefined);
  clients.push(redis);
  return redis;
}

async function replicated(group: string, nodeId: string, key: string, value: string): Promise<void> {
  const reader = nodeClient(group, nodeId);
  await eventually(async () => (await reader.get(key)) === value, 5000, `${key} on ${nodeId}`);
}

test('after the primary group fails over and its old primary stops, writes to the new primary still reach both secondary nodes', async () => {
  await primaryClient('first-rg').set('before', '1');
  await replicated('second-rg', 'second-rg-001', 'before', '1');
  await sim.failover('first-rg');
  await sim.stopNode('first-rg', 'first-rg-001');
  const role = await nodeClient('first-rg', 'first-rg-002').call('ROLE') as unknown[];
  expect(role[0]).toBe('master');
  await primaryClient('first-rg').set('after', '2');
  await replicated('second-rg', 'second-rg-001', 'after', '2');
  await replicated('second-rg', 'second-rg-002', 'after', '2');
  await expect(primaryClient('second-rg').set('x', 'y')).rejects.toThrow("READONLY You can't write against a read only replica.");
});

test('after the secondary group fails over, its new primary is linked and still refuses writes', async () => {
  await sim.failover('second-rg');
  const role = await nodeClient('second-rg', 'second-rg-002').call('ROLE') as unknown[];
  expect(role[0]).toBe('master');
  await primaryClient('first-rg').set('later', '3');
  await replicated('second-rg', 'second-rg-002', 'later', '3');
  await replicated('second-rg', 'second-rg-001', 'later', '3');
  await expect(primaryClient('second-rg').set('x', 'y')).rejects.toThrow("READONLY You can't write against a read only replica.");
});

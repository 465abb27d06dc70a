/**
 * Global Datastore links after failovers: the secondary group keeps replicating from whichever
 * node is the primary group's primary, and its own new primary is linked after it fails over.
 * Each write is made after the node it would otherwise have reached through is gone, so only the
 * re-established link can carry it.
 */
import type { Simulator } from '../../../src';
import { eventually } from '../../support/eventually';
import { startSimulator } from '../control-plane/support';
import { DatastoreClients, globalDatastoreFixture, writeReply } from '../global-datastore-fixture';

let sim: Simulator;
const clients = new DatastoreClients(() => sim);
beforeAll(async () => {
  sim = await startSimulator(globalDatastoreFixture('relink').resources);
});
afterAll(async () => {
  clients.closeAll();
  await sim?.stop();
});

async function replicated(group: string, nodeId: string, key: string, value: string): Promise<void> {
  const reader = clients.node(group, nodeId);
  await eventually(async () => (await reader.get(key)) === value, 5000, `${key} on ${nodeId}`);
}

test('after the primary group fails over and its old primary stops, writes to the new primary still reach both secondary nodes', async () => {
  await clients.primary('first-rg').set('before', '1');
  await replicated('second-rg', 'second-rg-001', 'before', '1');
  await sim.failover('first-rg');
  await sim.stopNode('first-rg', 'first-rg-001');
  const role = await clients.node('first-rg', 'first-rg-002').call('ROLE') as unknown[];
  expect(role[0]).toBe('master');
  await clients.primary('first-rg').set('after', '2');
  await replicated('second-rg', 'second-rg-001', 'after', '2');
  await replicated('second-rg', 'second-rg-002', 'after', '2');
  expect(await writeReply(clients.primary('second-rg'), 'x')).toBe("READONLY You can't write against a read only replica.");
});

test('after the secondary group fails over, its new primary is linked and still refuses writes', async () => {
  await sim.failover('second-rg');
  const role = await clients.node('second-rg', 'second-rg-002').call('ROLE') as unknown[];
  expect(role[0]).toBe('master');
  await clients.primary('first-rg').set('later', '3');
  await replicated('second-rg', 'second-rg-002', 'later', '3');
  await replicated('second-rg', 'second-rg-001', 'later', '3');
  expect(await writeReply(clients.primary('second-rg'), 'x')).toBe("READONLY You can't write against a read only replica.");
});

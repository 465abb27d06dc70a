/**
 * A Global Datastore failover survives a restart with a state directory: the promoted group is
 * still the primary (DescribeGlobalReplicationGroups, GlobalReplicationGroupInfo), its writes reach
 * the former primary, which still refuses writes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  DescribeGlobalReplicationGroupsCommand, DescribeReplicationGroupsCommand, FailoverGlobalReplicationGroupCommand,
} from '@aws-sdk/client-elasticache';
import { REGION, sdkClient, startSimulator } from './support';
import type { Simulator } from '../../../src';
import { eventually } from '../../support/eventually';
import { DatastoreClients, globalDatastoreFixture, writeReply } from '../global-datastore-fixture';

const { resources, datastoreId } = globalDatastoreFixture('kept');
const READONLY = "READONLY You can't write against a read only replica.";

let stateDir: string;
let sim: Simulator | undefined;
const clients = new DatastoreClients(() => sim!);
beforeAll(() => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gds-state-'));
});
afterAll(async () => {
  clients.closeAll();
  await sim?.stop();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

async function roles(current: Simulator): Promise<{ members: string[][]; groups: Record<string, string | undefined> }> {
  const client = sdkClient(current);
  const { GlobalReplicationGroups } = await client.send(new DescribeGlobalReplicationGroupsCommand({
    GlobalReplicationGroupId: datastoreId, ShowMemberInfo: true,
  }));
  const { ReplicationGroups } = await client.send(new DescribeReplicationGroupsCommand({}));
  return {
    members: GlobalReplicationGroups![0].Members!.map((m) => [m.ReplicationGroupId!, m.Role!]),
    groups: Object.fromEntries(ReplicationGroups!.map((g) => [g.ReplicationGroupId, g.GlobalReplicationGroupInfo?.GlobalReplicationGroupMemberRole])),
  };
}

test('after FailoverGlobalReplicationGroup and a restart, the promoted group is still the primary and the former primary replicates it', async () => {
  sim = await startSimulator(resources, { stateDir });
  await clients.primary('first-rg').set('before', '1');
  await eventually(async () => (await clients.primary('second-rg').get('before')) === '1', 10_000, 'the secondary replicates the primary');
  await sdkClient(sim).send(new FailoverGlobalReplicationGroupCommand({
    GlobalReplicationGroupId: datastoreId, PrimaryRegion: REGION, PrimaryReplicationGroupId: 'second-rg',
  }));
  await eventually(async () => (await writeReply(clients.primary('second-rg'), 'promoted', 'p')) === 'OK', 10_000, 'the promoted group takes writes');
  const described = await roles(sim);
  expect(described).toEqual({ members: [['first-rg', 'secondary'], ['second-rg', 'primary']], groups: { 'first-rg': 'secondary', 'second-rg': 'primary' } });
  await sim.settle();
  clients.closeAll();
  await sim.stop();

  sim = await startSimulator(resources, { stateDir });
  expect(await roles(sim)).toEqual(described);
  const newPrimary = clients.primary('second-rg');
  const formerPrimary = clients.primary('first-rg');
  expect(await newPrimary.get('promoted')).toBe('p');
  expect(await formerPrimary.get('before')).toBe('1');
  expect(await writeReply(newPrimary, 'after-restart', 'r')).toBe('OK');
  await eventually(async () => (await formerPrimary.get('after-restart')) === 'r', 10_000, 'the former primary replicates the promoted group');
  await eventually(async () => (await clients.node('first-rg', 'first-rg-002').get('after-restart')) === 'r', 10_000, 'the former primary group\'s replica');
  expect(await writeReply(clients.primary('first-rg'), 'refused')).toBe(READONLY);
});

/**
 * Realistic lifecycle durations on a virtual clock: a replication group stays `creating` for the
 * minutes the service takes, and its events carry the simulator clock's time.
 */
import { CreateReplicationGroupCommand, DescribeEventsCommand, DescribeReplicationGroupsCommand } from '@aws-sdk/client-elasticache';
import { sdkClient, startSimulator } from './support';
import { SimulatedLifecycleSpeed, Simulator } from '../../../src';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({}, { virtualClock: true, lifecycleSpeed: SimulatedLifecycleSpeed.REALISTIC });
});
afterAll(async () => {
  await sim?.stop();
});

test('a replication group takes about ten simulated minutes to create', async () => {
  const client = sdkClient(sim);
  const requestedAt = sim.now.getTime();
  await client.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: 'slow', ReplicationGroupDescription: 'slow', Engine: 'valkey', CacheNodeType: 'cache.t3.small', NumCacheClusters: 1,
  }));
  // The nodes start in real time; then the remaining minutes are simulated.
  const deadline = Date.now() + 20_000;
  while (!sim.cacheIds.includes('slow') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 50));
  const status = async () => (await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'slow' }))).ReplicationGroups![0].Status;
  await sim.advanceClock(9 * 60_000);
  expect(await status()).toBe('creating');
  for (let minute = 0; minute < 3 && (await status()) !== 'available'; minute++) await sim.advanceClock(60_000);
  expect(await status()).toBe('available');
  const { Events } = await client.send(new DescribeEventsCommand({ SourceType: 'replication-group', SourceIdentifier: 'slow' }));
  const created = Events!.find((e) => e.Message === 'Replication group slow created')!;
  expect(created.Date!.getTime() - requestedAt).toBeGreaterThanOrEqual(10 * 60_000);
  expect(created.Date!.getTime() - requestedAt).toBeLessThanOrEqual(12 * 60_000);
});

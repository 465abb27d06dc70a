/**
 * A replica's slow log names the client that ran each command: for the commands of the
 * replication stream, the primary's address, as on a real redis-server replica (replicaof).
 */
import Redis from 'ioredis';
import { useRealAndSimulatedPair } from './support/real-and-simulated-pair';
import { eventually } from '../../support/eventually';
import { hasBinary } from '../../support/real-servers';

const run = hasBinary('redis-server') ? describe : describe.skip;

/** The client address of the slow log entry for `SET <key> …`. */
async function slowlogAddrOf(replica: Redis, key: string): Promise<string | undefined> {
  const entries = await replica.slowlog('GET', 100) as unknown[][];
  const entry = entries.find((e) => Array.isArray(e[3]) && String(e[3][0]).toUpperCase() === 'SET' && e[3][1] === key);
  return entry ? String(entry[4]) : undefined;
}

run('replicated commands in a replica\'s slow log', () => {
  const pair = useRealAndSimulatedPair({ 'slowlog-log-slower-than': '0' });
  const { client } = pair;

  test('name the primary\'s address', async () => {
    await client(pair.primary.port).set('slow-key', 'v');
    const real = await eventually(async () => slowlogAddrOf(client(pair.replica.port), 'slow-key'), 10_000, 'the real replica to log the SET');
    expect(real).toBe(`127.0.0.1:${pair.primary.port}`);

    const primaryPort = pair.sim.nodeEndpoint('pair', 'pair-001').port;
    await client(primaryPort).set('slow-key', 'v');
    const ours = await eventually(async () => slowlogAddrOf(client(pair.sim.nodeEndpoint('pair', 'pair-002').port), 'slow-key'), 10_000, 'the simulated replica to log the SET');
    expect(ours).toBe(`127.0.0.1:${primaryPort}`);
  }, 40_000);
});

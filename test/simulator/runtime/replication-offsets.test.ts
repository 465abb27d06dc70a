/**
 * The replication stream's size, as its offsets show it, against a real redis-server primary and
 * replica (replicaof): the same commands move master_repl_offset by the same number of bytes, and
 * the replica runs the same SELECTs and PINGs its primary sends (its command statistics count
 * them), and a WAIT that blocks adds the primary's REPLCONF GETACK. Offsets themselves differ by
 * history; their changes over the same commands do not. The
 * primary's periodic PING lands at a moment of its own, so each measure takes out 14 bytes per
 * PING the replica ran meanwhile.
 */
import Redis from 'ioredis';
import { useRealAndSimulatedPair } from './support/real-and-simulated-pair';
import { eventually } from '../../support/eventually';
import { hasBinary } from '../../support/real-servers';
import { infoFields } from '../e2e/support';

const run = hasBinary('redis-server') ? describe : describe.skip;

/** `*1\r\n$4\r\nPING\r\n` */
const PING_BYTES = 14;

interface ReplicaState {
  readonly offset: number;
  readonly calls: Record<string, number>;
  readonly lastIoSecondsAgo: number;
}

/** The replica's applied offset and command counts, from one INFO reply (so they agree). */
async function replicaState(replica: Redis): Promise<ReplicaState> {
  const fields = infoFields(await replica.info('replication', 'commandstats') as string);
  const calls: Record<string, number> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (name.startsWith('cmdstat_')) calls[name.slice('cmdstat_'.length)] = Number(/calls=(\d+)/.exec(value)![1]);
  }
  return { offset: Number(fields.slave_repl_offset), calls, lastIoSecondsAgo: Number(fields.master_last_io_seconds_ago) };
}

/** Waits until the replica has applied everything the primary produced, and reads its state. */
async function settled(primary: Redis, replica: Redis): Promise<ReplicaState> {
  return eventually(async () => {
    const target = Number(infoFields(await primary.info('replication') as string).master_repl_offset);
    const state = await replicaState(replica);
    return state.offset === target ? state : undefined;
  }, 10_000, 'the replica to catch up');
}

interface Change {
  /** Bytes of the stream, the periodic PINGs taken out. */
  readonly bytes: number;
  readonly selects: number;
  readonly sets: number;
}

function change(before: ReplicaState, after: ReplicaState): Change {
  const delta = (name: string) => (after.calls[name] ?? 0) - (before.calls[name] ?? 0);
  return { bytes: after.offset - before.offset - PING_BYTES * delta('ping'), selects: delta('select'), sets: delta('set') };
}

/** Writes across databases, in transactions and scripts, as a cluster-mode-disabled group allows. */
async function writeAcrossDatabases(c: Redis): Promise<void> {
  await c.select(0);
  await c.set('x', '1');
  await c.set('y', '1');
  await c.select(3);
  await c.set('z', '1');
  await c.multi().set('a', '1').select(2).set('b', '2').exec();
  await c.set('c', '1');
  await c.select(0);
  await c.eval("redis.call('SET', KEYS[1], '1') redis.call('SELECT', '4') redis.call('SET', KEYS[1], '2') return 1", 1, 's');
  await c.set('after-script', '1');
  await c.move('x', 6);
  await c.swapdb(0, 1);
  await c.set('x', '2');
  await c.flushall();
  await c.set('last', '1');
}

/**
 * WAITs that block: the primary asks its replicas where they are (REPLCONF GETACK, in the stream).
 * The first waits behind a write its replica cannot have acknowledged yet, the second for more
 * replicas than there are (until its timeout).
 */
async function waitForReplicas(c: Redis): Promise<void> {
  const [[, written], [, acked]] = (await c.pipeline().set('w', '1').wait(1, 5000).exec())!;
  expect([written, acked]).toEqual(['OK', 1]);
  expect(await c.wait(2, 50)).toBe(1);
}

run('replication offsets against a real primary and replica', () => {
  const pair = useRealAndSimulatedPair();
  const { client } = pair;

  async function measure(primaryPort: number, replicaPort: number, work: (c: Redis) => Promise<void>): Promise<Change> {
    const primary = client(primaryPort);
    const replica = client(replicaPort);
    // A write in a database no step uses: both streams have that database selected before measuring.
    await primary.select(9);
    await primary.set('prime', '1');
    const before = await settled(primary, replica);
    await work(primary);
    return change(before, await settled(primary, replica));
  }

  test('the same commands move the offset by the same bytes, SELECTs included', async () => {
    const real = await measure(pair.primary.port, pair.replica.port, writeAcrossDatabases);
    const ours = await measure(pair.sim.nodeEndpoint('pair', 'pair-001').port, pair.sim.nodeEndpoint('pair', 'pair-002').port, writeAcrossDatabases);
    expect(real.selects).toBeGreaterThan(5);
    expect(ours).toEqual(real);
  }, 40_000);

  test('a WAIT that blocks asks the replicas for an acknowledgement, in the stream', async () => {
    const real = await measure(pair.primary.port, pair.replica.port, waitForReplicas);
    const ours = await measure(pair.sim.nodeEndpoint('pair', 'pair-001').port, pair.sim.nodeEndpoint('pair', 'pair-002').port, waitForReplicas);
    // SET w 1 (in the database already selected), and two REPLCONF GETACK * of 37 bytes.
    expect(real.bytes).toBe(27 + 2 * 37);
    expect(ours).toEqual(real);
  }, 40_000);

  test('an idle primary PINGs its replica every ten seconds', async () => {
    const sides = [
      { primary: client(pair.primary.port), replica: client(pair.replica.port) },
      { primary: client(pair.sim.nodeEndpoint('pair', 'pair-001').port), replica: client(pair.sim.nodeEndpoint('pair', 'pair-002').port) },
    ];
    const before = await Promise.all(sides.map((s) => settled(s.primary, s.replica)));
    // Both sides at once: the default repl-ping-replica-period is 10 s.
    const after = await Promise.all(sides.map((s, i) => eventually(async () => {
      const state = await replicaState(s.replica);
      return (state.calls.ping ?? 0) > (before[i].calls.ping ?? 0) ? state : undefined;
    }, 15_000, 'a PING from the primary')));
    for (let i = 0; i < sides.length; i++) {
      const pings = (after[i].calls.ping ?? 0) - (before[i].calls.ping ?? 0);
      expect(pings).toBe(1);
      expect(after[i].offset - before[i].offset).toBe(PING_BYTES * pings);
      // Read as the PING was seen: it was the link's latest data.
      expect(after[i].lastIoSecondsAgo).toBeLessThanOrEqual(1);
    }
  }, 40_000);
});

/** Replies of WAIT 1 from a client that wrote nothing, then from one whose write the replica lacks. */
async function waitWhileTheReplicaLags(connect: () => Redis): Promise<unknown[]> {
  const writer = connect();
  const bystander = connect();
  await bystander.ping();
  await writer.set('lagging', '1');
  const started = Date.now();
  const bystanderAcks = await bystander.wait(1, 1000);
  const bystanderBlocked = Date.now() - started >= 500;
  return [bystanderAcks, bystanderBlocked, await writer.wait(1, 200)];
}

run('WAIT against a real primary whose replica lags', () => {
  // The simulated replica applies writes 1.5 s late; the real one is stopped (SIGSTOP) meanwhile.
  const pair = useRealAndSimulatedPair({}, { replicationDelayMs: 1500 });
  const { client } = pair;

  test('waits for the caller\'s own writes only', async () => {
    await settled(client(pair.primary.port), client(pair.replica.port));
    process.kill(pair.replica.pid, 'SIGSTOP');
    let real: unknown[];
    try {
      real = await waitWhileTheReplicaLags(() => client(pair.primary.port));
    } finally {
      process.kill(pair.replica.pid, 'SIGCONT');
    }
    const ours = await waitWhileTheReplicaLags(() => client(pair.sim.nodeEndpoint('pair', 'pair-001').port));
    expect(real).toEqual([1, false, 0]);
    expect(ours).toEqual(real);
  }, 40_000);
});

/**
 * INFO replication and ROLE of a simulated primary and replica against a real redis-server pair
 * (replicaof): same fields in the same order, same reply shapes; values that differ by nature
 * (ports, offsets, replication ids, timings) are replaced by their kind.
 */
import { useRealAndSimulatedPair } from './support/real-and-simulated-pair';
import { hasBinary } from '../../support/real-servers';
import { infoFields } from '../e2e/support';

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
  const pair = useRealAndSimulatedPair();
  const { client } = pair;

  test('the primary reports its replica with the same fields', async () => {
    const real = shape(await client(pair.primary.port).info('replication'));
    const ours = shape(await client(pair.sim.nodeEndpoint('pair', 'pair-001').port).info('replication'));
    expect(ours).toEqual(real);
    expect(roleShape(await client(pair.sim.nodeEndpoint('pair', 'pair-001').port).role())).toEqual(roleShape(await client(pair.primary.port).role()));
  });

  test('the replica reports its primary and link with the same fields', async () => {
    const real = shape(await client(pair.replica.port).info('replication'));
    const ours = shape(await client(pair.sim.nodeEndpoint('pair', 'pair-002').port).info('replication'));
    expect(ours).toEqual(real);
    const ourRole = await client(pair.sim.nodeEndpoint('pair', 'pair-002').port).role();
    expect(roleShape(ourRole)).toEqual(roleShape(await client(pair.replica.port).role()));
    expect(infoFields(await client(pair.sim.nodeEndpoint('pair', 'pair-002').port).info('replication')).master_link_status).toBe('up');
  });
});

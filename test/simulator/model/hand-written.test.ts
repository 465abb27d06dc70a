import * as path from 'path';
import { loadTopology, MemcachedClusterModel, ReplicationGroupModel, Topology } from '../../../src/simulator/model';
import { SEED } from '../helpers';

const FILE = path.join(__dirname, '..', 'fixtures', 'app.yaml');
const load = (parameters: Record<string, string> = {}, seed = SEED): Topology =>
  loadTopology({ templateFile: FILE, stackName: 'shop', region: 'eu-central-1', account: '444455556666' }, { seed, parameters });
const byId = (topology: Topology, logicalId: string) => topology.caches.find((c) => c.origin.logicalId === logicalId);

describe('a hand-written YAML template', () => {
  test('dev: mappings, conditions, the generated token and YAML strings as numbers and booleans', () => {
    const topology = load();
    const sessions = byId(topology, 'Sessions') as ReplicationGroupModel;
    expect(sessions).toMatchObject({ replicationGroupId: 'dev-sessions', engineVersion: '7.2', nodeType: 'cache.t4g.micro', port: 6390, multiAz: false });
    expect(sessions.shards[0].replicas).toHaveLength(1);
    const token = JSON.parse(topology.secrets[0].secretString).token;
    expect(topology.secrets[0].name).toBe('shop/auth-token');
    expect(sessions.auth).toEqual({ mode: 'auth-token', authToken: token });
    expect(sessions.engineConfig.parameters).toMatchObject({ 'maxmemory-policy': 'volatile-lru', 'notify-keyspace-events': 'Ex' });
    expect(byId(topology, 'Sharded')).toBeUndefined();
    const memcached = byId(topology, 'Memcached') as MemcachedClusterModel;
    expect(memcached.configurationEndpoint.hostname).toMatch(/^shop-memcached-[a-z0-9]{12}\.[a-z0-9]{6}\.cfg\.euc1\.cache\.amazonaws\.com$/);
    expect(topology.stacks[0].outputs).toMatchObject({
      SessionsEndpoint: { value: `${sessions.primaryEndpoint!.hostname}:6390`, exportName: 'shop-sessions' },
      Discovery: { value: memcached.configurationEndpoint.hostname },
    });
  });

  test('prod: the condition adds the sharded group and changes sizes and policies', () => {
    const topology = load({ Env: 'prod' });
    const sessions = byId(topology, 'Sessions') as ReplicationGroupModel;
    expect(sessions).toMatchObject({ replicationGroupId: 'prod-sessions', nodeType: 'cache.r7g.large', multiAz: true });
    expect(sessions.shards[0].replicas).toHaveLength(2);
    expect(sessions.engineConfig.parameters['maxmemory-policy']).toBe('allkeys-lru');
    expect((byId(topology, 'Sharded') as ReplicationGroupModel).shards).toHaveLength(2);
  });

  test('every endpoint hostname is unique; a seed gives the same topology, another seed another hash', () => {
    const topology = load({ Env: 'prod' });
    const hostnames = topology.caches.flatMap((cache) => {
      if (cache.kind === 'replication-group') {
        const nodes = cache.shards.flatMap((s) => [s.primary, ...s.replicas]).map((n) => n.endpoint.hostname);
        return [cache.primaryEndpoint?.hostname, cache.readerEndpoint?.hostname, cache.configurationEndpoint?.hostname, ...nodes];
      }
      return cache.kind === 'memcached-cluster' ? [cache.configurationEndpoint.hostname, ...cache.nodes.map((n) => n.endpoint.hostname)] : [];
    }).filter((h): h is string => h !== undefined);
    expect(new Set(hostnames).size).toBe(hostnames.length);
    expect(load({ Env: 'prod' })).toEqual(topology);
    const other = load({ Env: 'prod' }, 'another-seed');
    const hashOf = (t: Topology) => (byId(t, 'Sessions') as ReplicationGroupModel).primaryEndpoint!.hostname.split('.')[2];
    expect(hashOf(other)).not.toBe(hashOf(topology));
    expect(other.secrets[0].secretString).not.toBe(topology.secrets[0].secretString);
  });
});

/**
 * The fixture of the replication comparisons: a real redis-server primary and replica (replicaof)
 * beside a simulated replication group of one primary and one replica (`pair-001`, `pair-002`),
 * both synced, started before the enclosing block's tests and stopped after them.
 */
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import Redis from 'ioredis';
import { Simulator, SimulatorOptions } from '../../../../src';
import { eventually } from '../../../support/eventually';
import { RealServer, startRedisServer } from '../../../support/real-servers';
import { parameterGroup, stackWith } from '../../e2e/support';

export interface RealAndSimulatedPair {
  readonly primary: RealServer;
  readonly replica: RealServer;
  readonly sim: Simulator;
  /** A RESP2 client to a port, disconnected after the block. */
  client(port: number): Redis;
}

/**
 * `parameters` go to both replicas (as configuration) and to the simulated group's parameter group;
 * `options` to the simulator (e.g. a replication delay).
 */
export function useRealAndSimulatedPair(parameters: Record<string, string> = {}, options: SimulatorOptions = {}): RealAndSimulatedPair {
  let primary: RealServer | undefined;
  let replica: RealServer | undefined;
  let sim: Simulator | undefined;
  const clients: Redis[] = [];
  const client = (port: number) => {
    const c = new Redis({ port, protocol: 2, disconnectTimeout: 50 });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    primary = await startRedisServer(parameters);
    replica = await startRedisServer({ ...parameters, replicaof: `127.0.0.1 ${primary.port}` });
    sim = await Simulator.fromStack(stackWith((s) => {
      const params = Object.keys(parameters).length > 0 ? parameterGroup(s, 'Params', 'redis7', parameters) : undefined;
      new elasticache.CfnReplicationGroup(s, 'Pair', {
        replicationGroupDescription: 'pair',
        replicationGroupId: 'pair',
        engine: 'redis',
        engineVersion: '7.0',
        cacheNodeType: 'cache.t4g.micro',
        numCacheClusters: 2,
        automaticFailoverEnabled: true,
        transitEncryptionEnabled: false,
        cacheParameterGroupName: params?.ref,
      });
    }), options);
    await client(primary.port).set('k', 'v');
    await eventually(async () => (await client(replica!.port).get('k')) === 'v', 10_000, 'the real replica to sync');
    // The primary lists its replica as wait_bgsave until the full sync has been acknowledged.
    await eventually(async () => (await client(primary!.port).info('replication')).includes('state=online'), 10_000, 'the real primary to see its replica online');
    await client(sim.endpoint('pair').port).set('k', 'v');
    await eventually(async () => (await client(sim!.nodeEndpoint('pair', 'pair-002').port).get('k')) === 'v', 10_000, 'the simulated replica to sync');
  }, 60_000);

  afterAll(async () => {
    clients.forEach((c) => c.disconnect());
    await sim?.stop();
    await primary?.stop();
    await replica?.stop();
  });

  return {
    get primary() {
      return primary!;
    },
    get replica() {
      return replica!;
    },
    get sim() {
      return sim!;
    },
    client,
  };
}

import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import Redis from 'ioredis';
import { accepts, closeClients, eventually, infoFields, rawExchange, redisClient, resp, stackWith } from './support';
import { SimulatedEndpointType, Simulator, SimulatorFixture } from '../../../src';

function group(id: string, props: Partial<elasticache.CfnReplicationGroupProps> = {}) {
  return stackWith((stack) => {
    new elasticache.CfnReplicationGroup(stack, 'Sessions', {
      replicationGroupDescription: 'sessions',
      replicationGroupId: id,
      engine: 'valkey',
      engineVersion: '7.2',
      cacheNodeType: 'cache.t4g.micro',
      numCacheClusters: 3,
      automaticFailoverEnabled: true,
      transitEncryptionEnabled: false,
      ...props,
    });
  });
}

describe('replication group, cluster mode disabled', () => {
  const fixture = SimulatorFixture.forStack(group('sessions'), { seed: 'e2e-rg' });
  const sim = () => fixture.simulator;
  const clients: Redis[] = [];
  const client = (port: number) => {
    const c = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 20, disconnectTimeout: 50 });
    clients.push(c);
    return c;
  };
  afterAll(() => closeClients(clients));

  test('publishes primary, reader and node endpoints with AWS-format hostnames on local ports', () => {
    const primary = sim().endpoint('sessions', SimulatedEndpointType.PRIMARY);
    const reader = sim().endpoint('Sessions', SimulatedEndpointType.READER);
    expect(primary.hostname).toMatch(/^sessions\.[a-z0-9]{6}\.ng\.0001\.use1\.cache\.amazonaws\.com$/);
    expect(reader.hostname).toMatch(/^sessions-ro\.[a-z0-9]{6}\.ng\.0001\.use1\.cache\.amazonaws\.com$/);
    expect(primary).toMatchObject({ host: '127.0.0.1', servicePort: 6379, tls: false, type: 'primary' });
    const nodes = ['sessions-001', 'sessions-002', 'sessions-003'].map((id) => sim().nodeEndpoint('sessions', id));
    expect(nodes.map((n) => n.hostname)).toEqual(nodes.map((n) => expect.stringMatching(new RegExp(`^${n.nodeId}\\.[a-z0-9]{6}\\.0001\\.use1`))));
    expect(new Set([primary.port, reader.port, ...nodes.map((n) => n.port)]).size).toBe(5);
    expect(sim().resolveHostname(primary.hostname)).toEqual(primary);
  });

  test('writes to the primary reach every replica; INFO replication and ROLE show matching offsets', async () => {
    const primary = client(sim().endpoint('sessions', SimulatedEndpointType.PRIMARY).port);
    for (let i = 0; i < 50; i++) await primary.set(`user:${i}`, `v${i}`);
    await primary.expire('user:1', 1000);
    for (const id of ['sessions-002', 'sessions-003']) {
      const replica = client(sim().nodeEndpoint('sessions', id).port);
      await eventually(async () => (await replica.get('user:49')) === 'v49', 2000, 'replicated write');
      expect(await replica.ttl('user:1')).toBeGreaterThan(990);
      expect(await replica.dbsize()).toBe(50);
    }
    const info = infoFields(await primary.info('replication'));
    expect(info).toMatchObject({ role: 'master', connected_slaves: '2', master_replid2: '0'.repeat(40), second_repl_offset: '-1' });
    const offset = Number(info.master_repl_offset);
    expect(offset).toBeGreaterThan(0);
    const replicaPorts = ['sessions-002', 'sessions-003'].map((id) => sim().nodeEndpoint('sessions', id).port);
    expect(info.slave0).toBe(`ip=127.0.0.1,port=${replicaPorts[0]},state=online,offset=${offset},lag=0`);
    expect(info.slave1).toBe(`ip=127.0.0.1,port=${replicaPorts[1]},state=online,offset=${offset},lag=0`);
    const replica = client(replicaPorts[0]);
    const replicaInfo = infoFields(await replica.info('replication'));
    expect(replicaInfo).toMatchObject({
      role: 'slave',
      master_host: '127.0.0.1',
      master_port: String(sim().nodeEndpoint('sessions', 'sessions-001').port),
      master_link_status: 'up',
      slave_repl_offset: String(offset),
      slave_read_only: '1',
      master_replid: info.master_replid,
    });
    expect(await replica.role()).toEqual(['slave', '127.0.0.1', sim().nodeEndpoint('sessions', 'sessions-001').port, 'connected', offset]);
    expect(await primary.role()).toEqual(['master', offset, replicaPorts.map((p) => ['127.0.0.1', String(p), String(offset)])]);
    expect(await primary.wait(2, 1000)).toBe(2);
  });

  test('replicas refuse writes with READONLY and close the connection (close-on-replica-write)', async () => {
    const port = sim().nodeEndpoint('sessions', 'sessions-002').port;
    const { reply, closed } = await rawExchange(port, resp('SET', 'k', 'v') + resp('GET', 'k'));
    expect(reply).toBe("-READONLY You can't write against a read only replica.\r\n");
    expect(closed).toBe(true);
    expect((await rawExchange(port, resp('GET', 'user:2'))).reply).toBe('$2\r\nv2\r\n');
  });

  test('the reader endpoint spreads connections over the replicas', async () => {
    const reader = sim().endpoint('sessions', SimulatedEndpointType.READER);
    const ports = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const c = client(reader.port);
      ports.add(infoFields(await c.info('server')).tcp_port);
      c.disconnect();
    }
    expect([...ports].sort()).toEqual(['sessions-002', 'sessions-003'].map((id) => String(sim().nodeEndpoint('sessions', id).port)).sort());
  });

  test('commands ElastiCache restricts answer as unknown commands', async () => {
    const port = sim().endpoint('sessions').port;
    const { reply } = await rawExchange(port, resp('CONFIG', 'GET', 'maxmemory') + resp('BGSAVE') + resp('REPLICAOF', 'NO', 'ONE') + resp('ACL', 'SETUSER', 'x', 'on') + resp('CLUSTER', 'INFO'));
    expect(reply.split('\r\n').filter((l) => l !== '')).toEqual([
      "-ERR unknown command 'CONFIG', with args beginning with: 'GET' 'maxmemory' ",
      "-ERR unknown command 'BGSAVE', with args beginning with: ",
      "-ERR unknown command 'REPLICAOF', with args beginning with: 'NO' 'ONE' ",
      "-ERR unknown subcommand 'SETUSER'. Try ACL HELP.",
      '-ERR This instance has cluster support disabled',
    ]);
  });

  test('TestFailover: clients on the primary endpoint reconnect to the promoted replica and no acknowledged write is lost', async () => {
    const endpoint = sim().endpoint('sessions', SimulatedEndpointType.PRIMARY);
    const writer = client(endpoint.port);
    let written = 0;
    let running = true;
    const loop = (async () => {
      while (running) {
        await writer.set(`seq:${written}`, String(written));
        written++;
      }
    })();
    await eventually(() => written > 50, 2000, 'writes before the failover');
    await sim().failover('sessions');
    const before = written;
    await eventually(() => written > before + 50, 5000, 'writes after the failover');
    running = false;
    await loop;
    const roles = await Promise.all(['sessions-001', 'sessions-002', 'sessions-003'].map(async (id) => (await client(sim().nodeEndpoint('sessions', id).port).role())[0]));
    expect(roles).toEqual(['slave', 'master', 'slave']);
    const check = client(endpoint.port);
    expect(await check.role()).toEqual(expect.arrayContaining(['master']));
    const values = await check.mget(Array.from({ length: written }, (_, i) => `seq:${i}`));
    expect(values.every((v, i) => v === String(i))).toBe(true);
    const info = infoFields(await check.info('replication'));
    expect(info.master_replid2).not.toBe('0'.repeat(40));
    expect(Number(info.second_repl_offset)).toBeGreaterThan(0);
    expect(sim()._runtime.events.events.map((e) => e.message)).toContain('Failover from primary node sessions-001 to replica node sessions-002 completed');
  });

  test('a failed primary is replaced by its most up-to-date replica; it comes back as a replica', async () => {
    const primaryEndpoint = sim().endpoint('sessions', SimulatedEndpointType.PRIMARY);
    const writer = client(primaryEndpoint.port);
    for (let i = 0; i < 20; i++) await writer.set(`crash:${i}`, 'x');
    expect(await writer.wait(2, 1000)).toBe(2);
    await sim().stopNode('sessions', 'sessions-002');
    expect(await accepts(sim().nodeEndpoint('sessions', 'sessions-002').port)).toBe(false);
    const after = client(primaryEndpoint.port);
    expect(await after.get('crash:19')).toBe('x');
    expect((await after.role())[0]).toBe('master');
    await sim().startNode('sessions', 'sessions-002');
    const back = client(sim().nodeEndpoint('sessions', 'sessions-002').port);
    expect((await back.role())[0]).toBe('slave');
    expect(await back.get('crash:19')).toBe('x');
  });
});

describe('replication lag and groups without automatic failover', () => {
  const sims: Simulator[] = [];
  // A short disconnect timeout: ioredis otherwise keeps a 2 s timer for a client whose node went away.
  const connect = (port: number) => new Redis({ port, disconnectTimeout: 50 });
  afterAll(async () => {
    for (const s of sims) await s.stop();
  });

  test('with a replication delay the replica lags behind, then catches up', async () => {
    const sim = await Simulator.fromStack(group('laggy', { numCacheClusters: 2 }), { replicationDelayMs: 400 });
    sims.push(sim);
    const primary = connect(sim.endpoint('laggy').port);
    const replica = connect(sim.nodeEndpoint('laggy', 'laggy-002').port);
    try {
      await primary.set('k', 'v');
      const info = infoFields(await primary.info('replication'));
      const ack = /offset=(\d+)/.exec(info.slave0)![1];
      expect(Number(ack)).toBeLessThan(Number(info.master_repl_offset));
      expect(await replica.get('k')).toBeNull();
      expect(Number(infoFields(await replica.info('replication')).slave_repl_offset)).toBeLessThan(Number(info.master_repl_offset));
      expect(await primary.wait(1, 50)).toBe(0);
      await eventually(async () => (await replica.get('k')) === 'v', 3000, 'delayed replication');
      expect(await primary.wait(1, 50)).toBe(1);
    } finally {
      primary.disconnect();
      replica.disconnect();
    }
  });

  test('a delayed replica under steady writes applies every write in order', async () => {
    // Writes keep arriving while older ones come due, so the replica's queue never empties:
    // thousands of units pass through it (it moves its backlog up as it goes).
    const sim = await Simulator.fromStack(group('steady', { numCacheClusters: 2 }), { replicationDelayMs: 150 });
    sims.push(sim);
    const primary = connect(sim.endpoint('steady').port);
    const replica = connect(sim.nodeEndpoint('steady', 'steady-002').port);
    try {
      const expected: string[] = [];
      for (let batch = 0; batch < 40; batch++) {
        const p = primary.pipeline();
        for (let i = 0; i < 100; i++) {
          const item = `${batch}:${i}`;
          expected.push(item);
          p.rpush('log', item);
        }
        await p.exec();
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(Number(infoFields(await replica.info('replication')).slave_repl_offset))
        .toBeLessThan(Number(infoFields(await primary.info('replication')).master_repl_offset));
      await eventually(async () => (await replica.llen('log')) === expected.length, 5000, 'the replica to catch up');
      expect(await replica.lrange('log', 0, -1)).toEqual(expected);
      expect(await primary.wait(1, 1000)).toBe(1);
    } finally {
      primary.disconnect();
      replica.disconnect();
    }
  });

  test('without automatic failover a failed primary leaves the group without a primary until it comes back empty', async () => {
    const sim = await Simulator.fromStack(group('manual', { numCacheClusters: 2, automaticFailoverEnabled: false }));
    sims.push(sim);
    const endpoint = sim.endpoint('manual', SimulatedEndpointType.PRIMARY);
    const primary = connect(endpoint.port);
    const replica = connect(sim.nodeEndpoint('manual', 'manual-002').port);
    try {
      await primary.set('k', 'v');
      expect(await primary.wait(1, 1000)).toBe(1);
      await expect(sim.failover('manual')).rejects.toThrow(/does not have automatic failover enabled/);
      await sim.stopNode('manual', 'manual-001');
      expect(await accepts(sim.nodeEndpoint('manual', 'manual-001').port)).toBe(false);
      // The primary endpoint still resolves to the failed node: connections get nowhere.
      expect(await rawExchange(endpoint.port, resp('PING'))).toEqual({ reply: '', closed: true });
      expect(await replica.get('k')).toBe('v');
      expect(infoFields(await replica.info('replication'))).toMatchObject({ role: 'slave', master_link_status: 'down', master_last_io_seconds_ago: '-1' });
      expect(await replica.role()).toEqual(['slave', '127.0.0.1', sim.nodeEndpoint('manual', 'manual-001').port, 'connect', -1]);
      await sim.startNode('manual', 'manual-001');
      const back = connect(endpoint.port);
      expect(await back.get('k')).toBeNull();
      await eventually(async () => (await replica.dbsize()) === 0, 2000, 'the replica resynchronized from the empty primary');
      back.disconnect();
    } finally {
      primary.disconnect();
      replica.disconnect();
    }
  });
});

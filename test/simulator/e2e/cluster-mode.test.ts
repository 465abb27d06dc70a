import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import Redis, { Cluster } from 'ioredis';
import { createCluster } from 'redis';
import { closeClients, eventually, infoFields, rawExchange, resp, stackWith } from './support';
import { SimulatedEndpointType, SimulatorFixture } from '../../../src';
import { keyHashSlot } from '../../../src/engines/valkey/cluster';

const stack = stackWith((s) => {
  new elasticache.CfnReplicationGroup(s, 'Catalog', {
    replicationGroupDescription: 'catalog',
    replicationGroupId: 'catalog',
    engine: 'valkey',
    engineVersion: '7.2',
    cacheNodeType: 'cache.t4g.micro',
    numNodeGroups: 3,
    replicasPerNodeGroup: 2,
    automaticFailoverEnabled: true,
    cacheParameterGroupName: 'default.valkey7.cluster.on',
    transitEncryptionEnabled: false,
  });
});

const SHARDS = ['0001', '0002', '0003'];
const nodeId = (shard: string, member: number) => `catalog-${shard}-00${member}`;

describe('replication group, cluster mode enabled (3 shards × 2 replicas)', () => {
  const fixture = SimulatorFixture.forStack(stack, { seed: 'e2e-cluster' });
  const sim = () => fixture.simulator;
  const port = (shard: string, member: number) => sim().nodeEndpoint('catalog', nodeId(shard, member)).port;
  const clients: { quit(): Promise<unknown>; disconnect(): void }[] = [];
  const redis = (p: number) => {
    const c = new Redis({ port: p, maxRetriesPerRequest: 5, disconnectTimeout: 50 });
    clients.push(c);
    return c;
  };
  afterAll(() => closeClients(clients));

  test('CLUSTER SLOTS lists each shard with its primary and replicas at their local addresses', async () => {
    const cfg = sim().endpoint('catalog', SimulatedEndpointType.CONFIGURATION);
    expect(cfg.hostname).toMatch(/^catalog\.[a-z0-9]{6}\.clustercfg\.use1\.cache\.amazonaws\.com$/);
    const slots = await redis(cfg.port).cluster('SLOTS') as [number, number, ...[string, number, string, string[]][]][];
    expect(slots.map(([start, end]) => [start, end])).toEqual([[0, 5461], [5462, 10922], [10923, 16383]]);
    slots.forEach(([, , ...nodes], i) => {
      expect(nodes.map(([host, p]) => `${host}:${p}`)).toEqual([1, 2, 3].map((m) => `127.0.0.1:${port(SHARDS[i], m)}`));
      expect(nodes[0][3]).toEqual(['hostname', sim().nodeEndpoint('catalog', nodeId(SHARDS[i], 1)).hostname]);
    });
  });

  test('CLUSTER INFO, NODES, SHARDS, MYID, MYSHARDID and REPLICAS describe one consistent topology', async () => {
    const node = redis(port('0002', 2));
    const info = infoFields(await node.cluster('INFO') as string);
    expect(info).toMatchObject({
      cluster_state: 'ok',
      cluster_slots_assigned: '16384',
      cluster_slots_ok: '16384',
      cluster_slots_fail: '0',
      cluster_known_nodes: '9',
      cluster_size: '3',
      cluster_current_epoch: '3',
      cluster_my_epoch: '2',
    });
    const myId = await node.cluster('MYID') as string;
    const lines = (await node.cluster('NODES') as string).trim().split('\n').map((l) => l.split(' '));
    expect(lines).toHaveLength(9);
    const me = lines.find((l) => l[0] === myId)!;
    const primaryOfShard2 = lines.find((l) => l[1].startsWith(`127.0.0.1:${port('0002', 1)}@`))!;
    expect(me[1]).toBe(`127.0.0.1:${port('0002', 2)}@${port('0002', 2) + 10000 > 65535 ? 0 : port('0002', 2) + 10000},${sim().nodeEndpoint('catalog', nodeId('0002', 2)).hostname}`);
    expect(me.slice(2, 4)).toEqual(['myself,slave', primaryOfShard2[0]]);
    expect(primaryOfShard2.slice(2)).toEqual(['master', '-', '0', expect.stringMatching(/^\d+$/), '2', 'connected', '5462-10922']);
    const shards = await node.call('CLUSTER', 'SHARDS') as unknown[][];
    expect(shards).toHaveLength(3);
    const second = shards[1] as [string, number[], string, unknown[][]];
    expect(second.slice(0, 3)).toEqual(['slots', [5462, 10922], 'nodes']);
    expect(second[3].map((n) => (n as unknown[]).slice(0, 4))).toEqual([1, 2, 3].map((m) => ['id', expect.any(String), 'port', port('0002', m)]));
    expect(second[3][0]).toEqual(expect.arrayContaining(['role', 'master', 'health', 'online', 'endpoint', '127.0.0.1']));
    const shardIds = await Promise.all([1, 2, 3].map((m) => redis(port('0002', m)).cluster('MYSHARDID' as never)));
    expect(new Set(shardIds).size).toBe(1);
    expect(await redis(port('0001', 1)).cluster('MYSHARDID' as never)).not.toBe(shardIds[0]);
    const replicas = await node.cluster('REPLICAS', primaryOfShard2[0]) as string[];
    expect(replicas).toHaveLength(2);
    expect(replicas.map((r) => r.split(' ').slice(2, 4))).toEqual([['myself,slave', primaryOfShard2[0]], ['slave', primaryOfShard2[0]]]);
  });

  test('MOVED, CROSSSLOT, and replicas serving reads only after READONLY', async () => {
    expect(keyHashSlot('foo')).toBe(12182);
    const { reply } = await rawExchange(port('0001', 1), resp('SET', 'foo', 'bar') + resp('MSET', 'a', '1', 'b', '2') + resp('CLUSTER', 'KEYSLOT', 'foo') + resp('SET', '{user1}:a', '1'));
    expect(reply.split('\r\n').slice(0, 3)).toEqual([`-MOVED 12182 127.0.0.1:${port('0003', 1)}`, "-CROSSSLOT Keys in request don't hash to the same slot", ':12182']);
    const owner = redis(port('0003', 1));
    await owner.set('foo', 'bar');
    await eventually(async () => (await rawExchange(port('0003', 2), resp('READONLY') + resp('GET', 'foo'))).reply === '+OK\r\n$3\r\nbar\r\n', 2000, 'replicated key readable after READONLY');
    const onReplica = await rawExchange(port('0003', 2), resp('GET', 'foo') + resp('READONLY') + resp('SET', 'foo', 'x') + resp('READWRITE') + resp('GET', 'foo'));
    const moved = `-MOVED 12182 127.0.0.1:${port('0003', 1)}`;
    expect(onReplica.reply.split('\r\n').filter((l) => l !== '')).toEqual([moved, '+OK', moved, '+OK', moved]);
    expect(await owner.cluster('COUNTKEYSINSLOT', 12182)).toBe(1);
    expect(await owner.cluster('GETKEYSINSLOT', 12182, 10)).toEqual(['foo']);
  });

  test('ioredis Cluster and node-redis createCluster work through the configuration endpoint', async () => {
    const cfg = sim().endpoint('catalog', SimulatedEndpointType.CONFIGURATION);
    const cluster = new Cluster([{ host: cfg.host, port: cfg.port }], { scaleReads: 'slave', redisOptions: { disconnectTimeout: 50 } });
    clients.push(cluster);
    for (let i = 0; i < 300; i++) await cluster.set(`item:${i}`, `v${i}`);
    await cluster.mset({ '{cart:7}:a': '1', '{cart:7}:b': '2' });
    await eventually(async () => (await cluster.get('item:299')) === 'v299', 2000, 'read from a replica');
    expect(await cluster.mget('{cart:7}:a', '{cart:7}:b')).toEqual(['1', '2']);
    const nodeRedis = createCluster({ rootNodes: [{ socket: { host: cfg.host, port: cfg.port } }] });
    await nodeRedis.connect();
    try {
      expect(await nodeRedis.get('item:123')).toBe('v123');
      await nodeRedis.set('from-node-redis', 'yes');
      expect(await cluster.get('from-node-redis')).toBe('yes');
      const masters = nodeRedis.masters.map((m) => m.port).sort();
      expect(masters).toEqual(SHARDS.map((s) => port(s, 1)).sort());
    } finally {
      await nodeRedis.close();
    }
  });

  test('PUBLISH reaches subscribers on every node; SPUBLISH the subscribers of the shard', async () => {
    const subscriber = redis(port('0002', 3));
    const messages: string[] = [];
    subscriber.on('message', (channel, message) => messages.push(`${channel}:${message}`));
    subscriber.on('smessage', (channel: string, message: string) => messages.push(`s:${channel}:${message}`));
    await subscriber.subscribe('news');
    // 'payments' hashes to slot 8507, in the second shard.
    expect(keyHashSlot('payments')).toBe(8507);
    await subscriber.call('READONLY');
    await subscriber.call('SSUBSCRIBE', 'payments');
    expect(await redis(port('0001', 1)).publish('news', 'hello')).toBe(0);
    await redis(port('0002', 1)).call('SPUBLISH', 'payments', 'p1');
    await eventually(() => messages.length === 2, 2000, 'messages');
    expect(messages.sort()).toEqual(['news:hello', 's:payments:p1']);
  });

  test('online resharding: ASK and TRYAGAIN while a slot moves, MOVED once it has moved', async () => {
    const source = redis(port('0003', 1));
    await source.mset('{foo}a', '1', '{foo}b', '2');
    sim().beginSlotMigration('catalog', 12182, '0001');
    const target = `127.0.0.1:${port('0001', 1)}`;
    const atSource = await rawExchange(port('0003', 1), resp('GET', '{foo}a') + resp('GET', '{foo}missing') + resp('MGET', '{foo}a', '{foo}missing'));
    expect(atSource.reply.split('\r\n').filter((l) => l !== '')).toEqual(['$1', '1', `-ASK 12182 ${target}`, '-TRYAGAIN Multiple keys request during rehashing of slot']);
    const atTarget = await rawExchange(port('0001', 1), resp('SET', '{foo}new', 'n') + resp('ASKING') + resp('SET', '{foo}new', 'n') + resp('GET', '{foo}new'));
    const moved = `-MOVED 12182 127.0.0.1:${port('0003', 1)}`;
    expect(atTarget.reply.split('\r\n').filter((l) => l !== '')).toEqual([moved, '+OK', '+OK', moved]);
    const nodes = await redis(port('0003', 1)).cluster('NODES') as string;
    expect(nodes).toMatch(new RegExp('myself,master .* 10923-16383 \\[12182->-[0-9a-f]{40}\\]'));
    sim().completeSlotMigration('catalog', 12182);
    const after = await rawExchange(port('0003', 1), resp('GET', '{foo}a'));
    expect(after.reply).toBe(`-MOVED 12182 ${target}\r\n`);
    expect(await redis(port('0001', 1)).mget('{foo}a', '{foo}b', '{foo}new')).toEqual(['1', '2', 'n']);
    const slots = await redis(port('0002', 1)).cluster('SLOTS') as [number, number, [string, number]][];
    expect(slots.filter((s) => s[2][1] === port('0001', 1)).map(([a, b]) => [a, b])).toEqual([[0, 5461], [12182, 12182]]);
  });

  test('failover: cluster clients keep working and learn the new primaries', async () => {
    const cfg = sim().endpoint('catalog', SimulatedEndpointType.CONFIGURATION);
    const cluster = new Cluster([{ host: cfg.host, port: cfg.port }], { clusterRetryStrategy: () => 50, redisOptions: { disconnectTimeout: 50 } });
    clients.push(cluster);
    let written = 0;
    let running = true;
    const loop = (async () => {
      while (running) {
        await cluster.set(`fo:${written}`, String(written));
        written++;
      }
    })();
    await eventually(() => written > 100, 3000, 'writes before the failover');
    await sim().failover('catalog', '0002');
    let mark = written;
    await eventually(() => written > mark + 100, 10000, 'writes after the failover');
    await sim().stopNode('catalog', nodeId('0003', 1));
    mark = written;
    await eventually(() => written > mark + 100, 10000, 'writes after the primary failed');
    running = false;
    await loop;
    const slots = await redis(cfg.port).cluster('SLOTS') as [number, number, [string, number]][];
    const primaries = new Map(slots.map(([start, , primary]) => [start, primary[1]]));
    expect(primaries.get(5462)).not.toBe(port('0002', 1));
    expect([port('0002', 2), port('0002', 3)]).toContain(primaries.get(5462));
    expect([port('0003', 2), port('0003', 3)]).toContain(primaries.get(10923));
    const values = await Promise.all(Array.from({ length: written }, (_, i) => cluster.get(`fo:${i}`)));
    expect(values.every((v, i) => v === String(i))).toBe(true);
    const nodeRedis = createCluster({ rootNodes: [{ socket: { host: cfg.host, port: cfg.port } }] });
    await nodeRedis.connect();
    try {
      expect(await nodeRedis.get(`fo:${written - 1}`)).toBe(String(written - 1));
    } finally {
      await nodeRedis.close();
    }
    const info = infoFields(await redis(port('0002', 1)).cluster('INFO') as string);
    expect(Number(info.cluster_current_epoch)).toBeGreaterThan(3);
  });

  test('failover: a node-redis cluster client connected before it keeps writing and learns the new primary', async () => {
    const cfg = sim().endpoint('catalog', SimulatedEndpointType.CONFIGURATION);
    const nodeRedis = createCluster({ rootNodes: [{ socket: { host: cfg.host, port: cfg.port } }] });
    nodeRedis.on('error', () => undefined);
    await nodeRedis.connect();
    clients.push({ quit: () => nodeRedis.close(), disconnect: () => nodeRedis.destroy() });
    const before = await nodeRedis.sendCommand(undefined, true, ['CLUSTER', 'SLOTS']) as [number, number, [string, number]][];
    const oldPrimary = before.find(([start]) => start === 0)![2][1];
    let written = 0;
    let running = true;
    const failures: string[] = [];
    // Keys spread over every shard, shard 0001 (slots 0-5461) included.
    const loop = (async () => {
      while (running) {
        try {
          await nodeRedis.set(`nr:${written}`, String(written));
          written++;
        } catch (err) {
          failures.push((err as Error).message);
          if (failures.length > 20) throw err;
        }
      }
    })();
    try {
      await eventually(() => written > 100, 3000, 'node-redis writes before the failover');
      await sim().failover('catalog', '0001');
      const mark = written;
      await eventually(() => written > mark + 100, 10000, 'node-redis writes after the failover');
    } finally {
      running = false;
      await loop;
    }
    // The client now routes shard 0001's slots to its new primary; nothing written was lost.
    expect(Array.from({ length: written }, (_, i) => `nr:${i}`).some((k) => keyHashSlot(k) <= 5461)).toBe(true);
    const values = await Promise.all(Array.from({ length: written }, (_, i) => nodeRedis.get(`nr:${i}`)));
    expect(values.every((v, i) => v === String(i))).toBe(true);
    const after = await redis(cfg.port).cluster('SLOTS') as [number, number, [string, number]][];
    expect(after.find(([start]) => start === 0)![2][1]).not.toBe(oldPrimary);
    const masterNode = nodeRedis.masters.find((m) => m.port === after.find(([start]) => start === 0)![2][1]);
    expect(masterNode).toBeDefined();
    // The failover restarts the old primary (as the service recovers it): node-redis, unlike ioredis,
    // does not resend the one command in flight on the reset connection; every other write succeeds.
    expect(failures.length).toBeLessThanOrEqual(2);
    for (const failure of failures) expect(failure).toMatch(/ECONNRESET|Socket closed unexpectedly/);
  });
});

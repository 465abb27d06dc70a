/**
 * The cluster family against a real redis-server 7.0 cluster: the same commands on a real
 * cluster (two primaries, one replica) and on engine nodes joined to the same shape of topology;
 * replies compared after replacing what differs by nature (node ids, ports, epochs, times,
 * replication offsets, bus message counters).
 */
import * as net from 'net';
import { ReplyParser, toPlain } from '../../../src/engines/resp';
import { ValkeyServer } from '../../../src/engines/valkey';
import { ClusterTopology, clusterMembershipOf, joinCluster } from '../../../src/engines/valkey/cluster';
import { hasBinary, RealServer, startRedisServer } from '../../support/real-servers';

const VERSION = '7.0.15';
const run = hasBinary('redis-server') ? describe : describe.skip;

type Reply = string | number | null | Error | Reply[] | { [k: string]: Reply };

/** Integers arrive as bigints; these replies stay far below 2^53. */
function numbers(value: unknown): Reply {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(numbers);
  return value as Reply;
}

/** Sends commands on one connection and returns the parsed replies. */
async function send(port: number, commands: string[][]): Promise<Reply[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const parser = new ReplyParser();
    const replies: Reply[] = [];
    socket.on('data', (chunk) => {
      parser.append(chunk);
      for (;;) {
        const reply = parser.next();
        if (reply === undefined) break;
        replies.push(numbers(toPlain(reply.value)));
      }
      if (replies.length === commands.length) {
        socket.destroy();
        resolve(replies);
      }
    });
    socket.on('error', reject);
    socket.on('connect', () => {
      socket.write(commands.map((argv) => `*${argv.length}\r\n${argv.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`).join(''));
    });
  });
}

interface Side {
  /** Ports of A (primary 0-8191), B (primary 8192-16383), C (replica of A). */
  readonly ports: Record<'A' | 'B' | 'C', number>;
  readonly ids: Record<'A' | 'B' | 'C', string>;
}

/** Replaces ids, ports and times with names so both sides compare. */
function normalizer(side: Side): (text: string) => string {
  return (text) => {
    let out = text;
    for (const name of ['A', 'B', 'C'] as const) {
      out = out.split(side.ids[name]).join(`<id:${name}>`);
      out = out.split(String(side.ports[name] + 10000)).join(`<bus:${name}>`);
      out = out.split(String(side.ports[name])).join(`<port:${name}>`);
    }
    return out;
  };
}

function normalizeReply(reply: Reply, n: (s: string) => string): Reply {
  if (reply instanceof Error) return new Error(n(reply.message));
  if (typeof reply === 'string') return n(reply);
  // Ports come as integers too; n() turns a port's text into its name.
  if (typeof reply === 'number') return n(String(reply)).startsWith('<port:') ? n(String(reply)) : reply;
  if (Array.isArray(reply)) return reply.map((r) => normalizeReply(r, n));
  return reply;
}

/** CLUSTER NODES lines with times, epochs and link times masked, sorted. */
function nodesLines(text: string, n: (s: string) => string): string[] {
  return n(text).trim().split('\n').map((line) => {
    const f = line.split(' ');
    f[4] = '<ping>';
    f[5] = '<pong>';
    f[6] = '<epoch>';
    return f.join(' ');
  }).sort();
}

run('cluster commands against a real redis-server 7.0 cluster', () => {
  const real: RealServer[] = [];
  const ours: ValkeyServer[] = [];
  let realSide: Side;
  let ourSide: Side;

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) real.push(await startRedisServer({ 'cluster-enabled': 'yes', 'cluster-config-file': `nodes-${i}.conf`, 'cluster-node-timeout': '5000' }));
    const [a, b, c] = real.map((s) => s.port);
    await send(a, [['CLUSTER', 'ADDSLOTSRANGE', '0', '8191']]);
    await send(b, [['CLUSTER', 'ADDSLOTSRANGE', '8192', '16383']]);
    await send(a, [['CLUSTER', 'MEET', '127.0.0.1', String(b)], ['CLUSTER', 'MEET', '127.0.0.1', String(c)]]);
    const ids = await Promise.all(real.map(async (s) => (await send(s.port, [['CLUSTER', 'MYID']]))[0] as string));
    const deadline = Date.now() + 20_000;
    for (;;) {
      const [nodes] = await send(c, [['CLUSTER', 'NODES']]);
      if ((nodes as string).includes(ids[0]) && (nodes as string).includes(ids[1])) break;
      if (Date.now() > deadline) throw new Error('real cluster did not converge');
      await new Promise((r) => setTimeout(r, 100));
    }
    await send(c, [['CLUSTER', 'REPLICATE', ids[0]]]);
    for (;;) {
      await send(a, [['SET', 'probe', '1']]);
      const [info] = await send(c, [['INFO', 'replication']]);
      const [slots] = await send(b, [['CLUSTER', 'SLOTS']]);
      const replicaListed = JSON.stringify(slots).includes(String(c));
      // The primary learns its replica's offset by gossip; until then CLUSTER SHARDS says 'loading'.
      const [shards] = await send(a, [['CLUSTER', 'SHARDS']]);
      const allOnline = !JSON.stringify(shards).includes('"loading"');
      if ((info as string).includes('master_link_status:up') && replicaListed && allOnline) break;
      if (Date.now() > deadline) throw new Error('real replica did not sync');
      await new Promise((r) => setTimeout(r, 100));
    }
    realSide = { ports: { A: a, B: b, C: c }, ids: { A: ids[0], B: ids[1], C: ids[2] } };

    const topology = new ClusterTopology('ip');
    for (let i = 0; i < 3; i++) ours.push(new ValkeyServer({ port: 0, version: VERSION, config: { 'cluster-enabled': 'yes' } }));
    const ports = await Promise.all(ours.map(async (s) => (await s.start()).port));
    const ourIds = ['a'.repeat(40), 'b'.repeat(40), 'c'.repeat(40)];
    const add = (i: number, role: 'master' | 'replica', epoch: number) => topology.addNode({
      id: ourIds[i],
      shardId: `${i === 2 ? 0 : i}`.repeat(40),
      ip: '127.0.0.1',
      port: ports[i],
      tls: false,
      plain: true,
      role,
      primaryId: role === 'replica' ? ourIds[0] : undefined,
      configEpoch: epoch,
      failed: false,
      offset: () => 1,
    });
    add(0, 'master', 1);
    add(1, 'master', 2);
    add(2, 'replica', 1);
    topology.assignSlots(ourIds[0], [{ start: 0, end: 8191 }]);
    topology.assignSlots(ourIds[1], [{ start: 8192, end: 16383 }]);
    ours.forEach((s, i) => joinCluster(s, topology, ourIds[i]));
    await send(ports[0], [['SET', 'probe', '1']]);
    await send(ports[2], [['CLUSTER', 'MYID']]);
    ourSide = { ports: { A: ports[0], B: ports[1], C: ports[2] }, ids: { A: ourIds[0], B: ourIds[1], C: ourIds[2] } };
    (ours[2] as unknown as { isReplica: boolean }).isReplica = true;
    // The engine's replica needs the key the real replica received.
    ours[2].runCommand(ours[2].createInternalClient(), ['SET', 'probe', '1']);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(real.map((s) => s.stop()));
    await Promise.all(ours.map((s) => s.stop()));
  });

  /** Runs the same commands on node `on` of both sides and returns normalized replies. */
  async function both(on: 'A' | 'B' | 'C', commands: string[][]): Promise<[Reply[], Reply[]]> {
    const r = await send(realSide.ports[on], commands);
    const o = await send(ourSide.ports[on], commands);
    return [r.map((x) => normalizeReply(x, normalizer(realSide))), o.map((x) => normalizeReply(x, normalizer(ourSide)))];
  }

  test('redirections: MOVED, CROSSSLOT, replicas with READONLY/READWRITE, transactions', async () => {
    const commands = [
      ['SET', 'foo', 'bar'], ['MSET', 'a', '1', 'b', '2'], ['GET', 'probe'], ['SET', '{probe}x', '1'],
      ['MULTI'], ['SET', 'probe', '2'], ['SET', 'foo', '1'], ['EXEC'],
      ['MULTI'], ['SET', 'probe', '3'], ['SET', '{probe}y', '4'], ['EXEC'], ['DEL', 'probe', '{probe}x', '{probe}y'],
      ['SET', 'probe', '1'], ['PING'], ['ASKING'], ['SPUBLISH', 'foo', 'm'],
    ];
    const [r, o] = await both('A', commands);
    expect(o).toEqual(r);
    const [rc, oc] = await both('C', [['GET', 'probe'], ['READONLY'], ['GET', 'probe'], ['SET', 'probe', 'x'], ['GET', 'foo'], ['READWRITE'], ['GET', 'probe'], ['DBSIZE']]);
    expect(oc).toEqual(rc);
  });

  test('CLUSTER KEYSLOT, COUNTKEYSINSLOT, GETKEYSINSLOT and argument errors', async () => {
    const keys = ['foo', '{user1000}.following', 'foo{}{bar}', 'foo{{bar}}zap', 'foo{bar}{zap}', '{}', '', 'ü'];
    const commands = [
      ...keys.map((k) => ['CLUSTER', 'KEYSLOT', k]),
      ['CLUSTER', 'KEYSLOT'], ['CLUSTER', 'COUNTKEYSINSLOT', '2694'], ['CLUSTER', 'COUNTKEYSINSLOT', '-1'],
      ['CLUSTER', 'COUNTKEYSINSLOT', 'abc'], ['CLUSTER', 'COUNTKEYSINSLOT', '16384'], ['CLUSTER', 'GETKEYSINSLOT', '2694', '10'],
      ['CLUSTER', 'GETKEYSINSLOT', '0', '-1'], ['CLUSTER', 'GETKEYSINSLOT', '0', 'abc'], ['CLUSTER', 'GETKEYSINSLOT', '20000', '1'],
      ['CLUSTER', 'NOSUCH'], ['CLUSTER', 'MYID', 'extra'], ['CLUSTER', 'REPLICAS', 'nosuchnode'],
      ['CLUSTER', 'HELP'],
    ];
    const [r, o] = await both('A', commands);
    expect(o).toEqual(r);
  });

  test('CLUSTER INFO, NODES, SLOTS, SHARDS and REPLICAS', async () => {
    const nr = normalizer(realSide);
    const no = normalizer(ourSide);
    for (const node of ['A', 'C'] as const) {
      const [realInfo] = await send(realSide.ports[node], [['CLUSTER', 'INFO']]);
      const [ourInfo] = await send(ourSide.ports[node], [['CLUSTER', 'INFO']]);
      const fields = (text: Reply) => (text as string).split('\r\n').filter((l) => l !== '' && !l.startsWith('cluster_stats_messages') && !/epoch/.test(l));
      expect(fields(ourInfo)).toEqual(fields(realInfo));
      const [realNodes] = await send(realSide.ports[node], [['CLUSTER', 'NODES']]);
      const [ourNodes] = await send(ourSide.ports[node], [['CLUSTER', 'NODES']]);
      expect(nodesLines(ourNodes as string, no)).toEqual(nodesLines(realNodes as string, nr));
    }
    const sortBySlot = (reply: Reply) => (reply as Reply[][]).slice().sort((a, b) => (a[0] as number) - (b[0] as number));
    const [realSlots] = await send(realSide.ports.B, [['CLUSTER', 'SLOTS']]);
    const [ourSlots] = await send(ourSide.ports.B, [['CLUSTER', 'SLOTS']]);
    expect(normalizeReply(sortBySlot(ourSlots), no)).toEqual(normalizeReply(sortBySlot(realSlots), nr));
    const shardShape = (reply: Reply, n: (s: string) => string) => (normalizeReply(reply, n) as Reply[][])
      .map((shard) => JSON.stringify(shard).replace(/"replication-offset",\d+/g, '"replication-offset",<offset>'))
      .sort();
    const [realShards] = await send(realSide.ports.A, [['CLUSTER', 'SHARDS']]);
    const [ourShards] = await send(ourSide.ports.A, [['CLUSTER', 'SHARDS']]);
    expect(shardShape(ourShards, no)).toEqual(shardShape(realShards, nr));
    const [realReplicas] = await send(realSide.ports.B, [['CLUSTER', 'REPLICAS', realSide.ids.A], ['CLUSTER', 'REPLICAS', realSide.ids.C]]);
    const [ourReplicas] = await send(ourSide.ports.B, [['CLUSTER', 'REPLICAS', ourSide.ids.A], ['CLUSTER', 'REPLICAS', ourSide.ids.C]]);
    const replicaLines = (reply: Reply, n: (s: string) => string) => (reply as string[]).map((l) => nodesLines(l, n));
    expect(replicaLines(ourReplicas, no)).toEqual(replicaLines(realReplicas, nr));
  });

  test('a slot being migrated: ASK, TRYAGAIN, ASKING and the NODES markers', async () => {
    await send(realSide.ports.B, [['SET', '{foo}a', '1']]);
    await send(ourSide.ports.B, [['SET', '{foo}a', '1']]);
    await send(realSide.ports.A, [['CLUSTER', 'SETSLOT', '12182', 'IMPORTING', realSide.ids.B]]);
    await send(realSide.ports.B, [['CLUSTER', 'SETSLOT', '12182', 'MIGRATING', realSide.ids.A]]);
    const topology = clusterMembershipOf(ours[1]).topology;
    topology.beginMigration(12182, ourSide.ids.B, ourSide.ids.A);
    const [rb, ob] = await both('B', [['GET', '{foo}a'], ['GET', '{foo}missing'], ['MGET', '{foo}a', '{foo}missing'], ['SET', '{foo}new', '1']]);
    expect(ob).toEqual(rb);
    const [ra, oa] = await both('A', [['GET', '{foo}a'], ['ASKING'], ['SET', '{foo}b', '2'], ['ASKING'], ['MGET', '{foo}b', '{foo}c'], ['GET', '{foo}b']]);
    expect(oa).toEqual(ra);
    for (const node of ['A', 'B'] as const) {
      const [realNodes] = await send(realSide.ports[node], [['CLUSTER', 'NODES']]);
      const [ourNodes] = await send(ourSide.ports[node], [['CLUSTER', 'NODES']]);
      expect(nodesLines(ourNodes as string, normalizer(ourSide))).toEqual(nodesLines(realNodes as string, normalizer(realSide)));
    }
  });

  test('servers without cluster mode refuse the family as redis does', async () => {
    const plainReal = await startRedisServer();
    const plainOurs = new ValkeyServer({ port: 0, version: VERSION });
    const { port } = await plainOurs.start();
    try {
      const commands = [['CLUSTER', 'INFO'], ['CLUSTER', 'KEYSLOT', 'x'], ['READONLY'], ['READWRITE'], ['ASKING'], ['ROLE'], ['CLUSTER'], ['CLUSTER', 'NOSUCH']];
      const r = await send(plainReal.port, commands);
      const o = await send(port, commands);
      expect(o).toEqual(r);
    } finally {
      await plainReal.stop();
      await plainOurs.stop();
    }
  });
});

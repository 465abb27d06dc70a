/**
 * Serverless Valkey / Redis OSS through its endpoints with real clients over TLS: routing over the
 * internal shards, the single virtual node cluster clients see, transactions, blocking commands,
 * pub/sub, whole-cache commands, the reader endpoint, and the commands serverless does not offer.
 */
import * as net from 'net';
import * as tls from 'tls';
import { createClient, createCluster } from 'redis';
import { cache, redis, redisCluster, replicasCaughtUp, serverlessStack, tlsFor, until, valkeyCache } from './support';
import { SimulatedEndpointType, SimulatorFixture } from '../../../src';
import { Engine } from '../../../src/catalog';
import { keyHashSlot } from '../../../src/engines/valkey/cluster';

const stack = serverlessStack((s, vpc) => {
  cache(s, vpc, 'Sessions', { serverlessCacheName: 'sessions', engine: Engine.VALKEY });
  cache(s, vpc, 'Legacy', { serverlessCacheName: 'legacy', engine: Engine.REDIS, majorEngineVersion: '7' });
});

describe('serverless Valkey / Redis OSS endpoints', () => {
  // Replicas apply writes 2 s late: long enough that a read right after a write is surely stale.
  const fixture = SimulatorFixture.forStack(stack, { seed: 'serverless-endpoint', replicationDelayMs: 2000 });
  const sim = () => fixture.simulator;
  const main = () => sim().endpoint('sessions');
  const reader = () => sim().endpoint('sessions', SimulatedEndpointType.SERVERLESS_READER);
  const clients: { disconnect(): void }[] = [];
  const client = (endpoint = main(), options = {}) => {
    const c = redis(sim(), endpoint, options);
    clients.push(c);
    return c;
  };
  /** Internal shard of a key (the test checks that work really spreads over both). */
  const shardOf = (key: string) => valkeyCache(sim(), 'sessions').shards.shardOfSlot(keyHashSlot(key));
  /** A key on the given internal shard. */
  const keyOn = (shard: number, prefix: string) => {
    for (let i = 0; ; i++) if (shardOf(`${prefix}${i}`) === shard) return `${prefix}${i}`;
  };
  afterAll(() => clients.forEach((c) => c.disconnect()));

  test('the endpoints are TLS only, on the AWS hostname, published as 6379 and 6380', async () => {
    const e = main();
    expect(e).toMatchObject({ hostname: expect.stringMatching(/^sessions-[a-z0-9]{6}\.serverless\.use1\.cache\.amazonaws\.com$/), servicePort: 6379, tls: true, acceptsPlain: false });
    expect(reader()).toMatchObject({ hostname: e.hostname, servicePort: 6380, tls: true });
    const secure = tls.connect({ host: e.host, port: e.port, ...tlsFor(sim(), e) });
    await new Promise<void>((resolve, reject) => { secure.once('secureConnect', resolve); secure.once('error', reject); });
    expect(secure.authorized).toBe(true);
    secure.destroy();
    // A plain client gets nothing back: its bytes are not a TLS handshake.
    const plain = net.connect(e.port, e.host);
    const got = await new Promise<string>((resolve) => {
      let data = '';
      plain.on('data', (d) => { data += d.toString(); });
      plain.on('close', () => resolve(data));
      plain.on('error', () => resolve(data));
      plain.write('PING\r\n');
      setTimeout(() => { plain.destroy(); resolve(data); }, 300);
    });
    expect(got).not.toContain('PONG');
  });

  test('a plain (not cluster-aware) client reaches keys on every shard; multi-key commands need one slot', async () => {
    const c = client();
    const keys = Array.from({ length: 200 }, (_, i) => `user:${i}`);
    for (const k of keys) await c.set(k, `v-${k}`);
    expect(new Set(keys.map(shardOf))).toEqual(new Set([0, 1]));
    for (const k of keys) expect(await c.get(k)).toBe(`v-${k}`);
    const [a, b] = [keyOn(0, 'left:'), keyOn(1, 'right:')];
    await expect(c.mget(a, b)).rejects.toThrow("CROSSSLOT Keys in request don't hash to the same slot");
    await c.mset('{cart:9}:a', '1', '{cart:9}:b', '2');
    expect(await c.mget('{cart:9}:a', '{cart:9}:b')).toEqual(['1', '2']);
    const shards = valkeyCache(sim(), 'sessions').describe().internalShards as { nodes: { keys: number }[] }[];
    expect(shards.every((s) => s.nodes[0].keys > 0)).toBe(true);
  });

  test('pipelined requests to different shards are answered in order', async () => {
    const c = client();
    const pipeline = c.pipeline();
    for (let i = 0; i < 400; i++) {
      pipeline.set(`p:${i}`, String(i));
      pipeline.incr(`p:${i}`);
      pipeline.get(`p:${i}`);
    }
    const results = (await pipeline.exec())!;
    for (let i = 0; i < 400; i++) {
      expect(results[i * 3]).toEqual([null, 'OK']);
      expect(results[i * 3 + 1]).toEqual([null, i + 1]);
      expect(results[i * 3 + 2]).toEqual([null, String(i + 1)]);
    }
  });

  test('CLUSTER SLOTS/SHARDS/NODES/INFO show one virtual node that owns every slot, with the reader endpoint as its replica', async () => {
    const c = client();
    const e = main();
    const r = reader();
    const slots = await c.call('CLUSTER', 'SLOTS') as unknown[][];
    expect(slots).toHaveLength(1);
    expect(slots[0].slice(0, 2)).toEqual([0, 16383]);
    expect((slots[0][2] as unknown[]).slice(0, 2)).toEqual([e.host, e.port]);
    expect((slots[0][3] as unknown[]).slice(0, 2)).toEqual([r.host, r.port]);
    expect((slots[0][2] as unknown[])[3]).toEqual(['hostname', e.hostname]);
    const info = await c.call('CLUSTER', 'INFO') as string;
    expect(info).toContain('cluster_state:ok');
    expect(info).toContain('cluster_slots_assigned:16384');
    expect(info).toContain('cluster_known_nodes:2');
    expect(info).toContain('cluster_size:1');
    const myId = await c.call('CLUSTER', 'MYID') as string;
    const nodes = (await c.call('CLUSTER', 'NODES') as string).trim().split('\n');
    expect(nodes).toHaveLength(2);
    expect(nodes.find((l) => l.startsWith(myId))).toMatch(new RegExp(`^${myId} ${e.host}:${e.port}@\\d+,${e.hostname.replace(/\./g, '\\.')} myself,master - 0 \\d+ 1 connected 0-16383$`));
    expect(nodes.find((l) => !l.startsWith(myId))).toContain(`${r.host}:${r.port}`);
    const shards = await c.call('CLUSTER', 'SHARDS') as unknown[][];
    expect(shards).toHaveLength(1);
    expect(shards[0].slice(0, 2)).toEqual(['slots', [0, 16383]]);
    expect(await c.call('CLUSTER', 'KEYSLOT', 'somekey')).toBe(keyHashSlot('somekey'));
    await c.set('counted', '1');
    expect(await c.call('CLUSTER', 'COUNTKEYSINSLOT', keyHashSlot('counted'))).toBe(1);
    expect(await c.call('CLUSTER', 'GETKEYSINSLOT', keyHashSlot('counted'), 10)).toEqual(['counted']);
    expect(await c.call('ROLE')).toEqual(['master', expect.any(Number), []]);
    await expect(c.call('CLUSTER', 'FAILOVER')).rejects.toThrow("ERR unknown subcommand 'FAILOVER'. Try CLUSTER HELP.");
  });

  test('ioredis Cluster works through the endpoint, reading from the reader endpoint when asked', async () => {
    const cluster = redisCluster(sim(), main(), { scaleReads: 'slave' });
    clients.push(cluster);
    for (let i = 0; i < 100; i++) await cluster.set(`cl:${i}`, `x${i}`);
    expect(cluster.nodes('master').map((n) => n.options.port)).toEqual([main().port]);
    expect(cluster.nodes('slave').map((n) => n.options.port)).toEqual([reader().port]);
    // Reads go to the reader endpoint with READONLY: eventually consistent.
    await replicasCaughtUp(sim(), 'sessions');
    for (let i = 0; i < 100; i++) expect(await cluster.get(`cl:${i}`)).toBe(`x${i}`);
    await expect(cluster.mget('cl:1', 'cl:2')).rejects.toThrow('CROSSSLOT');
  });

  test('node-redis: a plain client and createCluster (with replicas) both work', async () => {
    const e = main();
    const socket = { host: e.host, port: e.port, tls: true as const, ...tlsFor(sim(), e) };
    const plain = createClient({ socket });
    await plain.connect();
    const cluster = createCluster({ rootNodes: [{ socket }], defaults: { socket: { tls: true as const, ...tlsFor(sim(), e) } }, useReplicas: true });
    await cluster.connect();
    try {
      await plain.set('nr:a', 'from-plain');
      for (let i = 0; i < 50; i++) await cluster.set(`nr:${i}`, String(i));
      expect(await plain.get('nr:49')).toBe('49');
      // With useReplicas reads may go to the reader endpoint: eventually consistent.
      await replicasCaughtUp(sim(), 'sessions');
      expect(await cluster.get('nr:a')).toBe('from-plain');
      for (let i = 0; i < 50; i++) expect(await cluster.get(`nr:${i}`)).toBe(String(i));
      expect(cluster.masters.map((m) => m.port)).toEqual([e.port]);
      expect(cluster.replicas.map((m) => m.port)).toEqual([reader().port]);
    } finally {
      await plain.quit();
      await cluster.quit();
    }
  });

  test('MULTI/EXEC runs on the shard of its keys; keys of two slots fail with CROSSSLOT at EXEC', async () => {
    const c = client();
    const far = keyOn(1, 'tx:');
    // The transaction starts on the first shard and moves when its first key (on the second) arrives.
    expect(await c.multi().ping().set(far, 'a').append(far, 'b').get(far).exec()).toEqual([[null, 'PONG'], [null, 'OK'], [null, 2], [null, 'ab']]);
    const [a, b] = [keyOn(0, 'txa:'), keyOn(1, 'txb:')];
    await expect(c.multi().set(a, '1').set(b, '2').exec()).rejects.toThrow("CROSSSLOT Keys in request don't hash to the same slot");
    expect([await c.get(a), await c.get(b)]).toEqual([null, null]);
    // An unknown command while queueing aborts the transaction, as redis does.
    const raw = await c.multi().set(far, 'z').call('NOSUCHCOMMAND').exec().catch((err: Error) => err.message);
    expect(String(raw)).toContain('EXECABORT');
    expect(await c.get(far)).toBe('ab');
  });

  test('WATCH aborts the transaction when a watched key on another shard changes', async () => {
    const c = client();
    const other = client();
    const watched = keyOn(0, 'w:');
    const written = keyOn(1, 'wt:');
    await c.set(watched, '1');
    await c.watch(watched);
    await other.set(watched, '2');
    expect(await c.multi().set(written, 'x').exec()).toBeNull();
    expect(await c.get(written)).toBeNull();
    await c.watch(watched);
    expect(await c.multi().set(written, 'y').exec()).toEqual([[null, 'OK']]);
  });

  test('UNWATCH forgets the watches on every shard', async () => {
    const c = client();
    const other = client();
    const [a, b] = [keyOn(0, 'uw:'), keyOn(1, 'uw:')];
    await c.watch(a);
    await c.watch(b);
    expect(await c.unwatch()).toBe('OK');
    await other.set(a, 'x');
    await other.set(b, 'y');
    expect(await c.multi().set(b, 'z').exec()).toEqual([[null, 'OK']]);
  });

  test('a blocking command holds the connection until its shard serves it; later pipelined commands wait', async () => {
    const blocked = client();
    const pusher = client();
    const queue = keyOn(1, 'queue:');
    const pipeline = blocked.pipeline().blpop(queue, 5).get('after-block');
    const result = pipeline.exec();
    const engines = valkeyCache(sim(), 'sessions').shards.engines().primaries;
    await until(() => engines[1].blocking.blockedClients > 0, 'BLPOP to block on its shard');
    await pusher.set('after-block', 'set-later');
    await pusher.rpush(queue, 'job');
    expect(await result).toEqual([[null, [queue, 'job']], [null, 'set-later']]);
  });

  test('pub/sub: channels reach subscribers of every connection; shard channels live on their shard; patterns are not offered', async () => {
    const subscriber = client();
    const publisher = client();
    const messages: string[] = [];
    subscriber.on('message', (ch: string, m: string) => messages.push(`${ch}:${m}`));
    subscriber.on('smessage', (ch: string, m: string) => messages.push(`s:${ch}:${m}`));
    await subscriber.subscribe('news');
    const shardChannel = keyOn(1, 'orders:');
    await subscriber.ssubscribe(shardChannel);
    expect(await publisher.publish('news', 'hello')).toBe(1);
    expect(await publisher.spublish(shardChannel, 'paid')).toBe(1);
    await until(() => messages.length >= 2, 'both messages');
    expect(messages.sort()).toEqual(['news:hello', `s:${shardChannel}:paid`].sort());
    expect(await publisher.call('PUBSUB', 'SHARDCHANNELS')).toEqual([shardChannel]);
    expect(await publisher.call('PUBSUB', 'SHARDNUMSUB', shardChannel, 'nobody')).toEqual([shardChannel, 1, 'nobody', 0]);
    expect(await publisher.call('PUBSUB', 'NUMSUB', 'news')).toEqual(['news', 1]);
    await expect(publisher.psubscribe('n*')).rejects.toThrow("ERR unknown command 'psubscribe'");
  });

  test('SELECT accepts only database 0, as cluster mode does', async () => {
    const c = client();
    expect(await c.select(0)).toBe('OK');
    await expect(c.select(1)).rejects.toThrow('ERR SELECT is not allowed in cluster mode');
  });

  test.each([
    [['KEYS', '*'], "ERR unknown command 'KEYS', with args beginning with: '*' "],
    [['MOVE', 'k', '1'], "ERR unknown command 'MOVE', with args beginning with: 'k' '1' "],
    [['CONFIG', 'GET', 'maxmemory'], "ERR unknown command 'CONFIG', with args beginning with: 'GET' 'maxmemory' "],
    [['CLIENT', 'LIST'], "ERR unknown subcommand 'LIST'. Try CLIENT HELP."],
    [['CLIENT', 'KILL', 'ID', '1'], "ERR unknown subcommand 'KILL'. Try CLIENT HELP."],
    [['OBJECT', 'ENCODING', 'k'], "ERR unknown command 'OBJECT', with args beginning with: 'ENCODING' 'k' "],
    [['WAIT', '1', '0'], "ERR unknown command 'WAIT', with args beginning with: '1' '0' "],
    [['FUNCTION', 'LIST'], "ERR unknown command 'FUNCTION', with args beginning with: 'LIST' "],
    [['SLOWLOG', 'GET'], "ERR unknown command 'SLOWLOG', with args beginning with: 'GET' "],
    [['SCRIPT', 'KILL'], "ERR unknown subcommand 'KILL'. Try SCRIPT HELP."],
    [['ACL', 'SETUSER', 'x'], "ERR unknown subcommand 'SETUSER'. Try ACL HELP."],
  ])('%j is not offered by serverless caches', async (argv, error) => {
    await expect(client().call(argv[0], ...argv.slice(1))).rejects.toThrow(error);
  });

  test('whole-cache commands: DBSIZE, SCAN, RANDOMKEY, INFO keyspace and FLUSHALL cover every shard', async () => {
    const c = client();
    await c.flushall();
    const keys = Array.from({ length: 60 }, (_, i) => `scan:${i}`);
    for (const k of keys) await c.set(k, '1', 'EX', 1000);
    expect(await c.dbsize()).toBe(60);
    const seen: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await c.scan(cursor, 'COUNT', 7);
      seen.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    expect(seen.sort()).toEqual([...keys].sort());
    expect(keys).toContain(await c.randomkey());
    const info = await c.info('keyspace');
    expect(info).toMatch(/db0:keys=60,expires=60,avg_ttl=\d+/);
    expect(await c.flushall()).toBe('OK');
    expect(await c.dbsize()).toBe(0);
    expect(await c.randomkey()).toBeNull();
  });

  test('the reader endpoint serves reads from replicas after READONLY (eventually consistent), writes from primaries', async () => {
    const writer = client();
    const replicaReader = client(reader());
    expect(await replicaReader.call('READONLY')).toBe('OK');
    const key = keyOn(1, 'rr:');
    await writer.set(key, 'fresh');
    // The replica applies the write 2 s later (replicationDelayMs).
    expect(await replicaReader.get(key)).toBeNull();
    await until(async () => (await replicaReader.get(key)) === 'fresh', 'the replica to apply the write');
    // Writes on the reader endpoint go to the primary.
    expect(await replicaReader.set(`${key}:w`, 'via-reader')).toBe('OK');
    expect(await writer.get(`${key}:w`)).toBe('via-reader');
    // Without READONLY the reader endpoint reads from primaries: immediately consistent.
    const primaryReader = client(reader());
    await writer.set(key, 'newer');
    expect(await primaryReader.get(key)).toBe('newer');
    expect(await primaryReader.call('READWRITE')).toBe('OK');
  });

  test('connection state: CLIENT SETNAME/GETNAME, CLIENT REPLY OFF/ON, HELLO 3', async () => {
    const c = client();
    expect(await c.client('SETNAME', 'worker-1')).toBe('OK');
    expect(await c.client('GETNAME')).toBe('worker-1');
    const socket = tls.connect({ host: main().host, port: main().port, ...tlsFor(sim(), main()) });
    const received: string[] = [];
    socket.on('data', (d) => received.push(d.toString('latin1')));
    await new Promise<void>((resolve) => socket.once('secureConnect', () => resolve()));
    socket.write('CLIENT REPLY OFF\r\nSET quiet 1\r\nCLIENT REPLY ON\r\nGET quiet\r\nHELLO 3\r\nGET quiet\r\nPING\r\n');
    // PING marks the end: its reply comes after every other one.
    await until(() => received.join('').endsWith('+PONG\r\n'), 'the PING reply');
    const text = received.join('').slice(0, -'+PONG\r\n'.length);
    expect(text.startsWith('+OK\r\n$1\r\n1\r\n%7\r\n')).toBe(true);
    expect(text).toContain('$4\r\nmode\r\n$7\r\ncluster\r\n');
    expect(text.endsWith('$1\r\n1\r\n')).toBe(true);
    socket.destroy();
  });

  test('a Redis OSS serverless cache runs Redis OSS 7', async () => {
    const c = client(sim().endpoint('legacy'));
    const info = await c.info('server');
    expect(info).toMatch(/redis_version:7\./);
    expect(info).not.toContain('valkey');
    await c.set('k', 'v');
    expect(await c.get('k')).toBe('v');
  });

  test('serverless caches have no nodes to fail over or stop', async () => {
    await expect(sim().failover('sessions')).rejects.toThrow('sessions is a serverless cache');
    await expect(sim().stopNode('sessions', '0001')).rejects.toThrow('it has no nodes to stop');
    const caches = sim().describe().caches as { runtime: { status: string } }[];
    expect(caches.map((c) => c.runtime.status)).toEqual(['running', 'running']);
  });
});

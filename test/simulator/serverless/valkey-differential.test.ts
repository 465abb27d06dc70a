/**
 * The serverless endpoint against one real redis-server that is a cluster node owning every slot
 * (what the serverless endpoint shows its clients): the same requests, sent as raw RESP, must get
 * the same bytes back, although the endpoint spreads the keys over two internal shards. Covers
 * keys on both shards, errors, multi-key rules, transactions (CROSSSLOT at EXEC), pipelines and
 * RESP3.
 */
import * as net from 'net';
import * as tls from 'tls';
import { cache, serverlessStack, until, valkeyCache } from './support';
import { SimulatorFixture } from '../../../src';
import { Engine } from '../../../src/catalog';
import { encodeCommand, ReplyParser } from '../../../src/engines/resp';
import { keyHashSlot } from '../../../src/engines/valkey/cluster';
import { hasBinary, RealServer, startRedisServer } from '../../support/real-servers';

/** A raw RESP connection: sends requests, returns the exact bytes of each reply. */
class RawConnection {
  private readonly parser = new ReplyParser();
  private readonly replies: Buffer[] = [];
  private waiters: (() => void)[] = [];

  constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.parser.append(chunk);
      for (let r = this.parser.next(); r; r = this.parser.next()) this.replies.push(Buffer.from(r.raw));
      const waiting = this.waiters;
      this.waiters = [];
      waiting.forEach((w) => w());
    });
  }

  /** Sends the requests in one write (a pipeline) and returns their replies as latin1 text. */
  public async send(requests: string[][]): Promise<string[]> {
    this.socket.write(Buffer.concat(requests.map((r) => encodeCommand(r))));
    const deadline = Date.now() + 20_000;
    while (this.replies.length < requests.length) {
      if (Date.now() > deadline) throw new Error(`timed out: ${this.replies.length} of ${requests.length} replies`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.replies.splice(0, requests.length).map((b) => b.toString('latin1'));
  }

  public close(): void {
    this.socket.destroy();
  }
}

const stack = serverlessStack((s, vpc) => {
  cache(s, vpc, 'Legacy', { serverlessCacheName: 'legacy', engine: Engine.REDIS, majorEngineVersion: '7' });
});

const available = hasBinary('redis-server');
const describeIf = available ? describe : describe.skip;

describeIf('serverless endpoint vs a real redis-server cluster node that owns every slot', () => {
  const fixture = SimulatorFixture.forStack(stack, { seed: 'serverless-differential' });
  let real: RealServer;
  let ours: RawConnection;
  let theirs: RawConnection;

  beforeAll(async () => {
    real = await startRedisServer({ 'cluster-enabled': 'yes', 'cluster-config-file': 'nodes.conf' });
    const setup = new RawConnection(net.connect(real.port, '127.0.0.1'));
    await setup.send([['CLUSTER', 'ADDSLOTSRANGE', '0', '16383']]);
    await until(async () => (await setup.send([['CLUSTER', 'INFO']]))[0].includes('cluster_state:ok'), 'the real cluster node to be ready', 30_000);
    setup.close();
    theirs = new RawConnection(net.connect(real.port, '127.0.0.1'));
    const e = fixture.simulator.endpoint('legacy');
    const socket = tls.connect({ host: e.host, port: e.port, ca: fixture.simulator.caCertificatePem, servername: e.hostname });
    await new Promise<void>((resolve, reject) => { socket.once('secureConnect', () => resolve()); socket.once('error', reject); });
    ours = new RawConnection(socket);
  }, 60_000);

  afterAll(async () => {
    ours?.close();
    theirs?.close();
    await real?.stop();
  });

  const shardOf = (key: string) => valkeyCache(fixture.simulator, 'legacy').shards.shardOfSlot(keyHashSlot(key));

  /** Runs the requests on both (one by one, then as one pipeline) and compares every reply. */
  async function same(requests: string[][]): Promise<void> {
    for (const request of requests) {
      const [a] = await ours.send([request]);
      const [b] = await theirs.send([request]);
      expect([request, a]).toEqual([request, b]);
    }
  }

  async function samePipelined(requests: string[][]): Promise<void> {
    const [a, b] = [await ours.send(requests), await theirs.send(requests)];
    requests.forEach((request, i) => expect([request, a[i]]).toEqual([request, b[i]]));
  }

  test('the test keys land on both internal shards', () => {
    expect(new Set(['a', 'b', 'c', 'list', 'hash', 'set', 'zset'].map(shardOf))).toEqual(new Set([0, 1]));
  });

  test('strings, keys and errors', async () => {
    await same([
      ['FLUSHALL'], ['SET', 'a', '1'], ['SET', 'b', 'two'], ['INCR', 'a'], ['INCRBY', 'a', '10'], ['APPEND', 'b', 'three'], ['GET', 'b'],
      ['STRLEN', 'b'], ['GETRANGE', 'b', '1', '4'], ['SETNX', 'a', 'x'], ['SET', 'c', 'v', 'XX', 'GET'], ['SET', 'c', 'v', 'NX', 'XX'],
      ['GET'], ['INCR', 'b'], ['EXPIRE', 'a', '100'], ['TTL', 'a'], ['PERSIST', 'a'], ['TTL', 'a'], ['TYPE', 'b'], ['EXISTS', 'a'],
      ['EXISTS', 'a', 'b'], ['MGET', 'a', 'b'], ['MSET', '{t}x', '1', '{t}y', '2'], ['MGET', '{t}x', '{t}y', '{t}z'], ['DEL', '{t}x', '{t}y'],
      ['RENAME', 'a', 'b'], ['RENAME', '{r}a', '{r}b'], ['SET', '{r}a', '5'], ['RENAME', '{r}a', '{r}b'], ['GET', '{r}b'], ['DEL', 'c'],
      ['SELECT', '0'], ['SELECT', '1'], ['PING'], ['PING', 'hi'], ['ECHO', 'x'], ['NOSUCHCOMMAND', 'arg'],
      ['CLUSTER', 'KEYSLOT', 'hello'], ['CLUSTER', 'COUNTKEYSINSLOT', String(keyHashSlot('b'))], ['DBSIZE'],
    ]);
  });

  test('lists, hashes, sets and sorted sets on either shard', async () => {
    await same([
      ['RPUSH', 'list', 'a', 'b', 'c'], ['LPUSH', 'list', 'z'], ['LRANGE', 'list', '0', '-1'], ['LPOP', 'list'], ['LLEN', 'list'],
      ['HSET', 'hash', 'f1', 'v1', 'f2', 'v2'], ['HGETALL', 'hash'], ['HINCRBY', 'hash', 'n', '3'], ['HGET', 'hash', 'missing'],
      ['SADD', 'set', '3', '1', '2'], ['SMEMBERS', 'set'], ['SISMEMBER', 'set', '2'], ['SCARD', 'set'],
      ['ZADD', 'zset', '1', 'one', '2.5', 'two'], ['ZRANGE', 'zset', '0', '-1', 'WITHSCORES'], ['ZSCORE', 'zset', 'two'],
      ['LPUSH', 'hash', 'x'], ['SUNION', 'set', 'zset'], ['SUNIONSTORE', '{s}dst', '{s}a', '{s}b'], ['BLPOP', 'list', '1'],
    ]);
  });

  test('transactions: same slot runs, another slot fails with CROSSSLOT at EXEC, queueing errors abort', async () => {
    await same([
      ['MULTI'], ['SET', '{tx}a', '1'], ['INCR', '{tx}a'], ['GET', '{tx}a'], ['EXEC'],
      ['MULTI'], ['PING'], ['SET', 'a', '1'], ['SET', 'b', '2'], ['EXEC'],
      ['MULTI'], ['SET', 'b', '1'], ['GET'], ['EXEC'],
      ['MULTI'], ['MULTI'], ['DISCARD'], ['EXEC'], ['DISCARD'],
      ['WATCH', 'a'], ['SET', 'a', 'changed'], ['MULTI'], ['GET', 'a'], ['EXEC'], ['UNWATCH'],
      ['GET', 'a'], ['GET', 'b'],
    ]);
  });

  test('a pipeline over both shards', async () => {
    const requests: string[][] = [];
    for (let i = 0; i < 100; i++) requests.push(['SET', `pipe:${i}`, String(i)], ['INCR', `pipe:${i}`], ['GET', `pipe:${i}`]);
    requests.push(['DBSIZE']);
    await samePipelined(requests);
  });

  test('RESP3 replies', async () => {
    // HELLO itself differs (server id, version): only the replies after it are compared.
    await ours.send([['HELLO', '3']]);
    await theirs.send([['HELLO', '3']]);
    await same([
      ['HGETALL', 'hash'], ['ZRANGE', 'zset', '0', '-1', 'WITHSCORES'], ['SMEMBERS', 'set'], ['GET', 'missing'], ['ZSCORE', 'zset', 'two'],
      ['EXISTS', 'a', 'b'], ['MULTI'], ['GET', '{tx}a'], ['EXEC'],
    ]);
  });
});

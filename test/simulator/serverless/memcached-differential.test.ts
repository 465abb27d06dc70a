/**
 * The serverless Memcached endpoint against one real memcached: the same text and meta requests
 * must get the same bytes back, although the endpoint hashes the keys over two internal engines.
 * CAS values are counters of each engine, so they are compared by their order only.
 */
import * as net from 'net';
import * as tls from 'tls';
import { cache, memcachedCache, serverlessStack, until } from './support';
import { SimulatorFixture } from '../../../src';
import { Engine } from '../../../src/catalog';
import { hasBinary, RealServer, startMemcached } from '../../support/real-servers';

const NOOP_REPLY = 'MN\r\n';

/**
 * Sends a request followed by a meta no-op and collects the replies up to the no-op's `MN`: both
 * servers answer in order, so the `MN` marks the end of the request's reply (quiet meta requests
 * and noreply included) without waiting on time.
 */
class LineConnection {
  private buffer = '';
  private closed = false;

  constructor(private readonly socket: net.Socket) {
    socket.on('data', (d: Buffer) => { this.buffer += d.toString('latin1'); });
    socket.on('close', () => { this.closed = true; });
  }

  public async send(request: string): Promise<string> {
    this.buffer = '';
    this.socket.write(`${request}mn\r\n`);
    // The request's own no-ops answer too: wait for one MN more than it holds.
    const expected = request.split('\r\n').filter((line) => line === 'mn').length + 1;
    await until(() => this.closed || this.buffer.split(NOOP_REPLY).length - 1 >= expected, `the reply to ${JSON.stringify(request.slice(0, 40))}`, 20_000);
    return this.buffer.endsWith(NOOP_REPLY) ? this.buffer.slice(0, -NOOP_REPLY.length) : this.buffer;
  }

  public close(): void {
    this.socket.destroy();
  }
}

/** CAS values differ between servers: number them in order of appearance. */
function normalizeCas(text: string): string {
  const seen = new Map<string, number>();
  const id = (cas: string) => {
    if (!seen.has(cas)) seen.set(cas, seen.size + 1);
    return `<cas${seen.get(cas)}>`;
  };
  return text
    .replace(/^(VALUE \S+ \d+ \d+) (\d+)\r$/gm, (_m, head: string, cas: string) => `${head} ${id(cas)}\r`)
    .replace(/ c(\d+)/g, (_m, cas: string) => ` c${id(cas)}`);
}

const stack = serverlessStack((s, vpc) => {
  cache(s, vpc, 'Pages', { serverlessCacheName: 'pages', engine: Engine.MEMCACHED });
});

const describeIf = hasBinary('memcached') ? describe : describe.skip;

describeIf('serverless Memcached endpoint vs a real memcached', () => {
  const fixture = SimulatorFixture.forStack(stack, { seed: 'serverless-memcached-differential' });
  let real: RealServer;
  let ours: LineConnection;
  let theirs: LineConnection;

  beforeAll(async () => {
    real = await startMemcached();
    theirs = new LineConnection(net.connect(real.port, '127.0.0.1'));
    const e = fixture.simulator.endpoint('pages');
    const socket = tls.connect({ host: e.host, port: e.port, ca: fixture.simulator.caCertificatePem, servername: e.hostname });
    await new Promise<void>((resolve, reject) => { socket.once('secureConnect', () => resolve()); socket.once('error', reject); });
    ours = new LineConnection(socket);
  }, 60_000);

  afterAll(async () => {
    ours?.close();
    theirs?.close();
    await real?.stop();
  });

  const requests = [
    'flush_all\r\n',
    'set alpha 1 0 5\r\nhello\r\n', 'set beta 2 0 3\r\nabc\r\n', 'add alpha 0 0 1\r\nx\r\n', 'add gamma 0 0 1\r\ng\r\n',
    'replace delta 0 0 1\r\nd\r\n', 'append alpha 0 0 3\r\n!!!\r\n', 'prepend beta 0 0 2\r\n<<\r\n',
    'get alpha beta gamma delta alpha\r\n', 'gets alpha beta\r\n', 'cas beta 0 0 1 999999\r\nz\r\n',
    'set n 0 0 2\r\n10\r\n', 'incr n 5\r\n', 'decr n 100\r\n', 'incr alpha 1\r\n', 'incr missing 1\r\n',
    'touch gamma 100\r\n', 'touch missing 100\r\n', 'gat 100 gamma beta\r\n', 'delete gamma\r\n', 'delete gamma\r\n',
    'set k 0 0 abc\r\n', 'set k 0 0 3\r\nabcd\r\n', 'get\r\n', 'bogus command\r\n',
    'ms meta 2 T0 F3\r\nhi\r\n', 'mg meta v f t s\r\n', 'mg missing v\r\n', 'mg missing v q\r\nmn\r\n', 'ma n\r\n', 'ma n MD D3 v\r\n',
    'md meta\r\n', 'md meta\r\n', 'mn\r\n',
    `set long 0 0 ${'y'.repeat(5000).length}\r\n${'y'.repeat(5000)}\r\n`, 'get long alpha\r\n',
    'set k1 0 0 1\r\n1\r\nset k2 0 0 1\r\n2\r\nget k1 k2\r\ndelete k1 noreply\r\nget k1 k2\r\n',
  ];

  test('the test keys land on both internal engines', () => {
    const cacheRef = memcachedCache(fixture.simulator, 'pages');
    expect(new Set(['alpha', 'beta', 'gamma', 'n', 'meta', 'k1', 'k2'].map((k) => cacheRef.shardOf(k)))).toEqual(new Set([0, 1]));
  });

  test.each(requests.map((r) => [r.length > 60 ? `${r.slice(0, 57)}...` : r, r]))('%j', async (_label, request) => {
    const [a, b] = [await ours.send(request), await theirs.send(request)];
    expect(normalizeCas(a)).toBe(normalizeCas(b));
  });
});

import * as net from 'net';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as memjs from 'memjs';
import { accepts, parameterGroup, stackWith } from './support';
import { SimulatedEndpointType, SimulatorFixture } from '../../../src';

const stack = stackWith((s) => {
  new elasticache.CfnCacheCluster(s, 'Pages', {
    clusterName: 'pages',
    engine: 'memcached',
    engineVersion: '1.6.22',
    cacheNodeType: 'cache.t4g.small',
    numCacheNodes: 3,
    azMode: 'cross-az',
  });
  const big = parameterGroup(s, 'BigItems', 'memcached1.6', { max_item_size: '4194304' });
  new elasticache.CfnCacheCluster(s, 'Blobs', {
    clusterName: 'blobs',
    engine: 'memcached',
    engineVersion: '1.6.22',
    cacheNodeType: 'cache.t4g.small',
    numCacheNodes: 1,
    cacheParameterGroupName: big.ref,
  });
});

/** Sends text commands and collects the reply until `done` matches. */
function memcachedText(port: number, payload: string | Buffer, done = /(END|STORED|ERROR[^\r]*|SERVER_ERROR[^\r]*)\r\n$/): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    const timer = setTimeout(() => { socket.destroy(); resolve(reply); }, 10_000);
    socket.on('data', (d) => {
      reply += d.toString('latin1');
      if (done.test(reply)) {
        clearTimeout(timer);
        socket.end();
        resolve(reply);
      }
    });
    // A timer left running would keep the worker alive after the suite.
    socket.on('error', (err) => { clearTimeout(timer); reject(err); });
    socket.on('close', () => { clearTimeout(timer); resolve(reply); });
    socket.on('connect', () => socket.write(payload));
  });
}

/** What an ElastiCache Auto Discovery client does: `config get cluster` on the configuration endpoint. */
async function discover(port: number): Promise<{ version: number; nodes: { host: string; ip: string; port: number }[] }> {
  const reply = await memcachedText(port, 'config get cluster\r\n');
  const match = /^CONFIG cluster 0 (\d+)\r\n(\d+)\n(.*)\n\r\nEND\r\n$/s.exec(reply);
  if (!match) throw new Error(`unexpected discovery reply ${JSON.stringify(reply)}`);
  expect(Number(match[1])).toBe(match[2].length + match[3].length + 2);
  const nodes = match[3].split(' ').map((entry) => {
    const [host, ip, p] = entry.split('|');
    return { host, ip, port: Number(p) };
  });
  return { version: Number(match[2]), nodes };
}

describe('Memcached cluster', () => {
  const fixture = SimulatorFixture.forStack(stack, { seed: 'e2e-memcached' });
  const sim = () => fixture.simulator;

  test('every node and the configuration endpoint answer config get cluster with the same node list', async () => {
    const cfg = sim().endpoint('pages', SimulatedEndpointType.CONFIGURATION);
    expect(cfg.hostname).toMatch(/^pages\.[a-z0-9]{6}\.cfg\.use1\.cache\.amazonaws\.com$/);
    const nodes = ['0001', '0002', '0003'].map((id) => sim().nodeEndpoint('pages', id));
    const expected = {
      version: 1,
      nodes: nodes.map((n) => ({ host: n.hostname, ip: '127.0.0.1', port: n.port })).sort((a, b) => (a.host < b.host ? -1 : 1)),
    };
    expect(await discover(cfg.port)).toEqual(expected);
    for (const node of nodes) expect(await discover(node.port)).toEqual(expected);
    expect(nodes.map((n) => n.hostname)).toEqual(['0001', '0002', '0003'].map((id) => expect.stringMatching(new RegExp(`^pages\\.[a-z0-9]{6}\\.${id}\\.use1\\.`))));
  });

  test('a discovery client spreads keys over the configured number of nodes', async () => {
    const { nodes } = await discover(sim().endpoint('pages').port);
    expect(nodes).toHaveLength(3);
    const client = memjs.Client.create(nodes.map((n) => `${n.ip}:${n.port}`).join(','), { retries: 1 });
    try {
      for (let i = 0; i < 90; i++) await client.set(`page:${i}`, `html ${i}`, { expires: 600 });
      for (let i = 0; i < 90; i += 17) expect((await client.get(`page:${i}`)).value?.toString()).toBe(`html ${i}`);
    } finally {
      client.close();
    }
    const counts = await Promise.all(nodes.map(async (n) => Number(/STAT curr_items (\d+)/.exec(await memcachedText(n.port, 'stats\r\n'))![1])));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(90);
    expect(counts.every((c) => c > 0)).toBe(true);
  });

  test('the parameter group sets the largest item a node stores', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 'x');
    const store = (port: number) => memcachedText(port, Buffer.concat([Buffer.from(`set blob 0 0 ${big.length}\r\n`), big, Buffer.from('\r\n')]));
    expect(await store(sim().endpoint('pages', SimulatedEndpointType.NODE).port)).toBe('SERVER_ERROR object too large for cache\r\n');
    expect(await store(sim().endpoint('blobs').port)).toBe('STORED\r\n');
  });

  test('a failed node refuses connections; discovery still answers through the others; it comes back empty', async () => {
    const node = sim().nodeEndpoint('pages', '0002');
    await memcachedText(node.port, 'set kept 0 0 1\r\nk\r\n');
    await sim().stopNode('pages', '0002');
    expect(await accepts(node.port)).toBe(false);
    for (let i = 0; i < 4; i++) expect((await discover(sim().endpoint('pages').port)).nodes).toHaveLength(3);
    await sim().startNode('pages', '0002');
    expect(await memcachedText(node.port, 'get kept\r\n')).toBe('END\r\n');
    await expect(sim().failover('pages')).rejects.toThrow(/no replicas/);
  });
});

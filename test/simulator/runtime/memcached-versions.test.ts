import * as net from 'net';
import { Simulator } from '../../../src';

/** One text exchange: sends `request`, resolves with everything received until `expectedLength` bytes. */
function exchange(host: string, port: number, request: string, expectedLength: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, host);
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(data);
    }, 3000);
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      if (data.length >= expectedLength) {
        clearTimeout(timer);
        socket.end();
        resolve(data);
      }
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.write(request);
  });
}

const cluster = (name: string, version: string) => ({
  Type: 'AWS::ElastiCache::CacheCluster',
  Properties: { ClusterName: name, Engine: 'memcached', EngineVersion: version, CacheNodeType: 'cache.t3.small', NumCacheNodes: 1 },
});

describe('memcached nodes answer as their engine version', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await Simulator.fromTemplate({ Resources: { Old: cluster('old-mc', '1.5.16'), Current: cluster('new-mc', '1.6.22') } });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  test('a 1.5.16 node has no meta commands; a 1.6.22 node has them', async () => {
    const request = 'version\r\nmn\r\n';
    const old = sim.endpoint('Old');
    const expectedOld = 'VERSION 1.5.16\r\nERROR\r\n';
    expect(await exchange(old.host, old.port, request, expectedOld.length)).toBe(expectedOld);
    const current = sim.endpoint('Current');
    const expectedCurrent = 'VERSION 1.6.22\r\nMN\r\n';
    expect(await exchange(current.host, current.port, request, expectedCurrent.length)).toBe(expectedCurrent);
  });
});

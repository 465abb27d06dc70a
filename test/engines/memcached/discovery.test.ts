import { binaryRequest, describeBinary, Session, startOurs } from './support/harness';
import { ClusterConfig } from '../../../src/engines/memcached';

/** ElastiCache Auto Discovery as the Memcached user guide specifies it. */
describe('auto discovery', () => {
  test('config get cluster on a standalone node lists the node itself, version 1', async () => {
    const t = await startOurs();
    try {
      const s = await Session.open(t.port);
      const body = `1\nlocalhost|127.0.0.1|${t.port}\n`;
      expect((await s.text('config get cluster\r\n')).toString()).toBe(`CONFIG cluster 0 ${body.length}\r\n${body}\r\nEND\r\n`);
      s.close();
    } finally {
      await t.stop();
    }
  });

  test('the documented example, byte for byte (136 bytes, nodes space-separated on one line)', async () => {
    const t = await startOurs();
    try {
      t.server.setClusterConfig(12, [
        { host: 'myCluster.pc4ldq.0002.use1.cache.amazonaws.com', ip: '10.80.249.27', port: 11211 },
        { host: 'myCluster.pc4ldq.0001.use1.cache.amazonaws.com', ip: '10.82.235.120', port: 11211 },
      ]);
      const s = await Session.open(t.port);
      expect((await s.text('config get cluster\r\n')).toString()).toBe(
        'CONFIG cluster 0 136\r\n12\nmyCluster.pc4ldq.0001.use1.cache.amazonaws.com|10.82.235.120|11211 ' +
        'myCluster.pc4ldq.0002.use1.cache.amazonaws.com|10.80.249.27|11211\n\r\nEND\r\n');
      // Pre-1.4.14 clients read the same data through a reserved key.
      expect((await s.text('get AmazonElastiCache:cluster\r\n')).toString()).toBe(
        'VALUE AmazonElastiCache:cluster 0 136\r\n12\nmyCluster.pc4ldq.0001.use1.cache.amazonaws.com|10.82.235.120|11211 ' +
        'myCluster.pc4ldq.0002.use1.cache.amazonaws.com|10.80.249.27|11211\n\r\nEND\r\n');
      s.close();
    } finally {
      await t.stop();
    }
  });

  test('a node without a known IP keeps both pipes; version changes are served at once', async () => {
    const t = await startOurs({ cluster: { version: 3, nodes: [{ host: 'b.cfg', port: 11211 }, { host: 'a.cfg', ip: '10.0.0.1', port: 11212 }] } });
    try {
      const s = await Session.open(t.port);
      expect((await s.text('config get cluster\r\n')).toString()).toContain('3\na.cfg|10.0.0.1|11212 b.cfg||11211\n\r\nEND');
      t.server.setClusterConfig(4, [{ host: 'a.cfg', ip: '10.0.0.1', port: 11212 }]);
      const body = '4\na.cfg|10.0.0.1|11212\n';
      expect((await s.text('config get cluster\r\n')).toString()).toBe(`CONFIG cluster 0 ${body.length}\r\n${body}\r\nEND\r\n`);
      s.close();
    } finally {
      await t.stop();
    }
  });

  test('other config forms', async () => {
    const t = await startOurs();
    try {
      const s = await Session.open(t.port);
      expect((await s.text('config get other\r\n')).toString()).toBe('END\r\n');
      expect((await s.text('config\r\n')).toString()).toBe('ERROR\r\n');
      expect((await s.text('config set cluster 0 0 1\r\n')).toString()).toBe('ERROR\r\n');
      s.close();
    } finally {
      await t.stop();
    }
  });

  test('binary CONFIG_GET (0x60) answers like a GET with the configuration as value', async () => {
    const t = await startOurs({ cluster: { version: 7, nodes: [{ host: 'n1', ip: '10.0.0.9', port: 11211 }] } });
    try {
      const s = await Session.open(t.port);
      const reply = describeBinary(await s.binary(binaryRequest(0x60, { key: 'cluster', opaque: 1 })));
      expect(reply).toBe('magic=81 op=60 keylen=0 extlen=4 status=0 bodylen=24 opaque=1 cas=0 extras=00000000 key="" value="7\\nn1|10.0.0.9|11211\\n"');
      expect(describeBinary(await s.binary(binaryRequest(0x60, { key: 'nope', opaque: 2 })))).toContain('status=1');
      s.close();
    } finally {
      await t.stop();
    }
  });

  test('invalid configurations are refused with the reason', () => {
    expect(() => new ClusterConfig(-1, [])).toThrow('version must be a non-negative integer');
    expect(() => new ClusterConfig(1, [{ host: 'a b', port: 1 }])).toThrow("must be non-empty without spaces or '|'");
    expect(() => new ClusterConfig(1, [{ host: 'a', port: 70000 }])).toThrow('port 70000 is out of range');
  });
});

import * as crypto from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as tls from 'tls';
import { AddressMap, EndpointListener, PortAllocator, TlsAuthority } from '../../../src/simulator/runtime';
import type { LocalEndpoint } from '../../../src/simulator/runtime';
import { freePort } from '../../support/ports';

/** A listener that answers every connection with `hello <how>` (tls/plain) and closes. */
function greeter(mode: 'plain' | 'required' | 'preferred', authority?: TlsAuthority): EndpointListener {
  return new EndpointListener({
    host: '127.0.0.1',
    mode,
    secureContext: authority ? () => authority.secureContext(['node.example.cache.amazonaws.com']) : undefined,
    onSocket: (socket) => {
      socket.once('data', (d) => socket.end(`hello ${socket instanceof tls.TLSSocket ? 'tls' : 'plain'} ${d}`));
    },
  });
}

function plainExchange(port: number, payload: string): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(payload));
    let reply = '';
    s.on('data', (d) => { reply += d; });
    s.on('close', () => resolve(reply));
    s.on('error', () => resolve(reply));
  });
}

function tlsExchange(port: number, ca: string, servername: string, payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ port, host: '127.0.0.1', ca, servername }, () => s.write(payload));
    let reply = '';
    s.on('data', (d) => { reply += d; });
    s.on('close', () => resolve(reply));
    s.on('error', reject);
  });
}

describe('TLS authority', () => {
  test('issues certificates for the given hostnames, localhost and 127.0.0.1, signed by its CA', () => {
    const authority = new TlsAuthority();
    const ca = new crypto.X509Certificate(authority.caCertificatePem);
    const { certPem, keyPem } = authority.issue(['master.grp.abc123.use1.cache.amazonaws.com', 'replica.grp.abc123.use1.cache.amazonaws.com']);
    const leaf = new crypto.X509Certificate(certPem);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.checkPrivateKey(crypto.createPrivateKey(keyPem))).toBe(true);
    expect(leaf.checkHost('replica.grp.abc123.use1.cache.amazonaws.com')).toBe('replica.grp.abc123.use1.cache.amazonaws.com');
    expect(leaf.checkHost('localhost')).toBe('localhost');
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.checkHost('other.example')).toBeUndefined();
    expect(leaf.publicKey.asymmetricKeyType).toBe('ec');
    expect(Date.parse(leaf.validTo)).toBeGreaterThan(Date.now() + 300 * 24 * 3600 * 1000);
  });

  test('a state directory keeps the CA between runs; without one every authority has its own', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-state-'));
    try {
      const first = new TlsAuthority(dir).caCertificatePem;
      expect(new TlsAuthority(dir).caCertificatePem).toBe(first);
      expect(fs.statSync(path.join(dir, 'tls', 'ca-key.pem')).mode % 0o1000).toBe(0o600);
      expect(new TlsAuthority().caCertificatePem).not.toBe(first);
      fs.writeFileSync(path.join(dir, 'tls', 'ca.pem'), 'not a certificate');
      expect(new TlsAuthority(dir).caCertificatePem).not.toBe(first);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('endpoint listeners', () => {
  const authority = new TlsAuthority();
  const listeners: EndpointListener[] = [];
  afterAll(() => Promise.all(listeners.map((l) => l.stop())));
  const start = async (l: EndpointListener, ports = new PortAllocator()) => {
    listeners.push(l);
    return l.start(ports);
  };

  test('preferred: TLS and plain connections on the same port', async () => {
    const port = await start(greeter('preferred', authority));
    expect(await plainExchange(port, 'PING')).toBe('hello plain PING');
    expect(await tlsExchange(port, authority.caCertificatePem, 'node.example.cache.amazonaws.com', 'PING')).toBe('hello tls PING');
  });

  test('required: plain connections are dropped without a reply', async () => {
    const port = await start(greeter('required', authority));
    expect(await plainExchange(port, 'PING\r\n')).toBe('');
    expect(await tlsExchange(port, authority.caCertificatePem, 'node.example.cache.amazonaws.com', 'x')).toBe('hello tls x');
    await expect(tlsExchange(port, authority.caCertificatePem, 'evil.example', 'x')).rejects.toThrow(/altnames/);
  });

  test('stopping frees the port at once; starting again takes the same port', async () => {
    const l = greeter('plain');
    const port = await start(l);
    await l.stop();
    expect(await plainExchange(port, 'x')).toBe('');
    expect(await start(l)).toBe(port);
    expect(await plainExchange(port, 'x')).toBe('hello plain x');
  });

  test('a base port hands out ports upwards, skipping ports in use', async () => {
    // Other test files take ports too: retry until the port above a free one can be held.
    let base = 0;
    const blocker = net.createServer();
    for (let attempt = 0; attempt < 20 && !blocker.listening; attempt++) {
      base = await freePort();
      await new Promise<void>((r) => {
        blocker.once('error', () => r());
        blocker.listen(base + 1, '127.0.0.1', () => r());
      });
    }
    expect(blocker.listening).toBe(true);
    try {
      const ports = new PortAllocator(base);
      const a = await start(greeter('plain'), ports);
      const b = await start(greeter('plain'), ports);
      expect(a).toBe(base);
      expect(b).toBeGreaterThan(base + 1);
    } finally {
      blocker.close();
    }
    expect(() => new PortAllocator(70000)).toThrow('base port 70000 is not a TCP port (1-65535)');
  });
});

describe('address map', () => {
  test('resolves hostnames case-insensitively and maps host:port pairs for cluster clients', () => {
    const endpoint = (hostname: string, port: number): LocalEndpoint => ({ kind: 'node', hostname, servicePort: 6379, host: '127.0.0.1', port, tls: false, transit: 'plain' });
    const map = new AddressMap([endpoint('a.x.use1.cache.amazonaws.com', 4001), endpoint('b.x.use1.cache.amazonaws.com', 4002)]);
    expect(map.resolve('A.X.use1.cache.amazonaws.com.')?.port).toBe(4001);
    expect(map.resolve('c.x.use1.cache.amazonaws.com')).toBeUndefined();
    expect(map.natMap()).toEqual({
      'a.x.use1.cache.amazonaws.com:6379': { host: '127.0.0.1', port: 4001 },
      'a.x.use1.cache.amazonaws.com:4001': { host: '127.0.0.1', port: 4001 },
      'b.x.use1.cache.amazonaws.com:6379': { host: '127.0.0.1', port: 4002 },
      'b.x.use1.cache.amazonaws.com:4002': { host: '127.0.0.1', port: 4002 },
    });
  });
});

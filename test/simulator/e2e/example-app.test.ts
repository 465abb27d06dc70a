import { App } from 'aws-cdk-lib';
import Redis, { Cluster } from 'ioredis';
import { closeClients, eventually } from './support';
import { addExampleStacks } from '../../../examples/example-app';
import { SimulatedEndpointType, SimulatorFixture } from '../../../src';
import { TextSession } from '../serverless/support';

const app = new App();
addExampleStacks(app);

describe('the example app in the simulator', () => {
  const fixture = SimulatorFixture.forApp(app, { seed: 'example-app' });
  const sim = () => fixture.simulator;
  const clients: { status?: string; quit(): Promise<unknown>; disconnect(): void }[] = [];
  afterAll(() => closeClients(clients));
  const secret = (userId: string) => sim()._runtime.topology.users.find((u) => u.userId === userId)!.authentication.passwords[0];
  const tls = (hostname: string) => ({ ca: sim().caCertificatePem, servername: hostname });

  test('every cache of the example runs, serverless ones included', () => {
    const ids = ['sessions', 'pages', 'fragments', 'profiles', 'events', 'events-west'];
    expect(sim().cacheIds).toEqual(ids);
    const described = sim().describe().caches as { id: string; runtime: { status: string } }[];
    expect(described.map((c) => [c.id, c.runtime.status])).toEqual(ids.map((id) => [id, 'running']));
  });

  test('sessions: serverless Valkey over TLS; its group has no default user, so only its RBAC users get in, within their keys', async () => {
    const endpoint = sim().endpoint('sessions');
    expect(endpoint).toMatchObject({ servicePort: 6379, tls: true });
    const options = {
      host: endpoint.host, port: endpoint.port, tls: tls(endpoint.hostname), enableReadyCheck: false, maxRetriesPerRequest: 0, disconnectTimeout: 50,
    };
    const anonymous = new Redis({ ...options, protocol: 2 });
    anonymous.on('error', () => undefined);
    clients.push(anonymous);
    await expect(anonymous.get('session:1')).rejects.toThrow('NOAUTH Authentication required.');
    const sessionsApp = new Redis({ ...options, username: 'sessions-app', password: secret('sessions-app') });
    clients.push(sessionsApp);
    await sessionsApp.set('session:1', 'token-1');
    expect(await sessionsApp.get('session:1')).toBe('token-1');
    // Valkey 8 words ACL refusals differently from Redis OSS 7.
    await expect(sessionsApp.set('profile:1', 'x')).rejects.toThrow('NOPERM No permissions to access a key');
    await expect(sessionsApp.info('memory')).rejects.toThrow(/^NOPERM .*'info' command$/);
    const reader = sim().endpoint('sessions', SimulatedEndpointType.SERVERLESS_READER);
    const replica = new Redis({ ...options, host: reader.host, port: reader.port, tls: tls(reader.hostname), username: 'sessions-app', password: secret('sessions-app') });
    clients.push(replica);
    await eventually(async () => (await replica.get('session:1')) === 'token-1', 5000, 'the session on the reader endpoint');
  });

  test('pages: serverless Memcached speaks text and meta commands over TLS', async () => {
    const endpoint = sim().endpoint('pages');
    expect(endpoint).toMatchObject({ servicePort: 11211, tls: true });
    const session = await TextSession.open(endpoint, sim().caCertificatePem);
    try {
      expect(await session.send('set page:/home 5 0 5\r\nhello\r\n')).toBe('STORED\r\n');
      expect(await session.send('get page:/home\r\n', ['END\r\n'])).toBe('VALUE page:/home 5 5\r\nhello\r\nEND\r\n');
      expect(await session.send('ms page:/about 2 T0\r\nhi\r\n')).toBe('HD\r\n');
      expect(await session.send('mg page:/about v f\r\n', ['\r\nhi\r\n'])).toBe('VA 2 f0\r\nhi\r\n');
      expect(await session.send('delete page:/home\r\n')).toBe('DELETED\r\n');
      expect(await session.send('mg page:/home v\r\n')).toBe('EN\r\n');
    } finally {
      session.close();
    }
  });

  test('fragments: the TLS Memcached cluster announces its nodes over TLS, and each node stores what it is given', async () => {
    const cfg = sim().endpoint('fragments', SimulatedEndpointType.CONFIGURATION);
    expect(cfg).toMatchObject({ servicePort: 11222, tls: true });
    const discovery = await TextSession.open(cfg, sim().caCertificatePem);
    let announced: string[];
    try {
      const reply = await discovery.send('config get cluster\r\n', ['END\r\n']);
      const match = /^CONFIG cluster 0 \d+\r\n\d+\n(.*)\n\r\nEND\r\n$/s.exec(reply);
      expect(match).not.toBeNull();
      announced = match![1].split(' ').map((entry) => entry.split('|')[0]);
    } finally {
      discovery.close();
    }
    expect(announced).toHaveLength(3);
    for (const [i, hostname] of announced.entries()) {
      expect(hostname).toMatch(/^fragments\.[a-z0-9]{6}\.000\d\.use1\.cache\.amazonaws\.com$/);
      const address = sim().addressMap()[`${hostname}:11222`];
      const node = await TextSession.open({ host: address.host, port: address.port, hostname }, sim().caCertificatePem);
      try {
        expect(await node.send(`set fragment:${i} 0 0 2\r\nf${i}\r\n`)).toBe('STORED\r\n');
        expect(await node.send(`get fragment:${i}\r\n`, ['END\r\n'])).toBe(`VALUE fragment:${i} 0 2\r\nf${i}\r\nEND\r\n`);
      } finally {
        node.close();
      }
    }
  });

  test('profiles: RBAC over TLS, the locked default user, replication to both replicas', async () => {
    const primary = sim().endpoint('profiles', SimulatedEndpointType.PRIMARY);
    expect(primary).toMatchObject({ servicePort: 6380, tls: true, acceptsPlain: false });
    const anonymous = new Redis({
      host: primary.host,
      port: primary.port,
      tls: tls(primary.hostname),
      protocol: 2,
      enableReadyCheck: false,
      maxRetriesPerRequest: 0,
      disconnectTimeout: 50,
    });
    clients.push(anonymous);
    await expect(anonymous.get('profile:1')).rejects.toThrow('NOAUTH Authentication required.');
    const writer = new Redis({ host: primary.host, port: primary.port, tls: tls(primary.hostname), username: 'profiles-app', password: secret('profiles-app'), disconnectTimeout: 50 });
    clients.push(writer);
    await writer.hset('profile:1', 'name', 'Ada');
    // Redis OSS 7.1 words ACL refusals as 7.0 does.
    await expect(writer.set('other', '1')).rejects.toThrow('NOPERM this user has no permissions to access one of the keys used as arguments');
    const replica = sim().nodeEndpoint('profiles', 'profiles-003');
    const reader = new Redis({ host: replica.host, port: replica.port, tls: tls(replica.hostname), username: 'profiles-app', password: secret('profiles-app'), disconnectTimeout: 50 });
    clients.push(reader);
    await eventually(async () => (await reader.hget('profile:1', 'name')) === 'Ada', 2000, 'replicated profile');
    // The application user may not run INFO; the policy shows in the description.
    await expect(writer.info('memory')).rejects.toThrow("NOPERM this user has no permissions to run the 'info' command");
    const profiles = (sim().describe().caches as { id: string; engineConfig: { maxmemoryPolicy: string } }[]).find((c) => c.id === 'profiles')!;
    expect(profiles.engineConfig.maxmemoryPolicy).toBe('allkeys-lru');
  });

  test('events: a cluster client with the AUTH token follows the announced hostnames; the us-west-2 secondary replicates it', async () => {
    const cfg = sim().endpoint('events', SimulatedEndpointType.CONFIGURATION);
    const events = sim()._runtime.topology.caches.find((c) => c.kind === 'replication-group' && c.replicationGroupId === 'events')!;
    if (events.auth.mode !== 'auth-token') throw new Error('events should use an AUTH token');
    const password = events.auth.authToken;
    const cluster = new Cluster([{ host: cfg.host, port: cfg.port }], {
      natMap: sim().addressMap(),
      redisOptions: { tls: { ca: sim().caCertificatePem }, password, disconnectTimeout: 50 },
    });
    clients.push(cluster);
    const slots = await cluster.cluster('SLOTS') as [number, number, [string, number]][];
    expect(slots[0][2][0]).toMatch(/^events-0001-001\.events\.[a-z0-9]{6}\.use1\.cache\.amazonaws\.com$/);
    for (let i = 0; i < 50; i++) await cluster.set(`event:${i}`, `e${i}`);
    expect(await cluster.get('event:42')).toBe('e42');
    const west = sim().endpoint('events-west', SimulatedEndpointType.CONFIGURATION);
    expect(west.hostname).toMatch(/\.usw2\.cache\.amazonaws\.com$/);
    const secondary = new Cluster([{ host: west.host, port: west.port }], {
      natMap: sim().addressMap(),
      redisOptions: { tls: { ca: sim().caCertificatePem }, password, disconnectTimeout: 50 },
    });
    clients.push(secondary);
    await eventually(async () => (await secondary.get('event:42')) === 'e42', 3000, 'cross-Region replication');
    await expect(secondary.set('event:x', 'y')).rejects.toThrow("READONLY You can't write against a read only replica.");
  });
});

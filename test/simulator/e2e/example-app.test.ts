import { App } from 'aws-cdk-lib';
import Redis, { Cluster } from 'ioredis';
import { closeClients, eventually } from './support';
import { addExampleStacks } from '../../../examples/example-app';
import { SimulatedEndpointType, SimulatorFixture } from '../../../src';
import { defaultRuntimes } from '../../../src/simulator/runtime';

const app = new App();
addExampleStacks(app);

describe('the example app in the simulator', () => {
  const fixture = SimulatorFixture.forApp(app, { seed: 'example-app' });
  const sim = () => fixture.simulator;
  const clients: { status?: string; quit(): Promise<unknown>; disconnect(): void }[] = [];
  afterAll(() => closeClients(clients));
  const secret = (userId: string) => sim()._runtime.topology.users.find((u) => u.userId === userId)!.authentication.passwords[0];
  const tls = (hostname: string) => ({ ca: sim().caCertificatePem, servername: hostname });

  test('node-based caches run; serverless caches run when their runtime is registered, else are reported as not started', () => {
    const serverless = defaultRuntimes().runtimeFor('serverless') !== undefined;
    const nodeBased = ['fragments', 'profiles', 'events', 'events-west'];
    expect(sim().cacheIds).toEqual(serverless ? ['sessions', 'pages', ...nodeBased] : nodeBased);
    const described = sim().describe().caches as { id: string; runtime: { status: string; reason?: string } }[];
    expect(described.map((c) => [c.id, c.runtime.status])).toEqual([
      ['sessions', serverless ? 'running' : 'not-started'], ['pages', serverless ? 'running' : 'not-started'],
      ...nodeBased.map((id) => [id, 'running']),
    ]);
    if (!serverless) expect(() => sim().endpoint('sessions')).toThrow('sessions is not running: serverless caches are not simulated yet: nothing listens on its endpoints.');
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

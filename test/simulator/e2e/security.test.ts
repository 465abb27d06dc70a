import * as crypto from 'crypto';
import * as tls from 'tls';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import Redis from 'ioredis';
import { closeClients, eventually, rawExchange, resp, stackWith } from './support';
import { SimulatedEndpointType, SimulatorFixture } from '../../../src';

const TOKEN = 'token-with-sixteen-chars';
const APP_PASSWORD = 'app-password-0123456789';

const stack = stackWith((s) => {
  const base = { engine: 'valkey', engineVersion: '7.2', cacheNodeType: 'cache.t4g.micro', automaticFailoverEnabled: true, numCacheClusters: 2 };
  new elasticache.CfnReplicationGroup(s, 'Tokens', {
    ...base, replicationGroupDescription: 'auth token', replicationGroupId: 'tokens', transitEncryptionEnabled: true, authToken: TOKEN,
  });
  new elasticache.CfnReplicationGroup(s, 'Mixed', {
    ...base, replicationGroupDescription: 'tls preferred', replicationGroupId: 'mixed', transitEncryptionEnabled: true, transitEncryptionMode: 'preferred',
  });
  const defaultUser = new elasticache.CfnUser(s, 'DefaultUser', {
    userId: 'app-default', userName: 'default', engine: 'redis', accessString: 'on ~* -@all +ping +hello +auth', noPasswordRequired: true,
  });
  const appUser = new elasticache.CfnUser(s, 'AppUser', {
    userId: 'app-writer', userName: 'app', engine: 'redis', accessString: 'on ~app:* -@all +@read +@write +@connection', passwords: [APP_PASSWORD],
  });
  const reader = new elasticache.CfnUser(s, 'Reader', {
    userId: 'app-reader', userName: 'reader', engine: 'redis', accessString: 'on ~app:* -@all +@read +@connection', passwords: ['reader-password-01234'],
  });
  const group = new elasticache.CfnUserGroup(s, 'Users', { userGroupId: 'app-users', engine: 'redis', userIds: ['app-default', 'app-writer', 'app-reader'] });
  group.addDependency(defaultUser);
  group.addDependency(appUser);
  group.addDependency(reader);
  const rbac = new elasticache.CfnReplicationGroup(s, 'Rbac', {
    ...base, replicationGroupDescription: 'rbac', replicationGroupId: 'rbac', transitEncryptionEnabled: true, userGroupIds: ['app-users'],
  });
  rbac.addDependency(group);
});

describe('transit encryption, AUTH tokens and RBAC users', () => {
  const fixture = SimulatorFixture.forStack(stack, { seed: 'e2e-security' });
  const sim = () => fixture.simulator;
  const clients: Redis[] = [];
  const tlsClient = (cache: string, extra: Partial<tls.ConnectionOptions> = {}, options: Record<string, unknown> = {}) => {
    const e = sim().endpoint(cache);
    const c = new Redis({
      host: e.host,
      port: e.port,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      disconnectTimeout: 50,
      tls: { ca: sim().caCertificatePem, servername: e.hostname, ...extra },
      ...options,
    });
    c.on('error', () => undefined);
    clients.push(c);
    return c;
  };
  afterAll(() => closeClients(clients));

  test('TLS endpoints present a certificate for their AWS hostnames signed by the simulator CA', async () => {
    const e = sim().endpoint('tokens', SimulatedEndpointType.PRIMARY);
    const cert = await new Promise<tls.PeerCertificate>((resolve, reject) => {
      const socket = tls.connect({ host: e.host, port: e.port, ca: sim().caCertificatePem, servername: e.hostname }, () => {
        resolve(socket.getPeerCertificate());
        socket.end();
      });
      socket.on('error', reject);
    });
    expect(e.hostname).toMatch(/^master\.tokens\.[a-z0-9]{6}\.use1\.cache\.amazonaws\.com$/);
    expect(cert.subjectaltname).toContain(`DNS:${e.hostname}`);
    expect(cert.subjectaltname).toContain(`DNS:${sim().endpoint('tokens', SimulatedEndpointType.READER).hostname}`);
    expect(cert.subjectaltname).toContain('IP Address:127.0.0.1');
    expect(new crypto.X509Certificate(sim().caCertificatePem).ca).toBe(true);
    const wrongName = tlsClient('tokens', { servername: 'evil.example' });
    await expect(wrongName.ping()).rejects.toThrow();
    const untrusted = tlsClient('tokens', { ca: undefined });
    await expect(untrusted.ping()).rejects.toThrow();
  });

  test('TLS required: plain connections get nothing', async () => {
    const { reply, closed } = await rawExchange(sim().endpoint('tokens').port, resp('PING'));
    expect(reply).toBe('');
    expect(closed).toBe(true);
  });

  test('AUTH token: commands need AUTH; the token is the default user password', async () => {
    const anonymous = tlsClient('tokens', {}, { protocol: 2, enableReadyCheck: false });
    await expect(anonymous.get('k')).rejects.toThrow('NOAUTH Authentication required.');
    const resp3 = tlsClient('tokens');
    await expect(resp3.ping()).rejects.toThrow(/^NOAUTH HELLO must be called with the client already authenticated/);
    await expect(anonymous.auth('wrong-token-0123456789')).rejects.toThrow('WRONGPASS invalid username-password pair or user is disabled.');
    expect(await anonymous.auth(TOKEN)).toBe('OK');
    expect(await anonymous.set('k', 'v')).toBe('OK');
    const named = tlsClient('tokens', {}, { username: 'default', password: TOKEN });
    expect(await named.get('k')).toBe('v');
    const replica = new Redis({
      port: sim().nodeEndpoint('tokens', 'tokens-002').port,
      password: TOKEN,
      disconnectTimeout: 50,
      tls: { ca: sim().caCertificatePem, servername: sim().nodeEndpoint('tokens', 'tokens-002').hostname },
    });
    clients.push(replica);
    await eventually(async () => (await replica.get('k')) === 'v', 2000, 'replicated over the authenticated group');
  });

  test('TLS preferred: the same port accepts TLS and plain connections', async () => {
    const e = sim().endpoint('mixed');
    expect(e).toMatchObject({ tls: true, acceptsPlain: true });
    const secure = tlsClient('mixed');
    expect(await secure.set('both', 'ways')).toBe('OK');
    const plain = new Redis({ port: e.port, disconnectTimeout: 50 });
    clients.push(plain);
    expect(await plain.get('both')).toBe('ways');
  });

  test('RBAC: users get what their access strings allow; the default user applies before AUTH', async () => {
    const anonymous = tlsClient('rbac');
    expect(await anonymous.ping()).toBe('PONG');
    await expect(anonymous.get('app:1')).rejects.toThrow("NOPERM User default has no permissions to run the 'get' command");
    const app = tlsClient('rbac', {}, { username: 'app', password: APP_PASSWORD });
    expect(await app.set('app:1', 'one')).toBe('OK');
    await expect(app.set('other:1', 'x')).rejects.toThrow('NOPERM No permissions to access a key');
    const reader = tlsClient('rbac', {}, { username: 'reader', password: 'reader-password-01234' });
    expect(await reader.get('app:1')).toBe('one');
    await expect(reader.set('app:1', 'two')).rejects.toThrow("NOPERM User reader has no permissions to run the 'set' command");
    const wrong = tlsClient('rbac');
    await expect(wrong.auth('app', 'not-the-password-123')).rejects.toThrow('WRONGPASS invalid username-password pair or user is disabled.');
    await expect(app.call('ACL', 'SETUSER', 'app', '+@all')).rejects.toThrow("ERR unknown subcommand 'SETUSER'. Try ACL HELP.");
  });
});

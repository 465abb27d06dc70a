/**
 * Serverless caches authenticate with the RBAC users of their user group (serverless has no AUTH
 * token): a connection authenticates once at the endpoint and is that user on every internal
 * shard, with the user's access string enforced there.
 */
import { SecretValue } from 'aws-cdk-lib';
import type { RedisOptions } from 'ioredis';
import { createClient } from 'redis';
import { cache, redis, redisCluster, serverlessStack, TextSession, tlsFor } from './support';
import { SimulatorFixture } from '../../../src';
import { AccessControl, PasswordUser, UserGroup } from '../../../src/constructs';

const APP_PASSWORD = 'app-password-0123456789';
const READER_PASSWORD = 'reader-password-0123456';

const stack = serverlessStack((s, vpc) => {
  const app = new PasswordUser(s, 'App', {
    userId: 'app-writer', userName: 'app', accessControl: AccessControl.fromAccessString('on ~app:* +@all'), passwords: [SecretValue.unsafePlainText(APP_PASSWORD)],
  });
  const reader = new PasswordUser(s, 'Reader', {
    userId: 'app-reader',
    userName: 'reader',
    accessControl: AccessControl.fromAccessString('on ~app:* -@all +@read +@connection +cluster'),
    passwords: [SecretValue.unsafePlainText(READER_PASSWORD)],
  });
  // The group's default user is disabled: connections must authenticate.
  const disabledDefault = new PasswordUser(s, 'Default', {
    userId: 'app-default', userName: 'default', accessControl: AccessControl.fromAccessString('off ~* -@all'), passwords: [SecretValue.unsafePlainText('default-password-0123')],
  });
  const group = new UserGroup(s, 'Users', { userGroupId: 'app-users', users: [disabledDefault, app, reader] });
  cache(s, vpc, 'Secured', { serverlessCacheName: 'secured', userGroup: group });
  // A Valkey group may leave out `default`; connections must then authenticate all the same.
  const withoutDefault = new UserGroup(s, 'NoDefault', { userGroupId: 'no-default', users: [app] });
  cache(s, vpc, 'NoDefaultCache', { serverlessCacheName: 'no-default', userGroup: withoutDefault });
});

describe('serverless RBAC', () => {
  const fixture = SimulatorFixture.forStack(stack, { seed: 'serverless-rbac' });
  const sim = () => fixture.simulator;
  const clients: { disconnect(): void }[] = [];
  const client = (options: RedisOptions = {}) => {
    const c = redis(sim(), sim().endpoint('secured'), { maxRetriesPerRequest: 0, enableReadyCheck: false, ...options });
    clients.push(c);
    return c;
  };
  afterAll(() => clients.forEach((c) => c.disconnect()));

  test('without AUTH every command is refused, CLUSTER SLOTS included; a wrong password is refused', async () => {
    const s = await TextSession.open(sim().endpoint('secured'), sim().caCertificatePem);
    try {
      for (const command of ['GET app:x', 'CLUSTER SLOTS', 'DBSIZE', 'HELLO 3']) {
        expect([command, await s.send(`${command}\r\n`)]).toEqual([command, expect.stringMatching(/^-NOAUTH /)]);
      }
      expect(await s.send('AUTH app not-the-password\r\n')).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n');
      expect(await s.send('GET app:x\r\n')).toBe('-NOAUTH Authentication required.\r\n');
      expect(await s.send(`AUTH app ${APP_PASSWORD}\r\n`)).toBe('+OK\r\n');
      expect(await s.send('GET app:x\r\n')).toBe('$-1\r\n');
    } finally {
      s.close();
    }
  });

  test('a user group without a default user leaves no open default: NOAUTH until AUTH', async () => {
    const s = await TextSession.open(sim().endpoint('no-default'), sim().caCertificatePem);
    try {
      expect(await s.send('GET app:x\r\n')).toBe('-NOAUTH Authentication required.\r\n');
      expect(await s.send('AUTH default anything\r\n')).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n');
      expect(await s.send(`AUTH app ${APP_PASSWORD}\r\n`)).toBe('+OK\r\n');
      expect(await s.send('GET app:x\r\n')).toBe('$-1\r\n');
    } finally {
      s.close();
    }
  });

  test('the right password lets the user work on keys of every shard, within its key patterns', async () => {
    const c = client({ username: 'app', password: APP_PASSWORD });
    for (let i = 0; i < 50; i++) await c.set(`app:${i}`, String(i));
    expect(await c.get('app:49')).toBe('49');
    expect(await c.call('ACL', 'WHOAMI')).toBe('app');
    await expect(c.set('other:1', 'x')).rejects.toThrow('NOPERM No permissions to access a key');
  });

  test('a read-only user reads but cannot write', async () => {
    const c = client({ username: 'reader', password: READER_PASSWORD });
    expect(await c.get('app:1')).toBe('1');
    await expect(c.set('app:1', 'x')).rejects.toThrow("NOPERM User reader has no permissions to run the 'set' command");
  });

  test('ioredis Cluster and node-redis authenticate through the endpoint', async () => {
    const cluster = redisCluster(sim(), sim().endpoint('secured'), { redisOptions: { username: 'app', password: APP_PASSWORD } });
    clients.push(cluster);
    await cluster.set('app:cluster', 'yes');
    expect(await cluster.get('app:cluster')).toBe('yes');
    const e = sim().endpoint('secured');
    const nodeRedis = createClient({ socket: { host: e.host, port: e.port, tls: true, ...tlsFor(sim(), e) }, username: 'app', password: APP_PASSWORD, RESP: 3 });
    await nodeRedis.connect();
    try {
      expect(await nodeRedis.get('app:cluster')).toBe('yes');
    } finally {
      await nodeRedis.quit();
    }
  });
});

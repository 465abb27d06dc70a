/** ACL users through real clients: ioredis and node-redis authenticating as users, NOPERM errors. */
import Redis from 'ioredis';
import { createClient } from 'redis';
import { startEngine } from './acl-support';
import { aclOf } from '../../../src/engines/valkey/acl/acl';
import type { ValkeyServer } from '../../../src/engines/valkey/server/server';

let server: ValkeyServer;
let port: number;

beforeAll(async () => {
  ({ server, port } = await startEngine());
  const acl = aclOf(server);
  acl.applyRbacUser({ userName: 'writer', accessString: 'on ~app:* &events:* +@all -@dangerous', passwords: ['writer-password-1234'] });
  acl.applyRbacUser({ userName: 'reader', accessString: 'on ~app:* +@read +@connection', passwords: ['reader-password-1234'] });
});

afterAll(() => server.stop());

describe('ioredis', () => {
  test.each([2, 3] as const)('RESP%i: username and password authenticate as the user', async (protocol) => {
    const client = new Redis({ port, host: '127.0.0.1', protocol, username: 'writer', password: 'writer-password-1234', lazyConnect: true, maxRetriesPerRequest: 0 });
    await client.connect();
    expect(await client.acl('WHOAMI')).toBe('writer');
    expect(await client.set('app:1', 'v')).toBe('OK');
    await expect(client.set('other', 'v')).rejects.toThrow('NOPERM No permissions to access a key');
    await expect(client.flushall()).rejects.toThrow("NOPERM User writer has no permissions to run the 'flushall' command");
    client.disconnect();
  });

  test.each([2, 3] as const)('RESP%i: a wrong password fails the connection with WRONGPASS', async (protocol) => {
    const client = new Redis({ port, host: '127.0.0.1', protocol, username: 'writer', password: 'nope', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    const errors: string[] = [];
    client.on('error', (e: Error) => errors.push(e.message));
    await client.connect().catch(() => undefined);
    expect(errors).toContain('WRONGPASS invalid username-password pair or user is disabled.');
    client.disconnect();
  });

  test('a read-only user reads and is refused writes', async () => {
    const client = new Redis({ port, host: '127.0.0.1', username: 'reader', password: 'reader-password-1234', lazyConnect: true, maxRetriesPerRequest: 0 });
    await client.connect();
    expect(await client.mget('app:1', 'app:2')).toEqual([expect.anything(), null]);
    await expect(client.del('app:1')).rejects.toThrow("NOPERM User reader has no permissions to run the 'del' command");
    client.disconnect();
  });
});

describe('node-redis', () => {
  test.each([2, 3] as const)('RESP%i: users authenticate with HELLO AUTH', async (resp) => {
    const client = createClient({ socket: { port, host: '127.0.0.1' }, username: 'writer', password: 'writer-password-1234', RESP: resp });
    client.on('error', () => undefined);
    await client.connect();
    expect(await client.aclWhoAmI()).toBe('writer');
    await client.set('app:n', '1');
    expect(await client.incr('app:n')).toBe(2);
    await expect(client.get('secret')).rejects.toThrow(/NOPERM/);
    client.destroy();
  });

  test('ACL commands through the client API', async () => {
    const admin = createClient({ socket: { port, host: '127.0.0.1' } });
    await admin.connect();
    expect(await admin.aclSetUser('temp', ['on', '>temp-password', '~*', '+get'])).toBe('OK');
    expect(await admin.aclUsers()).toEqual(['default', 'reader', 'temp', 'writer']);
    const user = await admin.aclGetUser('temp');
    expect(user.flags).toEqual(['on', 'sanitize-payload']);
    expect(user.commands).toBe('-@all +get');
    expect(await admin.aclDryRun('temp', ['set', 'k', 'v'])).toBe("User temp has no permissions to run the 'set' command");
    expect(await admin.aclDelUser('temp')).toBe(1);
    expect((await admin.aclCat()).length).toBe(21);
    expect((await admin.aclGenPass(64)).length).toBe(16);
    admin.destroy();
  });
});

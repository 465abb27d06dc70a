/**
 * ACL unit tests for what the differential suite (redis-server 7.0.15) cannot show: 7.2/Valkey
 * behaviour, the describe algorithm's exactness, the RBAC API the simulator uses, requirepass at
 * start, renamed commands, and the in-process clients that run without a user.
 */
import { createHash } from 'crypto';
import { errorText, Session, startEngine } from './acl-support';
import { Acl, aclOf } from '../../../src/engines/valkey/acl/acl';
import { describeUser } from '../../../src/engines/valkey/acl/describe';
import { User } from '../../../src/engines/valkey/acl/user';
import { ValkeyServer } from '../../../src/engines/valkey/server/server';

/** A deterministic pseudo-random sequence (tests must not depend on Math.random). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function sameBits(a: User, b: User): boolean {
  return a.selectors.length === b.selectors.length
    && a.selectors.every((s, i) => s.allowed.every((w, j) => w === b.selectors[i].allowed[j]));
}

describe('describing rules', () => {
  const RULES = ['+@read', '-@read', '+@write', '-@write', '+@string', '-@string', '+@all', '-@all', '+@dangerous', '-@dangerous',
    '+@keyspace', '-@keyspace', '+@slow', '-@fast', '+get', '-get', '+set', '-set', '+client', '-client|kill', '+config|get',
    '-config', '+select|0', '+select|5', '-select', '+@hash', '-hset', '+@connection', '-@admin', '+acl|whoami', '+debug|object'];

  for (const version of ['7.0.15', '7.2.4']) {
    test(`ACL LIST rules rebuild the same permissions (${version})`, () => {
      const server = new ValkeyServer({ port: 0, version });
      const acl = aclOf(server);
      const random = lcg(version === '7.0.15' ? 7 : 72);
      for (let round = 0; round < 150; round++) {
        const rules: string[] = [];
        const n = 1 + Math.floor(random() * 8);
        for (let i = 0; i < n; i++) rules.push(RULES[Math.floor(random() * RULES.length)]);
        expect(acl.setUser('p', ['reset', ...rules])).toBeUndefined();
        const original = acl.getUser('p')!;
        const described = describeUser(original, acl.style).split(' ').filter((r) => r !== '');
        expect(acl.setUser('q', ['reset', ...described])).toBeUndefined();
        const rebuilt = acl.getUser('q')!;
        if (!sameBits(original, rebuilt)) throw new Error(`rules ${rules.join(' ')} described as ${described.join(' ')}`);
        expect(describeUser(rebuilt, acl.style)).toBe(describeUser(original, acl.style));
      }
    });
  }
});

describe('7.2 (Valkey) behaviour', () => {
  let acl: Acl;
  beforeEach(() => {
    acl = aclOf(new ValkeyServer({ port: 0, version: '7.2.4' }));
  });

  test('rules are shown as written, new users sanitize payloads', () => {
    expect(acl.setUser('u', ['on', '>p', '~k*', '+get', '+@string', '-set', '+client|id', '-@all', '+set', '+get'])).toBeUndefined();
    expect(describeUser(acl.getUser('u')!, acl.style)).toBe(
      'on sanitize-payload #148de9c5a7a44d19e56cd9ae1a554bf67847afb0c58f6e12fa29ac7ddfca9940 ~k* resetchannels -@all +set +get');
    expect(acl.setUser('v', ['+@all', '-@dangerous', '+client', '-client|kill', '+client'])).toBeUndefined();
    expect(describeUser(acl.getUser('v')!, acl.style)).toBe('off sanitize-payload resetchannels +@all -@dangerous +client');
    expect(describeUser(acl.defaultUser, acl.style)).toBe('on nopass sanitize-payload ~* &* +@all');
  });

  test('a later rule on a command replaces the earlier one and its subcommand rules', () => {
    acl.setUser('u', ['+config|get', '+config|set', '-config', '+@read', '-@READ', '+get']);
    expect(describeUser(acl.getUser('u')!, acl.style)).toBe('off sanitize-payload resetchannels -@all -config -@read +get');
  });

  test('selectors keep their own written rules', () => {
    acl.setUser('u', ['on', 'nopass', '+get', '(+set ~b* +del)']);
    expect(describeUser(acl.getUser('u')!, acl.style)).toBe('on nopass sanitize-payload resetchannels -@all +get (~b* resetchannels -@all +set +del)');
  });
});

describe('RBAC users for the simulator', () => {
  let server: ValkeyServer;
  let port: number;
  beforeEach(async () => ({ server, port } = await startEngine({ version: '7.2.4' })));
  afterEach(() => server.stop());

  test('password user from an access string', async () => {
    aclOf(server).applyRbacUser({ userName: 'app', accessString: 'on ~app:* -@all +get +set', passwords: ['secret-one-0123456789'] });
    const s = await Session.open(port);
    expect(await s.call('AUTH', 'app', 'wrong')).toBeInstanceOf(Error);
    expect(await s.call('AUTH', 'app', 'secret-one-0123456789')).toBe('OK');
    expect(await s.call('SET', 'app:1', 'v')).toBe('OK');
    expect(errorText(await s.call('SET', 'other', 'v'))).toBe('NOPERM No permissions to access a key');
    expect(errorText(await s.call('DEL', 'app:1'))).toBe("NOPERM User app has no permissions to run the 'del' command");
    s.close();
  });

  test('no-password user and a replaced default user', async () => {
    const acl = aclOf(server);
    acl.replaceUsers([
      { userName: 'default', accessString: 'off -@all' },
      { userName: 'reader', accessString: 'on ~* +@read', noPassword: true },
    ]);
    const s = await Session.open(port);
    expect(errorText(await s.call('GET', 'k'))).toBe('NOAUTH Authentication required.');
    expect(await s.call('AUTH', 'reader', 'anything')).toBe('OK');
    expect(await s.call('GET', 'k')).toBeNull();
    expect(acl.listUsers().map((u) => u.name)).toEqual(['default', 'reader']);
    s.close();
  });

  test('replacing the users closes connections of removed users and restores the default user', async () => {
    const acl = aclOf(server);
    acl.applyRbacUser({ userName: 'gone', accessString: 'on ~* +@all', passwords: ['pw-gone-0123456789'] });
    const s = await Session.open(port);
    expect(await s.call('AUTH', 'gone', 'pw-gone-0123456789')).toBe('OK');
    acl.replaceUsers([]);
    expect(await s.call('PING')).toBeUndefined();
    expect(s.closed).toBe(true);
    expect(describeUser(acl.defaultUser, acl.style)).toBe('on nopass sanitize-payload ~* &* +@all');
  });

  test('an invalid access string changes nothing and says why', () => {
    const acl = aclOf(server);
    acl.applyRbacUser({ userName: 'keep', accessString: 'on ~a +get', noPassword: true });
    expect(() => acl.replaceUsers([{ userName: 'keep', accessString: 'on +nosuchcommand' }]))
      .toThrow("Error in ACL SETUSER modifier '+nosuchcommand': Unknown command or category name in ACL");
    expect(() => acl.applyRbacUser({ userName: 'bad name', accessString: 'on' })).toThrow("Usernames can't contain spaces or null characters");
    expect(describeUser(acl.getUser('keep')!, acl.style)).toBe('on nopass sanitize-payload ~a resetchannels -@all +get');
  });
});

describe('7.2 replies', () => {
  let server: ValkeyServer;
  let port: number;
  beforeAll(async () => ({ server, port } = await startEngine({ version: '7.2.4' })));
  afterAll(() => server.stop());

  test('NOPERM texts, DRYRUN and the log entry fields', async () => {
    const admin = await Session.open(port);
    await admin.call('ACL', 'LOG', 'RESET');
    await admin.call('ACL', 'SETUSER', 'u', 'on', '>p', '~k*', '+get', '+publish');
    const s = await Session.open(port);
    await s.call('AUTH', 'u', 'p');
    expect(errorText(await s.call('SET', 'k', 'v'))).toBe("NOPERM User u has no permissions to run the 'set' command");
    expect(errorText(await s.call('GET', 'x'))).toBe('NOPERM No permissions to access a key');
    expect(errorText(await s.call('PUBLISH', 'c', 'm'))).toBe('NOPERM No permissions to access a channel');
    expect(await admin.call('ACL', 'DRYRUN', 'u', 'get', 'x')).toBe("User u has no permissions to access the 'x' key");
    expect(await admin.call('ACL', 'DRYRUN', 'u', 'set', 'k', 'v')).toBe("User u has no permissions to run the 'set' command");
    await s.call('GET', 'x');
    const log = await admin.call('ACL', 'LOG') as unknown[][];
    expect(log).toHaveLength(3);
    const newest = log[0];
    expect(newest.filter((_, i) => i % 2 === 0)).toEqual(['count', 'reason', 'context', 'object', 'username', 'age-seconds', 'client-info',
      'entry-id', 'timestamp-created', 'timestamp-last-updated']);
    const field = (entry: unknown[], name: string) => {
      const v = entry[entry.indexOf(name) + 1];
      return typeof v === 'bigint' ? Number(v) : v;
    };
    expect(field(newest, 'count')).toBe(2);
    expect(field(newest, 'object')).toBe('x');
    expect(field(log[2], 'entry-id')).toBe(0);
    expect(field(log[0], 'entry-id')).toBe(1);
    expect(field(newest, 'timestamp-last-updated') as number).toBeGreaterThanOrEqual(field(newest, 'timestamp-created') as number);
    await s.call('AUTH', 'u', 'wrong');
    const stats = String(await admin.call('INFO', 'stats'));
    expect(stats).toContain('acl_access_denied_auth:1\r\nacl_access_denied_cmd:1\r\nacl_access_denied_key:2\r\nacl_access_denied_channel:1\r\n');
    s.close();
    admin.close();
  });

  test("a script's refused commands are worded as 7.2 words them; acl_check_cmd logs nothing", async () => {
    const admin = await Session.open(port);
    await admin.call('ACL', 'LOG', 'RESET');
    await admin.call('ACL', 'SETUSER', 'script-user', 'on', '>p', '~k*', '&ch', '+@all', '-set');
    const s = await Session.open(port);
    await s.call('AUTH', 'script-user', 'p');
    const sha = (body: string) => createHash('sha1').update(body).digest('hex');
    const setBody = "return redis.call('set','k','v')";
    expect(errorText(await s.call('EVAL', setBody, '0'))).toBe(
      `ERR ACL failure in script: User script-user has no permissions to run the 'set' command script: ${sha(setBody)}, on @user_script:1.`);
    const getBody = "return redis.call('get','x')";
    expect(errorText(await s.call('EVAL', getBody, '0'))).toBe(
      `ERR ACL failure in script: No permissions to access a key script: ${sha(getBody)}, on @user_script:1.`);
    expect(errorText(await s.call('EVAL', "return redis.pcall('publish','x','m')", '0'))).toBe(
      'ERR ACL failure in script: No permissions to access a channel');
    expect((await admin.call('ACL', 'LOG') as unknown[]).length).toBe(3);
    expect(await s.call('EVAL', "return redis.acl_check_cmd('get','x')", '0')).toBeNull();
    expect(await s.call('EVAL', "return redis.acl_check_cmd('get','k1')", '0')).toBe(1n);
    expect(await s.call('EVAL', "return redis.acl_check_cmd('set','k1','v')", '0')).toBeNull();
    expect((await admin.call('ACL', 'LOG') as unknown[]).length).toBe(3);
    s.close();
    admin.close();
  });
});

describe('who is checked', () => {
  test('requirepass given at start is the default user password', async () => {
    const { server, port } = await startEngine({ config: { requirepass: 'start-pw' } });
    const s = await Session.open(port);
    expect(errorText(await s.call('PING'))).toBe('NOAUTH Authentication required.');
    expect(await s.call('AUTH', 'default', 'start-pw')).toBe('OK');
    expect(await s.call('CONFIG', 'SET', 'requirepass', '')).toBe('OK');
    expect((await s.call('ACL', 'GETUSER', 'default') as unknown[])[1]).toContain('nopass');
    s.close();
    await server.stop();
  });

  test('rules follow a renamed command; unknown-to-us commands are still valid in rules', async () => {
    const { server, port } = await startEngine({ renamedCommands: { get: 'fetch' }, disabledCommands: ['flushall'] });
    const s = await Session.open(port);
    expect(await s.call('ACL', 'SETUSER', 'u', 'on', 'nopass', '~*', '+get', '+flushall', '+lpush', '+xadd', '+georadius')).toBe('OK');
    await s.call('AUTH', 'u', 'x');
    expect(await s.call('FETCH', 'k')).toBeNull();
    expect(errorText(await s.call('SET', 'k', 'v'))).toMatch(/^NOPERM/);
    s.close();
    await server.stop();
  });

  test('in-process clients run without a user, as redis runs its own clients', () => {
    const server = new ValkeyServer({ port: 0 });
    const internal = server.createInternalClient();
    server.runCommand(internal, ['ACL', 'SETUSER', 'default', 'resetkeys', '-@all']);
    expect(server.runCommand(internal, ['SET', 'k', 'v']).toString()).toBe('+OK\r\n');
  });
});

/**
 * Data-plane checks of every cache an integ app starts, with real clients: Valkey / Redis OSS
 * caches get a PING and a SET/GET round trip on their main endpoint (over TLS when the endpoint
 * speaks it, with the AUTH token when the cache has one, following a MOVED redirection on
 * cluster-mode groups) and a read of that key on the reader endpoint once replicas caught up;
 * Global Datastore secondaries must refuse the write; node-based caches behind RBAC users refuse
 * commands before AUTH (without an enabled `default` user), a read-only user's write and a
 * key-prefix user's other keys; parameter groups' values show in the engine (see
 * parameter-checks.ts); Memcached caches a set/get on every node.
 */
import * as net from 'net';
import * as tls from 'tls';
import type Redis from 'ioredis';
import { check, CheckResult, Credentials, expectEqual, redisClient, until } from './checks';
import { parameterChecks } from './parameter-checks';
import { SimulatedEndpoint, SimulatedEndpointType, Simulator } from '../../src';
import type { CacheModel } from '../../src/simulator/model';

export type { CheckResult } from './checks';

/** SET on a client, following one MOVED redirection to the node that owns the slot. */
async function setFollowingMoved(sim: Simulator, client: Redis, auth: Credentials | undefined, key: string, value: string): Promise<Redis> {
  try {
    expectEqual(await client.set(key, value), 'OK', `SET ${key}`);
    return client;
  } catch (err) {
    const moved = /^MOVED \d+ ([^:]+):(\d+)$/.exec((err as Error).message);
    if (!moved) throw err;
    const target = sim.resolveHostname(moved[1]);
    if (!target) throw new Error(`MOVED to ${moved[1]}:${moved[2]}, which no simulated endpoint answers`);
    const owner = redisClient(sim, { ...target, port: Number(moved[2]) === target.servicePort ? target.port : Number(moved[2]) }, auth);
    await owner.connect();
    expectEqual(await owner.set(key, value), 'OK', `SET ${key} on ${moved[1]}`);
    return owner;
  }
}

/** The users of the cache's user groups. */
function groupUsers(sim: Simulator, model: CacheModel) {
  if (model.auth.mode !== 'rbac') return [];
  const topology = sim._runtime.topology;
  const groupIds = model.auth.userGroupIds;
  const userIds = new Set(topology.userGroups.filter((g) => groupIds.includes(g.userGroupId)).flatMap((g) => g.userIds));
  return topology.users.filter((u) => userIds.has(u.userId));
}

/** Whether an access string holds a rule (`on`, `~*`, `+@all`, …) as a whole word. */
function hasRule(access: string, rule: string): boolean {
  return access.split(' ').includes(rule);
}

/** Whether the user is enabled: the last of its `on` / `off` rules is `on` (users start off). */
function isEnabled(access: string): boolean {
  const switches = access.split(' ').filter((r) => r === 'on' || r === 'off');
  return switches[switches.length - 1] === 'on';
}

/** Any password logs a no-password-required user in; this one says so in transcripts. */
const ANY_PASSWORD = 'any-password-is-accepted';

/** How a user of the groups logs in: its first password, any password when it needs none, nothing for IAM users. */
function loginOf(user: ReturnType<typeof groupUsers>[number]): Credentials | undefined {
  if (user.authentication.type === 'password' && user.authentication.passwords.length > 0) {
    return { username: user.userName, password: user.authentication.passwords[0] };
  }
  return user.authentication.type === 'no-password-required' ? { username: user.userName, password: ANY_PASSWORD } : undefined;
}

/** The first password user of the cache's groups whose access string passes `accepts`, with its password. */
function passwordUser(sim: Simulator, model: CacheModel, accepts: (access: string) => boolean): Credentials | undefined {
  return groupUsers(sim, model).filter((u) => u.authentication.type === 'password' && accepts(u.accessString)).map(loginOf).find((c) => c);
}

/**
 * A user of the cache's user groups that may run every command on every key, with its password
 * (undefined when the groups have none).
 */
function rbacUser(sim: Simulator, model: CacheModel): Credentials | undefined {
  return passwordUser(sim, model, (a) => hasRule(a, 'on') && hasRule(a, '~*') && hasRule(a, '+@all'));
}

/** Whether an enabled user may read but not write (a write must answer NOPERM). */
function isReadOnly(access: string): boolean {
  return isEnabled(access) && hasRule(access, '+@read') && !hasRule(access, '+@all') && !hasRule(access, '+@write');
}

/**
 * The key patterns of an access string when they are plain prefixes (`~metrics:*`, `%R~logs:*`) and
 * none covers every key; undefined otherwise (every key, or patterns too rich to pick keys from).
 */
function keyPrefixes(access: string): string[] | undefined {
  const rules = access.split(' ');
  if (rules.some((r) => r === 'allkeys' || r === 'resetkeys')) return undefined;
  const patterns = rules.filter((r) => /^(%R?W?~|~)/.test(r)).map((r) => r.slice(r.indexOf('~') + 1));
  if (patterns.length === 0 || !patterns.every((p) => /^[^*?[\\]+\*$/.test(p))) return undefined;
  return patterns.map((p) => p.slice(0, -1));
}

/** RESP array of a command. */
function resp(...args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

/** AUTH then one command over a fresh connection; returns the command's reply line after checking AUTH said +OK. */
async function asUser(sim: Simulator, main: SimulatedEndpoint, user: Credentials, ...command: string[]): Promise<string> {
  const twoLines = (r: string) => r.split('\r\n').length >= 3 && r.endsWith('\r\n');
  const reply = await rawRequest(sim, main, resp('AUTH', user.username!, user.password) + resp(...command), twoLines);
  const [auth, answer] = reply.split('\r\n');
  const how = user.password === ANY_PASSWORD ? ' (no password required, any password accepted)' : '';
  expectEqual(auth, '+OK', `AUTH ${user.username}${how}`);
  return answer;
}

/**
 * Node-based RBAC: when its groups have no enabled `default` user a connection starts
 * unauthenticated (NOAUTH); a read-only user's write is refused (NOPERM); a user limited to key
 * prefixes may read there and is refused elsewhere (NOPERM). Users that need no password log in
 * with any password.
 */
async function rbacChecks(sim: Simulator, model: CacheModel, main: SimulatedEndpoint, label: string, key: string): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const users = groupUsers(sim, model);
  const defaultUser = users.find((u) => u.userName === 'default');
  if (!defaultUser || !isEnabled(defaultUser.accessString)) {
    const why = defaultUser ? `the default user is off: ${defaultUser.accessString}` : 'no default user';
    results.push(await check(`${label}: commands before AUTH are refused (${why})`, async () => {
      const reply = await rawRequest(sim, main, resp('GET', key), (r) => r.endsWith('\r\n'));
      if (!reply.startsWith('-NOAUTH')) throw new Error(`GET without AUTH answered ${JSON.stringify(reply)} instead of -NOAUTH`);
    }));
  }
  for (const user of users.filter((u) => u.userName !== 'default')) {
    const login = loginOf(user);
    if (!login) continue;
    const who = `${user.authentication.type === 'password' ? '' : 'no-password '}user ${user.userName}`;
    if (isReadOnly(user.accessString)) {
      results.push(await check(`${label}: a SET by read-only ${who} is refused (NOPERM)`, async () => {
        const set = await asUser(sim, main, login, 'SET', key, 'x');
        if (!set.startsWith('-NOPERM')) throw new Error(`SET as ${user.userName} answered ${JSON.stringify(set)} instead of -NOPERM`);
      }));
    }
    const prefixes = keyPrefixes(user.accessString);
    if (isEnabled(user.accessString) && prefixes && !prefixes.some((p) => key.startsWith(p))) {
      results.push(await check(`${label}: ${who} reads ${prefixes[0]}* and is refused ${key} (NOPERM)`, async () => {
        const inside = await asUser(sim, main, login, 'GET', `${prefixes[0]}integ-check`);
        if (inside.startsWith('-NOPERM') || inside.startsWith('-NOAUTH')) throw new Error(`GET ${prefixes[0]}integ-check as ${user.userName} answered ${JSON.stringify(inside)}`);
        const outside = await asUser(sim, main, login, 'GET', key);
        if (!outside.startsWith('-NOPERM')) throw new Error(`GET ${key} as ${user.userName} answered ${JSON.stringify(outside)} instead of -NOPERM`);
      }));
    }
  }
  return results;
}

async function valkeyChecks(sim: Simulator, id: string, model: CacheModel, secondary: boolean): Promise<CheckResult[]> {
  const auth: Credentials | undefined = model.auth.mode === 'auth-token' ? { password: model.auth.authToken } : rbacUser(sim, model);
  const main = sim.endpoint(id);
  const how = model.auth.mode === 'auth-token' ? ', AUTH token' : auth?.username ? `, user ${auth.username}` : '';
  const label = `${id} (${main.type} ${main.hostname}${main.tls ? ', TLS' : ''}${how})`;
  const client = redisClient(sim, main, auth);
  const opened: Redis[] = [client];
  const key = `integ:{check}:${id}`;
  try {
    const results: CheckResult[] = [];
    if (model.auth.mode === 'auth-token') {
      results.push(await check(`${label}: commands without the AUTH token are refused`, async () => {
        const reply = await rawRequest(sim, main, `*2\r\n$3\r\nGET\r\n$${Buffer.byteLength(key)}\r\n${key}\r\n`, (r) => r.endsWith('\r\n'));
        if (!reply.startsWith('-NOAUTH')) throw new Error(`GET without AUTH answered ${JSON.stringify(reply)} instead of -NOAUTH`);
      }));
    }
    if (model.auth.mode === 'rbac' && model.kind !== 'serverless') results.push(...await rbacChecks(sim, model, main, label, key));
    results.push(await check(`${label}: PING`, async () => {
      await client.connect();
      expectEqual(await client.ping(), 'PONG', 'PING');
    }));
    if (secondary) {
      results.push(await check(`${label}: a Global Datastore secondary refuses writes`, async () => {
        const refused = await client.set(key, 'x').then(() => '', (err: Error) => err.message);
        if (!refused.startsWith('READONLY')) throw new Error(`SET answered ${refused ? `'${refused}'` : 'OK'} instead of READONLY`);
      }));
      return results;
    }
    let owner = client;
    results.push(await check(`${label}: SET then GET`, async () => {
      owner = await setFollowingMoved(sim, client, auth, key, 'integ-value');
      if (owner !== client) opened.push(owner);
      expectEqual(await owner.get(key), 'integ-value', `GET ${key}`);
    }));
    const hasReader = model.kind === 'replication-group' && model.clusterMode === 'disabled' && model.shards[0]?.replicas.length > 0;
    if (hasReader) {
      results.push(await check(`${label}: the reader endpoint sees the write`, async () => {
        const reader = redisClient(sim, sim.endpoint(id, SimulatedEndpointType.READER), auth);
        opened.push(reader);
        await reader.connect();
        await until(`${key} on the reader endpoint`, async () => (await reader.get(key)) === 'integ-value');
      }));
    }
    results.push(...await parameterChecks(sim, model, main, client, auth, label));
    return results;
  } finally {
    opened.forEach((c) => c.disconnect());
  }
}

/** One request over a fresh connection (TLS when the endpoint speaks it), until `complete` says the reply is whole. */
async function rawRequest(sim: Simulator, endpoint: SimulatedEndpoint, request: string, complete: (reply: string) => boolean): Promise<string> {
  const socket = endpoint.tls
    ? tls.connect({ host: endpoint.host, port: endpoint.port, ca: sim.caCertificatePem, servername: endpoint.hostname })
    : net.connect(endpoint.port, endpoint.host);
  try {
    let reply = '';
    socket.on('data', (d: Buffer) => { reply += d.toString('latin1'); });
    await new Promise<void>((resolve, reject) => {
      socket.once(endpoint.tls ? 'secureConnect' : 'connect', () => resolve());
      socket.once('error', reject);
    });
    socket.write(request);
    await until(`a reply to ${JSON.stringify(request.split('\r\n')[0])}`, async () => complete(reply));
    return reply;
  } finally {
    socket.destroy();
  }
}

async function memcachedChecks(sim: Simulator, id: string, model: CacheModel): Promise<CheckResult[]> {
  const nodes = model.kind === 'memcached-cluster' ? model.nodes.map((n) => sim.nodeEndpoint(id, n.cacheNodeId)) : [sim.endpoint(id)];
  const results: CheckResult[] = [];
  for (const node of nodes) {
    const label = `${id} (${node.type} ${node.hostname}${node.tls ? ', TLS' : ''})`;
    results.push(await check(`${label}: set then get`, async () => {
      const line = (r: string) => r.endsWith('\r\n');
      expectEqual(await rawRequest(sim, node, 'set integ-check 0 0 5\r\nhello\r\n', line), 'STORED\r\n', 'set');
      const whole = (r: string) => r.endsWith('END\r\n') || r.includes('ERROR');
      expectEqual(await rawRequest(sim, node, 'get integ-check\r\n', whole), 'VALUE integ-check 0 5\r\nhello\r\nEND\r\n', 'get');
    }));
  }
  return results;
}

/** The data-plane checks of every running cache. */
export async function dataPlaneChecks(sim: Simulator): Promise<CheckResult[]> {
  const topology = sim._runtime;
  const secondaries = new Set<string>();
  const primaries = new Set(topology.topology.globalDatastores.map((ds) => ds.primaryReplicationGroupId));
  for (const ds of topology.topology.globalDatastores) {
    for (const member of ds.members) if (member.role === 'SECONDARY') secondaries.add(member.replicationGroupId);
  }
  for (const cache of topology.caches) {
    const m = cache.model;
    if (m.kind === 'replication-group' && m.globalReplicationGroupId !== undefined && !primaries.has(m.replicationGroupId)) secondaries.add(m.replicationGroupId);
  }
  const results: CheckResult[] = [];
  for (const cache of topology.caches) {
    const m = cache.model;
    if (m.auth.mode === 'rbac' && !rbacUser(sim, m)) {
      results.push({ name: `${cache.id}: data-plane checks`, skipped: 'no user of its user groups has a password and access to every key and command' });
      continue;
    }
    if (m.engine === 'memcached') results.push(...await memcachedChecks(sim, cache.id, m));
    else results.push(...await valkeyChecks(sim, cache.id, m, m.kind === 'replication-group' && secondaries.has(m.replicationGroupId)));
  }
  return results;
}

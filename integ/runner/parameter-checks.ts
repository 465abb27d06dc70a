/**
 * Parameter-group values seen from the engine, with the commands ElastiCache leaves to clients
 * (CONFIG GET is restricted there): a `maxmemory-policy` the cache's group sets shows in
 * `INFO memory`, and a `notify-keyspace-events` that covers string commands delivers the
 * notification of a SET to a subscriber. Only values the group sets are checked (family defaults
 * are the engine's own).
 */
import type Redis from 'ioredis';
import { check, CheckResult, Credentials, expectEqual, redisClient, until } from './checks';
import type { SimulatedEndpoint, Simulator } from '../../src';
import type { CacheModel } from '../../src/simulator/model';

/** The values the cache's own parameter group sets (none for serverless caches and default groups). */
function groupValues(sim: Simulator, model: CacheModel): Readonly<Record<string, string>> {
  if (!('parameterGroupName' in model)) return {};
  const group = sim._runtime.topology.parameterGroups.find((g) => g.name === model.parameterGroupName);
  return group && !group.isDefault ? group.values : {};
}

/**
 * The channel and message a SET of `key` publishes under these flags (keyevent first), or
 * undefined when they do not cover string commands (`$`, or `A` for all classes).
 */
function setNotification(flags: string, key: string): { channel: string; message: string } | undefined {
  if (!flags.includes('$') && !flags.includes('A')) return undefined;
  if (flags.includes('E')) return { channel: '__keyevent@0__:set', message: key };
  if (flags.includes('K')) return { channel: `__keyspace@0__:${key}`, message: 'set' };
  return undefined;
}

/** Whether a client may subscribe to any channel: not an RBAC user without `&*` / `allchannels`. */
function maySubscribe(sim: Simulator, model: CacheModel, auth: Credentials | undefined): boolean {
  if (model.auth.mode !== 'rbac') return true;
  const user = sim._runtime.topology.users.find((u) => u.userName === auth?.username);
  return !!user && user.accessString.split(' ').some((r) => r === '&*' || r === 'allchannels');
}

/**
 * Checks of the group's values on a Valkey / Redis OSS cache's main endpoint; `client` is
 * connected and authenticated there.
 */
export async function parameterChecks(
  sim: Simulator, model: CacheModel, main: SimulatedEndpoint, client: Redis, auth: Credentials | undefined, label: string,
): Promise<CheckResult[]> {
  const values = groupValues(sim, model);
  const results: CheckResult[] = [];
  const policy = values['maxmemory-policy'];
  if (policy !== undefined) {
    results.push(await check(`${label}: INFO memory reports the group's maxmemory-policy ${policy}`, async () => {
      const info = await client.info('memory');
      expectEqual(/^maxmemory_policy:(.*)$/m.exec(info)?.[1]?.trim(), policy, 'maxmemory_policy in INFO memory');
    }));
  }
  const flags = values['notify-keyspace-events'];
  const key = `integ:notify:${model.kind}`;
  const expected = flags === undefined ? undefined : setNotification(flags, key);
  // Cluster mode enabled: a key's notifications come from the node owning its slot, not the endpoint's.
  const singleShard = model.kind === 'single-node-cluster' || (model.kind === 'replication-group' && model.clusterMode === 'disabled');
  if (expected && singleShard && maySubscribe(sim, model, auth)) {
    results.push(await check(`${label}: notify-keyspace-events ${flags} publishes a SET on ${expected.channel}`, async () => {
      const subscriber = redisClient(sim, main, auth);
      try {
        const received: string[] = [];
        subscriber.on('message', (channel: string, message: string) => {
          if (channel === expected.channel) received.push(message);
        });
        await subscriber.connect();
        await subscriber.subscribe(expected.channel);
        expectEqual(await client.set(key, 'notified'), 'OK', `SET ${key}`);
        await until(`a message ${expected.message} on ${expected.channel}`, async () => received.includes(expected.message));
      } finally {
        subscriber.disconnect();
      }
    }));
  }
  return results;
}

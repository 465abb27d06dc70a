/**
 * Counters that move only with particular requests, read back through GetMetricStatistics on the
 * virtual clock: a Memcached node's Auto Discovery metrics (`config get` requests from a client,
 * the configuration the service sets on every node when one is removed, the one stored
 * configuration) and a serverless cache's refused logins and ACL refusals, counted by its proxy.
 */
import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { SecretValue } from 'aws-cdk-lib';
import { MemcachedCluster, NodeType } from '../../../src';
import { AccessControl, PasswordUser, ServerlessCache, UserGroup } from '../../../src/constructs';
import { MemcachedCluster as MemcachedRuntime } from '../../../src/simulator/runtime/memcached/memcached-cluster';
import { minutes, Running, start, stackWith, START, textConnection } from '../alarms/support';
import { TextSession } from '../serverless/support';

jest.setTimeout(120_000);

const PASSWORD = 'app-password-0123456789';
let running: Running;

beforeAll(async () => {
  running = await start(stackWith((s, vpc) => {
    new MemcachedCluster(s, 'Pages', { vpc, clusterName: 'discovery', nodeType: NodeType.of('cache.t4g.micro'), numNodes: 2, transitEncryption: false });
    const app = new PasswordUser(s, 'App', {
      userId: 'app-user', userName: 'app', accessControl: AccessControl.fromAccessString('on ~app:* resetchannels &news:* -@all +get +set +publish +auth +hello'), passwords: [SecretValue.unsafePlainText(PASSWORD)],
    });
    const closed = new PasswordUser(s, 'Default', {
      userId: 'closed-default', userName: 'default', accessControl: AccessControl.fromAccessString('off ~* -@all'), passwords: [SecretValue.unsafePlainText('default-password-0123')],
    });
    const users = new UserGroup(s, 'Users', { userGroupId: 'metered-users', users: [closed, app] });
    new ServerlessCache(s, 'Secured', { vpc, serverlessCacheName: 'guarded', userGroup: users });
  }, 'AccessMetricsStack'));
});

afterAll(async () => {
  await running?.stop();
});

/** Sum (or Maximum) of a metric in the minute that starts `minute` minutes after START. */
async function minuteValue(name: string, dimensions: Record<string, string>, minute: number, stat: 'Sum' | 'Maximum' = 'Sum'): Promise<number | undefined> {
  const from = START.getTime() + minute * 60_000;
  const out = await running.client.send(new GetMetricStatisticsCommand({
    Namespace: 'AWS/ElastiCache',
    MetricName: name,
    Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
    StartTime: new Date(from),
    EndTime: new Date(from + 60_000),
    Period: 60,
    Statistics: [stat],
  }));
  return out.Datapoints![0]?.[stat];
}

test('CmdConfigGet counts config get requests, CmdConfigSet the configurations set, CurrConfig is the stored one', async () => {
  const first = { CacheClusterId: 'discovery', CacheNodeId: '0001' };
  const second = { CacheClusterId: 'discovery', CacheNodeId: '0002' };
  const { send, close } = textConnection(running.simulation.endpoint('discovery', 'node', '0001'));
  try {
    for (let i = 0; i < 3; i++) expect(await send('config get cluster\r\n', 'END\r\n')).toMatch(/^CONFIG cluster 0 \d+\r\n1\n/);
    // An unknown configuration key is still a config get request.
    expect(await send('config get other\r\n', 'END\r\n')).toBe('END\r\n');
    // A malformed request is refused before it is one.
    expect(await send('config get\r\n', 'ERROR\r\n')).toBe('ERROR\r\n');
  } finally {
    close();
  }
  await minutes(running, 1);
  expect(await minuteValue('CmdConfigGet', first, 0)).toBe(4);
  expect(await minuteValue('CmdConfigGet', second, 0)).toBe(0);
  expect(await minuteValue('CmdConfigSet', first, 0)).toBe(0);
  expect(await minuteValue('CurrConfig', first, 0, 'Maximum')).toBe(1);

  // Removing node 0002 sets the new node list (version 2) on the node that stays.
  const cluster = running.simulation.caches.find((c) => c.id === 'discovery') as MemcachedRuntime;
  await cluster.removeNodes(['0002']);
  const after = textConnection(running.simulation.endpoint('discovery', 'node', '0001'));
  try {
    expect(await after.send('config get cluster\r\n', 'END\r\n')).toMatch(/^CONFIG cluster 0 \d+\r\n2\n/);
  } finally {
    after.close();
  }
  await minutes(running, 1);
  expect(await minuteValue('CmdConfigSet', first, 1)).toBe(1);
  expect(await minuteValue('CmdConfigGet', first, 1)).toBe(1);
  expect(await minuteValue('CmdConfigGet', { CacheClusterId: 'discovery' }, 1)).toBe(1);
});

test('serverless AuthenticationFailures, CommandAuthorizationFailures and KeyAuthorizationFailures count what clients were refused', async () => {
  const session = await TextSession.open(running.simulation.endpoint('guarded'), running.simulation.tls.caCertificatePem);
  try {
    for (let i = 0; i < 3; i++) {
      expect(await session.send('AUTH app wrong-password\r\n')).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n');
    }
    expect(await session.send('HELLO 3 AUTH app also-wrong\r\n')).toMatch(/^-WRONGPASS /);
    // Not authenticated yet: NOAUTH is no authentication attempt.
    expect(await session.send('GET app:1\r\n')).toMatch(/^-NOAUTH /);
    expect(await session.send(`AUTH app ${PASSWORD}\r\n`)).toBe('+OK\r\n');
    expect(await session.send('SET app:1 v\r\n')).toBe('+OK\r\n');
    for (let i = 0; i < 2; i++) expect(await session.send(`SET other:${i} v\r\n`)).toMatch(/^-NOPERM .*key/);
    expect(await session.send('DEL app:1\r\n')).toMatch(/^-NOPERM .*'del' command/);
    expect(await session.send('PUBLISH secret hello\r\n')).toMatch(/^-NOPERM .*channel/);
    expect(await session.send('PUBLISH news:today hello\r\n')).toBe(':0\r\n');
  } finally {
    session.close();
  }
  await minutes(running, 1);
  const cache = { clusterId: 'guarded' };
  // This test's traffic is in the third minute (the first test moved the clock twice).
  expect(await minuteValue('AuthenticationFailures', cache, 2)).toBe(4);
  expect(await minuteValue('KeyAuthorizationFailures', cache, 2)).toBe(2);
  expect(await minuteValue('CommandAuthorizationFailures', cache, 2)).toBe(1);
  // The serverless metrics have no channel counterpart.
  expect(await minuteValue('ChannelAuthorizationFailures', cache, 2)).toBeUndefined();
  // A quiet minute counts none.
  await minutes(running, 1);
  expect(await minuteValue('AuthenticationFailures', cache, 3)).toBe(0);
});

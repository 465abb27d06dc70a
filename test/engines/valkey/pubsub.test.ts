/**
 * Pub/sub unit tests for what the differential suite cannot see: propagation of PUBLISH, the
 * cluster bridge the simulator uses, keyspace events of our own writes, and 7.2's ordering of
 * pushes after the reply of the client's own command.
 */
import { Session, startEngine } from './acl-support';
import { recordPropagation } from './support/collections';
import { TestEngine } from './support/engine';
import { pubsubBridgeOf } from '../../../src/engines/valkey/pubsub/bridge';
import type { ValkeyServer } from '../../../src/engines/valkey/server/server';

describe('propagation', () => {
  test('PUBLISH and SPUBLISH are propagated to replicas on a standalone server', () => {
    const e = new TestEngine();
    const units = recordPropagation(e);
    e.run('PUBLISH', 'ch', 'm');
    e.run('SPUBLISH', 'sh', 'n');
    e.run('PUBSUB', 'NUMSUB', 'ch');
    expect(units).toEqual([[['PUBLISH', 'ch', 'm']], [['SPUBLISH', 'sh', 'n']]]);
  });

  test('in cluster mode publishes go to the bridge instead of the replication stream', () => {
    const e = new TestEngine({ config: { 'cluster-enabled': 'yes' } });
    const units = recordPropagation(e);
    const seen: string[] = [];
    pubsubBridgeOf(e.server).onPublish((channel, message, sharded) => seen.push(`${sharded ? 's' : ''}${channel}=${message}`));
    e.run('PUBLISH', 'ch', 'm');
    e.run('SPUBLISH', 'sh', 'n');
    expect(seen).toEqual(['ch=m', 'ssh=n']);
    expect(units).toEqual([]);
  });

  test('messages from other cluster nodes reach local subscribers', () => {
    const e = new TestEngine({ config: { 'cluster-enabled': 'yes' } });
    const sub = e.newClient();
    e.runAs(sub, 'SUBSCRIBE', 'ch');
    e.runAs(sub, 'SSUBSCRIBE', 'sh');
    sub.out.take();
    const bridge = pubsubBridgeOf(e.server);
    const forwarded: string[] = [];
    bridge.onPublish((channel) => forwarded.push(channel));
    expect(bridge.deliverFromCluster('ch', 'from-node-2', false)).toBe(1);
    expect(bridge.deliverFromCluster('sh', 'from-shard', true)).toBe(1);
    expect(bridge.deliverFromCluster('nobody', 'x', false)).toBe(0);
    expect(sub.out.take().toString('latin1')).toBe(
      '*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$11\r\nfrom-node-2\r\n*3\r\n$8\r\nsmessage\r\n$2\r\nsh\r\n$10\r\nfrom-shard\r\n');
    expect(forwarded).toEqual([]);
  });
});

test('a slot leaving the node unsubscribes its shard channels with sunsubscribe pushes', () => {
  const e = new TestEngine({ config: { 'cluster-enabled': 'yes' } });
  const sub = e.newClient();
  e.runAs(sub, 'SSUBSCRIBE', 'moving');
  e.runAs(sub, 'SSUBSCRIBE', 'staying');
  e.runAs(sub, 'SUBSCRIBE', 'global');
  sub.out.take();
  expect(pubsubBridgeOf(e.server).dropShardChannels((ch) => ch === 'moving')).toEqual(['moving']);
  expect(sub.out.take().toString('latin1')).toBe('*3\r\n$12\r\nsunsubscribe\r\n$6\r\nmoving\r\n:1\r\n');
  expect(e.run('PUBSUB', 'SHARDCHANNELS')).toEqual(['staying']);
  expect(e.run('SPUBLISH', 'moving', 'x')).toBe(0n);
});

describe('keyspace events through pub/sub', () => {
  test('a write fires keyspace and keyevent messages, in that order', () => {
    const e = new TestEngine();
    e.run('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
    const sub = e.newClient();
    e.runAs(sub, 'PSUBSCRIBE', '__key*__:*');
    sub.out.take();
    e.run('SET', 'k', 'v');
    e.run('EXPIRE', 'k', '10');
    expect(sub.out.take().toString('latin1')).toBe([
      '*4', '$8', 'pmessage', '$10', '__key*__:*', '$16', '__keyspace@0__:k', '$3', 'set',
      '*4', '$8', 'pmessage', '$10', '__key*__:*', '$18', '__keyevent@0__:set', '$1', 'k',
      '*4', '$8', 'pmessage', '$10', '__key*__:*', '$16', '__keyspace@0__:k', '$6', 'expire',
      '*4', '$8', 'pmessage', '$10', '__key*__:*', '$21', '__keyevent@0__:expire', '$1', 'k', '',
    ].join('\r\n'));
  });

  test('expiry by the virtual clock fires expired once', () => {
    const e = new TestEngine();
    e.run('CONFIG', 'SET', 'notify-keyspace-events', 'Ex');
    const sub = e.newClient();
    e.runAs(sub, 'SUBSCRIBE', '__keyevent@0__:expired');
    sub.out.take();
    e.run('SET', 'k', 'v', 'PX', '100');
    e.advance(200);
    expect(e.run('GET', 'k')).toBeNull();
    expect(e.run('GET', 'k')).toBeNull();
    expect(sub.out.take().toString('latin1')).toBe('*3\r\n$7\r\nmessage\r\n$22\r\n__keyevent@0__:expired\r\n$1\r\nk\r\n');
  });
});

describe('7.2 push ordering', () => {
  let server: ValkeyServer;
  let port: number;
  beforeAll(async () => ({ server, port } = await startEngine({ version: '7.2.4' })));
  afterAll(() => server.stop());

  test('PUBLISH to a channel the publisher listens to answers first, then pushes', async () => {
    const s = await Session.open(port);
    await s.call('HELLO', '3');
    await s.call('SUBSCRIBE', 'me');
    expect(await s.replies(2, 'PUBLISH', 'me', 'hi')).toEqual([1n, ['message', 'me', 'hi']]);
    s.close();
  });

  test('inside EXEC the pushes follow the whole EXEC reply', async () => {
    const s = await Session.open(port);
    await s.call('HELLO', '3');
    await s.call('SUBSCRIBE', 'me');
    await s.call('MULTI');
    await s.call('PUBLISH', 'me', 'a');
    await s.call('PING');
    expect(await s.replies(2, 'EXEC')).toEqual([[1n, 'PONG'], ['message', 'me', 'a']]);
    s.close();
  });

  test('keyspace events of the client\'s own write follow its reply', async () => {
    const s = await Session.open(port);
    await s.call('CONFIG', 'SET', 'notify-keyspace-events', 'E$');
    await s.call('HELLO', '3');
    await s.call('SUBSCRIBE', '__keyevent@0__:set');
    expect(await s.replies(2, 'SET', 'k', 'v')).toEqual(['OK', ['message', '__keyevent@0__:set', 'k']]);
    await s.call('CONFIG', 'SET', 'notify-keyspace-events', '');
    s.close();
  });

  test('the SUBSCRIBE family still answers with its pushes at once', async () => {
    const s = await Session.open(port);
    await s.call('HELLO', '3');
    expect(await s.replies(2, 'SUBSCRIBE', 'a', 'b')).toEqual([['subscribe', 'a', 1n], ['subscribe', 'b', 2n]]);
    s.close();
  });
});

describe('unsubscribing without subscriptions', () => {
  const unsubscribes = ['UNSUBSCRIBE', 'PUNSUBSCRIBE', 'SUNSUBSCRIBE'];

  test('Valkey 8.0.1 refuses it with NOSUB, in RESP2 and RESP3, and counts the rejection', () => {
    const e = new TestEngine({ valkeyVersion: '8.0.1' });
    for (const name of unsubscribes) {
      expect(e.raw(name)).toBe(`-NOSUB '${name.toLowerCase()}' command executed not in subscribed mode\r\n`);
      expect(e.raw(name, 'a', 'b')).toBe(`-NOSUB '${name.toLowerCase()}' command executed not in subscribed mode\r\n`);
    }
    e.run('HELLO', '3');
    expect(e.raw('unsubscribe', 'x')).toBe("-NOSUB 'unsubscribe' command executed not in subscribed mode\r\n");
    const stats = String(e.run('INFO', 'commandstats'));
    expect(stats).toMatch(/cmdstat_unsubscribe:calls=0,.*rejected_calls=3,failed_calls=0/);
    expect(String(e.run('INFO', 'errorstats'))).toContain('errorstat_NOSUB:count=7');
  });

  test('Valkey 8.0.1: a subscription of any kind is subscribed mode; the last one leaves it', () => {
    const e = new TestEngine({ valkeyVersion: '8.0.1' });
    e.raw('PSUBSCRIBE', 'p*');
    // Channels and shard channels: none, but a pattern keeps the client in subscribed mode.
    expect(e.raw('UNSUBSCRIBE')).toBe('*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:1\r\n');
    // SUNSUBSCRIBE counts shard channels only (as valkey-server 8.0.1 does).
    expect(e.raw('SUNSUBSCRIBE', 's')).toBe('*3\r\n$12\r\nsunsubscribe\r\n$1\r\ns\r\n:0\r\n');
    expect(e.raw('PUNSUBSCRIBE')).toBe('*3\r\n$12\r\npunsubscribe\r\n$2\r\np*\r\n:0\r\n');
    expect(e.raw('PUNSUBSCRIBE')).toBe("-NOSUB 'punsubscribe' command executed not in subscribed mode\r\n");
  });

  test('Valkey 8.0.1: inside MULTI the refusal aborts the transaction', () => {
    const e = new TestEngine({ valkeyVersion: '8.0.1' });
    expect(e.run('MULTI')).toBe('OK');
    // Queued, not run: the client is not subscribed yet when UNSUBSCRIBE is checked.
    expect(e.run('SUBSCRIBE', 'a')).toBe('QUEUED');
    expect(e.raw('UNSUBSCRIBE', 'a')).toBe("-NOSUB 'unsubscribe' command executed not in subscribed mode\r\n");
    expect(e.raw('EXEC')).toBe('-EXECABORT Transaction discarded because of previous errors.\r\n');
  });

  test('Redis OSS 7 (the default emulation) and Valkey from 8.0.2, which reverted the refusal, confirm with an empty reply', () => {
    for (const e of [new TestEngine(), new TestEngine({ valkeyVersion: '8.0.2' }), new TestEngine({ valkeyVersion: '8.1.0' })]) {
      expect(e.raw('UNSUBSCRIBE')).toBe('*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n');
      expect(e.raw('PUNSUBSCRIBE', 'a')).toBe('*3\r\n$12\r\npunsubscribe\r\n$1\r\na\r\n:0\r\n');
      expect(e.raw('SUNSUBSCRIBE')).toBe('*3\r\n$12\r\nsunsubscribe\r\n$-1\r\n:0\r\n');
    }
    expect(new TestEngine({ valkeyVersion: '8.0.0' }).raw('UNSUBSCRIBE')).toMatch(/^-NOSUB /);
  });
});

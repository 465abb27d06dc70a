/**
 * Serverless caches through the real SDK (create, describe, modify, delete with a final snapshot)
 * and the tagging operations on several kinds of resources.
 */
import * as tls from 'tls';
import {
  AddTagsToResourceCommand, CreateServerlessCacheCommand, CreateServerlessCacheSnapshotCommand, DeleteServerlessCacheCommand,
  DescribeServerlessCacheSnapshotsCommand, DescribeServerlessCachesCommand, ExportServerlessCacheSnapshotCommand, ListTagsForResourceCommand,
  ModifyServerlessCacheCommand, RemoveTagsFromResourceCommand,
} from '@aws-sdk/client-elasticache';
import { failure, sdkClient, startSimulator, VALKEY_GROUP } from './support';
import type { Simulator } from '../../../src';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ Rg: VALKEY_GROUP });
});
afterAll(async () => {
  await sim?.stop();
});

test('a serverless cache: creating, available, modified, deleted with a final snapshot', async () => {
  const client = sdkClient(sim);
  const created = await client.send(new CreateServerlessCacheCommand({
    ServerlessCacheName: 'Sessions', Engine: 'valkey', Description: 'sessions', CacheUsageLimits: { DataStorage: { Maximum: 10, Unit: 'GB' } },
  }));
  expect(created.ServerlessCache).toMatchObject({ ServerlessCacheName: 'sessions', Status: 'creating', Engine: 'valkey' });
  expect(await failure(client.send(new CreateServerlessCacheCommand({ ServerlessCacheName: 'sessions', Engine: 'valkey' }))))
    .toMatchObject({ name: 'ServerlessCacheAlreadyExistsFault' });
  await sim.settle();
  const { ServerlessCaches } = await client.send(new DescribeServerlessCachesCommand({ ServerlessCacheName: 'sessions' }));
  const cache = ServerlessCaches![0];
  expect(cache).toMatchObject({ Status: 'available', Description: 'sessions', CacheUsageLimits: { DataStorage: { Maximum: 10, Unit: 'GB' } } });
  expect(cache.Endpoint?.Address).toMatch(/^sessions-[a-z0-9]{6}\.serverless\.use1\.cache\.amazonaws\.com$/);
  expect(cache.Endpoint?.Port).toBe(6379);

  const modified = await client.send(new ModifyServerlessCacheCommand({ ServerlessCacheName: 'sessions', SnapshotRetentionLimit: 3, DailySnapshotTime: '04:30' }));
  expect(modified.ServerlessCache).toMatchObject({ SnapshotRetentionLimit: 3, DailySnapshotTime: '04:30' });
  expect(await failure(client.send(new ModifyServerlessCacheCommand({ ServerlessCacheName: 'sessions', DailySnapshotTime: '25:99' }))))
    .toMatchObject({ name: 'InvalidParameterValueException' });
  expect(await failure(client.send(new ModifyServerlessCacheCommand({ ServerlessCacheName: 'sessions', CacheUsageLimits: { ECPUPerSecond: { Maximum: 500 } } }))))
    .toMatchObject({ name: 'InvalidParameterValueException' });

  const deleting = await client.send(new DeleteServerlessCacheCommand({ ServerlessCacheName: 'sessions', FinalSnapshotName: 'sessions-final' }));
  expect(deleting.ServerlessCache?.Status).toBe('deleting');
  await sim.settle();
  expect(await failure(client.send(new DescribeServerlessCachesCommand({ ServerlessCacheName: 'sessions' }))))
    .toMatchObject({ name: 'ServerlessCacheNotFoundFault', status: 404 });
  const { ServerlessCacheSnapshots } = await client.send(new DescribeServerlessCacheSnapshotsCommand({ ServerlessCacheSnapshotName: 'sessions-final' }));
  expect(ServerlessCacheSnapshots![0]).toMatchObject({ Status: 'available', SnapshotType: 'manual', ServerlessCacheConfiguration: { ServerlessCacheName: 'sessions' } });
});

test('tags: added, merged, listed and removed; unknown resources and keys fail as the service fails', async () => {
  const client = sdkClient(sim);
  const group = 'arn:aws:elasticache:us-east-1:123456789012:replicationgroup:tmpl-rg';
  const member = 'arn:aws:elasticache:us-east-1:123456789012:cluster:tmpl-rg-001';
  await client.send(new AddTagsToResourceCommand({ ResourceName: group, Tags: [{ Key: 'team', Value: 'a' }, { Key: 'env', Value: 'dev' }] }));
  const merged = await client.send(new AddTagsToResourceCommand({ ResourceName: group, Tags: [{ Key: 'team', Value: 'b' }] }));
  expect(merged.TagList).toEqual([{ Key: 'team', Value: 'b' }, { Key: 'env', Value: 'dev' }]);
  await client.send(new AddTagsToResourceCommand({ ResourceName: member, Tags: [{ Key: 'role', Value: 'primary' }] }));
  expect((await client.send(new ListTagsForResourceCommand({ ResourceName: member }))).TagList).toEqual([{ Key: 'role', Value: 'primary' }]);
  const removed = await client.send(new RemoveTagsFromResourceCommand({ ResourceName: group, TagKeys: ['env'] }));
  expect(removed.TagList).toEqual([{ Key: 'team', Value: 'b' }]);
  expect(await failure(client.send(new RemoveTagsFromResourceCommand({ ResourceName: group, TagKeys: ['nope'] })))).toMatchObject({ name: 'TagNotFoundFault', status: 404 });
  expect(await failure(client.send(new ListTagsForResourceCommand({ ResourceName: 'arn:aws:elasticache:us-east-1:123456789012:cluster:ghost' }))))
    .toMatchObject({ name: 'CacheClusterNotFoundFault', status: 404 });
  expect(await failure(client.send(new ListTagsForResourceCommand({ ResourceName: 'not-an-arn' })))).toMatchObject({ name: 'InvalidARNFault' });
  expect(await failure(client.send(new AddTagsToResourceCommand({ ResourceName: group, Tags: [{ Key: 'aws:reserved', Value: 'x' }] }))))
    .toMatchObject({ name: 'InvalidParameterValueException' });
  const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
  expect(await failure(client.send(new AddTagsToResourceCommand({ ResourceName: group, Tags: many })))).toMatchObject({ name: 'TagQuotaPerResourceExceeded' });
});

/** Sends text-protocol lines over TLS to a serverless Memcached endpoint and returns the reply once it ends with `until`. */
async function memcachedText(cache: string, request: string, until: string): Promise<string> {
  const endpoint = sim.endpoint(cache);
  return new Promise<string>((resolve, reject) => {
    const options = { host: endpoint.host, port: endpoint.port, ca: sim.caCertificatePem, servername: endpoint.hostname };
    const socket = tls.connect(options, () => socket.write(request));
    let reply = '';
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.endsWith(until)) {
        socket.end();
        resolve(reply);
      }
    });
    socket.on('error', reject);
  });
}

test('serverless Memcached snapshots keep items with their flags and restore into a new cache', async () => {
  const client = sdkClient(sim);
  await client.send(new CreateServerlessCacheCommand({ ServerlessCacheName: 'mc-sls', Engine: 'memcached' }));
  await sim.settle();
  let request = '';
  for (let i = 0; i < 20; i++) request += `set item${i} ${i} 3600 ${String(i).length}\r\n${i}\r\n`;
  const stored = await memcachedText('mc-sls', request, 'STORED\r\n'.repeat(20).slice(-8));
  expect(stored.split('STORED').length - 1).toBe(20);
  await client.send(new CreateServerlessCacheSnapshotCommand({ ServerlessCacheName: 'mc-sls', ServerlessCacheSnapshotName: 'mc-snap' }));
  await sim.settle();
  expect(await failure(client.send(new ExportServerlessCacheSnapshotCommand({ ServerlessCacheSnapshotName: 'mc-snap', S3BucketName: 'b' }))))
    .toMatchObject({ name: 'InvalidParameterCombinationException' });
  const { ServerlessCacheSnapshots } = await client.send(new DescribeServerlessCacheSnapshotsCommand({ ServerlessCacheSnapshotName: 'mc-snap' }));
  await client.send(new CreateServerlessCacheCommand({ ServerlessCacheName: 'mc-copy', Engine: 'memcached', SnapshotArnsToRestore: [ServerlessCacheSnapshots![0].ARN!] }));
  await sim.settle();
  const reply = await memcachedText('mc-copy', 'get item7 item13 item19\r\n', 'END\r\n');
  expect(reply).toBe('VALUE item7 7 1\r\n7\r\nVALUE item13 13 2\r\n13\r\nVALUE item19 19 2\r\n19\r\nEND\r\n');
});

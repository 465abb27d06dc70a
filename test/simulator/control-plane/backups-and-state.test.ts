/**
 * Automatic backups in the backup window with retention (on a virtual clock), and a state
 * directory that keeps API-created resources, snapshots and data across a restart.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  CreateReplicationGroupCommand, CreateSnapshotCommand, DeleteReplicationGroupCommand, DescribeReplicationGroupsCommand, DescribeSnapshotsCommand,
  waitUntilReplicationGroupAvailable, waitUntilReplicationGroupDeleted,
} from '@aws-sdk/client-elasticache';
import Redis from 'ioredis';
import { FAST_WAIT, MEMCACHED_CLUSTER, sdkClient, startSimulator, VALKEY_GROUP } from './support';
import type { Simulator } from '../../../src';

const hhmm = (at: Date) => `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;

test('automatic backups are taken at the start of the backup window and kept for the retention limit', async () => {
  // The window opens 10 minutes after the simulator starts (the virtual clock starts at wall time).
  const start = new Date(Date.now() + 10 * 60_000);
  const window = `${hhmm(start)}-${hhmm(new Date(start.getTime() + 60 * 60_000))}`;
  const group = { ...VALKEY_GROUP, Properties: { ...VALKEY_GROUP.Properties, SnapshotRetentionLimit: 1, SnapshotWindow: window } };
  const sim = await startSimulator({ Rg: group }, { virtualClock: true });
  try {
    const client = sdkClient(sim);
    const automated = async () => (await client.send(new DescribeSnapshotsCommand({ SnapshotSource: 'automated' }))).Snapshots!;
    await sim.advanceClock(5 * 60_000);
    expect(await automated()).toHaveLength(0);
    await sim.advanceClock(6 * 60_000);
    await sim.advanceClock(1_000);
    const first = await automated();
    expect(first).toHaveLength(1);
    expect(first[0].SnapshotName).toMatch(/^automatic\.tmpl-rg-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}$/);
    expect(first[0]).toMatchObject({ ReplicationGroupId: 'tmpl-rg', SnapshotSource: 'automated', SnapshotWindow: window, SnapshotRetentionLimit: 1 });
    // A day later: a new backup, and the one past the one-day retention is gone.
    await sim.advanceClock(24 * 60 * 60_000);
    await sim.advanceClock(1_000);
    const second = await automated();
    expect(second).toHaveLength(1);
    expect(second[0].SnapshotName).not.toBe(first[0].SnapshotName);
  } finally {
    await sim.stop();
  }
});

test('a state directory keeps API-created groups, their data and snapshots across a restart; deletions stay deleted', async () => {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-state-'));
  const resources = { Rg: VALKEY_GROUP, Mc: MEMCACHED_CLUSTER };
  try {
    const first = await startSimulator(resources, { stateDir });
    try {
      const client = sdkClient(first);
      await client.send(new CreateReplicationGroupCommand({
        ReplicationGroupId: 'kept', ReplicationGroupDescription: 'kept across runs', Engine: 'valkey', CacheNodeType: 'cache.t3.small', NumCacheClusters: 1,
      }));
      await waitUntilReplicationGroupAvailable({ client, ...FAST_WAIT }, { ReplicationGroupId: 'kept' });
      const endpoint = first.endpoint('kept');
      const redis = new Redis({ host: endpoint.host, port: endpoint.port, lazyConnect: true });
      await redis.connect();
      await redis.set('durable', 'yes');
      await redis.set('with-ttl', 'x', 'EX', 5000);
      redis.disconnect();
      await client.send(new CreateSnapshotCommand({ ReplicationGroupId: 'kept', SnapshotName: 'kept-snap' }));
      await client.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'tmpl-rg' }));
      await waitUntilReplicationGroupDeleted({ client, ...FAST_WAIT }, { ReplicationGroupId: 'tmpl-rg' });
      await first.settle();
    } finally {
      await first.stop();
    }

    const second = await startSimulator(resources, { stateDir });
    try {
      const client = sdkClient(second);
      const { ReplicationGroups } = await client.send(new DescribeReplicationGroupsCommand({}));
      expect(ReplicationGroups!.map((g) => [g.ReplicationGroupId, g.Status])).toEqual([['kept', 'available']]);
      expect(ReplicationGroups![0].Description).toBe('kept across runs');
      const endpoint = second.endpoint('kept');
      const redis = new Redis({ host: endpoint.host, port: endpoint.port, lazyConnect: true });
      try {
        await redis.connect();
        expect(await redis.get('durable')).toBe('yes');
        expect(await redis.ttl('with-ttl')).toBeGreaterThan(4000);
      } finally {
        redis.disconnect();
      }
      const { Snapshots } = await client.send(new DescribeSnapshotsCommand({ SnapshotName: 'kept-snap' }));
      expect(Snapshots![0].SnapshotStatus).toBe('available');
    } finally {
      await second.stop();
    }
  } finally {
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
});

test('a template cache naming a snapshot (SnapshotName) starts with its data; a missing snapshot fails the start', async () => {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-template-restore-'));
  try {
    const first = await startSimulator({ Rg: VALKEY_GROUP }, { stateDir });
    try {
      const endpoint = first.endpoint('tmpl-rg');
      const redis = new Redis({ host: endpoint.host, port: endpoint.port, lazyConnect: true });
      await redis.connect();
      for (let i = 0; i < 100; i++) await redis.set(`k${i}`, `v${i}`);
      redis.disconnect();
      await sdkClient(first).send(new CreateSnapshotCommand({ ReplicationGroupId: 'tmpl-rg', SnapshotName: 'nightly' }));
      await first.settle();
    } finally {
      await first.stop();
    }
    const restoring = {
      Type: 'AWS::ElastiCache::ReplicationGroup',
      Properties: { ReplicationGroupId: 'from-snap', ReplicationGroupDescription: 'restored', Engine: 'valkey', CacheNodeType: 'cache.t3.small', NumCacheClusters: 1, SnapshotName: 'nightly' },
    };
    const second = await startSimulator({ Restored: restoring }, { stateDir });
    try {
      const endpoint = second.endpoint('from-snap');
      const redis = new Redis({ host: endpoint.host, port: endpoint.port, lazyConnect: true });
      try {
        await redis.connect();
        expect(await redis.dbsize()).toBe(100);
        expect(await redis.get('k42')).toBe('v42');
      } finally {
        redis.disconnect();
      }
    } finally {
      await second.stop();
    }
    const missing = { ...restoring, Properties: { ...restoring.Properties, ReplicationGroupId: 'no-snap', SnapshotName: 'never-taken' } };
    await expect(startSimulator({ Missing: missing }, { stateDir })).rejects.toThrow(/no-snap cannot start from its snapshot: Snapshot never-taken not found/);
  } finally {
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
});

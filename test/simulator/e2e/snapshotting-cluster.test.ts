/**
 * `SnapshottingClusterId` in a template: automatic backups are read from the named member, as
 * when the same value is set through the ElastiCache API.
 */
import { DescribeReplicationGroupsCommand, DescribeSnapshotsCommand } from '@aws-sdk/client-elasticache';
import { sdkClient, startSimulator, VALKEY_GROUP } from '../control-plane/support';

const hhmm = (at: Date) => `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;

test('automatic backups of a template group come from its SnapshottingClusterId (here the primary, not the default replica)', async () => {
  // The backup window opens 10 minutes after the simulator starts (the virtual clock starts at wall time).
  const start = new Date(Date.now() + 10 * 60_000);
  const window = `${hhmm(start)}-${hhmm(new Date(start.getTime() + 60 * 60_000))}`;
  const group = {
    ...VALKEY_GROUP,
    Properties: { ...VALKEY_GROUP.Properties, NumCacheClusters: 3, SnapshotRetentionLimit: 1, SnapshotWindow: window, SnapshottingClusterId: 'TMPL-RG-001' },
  };
  const sim = await startSimulator({ Rg: group }, { virtualClock: true });
  try {
    const client = sdkClient(sim);
    const described = await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'tmpl-rg' }));
    expect(described.ReplicationGroups![0].SnapshottingClusterId).toBe('tmpl-rg-001');
    await sim.advanceClock(11 * 60_000);
    await sim.advanceClock(1_000);
    const automated = (await client.send(new DescribeSnapshotsCommand({ SnapshotSource: 'automated' }))).Snapshots!;
    expect(automated).toHaveLength(1);
    expect(automated[0].NodeSnapshots!.map((n) => n.CacheClusterId)).toEqual(['tmpl-rg-001']);
  } finally {
    await sim.stop();
  }
});

import { Duration } from 'aws-cdk-lib';

/**
 * Automatic backups of a Valkey / Redis OSS replication group, and the snapshot it starts from.
 *
 * A final snapshot when the group is deleted is `removalPolicy: RemovalPolicy.SNAPSHOT` (the default
 * of replication groups); CloudFormation has no property to name that snapshot.
 */
export interface ReplicationGroupBackupProps {
  /**
   * How long automatic daily backups are kept: 0 to 35 whole days; `Duration.days(0)` turns them off.
   * 15 days or more satisfies cdk-nag's HIPAA and NIST 800-53 backup rule.
   * @default Duration.days(15)
   */
  readonly retention?: Duration;

  /**
   * The daily window in which the backup starts, `hh24:mi-hh24:mi` in UTC, at least 60 minutes, not
   * overlapping the maintenance window.
   * @default a window chosen by ElastiCache
   */
  readonly window?: string;

  /**
   * Name of a snapshot (of this account and Region) to seed the new group with.
   * @default no snapshot
   */
  readonly restoreFromSnapshotName?: string;

  /**
   * ARNs of `.rdb` files in Amazon S3 (`arn:aws:s3:::bucket/key.rdb`) to seed the new group with.
   * @default no files
   */
  readonly restoreFromSnapshotArns?: string[];
}

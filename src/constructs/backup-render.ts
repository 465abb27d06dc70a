import { Duration } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ReplicationGroupBackupProps } from './backup';
import { checkIdentifier, checkPattern, checkRange, ValidationError } from './validation';
import { checkSnapshotWindow, checkWindowsDoNotOverlap } from './windows';
import { LIMITS } from '../catalog/internal';

/** The default retention: long enough for cdk-nag's HIPAA / NIST automatic backup rule (≥ 15 days). */
export const DEFAULT_BACKUP_RETENTION_DAYS = 15;

/** The backup properties of `AWS::ElastiCache::ReplicationGroup`. */
export interface RenderedBackup {
  readonly snapshotRetentionLimit: number;
  readonly snapshotWindow?: string;
  readonly snapshotName?: string;
  readonly snapshotArns?: string[];
}

/**
 * Validates and renders the backup settings. `maintenanceWindow` is checked for overlap with the
 * backup window (ElastiCache refuses overlapping windows).
 */
export function renderBackup(scope: IConstruct, backup: ReplicationGroupBackupProps = {}, maintenanceWindow?: string): RenderedBackup {
  const days = retentionDays(scope, backup.retention);
  checkSnapshotWindow(scope, 'backup.window', backup.window);
  checkWindowsDoNotOverlap(scope, 'maintenanceWindow', maintenanceWindow, 'backup.window', backup.window);
  checkIdentifier(scope, 'backup.restoreFromSnapshotName', backup.restoreFromSnapshotName, { maxLength: 255 });
  (backup.restoreFromSnapshotArns ?? []).forEach((arn, i) =>
    checkPattern(scope, `backup.restoreFromSnapshotArns[${i}]`, arn, /^arn:[a-z-]+:s3:::.+/, 'the ARN of an .rdb file in Amazon S3 (arn:aws:s3:::bucket/key.rdb)'));
  if (backup.restoreFromSnapshotName !== undefined && backup.restoreFromSnapshotArns !== undefined) {
    throw new ValidationError(scope, 'backup.restoreFromSnapshotArns', backup.restoreFromSnapshotArns,
      'no ARNs together with backup.restoreFromSnapshotName: a group starts from one snapshot or from .rdb files');
  }
  return {
    snapshotRetentionLimit: days,
    snapshotWindow: backup.window,
    snapshotName: backup.restoreFromSnapshotName,
    snapshotArns: backup.restoreFromSnapshotArns,
  };
}

function retentionDays(scope: IConstruct, retention: Duration | undefined): number {
  if (retention === undefined) return DEFAULT_BACKUP_RETENTION_DAYS;
  if (retention.isUnresolved()) return retention.toDays({ integral: false });
  const days = retention.toDays({ integral: false });
  const { min, max } = LIMITS.backupRetentionDays;
  if (!Number.isInteger(days)) {
    throw new ValidationError(scope, 'backup.retention', retention.toHumanString(), `whole days from ${min} to ${max}`);
  }
  checkRange(scope, 'backup.retention', days, { min, max, integer: true, unit: 'days' });
  return days;
}

import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { EngineVersion } from '../catalog';
import { LogDeliveryOptions, LogDestination, LogFormat, LogType } from './log-delivery';
import { checkOneOf, ValidationError } from './validation';

/** The rendered configurations and the log groups they write to, by log type. */
export interface RenderedLogDelivery {
  readonly configurations: elasticache.CfnReplicationGroup.LogDeliveryConfigurationRequestProperty[];
  readonly logGroups: Record<string, logs.ILogGroup>;
}

/**
 * The log delivery of a replication group: at most one configuration per log type, each allowed by
 * the engine version. Without `requested`, the slow log goes to an owned log group in JSON (when the
 * version delivers it), so the group is observable out of the box.
 */
export function renderLogDelivery(scope: Construct, version: EngineVersion, requested: LogDeliveryOptions[] | undefined): RenderedLogDelivery {
  const entries = requested ?? (version.supportsSlowLogDelivery ? [{ logType: LogType.SLOW_LOG }] : []);
  const seen = new Set<string>();
  const configurations: elasticache.CfnReplicationGroup.LogDeliveryConfigurationRequestProperty[] = [];
  const logGroups: Record<string, logs.ILogGroup> = {};
  entries.forEach((entry, i) => {
    const prop = `logDelivery[${i}]`;
    checkOneOf(scope, `${prop}.logType`, entry.logType, Object.values(LogType));
    checkOneOf(scope, `${prop}.format`, entry.format, Object.values(LogFormat));
    if (seen.has(entry.logType)) {
      throw new ValidationError(scope, `${prop}.logType`, entry.logType, 'each log type once (a group delivers at most one slow log and one engine log)');
    }
    seen.add(entry.logType);
    const supported = entry.logType === LogType.SLOW_LOG ? version.supportsSlowLogDelivery : version.supportsEngineLogDelivery;
    if (!supported) {
      const needs = entry.logType === LogType.SLOW_LOG ? 'Valkey or Redis OSS 6.0 or later' : 'Valkey or Redis OSS 6.2 or later';
      throw new ValidationError(scope, `${prop}.logType`, entry.logType, `a log ${version} delivers: ${entry.logType} needs ${needs}`);
    }
    const destination = entry.destination ?? LogDestination.cloudWatchLogs(new logs.LogGroup(scope, entry.logType === LogType.SLOW_LOG ? 'SlowLog' : 'EngineLog', {
      retention: logs.RetentionDays.ONE_MONTH,
    }));
    if (destination.logGroup) logGroups[entry.logType] = destination.logGroup;
    const cloudWatch = destination.destinationType === 'cloudwatch-logs';
    configurations.push({
      logType: entry.logType,
      logFormat: entry.format ?? LogFormat.JSON,
      destinationType: destination.destinationType,
      destinationDetails: cloudWatch
        ? { cloudWatchLogsDetails: { logGroup: destination.destinationName } }
        : { kinesisFirehoseDetails: { deliveryStream: destination.destinationName } },
    });
  });
  return { configurations, logGroups };
}

import type * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';

/** The logs a Valkey / Redis OSS replication group can deliver (`LogType`). */
export enum LogType {
  /** Commands slower than `slowlog-log-slower-than` (Valkey, Redis OSS 6.0+). */
  SLOW_LOG = 'slow-log',
  /** The engine's own log (Valkey, Redis OSS 6.2+). */
  ENGINE_LOG = 'engine-log',
}

/** The format of delivered log entries (`LogFormat`). */
export enum LogFormat {
  /** One JSON object per entry. */
  JSON = 'json',
  /** Plain text. */
  TEXT = 'text',
}

/** Where a log goes: a CloudWatch Logs log group or a Kinesis Data Firehose delivery stream. */
export class LogDestination {
  /** A CloudWatch Logs log group. */
  public static cloudWatchLogs(logGroup: logs.ILogGroup): LogDestination {
    return new LogDestination('cloudwatch-logs', logGroup.logGroupName, logGroup);
  }

  /** A Kinesis Data Firehose delivery stream. */
  public static firehose(deliveryStream: firehose.IDeliveryStream): LogDestination {
    return new LogDestination('kinesis-firehose', deliveryStream.deliveryStreamName);
  }

  /** `cloudwatch-logs` or `kinesis-firehose`. */
  public readonly destinationType: string;

  /** The log group name or the delivery stream name. */
  public readonly destinationName: string;

  /** The log group, for CloudWatch Logs destinations. */
  public readonly logGroup?: logs.ILogGroup;

  private constructor(destinationType: string, destinationName: string, logGroup?: logs.ILogGroup) {
    this.destinationType = destinationType;
    this.destinationName = destinationName;
    this.logGroup = logGroup;
  }
}

/** One log delivered by a replication group. */
export interface LogDeliveryOptions {
  /** Which log. */
  readonly logType: LogType;

  /**
   * The format of the entries.
   * @default LogFormat.JSON
   */
  readonly format?: LogFormat;

  /**
   * Where the log goes.
   * @default a new log group owned by the cache, kept for one month
   */
  readonly destination?: LogDestination;
}

import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Construct } from 'constructs';
import { AlarmSettings, RecommendedAlarmsOptions } from './alarms';
import { checkRange, ValidationError } from './validation';

/**
 * Builds the recommended alarms of any construct from a list of specs, applying the user's
 * overrides. Serverless caches and node-based clusters describe their alarms as specs and share
 * this code, so thresholds, actions and naming behave the same everywhere.
 */

/** One alarm a construct recommends, before user overrides (internal). */
export interface AlarmSpec {
  /** Construct id and alarm-name suffix, e.g. `ThrottledCommands`. */
  readonly id: string;
  /**
   * For caches with several nodes: the node the alarm watches, as a construct id (`Node0001`,
   * `Shard0002Node001`). Its alarms are grouped under it and it joins the alarm name.
   */
  readonly group?: string;
  /** Name of the settings prop, used in error messages. */
  readonly prop: string;
  /** Builds the metric for a period (the period can be overridden). */
  readonly metric: (period: Duration) => cloudwatch.IMetric;
  /** Recommended threshold; undefined means no sensible default (alarm only with an override). */
  readonly threshold?: number;
  readonly comparisonOperator: cloudwatch.ComparisonOperator;
  readonly evaluationPeriods: number;
  /** Recommended period, for metrics published less often than every minute. @default 1 minute */
  readonly period?: Duration;
  readonly description: string;
  readonly settings?: AlarmSettings;
}

const DEFAULT_ALARM_PERIOD = Duration.minutes(1);

/**
 * Creates the recommended alarms under a `RecommendedAlarms` child of `owner`. Alarms without a
 * threshold (no default and no override) and disabled alarms are skipped.
 */
export function createRecommendedAlarms(owner: Construct, specs: readonly AlarmSpec[], options: RecommendedAlarmsOptions): cloudwatch.Alarm[] {
  if (owner.node.tryFindChild('RecommendedAlarms')) {
    throw new ValidationError(owner, 'addRecommendedAlarms()', 'called twice', 'call it once per construct');
  }
  const root = new Construct(owner, 'RecommendedAlarms');
  const alarms: cloudwatch.Alarm[] = [];
  for (const spec of specs) {
    const scope = spec.group ? (root.node.tryFindChild(spec.group) as Construct | undefined) ?? new Construct(root, spec.group) : root;
    const suffix = spec.group ? `${spec.group}-${spec.id}` : spec.id;
    const settings = spec.settings ?? {};
    const threshold = settings.threshold ?? spec.threshold;
    if (settings.enabled === false || threshold === undefined) continue;
    const evaluationPeriods = settings.evaluationPeriods ?? spec.evaluationPeriods;
    const datapointsToAlarm = settings.datapointsToAlarm ?? evaluationPeriods;
    checkRange(owner, `${spec.prop}.evaluationPeriods`, evaluationPeriods, { min: 1, max: 100, integer: true });
    checkRange(owner, `${spec.prop}.datapointsToAlarm`, datapointsToAlarm, { min: 1, max: evaluationPeriods, integer: true });
    const alarm = new cloudwatch.Alarm(scope, spec.id, {
      metric: spec.metric(settings.period ?? spec.period ?? DEFAULT_ALARM_PERIOD),
      threshold,
      comparisonOperator: spec.comparisonOperator,
      evaluationPeriods,
      datapointsToAlarm,
      treatMissingData: options.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: spec.description,
      alarmName: options.alarmNamePrefix ? `${options.alarmNamePrefix}-${suffix}` : undefined,
    });
    if (options.alarmTopic) {
      const action = new cloudwatchActions.SnsAction(options.alarmTopic);
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
    alarms.push(alarm);
  }
  return alarms;
}

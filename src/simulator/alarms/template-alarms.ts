/**
 * The alarms a topology declares: every `AWS::CloudWatch::Alarm` and `AWS::CloudWatch::CompositeAlarm`
 * with its name (the template's, or the one CloudFormation generates) and ARN. An alarm whose
 * properties CloudWatch would refuse is left out with the reason, as its deployment would fail.
 */
import type { Topology } from '../model';
import { parseRule, RuleError } from './composite-rule';
import { AlarmDefinition, AlarmDefinitionError, compositeAlarmFrom, metricAlarmFrom } from './definition';
import { arn, environmentOf } from '../naming/arns';

export interface RejectedAlarm {
  readonly name: string;
  readonly stack: string;
  readonly logicalId: string;
  readonly reason: string;
}

export function templateAlarms(topology: Topology): { alarms: AlarmDefinition[]; rejected: RejectedAlarm[] } {
  const alarms: AlarmDefinition[] = [];
  const rejected: RejectedAlarm[] = [];
  for (const resource of topology.cloudWatch ?? []) {
    const { origin, physicalId: name, properties } = resource;
    if (origin.resourceType === 'AWS::CloudWatch::Dashboard') continue;
    const alarmArn = arn(environmentOf(origin.account, origin.region), 'cloudwatch', `alarm:${name}`);
    const where = { stack: origin.stack, logicalId: origin.logicalId };
    try {
      if (origin.resourceType === 'AWS::CloudWatch::CompositeAlarm') {
        const definition = compositeAlarmFrom(properties, name, alarmArn, where);
        parseRule(definition.alarmRule);
        alarms.push(definition);
      } else {
        alarms.push(metricAlarmFrom(properties, name, alarmArn, where));
      }
    } catch (err) {
      if (!(err instanceof AlarmDefinitionError) && !(err instanceof RuleError)) throw err;
      rejected.push({ name, ...where, reason: err.message });
    }
  }
  return { alarms, rejected };
}

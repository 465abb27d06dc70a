/** Small shapes several responses share: endpoints, tags, security groups, log delivery. */
import type { EndpointModel, LogDeliveryModel } from '../../model';
import { members, xmlList, XmlList, XmlObject } from '../http/xml';
import type { Tag } from '../store/records';

export function endpointXml(endpoint: EndpointModel | undefined): XmlObject | undefined {
  return endpoint ? { Address: endpoint.hostname, Port: endpoint.port } : undefined;
}

export function tagListXml(tags: readonly Tag[]): XmlList {
  return xmlList('Tag', tags.map((t) => ({ Key: t.key, Value: t.value })));
}

export function securityGroupsXml(ids: readonly string[]): XmlList {
  return xmlList('member', ids.map((id) => ({ SecurityGroupId: id, Status: 'active' })));
}

export function logDeliveryXml(entries: readonly LogDeliveryModel[]): XmlList {
  return xmlList('LogDeliveryConfiguration', entries.map((e) => ({
    LogType: e.logType,
    DestinationType: e.destinationType,
    DestinationDetails: e.destinationType === 'cloudwatch-logs'
      ? { CloudWatchLogsDetails: { LogGroup: e.destination } }
      : { KinesisFirehoseDetails: { DeliveryStream: e.destination } },
    LogFormat: e.logFormat,
    Status: e.status ?? 'active',
  })));
}

export { members };

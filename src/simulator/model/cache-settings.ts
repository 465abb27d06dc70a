import { checkNodeTypeForEngine, FORMATS, LIMITS, findNodeType } from '../../catalog/internal';
import type { EngineVersionInfo } from '../../catalog/internal';
import { generatedPhysicalName, identifierProblem } from '../naming/identifiers';
import type { ResourceView } from '../template';
import { defaultParameterGroup, findParameterGroup } from './parameter-groups';
import type { PropertyReader } from './property-reader';
import { reject, REJECTIONS } from './service-errors';
import type { LogDeliveryModel, ParameterGroupModel, TlsModel } from './types';

/**
 * Settings every node-based cache shares (node type, parameter group, TLS, AUTH token, windows,
 * network type, log delivery), checked as the service checks them on create.
 */

/**
 * A cache's identifier: the property's value checked against the identifier grammar and stored
 * lower-case, or the name CloudFormation generates when the template gives none.
 */
export function cacheIdentifier(resource: ResourceView, props: PropertyReader, property: string, maxLength: number): string {
  const given = props.string(property);
  if (given === undefined) {
    return generatedPhysicalName(resource.stack.random, resource.stack.name, resource.logicalId, { maxLength, lowerCase: true });
  }
  const problem = identifierProblem(given, maxLength);
  if (problem) reject(resource, REJECTIONS.invalidValue(`Invalid ${property} '${given}': it ${problem}.`), property);
  return given.toLowerCase();
}

export function nodeTypeOf(resource: ResourceView, props: PropertyReader, version: EngineVersionInfo): string {
  const nodeType = props.string('CacheNodeType');
  if (nodeType === undefined) reject(resource, REJECTIONS.nodeTypeRequired(), 'CacheNodeType');
  if (!findNodeType(nodeType)) reject(resource, REJECTIONS.unknownNodeType(nodeType), 'CacheNodeType');
  const problem = checkNodeTypeForEngine(nodeType, version.engine, version.version);
  if (problem) reject(resource, REJECTIONS.nodeTypeEngineVersion(problem), 'CacheNodeType');
  return nodeType;
}

/**
 * The parameter group a cache runs with: the named one (whose family must match the engine
 * version) or the default group of the family, with or without cluster mode.
 */
export function parameterGroupOf(
  resource: ResourceView,
  props: PropertyReader,
  version: EngineVersionInfo,
  clusterModeDefault: boolean,
): ParameterGroupModel {
  const name = props.string('CacheParameterGroupName');
  if (name === undefined) {
    const suffix = clusterModeDefault ? '.cluster.on' : '';
    return defaultParameterGroup(`default.${version.parameterGroupFamily}${suffix}`)!;
  }
  const group = findParameterGroup(resource, name, 'CacheParameterGroupName');
  if (group.family !== version.parameterGroupFamily) {
    reject(resource, REJECTIONS.parameterGroupFamily(version.parameterGroupFamily, group.family), 'CacheParameterGroupName');
  }
  return group;
}

/** In-transit encryption as the template asks for it and the engine version allows it. */
export function tlsOf(resource: ResourceView, props: PropertyReader, version: EngineVersionInfo, modeProperty?: string): TlsModel {
  const enabled = props.boolean('TransitEncryptionEnabled') ?? false;
  const mode = modeProperty ? props.string(modeProperty) : undefined;
  if (enabled && !version.features.transitEncryption) {
    reject(resource, REJECTIONS.invalidCombination(`Encryption in transit is not supported for ${version.engine} ${version.version}.`), 'TransitEncryptionEnabled');
  }
  if (mode !== undefined) {
    if (mode !== 'preferred' && mode !== 'required') {
      reject(resource, REJECTIONS.invalidValue(`Invalid TransitEncryptionMode '${mode}': use preferred or required.`), modeProperty);
    }
    if (!enabled) reject(resource, REJECTIONS.invalidCombination('TransitEncryptionMode can only be set when TransitEncryptionEnabled is true.'), modeProperty);
    if (mode === 'preferred' && !version.features.transitEncryptionModifiable) {
      reject(resource, REJECTIONS.invalidCombination(`TransitEncryptionMode preferred is not supported for ${version.engine} ${version.version}.`), modeProperty);
    }
  }
  if (!enabled) return { enabled: false, mode: 'disabled' };
  return { enabled: true, mode: mode === 'preferred' ? 'preferred' : 'required' };
}

/** An AUTH token needs TLS and the documented length and characters. */
export function authTokenOf(resource: ResourceView, props: PropertyReader, tls: TlsModel): string | undefined {
  const token = props.string('AuthToken');
  if (token === undefined) return undefined;
  if (!tls.enabled) reject(resource, REJECTIONS.authTokenNeedsTransitEncryption(), 'AuthToken');
  const format = FORMATS.authToken;
  if (token.length < format.minLength || token.length > format.maxLength || !new RegExp(format.pattern).test(token)) {
    reject(resource, REJECTIONS.invalidAuthToken(), 'AuthToken');
  }
  return token;
}

export function portOf(resource: ResourceView, props: PropertyReader, fallback: number): number {
  const port = props.integer('Port') ?? fallback;
  if (port < 1 || port > 65535) reject(resource, REJECTIONS.invalidValue(`Invalid Port ${port}: use 1 to 65535.`), 'Port');
  return port;
}

function windowMinutes(text: string, withDay: boolean): number {
  const days = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
  const minute = (part: string) => {
    const pieces = part.split(':');
    const [day, hours, minutes] = withDay ? pieces : ['sun', ...pieces];
    return days.indexOf(day) * 1440 + Number(hours) * 60 + Number(minutes);
  };
  const [start, end] = text.split('-').map(minute);
  const span = withDay ? 7 * 1440 : 1440;
  return (end - start + span) % span;
}

/** Maintenance and snapshot windows: format and the 60-minute minimum; retention 0 to 35 days. */
export function checkWindows(resource: ResourceView, props: PropertyReader, retentionProperty = 'SnapshotRetentionLimit'): number {
  const maintenance = props.string('PreferredMaintenanceWindow');
  if (maintenance !== undefined) {
    const lower = maintenance.toLowerCase();
    if (!new RegExp(FORMATS.maintenanceWindow.pattern).test(lower) || windowMinutes(lower, true) < LIMITS.maintenanceWindowMinutes.min) {
      reject(resource, REJECTIONS.invalidValue(`Invalid PreferredMaintenanceWindow '${maintenance}': use ddd:hh24:mi-ddd:hh24:mi (UTC), at least 60 minutes long.`), 'PreferredMaintenanceWindow');
    }
  }
  const snapshot = props.string('SnapshotWindow');
  const badSnapshotWindow = snapshot !== undefined
    && (!new RegExp(FORMATS.snapshotWindow.pattern).test(snapshot) || windowMinutes(snapshot, false) < LIMITS.snapshotWindowMinutes.min);
  if (snapshot !== undefined && badSnapshotWindow) {
    reject(resource, REJECTIONS.invalidValue(`Invalid SnapshotWindow '${snapshot}': use hh24:mi-hh24:mi (UTC), at least 60 minutes long.`), 'SnapshotWindow');
  }
  const retention = props.integer(retentionProperty) ?? 0;
  const { min, max } = LIMITS.backupRetentionDays;
  if (retention < min || retention > max) {
    reject(resource, REJECTIONS.invalidValue(`Invalid ${retentionProperty} ${retention}: use ${min} to ${max} days.`), retentionProperty);
  }
  return retention;
}

/** `NetworkType` and `IpDiscovery`: IPv6 needs an engine version that has it. */
export function networkOf(resource: ResourceView, props: PropertyReader, version: EngineVersionInfo): { networkType: string; ipDiscovery: string } {
  const networkType = props.string('NetworkType') ?? 'ipv4';
  const ipDiscovery = props.string('IpDiscovery') ?? 'ipv4';
  if (!['ipv4', 'ipv6', 'dual_stack'].includes(networkType)) {
    reject(resource, REJECTIONS.invalidValue(`Invalid NetworkType '${networkType}': use ipv4, ipv6 or dual_stack.`), 'NetworkType');
  }
  if (!['ipv4', 'ipv6'].includes(ipDiscovery)) reject(resource, REJECTIONS.invalidValue(`Invalid IpDiscovery '${ipDiscovery}': use ipv4 or ipv6.`), 'IpDiscovery');
  if ((networkType !== 'ipv4' || ipDiscovery !== 'ipv4') && !version.features.ipv6) {
    reject(resource, REJECTIONS.invalidCombination(`IPv6 is not supported for ${version.engine} ${version.version}.`), 'NetworkType');
  }
  return { networkType, ipDiscovery };
}

/** `LogDeliveryConfigurations`: log types the engine version has, known destinations and formats. */
export function logDeliveryOf(resource: ResourceView, props: PropertyReader, version: EngineVersionInfo): LogDeliveryModel[] {
  const entries = props.objectList('LogDeliveryConfigurations') ?? [];
  return entries.map((entry) => {
    const logType = String(entry.LogType);
    const destinationType = String(entry.DestinationType);
    const logFormat = String(entry.LogFormat);
    const details = (entry.DestinationDetails ?? {}) as Record<string, Record<string, string> | undefined>;
    if (logType !== 'slow-log' && logType !== 'engine-log') reject(resource, REJECTIONS.invalidValue(`Invalid LogType '${logType}': use slow-log or engine-log.`), 'LogDeliveryConfigurations');
    const supported = logType === 'slow-log' ? version.features.slowLogDelivery : version.features.engineLogDelivery;
    if (!supported) reject(resource, REJECTIONS.invalidCombination(`${logType} delivery is not supported for ${version.engine} ${version.version}.`), 'LogDeliveryConfigurations');
    if (destinationType !== 'cloudwatch-logs' && destinationType !== 'kinesis-firehose') {
      reject(resource, REJECTIONS.invalidValue(`Invalid DestinationType '${destinationType}': use cloudwatch-logs or kinesis-firehose.`), 'LogDeliveryConfigurations');
    }
    if (logFormat !== 'text' && logFormat !== 'json') reject(resource, REJECTIONS.invalidValue(`Invalid LogFormat '${logFormat}': use text or json.`), 'LogDeliveryConfigurations');
    const destination = destinationType === 'cloudwatch-logs' ? details.CloudWatchLogsDetails?.LogGroup : details.KinesisFirehoseDetails?.DeliveryStream;
    if (!destination) reject(resource, REJECTIONS.invalidValue(`LogDeliveryConfigurations needs DestinationDetails for ${destinationType}.`), 'LogDeliveryConfigurations');
    return { logType, destinationType, destination, logFormat };
  });
}

/** The snapshot a template cache starts from (`SnapshotName`, `SnapshotArns`), restored when the cache starts. */
export function restoreSourceOf(props: PropertyReader): { snapshotName?: string; snapshotArns?: readonly string[] } | undefined {
  const snapshotName = props.string('SnapshotName');
  const snapshotArns = props.stringList('SnapshotArns');
  if (snapshotName === undefined && (snapshotArns === undefined || snapshotArns.length === 0)) return undefined;
  return { snapshotName, snapshotArns: snapshotArns?.length ? snapshotArns : undefined };
}

/** Security group ids as given (recorded only). */
export function securityGroupsOf(props: PropertyReader, property: string): string[] {
  return props.stringList(property) ?? [];
}

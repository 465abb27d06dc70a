/**
 * `LogDeliveryConfigurations` on ModifyReplicationGroup and ModifyCacheCluster: each entry enables
 * (or changes) delivery of one log type, or disables it (`Enabled=false`). The checks are the
 * service's: Valkey / Redis OSS only, slow-log from Redis OSS 6.0 and engine-log from 6.2, one
 * entry per log type, known destination types and formats with the destination's details. While
 * the change applies the cache is `modifying` and each entry shows `enabling`, `modifying` or
 * `disabling`; then the entries are `active` and disabled ones are gone.
 */
import { findEngineVersion } from '../../../catalog/internal';
import type { LogDeliveryModel, ReplicationGroupModel, SingleNodeClusterModel } from '../../model';
import { recordEvent, ServiceContext } from '../context';
import { runModification } from './modification-tasks';
import { API_ERRORS } from '../http/errors';
import type { RequestParams } from '../http/params';
import type { CacheRecord } from '../store/records';

type LogCache = ReplicationGroupModel | SingleNodeClusterModel;

const LOG_TYPES = ['slow-log', 'engine-log'] as const;
const DESTINATION_TYPES = ['cloudwatch-logs', 'kinesis-firehose'] as const;
const FORMATS = ['text', 'json'] as const;

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], name: string): T {
  if (value === undefined) throw API_ERRORS.invalidValue(`LogDeliveryConfigurations needs ${name} (${allowed.join(' or ')}).`);
  if (!(allowed as readonly string[]).includes(value)) throw API_ERRORS.invalidValue(`Invalid ${name} '${value}': use ${allowed.join(' or ')}.`);
  return value as T;
}

/** One requested entry: the configuration to enable, or the log type to disable. */
function requestedEntry(entry: RequestParams, model: LogCache): LogDeliveryModel | { readonly disable: LogDeliveryModel['logType'] } {
  const logType = oneOf(entry.string('LogType'), LOG_TYPES, 'LogType');
  const version = findEngineVersion(model.engine, model.engineVersion);
  const supported = logType === 'slow-log' ? version?.features.slowLogDelivery : version?.features.engineLogDelivery;
  if (!supported) throw API_ERRORS.invalidCombination(`${logType} delivery is not supported for ${model.engine} ${model.engineVersion}.`);
  if (entry.boolean('Enabled') === false) return { disable: logType };
  const destinationType = oneOf(entry.string('DestinationType'), DESTINATION_TYPES, 'DestinationType');
  const logFormat = oneOf(entry.string('LogFormat'), FORMATS, 'LogFormat');
  const details = entry.struct('DestinationDetails');
  const destination = destinationType === 'cloudwatch-logs'
    ? details?.struct('CloudWatchLogsDetails')?.string('LogGroup')
    : details?.struct('KinesisFirehoseDetails')?.string('DeliveryStream');
  if (!destination) {
    const needed = destinationType === 'cloudwatch-logs' ? 'CloudWatchLogsDetails.LogGroup' : 'KinesisFirehoseDetails.DeliveryStream';
    throw API_ERRORS.invalidValue(`LogDeliveryConfigurations needs DestinationDetails.${needed} for ${destinationType}.`);
  }
  return { logType, destinationType, destination, logFormat };
}

function sameDelivery(a: LogDeliveryModel, b: LogDeliveryModel): boolean {
  return a.destinationType === b.destinationType && a.destination === b.destination && a.logFormat === b.logFormat;
}

/**
 * The log delivery entries while the request's changes apply (with their statuses), validated
 * against the cache; undefined when the request has no `LogDeliveryConfigurations` or changes nothing.
 */
export function logDeliveryChange(model: LogCache, params: RequestParams): LogDeliveryModel[] | undefined {
  const entries = params.structList('LogDeliveryConfigurations');
  if (entries === undefined) return undefined;
  const requested = entries.map((e) => requestedEntry(e, model));
  const types = requested.map((r) => ('disable' in r ? r.disable : r.logType));
  if (new Set(types).size !== types.length) throw API_ERRORS.invalidValue('LogDeliveryConfigurations can have at most one entry per LogType.');
  let next = [...model.logDelivery];
  let changed = false;
  for (const r of requested) {
    if ('disable' in r) {
      if (!next.some((e) => e.logType === r.disable)) throw API_ERRORS.invalidCombination(`${r.disable} delivery is not enabled, so it cannot be disabled.`);
      next = next.map((e) => (e.logType === r.disable ? { ...e, status: 'disabling' } : e));
      changed = true;
      continue;
    }
    const current = next.find((e) => e.logType === r.logType);
    if (current && sameDelivery(current, r)) continue;
    next = [...next.filter((e) => e.logType !== r.logType), { ...r, status: current ? 'modifying' : 'enabling' }];
    changed = true;
  }
  return changed ? next : undefined;
}

/** Shows the entries with their statuses now; after the change's time they are active, disabled ones gone. */
export function scheduleLogDeliveryChange(ctx: ServiceContext, record: CacheRecord, entries: readonly LogDeliveryModel[]): void {
  const model = record.model as LogCache;
  const id = model.kind === 'replication-group' ? model.replicationGroupId : model.cacheClusterId;
  const sourceType = model.kind === 'replication-group' ? 'replication-group' : 'cache-cluster';
  record.model = { ...model, logDelivery: entries } as LogCache;
  runModification(ctx, record, `log delivery ${id}`, () => {
    const current = record.model as LogCache;
    for (const e of current.logDelivery) {
      if (e.status === undefined) continue;
      const verb = e.status === 'disabling' ? 'disabled' : e.status === 'enabling' ? 'enabled' : 'modified';
      recordEvent(ctx, id, sourceType, `Log delivery of ${e.logType} ${verb}`);
    }
    const settled = current.logDelivery.filter((e) => e.status !== 'disabling').map(({ status: _status, ...e }) => e);
    record.model = { ...current, logDelivery: settled } as LogCache;
  });
}

/**
 * `TransitEncryptionEnabled` / `TransitEncryptionMode` on ModifyReplicationGroup, with the rules of
 * the ElastiCache guide to enabling in-transit encryption on a running cluster (Valkey, Redis OSS
 * 7.0+): a group without TLS first goes to `preferred` (TLS and plain connections on the same
 * port), then to `required` once its clients use TLS; turning TLS off goes back through
 * `preferred`, and only when no AUTH token or user group needs TLS. The group is `modifying`
 * (PendingModifiedValues shows the target) until its endpoints speak the new mode.
 */
import { findEngineVersion } from '../../../catalog/internal';
import type { EndpointModel, NodeModel, ReplicationGroupModel, TlsModel } from '../../model';
import { environmentOf } from '../../naming/arns';
import { recordEvent, ServiceContext } from '../context';
import { reconfigureRunning } from './engine-settings';
import { runModification } from './modification-tasks';
import { API_ERRORS } from '../http/errors';
import type { RequestParams } from '../http/params';
import { hostnamesFor } from '../store/api-resource';
import type { CacheRecord } from '../store/records';

const MODES = ['preferred', 'required'];

/** The group's in-transit encryption after the request, validated; undefined when it changes nothing. */
export function transitEncryptionChange(model: ReplicationGroupModel, params: RequestParams): TlsModel | undefined {
  const enabledParam = params.boolean('TransitEncryptionEnabled');
  const modeParam = params.string('TransitEncryptionMode');
  if (enabledParam === undefined && modeParam === undefined) return undefined;
  if (modeParam !== undefined && !MODES.includes(modeParam)) throw API_ERRORS.invalidValue(`Invalid TransitEncryptionMode '${modeParam}': use preferred or required.`);
  const version = findEngineVersion(model.engine, model.engineVersion);
  if (!version?.features.transitEncryptionModifiable) {
    throw API_ERRORS.invalidCombination(`Modifying in-transit encryption is not supported for ${model.engine} ${model.engineVersion}: it needs Valkey, or Redis OSS 7.0 or later.`);
  }
  const enabled = enabledParam ?? model.tls.enabled;
  if (!enabled) {
    if (modeParam !== undefined) throw API_ERRORS.invalidCombination('TransitEncryptionMode can only be set when TransitEncryptionEnabled is true.');
    if (!model.tls.enabled) return undefined;
    if (model.tls.mode !== 'preferred') {
      throw API_ERRORS.invalidCombination('In-transit encryption is turned off from TransitEncryptionMode preferred: modify the group to preferred first.');
    }
    if (model.auth.mode !== 'none') throw API_ERRORS.invalidCombination('In-transit encryption cannot be turned off while the group uses an AUTH token or user groups.');
    return { enabled: false, mode: 'disabled' };
  }
  const mode = modeParam ?? (model.tls.enabled ? model.tls.mode : undefined);
  if (!model.tls.enabled && mode !== 'preferred') {
    throw API_ERRORS.invalidCombination('A replication group without in-transit encryption turns it on with TransitEncryptionMode preferred first, then required once its clients use TLS.');
  }
  if (model.tls.enabled && mode === model.tls.mode) return undefined;
  return { enabled: true, mode: mode as TlsModel['mode'] };
}

/**
 * The group with the new in-transit encryption on the group and every endpoint, and the endpoints'
 * names in the format of a group with (or without) TLS, as the service's DNS records change.
 */
function groupWithTls(model: ReplicationGroupModel, tls: TlsModel, seed: string): ReplicationGroupModel {
  const names = hostnamesFor(seed, environmentOf(model.origin.account, model.origin.region));
  const id = model.replicationGroupId;
  const clusterEnabled = model.clusterMode !== 'disabled';
  const renamed = (endpoint: EndpointModel | undefined, hostname: string) => endpoint && { ...endpoint, hostname, tls: tls.enabled };
  const member = (node: NodeModel, shardId: string): NodeModel => ({
    ...node,
    endpoint: renamed(node.endpoint, names.member(id, node.cacheClusterId, clusterEnabled ? shardId : '0001', tls.enabled))!,
  });
  return {
    ...model,
    tls,
    primaryEndpoint: renamed(model.primaryEndpoint, names.primary(id, tls.enabled)),
    readerEndpoint: renamed(model.readerEndpoint, names.reader(id, tls.enabled)),
    configurationEndpoint: renamed(model.configurationEndpoint, names.configuration(id, tls.enabled)),
    shards: model.shards.map((shard) => ({
      ...shard,
      primary: member(shard.primary, shard.shardId),
      replicas: shard.replicas.map((r) => member(r, shard.shardId)),
    })),
  };
}

/** Applies the change in the background: `modifying` with the target pending, then the endpoints switch. */
export function scheduleTransitEncryptionChange(ctx: ServiceContext, record: CacheRecord, tls: TlsModel): void {
  const id = (record.model as ReplicationGroupModel).replicationGroupId;
  record.pending.transitEncryptionEnabled = tls.enabled;
  record.pending.transitEncryptionMode = tls.enabled ? tls.mode : undefined;
  runModification(ctx, record, `transit encryption ${id}`, () => {
    record.model = groupWithTls(record.model as ReplicationGroupModel, tls, ctx.seed);
    reconfigureRunning(ctx, record);
    recordEvent(ctx, id, 'replication-group', tls.enabled ? `In-transit encryption mode changed to ${tls.mode}` : 'In-transit encryption disabled');
  }, () => {
    record.pending.transitEncryptionEnabled = undefined;
    record.pending.transitEncryptionMode = undefined;
  });
}

/**
 * Global Datastores: DescribeGlobalReplicationGroups (with ShowMemberInfo: members, their roles and
 * the global node groups) and FailoverGlobalReplicationGroup, which promotes a secondary member to
 * primary: it takes writes at once and every other member — the former primary included —
 * replicates it. ElastiCache never fails a Global Datastore over on its own.
 */
import type { GlobalDatastoreModel, ReplicationGroupModel } from '../../model';
import { DatastoreMember, datastoreMembers } from '../../runtime/valkey/global-datastore';
import { recordEvent, ServiceContext } from '../context';
import { Actions } from './common';
import { paginate } from './pagination';
import { ApiError, API_ERRORS } from '../http/errors';
import { xmlList, XmlObject } from '../http/xml';
import { slotsText } from '../shapes/replication-group';
import type { CacheRecord, GlobalDatastoreRecord } from '../store/records';

function groupRecord(ctx: ServiceContext, member: DatastoreMember): CacheRecord | undefined {
  return ctx.store.cacheRecord(member.replicationGroupId, member.region, ['replication-group']);
}

/** Members with their roles: those the datastore lists and the secondaries that joined by naming it. */
export function membersOf(ctx: ServiceContext, datastore: GlobalDatastoreModel): DatastoreMember[] {
  return datastoreMembers(datastore, ctx.store.caches.map((r) => r.model));
}

/** The Global Datastore a replication group belongs to, in any role, and its membership. */
export function datastoreOfGroup(
  ctx: ServiceContext, model: ReplicationGroupModel,
): { datastore: GlobalDatastoreModel; member: DatastoreMember } | undefined {
  for (const record of ctx.store.globalDatastores) {
    const member = membersOf(ctx, record.model).find((m) => m.replicationGroupId === model.replicationGroupId && m.region === model.origin.region);
    if (member) return { datastore: record.model, member };
  }
  return undefined;
}

function datastoreXml(ctx: ServiceContext, record: GlobalDatastoreRecord, showMembers: boolean): XmlObject {
  const datastore = record.model;
  const members = membersOf(ctx, datastore);
  const primaryMember = members.find((m) => m.role === 'PRIMARY');
  const primary = primaryMember ? groupRecord(ctx, primaryMember)?.model as ReplicationGroupModel | undefined : undefined;
  const clusterEnabled = primary !== undefined && primary.clusterMode !== 'disabled';
  return {
    GlobalReplicationGroupId: datastore.globalReplicationGroupId,
    GlobalReplicationGroupDescription: datastore.description,
    Status: members.length > 1 ? record.status : 'primary-only',
    CacheNodeType: primary?.nodeType,
    Engine: primary?.engine,
    EngineVersion: primary?.engineVersion,
    Members: showMembers ? xmlList('GlobalReplicationGroupMember', members.map((m) => {
      const group = groupRecord(ctx, m);
      return {
        ReplicationGroupId: m.replicationGroupId,
        ReplicationGroupRegion: m.region,
        Role: m.role.toLowerCase(),
        AutomaticFailover: group ? ((group.model as ReplicationGroupModel).automaticFailover ? 'enabled' : 'disabled') : undefined,
        Status: group ? 'associated' : undefined,
      };
    })) : undefined,
    ClusterEnabled: primary ? clusterEnabled : undefined,
    GlobalNodeGroups: showMembers && primary ? xmlList('GlobalNodeGroup', primary.shards.map((shard) => ({
      GlobalNodeGroupId: `${datastore.globalReplicationGroupId}-${shard.shardId}`,
      Slots: clusterEnabled ? slotsText(shard.slots) : undefined,
    }))) : undefined,
    AuthTokenEnabled: primary ? primary.auth.mode === 'auth-token' : undefined,
    TransitEncryptionEnabled: primary?.tls.enabled,
    AtRestEncryptionEnabled: primary?.atRestEncryption,
    ARN: datastore.arn,
  };
}

function requireDatastore(ctx: ServiceContext, id: string): GlobalDatastoreRecord {
  return ctx.store.globalDatastore(id) ?? (() => { throw API_ERRORS.globalDatastoreNotFound(id); })();
}

export function globalDatastoreActions(ctx: ServiceContext): Actions {
  return {
    DescribeGlobalReplicationGroups: ({ params }) => {
      const id = params.string('GlobalReplicationGroupId');
      const records = id === undefined ? ctx.store.globalDatastores : [requireDatastore(ctx, id)];
      const { page, marker } = paginate(records, params);
      const showMembers = params.boolean('ShowMemberInfo') ?? false;
      return { Marker: marker, GlobalReplicationGroups: xmlList('GlobalReplicationGroup', page.map((r) => datastoreXml(ctx, r, showMembers))) };
    },

    FailoverGlobalReplicationGroup: ({ params }) => {
      const record = requireDatastore(ctx, params.requiredString('GlobalReplicationGroupId'));
      const region = params.requiredString('PrimaryRegion');
      const groupId = params.requiredString('PrimaryReplicationGroupId').toLowerCase();
      const members = membersOf(ctx, record.model);
      const target = members.find((m) => m.replicationGroupId === groupId && m.region === region);
      if (!target) {
        throw API_ERRORS.invalidValue(`Replication group ${groupId} in ${region} is not a member of Global Datastore ${record.model.globalReplicationGroupId}.`);
      }
      if (target.role === 'PRIMARY') {
        throw API_ERRORS.invalidValue(`Replication group ${groupId} in ${region} is already the primary of Global Datastore ${record.model.globalReplicationGroupId}.`);
      }
      if (record.status !== 'available') {
        throw new ApiError('InvalidGlobalReplicationGroupStateFault', `Global Datastore ${record.model.globalReplicationGroupId} is ${record.status}.`);
      }
      const former = members.find((m) => m.role === 'PRIMARY')!;
      record.model = {
        ...record.model,
        primaryReplicationGroupId: groupId,
        members: members.map((m) => ({ ...m, role: m === target ? 'PRIMARY' : 'SECONDARY' })),
      };
      record.changed = record.source === 'template' ? true : record.changed;
      // The promoted group takes writes, the others (the former primary included) follow it.
      ctx.simulation.linkGlobalDatastore(record.model);
      recordEvent(ctx, former.replicationGroupId, 'replication-group',
        `Global Datastore ${record.model.globalReplicationGroupId} failover: replication group ${groupId} in ${region} is now the primary; this group is a secondary`);
      recordEvent(ctx, groupId, 'replication-group',
        `Global Datastore ${record.model.globalReplicationGroupId} failover: this group in ${region} is now the primary`);
      return { GlobalReplicationGroup: datastoreXml(ctx, record, true) };
    },
  };
}

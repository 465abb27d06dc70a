import { GLOBAL_DATASTORE_ID_PREFIXES } from '../../catalog/data/global-datastore-prefixes';
import type { ResourceTypeHandler, ResourceView } from '../template';
import { ModelContext, modelHandler, originOf } from './context';
import { findReplicationGroup } from './replication-group';
import { reject, REJECTIONS } from './service-errors';
import type { GlobalDatastoreModel } from './types';
import { findEngineVersion, findNodeType, LIMITS } from '../../catalog/internal';
import { arn } from '../naming/arns';

const TYPE = 'AWS::ElastiCache::GlobalReplicationGroup';

/** The Region's id prefix from the guide's table; other Regions get a stable five-letter one. */
function prefixFor(resource: ResourceView, region: string): string {
  return GLOBAL_DATASTORE_ID_PREFIXES[region] ?? resource.stack.random.string(`global-prefix:${region}`, 'abcdefghijklmnopqrstuvwxyz', 5);
}

function createGlobalDatastore(context: ModelContext, resource: ResourceView): GlobalDatastoreModel {
  const props = context.read(resource);
  const members = (props.objectList('Members') ?? []).map((member) => ({
    replicationGroupId: String(member.ReplicationGroupId ?? '').toLowerCase(),
    region: String(member.ReplicationGroupRegion ?? resource.stack.env.region),
    role: String(member.Role ?? 'SECONDARY').toUpperCase() as 'PRIMARY' | 'SECONDARY',
  }));
  const primaries = members.filter((m) => m.role === 'PRIMARY');
  if (primaries.length !== 1) reject(resource, REJECTIONS.invalidValue(`Members must name exactly one PRIMARY replication group; got ${primaries.length}.`), 'Members');
  if (members.some((m) => m.role !== 'PRIMARY' && m.role !== 'SECONDARY')) reject(resource, REJECTIONS.invalidValue('Member Role must be PRIMARY or SECONDARY.'), 'Members');
  const secondaries = members.length - 1;
  if (secondaries > LIMITS.globalDatastoreSecondaryRegions.max) {
    reject(resource, REJECTIONS.invalidValue(`A Global Datastore has at most ${LIMITS.globalDatastoreSecondaryRegions.max} secondary Regions; got ${secondaries}.`), 'Members');
  }
  const primary = primaries[0];
  const group = findReplicationGroup(context, resource, primary.replicationGroupId, primary.region) ?? reject(resource, REJECTIONS.replicationGroupNotFound(primary.replicationGroupId), 'Members');
  if (!findEngineVersion(group.engine, group.engineVersion)?.features.globalDatastore) {
    reject(resource, REJECTIONS.invalidCombination(`Global Datastore is not supported for ${group.engine} ${group.engineVersion}.`), 'Members');
  }
  if (findNodeType(group.nodeType)?.burstable) reject(resource, REJECTIONS.globalDatastoreNodeType(), 'Members');
  const suffix = props.string('GlobalReplicationGroupIdSuffix') ?? resource.logicalId.toLowerCase();
  const id = `${prefixFor(resource, primary.region)}-${suffix}`;
  const model: GlobalDatastoreModel = {
    origin: originOf(resource),
    globalReplicationGroupId: id,
    arn: arn(resource.stack.env, 'elasticache', `globalreplicationgroup:${id}`, ''),
    primaryReplicationGroupId: primary.replicationGroupId,
    members,
    description: props.string('GlobalReplicationGroupDescription'),
  };
  context.globalDatastores.push(model);
  return model;
}

function globalDatastoreAttribute(model: GlobalDatastoreModel, name: string): string | undefined {
  if (name === 'GlobalReplicationGroupId') return model.globalReplicationGroupId;
  if (name === 'Arn') return model.arn;
  return name === 'Status' ? (model.members.length > 1 ? 'associated' : 'primary-only') : undefined;
}

export function globalDatastoreHandler(context: ModelContext): ResourceTypeHandler {
  return modelHandler(context, createGlobalDatastore, (model) => model.globalReplicationGroupId, globalDatastoreAttribute);
}

/** A Global Datastore of the simulated stacks by id (any Region of the account). */
export function findGlobalDatastore(resource: ResourceView, id: string): GlobalDatastoreModel {
  const found = resource.stack.assembly
    .resourcesOfType(TYPE, undefined)
    .map((candidate) => candidate.state() as GlobalDatastoreModel)
    .find((model) => model.globalReplicationGroupId === id.toLowerCase() && model.origin.account === resource.stack.env.account);
  return found ?? reject(resource, REJECTIONS.globalDatastoreNotFound(id), 'GlobalReplicationGroupId');
}

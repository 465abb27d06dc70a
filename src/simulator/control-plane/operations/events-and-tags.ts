/**
 * DescribeEvents (the simulation's event log filtered by source, type and time, oldest first) and
 * the tagging operations AddTagsToResource, ListTagsForResource and RemoveTagsFromResource on the
 * ARNs of caches, member clusters, snapshots, users, user groups, parameter and subnet groups.
 */
import { elastiCacheArn, environmentOf } from '../../naming/arns';
import type { ServiceContext } from '../context';
import { Actions } from './common';
import { paginate } from './pagination';
import { mergeTags, tagsOf } from './tag-rules';
import type { EventSourceType } from '../../runtime';
import { ApiError, API_ERRORS } from '../http/errors';
import type { RequestParams } from '../http/params';
import { xmlList } from '../http/xml';
import { tagListXml } from '../shapes/common';
import { memberClusters } from '../store/members';

const SOURCE_TYPES: readonly EventSourceType[] = [
  'cache-cluster', 'cache-parameter-group', 'cache-security-group', 'cache-subnet-group', 'replication-group',
  'serverless-cache', 'serverless-cache-snapshot', 'user', 'user-group',
];
/** DescribeEvents looks back at most 14 days. */
const MAX_DURATION_MINUTES = 14 * 24 * 60;
const DEFAULT_DURATION_MINUTES = 60;

function timeParam(params: RequestParams, name: string): number | undefined {
  const text = params.string(name);
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw API_ERRORS.invalidValue(`Invalid ${name} '${text}': expected an ISO 8601 time.`);
  return ms;
}

/** Every ARN a tag can be put on in a region. */
function taggableArns(ctx: ServiceContext, region: string): Set<string> {
  const arns = new Set<string>();
  const env = environmentOf(ctx.store.account, region);
  for (const record of ctx.store.cachesIn(region)) {
    arns.add(record.model.arn);
    for (const member of memberClusters(record.model)) arns.add(elastiCacheArn(env, 'cluster', member.cacheClusterId));
  }
  for (const s of ctx.snapshots.snapshots(region)) arns.add(s.arn);
  for (const s of ctx.snapshots.serverlessSnapshotsIn(region)) arns.add(s.arn);
  for (const u of ctx.store.users) if (u.model.origin.region === region) arns.add(u.model.arn);
  for (const g of ctx.store.userGroups) if (g.model.origin.region === region) arns.add(g.model.arn);
  for (const g of ctx.store.parameterGroups) if (g.region === region) arns.add(elastiCacheArn(env, 'parametergroup', g.model.name));
  for (const g of ctx.store.subnetGroups) if (g.region === region) arns.add(elastiCacheArn(env, 'subnetgroup', g.model.name));
  return arns;
}

/** The ARN a tagging call names, checked to be an ElastiCache resource that exists. */
function taggedResource(ctx: ServiceContext, params: RequestParams, region: string): string {
  const arn = params.requiredString('ResourceName');
  const match = /^arn:aws[a-z-]*:elasticache:([a-z0-9-]+):(\d{12}):([a-z]+):(.+)$/.exec(arn);
  if (!match) throw API_ERRORS.invalidArn(arn);
  if (match[1] !== region || match[2] !== ctx.store.account || !taggableArns(ctx, region).has(arn)) {
    const notFound: Record<string, () => ApiError> = {
      cluster: () => API_ERRORS.cacheClusterNotFound(match[4]),
      replicationgroup: () => API_ERRORS.replicationGroupNotFound(match[4]),
      serverlesscache: () => API_ERRORS.serverlessCacheNotFound(match[4]),
      snapshot: () => API_ERRORS.snapshotNotFound(match[4]),
      serverlesscachesnapshot: () => API_ERRORS.serverlessSnapshotNotFound(match[4]),
      user: () => API_ERRORS.userNotFound(match[4]),
      usergroup: () => API_ERRORS.userGroupNotFound(match[4]),
      parametergroup: () => API_ERRORS.parameterGroupNotFound(match[4]),
      subnetgroup: () => API_ERRORS.subnetGroupNotFound(match[4]),
    };
    throw (notFound[match[3]] ?? (() => API_ERRORS.invalidArn(arn)))();
  }
  return arn;
}

export function eventAndTagActions(ctx: ServiceContext): Actions {
  return {
    DescribeEvents: ({ params }) => {
      const sourceId = params.string('SourceIdentifier')?.toLowerCase();
      const sourceType = params.string('SourceType');
      if (sourceType !== undefined && !SOURCE_TYPES.includes(sourceType as EventSourceType)) {
        throw API_ERRORS.invalidValue(`Invalid SourceType '${sourceType}': use one of ${SOURCE_TYPES.join(', ')}.`);
      }
      if (sourceId !== undefined && sourceType === undefined) {
        throw API_ERRORS.invalidCombination('SourceType must be specified together with SourceIdentifier.');
      }
      const duration = params.integer('Duration');
      if (duration !== undefined && (duration < 0 || duration > MAX_DURATION_MINUTES)) {
        throw API_ERRORS.invalidValue(`Invalid Duration ${duration}: use 0 to ${MAX_DURATION_MINUTES} minutes.`);
      }
      const now = ctx.clock.nowMs();
      const end = timeParam(params, 'EndTime') ?? now;
      const start = timeParam(params, 'StartTime') ?? end - (duration ?? DEFAULT_DURATION_MINUTES) * 60_000;
      const events = ctx.simulation.events.events.filter((e) => (sourceType === undefined || e.sourceType === sourceType)
        && (sourceId === undefined || e.sourceId.toLowerCase() === sourceId)
        && e.date.getTime() >= start && e.date.getTime() <= end);
      const { page, marker } = paginate(events, params);
      return {
        Marker: marker,
        Events: xmlList('Event', page.map((e) => ({ SourceIdentifier: e.sourceId, SourceType: e.sourceType, Message: e.message, Date: e.date }))),
      };
    },

    AddTagsToResource: ({ params, region }) => {
      const arn = taggedResource(ctx, params, region);
      const tags = mergeTags(ctx.store.tagsOf(arn), tagsOf(params));
      ctx.store.setTags(arn, tags);
      return { TagList: tagListXml(tags) };
    },

    ListTagsForResource: ({ params, region }) => {
      const arn = taggedResource(ctx, params, region);
      return { TagList: tagListXml(ctx.store.tagsOf(arn)) };
    },

    RemoveTagsFromResource: ({ params, region }) => {
      const arn = taggedResource(ctx, params, region);
      const keys = params.stringList('TagKeys') ?? [];
      const existing = ctx.store.tagsOf(arn);
      for (const key of keys) {
        if (!existing.some((t) => t.key === key)) throw new ApiError('TagNotFound', `Tag with key ${key} not found on resource ${arn}.`);
      }
      const tags = existing.filter((t) => !keys.includes(t.key));
      ctx.store.setTags(arn, tags);
      return { TagList: tagListXml(tags) };
    },
  };
}

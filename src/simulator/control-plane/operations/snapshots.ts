/**
 * Snapshots of node-based caches (CreateSnapshot, DescribeSnapshots, CopySnapshot with an optional
 * export to a bucket, DeleteSnapshot) and of serverless caches (CreateServerlessCacheSnapshot,
 * DescribeServerlessCacheSnapshots, CopyServerlessCacheSnapshot, ExportServerlessCacheSnapshot,
 * DeleteServerlessCacheSnapshot). The data handling lives in the snapshot service.
 */
import type { ServiceContext } from '../context';
import { recordEvent, runningCache } from '../context';
import { requireAvailable } from './cache-lifecycle';
import { Actions, findServerlessCache, groupOfMember } from './common';
import { paginate, PageStyle, RESULTS } from './pagination';
import { checkNewServerlessSnapshotName, checkNewSnapshotName } from './snapshot-names';
import { mergeTags, tagsOf } from './tag-rules';
import { ApiError, API_ERRORS } from '../http/errors';
import type { ApiRequest } from '../http/server';
import { xmlList } from '../http/xml';
import { serverlessSnapshotXml, snapshotXml } from '../shapes/snapshot';
import type { CacheRecord } from '../store/records';

/** DescribeSnapshots pages hold 20 to 50 snapshots. */
const SNAPSHOT_PAGES: PageStyle = { sizeParam: 'MaxRecords', markerParam: 'Marker', min: 20, max: 50, default: 50 };
/** Manual snapshots a serverless cache may take in 24 hours. */
const SERVERLESS_SNAPSHOTS_PER_DAY = 24;

/** The cache CreateSnapshot names, and the member to read from when a member cluster was named. */
function snapshotTarget(ctx: ServiceContext, request: ApiRequest): { record: CacheRecord; memberId?: string } {
  const { params, region } = request;
  const groupId = params.string('ReplicationGroupId');
  const clusterId = params.string('CacheClusterId');
  if (groupId !== undefined && clusterId !== undefined) throw API_ERRORS.invalidCombination('Only one of ReplicationGroupId and CacheClusterId can be specified.');
  if (groupId !== undefined) {
    const record = ctx.store.cacheRecord(groupId, region, ['replication-group']);
    if (!record) throw API_ERRORS.replicationGroupNotFound(groupId);
    return { record };
  }
  if (clusterId === undefined) throw API_ERRORS.invalidCombination('Either ReplicationGroupId or CacheClusterId must be specified.');
  const cluster = ctx.store.cacheRecord(clusterId, region, ['memcached-cluster', 'single-node-cluster']);
  if (cluster) return { record: cluster };
  const group = groupOfMember(ctx, request, clusterId);
  if (!group) throw API_ERRORS.cacheClusterNotFound(clusterId);
  if (group.model.kind === 'replication-group' && group.model.clusterMode !== 'disabled') {
    throw API_ERRORS.invalidCombination(`Cache cluster ${clusterId} belongs to a cluster mode enabled replication group: snapshot the group with ReplicationGroupId.`);
  }
  return { record: group, memberId: clusterId.toLowerCase() };
}

function requireSnapshotAvailable(name: string, status: string, serverless: boolean): void {
  if (status === 'available') return;
  if (serverless) throw new ApiError('InvalidServerlessCacheSnapshotStateFault', `Serverless cache snapshot ${name} is not in available state (current state: ${status}).`);
  throw new ApiError('InvalidSnapshotState', `Snapshot ${name} is not in available state (current state: ${status}).`);
}

export function snapshotActions(ctx: ServiceContext): Actions {
  const snapshots = ctx.snapshots;
  return {
    CreateSnapshot: (request) => {
      const { params, region } = request;
      const requested = params.requiredString('SnapshotName');
      const { record, memberId } = snapshotTarget(ctx, request);
      if (record.model.kind === 'memcached-cluster') throw API_ERRORS.invalidCombination('Snapshots are not supported for Memcached clusters.');
      const name = checkNewSnapshotName(ctx, requested, region);
      requireAvailable(record);
      const tags = mergeTags([], tagsOf(params));
      const running = runningCache(ctx, record);
      if (!running) throw API_ERRORS.invalidCacheClusterState(requested, record.status);
      const snapshot = snapshots.take(record, running, name, 'manual', memberId);
      ctx.store.setTags(snapshot.arn, tags);
      return { Snapshot: snapshotXml(snapshot) };
    },

    DescribeSnapshots: ({ params, region }) => {
      const name = params.string('SnapshotName')?.toLowerCase();
      const groupId = params.string('ReplicationGroupId')?.toLowerCase();
      const clusterId = params.string('CacheClusterId')?.toLowerCase();
      const source = params.string('SnapshotSource');
      if (source !== undefined && !['automated', 'manual', 'system'].includes(source)) {
        throw API_ERRORS.invalidValue(`Invalid SnapshotSource '${source}': use automated, manual or system.`);
      }
      let list = snapshots.snapshots(region);
      if (name !== undefined) {
        list = list.filter((s) => s.name === name);
        if (list.length === 0) throw API_ERRORS.snapshotNotFound(name);
      }
      if (groupId !== undefined) list = list.filter((s) => s.cache.replicationGroupId === groupId);
      if (clusterId !== undefined) {
        list = list.filter((s) => s.cache.cacheClusterId === clusterId || s.nodes.some((n) => n.cacheClusterId === clusterId));
        const clusterExists = ctx.store.cachesIn(region).some((r) => r.model.kind !== 'serverless' && 'cacheClusterId' in r.model && r.model.cacheClusterId === clusterId);
        if (list.length === 0 && !clusterExists) throw API_ERRORS.cacheClusterNotFound(clusterId);
      }
      if (source !== undefined) list = list.filter((s) => s.source === source);
      const { page, marker } = paginate(list, params, SNAPSHOT_PAGES);
      const showConfig = params.boolean('ShowNodeGroupConfig') ?? false;
      return { Marker: marker, Snapshots: xmlList('Snapshot', page.map((s) => snapshotXml(s, showConfig))) };
    },

    CopySnapshot: ({ params, region }) => {
      const source = snapshots.require(params.requiredString('SourceSnapshotName'), region);
      requireSnapshotAvailable(source.name, source.status, false);
      const target = params.requiredString('TargetSnapshotName');
      const bucket = params.string('TargetBucket');
      if (bucket !== undefined) {
        // An export: the snapshot's RDB files become objects of the bucket.
        if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw API_ERRORS.invalidValue(`Invalid TargetBucket '${bucket}': not a bucket name.`);
        snapshots.exportToBucket(source, bucket, target);
        return { Snapshot: snapshotXml(source) };
      }
      const name = checkNewSnapshotName(ctx, target, region, 'TargetSnapshotName');
      const tags = mergeTags([], tagsOf(params));
      const copy = snapshots.copy(source, name);
      ctx.store.setTags(copy.arn, tags);
      return { Snapshot: snapshotXml(copy) };
    },

    DeleteSnapshot: ({ params, region }) => {
      const snapshot = snapshots.require(params.requiredString('SnapshotName'), region);
      requireSnapshotAvailable(snapshot.name, snapshot.status, false);
      snapshots.remove(snapshot);
      const cache = snapshot.cache;
      const sourceId = cache.replicationGroupId ?? cache.cacheClusterId;
      if (sourceId !== undefined) {
        recordEvent(ctx, sourceId, cache.replicationGroupId !== undefined ? 'replication-group' : 'cache-cluster', `Snapshot ${snapshot.name} deleted`);
      }
      return { Snapshot: snapshotXml(snapshot) };
    },

    CreateServerlessCacheSnapshot: (request) => {
      const { params, region } = request;
      const requested = params.requiredString('ServerlessCacheSnapshotName');
      const record = findServerlessCache(ctx, request, params.requiredString('ServerlessCacheName'));
      const name = checkNewServerlessSnapshotName(ctx, requested, region);
      requireAvailable(record);
      const tags = mergeTags([], tagsOf(params));
      const cacheName = record.model.kind === 'serverless' ? record.model.serverlessCacheName : '';
      if (snapshots.manualServerlessSnapshotsSince(cacheName, region, ctx.clock.nowMs() - 86_400_000) >= SERVERLESS_SNAPSHOTS_PER_DAY) {
        throw new ApiError('ServerlessCacheSnapshotQuotaExceededFault', `Serverless cache ${cacheName} has reached its limit of ${SERVERLESS_SNAPSHOTS_PER_DAY} manual snapshots in 24 hours.`);
      }
      const running = runningCache(ctx, record);
      if (!running) throw API_ERRORS.invalidServerlessCacheState(cacheName, record.status);
      const snapshot = snapshots.takeServerless(record, running, name, 'manual');
      ctx.store.setTags(snapshot.arn, tags);
      return { ServerlessCacheSnapshot: serverlessSnapshotXml(snapshot) };
    },

    DescribeServerlessCacheSnapshots: ({ params, region }) => {
      const cacheName = params.string('ServerlessCacheName')?.toLowerCase();
      const name = params.string('ServerlessCacheSnapshotName')?.toLowerCase();
      const type = params.string('SnapshotType');
      let list = snapshots.serverlessSnapshotsIn(region);
      if (name !== undefined) {
        list = list.filter((s) => s.name === name);
        if (list.length === 0) throw API_ERRORS.serverlessSnapshotNotFound(name);
      }
      if (cacheName !== undefined) {
        list = list.filter((s) => s.cacheName === cacheName);
        if (list.length === 0 && !ctx.store.cacheRecord(cacheName, region, ['serverless'])) throw API_ERRORS.serverlessCacheNotFound(cacheName);
      }
      if (type !== undefined) list = list.filter((s) => s.type === type);
      const { page, marker } = paginate(list, params, RESULTS);
      return { NextToken: marker, ServerlessCacheSnapshots: xmlList('ServerlessCacheSnapshot', page.map(serverlessSnapshotXml)) };
    },

    CopyServerlessCacheSnapshot: ({ params, region }) => {
      const source = snapshots.requireServerless(params.requiredString('SourceServerlessCacheSnapshotName'), region);
      requireSnapshotAvailable(source.name, source.status, true);
      const name = checkNewServerlessSnapshotName(ctx, params.requiredString('TargetServerlessCacheSnapshotName'), region, 'TargetServerlessCacheSnapshotName');
      const tags = mergeTags([], tagsOf(params));
      const copy = snapshots.copyServerless(source, name);
      ctx.store.setTags(copy.arn, tags);
      return { ServerlessCacheSnapshot: serverlessSnapshotXml(copy) };
    },

    ExportServerlessCacheSnapshot: ({ params, region }) => {
      const snapshot = snapshots.requireServerless(params.requiredString('ServerlessCacheSnapshotName'), region);
      const bucket = params.requiredString('S3BucketName');
      requireSnapshotAvailable(snapshot.name, snapshot.status, true);
      if (snapshot.format !== 'rdb') {
        throw API_ERRORS.invalidCombination(`Serverless cache snapshot ${snapshot.name} holds Memcached data: only Valkey and Redis OSS snapshots can be exported.`);
      }
      snapshots.exportServerless(snapshot, bucket);
      return { ServerlessCacheSnapshot: serverlessSnapshotXml(snapshot) };
    },

    DeleteServerlessCacheSnapshot: ({ params, region }) => {
      const snapshot = snapshots.requireServerless(params.requiredString('ServerlessCacheSnapshotName'), region);
      requireSnapshotAvailable(snapshot.name, snapshot.status, true);
      snapshots.removeServerless(snapshot);
      recordEvent(ctx, snapshot.name, 'serverless-cache-snapshot', `Snapshot ${snapshot.name} of serverless cache ${snapshot.cacheName} deleted`);
      return { ServerlessCacheSnapshot: serverlessSnapshotXml(snapshot) };
    },
  };
}

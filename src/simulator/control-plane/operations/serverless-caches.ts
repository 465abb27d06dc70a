/**
 * CreateServerlessCache, DescribeServerlessCaches, ModifyServerlessCache, DeleteServerlessCache.
 * ModifyServerlessCache changes that reach the running cache (usage limits, user group, engine
 * version) are in serverless-changes.
 */
import type { ServerlessCacheModel } from '../../model';
import { recordEvent, ServiceContext } from '../context';
import { deleteCache, launchCache, requireAvailable } from './cache-lifecycle';
import { Actions, findServerlessCache } from './common';
import { paginate, RESULTS } from './pagination';
import { restoreSourceOf } from './restore-defaults';
import { applyServerlessChange, requestedServerlessChange } from './serverless-changes';
import { checkNewServerlessSnapshotName } from './snapshot-names';
import { mergeTags, tagsOf } from './tag-rules';
import { cfnProperties } from './translate';
import { FORMATS, LIMITS } from '../../../catalog/internal';
import { API_ERRORS } from '../http/errors';
import { xmlList } from '../http/xml';
import { serverlessCacheXml } from '../shapes/serverless';
import { buildThroughModel } from '../store/api-resource';
import { newCacheRecord } from '../store/resource-store';

export function serverlessCacheActions(ctx: ServiceContext): Actions {
  return {
    DescribeServerlessCaches: ({ params, region }) => {
      const name = params.string('ServerlessCacheName');
      let caches = ctx.store.cachesIn(region).filter((r) => r.model.kind === 'serverless');
      if (name !== undefined) {
        caches = caches.filter((r) => (r.model as ServerlessCacheModel).serverlessCacheName === name.toLowerCase());
        if (caches.length === 0) throw API_ERRORS.serverlessCacheNotFound(name);
      }
      const { page, marker } = paginate(caches, params, RESULTS);
      return { NextToken: marker, ServerlessCaches: xmlList('member', page.map(serverlessCacheXml)) };
    },

    CreateServerlessCache: ({ params, region }) => {
      const name = params.requiredString('ServerlessCacheName');
      params.requiredString('Engine');
      const tags = mergeTags([], tagsOf(params));
      const props = cfnProperties(params, {
        lists: ['SecurityGroupIds', 'SubnetIds'],
        structures: ['CacheUsageLimits'],
        skip: ['Tags', 'SnapshotArnsToRestore'],
      });
      const restoreFrom = restoreSourceOf(params, true);
      if (restoreFrom) ctx.snapshots.checkSource(restoreFrom, region, params.requiredString('Engine').toLowerCase());
      const built = buildThroughModel<ServerlessCacheModel>(ctx.store, ctx.seed, { type: 'AWS::ElastiCache::ServerlessCache', id: name, region, properties: props }, ctx.clock.now());
      const model: ServerlessCacheModel = { ...built.model, snapshotArnsToRestore: restoreFrom?.snapshotArns ?? [] };
      const record = newCacheRecord(model, 'api', 'creating', ctx.clock.now());
      record.restoreFrom = restoreFrom;
      ctx.store.setTags(model.arn, tags);
      launchCache(ctx, record);
      return { ServerlessCache: serverlessCacheXml(record) };
    },

    ModifyServerlessCache: (request) => {
      const { params } = request;
      const record = findServerlessCache(ctx, request, params.requiredString('ServerlessCacheName'));
      requireAvailable(record);
      const model = record.model as ServerlessCacheModel;
      const change = requestedServerlessChange(ctx, model, params);
      const retention = params.integer('SnapshotRetentionLimit');
      if (retention !== undefined && (retention < 0 || retention > LIMITS.serverlessBackupRetentionDays.max)) {
        throw API_ERRORS.invalidValue(`Invalid SnapshotRetentionLimit ${retention}: use 0 to ${LIMITS.serverlessBackupRetentionDays.max} days.`);
      }
      const time = params.string('DailySnapshotTime');
      if (time !== undefined && !new RegExp(FORMATS.dailySnapshotTime.pattern).test(time)) {
        throw API_ERRORS.invalidValue(`Invalid DailySnapshotTime '${time}': use HH:MM (UTC).`);
      }
      record.model = {
        ...model,
        description: params.string('Description') ?? model.description,
        securityGroupIds: params.stringList('SecurityGroupIds') ?? model.securityGroupIds,
        snapshotRetentionLimit: retention ?? model.snapshotRetentionLimit,
        dailySnapshotTime: time ?? model.dailySnapshotTime,
      };
      ctx.snapshots.pruneAutomatic(record);
      recordEvent(ctx, model.serverlessCacheName, 'serverless-cache', `Serverless cache ${model.serverlessCacheName} modified`);
      if (change) applyServerlessChange(ctx, record, change);
      return { ServerlessCache: serverlessCacheXml(record) };
    },

    DeleteServerlessCache: (request) => {
      const { params, region } = request;
      const record = findServerlessCache(ctx, request, params.requiredString('ServerlessCacheName'));
      requireAvailable(record);
      const finalName = params.string('FinalSnapshotName');
      const name = finalName === undefined ? undefined : checkNewServerlessSnapshotName(ctx, finalName, region, 'FinalSnapshotName');
      deleteCache(ctx, record, name);
      return { ServerlessCache: serverlessCacheXml(record) };
    },
  };
}


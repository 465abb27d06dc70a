/**
 * The ModifyServerlessCache changes that reach a running serverless cache: `CacheUsageLimits`
 * (new maximums throttle and evict at once; 0/0 removes a limit, as the guide documents),
 * `UserGroupId` / `RemoveUserGroup` (the engines' ACL users follow; connections authenticated as
 * a user that left are closed, as for replication groups) and `MajorEngineVersion` / `Engine`
 * (an upgrade within the engine or from Redis OSS to Valkey: the engines restart on the new
 * version keeping their data). The cache is `modifying` until the change has applied.
 */
import { allEngineVersions, compareVersions, LIMITS } from '../../../catalog/internal';
import type { EngineVersionInfo, NumericLimit } from '../../../catalog/internal';
import type { AuthModel, ServerlessCacheModel } from '../../model';
import { serverlessEngineConfig } from '../../model/serverless-cache';
import { recordEvent, runningCache, ServiceContext } from '../context';
import { reconfigureRunning } from './engine-settings';
import { checkUpgradePath } from './engine-upgrades';
import { ApiError, API_ERRORS } from '../http/errors';
import type { RequestParams } from '../http/params';
import type { CacheRecord } from '../store/records';

type UsageLimits = Pick<ServerlessCacheModel, 'dataStorage' | 'ecpuPerSecond'>;

/** What a request changes on a running serverless cache (undefined parts: unchanged). */
export interface ServerlessChange {
  readonly limits?: UsageLimits;
  readonly access?: { readonly userGroupId?: string; readonly auth: AuthModel };
  readonly upgrade?: EngineVersionInfo;
}

/** A Minimum/Maximum pair of CacheUsageLimits; undefined when both are 0 or absent (no limit). */
function rangeOf(struct: RequestParams, path: string, allowed: NumericLimit): { minimum?: number; maximum?: number } | undefined {
  const read = (name: string) => {
    const value = struct.number(name);
    if (value === undefined || value === 0) return undefined;
    if (value < allowed.min || value > allowed.max) throw API_ERRORS.invalidValue(`CacheUsageLimits ${path} must be between ${allowed.min} and ${allowed.max}; got ${value}.`);
    return value;
  };
  const minimum = read('Minimum');
  const maximum = read('Maximum');
  if (minimum !== undefined && maximum !== undefined && minimum > maximum) {
    throw API_ERRORS.invalidValue(`CacheUsageLimits ${path} Minimum (${minimum}) is greater than Maximum (${maximum}).`);
  }
  return minimum === undefined && maximum === undefined ? undefined : { minimum, maximum };
}

function limitsAfter(model: ServerlessCacheModel, params: RequestParams): UsageLimits | undefined {
  const limits = params.struct('CacheUsageLimits');
  if (!limits) return undefined;
  const storage = limits.struct('DataStorage');
  const ecpu = limits.struct('ECPUPerSecond');
  if (storage && storage.string('Unit') !== 'GB') throw API_ERRORS.invalidValue(`CacheUsageLimits DataStorage Unit must be GB; got ${storage.string('Unit')}.`);
  const storageRange = storage ? rangeOf(storage, 'DataStorage', LIMITS.serverlessDataStorageGb) : undefined;
  return {
    dataStorage: storage ? storageRange && { ...storageRange, unit: 'GB' } : model.dataStorage,
    ecpuPerSecond: ecpu ? rangeOf(ecpu, 'ECPUPerSecond', LIMITS.serverlessEcpuPerSecond) : model.ecpuPerSecond,
  };
}

function accessAfter(ctx: ServiceContext, model: ServerlessCacheModel, params: RequestParams): ServerlessChange['access'] {
  const id = params.string('UserGroupId');
  const remove = params.boolean('RemoveUserGroup') === true;
  if (id === undefined && !remove) return undefined;
  if (id !== undefined && remove) throw API_ERRORS.invalidCombination('UserGroupId and RemoveUserGroup cannot be given together.');
  if (model.engine === 'memcached') throw API_ERRORS.invalidCombination('User groups are not supported for Memcached serverless caches.');
  if (remove) return { userGroupId: undefined, auth: { mode: 'none' } };
  const group = ctx.store.userGroup(id!, model.origin.region);
  if (!group) throw API_ERRORS.userGroupNotFound(id!);
  if (group.model.engine !== model.engine && !(group.model.engine === 'redis' && model.engine === 'valkey')) {
    throw API_ERRORS.invalidCombination(`User group ${group.model.userGroupId} is for engine ${group.model.engine}, not ${model.engine}.`);
  }
  if (group.status !== 'active') throw new ApiError('InvalidUserGroupState', `The user group ${group.model.userGroupId} is not in active state (current state: ${group.status}).`);
  return { userGroupId: group.model.userGroupId, auth: { mode: 'rbac', userGroupIds: [group.model.userGroupId] } };
}

/** The newest serverless version of the requested major; the engine's newest major when the engine changes without one. */
function upgradeAfter(model: ServerlessCacheModel, params: RequestParams): EngineVersionInfo | undefined {
  const engineParam = params.string('Engine')?.toLowerCase();
  const major = params.string('MajorEngineVersion');
  if (engineParam === undefined && major === undefined) return undefined;
  const engine = engineParam ?? model.engine;
  if (engine !== 'valkey' && engine !== 'redis' && engine !== 'memcached') throw API_ERRORS.invalidValue(`Invalid Engine '${engineParam}': use valkey, redis or memcached.`);
  const versions = allEngineVersions(engine).filter((v) => v.features.serverless).sort((a, b) => compareVersions(b.version, a.version));
  const wanted = major ?? (engine === model.engine ? model.majorEngineVersion : versions[0].majorVersion);
  const target = versions.find((v) => v.majorVersion === wanted);
  if (!target) {
    const majors = [...new Set(versions.map((v) => v.majorVersion))].reverse();
    throw API_ERRORS.invalidValue(`Invalid MajorEngineVersion '${wanted}' for ${engine}: serverless caches run ${majors.join(', ')}.`);
  }
  if (target.engine === model.engine && target.majorVersion === model.majorEngineVersion) return undefined;
  checkUpgradePath({ engine: model.engine, version: model.fullEngineVersion }, target);
  return target;
}

/** The running-cache changes a ModifyServerlessCache request asks for, checked; undefined when none. */
export function requestedServerlessChange(ctx: ServiceContext, model: ServerlessCacheModel, params: RequestParams): ServerlessChange | undefined {
  const change: ServerlessChange = {
    limits: limitsAfter(model, params), access: accessAfter(ctx, model, params), upgrade: upgradeAfter(model, params),
  };
  return change.limits || change.access || change.upgrade ? change : undefined;
}

function upgradedModel(model: ServerlessCacheModel, target: EngineVersionInfo): ServerlessCacheModel {
  return {
    ...model,
    engine: target.engine,
    majorEngineVersion: target.majorVersion,
    fullEngineVersion: target.version,
    engineConfig: serverlessEngineConfig(target, model.endpoint.port, model.dataStorage?.maximum),
  };
}

/**
 * Applies a change: limits and access reach the running cache at once, an upgrade restarts its
 * engines; the cache shows `modifying` meanwhile and events name what changed.
 */
export function applyServerlessChange(ctx: ServiceContext, record: CacheRecord, change: ServerlessChange): void {
  const model = record.model as ServerlessCacheModel;
  const name = model.serverlessCacheName;
  let next: ServerlessCacheModel = { ...model, ...(change.limits ?? {}) };
  if (change.access) next = { ...next, userGroupId: change.access.userGroupId, auth: change.access.auth };
  record.model = next;
  reconfigureRunning(ctx, record);
  record.status = 'modifying';
  const changed = [change.limits && 'CacheUsageLimits', change.access && (change.access.userGroupId ? 'UserGroupId' : 'RemoveUserGroup')].filter((c) => c);
  void ctx.tasks.start(`modifying ${name}`, async () => {
    try {
      if (changed.length > 0) recordEvent(ctx, name, 'serverless-cache', `Serverless cache ${name} modified: ${changed.join(', ')}`);
      await ctx.tasks.sleep(ctx.timings.modifyMs);
      if (change.upgrade && ctx.store.caches.includes(record)) {
        const before = record.model as ServerlessCacheModel;
        recordEvent(ctx, name, 'serverless-cache', `Upgrading engine from ${before.engine} ${before.majorEngineVersion} to ${change.upgrade.engine} ${change.upgrade.majorVersion}`);
        record.model = upgradedModel(before, change.upgrade);
        const running = runningCache(ctx, record) as unknown as { upgradeEngine?: (m: ServerlessCacheModel) => Promise<void> } | undefined;
        await running?.upgradeEngine?.(record.model as ServerlessCacheModel);
        recordEvent(ctx, name, 'serverless-cache', `Finished upgrading engine to ${change.upgrade.engine} ${change.upgrade.version}`);
      }
    } finally {
      record.status = 'available';
    }
  });
}

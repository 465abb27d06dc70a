import { allEngineVersions, compareVersions, FORMATS, LIMITS } from '../../catalog/internal';
import type { EngineVersionInfo } from '../../catalog/internal';
import { elastiCacheArn } from '../naming/arns';
import type { JsonObject, ResourceTypeHandler, ResourceView } from '../template';
import { cacheIdentifier } from './cache-settings';
import { ModelContext, modelHandler, originOf } from './context';
import { memcachedEngineConfig, valkeyEngineConfig } from './engine-config';
import { engineOf } from './engine-versions';
import { defaultParameterGroup } from './parameter-groups';
import type { PropertyReader } from './property-reader';
import { authOf } from './replication-group';
import { reject, REJECTIONS } from './service-errors';
import { readTags } from './tags';
import type { EndpointModel, EngineConfig, ServerlessCacheModel, TlsModel } from './types';

/**
 * Bytes in a gigabyte of `CacheUsageLimits.DataStorage`: the service measures it in decimal GB
 * (10^9 bytes), as the constructs' storage alarm does. The description and the runtime's limit
 * both use this one definition.
 */
export const BYTES_PER_DATA_STORAGE_GB = 10 ** 9;

/** The newest serverless version of the requested major (default: the newest major). */
function serverlessVersion(resource: ResourceView, engine: 'valkey' | 'redis' | 'memcached', major: string | undefined): EngineVersionInfo {
  const versions = allEngineVersions(engine).filter((v) => v.features.serverless);
  const majors = [...new Set(versions.map((v) => v.majorVersion))];
  const candidates = versions.filter((v) => major === undefined || v.majorVersion === major);
  if (candidates.length === 0) {
    reject(resource, REJECTIONS.invalidValue(`Invalid MajorEngineVersion '${major}' for ${engine}: serverless caches run ${majors.join(', ')}.`), 'MajorEngineVersion');
  }
  return [...candidates].sort((a, b) => compareVersions(b.version, a.version))[0];
}

function range(
  resource: ResourceView,
  props: PropertyReader,
  limits: JsonObject,
  path: string,
  allowed: { min: number; max: number },
): { minimum?: number; maximum?: number } {
  const minimum = props.number('Minimum', limits, `CacheUsageLimits/${path}/Minimum`);
  const maximum = props.number('Maximum', limits, `CacheUsageLimits/${path}/Maximum`);
  for (const value of [minimum, maximum]) {
    if (value !== undefined && (value < allowed.min || value > allowed.max)) {
      reject(resource, REJECTIONS.invalidValue(`CacheUsageLimits ${path} must be between ${allowed.min} and ${allowed.max}; got ${value}.`), 'CacheUsageLimits');
    }
  }
  if (minimum !== undefined && maximum !== undefined && minimum > maximum) {
    reject(resource, REJECTIONS.invalidValue(`CacheUsageLimits ${path} Minimum (${minimum}) is greater than Maximum (${maximum}).`), 'CacheUsageLimits');
  }
  return { minimum, maximum };
}

function usageLimits(resource: ResourceView, props: PropertyReader): Pick<ServerlessCacheModel, 'dataStorage' | 'ecpuPerSecond'> {
  const limits = props.object('CacheUsageLimits') ?? {};
  const storage = limits.DataStorage as JsonObject | undefined;
  const ecpu = limits.ECPUPerSecond as JsonObject | undefined;
  if (storage !== undefined && storage.Unit !== 'GB') reject(resource, REJECTIONS.invalidValue(`CacheUsageLimits DataStorage Unit must be GB; got ${storage.Unit}.`), 'CacheUsageLimits');
  return {
    dataStorage: storage ? { ...range(resource, props, storage, 'DataStorage', LIMITS.serverlessDataStorageGb), unit: 'GB' } : undefined,
    ecpuPerSecond: ecpu ? range(resource, props, ecpu, 'ECPUPerSecond', LIMITS.serverlessEcpuPerSecond) : undefined,
  };
}

/** `Endpoint.Port` / `ReaderEndpoint.Port` when the template sets them, else the service's default. */
function endpointPort(resource: ResourceView, props: PropertyReader, property: string, fallback: number): number {
  const given = props.object(property)?.Port;
  if (given === undefined) return fallback;
  const port = Number(given);
  if (!Number.isInteger(port) || port < 1 || port > 65535) reject(resource, REJECTIONS.invalidValue(`Invalid ${property} Port ${given}: use 1 to 65535.`), property);
  return port;
}

function checkSnapshotSettings(resource: ResourceView, props: PropertyReader): number {
  const retention = props.integer('SnapshotRetentionLimit') ?? 0;
  if (retention < 0 || retention > LIMITS.serverlessBackupRetentionDays.max) {
    reject(resource, REJECTIONS.invalidValue(`Invalid SnapshotRetentionLimit ${retention}: use 0 to ${LIMITS.serverlessBackupRetentionDays.max} days.`), 'SnapshotRetentionLimit');
  }
  const time = props.string('DailySnapshotTime');
  if (time !== undefined && !new RegExp(FORMATS.dailySnapshotTime.pattern).test(time)) {
    reject(resource, REJECTIONS.invalidValue(`Invalid DailySnapshotTime '${time}': use HH:MM (UTC).`), 'DailySnapshotTime');
  }
  const connection = props.string('ConnectionType');
  if (connection !== undefined && connection !== 'vpc' && connection !== 'public') {
    reject(resource, REJECTIONS.invalidValue(`Invalid ConnectionType '${connection}': use vpc or public.`), 'ConnectionType');
  }
  const network = props.string('NetworkType');
  if (network !== undefined && !['ipv4', 'ipv6', 'dual_stack'].includes(network)) {
    reject(resource, REJECTIONS.invalidValue(`Invalid NetworkType '${network}': use ipv4, ipv6 or dual_stack.`), 'NetworkType');
  }
  return retention;
}

/** Engine settings of a serverless cache on a version (ModifyServerlessCache upgrades build them the same way). */
export function serverlessEngineConfig(version: EngineVersionInfo, port: number, dataStorageMaxGb: number | undefined): EngineConfig {
  if (version.engine === 'memcached') {
    return memcachedEngineConfig(version.version, port, undefined, defaultParameterGroup(`default.${version.parameterGroupFamily}`)!);
  }
  // Serverless Valkey / Redis OSS behaves as a cluster behind one endpoint (slots, CROSSSLOT).
  const config = valkeyEngineConfig(version.engine, version.version, port, undefined, defaultParameterGroup(`default.${version.parameterGroupFamily}.cluster.on`)!);
  return dataStorageMaxGb === undefined ? config : { ...config, maxmemoryBytes: Math.floor(dataStorageMaxGb * BYTES_PER_DATA_STORAGE_GB) };
}

function createServerlessCache(context: ModelContext, resource: ResourceView): ServerlessCacheModel {
  const props = context.read(resource);
  const name = cacheIdentifier(resource, props, 'ServerlessCacheName', 40);
  if (context.caches.some((c) => c.kind === 'serverless' && c.serverlessCacheName === name && c.origin.region === resource.stack.env.region)) {
    reject(resource, REJECTIONS.serverlessCacheExists(name), 'ServerlessCacheName');
  }
  const engine = engineOf(resource, props.string('Engine'), ['valkey', 'redis', 'memcached'] as const);
  const version = serverlessVersion(resource, engine, props.string('MajorEngineVersion'));
  // Serverless caches always encrypt in transit and at rest.
  const tls: TlsModel = { enabled: true, mode: 'required' };
  if (engine === 'memcached' && props.has('UserGroupId')) reject(resource, REJECTIONS.invalidCombination('User groups are not supported for Memcached serverless caches.'), 'UserGroupId');
  const auth = engine === 'memcached' ? { mode: 'none' as const } : authOf(resource, props, tls, version, 'UserGroupId');
  const memcached = engine === 'memcached';
  const hostname = resource.stack.assembly.hostnames(resource.stack.env).serverless(name);
  const endpoint: EndpointModel = { kind: 'serverless', hostname, port: endpointPort(resource, props, 'Endpoint', memcached ? 11211 : 6379), tls: true };
  const readerEndpoint: EndpointModel = { kind: 'serverless-reader', hostname, port: endpointPort(resource, props, 'ReaderEndpoint', memcached ? 11212 : 6380), tls: true };
  const limits = usageLimits(resource, props);
  const snapshotRetentionLimit = checkSnapshotSettings(resource, props);
  const model: ServerlessCacheModel = {
    kind: 'serverless',
    origin: originOf(resource),
    arn: elastiCacheArn(resource.stack.env, 'serverlesscache', name),
    tags: readTags(resource, props),
    serverlessCacheName: name,
    description: props.string('Description'),
    engine,
    majorEngineVersion: version.majorVersion,
    fullEngineVersion: version.version,
    endpoint,
    readerEndpoint,
    ...limits,
    tls,
    auth,
    atRestEncryption: true,
    kmsKeyId: props.string('KmsKeyId'),
    securityGroupIds: props.stringList('SecurityGroupIds') ?? [],
    userGroupId: props.string('UserGroupId'),
    snapshotRetentionLimit,
    dailySnapshotTime: props.string('DailySnapshotTime'),
    subnetIds: props.stringList('SubnetIds') ?? [],
    snapshotArnsToRestore: props.stringList('SnapshotArnsToRestore') ?? [],
    finalSnapshotName: props.string('FinalSnapshotName'),
    engineConfig: serverlessEngineConfig(version, endpoint.port, limits.dataStorage?.maximum),
  };
  context.caches.push(model);
  return model;
}

function serverlessAttribute(model: ServerlessCacheModel, name: string, createdAt: Date): string | undefined {
  switch (name) {
    case 'Endpoint.Address': return model.endpoint.hostname;
    case 'Endpoint.Port': return String(model.endpoint.port);
    case 'ReaderEndpoint.Address': return model.readerEndpoint.hostname;
    case 'ReaderEndpoint.Port': return String(model.readerEndpoint.port);
    case 'ARN': return model.arn;
    case 'FullEngineVersion': return model.fullEngineVersion;
    case 'Status': return 'available';
    case 'CreateTime': return createdAt.toISOString();
    default: return undefined;
  }
}

export function serverlessCacheHandler(context: ModelContext): ResourceTypeHandler {
  const attribute = (model: ServerlessCacheModel, name: string) => serverlessAttribute(model, name, context.createdAt);
  return modelHandler(context, createServerlessCache, (model) => model.serverlessCacheName, attribute);
}

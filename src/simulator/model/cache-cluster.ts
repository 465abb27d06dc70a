import { LIMITS } from '../../catalog/internal';
import type { EngineVersionInfo } from '../../catalog/internal';
import { elastiCacheArn } from '../naming/arns';
import type { ResourceTypeHandler, ResourceView } from '../template';
import {
  cacheIdentifier, checkWindows, logDeliveryOf, networkOf, nodeTypeOf, parameterGroupOf, portOf, securityGroupsOf, tlsOf, restoreSourceOf,
} from './cache-settings';
import { ModelContext, modelHandler, originOf } from './context';
import { memcachedEngineConfig, valkeyEngineConfig } from './engine-config';
import { engineOf, resolveEngineVersion } from './engine-versions';
import type { PropertyReader } from './property-reader';
import { reject, REJECTIONS } from './service-errors';
import { findSubnetGroup } from './subnet-groups';
import { readTags } from './tags';
import type { EndpointModel, MemcachedClusterModel, NodeModel, ParameterGroupModel, SingleNodeClusterModel } from './types';
import { assignZones } from './zones';

type ClusterModel = MemcachedClusterModel | SingleNodeClusterModel;

/** A cache cluster's group must have cluster mode off, whatever its engine. */
function clusterParameterGroup(resource: ResourceView, props: PropertyReader, version: EngineVersionInfo): ParameterGroupModel {
  const group = parameterGroupOf(resource, props, version, false);
  if (group.clusterEnabled) reject(resource, REJECTIONS.clusterModeMustBeDisabled(), 'CacheParameterGroupName');
  return group;
}

/** Zones of the nodes: `PreferredAvailabilityZones` (one per node) or `PreferredAvailabilityZone`, checked against `AZMode`. */
function preferredZones(
  resource: ResourceView,
  props: PropertyReader,
  count: number,
): { azMode: 'single-az' | 'cross-az'; zones: (string | undefined)[] } {
  const azMode = props.string('AZMode') ?? 'single-az';
  if (azMode !== 'single-az' && azMode !== 'cross-az') reject(resource, REJECTIONS.invalidValue(`Invalid AZMode '${azMode}': use single-az or cross-az.`), 'AZMode');
  const list = props.stringList('PreferredAvailabilityZones');
  const single = props.string('PreferredAvailabilityZone');
  if (list !== undefined && list.length !== count) reject(resource, REJECTIONS.memcachedAzCount(), 'PreferredAvailabilityZones');
  if (list !== undefined && azMode === 'single-az' && new Set(list).size > 1) {
    reject(resource, REJECTIONS.invalidCombination('AZMode must be cross-az when PreferredAvailabilityZones lists more than one Availability Zone.'), 'AZMode');
  }
  if (azMode === 'cross-az' && count < 2) reject(resource, REJECTIONS.invalidCombination('AZMode cross-az needs at least two cache nodes.'), 'AZMode');
  const zones = list ?? Array.from({ length: count }, () => (azMode === 'single-az' ? single : undefined));
  return { azMode, zones };
}

function createCacheCluster(context: ModelContext, resource: ResourceView): ClusterModel {
  const props = context.read(resource);
  const engine = engineOf(resource, props.string('Engine'), ['memcached', 'valkey', 'redis'] as const);
  const version = resolveEngineVersion(resource, engine, props.string('EngineVersion'));
  const nodeType = nodeTypeOf(resource, props, version);
  const cacheClusterId = cacheIdentifier(resource, props, 'ClusterName', 50);
  if (context.caches.some((c) => 'cacheClusterId' in c && c.cacheClusterId === cacheClusterId && c.origin.region === resource.stack.env.region)) {
    reject(resource, REJECTIONS.cacheClusterExists(cacheClusterId), 'ClusterName');
  }
  const count = props.integer('NumCacheNodes')!;
  if (engine !== 'memcached' && count > 1) reject(resource, REJECTIONS.redisSingleNode(), 'NumCacheNodes');
  if (count < LIMITS.memcachedNodesPerCluster.min) reject(resource, REJECTIONS.invalidValue(`NumCacheNodes must be at least 1; got ${count}.`), 'NumCacheNodes');
  if (count > LIMITS.memcachedNodesPerCluster.max) reject(resource, REJECTIONS.nodeQuotaForCluster(), 'NumCacheNodes');
  const group = clusterParameterGroup(resource, props, version);
  const tls = tlsOf(resource, props, version);
  const port = portOf(resource, props, engine === 'memcached' ? 11211 : 6379);
  const subnetGroupName = props.string('CacheSubnetGroupName');
  const subnetGroup = findSubnetGroup(resource, subnetGroupName, 'CacheSubnetGroupName');
  const placement = preferredZones(resource, props, count);
  // single-az without a named zone: the service picks one zone for every node.
  const unnamedSingleZone = placement.azMode === 'single-az' && placement.zones.every((zone) => zone === undefined);
  const zones = unnamedSingleZone
    ? new Array<string>(count).fill(assignZones(resource, 1, subnetGroup)[0])
    : assignZones(resource, count, subnetGroup, placement.zones);
  const hostnames = resource.stack.assembly.hostnames(resource.stack.env);
  const endpoint = (kind: EndpointModel['kind'], hostname: string): EndpointModel => ({ kind, hostname, port, tls: tls.enabled });
  const nodes: NodeModel[] = zones.map((zone, i) => {
    const cacheNodeId = String(i + 1).padStart(4, '0');
    const role = engine === 'memcached' ? 'memcached' : 'standalone';
    return { cacheClusterId, cacheNodeId, role, availabilityZone: zone, endpoint: endpoint('node', hostnames.cacheNode(cacheClusterId, cacheNodeId)) };
  });
  const common = {
    origin: originOf(resource),
    arn: elastiCacheArn(resource.stack.env, 'cluster', cacheClusterId),
    tags: readTags(resource, props),
    restoreSource: restoreSourceOf(props),
    cacheClusterId,
    engineVersion: version.version,
    nodeType,
    port,
    tls,
    atRestEncryption: false,
    parameterGroupName: group.name,
    subnetGroupName: subnetGroup?.name ?? subnetGroupName,
    securityGroupIds: securityGroupsOf(props, 'VpcSecurityGroupIds'),
    ...networkOf(resource, props, version),
    preferredMaintenanceWindow: props.string('PreferredMaintenanceWindow'),
    notificationTopicArn: props.string('NotificationTopicArn'),
  };
  const snapshotRetentionLimit = checkWindows(resource, props);
  let model: ClusterModel;
  if (engine === 'memcached') {
    if (props.has('LogDeliveryConfigurations')) reject(resource, REJECTIONS.invalidCombination('Log delivery is not supported for Memcached.'), 'LogDeliveryConfigurations');
    if (snapshotRetentionLimit > 0 || props.has('SnapshotWindow')) reject(resource, REJECTIONS.invalidCombination('Snapshots are not supported for Memcached clusters.'), 'SnapshotRetentionLimit');
    model = {
      ...common,
      kind: 'memcached-cluster',
      engine,
      auth: { mode: 'none' },
      azMode: placement.azMode,
      nodes,
      configurationEndpoint: endpoint('configuration', hostnames.memcachedConfiguration(cacheClusterId)),
      engineConfig: memcachedEngineConfig(version.version, port, nodeType, group),
    };
  } else {
    // The CloudFormation resource has no AuthToken or user group property: such a cluster is open.
    model = {
      ...common,
      kind: 'single-node-cluster',
      engine,
      auth: { mode: 'none' },
      node: nodes[0],
      engineConfig: valkeyEngineConfig(engine, version.version, port, nodeType, group),
      snapshotRetentionLimit,
      snapshotWindow: props.string('SnapshotWindow'),
      logDelivery: logDeliveryOf(resource, props, version),
    };
  }
  context.caches.push(model);
  return model;
}

function cacheClusterAttribute(model: ClusterModel, name: string): string | undefined {
  if (model.kind === 'memcached-cluster') {
    if (name === 'ConfigurationEndpoint.Address') return model.configurationEndpoint.hostname;
    if (name === 'ConfigurationEndpoint.Port') return String(model.port);
    return undefined;
  }
  if (name === 'RedisEndpoint.Address') return model.node.endpoint.hostname;
  if (name === 'RedisEndpoint.Port') return String(model.port);
  return undefined;
}

export function cacheClusterHandler(context: ModelContext): ResourceTypeHandler {
  return modelHandler(context, createCacheCluster, (model) => model.cacheClusterId, cacheClusterAttribute);
}

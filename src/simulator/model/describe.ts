import type {
  AuthModel, CacheModel, EndpointModel, EngineConfig, NodeModel, PropertyReportEntry, ShardModel, Topology,
} from './types';

export interface DescribeOptions {
  /** Include AUTH tokens, passwords and secret values (masked otherwise). @default false */
  readonly revealSecrets?: boolean;
}

const MASK = '********';

type Json = string | number | boolean | null | undefined | readonly Json[] | { readonly [key: string]: Json };

/**
 * The topology as plain JSON: each cache with its endpoints, nodes and security, the engine
 * configuration, and for every resource which of its properties take effect, which are only
 * validated and which are ignored. Secrets are masked unless asked for.
 */
export function describeTopology(topology: Topology, options: DescribeOptions = {}): Record<string, Json> {
  const secret = (value: string) => (options.revealSecrets ? value : MASK);
  const propertiesOf = (stack: string, logicalId: string) =>
    groupProperties(topology.propertyReport.filter((e) => e.stack === stack && e.logicalId === logicalId));
  return {
    seed: topology.seed,
    stacks: topology.stacks.map((s) => ({ name: s.name, path: s.path, account: s.account, region: s.region, outputs: s.outputs as Json })),
    caches: topology.caches.map((cache) => ({
      ...describeCache(cache, secret),
      properties: propertiesOf(cache.origin.stack, cache.origin.logicalId),
    })),
    users: topology.users.map((u) => ({
      stack: u.origin.stack,
      logicalId: u.origin.logicalId,
      userId: u.userId,
      userName: u.userName,
      engine: u.engine,
      accessString: u.accessString,
      authentication: { type: u.authentication.type, passwords: u.authentication.passwords.map(secret) },
      arn: u.arn,
      properties: propertiesOf(u.origin.stack, u.origin.logicalId),
    })),
    userGroups: topology.userGroups.map((g) => ({
      stack: g.origin.stack, logicalId: g.origin.logicalId, userGroupId: g.userGroupId, engine: g.engine, userIds: g.userIds, arn: g.arn,
    })),
    parameterGroups: topology.parameterGroups.map((g) => ({
      name: g.name,
      family: g.family,
      isDefault: g.isDefault,
      clusterEnabled: g.clusterEnabled,
      values: { ...g.values },
      logicalId: g.origin?.logicalId,
    })),
    subnetGroups: topology.subnetGroups.map((g) => ({
      name: g.name, subnetIds: g.subnetIds, availabilityZones: g.availabilityZones, logicalId: g.origin.logicalId,
    })),
    secrets: topology.secrets.map((s) => ({
      logicalId: s.origin.logicalId,
      stack: s.origin.stack,
      name: s.name,
      arn: s.arn,
      valueSource: s.valueSource,
      secretString: secret(s.secretString),
    })),
    globalDatastores: topology.globalDatastores.map((d) => ({
      id: d.globalReplicationGroupId, primary: d.primaryReplicationGroupId, members: d.members.map((m) => ({ ...m })),
    })),
    notSimulated: topology.propertyReport.filter((e) => e.treatment !== 'effective').map((e) => ({
      resource: `${e.stack}/${e.logicalId}`, type: e.resourceType, property: e.property, treatment: e.treatment, note: e.note,
    })),
    warnings: [...topology.warnings],
  };
}

function groupProperties(entries: PropertyReportEntry[]): Record<string, Json> {
  const pick = (treatment: string) => entries.filter((e) => e.treatment === treatment).map((e) => (e.note ? `${e.property}: ${e.note}` : e.property));
  return { effective: pick('effective'), validated: pick('validated'), ignored: pick('ignored') };
}

function endpoint(e: EndpointModel | undefined): Json {
  return e ? { kind: e.kind, hostname: e.hostname, port: e.port, tls: e.tls } : undefined;
}

function node(n: NodeModel): Json {
  return {
    cacheClusterId: n.cacheClusterId,
    cacheNodeId: n.cacheNodeId,
    role: n.role,
    availabilityZone: n.availabilityZone,
    endpoint: endpoint(n.endpoint),
  };
}

function shard(s: ShardModel): Json {
  return { shardId: s.shardId, slots: s.slots.map((r) => (r.start === r.end ? `${r.start}` : `${r.start}-${r.end}`)).join(','), primary: node(s.primary), replicas: s.replicas.map(node) };
}

function auth(a: AuthModel, secret: (v: string) => string): Json {
  if (a.mode === 'auth-token') return { mode: a.mode, authToken: secret(a.authToken) };
  if (a.mode === 'rbac') return { mode: a.mode, userGroupIds: [...a.userGroupIds] };
  return { mode: a.mode };
}

/** Engine settings that differ per node type or group; the full parameter list stays in the model. */
function engine(config: EngineConfig): Json {
  const base = {
    engine: config.engine,
    engineVersion: config.engineVersion,
    port: config.port,
    parameterCount: Object.keys(config.parameters).length,
  };
  if (config.engine === 'memcached') return { ...base, maxCacheMemoryMb: config.maxCacheMemoryMb, itemMemoryBytes: config.itemMemoryBytes, threads: config.threads };
  return {
    ...base,
    clusterEnabled: config.clusterEnabled,
    maxmemoryBytes: config.maxmemoryBytes,
    maxmemoryPolicy: config.parameters['maxmemory-policy'],
    timeout: config.parameters.timeout,
    notifyKeyspaceEvents: config.parameters['notify-keyspace-events'],
  };
}

function describeCache(cache: CacheModel, secret: (v: string) => string): Record<string, Json> {
  const common = {
    kind: cache.kind,
    stack: cache.origin.stack,
    logicalId: cache.origin.logicalId,
    region: cache.origin.region,
    arn: cache.arn,
    engine: cache.engine,
    tls: { enabled: cache.tls.enabled, mode: cache.tls.mode },
    auth: auth(cache.auth, secret),
    atRestEncryption: cache.atRestEncryption,
    engineConfig: engine(cache.engineConfig),
  };
  switch (cache.kind) {
    case 'replication-group':
      return {
        ...common,
        id: cache.replicationGroupId,
        engineVersion: cache.engineVersion,
        nodeType: cache.nodeType,
        clusterMode: cache.clusterMode,
        automaticFailover: cache.automaticFailover,
        multiAz: cache.multiAz,
        parameterGroup: cache.parameterGroupName,
        endpoints: [cache.primaryEndpoint, cache.readerEndpoint, cache.configurationEndpoint].filter((e) => e !== undefined).map(endpoint),
        shards: cache.shards.map(shard),
      };
    case 'memcached-cluster':
      return {
        ...common,
        id: cache.cacheClusterId,
        engineVersion: cache.engineVersion,
        nodeType: cache.nodeType,
        azMode: cache.azMode,
        parameterGroup: cache.parameterGroupName,
        endpoints: [endpoint(cache.configurationEndpoint)],
        nodes: cache.nodes.map(node),
      };
    case 'single-node-cluster':
      return {
        ...common,
        id: cache.cacheClusterId,
        engineVersion: cache.engineVersion,
        nodeType: cache.nodeType,
        parameterGroup: cache.parameterGroupName,
        endpoints: [endpoint(cache.node.endpoint)],
        nodes: [node(cache.node)],
      };
    case 'serverless':
      return {
        ...common,
        id: cache.serverlessCacheName,
        majorEngineVersion: cache.majorEngineVersion,
        fullEngineVersion: cache.fullEngineVersion,
        endpoints: [endpoint(cache.endpoint), endpoint(cache.readerEndpoint)],
        cacheUsageLimits: { dataStorage: cache.dataStorage as Json, ecpuPerSecond: cache.ecpuPerSecond as Json },
        userGroupId: cache.userGroupId,
      };
  }
}

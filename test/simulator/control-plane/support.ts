/**
 * Shared pieces of the control-plane tests: a simulator started from a small template, the real
 * `@aws-sdk/client-elasticache` pointed at its endpoint, and the error a call fails with.
 */
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import Redis from 'ioredis';
import { Simulator, SimulatorOptions } from '../../../src';

export const REGION = 'us-east-1';
export const SEED = 'control-plane-seed';

/** A template with the given resources, in one stack of the default account and region. */
export function templateOf(resources: Record<string, unknown>): Record<string, unknown> {
  return { Resources: resources };
}

/** Starts a simulator for a template object (fixed seed, test-friendly defaults). */
export async function startSimulator(resources: Record<string, unknown> = {}, options: SimulatorOptions = {}): Promise<Simulator> {
  const template = Object.keys(resources).length > 0 ? templateOf(resources) : templateOf({
    // A template needs a resource: an SSM parameter stands in when the test creates everything through the API.
    Placeholder: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'x' } },
  });
  return Simulator.fromTemplate(template, { seed: SEED, region: REGION, ...options });
}

/** The real SDK client, with any credentials, pointed at the simulator. */
export function sdkClient(sim: Simulator, region = REGION, credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'any-secret' }): ElastiCacheClient {
  return new ElastiCacheClient({ endpoint: sim.controlPlaneEndpoint, region, credentials, maxAttempts: 1 });
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail, it succeeded');
}

/** Waiter options fit for the fast lifecycle (the SDK's minimum delay is one second). */
export const FAST_WAIT = { minDelay: 1, maxDelay: 1, maxWaitTime: 60 };

export const MEMCACHED_CLUSTER = {
  Type: 'AWS::ElastiCache::CacheCluster',
  Properties: { ClusterName: 'tmpl-mc', Engine: 'memcached', CacheNodeType: 'cache.t3.small', NumCacheNodes: 2 },
};

export const VALKEY_GROUP = {
  Type: 'AWS::ElastiCache::ReplicationGroup',
  Properties: {
    ReplicationGroupId: 'tmpl-rg',
    ReplicationGroupDescription: 'template group',
    Engine: 'valkey',
    CacheNodeType: 'cache.t3.small',
    NumCacheClusters: 2,
    AutomaticFailoverEnabled: true,
  },
};

/** A cluster mode enabled Valkey group with one shard of two nodes. */
export const VALKEY_SHARDED_GROUP = {
  Type: 'AWS::ElastiCache::ReplicationGroup',
  Properties: {
    ReplicationGroupId: 'sharded-rg',
    ReplicationGroupDescription: 'cluster mode',
    Engine: 'valkey',
    CacheNodeType: 'cache.t3.small',
    NumNodeGroups: 1,
    ReplicasPerNodeGroup: 1,
    AutomaticFailoverEnabled: true,
    ClusterMode: 'enabled',
  },
};

/** `ddd:hh:mm` of a time (UTC), as maintenance windows write it. */
export function weeklyTime(at: Date): string {
  const day = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][at.getUTCDay()];
  return `${day}:${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
}

/**
 * A TLS connection to a cache's endpoint, authenticated when `auth` names a user: the client once it
 * answers PING, or undefined when the server refuses it (it does not reconnect; the caller
 * disconnects it).
 */
export async function tlsRedis(sim: Simulator, cache: string, auth: { username?: string; password?: string } = {}): Promise<Redis | undefined> {
  const endpoint = sim.endpoint(cache);
  const redis = new Redis({
    host: endpoint.host,
    port: endpoint.port,
    tls: { ca: sim.caCertificatePem, servername: endpoint.hostname },
    ...auth,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    if ((await redis.ping()) === 'PONG') return redis;
  } catch {
    // Refused: authentication failed or the connection was closed.
  }
  redis.disconnect();
  return undefined;
}

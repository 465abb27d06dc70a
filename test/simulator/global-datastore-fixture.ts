/**
 * The Global Datastore the runtime, control-plane and restart tests share: a primary group
 * `first-rg`, the datastore naming it PRIMARY, and a secondary group `second-rg` that joins by
 * naming the datastore; plus ioredis clients of its endpoints that the tests close at the end.
 */
import Redis from 'ioredis';
import type { Simulator } from '../../src';
import { SimulatedEndpointType } from '../../src';

/** Id prefix of a Global Datastore whose primary is in us-east-1 (the guide's table). */
const US_EAST_1_PREFIX = 'ldgnf';

const GROUP = { Engine: 'valkey', CacheNodeType: 'cache.r7g.large', NumCacheClusters: 2, AutomaticFailoverEnabled: true };

export interface GlobalDatastoreFixture {
  /** Template resources (logical ids First, Gd, Second). */
  readonly resources: Record<string, unknown>;
  /** The datastore's id (`ldgnf-<suffix>`). */
  readonly datastoreId: string;
}

/** Two two-node Valkey groups in one Global Datastore, `first-rg` primary and `second-rg` secondary. */
export function globalDatastoreFixture(suffix: string, description?: string): GlobalDatastoreFixture {
  const datastoreId = `${US_EAST_1_PREFIX}-${suffix}`;
  return {
    datastoreId,
    resources: {
      First: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ...GROUP, ReplicationGroupId: 'first-rg', ReplicationGroupDescription: 'first' } },
      Gd: {
        Type: 'AWS::ElastiCache::GlobalReplicationGroup',
        DependsOn: 'First',
        Properties: {
          GlobalReplicationGroupIdSuffix: suffix,
          ...(description === undefined ? {} : { GlobalReplicationGroupDescription: description }),
          Members: [{ ReplicationGroupId: 'first-rg', Role: 'PRIMARY' }],
        },
      },
      Second: {
        Type: 'AWS::ElastiCache::ReplicationGroup',
        DependsOn: 'Gd',
        Properties: { ReplicationGroupId: 'second-rg', ReplicationGroupDescription: 'second', GlobalReplicationGroupId: datastoreId, NumCacheClusters: 2 },
      },
    },
  };
}

/** ioredis clients of a simulator's endpoints, all closed by `closeAll`. */
export class DatastoreClients {
  private readonly clients: Redis[] = [];

  constructor(private readonly sim: () => Simulator) {}

  /** A client of the group's primary endpoint (it follows failovers). */
  public primary(group: string): Redis {
    return this.open(this.sim().endpoint(group, SimulatedEndpointType.PRIMARY));
  }

  /** A client of one node (the endpoint may move; a node's address does not). */
  public node(group: string, nodeId: string): Redis {
    return this.open(this.sim().nodeEndpoint(group, nodeId));
  }

  public closeAll(): void {
    for (const c of this.clients.splice(0)) c.disconnect();
  }

  private open(endpoint: { host: string; port: number }): Redis {
    const redis = new Redis({ host: endpoint.host, port: endpoint.port, maxRetriesPerRequest: 1, disconnectTimeout: 50 });
    redis.on('error', () => undefined);
    this.clients.push(redis);
    return redis;
  }
}

/** The reply to a write: `OK`, or the error message (READONLY on a secondary). */
export async function writeReply(redis: Redis, key: string, value = 'x'): Promise<string> {
  return redis.set(key, value).then(() => 'OK', (err: Error) => err.message);
}

/**
 * The metric sources of a running cache: one per node of a node-based cache (Valkey / Redis OSS
 * shards, Memcached nodes), one per serverless cache. Each node's activity is measured by
 * instrumenting its engine: the current engine when the node is first seen (with the connections
 * it already serves) and every engine the node starts later, before it serves.
 */
import { findNodeType } from '../../catalog/lookup';
import type { ValkeyServer } from '../../engines/valkey';
import { replicationViewOf } from '../../engines/valkey/cluster';
import type { NodeModel } from '../model';
import type { RunningCache } from '../runtime';
import { instrumentEngine, NodeActivity, timeCalls } from './node-activity';
import { saveReading } from './save-tracker';
import { MemcachedNodeSource } from './sources/memcached-node';
import { ServerlessSource } from './sources/serverless';
import type { MetricSource } from './sources/source';
import { MemcachedCluster } from '../runtime/memcached/memcached-cluster';
import { serverlessMetricsOf } from '../runtime/serverless';
import { ValkeyNodeHandle, ValkeyNodeSource } from './sources/valkey-node';
import { GlobalReplication } from '../runtime/valkey/global-datastore';
import type { ValkeyNode } from '../runtime/valkey/node';
import type { Shard } from '../runtime/valkey/shard';

/** One activity per node (its host), shared by every consumer and kept across engine restarts. */
const ACTIVITIES = new WeakMap<object, NodeActivity>();
const SETUP_DONE = new WeakSet<ValkeyNode>();

function activityOf(node: object): NodeActivity {
  let activity = ACTIVITIES.get(node);
  if (!activity) ACTIVITIES.set(node, (activity = new NodeActivity()));
  return activity;
}

/**
 * Measures a Valkey engine: its connections (present and future) through its I/O observer, which
 * leaves the engine its fast socket paths, and the replication stream it applies.
 */
function instrumentValkey(server: ValkeyServer, activity: NodeActivity): void {
  server.ioObserver = activity;
  timeCalls(server, 'call', activity);
}

function valkeyHandle(node: ValkeyNode, shard: Shard, nodeTypeName: string): ValkeyNodeHandle {
  const activity = activityOf(node);
  if (!SETUP_DONE.has(node)) {
    SETUP_DONE.add(node);
    node.engineSetups.push((server) => instrumentValkey(server, activity));
    if (node.server) instrumentValkey(node.server, activity);
  }
  const nodeType = findNodeType(nodeTypeName);
  return {
    cacheClusterId: node.model.cacheClusterId,
    cacheNodeId: node.model.cacheNodeId,
    nodeType,
    activity,
    server: () => node.server,
    isPrimary: () => shard.primary === node,
    replicationLagSeconds: () => {
      const primary = shard.primary.server;
      if (shard.primary === node || !primary) return undefined;
      const entry = replicationViewOf(primary).replicas().find((r) => r.port === node.endpoint.local.port);
      return entry?.lagSeconds;
    },
    linkUp: () => (shard.primary === node ? undefined : shard.isLinked(node)),
    linkedReplicas: () => shard.replicas.filter((r) => shard.isLinked(r)).length,
    replicationOffset: () => (node.running ? shard.offsetOf(node) : 0),
    saves: () => saveReading(node),
    globalReplicationLagSeconds: () => (shard.primary === node ? GlobalReplication.linkInto(node)?.lagSeconds : undefined),
  };
}

function memcachedSource(cache: MemcachedCluster, model: NodeModel): MetricSource {
  const activity = activityOf(model);
  return new MemcachedNodeSource({
    cacheClusterId: model.cacheClusterId,
    cacheNodeId: model.cacheNodeId,
    nodeType: findNodeType(cache.model.nodeType),
    activity,
    server: () => {
      const engine = cache.engineNodes().find((e) => e.model === model)?.server;
      if (engine) instrumentEngine(engine, activity);
      return engine;
    },
  });
}

/**
 * The metric sources of one consumer (the collector, the live view): one per node or serverless
 * cache, made when first seen and reused while it exists, so nodes added by scaling get theirs and
 * removed nodes drop out. `takesLatency` says whether this consumer takes the serverless latency
 * samples (they are handed over once).
 */
export class SourceSet {
  private readonly byObject = new WeakMap<object, MetricSource>();

  constructor(private readonly takesLatency: boolean) {}

  private reuse(key: object, make: () => MetricSource): MetricSource {
    let source = this.byObject.get(key);
    if (!source) this.byObject.set(key, (source = make()));
    return source;
  }

  /** The sources of a cache now. */
  public sourcesOf(cache: RunningCache): MetricSource[] {
    const meter = serverlessMetricsOf(cache);
    if (meter) return [this.reuse(cache, () => new ServerlessSource(meter, this.takesLatency))];
    if (cache instanceof MemcachedCluster) {
      return cache.engineNodes().map((n) => this.reuse(n.model, () => memcachedSource(cache, n.model)));
    }
    const sharded = cache as Partial<{ shardList: readonly Shard[] }>;
    if (sharded.shardList && cache.model.kind !== 'serverless' && cache.model.kind !== 'memcached-cluster') {
      const nodeType = cache.model.nodeType;
      return sharded.shardList.flatMap((shard) => shard.nodes.map((node) =>
        this.reuse(node, () => new ValkeyNodeSource(valkeyHandle(node, shard, nodeType)))));
    }
    return [];
  }
}

/**
 * The engine nodes behind a serverless Valkey / Redis OSS endpoint: a few internal shards, each a
 * primary and one replica linked by the simulator's asynchronous replication (so reads from the
 * reader endpoint are eventually consistent), sharing one internal cluster topology in which each
 * shard owns a contiguous part of the 16384 slots. Clients never see these nodes: the endpoint
 * proxy routes to them, and a command that reached the wrong shard would get an internal MOVED,
 * so the proxy must route by the same key rules the engines check.
 *
 * The nodes run the configuration the guide documents for serverless caches ("Valkey and Redis OSS
 * configuration and limits", serverless section): no parameter group, volatile-lru eviction, the
 * serverless output and query buffer limits. The `DataStorage` maximum is split evenly over the
 * shards as their maxmemory, measured on the data alone (keys, values and the key tables), which is
 * what `BytesUsedForCache` reports.
 */
import { createHash } from 'crypto';
import { restrictToServerless } from './serverless-commands';
import type { ValkeyServer } from '../../../../engines/valkey';
import { aclOf } from '../../../../engines/valkey/acl/acl';
import { ClusterTopology, joinCluster } from '../../../../engines/valkey/cluster';
import type { NodeModel, ServerlessCacheModel, SingleNodeClusterModel, SlotRange, ValkeyEngineConfig } from '../../../model';
import { PortAllocator } from '../../network/ports';
import type { RuntimeContext } from '../../types';
import { reconfigureNode } from '../../valkey/common';
import { ValkeyNode } from '../../valkey/node';
import { Shard } from '../../valkey/shard';

const SLOTS = 16384;

/** Parameters every serverless node runs with (the guide's serverless table, ElastiCache names). */
const SERVERLESS_PARAMETERS: Readonly<Record<string, string>> = {
  'acl-pubsub-default': 'allchannels',
  'client-output-buffer-limit-normal-hard-limit': '0',
  'client-output-buffer-limit-normal-soft-limit': '0',
  'client-output-buffer-limit-normal-soft-seconds': '0',
  'client-output-buffer-limit-pubsub-hard-limit': String(32 * 1024 * 1024),
  'client-output-buffer-limit-pubsub-soft-limit': String(8 * 1024 * 1024),
  'client-output-buffer-limit-pubsub-soft-seconds': '60',
  'client-query-buffer-limit': String(1024 * 1024 * 1024),
  'cluster-allow-pubsubshard-when-down': 'yes',
  'cluster-allow-reads-when-down': 'yes',
  'cluster-enabled': 'yes',
  'cluster-require-full-coverage': 'no',
  'lua-time-limit': '5000',
  'maxclients': '65000',
  'maxmemory-policy': 'volatile-lru',
};

/** Even, contiguous slot ranges for `count` shards (ElastiCache's default distribution). */
export function evenSlotRanges(count: number): SlotRange[] {
  const ranges: SlotRange[] = [];
  for (let i = 0; i < count; i++) {
    ranges.push({ start: Math.floor((i * SLOTS) / count), end: Math.floor(((i + 1) * SLOTS) / count) - 1 });
  }
  return ranges;
}

/** Each of `shards` shards' part of a `DataStorage` maximum in bytes. */
function shareOf(maxBytes: number | undefined, shards: number): number | undefined {
  return maxBytes === undefined ? undefined : Math.floor(maxBytes / shards);
}

/** A stable 40-hex id from the topology seed, so ids stay the same between runs. */
export function stableId(seed: string, name: string): string {
  return createHash('sha1').update(`${seed}:${name}`).digest('hex');
}

export interface InternalShardsOptions {
  /** How many shards. */
  readonly shards: number;
  /** The `DataStorage` maximum in bytes, shared by the shards. */
  readonly dataStorageMaxBytes?: number;
}

/** The node group configuration the internal nodes are created from (ValkeyNode reads a node-based model). */
function backingModel(
  model: ServerlessCacheModel, config: ValkeyEngineConfig, node: NodeModel, maxmemoryBytes: number | undefined,
): SingleNodeClusterModel {
  return {
    kind: 'single-node-cluster',
    origin: model.origin,
    arn: model.arn,
    engine: config.engine,
    // Internal links stay inside the process: plain connections behind the TLS endpoint.
    tls: { enabled: false, mode: 'disabled' },
    auth: model.auth,
    atRestEncryption: true,
    securityGroupIds: [],
    cacheClusterId: node.cacheClusterId,
    engineVersion: config.engineVersion,
    nodeType: 'serverless',
    port: config.port,
    node,
    parameterGroupName: 'serverless',
    engineConfig: { ...config, clusterEnabled: true, maxmemoryBytes, parameters: { ...config.parameters, ...SERVERLESS_PARAMETERS } },
    snapshotRetentionLimit: 0,
    networkType: 'ipv4',
    ipDiscovery: 'ipv4',
    logDelivery: [],
  };
}

export class InternalShards {
  public readonly shards: Shard[] = [];
  public readonly ranges: SlotRange[];
  public readonly topology = new ClusterTopology('ip');
  /** Shard index of every slot. */
  private readonly owner = new Uint8Array(SLOTS);
  private readonly ids = new Map<ValkeyNode, string>();
  private readonly internalContext: RuntimeContext;
  /** Each shard's part of the `DataStorage` maximum (its maxmemory). */
  private share: number | undefined;

  constructor(model: ServerlessCacheModel, context: RuntimeContext, options: InternalShardsOptions) {
    const config = model.engineConfig;
    if (config.engine === 'memcached') throw new Error(`${model.serverlessCacheName} is a Memcached cache`);
    this.ranges = evenSlotRanges(options.shards);
    this.ranges.forEach((range, i) => this.owner.fill(i, range.start, range.end + 1));
    this.topology.allowReadsWhenDown = true;
    const share = this.share = shareOf(options.dataStorageMaxBytes, options.shards);
    // Internal listeners take OS-picked ports, so the published endpoints keep the base port range.
    const internalContext: RuntimeContext = this.internalContext = { ...context, ports: new PortAllocator() };
    const name = model.serverlessCacheName;
    for (let i = 0; i < options.shards; i++) {
      const shardId = String(i + 1).padStart(4, '0');
      const nodes = ['001', '002'].map((n, j) => {
        const nodeModel: NodeModel = {
          cacheClusterId: `${name}-${shardId}-${n}`,
          cacheNodeId: '0001',
          role: j === 0 ? 'primary' : 'replica',
          availabilityZone: `${model.origin.region}${'ab'[j]}`,
          endpoint: { kind: 'node', hostname: `${name}-${shardId}-${n}.internal`, port: config.port, tls: false },
        };
        return new ValkeyNode(nodeModel, backingModel(model, config, nodeModel, share), internalContext, undefined);
      });
      const shard = new Shard(nodes, { cacheId: name, shardId, automaticFailover: true, context, sourceType: 'replication-group' });
      const shardKey = stableId(context.topology.seed, `${name}/serverless/${shardId}`);
      for (const node of nodes) {
        this.ids.set(node, stableId(context.topology.seed, `${name}/serverless/${node.name}`));
        node.engineSetups.push((server) => this.setUp(server, node, shard, shardKey));
      }
      this.shards.push(shard);
    }
  }

  /** Index of the shard that owns a slot. */
  public shardOfSlot(slot: number): number {
    return this.owner[slot];
  }

  public async start(): Promise<void> {
    await Promise.all(this.shards.map((s) => s.start()));
    this.shards.forEach((shard, i) => this.topology.assignSlots(this.ids.get(shard.primary)!, [this.ranges[i]]));
  }

  public async stop(): Promise<void> {
    await Promise.all(this.shards.map((s) => s.stop()));
  }

  /** Every running engine, primaries first. */
  public engines(): { primaries: ValkeyServer[]; replicas: ValkeyServer[] } {
    const primaries: ValkeyServer[] = [];
    const replicas: ValkeyServer[] = [];
    for (const shard of this.shards) {
      for (const node of shard.nodes) {
        if (!node.server) continue;
        (node === shard.primary ? primaries : replicas).push(node.server);
      }
    }
    return { primaries, replicas };
  }

  /** Runs a command on every replica as an internal client (script cache kept in step with the primaries). */
  public runOnReplicas(argv: string[]): void {
    for (const server of this.engines().replicas) server.runCommand(server.createInternalClient(), argv);
  }

  /**
   * A changed model of the cache: every node's engine takes the new storage limit and the user
   * group's users (connections authenticated as a user that left are closed by the ACL change);
   * a restarted engine starts from it, new engine version included.
   */
  public adopt(model: ServerlessCacheModel, dataStorageMaxBytes: number | undefined): void {
    const config = model.engineConfig;
    if (config.engine === 'memcached') throw new Error(`${model.serverlessCacheName} is a Memcached cache`);
    this.share = shareOf(dataStorageMaxBytes, this.shards.length);
    for (const node of this.shards.flatMap((s) => s.nodes)) {
      const before = node.cache;
      const after = backingModel(model, config, node.model, this.share);
      reconfigureNode(node, before, after, this.internalContext);
      if (!node.server) continue;
      node.server.config.set('maxmemory', String(this.share ?? 0), true);
      // Without a user group every connection may use the cache again (the RBAC users go).
      if (after.auth.mode === 'none' && before.auth.mode === 'rbac') aclOf(node.server).replaceUsers([]);
    }
  }

  /** Serverless settings, cluster membership and the storage measure of a new engine. */
  private setUp(server: ValkeyServer, node: ValkeyNode, shard: Shard, shardKey: string): void {
    restrictToServerless(server);
    const id = this.ids.get(node)!;
    if (!this.topology.node(id)) {
      const isPrimary = node === shard.primary;
      this.topology.addNode({
        id,
        shardId: shardKey,
        ip: node.endpoint.local.host,
        port: node.endpoint.local.port,
        tls: false,
        plain: true,
        role: isPrimary ? 'master' : 'replica',
        primaryId: isPrimary ? undefined : this.ids.get(shard.primary),
        configEpoch: 1,
        failed: false,
        offset: () => (node.running ? shard.offsetOf(node) : 0),
      });
    }
    joinCluster(server, this.topology, id);
    // The DataStorage maximum counts stored data, not the engine's own structures or client buffers.
    server.usedMemoryForEviction = () => dataBytes(server);
  }
}

/** Bytes of the data a node stores: keys, values, expiry entries and the key tables. */
export function dataBytes(server: ValkeyServer): number {
  let tables = 0;
  for (const db of server.dbs) tables += db.tableOverhead();
  return server.memory.dataset + tables;
}

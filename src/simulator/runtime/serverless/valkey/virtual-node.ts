/**
 * The single virtual node a serverless cache shows its clients ("All slots are surfaced to
 * clients as being owned by a single virtual node", the guide's serverless configuration table):
 * CLUSTER SLOTS/SHARDS/NODES/INFO/MYID/REPLICAS and ROLE describe one primary that owns slots
 * 0–16383 at the endpoint's address and one replica at the reader endpoint's address, so cluster
 * clients connect to the endpoint itself (and to the reader port when they read from replicas).
 *
 * The answers come from an engine of its own that holds no data: it is joined to that one-shard
 * topology and has the serverless command set, so its replies, errors and unknown-command texts
 * are the engine's, byte for byte.
 */
import { stableId } from './internal-shards';
import { restrictToServerless } from './serverless-commands';
import { Client, ValkeyServer } from '../../../../engines/valkey';
import { ClusterTopology, joinCluster } from '../../../../engines/valkey/cluster';
import type { LookupResult } from '../../../../engines/valkey/table/registry';
import type { ServerlessCacheModel } from '../../../model';

export interface VirtualNodeOptions {
  readonly model: ServerlessCacheModel;
  readonly seed: string;
  /** Address clients connect to. */
  readonly host: string;
  /** Local ports of the endpoint and the reader endpoint. */
  readonly port: number;
  readonly readerPort: number;
  /** Emulated server version and name (`7.2.4`, `valkey`). */
  readonly version: string;
  readonly serverName: string;
  /** Replication offset the virtual nodes report. */
  readonly offset: () => number;
}

export class VirtualNode {
  public readonly topology = new ClusterTopology('ip');
  public readonly id: string;
  private readonly server: ValkeyServer;
  private readonly client: Client;

  constructor(options: VirtualNodeOptions) {
    const name = options.model.serverlessCacheName;
    this.id = stableId(options.seed, `${name}/virtual/primary`);
    const shardId = stableId(options.seed, `${name}/virtual/shard`);
    const hostname = options.model.endpoint.hostname;
    this.topology.allowReadsWhenDown = true;
    this.topology.addNode({
      id: this.id,
      shardId,
      ip: options.host,
      port: options.port,
      hostname,
      tls: true,
      plain: false,
      role: 'master',
      configEpoch: 1,
      failed: false,
      offset: options.offset,
    });
    this.topology.addNode({
      id: stableId(options.seed, `${name}/virtual/replica`),
      shardId,
      ip: options.host,
      port: options.readerPort,
      hostname,
      tls: true,
      plain: false,
      role: 'replica',
      primaryId: this.id,
      configEpoch: 1,
      failed: false,
      offset: options.offset,
    });
    this.topology.assignSlots(this.id, [{ start: 0, end: 16383 }]);
    this.server = new ValkeyServer({
      port: options.port,
      bind: options.host,
      version: options.version,
      serverName: options.serverName,
      config: { 'cluster-enabled': 'yes' },
    });
    restrictToServerless(this.server);
    joinCluster(this.server, this.topology, this.id);
    this.client = this.server.createInternalClient();
  }

  /** Resolves a command as the cache's engines do (unknown commands and subcommands included). */
  public lookup(argv: readonly string[]): LookupResult {
    return this.server.commands.lookup(argv);
  }

  /** Runs a command on the virtual node and returns its reply in the connection's protocol. */
  public run(argv: string[], resp: number): Buffer {
    this.client.out.resp = resp;
    return this.server.runCommand(this.client, argv);
  }
}

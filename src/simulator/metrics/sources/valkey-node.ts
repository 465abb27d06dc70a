/**
 * Metrics of one Valkey / Redis OSS cache node, from its engine and its measured activity:
 *
 * - `EngineCPUUtilization`: busy time of the engine's one thread ÷ real time elapsed;
 * - memory: `BytesUsedForCache` = used_memory, `DatabaseMemoryUsagePercentage` = used_memory ÷
 *   maxmemory, `DatabaseMemoryUsageCountedForEvictPercentage` the same with the memory eviction counts;
 * - `CurrConnections`, `NewConnections` (Δ total_connections_received), `CurrItems`,
 *   `CurrVolatileItems`, `DB0AverageTTL`, `KeysTracked`;
 * - `CacheHits` / `CacheMisses` (Δ keyspace_hits / keyspace_misses) and `CacheHitRate`;
 * - `Evictions` (Δ evicted_keys), `Reclaimed` (Δ expired_keys);
 * - `<Type>Cmds` (Δ calls of the commands of each type, from the command table) and
 *   `<Type>CmdsLatency` (their engine microseconds per call);
 * - `AuthenticationFailures`, `CommandAuthorizationFailures`, `KeyAuthorizationFailures`,
 *   `ChannelAuthorizationFailures` (Δ acl_access_denied_auth / cmd / key / channel);
 * - replication: `IsMaster`, `ReplicationBytes` (primary: Δ replication offset × linked replicas),
 *   `ReplicationLag` and `MasterLinkHealthStatus` (replicas), `GlobalDatastoreReplicationLag`
 *   (the primary of a Global Datastore secondary: seconds behind the primary Region's primary);
 * - `SaveInProgress`: 1 when a snapshot read this node at any time in the period, else 0;
 * - and the host metrics of `host.ts`.
 */
import type { NodeTypeInfo } from '../../../catalog/types';
import type { Command, ValkeyServer } from '../../../engines/valkey';
import { CMD } from '../../../engines/valkey';
import { commandTypes } from '../../runtime/serverless/valkey/request-metering';
import type { NodeActivity } from '../node-activity';
import { savedBetween, SaveReading } from '../save-tracker';
import { busyPercent, CreditLedger, hostMetrics, HostReading, readHost } from './host';
import type { Derived, MetricSource } from './source';

/** What the collector needs to know about a Valkey node. */
export interface ValkeyNodeHandle {
  readonly cacheClusterId: string;
  readonly cacheNodeId: string;
  readonly nodeType: NodeTypeInfo | undefined;
  readonly activity: NodeActivity;
  server(): ValkeyServer | undefined;
  isPrimary(): boolean;
  /** Seconds this replica is behind its primary (undefined for primaries or without a link). */
  replicationLagSeconds(): number | undefined;
  /** Whether this replica's link to its primary is up (undefined for primaries). */
  linkUp(): boolean | undefined;
  /** Replicas linked to this primary. */
  linkedReplicas(): number;
  /** Replication stream offset of this node. */
  replicationOffset(): number;
  /** Snapshots reading this node (begun, ended, running now). */
  saves(): SaveReading;
  /** Seconds this node is behind the primary Region (a Global Datastore secondary's primary only). */
  globalReplicationLagSeconds(): number | undefined;
}

interface Reading {
  readonly server: ValkeyServer;
  readonly host: HostReading;
  readonly connections: number;
  readonly hits: number;
  readonly misses: number;
  readonly evicted: number;
  readonly expired: number;
  readonly denied: { readonly auth: number; readonly cmd: number; readonly key: number; readonly channel: number };
  readonly commands: ReadonlyMap<Command, { readonly calls: number; readonly usec: number }>;
  readonly offset: number;
  readonly primary: boolean;
  readonly saves: SaveReading;
}

const NO_DENIALS = { auth: 0, cmd: 0, key: 0, channel: 0 };

/** The command types a command counts under on a node: its data types, read/write, or `NonKeyTypeCmds`. */
export function nodeCommandTypes(cmd: Command): readonly string[] {
  const types = commandTypes(cmd);
  return cmd.hasKeys() || cmd.has(CMD.WRITE) ? types : [...types, 'NonKeyTypeCmds'];
}

export class ValkeyNodeSource implements MetricSource {
  private previous: Reading | undefined;
  private readonly credits: CreditLedger | undefined;

  constructor(private readonly node: ValkeyNodeHandle) {
    this.credits = CreditLedger.of(node.nodeType);
  }

  public get key(): string {
    return `${this.node.cacheClusterId}/${this.node.cacheNodeId}`;
  }

  public get dimensions(): Record<string, string> {
    return { CacheClusterId: this.node.cacheClusterId, CacheNodeId: this.node.cacheNodeId };
  }

  public get creditLedger(): CreditLedger | undefined {
    return this.credits;
  }

  private read(server: ValkeyServer): Reading {
    const commands = new Map<Command, { calls: number; usec: number }>();
    for (const cmd of server.commands.allCommands()) {
      if (cmd.calls > 0) commands.set(cmd, { calls: cmd.calls, usec: cmd.microseconds });
    }
    const st = server.stats;
    return {
      server,
      host: readHost(this.node.activity),
      connections: st.totalConnectionsReceived,
      hits: st.keyspaceHits,
      misses: st.keyspaceMisses,
      evicted: st.evictedKeys,
      expired: st.expiredKeys,
      denied: { ...(server.hooks.aclInfo?.() ?? NO_DENIALS) },
      commands,
      offset: this.node.replicationOffset(),
      primary: this.node.isPrimary(),
      saves: this.node.saves(),
    };
  }

  public sample(simulatedMs: number): Derived | undefined {
    const server = this.node.server();
    if (!server) {
      this.previous = undefined;
      return undefined;
    }
    const cur = this.read(server);
    const prev = this.previous;
    this.previous = cur;
    if (!prev) return undefined;
    // A restarted engine starts its counters from zero.
    const base = prev.server === server ? prev : undefined;
    const delta = (pick: (r: Reading) => number) => Math.max(0, pick(cur) - (base ? pick(base) : 0));
    const out: Derived = {};

    const used = server.usedMemory();
    const replicationOut = prev.primary && cur.primary && base ? Math.max(0, cur.offset - prev.offset) * this.node.linkedReplicas() : 0;
    const replicationIn = !cur.primary && !prev.primary ? Math.max(0, cur.offset - prev.offset) : 0;
    Object.assign(out, hostMetrics(prev.host, cur.host, this.node.activity, this.node.nodeType, {
      usedMemoryBytes: used, replicationBytesIn: replicationIn, replicationBytesOut: replicationOut,
    }));
    out.EngineCPUUtilization = busyPercent(prev.host, cur.host);
    if (this.credits) this.credits.account(cur.host.busyNanos - prev.host.busyNanos, simulatedMs);

    out.BytesUsedForCache = used;
    if (server.maxmemory > 0) {
      out.DatabaseMemoryUsagePercentage = (used / server.maxmemory) * 100;
      out.DatabaseMemoryUsageCountedForEvictPercentage = (server.usedMemoryForEviction() / server.maxmemory) * 100;
    }
    out.CurrConnections = server.clients.size;
    out.NewConnections = delta((r) => r.connections);
    let volatile = 0;
    for (const db of server.dbs) volatile += db.expires.size;
    out.CurrItems = server.totalKeys();
    out.CurrVolatileItems = volatile;
    out.DB0AverageTTL = Math.round(server.dbs[0]?.avgTtl ?? 0);
    const tracking = server.hooks.trackingInfo?.();
    if (tracking) out.KeysTracked = tracking.keys;

    const hits = delta((r) => r.hits);
    const misses = delta((r) => r.misses);
    out.CacheHits = hits;
    out.CacheMisses = misses;
    if (hits + misses > 0) out.CacheHitRate = (hits / (hits + misses)) * 100;
    out.Evictions = delta((r) => r.evicted);
    out.Reclaimed = delta((r) => r.expired);
    out.AuthenticationFailures = delta((r) => r.denied.auth);
    out.CommandAuthorizationFailures = delta((r) => r.denied.cmd);
    out.KeyAuthorizationFailures = delta((r) => r.denied.key);
    out.ChannelAuthorizationFailures = delta((r) => r.denied.channel);
    Object.assign(out, commandTypeMetrics(cur.commands, base?.commands));

    out.SaveInProgress = savedBetween(prev.saves, cur.saves) ? 1 : 0;
    out.IsMaster = cur.primary ? 1 : 0;
    if (cur.primary) {
      out.ReplicationBytes = replicationOut;
      const globalLag = this.node.globalReplicationLagSeconds();
      if (globalLag !== undefined) out.GlobalDatastoreReplicationLag = globalLag;
    } else {
      const lag = this.node.replicationLagSeconds();
      if (lag !== undefined) out.ReplicationLag = lag;
      out.MasterLinkHealthStatus = this.node.linkUp() ? 1 : 0;
    }
    return out;
  }
}

/** `<Type>Cmds` counts and `<Type>CmdsLatency` (engine µs per call) over the commands run since `before`. */
function commandTypeMetrics(
  now: ReadonlyMap<Command, { calls: number; usec: number }>,
  before: ReadonlyMap<Command, { calls: number; usec: number }> | undefined,
): Derived {
  const totals = new Map<string, { calls: number; usec: number }>();
  for (const [cmd, cur] of now) {
    const prev = before?.get(cmd);
    const calls = cur.calls - (prev?.calls ?? 0);
    if (calls <= 0) continue;
    const usec = cur.usec - (prev?.usec ?? 0);
    for (const type of nodeCommandTypes(cmd)) {
      const t = totals.get(type) ?? { calls: 0, usec: 0 };
      t.calls += calls;
      t.usec += usec;
      totals.set(type, t);
    }
  }
  const out: Derived = {};
  for (const [type, t] of totals) {
    out[type] = t.calls;
    out[`${type}Latency`] = t.usec / t.calls;
  }
  return out;
}

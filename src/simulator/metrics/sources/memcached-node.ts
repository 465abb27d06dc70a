/**
 * Metrics of one Memcached cache node, from its engine's `stats` and its measured activity: the
 * documented engine metrics map to `stats` fields (counters as differences since the previous
 * reading, gauges as they are), `NewConnections` and `NewItems` are the differences of
 * total_connections and total_items, `UnusedMemory` is limit_maxbytes − bytes, the Auto Discovery
 * metrics (`CmdConfigGet`, `CmdConfigSet` as differences, `CurrConfig`) come from the engine's
 * discovery counters, and the host metrics from `host.ts` (the engine holds bytes + hash_bytes).
 */
import type { NodeTypeInfo } from '../../../catalog/types';
import type { MemcachedServer } from '../../../engines/memcached';
import { MEMCACHED_STAT_COUNTERS, MEMCACHED_STAT_GAUGES } from '../catalog';
import type { NodeActivity } from '../node-activity';
import { CreditLedger, hostMetrics, HostReading, readHost } from './host';
import type { Derived, MetricSource } from './source';

export interface MemcachedNodeHandle {
  readonly cacheClusterId: string;
  readonly cacheNodeId: string;
  readonly nodeType: NodeTypeInfo | undefined;
  readonly activity: NodeActivity;
  server(): MemcachedServer | undefined;
}

interface Reading {
  readonly server: MemcachedServer;
  readonly host: HostReading;
  readonly stats: Readonly<Record<string, string>>;
  readonly discovery: ReturnType<MemcachedServer['discoveryStats']>;
}

const num = (stats: Readonly<Record<string, string>>, name: string) => Number(stats[name] ?? 0);

export class MemcachedNodeSource implements MetricSource {
  public readonly creditLedger: CreditLedger | undefined;
  private previous: Reading | undefined;

  constructor(private readonly node: MemcachedNodeHandle) {
    this.creditLedger = CreditLedger.of(node.nodeType);
  }

  public get key(): string {
    return `${this.node.cacheClusterId}/${this.node.cacheNodeId}`;
  }

  public get dimensions(): Record<string, string> {
    return { CacheClusterId: this.node.cacheClusterId, CacheNodeId: this.node.cacheNodeId };
  }

  public sample(simulatedMs: number): Derived | undefined {
    const server = this.node.server();
    if (!server) {
      this.previous = undefined;
      return undefined;
    }
    const cur: Reading = { server, host: readHost(this.node.activity), stats: server.stats(), discovery: server.discoveryStats() };
    const prev = this.previous;
    this.previous = cur;
    if (!prev) return undefined;
    const base = prev.server === server ? prev.stats : undefined;
    const out: Derived = {};
    const used = num(cur.stats, 'bytes') + num(cur.stats, 'hash_bytes');
    Object.assign(out, hostMetrics(prev.host, cur.host, this.node.activity, this.node.nodeType, { usedMemoryBytes: used }));
    this.creditLedger?.account(cur.host.busyNanos - prev.host.busyNanos, simulatedMs);
    for (const [metric, stat] of Object.entries(MEMCACHED_STAT_COUNTERS)) {
      if (cur.stats[stat] === undefined) continue;
      out[metric] = Math.max(0, num(cur.stats, stat) - (base ? num(base, stat) : 0));
    }
    for (const [metric, stat] of Object.entries(MEMCACHED_STAT_GAUGES)) {
      if (cur.stats[stat] !== undefined) out[metric] = num(cur.stats, stat);
    }
    out.UnusedMemory = Math.max(0, num(cur.stats, 'limit_maxbytes') - num(cur.stats, 'bytes'));
    const before = prev.server === server ? prev.discovery : { configGets: 0, configSets: 0 };
    out.CmdConfigGet = cur.discovery.configGets - before.configGets;
    out.CmdConfigSet = cur.discovery.configSets - before.configSets;
    out.CurrConfig = cur.discovery.currConfig;
    return out;
  }
}

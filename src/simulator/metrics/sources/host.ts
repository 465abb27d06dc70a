/**
 * Host-level metrics of a cache node, from its measured activity between two readings:
 *
 * - `CPUUtilization`: engine busy time ÷ (real time elapsed × the node type's vCPUs);
 * - `NetworkBytesIn/Out`, `NetworkPacketsIn/Out`: bytes on the node's connections (packets
 *   estimated as 1448-byte segments), plus replication traffic the caller adds;
 * - `NetworkMaxBytesIn/Out`, `NetworkMaxPacketsIn/Out`: the busiest second since the last reading;
 * - `NetworkBandwidthIn/OutAllowanceExceeded`: packets above the node type's burst bandwidth in
 *   each second (never, unless a node type's documented bandwidth is exceeded);
 * - `FreeableMemory` and `SwapUsage`: the node type's memory minus what the engine uses, and what
 *   the engine uses beyond it;
 * - `CPUCreditUsage` / `CPUCreditBalance` (T3 and T4g): 1 credit = 60 s of vCPU time used; credits
 *   are earned at the node size's documented rate and capped at 24 hours of earnings.
 */
import type { NodeTypeInfo } from '../../../catalog/types';
import type { NodeActivity } from '../node-activity';

const GIB = 1024 * 1024 * 1024;
const SEGMENT_BYTES = 1448;

/** Credits earned per hour by burstable node size (ElastiCache User Guide, burstable credits table). */
const CREDITS_PER_HOUR: Readonly<Record<string, number>> = { micro: 12, small: 24, medium: 24 };

/** A reading of a node's activity. */
export interface HostReading {
  /** performance.now() when read. */
  readonly realMs: number;
  /** The reading's mark in the node's per-second traffic (`NodeActivity.cut`). */
  readonly mark: number;
  readonly busyNanos: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly packetsIn: number;
  readonly packetsOut: number;
}

export function readHost(activity: NodeActivity): HostReading {
  return {
    realMs: performance.now(),
    mark: activity.cut(),
    busyNanos: activity.busyNanos,
    bytesIn: activity.bytesIn,
    bytesOut: activity.bytesOut,
    packetsIn: activity.packetsIn,
    packetsOut: activity.packetsOut,
  };
}

/** vCPUs of a node type: documented, else Memcached's `num_threads` (ElastiCache sets it to the vCPUs). */
export function vcpusOf(nodeType: NodeTypeInfo | undefined): number | undefined {
  return nodeType?.vCpus ?? nodeType?.memcachedNumThreads;
}

/** Share of one engine thread that was busy, in percent. */
export function busyPercent(prev: HostReading, cur: HostReading): number {
  const elapsedNanos = (cur.realMs - prev.realMs) * 1e6;
  if (elapsedNanos <= 0) return 0;
  return Math.min(100, ((cur.busyNanos - prev.busyNanos) / elapsedNanos) * 100);
}

export interface HostExtras {
  /** Bytes the node sent or received for replication (not on client connections). */
  readonly replicationBytesIn?: number;
  readonly replicationBytesOut?: number;
  /** Bytes the engine holds now. */
  readonly usedMemoryBytes: number;
}

/** The host metrics between two readings (names → values; absent when not computable). */
export function hostMetrics(
  prev: HostReading, cur: HostReading, activity: NodeActivity, nodeType: NodeTypeInfo | undefined, extras: HostExtras,
): Record<string, number> {
  const out: Record<string, number> = {};
  const vcpus = vcpusOf(nodeType);
  if (vcpus) out.CPUUtilization = busyPercent(prev, cur) / vcpus;
  const replIn = extras.replicationBytesIn ?? 0;
  const replOut = extras.replicationBytesOut ?? 0;
  out.NetworkBytesIn = cur.bytesIn - prev.bytesIn + replIn;
  out.NetworkBytesOut = cur.bytesOut - prev.bytesOut + replOut;
  out.NetworkPacketsIn = cur.packetsIn - prev.packetsIn + Math.ceil(replIn / SEGMENT_BYTES);
  out.NetworkPacketsOut = cur.packetsOut - prev.packetsOut + Math.ceil(replOut / SEGMENT_BYTES);
  const seconds = activity.secondsBetween(prev.mark, cur.mark);
  out.NetworkMaxBytesIn = Math.max(0, ...seconds.map((s) => s.bytesIn));
  out.NetworkMaxBytesOut = Math.max(0, ...seconds.map((s) => s.bytesOut));
  out.NetworkMaxPacketsIn = Math.max(0, ...seconds.map((s) => s.packetsIn));
  out.NetworkMaxPacketsOut = Math.max(0, ...seconds.map((s) => s.packetsOut));
  const burstGbps = nodeType?.burstBandwidthGbps ?? nodeType?.baselineBandwidthGbps;
  if (burstGbps !== undefined) {
    const allowance = (burstGbps * 1e9) / 8;
    const shaped = (bytes: number) => Math.ceil(Math.max(0, bytes - allowance) / SEGMENT_BYTES);
    out.NetworkBandwidthInAllowanceExceeded = seconds.reduce((n, s) => n + shaped(s.bytesIn), 0);
    out.NetworkBandwidthOutAllowanceExceeded = seconds.reduce((n, s) => n + shaped(s.bytesOut), 0);
  }
  if (nodeType?.memoryGiB !== undefined) {
    const physical = nodeType.memoryGiB * GIB;
    out.FreeableMemory = Math.max(0, physical - extras.usedMemoryBytes);
    out.SwapUsage = Math.max(0, extras.usedMemoryBytes - physical);
  }
  return out;
}

/** CPU credits of a burstable node (T3 and T4g publish them; T2 does not). */
export class CreditLedger {
  /** The ledger of a node type, or undefined when it publishes no credit metrics. */
  public static of(nodeType: NodeTypeInfo | undefined): CreditLedger | undefined {
    if (!nodeType?.burstable || !['t3', 't4g'].includes(nodeType.family)) return undefined;
    const perHour = CREDITS_PER_HOUR[nodeType.name.split('.').pop() ?? ''];
    return perHour === undefined ? undefined : new CreditLedger(perHour);
  }

  /** Credits now (nodes start with none, as burstable instances launch without launch credits). */
  public balance = 0;
  private usedSincePublish = 0;
  private constructor(private readonly perHour: number) {}

  /** Most credits a node holds: 24 hours of earnings. */
  public get max(): number {
    return this.perHour * 24;
  }

  /** Accounts `busyNanos` of vCPU time used over `simulatedMs` of simulator time. */
  public account(busyNanos: number, simulatedMs: number): void {
    const used = busyNanos / 1e9 / 60;
    const earned = (this.perHour * simulatedMs) / 3_600_000;
    this.usedSincePublish += used;
    this.balance = Math.min(this.max, Math.max(0, this.balance + earned - used));
  }

  /** `CPUCreditUsage` since the last publication, and the balance; resets the usage. */
  public publish(): { CPUCreditUsage: number; CPUCreditBalance: number } {
    const figures = { CPUCreditUsage: this.usedSincePublish, CPUCreditBalance: this.balance };
    this.usedSincePublish = 0;
    return figures;
  }
}

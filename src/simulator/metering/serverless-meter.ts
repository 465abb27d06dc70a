/**
 * The meter of one serverless cache: every request is admitted (or throttled) against the
 * `ECPUPerSecond` maximum before it runs and charged its ECPUs after; counters, connections,
 * network bytes and latency samples feed the cache's metrics source.
 */
import type { AccessDenial } from './access-denials';
import type { CpuBaseline } from './cpu-baseline';
import { ecpuOf, EcpuBreakdown, RequestUsage } from './ecpu';
import { LatencyKind, LatencyRecorder, LatencySamples } from './latency';
import type { CommandTypeCounters, EngineFigures, ServerlessMetricsSnapshot, ServerlessMetricsSource } from './metrics-source';
import { EcpuThrottle, MonotonicClock } from './throttle';

export interface ServerlessMeterOptions {
  readonly clusterId: string;
  readonly engine: 'valkey' | 'redis' | 'memcached';
  /** `CacheUsageLimits.ECPUPerSecond.Maximum`. @default no maximum: nothing is throttled */
  readonly ecpuPerSecondMax?: number;
  /** `CacheUsageLimits.DataStorage.Maximum` in bytes (reported with the metrics). */
  readonly dataStorageMaxBytes?: number;
  /** Engine time of a simple GET/SET. @default none: the vCPU dimension is not charged */
  readonly cpuBaseline?: CpuBaseline;
  /** Reads the figures only the engines know. */
  readonly engineFigures: () => EngineFigures;
  readonly clock?: MonotonicClock;
}

/** One request that ran. */
export interface MeteredRequest {
  readonly usage: RequestUsage;
  /** Command types it counts under (`GetTypeCmds`, `StringBasedCmds`…). */
  readonly types: readonly string[];
  /** Set for successful reads and writes: their latency in microseconds. */
  readonly latency?: { readonly kind: LatencyKind; readonly micros: number };
}

interface MutableCounters {
  count: number;
  ecpus: number;
}

export class ServerlessMeter implements ServerlessMetricsSource {
  public readonly throttle: EcpuThrottle;
  private ecpus = 0;
  private commands = 0;
  private throttled = 0;
  private connectionsNow = 0;
  private connectionsTotal = 0;
  private bytesIn = 0;
  private bytesOut = 0;
  private readonly types = new Map<string, MutableCounters>();
  private readonly denials = { auth: 0, command: 0, key: 0, channel: 0 };
  private readonly latency = new LatencyRecorder();
  private dataStorageMaxBytes: number | undefined;

  constructor(private readonly options: ServerlessMeterOptions) {
    this.throttle = new EcpuThrottle(options.ecpuPerSecondMax, options.clock);
    this.dataStorageMaxBytes = options.dataStorageMaxBytes;
  }

  /** The cache's usage limits changed (ModifyServerlessCache): throttling and reported limits follow. */
  public setLimits(limits: { readonly ecpuPerSecondMax?: number; readonly dataStorageMaxBytes?: number }): void {
    this.throttle.setMaxPerSecond(limits.ecpuPerSecondMax);
    this.dataStorageMaxBytes = limits.dataStorageMaxBytes;
  }

  public get clusterId(): string {
    return this.options.clusterId;
  }

  /** Engine time of a simple GET/SET this meter charges the vCPU dimension against. */
  public get cpuBaseline(): CpuBaseline | undefined {
    return this.options.cpuBaseline;
  }

  /** True when a request may run; counts a throttled request otherwise. */
  public admit(): boolean {
    if (this.throttle.admit()) return true;
    this.throttled++;
    return false;
  }

  /** Charges a request that ran; returns its cost. */
  public record(request: MeteredRequest): EcpuBreakdown {
    const cost = ecpuOf(request.usage, this.options.cpuBaseline?.nanos);
    this.throttle.consume(cost.ecpu);
    this.ecpus += cost.ecpu;
    this.commands++;
    for (const type of request.types) {
      let counters = this.types.get(type);
      if (!counters) this.types.set(type, (counters = { count: 0, ecpus: 0 }));
      counters.count++;
      counters.ecpus += cost.ecpu;
    }
    if (request.latency) this.latency.record(request.latency.kind, request.latency.micros);
    return cost;
  }

  /** A failed authentication or an ACL refusal a client received. */
  public denied(kind: AccessDenial): void {
    this.denials[kind]++;
  }

  /** Client connections open now, and opened since the cache started. */
  public get connections(): { readonly current: number; readonly total: number } {
    return { current: this.connectionsNow, total: this.connectionsTotal };
  }

  public connectionOpened(): void {
    this.connectionsNow++;
    this.connectionsTotal++;
  }

  public connectionClosed(): void {
    this.connectionsNow--;
  }

  /** Bytes read from a client connection. */
  public received(bytes: number): void {
    this.bytesIn += bytes;
  }

  /** Bytes written to a client connection. */
  public sent(bytes: number): void {
    this.bytesOut += bytes;
  }

  public snapshot(): ServerlessMetricsSnapshot {
    const commandTypes: Record<string, CommandTypeCounters> = {};
    for (const [type, counters] of this.types) commandTypes[type] = { ...counters };
    return {
      ...this.options.engineFigures(),
      timestamp: new Date(),
      clusterId: this.options.clusterId,
      engine: this.options.engine,
      elastiCacheProcessingUnits: this.ecpus,
      totalCmdsCount: this.commands,
      throttledCmds: this.throttled,
      newConnections: this.connectionsTotal,
      currConnections: this.connectionsNow,
      networkBytesIn: this.bytesIn,
      networkBytesOut: this.bytesOut,
      commandTypes,
      accessDenials: { ...this.denials },
      limits: { ecpuPerSecondMax: this.throttle.maxPerSecond, dataStorageMaxBytes: this.dataStorageMaxBytes },
    };
  }

  public drainLatency(): LatencySamples {
    return this.latency.drain();
  }
}

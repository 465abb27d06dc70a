/**
 * ElastiCache Processing Units, as the pricing pages define them for serverless caches:
 *
 * - simple reads and writes cost 1 ECPU per kilobyte of data transferred (a GET of up to 1 KB is
 *   1 ECPU, a 3.2 KB SET is 3.2 ECPUs: the figure is fractional, never rounded);
 * - commands on several items cost one ECPU per item (a multiget of 3 items is 3 ECPUs);
 * - commands that take more vCPU time than a GET or SET are charged by their vCPU time relative
 *   to that GET/SET baseline;
 * - a request costs the highest of these dimensions, and at least 1 ECPU.
 *
 * What counts as "data transferred" is our reading of the docs: the bytes of the keys and values a
 * request carries (its arguments after the command name) plus the payload of its reply (bulk
 * strings and simple values, without the protocol's framing), with 1 KB = 1024 bytes.
 */

/** Bytes per kilobyte of transferred data. */
export const ECPU_KILOBYTE = 1024;

/** What one request did, as the meter sees it. */
export interface RequestUsage {
  /** Keys (or items) the request works on; 0 for requests without keys. */
  readonly items: number;
  /** Payload bytes of the request (keys and values, without the command name or framing). */
  readonly bytesIn: number;
  /** Payload bytes of the reply. */
  readonly bytesOut: number;
  /**
   * vCPU time of the request in nanoseconds (the process CPU time it took), for commands charged
   * by vCPU time (undefined for the simple reads and writes charged by data and items only).
   */
  readonly cpuNanos?: number;
}

/** The three dimensions of a request's cost, and the cost itself (their maximum, at least 1). */
export interface EcpuBreakdown {
  readonly items: number;
  readonly data: number;
  readonly cpu: number;
  readonly ecpu: number;
}

/**
 * ECPUs of one request. `baselineNanos` is the engine time of a simple GET/SET on this machine;
 * without it the vCPU dimension is not charged.
 */
export function ecpuOf(usage: RequestUsage, baselineNanos?: number): EcpuBreakdown {
  const data = (usage.bytesIn + usage.bytesOut) / ECPU_KILOBYTE;
  const cpu = usage.cpuNanos !== undefined && baselineNanos !== undefined && baselineNanos > 0 ? usage.cpuNanos / baselineNanos : 0;
  const items = Math.max(0, usage.items);
  return { items, data, cpu, ecpu: Math.max(1, items, data, cpu) };
}

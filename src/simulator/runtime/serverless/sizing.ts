/**
 * How big the simulated backing of a serverless cache is. ElastiCache scales serverless caches by
 * adding shards on its own; the simulator runs a fixed number of internal shards (2 by default;
 * enough to make routing, cross-shard commands and per-shard limits real) and turns the
 * `DataStorage` maximum into bytes with the model's definition of its gigabyte (the service's
 * decimal GB); tests may make it smaller to reach the limit without filling gigabytes.
 */
import type { ServerlessCacheModel } from '../../model';
import { BYTES_PER_DATA_STORAGE_GB } from '../../model/serverless-cache';

/** Options of the serverless runtime. */
export interface ServerlessRuntimeOptions {
  /** Internal shards behind each serverless cache. @default 2 */
  readonly shards?: number;
  /** Bytes a gigabyte of `CacheUsageLimits.DataStorage` stands for. @default 10^9 (the service's decimal gigabyte) */
  readonly bytesPerGigabyte?: number;
}

export interface ServerlessSizing {
  readonly shards: number;
  /** The `DataStorage` maximum in bytes (undefined: no maximum). */
  readonly dataStorageMaxBytes?: number;
  /** Bytes a gigabyte of `DataStorage` stands for (a changed maximum is converted the same way). */
  readonly bytesPerGigabyte: number;
}

export const DEFAULT_SHARDS = 2;
const MAX_SHARDS = 16;

export function sizingOf(model: ServerlessCacheModel, options: ServerlessRuntimeOptions): ServerlessSizing {
  const shards = options.shards ?? DEFAULT_SHARDS;
  if (!Number.isInteger(shards) || shards < 1 || shards > MAX_SHARDS) {
    throw new Error(`serverless runtime: shards must be an integer from 1 to ${MAX_SHARDS}; got ${shards}`);
  }
  const perGb = options.bytesPerGigabyte ?? BYTES_PER_DATA_STORAGE_GB;
  if (!(perGb > 0)) throw new Error(`serverless runtime: bytesPerGigabyte must be positive; got ${perGb}`);
  return { shards, dataStorageMaxBytes: dataStorageMaxBytes(model, perGb), bytesPerGigabyte: perGb };
}

/** The `DataStorage` maximum of a model in bytes (undefined: no maximum). */
export function dataStorageMaxBytes(model: ServerlessCacheModel, bytesPerGigabyte: number): number | undefined {
  const max = model.dataStorage?.maximum;
  return max === undefined ? undefined : Math.floor(max * bytesPerGigabyte);
}

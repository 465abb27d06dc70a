/**
 * What both serverless caches (Valkey / Redis OSS and Memcached) answer alike: node operations the
 * service does not offer for serverless caches, and the metering part of `describe()`.
 */
import type { ServerlessMeter } from '../../metering';
import { SimulationError } from '../types';

const NODE_OPERATIONS = {
  failover: 'ElastiCache manages its nodes and has no failover to test.',
  stop: 'it has no nodes to stop.',
  start: 'it has no nodes to start.',
};

/** The error a node operation on a serverless cache gets (serverless caches show no nodes). */
export function noNodesError(cacheId: string, operation: keyof typeof NODE_OPERATIONS): SimulationError {
  return new SimulationError('InvalidParameterCombination', `${cacheId} is a serverless cache: ${NODE_OPERATIONS[operation]}`);
}

/** Usage and limits of a serverless cache, for `describe()`. */
export function meteringSummary(meter: ServerlessMeter): Record<string, unknown> {
  const snapshot = meter.snapshot();
  return {
    elastiCacheProcessingUnits: snapshot.elastiCacheProcessingUnits,
    throttledCmds: snapshot.throttledCmds,
    bytesUsedForCache: snapshot.bytesUsedForCache,
    ecpuPerSecondMax: snapshot.limits.ecpuPerSecondMax,
    dataStorageMaxBytes: snapshot.limits.dataStorageMaxBytes,
  };
}

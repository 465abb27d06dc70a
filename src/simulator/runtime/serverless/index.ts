/**
 * The serverless runtime: `AWS::ElastiCache::ServerlessCache` resources run as a TLS endpoint and
 * a reader endpoint in front of internal engine shards, metered in ECPUs (Valkey / Redis OSS in
 * valkey/, Memcached in memcached/).
 */
import type { ServerlessMetricsSource } from '../../metering';
import type { ServerlessCacheModel } from '../../model';
import type { CacheRuntime, RunningCache } from '../types';
import { ServerlessMemcachedCache } from './memcached/serverless-memcached-cache';
import { ServerlessRuntimeOptions, sizingOf } from './sizing';
import { ServerlessValkeyCache } from './valkey/serverless-valkey-cache';

export type { ServerlessRuntimeOptions } from './sizing';
export { ServerlessMemcachedCache } from './memcached/serverless-memcached-cache';
export { ServerlessValkeyCache } from './valkey/serverless-valkey-cache';

/** The runtime of serverless caches (register it with `CacheRuntimeRegistry.register`). */
export function serverlessRuntime(options: ServerlessRuntimeOptions = {}): CacheRuntime<ServerlessCacheModel> {
  return {
    kind: 'serverless',
    start: (model, context) => {
      const sizing = sizingOf(model, options);
      return model.engine === 'memcached'
        ? new ServerlessMemcachedCache(model, context, sizing).start()
        : new ServerlessValkeyCache(model, context, sizing).start();
    },
  };
}

/** The metrics of a running serverless cache (undefined for other caches), for the CloudWatch layer. */
export function serverlessMetricsOf(cache: RunningCache): ServerlessMetricsSource | undefined {
  return cache instanceof ServerlessValkeyCache || cache instanceof ServerlessMemcachedCache ? cache.meter : undefined;
}

/**
 * The certificate of a cache: one server certificate for every hostname the cache publishes,
 * issued by the simulator's CA when the first TLS connection needs it.
 */
import type { CacheModel } from '../../model';
import type { SecureContextSource } from '../network/listener';
import type { RuntimeContext } from '../types';

/** Every hostname a cache publishes (its certificate covers them all). */
export function hostnamesOf(model: CacheModel): string[] {
  switch (model.kind) {
    case 'replication-group':
      return [
        model.primaryEndpoint?.hostname, model.readerEndpoint?.hostname, model.configurationEndpoint?.hostname,
        ...model.shards.flatMap((s) => [s.primary, ...s.replicas]).map((n) => n.endpoint.hostname),
      ].filter((h): h is string => h !== undefined);
    case 'memcached-cluster':
      return [model.configurationEndpoint.hostname, ...model.nodes.map((n) => n.endpoint.hostname)];
    case 'single-node-cluster':
      return [model.node.endpoint.hostname];
    case 'serverless':
      return [model.endpoint.hostname, model.readerEndpoint.hostname];
  }
}

/** The TLS context of a cache's listeners, or undefined without transit encryption. */
export function secureContextOf(model: CacheModel, context: RuntimeContext): SecureContextSource | undefined {
  if (!model.tls.enabled) return undefined;
  const hostnames = hostnamesOf(model);
  return () => context.tls.secureContext(hostnames);
}

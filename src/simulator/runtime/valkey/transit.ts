/**
 * In-transit encryption changes on a running Valkey / Redis OSS cache (ModifyReplicationGroup
 * `TransitEncryptionEnabled` / `TransitEncryptionMode`): every endpoint keeps its port and speaks
 * the new mode from the next connection on; moving to `required` closes the plain connections,
 * since the nodes then speak TLS only. The endpoints take the names the new model gives them (TLS
 * caches have other DNS names); while the mode is `preferred` the former names still resolve.
 */
import type { EndpointModel } from '../../model';
import type { Endpoint } from '../network/endpoint';
import { secureContextOf } from '../tls/cache-tls';
import type { RuntimeContext } from '../types';
import { transitOf, ValkeyCacheModel } from './node';

/** An endpoint of the running cache and its model in the changed cache model. */
export type EndpointChange = readonly [Endpoint, EndpointModel | undefined];

/** The endpoint model of a node in a cache model. */
export function nodeEndpointOf(model: ValkeyCacheModel, nodeName: string): EndpointModel | undefined {
  if (model.kind === 'single-node-cluster') return model.node.endpoint;
  return model.shards.flatMap((s) => [s.primary, ...s.replicas]).find((n) => n.cacheClusterId === nodeName)?.endpoint;
}

/** Switches the endpoints when the cache's transit mode changed; returns the plain connections closed. */
export function switchTransit(
  endpoints: readonly EndpointChange[], before: ValkeyCacheModel, after: ValkeyCacheModel, context: RuntimeContext,
): number {
  const mode = transitOf(after.tls);
  if (mode === transitOf(before.tls)) return 0;
  const secure = secureContextOf(after, context);
  let closed = 0;
  for (const [endpoint, model] of endpoints) {
    if (model) {
      const former = endpoint.model.hostname;
      const renamed = model.hostname !== former;
      endpoint.rename(model, mode !== 'preferred' ? [] : renamed ? [former] : endpoint.aliases);
    }
    closed += endpoint.setTransit(mode, secure);
  }
  return closed;
}

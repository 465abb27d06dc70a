/**
 * In-transit encryption changes on a running Valkey / Redis OSS cache (ModifyReplicationGroup
 * `TransitEncryptionEnabled` / `TransitEncryptionMode`): every endpoint keeps its port and speaks
 * the new mode from the next connection on; moving to `required` closes the plain connections,
 * since the nodes then speak TLS only.
 */
import type { Endpoint } from '../network/endpoint';
import { secureContextOf } from '../tls/cache-tls';
import type { RuntimeContext } from '../types';
import { transitOf, ValkeyCacheModel } from './node';

/** Switches the endpoints when the cache's transit mode changed; returns the plain connections closed. */
export function switchTransit(endpoints: readonly Endpoint[], before: ValkeyCacheModel, after: ValkeyCacheModel, context: RuntimeContext): number {
  const mode = transitOf(after.tls);
  if (mode === transitOf(before.tls)) return 0;
  const secure = secureContextOf(after, context);
  return endpoints.reduce((closed, endpoint) => closed + endpoint.setTransit(mode, secure), 0);
}

import { allEngineVersions, compareVersions, findEngineVersion } from '../../catalog/internal';
import type { EngineVersionInfo } from '../../catalog/internal';
import type { ResourceView } from '../template';
import { reject, REJECTIONS } from './service-errors';
import type { CacheEngine } from './types';

/** Engines a resource type accepts, lower-cased as the service stores them. */
export function engineOf<E extends CacheEngine>(resource: ResourceView, given: string | undefined, allowed: readonly E[], fallback?: E): E {
  const engine = (given ?? fallback ?? '').toLowerCase();
  if ((allowed as readonly string[]).includes(engine)) return engine as E;
  return reject(resource, REJECTIONS.invalidValue(`Invalid engine '${given}': ${resource.type} takes ${allowed.join(' or ')}.`), 'Engine');
}

/** The version the service creates when the template names none: the newest current one. */
function defaultVersion(engine: CacheEngine): EngineVersionInfo {
  const current = allEngineVersions(engine).filter((v) => !v.deprecated);
  return [...current].sort((a, b) => compareVersions(b.version, a.version))[0];
}

/**
 * The catalog's entry for `EngineVersion` as the service reads it: an exact version, or `N.x`;
 * for Valkey and Redis OSS 6 or later a patch version (`6.2.6`) is refused with the service's
 * message, since those versions are chosen by major.minor only.
 */
export function resolveEngineVersion(resource: ResourceView, engine: CacheEngine, requested: string | undefined): EngineVersionInfo {
  if (requested === undefined) return defaultVersion(engine);
  const parts = requested.split('.');
  if (engine !== 'memcached' && parts.length === 3 && /^\d+$/.test(parts[2]) && Number(parts[0]) >= 6) {
    reject(resource, REJECTIONS.patchVersionNotAllowed(requested, `${parts[0]}.${parts[1]}`), 'EngineVersion');
  }
  const exact = allEngineVersions(engine).find((v) => v.version === requested);
  if (exact) return exact;
  // `6.x`, `7.x`: the newest minor of a major (Redis OSS 6 and later, Valkey).
  const xMajor = /^(\d+)\.x$/.exec(requested);
  if (engine !== 'memcached' && xMajor && Number(xMajor[1]) >= 6) {
    const found = findEngineVersion(engine, requested);
    if (found) return found;
  }
  return reject(resource, REJECTIONS.unknownEngineVersion(requested, engine), 'EngineVersion');
}
